"""``calcinosis batch``: many cases in (JSON Lines or CSV), one result per case out, in
order, streamed; bad cases become error lines; ``--output`` is all or nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcinosis_cli import triage_answers
from calcinosis_cli.answers import parse_answers
from calcinosis_cli.batch import BATCH_CASES, MAX_LINE_BYTES, encoder_for
from calcinosis_cli.batch.workers import can_fork
from calcinosis_cli.questions import QUESTIONS
from calcinosis_cli.render.csv_rows import CSV_COLUMNS
from calcinosis_cli.tree import triage

TIMEOUT = 20
# Fixtures of conftest.py: ``invoke`` runs the command in this process, ``run`` in a subprocess.
Invoke = Any
Run = Any


def subprocess_env() -> dict[str, str]:
    """The environment of a child: without the variables that change how output looks."""
    noise = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "LINES")
    return {**{k: v for k, v in os.environ.items() if k not in noise}, "COLUMNS": "80"}


KIDNEY = {"calcium": "high", "kidney_failure": "yes"}
HEEL = {"procedure": "heel-sticks", "age_group": "infant", "calcium": "normal", "phosphate": "normal"}
URGENT = {"skin_breakdown": "yes", "pain": "severe", "kidney_failure": "yes"}
LABS = {"calcium_value": 11.8, "phosphate_value": 5.2, "units": "mg/dl", "age_group": "adult"}


def compact(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def expected_line(case: dict[str, Any]) -> str:
    return compact(triage_answers(case).to_dict())


def jsonl(*cases: object) -> str:
    return "".join((case if isinstance(case, str) else json.dumps(case)) + "\n" for case in cases)


def random_cases(count: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """Random answers, some left out, a third with measured blood values (in mg/dl)."""
    rng = random.Random(seed)
    for _ in range(count):
        case: dict[str, object] = {q.id: rng.choice(q.values) for q in QUESTIONS if rng.random() < 0.7}
        if rng.random() < 0.3:
            case.pop("calcium", None)
            case.pop("phosphate", None)
            case["calcium_value"] = round(rng.uniform(6, 15), 1)
            if rng.random() < 0.5:
                case["phosphate_value"] = round(rng.uniform(2, 8), 1)
            case["units"] = "mg/dl"  # 1.1 never guesses units: a phosphate of 2.2 needs them
        yield case


@pytest.fixture
def big_input(tmp_path: Path) -> Path:
    """Enough cases that a run takes seconds: time to interrupt it or close its pipe."""
    path = tmp_path / "big.jsonl"
    lines = [json.dumps(case) for case in random_cases(500)]
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(400):
            out.write("\n".join(lines) + "\n")
    return path


# --- JSON Lines ----------------------------------------------------------------------


def test_one_compact_result_line_per_case_in_order(invoke: Invoke, tmp_path: Path) -> None:
    cases = [KIDNEY, HEEL, URGENT, LABS, {}]
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl(*cases), encoding="utf-8")
    outcome = invoke("batch", str(path))
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == ""
    assert outcome.stdout.splitlines() == [expected_line(case) for case in cases]


def test_every_result_line_validates_against_the_schema(invoke: Invoke, validate_result: Callable[[Any], None]) -> None:
    cases = list(random_cases(50))
    outcome = invoke("batch", input=jsonl(*cases))
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert len(lines) == len(cases)
    for line in lines:
        validate_result(json.loads(line))


def test_standard_input_is_read_with_a_dash_or_without_a_file(invoke: Invoke) -> None:
    text = jsonl(KIDNEY, HEEL)
    assert invoke("batch", input=text).stdout == invoke("batch", "-", input=text).stdout
    assert invoke("batch", "-", input=text).stdout.splitlines() == [expected_line(KIDNEY), expected_line(HEEL)]


def test_bad_cases_become_error_lines_and_the_others_go_through(invoke: Invoke) -> None:
    text = jsonl(
        KIDNEY,
        {"calcium": "purple"},
        "{not json",
        "[1, 2]",
        {"colour": "blue"},
        '{"calcium": "high", "calcium": "low"}',
        {"calcium": "normal", "calcium_value": 13},
        HEEL,
    )
    outcome = invoke("batch", input=text)
    assert outcome.exit_code == 1
    lines = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert len(lines) == 8
    assert lines[0] == triage_answers(KIDNEY).to_dict()
    assert lines[7] == triage_answers(HEEL).to_dict()
    errors = lines[1:7]
    assert [error["line"] for error in errors] == [2, 3, 4, 5, 6, 7]
    assert all(set(error) == {"line", "error"} and set(error["error"]) == {"message"} for error in errors)
    messages = [error["error"]["message"] for error in errors]
    assert "calcium" in messages[0] and "purple" in messages[0]
    assert "not valid JSON" in messages[1]
    assert "a list" in messages[2]
    assert "colour" in messages[3]
    assert "given twice" in messages[4]
    assert "calcium_value" in messages[5]
    assert outcome.stderr == ""


def test_error_lines_are_exactly_line_and_message(invoke: Invoke) -> None:
    outcome = invoke("batch", input='{"pain": "awful"}\n')
    assert outcome.exit_code == 1
    message = "field 'pain': 'awful' is not one of: none, mild, severe, unknown."
    assert outcome.stdout == compact({"line": 1, "error": {"message": message}}) + "\n"


def test_blank_lines_are_skipped_but_counted(invoke: Invoke) -> None:
    outcome = invoke("batch", input=f"\n{json.dumps(KIDNEY)}\n   \n\r\n{{\n")
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert lines[0] == expected_line(KIDNEY)
    assert json.loads(lines[1])["line"] == 5
    assert len(lines) == 2


def test_windows_line_ends_a_byte_order_mark_and_no_final_newline(invoke: Invoke) -> None:
    text = "\ufeff" + json.dumps(KIDNEY) + "\r\n" + json.dumps(HEEL)
    outcome = invoke("batch", input=text.encode("utf-8"))
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.stdout.splitlines() == [expected_line(KIDNEY), expected_line(HEEL)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_byte_order_mark_at_the_start_of_a_later_line_is_read_as_at_the_first(
    invoke: Invoke, tmp_path: Path, jobs: str
) -> None:
    """``cat a.jsonl b.jsonl`` of files saved with a byte-order mark puts one at the start of
    a later line, where nobody sees it: that case was "not valid JSON: Expecting value
    (column 1)". A JSON text may begin with one (RFC 8259, section 8.1)."""
    part = jsonl(KIDNEY, HEEL).encode()
    path = tmp_path / "joined.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" + part) * (BATCH_CASES + 1))
    outcome = invoke("batch", str(path), "--jobs", jobs)
    assert outcome.exit_code == 0, outcome.stdout[:300]
    assert outcome.stdout == (expected_line(KIDNEY) + "\n" + expected_line(HEEL) + "\n") * (BATCH_CASES + 1)


def test_a_line_too_long_for_a_case_is_an_error_and_the_run_goes_on(invoke: Invoke) -> None:
    long_line = json.dumps({"calcium": "high", "note": "x" * (MAX_LINE_BYTES * 3)})
    outcome = invoke("batch", input=jsonl(KIDNEY, long_line, HEEL))
    assert outcome.exit_code == 1
    lines = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[1]["line"] == 2 and "longer than" in lines[1]["error"]["message"]
    assert lines[2] == triage_answers(HEEL).to_dict()


def test_text_that_is_not_utf8_later_in_the_file_is_an_error_for_that_line(invoke: Invoke) -> None:
    data = jsonl(KIDNEY).encode() + b'{"calcium": "h\xe9gh"}\n' + jsonl(HEEL).encode()
    outcome = invoke("batch", input=data)
    assert outcome.exit_code == 1
    lines = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert lines[1]["line"] == 2 and "UTF-8" in lines[1]["error"]["message"]
    assert lines[2] == triage_answers(HEEL).to_dict()


def test_a_lone_surrogate_quoted_in_an_error_is_escaped_and_the_run_goes_on(invoke: Invoke) -> None:
    for fmt in ("jsonl", "csv"):
        outcome = invoke("batch", "--format", fmt, input=jsonl('{"\\ud800": "x"}', KIDNEY))
        assert outcome.exit_code == 1
        assert "Traceback" not in outcome.stderr
        assert len(outcome.stdout.splitlines()) == (2 if fmt == "jsonl" else 3)
    first = json.loads(invoke("batch", input=jsonl('{"\\ud800": "x"}')).stdout)
    # 1.1 quotes field names with repr: the surrogate is shown escaped, never written raw
    assert first["line"] == 1 and first["error"]["message"] == "field '\\ud800' is not a question id or lab field"


def test_an_empty_input_gives_no_output_and_status_0(invoke: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    for outcome in (invoke("batch", str(empty)), invoke("batch", input=""), invoke("batch", input="\n\n")):
        assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (0, "", "")


@settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            **{q.id: st.sampled_from(q.values) for q in QUESTIONS},
            "calcium_value": st.floats(min_value=5, max_value=16).map(lambda v: round(v, 2)),
            "phosphate_value": st.floats(min_value=1, max_value=9).map(lambda v: round(v, 2)),
        },
    )
)
def test_a_batch_line_is_the_compact_json_of_the_result(case: dict[str, object]) -> None:
    try:
        result = triage(parse_answers(case))
    except ValueError:
        return
    assert encoder_for()(result) == (compact(result.to_dict()) + "\n").encode()


def test_the_fast_encoder_stays_exact_over_many_cases_while_it_reuses_its_parts() -> None:
    encode = encoder_for()
    checked = 0
    for case in random_cases(3000, seed=11):
        try:
            result = triage(parse_answers(case))
        except ValueError:
            continue
        assert encode(result) == (compact(result.to_dict()) + "\n").encode()
        checked += 1
    assert checked > 2500


# --- CSV -------------------------------------------------------------------------------


def test_csv_in_header_of_question_ids_empty_cells_unknown(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(
        'calcium,Kidney_Failure,calcium_value,units,procedure\nhigh,yes,,,\n,,11.8,mg/dl,\n\n,,,,"heel-sticks"\n',
        encoding="utf-8",
    )
    outcome = invoke("batch", str(path))
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.stdout.splitlines() == [
        expected_line(KIDNEY),
        expected_line({"calcium_value": "11.8", "units": "mg/dl"}),
        expected_line({"procedure": "heel-sticks"}),
    ]


def test_csv_bad_rows_count_the_header_as_line_1(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("calcium,pain\nhigh,\npurple,\nhigh\n,severe\n", encoding="utf-8")
    outcome = invoke("batch", str(path))
    assert outcome.exit_code == 1
    lines = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert [line.get("line") for line in lines] == [None, 3, 4, None]
    assert "purple" in lines[1]["error"]["message"]
    assert "cells" in lines[2]["error"]["message"]


def test_csv_out_one_row_a_case_with_answers_verdict_and_joined_lists(invoke: Invoke) -> None:
    outcome = invoke("batch", "--format", "csv", input=jsonl(KIDNEY, {"calcium": "purple"}, LABS))
    assert outcome.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["line"] for row in rows] == ["1", "2", "3"]
    kidney = triage_answers(KIDNEY)
    assert rows[0]["error"] == ""
    assert rows[0]["suggested_type"] == kidney.suggested_type
    assert rows[0]["certainty"] == kidney.certainty and rows[0]["urgency"] == kidney.urgency
    assert rows[0]["calcium"] == "high" and rows[0]["kidney_failure"] == "yes" and rows[0]["pain"] == "unknown"
    assert rows[0]["red_flags"] == "; ".join(kidney.red_flags)
    assert rows[0]["reasons"] == "; ".join(kidney.reasons)
    assert rows[0]["unanswered"] == "; ".join(kidney.answers.unanswered)
    assert "purple" in rows[1]["error"] and rows[1]["suggested_type"] == ""
    # Every result carries the disclaimer, a row of CSV too (last, a column of 1.1); an error row has none.
    assert CSV_COLUMNS[-1] == "disclaimer"
    assert rows[0]["disclaimer"] == rows[2]["disclaimer"] == kidney.disclaimer and rows[1]["disclaimer"] == ""
    assert (rows[2]["calcium_value"], rows[2]["phosphate_value"], rows[2]["units"]) == ("11.8", "5.2", "mg/dl")


def test_csv_in_and_csv_out(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("calcium,kidney_failure\nhigh,yes\n", encoding="utf-8")
    outcome = invoke("batch", str(path), "--format", "csv")
    assert outcome.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    assert len(rows) == 1 and rows[0]["line"] == "2" and rows[0]["suggested_type"] == "metastatic"


def test_the_input_format_comes_from_the_ending_or_the_option(invoke: Invoke, tmp_path: Path) -> None:
    for name in ("a.jsonl", "a.ndjson", "a.json", "a.JSONL"):
        (tmp_path / name).write_text(jsonl(KIDNEY), encoding="utf-8")
        assert invoke("batch", str(tmp_path / name)).stdout == expected_line(KIDNEY) + "\n"
    (tmp_path / "a.txt").write_text("calcium\nhigh\n", encoding="utf-8")
    unknown = invoke("batch", str(tmp_path / "a.txt"))
    assert unknown.exit_code == 2 and "--input-format" in unknown.stderr
    assert (
        invoke("batch", str(tmp_path / "a.txt"), "--input-format", "csv").stdout
        == expected_line({"calcium": "high"}) + "\n"
    )
    assert invoke("batch", "--input-format", "csv", input="calcium\nhigh\n").exit_code == 0


def test_batch_help_names_the_file_once_and_shows_examples(invoke: Invoke) -> None:
    help_text = invoke("batch", "--help").stdout
    assert help_text.splitlines()[0] == "Usage: calcinosis batch [OPTIONS] [FILE]"
    assert "calcinosis batch cases.jsonl" in help_text and "--output" in help_text and "--force" in help_text


@pytest.mark.parametrize("option", [("--format", "xml"), ("--input-format", "yaml")])
def test_an_unknown_format_is_a_usage_error(invoke: Invoke, option: tuple[str, str]) -> None:
    outcome = invoke("batch", *option, input=jsonl(KIDNEY))
    assert outcome.exit_code == 2
    assert option[0] in outcome.stderr and "Traceback" not in outcome.stderr


# --- input that cannot be read at all: status 2 ----------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.jsonl", None, "cannot read"),
        ("folder.jsonl", "folder", "cannot read"),
        ("binary.jsonl", b"\x1f\x8b\x08\x00\xff\xfe\x00\x00", "not UTF-8"),
        ("empty.csv", b"", "no CSV header"),
        ("blank.csv", b"\n\n", "no CSV header"),
        ("unknown.csv", b"calcium,colour\nhigh,blue\n", "colour"),
        ("twice.csv", b"calcium,Calcium\nhigh,high\n", "twice"),
    ],
)
def test_input_that_cannot_be_read_is_status_2_with_one_message_naming_the_file(
    invoke: Invoke, tmp_path: Path, name: str, content: bytes | str | None, words: str
) -> None:
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    outcome = invoke("batch", str(path))
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.count("\n") == 1 and outcome.stderr.startswith("Error: ")
    assert name in outcome.stderr and words in outcome.stderr


def test_without_a_file_and_with_a_terminal_it_says_what_it_needs(calcinosis_command: list[str]) -> None:
    child = pexpect.spawn(
        calcinosis_command[0], [*calcinosis_command[1:], "batch"], env=subprocess_env(), timeout=TIMEOUT
    )
    child.expect_exact("no cases")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


# --- --output: all or nothing -----------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_output_writes_the_file_and_nothing_on_stdout(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    outcome = invoke("batch", "--output", str(target), input=jsonl(KIDNEY, HEEL))
    assert (outcome.exit_code, outcome.stdout, outcome.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8").splitlines() == [expected_line(KIDNEY), expected_line(HEEL)]
    assert leftovers(tmp_path) == []


def test_output_refuses_an_existing_file_without_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    outcome = invoke("batch", "-o", str(target), input=jsonl(KIDNEY))
    assert outcome.exit_code == 2
    assert "--force" in outcome.stderr and "results.jsonl" in outcome.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    forced = invoke("batch", "-o", str(target), "--force", input=jsonl(KIDNEY))
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8") == expected_line(KIDNEY) + "\n"
    assert leftovers(tmp_path) == []


def test_output_keeps_the_mode_of_the_file_it_replaces(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert invoke("batch", "-o", str(target), "--force", input=jsonl(KIDNEY)).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_run_with_bad_cases_still_writes_the_whole_output(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    outcome = invoke("batch", "-o", str(target), input=jsonl(KIDNEY, "{bad"))
    assert outcome.exit_code == 1
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2


def test_a_failed_run_leaves_no_file_and_the_old_one_unchanged(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    missing = invoke("batch", str(tmp_path / "missing.jsonl"), "-o", str(target))
    assert missing.exit_code == 2 and not target.exists()
    target.write_text("old\n", encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    failed = invoke("batch", str(binary), "-o", str(target), "--force")
    assert failed.exit_code == 2
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def start(command: list[str], *args: str, **popen: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*command, *args], env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen
    )


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("existing", [False, True])
def test_an_interrupted_run_leaves_no_partial_file_and_exits_130(
    calcinosis_command: list[str], big_input: Path, tmp_path: Path, signum: int, existing: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "results.jsonl"
    args = ["batch", str(big_input), "--output", str(target)]
    if existing:
        target.write_text("old\n", encoding="utf-8")
        args.append("--force")
    child = start(calcinosis_command, *args)
    wait_for(lambda: bool(leftovers(folder)) and any(p.stat().st_size for p in folder.glob("*.tmp")), "output")
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 130
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert leftovers(folder) == []
    if existing:
        assert target.read_text(encoding="utf-8") == "old\n"
    else:
        assert not target.exists()


# --- streaming --------------------------------------------------------------------------------


def test_results_come_out_as_cases_go_in(calcinosis_command: list[str]) -> None:
    child = start(calcinosis_command, "batch", stdin=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    try:
        for case in (KIDNEY, HEEL, URGENT):
            child.stdin.write((json.dumps(case) + "\n").encode())
            child.stdin.flush()
            ready, _, _ = select.select([child.stdout], [], [], TIMEOUT)
            assert ready, "no result before the next case was sent"
            assert child.stdout.readline().decode().rstrip("\n") == expected_line(case)
        child.stdin.close()
        assert child.wait(timeout=TIMEOUT) == 0
    finally:
        child.kill()
        child.wait()


class _Pieces(io.RawIOBase):
    """A pipe that gives its bytes in the pieces they were written in, one a read."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = [piece for piece in pieces if piece]

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        return self.pieces.pop(0) if self.pieces else b""

    read = read1


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(['{"calcium": "high"}', "", "id,calcium", "\r", "x" * 70]), max_size=6),
    bom=st.booleans(),
    cuts=st.lists(st.integers(min_value=0, max_value=600), max_size=6),
)
def test_the_lines_read_are_the_same_however_the_input_arrives_in_pieces(
    text: list[str], bom: bool, cuts: list[int]
) -> None:
    """A pipe gives what was written as it comes: a byte-order mark can arrive a byte at a
    time. It was taken off only when it came whole in the first read, else it stayed on
    the first line (a JSON error; a CSV header naming column '\\ufeffid', status 2)."""
    from calcinosis_cli.batch.reading import numbered_lines

    data = (b"\xef\xbb\xbf" if bom else b"") + "\n".join(text).encode()
    at = sorted({min(cut, len(data)) for cut in cuts})
    pieces = [data[start:end] for start, end in zip([0, *at], [*at, len(data)], strict=True)]
    whole = list(numbered_lines(_Pieces([data]), "standard input", lambda: None))
    assert list(numbered_lines(_Pieces(pieces), "standard input", lambda: None)) == whole
    assert not any(line.startswith(b"\xef\xbb\xbf") for _, line in whole)


@pytest.mark.parametrize(("fmt", "data"), [("jsonl", b'{"calcium": "high"}\n'), ("csv", b"id,calcium\nP1,high\n")])
def test_a_byte_order_mark_written_a_byte_at_a_time_to_a_pipe_is_taken_off(
    calcinosis_command: list[str], fmt: str, data: bytes
) -> None:
    child = start(calcinosis_command, "batch", "--jobs", "1", "--input-format", fmt, stdin=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    try:
        for piece in (b"\xef", b"\xbb", b"\xbf" + data):
            child.stdin.write(piece)
            child.stdin.flush()
            time.sleep(0.2)
        child.stdin.close()
        out = child.stdout.read().decode()
        assert child.wait(timeout=TIMEOUT) == 0, out
    finally:
        child.kill()
        child.wait()
    assert json.loads(out)["suggested_type"]["id"] == "metastatic"


def test_a_closed_pipe_ends_the_run_quietly(calcinosis_command: list[str], big_input: Path) -> None:
    command = " ".join(f"'{part}'" for part in calcinosis_command)
    shell = subprocess.run(
        ["bash", "-c", f"{command} batch '{big_input}' | head -3"],
        capture_output=True,
        timeout=TIMEOUT,
        env=subprocess_env(),
    )
    assert shell.returncode == 0
    assert shell.stderr == b""
    assert len(shell.stdout.splitlines()) == 3


def test_no_progress_bar_when_stderr_is_not_a_terminal(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl(*random_cases(200)), encoding="utf-8")
    done = run("batch", str(path), "--output", str(tmp_path / "out.jsonl"), env={"FORCE_COLOR": "1"})
    assert done.returncode == 0
    assert done.stderr == ""


def test_a_progress_bar_on_a_terminal_when_the_input_is_a_file_and_ctrl_c_stops_it(
    calcinosis_command: list[str], big_input: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    child = pexpect.spawn(
        calcinosis_command[0],
        [*calcinosis_command[1:], "batch", str(big_input), "--output", str(target)],
        env=subprocess_env(),
        timeout=TIMEOUT,
    )
    child.expect(r"[\d,]+ cases")
    child.expect("cases/s")
    child.sendintr()
    child.expect("Cancelled")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or b"").decode("utf-8", "replace")
    assert not target.exists() and leftovers(tmp_path) == []


# --- start-up: the commands that print JSON (or FHIR) never import Rich ---------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["triage", "--no-input", "--json", "--calcium", "high"],
        ["batch", "CASES"],
        ["batch", "CASES", "--format", "csv"],
        ["batch", "CASES", "--format", "fhir"],
        ["triage", "--no-input", "--format", "fhir", "--calcium", "high"],
        ["questions", "--json"],
        ["questions", "--format", "fhir"],
        ["schema"],
        ["--version"],
    ],
)
def test_json_commands_never_import_rich(args: list[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(jsonl(KIDNEY), encoding="utf-8")
    argv = ["calcinosis", *(str(cases) if arg == "CASES" else arg for arg in args)]
    program = (
        "import sys\n"
        f"sys.argv = {argv!r}\n"
        "from calcinosis_cli.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit_:\n"
        "    assert exit_.code in (None, 0), exit_.code\n"
        "loaded = sorted(name for name in sys.modules if name == 'rich' or name.startswith('rich.'))\n"
        "sys.stderr.write(repr(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=subprocess_env(), timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout
    assert done.stderr == "[]"


def test_environment_variable_noise_does_not_reach_batch_output(invoke: Invoke) -> None:
    plain = invoke("batch", input=jsonl(URGENT))
    coloured = invoke("batch", input=jsonl(URGENT), env={"FORCE_COLOR": "1", "COLUMNS": "20"})
    assert plain.stdout == coloured.stdout == expected_line(URGENT) + "\n"


# --- worker processes (--jobs): what one process gives, byte for byte ------------------------

JOBS_TIMEOUT = 60
forking = pytest.mark.skipif(not can_fork(), reason="worker processes are forked; this system cannot fork")
# Enough cases for several batches, whatever the number of workers.
CASES = 2 * BATCH_CASES + 600


def mixed_jsonl() -> bytes:
    """Good cases with every kind of bad line among them, at batch edges too."""
    lines = [json.dumps(case).encode() for case in random_cases(CASES, seed=3)]
    lines[0] = b"\xef\xbb\xbf" + lines[0]  # a byte-order mark
    lines[5] = b"{not json"
    lines[BATCH_CASES - 1] = b""  # blank: skipped, but counted
    lines[BATCH_CASES] = b'{"pain": "sometimes"}'
    lines[BATCH_CASES + 1] = b'{"calcium": "high", "calcium": "low"}'
    lines[BATCH_CASES + 2] = b'{"site": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}'  # too long
    lines[BATCH_CASES + 3] = b'{"tumor": "\xff"}'  # not UTF-8
    lines[BATCH_CASES + 4] = json.dumps(KIDNEY).encode() + b"\r"  # a Windows line end
    lines[-1] = b"[1, 2]"
    return b"\n".join(lines)  # no final newline


def mixed_csv() -> bytes:
    columns = ["age_group", "calcium", "pain", "procedure", "site", "calcium_value", "units"]
    rows = [",".join(columns)]
    for case in random_cases(CASES, seed=5):
        rows.append(",".join(str(case.get(column, "")) for column in columns))
    rows[7] = "adult,high,none,none,arms,11.5,mg/dl"  # a level that contradicts the value
    rows[BATCH_CASES] = 'adult,"hi\ngh",none,none,arms,,'  # a quoted cell over two lines
    rows[BATCH_CASES + 5] = "adult,high"  # too few cells
    rows[BATCH_CASES + 6] = ""  # blank
    return ("\n".join(rows) + "\n").encode()


def batch(command: list[str], *args: str, input_path: Path) -> tuple[int, bytes, str]:
    """Status, output (:func:`untimed`) and messages of a run."""
    done = subprocess.run(
        [*command, "batch", str(input_path), *args],
        capture_output=True,
        env=subprocess_env(),
        timeout=JOBS_TIMEOUT,
    )
    return done.returncode, untimed(done.stdout), done.stderr.decode("utf-8", "replace")


def untimed(output: bytes) -> bytes:
    """``output`` without FHIR's time of writing, the one thing two runs may differ in."""
    return re.sub(rb'"authored":"[^"]*"', b'"authored":"-"', output)


@forking
@pytest.mark.parametrize("output_format", ["jsonl", "csv", "fhir"])
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_workers_give_the_output_of_one_process_byte_for_byte(
    calcinosis_command: list[str], tmp_path: Path, input_format: str, output_format: str
) -> None:
    path = tmp_path / f"cases.{input_format}"
    path.write_bytes(mixed_jsonl() if input_format == "jsonl" else mixed_csv())
    alone = batch(calcinosis_command, "--format", output_format, "--jobs", "1", input_path=path)
    assert alone[0] == 1, alone[2]  # some cases are bad
    assert alone[2] == ""
    if output_format != "csv":
        # One line a case, the blank one left out; the bad row over two lines gives each its own.
        assert alone[1].count(b"\n") == CASES - 1 + (input_format == "csv")
    for jobs in ("2", "3"):
        assert batch(calcinosis_command, "--format", output_format, "--jobs", jobs, input_path=path) == alone
    target = tmp_path / "out"
    code, stdout, stderr = batch(
        calcinosis_command, "--format", output_format, "-j", "2", "-o", str(target), input_path=path
    )
    assert (code, stdout, stderr) == (1, b"", "")
    assert untimed(target.read_bytes()) == alone[1]


@forking
def test_workers_hand_results_on_while_a_pipe_waits_for_more(calcinosis_command: list[str]) -> None:
    """A case written into the pipe gets its result before the next is written, then a
    flood of cases is worked by the workers, and all come out in order."""
    child = subprocess.Popen(
        [*calcinosis_command, "batch", "--jobs", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=subprocess_env(),
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write((json.dumps(KIDNEY) + "\n").encode())
        child.stdin.flush()
        ready, _, _ = select.select([child.stdout], [], [], JOBS_TIMEOUT)
        assert ready, "no result while the input waits"
        first = child.stdout.readline().decode()
        assert first == expected_line(KIDNEY) + "\n"
        flood = "".join(json.dumps(HEEL) + "\n" for _ in range(3 * BATCH_CASES))
        rest, _ = child.communicate(flood.encode(), timeout=JOBS_TIMEOUT)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == 0
    assert rest.decode().split("\n")[:-1] == [expected_line(HEEL)] * (3 * BATCH_CASES)


def children_of(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line) for line in found.stdout.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@forking
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_stopping_a_run_ends_its_workers_and_leaves_no_file(
    calcinosis_command: list[str], tmp_path: Path, how: signal.Signals
) -> None:
    path = tmp_path / "cases.jsonl"
    lines = "".join(json.dumps(case) + "\n" for case in random_cases(500))
    path.write_text(lines * 300, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    child = subprocess.Popen(
        [*calcinosis_command, "batch", str(path), "-j", "2", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    workers: list[int] = []
    deadline = time.monotonic() + JOBS_TIMEOUT
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = children_of(child.pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the workers never started"
    child.send_signal(how)
    _, stderr = child.communicate(timeout=JOBS_TIMEOUT)
    assert child.returncode == 130
    assert b"Traceback" not in stderr
    assert not target.exists() and leftovers(tmp_path) == []
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the run"


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "65", "", "²", "٣", "9" * 5000])
def test_jobs_must_be_a_whole_number_from_1_to_64(invoke: Invoke, value: str) -> None:
    outcome = invoke("batch", "--jobs", value, input=json.dumps(KIDNEY) + "\n")
    assert outcome.exit_code == 2
    assert "--jobs" in outcome.stderr and "Traceback" not in outcome.stderr
    assert outcome.stdout == ""


@pytest.mark.parametrize("how", ["/dev/stdin", "fifo"])
def test_a_progress_bar_on_a_terminal_reads_a_pipe_or_fifo_as_well(
    calcinosis_command: list[str], tmp_path: Path, how: str
) -> None:
    """Stderr a terminal, the input a pipe that cannot seek: counts without a percentage, every result."""
    import pty
    import threading

    cases = jsonl(*random_cases(300)).encode()
    source = "/dev/stdin" if how == "/dev/stdin" else str(tmp_path / "cases.jsonl")
    if how == "fifo":
        os.mkfifo(source)

        def feed() -> None:
            with open(source, "wb") as fifo:
                fifo.write(cases)

        threading.Thread(target=feed, daemon=True).start()
    terminal, stderr = pty.openpty()
    try:
        done = subprocess.run(
            [*calcinosis_command, "batch", source, "--input-format", "jsonl", "--jobs", "1"],
            input=cases if how == "/dev/stdin" else None,
            stdin=None if how == "/dev/stdin" else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            timeout=TIMEOUT,
            env=subprocess_env(),
        )
        os.close(stderr)
        shown = b""
        while select.select([terminal], [], [], 0.2)[0]:
            try:
                shown += os.read(terminal, 65536)
            except OSError:  # the terminal's other end is closed
                break
    finally:
        os.close(terminal)
    assert done.returncode in (0, 1), shown.decode("utf-8", "replace")
    assert len(done.stdout.splitlines()) == 300
    assert b"Illegal seek" not in shown and b"Error" not in shown
