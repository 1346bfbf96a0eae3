"""The decision tree mirrored as a circuit of views (:mod:`.views`), for :mod:`.relevance`.

Each part gives, for a partial set of answers, what the tree can still give and which
questions can change it:

- the fields of :class:`.rule_types.Signs`, and each urgency rule of :mod:`.rules` as data
  (``rule.holds`` over the fields it ``reads``): the rules that hold give the urgency and
  the red flags (:data:`HELD`);
- the level each type can reach (decision.md 1.1, §1 and §3-6) and the choice between
  them, which give the suggested type and its certainty (:data:`TYPE`);
- each look-alike, through :func:`.advice.look_alikes` itself (:data:`LOOK_ALIKES`).

:data:`RESULT` holds the three side by side.

Pure: no I/O, no Typer, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..knowledge import TYPES
from ..questions import UNKNOWN
from .advice import look_alikes
from .assess import LIKELY, POSSIBLE
from .calciphylaxis_table import CALCIPHYLAXIS_TABLE
from .choice import ORDER
from .facts import (
    BABIES,
    DAMAGE,
    HIGH_LEVEL_CAUSES,
    LOCAL_PROCEDURES,
    OTHER_RISK,
    RISK_QUESTIONS,
    STRONG_RISK,
    TISSUE_DAMAGING_DISEASES,
    WORST_SITES,
    counts_as_no,
    counts_as_risk,
    site_of,
)
from .rule_types import Rule, Signs
from .rules import ALL_RULES
from .views import Fold, Local, Map, Measured, Node, Whole

# --- the fields of Signs, as the tree makes them ------------------------------------------


def _same(value: str) -> str:
    return value


def answer(question: str) -> Local:
    return Local(question, (question,), _same)


def _any(a: bool, b: bool) -> bool:
    return a or b


def _count2(a: int, b: int) -> int:
    return min(a + b, 2)


def _risk_yes(question: str) -> Local:
    return Local(question, (question,), lambda v: counts_as_risk(question, v))


FIELDS: dict[str, Node] = {
    "breakdown": answer("skin_breakdown"),
    "dark": answer("skin_dark"),
    "patches": answer("skin_patches"),
    "pain": answer("pain"),
    "worst_site": Local("worst_site", ("site",), lambda s: s in WORST_SITES),
    "strong": Fold("strong", [_risk_yes(q) for q in STRONG_RISK], False, _any),
    "others": Fold(
        "others", [Local(q, (q,), lambda v, q=q: int(counts_as_risk(q, v))) for q in OTHER_RISK], 0, _count2
    ),
    "high_symptoms": answer("high_calcium_symptoms"),
    "low_symptoms": answer("low_calcium_symptoms"),
    "infection": answer("infection_signs"),
    "lump_change": answer("lump_change"),
    "vulnerable": Local(
        "vulnerable",
        ("kidney_failure", "organ_transplant", "steroids", "chemotherapy"),
        lambda *answers: "yes" in answers,
    ),
    "chemotherapy": answer("chemotherapy"),
    "calcium": answer("calcium"),
    "phosphate": answer("phosphate"),
    "severe": Measured("severe", ("calcium",), frozenset([None, "high", "low"]), None),
    "baby": Local("baby", ("age_group",), lambda a: a in BABIES),
    "difficult_birth": Local("difficult_birth", ("tissue_damage",), lambda t: t == "difficult-birth"),
    "calcium_injection": Local("calcium_injection", ("procedure",), lambda p: p == "calcium-injection"),
    "tissue_infection": Local("tissue_infection", ("tissue_damage",), lambda t: t == "infection"),
    "kidney_failure": answer("kidney_failure"),
    "product_high": Measured("product", ("calcium", "phosphate"), frozenset([False, True]), False),
}
assert set(FIELDS) == set(Signs._fields), "every field of Signs has its view"

# Every rule reads only the fields it names (rule.reads): the others may be anything.
_NEUTRAL = Signs(*([UNKNOWN] * len(Signs._fields)))  # type: ignore[arg-type]


def _holds(rule: Rule) -> Callable[..., bool]:
    def holds(*values: Any) -> bool:
        return rule.holds(_NEUTRAL._replace(**dict(zip(rule.reads, values, strict=True))))

    return holds


RULE_VIEWS: dict[str, Node] = {
    rule.id: Map(rule.id, _holds(rule), [FIELDS[f] for f in rule.reads]) for rule in ALL_RULES
}
HELD = Whole("held", list(RULE_VIEWS.values()))


# --- the suggested type and its certainty (decision.md 1.1, §0, §1, §3-6) -------------------


def _risk_state(question: str) -> Local:
    return Local(question, (question,), lambda v: (counts_as_risk(question, v), counts_as_no(question, v)))


def _both(a: tuple[bool, bool], b: tuple[bool, bool]) -> tuple[bool, bool]:
    return a[0] or b[0], a[1] and b[1]


def _known(state: tuple[bool, bool]) -> str:
    return "some" if state[0] else "all no" if state[1] else "none known"


RISK_KNOWN = Fold("risk_known", [_risk_state(q) for q in RISK_QUESTIONS], (False, True), _both, _known)
ONLY_AUTOIMMUNE = Fold(
    "only_autoimmune",
    [
        Local(q, (q,), lambda v, q=q: (int(counts_as_risk(q, v)), q == "autoimmune" and counts_as_risk(q, v)))
        for q in OTHER_RISK
    ],
    (0, False),
    lambda a, b: (min(a[0] + b[0], 2), a[1] or b[1]),
    lambda s: s == (1, True),
)
NAMING_ROWS = tuple(rule for rule in CALCIPHYLAXIS_TABLE if rule.calciphylaxis.startswith("name"))


def says(rule: Rule, known: str, only_autoimmune: bool) -> str:
    """What a row of the calciphylaxis table says of calciphylaxis ("name", "alternative" or
    ""), by the condition its data carries (see :class:`.rules.Rule`)."""
    mode, _, condition = rule.calciphylaxis.partition("-")
    if condition == "if-none-known" and known != "none known":
        return "alternative" if mode == "name" and known == "all no" else ""
    if condition == "unless-only-autoimmune" and only_autoimmune:
        return "alternative"
    return mode


def _calciphylaxis(*inputs: Any) -> str | None:
    *holds, known, only_autoimmune, kidney, pain = inputs
    for rule, held in zip(NAMING_ROWS, holds, strict=True):
        if held and says(rule, known, only_autoimmune) == "name":
            strong_row = rule.id in ("C1", "C2")
            return LIKELY if strong_row and (kidney == "yes" or pain == "severe") else POSSIBLE
    return None


CALCIPHYLAXIS = Map(
    "calciphylaxis",
    _calciphylaxis,
    [
        *(RULE_VIEWS[rule.id] for rule in NAMING_ROWS),
        RISK_KNOWN,
        ONLY_AUTOIMMUNE,
        answer("kidney_failure"),
        answer("pain"),
    ],
)


class Lv(NamedTuple):
    """What the blood levels and the causes of high levels say, as the types read it."""

    high: bool
    not_high: bool
    cause: bool  # a cause of high levels is yes
    unlikely: bool  # metastatic unlikely: levels not high, or none high and every cause no


def _levels(calcium: str, phosphate: str, product: bool, causes: tuple[bool, bool]) -> Lv:
    high = calcium == "high" or phosphate == "high" or product
    not_high = not high and calcium in ("normal", "low") and phosphate in ("normal", "low")
    return Lv(high, not_high, causes[0], not_high or (not high and causes[1]))


CAUSES = Fold(
    "causes",
    [Local(q, (q,), lambda v: (v in ("yes", "parathyroid"), v in ("no", "thyroid"))) for q in HIGH_LEVEL_CAUSES],
    (False, True),
    _both,
)
LEVELS = Map("levels", _levels, [FIELDS["calcium"], FIELDS["phosphate"], FIELDS["product_high"], CAUSES])


def _metastatic(lv: Lv) -> str | None:
    return LIKELY if lv.high else POSSIBLE if lv.cause and not lv.not_high else None


def _procedure_kind(procedure: str, age_group: str, lesions: str) -> tuple[str, bool] | None:
    if procedure in LOCAL_PROCEDURES:
        return "local", not (procedure == "heel-sticks" and age_group == "adult") and lesions != "many"
    return ("other", False) if procedure == "other" else None


def _iatrogenic(kind: tuple[str, bool] | None, lv: Lv) -> str | None:
    if kind is None or lv.high:
        return None
    return LIKELY if kind == ("local", True) and lv.unlikely else POSSIBLE


def _damage_kind(
    tissue_damage: str, procedure: str, autoimmune: str, tumor: str, signs: str
) -> tuple[str, bool] | None:
    """("strong" or "possible", whether a procedure at the spot outranks it), or None."""
    damage = tissue_damage in DAMAGE or procedure == "surgery"
    if damage or autoimmune in TISSUE_DAMAGING_DISEASES or tumor == "yes":
        disease_only = not damage and tumor != "yes"
        return "strong", disease_only and procedure in LOCAL_PROCEDURES
    if autoimmune == "other":
        return "possible", procedure in LOCAL_PROCEDURES
    if signs == "yes" and autoimmune in ("none", UNKNOWN):
        return "possible", False
    return None


def _dystrophic(kind: tuple[str, bool] | None, lv: Lv) -> str | None:
    if kind is None or lv.high or kind[1]:
        return None
    return LIKELY if kind[0] == "strong" and lv.unlikely else POSSIBLE


SITE = Local("site_facts", ("tissue_damage", "autoimmune", "tumor", "procedure"), site_of)
IDIOPATHIC_EXCLUDED = Local(
    "idiopathic_excluded",
    ("tissue_damage", "autoimmune", "tumor", "procedure"),
    lambda t, a, u, p: site_of(t, a, u, p).damage_found or p in (*LOCAL_PROCEDURES, "other"),
)
IDIOPATHIC_CLAUSES = tuple(
    Local(
        "idiopathic_cause",
        tuple(q for q, _ in clause),
        lambda *values, clause=clause: all(v in allowed for v, (_, allowed) in zip(values, clause, strict=True)),
    )
    for cause in TYPES["idiopathic"].causes
    for clause in cause.when
)
MATCHED = Fold("idiopathic_matched", IDIOPATHIC_CLAUSES, False, _any)


def _idiopathic(excluded: bool, site: Any, lv: Lv, matched: bool) -> str | None:
    if excluded or lv.high or lv.cause:
        return None
    if matched:
        return LIKELY if lv.not_high else POSSIBLE
    return POSSIBLE if site.nothing_found and lv.not_high else None


def _fallback(site: Any, lv: Lv) -> str:
    """The type named, uncertain, when none fits: dystrophic unless ruled out."""
    ruled_out = (site.nothing_found and not site.local_unknown) or lv.high
    return "idiopathic" if ruled_out else "dystrophic"


def choose(calciphylaxis: str | None, *levels_and_fallback: Any) -> tuple[str, str]:
    """decision.md 1.1, §0: calciphylaxis when a row names it; else the first type likely, in
    the order metastatic, iatrogenic, dystrophic, idiopathic; else the first possible; else
    the fallback, uncertain."""
    *levels, fallback = levels_and_fallback
    if calciphylaxis is not None:
        return "calciphylaxis", calciphylaxis
    for level in (LIKELY, POSSIBLE):
        for type_id, found in zip(ORDER, levels, strict=True):
            if found == level:
                return type_id, level
    return fallback, "uncertain"


TYPE = Map(
    "type",
    choose,
    [
        CALCIPHYLAXIS,
        Map("metastatic", _metastatic, [LEVELS]),
        Map(
            "iatrogenic",
            _iatrogenic,
            [Local("procedure_kind", ("procedure", "age_group", "lesions"), _procedure_kind), LEVELS],
        ),
        Map(
            "dystrophic",
            _dystrophic,
            [
                Local(
                    "damage_kind",
                    ("tissue_damage", "procedure", "autoimmune", "tumor", "connective_tissue_signs"),
                    _damage_kind,
                ),
                LEVELS,
            ],
        ),
        Map("idiopathic", _idiopathic, [IDIOPATHIC_EXCLUDED, SITE, LEVELS, MATCHED]),
        Map("fallback", _fallback, [SITE, LEVELS]),
    ],
)


# --- the look-alikes, by advice.look_alikes itself ------------------------------------------

# The answers each look-alike reads (decision.md 1.1, §7).
LOOK_ALIKE_READS: dict[str, tuple[str, ...]] = {
    "gout-tophi": ("gout",),
    "pilomatricoma": ("age_group", "lesions", "site"),
    "marjolin-ulcer": ("tissue_damage", "lump_change"),
    "osteoma-cutis": ("calcium", "phosphate", "kidney_failure", "chemotherapy"),
}
_LOOK_ALIKE_ARGS = (
    "gout",
    "age_group",
    "site",
    "lesions",
    "tissue_damage",
    "lump_change",
    "calcium",
    "phosphate",
    "kidney_failure",
    "chemotherapy",
)


def _look_alike(hit: str, reads: tuple[str, ...]) -> Local:
    def found(*values: str) -> bool:
        given = {**dict.fromkeys(_LOOK_ALIKE_ARGS, UNKNOWN), **dict(zip(reads, values, strict=True))}
        return any(h.id == hit for h in look_alikes(*(given[q] for q in _LOOK_ALIKE_ARGS)))

    return Local(hit, reads, found)


LOOK_ALIKES = Whole("look_alikes", [_look_alike(hit, reads) for hit, reads in LOOK_ALIKE_READS.items()])

RESULT = Whole("result", [HELD, TYPE, LOOK_ALIKES])
