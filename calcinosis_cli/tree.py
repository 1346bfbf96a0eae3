"""The decision tree: answers in, result out. Pure: no I/O, no Typer, no Rich.

The tree follows ``spec/decision.md``: the calciphylaxis pattern is checked
first, then the metastatic, iatrogenic, dystrophic and idiopathic types. Each
type is assessed on its own into an :class:`Assessment` (how well it fits, why,
and the steps taken); :func:`triage` then picks the best fit, lists the others
as alternatives and adds red flags, urgency and next steps.

Every decision reads only a few answers, and names them: ``@decided_by("pain",
...)``. It is made once for each combination of those answers and kept (see
:class:`Decision`), which is what makes ``batch`` fast; it is handed only the
answers it names, so a decision that reads another answer fails at once instead
of being kept under too small a key.
"""

from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from operator import attrgetter, itemgetter
from types import MappingProxyType
from typing import Any, Concatenate, Generic, NamedTuple, ParamSpec, TypeVar

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


# --- decisions made once for each combination of the answers they read ------

P = ParamSpec("P")
R = TypeVar("R")

# Decisions kept per decision; a full store is emptied, so that memory stays flat.
CACHE_ENTRIES = 8192
_MISSING = object()


class Decision(Generic[P, R]):
    """A decision that reads only the answers to ``questions`` and its other
    (hashable) arguments, made once for each combination of them and kept.

    It is handed a dict of exactly those answers: reading any other answer raises
    ``KeyError`` rather than keeping the decision under a key that leaves it out.
    """

    __slots__ = ("decide", "key_of", "made", "questions")

    def __init__(self, decide: Callable[Concatenate[Mapping[str, str], P], R], questions: tuple[str, ...]) -> None:
        self.decide = decide
        self.questions = questions
        self.key_of = itemgetter(*questions)
        self.made: dict[Hashable, R] = {}
        DECISIONS.append(self)

    def __call__(self, a: Mapping[str, str], *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            raise TypeError("a decision takes its arguments by position")
        key = (self.key_of(a), args)
        made = self.made
        value = made.get(key, _MISSING)
        if value is _MISSING:
            if len(made) >= CACHE_ENTRIES:
                made.clear()
            value = made[key] = self.decide({q: a[q] for q in self.questions}, *args, **kwargs)
        return value  # type: ignore[return-value]  # only values of type R are kept


DECISIONS: list[Decision[Any, Any]] = []


def decided_by(*questions: str) -> Callable[[Callable[Concatenate[Mapping[str, str], P], R]], Decision[P, R]]:
    """Make a function of (answers, *arguments) a :class:`Decision` on ``questions``."""

    def wrap(decide: Callable[Concatenate[Mapping[str, str], P], R]) -> Decision[P, R]:
        return Decision(decide, questions)

    return wrap


class _Forgetful(dict[Hashable, object]):
    def __setitem__(self, key: Hashable, value: object) -> None:
        pass


@contextmanager
def decided_afresh() -> Iterator[None]:
    """Within it, every decision is made anew and nothing is kept (for tests)."""
    kept = [d.made for d in DECISIONS]
    for d in DECISIONS:
        d.made = _Forgetful()
    try:
        yield
    finally:
        for d, made in zip(DECISIONS, kept, strict=True):
            d.made = made


# --- facts derived from the answers ---------------------------------------


class Levels(NamedTuple):
    """What the blood levels and the causes of high levels say."""

    high: bool  # calcium, phosphate or their product is high
    not_high: bool  # both measured, neither high
    causes: tuple[str, ...]  # the causes of high levels answered "yes"
    metastatic_unlikely: bool  # local types can be "likely" only then


@decided_by("calcium", "phosphate", *HIGH_LEVEL_CAUSES)
def blood_levels(a: Mapping[str, str], product: str | None) -> "tuple[Levels, Assessment]":
    """What the blood levels say, and so how the metastatic type fits. ``product``: the
    calcium × phosphate product as shown, when it is at or above the threshold."""
    high = a["calcium"] == "high" or a["phosphate"] == "high" or product is not None
    not_high = not high and a["calcium"] in ("normal", "low") and a["phosphate"] in ("normal", "low")
    levels = Levels(
        high=high,
        not_high=not_high,
        causes=tuple(q for q in HIGH_LEVEL_CAUSES if a[q] == "yes"),
        metastatic_unlikely=not_high or (not high and all(a[q] == "no" for q in HIGH_LEVEL_CAUSES)),
    )
    return levels, assess_metastatic(a, levels, product)


class Site(NamedTuple):
    """What the answers say about the place of the lumps."""

    damage_found: bool  # damage, a tissue-damaging disease, a tumour or an operation
    damage_excluded: bool  # none of them
    local_unknown: bool  # one of the questions about the site not answered


@decided_by("tissue_damage", "autoimmune", "tumor", "procedure")
def site_facts(a: Mapping[str, str]) -> Site:
    return Site(
        damage_found=(
            a["tissue_damage"] in DAMAGE
            or a["autoimmune"] in (*TISSUE_DAMAGING_DISEASES, "other")
            or a["tumor"] == "yes"
            or a["procedure"] == "surgery"
        ),
        damage_excluded=(
            a["tissue_damage"] == "none"
            and a["autoimmune"] == "none"
            and a["tumor"] == "no"
            and a["procedure"] != "surgery"
        ),
        local_unknown=UNKNOWN in (a["tissue_damage"], a["procedure"], a["autoimmune"], a["tumor"]),
    )


class Assessment(NamedTuple):
    """How one type fits: level (None = does not fit), reasons, why, steps; and, for
    a type that fits, how it is listed when another is suggested."""

    type_id: str
    level: str | None
    reasons: tuple[str, ...]
    why: str
    steps: tuple[Step, ...]
    alternative: Alternative | None
    rank: int  # alternatives are listed by it: likely, possible, alternative


class Draft:
    """An :class:`Assessment` being built up by one assessor."""

    __slots__ = ("a", "level", "reasons", "steps", "type_id", "why")

    def __init__(self, type_id: str, a: Mapping[str, str]) -> None:
        self.type_id = type_id
        self.a = a
        self.level: str | None = None
        self.reasons: list[str] = []
        self.why = ""
        self.steps: list[Step] = []

    def step(self, question: str, rule: str) -> None:
        self.steps.append(step_of(question, self.a[question], rule))

    def done(self) -> Assessment:
        fits = self.level is not None
        return Assessment(
            self.type_id,
            self.level,
            tuple(self.reasons),
            self.why,
            tuple(self.steps),
            Alternative(self.type_id, self.why) if fits else None,
            _RANK[self.level or ALTERNATIVE],
        )


@lru_cache(maxsize=4096)
def step_of(question: str, answer: str, rule: str) -> Step:
    """The step that applies ``rule`` to an answer. Steps are values, made once each."""
    return Step(question, answer, f"{rule}: {RULES[rule]}")


@cache
def label_of(question: str, value: str) -> str:
    return QUESTIONS_BY_ID[question].label_of(value)


def _about(question: str) -> str:
    return QUESTIONS_BY_ID[question].about


def _words(questions: tuple[str, ...]) -> str:
    return ", ".join(_about(q) for q in questions)


@cache
def _questions_of_causes(type_id: str) -> tuple[str, ...]:
    """The questions that the causes of a type look at: all a match depends on."""
    return tuple(dict.fromkeys(q for c in TYPES[type_id].causes for clause in c.when for q, _ in clause))


# --- the five assessors ----------------------------------------------------


@decided_by("skin_breakdown", "pain", *RISK_FACTORS)
def assess_calciphylaxis(a: Mapping[str, str]) -> Assessment:
    out = Draft("calciphylaxis", a)
    breakdown, pain = a["skin_breakdown"], a["pain"]
    if breakdown == "no":
        out.step("skin_breakdown", "C0")
        return out.done()
    risk_factors = tuple(q for q in RISK_FACTORS if a[q] == "yes")
    risky = bool(risk_factors)
    if breakdown == "yes" and risky and pain == "severe":
        out.level = LIKELY
        rule = "C1"
        out.reasons.append(
            f"Very painful skin breakdown around the lumps, with a risk factor ({_words(risk_factors)}), "
            "is the warning pattern of calciphylaxis."
        )
    elif breakdown == "yes" and risky and pain == UNKNOWN:
        out.level = POSSIBLE
        rule = "C2"
        out.reasons.append(
            f"Skin breakdown around the lumps with a risk factor ({_words(risk_factors)}) can be "
            "calciphylaxis, even though the pain is not known."
        )
    elif breakdown == "yes" and pain == "severe":
        out.level, rule = ALTERNATIVE, "C3"
        out.why = "Very painful skin breakdown can be calciphylaxis even without a known risk factor."
    elif breakdown == "yes" and risky:
        out.level, rule = ALTERNATIVE, "C4"
        out.why = (
            f"Skin breakdown with a risk factor ({_words(risk_factors)}) calls for a check for "
            "calciphylaxis, though it is usually very painful."
        )
    elif breakdown == "yes" and pain == UNKNOWN and not all(a[q] == "no" for q in RISK_FACTORS):
        out.level, rule = ALTERNATIVE, "C8"
        out.why = (
            "Skin breakdown around the lumps can be calciphylaxis: tell a doctor how painful it is and "
            "whether there is kidney failure, a transplant, warfarin or an overactive parathyroid gland."
        )
    elif pain == "severe" and risky:
        out.level, rule = ALTERNATIVE, "C5"
        out.why = (
            f"Very painful skin with a risk factor ({_words(risk_factors)}): ask whether the skin is "
            "breaking down or turning dark, which would point to calciphylaxis."
        )
    else:
        out.step("skin_breakdown", "C7" if breakdown == "yes" else "C6")
        return out.done()
    out.step("skin_breakdown", rule)
    out.step("pain", rule)
    for q in risk_factors or ("kidney_failure",):
        out.step(q, rule)
    return out.done()


def assess_metastatic(a: Mapping[str, str], levels: Levels, product: str | None) -> Assessment:
    out = Draft("metastatic", a)
    if levels.high:
        out.level = LIKELY
        for q in ("calcium", "phosphate"):
            if a[q] == "high":
                out.reasons.append(f"Blood {q} is high.")
                out.step(q, "M1")
        if product is not None:
            out.reasons.append(
                f"The calcium × phosphate product is {product} mg²/dL², at or above "
                f"{PRODUCT_THRESHOLD:g}, where calcium settles in healthy tissue."
            )
            out.step("phosphate", "M2")
        out.why = "Blood calcium or phosphate is high."
    elif levels.causes and not levels.not_high:
        out.level = POSSIBLE
        words = _words(levels.causes)
        out.reasons.append(f"A cause of high calcium or phosphate is present ({words}); blood levels are not known.")
        out.why = f"A cause of high blood levels is present ({words}); a blood test would tell."
        for q in levels.causes:
            out.step(q, "M3")
    elif levels.causes:
        out.level = ALTERNATIVE
        out.why = f"Levels were measured not high, but {_words(levels.causes)} can raise them: repeat the blood test."
        for q in levels.causes:
            out.step(q, "M4")
    elif levels.not_high:
        out.step("calcium", "M0")
        out.step("phosphate", "M0")
    return out.done()


@decided_by("procedure", "age_group", "lesions", "tissue_damage")
def assess_iatrogenic(a: Mapping[str, str], metastatic_unlikely: bool, high: bool) -> Assessment:
    out = Draft("iatrogenic", a)
    procedure = a["procedure"]
    label = label_of("procedure", procedure).split(" (")[0].lower()
    if procedure in LOCAL_PROCEDURES:
        fits = not (procedure == "heel-sticks" and a["age_group"] == "adult") and a["lesions"] != "many"
        out.level = LIKELY if metastatic_unlikely and fits and not high else POSSIBLE
        if high:
            out.level = ALTERNATIVE
        out.reasons.append(f"The lumps are where a medical procedure was done ({label}).")
        if not fits:
            out.reasons.append("The age or the number of lumps fits this procedure less well.")
        out.why = f"A medical procedure at the spot ({label}) can leave calcium there."
        out.step("procedure", "I1")
    elif procedure == "other":
        out.level = ALTERNATIVE if high else POSSIBLE
        out.reasons.append("The lumps are where another medical procedure was done.")
        out.why = "Another medical procedure was done at the spot."
        out.step("procedure", "I2")
    elif procedure == "surgery" or a["tissue_damage"] == "surgery":
        out.level = ALTERNATIVE
        out.why = (
            "An operation is also a medical procedure: some doctors class deposits in a surgical "
            "scar as iatrogenic rather than dystrophic."
        )
        out.step("procedure" if procedure == "surgery" else "tissue_damage", "I3")
    elif procedure == "none":
        out.step("procedure", "I0")
    return out.done()


def assess_dystrophic(a: Mapping[str, str], levels: Levels, site: Site) -> Assessment:
    out = Draft("dystrophic", a)
    strong = []
    if a["tissue_damage"] in DAMAGE or a["procedure"] == "surgery":
        damage = a["tissue_damage"] if a["tissue_damage"] in DAMAGE else "surgery"
        label = label_of("tissue_damage", damage).lower()
        strong.append(f"The tissue was damaged where the lumps are ({label}).")
        if damage == "surgery":
            strong[-1] += " Damage from an operation is the usual reason deposits form in a scar."
        out.step("tissue_damage" if a["tissue_damage"] in DAMAGE else "procedure", "D1")
    if a["autoimmune"] in TISSUE_DAMAGING_DISEASES:
        label = label_of("autoimmune", a["autoimmune"])
        strong.append(f"{label} damages tissue, and calcium can settle where it does.")
        if a["lesions"] in ("many", "few") or a["site"] == "multiple":
            strong.append("The disease can damage several places, which explains lumps in more than one.")
        out.step("autoimmune", "D2")
    if a["tumor"] == "yes":
        strong.append("There is a tumour where the lumps are; tumours and cysts can calcify.")
        out.step("tumor", "D3")
    if strong:
        out.level = LIKELY if levels.metastatic_unlikely else POSSIBLE
        out.reasons.extend(strong)
    elif a["autoimmune"] == "other":
        out.level = POSSIBLE
        out.reasons.append("An autoimmune or connective-tissue disease can damage tissue where calcium then settles.")
        out.step("autoimmune", "D4")
    if out.level is not None:
        out.why = "There is tissue damage or a tissue-damaging disease at the site."
        if levels.high:
            out.level = ALTERNATIVE
            out.why = "There is tissue damage at the site, though high blood levels point elsewhere."
    elif site.damage_excluded:
        out.step("tissue_damage", "D0")
    return out.done()


def _idiopathic_excluded(procedure: str, levels: Levels, site: Site) -> bool:
    """Damage, a procedure at the spot or high levels: a cause was found."""
    return site.damage_found or procedure in (*LOCAL_PROCEDURES, "other") or levels.high


def assess_idiopathic(a: Mapping[str, str], levels: Levels, site: Site) -> Assessment:
    out = Draft("idiopathic", a)
    if _idiopathic_excluded(a["procedure"], levels, site):
        return out.done()
    matched = matching_causes("idiopathic", a)
    if matched:
        out.level = LIKELY if levels.not_high and not levels.causes else POSSIBLE
        for cause in matched:
            out.reasons.append(f"{cause.text}: a typical setting for deposits with no other cause.")
            question = next(q for clause in cause.when for q, values in clause if a[q] in values)
            out.step(question, "N1")
        out.why = "The answers match a typical setting of idiopathic calcinosis."
    elif site.damage_excluded and a["procedure"] == "none":
        if levels.not_high and not levels.causes:
            out.level = POSSIBLE
            out.reasons.append("No damage, procedure or other cause was found where the lumps are.")
            out.step("tissue_damage", "N2")
        else:
            out.level = ALTERNATIVE
            out.step("tissue_damage", "N3")
        out.why = "No damage, procedure or other cause was found."
    return out.done()


# Why a type is still worth considering when nothing in the answers rules it out.
NOT_RULED_OUT: MappingProxyType[str, str] = MappingProxyType(
    {
        "metastatic": "Not ruled out until a blood test shows normal calcium and phosphate.",
        "iatrogenic": "Not ruled out while it is not known whether a procedure was done at the spot.",
        "dystrophic": "The most common type; not ruled out while damage at the site is not known.",
        "idiopathic": "Not ruled out while no cause has been found.",
    }
)


def contradicted(type_id: str, procedure: str, levels: Levels, site: Site) -> bool:
    """True when the answers contradict the defining condition of one of the four
    types in ORDER (calciphylaxis is named only by its own assessor)."""
    if type_id == "metastatic":
        return levels.not_high and not levels.causes
    if type_id == "iatrogenic":
        return procedure == "none" or levels.high
    if type_id == "dystrophic":
        return site.damage_excluded or levels.high
    return _idiopathic_excluded(procedure, levels, site)


@lru_cache(maxsize=1024)
def _open(procedure: str, levels: Levels, site: Site) -> tuple[str, ...]:
    """The types of ORDER that the answers do not contradict, in that order."""
    return tuple(t for t in ORDER if not contradicted(t, procedure, levels, site))


def _choose(assessments: tuple[Assessment, ...], open_types: tuple[str, ...]) -> tuple[str, str]:
    calciphylaxis = assessments[0]
    if calciphylaxis.level in (LIKELY, POSSIBLE):
        return "calciphylaxis", calciphylaxis.level or POSSIBLE
    for level in (LIKELY, POSSIBLE):
        for assessment in assessments[1:]:  # in the order of ORDER
            if assessment.level == level:
                return assessment.type_id, level
    fallback = next((t for t in ("dystrophic", "idiopathic") if t in open_types), "idiopathic")
    return fallback, "uncertain"


def _alternatives(
    chosen: str, certainty: str, assessments: tuple[Assessment, ...], open_types: tuple[str, ...]
) -> tuple[Alternative, ...]:
    found = [x for x in assessments if x.alternative is not None and x.type_id != chosen]
    found.sort(key=_by_rank)
    alternatives = [x.alternative for x in found if x.alternative]
    if certainty != LIKELY:
        listed = {chosen, *(x.type_id for x in found)}
        alternatives.extend(_NOT_RULED_OUT[t] for t in open_types if t not in listed)
    return tuple(alternatives)


_by_rank = attrgetter("rank")
_NOT_RULED_OUT = {t: Alternative(t, why) for t, why in NOT_RULED_OUT.items()}


# --- red flags, urgency, next steps ---------------------------------------


@decided_by("skin_breakdown", "pain", "calcium", "phosphate", "kidney_failure", "tissue_damage")
def red_flags_and_urgency(
    a: Mapping[str, str], calciphylaxis: str | None, calcium_severe: bool, product_high: bool
) -> tuple[tuple[str, ...], str]:
    """``calciphylaxis``: the certainty when calciphylaxis is the suggested type, else None."""
    flags: list[tuple[str, str]] = []
    # Calciphylaxis is named only with skin breakdown and a risk factor; it needs care the same day.
    if calciphylaxis == LIKELY:
        flags.append(
            ("urgent", "Very painful skin breakdown with a risk factor: the warning pattern of calciphylaxis.")
        )
    elif calciphylaxis is not None:
        flags.append(("urgent", "Skin breakdown with a risk factor for calciphylaxis, which needs care the same day."))
    if a["skin_breakdown"] == "yes" and calciphylaxis is None:
        flags.append(("soon", "Open sores, ulcers or darkening skin around the lumps."))
    if a["pain"] in ("mild", "severe") and calciphylaxis is None:
        word = "Very painful" if a["pain"] == "severe" else "Painful"
        flags.append(("soon", f"{word} lumps: most calcium deposits do not hurt."))
    if calcium_severe:
        flags.append(("urgent", "Very high blood calcium (14 mg/dL or more) can be dangerous."))
    elif a["calcium"] == "high":
        flags.append(("soon", "High blood calcium."))
    if a["phosphate"] == "high":
        flags.append(("soon", "High blood phosphate."))
    if product_high:
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


@lru_cache(maxsize=1024)
def next_steps(levels: Levels, site: Site, chosen: str, certainty: str, urgency: str) -> tuple[str, ...]:
    steps: list[str] = []
    if urgency == "urgent":
        steps.append("Get medical care today: go to an emergency department or call a doctor now.")
    elif urgency == "soon":
        steps.append("See a doctor within the next few days about these warning signs.")
    if not levels.not_high and not levels.high:
        steps.append("Ask for a blood test of calcium and phosphate: it tells the metastatic type from the others.")
    if chosen in ("metastatic", "calciphylaxis") or levels.causes:
        steps.append("Ask the doctor to check kidney function and parathyroid hormone.")
    if certainty != LIKELY and site.local_unknown:
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


class Matched(NamedTuple):
    causes: tuple[Cause, ...]
    texts: tuple[str, ...]


def matching_causes(type_id: str, answers: Mapping[str, str]) -> tuple[Cause, ...]:
    """The causes of a type that the answers point to, in the card's order."""
    return _MATCHING[type_id](answers).causes


def _matcher(type_id: str) -> Decision[[], Matched]:
    @decided_by(*_questions_of_causes(type_id))
    def matching(a: Mapping[str, str]) -> Matched:
        causes = tuple(c for c in TYPES[type_id].causes if c.matches(a))
        return Matched(causes, tuple(c.text for c in causes))

    return matching


# Every type has causes that answers point to (one without would fail here: a decision reads at least one answer).
_MATCHING: Mapping[str, Decision[[], Matched]] = {type_id: _matcher(type_id) for type_id in TYPES}


def triage(answers: Answers) -> Result:
    """Walk the decision tree over validated answers and return the result."""
    a = answers.values
    labs = answers.labs
    product_high = labs is not None and labs.product_high
    product = f"{labs.product:.0f}" if product_high and labs and labs.product is not None else None
    levels, metastatic = blood_levels(a, product)
    site = site_facts(a)
    assessments = (
        assess_calciphylaxis(a),
        metastatic,
        assess_iatrogenic(a, levels.metastatic_unlikely, levels.high),
        assess_dystrophic(a, levels, site),
        assess_idiopathic(a, levels, site),
    )
    open_types = _open(a["procedure"], levels, site)
    chosen, certainty = _choose(assessments, open_types)
    picked = assessments[TYPE_ORDER[chosen]]
    reasons = picked.reasons
    if certainty == "uncertain":
        reasons += ("The answers do not point clearly to one type; this is the most fitting guess.",)
    elif chosen in ORDER and chosen != "metastatic":
        if levels.not_high:
            reasons += ("Blood calcium and phosphate are not high, which fits this type.",)
        elif certainty == POSSIBLE and not levels.high:
            reasons += ("Blood levels are not known, so the metastatic type is not yet ruled out.",)
    c, m, i, d, n = assessments
    path = c.steps + m.steps + i.steps + d.steps + n.steps
    if certainty == "uncertain":
        path += (step_of("calcium", a["calcium"], "F1"),)
    elif chosen in ("iatrogenic", "dystrophic", "idiopathic"):
        path += (step_of("calcium", a["calcium"], "L1" if levels.metastatic_unlikely else "L2"),)
    calcium_severe = labs is not None and labs.calcium_severe
    red_flags, urgency = red_flags_and_urgency(
        a, certainty if chosen == "calciphylaxis" else None, calcium_severe, product_high
    )
    return Result(
        suggested_type=chosen,
        certainty=certainty,
        alternatives=_alternatives(chosen, certainty, assessments, open_types),
        reasons=reasons,
        path=path,
        matched_causes=_MATCHING[chosen](a).texts,
        red_flags=red_flags,
        urgency=urgency,
        next_steps=next_steps(levels, site, chosen, certainty, urgency),
        answers=answers,
        source_ids=_source_ids(chosen, answers),
        disclaimer=DISCLAIMER,
    )


# Where each type's assessment is in the tuple that triage() builds.
TYPE_ORDER: Mapping[str, int] = {"calciphylaxis": 0, **{t: k for k, t in enumerate(ORDER, start=1)}}
