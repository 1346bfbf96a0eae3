"""Building blocks of the vignette tests (tests/test_cases_1_1.py, tests/test_vignettes_audit.py):
groups of answers written from decision.md 1.1 itself, not from the code under test."""

from __future__ import annotations

# decision.md 1.1 §1: the calciphylaxis risk factors, exactly these, the strong ones first.
STRONG_RISK = ("kidney_failure", "organ_transplant", "warfarin", "overactive_gland")
OTHER_RISK = (
    "obesity",
    "diabetes",
    "liver_disease",
    "steroids",
    "cancer",
    "chemotherapy",
    "autoimmune",
    "connective_tissue_signs",
)
RISK_QUESTIONS = (*STRONG_RISK, *OTHER_RISK)
ALL_NO = {question: "no" for question in RISK_QUESTIONS} | {"autoimmune": "none"}  # §1 "all no"
NO_SKIN = {"skin_breakdown": "no", "skin_patches": "no", "skin_dark": "no"}
NORMAL = {"calcium": "normal", "phosphate": "normal"}
NO_CAUSES = {  # no cause of high blood levels (§3)
    "kidney_failure": "no",
    "overactive_gland": "no",
    "excess_vitamin_d": "no",
    "bone_disease": "no",
    "calcium_supplements": "no",
    "sarcoidosis": "no",
    "cancer": "no",
    "chemotherapy": "no",
}
NO_LOCAL_CAUSE = {"tissue_damage": "none", "autoimmune": "none", "tumor": "no", "procedure": "none"}
