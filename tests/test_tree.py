"""The decision tree, case by case, as spec/decision.md describes it.

Each table row is a clinical vignette: the answers a person gives, and what a
clinician reading decision.md expects the triage to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from vignette_blocks import NO_CAUSES

from calcinosis_cli import UsageError, triage_answers
from calcinosis_cli.knowledge import TYPES
from calcinosis_cli.questions import QUESTION_IDS
from calcinosis_cli.tree import RULES

# --- building blocks of the vignettes --------------------------------------

NORMAL_LEVELS = {"calcium": "normal", "phosphate": "normal"}
# Normal blood levels and no cause of high levels: metastatic is unlikely.
NORMAL = {**NORMAL_LEVELS, **NO_CAUSES}
# The strong calciphylaxis risk factors all no (decision.md 1.1 §1: the others stay unknown, "none known").
NO_STRONG_RISK = {"kidney_failure": "no", "organ_transplant": "no", "warfarin": "no", "overactive_gland": "no"}
OTHER_RISK = ("obesity", "diabetes", "liver_disease", "steroids", "cancer", "chemotherapy", "connective_tissue_signs")
# Every risk factor no (decision.md 1.1 §1, "all no").
NO_RISK = {**NO_STRONG_RISK, **dict.fromkeys(OTHER_RISK, "no"), "autoimmune": "none"}
NO_SKIN_SIGNS = {"skin_breakdown": "no", "skin_dark": "no", "skin_patches": "no"}
NO_LOCAL_CAUSE = {"tissue_damage": "none", "autoimmune": "none", "tumor": "no", "procedure": "none"}

URGENCY_RANK = {"routine": 0, "soon": 1, "urgent": 2}
# A dose: a number with a unit of amount, or "mg" on its own.
DOSE = re.compile(r"\d\s*(mg|g|mcg|µg|μg|ml|iu|units?|mmol|meq)\b|\bmg\b|/kg\b", re.IGNORECASE)
DISCLAIMER_WORDS = ("not medical advice", "not a diagnosis", "health professional", "emergency")


def run(answers: dict[str, Any]) -> dict[str, Any]:
    return triage_answers(answers).to_dict()


def rules(result: dict[str, Any]) -> list[str]:
    """The rule ids of the path, in order ("C1", "M3", ...)."""
    return [step["rule"].split(":")[0] for step in result["path"]]


def alternative_ids(result: dict[str, Any]) -> list[str]:
    return [alt["id"] for alt in result["alternatives"]]


def mentions(lines: list[str], text: str) -> bool:
    return any(text.lower() in line.lower() for line in lines)


def levels_known(result: dict[str, Any]) -> bool:
    """True when a blood test has already told high from not high."""
    a = result["answers"]
    labs = result["labs"]
    product_high = bool(labs and labs["product"] and labs["product"]["above_threshold"])
    if "high" in (a["calcium"], a["phosphate"]) or product_high:
        return True
    return a["calcium"] in ("normal", "low") and a["phosphate"] in ("normal", "low")


def assert_carries_what_every_result_must(result: dict[str, Any]) -> None:
    """decision.md, "What every result must carry"."""
    suggested = result["suggested_type"]["id"]
    assert result["certainty"] in ("likely", "possible", "uncertain")
    assert result["reasons"] and all(reason.strip() for reason in result["reasons"])
    assert result["path"], "the path must show the rules applied"
    for step in result["path"]:
        assert step["rule"].split(":")[0] in RULES, step
        assert step["question"] in QUESTION_IDS, step
    assert result["typical_causes"] == [cause.text for cause in TYPES[suggested].causes]
    assert set(result["matched_causes"]) <= set(result["typical_causes"])
    assert result["treatment_notes"]
    for note in result["treatment_notes"]:
        assert not DOSE.search(note), f"a dose in a treatment note: {note!r}"
    assert suggested not in alternative_ids(result)
    assert len(alternative_ids(result)) == len(set(alternative_ids(result)))
    assert all(alt["why"].strip() for alt in result["alternatives"])
    if result["certainty"] == "uncertain":
        assert result["alternatives"], "an uncertain result names the alternatives"
    if result["urgency"] == "urgent":
        assert mentions(result["next_steps"], "today")
    if not levels_known(result):
        assert mentions(result["next_steps"], "blood test"), result["next_steps"]
    for words in DISCLAIMER_WORDS:
        assert words in result["disclaimer"].lower()
    assert result["sources"]


# --- the table of vignettes ------------------------------------------------


@dataclass(frozen=True)
class Case:
    answers: dict[str, Any]
    suggested: str
    certainty: str
    rules: tuple[str, ...]
    urgency: str = "routine"
    at_least: bool = False  # urgency is a minimum ("at least soon")
    matched: tuple[str, ...] = ()  # words each found in one of the matched causes
    alternatives: tuple[str, ...] = ()  # types that must be among the alternatives
    not_alternatives: tuple[str, ...] = ()


def case(id: str, answers: dict[str, Any], suggested: str, certainty: str, rules: tuple[str, ...], **kw: Any) -> Any:
    return pytest.param(Case(answers, suggested, certainty, rules, **kw), id=id)


CASES = [
    # 1. Calciphylaxis, checked first.
    case(
        "C2 very painful skin breakdown on dialysis: calciphylaxis, urgent",
        {"skin_breakdown": "yes", "pain": "severe", "kidney_failure": "yes"},
        "calciphylaxis",
        "likely",
        ("C2",),
        urgency="urgent",
        matched=("Kidney failure",),
        alternatives=("metastatic",),
    ),
    case(
        "C2 after an organ transplant",
        {"skin_breakdown": "yes", "pain": "severe", "organ_transplant": "yes"},
        "calciphylaxis",
        "likely",
        ("C2",),
        urgency="urgent",
        matched=("transplant",),
    ),
    case(
        "C2 on warfarin",
        {"skin_breakdown": "yes", "pain": "severe", "warfarin": "yes", **NORMAL_LEVELS},
        "calciphylaxis",
        "likely",
        ("C2",),
        urgency="urgent",
        matched=("Warfarin",),
    ),
    case(
        "C2 with an overactive parathyroid gland",
        {"skin_breakdown": "yes", "pain": "severe", "overactive_gland": "yes"},
        "calciphylaxis",
        "likely",
        ("C2",),
        urgency="urgent",
        matched=("parathyroid",),
    ),
    case(
        "C2 beats high levels: the red flag comes first",
        {"skin_breakdown": "yes", "pain": "severe", "kidney_failure": "yes", "phosphate": "high"},
        "calciphylaxis",
        "likely",
        ("C2", "M1"),
        urgency="urgent",
        alternatives=("metastatic",),
    ),
    case(
        # decision.md 1.1 §1: urgent whatever the pain (1.0: at least soon)
        "C2 skin breakdown with a strong risk factor, pain unknown: possible, urgent",
        {"skin_breakdown": "yes", "warfarin": "yes"},
        "calciphylaxis",
        "possible",
        ("C2",),
        urgency="urgent",
        matched=("Warfarin",),
    ),
    case(
        # decision.md 1.1 §1: a skin sign, no risk factor known, not dark: another type,
        # calciphylaxis an alternative, soon
        "C7 very painful skin breakdown, no strong risk factor: calciphylaxis kept in mind",
        {"skin_breakdown": "yes", "pain": "severe", **NO_STRONG_RISK},
        "dystrophic",
        "uncertain",
        ("C7", "F1"),
        urgency="soon",
        alternatives=("calciphylaxis", "metastatic"),
    ),
    case(
        "C7 risk factors not asked",
        {"skin_breakdown": "yes", "pain": "severe"},
        "dystrophic",
        "uncertain",
        ("C7",),
        urgency="soon",
        alternatives=("calciphylaxis",),
    ),
    case(
        "C7 beside a clear dystrophic cause: calciphylaxis still an alternative",
        {"skin_breakdown": "yes", "pain": "severe", **NO_STRONG_RISK, **NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("C7", "D1"),
        urgency="soon",
        alternatives=("calciphylaxis",),
    ),
    case(
        # decision.md 1.1 §1 row 2: urgent calciphylaxis whatever the pain, likely with kidney
        # failure (1.0: metastatic, soon, because the pain was mild)
        "C2 skin breakdown on dialysis, only mildly painful",
        {"skin_breakdown": "yes", "pain": "mild", "kidney_failure": "yes", "calcium": "normal", "phosphate": "high"},
        "calciphylaxis",
        "likely",
        ("C2", "M1"),
        urgency="urgent",
        alternatives=("metastatic",),
        matched=("Kidney failure",),
    ),
    case(
        # decision.md 1.1 §1: no skin sign yes, one unknown, a strong risk factor and severe
        # pain: possible calciphylaxis, urgent (1.0: dystrophic, soon)
        "C8 very painful skin after a transplant, skin signs not known",
        {"pain": "severe", "organ_transplant": "yes"},
        "calciphylaxis",
        "possible",
        ("C8",),
        urgency="urgent",
        alternatives=("metastatic",),
    ),
    case(
        "C0 no skin sign",  # decision.md 1.1 §1: all three skin signs no
        {**NO_SKIN_SIGNS, "pain": "none", **NORMAL, "tissue_damage": "acne"},
        "dystrophic",
        "likely",
        ("C0", "M0", "D1", "L1"),
        not_alternatives=("calciphylaxis",),
    ),
    case(
        # decision.md 1.1 §1: every risk factor no, not dark and very painful: another type
        "C7 skin breakdown, mild pain, every risk factor no",
        {"skin_breakdown": "yes", "pain": "mild", **NO_RISK, **NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("C7", "D1"),
        urgency="soon",
        not_alternatives=("calciphylaxis",),
    ),
    case(
        "C7 skin breakdown, pain and risk factors unknown: calciphylaxis kept in mind",
        {"skin_breakdown": "yes", **NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("C7", "D1"),
        urgency="soon",
        alternatives=("calciphylaxis",),
    ),
    # decision.md 1.1: the rows of the calciphylaxis table and the urgency bullets.
    case(
        "C1 purple net-like patches with diabetes: possible calciphylaxis, urgent",
        {"skin_patches": "yes", "diabetes": "yes"},
        "calciphylaxis",
        "possible",
        ("C1",),
        urgency="urgent",
    ),
    case(
        "C3 skin ulcer with two other risk factors and severe pain: urgent",
        {"skin_breakdown": "yes", "pain": "severe", **NO_STRONG_RISK, "obesity": "yes", "diabetes": "yes"},
        "calciphylaxis",
        "possible",
        ("C3",),
        urgency="urgent",
    ),
    case(
        "C5 skin ulcer with two other risk factors and no also: soon, calciphylaxis an alternative",
        {
            "skin_breakdown": "yes",
            "pain": "mild",
            "skin_dark": "no",
            "site": "legs",
            **NO_STRONG_RISK,
            "obesity": "yes",
            "diabetes": "yes",
        },
        "dystrophic",
        "uncertain",
        ("C5",),
        urgency="soon",
        alternatives=("calciphylaxis",),
    ),
    case(
        "C4 skin ulcer on the thighs with one other risk factor: urgent",
        {"skin_breakdown": "yes", "site": "belly-thighs-buttocks", **NO_STRONG_RISK, "obesity": "yes"},
        "calciphylaxis",
        "possible",
        ("C4",),
        urgency="urgent",
    ),
    case(
        "C4 ulcer in scleroderma on the thighs: dystrophic, calciphylaxis an alternative, urgent",
        {"skin_breakdown": "yes", "site": "belly-thighs-buttocks", **NO_RISK, "autoimmune": "scleroderma", **NORMAL},
        "dystrophic",
        "likely",
        ("C4", "D2"),
        urgency="urgent",
        alternatives=("calciphylaxis",),
    ),
    case(
        "C5 skin ulcer with exactly one other risk factor and no also: soon",
        {
            "skin_breakdown": "yes",
            "pain": "mild",
            "skin_dark": "no",
            "site": "legs",
            **NO_RISK,
            "diabetes": "yes",
            "tissue_damage": "vein-disease",
            **NORMAL,
        },
        "dystrophic",
        "likely",
        ("C5", "D1"),
        urgency="soon",
        alternatives=("calciphylaxis",),
    ),
    case(
        "C6 dark, very painful skin, no risk factor known: possible calciphylaxis, urgent",
        {"skin_dark": "yes", "pain": "severe"},
        "calciphylaxis",
        "possible",
        ("C6",),
        urgency="urgent",
    ),
    case(
        "C6 dark, very painful skin, every risk factor no: another type, urgent",
        {"skin_dark": "yes", "pain": "severe", **NO_RISK, **NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("C6", "D1"),
        urgency="urgent",
        alternatives=("calciphylaxis",),
    ),
    case(
        "C9 very painful lumps, skin not known, other risk factors only: soon",
        {"pain": "severe", **NO_STRONG_RISK, "steroids": "yes"},
        "dystrophic",
        "uncertain",
        ("C9",),
        urgency="soon",
        alternatives=("calciphylaxis",),
    ),
    case(
        "U1 confusion or repeated vomiting: urgent whatever the calcium",
        {"high_calcium_symptoms": "yes", **NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("U1",),
        urgency="urgent",
    ),
    case(
        "U2 tingling around the mouth or a fit: urgent",
        {"low_calcium_symptoms": "yes"},
        "dystrophic",
        "uncertain",
        ("U2",),
        urgency="urgent",
    ),
    case(
        "U3 an adult's calcium of 14.0 mg/dL",
        {"age_group": "adult", "calcium_value": 14.0},
        "metastatic",
        "likely",
        ("U3", "M1"),
        urgency="urgent",
    ),
    case(
        "U4 a child's calcium of 7.0 mg/dL is low and urgent",
        {"age_group": "child", "calcium_value": 7.0},
        "dystrophic",
        "uncertain",
        ("U4", "S4"),
        urgency="urgent",
    ),
    case(
        "U5 signs of infection on dialysis",
        {"infection_signs": "yes", "kidney_failure": "yes"},
        "metastatic",
        "possible",
        ("U5", "S2", "S7"),
        urgency="urgent",
    ),
    case(
        "U6 chemotherapy with high phosphate: possible tumour lysis",
        {"chemotherapy": "yes", "phosphate": "high"},
        "metastatic",
        "likely",
        ("U6", "S5"),
        urgency="urgent",
    ),
    case(
        "U7 a newborn's lumps after a difficult birth, with high calcium",
        {"age_group": "newborn", "tissue_damage": "difficult-birth", "calcium": "high"},
        "metastatic",
        "likely",
        ("U7", "S10"),
        urgency="urgent",
    ),
    case(
        "S10 a newborn's lumps after a difficult birth: soon, calcium tests",
        {"age_group": "newborn", "tissue_damage": "difficult-birth", **NORMAL},
        "dystrophic",
        "likely",
        ("S10", "D1"),
        urgency="soon",
    ),
    case(
        "U8 calcium given into a vein, dark skin at the spot",
        {"procedure": "calcium-injection", "skin_dark": "yes", **NO_RISK},
        "iatrogenic",
        "possible",
        ("U8", "I1"),
        urgency="urgent",
    ),
    case(
        "S11 calcium given into a vein, signs of infection at the spot",
        {"procedure": "calcium-injection", "infection_signs": "yes", **NO_RISK, **NORMAL},
        "iatrogenic",
        "likely",
        ("S11", "S2", "I1"),
        urgency="soon",
    ),
    case(
        "S1 S8 skin breakdown, painful lumps",
        {"skin_breakdown": "yes", "pain": "mild", **NO_RISK, **NORMAL, "tissue_damage": "acne"},
        "dystrophic",
        "likely",
        ("S1", "S8", "D1"),
        urgency="soon",
    ),
    case(
        "S3 a lump that grows quickly",
        {"lump_change": "yes", **NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("S3",),
        urgency="soon",
    ),
    case(
        "S9 an infection where the lumps are",
        {"tissue_damage": "infection", **NORMAL},
        "dystrophic",
        "likely",
        ("S9", "D1"),
        urgency="soon",
    ),
    case(
        "M5 an overactive thyroid, levels unknown: metastatic only an alternative",
        {"overactive_gland": "thyroid", "tissue_damage": "wound"},
        "dystrophic",
        "possible",
        ("M5", "D1"),
        alternatives=("metastatic",),
    ),
    case(
        "M6 high phosphate, normal calcium and kidneys, a family history: familial tumoral calcinosis",
        {"phosphate": "high", "calcium": "normal", "kidney_failure": "no", "family_history": "yes"},
        "metastatic",
        "likely",
        ("M6", "M1"),
        urgency="soon",
        alternatives=("idiopathic",),
        matched=("familial tumoral calcinosis",),
    ),
    case(
        "D5 signs of a connective-tissue disease not yet diagnosed",
        {"connective_tissue_signs": "yes", "autoimmune": "none", **NORMAL},
        "dystrophic",
        "possible",
        ("D5",),
    ),
    case(
        "D6 a procedure at the spot outranks lupus",
        {"procedure": "heparin-injections", "autoimmune": "lupus", **NORMAL},
        "iatrogenic",
        "likely",
        ("D6", "I1"),
        alternatives=("dystrophic",),
    ),
    # 2. Metastatic.
    case(
        "M1 high calcium",
        {"calcium": "high"},
        "metastatic",
        "likely",
        ("M1", "S4"),
        urgency="soon",
    ),
    case(
        "M1 high phosphate in kidney failure (calcium can be normal)",
        {"calcium": "normal", "phosphate": "high", "kidney_failure": "yes"},
        "metastatic",
        "likely",
        ("M1",),
        urgency="soon",
        matched=("Kidney failure",),
    ),
    case(
        "M1 high calcium with an overactive parathyroid",
        {"calcium": "high", "phosphate": "low", "overactive_gland": "yes", "site": "joints", "lesions": "many"},
        "metastatic",
        "likely",
        ("M1",),
        urgency="soon",
        matched=("parathyroid",),
    ),
    case(
        "M1 high levels outweigh local damage: dystrophic only an alternative",
        {"calcium": "high", "tissue_damage": "wound"},
        "metastatic",
        "likely",
        ("M1",),
        urgency="soon",
        alternatives=("dystrophic",),
    ),
    case(
        # decision.md 1.1 §3: the product threshold holds for adults only (1.0: a child's 10.5 x 6.8)
        "M2 calcium x phosphate product at or above 70 in an adult",
        {"age_group": "adult", "calcium_value": 10.0, "phosphate_value": 7.1},
        "metastatic",
        "likely",
        ("M1", "M2", "S6"),
        urgency="soon",
    ),
    case(
        "M3 kidney failure, levels unknown: possible, blood test",
        {"kidney_failure": "yes"},
        "metastatic",
        "possible",
        ("M3",),
        urgency="soon",
        matched=("Kidney failure",),
    ),
    case(
        "M3 overactive parathyroid, levels unknown",
        {"overactive_gland": "yes"},
        "metastatic",
        "possible",
        ("M3",),
        matched=("parathyroid",),
    ),
    case(
        "M3 excess vitamin D, levels unknown",
        {"excess_vitamin_d": "yes", "age_group": "child"},
        "metastatic",
        "possible",
        ("M3",),
        matched=("vitamin D",),
    ),
    case(
        "M3 Paget's disease of bone, levels unknown",
        {"bone_disease": "yes", "age_group": "adult"},
        "metastatic",
        "possible",
        ("M3",),
        matched=("bone",),
    ),
    case(
        "M3 one level measured normal, the other unknown",
        {"kidney_failure": "yes", "calcium": "normal"},
        "metastatic",
        "possible",
        ("M3",),
        urgency="soon",
    ),
    case(
        "M4 kidney failure with measured normal levels: metastatic only an alternative",
        {**NORMAL_LEVELS, "kidney_failure": "yes", "tissue_damage": "injury"},
        "dystrophic",
        "likely",
        ("M4", "D1"),
        urgency="soon",
        alternatives=("metastatic",),
    ),
    case(
        "M0 measured normal levels, no cause of high levels",
        {**NORMAL, "tissue_damage": "wound"},
        "dystrophic",
        "likely",
        ("M0", "D1", "L1"),
        not_alternatives=("metastatic",),
    ),
    case(
        # decision.md 1.1 §2: low calcium without symptoms is soon (1.0: routine)
        "M0 low calcium and normal phosphate also speak against metastatic",
        {"calcium": "low", "phosphate": "normal", **NO_CAUSES, "tumor": "yes"},
        "dystrophic",
        "likely",
        ("M0", "D3", "S4"),
        urgency="soon",
        not_alternatives=("metastatic",),
    ),
    # 3. Iatrogenic.
    case(
        "I1 heel sticks in a baby, normal levels",
        {"age_group": "infant", "procedure": "heel-sticks", "site": "heel", "lesions": "few", **NORMAL},
        "iatrogenic",
        "likely",
        ("I1", "L1"),
        matched=("heel sticks",),
    ),
    case(
        "I1 electrode paste on the scalp",
        {"procedure": "electrode-paste", "site": "scalp", "lesions": "few", **NORMAL},
        "iatrogenic",
        "likely",
        ("I1", "L1"),
        matched=("electrode paste",),
    ),
    case(
        "I1 calcium given into a vein",
        {"age_group": "infant", "procedure": "calcium-injection", "lesions": "single", **NORMAL},
        "iatrogenic",
        "likely",
        ("I1", "L1"),
        matched=("into a vein",),
    ),
    case(
        "I1 calcium injection, levels unknown: possible until a blood test",
        {"procedure": "calcium-injection"},
        "iatrogenic",
        "possible",
        ("I1", "L2"),
        alternatives=("metastatic",),
    ),
    case(
        "I1 heel sticks in an adult fit less well",
        {"age_group": "adult", "procedure": "heel-sticks", **NORMAL},
        "iatrogenic",
        "possible",
        ("I1",),
    ),
    case(
        "I2 another procedure at the spot",
        {"procedure": "other", **NORMAL},
        "iatrogenic",
        "possible",
        ("I2",),
        matched=("Another treatment",),
    ),
    case(
        "I3 an operation at the site: dystrophic named, iatrogenic kept",
        {"procedure": "surgery", "tissue_damage": "surgery", **NORMAL},
        "dystrophic",
        "likely",
        ("I3", "D1", "L1"),
        alternatives=("iatrogenic",),
        matched=("operation",),
    ),
    case(
        "I0 no procedure at the spot",
        {"procedure": "none", "tissue_damage": "wound", **NORMAL},
        "dystrophic",
        "likely",
        ("I0", "D1"),
        not_alternatives=("iatrogenic",),
    ),
    # 4. Dystrophic.
    case(
        "D1 a wound",
        {"tissue_damage": "wound", **NORMAL},
        "dystrophic",
        "likely",
        ("D1", "L1"),
        matched=("wound",),
    ),
    case(
        "D1 acne scars on the face",
        {"tissue_damage": "acne", "site": "face", **NORMAL},
        "dystrophic",
        "likely",
        ("D1",),
        matched=("Acne",),
    ),
    case(
        "D1 small cuts",
        {"tissue_damage": "injury", **NORMAL},
        "dystrophic",
        "likely",
        ("D1",),
        matched=("cuts",),
    ),
    case(
        "D1 a joint injury",
        {"tissue_damage": "joint-injury", "site": "joints", **NORMAL},
        "dystrophic",
        "likely",
        ("D1",),
        matched=("joint injury",),
    ),
    case(
        "D1 an infection: a warning sign",
        {"tissue_damage": "infection", **NORMAL},
        "dystrophic",
        "likely",
        ("D1",),
        urgency="soon",
        matched=("infection",),
    ),
    case(
        "D1 a wound, levels unknown: possible, blood test",
        {"tissue_damage": "wound"},
        "dystrophic",
        "possible",
        ("D1", "L2"),
        alternatives=("metastatic",),
    ),
    case(
        "D2 scleroderma, many lumps on the fingers",
        {"autoimmune": "scleroderma", "site": "fingers", "lesions": "many", **NORMAL},
        "dystrophic",
        "likely",
        ("D2",),
        matched=("Scleroderma",),
    ),
    case(
        "D2 dermatomyositis in a child",
        {"autoimmune": "dermatomyositis", "age_group": "child", "site": "multiple", **NORMAL},
        "dystrophic",
        "likely",
        ("D2",),
        matched=("Dermatomyositis",),
    ),
    case(
        "D2 lupus",
        {"autoimmune": "lupus", **NORMAL},
        "dystrophic",
        "likely",
        ("D2",),
        matched=("Lupus",),
    ),
    case(
        "D2 rheumatoid arthritis",
        {"autoimmune": "rheumatoid-arthritis", **NORMAL},
        "dystrophic",
        "likely",
        ("D2",),
        matched=("Rheumatoid arthritis",),
    ),
    case(
        "D3 a tumour at the site",
        {"tumor": "yes", **NORMAL},
        "dystrophic",
        "likely",
        ("D3",),
        matched=("tumour",),
    ),
    case(
        "D4 another autoimmune disease",
        {"autoimmune": "other", **NORMAL},
        "dystrophic",
        "possible",
        ("D4",),
        matched=("autoimmune",),
    ),
    case(
        "D0 no damage, tumour, disease or procedure: normal levels point to idiopathic",
        {**NO_LOCAL_CAUSE, **NORMAL},
        "idiopathic",
        "possible",
        ("I0", "D0", "N2"),
        not_alternatives=("dystrophic", "iatrogenic", "metastatic"),
    ),
    # 5. Idiopathic.
    case(
        "N1 scrotal lumps with normal levels",
        {"site": "scrotum", **NORMAL, **NO_LOCAL_CAUSE},
        "idiopathic",
        "likely",
        ("N1", "L1"),
        matched=("scrotum",),
    ),
    case(
        "N1 vulval lumps",
        {"site": "vulva", **NORMAL},
        "idiopathic",
        "likely",
        ("N1",),
        matched=("vulva",),
    ),
    case(
        "N1 a single lump on a child's face",
        {"age_group": "child", "site": "face", "lesions": "single", **NORMAL},
        "idiopathic",
        "likely",
        ("N1",),
        matched=("child's face",),
    ),
    case(
        "N1 Down syndrome, many small lumps on the hands",
        {"down_syndrome": "yes", "age_group": "child", "site": "multiple", "lesions": "many", **NORMAL},
        "idiopathic",
        "likely",
        ("N1",),
        matched=("Down syndrome",),
    ),
    case(
        "N1 born with a soft-tissue defect",
        {"birth_defect": "yes", "age_group": "child", **NORMAL},
        "idiopathic",
        "likely",
        ("N1",),
        matched=("born with a problem of the soft tissues",),
    ),
    case(
        "N1 lumps at the site of an organ transplant",
        {"site": "transplant-site", "organ_transplant": "yes", **NORMAL},
        "idiopathic",
        "likely",
        ("N1",),
        matched=("transplanted organ",),
    ),
    case(
        "N1 scrotal lumps, levels unknown: possible",
        {"site": "scrotum"},
        "idiopathic",
        "possible",
        ("N1", "L2"),
        alternatives=("metastatic",),
    ),
    case(
        "N3 no local cause, levels unknown: idiopathic, uncertain, blood test",
        dict(NO_LOCAL_CAUSE),
        "idiopathic",
        "uncertain",
        ("I0", "D0", "N3", "F1"),
        alternatives=("metastatic",),
        not_alternatives=("dystrophic", "iatrogenic"),
    ),
    # Nothing known.
    case(
        "F1 every question unknown: the most common type, uncertain",
        {},
        "dystrophic",
        "uncertain",
        ("F1",),
        alternatives=("metastatic", "iatrogenic", "idiopathic"),
    ),
    case(
        "F1 every question answered 'unknown'",
        dict.fromkeys(QUESTION_IDS, "unknown"),
        "dystrophic",
        "uncertain",
        ("F1",),
        alternatives=("metastatic", "iatrogenic", "idiopathic"),
    ),
]


@pytest.mark.parametrize("vignette", CASES)
def test_vignette(vignette: Case) -> None:
    result = run(vignette.answers)
    assert (result["suggested_type"]["id"], result["certainty"]) == (vignette.suggested, vignette.certainty), result[
        "reasons"
    ]
    applied = rules(result)
    for rule in vignette.rules:
        assert rule in applied, f"{rule} not in path {applied}"
    if vignette.at_least:
        assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK[vignette.urgency]
    else:
        assert result["urgency"] == vignette.urgency, result["red_flags"]
    for word in vignette.matched:
        assert mentions(result["matched_causes"], word), (word, result["matched_causes"])
    alternatives = alternative_ids(result)
    for type_id in vignette.alternatives:
        assert type_id in alternatives
    for type_id in vignette.not_alternatives:
        assert type_id not in alternatives
    assert_carries_what_every_result_must(result)


def test_every_rule_of_the_tree_has_a_vignette() -> None:
    covered = {rule for param in CASES for rule in param.values[0].rules}
    assert set(RULES) <= covered, sorted(set(RULES) - covered)


def test_every_type_is_suggested_by_some_vignette() -> None:
    assert {param.values[0].suggested for param in CASES} == set(TYPES)


# --- calciphylaxis: urgency and the same-day step --------------------------


def test_calciphylaxis_pattern_says_to_get_care_the_same_day() -> None:
    result = run({"skin_breakdown": "yes", "pain": "severe", "kidney_failure": "yes"})
    assert result["urgency"] == "urgent"
    assert "today" in result["next_steps"][0].lower()
    assert result["red_flags"]
    assert any("calciphylaxis" in reason.lower() for reason in result["reasons"])


def test_possible_calciphylaxis_has_a_red_flag_and_a_prompt_visit() -> None:
    result = run({"skin_breakdown": "yes", "warfarin": "yes", "pain": "unknown"})
    assert result["suggested_type"]["id"] == "calciphylaxis"
    assert result["certainty"] == "possible"  # decision.md 1.1 §1: likely only with kidney failure or severe pain
    assert result["urgency"] == "urgent"  # decision.md 1.1 §1 row 2: whatever the pain
    assert result["red_flags"]
    assert any("doctor" in step.lower() or "care" in step.lower() for step in result["next_steps"][:1])


@pytest.mark.parametrize("pain", ["severe", "unknown"])
def test_skin_breakdown_with_unknown_risk_factors_keeps_calciphylaxis_in_mind(pain: str) -> None:
    """Skin breakdown whose pain and risk factors nobody knows can still become the
    calciphylaxis pattern: the result must not drop calciphylaxis, and it must not be routine."""
    result = run({"skin_breakdown": "yes", "pain": pain})
    assert "calciphylaxis" in alternative_ids(result) or result["suggested_type"]["id"] == "calciphylaxis"
    assert URGENCY_RANK[result["urgency"]] >= URGENCY_RANK["soon"]
    assert not any("calciphylaxis unlikely" in step["rule"] for step in result["path"])


def test_very_painful_skin_breakdown_without_risk_factor_explains_why_calciphylaxis_is_listed() -> None:
    # decision.md 1.1 §1: no risk factor known (the strong ones no): calciphylaxis an alternative
    result = run({"skin_breakdown": "yes", "pain": "severe", **NO_STRONG_RISK, **NORMAL, "tumor": "yes"})
    calciphylaxis = [alt for alt in result["alternatives"] if alt["id"] == "calciphylaxis"]
    assert calciphylaxis and "calciphylaxis" in calciphylaxis[0]["why"].lower()
    assert result["urgency"] == "soon"


# --- shared ground: an operation at the site --------------------------------

LOCAL = ("dystrophic", "iatrogenic")


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"procedure": "surgery", **NORMAL}, id="procedure=surgery, normal levels"),
        pytest.param({"tissue_damage": "surgery", **NORMAL}, id="tissue_damage=surgery, normal levels"),
        pytest.param({"procedure": "surgery", "tissue_damage": "surgery"}, id="both surgery, levels unknown"),
        pytest.param({"procedure": "surgery"}, id="procedure=surgery, nothing else known"),
        pytest.param({"tissue_damage": "surgery", "site": "legs", "lesions": "single"}, id="a scar on the leg"),
    ],
)
def test_an_operation_at_the_site_names_one_local_type_and_keeps_the_other(answers: dict[str, str]) -> None:
    result = run(answers)
    suggested = result["suggested_type"]["id"]
    assert suggested in LOCAL
    other = LOCAL[1 - LOCAL.index(suggested)]
    alternatives = {alt["id"]: alt["why"] for alt in result["alternatives"]}
    assert other in alternatives, result["alternatives"]
    assert re.search(r"operation|surg", alternatives[other], re.IGNORECASE), alternatives[other]
    assert "I3" in rules(result)
    assert mentions(result["matched_causes"], "operation")
    assert_carries_what_every_result_must(result)


# --- blood values ------------------------------------------------------------


@pytest.mark.parametrize(
    ("analyte", "value", "units", "age_group", "level", "range_age"),
    [
        # decision.md 1.1 §3, medical-facts §7.1: calcium adult 8.6-10.3 mg/dL (DiaSys); child
        # partitions 9.0-11.0, 8.8-10.8, 8.4-10.2 (between 8.4 and 11.0 outside 9.0-10.2:
        # borderline for age); infant 9.0-11.0
        ("calcium", 10.6, "mg/dl", "adult", "high", "adult"),
        ("calcium", 10.0, "mg/dl", "child", "normal", "child"),
        ("calcium", 10.6, "mg/dl", "infant", "normal", "infant"),
        ("calcium", 10.6, "mg/dl", "unknown", "high", "adult"),
        ("calcium", 8.5, "mg/dl", "adult", "low", "adult"),
        ("calcium", 8.3, "mg/dl", "child", "low", "child"),
        ("calcium", 9.5, "mg/dl", "adult", "normal", "adult"),
        ("calcium", 2.7, "mmol/l", "adult", "high", "adult"),
        ("calcium", 2.4, "mmol/l", "adult", "normal", "adult"),
        ("calcium", 2.0, "mmol/l", "adult", "low", "adult"),
        # phosphate: adult 2.5-4.5 mg/dL, child partitions 2.8-6.5 overall (shared 4.0-4.6),
        # infant 3.5-6.6 mg/dL
        ("phosphate", 5.0, "mg/dl", "adult", "high", "adult"),
        ("phosphate", 4.3, "mg/dl", "child", "normal", "child"),
        ("phosphate", 6.8, "mg/dl", "infant", "high", "infant"),
        ("phosphate", 6.8, "mg/dl", "child", "high", "child"),
        ("phosphate", 2.7, "mg/dl", "child", "low", "child"),
        ("phosphate", 3.0, "mg/dl", "adult", "normal", "adult"),
        ("phosphate", 1.6, "mmol/l", "adult", "high", "adult"),
        ("phosphate", 1.2, "mmol/l", "adult", "normal", "adult"),
    ],
)
def test_a_measured_value_is_read_against_the_age_groups_range(
    analyte: str, value: float, units: str, age_group: str, level: str, range_age: str
) -> None:
    result = run({f"{analyte}_value": value, "units": units, "age_group": age_group})
    measured = result["labs"][analyte]
    assert measured["level"] == level
    assert result["answers"][analyte] == level
    assert analyte not in result["unanswered"]
    assert measured["units"] == units
    assert measured["range"]["age_group"] == range_age
    assert measured["range"]["units"] == units
    assert measured["range"]["low"] < measured["range"]["high"]
    if age_group == "unknown":
        assert "unknown" in measured["range"]["label"]
    assert (result["suggested_type"]["id"] == "metastatic") == (level == "high")
    assert_carries_what_every_result_must(result)


def test_mmol_values_are_converted_to_mg_dl() -> None:
    result = run({"calcium_value": 2.5, "phosphate_value": 1.2, "units": "mmol/l", "age_group": "adult"})
    labs = result["labs"]
    assert labs["units"] == "mmol/l"
    assert labs["calcium"]["value"] == 2.5
    # medical-facts §7.1: the sources' factors, calcium × 0.25 and phosphate × 0.323 (Davis's)
    assert labs["calcium"]["value_mg_dl"] == pytest.approx(2.5 / 0.25, abs=0.01)
    assert labs["phosphate"]["value_mg_dl"] == pytest.approx(1.2 / 0.323, abs=0.01)
    # the adult calcium range as DiaSys prints it in mmol/L: 2.15-2.57
    assert labs["calcium"]["range"]["low"] == pytest.approx(2.15, abs=0.01)
    assert labs["calcium"]["range"]["high"] == pytest.approx(2.57, abs=0.01)
    # the product is reported in mg²/dL² whatever the units
    assert labs["product"]["value"] == pytest.approx(2.5 / 0.25 * 1.2 / 0.323, abs=0.05)
    assert labs["product"]["units"] == "mg²/dL²"


@pytest.mark.parametrize(
    ("analyte", "value"),
    [
        # medical-facts.md §7.1: adult calcium 8.6-10.3 mg/dL = 2.15-2.57 mmol/L (DiaSys)
        ("calcium", 2.57),
        ("calcium", 2.15),
        # adult phosphate 2.5-4.5 mg/dL = 0.8-1.4 mmol/L (Davis's)
        ("phosphate", 1.4),
        ("phosphate", 0.8),
    ],
)
def test_a_value_at_the_documented_limit_in_mmol_is_normal(analyte: str, value: float) -> None:
    """A lab that reports in mmol/L prints the adult limits as 2.15-2.57 (calcium): a result
    on its own printed limit is normal, not high."""
    result = run({f"{analyte}_value": value, "units": "mmol/l", "age_group": "adult"})
    assert result["labs"][analyte]["level"] == "normal", result["labs"][analyte]
    assert result["answers"][analyte] == "normal"


def test_the_same_blood_test_in_either_unit_gives_the_same_triage() -> None:
    in_mg = run({"calcium_value": 9.6, "phosphate_value": 3.6, "tissue_damage": "wound", **NO_CAUSES})
    in_mmol = run(
        {
            "calcium_value": round(9.6 * 0.25, 4),
            "phosphate_value": round(3.6 * 0.323, 4),
            "units": "mmol/l",
            "tissue_damage": "wound",
            **NO_CAUSES,
        }
    )
    for key in ("suggested_type", "certainty", "urgency", "alternatives", "answers", "next_steps"):
        assert in_mg[key] == in_mmol[key], key


@pytest.mark.parametrize(
    ("age_group", "calcium", "phosphate", "above"),
    [
        # decision.md 1.1 §3: the threshold holds for adults only; both levels must be normal,
        # which an adult's ranges cannot reach at 70, so the adult rows stay below it and a
        # child's product at or above 70 (both levels normal for a child) does not count.
        ("infant", 10.8, 6.6, False),  # 71.3, both normal for an infant: "applies" is false
        ("adult", 9.8, 4.4, False),  # 43.1: a normal adult
    ],
)
def test_the_calcium_phosphate_product_at_or_above_70_makes_metastatic_likely(
    age_group: str, calcium: float, phosphate: float, above: bool
) -> None:
    answers = {"age_group": age_group, "calcium_value": calcium, "phosphate_value": phosphate, **NO_CAUSES}
    result = run({**answers, "tissue_damage": "wound"})
    product = result["labs"]["product"]
    assert product["value"] == pytest.approx(calcium * phosphate, abs=0.01)
    assert product["threshold"] == 70
    assert product["above_threshold"] is (calcium * phosphate >= 70)
    assert product["applies"] is (age_group == "adult")
    assert result["answers"]["calcium"] == "normal" and result["answers"]["phosphate"] == "normal"
    if above:
        assert (result["suggested_type"]["id"], result["certainty"]) == ("metastatic", "likely")
        assert "M2" in rules(result)
        assert any("70" in reason for reason in result["reasons"])
        assert "dystrophic" in alternative_ids(result)
    else:
        assert (result["suggested_type"]["id"], result["certainty"]) == ("dystrophic", "likely")
        assert "M0" in rules(result)
        assert "metastatic" not in alternative_ids(result)
    assert_carries_what_every_result_must(result)


def test_only_one_value_gives_no_product() -> None:
    result = run({"calcium_value": 9.5})
    assert result["labs"]["product"] is None
    assert result["labs"]["phosphate"] is None
    assert "phosphate" in result["unanswered"] and "calcium" not in result["unanswered"]
    assert mentions(result["next_steps"], "blood test"), "phosphate is still unknown"


@pytest.mark.parametrize(
    ("answers", "urgency"),
    [
        ({"calcium_value": 14.0}, "urgent"),
        ({"calcium_value": 15.2, "phosphate_value": 3.0}, "urgent"),
        ({"calcium_value": 3.6, "units": "mmol/l"}, "urgent"),  # 14.4 mg/dL
        ({"calcium_value": 13.9}, "soon"),
        ({"calcium_value": 11.5}, "soon"),
        ({"calcium": "high"}, "soon"),
    ],
)
def test_severe_high_calcium_is_urgent(answers: dict[str, Any], urgency: str) -> None:
    result = run(answers)
    assert result["suggested_type"]["id"] == "metastatic"
    assert result["urgency"] == urgency
    assert result["red_flags"]
    if urgency == "urgent":
        assert "today" in result["next_steps"][0].lower()
        assert mentions(result["red_flags"], "calcium")
    else:
        assert not mentions(result["next_steps"], "today")
    assert_carries_what_every_result_must(result)


def test_lab_sources_are_cited_when_values_are_given() -> None:
    without = {s["url"] for s in run({"tissue_damage": "wound"})["sources"]}
    with_labs = {
        s["url"] for s in run({"tissue_damage": "wound", "calcium_value": 9.5, "phosphate_value": 3.5})["sources"]
    }
    added = with_labs - without
    assert added, "the reference ranges and the product threshold have sources"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"calcium": "normal", "calcium_value": 13}, "calcium_value"),
        ({"phosphate": "high", "phosphate_value": 3.5}, "phosphate_value"),
        ({"calcium_value": 0}, "calcium_value"),
        ({"calcium_value": 250}, "calcium_value"),
        ({"phosphate_value": -1}, "phosphate_value"),
        ({"calcium_value": 10, "units": "mmol/l"}, "calcium_value"),  # 40 mg/dL
        ({"calcium_value": "ten"}, "calcium_value"),
        ({"calcium_value": 9.5, "units": "g/l"}, "units"),
        ({"calcium": "very high"}, "calcium"),
        ({"blood_pressure": "high"}, "blood_pressure"),
    ],
)
def test_impossible_or_contradicting_input_is_a_usage_error_naming_the_field(
    answers: dict[str, Any], field: str
) -> None:
    with pytest.raises(UsageError) as caught:
        triage_answers(answers)
    assert caught.value.field == field
    assert field in str(caught.value)


def test_an_explicit_level_that_agrees_with_the_value_is_accepted() -> None:
    result = run({"calcium": "high", "calcium_value": 12.0, "age_group": "adult"})
    assert result["answers"]["calcium"] == "high"
    assert result["labs"]["calcium"]["level"] == "high"


# --- what every result carries -----------------------------------------------


def test_the_all_unknown_case_asks_for_the_deciding_facts() -> None:
    result = run({})
    assert result["unanswered"] == list(QUESTION_IDS)
    assert set(result["answers"].values()) == {"unknown"}
    assert result["labs"] is None
    assert result["certainty"] == "uncertain"
    assert result["urgency"] == "routine"
    assert result["red_flags"] == []
    assert "blood test" in result["next_steps"][0].lower(), "a blood test comes first of all"
    assert mentions(result["next_steps"], "operation")
    assert_carries_what_every_result_must(result)


def test_levels_known_means_no_blood_test_is_asked_for() -> None:
    result = run({**NORMAL, "tissue_damage": "wound"})
    assert not mentions(result["next_steps"], "blood test")
    result = run({"calcium": "high"})
    assert not mentions(result["next_steps"], "blood test")


def test_metastatic_results_ask_for_kidney_and_parathyroid_checks() -> None:
    result = run({"phosphate": "high", "kidney_failure": "yes"})
    assert mentions(result["next_steps"], "kidney function")
    assert mentions(result["next_steps"], "parathyroid")


def test_reasons_name_the_answers_in_plain_words() -> None:
    result = run({"tissue_damage": "acne", **NORMAL})
    assert mentions(result["reasons"], "acne")
    assert mentions(result["reasons"], "not high")
    result = run({"kidney_failure": "yes"})
    assert mentions(result["reasons"], "kidney")
    assert mentions(result["reasons"], "not known")


def test_a_likely_local_type_after_a_blood_test_lists_no_needless_alternatives() -> None:
    result = run({"age_group": "infant", **NORMAL, **NO_LOCAL_CAUSE, "procedure": "heel-sticks"})
    assert result["suggested_type"]["id"] == "iatrogenic"
    assert "metastatic" not in alternative_ids(result)


@pytest.mark.parametrize("type_id", sorted(TYPES))
def test_every_type_shows_its_own_card(type_id: str) -> None:
    vignette = next(param.values[0] for param in CASES if param.values[0].suggested == type_id)
    result = run(vignette.answers)
    card = TYPES[type_id]
    # contract 1.1: suggested_type gains the codes whose meaning is the type itself
    codes = [{"system": c.system, "code": c.code, "display": c.display} for c in card.codes]
    assert result["suggested_type"] == {"id": type_id, "name": card.name, "codes": codes}
    assert result["treatment_notes"] == [fact.text for fact in card.treatment]
    urls = {source["url"] for source in result["sources"]}
    assert urls, "every result names its sources"
    for note in result["treatment_notes"]:
        assert not DOSE.search(note)
