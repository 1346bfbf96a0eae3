"""CSV cases: a header naming the columns (question ids and lab fields), then a case a
row. A row gone wrong is that case's error only: a quote never closed (a stray ``"``)
would swallow the rest of the input, so its lines after the first are read again as
rows of their own."""

from __future__ import annotations

import collections
import csv
from collections.abc import Iterator, Mapping

from ..answers import parse_answers
from ..errors import UsageError, quoted
from ..questions import LAB_FIELDS, QUESTIONS_BY_ID
from .reading import CR_ALONE, MAX_LINE_BYTES, Case, CaseError, NumberedCases

# At most one column for each question and lab field: a header can name no more
# (besides the id field).
MAX_COLUMNS = len(QUESTIONS_BY_ID) + len(LAB_FIELDS)

_AGAIN = "; the lines after its first are read again as rows"


def csv_cases(
    lines: Iterator[tuple[int, bytes]],
    origin: str,
    id_field: str = "id",
    header_read: list[tuple[str, ...]] | None = None,
) -> NumberedCases:
    """(line number, answers or the error) for every CSV row after the header.

    The header names the columns: question ids, ``calcium_value``,
    ``phosphate_value`` and ``units``. Empty cells are unknown. Line numbers
    count the header as line 1. Raises :class:`UsageError` naming ``origin``
    when there is no usable header.

    Every line gives a case or an error: a row that runs over several lines (a
    quoted cell with line breaks) is one case only when it is a good one. A quote
    that is never closed (a stray ``"``) would swallow the rest of the input: its
    row is an error as soon as it passes :data:`MAX_LINE_BYTES`, or ends up
    unusable, and the lines after its first are read again as rows of their own.
    """
    source = _CsvLines(lines)
    reader: Iterator[list[str]] = csv.reader(source.texts(), strict=True)
    header = _csv_header(reader, source, origin, id_field)
    if header_read is not None:
        header_read.append(header)
    while True:
        source.records_anew()
        row: list[str] | csv.Error
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            row = error
        start = source.record[0][0]
        case, again = _case_of_record(row, source, header, id_field)
        if case is not None:
            yield start, case
        if again:
            reader = source.read_again()


def _case_of_record(
    row: list[str] | csv.Error, source: _CsvLines, header: tuple[str, ...], id_field: str
) -> tuple[Case | None, bool]:
    """The case of the record just read (``row``, or the reader's error): its answers,
    its error, or None for a blank row; and whether the lines of the record after its
    first are to be read again."""
    record = source.record
    start = record[0][0]
    if source.runaway:
        message = (
            f"a quoted cell begins in this row and is not closed within {MAX_LINE_BYTES // 1024} KiB "
            "(a stray '\"'?)" + _AGAIN
        )
        return CaseError(message), True
    if isinstance(row, csv.Error):
        return CaseError(f"not valid CSV: {in_words(row)}" + _AGAIN * (len(record) > 1)), True
    if start in source.too_long:
        source.too_long.discard(start)
        return CaseError(f"the line is longer than {MAX_LINE_BYTES // 1024} KiB"), False
    if not row or (len(row) == 1 and not row[0].strip()):
        return None, False
    case = _case_from_row(row, header)
    if len(record) > 1:  # one case only if it is a good one
        wrong = case.message if isinstance(case, CaseError) else _problem_of(case, id_field)
        if wrong is not None:
            return CaseError(f"the row runs over lines {start}-{record[-1][0]}: {wrong}" + _AGAIN), True
    return case, False


def _problem_of(case: Mapping[str, object], id_field: str) -> str | None:
    """What is wrong with the answers of ``case`` (its identifier aside), or None."""
    try:
        parse_answers({key: value for key, value in case.items() if key != id_field})
    except UsageError as error:
        return error.message
    return None


# What the csv module says of a carriage return (CR) in a cell that is not quoted.
_NEW_LINE_IN_CELL = "new-line character seen in unquoted field"


def in_words(error: csv.Error) -> str:
    """What the csv module found wrong, in words about the file (not about Python's ``open``)."""
    said = str(error)
    return f"a carriage return (CR) in a cell that is not quoted: {CR_ALONE}" if _NEW_LINE_IN_CELL in said else said


class _CsvLines:
    """The lines of a CSV input as the ``csv`` reader takes them, keeping those of the
    record being read (never more than :data:`MAX_LINE_BYTES` of them), so that a
    record gone wrong can be read again from its second line."""

    def __init__(self, lines: Iterator[tuple[int, bytes]]) -> None:
        self.lines = lines
        self.again: collections.deque[tuple[int, bytes]] = collections.deque()
        self.record: list[tuple[int, bytes]] = []
        self.size = 0
        self.runaway = False
        self.too_long: set[int] = set()

    def records_anew(self) -> None:
        self.record = []
        self.size = 0
        self.runaway = False

    def read_again(self) -> Iterator[list[str]]:
        """A reader that reads the lines of the record after its first again, then the rest."""
        self.again.extendleft(reversed(self.record[1:]))
        self.record = []
        return csv.reader(self.texts(), strict=True)

    def texts(self) -> Iterator[str]:
        """Lines of text for one reader. It ends (the reader then fails, inside a
        quoted cell) when the record being read would pass the limit."""
        while True:
            if self.again:
                number, line = self.again.popleft()
            else:
                item = next(self.lines, None)
                if item is None:
                    return
                number, line = item
            if self.record and self.size + len(line) > MAX_LINE_BYTES:
                self.again.appendleft((number, line))
                self.runaway = True
                return
            if len(line) > MAX_LINE_BYTES:
                self.too_long.add(number)
                line = b""
            self.record.append((number, line))
            self.size += len(line) + 1
            yield line.decode("utf-8", "surrogateescape") + "\n"


def _csv_header(reader: Iterator[list[str]], source: _CsvLines, origin: str, id_field: str) -> tuple[str, ...]:
    """The header: the first row that is not blank, its columns checked."""
    row = _header_row(reader, source, origin)
    if len(row) > MAX_COLUMNS + 1:  # the id field besides
        raise UsageError(
            f"{origin}: the CSV header has {len(row):,} columns; there are only {MAX_COLUMNS} "
            f"(the question ids and lab fields, each once) and the id field {quoted(id_field)}",
            "file",
        )
    header = tuple(_column(cell, id_field) for cell in row)
    seen: set[str] = set()
    for column in header:
        if not column:  # a column with no name, as spreadsheets leave them: its cells must be empty
            continue
        if column not in QUESTIONS_BY_ID and column not in LAB_FIELDS and column != id_field:
            raise UsageError(
                f"{origin}: the CSV header names column {quoted(column)}, which is not a question id or lab field"
                + _separator_hint(column, id_field),
                "file",
            )
        if column in seen:
            raise UsageError(f"{origin}: the CSV header names column {quoted(column)} twice", "file")
        seen.add(column)
    return header


# Separators other than the comma that spreadsheets and other programs write, in words.
_OTHER_SEPARATORS = ((";", "semicolons"), ("\t", "tabs"))


def _separator_hint(column: str, id_field: str) -> str:
    """Why a header cell may name no field: it holds the whole header, separated by
    something else than commas (a spreadsheet set to a language that writes ";")."""
    for separator, words in _OTHER_SEPARATORS:
        parts = [_column(part, id_field) for part in column.split(separator)]
        if len(parts) > 1 and all(p in QUESTIONS_BY_ID or p in LAB_FIELDS or p == id_field for p in parts):
            return f"; its cells seem to be separated by {words}: write the file with commas between the cells"
    return ""


def _column(cell: str, id_field: str) -> str:
    """The field a header cell names: a question id or lab field, read in any case; the
    id field as ``id_field`` spells it, also read in any case where that names no question
    or lab field."""
    name = cell.strip().lower()
    if name == id_field.lower() and name not in QUESTIONS_BY_ID and name not in LAB_FIELDS:
        return id_field
    return name


def _header_row(reader: Iterator[list[str]], source: _CsvLines, origin: str) -> list[str]:
    row: list[str] | None = None
    while row is None:
        source.records_anew()
        try:
            row = next(reader)
        except StopIteration:
            raise UsageError(
                f"{origin}: no CSV header: the first row names the columns (question ids, calcium_value, ...)", "file"
            ) from None
        except csv.Error as error:
            if not source.runaway:
                raise UsageError(f"{origin}: the CSV header cannot be read: {in_words(error)}", "file") from None
            raise UsageError(
                f"{origin}: the CSV header has a quoted cell that is not closed within {MAX_LINE_BYTES // 1024} KiB",
                "file",
            ) from None
        if source.too_long:
            raise UsageError(f"{origin}: the CSV header is longer than {MAX_LINE_BYTES // 1024} KiB", "file")
        if not any(cell.strip() for cell in row):
            row = None
    return row


def _case_from_row(row: list[str], header: tuple[str, ...]) -> Mapping[str, object] | CaseError:
    if len(row) != len(header):
        return CaseError(f"the row has {len(row)} cells but the header has {len(header)}")
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:
        return CaseError("not UTF-8 text")
    case = {column: cell.strip() for column, cell in zip(header, row, strict=True) if cell.strip()}
    if "" in case:  # a value in a column with no name
        at, cell = next(
            (n, cell)
            for n, (column, cell) in enumerate(zip(header, row, strict=True), start=1)
            if not column and cell.strip()
        )
        return CaseError(f"column {at} has no name in the header, so its value {quoted(cell.strip())} cannot be read")
    return case
