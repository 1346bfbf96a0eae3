"""Writing the results of a run: one writer a format (JSON Lines, CSV, FHIR NDJSON,
FHIR bundles), each with the same three calls (``start``, ``result``, ``error``), and
all writing into :class:`Pending`, which hands the bytes on in large pieces."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any

from ..errors import printable
from ..files import atomic_file
from ..knowledge import SOURCES
from ..questions import ADDED_1_1_IDS, CONTRACT_1_0_IDS, QUESTION_IDS
from ..result import SCHEMA_VERSION, Result, ResultEncoder
from .options import PLAIN, STDIO, Identifier, Shape

# Results waiting to be written never take more than this.
PENDING_BYTES = 1024 * 1024

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
        from ..render import fhir

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


def output_stream(path: str | None, *, force: bool) -> AbstractContextManager[IO[bytes]]:
    """Standard output for ``None`` or ``-``, else a file written all or nothing."""
    if path is None or path == STDIO:
        return nullcontext(sys.stdout.buffer)
    return atomic_file(path, force=force, flag="--output")
