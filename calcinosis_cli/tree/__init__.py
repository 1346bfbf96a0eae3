"""The decision tree: answers in, result out. Pure: no I/O, no Typer, no Rich.

It follows decision.md 1.1. The urgency rules (:mod:`.rules`: the calciphylaxis table and
the urgency bullets) are data, and the urgency is the highest any of them gives. The
suggested type comes from the first calciphylaxis row that names one, else from the
assessors of :mod:`.assess` in the order metastatic, iatrogenic, dystrophic, idiopathic.
"""

from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

from ..answers import Answers
from ..knowledge import DISCLAIMER, PRODUCT_SOURCES, TYPES
from ..result import Alternative, LookAlikeHit, Result, Step
from . import advice
from .assess import (
    ALTERNATIVE,
    LIKELY,
    NOT_IDIOPATHIC,
    POSSIBLE,
    TYPE_RULES,
    Assessment,
    Draft,
    assess_dystrophic,
    assess_iatrogenic,
    assess_idiopathic,
    assess_metastatic,
    idiopathic_excluded,
    step_of,
)
from .facts import (
    BABIES,
    HIGH_LEVEL_CAUSES,
    RISK_QUESTIONS,
    WORST_SITES,
    Risk,
    Site,
    levels_of,
    risk_of,
    site_of,
)
from .rules import (
    ALL_RULES,
    CALCIPHYLAXIS_TABLE,
    LEVEL_RANK,
    RULE_BY_ID,
    SKIN_QUESTIONS,
    Rule,
    Signs,
    rules_that_hold,
    urgency_of_ids,
)

ORDER = ("metastatic", "iatrogenic", "dystrophic", "idiopathic")
TYPE_ORDER = MappingProxyType({"calciphylaxis": 0, **{t: k for k, t in enumerate(ORDER, start=1)}})

RULES: MappingProxyType[str, str] = MappingProxyType(
    {
        **{rule.id: rule.summary for rule in ALL_RULES},
        "C0": "no sores, dark skin or patches around the lumps: no sign of calciphylaxis",
        **TYPE_RULES,
        "F1": "nothing points clearly to one type: the closest fit is named, uncertain",
        "L1": "blood levels not high and no cause of high levels: a local cause can be likely",
        "L2": "blood levels not known: a local cause stays only possible until a blood test",
    }
)


def triage(answers: Answers) -> Result:
    """Walk the decision tree over validated answers and return the result."""
    a = answers.values
    labs = answers.labs
    product_high = labs is not None and labs.product_high
    risk = risk_of(*[a[q] for q in RISK_QUESTIONS])
    levels = levels_of(a["calcium"], a["phosphate"], product_high, *[a[q] for q in HIGH_LEVEL_CAUSES])
    site = site_of(a["tissue_damage"], a["autoimmune"], a["tumor"], a["procedure"])
    signs = Signs(
        a["skin_breakdown"],
        a["skin_dark"],
        a["skin_patches"],
        a["pain"],
        a["site"] in WORST_SITES,
        bool(risk.strong),
        risk.others,
        a["high_calcium_symptoms"],
        a["low_calcium_symptoms"],
        a["infection_signs"],
        a["lump_change"],
        "yes" in (a["kidney_failure"], a["organ_transplant"], a["steroids"], a["chemotherapy"]),
        a["chemotherapy"],
        a["calcium"],
        a["phosphate"],
        labs.calcium_severe if labs is not None else None,
        a["age_group"] in BABIES,
        a["tissue_damage"] == "difficult-birth",
        a["procedure"] == "calcium-injection",
        a["tissue_damage"] == "infection",
        a["kidney_failure"],
        product_high,
    )
    held_ids = rules_that_hold(signs)
    urgency = urgency_of_ids(held_ids)
    table_ids = tuple(i for i in held_ids if i in _TABLE_IDS)
    assessments = (
        _calciphylaxis(table_ids, risk, a["kidney_failure"], a["pain"]) if table_ids else _NO_CALCIPHYLAXIS,
        assess_metastatic(a["calcium"], a["phosphate"], product_high, levels, a["kidney_failure"], a["family_history"]),
        assess_iatrogenic(
            a["procedure"], a["age_group"], a["lesions"], a["tissue_damage"], levels.high, levels.metastatic_unlikely
        ),
        assess_dystrophic(
            a["tissue_damage"],
            a["procedure"],
            a["autoimmune"],
            a["tumor"],
            a["connective_tissue_signs"],
            a["lesions"] in ("many", "few") or a["site"] == "multiple",
            levels.high,
            levels.metastatic_unlikely,
        ),
        NOT_IDIOPATHIC
        if idiopathic_excluded(a["procedure"], levels, site)
        else assess_idiopathic(
            *advice.idiopathic_matches(a), a["tissue_damage"], a["calcium"], levels.not_high, site.nothing_found
        ),
    )
    open_types = _open(a["procedure"] == "none", levels.high, levels.not_high, bool(levels.causes), site)
    chosen, certainty = _choose(assessments, open_types)
    picked = assessments[TYPE_ORDER[chosen]]
    reasons = picked.reasons
    if certainty == "uncertain":
        reasons += ("The answers do not point clearly to one type; this is only the closest fit.",)
    elif chosen in ORDER and chosen != "metastatic":
        if levels.not_high:
            reasons += ("Blood calcium and phosphate are not high, which fits this type.",)
        elif certainty == POSSIBLE and not levels.high:
            reasons += ("Blood levels are not known, so high calcium or phosphate is not yet ruled out.",)
    factors = tuple((q, a[q]) for q in (*risk.strong, *risk.other)) if table_ids else ()
    path = tuple(step for i in table_ids for step in _row_steps(i, a, factors))
    if not path and a["skin_breakdown"] == a["skin_dark"] == a["skin_patches"] == "no":
        path = (step_of("skin_breakdown", "no", "C0"),)
    path += tuple(step for x in assessments for step in x.steps)
    if certainty == "uncertain":
        path += (step_of("calcium", a["calcium"], "F1"),)
    elif chosen in ("iatrogenic", "dystrophic", "idiopathic"):
        path += (step_of("calcium", a["calcium"], "L1" if levels.metastatic_unlikely else "L2"),)
    bullet_ids = held_ids[len(table_ids) :]
    path += _steps(bullet_ids, tuple(map(a.__getitem__, _cited(bullet_ids))))
    look_alikes = advice.look_alikes(
        a["gout"],
        a["age_group"],
        a["site"],
        a["lesions"],
        a["tissue_damage"],
        a["lump_change"],
        a["calcium"],
        a["phosphate"],
        a["kidney_failure"],
        a["chemotherapy"],
    )
    borderline = labs is not None and any(
        m is not None and m.level == "borderline" for m in (labs.calcium, labs.phosphate)
    )
    return Result(
        suggested_type=chosen,
        certainty=certainty,
        alternatives=_alternatives(chosen, certainty, assessments, open_types),
        reasons=reasons,
        path=path,
        matched_causes=advice.matched_causes(chosen, a),
        red_flags=_red_flags(held_ids),
        urgency=urgency,
        next_steps=advice.next_steps(
            levels.high,
            levels.not_high,
            bool(levels.causes),
            site.local_unknown,
            chosen,
            certainty,
            urgency,
            advice.NextStepHints(
                borderline,
                signs.baby and signs.difficult_birth,
                a["connective_tissue_signs"] == "yes" and a["autoimmune"] in ("none", "unknown"),
                labs is not None and a["age_group"] == "unknown",
            ),
            look_alikes,
        ),
        answers=answers,
        source_ids=_sources(
            chosen, labs.sources if labs else (), labs is not None and labs.product is not None, held_ids, look_alikes
        ),
        disclaimer=DISCLAIMER,
        safety_net=advice.safety_net(
            urgency,
            risk.strong_possible,
            "yes" in (a["steroids"], a["chemotherapy"], a["organ_transplant"]),
            signs.baby,
        ),
        look_alikes=look_alikes,
    )


_TABLE_IDS = frozenset(rule.id for rule in CALCIPHYLAXIS_TABLE)


@lru_cache(maxsize=1024)
def _cited(ids: tuple[str, ...]) -> tuple[str, ...]:
    """The questions the rules cite, rule by rule (a question can come more than once)."""
    return tuple(q for i in ids for q in RULE_BY_ID[i].cites)


@lru_cache(maxsize=8192)
def _steps(ids: tuple[str, ...], cited: tuple[str, ...]) -> tuple[Step, ...]:
    """The steps of the rules that hold: the questions each cites (a skin sign only when it
    is yes), with ``cited`` their answers."""
    answers = iter(cited)
    steps: list[Step] = []
    for i in ids:
        given = [(q, next(answers)) for q in RULE_BY_ID[i].cites]
        steps.extend(step_of(q, answer, i) for q, answer in given if q not in SKIN_QUESTIONS or answer == "yes")
    return tuple(steps)


def _row_steps(rule_id: str, a: Mapping[str, str], factors: tuple[tuple[str, str], ...]) -> tuple[Step, ...]:
    """The steps of a row of the calciphylaxis table: the questions it cites, then a step
    for each risk factor found, as (question, answer)."""
    cited = _steps((rule_id,), tuple(map(a.__getitem__, RULE_BY_ID[rule_id].cites)))
    return cited + tuple(step_of(q, answer, rule_id) for q, answer in factors)


def _names(rule: Rule, risk: Risk) -> str:
    """What a calciphylaxis row says of calciphylaxis for these risk factors: "name",
    "alternative" or "" (nothing)."""
    mode, _, condition = rule.calciphylaxis.partition("-")
    if condition == "if-none-known" and risk.known != "none known":
        return "alternative" if mode == "name" and risk.known == "all no" else ""
    if condition == "unless-only-autoimmune" and risk.only_autoimmune:
        return "alternative"
    return mode


# Why calciphylaxis is kept in view when a row of the table does not name it.
KEPT_IN_VIEW: MappingProxyType[str, str] = MappingProxyType(
    {
        "C4": "Sores in an autoimmune disease are usually calcinosis, but in a fatty area or with dark, very "
        "painful skin a doctor must rule out calciphylaxis.",
        "C5": "With a risk factor for calciphylaxis, sores or dark skin around the lumps need a doctor to rule it out.",
        "C9": "With a risk factor for calciphylaxis, severe pain can come before the skin changes.",
        "": "Skin changes around the lumps can be calciphylaxis: tell a doctor about any kidney disease, "
        "transplant, blood thinner, steroids, diabetes or cancer.",
    }
)


@lru_cache(maxsize=4096)
def _calciphylaxis(held: tuple[str, ...], risk: Risk, kidney_failure: str, pain: str) -> Assessment:
    out = Draft("calciphylaxis")
    rows = [(RULE_BY_ID[i], _names(RULE_BY_ID[i], risk)) for i in held if i in _TABLE_IDS]
    named = next((rule for rule, says in rows if says == "name"), None)
    kept = next((rule for rule, says in rows if says == "alternative"), None)
    if named is not None:
        strong_row = named.id in ("C1", "C2")
        out.level = LIKELY if strong_row and (kidney_failure == "yes" or pain == "severe") else POSSIBLE
        out.reasons.append(named.flag)
        if risk.strong or risk.other:
            out.reasons.append(
                f"Risk factors for calciphylaxis in the answers: {advice.words(risk.strong + risk.other)}."
            )
        out.why = named.flag
    elif kept is not None:
        out.level = ALTERNATIVE
        out.why = KEPT_IN_VIEW.get(kept.id, KEPT_IN_VIEW[""])
    return out.done()


_NO_CALCIPHYLAXIS = Draft("calciphylaxis").done()


def _contradicted(type_id: str, no_procedure: bool, high: bool, not_high: bool, causes: bool, site: Site) -> bool:
    """True when the answers contradict the defining condition of a type of ORDER."""
    if type_id == "metastatic":
        return not_high and not causes
    if type_id == "iatrogenic":
        return no_procedure or high
    if type_id == "dystrophic":
        return (site.nothing_found and not site.local_unknown) or high
    return site.damage_found or high or causes


@cache  # finite: four facts and the site's three
def _open(no_procedure: bool, high: bool, not_high: bool, causes: bool, site: Site) -> tuple[str, ...]:
    """The types of ORDER that the answers do not contradict, in that order."""
    return tuple(t for t in ORDER if not _contradicted(t, no_procedure, high, not_high, causes, site))


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


NOT_RULED_OUT: MappingProxyType[str, str] = MappingProxyType(
    {
        "metastatic": "Not ruled out until a blood test shows normal calcium and phosphate.",
        "iatrogenic": "Not ruled out while it is not known whether a procedure was done at the spot.",
        "dystrophic": "The most common type; not ruled out while it is not known whether the tissue there was damaged.",
        "idiopathic": "Not ruled out while no cause has been found.",
    }
)
_NOT_RULED_OUT = {t: Alternative(t, why) for t, why in NOT_RULED_OUT.items()}
_TUMORAL = Alternative("idiopathic", "Some sources class familial tumoral calcinosis as idiopathic.")


def _alternatives(
    chosen: str, certainty: str, assessments: tuple[Assessment, ...], open_types: tuple[str, ...]
) -> tuple[Alternative, ...]:
    found = sorted((x for x in assessments if x.alternative is not None and x.type_id != chosen), key=_rank)
    alternatives = [x.alternative for x in found if x.alternative]
    listed = {chosen, *(x.type_id for x in found)}
    if "idiopathic" not in listed and any(s.rule.startswith("M6") for s in assessments[1].steps):
        alternatives.append(_TUMORAL)
        listed.add("idiopathic")
    if certainty != LIKELY:
        alternatives.extend(_NOT_RULED_OUT[t] for t in open_types if t not in listed)
    return tuple(alternatives)


def _rank(assessment: Assessment) -> int:
    return assessment.rank


@lru_cache(maxsize=16384)
def _red_flags(held_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The warning signs of the rules that hold, urgent ones first. Of the calciphylaxis
    table only the most urgent row that holds speaks, and it stands for skin breakdown."""
    held = [RULE_BY_ID[i] for i in held_ids]
    table = sorted((rule for rule in held if rule.id in _TABLE_IDS), key=lambda r: -LEVEL_RANK[r.urgency])
    shown = table[:1] + [rule for rule in held if rule.id not in _TABLE_IDS and not (table and rule.id == "S1")]
    shown.sort(key=lambda r: -LEVEL_RANK[r.urgency])
    return tuple(rule.flag for rule in shown)


@lru_cache(maxsize=16384)
def _sources(
    chosen: str,
    lab_sources: tuple[str, ...],
    product: bool,
    held: tuple[str, ...],
    look_alikes: tuple[LookAlikeHit, ...],
) -> tuple[str, ...]:
    """The sources of the type's card, the measured values, the rules that held and the look-alikes."""
    ids = [*_CARD_SOURCES[chosen], *lab_sources]
    if product:
        ids.extend(PRODUCT_SOURCES)
    for rule_id in held:
        ids.extend(RULE_BY_ID[rule_id].sources)
    ids.extend(advice.look_alike_sources(look_alikes))
    return tuple(dict.fromkeys(ids))


_CARD_SOURCES = {type_id: card.source_ids for type_id, card in TYPES.items()}
