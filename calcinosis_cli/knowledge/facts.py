"""The shapes of the knowledge: a fact shown to people with the sources it rests on, a
cause with the answers that point to it, and the card of a type; and the two helpers
the cards are written with (``fact`` and ``when``).
"""

import itertools
from collections.abc import Mapping
from typing import NamedTuple

from .codes import Code


class Fact(NamedTuple):
    """One statement shown to people, with the sources it rests on."""

    text: str
    sources: tuple[str, ...]


Clause = tuple[tuple[str, tuple[str, ...]], ...]


class Cause(NamedTuple):
    """A typical cause of a type. ``when`` lists the answers that point to it:
    the cause matches when, in any one clause, every listed question has one of
    its listed values. A cause with no clause is listed but never matched."""

    text: str
    sources: tuple[str, ...]
    when: tuple[Clause, ...] = ()

    def matches(self, answers: Mapping[str, str]) -> bool:
        return any(all(answers.get(q) in values for q, values in clause) for clause in self.when)

    @property
    def pairs(self) -> tuple[frozenset[tuple[str, str]], ...]:
        """Each clause as the sets of (question, answer) pairs that satisfy it: the cause
        matches answers whose items hold one of these sets."""
        found: list[frozenset[tuple[str, str]]] = []
        for clause in self.when:
            choices = [[(q, v) for v in values] for q, values in clause]
            found.extend(frozenset(combination) for combination in itertools.product(*choices))
        return tuple(found)


class TypeCard(NamedTuple):
    id: str
    name: str
    summary: Fact
    blood_levels: Fact
    causes: tuple[Cause, ...]
    sites: tuple[Fact, ...]
    treatment: tuple[Fact, ...]
    see_doctor: Fact
    codes: tuple[Code, ...] = ()

    @property
    def facts(self) -> tuple[Fact | Cause | Code, ...]:
        return (
            self.summary,
            self.blood_levels,
            *self.causes,
            *self.sites,
            *self.treatment,
            self.see_doctor,
            *self.codes,
        )

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(sid for item in self.facts for sid in item.sources))


def when(*clauses: dict[str, str]) -> tuple[Clause, ...]:
    """Clauses written as ``{"question": "value|other value"}``."""
    return tuple(tuple((q, tuple(v.split("|"))) for q, v in clause.items()) for clause in clauses)


def fact(text: str, *sources: str) -> Fact:
    return Fact(text, sources)
