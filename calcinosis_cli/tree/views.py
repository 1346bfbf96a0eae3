"""The generic machinery of :mod:`.relevance`: views of the answers, and the nodes that compute them.

A *view* is a function of a few answers or of other views. For the answers given, every
view has a *reach*, the values it can still take, and the set of questions that *move* it:
those for which some completion and two of their values give it two different values. A
view of several inputs takes its reach over the product of its inputs' reaches, which holds
every value it can really take, and perhaps more (two inputs may share a question). So the
questions found are a superset of the ones that really move it, never fewer; and as answers
are added, reaches only shrink, so the set only shrinks too.

- :class:`Known`: the answers given, which every node reads (and memoizes its views in);
- the nodes: :class:`Local` (a few answers, tried exactly), :class:`Map` (a function of
  other views), :class:`Fold` (a commutative aggregate), :class:`Whole` (several views
  side by side) and :class:`Measured` (what only a measured calcium or phosphate gives).

Nothing here knows the urgency rules or the types: :mod:`.mirror` builds them out of these
nodes.

Pure: no I/O, no Typer, no Rich.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from ..answers import Answers, parse_answers
from ..questions import LAB_FIELDS, QUESTIONS_BY_ID, UNKNOWN

# The calcium and phosphate questions can also be answered by a measured value.
LAB_QUESTIONS = ("calcium", "phosphate")


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


@lru_cache(maxsize=4096)
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
