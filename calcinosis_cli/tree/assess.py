"""How each of the four types of decision.md 1.1 §3-6 fits the answers, one assessor a type.

Each assessor is a function of the answers it reads (and of facts made from other
answers), kept with ``lru_cache``. Pure: no I/O, no Typer, no Rich.
"""

from functools import cache, lru_cache
from typing import NamedTuple

from ..questions import QUESTIONS_BY_ID, UNKNOWN
from ..result import Alternative, Step
from .facts import LOCAL_PROCEDURES, TISSUE_DAMAGING_DISEASES, Levels, Site

# How well a type fits. "alternative": worth keeping in mind, never suggested.
LIKELY, POSSIBLE, ALTERNATIVE = "likely", "possible", "alternative"
RANK = {LIKELY: 0, POSSIBLE: 1, ALTERNATIVE: 2}

# The rules of the types, by id; a step of the path names its rule.
TYPE_RULES: dict[str, str] = {
    "M1": "high calcium or phosphate in the blood: metastatic type likely",
    "M2": "an adult's calcium × phosphate product at or above the threshold: metastatic type likely",
    "M3": "calcium or phosphate not known, but a cause of high levels is present: metastatic type possible",
    "M4": "blood levels measured not high, but a cause of high levels is present: keep metastatic in mind",
    "M5": "an overactive thyroid raises calcium only a little: keep metastatic in mind",
    "M6": "high phosphate, normal calcium and kidneys, and a family history: familial tumoral calcinosis",
    "M0": "blood levels measured not high and no cause of high levels: speaks against metastatic",
    "I1": "a procedure that leaves calcium at one spot: iatrogenic type",
    "I2": "another medical procedure at the spot: iatrogenic type possible",
    "I3": "an operation at the site: dystrophic, though some count it as iatrogenic",
    "I0": "no procedure at the spot: speaks against iatrogenic",
    "D1": "damaged tissue where the lumps are: dystrophic type",
    "D2": "an autoimmune disease that damages tissue: dystrophic type",
    "D3": "a growth or cyst where the lumps are: dystrophic type",
    "D4": "another autoimmune disease: dystrophic type possible",
    "D5": "signs of a connective-tissue disease not yet diagnosed: dystrophic type possible",
    "D6": "a procedure at the spot explains the lumps better than an autoimmune disease: dystrophic kept in mind",
    "D0": "no damage, tumour or tissue-damaging disease: speaks against dystrophic",
    "N1": "a pattern typical of idiopathic calcinosis",
    "N2": "blood levels measured not high and no cause found: idiopathic type possible",
    "N3": "no cause found, calcium or phosphate not known: keep idiopathic in mind",
}


class Assessment(NamedTuple):
    """How one type fits: level (None: it does not), reasons, why, the steps taken; and how it
    is listed when another type is suggested."""

    type_id: str
    level: str | None
    reasons: tuple[str, ...]
    why: str
    steps: tuple[Step, ...]
    alternative: Alternative | None
    rank: int


class Draft:
    """An :class:`Assessment` being built by one assessor."""

    __slots__ = ("level", "reasons", "steps", "type_id", "why")

    def __init__(self, type_id: str) -> None:
        self.type_id = type_id
        self.level: str | None = None
        self.reasons: list[str] = []
        self.why = ""
        self.steps: list[Step] = []

    def step(self, question: str, answer: str, rule: str) -> None:
        self.steps.append(step_of(question, answer, rule))

    def done(self) -> Assessment:
        fits = self.level is not None
        alternative = Alternative(self.type_id, self.why) if fits else None
        steps = tuple(self.steps)
        return Assessment(
            self.type_id, self.level, tuple(self.reasons), self.why, steps, alternative, RANK[self.level or ALTERNATIVE]
        )


@lru_cache(maxsize=4096)
def step_of(question: str, answer: str, rule: str) -> Step:
    """The step that applies ``rule`` to an answer. Steps are values, made once each."""
    from . import RULES  # the one table of rule texts, built from this module's and the urgency rules

    return Step(question, answer, f"{rule}: {RULES[rule]}")


@cache
def label_of(question: str, value: str) -> str:
    return QUESTIONS_BY_ID[question].label_of(value)


def words(questions: tuple[str, ...]) -> str:
    return ", ".join(QUESTIONS_BY_ID[q].about for q in questions)


def assess_metastatic(
    calcium: str, phosphate: str, product_high: bool, levels: Levels, kidney_failure: str, family_history: str
) -> Assessment:
    if levels.high:
        return _metastatic_high(calcium, phosphate, product_high, kidney_failure, family_history)
    return _metastatic_not_high(levels.causes, levels.answered, levels.not_high, levels.thyroid, calcium)


@cache  # finite: the answers it reads
def _metastatic_high(
    calcium: str, phosphate: str, product_high: bool, kidney_failure: str, family_history: str
) -> Assessment:
    """Calcium or phosphate high, or an adult's product at or above the threshold."""
    out = Draft("metastatic")
    out.level = LIKELY
    for question, answer in (("calcium", calcium), ("phosphate", phosphate)):
        if answer == "high":
            out.reasons.append(f"Blood {question} is high.")
            out.step(question, answer, "M1")
    if calcium == "low" and phosphate == "high":
        out.reasons.append(
            "Low calcium with high phosphate is seen with kidney failure, tumour lysis (many cancer cells "
            "breaking down at once after cancer treatment), or an underactive parathyroid gland."
        )
    if product_high:
        out.reasons.append(
            "The calcium × phosphate product is at or above the level where calcium settles in healthy tissue."
        )
        out.step("phosphate", phosphate, "M2")
    if phosphate == "high" and calcium == "normal" and kidney_failure == "no" and family_history == "yes":
        out.reasons.append(
            "High phosphate with normal calcium, working kidneys and a family history fits familial "
            "tumoral calcinosis, an inherited condition; it is counted with this type because of the "
            "high phosphate, though some sources count it as idiopathic."
        )
        out.step("family_history", family_history, "M6")
    out.why = "Blood calcium or phosphate is high."
    return out.done()


@cache  # finite: the causes of high levels found, with the facts of the levels it reads
def _metastatic_not_high(
    causes: tuple[str, ...], answered: tuple[str, ...], not_high: bool, thyroid: bool, calcium: str
) -> Assessment:
    """Blood levels not high (measured or not known): a cause of high levels, or a thyroid."""
    out = Draft("metastatic")
    if causes and not not_high:
        out.level = POSSIBLE
        out.reasons.append(
            f"A cause of high calcium or phosphate is present ({words(causes)}); the calcium or the phosphate level is not known."
        )
        out.why = f"A cause of high blood levels is present ({words(causes)}); a blood test would tell."
        for q, answer in zip(causes, answered, strict=True):
            out.step(q, answer, "M3")
    elif causes:
        out.level = ALTERNATIVE
        out.why = f"Blood levels were measured not high, but {words(causes)} can raise them: a repeat test would tell."
        for q, answer in zip(causes, answered, strict=True):
            out.step(q, answer, "M4")
    elif thyroid and not not_high:
        out.level = ALTERNATIVE
        out.why = "An overactive thyroid can raise calcium a little; a blood test would tell."
        out.step("overactive_gland", "thyroid", "M5")
    elif not_high:
        out.step("calcium", calcium, "M0")
    return out.done()


@cache  # finite: the answers it reads, and two facts of the levels
def assess_iatrogenic(
    procedure: str, age_group: str, lesions: str, tissue_damage: str, high: bool, metastatic_unlikely: bool
) -> Assessment:
    out = Draft("iatrogenic")
    label = label_of("procedure", procedure).split(" (")[0].lower()
    if procedure in LOCAL_PROCEDURES:
        fits = not (procedure == "heel-sticks" and age_group == "adult") and lesions != "many"
        out.level = ALTERNATIVE if high else LIKELY if metastatic_unlikely and fits else POSSIBLE
        out.reasons.append(f"The lumps are where a medical procedure was done ({label}).")
        if not fits:
            out.reasons.append("The age or the number of lumps fits this procedure less well.")
        out.why = f"A medical procedure at the spot ({label}) can leave calcium there."
        out.step("procedure", procedure, "I1")
    elif procedure == "other":
        out.level = ALTERNATIVE if high else POSSIBLE
        out.reasons.append("The lumps are where another medical procedure was done.")
        out.why = "Another medical procedure was done at the spot."
        out.step("procedure", procedure, "I2")
    elif procedure == "surgery" or tissue_damage == "surgery":
        out.level = ALTERNATIVE
        out.why = (
            "An operation is also a medical procedure: some doctors class deposits in a surgical "
            "scar as iatrogenic rather than dystrophic."
        )
        question, answer = ("procedure", procedure) if procedure == "surgery" else ("tissue_damage", tissue_damage)
        out.step(question, answer, "I3")
    elif procedure == "none":
        out.step("procedure", procedure, "I0")
    return out.done()


@lru_cache(maxsize=16384)  # of some 44,000 combinations, the latest
def assess_dystrophic(
    tissue_damage: str,
    procedure: str,
    autoimmune: str,
    tumor: str,
    connective_tissue_signs: str,
    several: bool,
    high: bool,
    metastatic_unlikely: bool,
) -> Assessment:
    out = Draft("dystrophic")
    strong = []
    if tissue_damage in _DAMAGE_WORDS or procedure == "surgery":
        damage = tissue_damage if tissue_damage in _DAMAGE_WORDS else "surgery"
        strong.append(f"The tissue was damaged where the lumps are ({_DAMAGE_WORDS[damage]}).")
        question, answer = (
            ("tissue_damage", tissue_damage) if tissue_damage in _DAMAGE_WORDS else ("procedure", procedure)
        )
        out.step(question, answer, "D1")
    disease_only = False
    if autoimmune in TISSUE_DAMAGING_DISEASES:
        disease_only = not strong and tumor != "yes"
        strong.append(f"{label_of('autoimmune', autoimmune)} can damage tissue, and calcium can settle where it does.")
        if several:
            strong.append("The disease can affect many parts of the body, which fits there being more than one lump.")
        out.step("autoimmune", autoimmune, "D2")
    if tumor == "yes":
        strong.append("A growth or cyst was found where the lumps are; growths and cysts can fill with calcium.")
        out.step("tumor", tumor, "D3")
    if strong:
        out.level = LIKELY if metastatic_unlikely else POSSIBLE
        out.reasons.extend(strong)
    elif autoimmune == "other":
        out.level, disease_only = POSSIBLE, True
        out.reasons.append("An autoimmune or connective-tissue disease can damage tissue where calcium then settles.")
        out.step("autoimmune", autoimmune, "D4")
    elif connective_tissue_signs == "yes" and autoimmune in ("none", UNKNOWN):
        out.level = POSSIBLE
        out.reasons.append(
            "Some of the signs described are seen in connective-tissue diseases, which can damage tissue "
            "where calcium then settles."
        )
        out.step("connective_tissue_signs", connective_tissue_signs, "D5")
    if out.level is not None:
        out.why = "There is damaged tissue where the lumps are, or a disease that can damage tissue."
        if high:
            out.level = ALTERNATIVE
            out.why = "There is damaged tissue where the lumps are, though the high blood levels point to another type."
        elif disease_only and procedure in LOCAL_PROCEDURES:
            out.level = ALTERNATIVE
            out.why = (
                "An autoimmune disease can also cause deposits, but the procedure at the spot explains them better."
            )
            out.step("procedure", procedure, "D6")
    elif tissue_damage == autoimmune == procedure == "none" and tumor == "no":
        out.step("tissue_damage", tissue_damage, "D0")
    return out.done()


_DAMAGE_WORDS = {
    "surgery": "a recent operation; damage from an operation is the usual reason deposits form in a scar",
    "wound": "a wound",
    "acne": "acne",
    "injury": "small cuts or another injury",
    "joint-injury": "a joint injury",
    "infection": "an infection",
    "burn": "an old burn scar, where deposits can form decades later",
    "difficult-birth": "fat under the skin, after a difficult birth or cooling treatment",
    "vein-disease": "long-standing vein disease of the legs",
}


def idiopathic_excluded(procedure: str, levels: Levels, site: Site) -> bool:
    """Damage, a procedure at the spot, high levels or a cause of them: a cause was found."""
    return site.damage_found or procedure in (*LOCAL_PROCEDURES, "other") or levels.high or bool(levels.causes)


@lru_cache(maxsize=4096)
def assess_idiopathic(
    matched: tuple[str, ...],
    cited: tuple[tuple[str, str], ...],
    tissue_damage: str,
    calcium: str,
    not_high: bool,
    nothing_found: bool,
) -> Assessment:
    """How well the idiopathic type fits when no cause was found (see :func:`idiopathic_excluded`):
    ``matched``, the idiopathic causes the answers point to; ``cited``, a (question, answer) for each."""
    out = Draft("idiopathic")
    if matched:
        out.level = LIKELY if not_high else POSSIBLE
        for text, (question, answer) in zip(matched, cited, strict=True):
            out.reasons.append(f"{text}: a typical setting for deposits with no other cause.")
            out.step(question, answer, "N1")
        out.why = "The answers match a typical setting of idiopathic calcinosis."
    elif nothing_found:
        if not_high:
            out.level = POSSIBLE
            out.reasons.append("No damage, procedure or other cause was found where the lumps are.")
            out.step("tissue_damage", tissue_damage, "N2")
        else:
            out.level = ALTERNATIVE
            out.step("calcium", calcium, "N3")
        out.why = "No damage, procedure or other cause was found."
    return out.done()


# The idiopathic type when a cause was found.
NOT_IDIOPATHIC = Draft("idiopathic").done()
