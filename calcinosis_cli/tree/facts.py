"""What the answers say, as a few small facts the rules read.

Each fact is made by functions whose parameters are exactly the answers they read; those
kept are kept with the standard library's ``functools.cache`` (each has few enough
combinations to keep them all): a batch of cases makes each combination once. Pure: no I/O, no Typer, no Rich.
"""

from functools import cache
from typing import NamedTuple

# decision.md 1.1, §1: the calciphylaxis risk factors, exactly these.
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
AUTOIMMUNE_DISEASES = ("lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis", "other")
TISSUE_DAMAGING_DISEASES = ("lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis")
# Sites with the worst prognosis of calciphylaxis: the fatty areas and the penis.
WORST_SITES = ("belly-thighs-buttocks", "penis")

# decision.md 1.1, §3: the causes of high blood levels (an overactive thyroid raises calcium
# only a little, and is kept apart).
HIGH_LEVEL_CAUSES = (
    "kidney_failure",
    "overactive_gland",
    "excess_vitamin_d",
    "calcium_supplements",
    "sarcoidosis",
    "bone_disease",
    "cancer",
    "chemotherapy",
)
DAMAGE = ("surgery", "wound", "acne", "injury", "joint-injury", "infection", "burn", "difficult-birth", "vein-disease")
# A procedure that leaves calcium at one spot (decision.md 1.1, §4).
LOCAL_PROCEDURES = ("heel-sticks", "electrode-paste", "calcium-injection", "heparin-injections")
BABIES = ("newborn", "infant")


def counts_as_risk(question: str, answer: str) -> bool:
    """Whether an answer is a calciphylaxis risk factor (an overactive thyroid is not)."""
    if question == "overactive_gland":
        return answer in ("parathyroid", "yes")
    if question == "autoimmune":
        return answer in AUTOIMMUNE_DISEASES
    return answer == "yes"


def counts_as_no(question: str, answer: str) -> bool:
    if question == "overactive_gland":
        return answer in ("no", "thyroid")
    if question == "autoimmune":
        return answer == "none"
    return answer == "no"


class Risk(NamedTuple):
    """The calciphylaxis risk factors answered: ``known`` is "some" (one is yes), "none known"
    (none yes, one or more unknown) or "all no"."""

    strong: tuple[str, ...]
    other: tuple[str, ...]
    known: str
    strong_possible: bool  # a strong risk factor is yes or unknown

    @property
    def others(self) -> int:
        """How many other risk factors, counted up to two ("two or more")."""
        return min(len(self.other), 2)

    @property
    def only_autoimmune(self) -> bool:
        """Exactly one other risk factor, and it is an autoimmune disease."""
        return self.other == ("autoimmune",)


class _Part(NamedTuple):
    yes: tuple[str, ...]  # the questions answered with a risk factor
    all_no: bool
    possible: bool  # one is a risk factor or unknown


def _part(questions: tuple[str, ...], answers: tuple[str, ...]) -> _Part:
    pairs = tuple(zip(questions, answers, strict=True))
    return _Part(
        tuple(q for q, a in pairs if counts_as_risk(q, a)),
        all(counts_as_no(q, a) for q, a in pairs),
        any(counts_as_risk(q, a) or a == "unknown" for q, a in pairs),
    )


@cache  # finite: the answers of four questions
def _strong_part(kidney_failure: str, organ_transplant: str, warfarin: str, overactive_gland: str) -> _Part:
    return _part(STRONG_RISK, (kidney_failure, organ_transplant, warfarin, overactive_gland))


@cache  # finite: the answers of eight questions (about 15,000 combinations)
def _other_part(
    obesity: str,
    diabetes: str,
    liver_disease: str,
    steroids: str,
    cancer: str,
    chemotherapy: str,
    autoimmune: str,
    connective_tissue_signs: str,
) -> _Part:
    answers = (obesity, diabetes, liver_disease, steroids, cancer, chemotherapy, autoimmune, connective_tissue_signs)
    return _part(OTHER_RISK, answers)


def _risk(strong: _Part, other: _Part) -> Risk:
    yes = strong.yes or other.yes
    known = "some" if yes else "all no" if strong.all_no and other.all_no else "none known"
    return Risk(strong.yes, other.yes, known, strong.possible)


def risk_of(
    kidney_failure: str,
    organ_transplant: str,
    warfarin: str,
    overactive_gland: str,
    obesity: str,
    diabetes: str,
    liver_disease: str,
    steroids: str,
    cancer: str,
    chemotherapy: str,
    autoimmune: str,
    connective_tissue_signs: str,
) -> Risk:
    """The calciphylaxis risk factors of the twelve answers, made from the strong four and
    the other eight, each kept apart so that their few combinations are made once."""
    return _risk(
        _strong_part(kidney_failure, organ_transplant, warfarin, overactive_gland),
        _other_part(
            obesity, diabetes, liver_disease, steroids, cancer, chemotherapy, autoimmune, connective_tissue_signs
        ),
    )


class Levels(NamedTuple):
    """What the blood levels and the causes of high levels say."""

    high: bool  # calcium or phosphate high, or (in adults) their product at or above the threshold
    not_high: bool  # both known, neither high
    causes: tuple[str, ...]  # the causes of high levels answered yes
    answered: tuple[str, ...]  # their answers ("yes", or "parathyroid" for the gland)
    thyroid: bool  # an overactive thyroid: a small rise at most
    metastatic_unlikely: bool  # local types can be "likely" only then


class _Causes(NamedTuple):
    causes: tuple[str, ...]
    answered: tuple[str, ...]
    none: bool  # every cause answered no (an overactive thyroid counts as no)
    thyroid: bool


@cache  # finite: the answers of eight questions (about 11,000 combinations)
def _causes(
    kidney_failure: str,
    overactive_gland: str,
    excess_vitamin_d: str,
    calcium_supplements: str,
    sarcoidosis: str,
    bone_disease: str,
    cancer: str,
    chemotherapy: str,
) -> _Causes:
    answers = (
        kidney_failure,
        overactive_gland,
        excess_vitamin_d,
        calcium_supplements,
        sarcoidosis,
        bone_disease,
        cancer,
        chemotherapy,
    )
    found = tuple((q, a) for q, a in zip(HIGH_LEVEL_CAUSES, answers, strict=True) if a in ("yes", "parathyroid"))
    return _Causes(
        tuple(q for q, _ in found),
        tuple(a for _, a in found),
        all(a in ("no", "thyroid") for a in answers),
        overactive_gland == "thyroid",
    )


def _levels(calcium: str, phosphate: str, product_high: bool, causes: _Causes) -> Levels:
    high = calcium == "high" or phosphate == "high" or product_high
    not_high = not high and calcium in ("normal", "low") and phosphate in ("normal", "low")
    return Levels(
        high, not_high, causes.causes, causes.answered, causes.thyroid, not_high or (not high and causes.none)
    )


def levels_of(
    calcium: str,
    phosphate: str,
    product_high: bool,
    kidney_failure: str,
    overactive_gland: str,
    excess_vitamin_d: str,
    calcium_supplements: str,
    sarcoidosis: str,
    bone_disease: str,
    cancer: str,
    chemotherapy: str,
) -> Levels:
    """What the levels and the eight causes of high levels say; the causes are made apart,
    so that their few combinations are made once."""
    causes = _causes(
        kidney_failure,
        overactive_gland,
        excess_vitamin_d,
        calcium_supplements,
        sarcoidosis,
        bone_disease,
        cancer,
        chemotherapy,
    )
    return _levels(calcium, phosphate, product_high, causes)


class Site(NamedTuple):
    """What the answers say about the place of the lumps."""

    damage_found: bool  # damage, a tissue-damaging disease, a tumour or an operation
    nothing_found: bool  # no damage, no disease, no procedure; the tumour not "yes"
    local_unknown: bool  # one of the questions about the site not answered


@cache  # finite: the answers of four questions (under 2,000 combinations)
def site_of(tissue_damage: str, autoimmune: str, tumor: str, procedure: str) -> Site:
    return Site(
        damage_found=(
            tissue_damage in DAMAGE or autoimmune in AUTOIMMUNE_DISEASES or tumor == "yes" or procedure == "surgery"
        ),
        nothing_found=tissue_damage == "none" and autoimmune == "none" and tumor != "yes" and procedure == "none",
        local_unknown="unknown" in (tissue_damage, procedure, autoimmune, tumor),
    )
