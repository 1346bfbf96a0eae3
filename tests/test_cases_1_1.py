"""Vignettes in the spirit of published case reports, each with what Decision rules 1.1
(decision.md, "Decision rules 1.1") make of it: the suggested type, whether the certainty
is at least ``possible``, the urgency, and the look-alikes.

The cases are written for these tests (no patient's data). A vignette answers what a
patient could tell; the rest stays unanswered (unknown). Each row cites, in its comment,
the rule of decision 1.1 that fixes the expectation ("§1 row N" is the N-th row of the
calciphylaxis table; §2 urgency; §3-§7 the types and look-alikes).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from vignette_blocks import ALL_NO, NO_CAUSES, NO_LOCAL_CAUSE, NO_SKIN, NORMAL

from calcinosis_cli import triage_answers


class Vignette(NamedTuple):
    id: str
    answers: dict[str, Any]
    types: tuple[str, ...]  # the suggested type (more than one only where decision 1.1 is ambiguous)
    at_least_possible: bool | None  # certainty likely or possible (None: not fixed by the rules)
    urgency: str
    look_alikes: frozenset[str] | None  # exactly these (None: not fixed by the rules)


def v(
    id: str,
    answers: dict[str, Any],
    types: str | tuple[str, ...],
    at_least_possible: bool | None,
    urgency: str,
    look_alikes: tuple[str, ...] | None = (),
) -> Vignette:
    return Vignette(
        id,
        answers,
        (types,) if isinstance(types, str) else types,
        at_least_possible,
        urgency,
        None if look_alikes is None else frozenset(look_alikes),
    )


VIGNETTES = [
    # --- calciphylaxis -------------------------------------------------------------------
    # §1 row 1: net-like purple patches with kidney failure: calciphylaxis likely, urgent.
    v(
        "haemodialysis-livedo-on-the-thighs",
        {
            "age_group": "adult",
            "kidney_failure": "yes",
            "diabetes": "yes",
            "skin_patches": "yes",
            "skin_breakdown": "no",
            "skin_dark": "no",
            "pain": "severe",
            "site": "belly-thighs-buttocks",
            "lesions": "many",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 3: three other risk factors with dark skin on a fatty area: calciphylaxis possible, urgent.
    v(
        "non-uraemic-dark-spreading-sore-on-the-belly",
        {
            "age_group": "adult",
            "obesity": "yes",
            "diabetes": "yes",
            "steroids": "yes",
            "kidney_failure": "no",
            "skin_dark": "yes",
            "skin_breakdown": "yes",
            "pain": "severe",
            "site": "belly-thighs-buttocks",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 2: a strong factor (transplant) with an ulcer: calciphylaxis, urgent (penis: worst prognosis).
    v(
        "kidney-transplant-with-a-penile-ulcer",
        {
            "age_group": "adult",
            "organ_transplant": "yes",
            "kidney_failure": "no",
            "skin_breakdown": "yes",
            "skin_dark": "yes",
            "pain": "severe",
            "site": "penis",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 2 "whatever the pain": black skin on dialysis with only mild pain is still urgent.
    v(
        "dialysis-black-eschar-with-mild-pain",
        {
            "age_group": "adult",
            "kidney_failure": "yes",
            "skin_dark": "yes",
            "skin_breakdown": "yes",
            "pain": "mild",
            "site": "legs",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 10: on dialysis, severe pain before any skin change (patches not known): possible, urgent.
    v(
        "dialysis-severe-pain-before-the-skin-changes",
        {
            "age_group": "adult",
            "kidney_failure": "yes",
            "pain": "severe",
            "skin_breakdown": "no",
            "skin_dark": "no",
            "site": "belly-thighs-buttocks",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 1: warfarin (strong) with hard, very tender skin: calciphylaxis likely (severe pain), urgent.
    v(
        "warfarin-with-hard-tender-plaques-on-the-calves",
        {"age_group": "adult", "warfarin": "yes", "skin_patches": "yes", "pain": "severe", "site": "legs"},
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 2: an overactive parathyroid (strong) with a leg ulcer, mild pain: urgent; row 2 before §3.
    v(
        "primary-hyperparathyroidism-with-a-leg-ulcer",
        {
            "age_group": "adult",
            "overactive_gland": "parathyroid",
            "calcium": "high",
            "skin_breakdown": "yes",
            "pain": "mild",
            "site": "legs",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 3: cirrhosis and obesity (two other) with dark skin: the "also" is skin_dark itself.
    v(
        "cirrhosis-and-obesity-with-dark-skin-on-the-shin",
        {
            "age_group": "adult",
            "liver_disease": "yes",
            "obesity": "yes",
            "kidney_failure": "no",
            "skin_dark": "yes",
            "pain": "mild",
            "site": "legs",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 3: lupus and steroids (two other) with an ulcer on the buttocks (fatty area): urgent.
    v(
        "lupus-on-steroids-with-an-ulcer-on-the-buttock",
        {
            "age_group": "adult",
            "autoimmune": "lupus",
            "steroids": "yes",
            "skin_breakdown": "yes",
            "pain": "mild",
            "site": "belly-thighs-buttocks",
        },
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 6: no risk factor known, black very painful skin on the thigh: calciphylaxis possible, urgent.
    v(
        "risk-factors-unknown-black-painful-thigh",
        {"skin_dark": "yes", "pain": "severe", "site": "belly-thighs-buttocks"},
        "calciphylaxis",
        True,
        "urgent",
    ),
    # §1 row 8: every risk factor no, dying painful skin after an injury: urgent, not calciphylaxis (§5).
    v(
        "no-risk-factor-black-painful-skin-after-an-injury",
        {
            "age_group": "adult",
            **ALL_NO,
            **NORMAL,
            "tissue_damage": "injury",
            "skin_dark": "yes",
            "pain": "severe",
            "site": "legs",
        },
        "dystrophic",
        True,
        "urgent",
    ),
    # --- dystrophic, with calciphylaxis kept in view ---------------------------------------------
    # §1 row 5: scleroderma is one other factor; ulcer on the fingers, no "also": dystrophic, soon.
    v(
        "scleroderma-ulcerating-finger-lumps-with-chalky-discharge",
        {
            "age_group": "adult",
            **ALL_NO,
            **NORMAL,
            "autoimmune": "scleroderma",
            "skin_breakdown": "yes",
            "skin_dark": "no",
            "skin_patches": "no",
            "infection_signs": "no",
            "pain": "mild",
            "site": "fingers",
            "lesions": "many",
        },
        "dystrophic",
        True,
        "soon",
    ),
    # §1 row 4 (one factor, an autoimmune disease, dark skin with severe pain): dystrophic, urgent.
    v(
        "scleroderma-finger-turning-black-with-severe-pain",
        {
            "age_group": "adult",
            **ALL_NO,
            **NORMAL,
            "autoimmune": "scleroderma",
            "skin_breakdown": "yes",
            "skin_dark": "yes",
            "pain": "severe",
            "site": "fingers",
        },
        "dystrophic",
        True,
        "urgent",
    ),
    # §5 (an autoimmune disease damaging tissue in several places); nothing in §2: routine.
    v(
        "juvenile-dermatomyositis-with-many-deposits",
        {
            "age_group": "child",
            **NORMAL,
            **NO_SKIN,
            "autoimmune": "dermatomyositis",
            "site": "multiple",
            "lesions": "many",
            "pain": "none",
            "infection_signs": "no",
            "lump_change": "no",
        },
        "dystrophic",
        True,
        "routine",
    ),
    # §1 row 5 (diabetes: one other, ulcer, no "also") and §5 vein disease: dystrophic, soon.
    v(
        "diabetic-venous-leg-ulcer-holding-calcium",
        {
            "age_group": "adult",
            **ALL_NO,
            **NORMAL,
            "diabetes": "yes",
            "tissue_damage": "vein-disease",
            "skin_breakdown": "yes",
            "skin_dark": "no",
            "skin_patches": "no",
            "pain": "mild",
            "site": "legs",
        },
        "dystrophic",
        True,
        "soon",
    ),
    # §5 connective_tissue_signs with no diagnosed disease: dystrophic possible; nothing in §2: routine.
    v(
        "raynaud-and-tight-finger-skin-not-yet-diagnosed",
        {
            "age_group": "adult",
            **NORMAL,
            **NO_CAUSES,
            **NO_LOCAL_CAUSE,
            **NO_SKIN,
            "connective_tissue_signs": "yes",
            "site": "fingers",
            "lesions": "few",
            "pain": "none",
        },
        "dystrophic",
        True,
        "routine",
    ),
    # §1 row 9 (all no: an overactive thyroid counts as no) and §5 wound: dystrophic, soon.
    v(
        "overactive-thyroid-with-a-sore-over-a-wound-scar",
        {
            "age_group": "adult",
            **ALL_NO,
            **NORMAL,
            "overactive_gland": "thyroid",
            "tissue_damage": "wound",
            "skin_breakdown": "yes",
            "pain": "mild",
            "site": "legs",
        },
        "dystrophic",
        True,
        "soon",
    ),
    # §5 acne; §2 nothing: routine; an adult's lumps are no pilomatricoma (§7).
    v(
        "acne-scar-calcinosis-on-the-face",
        {
            "age_group": "adult",
            **NORMAL,
            **NO_SKIN,
            "tissue_damage": "acne",
            "site": "face",
            "lesions": "many",
            "pain": "none",
        },
        "dystrophic",
        True,
        "routine",
    ),
    # §5 old burn scar; §2 lump_change and skin breakdown (row 7): soon; §7 marjolin-ulcer.
    v(
        "old-burn-scar-with-a-non-healing-changing-sore",
        {
            "age_group": "adult",
            **NORMAL,
            "tissue_damage": "burn",
            "lump_change": "yes",
            "skin_breakdown": "yes",
            "pain": "mild",
            "site": "legs",
        },
        "dystrophic",
        True,
        "soon",
        ("marjolin-ulcer",),
    ),
    # §2 infection_signs with a transplant: urgent; §5 an infection at the site: dystrophic.
    v(
        "transplant-patient-with-a-hot-swollen-lump-and-fever",
        {
            "age_group": "adult",
            **NORMAL,
            **NO_SKIN,
            "organ_transplant": "yes",
            "infection_signs": "yes",
            "tissue_damage": "infection",
            "site": "legs",
        },
        "dystrophic",
        True,
        "urgent",
    ),
    # --- newborns and infants ------------------------------------------------------------------
    # §2 newborn after cooling with calcium above 12.0 (not severe): urgent. Type: §3 (high calcium,
    # checked first) or §5 (fat necrosis) - the rules leave this open, both accepted.
    v(
        "newborn-after-cooling-with-firm-lumps-on-the-back-and-high-calcium",
        {
            "age_group": "newborn",
            **NO_SKIN,
            "tissue_damage": "difficult-birth",
            "calcium_value": 12.3,
            "units": "mg/dl",
            "site": "other",
            "lesions": "few",
        },
        ("metastatic", "dystrophic"),
        True,
        "urgent",
    ),
    # §2 newborn after a difficult birth: soon (calcium tests over 3 months); §5 fat necrosis.
    v(
        "newborn-after-a-difficult-birth-calcium-not-yet-tested",
        {"age_group": "newborn", **NO_SKIN, "tissue_damage": "difficult-birth", "site": "other", "lesions": "few"},
        "dystrophic",
        None,
        "soon",
    ),
    # §4 heel sticks with normal levels: iatrogenic; §2 nothing: routine.
    v(
        "infant-with-heel-stick-nodules",
        {
            "age_group": "infant",
            **NORMAL,
            **NO_SKIN,
            "procedure": "heel-sticks",
            "site": "heel",
            "lesions": "few",
            "pain": "none",
        },
        "iatrogenic",
        True,
        "routine",
    ),
    # §2 calcium-injection with skin_dark yes: urgent; §4 iatrogenic (extravasation).
    v(
        "child-after-calcium-gluconate-extravasation-skin-turning-dark",
        {
            "age_group": "child",
            **NORMAL,
            "procedure": "calcium-injection",
            "skin_dark": "yes",
            "pain": "mild",
            "site": "other",
            "lesions": "few",
        },
        "iatrogenic",
        True,
        "urgent",
    ),
    # §4 calcium-containing heparin injections at the spot, normal levels: iatrogenic; §2 kidney
    # failure (new deposits) and mild pain: soon.
    v(
        "dialysis-patient-with-calcium-heparin-nodules-on-the-belly",
        {
            "age_group": "adult",
            **NORMAL,
            **NO_SKIN,
            "kidney_failure": "yes",
            "procedure": "heparin-injections",
            "site": "belly-thighs-buttocks",
            "lesions": "few",
            "pain": "mild",
        },
        "iatrogenic",
        True,
        "soon",
    ),
    # --- metastatic ---------------------------------------------------------------------------
    # §3 milk-alkali with measured high calcium (13.2 < 14): metastatic; §2 high calcium without symptoms: soon.
    v(
        "antacids-and-milk-with-high-calcium",
        {
            "age_group": "adult",
            **NO_SKIN,
            "calcium_supplements": "yes",
            "calcium_value": 13.2,
            "units": "mg/dl",
            "kidney_failure": "no",
            "high_calcium_symptoms": "no",
            "pain": "none",
        },
        "metastatic",
        True,
        "soon",
    ),
    # §2 high_calcium_symptoms yes: urgent, whatever the level; §3 milk-alkali.
    v(
        "antacids-and-milk-confused-and-vomiting",
        {
            "age_group": "adult",
            **NO_SKIN,
            "calcium_supplements": "yes",
            "calcium": "high",
            "high_calcium_symptoms": "yes",
        },
        "metastatic",
        True,
        "urgent",
    ),
    # §3 sarcoidosis with high calcium; §2 high calcium without symptoms: soon.
    v(
        "sarcoidosis-with-high-calcium",
        {
            "age_group": "adult",
            **NO_SKIN,
            "sarcoidosis": "yes",
            "calcium": "high",
            "high_calcium_symptoms": "no",
            "low_calcium_symptoms": "no",
            "pain": "none",
        },
        "metastatic",
        True,
        "soon",
    ),
    # §2 chemotherapy with high phosphate / low calcium (tumour lysis): urgent; §3 low Ca + high P.
    # Kidneys not known, so whether the osteoma-cutis pattern (§7) is pointed to is left open.
    v(
        "lymphoma-after-chemotherapy-high-phosphate-low-calcium",
        {
            "age_group": "adult",
            **NO_SKIN,
            "cancer": "yes",
            "chemotherapy": "yes",
            "phosphate": "high",
            "calcium": "low",
        },
        "metastatic",
        True,
        "urgent",
        None,
    ),
    # §3 familial tumoral calcinosis (high P, normal Ca, kidneys working, family history); §2 high P: soon.
    v(
        "young-adult-with-lumps-around-the-hips-and-a-family-history",
        {
            "age_group": "adult",
            **NO_SKIN,
            "phosphate_value": 6.8,
            "calcium_value": 9.4,
            "units": "mg/dl",
            "kidney_failure": "no",
            "family_history": "yes",
            "site": "joints",
            "lesions": "few",
            "pain": "none",
        },
        "metastatic",
        True,
        "soon",
    ),
    # §3 product ≥ 70 in an adult (9.6 × 7.5 = 72) with kidney failure; §2 product / high P / KF: soon.
    v(
        "dialysis-with-a-high-calcium-phosphate-product",
        {
            "age_group": "adult",
            **NO_SKIN,
            "kidney_failure": "yes",
            "calcium_value": 9.6,
            "phosphate_value": 7.5,
            "units": "mg/dl",
            "pain": "none",
            "site": "joints",
        },
        "metastatic",
        True,
        "soon",
    ),
    # §2 high_calcium_symptoms yes: urgent; §3 cancer / bone-destroying disease with high calcium.
    v(
        "myeloma-with-high-calcium-and-confusion",
        {
            "age_group": "adult",
            **NO_SKIN,
            "cancer": "yes",
            "bone_disease": "yes",
            "calcium": "high",
            "high_calcium_symptoms": "yes",
        },
        "metastatic",
        True,
        "urgent",
    ),
    # §2 infection_signs with chemotherapy: urgent; §3 cancer with levels unknown: metastatic possible.
    v(
        "chemotherapy-with-fever-and-a-red-lump",
        {"age_group": "adult", **NO_SKIN, "cancer": "yes", "chemotherapy": "yes", "infection_signs": "yes"},
        "metastatic",
        True,
        "urgent",
    ),
    # §3 low Ca + high P; §2 abnormal levels without symptoms: soon; §7 osteoma-cutis (kidneys working).
    v(
        "child-with-pseudohypoparathyroidism-picture",
        {
            "age_group": "child",
            **NO_SKIN,
            "calcium": "low",
            "phosphate": "high",
            "kidney_failure": "no",
            "low_calcium_symptoms": "no",
            "high_calcium_symptoms": "no",
            "site": "multiple",
            "lesions": "few",
        },
        "metastatic",
        True,
        "soon",
        ("osteoma-cutis",),
    ),
    # §2 severe range, child: 6.9 ≤ 7.0 mg/dL is urgent; §3 low Ca + high P; §7 osteoma-cutis.
    v(
        "child-with-a-calcium-of-6-9-and-high-phosphate",
        {
            "age_group": "child",
            **NO_SKIN,
            "calcium_value": 6.9,
            "phosphate_value": 8.0,
            "units": "mg/dl",
            "kidney_failure": "no",
        },
        "metastatic",
        True,
        "urgent",
        ("osteoma-cutis",),
    ),
    # --- idiopathic and look-alikes -----------------------------------------------------------------
    # §6 scrotum, unknown tumour no longer blocks; §2 nothing: routine.
    v(
        "idiopathic-scrotal-calcinosis",
        {
            "age_group": "adult",
            **NORMAL,
            **NO_CAUSES,
            **NO_LOCAL_CAUSE,
            **NO_SKIN,
            "tumor": "unknown",
            "site": "scrotum",
            "lesions": "many",
            "pain": "none",
        },
        "idiopathic",
        True,
        "routine",
    ),
    # §6 Down syndrome with many small lumps; §2 nothing: routine; many lumps: no pilomatricoma.
    v(
        "down-syndrome-with-many-small-lumps-on-hands-and-feet",
        {
            "age_group": "child",
            **NORMAL,
            **NO_CAUSES,
            **NO_LOCAL_CAUSE,
            **NO_SKIN,
            "down_syndrome": "yes",
            "site": "multiple",
            "lesions": "many",
            "pain": "none",
        },
        "idiopathic",
        True,
        "routine",
    ),
    # §7 pilomatricoma (a child's single lump on the arm); §6 no cause found; §2 nothing: routine.
    v(
        "child-with-one-hard-lump-on-the-arm",
        {
            "age_group": "child",
            **NORMAL,
            **NO_CAUSES,
            **NO_LOCAL_CAUSE,
            **NO_SKIN,
            "site": "arms",
            "lesions": "single",
            "pain": "none",
        },
        "idiopathic",
        None,
        "routine",
        ("pilomatricoma",),
    ),
    # §7 pilomatricoma "above all when it grows"; §2 lump_change: soon.
    v(
        "child-with-a-single-growing-lump-on-the-face",
        {
            "age_group": "child",
            **NORMAL,
            **NO_CAUSES,
            **NO_LOCAL_CAUSE,
            **NO_SKIN,
            "site": "face",
            "lesions": "single",
            "lump_change": "yes",
            "pain": "none",
        },
        "idiopathic",
        None,
        "soon",
        ("pilomatricoma",),
    ),
    # §7 gout-tophi; §6 no damage or cause; §2 a painful lump: soon.
    v(
        "gout-with-chalky-lumps-on-the-ear",
        {
            "age_group": "adult",
            **NORMAL,
            **NO_CAUSES,
            **NO_LOCAL_CAUSE,
            **NO_SKIN,
            "gout": "yes",
            "site": "ears",
            "lesions": "few",
            "pain": "mild",
        },
        "idiopathic",
        None,
        "soon",
        ("gout-tophi",),
    ),
]


def result_of(vignette: Vignette) -> dict[str, Any]:
    return triage_answers(vignette.answers).to_dict()


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[vignette.id for vignette in VIGNETTES])
def test_the_suggested_type(vignette: Vignette) -> None:
    result = result_of(vignette)
    assert result["suggested_type"]["id"] in vignette.types


@pytest.mark.parametrize(
    "vignette",
    [vignette for vignette in VIGNETTES if vignette.at_least_possible is not None],
    ids=[vignette.id for vignette in VIGNETTES if vignette.at_least_possible is not None],
)
def test_the_certainty(vignette: Vignette) -> None:
    result = result_of(vignette)
    assert (result["certainty"] in ("likely", "possible")) == vignette.at_least_possible


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[vignette.id for vignette in VIGNETTES])
def test_the_urgency(vignette: Vignette) -> None:
    assert result_of(vignette)["urgency"] == vignette.urgency


@pytest.mark.parametrize(
    "vignette",
    [vignette for vignette in VIGNETTES if vignette.look_alikes is not None],
    ids=[vignette.id for vignette in VIGNETTES if vignette.look_alikes is not None],
)
def test_the_look_alikes(vignette: Vignette) -> None:
    result = result_of(vignette)
    assert frozenset(look["id"] for look in result["look_alikes"]) == vignette.look_alikes


def test_there_are_thirty_to_forty_vignettes_with_distinct_ids() -> None:
    assert 30 <= len(VIGNETTES) <= 40
    assert len({vignette.id for vignette in VIGNETTES}) == len(VIGNETTES)
