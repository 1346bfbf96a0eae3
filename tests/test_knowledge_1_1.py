"""The knowledge base of 1.1: every fact shown names a source that exists, and the texts say
what medical-facts.md section 7 says (codes, look-alikes, off-label use, no project talk)."""

from __future__ import annotations

import re

import pytest

from calcinosis_cli import SOURCES, TYPES
from calcinosis_cli.knowledge import LOOK_ALIKES, SEVERE_CALCIUM
from calcinosis_cli.knowledge.labs import BOUNDS, REFERENCE_RANGES
from calcinosis_cli.tree.rules import ALL_RULES


def shown_texts() -> list[str]:
    texts = [f.text for card in TYPES.values() for f in card.facts if hasattr(f, "text")]
    texts += [f.text for x in LOOK_ALIKES.values() for f in x.facts]
    texts += [rule.flag for rule in ALL_RULES]
    return texts


def test_every_rule_and_fact_names_sources_that_exist() -> None:
    cited = [s for card in TYPES.values() for s in card.source_ids]
    cited += [s for rule in ALL_RULES for s in rule.sources]
    cited += [s for x in LOOK_ALIKES.values() for f in x.facts for s in f.sources]
    cited += [s for by_age in REFERENCE_RANGES.values() for r in by_age.values() for s in r.sources]
    assert all(rule.sources for rule in ALL_RULES), "a rule without its source"
    assert set(cited) <= set(SOURCES)


def test_no_text_speaks_of_the_article_the_project_started_from() -> None:
    for text in shown_texts():
        assert "article" not in text.lower() and "this project" not in text.lower(), text


def test_sodium_thiosulfate_is_said_to_be_used_off_label() -> None:
    notes = [f.text for f in TYPES["calciphylaxis"].treatment if "thiosulfate" in f.text.lower()]
    assert notes and all("off-label" in note for note in notes)


def test_treatment_notes_give_no_doses() -> None:
    dose = re.compile(r"\b\d+(\.\d+)?\s*(mg|g|ml|µg|mcg|units?|iu)\b", re.IGNORECASE)
    for card in TYPES.values():
        for fact in card.treatment:
            assert not dose.search(fact.text), fact.text


def test_codes_are_only_of_the_types_themselves_from_a_cited_source() -> None:
    for card in TYPES.values():
        for code in card.codes:
            assert code.system in (
                "http://hl7.org/fhir/sid/icd-10",
                "http://hl7.org/fhir/sid/icd-10-cm",
                "http://snomed.info/sct",
            )
            assert not code.code.startswith("E83"), "a lab finding is not a type"
            assert code.sources and set(code.sources) <= set(SOURCES)
    assert [c.code for c in TYPES["dystrophic"].codes] == ["L94.2"]
    assert TYPES["calciphylaxis"].codes == (), "no cited source gives a code of calciphylaxis"


def test_the_look_alike_ids_are_the_fixed_ones() -> None:
    assert set(LOOK_ALIKES) >= {"gout-tophi", "pilomatricoma", "marjolin-ulcer", "osteoma-cutis"}
    assert "biopsy" in LOOK_ALIKES["marjolin-ulcer"].tells_apart.text


@pytest.mark.parametrize(
    ("age", "high", "low"),
    [
        ("adult", "14 mg/dL or more", "below 7.6 mg/dL"),
        ("child", "13 mg/dL or more", "7 mg/dL or less"),
        ("newborn", "above 12.5 mg/dL", "below 6 mg/dL"),
    ],
)
def test_the_severe_range_reads_as_decision_1_1_writes_it(age: str, high: str, low: str) -> None:
    severe = SEVERE_CALCIUM[age]
    assert severe.high.text("mg/dl", "high") == high
    assert severe.low.text("mg/dl", "low") == low
    assert severe.high.text("mmol/l", "high").endswith("mmol/L" + (" or more" if severe.high.inclusive else ""))


def test_ordinary_ranges_tell_the_units_of_the_contract_examples_apart() -> None:
    calcium, phosphate = BOUNDS["calcium"], BOUNDS["phosphate"]
    assert calcium["mmol/l"].ordinary.holds(2.5) and not calcium["mg/dl"].ordinary.holds(2.5)
    assert phosphate["mmol/l"].ordinary.holds(1.2) and not phosphate["mg/dl"].ordinary.holds(1.2)
    assert calcium["mg/dl"].ordinary.holds(10.0) and not calcium["mmol/l"].ordinary.holds(10.0)
