"""CSV input that goes wrong: every case still gets a result or an error line.

* A stray quote opens a cell that would run to the end of the input: its row is an
  error line naming where it began, and the lines after it are read again as rows.
* A row that runs over several lines is one case only when it is a good one.
* A CSV record is never longer than a line may be (64 KiB): memory stays flat.
* A header that is too long, or names more columns than there are fields, is an error
  of the whole input (status 2), found at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from calcinosis_cli import triage_answers
from calcinosis_cli.batch import MAX_COLUMNS, MAX_LINE_BYTES
from calcinosis_cli.questions import LAB_FIELDS, QUESTION_IDS

Invoke = Any  # the fixture of conftest.py

ROW = "high,face"
EXPECTED = json.dumps(
    triage_answers({"calcium": "high", "site": "face"}).to_dict(), ensure_ascii=False, separators=(",", ":")
)


def outcomes(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stray_quote_in_row_2_of_10000_loses_no_case(invoke: Invoke, tmp_path: Path, jobs: str) -> None:
    rows = [ROW] * 10_000
    rows[0] = '"' + ROW  # line 2 of the file
    path = tmp_path / "cases.csv"
    path.write_text("calcium,site\n" + "\n".join(rows) + "\n", encoding="utf-8")
    outcome = invoke("batch", str(path), "--jobs", jobs)
    assert outcome.exit_code == 1, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert len(lines) == 10_000, "cases vanished"
    first = json.loads(lines[0])
    assert first["line"] == 2 and "quote" in first["error"]["message"]
    assert lines[1:] == [EXPECTED] * 9_999


def test_a_row_over_several_lines_that_is_not_a_case_gives_every_line_an_outcome(invoke: Invoke) -> None:
    data = 'calcium,site\nhigh,"face\nhigh,face\nhigh,face"\nhigh,face\n'
    outcome = invoke("batch", "--input-format", "csv", input=data)
    got = outcomes(outcome.stdout)
    assert [item.get("line") for item in got] == [2, None, 4, None]
    assert "lines 2-4" in got[0]["error"]["message"]
    assert got[1] == got[3] == json.loads(EXPECTED)
    assert 'face"' in got[2]["error"]["message"]


def test_a_good_quoted_cell_with_a_line_break_is_one_case(invoke: Invoke) -> None:
    outcome = invoke("batch", "--input-format", "csv", input='calcium,site\n"high\n",face\nhigh,face\n')
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.stdout.splitlines() == [EXPECTED, EXPECTED]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_id_cell_with_a_line_break_is_one_case_with_that_id(invoke: Invoke, jobs: str) -> None:
    # A spreadsheet cell may hold a line break (Alt+Enter): the row is still one good case,
    # not an error that names the id column as "not a question id", plus a stray case.
    data = 'id,calcium,site\n"P-1\nward 3",high,face\r\nP-2,high,face\n'
    outcome = invoke("batch", "--input-format", "csv", "--jobs", jobs, input=data)
    assert outcome.exit_code == 0, outcome.stdout
    got = outcomes(outcome.stdout)
    assert [item.get("id") for item in got] == ["P-1\nward 3", "P-2"]
    assert all(item["suggested_type"] == json.loads(EXPECTED)["suggested_type"] for item in got)


def test_long_lines_inside_an_open_quote_are_each_an_error_line(invoke: Invoke) -> None:
    long = "x" * (MAX_LINE_BYTES + 10)
    data = "calcium,site\n" + ROW + "\n" + 'high,"face\n' + (long + "\n") * 3 + ROW + "\n"
    got = outcomes(invoke("batch", "--input-format", "csv", input=data).stdout)
    assert [item.get("line") for item in got] == [None, 3, 4, 5, 6, None]
    assert all("64 KiB" in item["error"]["message"] for item in got[1:5])


# --- the header ----------------------------------------------------------------------


def test_an_over_long_header_is_an_error_of_the_whole_input(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("calcium," * (MAX_LINE_BYTES // 8 + 10) + "site\ncalcium,site\nhigh,face\n", encoding="utf-8")
    outcome = invoke("batch", str(path))
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.startswith("Error: FILE") and "header" in outcome.stderr and "64 KiB" in outcome.stderr


def test_a_header_that_never_closes_its_quote_is_an_error_of_the_whole_input(invoke: Invoke) -> None:
    outcome = invoke("batch", "--input-format", "csv", input='"calcium,site\n' + (ROW + "\n") * 10_000)
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert "header" in outcome.stderr and outcome.stderr.count("\n") == 1


def test_a_header_of_10000_columns_is_refused_at_once(invoke: Invoke) -> None:
    header = ",".join(["pain"] * 10_000)
    started = time.monotonic()
    outcome = invoke("batch", "--input-format", "csv", input=header + "\n" + "mild\n")
    elapsed = time.monotonic() - started
    assert outcome.exit_code == 2
    assert "10,000 columns" in outcome.stderr and str(MAX_COLUMNS) in outcome.stderr
    assert elapsed < 1.0, f"{elapsed:.1f} s to refuse a header"


def test_a_header_of_every_field_and_the_id_column_is_read(invoke: Invoke) -> None:
    # Every question and lab field once, and the case's identifier: no column too many.
    header = ["id", *QUESTION_IDS, *LAB_FIELDS]
    row = {"id": "P-1", "calcium": "high", "site": "face"}
    text = ",".join(header) + "\n" + ",".join(row.get(column, "") for column in header) + "\n"
    outcome = invoke("batch", "--input-format", "csv", "--fields", "suggested_type", input=text)
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["id"] == "P-1"
    named = invoke("batch", "--input-format", "csv", "--id-field", "case", input=text.replace("id,", "case,", 1))
    assert named.exit_code == 0, named.stderr
    too_many = invoke("batch", "--input-format", "csv", input=",".join([*header, "pain"]) + "\n")
    assert too_many.exit_code == 2 and str(MAX_COLUMNS) in too_many.stderr


@pytest.mark.parametrize("header", ["PatientID", "patientid", " PATIENTID "])
def test_the_id_column_is_found_whatever_the_case_of_id_field_and_header(invoke: Invoke, header: str) -> None:
    # Header names are read in any case, and so is the column --id-field names.
    text = f"{header},calcium\nP-1,high\n"
    outcome = invoke("batch", "--input-format", "csv", "--id-field", "PatientID", "--fields", "urgency", input=text)
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout) == {"id": "P-1", "urgency": "soon"}


def test_a_repeated_column_is_found_in_one_pass(invoke: Invoke) -> None:
    outcome = invoke("batch", "--input-format", "csv", input="calcium,site,pain,Site\nhigh,face,mild,face\n")
    assert outcome.exit_code == 2 and "'site' twice" in outcome.stderr


# --- memory ----------------------------------------------------------------------------

CSV_MEMORY_PROBE = textwrap.dedent(
    """
    import resource, subprocess, sys, threading
    size = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a regression fails, not the machine
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    read = []
    reader = threading.Thread(target=lambda: read.append(child.stdout.read()))
    reader.start()
    child.stdin.write(b'calcium,site\\nhigh,face\\nhigh,"face\\n')
    line = b"y" * (100 << 10) + b"\\n"
    for _ in range(size // len(line)):
        child.stdin.write(line)
    child.stdin.write(b"high,face\\n")
    child.stdin.close()
    reader.join()
    child.wait()
    out = read[0]
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(child.returncode, len(out.splitlines()), kib)
    """
)


def csv_peak_memory_kib(command: list[str], size: int) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", CSV_MEMORY_PROBE, str(size), *command, "batch", "--input-format", "csv", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    status, lines, kib = done.stdout.split()
    return int(status), int(lines), int(kib)


def test_an_open_quote_over_100_mb_of_long_lines_keeps_memory_flat(calcinosis_command: list[str]) -> None:
    status_small, lines_small, small = csv_peak_memory_kib(calcinosis_command, 1 << 20)
    status, lines, big = csv_peak_memory_kib(calcinosis_command, 100 << 20)
    assert status_small == status == 1
    line = (100 << 10) + 1
    assert lines_small == 3 + (1 << 20) // line and lines == 3 + (100 << 20) // line, "lines vanished"
    assert big - small < 20 * 1024, f"peak memory grew by {(big - small) // 1024} MiB for 100 MiB of input"


def test_lines_ended_by_a_carriage_return_alone_are_said_so_in_plain_words(invoke: Invoke) -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR alone. The message was the csv
    module's: "new-line character seen in unquoted field - do you need to open the file in
    universal-newline mode?", words about Python's open(), not about the file."""
    whole = invoke("batch", "--input-format", "csv", input="calcium,site\rhigh,face\rlow,face\r")
    assert whole.exit_code == 2 and whole.stdout == ""
    said = whole.stderr.strip()
    assert "universal-newline" not in said and "Traceback" not in said and len(said.splitlines()) == 1
    assert "carriage return" in said and "LF" in said
    one_row = invoke("batch", "--input-format", "csv", input="calcium,site\nhigh,face\rlow,face\nhigh,face\n")
    got = outcomes(one_row.stdout)
    assert one_row.exit_code == 1 and [item.get("line") for item in got] == [2, None]
    assert "universal-newline" not in got[0]["error"]["message"] and "carriage return" in got[0]["error"]["message"]
    jsonl = invoke("batch", input='{"calcium": "high"}\r{"calcium": "low"}\r')
    (error,) = outcomes(jsonl.stdout)
    assert "carriage return" in error["error"]["message"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_columns_with_no_name_are_read_as_empty_as_a_spreadsheet_leaves_them(invoke: Invoke, jobs: str) -> None:
    # A spreadsheet saved as CSV often has columns with no name (trailing ",," or an empty
    # column between two): they name no field, and the cases are read as without them.
    text = "id,calcium,,site,,\nP-1,high,,face,,\nP-2,normal, ,face,,\n"
    outcome = invoke("batch", "--input-format", "csv", "--jobs", jobs, "--fields", "urgency,answers", input=text)
    assert outcome.exit_code == 0, outcome.stderr
    rows = outcomes(outcome.stdout)
    alone = invoke(
        "batch",
        "--input-format",
        "csv",
        "--fields",
        "urgency,answers",
        input="id,calcium,site\nP-1,high,face\nP-2,normal,face\n",
    )
    assert rows == outcomes(alone.stdout)
    # A value under a column with no name cannot be read: that row is an error naming the column.
    bad = invoke(
        "batch", "--input-format", "csv", "--jobs", jobs, input="calcium,,site\nhigh,severe,face\nhigh,,face\n"
    )
    assert bad.exit_code == 1, bad.stderr
    first, second = outcomes(bad.stdout)
    assert first["line"] == 2 and "column 2" in first["error"]["message"] and "no name" in first["error"]["message"]
    assert "error" not in second


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_header_separated_by_semicolons_or_tabs_is_said_so(invoke: Invoke, separator: str, word: str) -> None:
    # Spreadsheets in many languages save "CSV" with semicolons; tab-separated text is common too.
    text = separator.join(["id", "calcium", "site"]) + "\n" + separator.join(["P-1", "high", "face"]) + "\n"
    outcome = invoke("batch", "--input-format", "csv", input=text)
    assert outcome.exit_code == 2
    assert f"separated by {word}" in outcome.stderr and "commas" in outcome.stderr, outcome.stderr
    assert "Traceback" not in outcome.stderr
