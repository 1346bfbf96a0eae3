"""Interruptions and hostile typing, as a person meets them.

The questionnaire runs in a real pseudo-terminal (pexpect): Ctrl-C and Ctrl-D at
the first prompt, in the middle and right after ``back`` end with status 130 and
"Cancelled." and nothing else; invalid answers are asked again with the reason;
``back`` at the first question says there is nothing to go back to; a 100 KB paste
is refused with a short message and asked again.

``batch --output`` interrupted by SIGINT or SIGTERM at any moment of a long run
leaves the old file or nothing (never part of the new one) and no temporary file,
and exits 130 (or 0 when the run had already finished, with the whole new file).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pexpect
import pytest

from calcinosis_cli.interactive.terminal import DETAILS_PROMPT, PROMPT, REVIEW_PROMPT
from calcinosis_cli.questions import QUESTIONS

TIMEOUT = 15
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
FIRST_QUESTION = QUESTIONS[0].text
LOOKS = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES")


def plain(text: str) -> str:
    return ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LOOKS}
    # The line protocol (--prompt plain); tests/test_prompt_menu.py drives the menus.
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", "CALCINOSIS_PROMPT": "plain", **(extra or {})})
    return env


class Prompting:
    """One ``calcinosis triage`` in a pseudo-terminal."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.tail = ""

    def prompt(self) -> str:
        """Wait for the next prompt; what was shown since the last one."""
        index = self.child.expect_exact([PROMPT, pexpect.EOF])
        shown = plain(self.child.before or "")
        assert index == 0, f"the program ended instead of prompting:\n{shown[-1500:]}"
        return shown

    def reply(self, text: str) -> str:
        self.child.sendline(text)
        return self.prompt()

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.tail = plain(self.child.before or "")
        self.child.close()
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return int(self.child.exitstatus)

    def finish(self, reply: str = "unknown") -> int:
        sent = reply
        for _ in range(len(QUESTIONS) + 5):
            self.child.sendline(sent)
            index = self.child.expect_exact([PROMPT, REVIEW_PROMPT, DETAILS_PROMPT, pexpect.EOF])
            if index == 3:
                self.tail += plain(self.child.before or "")
                self.child.close()
                return int(self.child.exitstatus)
            if index == 2:  # the offer of the details after the result: Enter finishes
                self.tail = plain(self.child.before or "")
            sent = "" if index in (1, 2) else reply  # the review before the result: Enter goes on
        raise AssertionError("still asking")


@pytest.fixture
def triage(calcinosis_command: list[str]) -> Iterator[Any]:
    children: list[pexpect.spawn] = []

    def _start(*args: str) -> Prompting:
        child = pexpect.spawn(
            calcinosis_command[0],
            [*calcinosis_command[1:], "triage", *args],
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
            dimensions=(40, 100),
            env=child_env(),
        )
        child.delaybeforesend = None
        children.append(child)
        return Prompting(child)

    yield _start
    for child in children:
        if child.isalive():
            child.close(force=True)


def assert_cancelled(session: Prompting) -> None:
    status = session.end()
    assert status == 130, f"exit {status}: {session.tail[-800:]}"
    assert "Cancelled." in session.tail
    assert "Traceback" not in session.tail and "Exception" not in session.tail
    assert "╭" not in session.tail and "not medical advice" not in session.tail, "a result after cancelling"


# --- Ctrl-C and Ctrl-D ------------------------------------------------------------------

WHERE = ["first", "middle", "after back", "after an invalid answer", "after help"]


def walk_to(session: Prompting, where: str) -> None:
    session.prompt()
    if where == "middle":
        for _ in range(4):
            session.reply("unknown")
    elif where == "after back":
        session.reply("adult")
        session.reply("no")
        shown = session.reply("back")
        assert "Question 2" in shown
    elif where == "after an invalid answer":
        session.reply("purple")
    elif where == "after help":
        session.reply("?")


@pytest.mark.parametrize("where", WHERE)
def test_ctrl_c_at_any_prompt_cancels_with_130(triage: Any, where: str) -> None:
    session = triage()
    walk_to(session, where)
    session.child.sendintr()
    assert_cancelled(session)


@pytest.mark.parametrize("where", WHERE)
def test_ctrl_d_at_any_prompt_cancels_with_130(triage: Any, where: str) -> None:
    session = triage()
    walk_to(session, where)
    session.child.sendeof()
    assert_cancelled(session)


def test_ctrl_d_after_typing_part_of_an_answer_cancels_too(triage: Any) -> None:
    session = triage()
    session.prompt()
    session.child.send("adu")
    session.child.sendeof()  # hands on "adu" without a line end
    session.child.sendeof()  # ends the line: "adu" is the answer, as a shell would take it
    if session.child.expect_exact([PROMPT, pexpect.EOF]) == 0:
        assert "Question 2" in plain(session.child.before or ""), "the partial answer was not taken"
        session.child.sendeof()
        assert_cancelled(session)
    else:
        session.child.close()
        assert session.child.exitstatus == 130


def test_ctrl_c_at_the_last_question_gives_no_result(triage: Any) -> None:
    flags = [f"--{q.id.replace('_', '-')}=unknown" for q in QUESTIONS[:-1]]
    session = triage(*flags)
    shown = session.prompt()
    assert QUESTIONS[-1].text in shown and "the last one" in shown
    session.child.sendintr()
    assert_cancelled(session)


@pytest.mark.parametrize("attempt", range(5))
def test_ctrl_c_twice_quickly_is_still_one_clean_cancel(triage: Any, attempt: int) -> None:
    """An impatient second Ctrl-C lands while the program is ending: still status 130
    (not death by the signal), one "Cancelled." and no traceback. Repeated, as the
    moment it lands varies."""
    session = triage()
    session.prompt()
    session.child.sendintr()
    session.child.sendintr()
    assert_cancelled(session)
    assert session.tail.count("Cancelled.") == 1


# --- what a person types ------------------------------------------------------------------


INVALID = [
    ("purple", "is not one of the choices"),
    ("9", "There is no choice 9"),
    ("0", "There is no choice 0"),
    ("-1", "is not one of the choices"),
    ("", "Please type an answer"),
    ("   ", "Please type an answer"),
    ("²", "is not one of the choices"),
    ("\x1b[A", "is not one of the choices"),  # an arrow key
    ("🦴", "is not one of the choices"),
]


def test_invalid_answers_are_asked_again_with_the_reason(triage: Any) -> None:
    session = triage()
    session.prompt()
    for typed, reason in INVALID:
        shown = session.reply(typed)
        assert reason in shown, f"{typed!r}: {shown!r}"
        assert FIRST_QUESTION not in shown.split(reason)[-1], "asked again at the same prompt, not from the start"
    assert "Question 2" in session.reply("adult")


def test_back_at_the_first_question_says_there_is_nothing_to_go_back_to(triage: Any) -> None:
    session = triage()
    session.prompt()
    shown = session.reply("back")
    assert "first question" in shown and "nothing to go back to" in shown
    shown = session.reply("b")
    assert "nothing to go back to" in shown
    assert "Question 2" in session.reply("child")


def test_back_then_forward_asks_the_previous_question_again(triage: Any) -> None:
    session = triage()
    session.prompt()
    session.reply("adult")
    shown = session.reply("back")
    assert FIRST_QUESTION in shown and "Question 1" in shown
    assert "Question 2" in session.reply("infant")
    assert session.finish() == 0
    start = session.tail.find("{")
    assert start == -1 or "Traceback" not in session.tail


def test_a_100_kb_paste_is_refused_briefly_and_asked_again(triage: Any) -> None:
    session = triage()
    session.prompt()
    session.child.send("x" * 100_000 + "\n")
    shown = session.prompt()
    # The terminal echoes the paste itself; what the program says comes after it.
    said = re.search(r"('[^']*' is not one of the choices|[^\n]*too long)[^\n]*(\n {2,}\S[^\n]*)*", shown)
    assert said, f"no reason given: {shown[-500:]!r}"
    message = " ".join(said.group(0).split())
    assert len(message) < 200, f"the message is {len(message)} characters long: {message[:300]!r}"
    # A terminal hands on at most a few KiB of one line; whatever is left must not count as answers.
    answered = session.reply("adult")
    if "Question 2" not in answered:
        assert "not one of the choices" in answered or "too long" in answered
        answered = session.reply("adult")
    assert "Question 2" in answered
    assert session.finish() == 0


def test_control_characters_and_long_unicode_are_refused_without_a_crash(triage: Any) -> None:
    session = triage()
    session.prompt()
    for typed in ("\x00\x01\x02", "\u202eadult", "é" * 3000, "\x7f\x7f\x7f", "\\x00"):
        shown = session.reply(typed)
        assert "Traceback" not in shown
    assert "Question 2" in session.reply("adult")
    assert session.finish() == 0


# --- batch --output, interrupted --------------------------------------------------------------

CASES = 300_000


@pytest.fixture(scope="module")
def many_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 000 cases: a run of some seconds."""
    rng = random.Random(5)
    lines = []
    for _ in range(2000):
        case = {q.id: rng.choice(q.values) for q in QUESTIONS if rng.random() < 0.6}
        lines.append(json.dumps(case))
    block = "\n".join(lines) + "\n"
    path = tmp_path_factory.mktemp("cases") / "cases.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(CASES // len(lines)):
            out.write(block)
    return path


def others(folder: Path, target: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != target)


OLD = "the old results\n"


def start_batch(command: list[str], *args: str, **popen: Any) -> subprocess.Popen[bytes]:
    """The batch in a session of its own, so that it and any worker it forks can be stopped together."""
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.Popen([*command, "batch", *args], env=child_env(), start_new_session=True, **options)


def stop(child: subprocess.Popen[bytes]) -> None:
    """Kill what is left of a batch started by :func:`start_batch` (after a hang: its workers too)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def finish(child: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    try:
        return child.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        stop(child)
        pytest.fail(f"the batch did not end within {TIMEOUT} s of the signal: it hangs")


def interrupt(child: subprocess.Popen[bytes], signum: int, status: int = 130) -> None:
    """Send ``signum`` to a running batch; it must end with ``status`` (130: saying it was
    cancelled), and with no traceback."""
    try:
        child.send_signal(signum)
        _, stderr = finish(child)
    finally:
        stop(child)
    message = stderr.decode("utf-8", "replace")
    assert child.returncode == status, message[-800:]
    assert "Traceback" not in message, message[-800:]
    assert status != 130 or "Cancelled." in message


def wait_for_output(child: subprocess.Popen[bytes], folder: Path, size: int = 0) -> None:
    """Until the temporary output file exists (the run has begun: its handlers are in place)
    and holds more than ``size`` bytes."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            if any(p.stat().st_size >= size for p in folder.glob(".*.tmp")):
                return
        except FileNotFoundError:  # renamed or removed between listing and looking
            pass
        assert child.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "no temporary output appeared"
        time.sleep(0.002)


@pytest.mark.parametrize("seed", range(12))
def test_an_interrupted_batch_leaves_the_old_file_or_nothing(
    calcinosis_command: list[str], many_cases: Path, tmp_path: Path, seed: int
) -> None:
    """SIGINT or SIGTERM at a random moment of the run (from its first byte of output to
    its end): status 130 within seconds, the old file or none, no temporary file."""
    rng = random.Random(seed)
    signum = (signal.SIGINT, signal.SIGTERM)[seed % 2]
    existing = seed % 4 < 2
    delay = rng.uniform(0.0, 0.8)
    target = tmp_path / "results.jsonl"
    args = [str(many_cases), "--output", str(target)]
    if existing:
        target.write_text(OLD, encoding="utf-8")
        args.append("--force")
    child = start_batch(calcinosis_command, *args)
    try:
        wait_for_output(child, tmp_path)
        time.sleep(delay)
        child.send_signal(signum)
        stdout, stderr = finish(child)
    finally:
        stop(child)
    message = stderr.decode("utf-8", "replace")
    assert "Traceback" not in message and "Exception ignored" not in message, message[-2000:]
    assert stdout == b""
    assert others(tmp_path, target) == [], "a temporary file was left behind"
    if child.returncode == 0:  # finished before the signal came: the whole new file
        with open(target, "rb") as results:
            assert sum(1 for _ in results) == CASES
        return
    assert child.returncode == 130, f"{signal.Signals(signum).name} after {delay:.2f} s: exit {child.returncode}"
    assert "Cancelled." in message
    if existing:
        assert target.read_text(encoding="utf-8") == OLD, "the old file was changed"
    else:
        assert not target.exists(), "part of the new file was left"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_batch_interrupted_while_writing_its_output_exits_130_and_cleans_up(
    calcinosis_command: list[str], many_cases: Path, tmp_path: Path, signum: int
) -> None:
    """The signal comes once the temporary file has grown: in the middle of the run, for sure."""
    target = tmp_path / "results.jsonl"
    target.write_text(OLD, encoding="utf-8")
    child = start_batch(calcinosis_command, str(many_cases), "--output", str(target), "--force")
    try:
        wait_for_output(child, tmp_path, size=100_000)
    finally:
        interrupt(child, signum)
    assert target.read_text(encoding="utf-8") == OLD
    assert others(tmp_path, target) == []


def test_a_batch_to_a_pipe_interrupted_exits_130_quietly(calcinosis_command: list[str], many_cases: Path) -> None:
    child = start_batch(calcinosis_command, str(many_cases))
    try:
        assert child.stdout is not None
        assert os.read(child.stdout.fileno(), 1) == b"{"
    finally:
        interrupt(child, signal.SIGINT)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_batch_redirected_to_a_file_interrupted_leaves_only_whole_lines(
    calcinosis_command: list[str], many_cases: Path, tmp_path: Path, signum: int
) -> None:
    target = tmp_path / "results.jsonl"
    with open(target, "wb") as out:
        child = start_batch(calcinosis_command, str(many_cases), stdout=out)
        try:
            deadline = time.monotonic() + TIMEOUT
            while target.stat().st_size < 100_000:
                assert child.poll() is None and time.monotonic() < deadline, "no output came"
                time.sleep(0.002)
        finally:
            interrupt(child, signum)
    data = target.read_bytes()
    assert data.endswith(b"\n"), "the last line is cut"
    lines = data.splitlines()
    assert 0 < len(lines) < CASES
    for line in lines[-3:]:
        assert json.loads(line)["schema_version"] == 1


ENDING = [
    getattr(signal, name) for name in ("SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM") if hasattr(signal, name)
]


@pytest.mark.parametrize("signum", ENDING, ids=lambda signum: signal.Signals(signum).name)
def test_any_signal_that_ends_a_batch_removes_its_temporary_file(
    calcinosis_command: list[str], many_cases: Path, tmp_path: Path, signum: int
) -> None:
    """Status 128 + the signal, the old file as it was, no temporary file, no traceback."""
    target = tmp_path / "results.jsonl"
    target.write_text(OLD, encoding="utf-8")
    child = start_batch(calcinosis_command, str(many_cases), "--output", str(target), "--force")
    try:
        wait_for_output(child, tmp_path, size=100_000)
    finally:
        interrupt(child, signum, status=128 + signum)
    assert target.read_text(encoding="utf-8") == OLD
    assert others(tmp_path, target) == [], "a temporary file was left behind"


def test_sigpipe_sent_to_a_batch_does_not_end_it(calcinosis_command: list[str], tmp_path: Path) -> None:
    """SIGPIPE is ignored, as in any Python program: only a failed write to a closed pipe stops a run."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"calcium": "high"}\n' * 20_000, encoding="utf-8")
    target = tmp_path / "results.jsonl"
    child = start_batch(calcinosis_command, str(cases), "--output", str(target))
    try:
        wait_for_output(child, tmp_path)
        child.send_signal(signal.SIGPIPE)
        _, stderr = finish(child)
    finally:
        stop(child)
    assert child.returncode == 0, stderr.decode("utf-8", "replace")[-800:]
    with open(target, "rb") as results:
        assert sum(1 for _ in results) == 20_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.jsonl", "results.jsonl"]
