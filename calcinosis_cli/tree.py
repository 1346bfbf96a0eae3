"""The decision tree: answers in, result out. Pure: no I/O, no Typer, no Rich.

The tree follows ``spec/decision.md``: the calciphylaxis pattern is checked
first, then the metastatic, iatrogenic, dystrophic and idiopathic types. Each
type is assessed on its own into an :class:`Assessment` (how well it fits, why,
and the steps taken); :func:`triage` then picks the best fit, lists the others
as alternatives and adds red flags, urgency and next steps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from typing import NamedTuple

from .answers import Answers
from .knowledge import DISCLAIMER, PRODUCT_SOURCES, PRODUCT_THRESHOLD, TYPES, Cause
from .questions import QUESTIONS_BY_ID, UNKNOWN
from .result import Alternative, Result, Step

# How well a type fits. "alternative": worth keeping in mind, never suggested.
LIKELY, POSSIBLE, ALTERNATIVE = "likely", "possible", "alternative"
_RANK = {LIKELY: 0, POSSIBLE: 1, ALTERNATIVE: 2}
# The order in which decision.md checks the types after calciphylaxis.
ORDER = ("metastatic", "iatrogenic", "dystrophic", "idiopathic")

RISK_FACTORS = ("kidney_failure", "organ_transplant", "warfarin", "overactive_gland")
HIGH_LEVEL_CAUSES = ("kidney_failure", "overactive_gland", "excess_vitamin_d", "bone_disease")
DAMAGE = ("surgery", "wound", "acne", "injury", "joint-injury", "infection")
TISSUE_DAMAGING_DISEASES = ("lupus", "rheumatoid-arthritis", "scleroderma", "dermatomyositis")
LOCAL_PROCEDURES = ("heel-sticks", "electrode-paste", "calcium-injection")

# Every rule the tree can apply, by id. A step of the path names the rule.
RULES: MappingProxyType[str, str] = MappingProxyType(
    {
        "C1": "skin breakdown with very painful skin and a risk factor: calciphylaxis pattern",
        "C2": "skin breakdown with a risk factor, pain not known: possible calciphylaxis",
        "C3": "very painful skin breakdown with no known risk factor: keep calciphylaxis in mind",
        "C4": "skin breakdown and a risk factor, but not very painful: keep calciphylaxis in mind",
        "C5": "very painful skin with a risk factor, skin breakdown not known: keep calciphylaxis in mind",
        "C0": "no skin breakdown: the calciphylaxis pattern does not apply",
        "C6": "skin breakdown not known, and no very painful skin with a risk factor: pattern not found",
        "C7": "skin breakdown without severe pain or a known risk factor: calciphylaxis unlikely",
        "C8": "skin breakdown with pain and risk factors not known: keep calciphylaxis in mind",
        "M1": "high calcium or phosphate in the blood: metastatic type likely",
        "M2": f"calcium × phosphate product at or above {PRODUCT_THRESHOLD:g} mg²/dL²: metastatic type likely",
        "M3": "blood levels not known, but a cause of high levels is present: metastatic type possible",
        "M4": "blood levels measured not high, but a cause of high levels is present: keep metastatic in mind",
        "M0": "blood levels measured not high and no cause of high levels: speaks against metastatic",
        "I1": "a procedure that leaves calcium at one spot: iatrogenic type",
        "I2": "another medical procedure at the spot: iatrogenic type possible",
        "I3": "an operation at the site: shared ground between dystrophic and iatrogenic",
        "I0": "no procedure at the spot: speaks against iatrogenic",
        "D1": "damaged tissue where the lumps are: dystrophic type",
        "D2": "an autoimmune disease that damages tissue: dystrophic type",
        "D3": "a tumour where the lumps are: dystrophic type",
        "D4": "another autoimmune disease: dystrophic type possible",
        "D0": "no damage, tumour or tissue-damaging disease: speaks against dystrophic",
        "N1": "a pattern typical of idiopathic calcinosis",
        "N2": "normal blood levels and no cause found: idiopathic type possible",
        "N3": "no cause found, blood levels not known: keep idiopathic in mind",
        "F1": "nothing points clearly to one type: the most common type is named, uncertain",
        "L1": "levels not high and no cause of high levels: local types can be likely",
        "L2": "blood levels not known: local types stay possible until a blood test",
    }
)


class Facts(NamedTuple):
    """What the tree derives once from the answers."""

    a: MappingProxyType[str, str]
    high_levels: bool
    levels_not_high: bool
    product: float | None
    causes_of_high_levels: tuple[str, ...]
    risk_factors: tuple[str, ...]

    @property
    def metastatic_unlikely(self) -> bool:
        """Local types can be 'likely' only when high levels are unlikely."""
        if self.levels_not_high:
            return True
        return not self.high_levels and all(self.a[q] == "no" for q in HIGH_LEVEL_CAUSES)

    @property
    def damage_found(self) -> bool:
        a = self.a
        return (
            a["tissue_damage"] in DAMAGE
            or a["autoimmune"] in (*TISSUE_DAMAGING_DISEASES, "other")
            or a["tumor"] == "yes"
            or a["procedure"] == "surgery"
        )

    @property
    def damage_excluded(self) -> bool:
        a = self.a
        return (
            a["tissue_damage"] == "none"
            and a["autoimmune"] == "none"
            and a["tumor"] == "no"
            and a["procedure"] != "surgery"
        )


def derive_facts(answers: Answers) -> Facts:
    a = answers.values
    labs = answers.labs
    product = labs.product if labs else None
    product_high = labs.product_high if labs else False
    high = a["calcium"] == "high" or a["phosphate"] == "high" or product_high
    not_high = not high and a["calcium"] in ("normal", "low") and a["phosphate"] in ("normal", "low")
    return Facts(
        a=a,
        high_levels=high,
        levels_not_high=not_high,
        product=product,
        causes_of_high_levels=tuple(q for q in HIGH_LEVEL_CAUSES if a[q] == "yes"),
        risk_factors=tuple(q for q in RISK_FACTORS if a[q] == "yes"),
    )


class Assessment:
    """How one type fits: level (None = does not fit), reasons, why, steps.

    Built up by one assessor, then only read."""

    __slots__ = ("level", "reasons", "steps", "type_id", "why")

    def __init__(self, type_id: str) -> None:
        self.type_id = type_id
        self.level: str | None = None
        self.reasons: list[str] = []
        self.why = ""
        self.steps: list[Step] = []

    def step(self, facts: Facts, question: str, rule: str) -> None:
        self.steps.append(step_of(question, facts.a[question], rule))


@lru_cache(maxsize=4096)
def step_of(question: str, answer: str, rule: str) -> Step:
    """The step that applies ``rule`` to an answer. Steps are values, made once each."""
    return Step(question, answer, f"{rule}: {RULES[rule]}")


@cache
def label_of(question: str, value: str) -> str:
    return QUESTIONS_BY_ID[question].label_of(value)


def _about(question: str) -> str:
    return QUESTIONS_BY_ID[question].about


def _risk_words(facts: Facts) -> str:
    return ", ".join(_about(q) for q in facts.risk_factors)


# --- the five assessors ----------------------------------------------------


def assess_calciphylaxis(f: Facts) -> Assessment:
    out = Assessment("calciphylaxis")
    breakdown, pain = f.a["skin_breakdown"], f.a["pain"]
    if breakdown == "no":
        out.step(f, "skin_breakdown", "C0")
        return out
    risky = bool(f.risk_factors)
    if breakdown == "yes" and risky and pain == "severe":
        out.level = LIKELY
        rule = "C1"
        out.reasons.append(
            f"Very painful skin breakdown around the lumps, with a risk factor ({_risk_words(f)}), "
            "is the warning pattern of calciphylaxis."
        )
    elif breakdown == "yes" and risky and pain == UNKNOWN:
        out.level = POSSIBLE
        rule = "C2"
        out.reasons.append(
            f"Skin breakdown around the lumps with a risk factor ({_risk_words(f)}) can be "
            "calciphylaxis, even though the pain is not known."
        )
    elif breakdown == "yes" and pain == "severe":
        out.level, rule = ALTERNATIVE, "C3"
        out.why = "Very painful skin breakdown can be calciphylaxis even without a known risk factor."
    elif breakdown == "yes" and risky:
        out.level, rule = ALTERNATIVE, "C4"
        out.why = (
            f"Skin breakdown with a risk factor ({_risk_words(f)}) calls for a check for "
            "calciphylaxis, though it is usually very painful."
        )
    elif breakdown == "yes" and pain == UNKNOWN and not all(f.a[q] == "no" for q in RISK_FACTORS):
        out.level, rule = ALTERNATIVE, "C8"
        out.why = (
            "Skin breakdown around the lumps can be calciphylaxis: tell a doctor how painful it is and "
            "whether there is kidney failure, a transplant, warfarin or an overactive parathyroid gland."
        )
    elif pain == "severe" and risky:
        out.level, rule = ALTERNATIVE, "C5"
        out.why = (
            f"Very painful skin with a risk factor ({_risk_words(f)}): ask whether the skin is "
            "breaking down or turning dark, which would point to calciphylaxis."
        )
    else:
        out.step(f, "skin_breakdown", "C7" if breakdown == "yes" else "C6")
        return out
    out.step(f, "skin_breakdown", rule)
    out.step(f, "pain", rule)
    for q in f.risk_factors or ("kidney_failure",):
        out.step(f, q, rule)
    return out


def assess_metastatic(f: Facts) -> Assessment:
    out = Assessment("metastatic")
    a = f.a
    if f.high_levels:
        out.level = LIKELY
        for q in ("calcium", "phosphate"):
            if a[q] == "high":
                out.reasons.append(f"Blood {q} is high.")
                out.step(f, q, "M1")
        if f.product is not None and f.product >= PRODUCT_THRESHOLD:
            out.reasons.append(
                f"The calcium × phosphate product is {f.product:.0f} mg²/dL², at or above "
                f"{PRODUCT_THRESHOLD:g}, where calcium settles in healthy tissue."
            )
            out.step(f, "phosphate", "M2")
        out.why = "Blood calcium or phosphate is high."
    elif f.causes_of_high_levels and not f.levels_not_high:
        out.level = POSSIBLE
        words = ", ".join(_about(q) for q in f.causes_of_high_levels)
        out.reasons.append(f"A cause of high calcium or phosphate is present ({words}); blood levels are not known.")
        out.why = f"A cause of high blood levels is present ({words}); a blood test would tell."
        for q in f.causes_of_high_levels:
            out.step(f, q, "M3")
    elif f.causes_of_high_levels:
        out.level = ALTERNATIVE
        words = ", ".join(_about(q) for q in f.causes_of_high_levels)
        out.why = f"Levels were measured not high, but {words} can raise them: repeat the blood test."
        for q in f.causes_of_high_levels:
            out.step(f, q, "M4")
    elif f.levels_not_high:
        out.step(f, "calcium", "M0")
        out.step(f, "phosphate", "M0")
    return out


def assess_iatrogenic(f: Facts) -> Assessment:
    out = Assessment("iatrogenic")
    a = f.a
    procedure = a["procedure"]
    label = label_of("procedure", procedure).split(" (")[0].lower()
    if procedure in LOCAL_PROCEDURES:
        fits = not (procedure == "heel-sticks" and a["age_group"] == "adult") and a["lesions"] != "many"
        out.level = LIKELY if f.metastatic_unlikely and fits and not f.high_levels else POSSIBLE
        if f.high_levels:
            out.level = ALTERNATIVE
        out.reasons.append(f"The lumps are where a medical procedure was done ({label}).")
        if not fits:
            out.reasons.append("The age or the number of lumps fits this procedure less well.")
        out.why = f"A medical procedure at the spot ({label}) can leave calcium there."
        out.step(f, "procedure", "I1")
    elif procedure == "other":
        out.level = ALTERNATIVE if f.high_levels else POSSIBLE
        out.reasons.append("The lumps are where another medical procedure was done.")
        out.why = "Another medical procedure was done at the spot."
        out.step(f, "procedure", "I2")
    elif procedure == "surgery" or a["tissue_damage"] == "surgery":
        out.level = ALTERNATIVE
        out.why = (
            "An operation is also a medical procedure: some doctors class deposits in a surgical "
            "scar as iatrogenic rather than dystrophic."
        )
        out.step(f, "procedure" if procedure == "surgery" else "tissue_damage", "I3")
    elif procedure == "none":
        out.step(f, "procedure", "I0")
    return out


def assess_dystrophic(f: Facts) -> Assessment:
    out = Assessment("dystrophic")
    a = f.a
    strong = []
    if a["tissue_damage"] in DAMAGE or a["procedure"] == "surgery":
        damage = a["tissue_damage"] if a["tissue_damage"] in DAMAGE else "surgery"
        label = label_of("tissue_damage", damage).lower()
        strong.append(f"The tissue was damaged where the lumps are ({label}).")
        if damage == "surgery":
            strong[-1] += " Damage from an operation is the usual reason deposits form in a scar."
        out.step(f, "tissue_damage" if a["tissue_damage"] in DAMAGE else "procedure", "D1")
    if a["autoimmune"] in TISSUE_DAMAGING_DISEASES:
        label = label_of("autoimmune", a["autoimmune"])
        strong.append(f"{label} damages tissue, and calcium can settle where it does.")
        if a["lesions"] in ("many", "few") or a["site"] == "multiple":
            strong.append("The disease can damage several places, which explains lumps in more than one.")
        out.step(f, "autoimmune", "D2")
    if a["tumor"] == "yes":
        strong.append("There is a tumour where the lumps are; tumours and cysts can calcify.")
        out.step(f, "tumor", "D3")
    if strong:
        out.level = LIKELY if f.metastatic_unlikely else POSSIBLE
        out.reasons.extend(strong)
    elif a["autoimmune"] == "other":
        out.level = POSSIBLE
        out.reasons.append("An autoimmune or connective-tissue disease can damage tissue where calcium then settles.")
        out.step(f, "autoimmune", "D4")
    if out.level is not None:
        out.why = "There is tissue damage or a tissue-damaging disease at the site."
        if f.high_levels:
            out.level = ALTERNATIVE
            out.why = "There is tissue damage at the site, though high blood levels point elsewhere."
    elif f.damage_excluded:
        out.step(f, "tissue_damage", "D0")
    return out


def assess_idiopathic(f: Facts) -> Assessment:
    out = Assessment("idiopathic")
    a = f.a
    if f.damage_found or a["procedure"] in (*LOCAL_PROCEDURES, "other") or f.high_levels:
        return out
    matched = matching_causes("idiopathic", a)
    if matched:
        out.level = LIKELY if f.levels_not_high and not f.causes_of_high_levels else POSSIBLE
        for cause in matched:
            out.reasons.append(f"{cause.text}: a typical setting for deposits with no other cause.")
            question = next(q for clause in cause.when for q, values in clause if a[q] in values)
            out.step(f, question, "N1")
        out.why = "The answers match a typical setting of idiopathic calcinosis."
    elif f.damage_excluded and a["procedure"] == "none":
        if f.levels_not_high and not f.causes_of_high_levels:
            out.level = POSSIBLE
            out.reasons.append("No damage, procedure or other cause was found where the lumps are.")
            out.step(f, "tissue_damage", "N2")
        else:
            out.level = ALTERNATIVE
            out.step(f, "tissue_damage", "N3")
        out.why = "No damage, procedure or other cause was found."
    return out


ASSESSORS: tuple[Callable[[Facts], Assessment], ...] = (
    assess_calciphylaxis,
    assess_metastatic,
    assess_iatrogenic,
    assess_dystrophic,
    assess_idiopathic,
)

# Why a type is still worth considering when nothing in the answers rules it out.
NOT_RULED_OUT: MappingProxyType[str, str] = MappingProxyType(
    {
        "metastatic": "Not ruled out until a blood test shows normal calcium and phosphate.",
        "iatrogenic": "Not ruled out while it is not known whether a procedure was done at the spot.",
        "dystrophic": "The most common type; not ruled out while damage at the site is not known.",
        "idiopathic": "Not ruled out while no cause has been found.",
    }
)


def contradicted(type_id: str, f: Facts) -> bool:
    """True when the answers contradict the defining condition of one of the four
    types in ORDER (calciphylaxis is named only by its own assessor)."""
    a = f.a
    if type_id == "metastatic":
        return f.levels_not_high and not f.causes_of_high_levels
    if type_id == "iatrogenic":
        return a["procedure"] == "none" or f.high_levels
    if type_id == "dystrophic":
        return f.damage_excluded or f.high_levels
    return f.damage_found or a["procedure"] in (*LOCAL_PROCEDURES, "other") or f.high_levels


def _choose(assessments: dict[str, Assessment], f: Facts) -> tuple[str, str]:
    calciphylaxis = assessments["calciphylaxis"]
    if calciphylaxis.level in (LIKELY, POSSIBLE):
        return "calciphylaxis", calciphylaxis.level or POSSIBLE
    for level in (LIKELY, POSSIBLE):
        for type_id in ORDER:
            if assessments[type_id].level == level:
                return type_id, level
    fallback = next((t for t in ("dystrophic", "idiopathic") if not contradicted(t, f)), "idiopathic")
    return fallback, "uncertain"


def _alternatives(chosen: str, certainty: str, assessments: dict[str, Assessment], f: Facts) -> tuple[Alternative, ...]:
    found = [(a.level or ALTERNATIVE, a) for a in assessments.values() if a.type_id != chosen and a.level is not None]
    found.sort(key=lambda pair: _RANK[pair[0]])
    alternatives = [Alternative(a.type_id, a.why) for _, a in found]
    if certainty != LIKELY:
        listed = {chosen, *(alt.id for alt in alternatives)}
        for type_id in ORDER:
            if type_id not in listed and not contradicted(type_id, f):
                alternatives.append(Alternative(type_id, NOT_RULED_OUT[type_id]))
    return tuple(alternatives)


# --- red flags, urgency, next steps ---------------------------------------


def red_flags_and_urgency(f: Facts, answers: Answers, chosen: str, certainty: str) -> tuple[tuple[str, ...], str]:
    a = f.a
    flags: list[tuple[str, str]] = []
    # Calciphylaxis is named only with skin breakdown and a risk factor; it needs care the same day.
    if chosen == "calciphylaxis" and certainty == LIKELY:
        flags.append(
            ("urgent", "Very painful skin breakdown with a risk factor: the warning pattern of calciphylaxis.")
        )
    elif chosen == "calciphylaxis":
        flags.append(("urgent", "Skin breakdown with a risk factor for calciphylaxis, which needs care the same day."))
    if a["skin_breakdown"] == "yes" and chosen != "calciphylaxis":
        flags.append(("soon", "Open sores, ulcers or darkening skin around the lumps."))
    if a["pain"] in ("mild", "severe") and chosen != "calciphylaxis":
        word = "Very painful" if a["pain"] == "severe" else "Painful"
        flags.append(("soon", f"{word} lumps: most calcium deposits do not hurt."))
    labs = answers.labs
    if labs is not None and labs.calcium_severe:
        flags.append(("urgent", "Very high blood calcium (14 mg/dL or more) can be dangerous."))
    elif a["calcium"] == "high":
        flags.append(("soon", "High blood calcium."))
    if a["phosphate"] == "high":
        flags.append(("soon", "High blood phosphate."))
    if labs is not None and labs.product_high:
        flags.append(("soon", f"A calcium × phosphate product of {PRODUCT_THRESHOLD:g} mg²/dL² or more."))
    if a["kidney_failure"] == "yes":
        flags.append(("soon", "New deposits in someone with kidney failure want a prompt review."))
    if a["tissue_damage"] == "infection":
        flags.append(("soon", "An infection where the lumps are: watch for redness, warmth, pus or fever."))
    urgency = "routine"
    for level, _ in flags:
        if level == "urgent" or (level == "soon" and urgency == "routine"):
            urgency = level
    return tuple(text for _, text in flags), urgency


def next_steps(f: Facts, chosen: str, certainty: str, urgency: str) -> tuple[str, ...]:
    a = f.a
    steps: list[str] = []
    if urgency == "urgent":
        steps.append("Get medical care today: go to an emergency department or call a doctor now.")
    elif urgency == "soon":
        steps.append("See a doctor within the next few days about these warning signs.")
    if not f.levels_not_high and not f.high_levels:
        steps.append("Ask for a blood test of calcium and phosphate: it tells the metastatic type from the others.")
    if chosen in ("metastatic", "calciphylaxis") or f.causes_of_high_levels:
        steps.append("Ask the doctor to check kidney function and parathyroid hormone.")
    local_unknown = [q for q in ("tissue_damage", "procedure", "autoimmune", "tumor") if a[q] == UNKNOWN]
    if certainty != LIKELY and local_unknown:
        steps.append(
            "Tell the doctor about any injury, operation, procedure or autoimmune disease at the site: "
            "these decide between the dystrophic, iatrogenic and idiopathic types."
        )
    if urgency == "routine":
        steps.append("See a family doctor or a dermatologist, who can examine the lumps and confirm what they are.")
    return tuple(steps)


def _source_ids(chosen: str, answers: Answers) -> tuple[str, ...]:
    labs = answers.labs
    if labs is None:
        return _sources_of(chosen, (), False)
    return _sources_of(chosen, labs.sources, labs.product is not None)


@cache
def _sources_of(chosen: str, lab_sources: tuple[str, ...], product: bool) -> tuple[str, ...]:
    ids = list(TYPES[chosen].source_ids)
    ids.extend(lab_sources)
    if product:
        ids.extend(PRODUCT_SOURCES)
    return tuple(dict.fromkeys(ids))


def matching_causes(type_id: str, answers: Mapping[str, str]) -> tuple[Cause, ...]:
    """The causes of a type that the answers point to, in the card's order."""
    key = tuple([answers.get(q) for q in _questions_of_causes(type_id)])
    return _matching_causes(type_id, key)


@cache
def _questions_of_causes(type_id: str) -> tuple[str, ...]:
    """The questions that the causes of a type look at: all a match depends on."""
    return tuple(dict.fromkeys(q for c in TYPES[type_id].causes for clause in c.when for q, _ in clause))


@lru_cache(maxsize=4096)
def _matching_causes(type_id: str, key: tuple[str | None, ...]) -> tuple[Cause, ...]:
    answers = {q: value for q, value in zip(_questions_of_causes(type_id), key, strict=True) if value is not None}
    return tuple(c for c in TYPES[type_id].causes if c.matches(answers))


def triage(answers: Answers) -> Result:
    """Walk the decision tree over validated answers and return the result."""
    f = derive_facts(answers)
    assessments = {a.type_id: a for a in (assess(f) for assess in ASSESSORS)}
    chosen, certainty = _choose(assessments, f)
    picked = assessments[chosen]
    reasons = list(picked.reasons)
    if certainty == "uncertain":
        reasons.append("The answers do not point clearly to one type; this is the most fitting guess.")
    elif chosen in ORDER and chosen != "metastatic":
        if f.levels_not_high:
            reasons.append("Blood calcium and phosphate are not high, which fits this type.")
        elif certainty == POSSIBLE and not f.high_levels:
            reasons.append("Blood levels are not known, so the metastatic type is not yet ruled out.")
    path = [step for a in assessments.values() for step in a.steps]
    if certainty == "uncertain":
        path.append(step_of("calcium", f.a["calcium"], "F1"))
    elif chosen in ("iatrogenic", "dystrophic", "idiopathic"):
        path.append(step_of("calcium", f.a["calcium"], "L1" if f.metastatic_unlikely else "L2"))
    red_flags, urgency = red_flags_and_urgency(f, answers, chosen, certainty)
    return Result(
        suggested_type=chosen,
        certainty=certainty,
        alternatives=_alternatives(chosen, certainty, assessments, f),
        reasons=tuple(reasons),
        path=tuple(path),
        matched_causes=tuple(c.text for c in matching_causes(chosen, f.a)),
        red_flags=red_flags,
        urgency=urgency,
        next_steps=next_steps(f, chosen, certainty, urgency),
        answers=answers,
        source_ids=_source_ids(chosen, answers),
        disclaimer=DISCLAIMER,
    )
