"""Choosing the suggested type: how the calciphylaxis table's rows name it, which types
the answers leave open, the choice and its alternatives, the red flags and the sources
(decision.md 1.1, §0-1 and §8). Pure: no I/O, no Typer, no Rich."""

from functools import cache, lru_cache
from types import MappingProxyType

from ..knowledge import PRODUCT_SOURCES, TYPES
from ..result import Alternative, LookAlikeHit
from . import advice
from .assess import ALTERNATIVE, LIKELY, POSSIBLE, Assessment, Draft
from .calciphylaxis_table import CALCIPHYLAXIS_TABLE
from .facts import LOCAL_PROCEDURES, Risk, Site
from .rule_types import Rule
from .rules import LEVEL_RANK, RULE_BY_ID

ORDER = ("metastatic", "iatrogenic", "dystrophic", "idiopathic")
TYPE_ORDER = MappingProxyType({"calciphylaxis": 0, **{t: k for k, t in enumerate(ORDER, start=1)}})
TABLE_IDS = frozenset(rule.id for rule in CALCIPHYLAXIS_TABLE)


def _names(rule: Rule, known: str, only_autoimmune: bool) -> str:
    """What a calciphylaxis row says of calciphylaxis when the risk factors are ``known``
    (:attr:`Risk.known`) and ``only_autoimmune`` (:attr:`Risk.only_autoimmune`): "name",
    "alternative" or "" (nothing)."""
    mode, _, condition = rule.calciphylaxis.partition("-")
    if condition == "if-none-known" and known != "none known":
        return "alternative" if mode == "name" and known == "all no" else ""
    if condition == "unless-only-autoimmune" and only_autoimmune:
        return "alternative"
    return mode


# Why calciphylaxis is kept in view when a row of the table does not name it.
KEPT_IN_VIEW: MappingProxyType[str, str] = MappingProxyType(
    {
        "C4": "Sores in an autoimmune disease are usually calcinosis, but in a fatty area or with dark, very "
        "painful skin a doctor must rule out calciphylaxis.",
        "C5": "With a risk factor for calciphylaxis, sores or dark skin around the lumps need a doctor to rule it out.",
        # C6 keeps it in view only when every risk factor is answered no (decision.md 1.1, §1).
        "C6": "Dark, very painful skin can be calciphylaxis even without a known risk factor: a doctor must rule it out.",
        "C9": "With a risk factor for calciphylaxis, severe pain can come before the skin changes.",
        "": "Skin changes around the lumps can be calciphylaxis: tell a doctor about any kidney disease, "
        "transplant, blood thinner, steroids, diabetes or cancer.",
    }
)


def calciphylaxis_fit(table_ids: tuple[str, ...], risk: Risk, kidney_failure: str, pain: str) -> Assessment:
    """How calciphylaxis fits, from the rows of its table that hold (``table_ids``, in the
    table's order). The rows depend on the risk factors only through :attr:`Risk.known`
    and :attr:`Risk.only_autoimmune`, and their fit is kept for those; the risk factors
    named, in too many combinations to keep each fit, are added to it."""
    fit = _fit(table_ids, risk.known, risk.only_autoimmune, kidney_failure, pain)
    factors = risk.strong + risk.other
    if fit.level not in (LIKELY, POSSIBLE) or not factors:
        return fit
    reasons = (*fit.reasons, _factors_reason(factors))
    return Assessment(fit.type_id, fit.level, reasons, fit.why, fit.steps, fit.alternative, fit.rank)


@lru_cache(maxsize=4096)
def _fit(table_ids: tuple[str, ...], known: str, only_autoimmune: bool, kidney_failure: str, pain: str) -> Assessment:
    out = Draft("calciphylaxis")
    rows = [(RULE_BY_ID[i], _names(RULE_BY_ID[i], known, only_autoimmune)) for i in table_ids]
    named = next((rule for rule, says in rows if says == "name"), None)
    kept = next((rule for rule, says in rows if says == "alternative"), None)
    if named is not None:
        strong_row = named.id in ("C1", "C2")
        out.level = LIKELY if strong_row and (kidney_failure == "yes" or pain == "severe") else POSSIBLE
        out.reasons.append(named.flag)
        out.why = named.flag
    elif kept is not None:
        out.level = ALTERNATIVE
        out.why = KEPT_IN_VIEW.get(kept.id, KEPT_IN_VIEW[""])
    return out.done()


@lru_cache(maxsize=4096)
def _factors_reason(factors: tuple[str, ...]) -> str:
    return f"Risk factors for calciphylaxis in the answers: {advice.words(factors)}."


NO_CALCIPHYLAXIS = Draft("calciphylaxis").done()


def contradicted(type_id: str, procedure: str, high: bool, not_high: bool, causes: bool, site: Site) -> bool:
    """True when the answers contradict the defining condition of a type of ORDER."""
    if type_id == "metastatic":
        return not_high and not causes
    if type_id == "iatrogenic":
        return procedure == "none" or high
    if type_id == "dystrophic":
        # every question about the site answered, and no damage found there
        return (not site.damage_found and not site.local_unknown) or high
    # decision.md 1.1 §6: a procedure at the spot is a cause found
    return site.damage_found or procedure in (*LOCAL_PROCEDURES, "other") or high or causes


@cache  # finite: the procedure, three facts and the site's three
def open_types_of(procedure: str, high: bool, not_high: bool, causes: bool, site: Site) -> tuple[str, ...]:
    """The types of ORDER that the answers do not contradict, in that order."""
    return tuple(t for t in ORDER if not contradicted(t, procedure, high, not_high, causes, site))


def choose(assessments: tuple[Assessment, ...], open_types: tuple[str, ...]) -> tuple[str, str]:
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


def alternatives_of(
    chosen: str, certainty: str, assessments: tuple[Assessment, ...], open_types: tuple[str, ...]
) -> tuple[Alternative, ...]:
    """The other types worth keeping in mind, best first: those that fit, the idiopathic
    class of familial tumoral calcinosis, and (unless the choice is likely) the types not
    ruled out."""
    fits = tuple((x.rank, x.alternative) for x in assessments if x.alternative is not None)
    tumoral = any(s.rule.startswith("M6") for s in assessments[1].steps)
    return _alternatives(chosen, certainty, fits, tumoral, open_types)


@lru_cache(maxsize=4096)
def _alternatives(
    chosen: str,
    certainty: str,
    fits: tuple[tuple[int, Alternative], ...],
    tumoral: bool,
    open_types: tuple[str, ...],
) -> tuple[Alternative, ...]:
    found = sorted((fit for fit in fits if fit[1].id != chosen), key=_rank)
    alternatives = [alternative for _, alternative in found]
    listed = {chosen, *(alternative.id for alternative in alternatives)}
    if "idiopathic" not in listed and tumoral:
        alternatives.append(_TUMORAL)
        listed.add("idiopathic")
    if certainty != LIKELY:
        alternatives.extend(_NOT_RULED_OUT[t] for t in open_types if t not in listed)
    return tuple(alternatives)


def _rank(fit: tuple[int, Alternative]) -> int:
    return fit[0]


@lru_cache(maxsize=4096)
def red_flags_of(held_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The warning signs of the rules that hold, urgent ones first. Of the calciphylaxis
    table only the most urgent row that holds speaks, and it stands for skin breakdown."""
    held = [RULE_BY_ID[i] for i in held_ids]
    table = sorted((rule for rule in held if rule.id in TABLE_IDS), key=lambda r: -LEVEL_RANK[r.urgency])
    shown = table[:1] + [rule for rule in held if rule.id not in TABLE_IDS and not (table and rule.id == "S1")]
    shown.sort(key=lambda r: -LEVEL_RANK[r.urgency])
    return tuple(rule.flag for rule in shown)


@lru_cache(maxsize=4096)
def sources_of(
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
