"""The exit status of contract 1.1, whatever the state of the standard streams.

* A closed output pipe (the reader has gone: ``| head -c1``) stops every command at
  once, with nothing on stderr, and status 141; worker processes end silently.
* Without stderr (``2>&-``) the status is what it would have been: 2 for bad usage,
  0 for a saved report.
* Out of memory (``ulimit -v``), in the main process or in a worker: one message,
  status 2, no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SUBPROCESS_TIMEOUT, subprocess_env

from calcinosis_cli.batch.workers import can_fork

EXIT_BROKEN_PIPE = 1 if sys.platform == "win32" else 141
CASE = {"calcium": "high", "kidney_failure": "yes"}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More cases than a batch, so that ``--jobs 2`` forks its workers."""
    path = tmp_path_factory.mktemp("cases") / "cases.jsonl"
    path.write_text((json.dumps(CASE) + "\n") * 3000, encoding="utf-8")
    return path


def into_a_closed_pipe(command: list[str], *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run with standard output a pipe whose reader has already gone: every write fails."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [*command, *args],
            stdout=write,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            timeout=SUBPROCESS_TIMEOUT,
            env=subprocess_env(),
        )
    finally:
        os.close(write)


COMMANDS = {
    "triage panel": ("triage", "--no-input", "--calcium", "high"),
    "triage json": ("triage", "--no-input", "--json"),
    "triage markdown": ("triage", "--no-input", "--format", "markdown"),
    "triage fhir": ("triage", "--no-input", "--format", "fhir"),
    "questions": ("questions",),
    "questions json": ("questions", "--json"),
    "types": ("types",),
    "types json": ("types", "--json"),
    "schema": ("schema",),
    "version": ("--version",),
    "help": ("--help",),
    "triage help": ("triage", "--help"),
    "batch": ("batch", "CASES", "--jobs", "1"),
    "batch csv": ("batch", "CASES", "--format", "csv", "--jobs", "1"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_closed_output_pipe_is_status_141_and_nothing_on_stderr(
    calcinosis_command: list[str], cases: Path, name: str
) -> None:
    args = [str(cases) if arg == "CASES" else arg for arg in COMMANDS[name]]
    done = into_a_closed_pipe(calcinosis_command, *args)
    assert done.returncode == EXIT_BROKEN_PIPE, done.stderr
    assert done.stderr == b""


@pytest.mark.skipif(not can_fork(), reason="worker processes are forked")
def test_a_closed_pipe_downstream_of_workers_is_141_and_they_end_silently(
    calcinosis_command: list[str], cases: Path
) -> None:
    assert status_through_head(calcinosis_command, cases, "2") == (f"status {EXIT_BROKEN_PIPE}\n".encode(), b"")


def status_through_head(
    calcinosis_command: list[str], cases: Path, jobs: str, env: dict[str, str] | None = None
) -> tuple[bytes, bytes]:
    """``batch`` piped into ``head -c 100``, as a shell runs it: what the shell says of
    batch's exit status ("status N"), and batch's standard error."""
    command = " ".join(f"'{part}'" for part in calcinosis_command)
    shell = subprocess.run(
        [
            "bash",
            "-c",
            f"{command} batch '{cases}' --jobs {jobs} | head -c 100 >/dev/null; echo \"status ${{PIPESTATUS[0]}}\"",
        ],
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
        env=subprocess_env(env),
    )
    return shell.stdout, shell.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_gone_after_part_of_a_write_is_141_with_unbuffered_output(
    calcinosis_command: list[str], tmp_path: Path, jobs: str
) -> None:
    # Under PYTHONUNBUFFERED (python -u) standard output takes part of a large write
    # and says how much: the rest is written too, so the reader's absence shows.
    cases = tmp_path / "cases.jsonl"
    cases.write_text((json.dumps(CASE) + "\n") * 60, encoding="utf-8")  # some 600 KB of results, one write
    status = status_through_head(calcinosis_command, cases, jobs, {"PYTHONUNBUFFERED": "1"})
    assert status == (f"status {EXIT_BROKEN_PIPE}\n".encode(), b"")


# --- without stderr -------------------------------------------------------------------


def without_stderr(command: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*command, *args],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        timeout=SUBPROCESS_TIMEOUT,
        env=subprocess_env(),
        cwd=cwd,
        preexec_fn=lambda: os.close(2),  # as the shell's 2>&-
    )


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("triage", "--no-input", "--calcium", "purple"), 2),
        (("triage", "--no-input", "--no-such-flag"), 2),
        (("batch", "missing.jsonl"), 2),
        (("types", "nonsense"), 2),
        (("triage", "--no-input", "--json", "--save", "report.html"), 0),
        (("triage", "--no-input", "--json"), 0),
    ],
)
def test_the_status_does_not_depend_on_stderr_being_open(
    calcinosis_command: list[str], tmp_path: Path, args: tuple[str, ...], status: int
) -> None:
    done = without_stderr(calcinosis_command, *args, cwd=tmp_path)
    assert done.returncode == status
    if status == 2:
        assert done.stdout == b"", "a message went to standard output instead"
    if "--save" in args:
        assert (tmp_path / "report.html").is_file()


# --- out of memory ----------------------------------------------------------------------

# The triage of every case fails as it would under a low `ulimit -v`; the run is the
# command line's own main, in a process of its own (forked workers inherit the failure).
OUT_OF_MEMORY = textwrap.dedent(
    """
    import sys
    from calcinosis_cli import cli
    from calcinosis_cli.batch import triaging as batch

    def no_memory(answers):
        raise MemoryError

    batch.triage = no_memory
    sys.argv = ["calcinosis", *sys.argv[1:]]
    cli.main()
    """
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_running_out_of_memory_is_one_message_and_status_2(cases: Path, jobs: str) -> None:
    if jobs != "1" and not can_fork():
        pytest.skip("worker processes are forked")
    done = subprocess.run(
        [sys.executable, "-c", OUT_OF_MEMORY, "batch", str(cases), "--jobs", jobs],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        env=subprocess_env(),
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ") and "memory" in done.stderr
