"""Which unanswered questions can still change the result (contract 1.1, "When it prompts").

A question is *relevant* when, for some values of the other unanswered questions, changing
its answer alone changes the urgency, the suggested type, its certainty, the red flags or
the look-alikes. Trying every completion is out of reach (36 questions, most with three
or more values), so the tree is read here as a small circuit of *views*, each a function
of a few answers or of other views:

- the fields of :class:`.rules.Signs`, and each urgency rule of :mod:`.rules` as data
  (``rule.holds`` over the fields it ``reads``): the rules that hold give the urgency and
  the red flags;
- the level each type can reach (decision.md 1.1, §1 and §3-6) and the choice between
  them, which give the suggested type and its certainty;
- each look-alike, through :func:`.advice.look_alikes` itself.

For the answers given, every view has a *reach*, the values it can still take, and the set
of questions that *move* it: those for which some completion and two of their values give
it two different values. A view of several inputs takes its reach over the product of its
inputs' reaches, which holds every value it can really take, and perhaps more (two inputs
may share a question). So the questions found are a superset of the relevant ones, never
fewer; and as answers are added, reaches only shrink, so the set only shrinks too, and its
size is a true bound on the questions still to come.

``tests/test_relevance.py`` checks that these views give, for every full set of answers,
exactly what :func:`calcinosis_cli.tree.triage` gives, and that when asking stops every
completion of the remaining answers gives the same result.

Pure: no I/O, no Typer, no Rich.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from ..answers import Answers, parse_answers
from ..knowledge import TYPES
from ..questions import LAB_FIELDS, QUESTIONS, QUESTIONS_BY_ID, UNKNOWN, Question
from . import triage
from .advice import look_alikes
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
from .rules import ALL_RULES, CALCIPHYLAXIS_TABLE, Rule, Signs

LIKELY, POSSIBLE = "likely", "possible"
ORDER = ("metastatic", "iatrogenic", "dystrophic", "idiopathic")
# The calcium and phosphate questions can also be answered by a measured value.
LAB_QUESTIONS = ("calcium", "phosphate")

# The order of the interview: the bank's order, which puts the questions that can reveal an
# emergency first (the skin signs, pain, the symptoms of very high or low calcium, then the
# risk factors of calciphylaxis).
ASK_ORDER: tuple[str, ...] = tuple(q.id for q in QUESTIONS)


class View(NamedTuple):
    reach: frozenset[Hashable]
    moves: frozenset[str]


_NOTHING: frozenset[str] = frozenset()


class Known:
    """The answers given: fixed values, the open questions, and the measured values."""

    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = {k: v for k, v in raw.items() if v is not None and v != ""}
        self.answers: Answers = parse_answers(self.raw)
        self.open = frozenset(self.answers.unanswered)
        self.values = self.answers.values
        self.memo: dict[int, View] = {}
        # A level read from a measured value depends on the age group while that is open.
        self.derived: dict[str, tuple[tuple[str, str | None], ...]] = {}
        if "age_group" in self.open:
            for analyte in LAB_QUESTIONS:
                if f"{analyte}_value" in self.raw:
                    self.derived[analyte] = tuple(
                        (age, _lab_outcome(self.lab_fields, age, UNKNOWN, analyte)) for age in domain("age_group")
                    )

    @property
    def lab_fields(self) -> LabFields:
        """The measured values and units given, and the levels given beside them."""
        keys = (*LAB_FIELDS, *LAB_QUESTIONS)
        return tuple(sorted((k, v) for k, v in self.raw.items() if k in keys))

    def has_value(self, analyte: str) -> bool:
        return f"{analyte}_value" in self.raw

    def view(self, node: Node) -> View:
        found = self.memo.get(id(node))
        if found is None:
            found = self.memo[id(node)] = node.compute(self)
        return found


LabFields = tuple[tuple[str, object], ...]


@lru_cache(maxsize=1024)
def _lab_outcome(fields: LabFields, age_group: str, kidney_failure: str, what: str) -> Any:
    """What the measured values give with this age group and kidney answer: the level of an
    analyte, "severe" or "product"; None when they cannot be read so (no valid input)."""
    try:
        answers = parse_answers({**dict(fields), "age_group": age_group, "kidney_failure": kidney_failure})
    except ValueError:
        return None
    labs = answers.labs
    if what == "severe":
        return labs.calcium_severe if labs is not None else None
    if what == "product":
        return labs is not None and labs.product_high
    return answers.values[what]


def domain(question: str) -> tuple[str, ...]:
    return QUESTIONS_BY_ID[question].values


class Node:
    name = ""

    def compute(self, known: Known) -> View:  # pragma: no cover - every node overrides it
        raise NotImplementedError


class Local(Node):
    """A view of a few answers, found exactly by trying every value of the open ones."""

    def __init__(self, name: str, support: Sequence[str], fn: Callable[..., Hashable]) -> None:
        self.name, self.support, self.fn = name, tuple(support), fn

    def compute(self, known: Known) -> View:
        base = list(dict.fromkeys("age_group" if q in known.derived else q for q in self.support))
        slots = tuple((q, domain(q) if q in known.open else (known.values[q],)) for q in base)
        derived = tuple((q, known.derived[q]) for q in self.support if q in known.derived)
        return _local(self, slots, derived)


@lru_cache(maxsize=4096)
def _local(
    node: Local, slots: tuple[tuple[str, tuple[str, ...]], ...], derived: tuple[tuple[str, tuple[Any, ...]], ...]
) -> View:
    names = [q for q, _ in slots]
    tables = {q: dict(table) for q, table in derived}
    outcomes: dict[tuple[str, ...], Hashable] = {}
    for combo in itertools.product(*(values for _, values in slots)):
        given = dict(zip(names, combo, strict=True))
        args = []
        for q in node.support:
            value = tables[q][given["age_group"]] if q in tables else given[q]
            if value is None:  # a measured value that cannot be read for this age group
                break
            args.append(value)
        else:
            outcomes[combo] = node.fn(*args)
    moves = set()
    for i, (q, values) in enumerate(slots):
        if len(values) < 2:
            continue
        groups: dict[tuple[str, ...], set[Hashable]] = {}
        for combo, out in outcomes.items():
            groups.setdefault(combo[:i] + combo[i + 1 :], set()).add(out)
        if any(len(outs) > 1 for outs in groups.values()):
            moves.add(q)
    return View(frozenset(outcomes.values()), frozenset(moves))


class Map(Node):
    """A view of other views, over the product of their reaches."""

    def __init__(self, name: str, fn: Callable[..., Hashable], inputs: Sequence[Node]) -> None:
        self.name, self.fn, self.inputs = name, fn, tuple(inputs)

    def compute(self, known: Known) -> View:
        return _map(self, tuple(known.view(node) for node in self.inputs))


def _ordered(values: Iterable[Hashable]) -> tuple[Hashable, ...]:
    return tuple(sorted(values, key=repr))


@lru_cache(maxsize=8192)
def _map(node: Map, views: tuple[View, ...]) -> View:
    reaches = [_ordered(v.reach) for v in views]
    fn = node.fn
    reach = frozenset(fn(*combo) for combo in itertools.product(*reaches))
    moves: set[str] = set()
    if len(reach) > 1:
        for i, view in enumerate(views):
            if not view.moves or view.moves <= moves:
                continue
            rest = reaches[:i] + reaches[i + 1 :]
            for others in itertools.product(*rest):
                if len({fn(*others[:i], y, *others[i:]) for y in reaches[i]}) > 1:
                    moves |= view.moves
                    break
    return View(reach, frozenset(moves))


class Fold(Node):
    """A commutative aggregate (any, all, a count) of views of single answers."""

    def __init__(
        self,
        name: str,
        inputs: Sequence[Node],
        unit: Hashable,
        op: Callable[[Any, Any], Hashable],
        final: Callable[[Any], Hashable] = lambda s: s,
    ) -> None:
        self.name, self.inputs, self.unit, self.op, self.final = name, tuple(inputs), unit, op, final

    def compute(self, known: Known) -> View:
        return _fold(self, tuple(known.view(node) for node in self.inputs))


@lru_cache(maxsize=4096)
def _fold(node: Fold, views: tuple[View, ...]) -> View:
    op, final = node.op, node.final
    before = [frozenset([node.unit])]
    for view in views:
        before.append(frozenset(op(s, x) for s in before[-1] for x in view.reach))
    after = [frozenset([node.unit])]
    for view in reversed(views):
        after.append(frozenset(op(s, x) for s in after[-1] for x in view.reach))
    after.reverse()
    moves: set[str] = set()
    for i, view in enumerate(views):
        if not view.moves:
            continue
        others = {op(p, s) for p in before[i] for s in after[i + 1]}
        if any(len({final(op(o, x)) for x in view.reach}) > 1 for o in others):
            moves |= view.moves
    return View(frozenset(final(s) for s in before[-1]), frozenset(moves))


class Whole(Node):
    """Several views side by side: it changes whenever one of them does."""

    def __init__(self, name: str, inputs: Sequence[Node]) -> None:
        self.name, self.inputs = name, tuple(inputs)

    def compute(self, known: Known) -> View:
        views = [known.view(node) for node in self.inputs]
        single = all(len(v.reach) == 1 for v in views)
        reach = frozenset([tuple(next(iter(v.reach)) for v in views)]) if single else frozenset()
        return View(reach, frozenset().union(*(v.moves for v in views)))


class Measured(Node):
    """What only a measured calcium gives: the severe range ("severe") or, with a measured
    phosphate too, the calcium × phosphate product ("product")."""

    def __init__(self, name: str, needs: tuple[str, ...], free: frozenset[Hashable], none: Hashable) -> None:
        self.name, self.needs, self.free, self.none = name, needs, free, none

    def compute(self, known: Known) -> View:
        if all(known.has_value(a) for a in self.needs):
            slots = tuple(
                (q, domain(q) if q in known.open else (known.values[q],)) for q in ("age_group", "kidney_failure")
            )
            return _measured(self.name, slots, known.lab_fields)
        if all(known.has_value(a) or a in known.open for a in self.needs):
            # A value may still be typed: anything can come of it, unless the age rules it out.
            if self.name == "product" and "age_group" not in known.open and known.values["age_group"] in _CHILDREN:
                return View(frozenset([self.none]), _NOTHING)
            movers = frozenset(q for q in (*self.needs, "age_group", "kidney_failure") if q in known.open)
            return View(self.free, movers)
        return View(frozenset([self.none]), _NOTHING)


_CHILDREN = ("newborn", "infant", "child")


@lru_cache(maxsize=512)
def _measured(what: str, slots: tuple[tuple[str, tuple[str, ...]], ...], fields: LabFields) -> View:
    outcomes = {
        combo: _lab_outcome(fields, combo[0], combo[1], what) for combo in itertools.product(*(v for _, v in slots))
    }
    moves = set()
    for i, (q, values) in enumerate(slots):
        if len(values) > 1:
            groups: dict[str, set[Any]] = {}
            for combo, out in outcomes.items():
                groups.setdefault(combo[1 - i], set()).add(out)
            if any(len(outs) > 1 for outs in groups.values()):
                moves.add(q)
    return View(frozenset(outcomes.values()), frozenset(moves))


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

# Every rule reads only the fields it names (rules.py): the others may be anything.
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


# --- the interview's questions ---------------------------------------------------------------


def relevant(partial: Mapping[str, object]) -> tuple[str, ...]:
    """The unanswered questions that can still change the result, in interview order.

    ``partial`` maps question ids to answers (and may hold the measured values: see
    ``LAB_FIELDS``); a missing id is unanswered. Raises :class:`UsageError` for answers that
    are not valid.
    """
    known = Known(partial)
    moves = known.view(RESULT).moves
    return tuple(q for q in ASK_ORDER if q in moves)


def is_urgent(partial: Mapping[str, object]) -> bool:
    """Whether the result is already urgent, every unanswered question counted unknown."""
    return triage(parse_answers(partial)).urgency == "urgent"


def next_questions(partial: Mapping[str, object]) -> tuple[Question, ...]:
    """The questions still to ask, in order: none once the result is urgent (it is shown at
    once), else every relevant one."""
    if is_urgent(partial):
        return ()
    return tuple(QUESTIONS_BY_ID[q] for q in relevant(partial))


def settled(partial: Mapping[str, object]) -> bool:
    """Whether asking stops here: the result is urgent, or no answer can change it."""
    return not next_questions(partial)


def at_most(partial: Mapping[str, object]) -> int:
    """How many questions may still be asked, at most, from here (the next one included).

    Every question asked later is relevant then, and so relevant now: the bound is true."""
    return len(next_questions(partial))


class Outcome(NamedTuple):
    """What the views say of a full set of answers: the rules that hold, the suggested type
    and its certainty, the look-alikes."""

    held: tuple[str, ...]
    suggested: tuple[str, str]
    look_alikes: tuple[str, ...]


def outcome(partial: Mapping[str, object]) -> Outcome:
    """The views' result for ``partial``, every unanswered question counted unknown (for the
    tests that hold these views to the tree)."""
    full = {**dict.fromkeys(ASK_ORDER, UNKNOWN), **{k: v for k, v in partial.items() if v not in (None, "")}}
    known = Known(full)
    held: Any
    suggested: Any
    hits: Any
    (held,), (suggested,), (hits,) = (known.view(node).reach for node in (HELD, TYPE, LOOK_ALIKES))
    rule_ids = tuple(rule.id for rule, holds in zip(ALL_RULES, held, strict=True) if holds)
    alike_ids = tuple(hit for hit, found in zip(LOOK_ALIKE_READS, hits, strict=True) if found)
    return Outcome(rule_ids, suggested, alike_ids)
