"""Which unanswered questions can still change the result (contract 1.1, "When it prompts").

A question is *relevant* when, for some values of the other unanswered questions, changing
its answer alone changes the urgency, the suggested type, its certainty, the red flags or
the look-alikes. Trying every completion is out of reach (36 questions, most with three
or more values), so the tree is read as a small circuit of *views* (:mod:`.views`), each a
function of a few answers or of other views, which mirrors the decision (:mod:`.mirror`).
The questions found are a superset of the relevant ones, never fewer; and as answers are
added, the set only shrinks, so its size is a true bound on the questions still to come.

``tests/test_relevance.py`` checks that these views give, for every full set of answers,
exactly what :func:`calcinosis_cli.tree.triage` gives, and that when asking stops every
completion of the remaining answers gives the same result.

Pure: no I/O, no Typer, no Rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ..answers import parse_answers
from ..questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN, Question
from . import triage
from .mirror import HELD, LOOK_ALIKE_READS, LOOK_ALIKES, RESULT, TYPE
from .rules import ALL_RULES
from .views import Known

# The order of the interview: the bank's order, which puts the questions that can reveal an
# emergency first (the skin signs, pain, the symptoms of very high or low calcium, then the
# risk factors of calciphylaxis).
ASK_ORDER: tuple[str, ...] = tuple(q.id for q in QUESTIONS)


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
