"""Many triages in one run: cases in (JSON Lines or CSV), results out, streamed.

A case is read, triaged and written before the next one is read, so memory stays
the same whatever the size of the input. A bad case becomes an error line
(``{"line": N, "error": {"message": ...}}``) and the run goes on. Output is handed
on whenever the program is about to wait for more input, so ``head`` or ``jq``
downstream see results as they come without a write per line.

Only the progress bar uses Rich, and it is imported only when it is drawn.
"""

from __future__ import annotations

import collections
import csv
import gc
import io
import itertools
import json
import os
import stat
import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, Protocol

from .answers import MAX_ANSWERS_BYTES, parse_answers, parse_json_int
from .errors import UsageError, printable, quoted
from .files import PATH_LIMIT, atomic_file
from .knowledge import SOURCES
from .questions import ADDED_1_1_IDS, CONTRACT_1_0_IDS, LAB_FIELDS, QUESTION_IDS, QUESTIONS_BY_ID
from .result import SCHEMA_VERSION, Result, ResultEncoder, fields_of
from .tree import triage

if TYPE_CHECKING:
    from .workers import Output

INPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir")
OUTPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir", "fhir-bundle")
FORMAT_BY_SUFFIX: Mapping[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
STDIO = "-"

# Input is read in pieces of this size: big enough that reading costs nothing per
# case, small enough that results reach a pipe within milliseconds.
CHUNK_BYTES = 64 * 1024
# Results waiting to be written never take more than this.
PENDING_BYTES = 1024 * 1024
# A case is one small object; a longer line is an error, and is not kept in memory.
MAX_LINE_BYTES = MAX_ANSWERS_BYTES
# Allocations between two runs of the garbage collector's youngest generation (700 by default).
COLLECT_AFTER = 50_000

# The columns of ``--format csv``: the case, its answers, the verdict and the lists.
CSV_LISTS: tuple[str, ...] = (
    "alternatives",
    "reasons",
    "matched_causes",
    "red_flags",
    "next_steps",
    "typical_causes",
    "treatment_notes",
    "unanswered",
)
# The 1.0 columns keep their positions; the columns of 1.1 come after all of them.
CSV_LAB_FIELDS_1_0: tuple[str, ...] = ("calcium_value", "phosphate_value", "units")
CSV_LAB_FIELDS_1_1: tuple[str, ...] = ("albumin_value", "albumin_units")
CSV_LISTS_1_1: tuple[str, ...] = ("safety_net", "look_alikes")
CSV_COLUMNS: tuple[str, ...] = (
    "line",
    "error",
    *CONTRACT_1_0_IDS,
    *CSV_LAB_FIELDS_1_0,
    "suggested_type",
    "suggested_type_name",
    "certainty",
    "urgency",
    *CSV_LISTS,
    *ADDED_1_1_IDS,
    *CSV_LAB_FIELDS_1_1,
    *CSV_LISTS_1_1,
)
LIST_SEPARATOR = "; "


class CaseError(ValueError):
    """One case cannot be triaged; the run goes on."""

    def __init__(self, message: str) -> None:
        message = printable(message)  # whatever it quotes from the input, it shows nothing raw
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BatchReport:
    cases: int
    errors: int


# --- choosing formats ---------------------------------------------------------


def source_for(file: str | None) -> str:
    """The input: FILE, or ``-`` for standard input when FILE is ``-`` or not given.

    Without FILE, standard input must not be a terminal: nobody types cases by hand
    (``-`` still allows it)."""
    if file is not None:
        return file
    if _isatty(sys.stdin):
        raise UsageError("FILE: no cases: name a file, or pipe JSON Lines into standard input", "file")
    return STDIO


def input_format_for(path: str, chosen: str | None) -> str:
    """The input format: ``chosen`` if given, else from the file's ending (stdin: jsonl)."""
    if chosen is not None:
        fmt = chosen.strip().lower()
        if fmt not in INPUT_FORMATS:
            raise UsageError(
                f"--input-format: {quoted(chosen)} is not one of: {', '.join(INPUT_FORMATS)}", "input_format"
            )
        return fmt
    if path == STDIO:
        return "jsonl"
    by_suffix = FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())
    if by_suffix is None:
        endings = ", ".join(FORMAT_BY_SUFFIX)
        raise UsageError(
            f"--input-format: cannot tell the format of {quoted(path, PATH_LIMIT)} from its ending (known: {endings}); "
            f"give --input-format {'|'.join(INPUT_FORMATS)}",
            "input_format",
        )
    return by_suffix


# Worker processes when --jobs is not given: one per processor, up to this many.
MAX_DEFAULT_JOBS = 8
MAX_JOBS = 64


def jobs_for(chosen: str | None) -> int:
    """The number of worker processes: ``chosen`` (from ``--jobs``), else one per
    processor this process may use, at most :data:`MAX_DEFAULT_JOBS`."""
    if chosen is None:
        from .workers import available_cpus

        return max(1, min(available_cpus(), MAX_DEFAULT_JOBS))
    text = chosen.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 2 and 1 <= int(text) <= MAX_JOBS):
        raise UsageError(f"--jobs: {quoted(chosen)} is not a whole number from 1 to {MAX_JOBS}", "jobs")
    return int(text)


def fields_for(chosen: str | None, output_format: str) -> tuple[str, ...] | None:
    """The keys of ``--fields KEY,KEY,...``, checked (None when not given)."""
    if chosen is not None and output_format not in ("jsonl", "csv"):
        raise UsageError(f"--fields works with JSON Lines and CSV output, not --format {output_format}", "fields")
    return None if chosen is None else fields_of(chosen)


def id_field_for(chosen: str | None) -> tuple[str, bool]:
    """The field that identifies a case (``id`` unless ``--id-field`` names another),
    and whether it was given."""
    if chosen is None:
        return "id", False
    name = chosen.strip()
    if not name:
        raise UsageError("--id-field names no field", "id-field")
    if name in QUESTIONS_BY_ID or name in LAB_FIELDS:
        raise UsageError(f"--id-field {quoted(name)} is a question id or lab field, not an identifier", "id-field")
    return name, True


def output_format_for(chosen: str) -> str:
    fmt = chosen.strip().lower()
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"--format: {quoted(chosen)} is not one of: {', '.join(OUTPUT_FORMATS)}", "format")
    return fmt


# --- reading ----------------------------------------------------------------------


class Progress(Protocol):
    """Told, before each read, how many bytes have been read and cases done."""

    def advance(self, bytes_read: int, cases: int) -> None: ...


def numbered_lines(stream: IO[bytes], origin: str, before_wait: Callable[[], None]) -> Iterator[tuple[int, bytes]]:
    """The lines of ``stream`` (without their ends) with their 1-based numbers; see
    :func:`numbered_blocks`."""
    for first, block in numbered_blocks(stream, origin, before_wait):
        yield from zip(itertools.count(first), block.split(b"\n"))


def numbered_blocks(stream: IO[bytes], origin: str, before_wait: Callable[[], None]) -> Iterator[tuple[int, bytes]]:
    """The lines of ``stream`` in blocks as they are read: (the 1-based number of the
    block's first line, its lines joined by newlines).

    ``before_wait`` runs before every read that may wait for input. A line longer
    than :data:`MAX_LINE_BYTES` is a block of its own, cut short (still too long, so
    the reader reports it), and the rest of it is skipped without keeping it.
    Raises :class:`UsageError` naming ``origin`` if the input does not start as UTF-8 text.
    """
    read = getattr(stream, "read1", stream.read)
    number = 0  # lines given so far
    rest = b""
    skipping = False
    first = True
    while True:
        before_wait()
        chunk = read(CHUNK_BYTES)
        if not chunk:
            break
        if first:
            first = False
            _check_start(chunk, origin)
            if chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
        if skipping:
            end = chunk.find(b"\n")
            if end < 0:
                continue
            chunk, skipping = chunk[end + 1 :], False
        end = chunk.rfind(b"\n")
        if end < 0:
            rest += chunk
        else:
            block = rest + chunk[:end]
            rest = chunk[end + 1 :]
            yield number + 1, block
            number += block.count(b"\n") + 1
        if len(rest) > MAX_LINE_BYTES:
            number += 1
            yield number, rest
            rest, skipping = b"", True
    if rest:
        yield number + 1, rest


def _check_start(chunk: bytes, origin: str) -> None:
    """Refuse input whose first line is not UTF-8 text: not JSON Lines or CSV at all.
    A bad line further on is only that case's error."""
    end = chunk.find(b"\n", 0, 4096)
    try:
        chunk[: end if end >= 0 else 4096].decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut in two at the end of the piece is fine.
        if error.reason != "unexpected end of data":
            raise UsageError(
                f"{origin}: not UTF-8 text (byte {error.start}): is it JSON Lines or CSV?", "file"
            ) from None


def _pairs_to_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise CaseError(f"field {quoted(key)} is given twice")
            seen.add(key)
    return value


_decode_json = json.JSONDecoder(object_pairs_hook=_pairs_to_object, parse_int=parse_json_int).decode
# The same without the check for repeated keys, which costs a call per object.
_decode_json_fast = json.JSONDecoder(parse_int=parse_json_int).decode


def case_from_json_line(line: bytes) -> Mapping[str, object]:
    """One JSON Lines case: a JSON object of answers. Raises :class:`CaseError`."""
    if len(line) > MAX_LINE_BYTES:
        raise CaseError(f"the line is longer than {MAX_LINE_BYTES // 1024} KiB; a case is a small JSON object")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaseError(f"not UTF-8 text (byte {error.start + 1} of the line)") from None
    try:
        value = _decode_json_fast(text)
    except (ValueError, RecursionError):
        pass  # reported below, with the message of the careful decoder
    else:
        # Every member of every object in the line has a colon of its own outside
        # strings: as many colons in all as members of the case means that no object,
        # this one or one within it, repeats a key.
        if value.__class__ is dict and line.count(b":") == len(value):
            return value
    try:
        value = _decode_json(text)
    except json.JSONDecodeError as error:
        raise CaseError(f"not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise CaseError("the JSON is nested too deeply") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise CaseError(f"not usable JSON ({str(error)[:80]})") from None
    if not isinstance(value, dict):
        raise CaseError(f'expected a JSON object like {{"calcium": "high"}}, not {_json_kind(value)}')
    return value


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    kinds = {list: "a list", str: "a string", type(None): "null", int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


def jsonl_cases(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, Mapping[str, object] | CaseError]]:
    """(line number, answers or the error) for every line that is not blank."""
    for number, line in lines:
        if not line or line.isspace():
            continue
        try:
            yield number, case_from_json_line(line)
        except CaseError as error:
            yield number, error


def csv_cases(
    lines: Iterator[tuple[int, bytes]],
    origin: str,
    id_field: str = "id",
    header_read: list[tuple[str, ...]] | None = None,
) -> Iterator[tuple[int, Mapping[str, object] | CaseError]]:
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
        try:
            row: list[str] | None = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            row, problem = None, str(error)
        record = source.record
        start = record[0][0]
        if source.runaway:
            yield (
                start,
                CaseError(
                    f"a quoted cell begins in this row and is not closed within {MAX_LINE_BYTES // 1024} KiB "
                    "(a stray '\"'?)" + _AGAIN
                ),
            )
            reader = source.read_again()
            continue
        if row is None:
            yield start, CaseError(f"not valid CSV: {problem}" + _AGAIN * (len(record) > 1))
            reader = source.read_again()
            continue
        if start in source.too_long:
            source.too_long.discard(start)
            yield start, CaseError(f"the line is longer than {MAX_LINE_BYTES // 1024} KiB")
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        case = _case_from_row(row, header)
        if len(record) > 1:  # one case only if it is a good one
            wrong = case.message if isinstance(case, CaseError) else _problem_of(case)
            if wrong is not None:
                yield start, CaseError(f"the row runs over lines {start}-{record[-1][0]}: {wrong}" + _AGAIN)
                reader = source.read_again()
                continue
        yield start, case


_AGAIN = "; the lines after its first are read again as rows"


def _problem_of(case: Mapping[str, object]) -> str | None:
    try:
        parse_answers(case)
    except UsageError as error:
        return error.message
    return None


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


# At most one column for each question and lab field: a header can name no more.
MAX_COLUMNS = len(QUESTIONS_BY_ID) + len(LAB_FIELDS)


def _csv_header(reader: Iterator[list[str]], source: _CsvLines, origin: str, id_field: str) -> tuple[str, ...]:
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
                raise UsageError(f"{origin}: the CSV header cannot be read: {error}", "file") from None
            raise UsageError(
                f"{origin}: the CSV header has a quoted cell that is not closed within {MAX_LINE_BYTES // 1024} KiB",
                "file",
            ) from None
        if source.too_long:
            raise UsageError(f"{origin}: the CSV header is longer than {MAX_LINE_BYTES // 1024} KiB", "file")
        if not any(cell.strip() for cell in row):
            row = None
    if len(row) > MAX_COLUMNS:
        raise UsageError(
            f"{origin}: the CSV header has {len(row):,} columns; there are only {MAX_COLUMNS} "
            "(the question ids and lab fields, each once)",
            "file",
        )
    header = tuple(cell.strip().lower() for cell in row)
    seen: set[str] = set()
    for column in header:
        if column not in QUESTIONS_BY_ID and column not in LAB_FIELDS and column != id_field:
            raise UsageError(
                f"{origin}: the CSV header names column {quoted(column)}, which is not a question id or lab field",
                "file",
            )
        if column in seen:
            raise UsageError(f"{origin}: the CSV header names column {quoted(column)} twice", "file")
        seen.add(column)
    return header


def _case_from_row(row: list[str], header: tuple[str, ...]) -> Mapping[str, object] | CaseError:
    if len(row) != len(header):
        return CaseError(f"the row has {len(row)} cells but the header has {len(header)}")
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:
        return CaseError("not UTF-8 text")
    return {column: cell.strip() for column, cell in zip(header, row, strict=True) if cell.strip()}


# --- the triage of one case ---------------------------------------------------


class Shape(NamedTuple):
    """What a batch's output holds besides the results: the field of a case that is its
    identifier, echoed as ``id``; the keys of each result (None: all); and whether CSV
    output has an ``id`` column."""

    id_field: str = "id"
    fields: tuple[str, ...] | None = None
    id_column: bool = False
    responses_only: bool = False  # --input-format fhir: every case a QuestionnaireResponse


Identifier = str | int | None
# All the keys, no id column; the id field is ``id``.
PLAIN = Shape()


def triage_case(case: Mapping[str, object] | CaseError, shape: Shape = PLAIN) -> tuple[Result | CaseError, Identifier]:
    """The result of one case, or the error that stops it, and the case's identifier
    (the value of ``shape.id_field``: a string or an integer; in a FHIR
    QuestionnaireResponse its ``identifier.value``), if it has one."""
    if isinstance(case, CaseError):
        return case, None
    if shape.responses_only or case.get("resourceType") is not None:
        return _triage_response(case, shape.responses_only)
    id_field = shape.id_field
    case_id: Identifier = None
    if id_field in case:
        given = case[id_field]
        case = {key: value for key, value in case.items() if key != id_field}
        if given.__class__ is str or given.__class__ is int:
            case_id = given  # a string or an integer, just checked
        elif given is not None:
            kind = "true or false" if isinstance(given, bool) else type(given).__name__
            return CaseError(
                f"field {quoted(id_field)}, the case's identifier, must be a string or an integer, not {kind}"
            ), None
    try:
        return triage(parse_answers(case)), case_id
    except UsageError as error:
        return CaseError(error.message), case_id


def _triage_response(case: Mapping[str, object], responses_only: bool) -> tuple[Result | CaseError, Identifier]:
    """A case given as a FHIR QuestionnaireResponse (a JSON object with a ``resourceType``)."""
    from .fhir_in import answers_from_response, is_response, response_identifier

    if not is_response(case):
        kind = case.get("resourceType")
        what = f"a {quoted(str(kind))} resource" if kind is not None else "a JSON object of answers"
        if responses_only:
            return CaseError(f"expected a FHIR QuestionnaireResponse (--input-format fhir), not {what}"), None
        return CaseError(f"field 'resourceType': {what} is not a QuestionnaireResponse"), None
    try:
        case_id = response_identifier(case)
    except UsageError as error:
        return CaseError(error.message), None
    try:
        return triage(parse_answers(answers_from_response(case))), case_id
    except UsageError as error:
        return CaseError(error.message), case_id


# --- writing -------------------------------------------------------------------


class Pending:
    """Bytes waiting to be written to a stream, written in large pieces."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.parts: list[bytes] = []
        self.write = self.parts.append

    def hand_on(self) -> None:
        """Write what is waiting and flush it, so that a reader downstream sees it."""
        if self.parts:
            data = b"".join(self.parts)
            self.parts.clear()
            self.stream.write(data)
            self.stream.flush()

    def hand_on_if_large(self) -> None:
        if sum(map(len, self.parts)) >= PENDING_BYTES:
            self.hand_on()


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def error_json(line: int, message: str, case_id: Identifier = None) -> bytes:
    error: dict[str, object] = {"line": line, "error": {"message": message}}
    if case_id is not None:
        error = {"line": line, "id": case_id, "error": error["error"]}
    try:
        return (_json(error) + "\n").encode()
    except UnicodeEncodeError:  # a lone surrogate (a "\ud800" escape) quoted from the input: escape it again
        return (json.dumps(error, separators=(",", ":")) + "\n").encode()


class JsonlWriter:
    """One compact JSON object a line: the result, or the error of the case."""

    def __init__(self, pending: Pending, shape: Shape = PLAIN) -> None:
        self.write = pending.write
        self.encode = ResultEncoder() if shape.fields is None else ResultEncoder(shape.fields)

    def start(self) -> None:
        pass

    def result(self, line: int, result: Result, case_id: Identifier = None) -> None:
        self.write(self.encode(result, b"" if case_id is None else b'"id":' + _json(case_id).encode() + b","))

    def error(self, line: int, message: str, case_id: Identifier = None) -> None:
        self.write(error_json(line, message, case_id))


class _TextToBytes:
    """What ``csv.writer`` writes to, for :class:`Pending`."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self.write_bytes = write

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8", "backslashreplace"))


class CsvWriter:
    """A header, then one row a case: its answers, the verdict and the lists joined by ``; ``.
    With ``fields``, the columns of those keys only (:data:`CSV_BY_KEY`); with an ``id``
    column, the case's identifier first."""

    def __init__(self, pending: Pending, shape: Shape = PLAIN) -> None:
        self.rows = csv.writer(_TextToBytes(pending.write), lineterminator="\n")
        self.fields = shape.fields
        self.id_column = shape.id_column
        columns = CSV_COLUMNS
        if shape.fields is not None:
            columns = ("line", "error", *(column for key in shape.fields for column in CSV_BY_KEY[key][0]))
        self.columns = ("id", *columns) if shape.id_column else columns

    def start(self) -> None:
        self.rows.writerow(self.columns)

    def result(self, line: int, result: Result, case_id: Identifier = None) -> None:
        if self.fields is None:
            cells = self._all(line, result)
        else:
            cells = (line, "", *(cell for key in self.fields for cell in CSV_BY_KEY[key][1](result)))
        self.rows.writerow((_id_cell(case_id), *cells) if self.id_column else cells)

    def _all(self, line: int, result: Result) -> tuple[object, ...]:
        values, labs = result.answers.values, result.answers.labs
        lab_cells = ["", "", ""]
        albumin_cells = ["", ""]
        if labs is not None:
            lab_cells = [
                _number(labs.calcium.value) if labs.calcium else "",
                _number(labs.phosphate.value) if labs.phosphate else "",
                labs.units,
            ]
            if labs.albumin is not None:
                albumin_cells = [_number(labs.albumin.value), labs.albumin.units]
        lists = (
            tuple(a.id for a in result.alternatives),
            result.reasons,
            result.matched_causes,
            result.red_flags,
            result.next_steps,
            result.typical_causes,
            result.treatment_notes,
            result.answers.unanswered,
        )
        return (
            line,
            "",
            *(values[q] for q in CONTRACT_1_0_IDS),
            *lab_cells,
            result.suggested_type,
            result.name,
            result.certainty,
            result.urgency,
            *(as_text_cell(LIST_SEPARATOR.join(items)) for items in lists),
            *(values[q] for q in ADDED_1_1_IDS),
            *albumin_cells,
            as_text_cell(LIST_SEPARATOR.join(result.safety_net)),
            LIST_SEPARATOR.join(x.id for x in result.look_alikes),
        )

    def error(self, line: int, message: str, case_id: Identifier = None) -> None:
        cells = (line, as_text_cell(printable(message)), *[""] * (len(self.columns) - 2 - self.id_column))
        self.rows.writerow((_id_cell(case_id), *cells) if self.id_column else cells)


def _id_cell(case_id: Identifier) -> str:
    return "" if case_id is None else as_text_cell(printable(str(case_id)))


def _joined(items: Iterable[str]) -> str:
    return as_text_cell(LIST_SEPARATOR.join(items))


def _lab_cells(result: Result) -> tuple[str, ...]:
    labs = result.answers.labs
    if labs is None:
        return ("", "", "", "", "")
    albumin = labs.albumin
    return (
        _number(labs.calcium.value) if labs.calcium else "",
        _number(labs.phosphate.value) if labs.phosphate else "",
        labs.units,
        _number(albumin.value) if albumin else "",
        albumin.units if albumin else "",
    )


# The CSV columns of each key of a result, and their cells, for --fields.
CSV_BY_KEY: Mapping[str, tuple[tuple[str, ...], Callable[[Result], tuple[object, ...]]]] = {
    "schema_version": (("schema_version",), lambda r: (SCHEMA_VERSION,)),
    "suggested_type": (("suggested_type", "suggested_type_name"), lambda r: (r.suggested_type, r.name)),
    "certainty": (("certainty",), lambda r: (r.certainty,)),
    "alternatives": (("alternatives",), lambda r: (LIST_SEPARATOR.join(a.id for a in r.alternatives),)),
    "reasons": (("reasons",), lambda r: (_joined(r.reasons),)),
    "path": (("path",), lambda r: (_joined(f"{s.rule.partition(':')[0]} {s.question}={s.answer}" for s in r.path),)),
    "typical_causes": (("typical_causes",), lambda r: (_joined(r.typical_causes),)),
    "matched_causes": (("matched_causes",), lambda r: (_joined(r.matched_causes),)),
    "treatment_notes": (("treatment_notes",), lambda r: (_joined(r.treatment_notes),)),
    "red_flags": (("red_flags",), lambda r: (_joined(r.red_flags),)),
    "urgency": (("urgency",), lambda r: (r.urgency,)),
    "next_steps": (("next_steps",), lambda r: (_joined(r.next_steps),)),
    "answers": (QUESTION_IDS, lambda r: tuple(r.answers.values[q] for q in QUESTION_IDS)),
    "unanswered": (("unanswered",), lambda r: (LIST_SEPARATOR.join(r.answers.unanswered),)),
    "labs": ((*CSV_LAB_FIELDS_1_0, *CSV_LAB_FIELDS_1_1), _lab_cells),
    "sources": (("sources",), lambda r: (_joined(SOURCES[x].url for x in r.source_ids),)),
    "disclaimer": (("disclaimer",), lambda r: (as_text_cell(r.disclaimer),)),
    "safety_net": (("safety_net",), lambda r: (_joined(r.safety_net),)),
    "look_alikes": (("look_alikes",), lambda r: (LIST_SEPARATOR.join(x.id for x in r.look_alikes),)),
}


# A cell that begins with one of these is a formula to a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never runs: one that
    would begin a formula gets a ``'`` in front. (The other cells are numbers we
    write, and values of closed sets, none of which begins so.)"""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _number(value: float) -> str:
    return repr(int(value)) if value.is_integer() else repr(value)


class FhirWriter:
    """One compact FHIR resource a line (FHIR NDJSON): a ``QuestionnaireResponse`` a case,
    or with ``bundle`` a ``Bundle`` (the response, Observations and a RiskAssessment); a
    bad case is an ``OperationOutcome`` line."""

    bundle = False

    def __init__(self, pending: Pending, shape: Shape = PLAIN) -> None:
        from .render import fhir

        self.write = pending.write
        self.resource = fhir.result_bundle if self.bundle else fhir.questionnaire_response
        self.outcome = fhir.operation_outcome

    def start(self) -> None:
        pass

    def result(self, line: int, result: Result, case_id: Identifier = None) -> None:
        self._line(self.resource(result, identifier=case_id))

    def error(self, line: int, message: str, case_id: Identifier = None) -> None:
        self._line(self.outcome(message, line=line, identifier=case_id))

    def _line(self, resource: dict[str, Any]) -> None:
        try:
            text = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
            self.write((text + "\n").encode())
        except UnicodeEncodeError:  # a lone surrogate quoted from the input: escape it again
            self.write((json.dumps(resource, separators=(",", ":")) + "\n").encode())


class FhirBundleWriter(FhirWriter):
    bundle = True


Writer = JsonlWriter | CsvWriter | FhirWriter
WRITERS: Mapping[str, Callable[[Pending, Shape], Writer]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "fhir": FhirWriter,
    "fhir-bundle": FhirBundleWriter,
}


# --- running -------------------------------------------------------------------------


def run_batch(
    source: str,
    *,
    input_format: str,
    output_format: str,
    output: IO[bytes],
    progress: AbstractContextManager[Progress] | None = None,
    jobs: int = 1,
    shape: Shape = PLAIN,
) -> BatchReport:
    """Triage every case of ``source`` (a path, or ``-`` for standard input) and
    write one result per case to ``output``, in order. ``progress``, if given, is
    entered once the input is open and told how far the run is. With ``jobs`` over
    1 (where processes can be forked), that many worker processes triage the cases
    once the input proves longer than a batch. Raises :class:`UsageError` when the
    input cannot be read at all."""
    from .workers import can_fork

    counts = [0, 0]  # cases, errors
    with open_input(source) as stream, progress or nullcontext() as tracker:
        pending = Pending(output)
        name = "standard input" if source == STDIO else f"FILE {quoted(source, PATH_LIMIT)}"
        if jobs > 1 and can_fork():
            _triage_in_workers(stream, name, input_format, output_format, pending, counts, jobs, tracker, shape)
            return BatchReport(cases=counts[0], errors=counts[1])
        before_wait = pending.hand_on
        if tracker is not None:
            shown, position = tracker, _position_of(stream)

            def before_wait() -> None:
                pending.hand_on()
                shown.advance(position(), counts[0])

        lines = numbered_lines(stream, name, before_wait)
        header: list[tuple[str, ...]] = []
        cases = jsonl_cases(lines) if input_format != "csv" else csv_cases(lines, name, shape.id_field, header)
        # The first case is read before anything is written, so that input refused
        # at its start (a bad CSV header) leaves the output empty.
        first = next(cases, None)
        shape = _with_id_column(shape, header)
        writer: Writer = WRITERS[output_format](pending, shape)
        writer.start()
        if first is not None:
            _triage_all(itertools.chain((first,), cases), writer, counts, pending.hand_on_if_large, shape)
        pending.hand_on()
    return BatchReport(cases=counts[0], errors=counts[1])


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often: a case makes hundreds of small
    objects and no cycles, and each collection would walk the caches of the tree too.
    What exists already is left out of collections (``gc.freeze``)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECT_AFTER, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _triage_all(
    cases: Iterator[tuple[int, Mapping[str, object] | CaseError]],
    writer: Writer,
    counts: list[int],
    now_and_then: Callable[[], None],
    shape: Shape = PLAIN,
) -> None:
    """Triage and write every case, keeping ``counts`` (cases, errors) and calling
    ``now_and_then`` every 256 cases."""
    with fewer_collections():
        _triage_each(cases, writer, counts, now_and_then, shape)


def _triage_each(
    cases: Iterator[tuple[int, Mapping[str, object] | CaseError]],
    writer: Writer,
    counts: list[int],
    now_and_then: Callable[[], None],
    shape: Shape,
) -> None:
    write_result, write_error = writer.result, writer.error
    done = errors = 0
    for number, case in cases:
        outcome, case_id = triage_case(case, shape)
        if isinstance(outcome, CaseError):
            write_error(number, outcome.message, case_id)
            errors += 1
        else:
            write_result(number, outcome, case_id)
        done += 1
        if not done & 255:
            counts[0], counts[1] = done, errors
            now_and_then()
    counts[0], counts[1] = done, errors


# --- many processes ---------------------------------------------------------------
#
# The main process reads the input and hands it on in batches of pieces, each a line
# number and a length (_PIECE) in front of the bytes: for JSON Lines a block of lines
# as read (the number is the first line's), for CSV one case as a JSON object, or "!"
# and the JSON text of the row's error. The workers triage them with the same code
# as one process, so the output is the same byte for byte.

# Cases in a batch: enough that handing them over costs little per case, few enough
# that results flow soon and memory stays small.
BATCH_CASES = 1000
_PIECE = struct.Struct("<QQ")


def _triage_in_workers(
    stream: IO[bytes],
    name: str,
    input_format: str,
    output_format: str,
    pending: Pending,
    counts: list[int],
    jobs: int,
    tracker: Progress | None,
    shape: Shape,
) -> None:
    from .workers import Batches, Work

    def tally(cases: int, errors: int) -> None:
        counts[0] += cases
        counts[1] += errors

    started: list[Batches] = []  # the workers, once the first case is read
    input_waits = _waits_for_input(stream)
    position = _position_of(stream)

    def before_wait() -> None:
        if started and input_waits():  # hand on what has come before waiting for more
            started[0].hand_on()
        pending.hand_on()
        if tracker is not None:
            tracker.advance(position(), counts[0])

    header: list[tuple[str, ...]] = []
    if input_format != "csv":
        pieces = _jsonl_pieces(numbered_blocks(stream, name, before_wait))
    else:
        pieces = _csv_pieces(csv_cases(numbered_lines(stream, name, before_wait), name, shape.id_field, header))
    first = next(pieces, None)  # read before anything is written, as in one process
    shape = _with_id_column(shape, header)
    work = Work(_batch_work(input_format, output_format, shape), pending.stream, pending.hand_on, tally)
    batches = Batches(work, jobs, BATCH_CASES)
    started.append(batches)
    WRITERS[output_format](pending, shape).start()
    try:
        for piece, lines in itertools.chain((first,) if first else (), pieces):
            batches.add(piece, lines)
        batches.close()
    except BaseException:
        batches.abort()
        raise
    pending.hand_on()


def _jsonl_pieces(blocks: Iterator[tuple[int, bytes]]) -> Iterator[tuple[bytes, int]]:
    """Each block of lines as a piece, with its number of lines."""
    for number, block in blocks:
        yield _PIECE.pack(number, len(block)) + block, block.count(b"\n") + 1


def _csv_pieces(cases: Iterator[tuple[int, Mapping[str, object] | CaseError]]) -> Iterator[tuple[bytes, int]]:
    """Each case as a piece: its answers in JSON, or "!" and its error in JSON."""
    for number, case in cases:
        text = (
            json.dumps(case).encode() if not isinstance(case, CaseError) else b"!" + json.dumps(case.message).encode()
        )
        yield _PIECE.pack(number, len(text)) + text, 1


def _cases_of_batch(batch: bytes, input_format: str) -> Iterator[tuple[int, Mapping[str, object] | CaseError]]:
    """The cases of a batch of pieces, numbered as in the input."""
    start = 0
    while start < len(batch):
        number, size = _PIECE.unpack_from(batch, start)
        start += _PIECE.size + size
        text = batch[start - size : start]
        if input_format != "csv":
            yield from jsonl_cases(zip(itertools.count(number), text.split(b"\n")))
        elif text[:1] == b"!":
            yield number, CaseError(json.loads(text[1:]))
        else:
            yield number, json.loads(text)


def _batch_work(input_format: str, output_format: str, shape: Shape) -> Callable[[bytes], Output]:
    """What a worker does with a batch: the pieces of its output, and its counts of
    cases and errors. The writer lives as long as the worker, so that what it has
    encoded once is reused from batch to batch."""
    collected = Pending(io.BytesIO())  # only its pieces are used: never handed on
    writer = WRITERS[output_format](collected, shape)

    def work(batch: bytes) -> Output:
        counts = [0, 0]
        _triage_all(_cases_of_batch(batch, input_format), writer, counts, _nothing, shape)
        pieces = collected.parts[:]
        collected.parts.clear()
        return pieces, (counts[0], counts[1])

    return work


def _with_id_column(shape: Shape, header: list[tuple[str, ...]]) -> Shape:
    """The shape, with an ``id`` column when a CSV input's header has the id field."""
    if header and shape.id_field in header[0] and not shape.id_column:
        return shape._replace(id_column=True)
    return shape


def _nothing() -> None:
    pass


def _position_of(stream: IO[bytes]) -> Callable[[], int]:
    """How far into ``stream`` reading has come: its position in a file; nothing to
    tell of a pipe, a FIFO or a terminal, where the progress bar shows counts only."""
    try:
        if stream.seekable():
            return stream.tell
    except (AttributeError, OSError, ValueError):  # not a file at all, or a closed one
        pass
    return lambda: 0


def _waits_for_input(stream: IO[bytes]) -> Callable[[], bool]:
    """A test of whether reading ``stream`` now would wait: never for a file; for a
    pipe or a terminal, when nothing more has come."""
    try:
        fd = stream.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return lambda: False
    except (AttributeError, OSError, ValueError):  # not a file at all (an in-memory stream)
        return lambda: True
    import select

    return lambda: not select.select([fd], [], [], 0)[0]


@contextmanager
def open_input(source: str) -> Iterator[IO[bytes]]:
    """The input as a binary stream; :class:`UsageError` naming it if it cannot be opened."""
    if source == STDIO:
        yield sys.stdin.buffer
        return
    try:
        stream = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(
            f"FILE {quoted(source, PATH_LIMIT)}: cannot read it: {error.strerror or error}", "file"
        ) from None
    with stream:
        yield stream


# --- output to a file, all or nothing --------------------------------------------


def output_stream(path: str | None, *, force: bool) -> AbstractContextManager[IO[bytes]]:
    """Standard output for ``None`` or ``-``, else a file written all or nothing."""
    if path is None or path == STDIO:
        return nullcontext(sys.stdout.buffer)
    return atomic_file(path, force=force, flag="--output")


# --- the progress bar ----------------------------------------------------


def wants_progress(source: str, output_path: str | None) -> bool:
    """A progress bar when stderr is a terminal, the input a file, and the results do
    not go to the same terminal."""
    if source == STDIO or not _isatty(sys.stderr):
        return False
    return not (output_path in (None, STDIO) and _isatty(sys.stdout))


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


class ProgressBar:
    """Cases done, cases per second and time left, on stderr. Rich is imported here only.

    It is redrawn when told how far the run is (at most ten times a second), not by a
    thread of its own: worker processes are forked, and a process is forked safely
    only while it runs a single thread."""

    REDRAW_SECONDS = 0.1

    def __init__(self, source: str) -> None:
        self.source = source
        self.started = self.drawn = time.monotonic()

    def __enter__(self) -> ProgressBar:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        from .render.console import terminal_console

        try:
            status = os.stat(self.source)
            self.total: float | None = max(status.st_size, 1) if stat.S_ISREG(status.st_mode) else None
        except OSError:
            self.total = None
        self.bar = Progress(
            TextColumn("triage"),
            BarColumn(),
            TextColumn("{task.fields[cases]} cases"),
            TextColumn("{task.fields[rate]} cases/s"),
            TimeRemainingColumn(),
            console=terminal_console(stderr=True),
            transient=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task("triage", total=self.total, cases="0", rate="-")
        self.started = time.monotonic()
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self, bytes_read: int, cases: int) -> None:
        now = time.monotonic()
        if now - self.drawn < self.REDRAW_SECONDS:
            return
        self.drawn = now
        elapsed = now - self.started
        rate = f"{cases / elapsed:,.0f}" if elapsed > 0 else "-"
        completed = bytes_read if self.total is None else min(bytes_read, self.total)
        self.bar.update(self.task, completed=completed, cases=f"{cases:,}", rate=rate, refresh=True)
