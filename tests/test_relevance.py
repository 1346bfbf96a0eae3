"""Which questions the interview still asks (contract 1.1, "When it prompts"), held to the
decision tree itself: a question left out must never be able to change the result.

The result that matters is the urgency, the suggested type, its certainty, the red flags
and the look-alikes. Each property samples partial answers the way an interview makes them
(some given at the start, then the questions asked answered one by one), and completes the
unanswered questions many ways: exhaustively when few remain.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calcinosis_cli.answers import parse_answers
from calcinosis_cli.errors import UsageError
from calcinosis_cli.questions import QUESTION_IDS, QUESTIONS, QUESTIONS_BY_ID, UNKNOWN
from calcinosis_cli.tree import triage
from calcinosis_cli.tree.relevance import (
    ASK_ORDER,
    at_most,
    is_urgent,
    next_questions,
    outcome,
    relevant,
    settled,
)
from calcinosis_cli.tree.rules import ALL_RULES

RULE_IDS = {rule.id for rule in ALL_RULES}
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Measured values a person may type, in mg/dl: ordinary, high, low and in the severe ranges.
CALCIUM_VALUES = ("4.5", "7.9", "9.4", "10.9", "11.6", "14.5")
PHOSPHATE_VALUES = ("1.2", "3.5", "5.2", "6.5", "8.8")


def result_of(raw: Mapping[str, object]) -> tuple[Any, ...]:
    """What a person is told that the relevance rule protects, for these answers."""
    r = triage(parse_answers(raw))
    return (r.urgency, r.suggested_type, r.certainty, r.red_flags, tuple(h.id for h in r.look_alikes))


def valid(raw: Mapping[str, object]) -> bool:
    try:
        parse_answers(raw)
    except UsageError:
        return False
    return True


@st.composite
def answers(draw: st.DrawFn, share: float | None = None) -> dict[str, object]:
    """Some answers, each question answered with probability ``share``; now and then a
    measured calcium or phosphate instead of its level."""
    share = draw(st.floats(0.0, 1.0)) if share is None else share
    raw: dict[str, object] = {}
    for question in QUESTIONS:
        if draw(st.floats(0.0, 1.0)) < share:
            raw[question.id] = draw(st.sampled_from(question.values))
    for analyte, values in (("calcium", CALCIUM_VALUES), ("phosphate", PHOSPHATE_VALUES)):
        if draw(st.integers(0, 5)) == 0:
            raw.pop(analyte, None)
            raw[f"{analyte}_value"] = draw(st.sampled_from(values))
    return raw


def interview(given: dict[str, object], rng: random.Random) -> dict[str, object]:
    """Answer, at random, each question the interview would ask, until it stops."""
    known = dict(given)
    while todo := next_questions(known):
        question = todo[0]
        known[question.id] = rng.choice(question.values)
    return known


def completions(known: Mapping[str, object], rng: random.Random, many: int = 150) -> list[dict[str, object]]:
    """Ways to answer every open question: all of them when there are few, else ``many``."""
    open_ids = [q for q in QUESTION_IDS if q not in known and f"{q}_value" not in known]
    size = 1
    for q in open_ids:
        size *= len(QUESTIONS_BY_ID[q].values)
    if size <= many:
        combos = itertools.product(*(QUESTIONS_BY_ID[q].values for q in open_ids))
        return [{**known, **dict(zip(open_ids, combo, strict=True))} for combo in combos]
    found = []
    for _ in range(many):
        # Lean towards the answers that make rules hold, and towards leaving things unknown.
        pick = {q: rng.choice((*QUESTIONS_BY_ID[q].values, "yes", UNKNOWN)) for q in open_ids}
        found.append({**known, **{q: v for q, v in pick.items() if v in QUESTIONS_BY_ID[q].values}})
    return found


# --- the views are the tree -------------------------------------------------------------------


def held_rules(raw: Mapping[str, object]) -> tuple[str, ...]:
    path = triage(parse_answers(raw)).path
    return tuple(sorted({step.rule.split(":")[0] for step in path} & RULE_IDS))


@settings(max_examples=600, deadline=None)
@given(raw=answers())
def test_the_views_give_what_the_tree_gives(raw: dict[str, object]) -> None:
    """The relevance rule reads the tree through its views; they must agree with it for every
    full set of answers, or a question could matter through what the views miss."""
    if not valid(raw):
        return
    seen = outcome(raw)
    result = triage(parse_answers(raw))
    assert tuple(sorted(seen.held)) == held_rules(raw)
    assert seen.suggested == (result.suggested_type, result.certainty)
    assert seen.look_alikes == tuple(h.id for h in result.look_alikes)


# --- asking stops only when nothing can change the result -------------------------------------


@SLOW
@given(given_answers=answers(), seed=st.integers(0, 2**32))
def test_when_asking_stops_every_completion_gives_the_same_result(given_answers: dict[str, object], seed: int) -> None:
    if not valid(given_answers):
        return
    rng = random.Random(seed)
    known = interview(given_answers, rng)
    assert settled(known)
    if is_urgent(known):
        assert result_of(known)[0] == "urgent"
        return
    assert not relevant(known)
    expected = result_of(known)
    for completion in completions(known, rng):
        if valid(completion):
            assert result_of(completion) == expected, f"stopped at {known}, but {completion} differs"


@SLOW
@given(given_answers=answers(), seed=st.integers(0, 2**32))
def test_a_question_left_out_never_changes_the_result(given_answers: dict[str, object], seed: int) -> None:
    """For any partial answers: changing the answer of a question called not relevant, the
    other open questions answered any way, gives the same result."""
    if not valid(given_answers):
        return
    rng = random.Random(seed)
    asked = relevant(given_answers)
    left_out = [
        q for q in QUESTION_IDS if q not in given_answers and f"{q}_value" not in given_answers and q not in asked
    ]
    for completion in completions(given_answers, rng, many=25):
        for q in left_out:
            results = set()
            for value in QUESTIONS_BY_ID[q].values:
                changed = {**completion, q: value}
                if valid(changed):
                    results.add(result_of(changed))
            assert len(results) <= 1, f"{q} was left out at {given_answers}, but changes the result of {completion}"


@SLOW
@given(given_answers=answers(), extra=st.data())
def test_answering_a_question_never_makes_another_relevant(given_answers: dict[str, object], extra: Any) -> None:
    """Relevance only shrinks as answers come: what "at most" promises rests on it."""
    if not valid(given_answers):
        return
    before = set(relevant(given_answers))
    open_ids = [q for q in QUESTION_IDS if q not in given_answers and f"{q}_value" not in given_answers]
    if not open_ids:
        return
    q = extra.draw(st.sampled_from(open_ids))
    more = {**given_answers, q: extra.draw(st.sampled_from(QUESTIONS_BY_ID[q].values))}
    if valid(more):
        assert set(relevant(more)) <= before - {q}


@SLOW
@given(given_answers=answers(), seed=st.integers(0, 2**32))
def test_at_most_is_never_exceeded(given_answers: dict[str, object], seed: int) -> None:
    if not valid(given_answers):
        return
    rng = random.Random(seed)
    known = dict(given_answers)
    promised = [at_most(known)]
    while todo := next_questions(known):
        known[todo[0].id] = rng.choice(todo[0].values)
        promised.append(at_most(known))
    asked = len(promised) - 1
    for step, bound in enumerate(promised):
        assert bound >= asked - step, f"at most {bound} promised, {asked - step} asked"
    assert promised[-1] == 0


@SLOW
@given(given_answers=answers())
def test_the_static_asked_when_conditions_never_hide_a_relevant_question(given_answers: dict[str, object]) -> None:
    """The bank's "asked when" (the FHIR Questionnaire's enableWhen, the README's column) may
    show more than the interview asks, never less."""
    if not valid(given_answers):
        return
    shown = {k: v for k, v in given_answers.items() if k in QUESTIONS_BY_ID and isinstance(v, str)}
    for q in relevant(given_answers):
        assert QUESTIONS_BY_ID[q].ask_when.holds(shown), f"{q} is relevant but its enableWhen hides it"


# --- what a person meets ------------------------------------------------------------------------

DIALYSIS_WITH_BLACK_SORES = {
    "age_group": "adult",
    "skin_breakdown": "yes",
    "skin_dark": "yes",
    "skin_patches": "unknown",
    "pain": "severe",
}


def test_the_dialysis_patient_with_painful_black_sores_is_urgent_after_the_emergency_questions() -> None:
    known: dict[str, object] = {}
    asked = []
    while todo := next_questions(known):
        question = todo[0]
        asked.append(question.id)
        known[question.id] = {**DIALYSIS_WITH_BLACK_SORES, "kidney_failure": "yes"}.get(question.id, UNKNOWN)
    assert asked == ["age_group", "skin_breakdown", "skin_dark", "skin_patches", "pain"]
    assert result_of(known)[0] == "urgent"


def test_the_emergency_questions_come_first() -> None:
    first = [q.id for q in next_questions({"age_group": "adult"})][:6]
    assert first == [
        "skin_breakdown",
        "skin_dark",
        "skin_patches",
        "pain",
        "high_calcium_symptoms",
        "low_calcium_symptoms",
    ]
    assert ASK_ORDER[0] == "age_group"


def test_nothing_answered_everything_is_relevant() -> None:
    assert relevant({}) == ASK_ORDER
    assert at_most({}) == len(QUESTIONS)


def test_no_skin_sign_and_no_pain_leave_the_calciphylaxis_only_risk_factors_out() -> None:
    known = {
        "age_group": "infant",
        "skin_breakdown": "no",
        "skin_dark": "no",
        "skin_patches": "no",
        "pain": "none",
        "procedure": "heel-sticks",
        "calcium": "normal",
        "phosphate": "normal",
    }
    left = set(relevant(known))
    assert not {"obesity", "diabetes", "liver_disease", "warfarin"} & left
    assert "kidney_failure" in left  # new deposits with kidney failure want a prompt review
    assert "tissue_damage" in left  # an infection where the lumps are, a difficult birth


def test_high_calcium_makes_the_local_causes_matter_less() -> None:
    known = {q: "no" for q in ("skin_breakdown", "skin_dark", "skin_patches")}
    known.update(age_group="adult", pain="none", calcium="high", phosphate="high")
    left = set(relevant(known))
    assert "tumor" not in left  # metastatic is likely whatever the tumour
    assert "tissue_damage" in left  # but an infection there is still a red flag


def test_everything_answered_nothing_is_relevant() -> None:
    full = {q.id: UNKNOWN for q in QUESTIONS}
    assert relevant(full) == ()
    assert at_most(full) == 0


@pytest.mark.parametrize(
    ("given_answers", "moves"),
    [
        # a measured calcium is read with the age group's range: the age group decides its level
        ({"calcium_value": "10.6"}, "age_group"),
        # a measured calcium may be in the severe range for one age group and not another
        ({"calcium_value": "12.4", "skin_breakdown": "no"}, "age_group"),
        # with both values measured, the product holds for adults only
        ({"calcium_value": "10.0", "phosphate_value": "7.4"}, "age_group"),
    ],
)
def test_measured_values_make_the_age_group_relevant(given_answers: dict[str, object], moves: str) -> None:
    assert moves in relevant(given_answers)


def test_a_measured_value_for_a_child_reads_the_same_as_its_level() -> None:
    by_value = {"age_group": "child", "calcium_value": "10.9", "phosphate_value": "5.8"}
    assert "calcium" not in relevant(by_value)
    assert "phosphate" not in relevant(by_value)


def test_a_level_given_beside_a_value_that_contradicts_it_for_some_age_is_read_for_the_others() -> None:
    # 10.6 mg/dl is high for an adult and normal for a newborn: "high" fits only some ages.
    given_answers = {"calcium": "high", "calcium_value": "10.6", "skin_breakdown": "no"}
    assert valid({**given_answers, "age_group": "adult"})
    assert not valid({**given_answers, "age_group": "newborn"})
    assert "age_group" in relevant(given_answers)


def test_invalid_answers_are_refused() -> None:
    with pytest.raises(UsageError):
        relevant({"pain": "purple"})
