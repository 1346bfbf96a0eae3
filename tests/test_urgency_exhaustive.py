"""Monotone urgency (decision.md 1.1, §2 and §8), checked exhaustively.

The urgency is the highest urgency of the rules that hold (``tree.rules``), so it is
monotone exactly when every rule is. Each rule reads a few fields of ``Signs`` and names
them; here every rule is tried on every combination of the values of the fields it reads,
and a more worrying answer (a skin sign, symptom, infection sign or lump change yes
instead of no or unknown; a higher pain; a risk factor more) must never make a rule that
held stop holding. The fields that summarise many answers (strong and other risk
factors, a weakened defence) are checked the same way against the answers they read.
A rule that reads a field it does not name would escape this check, so that is tested too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from calcinosis_cli import triage_answers
from calcinosis_cli.tree.facts import OTHER_RISK, STRONG_RISK, risk_of
from calcinosis_cli.tree.rule_types import Rule, Signs
from calcinosis_cli.tree.rules import ALL_RULES, CALM, LEVEL_RANK, urgency_of

YNU = ("yes", "no", "unknown")
PAIN = ("none", "mild", "severe", "unknown")
LEVELS = ("high", "normal", "low", "unknown")
BOOL = (False, True)

# Every value each field of Signs can take.
DOMAIN: dict[str, tuple[Any, ...]] = {
    "breakdown": YNU,
    "dark": YNU,
    "patches": YNU,
    "pain": PAIN,
    "worst_site": BOOL,
    "strong": BOOL,
    "others": (0, 1, 2),
    "high_symptoms": YNU,
    "low_symptoms": YNU,
    "infection": YNU,
    "lump_change": YNU,
    "vulnerable": BOOL,
    "chemotherapy": YNU,
    "calcium": LEVELS,
    "phosphate": LEVELS,
    "severe": (None, "high", "low"),
    "baby": BOOL,
    "difficult_birth": BOOL,
    "calcium_injection": BOOL,
    "tissue_infection": BOOL,
    "kidney_failure": YNU,
    "product_high": BOOL,
}

YES_STEPS = (("no", "yes"), ("unknown", "yes"))
# The more worrying steps of decision.md 1.1, §2 ("Monotone"), field by field.
WORSE: dict[str, tuple[tuple[Any, Any], ...]] = {
    "breakdown": YES_STEPS,
    "dark": YES_STEPS,
    "patches": YES_STEPS,
    "high_symptoms": YES_STEPS,
    "low_symptoms": YES_STEPS,
    "infection": YES_STEPS,
    "lump_change": YES_STEPS,
    "chemotherapy": YES_STEPS,  # a risk factor
    "kidney_failure": YES_STEPS,  # a risk factor
    "pain": (("none", "mild"), ("mild", "severe"), ("none", "severe"), ("unknown", "mild"), ("unknown", "severe")),
    "strong": ((False, True),),
    "others": ((0, 1), (1, 2), (0, 2)),
    "vulnerable": ((False, True),),  # kidney failure, a transplant, steroids or chemotherapy yes
}

# Signs in which no rule holds (the tree's own, from which its groups of rules start).
# The opposite corner: every field at its most worrying value (read-check fillers).
WORRIED = CALM._replace(
    **{f: ("yes" if DOMAIN[f] == YNU else True if DOMAIN[f] == BOOL else DOMAIN[f][-1]) for f in DOMAIN}
)


def test_the_domain_covers_every_field_of_signs() -> None:
    assert set(DOMAIN) == set(Signs._fields)


def assignments(rule: Rule, base: Signs) -> Iterator[Signs]:
    fields = rule.reads
    for values in itertools.product(*(DOMAIN[f] for f in fields)):
        yield base._replace(**dict(zip(fields, values, strict=True)))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_each_rule_reads_only_the_fields_it_names(rule: Rule) -> None:
    assert set(rule.reads) <= set(DOMAIN), f"{rule.id} names a field Signs does not have"
    for calm, worried in zip(assignments(rule, CALM), assignments(rule, WORRIED), strict=True):
        assert rule.holds(calm) == rule.holds(worried), f"{rule.id} reads a field it does not name: {calm}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_each_rule_is_monotone_over_every_combination_it_reads(rule: Rule) -> None:
    for signs in assignments(rule, CALM):
        if not rule.holds(signs):
            continue
        for field in rule.reads:
            for before, after in WORSE.get(field, ()):
                if getattr(signs, field) == before:
                    worse = signs._replace(**{field: after})
                    assert rule.holds(worse), f"{rule.id} stops holding when {field} goes {before} -> {after}: {signs}"


def test_urgency_is_the_highest_of_the_rules_that_hold() -> None:
    by_level = {level: [r for r in ALL_RULES if r.urgency == level] for level in ("soon", "urgent")}
    assert urgency_of(()) == "routine"
    for soon, urgent in itertools.product(by_level["soon"], by_level["urgent"]):
        assert urgency_of((soon, urgent)) == urgency_of((urgent, soon)) == "urgent"
    for rule in ALL_RULES:
        assert LEVEL_RANK[urgency_of((rule,))] == LEVEL_RANK[rule.urgency]


def test_the_strong_risk_factor_is_monotone_in_the_four_answers_it_reads() -> None:
    values = {"kidney_failure": YNU, "organ_transplant": YNU, "warfarin": YNU}
    values["overactive_gland"] = ("parathyroid", "thyroid", "yes", "no", "unknown")
    fillers = (("no",) * 6 + ("none", "no"), ("yes",) * 6 + ("scleroderma", "yes"))
    for combo in itertools.product(*values.values()):
        strong = {bool(risk_of(*combo, *filler).strong) for filler in fillers}
        assert len(strong) == 1, f"strong depends on other answers: {combo}"
        for i, (question, answer) in enumerate(zip(STRONG_RISK, combo, strict=True)):
            if answer in ("no", "unknown", "thyroid"):
                worse = (*combo[:i], "yes", *combo[i + 1 :])
                assert bool(risk_of(*worse, *fillers[0]).strong) >= bool(risk_of(*combo, *fillers[0]).strong), question


def test_the_count_of_other_risk_factors_is_monotone_in_the_eight_answers_it_reads() -> None:
    domains = [YNU] * 6 + [("none", "lupus", "scleroderma", "other", "unknown"), YNU]
    strong_fillers = (("no", "no", "no", "no"), ("yes", "yes", "yes", "parathyroid"))
    for combo in itertools.product(*domains):
        counts = {risk_of(*filler, *combo).others for filler in strong_fillers}
        assert len(counts) == 1, f"the count depends on the strong answers: {combo}"
        count = counts.pop()
        for i, answer in enumerate(combo):
            if answer in ("no", "none", "unknown"):
                worse = (*combo[:i], "scleroderma" if OTHER_RISK[i] == "autoimmune" else "yes", *combo[i + 1 :])
                assert risk_of(*strong_fillers[0], *worse).others >= count, (OTHER_RISK[i], combo)


@pytest.mark.parametrize("question", ("kidney_failure", "organ_transplant", "steroids", "chemotherapy"))
def test_a_weakened_defence_makes_infection_signs_urgent(question: str) -> None:
    calm = triage_answers({"infection_signs": "yes", question: "no"})
    worse = triage_answers({"infection_signs": "yes", question: "yes"})
    assert calm.urgency == "soon" and worse.urgency == "urgent"


def test_the_groups_of_rules_hold_every_rule_once_in_order_and_read_only_their_fields() -> None:
    from calcinosis_cli.tree.rules import GROUPS, MOST_FIELDS

    assert [rule.id for group in GROUPS for rule in group.rules] == [rule.id for rule in ALL_RULES]
    for group in GROUPS:
        assert set(group.fields) == {field for rule in group.rules for field in rule.reads}
        assert len(group.fields) <= MOST_FIELDS or len(group.rules) == 1


@pytest.mark.parametrize("fields", [("pain",), ("pain", "dark"), ("calcium", "severe", "baby")])
def test_a_groups_reader_gives_its_fields_values_as_a_tuple(fields: tuple[str, ...]) -> None:
    from calcinosis_cli.tree.rules import reader_of

    worried = CALM._replace(pain="severe", dark="yes", severe="high", baby=True)
    assert reader_of(fields)(worried) == tuple(getattr(worried, field) for field in fields)


def test_no_rule_holds_in_the_calm_signs_the_groups_start_from() -> None:
    from calcinosis_cli.tree.rules import rules_that_hold

    assert [rule.id for rule in ALL_RULES if rule.holds(CALM)] == []
    assert rules_that_hold(CALM) == ()


def test_the_rules_held_and_their_urgency_are_those_of_each_rule_tried_on_its_own() -> None:
    """``held_rules`` keeps each group's rules and highest urgency per combination of the
    group's fields: over many combinations of every field of Signs, it gives exactly the
    table's rows and the bullets that hold when each rule is tried on its own, in their
    order, and the highest urgency among them."""
    import random

    from calcinosis_cli.tree.calciphylaxis_table import CALCIPHYLAXIS_TABLE
    from calcinosis_cli.tree.rules import held_rules

    table = {rule.id for rule in CALCIPHYLAXIS_TABLE}
    chooser = random.Random(20261204)
    for _ in range(20_000):
        signs = Signs(**{field: chooser.choice(values) for field, values in DOMAIN.items()})
        held = [rule for rule in ALL_RULES if rule.holds(signs)]
        found = held_rules(signs)
        assert found.table_ids == tuple(rule.id for rule in held if rule.id in table)
        assert found.bullet_ids == tuple(rule.id for rule in held if rule.id not in table)
        assert found.urgency == urgency_of(tuple(held))
