"""Shell completion of commands, flags and values, through the protocol the shells use.

The installed program is run as a subprocess, the way a shell's completion function
runs it: bash sets ``COMP_WORDS`` and ``COMP_CWORD``; zsh and fish (Typer's scripts)
set ``_TYPER_COMPLETE_ARGS`` to the command line so far; all three name the shell in
``_CALCINOSIS_COMPLETE``. The scripts are the ones ``calcinosis`` itself prints for
``--show-completion`` / ``--install-completion`` (``_CALCINOSIS_COMPLETE=source_SHELL``),
and the instruction each sends is read from its script, not assumed. bash, which the
test machine has, also runs its real script: the completion function fills
``COMPREPLY`` as it does on a user's TAB.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest
from conftest import SUBPROCESS_TIMEOUT, subprocess_env

from calcinosis_cli.batch import INPUT_FORMATS, OUTPUT_FORMATS
from calcinosis_cli.cli import FORMATS, QUESTIONS_FORMATS
from calcinosis_cli.knowledge import TYPE_IDS
from calcinosis_cli.questions import ALBUMIN_UNITS, QUESTIONS, QUESTIONS_BY_ID, UNITS

COMMANDS = ("triage", "questions", "types", "schema", "batch")


def complete_env(program: Sequence[str], **extra: str) -> dict[str, str]:
    """The test's environment, with ``calcinosis`` first on the PATH (the scripts call it by name)."""
    env = subprocess_env(extra)
    env["PATH"] = os.pathsep.join([str(Path(program[0]).parent), env.get("PATH", "")])
    return env


def completion_script(program: Sequence[str], shell: str) -> str:
    done = subprocess.run(
        program,
        env=complete_env(program, _CALCINOSIS_COMPLETE=f"source_{shell}"),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


@cache
def instruction(program: tuple[str, ...], shell: str) -> str:
    """What the shell's script sets ``_CALCINOSIS_COMPLETE`` to when it asks for completions."""
    found = re.search(r"_CALCINOSIS_COMPLETE=(\w+)", completion_script(program, shell))
    assert found, f"the {shell} script does not call calcinosis with _CALCINOSIS_COMPLETE"
    return found.group(1)


def ask(program: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(program, env=env, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return done.stdout


def bash_offers(program: list[str], words: Sequence[str]) -> list[str]:
    """What bash's protocol offers for the last of ``words`` (the word being completed)."""
    env = complete_env(
        program,
        COMP_WORDS=" ".join(shlex.quote(w) if w else "''" for w in words),
        COMP_CWORD=str(len(words) - 1),
        _CALCINOSIS_COMPLETE=instruction(tuple(program), "bash"),
    )
    return [line for line in ask(program, env).splitlines() if line]


def zsh_offers(program: list[str], line: str) -> list[str]:
    """What zsh's protocol offers for ``line`` (what is typed so far, before TAB)."""
    env = complete_env(program, _TYPER_COMPLETE_ARGS=line, _CALCINOSIS_COMPLETE=instruction(tuple(program), "zsh"))
    out = ask(program, env).strip()
    if out == "_files":  # nothing to offer: zsh falls back to file names
        return []
    found = re.fullmatch(r"_arguments '\*: :\(\((.*)\)\)'", out, re.S)
    assert found, f"not a zsh completion: {out!r}"
    # Each item is "value" or "value":"help"; values here never need zsh's escapes.
    return re.findall(r'^"([^"]*)"', found.group(1), re.M)


def fish_offers(program: list[str], line: str) -> list[str]:
    env = complete_env(
        program,
        _TYPER_COMPLETE_ARGS=line,
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _CALCINOSIS_COMPLETE=instruction(tuple(program), "fish"),
    )
    return [item.split("\t")[0] for item in ask(program, env).splitlines() if item]


@pytest.fixture(scope="module")
def program(calcinosis_command: list[str]) -> list[str]:
    if Path(calcinosis_command[0]).name != "calcinosis":
        pytest.fail(
            "the tests need the installed calcinosis script (pip install -e .): completion is keyed on its name"
        )
    return calcinosis_command


# --- values ---------------------------------------------------------------------------------

VALUE_CASES = [
    pytest.param(("triage", "--calcium"), QUESTIONS_BY_ID["calcium"].values, id="triage --calcium"),
    pytest.param(("triage", "--site"), QUESTIONS_BY_ID["site"].values, id="triage --site"),
    pytest.param(("triage", "--format"), FORMATS, id="triage --format"),
    pytest.param(("triage", "--units"), UNITS, id="triage --units"),
    pytest.param(("triage", "--albumin-units"), ALBUMIN_UNITS, id="triage --albumin-units"),
    pytest.param(("types",), TYPE_IDS, id="types TYPE"),
    pytest.param(("batch", "--format"), OUTPUT_FORMATS, id="batch --format"),
    pytest.param(("batch", "--input-format"), INPUT_FORMATS, id="batch --input-format"),
    pytest.param(("questions", "--format"), QUESTIONS_FORMATS, id="questions --format"),
]


@pytest.mark.parametrize(("before", "values"), VALUE_CASES)
def test_bash_completes_every_value_of_a_choice(
    program: list[str], before: tuple[str, ...], values: Sequence[str]
) -> None:
    assert bash_offers(program, ["calcinosis", *before, ""]) == list(values)


@pytest.mark.parametrize(("before", "values"), VALUE_CASES)
def test_zsh_completes_every_value_of_a_choice(
    program: list[str], before: tuple[str, ...], values: Sequence[str]
) -> None:
    assert zsh_offers(program, " ".join(["calcinosis", *before]) + " ") == list(values)


@pytest.mark.parametrize(("before", "values"), VALUE_CASES)
def test_fish_completes_every_value_of_a_choice(
    program: list[str], before: tuple[str, ...], values: Sequence[str]
) -> None:
    assert fish_offers(program, " ".join(["calcinosis", *before]) + " ") == list(values)


def test_every_answer_flag_completes_the_values_of_its_question(program: list[str]) -> None:
    for question in QUESTIONS:
        assert bash_offers(program, ["calcinosis", "triage", question.flag, ""]) == list(question.values), question.flag


def test_a_started_value_completes_to_the_values_it_starts_whatever_the_case(program: list[str]) -> None:
    assert bash_offers(program, ["calcinosis", "triage", "--site", "f"]) == ["face", "fingers"]
    assert bash_offers(program, ["calcinosis", "triage", "--calcium", "HI"]) == ["high"]
    assert bash_offers(program, ["calcinosis", "types", "calc"]) == ["calciphylaxis"]
    assert zsh_offers(program, "calcinosis triage --tissue-damage b") == ["burn"]
    assert fish_offers(program, "calcinosis batch --format c") == ["csv"]
    assert bash_offers(program, ["calcinosis", "triage", "--site", "nowhere"]) == []


def test_values_complete_after_other_answers_even_a_bad_one(program: list[str]) -> None:
    """Completion reads the line so far without judging it: a wrong earlier value
    is told when the command runs, not at TAB."""
    line = ["calcinosis", "triage", "--calcium", "high", "--pain", "banana", "--lesions", ""]
    assert bash_offers(program, line) == list(QUESTIONS_BY_ID["lesions"].values)


# --- commands and flags ---------------------------------------------------------------------


def test_commands_complete(program: list[str]) -> None:
    assert bash_offers(program, ["calcinosis", ""]) == list(COMMANDS)
    assert bash_offers(program, ["calcinosis", "t"]) == ["triage", "types"]
    assert zsh_offers(program, "calcinosis q") == ["questions"]
    assert fish_offers(program, "calcinosis ") == list(COMMANDS)


def test_flags_complete(program: list[str]) -> None:
    assert bash_offers(program, ["calcinosis", "triage", "--cal"]) == [
        "--calcium",
        "--calcium-supplements",
        "--calcium-value",
    ]
    assert fish_offers(program, "calcinosis batch --f") == ["--format", "--force", "--fields"]


def test_a_long_help_never_breaks_an_offer_in_two(program: list[str]) -> None:
    """zsh and fish show each flag's help beside it; a help wrapped onto a second line
    would reach the shell as one more thing to offer. What is offered for ``--`` is
    every flag ``--help`` lists, and nothing else."""
    help_text = subprocess.run(
        [*program, "triage", "--help"], env=complete_env(program), capture_output=True, text=True, check=True
    ).stdout
    flags = sorted(set(re.findall(r"^  (--[a-z-]+)", help_text, re.M)))
    assert len(flags) > len(QUESTIONS)
    assert sorted(fish_offers(program, "calcinosis triage --")) == flags
    assert sorted(zsh_offers(program, "calcinosis triage --")) == flags


def test_a_number_or_a_file_is_not_completed_with_made_up_values(program: list[str]) -> None:
    assert bash_offers(program, ["calcinosis", "triage", "--calcium-value", ""]) == []
    assert zsh_offers(program, "calcinosis triage --answers ") == []


# --- the real bash ----------------------------------------------------------------------------


def real_bash_offers(program: list[str], words: Sequence[str]) -> list[str]:
    """Load the script as a user's ~/.bashrc does, then do what TAB does: set
    COMP_WORDS and COMP_CWORD and call the function ``complete -F`` names."""
    bash = shutil.which("bash")
    assert bash, "bash is needed"
    array = " ".join(shlex.quote(w) for w in words)
    script = (
        'eval "$(_CALCINOSIS_COMPLETE=source_bash calcinosis)"\n'
        "function=$(complete -p calcinosis | sed -E 's/.* -F ([^ ]+) .*/\\1/')\n"
        f"COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}\n"
        '"$function" calcinosis\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script],
        env=complete_env(program),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_real_bash_completes_values_commands_and_flags(program: list[str]) -> None:
    assert real_bash_offers(program, ["calcinosis", "triage", "--calcium", ""]) == list(
        QUESTIONS_BY_ID["calcium"].values
    )
    assert real_bash_offers(program, ["calcinosis", "types", ""]) == list(TYPE_IDS)
    assert real_bash_offers(program, ["calcinosis", "batch", "--format", "f"]) == ["fhir", "fhir-bundle"]
    assert real_bash_offers(program, ["calcinosis", "sch"]) == ["schema"]
