"""Every shell example in README.md and docs/*.md runs, as written, with the real program.

A fenced block is a shell example when its language is ``sh``, ``bash``, ``shell`` or
``console``, or when it is a ``text`` block that starts with ``$ `` (a command and what
it prints, like the generated ``--help`` sections). In ``console`` and ``$`` blocks the
lines that start with ``$ `` are commands and the lines after one are what it prints;
in ``sh`` blocks every line is a command (a trailing ``\\`` continues it) and no output
is shown.

The commands of a block run one after the other with ``bash -o pipefail`` in a
temporary folder of their own that holds the files the examples name (``cases.jsonl``,
``cases.csv``), the installed ``calcinosis`` first on the PATH, standard input not a
terminal, at 80 columns and without colour. Each must end with status 0 (or the one
its block names), print no ``Error:`` and no traceback, print what the doc shows where
it shows something, and write the files it sends its output to.

Every command of a block must run ``calcinosis`` (nothing else is run). A block that is not an example of
using it (installing, developing, benchmarking) says so in an HTML comment just above
it, which this test reads::

    <!-- example: not run: installs the program into a new virtual environment -->

The same comment can also say ``exit N`` (the status the example ends with) or
``needs TOOL`` (a program the example pipes through, such as GNU parallel; where it
is missing the block is reported as skipped, with the reason), separated by ``;``.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import SUBPROCESS_TIMEOUT, subprocess_env

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELLS = {"sh", "bash", "shell", "console"}
FENCE = re.compile(r"^```([\w-]*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->$")
RUNS_CALCINOSIS = re.compile(r"(?:^|[\s|;&(])calcinosis(?:\s|$)")
DOC_ENV = {"COLUMNS": "80", "NO_COLOR": None, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}


@dataclass
class Command:
    line: int
    text: str
    shown: str | None = None  # what the doc shows it printing; None: nothing is shown


@dataclass
class Example:
    doc: Path
    line: int
    language: str
    commands: list[Command]
    not_run: str | None = None
    status: int = 0
    needs: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def directives(comment: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in (comment or "").split(";"):
        part = part.strip()
        if part.startswith("not run:"):
            found["not run"] = part.removeprefix("not run:").strip()
        elif m := re.fullmatch(r"exit (\d+)", part):
            found["exit"] = m.group(1)
        elif m := re.fullmatch(r"needs ([\w.-]+)", part):
            found["needs"] = " ".join(filter(None, (found.get("needs"), m.group(1))))
        elif part:
            raise AssertionError(f"unknown example directive {part!r} in {comment!r}")
    return found


def shell_commands(body: list[tuple[int, str]]) -> list[Command]:
    commands: list[Command] = []
    pending: tuple[int, str] | None = None
    for number, text in body:
        if pending is not None:
            pending = (pending[0], pending[1] + "\n" + text)
        elif text.strip() and not text.lstrip().startswith("#"):
            pending = (number, text)
        if pending is not None and not pending[1].endswith("\\"):
            commands.append(Command(*pending))
            pending = None
    assert pending is None, f"a command at line {body[0][0]} continues past the end of its block"
    return commands


def console_commands(body: list[tuple[int, str]]) -> list[Command]:
    commands: list[Command] = []
    for number, text in body:
        if text.startswith("$ "):
            commands.append(Command(number, text[2:], ""))
        else:
            assert commands, f"line {number}: output before any command"
            command = commands[-1]
            command.shown = (command.shown or "") + text + "\n"
    return commands


def examples(doc: Path) -> list[Example]:
    """The shell examples of one Markdown file."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    number = 0
    while number < len(lines):
        fence = FENCE.match(lines[number])
        if not fence:
            number += 1
            continue
        start, language = number, fence.group(1)
        number += 1
        body: list[tuple[int, str]] = []
        while not lines[number].startswith("```"):
            body.append((number + 1, lines[number]))
            number += 1
        number += 1
        is_console = language == "console" or (language == "text" and bool(body) and body[0][1].startswith("$ "))
        if language not in SHELLS and not is_console:
            continue
        before = next((lines[i].strip() for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        said = directives(m.group(1) if (m := DIRECTIVE.match(before)) else None)
        found.append(
            Example(
                doc,
                start + 1,
                language,
                console_commands(body) if is_console else shell_commands(body),
                not_run=said.get("not run"),
                status=int(said.get("exit", "0")),
                needs=said.get("needs", "").split(),
            )
        )
    return found


ALL = [example for doc in DOCS for example in examples(doc)]
RUN = [e for e in ALL if e.not_run is None]
NOT_RUN = [e for e in ALL if e.not_run is not None]


# --- what the doc examples need -----------------------------------------------------------------

CASES = [
    {"calcium": "high", "kidney_failure": "yes", "skin_breakdown": "yes", "pain": "severe", "site": "legs"},
    {"procedure": "heel-sticks", "age_group": "infant", "calcium": "normal", "phosphate": "normal"},
    {"tissue_damage": "acne", "calcium": "normal", "phosphate": "normal", "site": "face", "lesions": "few"},
    {"calcium_value": 11.8, "phosphate_value": 5.2, "units": "mg/dl", "age_group": "adult"},
]


def write_cases(folder: Path) -> None:
    """The files the examples read: the same cases as JSON Lines and as CSV."""
    with open(folder / "cases.jsonl", "w", encoding="utf-8") as jsonl:
        jsonl.writelines(json.dumps(case) + "\n" for case in CASES)
    columns = sorted({key for case in CASES for key in case})
    with open(folder / "cases.csv", "w", encoding="utf-8", newline="") as table:
        writer = csv.DictWriter(table, columns)
        writer.writeheader()
        writer.writerows(CASES)


def written_files(command: str) -> list[str]:
    """The files ``command`` sends its output to: ``> FILE``, ``--output FILE``, ``-o FILE``, ``--save FILE``."""
    words = shlex.split(command, comments=True)
    return [after for word, after in itertools.pairwise(words) if word in {">", "--output", "-o", "--save"}]


def run_example(example: Example, folder: Path, calcinosis: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_cases(folder)
    env = subprocess_env(DOC_ENV)
    env["PATH"] = os.pathsep.join([str(calcinosis.parent), env.get("PATH", "")])
    for command in example.commands:
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command.text],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=SUBPROCESS_TIMEOUT,
        )
        where = f"{example.doc.relative_to(ROOT)}:{command.line}: {command.text}"
        assert done.returncode == example.status, f"{where}\nexit {done.returncode}\n{done.stderr}"
        assert "Traceback" not in done.stderr, f"{where}\n{done.stderr}"
        if example.status == 0:
            assert "Error:" not in done.stderr, f"{where}\n{done.stderr}"
        if command.shown is not None:
            assert done.stdout.rstrip("\n") == command.shown.rstrip("\n"), f"{where}: the doc shows other output"
        for name in written_files(command.text):
            target = folder / name
            if not name.startswith("/dev/"):
                assert target.is_file() and target.stat().st_size > 0, f"{where}: {name} was not written"


@pytest.fixture(scope="module")
def calcinosis(calcinosis_command: list[str]) -> Path:
    script = Path(calcinosis_command[0])
    if script.name != "calcinosis":
        pytest.fail("the doc examples run the installed calcinosis script: pip install -e .")
    return script


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", RUN, ids=[e.id for e in RUN])
def test_the_example_runs_as_the_doc_says(example: Example, tmp_path: Path, calcinosis: Path) -> None:
    strays = [c.text for c in example.commands if not RUNS_CALCINOSIS.search(c.text)]
    if strays:  # never run what is not an example: it may install, or start the whole CI
        pytest.fail(f"{example.id}: not calcinosis: {strays}; mark the block <!-- example: not run: why -->")
    missing = [tool for tool in example.needs if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{example.id} needs {', '.join(missing)}, which this machine does not have")
    run_example(example, tmp_path, calcinosis)


def test_a_block_not_run_says_why_and_is_not_an_example_of_use() -> None:
    for example in NOT_RUN:
        assert example.not_run, example.id
        uses = [c.text for c in example.commands if RUNS_CALCINOSIS.search(c.text)]
        assert not uses, f"{example.id} is marked not run but runs calcinosis as a user does: {uses}"


def test_the_docs_have_the_examples_they_are_known_for() -> None:
    """The reader finds what is there (and a change that hides examples from it fails)."""
    by_doc = {doc.name: [e for e in RUN if e.doc == doc] for doc in DOCS}
    assert len([c for e in by_doc["README.md"] for c in e.commands]) >= 15
    assert by_doc["fhir.md"] and by_doc["scaling.md"]
    shown = [c for e in RUN for c in e.commands if c.shown]
    assert {c.text for c in shown} >= {"calcinosis --help", "calcinosis triage --help", "calcinosis types idiopathic"}


def test_the_reader_sees_through_a_wrong_example(tmp_path: Path, calcinosis: Path) -> None:
    """The checks can fail: a wrong status, other output and a file not written are each caught."""
    readme = ROOT / "README.md"
    wrong = {
        "exit 2": Example(readme, 1, "sh", [Command(1, "calcinosis triage --calcium banana")]),
        "other output": Example(readme, 1, "console", [Command(1, "calcinosis --version", "calcinosis 0.0.0\n")]),
        "not written": Example(
            readme, 1, "sh", [Command(1, "calcinosis --version | tr -d '[:print:]\\n' > empty.txt")]
        ),
    }
    for why, example in wrong.items():
        with pytest.raises(AssertionError, match=why):
            run_example(example, tmp_path / why.replace(" ", "-"), calcinosis)
    told = Example(readme, 1, "sh", [Command(1, "calcinosis triage --calcium banana")], status=2)
    run_example(told, tmp_path, calcinosis)
