"""The triage of many records in one process, for data engines (pandas, Dask, Spark).

    from calcinosis_cli import triage_records
    rows = list(triage_records(records, fields=("suggested_type", "certainty", "urgency")))

Each record is a mapping of answers, as a line of ``batch`` is; the field ``id`` (or
``id_field``) identifies it and is echoed. Pure: no I/O.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from .answers import Answers, checked_id_field, not_a_mapping, parse_answers
from .errors import UsageError, identifier_kind, json_kind, quoted
from .result import FIELD_BY_KEY, RESULT_KEYS, Result, keys_of
from .tree import VERDICT_KEYS, Verdict, triage, verdict

# With ``fields``, these keys are given flat, as a data frame wants them: the id of the
# type, of each alternative and of each look-alike rather than the objects.
FLAT: Mapping[str, Any] = {
    "suggested_type": lambda r: r.suggested_type,
    "alternatives": lambda r: [a.id for a in r.alternatives],
    "look_alikes": lambda r: [x.id for x in r.look_alikes],
}


def triage_records(
    records: Iterable[Mapping[str, object]], fields: Sequence[str] | str | None = None, *, id_field: str = "id"
) -> Iterator[dict[str, Any]]:
    """One plain dict for each record, in order.

    Without ``fields``: the result object of the contract (``Result.to_dict()``), with
    the record's ``id`` first when it has one; a bad record (one that is not a mapping
    included) gives ``{"error": message}`` (and its ``id``). With ``fields`` (keys, or
    one string ``KEY,KEY,...``): exactly those keys, in that order, and ``error`` (None,
    or the message of a bad record, whose fields are then None); ``suggested_type``,
    ``alternatives`` and ``look_alikes`` as ids (:data:`FLAT`). Raises
    :class:`UsageError` at once for ``records`` that are not an iterable of mappings, a
    key that is not a key of a result, no key at all, or an ``id_field`` that is not a
    field name or is a question id or lab field.
    """
    if isinstance(records, Mapping):
        raise UsageError(
            "records must be an iterable of mappings of answers, not one mapping: put it in a list", "records"
        )
    if isinstance(records, str | bytes) or not isinstance(records, Iterable):
        raise UsageError(f"records must be an iterable of mappings of answers, not {json_kind(records)}", "records")
    if hasattr(records, "columns") and hasattr(records, "dtypes"):  # a data frame: iterated, it gives its column names
        raise UsageError(
            f"records must be an iterable of mappings of answers, not a data frame ({type(records).__name__}), "
            "whose iteration gives its column names: give its rows as mappings "
            "(pandas: frame.to_dict(orient='records'))",
            "records",
        )
    id_field = _checked_id_field(id_field)
    if fields is None:
        return _whole_rows(records, id_field)
    keys = keys_of(fields)
    if not keys:
        raise UsageError(f"fields names no key; the keys are: {', '.join(RESULT_KEYS)}", "fields")
    return _rows(records, keys, id_field)


def _checked_id_field(id_field: object) -> str:
    """As ``batch --id-field``: a field name, stripped, never a question's."""
    if not isinstance(id_field, str):
        raise UsageError(
            f"id_field must be a string, the name of the records' identifier, not {json_kind(id_field)}", "id_field"
        )
    return checked_id_field(id_field, "id_field", "id_field")


def _whole_rows(records: Iterable[Mapping[str, object]], id_field: str) -> Iterator[dict[str, Any]]:
    for record in records:
        case_id, outcome = _triage(record, id_field, triage)
        row = {"error": outcome} if isinstance(outcome, str) else outcome.to_dict()
        yield row if case_id is None else {"id": case_id, **row}


def _rows(records: Iterable[Mapping[str, object]], keys: tuple[str, ...], id_field: str) -> Iterator[dict[str, Any]]:
    # Only the type, the certainty and the urgency: the verdict, without its explanation,
    # whose attributes of those names are already the flat values.
    decide: Callable[[Answers], Result | Verdict]
    if VERDICT_KEYS.issuperset(keys):
        decide, values_of = verdict, attrgetter(*keys) if len(keys) > 1 else _one(attrgetter(keys[0]))
    else:
        getters = tuple(_getter(key) for key in keys)
        decide, values_of = triage, lambda result: tuple([get(result) for get in getters])
    row: dict[str, Any]
    for record in records:
        case_id, decided = _triage(record, id_field, decide)
        if isinstance(decided, str):
            row = {**dict.fromkeys(keys), "error": decided}
        else:
            row = dict(zip(keys, values_of(decided), strict=True))
            row["error"] = None
        yield row if case_id is None else {"id": case_id, **row}


def _one(get: Callable[[Any], Any]) -> Callable[[Any], tuple[Any]]:
    return lambda decided: (get(decided),)


Decided = TypeVar("Decided", bound=Result | Verdict)


def _getter(key: str) -> Any:
    flat = FLAT.get(key)
    return flat if flat is not None else FIELD_BY_KEY[key].data_of


def _triage(
    record: Mapping[str, object], id_field: str, decide: Callable[[Answers], Decided]
) -> tuple[str | int | None, Decided | str]:
    """The record's id, and its result or the message of its error."""
    case_id: str | int | None = None
    if not isinstance(record, Mapping):
        return None, not_a_mapping(record).message
    if id_field in record:
        given = record[id_field]
        record = {key: value for key, value in record.items() if key != id_field}
        if isinstance(given, str):
            case_id = given
        elif isinstance(given, numbers.Integral) and not isinstance(given, bool):
            case_id = int(given)  # numpy's integers too, as the plain int they are
        elif given is not None:
            return None, (
                f"field {quoted(id_field)}, the record's identifier, must be a string or an integer, "
                f"not {identifier_kind(given)}"
            )
    try:
        return case_id, decide(parse_answers(record))
    except UsageError as error:
        return case_id, error.message
