"""Golden files: the program's output, byte for byte, so that a refactor can prove it
changed nothing (issue 12, "Pin the contract before moving a line").

Regenerate them from the current program (only when a change of output is intended,
and say so in the commit):

    .venv/bin/python scripts/update_golden.py

What is pinned, each file under ``tests/golden/``:

* ``triage/<case>.json``, ``.md``, ``.fhir.json``: ``triage --no-input`` with the
  arguments of each case of ``cases.json`` (case name -> arguments), as ``--json``,
  ``--format markdown`` and ``--format fhir``;
* ``batch/results.jsonl`` and ``batch/results.csv``: one ``batch`` run (``--jobs 1``)
  over ``batch-input.jsonl`` read from standard input, as JSON Lines and as CSV;
* ``questions.json``, ``questions.fhir.json``, ``types.json``, ``schema.json``;
* ``help/<command>.txt``: every ``--help`` text (root, triage, batch, questions,
  types, schema) at 80 columns.

The program runs in this process through Typer's ``CliRunner``, by
``calcinosis_cli.cli.main`` as the installed script does, with ``COLUMNS=80``,
``TERM=dumb`` and ``NO_COLOR=1`` and without the variables that force colour. The
``--help`` texts are the exception: they run the installed ``calcinosis`` in a
subprocess, because ``CliRunner`` forces Click's help width to 80 while the real
command at ``COLUMNS=80`` wraps at 78, and the files pin what a user sees.
Normalised before comparing (and before writing): the FHIR ``authored`` time of a
QuestionnaireResponse becomes ``<AUTHORED>``, and the package version in the
Questionnaire's ``version`` and in the canonical ``...|version`` becomes
``<VERSION>``, so that neither the clock nor a version bump churns the files.
Nothing else in these outputs depends on the date, the version or a path.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from calcinosis_cli import __version__, cli

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES_FILE = GOLDEN / "cases.json"
BATCH_INPUT = GOLDEN / "batch-input.jsonl"
UPDATE_COMMAND = ".venv/bin/python scripts/update_golden.py"

# The environment of every run: a fixed width, no colour, nothing that forces it.
ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": None,
    "TERM": "dumb",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "CLICOLOR_FORCE": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}

TRIAGE_FORMATS = {".json": ["--json"], ".md": ["--format", "markdown"], ".fhir.json": ["--format", "fhir"]}
HELP_COMMANDS = {"root": [], "triage": ["triage"], "batch": ["batch"], "questions": ["questions"]}
HELP_COMMANDS |= {"types": ["types"], "schema": ["schema"]}


class Golden(NamedTuple):
    """One pinned output: the file, the arguments, standard input and the exit status."""

    path: str  # relative to tests/golden
    args: tuple[str, ...]
    stdin: bytes | None = None
    exit_code: int = 0
    real_process: bool = False  # run the installed command in a subprocess


def cases() -> dict[str, list[str]]:
    loaded: dict[str, list[str]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return loaded


def goldens() -> list[Golden]:
    """Every golden file and the run that makes it."""
    runs = [
        Golden(f"triage/{name}{ending}", ("triage", "--no-input", *args, *flags))
        for name, args in cases().items()
        for ending, flags in TRIAGE_FORMATS.items()
    ]
    batch_input = BATCH_INPUT.read_bytes()
    # The input holds bad lines on purpose: error lines in the output, status 1.
    runs += [
        Golden("batch/results.jsonl", ("batch", "--jobs", "1", "-"), batch_input, 1),
        Golden("batch/results.csv", ("batch", "--jobs", "1", "--format", "csv", "-"), batch_input, 1),
        Golden("questions.json", ("questions", "--json")),
        Golden("questions.fhir.json", ("questions", "--format", "fhir")),
        Golden("types.json", ("types", "--json")),
        Golden("schema.json", ("schema",)),
    ]
    runs += [Golden(f"help/{name}.txt", (*args, "--help"), real_process=True) for name, args in HELP_COMMANDS.items()]
    return runs


INPUTS = {CASES_FILE.name, BATCH_INPUT.name}

AUTHORED = re.compile(r'("authored": ")[^"]*(")')
VERSION = re.compile(r'("version": "|\|)' + re.escape(__version__) + '"')


def normalise(text: str) -> str:
    """Take out what changes from run to run or release to release (see the module text)."""
    text = AUTHORED.sub(r"\1<AUTHORED>\2", text)
    return VERSION.sub(r'\1<VERSION>"', text)


class Outcome(NamedTuple):
    exit_code: int
    stdout: bytes
    stderr: bytes


def run_program(args: tuple[str, ...], stdin: bytes | None = None) -> Outcome:
    """Run ``calcinosis ARGS`` in this process, as the installed script does."""
    runner = CliRunner()
    with runner.isolation(input=stdin, env=ENV) as (out, err, _):
        saved_argv = sys.argv
        sys.argv = ["calcinosis", *args]
        code = 0
        try:
            cli.main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
        finally:
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        return Outcome(code, out.getvalue(), err.getvalue())


def installed_command() -> list[str]:
    """The ``calcinosis`` script of this environment (``python -m`` would change the
    program name that ``--help`` shows)."""
    script = Path(sys.executable).parent / ("calcinosis.exe" if os.name == "nt" else "calcinosis")
    assert script.is_file(), f"{script} is not installed: pip install -e '.[test]'"
    return [str(script)]


def run_installed(args: tuple[str, ...], stdin: bytes | None = None) -> Outcome:
    """Run the installed ``calcinosis ARGS`` in a subprocess, with the same environment."""
    merged = {**os.environ, **ENV}
    env = {key: value for key, value in merged.items() if value is not None}
    done = subprocess.run(
        [*installed_command(), *args], input=stdin or b"", capture_output=True, env=env, timeout=20, check=False
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def produce(golden: Golden) -> str:
    """The normalised output of one golden run; fails if the run itself went wrong."""
    outcome = (run_installed if golden.real_process else run_program)(golden.args, golden.stdin)
    where = f"calcinosis {' '.join(golden.args)}"
    stderr = outcome.stderr.decode("utf-8", "replace")
    assert outcome.exit_code == golden.exit_code, f"{where}: exit {outcome.exit_code}; stderr: {stderr}"
    assert not stderr, f"{where}: wrote to standard error: {stderr}"
    return normalise(outcome.stdout.decode("utf-8"))


def write_all(folder: Path = GOLDEN) -> Iterator[str]:
    """Write every golden file into ``folder`` from the current program, remove the
    ones no run makes any more, and yield what changed."""
    wanted = goldens()
    for golden in wanted:
        target = folder / golden.path
        text = produce(golden)
        old = target.read_bytes() if target.exists() else None
        if old != text.encode("utf-8"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            yield f"{'updated' if old is not None else 'created'} {target.relative_to(folder)}"
    for stale in sorted(set(stored_outputs(folder)) - {g.path for g in wanted}):
        (folder / stale).unlink()
        yield f"removed {stale}"


def stored_outputs(folder: Path = GOLDEN) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() not in INPUTS
    )


def difference(expected: str, actual: str, name: str) -> str:
    """A unified diff of the golden file against the output, shortened to 120 lines."""
    lines = list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/golden/{name} (golden)",
            f"tests/golden/{name} (program now)",
        )
    )
    shown = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines[:120])
    more = f"... {len(lines) - 120} more lines of diff\n" if len(lines) > 120 else ""
    return shown + more


def check(golden: Golden, folder: Path = GOLDEN) -> None:
    target = folder / golden.path
    if not target.exists():
        pytest.fail(f"tests/golden/{golden.path} is missing; make it with: {UPDATE_COMMAND}", pytrace=False)
    expected = target.read_bytes().decode("utf-8")
    actual = produce(golden)
    if actual != expected:
        pytest.fail(
            f"the output differs from tests/golden/{golden.path}"
            f" (calcinosis {' '.join(a if a.isprintable() else repr(a) for a in golden.args)}).\n"
            f"If the change is intended, regenerate with: {UPDATE_COMMAND}\n\n"
            + difference(expected, actual, golden.path),
            pytrace=False,
        )


GOLDENS = goldens()


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.path for g in GOLDENS])
def test_the_output_is_byte_for_byte_the_golden_file(golden: Golden) -> None:
    check(golden)


def test_every_stored_golden_file_is_made_by_a_run() -> None:
    stale = sorted(set(stored_outputs()) - {g.path for g in GOLDENS})
    assert not stale, f"golden files no run makes (remove them with {UPDATE_COMMAND}): {stale}"


def test_the_cases_are_a_few_dozen_varied_ones() -> None:
    pinned = cases()
    assert 30 <= len(pinned) <= 48
    assert all(isinstance(a, str) for args in pinned.values() for a in args)
    suggested = {
        json.loads((GOLDEN / f"triage/{name}.json").read_text("utf-8"))["suggested_type"]["id"] for name in pinned
    }
    assert {"calciphylaxis", "metastatic", "dystrophic", "iatrogenic", "idiopathic"} <= suggested


def test_a_changed_byte_fails_with_a_unified_diff(tmp_path: Path) -> None:
    golden = next(g for g in GOLDENS if g.path == "schema.json")
    copy = tmp_path / golden.path
    copy.write_bytes((GOLDEN / golden.path).read_bytes().replace(b"2020-12", b"2020-13", 1))
    with pytest.raises(pytest.fail.Exception) as failure:
        check(golden, tmp_path)
    message = str(failure.value)
    assert "differs from tests/golden/schema.json" in message
    assert "--- tests/golden/schema.json (golden)" in message
    assert "+++ tests/golden/schema.json (program now)" in message
    assert '-  "$schema": "https://json-schema.org/draft/2020-13/schema",' in message
    assert '+  "$schema": "https://json-schema.org/draft/2020-12/schema",' in message
    assert UPDATE_COMMAND in message


def test_normalising_takes_out_the_time_and_the_version_only() -> None:
    text = f'"authored": "2031-01-02T03:04:05+00:00",\n"version": "{__version__}",\n"x": "a|{__version__}"\n'
    assert normalise(text) == '"authored": "<AUTHORED>",\n"version": "<VERSION>",\n"x": "a|<VERSION>"\n'
    assert normalise('"schema_version": "1.1"') == '"schema_version": "1.1"'
