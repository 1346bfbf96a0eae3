"""Every part of one result agrees with the others, with the answers and with
decision.md 1.1: read as a clinician reads one result, nothing in it contradicts
anything else in it. Property tests over the whole answer space (the strategies of
tests/test_properties.py), and an exhaustive enumeration where a sub-space is small."""

from __future__ import annotations

import itertools
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import (
    CAUSES_OF_HIGH_LEVELS,
    DAMAGE,
    DAMAGING_DISEASES,
    LOCAL_PROCEDURES,
    Table,
    answer_sets,
    cause_of_high_levels,
    high_levels,
    levels_measured_not_high,
    run,
)
from vignette_blocks import NO_CAUSES, NORMAL, OTHER_RISK, STRONG_RISK

from calcinosis_cli import TYPES, UsageError, triage_answers
from calcinosis_cli.knowledge import LOOK_ALIKES
from calcinosis_cli.knowledge.sources import SOURCES
from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID
from calcinosis_cli.tree import RULE_BY_ID
from calcinosis_cli.tree.choice import NOT_RULED_OUT
from calcinosis_cli.tree.relevance import relevant
from calcinosis_cli.tree.sensitivity import could_change

# Corners the shared strategy seldom reaches: low calcium with nothing found, and
# measured-normal levels with a cause of high levels (each overlay replaces the levels).
NOTHING_FOUND = {"tissue_damage": "none", "autoimmune": "none", "tumor": "no", "procedure": "none"}
CORNERS = (
    {},
    {"calcium": "low", "phosphate": "normal", **NOTHING_FOUND},
    {"calcium": "low", "phosphate": "normal", **NOTHING_FOUND, **NO_CAUSES},
    {"calcium": "normal", "phosphate": "normal", "kidney_failure": "yes"},
    {"calcium": "unknown", "phosphate": "unknown", **NO_CAUSES},
)


def with_corners(pair: tuple[dict[str, Any], dict[str, str]]) -> dict[str, Any]:
    raw, corner = pair
    if corner:
        raw = {k: v for k, v in raw.items() if not k.endswith("_value") and k not in ("units", "albumin_units")}
    return {**raw, **corner}


CORNERED = st.tuples(answer_sets(), st.sampled_from(CORNERS)).map(with_corners)
CONSISTENT = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
URGENT_FLAGS = frozenset(rule.flag for rule in RULE_BY_ID.values() if rule.urgency == "urgent")
LOCAL = ("tissue_damage", "autoimmune", "tumor", "procedure")


def rule_ids(result: dict[str, Any]) -> set[str]:
    return {step["rule"].partition(":")[0] for step in result["path"]}


def every_text(result: dict[str, Any]) -> list[str]:
    """Every sentence a person can read in a result."""
    return [
        *result["reasons"],
        *result["red_flags"],
        *result["next_steps"],
        *result["safety_net"],
        *result["typical_causes"],
        *result["matched_causes"],
        *result["treatment_notes"],
        *(alternative["why"] for alternative in result["alternatives"]),
        *(hit["why"] for hit in result["look_alikes"]),
        *(step["rule"] for step in result["path"]),
        result["disclaimer"],
    ]


# --- urgency, next steps and red flags say the same thing --------------------------


@CONSISTENT
@given(answer_sets())
def test_the_next_steps_match_the_urgency(raw: dict[str, Any]) -> None:
    """decision.md §2 and 1.1 §1: an urgent result says to get care today first and never
    to wait a few days or book a routine visit; a soon result says a few days and never
    gives emergency wording; a routine one gives neither."""
    result = run(raw)
    steps = [step.lower() for step in result["next_steps"]]
    waits = [s for s in steps if "few days" in s or "family doctor" in s]
    emergency = [s for s in steps if "today" in s or "emergency" in s]
    if result["urgency"] == "urgent":
        assert "today" in steps[0] and not waits, steps
    elif result["urgency"] == "soon":
        assert "few days" in steps[0] and not emergency, steps
        assert not any("family doctor" in s for s in steps), steps
    else:
        assert not emergency and not any("few days" in s for s in steps), steps


@CONSISTENT
@given(answer_sets())
def test_red_flags_exactly_when_the_urgency_is_raised_and_urgent_ones_first(raw: dict[str, Any]) -> None:
    """Every rule that raises the urgency is a warning sign: red flags are non-empty exactly
    when the result is not routine; an urgent result's first flag is an urgent one; a
    result that is not urgent never says "today" or "emergency" in its flags or reasons."""
    result = run(raw)
    flags = result["red_flags"]
    assert bool(flags) == (result["urgency"] != "routine"), (result["urgency"], flags)
    assert len(flags) == len(set(flags))
    if result["urgency"] == "urgent":
        assert flags[0] in URGENT_FLAGS, flags
    else:
        for text in (*flags, *result["reasons"]):
            assert "today" not in text.lower() and "emergency" not in text.lower(), (result["urgency"], text)


@CONSISTENT
@given(answer_sets())
def test_a_suggested_calciphylaxis_is_always_urgent(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §1: every row of the table that names calciphylaxis is urgent."""
    result = run(raw)
    if result["suggested_type"]["id"] == "calciphylaxis":
        assert result["urgency"] == "urgent"
        assert "calciphylaxis" not in {alternative["id"] for alternative in result["alternatives"]}


def test_the_calciphylaxis_table_over_every_skin_sign_pain_site_and_kind_of_risk() -> None:
    """Exhaustive over what the table of decision.md 1.1 §1 reads (each kind of risk factor
    standing for its class): a named calciphylaxis is urgent, its reasons name only risk
    factors answered yes, and with every risk factor no it is kept in view only for dark,
    very painful skin, with a why that fits that."""
    no_risk = {q: "no" for q in STRONG_RISK + OTHER_RISK} | {"autoimmune": "none"}
    risks = (
        {},  # none known
        no_risk,  # all no
        {**no_risk, "kidney_failure": "yes"},
        {**no_risk, "warfarin": "yes"},
        {**no_risk, "obesity": "yes"},
        {**no_risk, "autoimmune": "scleroderma"},
        {**no_risk, "obesity": "yes", "diabetes": "yes"},
        {"obesity": "yes"},  # one other, the rest not known
    )
    yes_no_unknown = ("yes", "no", "unknown")
    for breakdown, dark, patches, pain, site, risk in itertools.product(
        yes_no_unknown, yes_no_unknown, yes_no_unknown, QUESTIONS_BY_ID["pain"].values, ("legs", "penis"), risks
    ):
        case = {"skin_breakdown": breakdown, "skin_dark": dark, "skin_patches": patches, "pain": pain, "site": site}
        result = run({**case, **risk})
        if result["suggested_type"]["id"] == "calciphylaxis":
            assert result["urgency"] == "urgent", case
        for reason in result["reasons"]:
            if reason.startswith("Risk factors for calciphylaxis in the answers:"):
                assert risk and risk is not no_risk, (case, risk)
        why = {alternative["id"]: alternative["why"] for alternative in result["alternatives"]}
        if risk is no_risk:
            kept = dark == "yes" and pain == "severe"
            assert ("calciphylaxis" in why) is kept, case
            assert_not_ruled_out_agrees(result)


# --- the alternatives agree with the answers ----------------------------------------


def assert_not_ruled_out_agrees(result: dict[str, Any]) -> None:
    """An alternative listed as "not ruled out" (not as a fit) is not ruled out by the
    answers, and says nothing the answers contradict."""
    a = result["answers"]
    for alternative in result["alternatives"]:
        if alternative["why"] != NOT_RULED_OUT.get(alternative["id"]):
            continue  # a fit, with its own why
        assert result["certainty"] != "likely", "a likely result lists only the types that fit"
        if alternative["id"] == "metastatic":
            assert not levels_measured_not_high(result)
        elif alternative["id"] == "iatrogenic":
            assert a["procedure"] == "unknown"
        elif alternative["id"] == "dystrophic":
            # "not known whether the tissue there was damaged"
            assert "unknown" in [a[q] for q in LOCAL], {q: a[q] for q in LOCAL}
        else:  # idiopathic (decision.md 1.1 §6): no damage, procedure or tissue-damaging disease
            assert a["tissue_damage"] not in DAMAGE and a["tumor"] != "yes", {q: a[q] for q in LOCAL}
            assert a["autoimmune"] not in DAMAGING_DISEASES, a["autoimmune"]
            assert a["procedure"] not in (*LOCAL_PROCEDURES, "surgery"), a["procedure"]
            assert not cause_of_high_levels(result) and not high_levels(result)


@CONSISTENT
@given(answer_sets())
def test_an_alternative_not_ruled_out_is_not_ruled_out_by_the_answers(raw: dict[str, Any]) -> None:
    assert_not_ruled_out_agrees(run(raw))


@CONSISTENT
@given(answer_sets())
def test_nothing_is_said_twice_and_the_types_that_fit_come_first(raw: dict[str, Any]) -> None:
    """Contract: alternatives "most plausible first": a type that fits comes before one that
    is only not ruled out; no list of a result repeats an entry."""
    result = run(raw)
    for key in ("reasons", "red_flags", "next_steps", "safety_net", "matched_causes"):
        assert len(result[key]) == len(set(result[key])), (key, result[key])
    only_open = [alternative["why"] == NOT_RULED_OUT.get(alternative["id"]) for alternative in result["alternatives"]]
    assert only_open == sorted(only_open), result["alternatives"]


def test_alternatives_over_every_answer_about_the_site_of_the_lumps() -> None:
    """Exhaustive over the four questions about the site (tissue damage, autoimmune disease,
    tumour, procedure), with levels normal or not known and no cause of high levels."""
    values = [QUESTIONS_BY_ID[q].values for q in LOCAL]
    for local in itertools.product(*values):
        for calcium in ("normal", "unknown"):
            case = {**NO_CAUSES, **NORMAL, "calcium": calcium, **dict(zip(LOCAL, local, strict=True))}
            assert_not_ruled_out_agrees(run(case))


def test_heel_sticks_in_a_baby_with_no_damage_rule_out_dystrophic_and_idiopathic() -> None:
    """The minimal case the properties above found: heel sticks, no damage, disease or
    tumour, levels not known. It listed dystrophic "not ruled out while it is not known
    whether the tissue there was damaged" (it is known: none) and idiopathic "not ruled
    out while no cause has been found" (heel sticks are the cause, decision.md 1.1 §6)."""
    result = run(
        {
            "age_group": "newborn",
            "procedure": "heel-sticks",
            "tissue_damage": "none",
            "autoimmune": "none",
            "tumor": "no",
        }
    )
    assert (result["suggested_type"]["id"], result["certainty"]) == ("iatrogenic", "possible")
    assert [alternative["id"] for alternative in result["alternatives"]] == ["metastatic"]


@CONSISTENT
@given(answer_sets())
def test_a_shared_operation_names_one_type_and_keeps_the_other(raw: dict[str, Any]) -> None:
    """decision.md §3: an operation at the site is shared ground with dystrophic; name one,
    keep the other as an alternative, and say why. §4: a procedure named at the spot
    outranks an autoimmune disease, dystrophic kept as an alternative."""
    result = run(raw)
    a = result["answers"]
    chosen = result["suggested_type"]["id"]
    alternatives = {alternative["id"]: alternative["why"] for alternative in result["alternatives"]}
    operation = a["procedure"] == "surgery" or (
        a["tissue_damage"] == "surgery" and a["procedure"] in ("none", "unknown")
    )
    if chosen == "dystrophic" and operation:
        assert "iatrogenic" in alternatives and "operation" in alternatives["iatrogenic"].lower()
    if chosen == "iatrogenic" and a["autoimmune"] in DAMAGING_DISEASES:
        assert "dystrophic" in alternatives, alternatives


@CONSISTENT
@given(answer_sets())
def test_the_why_of_each_fitting_alternative_agrees_with_the_answers(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    why = {alternative["id"]: alternative["why"] for alternative in result["alternatives"]}
    if why.get("metastatic") == "Blood calcium or phosphate is high.":
        assert high_levels(result)
    if why.get("metastatic", "").startswith("Blood levels were measured not high"):
        assert levels_measured_not_high(result) and cause_of_high_levels(result)
    if why.get("metastatic", "").startswith("A cause of high blood levels is present"):
        assert cause_of_high_levels(result) and not levels_measured_not_high(result)
    if why.get("metastatic", "").startswith("An overactive thyroid"):
        assert a["overactive_gland"] == "thyroid"
    if "high blood levels point to another type" in why.get("dystrophic", ""):
        assert high_levels(result)
    if why.get("iatrogenic", "").startswith("A medical procedure at the spot"):
        assert a["procedure"] in LOCAL_PROCEDURES


@CONSISTENT
@given(answer_sets())
def test_calciphylaxis_kept_in_view_never_asks_about_risk_factors_all_answered_no(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §1: with every risk factor answered no, only dark, very painful skin
    keeps calciphylaxis in view ("dying, painful skin needs same-day care whatever its
    cause"); its why does not ask the person to tell a doctor about the risk factors they
    have just answered no to."""
    result = run(raw)
    why = {alternative["id"]: alternative["why"] for alternative in result["alternatives"]}
    if "calciphylaxis" in why and Table(result).all_no:
        assert "tell a doctor about any" not in why["calciphylaxis"], why["calciphylaxis"]
        assert "without a known risk factor" in why["calciphylaxis"], why["calciphylaxis"]


@CONSISTENT
@given(answer_sets())
def test_familial_tumoral_calcinosis_is_named_with_its_judgement(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §3: high phosphate, normal calcium, kidney failure no and a family
    history: metastatic with that cause matched, the reason saying the grouping is a
    judgement, idiopathic an alternative."""
    result = run(raw)
    a = result["answers"]
    levels = (a["phosphate"], a["calcium"])
    pattern = levels == ("high", "normal") and (a["kidney_failure"], a["family_history"]) == ("no", "yes")
    if pattern and result["suggested_type"]["id"] == "metastatic":
        assert any("familial tumoral calcinosis" in cause for cause in result["matched_causes"])
        assert any("some sources count it as idiopathic" in reason for reason in result["reasons"])
        assert "idiopathic" in {alternative["id"] for alternative in result["alternatives"]}


@CONSISTENT
@given(answer_sets())
def test_an_overactive_thyroid_alone_keeps_metastatic_only_in_mind(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §3: with levels not known, an overactive thyroid keeps metastatic as
    an alternative, not as possible."""
    result = run(raw)
    thyroid_only = result["answers"]["overactive_gland"] == "thyroid" and not cause_of_high_levels(result)
    if thyroid_only and not high_levels(result):
        assert result["suggested_type"]["id"] != "metastatic"
        if not levels_measured_not_high(result) and result["suggested_type"]["id"] != "calciphylaxis":
            assert "metastatic" in {alternative["id"] for alternative in result["alternatives"]}


NAMED_PROCEDURE = st.fixed_dictionaries(
    {
        "procedure": st.sampled_from(("heel-sticks", "electrode-paste", "calcium-injection", "heparin-injections")),
        "autoimmune": st.sampled_from(DAMAGING_DISEASES),
        "tissue_damage": st.sampled_from(("none", "unknown")),
        "tumor": st.sampled_from(("no", "unknown")),
    }
)


@CONSISTENT
@given(st.tuples(answer_sets(), NAMED_PROCEDURE).map(lambda pair: {**pair[0], **pair[1]}))
def test_a_named_procedure_outranks_an_autoimmune_disease(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §4: a procedure named at the spot outranks a co-existing autoimmune
    disease: iatrogenic is suggested, dystrophic kept as an alternative (unless the levels
    are high, a cause of them comes first in the order, or calciphylaxis is named)."""
    result = run(raw)
    chosen = result["suggested_type"]["id"]
    if chosen not in ("calciphylaxis", "metastatic"):
        assert chosen == "iatrogenic", (chosen, result["certainty"])
        assert "dystrophic" in {alternative["id"] for alternative in result["alternatives"]}


# --- reasons and path agree with the answers ----------------------------------------


@CONSISTENT
@given(CORNERED)
def test_the_reasons_never_contradict_the_answers(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    assert result["reasons"] and all(reason.strip() for reason in result["reasons"])
    flags = {rule.flag: rule.id for rule in RULE_BY_ID.values()}
    for reason in result["reasons"]:
        if reason == "Blood calcium is high.":
            assert a["calcium"] == "high"
        if reason == "Blood phosphate is high.":
            assert a["phosphate"] == "high"
        if reason.startswith("Blood calcium and phosphate are not high"):
            assert levels_measured_not_high(result)
        if "level is not known" in reason:
            assert "unknown" in (a["calcium"], a["phosphate"]), reason
        if reason.startswith("No damage, procedure or other cause was found"):
            assert a["tissue_damage"] == a["procedure"] == "none" and a["autoimmune"] == "none"
        if "strong risk factor" in reason:
            assert Table(result).strong, reason
        if reason.startswith("Risk factors for calciphylaxis in the answers:"):
            assert Table(result).strong or Table(result).other
        if reason.startswith("The lumps are where a medical procedure was done"):
            assert a["procedure"] in LOCAL_PROCEDURES
        if reason.startswith("The tissue was damaged where the lumps are"):
            assert a["tissue_damage"] in DAMAGE or a["procedure"] == "surgery"
        if reason in flags:  # a rule's warning sign given as a reason: that rule held
            assert flags[reason] in rule_ids(result), reason


@CONSISTENT
@given(answer_sets())
def test_the_path_cites_answers_its_rules_are_about(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    for step in result["path"]:
        rule = step["rule"].partition(":")[0]
        assert step["answer"] == a[step["question"]], step
        if rule == "M1":
            assert step["answer"] == "high"
        if rule in ("I0", "D0"):
            assert step["answer"] == "none"
        if rule == "C0":
            assert all(a[q] == "no" for q in ("skin_breakdown", "skin_dark", "skin_patches"))
        if rule in RULE_BY_ID and step["question"] in ("skin_breakdown", "skin_dark", "skin_patches"):
            assert step["answer"] == "yes", step  # a skin sign is cited only when it is yes


# The warning sign of each urgency bullet, and when decision.md 1.1 §2 says it holds.
BULLETS = {
    "U1": lambda a: a["high_calcium_symptoms"] == "yes",
    "U2": lambda a: a["low_calcium_symptoms"] == "yes",
    "U5": lambda a: (
        a["infection_signs"] == "yes"
        and "yes" in (a["kidney_failure"], a["organ_transplant"], a["steroids"], a["chemotherapy"])
    ),
    "U6": lambda a: a["chemotherapy"] == "yes" and (a["phosphate"] == "high" or a["calcium"] == "low"),
    "U7": lambda a: (
        a["age_group"] in ("newborn", "infant") and a["tissue_damage"] == "difficult-birth" and a["calcium"] == "high"
    ),
    "U8": lambda a: a["procedure"] == "calcium-injection" and (a["skin_dark"] == "yes" or a["pain"] == "severe"),
    "S2": lambda a: a["infection_signs"] == "yes",
    "S3": lambda a: a["lump_change"] == "yes",
    "S4": lambda a: a["calcium"] in ("high", "low"),
    "S5": lambda a: a["phosphate"] == "high",
    "S7": lambda a: a["kidney_failure"] == "yes",
    "S8": lambda a: a["pain"] in ("mild", "severe"),
    "S9": lambda a: a["tissue_damage"] == "infection",
    "S10": lambda a: a["age_group"] in ("newborn", "infant") and a["tissue_damage"] == "difficult-birth",
    "S11": lambda a: a["procedure"] == "calcium-injection" and "yes" in (a["infection_signs"], a["skin_breakdown"]),
}


@CONSISTENT
@given(answer_sets())
def test_each_warning_sign_is_shown_exactly_when_its_rule_holds_and_is_in_the_path(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    flags = set(result["red_flags"])
    for rule_id, holds in BULLETS.items():
        assert (RULE_BY_ID[rule_id].flag in flags) is holds(a), rule_id
    by_flag = {rule.flag: rule.id for rule in RULE_BY_ID.values()}
    assert all(by_flag[flag] in rule_ids(result) for flag in result["red_flags"])


@CONSISTENT
@given(CORNERED)
def test_no_step_of_the_path_says_no_cause_of_high_levels_when_one_is_answered_yes(raw: dict[str, Any]) -> None:
    """The path is read step by step: after "M4: ... a cause of high levels is present", no
    later step may say "blood levels not high and no cause of high levels". L1 (a local
    cause can be likely) applies when the levels are measured not high, or when every
    cause of high levels is answered no."""
    result = run(raw)
    a = result["answers"]
    no_cause = all(a[q] in ("no", "thyroid") for q in CAUSES_OF_HIGH_LEVELS)
    for step in result["path"]:
        if cause_of_high_levels(result):
            assert "and no cause of high levels" not in step["rule"], step
        if step["rule"].startswith("L1:"):
            assert levels_measured_not_high(result) or (no_cause and not high_levels(result)), step


@CONSISTENT
@given(CORNERED)
def test_no_step_of_the_path_calls_the_blood_levels_normal_unless_they_are(raw: dict[str, Any]) -> None:
    """A low calcium is a red flag ("Blood calcium outside the normal range", decision.md
    1.1 §2): the path of the same result must not call the levels normal."""
    result = run(raw)
    a = result["answers"]
    for step in result["path"]:
        if "normal blood levels" in step["rule"].lower():
            assert a["calcium"] == a["phosphate"] == "normal", (step, a["calcium"], a["phosphate"])


def test_the_path_of_a_low_calcium_with_no_cause_found_does_not_call_it_normal() -> None:
    """The minimal case: low calcium, normal phosphate, no damage, disease, tumour or
    procedure. Red flag "Blood calcium outside the normal range"; path "N2: normal blood
    levels and no cause found"."""
    local = {"tissue_damage": "none", "autoimmune": "none", "tumor": "no", "procedure": "none"}
    result = run({"calcium": "low", "phosphate": "normal", **local})
    assert (result["suggested_type"]["id"], result["certainty"]) == ("idiopathic", "possible")
    assert "Blood calcium outside the normal range." in result["red_flags"]
    assert not [step for step in result["path"] if "normal blood levels" in step["rule"].lower()]


def test_the_path_of_a_wound_with_kidney_failure_and_normal_levels_does_not_contradict_itself() -> None:
    """The minimal case: the path said "M4: blood levels measured not high, but a cause of
    high levels is present", then "L1: blood levels not high and no cause of high levels"."""
    result = run({"calcium": "normal", "phosphate": "normal", "kidney_failure": "yes", "tissue_damage": "wound"})
    assert (result["suggested_type"]["id"], result["certainty"]) == ("dystrophic", "likely")
    rules = [step["rule"] for step in result["path"]]
    assert any(rule.startswith("M4:") for rule in rules)
    (l1,) = (rule for rule in rules if rule.startswith("L1:"))
    assert "and no cause of high levels" not in l1, l1


# --- look-alikes, sources and wording -----------------------------------------------


@CONSISTENT
@given(answer_sets())
def test_look_alikes_follow_decision_section_7_and_are_told_apart_in_the_next_steps(raw: dict[str, Any]) -> None:
    result = run(raw)
    a = result["answers"]
    found = [hit["id"] for hit in result["look_alikes"]]
    assert ("gout-tophi" in found) == (a["gout"] == "yes")
    assert ("marjolin-ulcer" in found) == (a["tissue_damage"] == "burn" and a["lump_change"] == "yes")
    if "pilomatricoma" in found:
        assert a["age_group"] in ("infant", "child") and a["lesions"] == "single"
    if "osteoma-cutis" in found:
        assert a["calcium"] == "low" and a["phosphate"] == "high" and a["kidney_failure"] == "no"
    for hit in result["look_alikes"]:
        assert hit["why"] == LOOK_ALIKES[hit["id"]].why
        assert LOOK_ALIKES[hit["id"]].tells_apart.text in result["next_steps"]


@CONSISTENT
@given(answer_sets())
def test_the_sources_cover_the_card_the_rules_that_held_and_the_look_alikes(raw: dict[str, Any]) -> None:
    result = run(raw)
    expected = set(TYPES[result["suggested_type"]["id"]].source_ids)
    for rule in rule_ids(result) & set(RULE_BY_ID):
        expected.update(RULE_BY_ID[rule].sources)
    for hit in result["look_alikes"]:
        expected.update(source for fact in LOOK_ALIKES[hit["id"]].facts for source in fact.sources)
    listed = [(source["title"], source["url"]) for source in result["sources"]]
    assert len(listed) == len(set(listed))
    missing = [i for i in expected if (SOURCES[i].title, SOURCES[i].url) not in listed]
    assert not missing, missing


DOSE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:mg|ml|mcg|µg|g|iu|units?)\b", re.IGNORECASE)


@CONSISTENT
@given(answer_sets())
def test_no_text_diagnoses_or_gives_a_dose(raw: dict[str, Any]) -> None:
    """decision.md: general information, not a diagnosis; treatment notes without doses."""
    result = run(raw)
    for text in every_text(result):
        assert "you have" not in text.lower(), text
        assert not DOSE.search(text), text


@CONSISTENT
@given(answer_sets())
def test_the_safety_net_of_a_baby_names_a_babys_signs(raw: dict[str, Any]) -> None:
    result = run(raw)
    if result["urgency"] != "urgent":
        baby = result["answers"]["age_group"] in ("newborn", "infant")
        assert ("in a baby" in " ".join(result["safety_net"])) is baby


@CONSISTENT
@given(answer_sets())
def test_the_safety_net_never_asks_for_same_day_care_for_a_skin_sign_already_there(raw: dict[str, Any]) -> None:
    """A result that is not urgent with a skin sign already yes (decision.md 1.1 §1: soon)
    must not tell the person to get care the same day for that very sign (skin "turning"
    black when it is black, "a new sore" as the only trigger when there is one): the safety
    net, fitted to the answers (§2), speaks of the skin getting worse."""
    result = run(raw)
    a = result["answers"]
    if result["urgency"] != "urgent" and "yes" in (a["skin_breakdown"], a["skin_dark"], a["skin_patches"]):
        first = result["safety_net"][0]
        assert "skin around the lumps gets worse" in first, first


def test_dark_skin_without_pain_or_known_risk_is_soon_and_its_safety_net_agrees() -> None:
    """The minimal case: --skin-dark yes --pain none. Soon ("see a doctor within the next
    few days"), while the safety net said "get care the same day for ... skin turning
    purple, black or dark around the lumps, even if it does not hurt"."""
    result = run({"skin_dark": "yes", "pain": "none"})
    assert result["urgency"] == "soon"
    assert "even if it does not hurt" in result["safety_net"][0]  # a strong risk factor is not known
    assert "skin around the lumps gets worse" in result["safety_net"][0]


@CONSISTENT
@given(answer_sets())
def test_the_safety_net_names_any_fever_exactly_when_defences_are_weakened(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §2, the safety net (3): a fever with a red, hot or swollen lump, or
    any fever when steroids, chemotherapy or a transplant are answered yes."""
    result = run(raw)
    if result["urgency"] != "urgent":
        a = result["answers"]
        weakened = "yes" in (a["steroids"], a["chemotherapy"], a["organ_transplant"])
        net = " ".join(result["safety_net"])
        assert ("any fever" in net) is weakened and "red, hot or swollen" in net


@CONSISTENT
@given(answer_sets())
def test_next_steps_carry_the_hints_the_answers_call_for(raw: dict[str, Any]) -> None:
    """decision.md 1.1 §3, §5: borderline for age, adult ranges for an unknown age, a
    baby after a difficult birth, an undiagnosed connective-tissue disease."""
    result = run(raw)
    a, labs, steps = result["answers"], result["labs"], " ".join(result["next_steps"])
    borderline = labs is not None and any(
        labs[analyte] is not None and labs[analyte]["level"] == "borderline" for analyte in ("calcium", "phosphate")
    )
    assert ("borderline for age" in steps) is borderline
    baby_after_birth = a["age_group"] in ("newborn", "infant") and a["tissue_damage"] == "difficult-birth"
    assert ("over the first 3 months" in steps) is baby_after_birth
    undiagnosed = a["connective_tissue_signs"] == "yes" and a["autoimmune"] in ("none", "unknown")
    assert ("connective-tissue disease" in steps) is undiagnosed
    measured = labs is not None and (labs["calcium"] is not None or labs["phosphate"] is not None)
    if measured and a["age_group"] == "unknown":
        assert "adult ranges were used" in steps


# --- what the result says could change it -------------------------------------------


SENSITIVE = settings(CONSISTENT, max_examples=150)


def outcome_of(result: Any) -> tuple[str, str, str]:
    return result.urgency, result.suggested_type, result.certainty


def shown_of(result: Any) -> tuple[Any, ...]:
    """What contract 1.1 counts for relevance: the outcome, the red flags, the look-alikes."""
    return (*outcome_of(result), frozenset(result.red_flags), tuple(hit.id for hit in result.look_alikes))


@SENSITIVE
@given(answer_sets())
def test_the_questions_that_could_change_the_result_are_exactly_those_that_do(raw: dict[str, Any]) -> None:
    """The "not answered that could change this" list (sensitivity.py), checked by answering
    each unanswered question afresh from the raw answers: a question it leaves out changes
    neither urgency, type nor certainty with any value; each it lists does with some value.
    And a question whose answer alone changes any of these, the red flags or the
    look-alikes is relevant (contract 1.1, relevance.py): the interview would ask it."""
    base = triage_answers(raw)
    listed = set(could_change(base))
    asked = set(relevant(raw))
    for question in QUESTIONS:
        if question.id not in base.answers.unanswered:
            continue
        changes = shown = False
        for value in question.values:
            try:
                variant = triage_answers({**raw, question.id: value})
            except UsageError:  # contradicts a measured value
                continue
            changes |= outcome_of(variant) != outcome_of(base)
            shown |= shown_of(variant) != shown_of(base)
        assert changes is (question.id in listed), question.id
        assert not shown or question.id in asked, question.id
