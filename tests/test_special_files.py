"""``--output`` and ``--save`` name files to write; only a regular file (or nothing) is
ever replaced.

A FIFO, a device (``/dev/null``), or ``/dev/stdout`` is written to as it is, with or
without ``--force``: nothing is renamed over it, and its mode is never copied onto
anything. A replaced file keeps its permissions, never its set-id bits. Every failure
of a file names the flag: a name too long, a folder where renaming is not permitted.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SUBPROCESS_TIMEOUT, Invoke, subprocess_env

from calcinosis_cli import files, triage_answers

CASE = {"calcium": "high", "kidney_failure": "yes"}
CASE_FLAGS = ("--no-input", "--calcium", "high", "--kidney-failure", "yes")


def result_line() -> str:
    return json.dumps(triage_answers(CASE).to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(CASE) + "\n", encoding="utf-8")
    return path


def is_char_device(path: str) -> bool:
    return stat.S_ISCHR(os.stat(path, follow_symlinks=False).st_mode)


@pytest.fixture
def dev_null_stays() -> Iterator[None]:
    """Whatever the test does, /dev/null is a character device before and after it."""
    assert is_char_device("/dev/null")
    yield
    assert is_char_device("/dev/null"), "/dev/null was replaced"


def read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fifo:
            into.append(fifo.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def others(folder: Path, *names: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in names)


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_is_written_to_not_replaced(invoke: Invoke, cases: Path, tmp_path: Path, force: bool) -> None:
    fifo = tmp_path / "results.jsonl"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = read_fifo(fifo, got)
    outcome = invoke("batch", str(cases), "--output", str(fifo), *(["--force"] if force else []))
    reader.join(SUBPROCESS_TIMEOUT)
    assert outcome.exit_code == 0, outcome.stderr
    assert got == [result_line().encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert others(tmp_path, "cases.jsonl", "results.jsonl") == []


@pytest.mark.parametrize("force", [False, True])
def test_a_link_to_dev_null_is_written_through(
    invoke: Invoke, cases: Path, tmp_path: Path, force: bool, dev_null_stays: None
) -> None:
    link = tmp_path / "results.jsonl"
    link.symlink_to("/dev/null")
    outcome = invoke("batch", str(cases), "--output", str(link), *(["--force"] if force else []))
    assert outcome.exit_code == 0, outcome.stderr
    assert os.readlink(link) == "/dev/null", "the link was replaced"
    assert others(tmp_path, "cases.jsonl", "results.jsonl") == []


def test_a_report_saved_to_a_fifo_is_written_to_it(invoke: Invoke, tmp_path: Path) -> None:
    fifo = tmp_path / "report.html"
    os.mkfifo(fifo, 0o600)
    got: list[bytes] = []
    reader = read_fifo(fifo, got)
    outcome = invoke("triage", *CASE_FLAGS, "--save", str(fifo), "--force", "--json")
    reader.join(SUBPROCESS_TIMEOUT)
    assert outcome.exit_code == 0, outcome.stderr
    assert got and b"<!DOCTYPE html>" in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert others(tmp_path, "report.html") == []


def test_dev_stdout_is_standard_output_without_force(cases: Path, calcinosis_command: list[str]) -> None:
    done = subprocess.run(
        [*calcinosis_command, "batch", str(cases), "--output", "/dev/stdout"],
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
        env=subprocess_env(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == result_line()
    assert b"--force" not in done.stderr


def test_dev_stdout_redirected_to_a_file_writes_into_that_file(
    cases: Path, tmp_path: Path, calcinosis_command: list[str]
) -> None:
    """The shell opened the file: the results go into it, where they would have gone without --output."""
    target = tmp_path / "out.jsonl"
    with open(target, "wb") as out:
        done = subprocess.run(
            [*calcinosis_command, "batch", str(cases), "-o", "/dev/stdout"],
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=SUBPROCESS_TIMEOUT,
            env=subprocess_env(),
        )
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == result_line()
    assert others(tmp_path, "cases.jsonl", "out.jsonl") == []


def test_a_replaced_file_keeps_its_permissions_but_never_its_set_id_bits(
    invoke: Invoke, cases: Path, tmp_path: Path
) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o6750)
    outcome = invoke("batch", str(cases), "--output", str(target), "--force")
    assert outcome.exit_code == 0, outcome.stderr
    assert target.read_text(encoding="utf-8") == result_line()
    assert stat.S_IMODE(target.stat().st_mode) == 0o750


def test_a_link_to_a_regular_file_replaces_that_file_and_keeps_the_link(
    invoke: Invoke, cases: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    refused = invoke("batch", str(cases), "--output", str(link))
    assert refused.exit_code == 2 and "--output" in refused.stderr and "--force" in refused.stderr
    outcome = invoke("batch", str(cases), "--output", str(link), "--force")
    assert outcome.exit_code == 0, outcome.stderr
    assert link.is_symlink() and real.read_text(encoding="utf-8") == result_line()


def test_a_link_to_nothing_is_refused_naming_the_flag(invoke: Invoke, cases: Path, tmp_path: Path) -> None:
    link = tmp_path / "results.jsonl"
    link.symlink_to(tmp_path / "missing" / "file")
    outcome = invoke("batch", str(cases), "--output", str(link), "--force")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("Error: --output") and "Traceback" not in outcome.stderr
    assert link.is_symlink() and others(tmp_path, "cases.jsonl", "results.jsonl") == []


# --- every failure of a file names its flag ----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("batch", "CASES", "--output", "LONG.jsonl"),
        ("batch", "CASES", "--output", "LONG.jsonl", "--force"),
        ("triage", *CASE_FLAGS, "--save", "LONG.html"),
        ("triage", *CASE_FLAGS, "--save", "LONG.html", "--force"),
    ],
)
def test_a_file_name_too_long_is_named_by_its_flag(
    invoke: Invoke, cases: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    names = {"CASES": str(cases), "LONG.jsonl": str(tmp_path / ("x" * 300 + ".jsonl"))}
    names["LONG.html"] = names["LONG.jsonl"][: -len(".jsonl")] + ".html"
    outcome = invoke(*(names.get(arg, arg) for arg in args))
    flag = "--output" if "--output" in args else "--save"
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"Error: {flag}"), outcome.stderr
    assert outcome.stderr.count("\n") == 1 and "Traceback" not in outcome.stderr


@pytest.mark.parametrize("flag", ["--output", "--save"])
@pytest.mark.parametrize("letter", ["r", "é"])
def test_a_name_as_long_as_the_system_allows_is_written(
    invoke: Invoke, cases: Path, tmp_path: Path, flag: str, letter: str
) -> None:
    # The temporary file beside it must fit the system's limit on names too.
    ending = ".jsonl" if flag == "--output" else ".html"
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / (letter * ((longest - len(ending)) // len(letter.encode())) + ending)
    args = ["batch", str(cases)] if flag == "--output" else ["triage", *CASE_FLAGS]
    outcome = invoke(*args, flag, str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert target.stat().st_size > 0 and others(tmp_path, "cases.jsonl", target.name) == []


@pytest.mark.parametrize("flag", ["--output", "--save"])
def test_a_rename_that_is_not_permitted_is_named_by_the_flag(
    invoke: Invoke, cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    """Another user's file in a sticky folder (as in /tmp): the kernel refuses to rename over
    it (EPERM). (Here as root the kernel would allow it, so the refusal is played.)"""

    def not_permitted(source: object, target: object) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(files.os, "replace", not_permitted)
    target = tmp_path / ("results.jsonl" if flag == "--output" else "report.html")
    target.write_text("theirs\n", encoding="utf-8")
    args = ["batch", str(cases)] if flag == "--output" else ["triage", *CASE_FLAGS]
    outcome = invoke(*args, flag, str(target), "--force")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"Error: {flag}") and "not permitted" in outcome.stderr, outcome.stderr
    assert outcome.stderr.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert others(tmp_path, "cases.jsonl", target.name) == []
