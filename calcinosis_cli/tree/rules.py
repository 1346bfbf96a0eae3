"""The urgency rules of decision.md 1.1 as data: the calciphylaxis table (§1) and the
urgency bullets (§2), each row next to what it reads and why.

Urgency is the highest urgency of every rule that holds (§0): no rule caps another, so a
more worrying answer can only add rules that hold. Each rule reads only the fields of
:class:`Signs`, and ``reads`` names them, so that a test can try every combination.
"""

from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

YES = "yes"
URGENT, SOON = "urgent", "soon"
LEVEL_RANK = {"routine": 0, SOON: 1, URGENT: 2}


class Signs(NamedTuple):
    """The facts the urgency rules read."""

    breakdown: str  # skin_breakdown
    dark: str  # skin_dark
    patches: str  # skin_patches
    pain: str
    worst_site: bool  # the fatty areas or the penis
    strong: bool  # a strong calciphylaxis risk factor is yes
    others: int  # other risk factors yes, 0, 1 or 2 (two or more)
    high_symptoms: str  # high_calcium_symptoms
    low_symptoms: str  # low_calcium_symptoms
    infection: str  # infection_signs
    lump_change: str
    vulnerable: bool  # kidney failure, a transplant, steroids or chemotherapy: yes
    chemotherapy: str
    calcium: str
    phosphate: str
    severe: str | None  # measured calcium in the severe range: "high" or "low"
    baby: bool  # newborn or infant
    difficult_birth: bool  # tissue_damage difficult-birth
    calcium_injection: bool  # procedure calcium-injection
    tissue_infection: bool  # tissue_damage infection
    kidney_failure: str
    product_high: bool  # an adult's calcium × phosphate product at or above the threshold

    @property
    def broken(self) -> bool:
        """Skin breakdown or dark, dying-looking skin."""
        return YES in (self.breakdown, self.dark)

    @property
    def any_skin(self) -> bool:
        return YES in (self.breakdown, self.dark, self.patches)

    @property
    def skin_possible(self) -> bool:
        """Not all three skin signs no: one is yes, or not known."""
        return (self.breakdown, self.dark, self.patches) != ("no", "no", "no")

    @property
    def any_risk(self) -> bool:
        return self.strong or self.others > 0

    @property
    def severe_pain(self) -> bool:
        return self.pain == "severe"

    @property
    def dark_and_severe(self) -> bool:
        return self.dark == YES and self.severe_pain


class Rule(NamedTuple):
    """One urgency rule: when it holds, the result is at least ``urgency``. ``flag`` is the
    warning sign shown; ``cites`` the questions the decision path names for it."""

    id: str
    urgency: str
    summary: str
    flag: str
    cites: tuple[str, ...]
    reads: tuple[str, ...]
    holds: Callable[[Signs], bool]
    sources: tuple[str, ...] = ()
    # Calciphylaxis rows only: "name" (the row names calciphylaxis) or "alternative" (another
    # type, calciphylaxis kept in view), with a condition on the risk factors: "-if-none-known"
    # (else the row says nothing of calciphylaxis), "-unless-only-autoimmune" (then only an
    # alternative). Each row holds whenever its signs do, so that every row is monotone; the
    # rows before it in the table take the cases the decision table gives them.
    calciphylaxis: str = ""
    # A few plain words naming the rule, for a person: the decision path of --details puts
    # the id beside it ("Open sores or dark skin with a strong risk factor (rule C2)").
    label: str = ""


SKIN = ("breakdown", "dark", "patches")
SKIN_QUESTIONS = ("skin_breakdown", "skin_dark", "skin_patches")
RISK = ("strong", "others")

# decision.md 1.1, §1. Sources: the early signs (patches, hard tender skin) before any sore
# (habif_calciphylaxis, medscape_calciphylaxis); risk factors (sprague, weenig2007,
# nigwekar2008, kalajian2009, calciphylaxis_risk_table); worst prognosis on the trunk,
# thighs and penis (calciphylaxis_sites, calciphylaxis_cohort2025, penile_calciphylaxis).
CALCIPHYLAXIS_TABLE: tuple[Rule, ...] = (
    Rule(
        "C1",
        URGENT,
        "purple, dark red or net-like patches, or hard very tender skin, with a risk factor: calciphylaxis",
        "Purple or net-like patches, or hard, very tender skin, with a risk factor: possible early "
        "calciphylaxis, which needs care today.",
        ("skin_patches",),
        ("patches", *RISK),
        lambda s: s.patches == YES and s.any_risk,
        ("habif_calciphylaxis", "medscape_calciphylaxis", "calciphylaxis_risk_table"),
        "name",
        label="Purple or net-like patches, or hard, very tender skin, with a risk factor",
    ),
    Rule(
        "C2",
        URGENT,
        "skin breakdown or dark skin with a strong risk factor: calciphylaxis, whatever the pain",
        "Open sores or skin turning dark or black, with a strong risk factor for calciphylaxis: it needs "
        "care today, even if it does not hurt much.",
        ("skin_breakdown", "skin_dark"),
        ("breakdown", "dark", "strong"),
        lambda s: s.broken and s.strong,
        ("sprague", "warfarin_calciphylaxis", "medscape_calciphylaxis"),
        "name",
        label="Open sores or dark skin with a strong risk factor",
    ),
    Rule(
        "C3",
        URGENT,
        "skin breakdown with two or more other risk factors and dark skin, severe pain or a fatty area or the penis",
        "Open sores or dark skin with several risk factors for calciphylaxis: it needs care today.",
        ("skin_breakdown", "skin_dark", "pain"),
        ("breakdown", "dark", "pain", "worst_site", "others"),
        lambda s: s.broken and s.others >= 2 and (s.dark == YES or s.severe_pain or s.worst_site),
        ("weenig2007", "nigwekar2008", "calciphylaxis_sites"),
        "name",
        label="Open sores or dark skin with several risk factors",
    ),
    Rule(
        "C4",
        URGENT,
        "skin breakdown with one or more other risk factors and dark, very painful skin or a fatty area or the penis",
        "Open sores or dark skin with a risk factor for calciphylaxis, in a place or with pain that "
        "makes it more serious: it needs care today.",
        ("skin_breakdown", "skin_dark", "pain", "site"),
        ("breakdown", "dark", "pain", "worst_site", "others"),
        lambda s: s.broken and s.others >= 1 and (s.dark_and_severe or s.worst_site),
        ("kalajian2009", "calciphylaxis_cohort2025", "penile_calciphylaxis"),
        # Calcinosis of scleroderma or dermatomyositis often ulcerates: with that disease as
        # the one risk factor, the deposits are named dystrophic, calciphylaxis kept in view.
        "name-unless-only-autoimmune",
        label="Open sores or dark skin with a risk factor, very painful or in a fatty area",
    ),
    Rule(
        "C5",
        SOON,
        "skin breakdown with other risk factors only, none of the signs that make it urgent: keep calciphylaxis in view",
        "Open sores or dark skin with a risk factor for calciphylaxis: a doctor should look soon.",
        ("skin_breakdown", "skin_dark"),
        ("breakdown", "dark", "others"),
        lambda s: s.broken and s.others >= 1,
        ("nigwekar2008", "ssc_calcinosis"),
        "alternative",
        label="Open sores or dark skin with a risk factor",
    ),
    Rule(
        "C6",
        URGENT,
        "dark, very painful skin: same-day care whatever the cause; calciphylaxis possible while no risk factor is known",
        "Dark, very painful skin around the lumps: it needs care today.",
        ("skin_dark", "pain"),
        ("dark", "pain"),
        lambda s: s.dark_and_severe,
        ("medscape_calciphylaxis",),
        # Named only while no risk factor is known either way; with every one "no", dying,
        # painful skin still needs same-day care, whatever its cause.
        "name-if-none-known",
        label="Dark, very painful skin",
    ),
    Rule(
        "C7",
        SOON,
        "skin signs around the lumps: a doctor should look soon; calciphylaxis kept in view while no risk factor is known",
        "Changes of the skin around the lumps: a doctor should look soon.",
        ("skin_breakdown", "skin_dark", "skin_patches"),
        ("breakdown", "dark", "patches"),
        lambda s: s.any_skin,
        ("medscape_calciphylaxis",),
        "alternative-if-none-known",
        label="Changes of the skin around the lumps",
    ),
    Rule(
        "C8",
        URGENT,
        "a strong risk factor and severe pain, skin signs not all no: possible calciphylaxis (pain often comes first)",
        "Severe pain with a strong risk factor for calciphylaxis: pain often comes before the skin "
        "changes, so it needs care today.",
        ("pain",),
        ("breakdown", "dark", "patches", "pain", "strong"),
        lambda s: s.skin_possible and s.strong and s.severe_pain,
        ("medscape_calciphylaxis", "sprague"),
        "name",
        label="Severe pain with a strong risk factor",
    ),
    Rule(
        "C9",
        SOON,
        "other risk factors and severe pain, skin signs not all no: keep calciphylaxis in view",
        "Severe pain with a risk factor for calciphylaxis: a doctor should look soon.",
        ("pain",),
        ("breakdown", "dark", "patches", "pain", "others"),
        lambda s: s.skin_possible and s.others >= 1 and s.severe_pain,
        ("medscape_calciphylaxis",),
        "alternative",
        label="Severe pain with a risk factor",
    ),
)

# decision.md 1.1, §2, and the 1.0 triggers it keeps. Sources: symptoms and severe limits
# (se_hypercalcaemia, se_hypocalcaemia, abeloff_hypercalcaemia, statpearls_hypercalcemia,
# augusta_ca, stclair_ca); infection in the vulnerable (kalajian2009); tumour lysis
# (tls_nejm); fat necrosis of the newborn (scfn_review, scfn_monitoring); calcium leaking
# from a drip (extravasation_infants, extravasation_psnet).
URGENCY_RULES: tuple[Rule, ...] = (
    Rule(
        "U1",
        URGENT,
        "symptoms of very high calcium: emergency care whatever the measured calcium",
        "Confusion, unusual sleepiness, repeated vomiting or great thirst can mean very high calcium: "
        "get emergency care.",
        ("high_calcium_symptoms",),
        ("high_symptoms",),
        lambda s: s.high_symptoms == YES,
        ("se_hypercalcaemia", "abeloff_hypercalcaemia", "scfn_babies"),
        label="Signs of very high calcium",
    ),
    Rule(
        "U2",
        URGENT,
        "symptoms of very low calcium: emergency care whatever the measured calcium",
        "Tingling around the mouth, cramping hands, a tight throat or a fit can mean very low calcium: "
        "get emergency care.",
        ("low_calcium_symptoms",),
        ("low_symptoms",),
        lambda s: s.low_symptoms == YES,
        ("se_hypocalcaemia",),
        label="Signs of very low calcium",
    ),
    Rule(
        "U3",
        URGENT,
        "measured calcium in the severe high range for the age group",
        "The measured calcium is very high for the age and can be dangerous.",
        ("calcium",),
        ("severe",),
        lambda s: s.severe == "high",
        ("statpearls_hypercalcemia", "se_hypercalcaemia", "augusta_ca", "stclair_ca"),
        label="Calcium measured very high",
    ),
    Rule(
        "U4",
        URGENT,
        "measured calcium in the severe low range for the age group",
        "The measured calcium is very low for the age and can be dangerous.",
        ("calcium",),
        ("severe",),
        lambda s: s.severe == "low",
        ("se_hypocalcaemia", "augusta_ca", "stclair_ca"),
        label="Calcium measured very low",
    ),
    Rule(
        "U5",
        URGENT,
        "signs of infection with kidney failure, a transplant, steroids or chemotherapy",
        "Signs of infection in someone whose defences are weakened (kidney failure, a transplant, "
        "steroids or chemotherapy).",
        ("infection_signs",),
        ("infection", "vulnerable"),
        lambda s: s.infection == YES and s.vulnerable,
        ("kalajian2009", "dermnet"),
        label="Signs of infection with weakened defences",
    ),
    Rule(
        "U6",
        URGENT,
        "chemotherapy with high phosphate or low calcium: possible tumour lysis",
        "Recent cancer treatment with high phosphate or low calcium can be tumour lysis (many cancer cells "
        "breaking down at once), which needs care today.",
        ("chemotherapy",),
        ("chemotherapy", "phosphate", "calcium"),
        lambda s: s.chemotherapy == YES and (s.phosphate == "high" or s.calcium == "low"),
        ("tls_nejm", "tls_statpearls"),
        label="Recent cancer treatment with high phosphate or low calcium",
    ),
    Rule(
        "U7",
        URGENT,
        "a baby's lumps after a difficult birth or cooling, with high calcium",
        "A baby with lumps after a difficult birth or cooling, and high calcium, needs care today.",
        ("tissue_damage", "calcium"),
        ("baby", "difficult_birth", "calcium"),
        lambda s: s.baby and s.difficult_birth and s.calcium == "high",
        ("scfn_review", "stclair_ca"),
        label="A baby's lumps after a difficult birth, with high calcium",
    ),
    Rule(
        "U8",
        URGENT,
        "calcium given into a vein with dark skin or severe pain at the spot",
        "Dark skin or severe pain where calcium was given into a vein: a leak can damage the tissue, "
        "so it needs care today.",
        ("procedure",),
        ("calcium_injection", "dark", "pain"),
        lambda s: s.calcium_injection and (s.dark == YES or s.severe_pain),
        ("extravasation_infants", "extravasation_psnet"),
        label="Dark skin or severe pain where calcium went into a vein",
    ),
    Rule(
        "S1",
        SOON,
        "skin breakdown or other changes of the skin around the lumps",
        "Open sores, ulcers or changing skin around the lumps.",
        ("skin_breakdown",),
        ("breakdown",),
        lambda s: s.breakdown == YES,
        ("dermnet",),
        label="Open sores or ulcers",
    ),
    Rule(
        "S2",
        SOON,
        "signs of infection",
        "Signs of infection: redness, warmth, swelling, pus or a fever.",
        ("infection_signs",),
        ("infection",),
        lambda s: s.infection == YES,
        ("dermnet",),
        label="Signs of infection",
    ),
    Rule(
        "S3",
        SOON,
        "a lump that grows quickly, bleeds or changes, or a sore that does not heal",
        "A lump that grows quickly, bleeds or changes, or a sore that does not heal.",
        ("lump_change",),
        ("lump_change",),
        lambda s: s.lump_change == YES,
        ("marjolin", "dermnet"),
        label="A lump that changes, or a sore that does not heal",
    ),
    Rule(
        "S4",
        SOON,
        "high or low blood calcium",
        "Blood calcium outside the normal range.",
        ("calcium",),
        ("calcium",),
        lambda s: s.calcium in ("high", "low"),
        ("msd_hypercalcemia",),
        label="Blood calcium high or low",
    ),
    Rule(
        "S5",
        SOON,
        "high blood phosphate",
        "High blood phosphate.",
        ("phosphate",),
        ("phosphate",),
        lambda s: s.phosphate == "high",
        ("ckd_calcinosis",),
        label="Blood phosphate high",
    ),
    Rule(
        "S6",
        SOON,
        "an adult's calcium × phosphate product at or above the threshold",
        "A high calcium × phosphate product, at which calcium can settle in healthy tissue.",
        ("phosphate",),
        ("product_high",),
        lambda s: s.product_high,
        ("statpearls", "medscape"),
        label="A high calcium × phosphate product",
    ),
    Rule(
        "S7",
        SOON,
        "new deposits with kidney failure",
        "New lumps in someone with kidney failure should be checked by a doctor soon.",
        ("kidney_failure",),
        ("kidney_failure",),
        lambda s: s.kidney_failure == YES,
        ("ckd_calcinosis",),
        label="Kidney failure",
    ),
    Rule(
        "S8",
        SOON,
        "painful lumps",
        "Painful lumps: most calcium deposits do not hurt, so a doctor should look.",
        ("pain",),
        ("pain",),
        lambda s: s.pain in ("mild", "severe"),
        ("dermnet",),
        label="Painful lumps",
    ),
    Rule(
        "S9",
        SOON,
        "an infection where the lumps are",
        "An infection where the lumps are.",
        ("tissue_damage",),
        ("tissue_infection",),
        lambda s: s.tissue_infection,
        ("dermnet",),
        label="An infection where the lumps are",
    ),
    Rule(
        "S10",
        SOON,
        "a baby's lumps after a difficult birth or cooling: calcium can rise over the first 3 months",
        "A baby's lumps after a difficult birth or cooling: calcium can rise over the first 3 months.",
        ("tissue_damage",),
        ("baby", "difficult_birth"),
        lambda s: s.baby and s.difficult_birth,
        ("scfn_monitoring", "scfn_review"),
        label="A baby's lumps after a difficult birth or cooling",
    ),
    Rule(
        "S11",
        SOON,
        "calcium given into a vein, with signs of infection or skin breakdown at the spot",
        "Infection or broken skin where calcium was given into a vein.",
        ("procedure",),
        ("calcium_injection", "infection", "breakdown"),
        lambda s: s.calcium_injection and YES in (s.infection, s.breakdown),
        ("iv_calcium_prevention", "extravasation_psnet"),
        label="Infection or broken skin where calcium went into a vein",
    ),
)

ALL_RULES: tuple[Rule, ...] = (*CALCIPHYLAXIS_TABLE, *URGENCY_RULES)


# Signs in which no rule holds: the fields a group of rules does not read are taken from it.
CALM = Signs(
    breakdown="no",
    dark="no",
    patches="no",
    pain="none",
    worst_site=False,
    strong=False,
    others=0,
    high_symptoms="no",
    low_symptoms="no",
    infection="no",
    lump_change="no",
    vulnerable=False,
    chemotherapy="no",
    calcium="normal",
    phosphate="normal",
    severe=None,
    baby=False,
    difficult_birth=False,
    calcium_injection=False,
    tissue_infection=False,
    kidney_failure="no",
    product_high=False,
)

# The rules in groups of consecutive rules that read few fields between them (the
# calciphylaxis table is one): each group's rules that hold are worked out once for each
# combination of the values of its fields, which are few (a few thousand at most).
MOST_FIELDS = 7


class Group(NamedTuple):
    rules: tuple[Rule, ...]
    fields: tuple[str, ...]  # the fields its rules read


def _grouped(rules: tuple[Rule, ...]) -> tuple[Group, ...]:
    groups: list[Group] = []
    members: list[Rule] = []
    fields: list[str] = []
    for rule in rules:
        wider = list(dict.fromkeys([*fields, *rule.reads]))
        if members and len(wider) > MOST_FIELDS:
            groups.append(Group(tuple(members), tuple(fields)))
            members, wider = [], list(rule.reads)
        members.append(rule)
        fields = wider
    groups.append(Group(tuple(members), tuple(fields)))
    return tuple(groups)


GROUPS: tuple[Group, ...] = _grouped((*CALCIPHYLAXIS_TABLE, *URGENCY_RULES))


def reader_of(fields: tuple[str, ...]) -> Callable[[Signs], tuple[Any, ...]]:
    """The values of these fields of Signs, as a tuple (``attrgetter`` gives one field bare)."""
    if len(fields) == 1:
        return lambda signs: (getattr(signs, fields[0]),)
    return attrgetter(*fields)


_READERS = tuple((k, reader_of(group.fields)) for k, group in enumerate(GROUPS))


@cache  # finite: the values of the group's fields
def held_in_group(k: int, values: tuple[Any, ...]) -> tuple[str, ...]:
    """The ids of the rules of group ``k`` that hold for these values of its fields."""
    group = GROUPS[k]
    signs = CALM._replace(**dict(zip(group.fields, values, strict=True)))
    return tuple(rule.id for rule in group.rules if rule.holds(signs))


def rules_that_hold(signs: Signs) -> tuple[str, ...]:
    """The ids of every rule that holds, in the order of the rules (the table's rows first)."""
    held: tuple[str, ...] = ()
    for k, read in _READERS:
        held += held_in_group(k, read(signs))
    return held


RULE_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in ALL_RULES})


@lru_cache(maxsize=4096)
def urgency_of_ids(held: tuple[str, ...]) -> str:
    """The highest urgency of the rules that hold, by their ids (decision.md 1.1, §0)."""
    return urgency_of(tuple(RULE_BY_ID[i] for i in held))


def urgency_of(held: tuple[Rule, ...]) -> str:
    """The highest urgency of the rules that hold (decision.md 1.1, §0)."""
    return max((rule.urgency for rule in held), key=LEVEL_RANK.__getitem__, default="routine")
