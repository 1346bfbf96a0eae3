"""``batch --format csv``: a header, then one row a case (its answers, the verdict and
the lists joined by ``; ``), every cell that a spreadsheet could run kept as text."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping

from ..errors import printable
from ..knowledge import SOURCES
from ..questions import ADDED_1_1_IDS, CONTRACT_1_0_IDS, QUESTION_IDS
from ..result import SCHEMA_VERSION, Result
from .registry import Identifier

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
# Every result carries the disclaimer, a row of CSV too: the last column.
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
    "disclaimer",
)
LIST_SEPARATOR = "; "


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

    def __init__(
        self, write: Callable[[bytes], None], fields: tuple[str, ...] | None = None, id_column: bool = False
    ) -> None:
        self.rows = csv.writer(_TextToBytes(write), lineterminator="\n")
        self.fields = fields
        self.id_column = id_column
        columns = CSV_COLUMNS
        if fields is not None:
            columns = ("line", "error", *(column for key in fields for column in CSV_BY_KEY[key][0]))
        self.columns = ("id", *columns) if id_column else columns

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
            as_text_cell(result.disclaimer),
        )

    def error(self, line: int, message: str, case_id: Identifier = None) -> None:
        cells = (line, as_text_cell(printable(message)), *[""] * (len(self.columns) - 2 - self.id_column))
        self.rows.writerow((_id_cell(case_id), *cells) if self.id_column else cells)


def _id_cell(case_id: Identifier) -> str:
    """The identifier's cell: an integer as the number it is (never a formula), text kept as text."""
    if case_id is None:
        return ""
    return str(case_id) if isinstance(case_id, int) else as_text_cell(printable(case_id))


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
