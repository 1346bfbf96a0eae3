"""The evaluation of the urgency rules of decision.md 1.1: which rules hold for some
:class:`Signs`, and the urgency they give.

Urgency is the highest urgency of every rule that holds (§0): no rule caps another, so a
more worrying answer can only add rules that hold. Each rule reads only the fields of
:class:`Signs`, and ``reads`` names them, so that a test can try every combination.

The rules are data, each next to its source: the calciphylaxis table (§1) in
:mod:`.calciphylaxis_table`, the urgency bullets (§2) in :mod:`.urgency_bullets`, their
types in :mod:`.rule_types`.
"""

from collections.abc import Callable, Mapping
from functools import cache
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from .calciphylaxis_table import CALCIPHYLAXIS_TABLE
from .rule_types import SOON, URGENT, Rule, Signs
from .urgency_bullets import URGENCY_RULES

LEVEL_RANK = {"routine": 0, SOON: 1, URGENT: 2}

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


# The table's rows and the bullets are grouped apart: the first TABLE_GROUPS groups are the table's.
_TABLE_GROUPS = _grouped(CALCIPHYLAXIS_TABLE)
TABLE_GROUPS = len(_TABLE_GROUPS)
GROUPS: tuple[Group, ...] = (*_TABLE_GROUPS, *_grouped(URGENCY_RULES))


def reader_of(fields: tuple[str, ...]) -> Callable[[Signs], tuple[Any, ...]]:
    """The values of these fields of Signs, as a tuple (``attrgetter`` gives one field bare)."""
    if len(fields) == 1:
        return lambda signs: (getattr(signs, fields[0]),)
    return attrgetter(*fields)


_READERS = tuple((k, reader_of(group.fields)) for k, group in enumerate(GROUPS))


@cache  # finite: the values of the group's fields
def held_in_group(k: int, values: tuple[Any, ...]) -> tuple[tuple[str, ...], int]:
    """The ids of the rules of group ``k`` that hold for these values of its fields, and
    the highest rank of their urgencies (:data:`LEVEL_RANK`; 0 when none holds)."""
    group = GROUPS[k]
    signs = CALM._replace(**dict(zip(group.fields, values, strict=True)))
    held = tuple(rule for rule in group.rules if rule.holds(signs))
    return tuple(rule.id for rule in held), LEVEL_RANK[urgency_of(held)]


_TABLE_READERS = _READERS[:TABLE_GROUPS]
_BULLET_READERS = _READERS[TABLE_GROUPS:]
_LEVEL_OF_RANK = {rank: level for level, rank in LEVEL_RANK.items()}


class Held(NamedTuple):
    """The urgency rules that hold, and the urgency they give."""

    table_ids: tuple[str, ...]  # the rows of the calciphylaxis table, in its order
    bullet_ids: tuple[str, ...]  # the urgency bullets, in their order
    urgency: str  # the highest urgency of them all (decision.md 1.1, §0)


def held_rules(signs: Signs) -> Held:
    """The rules that hold for these signs, the calciphylaxis table's rows apart, and the
    urgency: each group's are kept for the values of the fields it reads."""
    table: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    rank = 0
    for k, read in _TABLE_READERS:
        ids, most = held_in_group(k, read(signs))
        table += ids
        if most > rank:
            rank = most
    for k, read in _BULLET_READERS:
        ids, most = held_in_group(k, read(signs))
        bullets += ids
        if most > rank:
            rank = most
    return Held(table, bullets, _LEVEL_OF_RANK[rank])


def rules_that_hold(signs: Signs) -> tuple[str, ...]:
    """The ids of every rule that holds, in the order of the rules (the table's rows first)."""
    table, bullets, _ = held_rules(signs)
    return table + bullets


RULE_BY_ID: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in ALL_RULES})


def urgency_of(held: tuple[Rule, ...]) -> str:
    """The highest urgency of the rules that hold (decision.md 1.1, §0)."""
    return max((rule.urgency for rule in held), key=LEVEL_RANK.__getitem__, default="routine")
