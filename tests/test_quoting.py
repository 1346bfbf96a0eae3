"""Text from the input is shown one way: quoted, cut, and with nothing unprintable raw.

A key or value holding a carriage return, an escape sequence, a right-to-left
override or a newline reaches neither the terminal (a forged ``Error:`` line, a
cleared screen) nor a spreadsheet (a cell that begins a formula) as it is.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calcinosis_cli.batch import Pending
from calcinosis_cli.errors import quoted
from calcinosis_cli.render.csv_rows import CsvWriter

Invoke = Any  # the fixture of conftest.py

HOSTILE_KEYS = [
    "calc\rium",
    '=HYPERLINK("http://x")',
    "\r=1+1",
    "x\x1b[2J\x1b[31mred",
    "abc\u202edcba",
    "key\nError: forged second message",
    "bell\x07",
    "zero\u200bwidth",
]
# What none of it may reach a terminal as.
RAW = ("\r", "\x1b", "\u202e", "\x07", "\u200b")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_quoted_is_repr_style_cut_with_an_ellipsis() -> None:
    assert quoted("high") == "'high'"
    assert quoted("x" * 50) == repr("x" * 40 + "…")
    assert quoted("abc", limit=2) == "'ab…'"
    assert quoted("a\rb\x1b\u202e\n") == "'a\\rb\\x1b\\u202e\\n'"
    assert quoted(12) == "'12'"


@given(st.text())
def test_quoted_text_is_always_printable_and_one_line(text: str) -> None:
    shown = quoted(text)
    assert shown.isprintable() and "\n" not in shown
    assert len(shown) <= 40 + 3 or "\\" in shown


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_keys_in_answers_reach_stderr_escaped_in_one_error_line(invoke: Invoke, tmp_path: Path, key: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({key: "yes"}), encoding="utf-8")
    outcome = invoke("triage", "--no-input", "--json", "--answers", str(answers))
    assert outcome.exit_code == 2
    assert outcome.stderr.count("\n") == 1 and outcome.stderr.startswith("Error: "), repr(outcome.stderr)
    assert not any(char in outcome.stderr for char in RAW), repr(outcome.stderr)


@pytest.mark.parametrize("flag", ["--\x1b[2Jclear", "--rtl\u202e", "--a\rError: forged"])
def test_an_unknown_flag_is_shown_escaped(invoke: Invoke, flag: str) -> None:
    outcome = invoke("triage", "--no-input", flag)
    assert outcome.exit_code == 2
    assert not any(char in outcome.stderr for char in RAW), repr(outcome.stderr)
    assert sum(line.startswith("Error") for line in outcome.stderr.splitlines()) == 1


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_batch_error_messages_show_keys_escaped(invoke: Invoke, key: str) -> None:
    outcome = invoke("batch", input=json.dumps({key: "yes"}) + "\n")
    assert outcome.exit_code == 1
    message = json.loads(outcome.stdout)["error"]["message"]
    assert message.isprintable(), repr(message)


def csv_cells(text: str) -> list[list[str]]:
    """The cells as a spreadsheet splits them: at every line break, "\\r" included."""
    return [row for row in csv.reader(io.StringIO(text.replace("\r", "\n"), newline=""))]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_no_csv_cell_begins_a_formula(invoke: Invoke, key: str) -> None:
    cases = json.dumps({key: "yes"}) + "\n" + json.dumps({"calcium": "high"}) + "\n"
    outcome = invoke("batch", "--format", "csv", input=cases)
    assert outcome.exit_code == 1
    for row in csv_cells(outcome.stdout):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"a cell begins a formula: {cell!r}"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_the_csv_writer_makes_a_message_that_would_begin_a_formula_a_text_cell(start: str) -> None:
    """Whatever message a case's error has: today none begins with the input, and none may."""
    out = io.BytesIO()
    pending = Pending(out)
    CsvWriter(pending.write).error(7, start + "SUM(A1:A9)")
    pending.hand_on()
    (row,) = csv_cells(out.getvalue().decode())
    assert row[0] == "7" and "SUM(A1:A9)" in row[1]
    assert not row[1].startswith(FORMULA_STARTS)
