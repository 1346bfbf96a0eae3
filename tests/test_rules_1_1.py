"""Decision rules 1.1 (``docs``: /work/shared/spec/decision.md, "Decision rules 1.1"; the
contract: interface.md, "Contract 1.1"), tested from the specification alone.

Section numbers in the test names and comments are those of "Decision rules 1.1":
§1 the calciphylaxis table, §2 urgency (and the severe range of measured values, and the
safety net), §3 metastatic, §4 iatrogenic, §5 dystrophic, §6 idiopathic, §7 look-alikes.
The tests check behaviour (type, certainty, urgency, alternatives, look-alike ids, the
level of a measured value), never the wording of a text or a rule id; the few keyword
checks are on contents that §2 "The safety net" demands.

Unanswered questions count as unknown. A "quiet" case is one where every question is
answered with its least worrying value, so that only what a test adds can move it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from vignette_blocks import NO_CAUSES, NO_LOCAL_CAUSE

from calcinosis_cli import QUESTIONS, UsageError, result_schema, triage_answers

PROPERTY = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(PROPERTY, max_examples=120)

RANK = {"routine": 0, "soon": 1, "urgent": 2}
MG_PER_MMOL_CALCIUM = 4.008
MG_PER_MMOL_PHOSPHATE = 3.097
FHIR_SYSTEMS = {"http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm", "http://snomed.info/sct"}
LOOK_ALIKE_IDS = {"gout-tophi", "pilomatricoma", "marjolin-ulcer", "osteoma-cutis"}

# --- the risk factors of §1, exactly as the table names them ------------------------

STRONG = {  # question -> the values that make it a strong risk factor
    "kidney_failure": ("yes",),
    "organ_transplant": ("yes",),
    "warfarin": ("yes",),
    "overactive_gland": ("parathyroid", "yes"),
}
AUTOIMMUNE_DISEASES = ("lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis", "other")
OTHER = {
    "obesity": ("yes",),
    "diabetes": ("yes",),
    "liver_disease": ("yes",),
    "steroids": ("yes",),
    "cancer": ("yes",),
    "chemotherapy": ("yes",),
    "autoimmune": AUTOIMMUNE_DISEASES,
    "connective_tissue_signs": ("yes",),
}
RISK_QUESTIONS = (*STRONG, *OTHER)
# "All no": every risk-factor question answered no (none for autoimmune).
ALL_NO = {q: "no" for q in RISK_QUESTIONS} | {"autoimmune": "none"}
# Every strong factor and every other factor, as one answer each.
STRONG_FACTORS = [
    ("kidney_failure", "yes"),
    ("organ_transplant", "yes"),
    ("warfarin", "yes"),
    ("overactive_gland", "parathyroid"),
    ("overactive_gland", "yes"),
]
OTHER_FACTORS = [(q, "yes") for q in OTHER if q != "autoimmune"] + [("autoimmune", d) for d in AUTOIMMUNE_DISEASES]

SKIN = ("skin_breakdown", "skin_patches", "skin_dark")
NO_SKIN = dict.fromkeys(SKIN, "no")
FATTY_OR_PENIS = ("belly-thighs-buttocks", "penis")

NORMAL_LEVELS = {"calcium": "normal", "phosphate": "normal"}
# Every question at its least worrying value: nothing in §1-§7 fires.
QUIET: dict[str, str] = {
    "age_group": "adult",
    **NORMAL_LEVELS,
    **ALL_NO,
    **NO_CAUSES,
    **NO_LOCAL_CAUSE,
    **NO_SKIN,
    "pain": "none",
    "site": "legs",
    "lesions": "few",
    "birth_defect": "no",
    "down_syndrome": "no",
    "high_calcium_symptoms": "no",
    "low_calcium_symptoms": "no",
    "infection_signs": "no",
    "family_history": "no",
    "lump_change": "no",
    "gout": "no",
}


# --- helpers ------------------------------------------------------------------------


def case(**answers: Any) -> dict[str, Any]:
    """The JSON result of one triage of these answers (the rest unanswered)."""
    return triage_answers(answers).to_dict()


def quiet(**answers: Any) -> dict[str, Any]:
    """The JSON result of the quiet case with these answers changed (None: leave it unanswered)."""
    merged = {question: value for question, value in {**QUIET, **answers}.items() if value is not None}
    return triage_answers(merged).to_dict()


def suggested(result: dict[str, Any]) -> str:
    return str(result["suggested_type"]["id"])


def alternatives(result: dict[str, Any]) -> list[str]:
    return [alternative["id"] for alternative in result["alternatives"]]


def look_alikes(result: dict[str, Any]) -> set[str]:
    return {look["id"] for look in result["look_alikes"]}


def calcium_level(result: dict[str, Any]) -> str:
    return str(result["labs"]["calcium"]["level"])


def phosphate_level(result: dict[str, Any]) -> str:
    return str(result["labs"]["phosphate"]["level"])


def safety_text(result: dict[str, Any]) -> str:
    return " ".join(result["safety_net"]).lower()


def names_field(error: pytest.ExceptionInfo[UsageError], field: str) -> bool:
    return field in str(error.value).lower().replace("-", "_")


def assert_calciphylaxis_kept_in_view(result: dict[str, Any]) -> None:
    """'Another type; calciphylaxis an alternative.'"""
    assert suggested(result) != "calciphylaxis"
    assert "calciphylaxis" in alternatives(result)


# --- §1 the calciphylaxis table: one test per row ---------------------------------------


# Row 1: skin_patches yes | at least one risk factor (strong or other) | urgent;
# likely with kidney failure or severe pain, else possible.
@pytest.mark.parametrize(("question", "value"), STRONG_FACTORS + OTHER_FACTORS)
def test_row1_skin_patches_with_any_one_risk_factor_is_urgent_calciphylaxis(question: str, value: str) -> None:
    result = case(skin_patches="yes", pain="none", **{question: value})
    assert result["urgency"] == "urgent"
    assert suggested(result) == "calciphylaxis"
    assert result["certainty"] == ("likely" if question == "kidney_failure" else "possible")


@pytest.mark.parametrize(("question", "value"), [("diabetes", "yes"), ("warfarin", "yes"), ("autoimmune", "lupus")])
def test_row1_skin_patches_with_severe_pain_is_likely_calciphylaxis(question: str, value: str) -> None:
    result = case(skin_patches="yes", pain="severe", **{question: value})
    assert (result["urgency"], suggested(result), result["certainty"]) == ("urgent", "calciphylaxis", "likely")


def test_row1_skin_patches_with_kidney_failure_is_likely_whatever_the_pain() -> None:
    for pain in ("none", "mild", "unknown"):
        result = case(skin_patches="yes", kidney_failure="yes", pain=pain)
        assert (result["urgency"], suggested(result), result["certainty"]) == ("urgent", "calciphylaxis", "likely")


# Row 2: skin_breakdown or skin_dark yes | a strong one | urgent, whatever the pain.
@pytest.mark.parametrize("skin", ["skin_breakdown", "skin_dark"])
@pytest.mark.parametrize(("question", "value"), STRONG_FACTORS)
@pytest.mark.parametrize("pain", ["none", "mild", "unknown"])
def test_row2_breakdown_or_dark_skin_with_a_strong_factor_is_urgent_whatever_the_pain(
    skin: str, question: str, value: str, pain: str
) -> None:
    result = case(**{skin: "yes", question: value}, pain=pain)
    assert result["urgency"] == "urgent"
    assert suggested(result) == "calciphylaxis"
    assert result["certainty"] == ("likely" if question == "kidney_failure" else "possible")


@pytest.mark.parametrize(("question", "value"), STRONG_FACTORS)
def test_row2_breakdown_with_a_strong_factor_and_severe_pain_is_likely(question: str, value: str) -> None:
    result = case(skin_breakdown="yes", pain="severe", **{question: value})
    assert (result["urgency"], suggested(result), result["certainty"]) == ("urgent", "calciphylaxis", "likely")


def test_row2_an_overactive_thyroid_is_not_a_risk_factor() -> None:
    # Only the thyroid, every other risk factor unknown: "none known", row 7 (soon).
    result = case(skin_breakdown="yes", overactive_gland="thyroid", pain="none")
    assert result["urgency"] == "soon"
    assert_calciphylaxis_kept_in_view(result)


# Row 3: skin_breakdown or skin_dark yes | two or more other ones | also skin_dark, severe
# pain, fatty areas or penis | calciphylaxis possible, urgent.
TWO_OTHERS = {"obesity": "yes", "diabetes": "yes"}
BASE_TWO = {**TWO_OTHERS, **NO_SKIN, "skin_breakdown": "yes", "pain": "mild", "site": "legs"}


@pytest.mark.parametrize(
    "also",
    [
        {"skin_dark": "yes"},
        {"skin_dark": "yes", "skin_breakdown": "no"},
        {"pain": "severe"},
        {"site": "belly-thighs-buttocks"},
        {"site": "penis"},
    ],
    ids=["skin-dark", "skin-dark-alone", "severe-pain", "fatty-areas", "penis"],
)
def test_row3_two_other_factors_with_an_also_is_urgent_possible_calciphylaxis(also: dict[str, str]) -> None:
    result = case(**{**BASE_TWO, **also})
    assert result["urgency"] == "urgent"
    assert (suggested(result), result["certainty"]) == ("calciphylaxis", "possible")


@pytest.mark.parametrize(
    "others",
    [TWO_OTHERS, {"steroids": "yes", "liver_disease": "yes"}, {"cancer": "yes", "autoimmune": "lupus"}],
    ids=["obesity+diabetes", "steroids+liver", "cancer+lupus"],
)
def test_row5_two_other_factors_without_an_also_is_soon_with_calciphylaxis_an_alternative(
    others: dict[str, str],
) -> None:
    result = case(**{**NO_SKIN, "skin_breakdown": "yes", "pain": "mild", "site": "legs"}, **others)
    assert result["urgency"] == "soon"
    assert_calciphylaxis_kept_in_view(result)


# Row 4: skin_breakdown or skin_dark yes | exactly one other one | also skin_dark with
# severe pain, or fatty areas or penis | calciphylaxis possible, urgent.
ONE_OTHER = {"diabetes": "yes"}


@pytest.mark.parametrize(
    "answers",
    [
        {"skin_dark": "yes", "pain": "severe", "site": "legs"},
        {"skin_breakdown": "yes", "pain": "mild", "site": "belly-thighs-buttocks"},
        {"skin_breakdown": "yes", "pain": "none", "site": "penis"},
        {"skin_dark": "yes", "pain": "unknown", "site": "belly-thighs-buttocks"},
    ],
    ids=["dark+severe", "breakdown+fatty", "breakdown+penis", "dark+fatty"],
)
def test_row4_one_other_factor_with_an_also_is_urgent_possible_calciphylaxis(answers: dict[str, str]) -> None:
    result = case(**{**NO_SKIN, **ONE_OTHER, **answers})
    assert result["urgency"] == "urgent"
    assert (suggested(result), result["certainty"]) == ("calciphylaxis", "possible")


@pytest.mark.parametrize(
    "answers",
    [
        {"skin_breakdown": "yes", "pain": "mild", "site": "legs"},
        {"skin_breakdown": "yes", "pain": "severe", "site": "legs"},  # severe pain alone is no "also" here
        {"skin_dark": "yes", "pain": "mild", "site": "fingers"},  # dark skin needs severe pain with one factor
        {"skin_dark": "yes", "pain": "unknown", "site": "legs"},
    ],
    ids=["breakdown-mild", "breakdown-severe", "dark-mild", "dark-pain-unknown"],
)
@pytest.mark.parametrize(("question", "value"), [("diabetes", "yes"), ("steroids", "yes"), ("obesity", "yes")])
def test_row5_one_other_factor_without_an_also_is_soon_with_calciphylaxis_an_alternative(
    answers: dict[str, str], question: str, value: str
) -> None:
    result = case(**{**NO_SKIN, **answers, question: value})
    assert result["urgency"] == "soon"
    assert_calciphylaxis_kept_in_view(result)


@pytest.mark.parametrize("disease", AUTOIMMUNE_DISEASES)
def test_row4_the_one_factor_an_autoimmune_disease_is_urgent_dystrophic(disease: str) -> None:
    # Scleroderma-type ulcerating calcinosis on a fatty area: urgent, but dystrophic first.
    result = case(**{**NO_SKIN, "skin_breakdown": "yes"}, autoimmune=disease, site="belly-thighs-buttocks", pain="mild")
    assert result["urgency"] == "urgent"
    assert suggested(result) == "dystrophic"
    assert "calciphylaxis" in alternatives(result)


def test_row4_autoimmune_with_dark_skin_and_severe_pain_is_urgent_dystrophic() -> None:
    result = case(**{**NO_SKIN, "skin_dark": "yes"}, pain="severe", autoimmune="scleroderma", site="fingers")
    assert result["urgency"] == "urgent"
    assert suggested(result) == "dystrophic"
    assert "calciphylaxis" in alternatives(result)


def test_row5_scleroderma_with_an_ulcer_on_the_fingers_is_soon_dystrophic() -> None:
    result = case(**{**NO_SKIN, "skin_breakdown": "yes"}, autoimmune="scleroderma", site="fingers", pain="mild")
    assert result["urgency"] == "soon"
    assert suggested(result) == "dystrophic"
    assert "calciphylaxis" in alternatives(result)


# Rows 6-7: any skin sign yes | none known (no risk factor yes, at least one unknown).
def test_row6_none_known_with_dark_skin_and_severe_pain_is_urgent_possible_calciphylaxis() -> None:
    result = case(skin_dark="yes", pain="severe")
    assert result["urgency"] == "urgent"
    assert (suggested(result), result["certainty"]) == ("calciphylaxis", "possible")


def test_row6_none_known_when_only_one_risk_question_is_unknown() -> None:
    answers = {**ALL_NO, "warfarin": "unknown", "skin_dark": "yes", "pain": "severe"}
    result = case(**answers)
    assert result["urgency"] == "urgent"
    assert (suggested(result), result["certainty"]) == ("calciphylaxis", "possible")


@pytest.mark.parametrize(
    "answers",
    [
        {"skin_breakdown": "yes", "pain": "severe"},
        {"skin_patches": "yes", "pain": "severe"},
        {"skin_dark": "yes", "pain": "mild"},
        {"skin_dark": "yes", "pain": "unknown"},
        {"skin_breakdown": "yes", "pain": "none"},
    ],
    ids=["breakdown-severe", "patches-severe", "dark-mild", "dark-pain-unknown", "breakdown-no-pain"],
)
def test_row7_none_known_otherwise_is_soon_with_calciphylaxis_an_alternative(answers: dict[str, str]) -> None:
    result = case(**answers)
    assert result["urgency"] == "soon"
    assert_calciphylaxis_kept_in_view(result)


# Rows 8-9: any skin sign yes | all no.
@pytest.mark.parametrize("gland", ["no", "thyroid"])
def test_row8_all_no_with_dark_skin_and_severe_pain_is_urgent_but_not_calciphylaxis(gland: str) -> None:
    result = case(**{**ALL_NO, "overactive_gland": gland}, skin_dark="yes", pain="severe")
    assert result["urgency"] == "urgent"
    assert suggested(result) != "calciphylaxis"


@pytest.mark.parametrize(
    "answers",
    [
        {"skin_breakdown": "yes", "pain": "severe"},
        {"skin_patches": "yes", "pain": "severe"},
        {"skin_dark": "yes", "pain": "mild"},
        {"skin_breakdown": "yes", "skin_dark": "yes", "pain": "none", "site": "belly-thighs-buttocks"},
    ],
    ids=["breakdown-severe", "patches-severe", "dark-mild", "dark-fatty-no-pain"],
)
@pytest.mark.parametrize("gland", ["no", "thyroid"])
def test_row9_all_no_otherwise_is_soon_and_not_calciphylaxis(answers: dict[str, str], gland: str) -> None:
    result = case(**{**ALL_NO, "overactive_gland": gland, **answers})
    assert result["urgency"] == "soon"
    assert suggested(result) != "calciphylaxis"


# Rows 10-11: no skin sign yes, at least one unknown.
SKIN_NOT_YES = [
    {},
    {"skin_breakdown": "no", "skin_patches": "no"},
    {"skin_patches": "no", "skin_dark": "no"},
    {"skin_breakdown": "no", "skin_dark": "no"},
]


@pytest.mark.parametrize(
    "skin", SKIN_NOT_YES, ids=["all-unknown", "dark-unknown", "breakdown-unknown", "patches-unknown"]
)
@pytest.mark.parametrize(("question", "value"), STRONG_FACTORS)
def test_row10_a_strong_factor_and_severe_pain_before_skin_changes_is_urgent(
    skin: dict[str, str], question: str, value: str
) -> None:
    result = case(**skin, **{question: value}, pain="severe")
    assert result["urgency"] == "urgent"
    assert (suggested(result), result["certainty"]) == ("calciphylaxis", "possible")


@pytest.mark.parametrize(
    "skin", SKIN_NOT_YES, ids=["all-unknown", "dark-unknown", "breakdown-unknown", "patches-unknown"]
)
def test_row11_other_factors_only_and_severe_pain_is_soon_with_calciphylaxis_an_alternative(
    skin: dict[str, str],
) -> None:
    result = case(**skin, obesity="yes", diabetes="yes", steroids="yes", pain="severe")
    assert result["urgency"] == "soon"
    assert_calciphylaxis_kept_in_view(result)


# Row 12: all three skin signs no: the pattern does not apply.
@pytest.mark.parametrize(("question", "value"), STRONG_FACTORS)
def test_row12_all_skin_signs_no_never_suggests_calciphylaxis(question: str, value: str) -> None:
    result = case(
        **NO_SKIN, **{question: value}, obesity="yes", diabetes="yes", pain="severe", site="belly-thighs-buttocks"
    )
    assert suggested(result) != "calciphylaxis"
    assert result["urgency"] == "soon"  # severe pain (and kidney failure) are soon; nothing urgent


# --- §2 urgency: one test per bullet --------------------------------------------------


@pytest.mark.parametrize("calcium", ["normal", "unknown", "low"])
def test_high_calcium_symptoms_are_urgent_whatever_the_calcium(calcium: str) -> None:
    assert quiet(high_calcium_symptoms="yes", calcium=calcium)["urgency"] == "urgent"


@pytest.mark.parametrize("calcium", ["normal", "unknown", "high"])
def test_low_calcium_symptoms_are_urgent_whatever_the_calcium(calcium: str) -> None:
    assert quiet(low_calcium_symptoms="yes", calcium=calcium)["urgency"] == "urgent"


def test_high_calcium_symptoms_are_urgent_with_a_normal_measured_calcium() -> None:
    result = case(age_group="adult", high_calcium_symptoms="yes", calcium_value=9.4, units="mg/dl")
    assert calcium_level(result) == "normal"
    assert result["urgency"] == "urgent"


# Severe range of measured values (§2 table): (age, value in mg/dL, urgent?, level).
SEVERE_RANGE = [
    ("adult", 14.0, True, "high"),
    ("adult", 13.9, False, "high"),
    ("adult", 7.5, True, "low"),
    ("adult", 7.6, False, "low"),
    ("unknown", 14.0, True, "high"),
    ("unknown", 7.5, True, "low"),
    ("unknown", 13.9, False, "high"),
    ("child", 13.0, True, "high"),
    ("child", 12.9, False, "high"),
    ("child", 7.0, True, "low"),
    ("child", 7.1, False, "low"),
    ("infant", 13.0, True, "high"),
    ("infant", 7.0, True, "low"),
    ("infant", 12.9, False, "high"),
    ("newborn", 12.6, True, "high"),
    ("newborn", 12.5, False, "high"),
    ("newborn", 5.9, True, "low"),
    ("newborn", 6.0, False, "low"),
]


@pytest.mark.parametrize(("age", "value", "urgent", "level"), SEVERE_RANGE)
def test_a_measured_calcium_in_the_severe_range_for_the_age_is_urgent(
    age: str, value: float, urgent: bool, level: str
) -> None:
    result = quiet(age_group=age, calcium=None, calcium_value=value, units="mg/dl")
    assert calcium_level(result) == level
    # Outside the severe range a high or low calcium without symptoms is soon.
    assert result["urgency"] == ("urgent" if urgent else "soon")


@pytest.mark.parametrize(
    ("value", "urgent", "level"),
    [(3.5, True, "high"), (3.6, True, "high"), (3.45, False, "high"), (1.85, True, "low"), (1.95, False, "low")],
)
def test_the_adult_severe_range_in_mmol_per_litre(value: float, urgent: bool, level: str) -> None:
    result = quiet(calcium=None, calcium_value=value, units="mmol/l")
    assert calcium_level(result) == level
    assert result["urgency"] == ("urgent" if urgent else "soon")


@pytest.mark.parametrize("question", ["kidney_failure", "organ_transplant", "steroids", "chemotherapy"])
def test_infection_signs_with_a_weakened_defence_are_urgent(question: str) -> None:
    assert quiet(infection_signs="yes", **{question: "yes"})["urgency"] == "urgent"


def test_infection_signs_alone_are_soon() -> None:
    assert quiet(infection_signs="yes")["urgency"] == "soon"


@pytest.mark.parametrize("levels", [{"phosphate": "high"}, {"calcium": "low"}], ids=["phosphate-high", "calcium-low"])
def test_chemotherapy_with_tumour_lysis_levels_is_urgent(levels: dict[str, str]) -> None:
    assert quiet(chemotherapy="yes", cancer="yes", **levels)["urgency"] == "urgent"


def test_chemotherapy_with_measured_tumour_lysis_levels_is_urgent() -> None:
    result = quiet(
        chemotherapy="yes", calcium=None, phosphate=None, calcium_value=8.0, phosphate_value=6.5, units="mg/dl"
    )
    assert (calcium_level(result), phosphate_level(result)) == ("low", "high")
    assert result["urgency"] == "urgent"


def test_chemotherapy_with_normal_levels_is_not_urgent() -> None:
    assert quiet(chemotherapy="yes")["urgency"] != "urgent"


@pytest.mark.parametrize("age", ["newborn", "infant"])
def test_a_baby_after_a_difficult_birth_with_high_calcium_is_urgent(age: str) -> None:
    assert quiet(age_group=age, tissue_damage="difficult-birth", calcium="high")["urgency"] == "urgent"


def test_a_newborn_after_a_difficult_birth_with_calcium_above_12_is_urgent() -> None:
    # Above 12.0 mg/dL but not in the severe range (above 12.5): urgent by the fat-necrosis bullet.
    result = quiet(
        age_group="newborn", tissue_damage="difficult-birth", calcium=None, calcium_value=12.2, units="mg/dl"
    )
    assert result["urgency"] == "urgent"


@pytest.mark.parametrize("age", ["newborn", "infant"])
@pytest.mark.parametrize("calcium", ["unknown", "normal"])
def test_a_baby_after_a_difficult_birth_without_high_calcium_is_soon(age: str, calcium: str) -> None:
    assert quiet(age_group=age, tissue_damage="difficult-birth", calcium=calcium)["urgency"] == "soon"


@pytest.mark.parametrize("sign", [{"skin_dark": "yes"}, {"pain": "severe"}], ids=["skin-dark", "severe-pain"])
def test_a_calcium_injection_with_dark_skin_or_severe_pain_is_urgent(sign: dict[str, str]) -> None:
    # Risk factors unknown: the calciphylaxis rows alone would give soon.
    assert case(procedure="calcium-injection", **sign)["urgency"] == "urgent"
    assert quiet(procedure="calcium-injection", **sign)["urgency"] == "urgent"


@pytest.mark.parametrize(
    "sign", [{"infection_signs": "yes"}, {"skin_breakdown": "yes"}], ids=["infection-signs", "skin-breakdown"]
)
def test_a_calcium_injection_with_infection_or_skin_breakdown_is_soon(sign: dict[str, str]) -> None:
    assert quiet(procedure="calcium-injection", **sign)["urgency"] == "soon"


def test_a_calcium_injection_alone_is_routine() -> None:
    assert quiet(procedure="calcium-injection")["urgency"] == "routine"


def test_skin_breakdown_without_the_pattern_is_soon() -> None:
    assert quiet(skin_breakdown="yes")["urgency"] == "soon"


def test_lump_change_is_soon() -> None:
    assert quiet(lump_change="yes")["urgency"] == "soon"


@pytest.mark.parametrize(
    "levels",
    [{"calcium": "high"}, {"calcium": "low"}, {"phosphate": "high"}],
    ids=["calcium-high", "calcium-low", "phosphate-high"],
)
def test_abnormal_levels_without_symptoms_are_soon(levels: dict[str, str]) -> None:
    assert quiet(**levels)["urgency"] == "soon"


def test_an_adult_calcium_phosphate_product_of_70_is_soon_and_metastatic() -> None:
    result = case(age_group="adult", calcium_value=10.0, phosphate_value=7.0, units="mg/dl")
    assert result["urgency"] == "soon"
    assert suggested(result) == "metastatic"
    assert result["certainty"] == "likely"


def test_the_product_threshold_does_not_apply_to_a_newborn() -> None:
    # Both values normal for a newborn, product 9.5 × 7.5 = 71.25: the adult-only product rule is silent.
    result = quiet(
        age_group="newborn", calcium=None, phosphate=None, calcium_value=9.5, phosphate_value=7.5, units="mg/dl"
    )
    assert (calcium_level(result), phosphate_level(result)) == ("normal", "normal")
    assert result["urgency"] == "routine"
    assert not (suggested(result) == "metastatic" and result["certainty"] == "likely")


def test_kidney_failure_with_new_deposits_is_soon() -> None:
    assert quiet(kidney_failure="yes")["urgency"] == "soon"


@pytest.mark.parametrize("pain", ["mild", "severe"])
def test_a_painful_lump_is_soon(pain: str) -> None:
    assert quiet(pain=pain)["urgency"] == "soon"


def test_an_infection_at_the_site_is_soon() -> None:
    assert quiet(tissue_damage="infection")["urgency"] == "soon"


def test_a_case_with_nothing_worrying_is_routine() -> None:
    assert quiet()["urgency"] == "routine"


def test_a_case_with_nothing_answered_is_routine() -> None:
    assert case()["urgency"] == "routine"


# --- §2 the safety net ----------------------------------------------------------------


def mentions_a_fit_or_confusion(text: str) -> bool:
    return "confus" in text or bool(re.search(r"\bfits?\b|seizure", text))


@pytest.mark.parametrize(
    "answers",
    [{}, QUIET, {**QUIET, "pain": "mild"}, {"skin_breakdown": "yes"}, {"calcium": "high"}],
    ids=["nothing", "quiet", "painful", "breakdown", "high-calcium"],
)
def test_a_non_urgent_safety_net_names_skin_changes_confusion_and_fever(answers: dict[str, str]) -> None:
    result = triage_answers(answers).to_dict()
    assert result["urgency"] != "urgent"
    text = safety_text(result)
    assert any(word in text for word in ("purple", "black", "dark")), text  # item 1
    assert mentions_a_fit_or_confusion(text), text  # item 2
    assert "fever" in text, text  # item 3


def test_an_unknown_pain_makes_the_safety_net_name_severe_pain() -> None:
    text = safety_text(quiet(pain="unknown"))
    assert "pain" in text, text


def test_an_urgent_safety_net_says_when_to_call_the_emergency_number() -> None:
    result = case(kidney_failure="yes", skin_dark="yes", pain="severe")
    assert result["urgency"] == "urgent"
    assert result["safety_net"]
    assert "emergenc" in safety_text(result)


# --- reference ranges and units (§3 "Levels by age", contract "Measured values (1.1)") -----


def test_a_childs_calcium_of_7_is_low_and_urgent() -> None:
    result = case(age_group="child", calcium_value=7.0, units="mg/dl")
    assert calcium_level(result) == "low"
    assert result["urgency"] == "urgent"


def test_a_newborns_phosphate_of_7_5_is_normal() -> None:
    assert phosphate_level(case(age_group="newborn", phosphate_value=7.5, units="mg/dl")) == "normal"


@pytest.mark.parametrize(("field", "value"), [("calcium_value", 2.5), ("phosphate_value", 1.2)])
def test_an_ordinary_mmol_value_without_units_asks_for_the_units(field: str, value: float) -> None:
    with pytest.raises(UsageError) as error:
        case(age_group="adult", **{field: value})
    assert "mmol" in str(error.value).lower()
    assert names_field(error, field), str(error.value)


def test_with_mmol_units_a_calcium_of_2_5_is_normal_for_an_adult() -> None:
    assert calcium_level(case(age_group="adult", calcium_value=2.5, units="mmol/l")) == "normal"


def test_with_mmol_units_a_phosphate_of_1_2_is_normal_for_an_adult() -> None:
    assert phosphate_level(case(age_group="adult", phosphate_value=1.2, units="mmol/l")) == "normal"


@pytest.mark.parametrize("units", ["mg/dl", "mmol/l"])
def test_an_impossible_calcium_is_a_usage_error_naming_the_field(units: str) -> None:
    with pytest.raises(UsageError) as error:
        case(calcium_value=40, units=units)
    assert names_field(error, "calcium_value"), str(error.value)


def test_an_unknown_age_uses_the_adult_ranges() -> None:
    # 10.8 mg/dL is above every adult upper limit, but inside some child partitions.
    assert calcium_level(case(age_group="unknown", calcium_value=10.8, units="mg/dl")) == "high"
    assert calcium_level(case(calcium_value=10.8, units="mg/dl")) == "high"
    assert calcium_level(case(age_group="adult", calcium_value=10.8, units="mg/dl")) == "high"


def test_a_childs_calcium_between_the_partitions_is_borderline_not_low() -> None:
    # 8.6 mg/dL: below some child lower limits (Mayo 9.3, Davis 8.8-9.0), above the lowest (8.4).
    result = case(age_group="child", calcium_value=8.6, units="mg/dl")
    assert calcium_level(result) not in ("low", "normal", "high")  # borderline for age: counted as unknown
    assert result["urgency"] == "routine"


def test_a_childs_borderline_calcium_is_not_urgent_or_low_in_a_quiet_case() -> None:
    result = quiet(age_group="child", calcium=None, calcium_value=8.6, units="mg/dl")
    assert calcium_level(result) != "low"
    assert result["urgency"] == "routine"


def test_a_childs_calcium_above_every_child_upper_limit_is_high() -> None:
    assert calcium_level(case(age_group="child", calcium_value=11.6, units="mg/dl")) == "high"


# --- albumin correction (contract "Measured values (1.1)") ---------------------------------


def test_an_adult_low_calcium_corrected_for_low_albumin_is_normal() -> None:
    # 7.9 + 0.8 × (4.0 - 2.0) = 9.5 mg/dL.
    result = quiet(calcium=None, calcium_value=7.9, units="mg/dl", albumin_value=2.0, albumin_units="g/dl")
    assert calcium_level(result) == "normal"
    assert result["urgency"] == "routine"


def test_albumin_units_default_to_g_per_dl_with_mg_per_dl() -> None:
    result = quiet(calcium=None, calcium_value=7.9, units="mg/dl", albumin_value=2.0)
    assert calcium_level(result) == "normal"


def test_a_child_from_one_year_is_corrected_for_albumin() -> None:
    result = quiet(age_group="child", calcium=None, calcium_value=7.9, units="mg/dl", albumin_value=2.0)
    assert calcium_level(result) == "normal"
    assert result["urgency"] == "routine"


def test_an_infant_is_not_corrected_for_albumin() -> None:
    result = quiet(age_group="infant", calcium=None, calcium_value=7.9, units="mg/dl", albumin_value=2.0)
    assert calcium_level(result) == "low"  # the measured value decides under 1 year
    assert result["urgency"] == "soon"


def test_albumin_units_default_to_g_per_litre_with_mmol_per_litre() -> None:
    # 1.95 + 0.02 × (40 - 20) = 2.35 mmol/L; 20 read as g/dL would be impossible.
    result = quiet(calcium=None, calcium_value=1.95, units="mmol/l", albumin_value=20)
    assert calcium_level(result) == "normal"


def test_albumin_in_g_per_dl_with_calcium_in_mmol_per_litre() -> None:
    result = quiet(calcium=None, calcium_value=1.95, units="mmol/l", albumin_value=2.0, albumin_units="g/dl")
    assert calcium_level(result) == "normal"


def test_the_severe_low_check_uses_the_corrected_calcium() -> None:
    # Measured 7.4 (severe if uncorrected), corrected 9.0: not urgent.
    result = quiet(calcium=None, calcium_value=7.4, units="mg/dl", albumin_value=2.0, albumin_units="g/dl")
    assert result["urgency"] != "urgent"


def test_with_kidney_failure_the_severe_low_check_uses_the_lower_value() -> None:
    result = quiet(
        kidney_failure="yes", calcium=None, calcium_value=7.4, units="mg/dl", albumin_value=2.0, albumin_units="g/dl"
    )
    assert result["urgency"] == "urgent"


@pytest.mark.parametrize(("value", "albumin"), [(13.0, 2.0), (14.2, 5.0)], ids=["corrected-severe", "measured-severe"])
def test_the_severe_high_check_uses_the_higher_of_measured_and_corrected(value: float, albumin: float) -> None:
    result = quiet(calcium=None, calcium_value=value, units="mg/dl", albumin_value=albumin, albumin_units="g/dl")
    assert result["urgency"] == "urgent"


@pytest.mark.parametrize("level", ["low", "normal"])
def test_an_explicit_level_matching_the_measured_or_the_corrected_calcium_is_accepted(level: str) -> None:
    result = case(age_group="adult", calcium=level, calcium_value=7.9, units="mg/dl", albumin_value=2.0)
    assert result["answers"]["calcium"] in ("low", "normal")


def test_an_explicit_level_matching_neither_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        case(age_group="adult", calcium="high", calcium_value=7.9, units="mg/dl", albumin_value=2.0)


# --- §3 metastatic ----------------------------------------------------------------------


@pytest.mark.parametrize("cause", ["calcium_supplements", "sarcoidosis", "cancer"])
def test_a_new_cause_of_high_levels_with_levels_unknown_makes_metastatic_possible(cause: str) -> None:
    result = case(**NO_SKIN, **{cause: "yes"})
    assert suggested(result) == "metastatic"
    assert result["certainty"] == "possible"


def test_an_overactive_thyroid_keeps_metastatic_only_as_an_alternative() -> None:
    causes = {**NO_CAUSES, "overactive_gland": "thyroid"}
    result = case(**NO_SKIN, **causes)
    assert suggested(result) != "metastatic"
    assert "metastatic" in alternatives(result)


def test_the_familial_tumoral_calcinosis_pattern_is_metastatic_with_idiopathic_an_alternative() -> None:
    result = case(
        phosphate="high", calcium="normal", kidney_failure="no", family_history="yes", site="joints", **NO_SKIN
    )
    assert suggested(result) == "metastatic"
    assert "idiopathic" in alternatives(result)


def test_low_calcium_with_high_phosphate_is_metastatic() -> None:
    result = case(calcium="low", phosphate="high", **NO_SKIN)
    assert suggested(result) == "metastatic"


# --- §4 iatrogenic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("procedure", "age"),
    [
        ("heel-sticks", "infant"),
        ("heel-sticks", "newborn"),
        ("calcium-injection", "adult"),
        ("heparin-injections", "adult"),
        ("electrode-paste", "child"),
    ],
)
def test_a_procedure_at_the_spot_outranks_an_autoimmune_disease(procedure: str, age: str) -> None:
    result = case(age_group=age, procedure=procedure, autoimmune="scleroderma", **NORMAL_LEVELS, **NO_SKIN)
    assert suggested(result) == "iatrogenic"
    assert "dystrophic" in alternatives(result)


# --- §5 dystrophic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "age"),
    [("burn", "adult"), ("vein-disease", "adult"), ("difficult-birth", "newborn"), ("difficult-birth", "infant")],
)
def test_the_new_kinds_of_tissue_damage_are_dystrophic(damage: str, age: str) -> None:
    result = quiet(age_group=age, tissue_damage=damage)
    assert suggested(result) == "dystrophic"


@pytest.mark.parametrize("autoimmune", ["none", "unknown"])
def test_connective_tissue_signs_without_a_diagnosis_make_dystrophic_possible(autoimmune: str) -> None:
    result = quiet(connective_tissue_signs="yes", autoimmune=autoimmune)
    assert suggested(result) == "dystrophic"
    assert result["certainty"] == "possible"


# --- §6 idiopathic -------------------------------------------------------------------------


@pytest.mark.parametrize("site", ["scrotum", "penis", "vulva"])
def test_an_unknown_tumour_no_longer_blocks_idiopathic(site: str) -> None:
    result = quiet(tumor="unknown", site=site, lesions="many")
    assert suggested(result) == "idiopathic"


def test_a_tumour_answered_yes_blocks_idiopathic() -> None:
    result = quiet(tumor="yes", site="scrotum", lesions="many")
    assert suggested(result) != "idiopathic"


# --- §7 look-alikes --------------------------------------------------------------------------


def test_gout_points_to_tophi() -> None:
    assert "gout-tophi" in look_alikes(quiet(gout="yes", site="joints"))


@pytest.mark.parametrize("site", ["face", "ears", "arms"])
def test_a_childs_single_lump_on_the_face_ears_or_arms_points_to_pilomatricoma(site: str) -> None:
    assert "pilomatricoma" in look_alikes(quiet(age_group="child", lesions="single", site=site))


def test_a_childs_many_lumps_do_not_point_to_pilomatricoma() -> None:
    assert "pilomatricoma" not in look_alikes(quiet(age_group="child", lesions="many", site="face"))


def test_a_changing_sore_in_an_old_burn_scar_points_to_marjolin_ulcer_and_a_biopsy() -> None:
    result = quiet(tissue_damage="burn", lump_change="yes")
    assert "marjolin-ulcer" in look_alikes(result)
    assert any("biops" in step.lower() for step in result["next_steps"])


def test_low_calcium_and_high_phosphate_with_working_kidneys_point_to_osteoma_cutis() -> None:
    assert "osteoma-cutis" in look_alikes(quiet(calcium="low", phosphate="high", kidney_failure="no"))


def test_a_case_that_points_to_no_look_alike_has_none() -> None:
    assert quiet()["look_alikes"] == []


def test_look_alikes_send_the_reader_to_an_image_or_a_biopsy() -> None:
    result = quiet(gout="yes")
    words = ("x-ray", "x ray", "ultrasound", "biops", "scan")
    assert any(word in step.lower() for step in result["next_steps"] for word in words)


# --- codes (contract "New keys": codes) ----------------------------------------------------


CODE_CASES = [
    {},
    QUIET,
    {"kidney_failure": "yes", "skin_dark": "yes", "pain": "severe"},
    {"calcium": "high"},
    {**QUIET, "procedure": "heel-sticks", "age_group": "infant"},
    {**QUIET, "site": "scrotum"},
    {**QUIET, "tissue_damage": "burn"},
]


def assert_codes_are_of_the_contract(entry: dict[str, Any]) -> None:
    codes = entry["codes"]
    assert isinstance(codes, list)
    for code in codes:
        assert code["system"] in FHIR_SYSTEMS, code
        assert not str(code["code"]).upper().startswith("E83"), code


@pytest.mark.parametrize("answers", CODE_CASES)
def test_codes_are_lists_of_contract_systems_and_never_a_lab_finding(answers: dict[str, str]) -> None:
    result = triage_answers(answers).to_dict()
    assert_codes_are_of_the_contract(result["suggested_type"])
    for alternative in result["alternatives"]:
        assert_codes_are_of_the_contract(alternative)


# =========================================================================================
# Properties over the whole answer space
# =========================================================================================

VALUES = {question.id: tuple(question.values) for question in QUESTIONS}


def known(overlay: dict[str, str]) -> dict[str, str]:
    """Only the questions the running version has (keeps the strategies valid on any version)."""
    return {q: v for q, v in overlay.items() if q in VALUES}


# Uniform draws reach most rows; these overlays make the narrow ones common.
FOCUS = [
    {},
    {},
    {},
    {"skin_dark": "yes", "pain": "severe"},
    {"skin_patches": "yes"},
    {"skin_breakdown": "yes", "site": "belly-thighs-buttocks"},
    {"skin_breakdown": "yes", "skin_patches": "no", "skin_dark": "no"},
    {"kidney_failure": "yes", "pain": "severe"},
    {**ALL_NO, "skin_dark": "yes", "pain": "severe"},
    {**ALL_NO, "diabetes": "yes", "skin_breakdown": "yes"},
    {**ALL_NO, "autoimmune": "scleroderma", "skin_breakdown": "yes"},
    {**ALL_NO, "obesity": "yes", "steroids": "yes", "skin_breakdown": "yes"},
    {"procedure": "calcium-injection"},
    {"infection_signs": "yes"},
]
FOCUS = [known(overlay) for overlay in FOCUS]


@st.composite
def lab_fields(draw: st.DrawFn) -> dict[str, Any]:
    """Measured values inside what a person can have, always with explicit units."""
    units = draw(st.sampled_from(("mg/dl", "mmol/l")))
    labs: dict[str, Any] = {}
    if draw(st.booleans()):
        mg = draw(st.floats(5.0, 16.5))
        labs["calcium_value"] = round(mg, 1) if units == "mg/dl" else round(mg / MG_PER_MMOL_CALCIUM, 2)
    if draw(st.booleans()):
        mg = draw(st.floats(1.5, 10.0))
        labs["phosphate_value"] = round(mg, 1) if units == "mg/dl" else round(mg / MG_PER_MMOL_PHOSPHATE, 2)
    with_albumin = draw(st.booleans())
    if labs and with_albumin:
        g_dl = draw(st.floats(1.5, 5.5))
        albumin_units = draw(st.sampled_from(("g/dl", "g/l")))
        labs["albumin_value"] = round(g_dl, 1) if albumin_units == "g/dl" else round(g_dl * 10)
        labs["albumin_units"] = albumin_units
    if labs:
        labs["units"] = units
    return labs


def calm_choices(values: tuple[str, ...]) -> tuple[str | None, ...]:
    """A question's least worrying value, or unanswered (None); any value where none is calm."""
    for calm in ("no", "none", "normal"):
        if calm in values:
            return (calm, None)
    return (*values, None)


CALM = {question: calm_choices(values) for question, values in VALUES.items()}
WORRY = (0, 1, 2, 4, 10)


@st.composite
def answer_sets(draw: st.DrawFn, labs: bool = True) -> dict[str, Any]:
    """Each question any of its values or left out, an overlay, and sometimes measured values
    (a measured analyte then has no explicit level, so that no draw contradicts itself)."""
    raw: dict[str, Any] = {}
    # Uniform draws answer so many questions "yes" that nearly every case is urgent; so each
    # case first draws how worried it is: how many questions in ten may take any value (the
    # others take their calm value or stay unanswered).
    worry = draw(st.sampled_from(WORRY))
    for question, values in VALUES.items():
        pool = (*values, None) if draw(st.integers(0, 9)) < worry else CALM[question]
        choice = draw(st.sampled_from(pool))
        if choice is not None:
            raw[question] = choice
    raw.update(draw(st.sampled_from(FOCUS)))
    if labs and draw(st.booleans()):
        measured = draw(lab_fields())
        for analyte in ("calcium", "phosphate"):
            if f"{analyte}_value" in measured:
                raw.pop(analyte, None)
        raw.update(measured)
    return raw


def answer(raw: dict[str, Any], question: str) -> str:
    return str(raw.get(question, "unknown"))


# --- §1 read independently of the tree -----------------------------------------------------


def strong_factor(raw: dict[str, Any]) -> bool:
    return any(answer(raw, q) in values for q, values in STRONG.items())


def other_factors(raw: dict[str, Any]) -> list[str]:
    return [q for q, values in OTHER.items() if answer(raw, q) in values]


def risk_factor(raw: dict[str, Any]) -> bool:
    return strong_factor(raw) or bool(other_factors(raw))


def none_known(raw: dict[str, Any]) -> bool:
    return not risk_factor(raw) and any(answer(raw, q) == "unknown" for q in RISK_QUESTIONS)


def all_no(raw: dict[str, Any]) -> bool:
    return not risk_factor(raw) and not any(answer(raw, q) == "unknown" for q in RISK_QUESTIONS)


def rows(raw: dict[str, Any]) -> dict[str, bool]:
    """Which urgent rows of the §1 table hold."""
    breakdown, patches, dark = (answer(raw, q) == "yes" for q in SKIN)
    severe = answer(raw, "pain") == "severe"
    worst_site = answer(raw, "site") in FATTY_OR_PENIS
    others = len(other_factors(raw))
    ulcer = breakdown or dark
    return {
        "1": patches and risk_factor(raw),
        "2": ulcer and strong_factor(raw),
        "3": ulcer and others >= 2 and (dark or severe or worst_site),
        "4": ulcer and others == 1 and ((dark and severe) or worst_site),
        "6": (breakdown or patches or dark) and none_known(raw) and dark and severe,
        "8": (breakdown or patches or dark) and all_no(raw) and dark and severe,
        "10": not (breakdown or patches or dark)
        and any(answer(raw, q) == "unknown" for q in SKIN)
        and strong_factor(raw)
        and severe,
    }


def calciphylaxis_named(raw: dict[str, Any]) -> bool:
    """The first row that applies and names a type names calciphylaxis (§0, §1)."""
    held = rows(raw)
    the_one_is_autoimmune = other_factors(raw) == ["autoimmune"]
    return held["1"] or held["2"] or held["3"] or (held["4"] and not the_one_is_autoimmune) or held["6"] or held["10"]


def run(raw: dict[str, Any]) -> dict[str, Any]:
    return triage_answers(raw).to_dict()


@cache
def validator() -> Draft202012Validator:
    schema = result_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@PROPERTY
@given(answer_sets())
def test_property_every_urgent_row_of_the_table_is_urgent(raw: dict[str, Any]) -> None:
    held = [row for row, holds in rows(raw).items() if holds]
    if held:
        assert run(raw)["urgency"] == "urgent", f"rows {held} hold"


@PROPERTY
@given(answer_sets())
def test_property_calciphylaxis_is_suggested_exactly_when_a_row_names_it(raw: dict[str, Any]) -> None:
    result = run(raw)
    assert (suggested(result) == "calciphylaxis") == calciphylaxis_named(raw), rows(raw)


# Overlays that make row 1 (patches with any factor) or row 2 (breakdown or dark skin with a strong one) hold.
ROW_1_OR_2 = [known({"skin_patches": "yes", question: value}) for question, value in STRONG_FACTORS + OTHER_FACTORS] + [
    known({skin: "yes", question: value})
    for skin in ("skin_breakdown", "skin_dark")
    for question, value in STRONG_FACTORS
]


@PROPERTY
@given(answer_sets(), st.sampled_from(ROW_1_OR_2))
def test_property_rows_1_and_2_are_likely_with_kidney_failure_or_severe_pain(
    raw: dict[str, Any], overlay: dict[str, str]
) -> None:
    raw = {**raw, **overlay}
    held = rows(raw)
    assert held["1"] or held["2"]
    result = run(raw)
    likely = answer(raw, "kidney_failure") == "yes" or answer(raw, "pain") == "severe"
    assert suggested(result) == "calciphylaxis"
    assert result["certainty"] == ("likely" if likely else "possible")


@PROPERTY
@given(answer_sets())
def test_property_every_result_has_a_safety_net_and_look_alikes(raw: dict[str, Any]) -> None:
    result = run(raw)
    assert isinstance(result["safety_net"], list) and result["safety_net"]
    assert all(isinstance(text, str) and text.strip() for text in result["safety_net"])
    assert isinstance(result["look_alikes"], list)
    assert {look["id"] for look in result["look_alikes"]} <= LOOK_ALIKE_IDS  # 1.1 knows these four
    assert all(look["why"] for look in result["look_alikes"])


@PROPERTY
@given(answer_sets())
def test_property_every_result_validates_against_the_schema(raw: dict[str, Any]) -> None:
    result = run(raw)
    errors = sorted(validator().iter_errors(result), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@PROPERTY
@given(answer_sets())
def test_property_codes_are_of_the_contract(raw: dict[str, Any]) -> None:
    result = run(raw)
    assert_codes_are_of_the_contract(result["suggested_type"])
    for alternative in result["alternatives"]:
        assert_codes_are_of_the_contract(alternative)


@FEWER
@given(
    answer_sets(),
    st.sampled_from(("skin_breakdown", "skin_dark")),
    st.sampled_from([factor for factor in STRONG_FACTORS if factor[0] in VALUES]),
)
def test_property_the_calciphylaxis_pattern_is_urgent_whatever_the_pain(
    raw: dict[str, Any], skin: str, factor: tuple[str, str]
) -> None:
    question, value = factor
    for pain in ("none", "mild", "severe", "unknown"):
        result = run({**raw, skin: "yes", question: value, "pain": pain})
        assert result["urgency"] == "urgent", pain


@PROPERTY
@given(answer_sets())
def test_property_a_non_urgent_safety_net_names_confusion_or_a_fit_and_fever(raw: dict[str, Any]) -> None:
    result = run(raw)
    if result["urgency"] == "urgent":
        return  # the urgent safety net is checked elsewhere
    text = safety_text(result)
    assert mentions_a_fit_or_confusion(text), text
    assert "fever" in text, text
    assert any(word in text for word in ("purple", "black", "dark")), text


@PROPERTY
@given(answer_sets())
def test_property_dark_skin_with_severe_pain_is_always_urgent(raw: dict[str, Any]) -> None:
    # Follows from the table: with skin_dark yes and severe pain, rows 2, 3, 4, 6 or 8 hold.
    assert run({**raw, "skin_dark": "yes", "pain": "severe"})["urgency"] == "urgent"


@PROPERTY
@given(answer_sets())
def test_property_all_three_skin_signs_no_never_suggests_calciphylaxis(raw: dict[str, Any]) -> None:
    assert suggested(run({**raw, **NO_SKIN})) != "calciphylaxis"


@PROPERTY
@given(answer_sets())
def test_property_all_no_never_suggests_calciphylaxis(raw: dict[str, Any]) -> None:
    assert suggested(run({**raw, **known(ALL_NO)})) != "calciphylaxis"


def urgent_bullets(raw: dict[str, Any]) -> list[str]:
    """The §2 urgent bullets that read answers only (levels as answered, no measured value)."""
    found = []
    if "yes" in (answer(raw, "high_calcium_symptoms"), answer(raw, "low_calcium_symptoms")):
        found.append("symptoms")
    weak = any(answer(raw, q) == "yes" for q in ("kidney_failure", "organ_transplant", "steroids", "chemotherapy"))
    if answer(raw, "infection_signs") == "yes" and weak:
        found.append("infection")
    answered_lysis = ("calcium_value" not in raw and answer(raw, "calcium") == "low") or (
        "phosphate_value" not in raw and answer(raw, "phosphate") == "high"
    )
    if answer(raw, "chemotherapy") == "yes" and answered_lysis:
        found.append("tumour lysis")
    baby = answer(raw, "age_group") in ("newborn", "infant")
    if baby and answer(raw, "tissue_damage") == "difficult-birth" and answer(raw, "calcium") == "high":
        found.append("fat necrosis")
    if answer(raw, "procedure") == "calcium-injection" and (
        answer(raw, "skin_dark") == "yes" or answer(raw, "pain") == "severe"
    ):
        found.append("calcium injection")
    return found


@PROPERTY
@given(answer_sets())
def test_property_every_urgent_bullet_of_section_2_is_urgent(raw: dict[str, Any]) -> None:
    found = urgent_bullets(raw)
    if found:
        assert run(raw)["urgency"] == "urgent", found


SEVERE_MG_DL = {  # age -> (high at or above, low at or below); newborn limits are strict
    "adult": (14.0, 7.6 - 1e-9),
    "unknown": (14.0, 7.6 - 1e-9),
    "child": (13.0, 7.0),
    "infant": (13.0, 7.0),
    "newborn": (12.5 + 1e-9, 6.0 - 1e-9),
}


@PROPERTY
@given(answer_sets(labs=False), st.floats(4.0, 17.0))
def test_property_a_measured_calcium_in_the_severe_range_is_urgent(raw: dict[str, Any], mg: float) -> None:
    value = round(mg, 1)
    age = answer(raw, "age_group")
    high, low = SEVERE_MG_DL[age]
    if min(abs(value - high), abs(value - low)) < 0.05:
        return  # too near a limit for a rounded value to say which side it is on
    raw = {**raw, "calcium_value": value, "units": "mg/dl"}
    raw.pop("calcium", None)
    if value >= high or value <= low:
        assert run(raw)["urgency"] == "urgent"


def soon_triggers(raw: dict[str, Any]) -> list[str]:
    """§2 soon bullets (and §1 rows) read from answers only: the urgency is at least soon."""
    found = [q for q in (*SKIN, "infection_signs", "lump_change", "kidney_failure") if answer(raw, q) == "yes"]
    if answer(raw, "pain") in ("mild", "severe"):
        found.append("pain")
    if answer(raw, "tissue_damage") == "infection":
        found.append("infection at the site")
    if "calcium_value" not in raw and answer(raw, "calcium") in ("high", "low"):
        found.append("calcium")
    if "phosphate_value" not in raw and answer(raw, "phosphate") == "high":
        found.append("phosphate")
    if answer(raw, "age_group") in ("newborn", "infant") and answer(raw, "tissue_damage") == "difficult-birth":
        found.append("fat necrosis")
    return found


@PROPERTY
@given(answer_sets())
def test_property_every_soon_trigger_is_at_least_soon(raw: dict[str, Any]) -> None:
    found = soon_triggers(raw)
    if found:
        assert run(raw)["urgency"] in ("soon", "urgent"), found


# --- monotone urgency (§2 "Monotone") -------------------------------------------------------


def worsening_steps() -> list[tuple[str, str, str]]:
    """(question, less worrying value, more worrying value), as §2 "Monotone" lists them."""
    steps: list[tuple[str, str, str]] = []
    for question, risky in {**STRONG, **OTHER}.items():
        safe = ("none", "unknown") if question == "autoimmune" else ("no", "unknown")
        steps += [(question, before, after) for before in safe for after in risky]
    for question in (*SKIN, "high_calcium_symptoms", "low_calcium_symptoms", "infection_signs", "lump_change"):
        steps += [(question, before, "yes") for before in ("no", "unknown")]
    steps += [
        ("pain", "none", "mild"),
        ("pain", "none", "severe"),
        ("pain", "mild", "severe"),
        ("pain", "unknown", "severe"),
    ]
    return [step for step in steps if step[0] in VALUES]


@PROPERTY
@given(answer_sets(), st.sampled_from(worsening_steps()))
def test_property_a_more_worrying_answer_never_lowers_the_urgency(
    raw: dict[str, Any], step: tuple[str, str, str]
) -> None:
    question, before, after = step
    milder = run({**raw, question: before})["urgency"]
    worse = run({**raw, question: after})["urgency"]
    assert RANK[worse] >= RANK[milder], f"{question}: {before} -> {after} gave {milder} -> {worse}"
