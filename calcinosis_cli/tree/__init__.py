"""The decision tree: answers in, result out. Pure: no I/O, no Typer, no Rich.

It follows decision.md 1.1. The urgency rules (the calciphylaxis table of
:mod:`.calciphylaxis_table` and the urgency bullets of :mod:`.urgency_bullets`) are data,
and the urgency is the highest any of them gives (:mod:`.rules`). The suggested type
comes from the first calciphylaxis row that names one, else from the assessors of
:mod:`.assess` in the order metastatic, iatrogenic, dystrophic, idiopathic.
"""

from types import MappingProxyType
from typing import NamedTuple

from ..answers import Answers
from ..errors import UsageError
from ..knowledge import DISCLAIMER
from ..result import Result
from .advice import matched_causes
from .assess import TYPE_RULES, Assessment
from .choice import (
    TYPE_ORDER,
    alternatives_of,
    choose,
    open_types_of,
    red_flags_of,
    sources_of,
)
from .rules import ALL_RULES, held_rules
from .rules import RULE_BY_ID as RULE_BY_ID
from .walk import (
    Facts,
    assessments_of,
    facts_of,
    look_alikes_of,
    next_steps_of,
    path_of,
    reasons_of,
    safety_net_of,
)

RULES: MappingProxyType[str, str] = MappingProxyType(
    {
        **{rule.id: rule.summary for rule in ALL_RULES},
        "C0": "no sores, dark skin or patches around the lumps: no sign of calciphylaxis",
        **TYPE_RULES,
        "F1": "nothing points clearly to one type: the closest fit is named, uncertain",
        "L1": "blood levels measured not high, or every cause of high levels answered no: a local cause can be likely",
        "L2": "calcium or phosphate not known: a local cause stays only possible until a blood test",
    }
)


class Verdict(NamedTuple):
    """The decision without its explanation: the suggested type, its certainty and the
    urgency, with what the rest of the result is worked out from."""

    answers: Answers
    facts: Facts
    held: tuple[str, ...]  # the urgency rules that hold, the calciphylaxis table's rows first
    table_ids: tuple[str, ...]
    assessments: tuple[Assessment, ...]
    open_types: tuple[str, ...]
    suggested_type: str
    certainty: str
    urgency: str


# The keys of a result that a verdict holds.
VERDICT_KEYS = frozenset(("suggested_type", "certainty", "urgency"))


def verdict(answers: Answers) -> Verdict:
    """The type, certainty and urgency that the answers give: the part of the walk that
    decides (for callers that need no more, such as ``triage_records`` with those keys)."""
    a, labs = answers.values, answers.labs
    facts = facts_of(a, labs)
    table_ids, bullet_ids, urgency = held_rules(facts.signs)
    held = table_ids + bullet_ids
    assessments = assessments_of(a, facts, table_ids)
    levels = facts.levels
    open_types = open_types_of(a["procedure"], levels.high, levels.not_high, bool(levels.causes), facts.site)
    chosen, certainty = choose(assessments, open_types)
    return Verdict(answers, facts, held, table_ids, assessments, open_types, chosen, certainty, urgency)


def triage(answers: Answers) -> Result:
    """Walk the decision tree over validated answers (the :class:`Answers` of
    :func:`calcinosis_cli.parse_answers`) and return the result: the verdict, then
    everything that explains it and says what to do. Raises :class:`UsageError` for
    anything else, such as a plain mapping (``triage_answers`` takes one)."""
    if not isinstance(answers, Answers):
        raise UsageError(
            f"triage() takes the Answers of parse_answers(), not a value of type {type(answers).__name__}: "
            "for a mapping of answers, call triage_answers()"
        )
    answers, facts, held, table_ids, assessments, open_types, chosen, certainty, urgency = verdict(answers)
    a, labs = answers.values, answers.labs
    levels = facts.levels
    look_alikes = look_alikes_of(a)
    return Result(
        suggested_type=chosen,
        certainty=certainty,
        alternatives=alternatives_of(chosen, certainty, assessments, open_types),
        reasons=reasons_of(assessments[TYPE_ORDER[chosen]], chosen, certainty, levels),
        path=path_of(a, facts, held, table_ids, assessments, chosen, certainty),
        matched_causes=matched_causes(chosen, a),
        red_flags=red_flags_of(held),
        urgency=urgency,
        next_steps=next_steps_of(a, labs, facts, chosen, certainty, urgency, look_alikes),
        answers=answers,
        source_ids=sources_of(
            chosen, labs.sources if labs else (), labs is not None and labs.product is not None, held, look_alikes
        ),
        disclaimer=DISCLAIMER,
        safety_net=safety_net_of(a, facts, urgency),
        look_alikes=look_alikes,
    )
