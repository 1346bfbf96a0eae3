"""Branches of the decision tree that the case tables of test_tree.py do not pin down.

Blood levels unknown, but every cause of high levels ruled out: a local cause is then
"likely" (rule L1), and the reasons say nothing about blood levels, since there is
neither a normal test to cite nor an open question about the metastatic type. With one
cause of high levels still unknown the same answers are only "possible" (rule L2),
and the reasons say that the metastatic type is not yet ruled out.
"""

from __future__ import annotations

import pytest

from calcinosis_cli import triage_answers

NO_CAUSE_OF_HIGH_LEVELS = {
    "kidney_failure": "no",
    "overactive_gland": "no",
    "excess_vitamin_d": "no",
    "bone_disease": "no",
}
LEVELS_NOT_KNOWN = "Blood levels are not known, so the metastatic type is not yet ruled out."
LEVELS_FIT = "Blood calcium and phosphate are not high, which fits this type."

LOCAL_CAUSES = [
    ({"procedure": "electrode-paste"}, "iatrogenic"),
    ({"procedure": "heel-sticks", "age_group": "infant"}, "iatrogenic"),
    ({"tissue_damage": "acne"}, "dystrophic"),
    ({"autoimmune": "lupus"}, "dystrophic"),
]


@pytest.mark.parametrize(("cause", "type_id"), LOCAL_CAUSES)
def test_unknown_levels_with_every_cause_of_high_levels_ruled_out_make_a_local_cause_likely(
    cause: dict[str, str], type_id: str
) -> None:
    result = triage_answers({**cause, **NO_CAUSE_OF_HIGH_LEVELS})
    assert (result.suggested_type, result.certainty) == (type_id, "likely")
    answers = result.to_dict()["answers"]
    assert answers["calcium"] == answers["phosphate"] == "unknown"
    assert result.path[-1].rule.startswith("L1")
    assert LEVELS_NOT_KNOWN not in result.reasons
    assert LEVELS_FIT not in result.reasons, "no blood test was given, so none can be cited"
    assert "metastatic" not in [alternative.id for alternative in result.alternatives]


@pytest.mark.parametrize("still_unknown", sorted(NO_CAUSE_OF_HIGH_LEVELS))
@pytest.mark.parametrize(("cause", "type_id"), LOCAL_CAUSES)
def test_one_cause_of_high_levels_not_known_keeps_it_possible_and_says_why(
    cause: dict[str, str], type_id: str, still_unknown: str
) -> None:
    answers = {**cause, **NO_CAUSE_OF_HIGH_LEVELS, still_unknown: "unknown"}
    result = triage_answers(answers)
    assert (result.suggested_type, result.certainty) == (type_id, "possible")
    assert result.path[-1].rule.startswith("L2")
    assert LEVELS_NOT_KNOWN in result.reasons
    assert "metastatic" in [alternative.id for alternative in result.alternatives]


@pytest.mark.parametrize(("cause", "type_id"), LOCAL_CAUSES)
def test_normal_levels_are_cited_as_fitting_the_local_type(cause: dict[str, str], type_id: str) -> None:
    result = triage_answers({**cause, **NO_CAUSE_OF_HIGH_LEVELS, "calcium": "normal", "phosphate": "normal"})
    assert (result.suggested_type, result.certainty) == (type_id, "likely")
    assert result.path[-1].rule.startswith("L1")
    assert LEVELS_FIT in result.reasons and LEVELS_NOT_KNOWN not in result.reasons


@pytest.mark.parametrize("procedure", ["heel-sticks", "electrode-paste", "calcium-injection"])
@pytest.mark.parametrize("high", [{"calcium": "high"}, {"phosphate": "high"}])
def test_a_procedure_at_the_spot_with_high_levels_is_kept_as_the_alternative(
    procedure: str, high: dict[str, str]
) -> None:
    """High levels explain the deposits better; the procedure stays on the list, with why."""
    result = triage_answers({"procedure": procedure, **high})
    assert result.suggested_type == "metastatic"
    alternatives = {alternative.id: alternative.why for alternative in result.alternatives}
    assert result.alternatives[0].id == "iatrogenic"
    assert "procedure at the spot" in alternatives["iatrogenic"]
    assert any(step.question == "procedure" and step.rule.startswith("I1") for step in result.path)
