"""Shared fixtures for the command-line tests.

Two ways to run the program, both as a user meets it:

* ``invoke(*args, input=None, env=None)`` runs it in this process under Typer's
  ``CliRunner`` isolation, through ``calcinosis_cli.cli.main`` exactly as the
  installed ``calcinosis`` script does. ``runner.invoke(app, ...)`` is not enough:
  it calls the app in standalone mode, so our ``UsageError`` would surface as an
  exception with exit code 1 instead of the message and exit status 2 the real
  command gives. Fast, so it carries most of the tests.
* ``run(*args, input=None, env=None)`` starts the installed executable in a
  subprocess, with a timeout, for what only a real process shows (standard input
  that is not a terminal, colour decisions, ``python -m``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase
from typer.testing import CliRunner

from calcinosis_cli import cli

# Every failure hypothesis finds is kept here (ignored by git) and replayed first by the
# next run, wherever pytest is started from.
EXAMPLE_DATABASE = Path(__file__).resolve().parent.parent / ".hypothesis" / "examples"
settings.register_profile("calcinosis", database=DirectoryBasedExampleDatabase(str(EXAMPLE_DATABASE)))
settings.load_profile("calcinosis")

# Variables that change what the output looks like. Every run starts without them
# (and at 80 columns), so that the shell running the tests cannot change the outcome.
NEUTRAL_ENV: dict[str, str | None] = {
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "CLICOLOR_FORCE": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "COLUMNS": "80",
    "LINES": None,
}

SUBPROCESS_TIMEOUT = 20


@dataclass(frozen=True)
class Outcome:
    """What a user sees of one run: the exit status and the two streams."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None

    def json(self) -> Any:
        assert self.exit_code == 0, f"exit {self.exit_code}; stderr: {self.stderr}"
        return json.loads(self.stdout)


Invoke = Callable[..., Outcome]


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def invoke(runner: CliRunner) -> Invoke:
    """Run ``calcinosis ARGS`` in-process with the semantics of the installed script."""

    def _invoke(*args: str, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None) -> Outcome:
        exception: BaseException | None = None
        with runner.isolation(input=input, env={**NEUTRAL_ENV, **(env or {})}) as (out, err, _):
            saved_argv = sys.argv
            sys.argv = ["calcinosis", *args]
            code = 0
            try:
                cli.main()
            except SystemExit as exit_:
                if exit_.code is None:
                    code = 0
                elif isinstance(exit_.code, int):
                    code = exit_.code
                else:  # sys.exit("message") prints the message and exits 1
                    sys.stderr.write(f"{exit_.code}\n")
                    code = 1
            except Exception as error:  # the real script would die with a traceback
                exception = error
                sys.stderr.write("".join(traceback.format_exception(error)))
                code = 1
            finally:
                sys.argv = saved_argv
                sys.stdout.flush()
                sys.stderr.flush()
            stdout = out.getvalue().decode("utf-8", "replace")
            stderr = err.getvalue().decode("utf-8", "replace")
        return Outcome(code, stdout, stderr, exception)

    return _invoke


@pytest.fixture(scope="session")
def calcinosis_command() -> list[str]:
    """The installed ``calcinosis`` executable (or ``python -m calcinosis_cli``)."""
    script = Path(sys.executable).parent / "calcinosis"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "calcinosis_cli"]


Run = Callable[..., "subprocess.CompletedProcess[str]"]


def subprocess_env(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    merged: dict[str, str | None] = {**os.environ, **NEUTRAL_ENV, **(env or {})}
    return {key: value for key, value in merged.items() if value is not None}


@pytest.fixture(scope="session")
def run(calcinosis_command: list[str]) -> Run:
    """Run the installed command in a subprocess; a hang fails the test instead of blocking it."""

    def _run(
        *args: str,
        input: str | None = "",
        env: Mapping[str, str | None] | None = None,
        command: list[str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        argv = [*(command or calcinosis_command), *args]
        try:
            return subprocess.run(
                argv,
                input=input,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=SUBPROCESS_TIMEOUT,
                env=subprocess_env(env),
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{argv} did not finish within {SUBPROCESS_TIMEOUT} s (waiting for input?)")

    return _run


@pytest.fixture(scope="session")
def result_schema(invoke: Invoke) -> dict[str, Any]:
    """The JSON Schema that ``calcinosis schema`` prints."""
    schema: dict[str, Any] = invoke("schema").json()
    return schema


@pytest.fixture(scope="session")
def validate_result(result_schema: dict[str, Any]) -> Callable[[Any], None]:
    """Assert that a printed result validates against ``calcinosis schema``."""
    jsonschema.Draft202012Validator.check_schema(result_schema)
    validator = jsonschema.Draft202012Validator(result_schema)

    def _validate(result: Any) -> None:
        errors = sorted(validator.iter_errors(result), key=lambda e: list(e.absolute_path))
        assert not errors, "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])

    return _validate
