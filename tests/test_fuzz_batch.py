"""Fuzzing ``calcinosis batch``: JSON Lines and CSV in, JSON Lines and CSV out.

Mixed good and bad lines, blank lines, ragged CSV rows, unknown columns, an empty
file, binary garbage, a missing file, a folder, a line of 10 MB. Whatever comes in:

* the status is 0 (every case good), 1 (some case bad) or 2 (the input cannot be
  read at all), with no traceback;
* every case gets exactly one output line, in order, and it is its result or an
  error line ``{"line": N, "error": {"message": ...}}`` naming its line;
* a good case's line is its result, valid against the schema;
* ``--output FILE`` holds exactly what standard output would have held, or, on
  status 2, is left as it was;
* a line longer than :data:`calcinosis_cli.batch.MAX_LINE_BYTES` is an error for
  that case only, and is never held in memory whole;
* with worker processes (``--jobs 2``, inputs longer than a batch) the output is byte
  for byte that of one process, and holds the same line for every case.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calcinosis_cli import triage_answers
from calcinosis_cli.batch import BATCH_CASES, MAX_LINE_BYTES
from calcinosis_cli.batch.workers import can_fork
from calcinosis_cli.questions import LAB_FIELDS, QUESTION_IDS, QUESTIONS_BY_ID
from calcinosis_cli.render.csv_rows import CSV_COLUMNS

JSONL_EXAMPLES = 200
CSV_EXAMPLES = 150
GARBAGE_EXAMPLES = 100
WORKER_EXAMPLES = 5

LIMIT_KIB = f"{MAX_LINE_BYTES // 1024} KiB"


def error_lines(stderr: str) -> int:
    """How many messages: lines that start with "Error" (a quoted value cannot start a line)."""
    return sum(line.startswith("Error") for line in stderr.splitlines())


def jsonl_lines(text: str) -> list[str]:
    """The lines of JSON Lines output, split where a JSON Lines reader splits them: at
    "\\n" only (str.splitlines also splits at U+0085 or U+2028, which JSON text may hold)."""
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def compact(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def expected_line(case: dict[str, object]) -> str:
    return compact(triage_answers(case).to_dict())


def fuzz(examples: int) -> settings:
    """``examples`` cases; ``tmp_path`` is shared by the examples of a test (each rewrites its files)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def any_case(text: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(text, upper, strict=True))
    )


@st.composite
def good_cases(draw: st.DrawFn) -> dict[str, object]:
    """Answers that are valid: question ids with allowed values, in any case."""
    qids = draw(st.lists(st.sampled_from(QUESTION_IDS), max_size=19, unique=True))
    return {qid: draw(st.sampled_from(QUESTIONS_BY_ID[qid].values).flatmap(any_case)) for qid in qids}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def bad_lines(draw: st.DrawFn) -> str:
    """A line that is not a valid case, whatever else it is."""
    kind = draw(st.sampled_from(["not json", "not an object", "unknown key", "bad value", "twice", "wrong type"]))
    if kind == "not json":
        return draw(st.sampled_from(["{", "}", "{'calcium': 'high'}", "calcium=high", "[", '{"calcium":}', "nul"]))
    if kind == "not an object":
        value = draw(json_values.filter(lambda v: not isinstance(v, dict)))
        return json.dumps(value)
    if kind == "unknown key":
        key = draw(st.text(max_size=20).filter(lambda k: k not in QUESTION_IDS and k not in LAB_FIELDS))
        return json.dumps({key: "high"})
    if kind == "bad value":
        qid = draw(st.sampled_from(QUESTION_IDS))
        value = draw(st.text(max_size=20).filter(lambda v: v.strip().lower() not in QUESTIONS_BY_ID[qid].values))
        return json.dumps({qid: value or "purple"})
    if kind == "twice":
        return '{"calcium": "high", "calcium": "low"}'
    qid = draw(st.sampled_from(QUESTION_IDS))
    return json.dumps({qid: draw(st.one_of(st.integers(), st.lists(st.just("high")), st.booleans(), st.floats()))})


@st.composite
def jsonl_inputs(draw: st.DrawFn) -> tuple[str, list[tuple[int, dict[str, object] | None]]]:
    """Lines, and for each line that is a case: (its number, the case or None when it is bad)."""
    lines: list[str] = []
    expected: list[tuple[int, dict[str, object] | None]] = []
    for kind in draw(st.lists(st.sampled_from(["good", "good", "bad", "blank", "lab"]), max_size=30)):
        number = len(lines) + 1
        if kind == "good":
            case = draw(good_cases())
            lines.append(json.dumps(case, ensure_ascii=draw(st.booleans())))
            expected.append((number, case))
        elif kind == "bad":
            lines.append(draw(bad_lines()))
            expected.append((number, None))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t", "  \t "])))
        else:  # measured values: good or bad depending on the value
            lines.append(json.dumps({"calcium_value": draw(st.one_of(st.floats(), st.text(max_size=5)))}))
            expected.append((number, {"?": "either"}))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    return text, expected


def check_common(outcome: Any, *, quiet_on_refusal: bool = True) -> None:
    assert outcome.exception is None, f"raised {outcome.exception!r}"
    assert outcome.exit_code in (0, 1, 2), f"exit {outcome.exit_code}: {outcome.stderr[-2000:]}"
    assert "Traceback" not in outcome.stdout and "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    if outcome.exit_code == 2:
        if quiet_on_refusal:
            assert outcome.stdout == "", "refused input, yet something on stdout"
        assert error_lines(outcome.stderr) == 1, outcome.stderr[-2000:]


def check_jsonl_output(
    stdout: str, expected: list[tuple[int, dict[str, object] | None]], validate: Callable[[Any], None]
) -> int:
    """Every case has its line, in order; returns how many were errors."""
    out = jsonl_lines(stdout)
    assert len(out) == len(expected), f"{len(expected)} cases but {len(out)} lines out"
    errors = 0
    for line, (number, case) in zip(out, expected, strict=True):
        item = json.loads(line)
        if "error" in item:
            errors += 1
            assert set(item) == {"line", "error"} and item["line"] == number, item
            assert isinstance(item["error"]["message"], str) and item["error"]["message"], item
            assert set(item["error"]) == {"message"}
            assert case is None or "?" in case, f"line {number}: a good case was refused: {item}"
        else:
            assert case is not None, f"line {number}: a bad case got a result"
            validate(item)
            if "?" not in case:
                assert line == expected_line(case)
    return errors


@fuzz(JSONL_EXAMPLES)
@given(data=jsonl_inputs(), bom=st.booleans(), to_file=st.booleans())
@example(data=("", []), bom=False, to_file=True)
@example(data=("\n\n\n", []), bom=True, to_file=False)
@example(
    data=(
        '{"calcium": "high"}\n{\n{"calcium": "HIGH"}',
        [(1, {"calcium": "high"}), (2, None), (3, {"calcium": "HIGH"})],
    ),
    bom=True,
    to_file=True,
)
def test_mixed_json_lines_give_one_line_a_case_in_order(
    invoke: Any,
    validate_result: Callable[[Any], None],
    tmp_path: Path,
    data: tuple[str, list[tuple[int, dict[str, object] | None]]],
    bom: bool,
    to_file: bool,
) -> None:
    text, expected = data
    raw = ("\ufeff" if bom else "").encode() + text.encode()
    if to_file:
        target = tmp_path / "results.jsonl"
        target.unlink(missing_ok=True)
        outcome = invoke("batch", "-", "--output", str(target), input=raw)
        check_common(outcome)
        assert outcome.stdout == ""
        stdout = target.read_text(encoding="utf-8") if outcome.exit_code != 2 else ""
        assert outcome.exit_code != 2 or not target.exists()
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "a temporary file was left"
    else:
        outcome = invoke("batch", input=raw)
        check_common(outcome)
        stdout = outcome.stdout
    assert outcome.exit_code != 2, outcome.stderr
    errors = check_jsonl_output(stdout, expected, validate_result)
    assert outcome.exit_code == (1 if errors else 0)


@pytest.mark.parametrize("digits", [4301, 20_000])
def test_a_number_with_thousands_of_digits_is_an_error_line_not_a_crash(invoke: Any, digits: int) -> None:
    data = '{"calcium_value": ' + "9" * digits + '}\n{"site": ' + "1" * digits + "}\n" + json.dumps(GOOD) + "\n"
    outcome = invoke("batch", input=data)
    check_common(outcome)
    assert outcome.exit_code == 1
    out = jsonl_lines(outcome.stdout)
    assert [json.loads(line).get("line") for line in out[:2]] == [1, 2]
    assert all(len(line) < 500 for line in out[:2]), "the error quotes the whole number"
    assert out[2] == expected_line(GOOD)


# --- CSV ------------------------------------------------------------------------------

COLUMNS = [*QUESTION_IDS, *LAB_FIELDS]


@st.composite
def csv_inputs(draw: st.DrawFn) -> tuple[str, list[tuple[int, dict[str, object] | None]], bool]:
    """CSV text, the cases expected (line number, case or None when bad), and whether the
    header is usable."""
    header = draw(st.lists(st.sampled_from(QUESTION_IDS), min_size=1, max_size=8, unique=True))
    header_ok = True
    shown_header = [draw(any_case(column)) for column in header]
    if draw(st.integers(0, 5)) == 0:
        stranger = draw(st.sampled_from(["foo", "", "calcium value", "Calcium ", "line", "error", "calcium"]))
        shown_header.insert(draw(st.integers(0, len(shown_header))), stranger)
        header_ok = stranger.strip().lower() == "calcium" and "calcium" not in header
        if header_ok:
            header.insert(shown_header.index(stranger), "calcium")
        elif not stranger:  # a column with no name, as spreadsheets leave them: its cells must be empty
            header_ok = True
            header.insert(shown_header.index(stranger), "")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(shown_header)
    expected: list[tuple[int, dict[str, object] | None]] = []
    line = 1
    for kind in draw(st.lists(st.sampled_from(["good", "good", "bad value", "short", "long", "blank"]), max_size=20)):
        line += 1
        if kind == "blank":
            buffer.write("\n")
            continue
        cells = [draw(st.sampled_from(["", *QUESTIONS_BY_ID[c].values]).flatmap(any_case)) if c else "" for c in header]
        if kind == "good":
            if not any(cells) and len(cells) < 2:
                buffer.write("\n")  # the row of one empty cell is a blank line, which is skipped
                continue
            expected.append((line, {c: v for c, v in zip(header, cells, strict=True) if v}))
        elif kind == "bad value":
            at = draw(st.integers(0, len(cells) - 1))
            cells[at] = draw(st.sampled_from(["purple", "yes please", "1", "é", "\x00", "🦴"]))
            expected.append((line, None))
        elif kind == "short":
            cells = cells[: draw(st.integers(0, len(cells) - 1))]
            if not any(cells) and len(cells) < 2:  # would be a blank line, which is skipped
                cells = ["x,"]  # one quoted cell holding a comma: too few cells, or a bad value
            expected.append((line, None))
        else:
            cells = [*cells, "extra"]
            expected.append((line, None))
        writer.writerow(cells)
    return buffer.getvalue(), expected, header_ok


@fuzz(CSV_EXAMPLES)
@given(data=csv_inputs(), out_format=st.sampled_from(["jsonl", "csv"]))
def test_csv_with_ragged_rows_and_odd_headers_gives_one_row_a_case(
    invoke: Any,
    validate_result: Callable[[Any], None],
    tmp_path: Path,
    data: tuple[str, list[tuple[int, dict[str, object] | None]], bool],
    out_format: str,
) -> None:
    text, expected, header_ok = data
    path = tmp_path / "cases.csv"
    path.write_text(text, encoding="utf-8")
    outcome = invoke("batch", str(path), "--format", out_format)
    # (stdout on a refused header: see test_a_refused_csv_header_prints_nothing_on_stdout)
    check_common(outcome, quiet_on_refusal=False)
    if not header_ok:
        assert outcome.exit_code == 2
        assert "header" in outcome.stderr and "cases.csv" in outcome.stderr, outcome.stderr
        return
    if out_format == "jsonl":
        errors = check_jsonl_output(outcome.stdout, expected, validate_result)
    else:
        rows = list(csv.reader(io.StringIO(outcome.stdout)))
        assert rows[0] == list(CSV_COLUMNS)
        assert len(rows) == len(expected) + 1
        errors = 0
        for row, (number, case) in zip(rows[1:], expected, strict=True):
            assert len(row) == len(CSV_COLUMNS)
            assert row[0] == str(number)
            if row[1]:
                errors += 1
                assert case is None, f"line {number}: a good row was refused: {row[1]}"
            else:
                assert case is not None, f"line {number}: a bad row got a result"
                assert row[CSV_COLUMNS.index("suggested_type")] == triage_answers(case).suggested_type
    assert outcome.exit_code == (1 if errors else 0)


@pytest.mark.parametrize("out_format", ["jsonl", "csv"])
@pytest.mark.parametrize("header", ["foo,calcium", "calcium,calcium", "", "line,error"])
def test_a_refused_csv_header_prints_nothing_on_stdout(
    invoke: Any, tmp_path: Path, header: str, out_format: str
) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(header + "\nhigh,high\n", encoding="utf-8")
    outcome = invoke("batch", str(path), "--format", out_format)
    check_common(outcome)
    assert outcome.exit_code == 2
    assert outcome.stdout == "", f"status 2, yet stdout holds {outcome.stdout[:80]!r}"


# --- bytes that are not text ------------------------------------------------------------


@fuzz(GARBAGE_EXAMPLES)
@given(
    garbage=st.binary(max_size=3000),
    first=st.booleans(),
    input_format=st.sampled_from(["jsonl", "csv"]),
)
@example(garbage=b"\x00" * 100, first=True, input_format="jsonl")
@example(garbage=b"\xff\xfe{\x00}", first=True, input_format="csv")
@example(garbage=b"\xef\xbb\xbf\xef\xbb\xbf", first=True, input_format="jsonl")
@example(garbage=b"\r\r\r\n\x1a", first=False, input_format="csv")
@example(garbage=b'"' + b"x\n" * 1000, first=False, input_format="csv")
def test_binary_garbage_is_refused_or_gives_error_lines(
    invoke: Any, garbage: bytes, first: bool, input_format: str
) -> None:
    head = b"calcium,site\n" if input_format == "csv" else b""
    good = b"high,face\n" if input_format == "csv" else b'{"calcium": "high", "site": "face"}\n'
    data = (head + garbage + b"\n" + good) if first else (head + good + garbage + b"\n" + good)
    outcome = invoke("batch", "--input-format", input_format, input=data)
    check_common(outcome)
    if outcome.exit_code == 2:
        assert input_format == "jsonl" and first, "only a first line that is not text makes the input unreadable"
        assert "not UTF-8" in outcome.stderr
        return
    lines = jsonl_lines(outcome.stdout)
    assert lines, "the good cases gave nothing"
    items = [json.loads(line) for line in lines]
    assert outcome.exit_code == (1 if any("error" in item for item in items) else 0)
    if input_format == "jsonl":  # the garbage ends with a line end: the last case stands alone
        assert lines[-1] == expected_line({"calcium": "high", "site": "face"})


# --- the same through worker processes --------------------------------------------------

Expected = list[tuple[int, dict[str, object] | None]]


def tiled(head: str, body: str, expected: Expected, first: int) -> tuple[str, Expected]:
    """``body`` (whose cases are ``expected``, numbered from line ``first``) repeated after
    ``head`` until there are more cases than a batch: the workers are forked."""
    body = body if body.endswith("\n") else body + "\n"
    lines = body.count("\n")
    copies = max(2, -(-(BATCH_CASES + 200) // max(len(expected), 1)))
    copies = min(copies, 3 * BATCH_CASES // max(lines, 1))
    out: Expected = []
    for copy in range(copies):
        out += [(number + copy * lines, case) for number, case in expected]
    return head + body * copies, out


def in_one_process_and_in_workers(invoke: Any, path: Path, *args: str) -> tuple[Any, Any]:
    alone = invoke("batch", str(path), *args, "--jobs", "1")
    shared = invoke("batch", str(path), *args, "--jobs", "2")
    check_common(shared)
    assert (shared.exit_code, shared.stdout, shared.stderr) == (alone.exit_code, alone.stdout, alone.stderr)
    return alone, shared


def _no_validation(result: Any) -> None:
    """One process's output is validated by the tests above; the workers' must equal it."""


@pytest.mark.skipif(not can_fork(), reason="worker processes are forked")
@fuzz(WORKER_EXAMPLES)
@given(data=jsonl_inputs().filter(lambda data: len(data[1]) > 0))
def test_workers_give_one_line_a_case_in_order_as_one_process_does(
    invoke: Any, tmp_path: Path, data: tuple[str, Expected]
) -> None:
    text, expected = tiled("", data[0].replace("\r\n", "\n"), data[1], 1)
    path = tmp_path / "cases.jsonl"
    path.write_text(text, encoding="utf-8")
    _, shared = in_one_process_and_in_workers(invoke, path)
    errors = check_jsonl_output(shared.stdout, expected, _no_validation)
    assert shared.exit_code == (1 if errors else 0)


@pytest.mark.skipif(not can_fork(), reason="worker processes are forked")
@fuzz(WORKER_EXAMPLES)
@given(
    data=csv_inputs().filter(lambda data: data[2] and len(data[1]) > 0), out_format=st.sampled_from(["jsonl", "csv"])
)
def test_workers_give_one_row_a_case_as_one_process_does(
    invoke: Any, tmp_path: Path, data: tuple[str, Expected, bool], out_format: str
) -> None:
    head, _, body = data[0].partition("\n")
    text, expected = tiled(head + "\n", body, data[1], 2)
    path = tmp_path / "cases.csv"
    path.write_text(text, encoding="utf-8")
    _, shared = in_one_process_and_in_workers(invoke, path, "--format", out_format)
    if out_format == "jsonl":
        check_jsonl_output(shared.stdout, expected, _no_validation)
    else:
        rows = list(csv.reader(io.StringIO(shared.stdout)))
        assert [row[0] for row in rows[1:]] == [str(number) for number, _ in expected]


# --- files that are not the usual file ----------------------------------------------------


def test_an_empty_file_gives_no_output(invoke: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    outcome = invoke("batch", str(empty))
    check_common(outcome)
    assert outcome.exit_code == 0 and outcome.stdout == ""
    csv_empty = tmp_path / "empty.csv"
    csv_empty.write_bytes(b"")
    outcome = invoke("batch", str(csv_empty))
    check_common(outcome)
    assert outcome.exit_code == 2 and "header" in outcome.stderr


@pytest.mark.parametrize("kind", ["missing", "folder", "folder named like a file", "fifo-less device"])
def test_input_that_is_not_a_readable_file_is_status_2(invoke: Any, tmp_path: Path, kind: str) -> None:
    target = {
        "missing": tmp_path / "missing.jsonl",
        "folder": tmp_path,
        "folder named like a file": tmp_path / "cases.jsonl",
        "fifo-less device": Path("/dev/null"),
    }[kind]
    if kind == "folder named like a file":
        target.mkdir()
    outcome = invoke("batch", str(target), "--input-format", "csv" if kind == "fifo-less device" else "jsonl")
    check_common(outcome)
    if kind == "fifo-less device":  # empty: no CSV header
        assert outcome.exit_code == 2
        return
    assert outcome.exit_code == 2
    assert "FILE" in outcome.stderr and str(target) in outcome.stderr


@pytest.mark.parametrize("existing", [False, True])
def test_unreadable_input_leaves_the_output_file_as_it_was(invoke: Any, tmp_path: Path, existing: bool) -> None:
    target = tmp_path / "results.jsonl"
    if existing:
        target.write_text("old\n", encoding="utf-8")
    outcome = invoke("batch", str(tmp_path / "missing.jsonl"), "--output", str(target), "--force")
    check_common(outcome)
    assert outcome.exit_code == 2
    assert (target.read_text(encoding="utf-8") == "old\n") if existing else not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["results.jsonl"] if existing else [])


# --- a line of 10 MB -------------------------------------------------------------------------

GOOD = {"calcium": "high", "kidney_failure": "yes"}


@pytest.mark.parametrize("where", ["first", "middle", "last, without a line end"])
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_a_line_of_10_mb_is_an_error_for_that_case_only(
    invoke: Any, tmp_path: Path, where: str, input_format: str
) -> None:
    if input_format == "jsonl":
        good = json.dumps(GOOD).encode()
        huge = b'{"site": "' + b"x" * (10 * 1024 * 1024) + b'"}'
        head = b""
    else:
        good = b"high,yes"
        huge = b"high," + b"y" * (10 * 1024 * 1024)
        head = b"calcium,kidney_failure\n"
    lines = {
        "first": [huge, good, good],
        "middle": [good, huge, good],
        "last, without a line end": [good, good, huge],
    }[where]
    data = head + b"\n".join(lines) + (b"" if where.startswith("last") else b"\n")
    path = tmp_path / f"cases.{input_format}"
    path.write_bytes(data)
    outcome = invoke("batch", str(path))
    check_common(outcome)
    assert outcome.exit_code == 1, outcome.stderr
    out = jsonl_lines(outcome.stdout)
    assert len(out) == 3, [line[:100] for line in out]
    offset = 1 if input_format == "csv" else 0
    huge_at = lines.index(huge)
    for index, line in enumerate(out):
        item = json.loads(line)
        if index == huge_at:
            assert item["line"] == index + 1 + offset
            assert LIMIT_KIB in item["error"]["message"], item
            assert len(line) < 500, "the error line quotes the huge line"
        else:
            assert line == expected_line(GOOD)


MEMORY_PROBE = textwrap.dedent(
    """
    import resource, subprocess, sys
    size = int(sys.argv[1])
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    good = b'{"calcium": "high"}\\n'
    child.stdin.write(good + b'{"site": "')
    piece = b"x" * (1 << 20)
    for _ in range(size >> 20):
        child.stdin.write(piece)
    child.stdin.write(b'"}\\n' + good)
    child.stdin.close()
    out = child.stdout.read()
    err = child.stderr.read()
    child.wait()
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(child.returncode, len(out.splitlines()), kib, err.decode(errors="replace")[-300:].replace("\\n", " "))
    """
)


def peak_memory_kib(command: list[str], size: int) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(size), *command, "batch"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    status, lines, kib = done.stdout.split()[:3]
    return int(status), int(lines), int(kib)


def test_a_200_mb_line_does_not_blow_memory(calcinosis_command: list[str]) -> None:
    status_small, _, small = peak_memory_kib(calcinosis_command, 1 << 20)
    status, lines, big = peak_memory_kib(calcinosis_command, 200 << 20)
    assert status_small == status == 1
    assert lines == 3
    assert big - small < 30 * 1024, f"peak memory grew by {(big - small) // 1024} MiB for a 200 MiB line"


# --- output that cannot be written -----------------------------------------------------------


def test_a_full_disk_on_standard_output_is_one_message_not_a_traceback(
    calcinosis_command: list[str], tmp_path: Path
) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*calcinosis_command, "batch", str(cases)], stdout=full, stderr=subprocess.PIPE, timeout=20
        )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-1500:]
    assert done.returncode in (1, 2), done.returncode
    assert error_lines(stderr) == 1 and "space" in stderr.lower(), stderr


def test_failures_found_by_hypothesis_are_kept_for_replay() -> None:
    """The example database is a folder of the checkout that git ignores."""
    from hypothesis import settings as current

    root = Path(__file__).resolve().parent.parent
    database = current.default.database
    assert database is not None and root / ".hypothesis" in Path(database.path).parents  # type: ignore[attr-defined]
    ignored = subprocess.run(["git", "check-ignore", "-q", ".hypothesis/examples/x"], cwd=root, timeout=20)
    assert ignored.returncode == 0, ".hypothesis/ is not ignored by git"
