"""Turn raw answers (from flags, a JSON object, a CSV row or the prompts) into
validated, immutable :class:`Answers`, deriving levels from measured values."""

import json
import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .errors import UsageError
from .knowledge import (
    MMOL_PER_MGDL,
    PLAUSIBLE_MGDL,
    PRODUCT_THRESHOLD,
    SEVERE_CALCIUM_MGDL,
    reference_range_for,
)
from .questions import DEFAULT_UNITS, LAB_FIELDS, QUESTION_IDS, QUESTIONS_BY_ID, UNITS, UNKNOWN


def field_name(key: str) -> str:
    """How a field is named in messages about a JSON object or CSV row."""
    return f"field '{key}'"


def flag_name(key: str) -> str:
    """How a field is named in messages about command-line flags."""
    return "--" + key.replace("_", "-")


class Measurement(NamedTuple):
    analyte: str
    value: float
    units: str
    mg_dl: float
    level: str
    low: float
    high: float
    range_label: str
    age_group_used: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "units": self.units,
            "value_mg_dl": round(self.mg_dl, 3),
            "level": self.level,
            "range": {
                "low": self.low,
                "high": self.high,
                "units": self.units,
                "label": self.range_label,
                "age_group": self.age_group_used,
            },
        }


class Labs(NamedTuple):
    units: str
    calcium: Measurement | None
    phosphate: Measurement | None

    @property
    def product(self) -> float | None:
        if self.calcium is None or self.phosphate is None:
            return None
        return self.calcium.mg_dl * self.phosphate.mg_dl

    @property
    def product_high(self) -> bool:
        product = self.product
        return product is not None and product >= PRODUCT_THRESHOLD

    @property
    def calcium_severe(self) -> bool:
        return self.calcium is not None and self.calcium.mg_dl >= SEVERE_CALCIUM_MGDL

    @property
    def sources(self) -> tuple[str, ...]:
        found = [s for m in (self.calcium, self.phosphate) if m for s in m.sources]
        return tuple(dict.fromkeys(found))

    def to_dict(self) -> dict[str, Any]:
        product = self.product
        return {
            "units": self.units,
            "calcium": self.calcium.to_dict() if self.calcium else None,
            "phosphate": self.phosphate.to_dict() if self.phosphate else None,
            "product": None if product is None else product_to_dict(product),
        }


def product_to_dict(product: float) -> dict[str, Any]:
    """The calcium × phosphate product as a result shows it."""
    return {
        "value": round(product, 2),
        "units": "mg²/dL²",
        "threshold": PRODUCT_THRESHOLD,
        "above_threshold": product >= PRODUCT_THRESHOLD,
    }


class Answers(NamedTuple):
    """Every question id with its answer ("unknown" where nobody answered)."""

    values: MappingProxyType[str, str]
    unanswered: tuple[str, ...]
    labs: Labs | None = None


def normalize_choice(question_id: str, raw: object, name: Callable[[str], str]) -> str:
    question = QUESTIONS_BY_ID[question_id]
    if not isinstance(raw, str):
        raise UsageError(
            f"{name(question_id)} must be a string, one of: {', '.join(question.values)} (got {type(raw).__name__})",
            question_id,
        )
    value = raw.strip().lower()
    if value not in question.values:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise UsageError(
            f"{name(question_id)}: {shown!r} is not one of: {', '.join(question.values)}",
            question_id,
        )
    return value


def _number(key: str, raw: object, name: Callable[[str], str]) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise UsageError(f"{name(key)} must be a number (got {type(raw).__name__})", key)
    try:
        value = float(raw.strip()) if isinstance(raw, str) else float(raw)
    except (ValueError, OverflowError):
        shown = str(raw)[:40]
        raise UsageError(f"{name(key)} must be a number, not {shown!r}", key) from None
    if not math.isfinite(value):
        shown = str(raw) if len(str(raw)) <= 40 else str(raw)[:40] + "…"
        raise UsageError(f"{name(key)} must be a finite number, not {shown!r}", key)
    return value


def _units(raw: object, name: Callable[[str], str]) -> str:
    if raw is None:
        return DEFAULT_UNITS
    if not isinstance(raw, str) or raw.strip().lower() not in UNITS:
        raise UsageError(f"{name('units')} must be one of: {', '.join(UNITS)}", "units")
    return raw.strip().lower()


def _measure(analyte: str, value: float, units: str, age_group: str, name: Callable[[str], str]) -> Measurement:
    key = f"{analyte}_value"
    mg_dl = value if units == "mg/dl" else value / MMOL_PER_MGDL[analyte]
    lowest, highest = PLAUSIBLE_MGDL[analyte]
    if not lowest <= mg_dl <= highest:
        factor = 1.0 if units == "mg/dl" else MMOL_PER_MGDL[analyte]
        raise UsageError(
            f"{name(key)}: {value:g} {units} is not a value a living person can have "
            f"(expected {lowest * factor:.3g} to {highest * factor:.3g} {units})",
            key,
        )
    age_used = age_group if age_group != UNKNOWN else "adult"
    ref = reference_range_for(analyte, age_used)
    low, high = ref.limits(units)  # compared in the units given, against the limits as printed
    level = "high" if value > high else "low" if value < low else "normal"
    label = ref.label if age_group != UNKNOWN else ref.label + " (age group unknown)"
    return Measurement(analyte, value, units, mg_dl, level, low, high, label, age_used, ref.sources)


# Every field a set of answers may have, and the values of each question as written on output.
_KNOWN_FIELDS = frozenset((*QUESTION_IDS, *LAB_FIELDS))
_ALLOWED_VALUES = tuple((qid, frozenset(QUESTIONS_BY_ID[qid].values)) for qid in QUESTION_IDS)
_NORMAL_PAIRS = frozenset((qid, value) for qid, values in _ALLOWED_VALUES for value in values)
_ALL_UNKNOWN: dict[str, str] = dict.fromkeys(QUESTION_IDS, UNKNOWN)  # copied, never changed


def parse_answers(raw: Mapping[str, object], *, name: Callable[[str], str] = field_name) -> Answers:
    """Validate a mapping of question ids (and lab fields) to values.

    Missing keys, ``None`` and empty strings count as unanswered. Raises
    :class:`UsageError` naming the field for anything else that is not allowed.
    """
    with_labs = "calcium_value" in raw or "phosphate_value" in raw or "units" in raw
    if not with_labs:  # lab fields are never in normal form: no need to look
        normal = _answers_in_normal_form(raw)
        if normal is not None:
            return normal
    values: dict[str, str] = {}
    unanswered: list[str] = []
    if not _KNOWN_FIELDS.issuperset(raw):
        for key in raw:
            if not isinstance(key, str):
                raise UsageError(f"field names must be text, not {type(key).__name__} {str(key)[:40]!r}", "answers")
            if key not in QUESTIONS_BY_ID and key not in LAB_FIELDS:
                shown = key if len(key) <= 40 else key[:40] + "…"
                raise UsageError(f"{name(shown)} is not a question id or lab field", str(shown))
    get = raw.get
    for qid, allowed in _ALLOWED_VALUES:
        given = get(qid)
        if given is None or given == "":
            values[qid] = UNKNOWN
            unanswered.append(qid)
        elif given.__class__ is str and given in allowed:  # already in normal form: the common case, made fast
            values[qid] = given
        else:
            values[qid] = normalize_choice(qid, given, name)

    labs = _labs(raw, values, name) if with_labs else None
    if labs is not None:
        for measurement in (labs.calcium, labs.phosphate):
            if measurement is None:
                continue
            qid = measurement.analyte
            if values[qid] not in (UNKNOWN, measurement.level):
                raise UsageError(
                    f"{name(qid + '_value')}: {measurement.value:g} {measurement.units} is "
                    f"{measurement.level} for the {measurement.range_label} range, but "
                    f"{name(qid)} says {values[qid]}",
                    qid + "_value",
                )
            values[qid] = measurement.level
            if qid in unanswered:
                unanswered.remove(qid)
    return Answers(MappingProxyType(values), tuple(unanswered), labs)


def _answers_in_normal_form(raw: Mapping[str, object]) -> Answers | None:
    """The answers when every field is a question with a value already in normal form
    (the usual case of machine-written input), checked at once; else None."""
    try:
        if not _NORMAL_PAIRS.issuperset(raw.items()):
            return None
    except TypeError:  # a value that cannot be hashed, such as a list: not in normal form
        return None
    values = _ALL_UNKNOWN.copy()
    values.update(raw)  # type: ignore[arg-type]  # every value was just found to be a string
    return Answers(MappingProxyType(values), tuple([qid for qid in QUESTION_IDS if qid not in raw]))


def _labs(raw: Mapping[str, object], values: dict[str, str], name: Callable[[str], str]) -> Labs | None:
    """The measured values of ``raw``, read for the age group of ``values``; None if none is given."""
    units = _units(raw.get("units") or None, name)
    age_group = values["age_group"]
    calcium = _measured("calcium", raw.get("calcium_value"), units, age_group, name)
    phosphate = _measured("phosphate", raw.get("phosphate_value"), units, age_group, name)
    if calcium is None and phosphate is None:
        return None
    return Labs(units, calcium, phosphate)


def _measured(
    analyte: str, given: object, units: str, age_group: str, name: Callable[[str], str]
) -> Measurement | None:
    """The measurement of the value given for ``analyte``; None if none is given."""
    if given is None or given == "":
        return None
    return _measure(analyte, _number(f"{analyte}_value", given, name), units, age_group, name)


# Answers given as JSON are small; anything larger is refused before parsing.
MAX_ANSWERS_BYTES = 64 * 1024


def parse_json_int(digits: str) -> int | float:
    """JSON integers; one too long for Python to convert becomes a float (inf), so the
    field it belongs to is reported rather than the parser failing."""
    return int(digits) if len(digits) <= 4000 else float(digits)


def answers_from_json(data: bytes, origin: str = "--answers") -> dict[str, object]:
    """Decode a JSON object of answers (UTF-8, a byte-order mark allowed).

    Raises :class:`UsageError` naming ``origin`` when it is too large, not
    UTF-8, not JSON, not an object, or repeats a key.
    """
    if len(data) > MAX_ANSWERS_BYTES:
        raise UsageError(
            f"{origin}: the answers are larger than {MAX_ANSWERS_BYTES // 1024} KiB; "
            "a set of answers is a small JSON object",
            "answers",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"{origin}: not UTF-8 text (byte {error.start})", "answers") from None

    def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        seen: dict[str, object] = {}
        for key, value in pairs:
            if key in seen:
                raise UsageError(f"{origin}: field '{key[:40]}' is given twice", "answers")
            seen[key] = value
        return seen

    try:
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_int=parse_json_int)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{origin}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})", "answers"
        ) from None
    except RecursionError:
        raise UsageError(f"{origin}: the JSON is nested too deeply", "answers") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise UsageError(f"{origin}: not usable JSON ({str(error)[:80]})", "answers") from None
    if not isinstance(value, dict):
        raise UsageError(
            f'{origin}: expected a JSON object like {{"calcium": "high"}}, not {_json_kind(value)}',
            "answers",
        )
    return value


def _json_kind(value: object) -> str:
    kinds = {
        list: "a list",
        str: "a string",
        bool: "true or false",
        type(None): "null",
        int: "a number",
        float: "a number",
    }
    return kinds.get(type(value), type(value).__name__)
