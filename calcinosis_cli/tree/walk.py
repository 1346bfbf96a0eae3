"""The steps of one walk of the tree over a case's answers, each a small function of the
answers and of what the steps before it found. Pure: no I/O, no Typer, no Rich."""

from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from ..labs import Labs
from ..result import LookAlikeHit, Step
from . import advice
from .assess import (
    NOT_IDIOPATHIC,
    POSSIBLE,
    Assessment,
    assess_dystrophic,
    assess_iatrogenic,
    assess_idiopathic,
    assess_metastatic,
    idiopathic_excluded,
    step_of,
)
from .choice import NO_CALCIPHYLAXIS, ORDER, calciphylaxis_fit
from .facts import (
    BABIES,
    HIGH_LEVEL_CAUSES,
    RISK_QUESTIONS,
    WORST_SITES,
    Levels,
    Risk,
    Site,
    levels_of,
    risk_of,
    site_of,
)
from .rule_types import SKIN_QUESTIONS, Signs
from .rules import RULE_BY_ID


class Facts(NamedTuple):
    """What the answers say, as the rules and the assessors read it."""

    risk: Risk
    levels: Levels
    site: Site
    signs: Signs
    product_high: bool  # an adult's calcium × phosphate product at or above the threshold


_risk_answers = itemgetter(*RISK_QUESTIONS)
_cause_answers = itemgetter(*HIGH_LEVEL_CAUSES)


def facts_of(a: Mapping[str, str], labs: Labs | None) -> Facts:
    product_high = labs is not None and labs.product_high
    risk = risk_of(*_risk_answers(a))
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
    return Facts(
        risk,
        levels_of(a["calcium"], a["phosphate"], product_high, *_cause_answers(a)),
        site_of(a["tissue_damage"], a["autoimmune"], a["tumor"], a["procedure"]),
        signs,
        product_high,
    )


def assessments_of(a: Mapping[str, str], facts: Facts, table_ids: tuple[str, ...]) -> tuple[Assessment, ...]:
    """How each type fits, in the order calciphylaxis, then ORDER."""
    levels, site = facts.levels, facts.site
    if idiopathic_excluded(a["procedure"], levels, site):
        idiopathic = NOT_IDIOPATHIC
    else:
        matched, cited = advice.idiopathic_matches(a)
        idiopathic = assess_idiopathic(
            matched, cited, a["tissue_damage"], a["calcium"], levels.not_high, site.nothing_found
        )
    return (
        calciphylaxis_fit(table_ids, facts.risk, a["kidney_failure"], a["pain"]) if table_ids else NO_CALCIPHYLAXIS,
        assess_metastatic(
            a["calcium"], a["phosphate"], facts.product_high, levels, a["kidney_failure"], a["family_history"]
        ),
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
        idiopathic,
    )


def reasons_of(picked: Assessment, chosen: str, certainty: str, levels: Levels) -> tuple[str, ...]:
    """The reasons of the chosen type, and what the blood levels add to them."""
    reasons = picked.reasons
    if certainty == "uncertain":
        reasons += ("The answers do not point clearly to one type; this is only the closest fit.",)
    elif chosen in ORDER and chosen != "metastatic":
        if levels.not_high:
            reasons += ("Blood calcium and phosphate are not high, which fits this type.",)
        elif certainty == POSSIBLE and not levels.high:
            reasons += ("The calcium or the phosphate level is not known, so high levels are not yet ruled out.",)
    return reasons


def path_of(
    a: Mapping[str, str],
    facts: Facts,
    held: tuple[str, ...],
    table_ids: tuple[str, ...],
    assessments: tuple[Assessment, ...],
    chosen: str,
    certainty: str,
) -> tuple[Step, ...]:
    """The decision path: the rows of the calciphylaxis table that hold (with the risk
    factors found), the assessors' steps, how the type was settled, the urgency rules."""
    path: tuple[Step, ...] = ()
    if table_ids:
        risk = facts.risk
        factors = tuple((q, a[q]) for q in (*risk.strong, *risk.other))
        for i in table_ids:
            path += steps_of((i,), tuple(map(a.__getitem__, RULE_BY_ID[i].cites))) + factor_steps(i, factors)
    elif a["skin_breakdown"] == a["skin_dark"] == a["skin_patches"] == "no":
        path = (step_of("skin_breakdown", "no", "C0"),)
    calciphylaxis, metastatic, iatrogenic, dystrophic, idiopathic = assessments
    path += calciphylaxis.steps + metastatic.steps + iatrogenic.steps + dystrophic.steps + idiopathic.steps
    if certainty == "uncertain":
        path += (step_of("calcium", a["calcium"], "F1"),)
    elif chosen in ("iatrogenic", "dystrophic", "idiopathic"):
        path += (step_of("calcium", a["calcium"], "L1" if facts.levels.metastatic_unlikely else "L2"),)
    bullet_ids = held[len(table_ids) :]
    return path + steps_of(bullet_ids, tuple(map(a.__getitem__, cited_by(bullet_ids))))


def look_alikes_of(a: Mapping[str, str]) -> tuple[LookAlikeHit, ...]:
    return advice.look_alikes(
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


def next_steps_of(
    a: Mapping[str, str],
    labs: Labs | None,
    facts: Facts,
    chosen: str,
    certainty: str,
    urgency: str,
    look_alikes: tuple[LookAlikeHit, ...],
) -> tuple[str, ...]:
    levels = facts.levels
    borderline = labs is not None and (
        (labs.calcium is not None and labs.calcium.level == "borderline")
        or (labs.phosphate is not None and labs.phosphate.level == "borderline")
    )
    hints = advice.NextStepHints(
        borderline,
        facts.signs.baby and facts.signs.difficult_birth,
        a["connective_tissue_signs"] == "yes" and a["autoimmune"] in ("none", "unknown"),
        labs is not None and a["age_group"] == "unknown",
    )
    return advice.next_steps(
        levels.high,
        levels.not_high,
        bool(levels.causes),
        facts.site.local_unknown,
        chosen,
        certainty,
        urgency,
        hints,
        look_alikes,
    )


def safety_net_of(a: Mapping[str, str], facts: Facts, urgency: str) -> tuple[str, ...]:
    return advice.safety_net(
        urgency,
        facts.risk.strong_possible,
        "yes" in (a["steroids"], a["chemotherapy"], a["organ_transplant"]),
        facts.signs.baby,
        facts.signs.any_skin,
    )


@lru_cache(maxsize=4096)
def cited_by(ids: tuple[str, ...]) -> tuple[str, ...]:
    """The questions the rules cite, rule by rule (a question can come more than once)."""
    return tuple(q for i in ids for q in RULE_BY_ID[i].cites)


@lru_cache(maxsize=4096)
def steps_of(ids: tuple[str, ...], cited: tuple[str, ...]) -> tuple[Step, ...]:
    """The steps of the rules that hold: the questions each cites (a skin sign only when it
    is yes), with ``cited`` their answers."""
    answers = iter(cited)
    steps: list[Step] = []
    for i in ids:
        given = [(q, next(answers)) for q in RULE_BY_ID[i].cites]
        steps.extend(step_of(q, answer, i) for q, answer in given if q not in SKIN_QUESTIONS or answer == "yes")
    return tuple(steps)


def factor_steps(rule_id: str, factors: tuple[tuple[str, str], ...]) -> tuple[Step, ...]:
    """A step of a row of the calciphylaxis table for each risk factor found, as
    (question, answer). Not kept: the risk factors found come in too many combinations."""
    return tuple([step_of(q, answer, rule_id) for q, answer in factors])
