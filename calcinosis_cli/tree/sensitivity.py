"""Which unanswered questions could have changed a result: the "not answered" list that a
person is shown. Pure: no I/O, no Typer, no Rich.

A question counts when some value of it, every other answer as given, changes the urgency,
the suggested type or its certainty. It is found by running the tree itself on each such
variant (some 100 runs for a result with nothing answered, a few milliseconds), so that
the list cannot drift from the rules.
"""

from __future__ import annotations

from types import MappingProxyType

from ..answers import Answers, parse_answers
from ..errors import UsageError
from ..questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN
from ..result import Result

# The questions that the reading of a measured value depends on (its reference range and
# the severe-range check): with a value given, a variant of one of them is read afresh.
READ_WITH_LABS = frozenset(("age_group", "kidney_failure"))


def outcome(result: Result) -> tuple[str, str, str]:
    """What a person takes from a result first: how soon, which type, how sure."""
    return result.urgency, result.suggested_type, result.certainty


def could_change(result: Result) -> tuple[str, ...]:
    """The ids of the unanswered questions of ``result`` of which some value, with the
    other answers as given, changes its :func:`outcome`; in the order of the question bank."""
    from . import triage

    answers = result.answers
    unanswered = set(answers.unanswered)
    found = outcome(result)
    return tuple(
        question.id
        for question in QUESTIONS
        if question.id in unanswered
        and any(outcome(triage(variant)) != found for variant in variants(answers, question.id))
    )


def variants(answers: Answers, question_id: str) -> list[Answers]:
    """``answers`` with ``question_id`` given each of its known values in turn; a value that
    contradicts a measured value (an impossible case) is left out."""
    values = [value for value in QUESTIONS_BY_ID[question_id].values if value != UNKNOWN]
    unanswered = tuple(q for q in answers.unanswered if q != question_id)
    if answers.labs is None or question_id not in READ_WITH_LABS:
        return [
            Answers(MappingProxyType({**answers.values, question_id: value}), unanswered, answers.labs)
            for value in values
        ]
    found = []
    raw = as_given(answers)
    for value in values:
        try:
            found.append(parse_answers({**raw, question_id: value}))
        except UsageError:
            continue
    return found


def as_given(answers: Answers) -> dict[str, object]:
    """Raw answers that read back as ``answers``: the answered questions and the measured
    values in their units. A level that its measured value gives is left out, so that a
    variant reads the value afresh; a level given otherwise (where the value is borderline
    for age) is kept."""
    labs = answers.labs
    raw: dict[str, object] = {q: v for q, v in answers.values.items() if q not in answers.unanswered}
    if labs is None:
        return raw
    raw["units"] = labs.units
    for measurement in (labs.calcium, labs.phosphate):
        if measurement is None:
            continue
        raw[f"{measurement.analyte}_value"] = measurement.value
        read = UNKNOWN if measurement.level == "borderline" else measurement.level
        if raw.get(measurement.analyte) == read:
            del raw[measurement.analyte]
    if labs.albumin is not None:
        raw["albumin_value"] = labs.albumin.value
        raw["albumin_units"] = labs.albumin.units
    return raw
