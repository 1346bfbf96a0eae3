"""The knowledge base: every type's card is complete, every fact names a source that
exists, the sources are originals, the lay article's loose claims are corrected, and
the reference ranges and conversions match medical-facts.md."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from calcinosis_cli import SOURCES, TYPES, triage_answers
from calcinosis_cli.knowledge import (
    CONVERSION_SOURCE,
    DISCLAIMER,
    MMOL_PER_MGDL,
    PLAUSIBLE_MGDL,
    PRODUCT_SOURCES,
    PRODUCT_THRESHOLD,
    REFERENCE_RANGES,
    SEVERE_CALCIUM_MGDL,
    Cause,
    TypeCard,
    reference_range_for,
)
from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID

TYPE_IDS = ("dystrophic", "metastatic", "iatrogenic", "idiopathic", "calciphylaxis")
AGE_GROUPS = ("infant", "child", "adult")
ANALYTES = ("calcium", "phosphate")
DOSE = re.compile(r"\d\s*(mg|g|mcg|µg|μg|ml|iu|units?|mmol|meq)\b|\bmg\b|/kg\b|\b(once|twice) (a|per) day\b", re.I)
# Mirrors, blogs and secondary copies that medical-facts.md says not to cite.
SECONDARY_HOSTS = ("blogspot", "docslib", "scite", "vercel", "droracle", "wikimili", "reference.com")
# Fingerprints of every eight-word run of the lay article (the article itself is not in the repo).
ARTICLE_SHINGLES = Path(__file__).resolve().parent / "data" / "article-shingles.txt"


def card_texts(card: TypeCard) -> list[str]:
    return [fact.text for fact in card.facts]


def all_texts() -> list[str]:
    return [text for card in TYPES.values() for text in card_texts(card)]


def cards() -> list[TypeCard]:
    return [TYPES[type_id] for type_id in TYPE_IDS]


# --- every type's card is complete ---------------------------------------------


def test_the_five_types_of_the_literature() -> None:
    assert tuple(TYPES) == TYPE_IDS
    for type_id, card in TYPES.items():
        assert card.id == type_id
        assert card.name.strip()


@pytest.mark.parametrize("type_id", TYPE_IDS)
def test_every_type_has_a_complete_card(type_id: str) -> None:
    card = TYPES[type_id]
    assert card.summary.text.strip(), "summary"
    assert card.blood_levels.text.strip(), "blood levels"
    assert card.causes, "typical causes"
    assert card.sites, "typical sites"
    assert card.treatment, "treatment notes"
    assert card.see_doctor.text.strip(), "see-a-doctor text"
    assert card.source_ids, "sources"
    for text in card_texts(card):
        assert text.strip() and text == text.strip()
    assert len({cause.text for cause in card.causes}) == len(card.causes), "a cause is listed twice"


@pytest.mark.parametrize("type_id", TYPE_IDS)
def test_every_fact_and_cause_names_a_source_that_exists(type_id: str) -> None:
    for fact in TYPES[type_id].facts:
        assert fact.sources, f"no source for {fact.text!r}"
        for source_id in fact.sources:
            assert source_id in SOURCES, f"{source_id!r} (for {fact.text!r}) is not in SOURCES"


def test_ranges_thresholds_and_conversions_name_sources_that_exist() -> None:
    for analyte in ANALYTES:
        for age in AGE_GROUPS:
            found = REFERENCE_RANGES[analyte][age]
            assert found.sources and set(found.sources) <= set(SOURCES), (analyte, age)
    assert PRODUCT_SOURCES and set(PRODUCT_SOURCES) <= set(SOURCES)
    assert CONVERSION_SOURCE in SOURCES


def test_every_source_is_cited_by_some_fact() -> None:
    cited = {source_id for card in TYPES.values() for source_id in card.source_ids}
    cited |= {s for by_age in REFERENCE_RANGES.values() for found in by_age.values() for s in found.sources}
    cited |= {*PRODUCT_SOURCES, CONVERSION_SOURCE}
    assert set(SOURCES) <= cited, sorted(set(SOURCES) - cited)


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_every_source_has_a_title_and_an_http_url(source_id: str) -> None:
    source = SOURCES[source_id]
    assert source.title.strip()
    url = urlparse(source.url)
    assert url.scheme in ("http", "https"), source.url
    assert url.netloc and "." in url.netloc, source.url
    assert not re.search(r"\s", source.url), source.url


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_no_source_is_a_mirror_or_blog(source_id: str) -> None:
    host = urlparse(SOURCES[source_id].url).netloc.lower()
    for secondary in SECONDARY_HOSTS:
        assert secondary not in host, f"{source_id} cites a secondary copy: {SOURCES[source_id].url}"


def test_every_cause_is_matched_by_real_questions_and_values() -> None:
    for card in TYPES.values():
        for cause in card.causes:
            for clause in cause.when:
                for question, values in clause:
                    assert question in QUESTIONS_BY_ID, (cause.text, question)
                    assert set(values) <= set(QUESTIONS_BY_ID[question].values), (cause.text, values)


# --- the article's facts are carried over, and completed -----------------------


@pytest.mark.parametrize(
    ("type_id", "words"),
    [
        ("dystrophic", "operation"),
        ("dystrophic", "wound"),
        ("dystrophic", "acne"),
        ("dystrophic", "cuts"),
        ("dystrophic", "joint injury"),
        ("dystrophic", "tumour"),
        ("dystrophic", "lupus"),
        ("dystrophic", "rheumatoid arthritis"),
        ("dystrophic", "scleroderma"),
        ("dystrophic", "dermatomyositis"),
        ("metastatic", "kidney failure"),
        ("metastatic", "parathyroid"),
        ("metastatic", "vitamin d"),
        ("metastatic", "paget"),
        ("metastatic", "bone cancer"),
        ("iatrogenic", "heel sticks"),
        ("iatrogenic", "electrode paste"),
        ("iatrogenic", "into a vein"),
        ("idiopathic", "born with defects"),
        ("idiopathic", "scrotum"),
        ("idiopathic", "vulva"),
        ("idiopathic", "face"),
        ("idiopathic", "down syndrome"),
        ("idiopathic", "organ transplant"),
        ("calciphylaxis", "kidney failure"),
        ("calciphylaxis", "dialysis"),
        ("calciphylaxis", "transplant"),
        ("calciphylaxis", "warfarin"),
        ("calciphylaxis", "parathyroid"),
    ],
)
def test_typical_causes_include(type_id: str, words: str) -> None:
    causes = [cause.text.lower() for cause in TYPES[type_id].causes]
    assert any(words in cause for cause in causes), (words, causes)


@pytest.mark.parametrize(
    ("type_id", "answers", "words"),
    [
        ("metastatic", {"kidney_failure": "yes"}, "kidney failure"),
        ("metastatic", {"overactive_gland": "yes"}, "parathyroid"),
        ("metastatic", {"excess_vitamin_d": "yes"}, "vitamin d"),
        ("metastatic", {"bone_disease": "yes"}, "bone"),
        ("dystrophic", {"procedure": "surgery"}, "operation"),
        ("iatrogenic", {"procedure": "heel-sticks"}, "heel sticks"),
        ("idiopathic", {"site": "face", "lesions": "single", "age_group": "child"}, "child's face"),
        ("calciphylaxis", {"warfarin": "yes"}, "warfarin"),
        ("calciphylaxis", {"organ_transplant": "yes"}, "transplant"),
    ],
)
def test_a_cause_matches_the_answers_that_point_to_it(type_id: str, answers: dict[str, str], words: str) -> None:
    every_unknown = {question.id: "unknown" for question in QUESTIONS}
    matched = [c.text.lower() for c in TYPES[type_id].causes if c.matches({**every_unknown, **answers})]
    assert any(words in text for text in matched), matched
    assert not [c for c in TYPES[type_id].causes if c.matches(every_unknown) and _needs_an_answer(c)]


def _needs_an_answer(cause: Cause) -> bool:
    return any("unknown" not in values for clause in cause.when for _, values in clause)


@pytest.mark.parametrize(
    ("type_id", "words"), [("metastatic", "high"), ("dystrophic", "normal"), ("idiopathic", "normal")]
)
def test_blood_levels_of_each_type(type_id: str, words: str) -> None:
    assert words in TYPES[type_id].blood_levels.text.lower()


def test_calciphylaxis_says_it_needs_care_the_same_day() -> None:
    card = TYPES["calciphylaxis"]
    assert "same day" in card.see_doctor.text.lower()
    assert "same day" in card.summary.text.lower()


def test_no_sentence_of_the_lay_article_is_copied() -> None:
    """Carry over facts, never sentences: no run of eight words is taken from the article."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))

    def fingerprint(run: list[str]) -> str:
        return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]

    lines = ARTICLE_SHINGLES.read_text(encoding="utf-8").splitlines()
    shingles = {line for line in lines if line and not line.startswith("#")}
    assert len(shingles) > 500, "the fingerprints of the article are there"
    for text in all_texts():
        mine = words(text)
        runs = [mine[i : i + 8] for i in range(len(mine) - 7)]
        copied = [" ".join(run) for run in runs if fingerprint(run) in shingles]
        assert not copied, (text, copied)


# --- the article's loose claims are corrected ---------------------------------


def test_warfarin_is_a_blood_thinner_not_a_calcium_blocker() -> None:
    about_warfarin = [text for text in all_texts() if "warfarin" in text.lower()]
    assert about_warfarin
    for text in about_warfarin:
        lower = text.lower()
        assert not re.search(r"calcium blockers? (like|such as) warfarin", lower), text
        assert not re.search(r"warfarin (is|as) an? calcium.(channel )?blocker", lower), text
    assert any("blood thinner" in text.lower() and "not a calcium blocker" in text.lower() for text in about_warfarin)
    for type_id in ("dystrophic", "metastatic"):
        notes = " ".join(fact.text for fact in TYPES[type_id].treatment).lower()
        assert "warfarin" in notes and re.search(r"not (recommended|a treatment)", notes), type_id
    assert "blood thinner" in QUESTIONS_BY_ID["warfarin"].text.lower()


def test_warfarin_is_a_risk_factor_for_calciphylaxis() -> None:
    assert any("warfarin" in cause.text.lower() for cause in TYPES["calciphylaxis"].causes)
    treatment = " ".join(fact.text for fact in TYPES["calciphylaxis"].treatment).lower()
    assert "stop warfarin" in treatment


def test_aluminium_antacids_are_phosphate_binders_not_calcium_removers() -> None:
    about_aluminium = [text for text in all_texts() if re.search(r"alumin(i)?um", text, re.I)]
    assert about_aluminium, "the article's antacid claim is corrected somewhere"
    for text in about_aluminium:
        lower = text.lower()
        assert "phosphate" in lower and "bind" in lower, text
        assert not re.search(r"(?<!not )remov(e|es|ing) (some )?(of )?(the )?calcium", lower), text
    metastatic = " ".join(fact.text for fact in TYPES["metastatic"].treatment).lower()
    assert "bind phosphate" in metastatic or "phosphate binder" in metastatic


def test_the_overactive_gland_is_the_parathyroid() -> None:
    for text in all_texts():
        if re.search(r"\bthyroid\b", text, re.I):
            assert "parathyroid" in text.lower(), f"'thyroid' without 'parathyroid': {text!r}"
    gland_cause = [
        c for c in TYPES["metastatic"].causes if any(q == "overactive_gland" for cl in c.when for q, _ in cl)
    ]
    assert gland_cause and all("parathyroid" in c.text.lower() for c in gland_cause)
    assert "parathyroid" in QUESTIONS_BY_ID["overactive_gland"].text.lower()


# --- no doses --------------------------------------------------------------------


@pytest.mark.parametrize("type_id", TYPE_IDS)
def test_treatment_notes_give_no_doses(type_id: str) -> None:
    card = TYPES[type_id]
    for text in [fact.text for fact in card.treatment] + [card.see_doctor.text]:
        assert not DOSE.search(text), f"a dose: {text!r}"


# --- reference ranges and conversions ---------------------------------------------

# (analyte, age group) -> (low, high) in mg/dL, as medical-facts.md §2 gives them.
DOCUMENTED_RANGES = {
    ("calcium", "adult"): (8.8, 10.4),
    ("calcium", "child"): (6.7, 10.7),
    ("calcium", "infant"): (6.7, 10.7),  # no infant range in the sources: the child range
    ("phosphate", "adult"): (2.8, 4.5),
    ("phosphate", "child"): (4.0, 7.0),
    ("phosphate", "infant"): (3.5, 6.6),
}


@pytest.mark.parametrize(("analyte", "age_group"), sorted(DOCUMENTED_RANGES))
def test_reference_ranges_exist_for_every_age_group(analyte: str, age_group: str) -> None:
    found = reference_range_for(analyte, age_group)
    assert found is REFERENCE_RANGES[analyte][age_group]
    assert (found.low, found.high) == pytest.approx(DOCUMENTED_RANGES[analyte, age_group])
    assert found.low < found.high
    assert found.label.strip()
    lowest, highest = PLAUSIBLE_MGDL[analyte]
    assert lowest < found.low and found.high < highest


@pytest.mark.parametrize("analyte", ANALYTES)
def test_an_unknown_age_uses_the_adult_range(analyte: str) -> None:
    assert reference_range_for(analyte, "unknown") == REFERENCE_RANGES[analyte]["adult"]


@pytest.mark.parametrize(
    ("analyte", "mg_dl", "mmol_l"),
    [
        ("calcium", 10.4, 2.60),  # Merck: hypercalcaemia above 10.4 mg/dL (2.60 mmol/L)
        ("calcium", 8.8, 2.20),
        ("calcium", 14.0, 3.49),  # severe: above 14 mg/dL (3.5 mmol/L)
        ("phosphate", 4.5, 1.45),
        ("phosphate", 2.5, 0.81),
        ("phosphate", 7.0, 2.26),
    ],
)
def test_conversions_match_the_documented_pairs(analyte: str, mg_dl: float, mmol_l: float) -> None:
    factor = MMOL_PER_MGDL[analyte]
    assert mg_dl * factor == pytest.approx(mmol_l, abs=0.006)
    assert (mg_dl * factor) / factor == pytest.approx(mg_dl)


def test_conversion_factors_follow_the_atomic_weights() -> None:
    assert MMOL_PER_MGDL["calcium"] == pytest.approx(0.2495, abs=1e-4)
    assert MMOL_PER_MGDL["phosphate"] == pytest.approx(0.3229, abs=1e-4)


def test_a_value_in_mmol_round_trips_through_the_triage() -> None:
    labs = triage_answers({"calcium_value": 2.60, "units": "mmol/l"}).to_dict()["labs"]
    assert labs["calcium"]["value"] == 2.60
    assert labs["calcium"]["value_mg_dl"] == pytest.approx(10.4, abs=0.03)


def test_thresholds_are_those_of_the_sources() -> None:
    assert PRODUCT_THRESHOLD == 70
    assert SEVERE_CALCIUM_MGDL == 14
    assert "70" in TYPES["metastatic"].blood_levels.text


# --- the disclaimer ------------------------------------------------------------------


def test_the_disclaimer_says_what_decision_md_asks() -> None:
    text = DISCLAIMER.lower()
    for words in ("general information", "not medical advice", "not a diagnosis", "health professional", "emergency"):
        assert words in text, words
