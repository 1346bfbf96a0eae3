"""Whatever the terminal, the output arrives whole: no crash, no traceback.

``TERM=dumb``, 0, 1 and 5000 columns, ``NO_COLOR``, ``FORCE_COLOR`` and locales that
are not UTF-8 (the C locale with and without Python's coercion to UTF-8, and a real
ISO-8859-1 locale) for ``triage`` in every format, ``questions`` and ``types``.
Each run is the installed command in a subprocess with its output piped.

The promises: exit 0, no traceback, output present and readable in the terminal's
own encoding; JSON identical whatever the terminal; Markdown identical on every
UTF-8 terminal; no escape codes with ``NO_COLOR``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pexpect
import pytest

from calcinosis_cli.render.registry import DOCUMENT_FORMATS as FORMATS

TIMEOUT = 20
ESCAPE = re.compile(rb"\x1b\[")

# Urgent, with measured values: the output holds every kind of character the
# program writes (box drawing, bullets, dashes, "×", "²", the urgent line).
URGENT = (
    "--kidney-failure",
    "yes",
    "--pain",
    "severe",
    "--skin-breakdown",
    "yes",
    "--calcium-value",
    "11.2",
    "--phosphate-value",
    "7.1",
    "--age-group",
    "adult",
)
ROUTINE = ("--procedure", "heel-sticks", "--age-group", "infant", "--calcium", "normal", "--phosphate", "normal")

COMMANDS: dict[str, tuple[str, ...]] = {
    **{f"triage-{fmt}": ("triage", "--no-input", "--format", fmt, *URGENT) for fmt in FORMATS},
    "triage-routine-panel": ("triage", "--no-input", *ROUTINE),
    "triage-json-flag": ("triage", "--no-input", "--json", *ROUTINE),
    "questions": ("questions",),
    "questions-json": ("questions", "--json"),
    "types": ("types",),
    "types-json": ("types", "--json"),
    "help": ("triage", "--help"),
}
LOCALE_COMMANDS = [*(f"triage-{fmt}" for fmt in FORMATS), "questions", "types", "types-json"]
JSON_COMMANDS = {"triage-json", "triage-json-flag", "questions-json", "types-json"}

# Variables that change how output looks; every run starts without them.
LOOKS = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES", "TERM")
LOCALE = ("LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE", "LOCPATH")


def error_lines(stderr: str) -> int:
    """How many messages: lines that start with "Error" (a quoted value cannot start a line)."""
    return sum(line.startswith("Error") for line in stderr.splitlines())


@pytest.fixture(scope="session")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An ISO-8859-1 locale: compiled with localedef where it is missing; else Python is
    told the same encoding through PYTHONIOENCODING."""
    wanted = {"LANG": "en_US.ISO-8859-1", "PYTHONUTF8": "0"}
    folder = tmp_path_factory.mktemp("locale")
    localedef = shutil.which("localedef")
    if localedef is not None:
        made = subprocess.run(
            [localedef, "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
            capture_output=True,
            timeout=60,
        )
        if made.returncode in (0, 1) and (folder / "en_US.ISO-8859-1").exists():
            env = {**wanted, "LOCPATH": str(folder)}
            if python_encoding(env) == "iso8859-1":
                return env
    return {**wanted, "PYTHONIOENCODING": "latin-1"}


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LOOKS and key not in LOCALE}
    env.update({"COLUMNS": "80", "LANG": "C.UTF-8"})
    env.update(extra)
    return env


def python_encoding(extra: Mapping[str, str]) -> str:
    return _python_encoding(tuple(sorted(extra.items())))


@cache
def _python_encoding(extra: tuple[tuple[str, str], ...]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, codecs; print(codecs.lookup(sys.stdout.encoding).name)"],
        capture_output=True,
        text=True,
        env=child_env(dict(extra)),
        timeout=TIMEOUT,
    )
    return done.stdout.strip()


def run_bytes(
    command: list[str], args: tuple[str, ...], extra: Mapping[str, str]
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [*command, *args], capture_output=True, stdin=subprocess.DEVNULL, env=child_env(extra), timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args} did not finish within {TIMEOUT} s with {dict(extra)}")


def in_process(invoke: Any, args: tuple[str, ...], env: Mapping[str, str]) -> subprocess.CompletedProcess[bytes]:
    """``invoke`` (in this process, same semantics as the installed command) as a finished process."""
    outcome = invoke(*args, env={name: None for name in LOOKS} | {"COLUMNS": "80", **env})
    assert outcome.exception is None, repr(outcome.exception)
    return subprocess.CompletedProcess(list(args), outcome.exit_code, outcome.stdout.encode(), outcome.stderr.encode())


@pytest.fixture(scope="session")
def baseline(invoke: Any) -> dict[str, bytes]:
    """What every command prints on an ordinary 80-column UTF-8 pipe."""
    outputs = {}
    for name, args in COMMANDS.items():
        done = in_process(invoke, args, {})
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        outputs[name] = done.stdout
    return outputs


def check(done: subprocess.CompletedProcess[bytes], name: str, encoding: str = "utf-8") -> str:
    """Exit 0, no traceback, output present and written in ``encoding``."""
    stderr = done.stderr.decode(encoding, "replace")
    assert done.returncode == 0, f"{name}: exit {done.returncode}: {stderr[-1500:]}"
    assert b"Traceback" not in done.stdout and "Traceback" not in stderr, stderr[-3000:]
    assert done.stdout.strip(), f"{name}: no output"
    try:
        text = done.stdout.decode(encoding)
    except UnicodeDecodeError as error:
        if name not in JSON_COMMANDS:
            pytest.fail(f"{name}: the output is not {encoding}, the terminal's encoding: {error}")
        text = done.stdout.decode("utf-8")  # JSON may be UTF-8 whatever the terminal (RFC 8259)
    if name in JSON_COMMANDS:
        json.loads(text)
    return text


# --- colour, width and terminal type -------------------------------------------------

UTF8_TERMINALS: dict[str, dict[str, str]] = {
    "TERM=dumb": {"TERM": "dumb"},
    "COLUMNS=0": {"COLUMNS": "0"},
    "COLUMNS=1": {"COLUMNS": "1"},
    "COLUMNS=5000": {"COLUMNS": "5000"},
    "NO_COLOR": {"NO_COLOR": "1", "TERM": "xterm-256color"},
    "FORCE_COLOR": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "FORCE_COLOR+TERM=dumb+COLUMNS=1": {"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "1"},
}


@pytest.mark.parametrize("terminal", list(UTF8_TERMINALS))
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_prints_whole_on_any_utf8_terminal(
    invoke: Any, baseline: dict[str, bytes], terminal: str, name: str
) -> None:
    env = UTF8_TERMINALS[terminal]
    done = in_process(invoke, COMMANDS[name], env)
    text = check(done, name)
    if name in JSON_COMMANDS or name == "triage-markdown":
        assert done.stdout == baseline[name], f"{name} changes with {terminal}"
    if "NO_COLOR" in env:
        assert not ESCAPE.search(done.stdout), f"{name}: escape codes despite NO_COLOR"
    if name.startswith("triage-") and name not in JSON_COMMANDS:
        flat = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
        assert "not medical advice" in flat, f"{name}: no disclaimer with {terminal}"


@pytest.mark.parametrize("terminal", ["TERM=dumb", "COLUMNS=0", "COLUMNS=1", "COLUMNS=5000"])
@pytest.mark.parametrize("name", ["triage-panel", "types"])
def test_the_installed_command_prints_whole_on_odd_terminals(
    calcinosis_command: list[str], baseline: dict[str, bytes], terminal: str, name: str
) -> None:
    done = run_bytes(calcinosis_command, COMMANDS[name], UTF8_TERMINALS[terminal])
    check(done, name)
    if name in JSON_COMMANDS or name == "triage-markdown":
        assert done.stdout == baseline[name], f"{name} changes with {terminal}"


@pytest.mark.parametrize("columns", ["0", "1", "5", "19", "5000"])
def test_no_width_prints_an_empty_result(calcinosis_command: list[str], columns: str) -> None:
    """An urgent result says so, in words, at any width; and the disclaimer is there."""
    done = run_bytes(calcinosis_command, COMMANDS["triage-panel"], {"COLUMNS": columns})
    assert done.returncode == 0
    flat = " ".join(done.stdout.decode("utf-8").replace("│", " ").split())
    assert "URGENT: get medical care today" in flat, flat[:300]
    assert "not medical advice" in flat


def test_force_color_colours_the_panel_and_nothing_else(calcinosis_command: list[str]) -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    panel = run_bytes(calcinosis_command, COMMANDS["triage-panel"], env)
    assert ESCAPE.search(panel.stdout)
    for name in ("triage-json", "triage-markdown", "questions-json", "types-json"):
        assert not ESCAPE.search(run_bytes(calcinosis_command, COMMANDS[name], env).stdout), name


# --- locales that are not UTF-8 --------------------------------------------------------

ASCII_C = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def non_utf8_terminals(latin1: dict[str, str]) -> dict[str, tuple[dict[str, str], str]]:
    """name: (environment, the encoding the output must be in; JSON may also be UTF-8)."""
    return {
        "LC_ALL=C": ({"LC_ALL": "C"}, "utf-8"),  # Python coerces the C locale to UTF-8
        "LC_ALL=C, no coercion": (ASCII_C, "ascii"),
        "ISO-8859-1": (latin1, "iso8859-1"),
        "ISO-8859-1, TERM=dumb, NO_COLOR": ({**latin1, "TERM": "dumb", "NO_COLOR": "1"}, "iso8859-1"),
    }


@pytest.mark.parametrize(
    ("terminal", "name"),
    [
        *(
            (terminal, name)
            for terminal in ("LC_ALL=C", "LC_ALL=C, no coercion", "ISO-8859-1")
            for name in LOCALE_COMMANDS
        ),
        ("ISO-8859-1, TERM=dumb, NO_COLOR", "triage-panel"),
        ("ISO-8859-1, TERM=dumb, NO_COLOR", "types"),
    ],
)
def test_every_command_prints_whole_in_a_locale_that_is_not_utf8(
    calcinosis_command: list[str], latin1_locale: dict[str, str], baseline: dict[str, bytes], terminal: str, name: str
) -> None:
    env, encoding = non_utf8_terminals(latin1_locale)[terminal]
    assert python_encoding(env) == encoding, f"the test environment {env} does not give {encoding}"
    done = run_bytes(calcinosis_command, COMMANDS[name], env)
    text = check(done, name, encoding)
    if name in JSON_COMMANDS:
        assert json.loads(text) == json.loads(baseline[name]), f"{name}: different data in {terminal}"
    if name.startswith("triage-") and name not in JSON_COMMANDS:
        flat = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
        assert "not medical advice" in flat
        if name != "triage-routine-panel":
            assert "11.2" in flat and "7.1" in flat, f"{name}: the measured values are missing"


def test_error_messages_survive_an_ascii_locale(calcinosis_command: list[str]) -> None:
    done = run_bytes(calcinosis_command, ("triage", "--no-input", "--site", "fàce→"), ASCII_C)
    assert done.returncode == 2
    stderr = done.stderr.decode("ascii", "replace")
    assert "--site" in stderr and "Traceback" not in stderr


# --- a terminal that says it is one ----------------------------------------------------


def test_a_dumb_pseudo_terminal_gets_a_plain_panel(calcinosis_command: list[str], tmp_path: Path) -> None:
    env = child_env({"TERM": "dumb"})
    child = pexpect.spawn(
        calcinosis_command[0],
        [*calcinosis_command[1:], *COMMANDS["triage-panel"]],
        env=env,
        timeout=TIMEOUT,
        dimensions=(24, 80),
    )
    child.expect(pexpect.EOF)
    child.close()
    output = (child.before or b"").decode("utf-8", "replace")
    assert child.exitstatus == 0, output[-1500:]
    assert "Traceback" not in output
    assert "not medical advice" in " ".join(output.split())


# --- standard streams that are closed or full -------------------------------------------

TRIAGE_JSON = ("triage", "--no-input", "--json", *ROUTINE)


def run_with_shell_redirect(
    command: list[str], args: tuple[str, ...], redirect: str
) -> subprocess.CompletedProcess[bytes]:
    """Run the command with a shell redirection such as ``<&-`` (standard input closed)."""
    return subprocess.run(
        ["/bin/sh", "-c", f'exec "$@" {redirect}', "sh", *command, *args],
        capture_output=redirect.startswith("<"),
        stderr=None if redirect.startswith("<") else subprocess.PIPE,
        env=child_env({}),
        timeout=TIMEOUT,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("triage", "--no-input", "--json", "--answers", "-"),
        ("batch",),
        ("batch", "-"),
    ],
)
def test_a_closed_standard_input_is_one_clear_refusal(calcinosis_command: list[str], args: tuple[str, ...]) -> None:
    done = run_with_shell_redirect(calcinosis_command, args, "<&-")
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-1500:]
    assert done.returncode == 2, stderr
    assert error_lines(stderr) == 1 and ("--answers" in stderr or "FILE" in stderr or "input" in stderr)


@pytest.mark.parametrize(
    "args",
    [TRIAGE_JSON, ("triage", "--no-input", "--format", "markdown"), ("triage", "--no-input"), ("questions", "--json")],
)
@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
def test_standard_output_closed_or_full_is_one_message_not_a_traceback(
    calcinosis_command: list[str], args: tuple[str, ...], redirect: str
) -> None:
    done = run_with_shell_redirect(calcinosis_command, args, redirect)
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-1500:]
    assert done.returncode in (1, 2), f"exit {done.returncode}: nothing could be written, yet no failure"
    assert error_lines(stderr) == 1, stderr
