"""The decisions of the tree are kept for the answers they name: what that promises."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from calcinosis_cli import parse_answers, tree, triage_answers
from calcinosis_cli.tree import decided_afresh, decided_by


def test_a_decision_that_reads_an_answer_it_does_not_name_fails_at_once() -> None:
    @decided_by("pain")
    def peeks(a: Mapping[str, str]) -> str:
        return a["skin_breakdown"]

    with pytest.raises(KeyError, match="skin_breakdown"):
        peeks({"pain": "mild", "skin_breakdown": "yes"})


def test_a_decision_is_made_once_for_each_combination_of_its_answers_and_arguments() -> None:
    made: list[tuple[str, int]] = []

    @decided_by("pain")
    def count(a: Mapping[str, str], extra: int) -> str:
        made.append((a["pain"], extra))
        return f"{a['pain']}-{extra}"

    assert count({"pain": "mild", "tumor": "no"}, 1) == "mild-1"
    assert count({"pain": "mild", "tumor": "yes"}, 1) == "mild-1"  # another answer: the kept decision
    assert count({"pain": "mild"}, 2) == "mild-2"
    assert count({"pain": "none"}, 1) == "none-1"
    assert made == [("mild", 1), ("mild", 2), ("none", 1)]
    with decided_afresh():
        assert count({"pain": "mild"}, 1) == "mild-1"
    assert made[-1] == ("mild", 1), "afresh, the decision is made again"
    with pytest.raises(TypeError, match="by position"):
        count({"pain": "mild"}, extra=1)


def test_kept_decisions_stay_few_and_right_when_the_store_fills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tree, "CACHE_ENTRIES", 2)
    for decision in tree.DECISIONS:
        monkeypatch.setattr(decision, "made", {})
    cases = [
        {"skin_breakdown": "yes", "pain": "severe", "kidney_failure": "yes"},
        {"procedure": "electrode-paste", "calcium": "normal", "phosphate": "normal"},
        {"tissue_damage": "acne"},
        {"calcium": "high"},
    ]
    with decided_afresh():
        expected = [triage_answers(case).to_dict() for case in cases]
    for _ in range(3):
        assert [tree.triage(parse_answers(case)).to_dict() for case in cases] == expected
    assert all(len(decision.made) <= 2 for decision in tree.DECISIONS)
