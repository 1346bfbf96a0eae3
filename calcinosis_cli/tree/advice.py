"""What a result advises: the causes the answers point to, the look-alikes, the next steps
and the safety net (decision.md 1.1, §2 and §7). Pure: no I/O, no Typer, no Rich."""

from collections.abc import Mapping
from functools import cache, lru_cache
from operator import getitem, itemgetter
from typing import NamedTuple

from ..knowledge import LOOK_ALIKES, TYPES
from ..questions import QUESTIONS_BY_ID
from ..result import LookAlikeHit


def words(questions: tuple[str, ...]) -> str:
    return ", ".join(QUESTIONS_BY_ID[q].about for q in questions)


# --- causes ----------------------------------------------------------------------------

# Each cause of each type with the (question, answer) sets that match it: a match is one
# subset test against the answers' items.
_CAUSE_PAIRS = {type_id: tuple((c.text, c.pairs) for c in card.causes if c.when) for type_id, card in TYPES.items()}

# The question a matched idiopathic cause is cited by: the first of its first clause.
_IDIOPATHIC_LEADS = {c.text: c.when[0][0][0] for c in TYPES["idiopathic"].causes if c.when}


def _reads(type_id: str) -> tuple[tuple[str, frozenset[str] | None], ...]:
    """The questions the causes of a type read, each with the answers that can match it
    (None: every answer counts, as for the question an idiopathic cause is cited by)."""
    named: dict[str, set[str]] = {}
    for _, pairs in _CAUSE_PAIRS[type_id]:
        for pair in pairs:
            for question, answer in pair:
                named.setdefault(question, set()).add(answer)
    leads = set(_IDIOPATHIC_LEADS.values()) if type_id == "idiopathic" else set()
    return tuple((q, None if q in leads else frozenset(answers)) for q, answers in named.items())


_READS = {type_id: _reads(type_id) for type_id in TYPES}


# For each type, the answers its causes read, and for each question the answer a key
# holds for each value: the value itself, or "" for one that cannot match.
_GETTERS = {type_id: itemgetter(*(q for q, _ in reads)) for type_id, reads in _READS.items() if len(reads) > 1}
_KEEPS = {
    type_id: tuple(
        {value: value if named is None or value in named else "" for value in QUESTIONS_BY_ID[q].values}
        for q, named in reads
    )
    for type_id, reads in _READS.items()
}


def _key(type_id: str, a: Mapping[str, str]) -> tuple[str, ...]:
    """The answers the causes of a type read, an answer that cannot match any of them as ""."""
    getter = _GETTERS.get(type_id)
    values = getter(a) if getter is not None else tuple(a[q] for q, _ in _READS[type_id])
    return tuple(map(getitem, _KEEPS[type_id], values))


def matched_causes(type_id: str, a: Mapping[str, str]) -> tuple[str, ...]:
    """The causes of a type that the answers point to, in the card's order."""
    return _matched(type_id, _key(type_id, a))[0]


def idiopathic_matches(a: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The idiopathic causes matched, and for each the (question, answer) that shows it."""
    return _matched("idiopathic", _key("idiopathic", a))


@cache  # finite: the answers of :func:`_key` (at most about 20,000 combinations for a type)
def _matched(type_id: str, key: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The causes matched by the answers of :func:`_key`, and the (question, answer) each
    is cited by (an idiopathic cause's lead question; ("", "") for the other types)."""
    given = dict(zip((q for q, _ in _READS[type_id]), key, strict=True))
    items = given.items()
    texts: list[str] = []
    cited: list[tuple[str, str]] = []
    for text, pairs in _CAUSE_PAIRS[type_id]:
        if any(p <= items for p in pairs):
            texts.append(text)
            lead = _IDIOPATHIC_LEADS.get(text, "")
            cited.append((lead, given.get(lead, "")))
    return tuple(texts), tuple(cited)


# --- look-alikes (decision.md 1.1, §7) -------------------------------------------------


def look_alikes(
    gout: str,
    age_group: str,
    site: str,
    lesions: str,
    tissue_damage: str,
    lump_change: str,
    calcium: str,
    phosphate: str,
    kidney_failure: str,
    chemotherapy: str,
) -> tuple[LookAlikeHit, ...]:
    found: tuple[str, ...] = ()
    if gout == "yes":
        found += ("gout-tophi",)
    if age_group in ("infant", "child") and lesions == "single" and site in ("face", "ears", "neck-folds", "arms"):
        found += ("pilomatricoma",)
    if tissue_damage == "burn" and lump_change == "yes":
        found += ("marjolin-ulcer",)
    # After cancer treatment the same levels are tumour lysis, not pseudohypoparathyroidism.
    if calcium == "low" and phosphate == "high" and kidney_failure == "no" and chemotherapy != "yes":
        found += ("osteoma-cutis",)
    return _hits(found) if found else ()


@cache  # finite: the sets of look-alikes
def _hits(found: tuple[str, ...]) -> tuple[LookAlikeHit, ...]:
    return tuple(LookAlikeHit(x, LOOK_ALIKES[x].why) for x in found)


def look_alike_sources(hits: tuple[LookAlikeHit, ...]) -> tuple[str, ...]:
    return tuple(s for hit in hits for fact in LOOK_ALIKES[hit.id].facts for s in fact.sources)


# --- next steps ------------------------------------------------------------------------


class NextStepHints(NamedTuple):
    borderline: bool  # a measured value between the limits of a child's age partitions
    baby_after_birth: bool  # a newborn or infant with lumps after a difficult birth or cooling
    undiagnosed_ctd: bool  # signs of a connective-tissue disease, none diagnosed
    age_unknown_with_labs: bool


@lru_cache(maxsize=4096)
def next_steps(
    high: bool,
    not_high: bool,
    causes: bool,
    local_unknown: bool,
    chosen: str,
    certainty: str,
    urgency: str,
    hints: NextStepHints,
    found: tuple[LookAlikeHit, ...],
) -> tuple[str, ...]:
    steps: list[str] = []
    if urgency == "urgent":
        steps.append("Get medical care today: go to an emergency department or call a doctor now.")
    elif urgency == "soon":
        steps.append("See a doctor within the next few days about these warning signs.")
    if hints.baby_after_birth:
        steps.append("A baby with these lumps needs calcium blood tests over the first 3 months, as calcium can rise.")
    if hints.borderline:
        steps.append("Ask what the laboratory's own range for this age says: the value is borderline for age.")
    if hints.age_unknown_with_labs:
        steps.append("The age was not given, so adult ranges were used to read the blood values; children's differ.")
    if not not_high and not high:
        steps.append("Ask for a blood test of calcium and phosphate: it shows whether high levels cause the lumps.")
    if chosen in ("metastatic", "calciphylaxis") or causes:
        steps.append("Ask the doctor to check kidney function and parathyroid hormone.")
    if hints.undiagnosed_ctd:
        steps.append("Ask a doctor whether these signs could be a connective-tissue disease.")
    for hit in found:
        steps.append(LOOK_ALIKES[hit.id].tells_apart.text)
    if certainty != "likely" and local_unknown:
        steps.append(
            "Tell the doctor about any injury, operation or medical procedure where the lumps are, and "
            "about any autoimmune disease: these help find the cause."
        )
    if urgency == "routine":
        steps.append("See a family doctor or a dermatologist (skin doctor) to examine the lumps and say what they are.")
    return tuple(steps)


# --- the safety net (decision.md 1.1, §2) ----------------------------------------------


@lru_cache(maxsize=64)
def safety_net(
    urgency: str, strong_possible: bool, fever_matters: bool, baby: bool, skin_seen: bool
) -> tuple[str, ...]:
    """The signs that should make the person get care the same day, or call the emergency
    number, fitted to the answers; never empty. ``skin_seen``: a skin sign is already yes,
    so the skin getting worse is the sign, not its being changed."""
    if urgency == "urgent":
        return (
            "Call your local emergency number at once for a fit, confusion or great sleepiness, trouble "
            "breathing, or black skin that spreads fast: do not wait for an appointment.",
        )
    skin = "even if it does not hurt" if strong_possible else "above all with severe pain"
    calcium = "confusion, unusual sleepiness, repeated vomiting, tingling around the mouth, hands that cramp, or a fit"
    if baby:
        calcium += "; in a baby, poor feeding, vomiting or unusual irritability"
    fever = (
        "any fever, or a red, hot or swollen lump"
        if fever_matters
        else "a fever with a lump that is red, hot or swollen"
    )
    changes = (
        "if the skin around the lumps gets worse (a new sore, or skin turning purple, black or dark)"
        if skin_seen
        else "for a new sore, or skin turning purple, black or dark around the lumps"
    )
    return (
        f"Get care the same day {changes}, {skin}.",
        f"Get care the same day, or call the emergency number, for {calcium}.",
        f"Get care the same day for {fever}.",
    )
