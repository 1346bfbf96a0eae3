"""How a reply is read: the words the prompts know (back, help, quit, unknown), what a
typed line means at a question (:func:`read_reply`), a measured value checked and put in
words, and an answer given in words (contract 1.1, "When it prompts", "Measured values").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..answers import parse_answers
from ..errors import UsageError, quoted
from ..knowledge import BOUNDS
from ..questions import DEFAULT_UNITS, UNITS, UNKNOWN, UNKNOWN_LABEL, Question
from ..render.text import corrected_words, level_as_measured, value_with_level

BACK_WORDS = ("back", "b", "<")
HELP_WORDS = ("?", "help")
QUIT_WORDS = ("q", "quit", "exit")
UNKNOWN_WORDS = (
    "unknown",
    "i don't know",
    "i dont know",
    "idk",
    "dk",
    "don't know",
    "dont know",
    "not sure",
    "no idea",
    "dunno",
)
MAX_SHOWN = 40
# The questions a measured value can answer (contract 1.1, "Measured values").
MEASURED = ("calcium", "phosphate")


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Invalid:
    reason: str


@dataclass(frozen=True)
class Measured:
    """A number typed at the calcium or phosphate question, with its unit if one was typed."""

    number: str
    units: str | None


Reply = str | Back | Help | Quit | Invalid | Measured

_NUMBER = re.compile(r"([+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))\s*(.*)")
_UNIT_WORDS = {"mg/dl": "mg/dl", "mg": "mg/dl", "mg/100ml": "mg/dl", "mmol/l": "mmol/l", "mmol": "mmol/l"}


def read_reply(question: Question, typed: str) -> Reply:
    """Read what a person typed: a value, its number, its label, an unambiguous prefix,
    "unknown" (or "I don't know"), ``?`` for help, ``back``, ``q`` to quit; at the calcium
    and phosphate questions also a measured value, with or without its unit."""
    text = " ".join(typed.strip().lower().replace("\u2019", "'").split())  # "I don’t know", pasted
    if text[-1:] == "." and text[:-1].isascii() and text[:-1].isdigit():
        text = text[:-1]  # "1." as the choices are numbered on screen: a choice's number, not a value
    if not text:
        return Invalid("Please type an answer (a number or a word); ? explains the question.")
    if text in HELP_WORDS:
        return Help()
    if text in BACK_WORDS:
        return Back()
    if text in QUIT_WORDS:
        return Quit()
    if text in UNKNOWN_WORDS:
        return UNKNOWN
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(question.values):
        return question.values[int(text) - 1]
    if question.id in MEASURED and _NUMBER.fullmatch(text) is not None:
        if text.isascii() and text.isdigit() and len(text) == 1:
            # One digit past the choices is as likely a slip of the choice's number as a
            # value: it is read as a value only with its unit.
            return Invalid(
                f"There is no choice {text}: type a number from 1 to {len(question.values)}, or the value "
                f"from the report with its unit, such as {text} mg/dl."
            )
        return read_value(typed)
    if text.isascii() and text.isdigit():
        return Invalid(f"There is no choice {int(text)}: type a number from 1 to {len(question.values)}.")
    typed_value = "-".join(text.replace("_", " ").split())  # spaces or underscores for hyphens
    for value, label in question.choices:
        if text in (value, label.lower()) or typed_value == value:
            return value
    if text in ("y", "n") and {"yes", "no"} <= set(question.values):
        return "yes" if text == "y" else "no"
    if question.id in MEASURED and text in ("n", "no"):
        # "no" here is the start of "normal", but a person who had no blood test means that.
        return Invalid(
            f'"{text}" could mean no blood test: type "unknown" (or "I don\'t know") if there was none, '
            'or "normal" if the test was normal.'
        )
    matches = [
        v
        for v, label in question.choices
        if v.startswith(text) or v.startswith(typed_value) or label.lower().startswith(text)
    ]
    if len(matches) == 1:
        return matches[0]
    shown = quoted(typed.strip(), MAX_SHOWN)
    if matches:
        return Invalid(f"{shown} could be {', '.join(matches)}: type a little more.")
    close = difflib.get_close_matches(typed_value, question.values, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""  # as flags and --answers say it
    return Invalid(f"{shown} is not one of the choices: {', '.join(question.values)}.{hint}")


def read_value(typed: str) -> Measured | Invalid | Quit:
    """Read a measured value typed for the calcium or phosphate question: a number, with
    its unit or without (a number alone is never a choice here); ``q`` quits."""
    text = " ".join(typed.strip().lower().split())
    if text in QUIT_WORDS:
        return Quit()
    number = _NUMBER.fullmatch(text)
    if number is None:
        return Invalid(
            f"{quoted(typed.strip(), MAX_SHOWN)} is not a value: type the number from the report with its unit, "
            "such as 9.5 mg/dl or 2.4 mmol/l."
        )
    unit = number.group(2).replace(" ", "")
    if unit and unit not in _UNIT_WORDS:
        return Invalid(f"{quoted(number.group(2), MAX_SHOWN)} is not a unit this program reads: type mg/dl or mmol/l.")
    return Measured(number.group(1), _UNIT_WORDS.get(unit))


def _value_name(key: str) -> str:
    """How the prompts name a field in a message about a typed value."""
    return {"units": "the unit"}.get(key, "the " + key.replace("_", " "))


def read_measured(analyte: str, reply: Measured, known: Mapping[str, object]) -> dict[str, object] | Invalid:
    """The answers a typed value gives (``calcium_value``, perhaps ``units``), checked as
    every other input is (:func:`.answers.parse_answers`); or why it cannot be read."""
    given = known.get("units")
    given_units = given.strip().lower() if isinstance(given, str) and given.strip() else None
    units = reply.units or given_units
    others = [a for a in MEASURED if a != analyte and known.get(f"{a}_value") not in (None, "")]
    in_force = given_units or DEFAULT_UNITS  # what the other value is read in: a unit typed here must agree
    if reply.units and reply.units != in_force and others:
        return Invalid(f"The {others[0]} was given in {in_force}: type the {analyte} in {in_force} too.")
    number = reply.number
    try:
        value = float(number.replace(",", "."))
    except ValueError:  # pragma: no cover - the pattern of Measured reads only numbers
        return Invalid(f"{quoted(number)} is not a number.")
    if units is None:
        other = "mmol/l"
        if not BOUNDS[analyte]["mg/dl"].ordinary.holds(value) and BOUNDS[analyte][other].ordinary.holds(value):
            return Invalid(
                f"{value:g} could be a {analyte} in mmol/l or in mg/dl: type it with its unit, "
                f"such as {value:g} mmol/l (or {value:g} mg/dl)."
            )
    elif not BOUNDS[analyte][units].possible.holds(value):
        other = UNITS[1] if units == UNITS[0] else UNITS[0]
        if BOUNDS[analyte][other].ordinary.holds(value):
            return Invalid(
                f"{value:g} {units} is not a {analyte} a living person can have; {value:g} {other} would be "
                f"ordinary: type {value:g} {other} if that is what the report says."
            )
    fields: dict[str, object] = {f"{analyte}_value": number}
    if units is not None:
        fields["units"] = units
    if known.get("albumin_value") not in (None, "") and known.get("albumin_units") in (None, ""):
        # The albumin's default units follow --units: a unit typed here must not reread it.
        albumin_units = _default_albumin_units(given_units)
        if _default_albumin_units(units) != albumin_units:
            fields["albumin_units"] = albumin_units
    try:
        parse_answers({**{k: v for k, v in known.items() if k != analyte}, **fields}, name=_value_name)
    except UsageError as error:
        return Invalid(error.message[:1].upper() + error.message[1:])
    return fields


def _default_albumin_units(units: str | None) -> str:
    """The units an albumin is read in without its own: g/l with units mmol/l, else g/dl."""
    return "g/l" if units == "mmol/l" else "g/dl"


def contradiction(question_id: str, value: str, known: Mapping[str, object]) -> Invalid | None:
    """Why ``value`` cannot answer ``question_id`` with the answers ``known``: a measured
    value given would then contradict a level given (with another age group, another
    range); None when it can."""
    try:
        parse_answers({**known, question_id: value}, name=_value_name)
    except UsageError as error:
        return Invalid(
            f"{error.message[:1].upper()}{error.message[1:]}. Choose another answer, "
            "or q to quit and correct the flags or the answers file."
        )
    return None


def describe_measured(analyte: str, known: Mapping[str, object]) -> str:
    """A typed value in words: "10.5 mg/dl: high (adult range 8.6 to 10.3 mg/dl)"."""
    labs = parse_answers(known).labs
    measurement = None if labs is None else labs.calcium if analyte == "calcium" else labs.phosphate
    if measurement is None:  # pragma: no cover - only called once a value is read
        return ""
    level = _level_words(level_as_measured(measurement))
    text = (
        f"{analyte.capitalize()} {measurement.value:g} {measurement.units}: {level} "
        f"({measurement.range_words(': ', ' to ')})"
    )
    if measurement.corrected is not None:
        text += f"; {corrected_words(measurement)}, the level that counts"
    if measurement.severe:
        text += f"; in the range where very {measurement.severe} calcium can be dangerous"
    text += "."
    if analyte == "calcium" and measurement.corrected is None and known.get("age_group") not in ("newborn", "infant"):
        # The albumin has no question of its own: the person with the report is told it counts.
        text += (
            " If the report also gives albumin, it counts (a low albumin makes calcium look lower "
            "than it is): run again with --albumin-value and --albumin-units (g/l or g/dl)."
        )
    return text


def _level_words(level: str) -> str:
    return "borderline for the age" if level == "borderline" else level


def answer_words(question: Question, known: Mapping[str, object]) -> str:
    """The answer to ``question`` in words, a typed value included."""
    if question.id in MEASURED and f"{question.id}_value" in known:
        labs = parse_answers(known).labs
        measurement = (labs.calcium if question.id == "calcium" else labs.phosphate) if labs else None
        if measurement is not None:
            return value_with_level(measurement, _level_words)
    value = known.get(question.id)
    return question.label_of(value) if isinstance(value, str) else UNKNOWN_LABEL
