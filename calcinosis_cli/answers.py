"""Turn raw answers (from flags, a JSON object, a CSV row or the prompts) into
validated, immutable :class:`Answers`, deriving levels from measured values (read by
:mod:`calcinosis_cli.labs`); and the decoder of the JSON object of ``--answers`` (batch
decodes its JSON Lines cases itself, in :mod:`calcinosis_cli.batch.reading`)."""

import difflib
import json
import math
import numbers
import re
import sys
from collections.abc import Callable, Mapping
from itertools import filterfalse
from types import MappingProxyType
from typing import NamedTuple, SupportsFloat, cast

from .errors import UsageError, json_kind, quoted
from .knowledge import BOUNDS
from .labs import (
    NON_ADULT_AGES,
    Albumin,
    Labs,
    Measurement,
    albumin_as_used,
    borderline_on_low_side,
    measure,
    with_correction_and_severity,
)
from .questions import ALBUMIN_UNITS, DEFAULT_UNITS, LAB_FIELDS, QUESTION_IDS, QUESTIONS_BY_ID, UNITS, UNKNOWN


def checked_id_field(name: str, flag: str, field: str) -> str:
    """The name of the field that identifies a case (``batch --id-field``, the API's
    ``id_field``), stripped: never empty, and never a question id or lab field, whose
    answer it would take away. ``flag`` names it in the message."""
    stripped = name.strip()
    if not stripped:
        raise UsageError(f"{flag} names no field", field)
    if stripped in QUESTIONS_BY_ID or stripped in LAB_FIELDS:
        raise UsageError(f"{flag} {quoted(stripped)} is a question id or lab field, not an identifier", field)
    return stripped


def field_name(key: str) -> str:
    """How a field is named in messages about a JSON object or CSV row."""
    return f"field {quoted(key)}"


def flag_name(key: str) -> str:
    """How a field is named in messages about command-line flags."""
    return "--" + key.replace("_", "-")


class Answers(NamedTuple):
    """Every question id with its answer ("unknown" where nobody answered)."""

    values: MappingProxyType[str, str]
    unanswered: tuple[str, ...]
    labs: Labs | None = None


def _typed_form(text: str) -> str:
    """A value as a person may type it, in the canonical form: lower case, hyphens."""
    return "-".join(text.strip().lower().replace("_", " ").split())


_SHORT_FORMS = {"y": "yes", "n": "no"}


def normalize_choice(question_id: str, raw: object, name: Callable[[str], str]) -> str:
    question = QUESTIONS_BY_ID[question_id]
    if not isinstance(raw, str):
        raise UsageError(
            f"{name(question_id)} must be a string, one of: {', '.join(question.values)} (got {json_kind(raw)})",
            question_id,
        )
    value = _typed_form(raw)
    if value in _SHORT_FORMS and _SHORT_FORMS[value] in question.values:
        value = _SHORT_FORMS[value]
    if value not in question.values:
        close = difflib.get_close_matches(value, question.values, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UsageError(
            f"{name(question_id)}: {quoted(raw)} is not one of: {', '.join(question.values)}.{hint}",
            question_id,
        )
    return question.values[question.values.index(value)]  # the bank's own string


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
_LONGEST_NUMBER = 40  # characters of a number as text; beyond, it is no blood value


def _number(key: str, raw: object, name: Callable[[str], str]) -> float:
    """A plain decimal number: a JSON number (or any real number of Python, numpy's
    included), or text with an optional sign, ASCII digits and at most one decimal point."""
    if type(raw) is float:  # the usual case, as JSON gives it: made fast
        if not math.isfinite(raw):
            raise UsageError(f"{name(key)} must be a finite number, not {quoted(repr(raw))}", key)
        return raw
    if isinstance(raw, bool) or not isinstance(raw, (numbers.Real, str, *_decimal_types())):
        raise UsageError(f"{name(key)} must be a number (got {json_kind(raw)})", key)
    if isinstance(raw, str):
        text = raw.strip()
        if _DECIMAL_COMMA.fullmatch(text):
            raise UsageError(
                f"{name(key)}: {quoted(raw)} has a decimal comma: write {text.replace(',', '.')} instead", key
            )
        if len(text) > _LONGEST_NUMBER:
            raise UsageError(
                f"{name(key)}: {quoted(raw)} is longer than {_LONGEST_NUMBER} characters, too long for a blood value",
                key,
            )
        if not _DECIMAL.fullmatch(text):
            raise UsageError(
                f"{name(key)} must be a plain decimal number such as 2.5 (digits, at most one point), "
                f"not {quoted(raw)}",
                key,
            )
        return float(text)
    if isinstance(raw, numbers.Integral) and not -(10**_LONGEST_NUMBER) < int(raw) < 10**_LONGEST_NUMBER:
        raise UsageError(f"{name(key)} must be a finite number of ordinary size, not an integer that long", key)
    try:
        value = float(cast(SupportsFloat, raw))  # checked above: a real number, or a Decimal
    except OverflowError:  # a fraction too large for a float
        value = math.inf
    if not math.isfinite(value):
        raise UsageError(f"{name(key)} must be a finite number, not {quoted(repr(raw))}", key)
    return value


def _decimal_types() -> tuple[type, ...]:
    """``decimal.Decimal`` (a database's NUMERIC column), once something has imported the
    module: before, no value can be one, and start-up does not import it."""
    decimal = sys.modules.get("decimal")
    return (decimal.Decimal,) if decimal is not None else ()


def is_blank(given: object) -> bool:
    """Whether a field's value means "not answered": None or an empty string. Never
    compared with ``==``: that of ``pd.NA`` or a numpy array has no truth value."""
    return given is None or (isinstance(given, str) and not given)


def _setting(name: Callable[[str], str], key: str, value: str) -> str:
    """How to set ``key`` to ``value`` where the answers came from: ``--units mmol/l``."""
    named = name(key)
    return f"{named} {value}" if named.startswith("--") and " " not in named else f"{named} set to {value!r}"


def _units(raw: Mapping[str, object], key: str, allowed: tuple[str, ...], name: Callable[[str], str]) -> str | None:
    """The units named by ``raw[key]``; None when they are not given."""
    given = raw.get(key)
    if is_blank(given):
        return None
    if not isinstance(given, str) or _typed_form(given).replace("-", "") not in allowed:
        shown = quoted(given) if isinstance(given, str) else f"{json_kind(given)} {quoted(repr(given))}"
        raise UsageError(f"{name(key)} must be one of: {', '.join(allowed)} (not {shown})", key)
    typed = _typed_form(given).replace("-", "")
    return allowed[allowed.index(typed)]  # the bank's own string


def _other(units: str, allowed: tuple[str, ...]) -> str:
    return allowed[1] if units == allowed[0] else allowed[0]


def _checked(
    analyte: str,
    key: str,
    value: float,
    units: str | None,
    default: str,
    allowed: tuple[str, ...],
    units_key: str,
    name: Callable[[str], str],
) -> str:
    """The units to read ``value`` in. Never guessed: a value that is ordinary only in the
    other unit is refused, naming the field and the flag that would settle it."""
    read_in = units or default
    other = _other(read_in, allowed)
    bounds, other_bounds = BOUNDS[analyte][read_in], BOUNDS[analyte][other]
    if units is None and not bounds.ordinary.holds(value) and other_bounds.ordinary.holds(value):
        raise UsageError(
            f"{name(key)}: {value:g} is an ordinary {analyte} in {other} but not in {read_in}: "
            f"add {_setting(name, units_key, other)} (or {_setting(name, units_key, read_in)})",
            key,
        )
    if not bounds.possible.holds(value):
        hint = (
            f"; in {other} it would be ordinary: add {_setting(name, units_key, other)}"
            if other_bounds.ordinary.holds(value)
            else ""
        )
        low, high = bounds.possible
        raise UsageError(
            f"{name(key)}: {value:g} {read_in} is not a value a living person can have "
            f"(expected {low:g} to {high:g} {read_in}){hint}",
            key,
        )
    return read_in


# Every field a set of answers may have, and the values of each question as written on output.
_KNOWN_FIELDS = frozenset((*QUESTION_IDS, *LAB_FIELDS))
# Each question's values, each to the bank's own string of it.
_ALLOWED_VALUES = tuple((qid, {value: value for value in QUESTIONS_BY_ID[qid].values}) for qid in QUESTION_IDS)
# Each question and value in normal form, to the bank's own string of the value: the
# answers then hold no string of the input, which the caches of the tree would keep.
_NORMAL_VALUE: dict[tuple[str, object], str] = {
    (qid, value): value for qid, values in _ALLOWED_VALUES for value in values
}
_ALL_UNKNOWN: dict[str, str] = dict.fromkeys(QUESTION_IDS, UNKNOWN)  # copied, never changed


def parse_answers(raw: Mapping[str, object], *, name: Callable[[str], str] = field_name) -> Answers:
    """Validate a mapping of question ids (and lab fields) to values.

    Missing keys, ``None`` and empty strings count as unanswered. Raises
    :class:`UsageError` naming the field for anything else that is not allowed, and
    for ``raw`` that is not a mapping.
    """
    if raw.__class__ is not dict and not isinstance(raw, Mapping):
        raise not_a_mapping(raw)
    with_labs = not _KNOWN_LAB_FIELDS.isdisjoint(raw)
    # Lab fields are never in normal form: the choices are looked at without them.
    choices = {key: value for key, value in raw.items() if key not in _KNOWN_LAB_FIELDS} if with_labs else raw
    normal = _values_in_normal_form(choices)
    if normal is None:
        values, unanswered = _checked_choices(raw, name)
    elif not with_labs:
        return Answers(MappingProxyType(normal), tuple(filterfalse(raw.__contains__, QUESTION_IDS)))
    else:
        values, unanswered = normal, list(filterfalse(raw.__contains__, QUESTION_IDS))
    labs = _labs(raw, values, name) if with_labs else None
    if labs is not None:
        for measurement in (labs.calcium, labs.phosphate):
            if measurement is None:
                continue
            qid = measurement.analyte
            levels = {measurement.level}
            if measurement.corrected is not None:
                levels.add(measurement.corrected.measured_level)
            if "borderline" in levels:
                # Between the partitions' lower limits it may be low or normal; between their upper limits, normal or high.
                levels |= {"normal", "low" if borderline_on_low_side(measurement) else "high"}
            given = values[qid]
            if given not in (UNKNOWN, *levels):
                raise UsageError(
                    f"{name(qid + '_value')}: {measurement.value:g} {measurement.units} is "
                    f"{measurement.level} for the {measurement.range_words()}, but "
                    f"{name(qid)} says {given}",
                    qid + "_value",
                )
            if given == UNKNOWN:
                values[qid] = UNKNOWN if measurement.level == "borderline" else measurement.level
            if qid in unanswered:
                unanswered.remove(qid)
    return Answers(MappingProxyType(values), tuple(unanswered), labs)


def not_a_mapping(raw: object) -> UsageError:
    """The error of answers (a record of the API) that are not a mapping."""
    return UsageError(
        f"the answers must be a mapping of question ids to values, like {{'calcium': 'high'}}, not {json_kind(raw)}",
        "answers",
    )


def _checked_choices(raw: Mapping[str, object], name: Callable[[str], str]) -> tuple[dict[str, str], list[str]]:
    """Every question's value (each read as a person may write it) and the questions not
    answered; raises :class:`UsageError` for a field that is no question or lab field,
    or a value that is not one of its question's."""
    if not _KNOWN_FIELDS.issuperset(raw):
        for key in raw:
            if not isinstance(key, str):
                raise UsageError(f"field names must be text, not {type(key).__name__} {quoted(str(key))}", "answers")
            if key not in QUESTIONS_BY_ID and key not in LAB_FIELDS:
                raise UsageError(f"{name(key)} is not a question id or lab field", key)
    values: dict[str, str] = {}
    unanswered: list[str] = []
    get = raw.get
    for qid, allowed in _ALLOWED_VALUES:
        given = get(qid)
        if given.__class__ is str and given in allowed:  # already in normal form: made fast
            values[qid] = allowed[given]
        elif is_blank(given):
            values[qid] = UNKNOWN
            unanswered.append(qid)
        else:
            values[qid] = normalize_choice(qid, given, name)
    return values, unanswered


_KNOWN_LAB_FIELDS = frozenset(LAB_FIELDS)


def _values_in_normal_form(raw: Mapping[str, object]) -> dict[str, str] | None:
    """Every question's value when every field is a question with a value already in
    normal form (the usual case of machine-written input), each the bank's own string,
    "unknown" where not given; else None."""
    values = _ALL_UNKNOWN.copy()
    try:
        values.update(zip(raw, map(_NORMAL_VALUE.__getitem__, raw.items()), strict=True))
    except (KeyError, TypeError):  # not a question, not a value of it, or not hashable (a list)
        return None
    return values


def _given(raw: Mapping[str, object], key: str, name: Callable[[str], str]) -> float | None:
    given = raw.get(key)
    if is_blank(given):
        return None
    return _number(key, given, name)


def _labs(raw: Mapping[str, object], values: dict[str, str], name: Callable[[str], str]) -> Labs | None:
    """The measured values of ``raw``, read for the age group of ``values``; None if none is given."""
    units = _units(raw, "units", UNITS, name)
    albumin_units = _units(raw, "albumin_units", ALBUMIN_UNITS, name)
    found: dict[str, Measurement] = {}
    read_in = units or DEFAULT_UNITS
    for analyte in ("calcium", "phosphate"):
        key = f"{analyte}_value"
        value = _given(raw, key, name)
        if value is not None:
            read_in = _checked(analyte, key, value, units, DEFAULT_UNITS, UNITS, "units", name)
            found[analyte] = measure(analyte, value, read_in, values["age_group"])
    if len(found) == 2 and found["calcium"].units != found["phosphate"].units:  # pragma: no cover - one units field
        raise UsageError(f"{name('units')}: calcium and phosphate must be in the same units", "units")
    albumin_value = _given(raw, "albumin_value", name)
    albumin: Albumin | None = None
    albumin_read_in = albumin_units or ("g/l" if read_in == "mmol/l" and units is not None else "g/dl")
    if albumin_value is not None:
        albumin_read_in = _checked(
            "albumin",
            "albumin_value",
            albumin_value,
            albumin_units,
            albumin_read_in,
            ALBUMIN_UNITS,
            "albumin_units",
            name,
        )
        albumin = albumin_as_used(albumin_value, albumin_read_in, "calcium" in found, values)
    if not found and albumin is None:
        return None
    if "calcium" in found:
        found["calcium"] = with_correction_and_severity(
            found["calcium"], albumin, albumin_value, albumin_read_in, values["kidney_failure"]
        )
    age = values["age_group"]
    return Labs(read_in, found.get("calcium"), found.get("phosphate"), albumin, age not in NON_ADULT_AGES)


# Answers given as JSON are small; anything larger is refused before parsing.
MAX_ANSWERS_BYTES = 64 * 1024


def parse_json_int(digits: str) -> int | float:
    """JSON integers; one too long for Python to convert becomes a float (inf), so the
    field it belongs to is reported rather than the parser failing."""
    return int(digits) if len(digits) <= 4000 else float(digits)


# Byte-order marks of the encodings Windows saves text in besides UTF-8 (UTF-32 first:
# its little-endian mark begins with UTF-16's).
_OTHER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def not_utf8(data: bytes, byte: int) -> str:
    """Why ``data`` is refused, not being UTF-8 at ``byte``: named when its byte-order
    mark says what it is (Windows PowerShell 5 writes UTF-16)."""
    for mark, encoding in _OTHER_MARKS:
        if data.startswith(mark):
            return f"{encoding} text, not UTF-8 (it begins with the {encoding} byte-order mark): save it as UTF-8"
    return f"not UTF-8 text (byte {byte})"


def json_error_words(error: json.JSONDecodeError) -> str:
    """What the json module found wrong, without the "at" that some of its messages end
    in ("Unterminated string starting at"): the place is said after it."""
    return error.msg.removesuffix(" at")


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
        raise UsageError(f"{origin}: {not_utf8(data, error.start)}", "answers") from None

    def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        seen: dict[str, object] = {}
        for key, value in pairs:
            if key in seen:
                raise UsageError(f"{origin}: field {quoted(key)} is given twice", "answers")
            seen[key] = value
        return seen

    try:
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_int=parse_json_int)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{origin}: not valid JSON ({json_error_words(error)} at line {error.lineno}, column {error.colno})",
            "answers",
        ) from None
    except RecursionError:
        raise UsageError(f"{origin}: the JSON is nested too deeply", "answers") from None
    except UsageError:  # a key given twice: said as it is
        raise
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise UsageError(f"{origin}: not usable JSON ({str(error)[:80]})", "answers") from None
    if not isinstance(value, dict):
        raise UsageError(
            f'{origin}: expected a JSON object like {{"calcium": "high"}}, not {json_kind(value)}',
            "answers",
        )
    return value
