"""Properties of the triage over the whole answer space: every question with any of
its values (unknown included, in any letter case), unanswered questions, and measured
blood values in either unit. Each test is named after the invariant it checks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import calcinosis_cli
from calcinosis_cli import QUESTIONS, TYPES, UsageError, result_schema, triage, triage_answers
from calcinosis_cli.knowledge import REFERENCE_RANGES
from calcinosis_cli.questions import LAB_FIELDS
from calcinosis_cli.tree import RULES, decided_afresh

PROPERTY = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(PROPERTY, max_examples=100)

VALUES = {question.id: question.values for question in QUESTIONS}
MG_PER_MMOL = {"calcium": 4.008, "phosphate": 3.097}
# What a living person can have, in mg/dL, kept a little inside the program's limits.
PLAUSIBLE = {"calcium": (1.01, 29.9), "phosphate": (0.11, 29.9)}
# What a lab reports most often: the ranges around normal, where the interesting edges are.
TYPICAL = {"calcium": (5.0, 16.0), "phosphate": (1.5, 9.0)}

CAUSES_OF_HIGH_LEVELS = ("kidney_failure", "overactive_gland", "excess_vitamin_d", "bone_disease")
RISK_FACTORS = ("kidney_failure", "organ_transplant", "warfarin", "overactive_gland")
DAMAGE = ("surgery", "wound", "acne", "injury", "joint-injury", "infection")
DAMAGING_DISEASES = ("lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis", "other")
LOCAL_PROCEDURES = ("heel-sticks", "electrode-paste", "calcium-injection", "other")
URGENCY_RANK = {"routine": 0, "soon": 1, "urgent": 2}

VALIDATOR = Draft202012Validator(result_schema())


# --- strategies -------------------------------------------------------------


# How a person might type a value: any letter case, stray spaces.
SPELLINGS = (str.lower, str.upper, str.title, lambda v: f" {v} ", lambda v: f"{v.capitalize()}\t")
# Per question: any of its values, None or "" (unanswered), or left out (twice as likely).
CHOICES = {question.id: (*question.values, None, "", "omit", "omit") for question in QUESTIONS}
# Drawn all at once: far cheaper for Hypothesis than one draw per question.
CHOSEN = st.tuples(*(st.tuples(st.sampled_from(CHOICES[q.id]), st.integers(0, len(SPELLINGS) - 1)) for q in QUESTIONS))

# Uniform draws seldom reach the narrow regions of the tree (the calciphylaxis pattern
# needs three answers at once); one of these is laid over some examples to reach them.
NORMAL = {"calcium": "normal", "phosphate": "normal", **dict.fromkeys(CAUSES_OF_HIGH_LEVELS, "no")}
NO_LOCAL_CAUSE = {"tissue_damage": "none", "autoimmune": "none", "tumor": "no", "procedure": "none"}
FOCUS = (
    {},
    {},
    {},
    {"skin_breakdown": "yes", "pain": "severe"},
    {"skin_breakdown": "yes"},
    NORMAL,
    NO_LOCAL_CAUSE,
    {**NORMAL, **NO_LOCAL_CAUSE},
)

# Where a level changes: every bound of every age group's range, and severe calcium.
EDGES = {
    analyte: sorted({bound for found in by_age.values() for bound in (found.low, found.high)})
    for analyte, by_age in REFERENCE_RANGES.items()
}
EDGES["calcium"].append(14.0)


def lab_values(analyte: str) -> st.SearchStrategy[float]:
    """A measured value in mg/dL: anywhere a person can have, mostly where labs report,
    often close to a bound where the level changes."""
    low, high = PLAUSIBLE[analyte]
    return st.one_of(
        st.floats(low, high),
        st.floats(*TYPICAL[analyte]),
        st.tuples(st.sampled_from(EDGES[analyte]), st.floats(-0.3, 0.3)).map(lambda pair: pair[0] + pair[1]),
    )


@st.composite
def answer_sets(draw: st.DrawFn, labs: bool | None = None) -> dict[str, Any]:
    """A raw answer mapping: each question left out, blank, or any of its values, and
    measured calcium and/or phosphate in either unit (``labs``: True always, False never,
    None sometimes)."""
    raw: dict[str, Any] = {}
    for question, (choice, spelling) in zip(QUESTIONS, draw(CHOSEN), strict=True):
        if choice != "omit":
            raw[question.id] = SPELLINGS[spelling](choice) if choice else choice
    raw.update(draw(st.sampled_from(FOCUS)))
    if labs or (labs is None and draw(st.booleans())):
        units = draw(st.sampled_from((None, "mg/dl", "mmol/l", "MMOL/L", "mg/dL")))
        in_mmol = units is not None and units.lower() == "mmol/l"
        if units is not None:
            raw["units"] = units
        for analyte in ("calcium", "phosphate"):
            if not draw(st.booleans()) and not (labs and analyte == "calcium"):
                continue
            mg_dl = draw(lab_values(analyte))
            value = mg_dl / MG_PER_MMOL[analyte] if in_mmol else mg_dl
            raw[f"{analyte}_value"] = draw(st.sampled_from((value, round(value, 2), str(round(value, 2)))))
            # A measured value may come with no level, a blank one, or "unknown".
            level = draw(st.sampled_from(("omit", None, "", "unknown", "UNKNOWN")))
            if level == "omit":
                raw.pop(analyte, None)
            else:
                raw[analyte] = level
    return raw


def given_ids(raw: dict[str, Any]) -> set[str]:
    return {q.id for q in QUESTIONS if raw.get(q.id) not in (None, "")}


def measured(raw: dict[str, Any]) -> set[str]:
    return {a for a in ("calcium", "phosphate") if raw.get(f"{a}_value") not in (None, "")}


def run(raw: dict[str, Any]) -> dict[str, Any]:
    return triage_answers(raw).to_dict()


# --- what the answers say, read independently of the tree ---------------------


def high_levels(result: dict[str, Any]) -> bool:
    a = result["answers"]
    labs = result["labs"]
    product_high = bool(labs and labs["product"] and labs["product"]["above_threshold"])
    return a["calcium"] == "high" or a["phosphate"] == "high" or product_high


def levels_measured_not_high(result: dict[str, Any]) -> bool:
    a = result["answers"]
    return not high_levels(result) and a["calcium"] in ("normal", "low") and a["phosphate"] in ("normal", "low")


def yes(result: dict[str, Any], questions: tuple[str, ...]) -> bool:
    return any(result["answers"][q] == "yes" for q in questions)


def calciphylaxis_pattern(result: dict[str, Any]) -> bool:
    a = result["answers"]
    return a["skin_breakdown"] == "yes" and a["pain"] == "severe" and yes(result, RISK_FACTORS)


def calciphylaxis_named(result: dict[str, Any]) -> bool:
    """The pattern, or skin breakdown with a risk factor and pain not known: decision.md names it both times."""
    a = result["answers"]
    return a["skin_breakdown"] == "yes" and a["pain"] in ("severe", "unknown") and yes(result, RISK_FACTORS)


def severe_calcium(result: dict[str, Any]) -> bool:
    labs = result["labs"]
    return bool(labs and labs["calcium"] and labs["calcium"]["value_mg_dl"] >= 14.0)


def contradicts(type_id: str, result: dict[str, Any]) -> bool:
    """True when the answers contradict what defines the type in decision.md."""
    a = result["answers"]
    high = high_levels(result)
    if type_id == "metastatic":
        # Nothing high, and either no cause of high levels or both levels measured not high.
        return not high and (not yes(result, CAUSES_OF_HIGH_LEVELS) or levels_measured_not_high(result))
    if type_id == "iatrogenic":
        return high or a["procedure"] in ("none", "unknown")
    if type_id == "dystrophic":
        no_damage = (
            a["tissue_damage"] == "none"
            and a["autoimmune"] == "none"
            and a["tumor"] == "no"
            and a["procedure"] not in ("surgery", "unknown")
        )
        return high or no_damage
    if type_id == "idiopathic":
        return (
            high
            or a["tissue_damage"] in DAMAGE
            or a["tumor"] == "yes"
            or a["autoimmune"] in DAMAGING_DISEASES
            or a["procedure"] in (*LOCAL_PROCEDURES, "surgery")
        )
    # calciphylaxis: named only for skin breakdown with a risk factor
    return a["skin_breakdown"] != "yes" or not yes(result, RISK_FACTORS)


# --- every result is valid, complete and reproducible ----------------------------


@PROPERTY
@given(answer_sets())
def test_every_result_validates_against_the_schema(raw: dict[str, Any]) -> None:
    result = run(raw)
    errors = sorted(VALIDATOR.iter_errors(result), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(result_schema())


@PROPERTY
@given(answer_sets())
def test_triage_is_deterministic(raw: dict[str, Any]) -> None:
    first = run(raw)
    assert run(dict(raw)) == first
    assert run(dict(reversed(list(raw.items())))) == first, "the order of the keys does not matter"
    assert triage(calcinosis_cli.parse_answers(raw)).to_dict() == first


@settings(PROPERTY, max_examples=600)
@given(answer_sets())
def test_decisions_kept_from_earlier_cases_give_the_result_of_deciding_afresh(raw: dict[str, Any]) -> None:
    """The tree keeps each decision for the answers it names; a key that left out an
    answer the decision reads would hand one case the decision made for another.
    Hundreds of cases share the kept decisions here, so such a key would show."""
    kept = run(raw)
    with decided_afresh():
        assert run(raw) == kept


@PROPERTY
@given(answer_sets())
def test_the_disclaimer_is_always_present(raw: dict[str, Any]) -> None:
    disclaimer = run(raw)["disclaimer"].lower()
    for words in ("not medical advice", "not a diagnosis", "health professional", "emergency"):
        assert words in disclaimer


@PROPERTY
@given(answer_sets())
def test_answers_echo_the_input_in_lower_case(raw: dict[str, Any]) -> None:
    result = run(raw)
    assert set(result["answers"]) == set(VALUES)
    for qid, answer in result["answers"].items():
        if qid in measured(raw):
            assert answer == result["labs"][qid]["level"]
        elif qid in given_ids(raw):
            assert answer == raw[qid].strip().lower()
        else:
            assert answer == "unknown"


@PROPERTY
@given(answer_sets())
def test_unanswered_is_exactly_the_questions_not_given(raw: dict[str, Any]) -> None:
    result = run(raw)
    expected = set(VALUES) - given_ids(raw) - measured(raw)
    assert set(result["unanswered"]) == expected
    assert len(result["unanswered"]) == len(expected)


@PROPERTY
@given(answer_sets(labs=True))
def test_measured_values_are_read_against_the_age_groups_range(raw: dict[str, Any]) -> None:
    result = run(raw)
    labs = result["labs"]
    if not measured(raw):
        assert labs is None
        return
    age = result["answers"]["age_group"]
    age_used = "adult" if age == "unknown" else age
    for analyte in ("calcium", "phosphate"):
        if analyte not in measured(raw):
            assert labs[analyte] is None
            continue
        reading = labs[analyte]
        value = float(raw[f"{analyte}_value"])
        mg_dl = value if reading["units"] == "mg/dl" else value * MG_PER_MMOL[analyte]
        assert reading["value_mg_dl"] == pytest.approx(mg_dl, abs=1e-3)  # rounded to 3 decimals
        ref = REFERENCE_RANGES[analyte][age_used]
        assert reading["range"]["age_group"] == age_used
        # Read against the limits as the sources print them, in the units given.
        low, high = ref.limits(reading["units"])
        assert (reading["range"]["low"], reading["range"]["high"]) == (low, high)
        expected = "high" if value > high else "low" if value < low else "normal"
        assert reading["level"] == expected
    if labs["calcium"] and labs["phosphate"]:
        product = labs["calcium"]["value_mg_dl"] * labs["phosphate"]["value_mg_dl"]
        assert labs["product"]["value"] == pytest.approx(product, abs=0.05)
        if abs(product - 70) > 0.1:
            assert labs["product"]["above_threshold"] is (product >= 70)
    else:
        assert labs["product"] is None


# --- the suggestion respects decision.md --------------------------------------


@settings(PROPERTY, max_examples=600)
@given(answer_sets())
def test_never_suggests_a_type_the_answers_contradict(raw: dict[str, Any]) -> None:
    result = run(raw)
    suggested = result["suggested_type"]["id"]
    assert not contradicts(suggested, result), (suggested, result["answers"], result["labs"], result["reasons"])


@PROPERTY
@given(answer_sets())
def test_high_blood_levels_always_suggest_metastatic_unless_calciphylaxis(raw: dict[str, Any]) -> None:
    result = run(raw)
    if high_levels(result):
        suggested = result["suggested_type"]["id"]
        assert suggested in ("metastatic", "calciphylaxis")
        if suggested == "metastatic":
            assert result["certainty"] == "likely"


@PROPERTY
@given(answer_sets())
def test_the_calciphylaxis_pattern_is_always_named_first(raw: dict[str, Any]) -> None:
    result = run(raw)
    if calciphylaxis_pattern(result):
        assert (result["suggested_type"]["id"], result["certainty"]) == ("calciphylaxis", "likely")


@PROPERTY
@given(answer_sets())
def test_skin_breakdown_with_a_risk_factor_and_pain_unknown_is_possible_calciphylaxis(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    if a["skin_breakdown"] == "yes" and a["pain"] == "unknown" and yes(result, RISK_FACTORS):
        assert (result["suggested_type"]["id"], result["certainty"]) == ("calciphylaxis", "possible")
        assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK["soon"]


@PROPERTY
@given(answer_sets())
def test_very_painful_skin_breakdown_without_a_risk_factor_keeps_calciphylaxis_in_mind(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    if a["skin_breakdown"] == "yes" and a["pain"] == "severe" and not yes(result, RISK_FACTORS):
        assert "calciphylaxis" in [alt["id"] for alt in result["alternatives"]]
        assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK["soon"]


@PROPERTY
@given(answer_sets())
def test_urgent_only_when_calciphylaxis_is_named_or_calcium_is_severe(raw: dict[str, Any]) -> None:
    result = run(raw)
    expected_urgent = calciphylaxis_named(result) or severe_calcium(result)
    assert (result["urgency"] == "urgent") == expected_urgent, (result["answers"], result["red_flags"])


@PROPERTY
@given(answer_sets())
def test_urgent_results_say_to_get_care_today(raw: dict[str, Any]) -> None:
    result = run(raw)
    if result["urgency"] == "urgent":
        assert "today" in result["next_steps"][0].lower()
        assert result["red_flags"]


@PROPERTY
@given(answer_sets())
def test_warning_signs_are_never_routine(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    warning = (
        a["skin_breakdown"] == "yes"
        or a["pain"] in ("mild", "severe")
        or a["calcium"] == "high"
        or result["suggested_type"]["id"] == "calciphylaxis"
    )
    if warning:
        assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK["soon"]
        assert result["red_flags"]
    if result["urgency"] != "routine":
        assert result["red_flags"], "a raised urgency says which warning signs raised it"


@PROPERTY
@given(answer_sets())
def test_a_blood_test_is_advised_while_the_levels_are_not_known(raw: dict[str, Any]) -> None:
    result = run(raw)
    known = high_levels(result) or levels_measured_not_high(result)
    advises = any("blood test" in step.lower() for step in result["next_steps"])
    assert advises == (not known), (result["answers"], result["next_steps"])


@PROPERTY
@given(answer_sets())
def test_the_suggested_type_is_never_an_alternative_and_alternatives_are_unique(raw: dict[str, Any]) -> None:
    result = run(raw)
    ids = [alt["id"] for alt in result["alternatives"]]
    assert result["suggested_type"]["id"] not in ids
    assert len(ids) == len(set(ids))
    assert all(alt["name"] == TYPES[alt["id"]].name and alt["why"].strip() for alt in result["alternatives"])


@PROPERTY
@given(answer_sets())
def test_an_uncertain_result_names_alternatives_and_what_would_decide(raw: dict[str, Any]) -> None:
    result = run(raw)
    if result["certainty"] == "uncertain":
        assert result["alternatives"]
        assert result["next_steps"]


@PROPERTY
@given(answer_sets())
def test_matched_causes_are_typical_causes_of_the_suggested_type(raw: dict[str, Any]) -> None:
    result = run(raw)
    card = TYPES[result["suggested_type"]["id"]]
    assert result["typical_causes"] == [cause.text for cause in card.causes]
    assert set(result["matched_causes"]) <= set(result["typical_causes"])
    assert result["treatment_notes"] == [fact.text for fact in card.treatment]


@PROPERTY
@given(answer_sets())
def test_every_step_of_the_path_names_a_rule_of_the_tree(raw: dict[str, Any]) -> None:
    result = run(raw)
    for step in result["path"]:
        rule_id, _, text = step["rule"].partition(": ")
        assert RULES.get(rule_id) == text, step
        assert step["answer"] == result["answers"][step["question"]]


@FEWER
@given(answer_sets())
def test_an_explicit_level_that_agrees_with_the_measured_value_changes_nothing(raw: dict[str, Any]) -> None:
    result = run(raw)
    if not measured(raw):
        return
    restated = {**raw, **{analyte: result["answers"][analyte].upper() for analyte in measured(raw)}}
    assert run(restated) == result


# --- invalid input is a usage error naming the field ----------------------------


@st.composite
def invalid_choices(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    raw = draw(answer_sets(labs=False))
    question = draw(st.sampled_from(QUESTIONS))
    bad = draw(
        st.one_of(
            st.text(max_size=30).filter(lambda s: s != "" and s.strip().lower() not in question.values),
            st.sampled_from(question.values).map(lambda v: v + "x"),
            st.integers(),
            st.floats(allow_nan=True),
            st.booleans(),
            st.lists(st.sampled_from(question.values), max_size=2),
            st.just({"value": "yes"}),
        )
    )
    return {**raw, question.id: bad}, question.id


@PROPERTY
@given(invalid_choices())
def test_a_value_outside_the_set_raises_usage_error_naming_the_field(case: tuple[dict[str, Any], str]) -> None:
    raw, field = case
    with pytest.raises(UsageError) as caught:
        triage_answers(raw)
    assert caught.value.field == field
    assert field in str(caught.value)


@st.composite
def invalid_lab_values(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    raw = draw(answer_sets(labs=False))
    analyte = draw(st.sampled_from(("calcium", "phosphate")))
    low, high = PLAUSIBLE[analyte]
    units = draw(st.sampled_from(("mg/dl", "mmol/l")))
    per_unit = 1.0 if units == "mg/dl" else 1 / MG_PER_MMOL[analyte]
    bad = draw(
        st.one_of(
            st.floats(max_value=(low - 0.02) * per_unit, allow_nan=False),
            st.floats(min_value=(high + 0.2) * per_unit, allow_nan=False),
            st.just(float("nan")),
            st.sampled_from(("abc", "12 mg", "1,2.3", "--1", "inf", "nan", " ")),
            st.booleans(),
            st.lists(st.floats(5, 10), min_size=1, max_size=2),
        )
    )
    raw.pop(analyte, None)
    return {**raw, f"{analyte}_value": bad, "units": units}, f"{analyte}_value"


@PROPERTY
@given(invalid_lab_values())
def test_an_impossible_blood_value_raises_usage_error_naming_the_field(case: tuple[dict[str, Any], str]) -> None:
    raw, field = case
    with pytest.raises(UsageError) as caught:
        triage_answers(raw)
    assert caught.value.field == field
    assert field in str(caught.value)


@FEWER
@given(
    answer_sets(labs=False),
    st.text(min_size=1, max_size=20).filter(lambda k: k not in VALUES and k not in LAB_FIELDS),
)
def test_an_unknown_field_raises_usage_error_naming_it(raw: dict[str, Any], key: str) -> None:
    with pytest.raises(UsageError) as caught:
        triage_answers({**raw, key: "yes"})
    assert key in str(caught.value)


@FEWER
@given(
    answer_sets(labs=False),
    st.text(max_size=10).filter(lambda u: u.strip().lower() not in ("mg/dl", "mmol/l") and u != ""),
)
def test_unknown_units_raise_usage_error_naming_units(raw: dict[str, Any], units: str) -> None:
    with pytest.raises(UsageError) as caught:
        triage_answers({**raw, "calcium_value": 9.5, "units": units})
    assert caught.value.field == "units"
    assert "units" in str(caught.value)


@FEWER
@given(answer_sets(), st.sampled_from(("calcium", "phosphate")), st.data())
def test_a_level_contradicting_the_measured_value_raises_usage_error(
    raw: dict[str, Any], analyte: str, data: st.DataObject
) -> None:
    if analyte not in measured(raw):
        return
    level = run(raw)["answers"][analyte]
    other = data.draw(st.sampled_from([v for v in ("high", "normal", "low") if v != level]))
    with pytest.raises(UsageError) as caught:
        triage_answers({**raw, analyte: other})
    assert caught.value.field == f"{analyte}_value"
    assert f"{analyte}_value" in str(caught.value)
