"""The knowledge base: every type's card is complete, every fact names a source that
exists, the sources are originals, the lay article's loose claims are corrected, and
the reference ranges and conversions match medical-facts.md."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from calcinosis_cli import SOURCES, TYPES, knowledge, triage_answers
from calcinosis_cli.knowledge import (
    BOUNDS,
    CODE_SYSTEMS,
    CONVERSION_SOURCE,
    DISCLAIMER,
    LOOK_ALIKES,
    MMOL_PER_MGDL,
    PRODUCT_SOURCES,
    PRODUCT_THRESHOLD,
    REFERENCE_RANGES,
    SAFETY_NET_SOURCES,
    SEVERE_CALCIUM,
    Cause,
    Code,
    TypeCard,
    reference_range_for,
    severe_range_for,
)
from calcinosis_cli.knowledge import labs as lab_data
from calcinosis_cli.questions import OPTION_CODES, QUESTIONS, QUESTIONS_BY_ID
from calcinosis_cli.tree.rules import ALL_RULES

TYPE_IDS = ("dystrophic", "metastatic", "iatrogenic", "idiopathic", "calciphylaxis")
AGE_GROUPS = ("newborn", "infant", "child", "adult")  # newborn: contract 1.1
ANALYTES = ("calcium", "phosphate")
DOSE = re.compile(r"\d\s*(mg|g|mcg|µg|μg|ml|iu|units?|mmol|meq)\b|\bmg\b|/kg\b|\b(once|twice) (a|per) day\b", re.I)
# Mirrors, blogs and secondary copies that medical-facts.md says not to cite.
SECONDARY_HOSTS = ("blogspot", "docslib", "scite", "vercel", "droracle", "wikimili", "reference.com")
# Fingerprints of every eight-word run of the lay article (the article itself is not in the repo).
ARTICLE_SHINGLES = Path(__file__).resolve().parent / "data" / "article-shingles.txt"


def card_texts(card: TypeCard) -> list[str]:
    # Codes are facts too (1.1) but carry a display, not a text shown in sentences.
    return [fact.text for fact in card.facts if not isinstance(fact, Code)]


def all_texts() -> list[str]:
    look_alikes = [fact.text for x in LOOK_ALIKES.values() for fact in x.facts]
    return [text for card in TYPES.values() for text in card_texts(card)] + look_alikes


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


def _lab_sources() -> set[str]:
    """Every source the blood-test data cites (decision.md 1.1 §8: ranges and thresholds are data with sources)."""
    cited = {s for by_age in REFERENCE_RANGES.values() for found in by_age.values() for s in found.sources}
    cited |= {s for severe in SEVERE_CALCIUM.values() for s in severe.sources}
    cited |= {s for rule in lab_data.CORRECTION.values() for s in rule.sources}
    cited |= {*PRODUCT_SOURCES, CONVERSION_SOURCE, *lab_data.BOUNDS_SOURCES, *lab_data.NEWBORN_HIGH_SOURCES}
    cited |= {lab_data.CORRECTION_AGE_SOURCE, lab_data.CORRECTION_KIDNEY_SOURCE}
    return cited


def test_ranges_thresholds_and_conversions_name_sources_that_exist() -> None:
    for analyte in ANALYTES:
        for age in AGE_GROUPS:
            found = REFERENCE_RANGES[analyte][age]
            assert found.sources and set(found.sources) <= set(SOURCES), (analyte, age)
    for age, severe in SEVERE_CALCIUM.items():
        assert severe.sources and set(severe.sources) <= set(SOURCES), age
    for units, rule in lab_data.CORRECTION.items():
        assert rule.sources and set(rule.sources) <= set(SOURCES), units
    assert PRODUCT_SOURCES and set(PRODUCT_SOURCES) <= set(SOURCES)
    assert CONVERSION_SOURCE in SOURCES
    assert _lab_sources() <= set(SOURCES), sorted(_lab_sources() - set(SOURCES))


def test_rules_look_alikes_and_safety_net_name_sources_that_exist() -> None:
    for rule in ALL_RULES:
        assert set(rule.sources) <= set(SOURCES), (rule.id, rule.sources)
    for look_alike in LOOK_ALIKES.values():
        for fact in look_alike.facts:
            assert fact.sources and set(fact.sources) <= set(SOURCES), (look_alike.id, fact.text)
    for kind, sources in SAFETY_NET_SOURCES.items():
        assert sources and set(sources) <= set(SOURCES), kind


def test_every_source_is_cited_by_some_fact() -> None:
    cited = {source_id for card in TYPES.values() for source_id in card.source_ids}
    cited |= _lab_sources()
    cited |= {s for rule in ALL_RULES for s in rule.sources}
    cited |= {s for x in LOOK_ALIKES.values() for fact in x.facts for s in fact.sources}
    cited |= {s for sources in SAFETY_NET_SOURCES.values() for s in sources}
    # The codes of the FHIR resources (LOINC, UCUM) and of answer options (issue 14).
    cited |= {s for lab in knowledge.LAB_CODES for s in lab.code.sources} | set(knowledge.UCUM_SOURCES)
    cited |= {s for codes in OPTION_CODES.values() for code in codes for s in code.sources}
    assert set(SOURCES) <= cited, sorted(set(SOURCES) - cited)


@pytest.mark.parametrize("type_id", TYPE_IDS)
def test_codes_are_the_types_own_with_a_cited_source(type_id: str) -> None:
    """Contract 1.1: only codes whose meaning is the type itself, with a cited source; never
    a code of a lab finding (E83.5x)."""
    for code in TYPES[type_id].codes:
        assert code.system in CODE_SYSTEMS
        assert code.code.strip() and code.display.strip()
        assert not code.code.startswith("E83.5"), code
        assert code.sources and set(code.sources) <= set(SOURCES), code
    if type_id != "calciphylaxis":  # calcinosis of the skin: L94.2 calcinosis cutis
        assert ("http://hl7.org/fhir/sid/icd-10", "L94.2") in {(c.system, c.code) for c in TYPES[type_id].codes}


def test_the_look_alikes_have_the_fixed_ids() -> None:
    """decision.md 1.1 §7: the ids are fixed (later versions may add some)."""
    assert {"gout-tophi", "pilomatricoma", "marjolin-ulcer", "osteoma-cutis"} <= set(LOOK_ALIKES)
    for look_alike_id, look_alike in LOOK_ALIKES.items():
        assert look_alike.id == look_alike_id
        assert look_alike.name.strip() and look_alike.why.strip() and look_alike.tells_apart.text.strip()


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
        ("idiopathic", "born with a problem of the soft tissues"),
        ("idiopathic", "scrotum"),
        ("idiopathic", "vulva"),
        ("idiopathic", "face"),
        ("idiopathic", "down syndrome"),
        ("idiopathic", "transplanted organ"),
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
    # decision.md 1.1 §3: an overactive *thyroid* is now a cause of its own, which raises
    # calcium only a little; every other mention of the thyroid names the parathyroid.
    for text in all_texts():
        if re.search(r"\bthyroid\b", text, re.I):
            lower = text.lower()
            assert "parathyroid" in lower or "only a little" in lower, f"'thyroid' without 'parathyroid': {text!r}"
    parathyroid = [
        c
        for c in TYPES["metastatic"].causes
        if any(q == "overactive_gland" and "parathyroid" in values for cl in c.when for q, values in cl)
    ]
    assert parathyroid and all("parathyroid" in c.text.lower() for c in parathyroid)
    thyroid = [
        c
        for c in TYPES["metastatic"].causes
        if any(q == "overactive_gland" and "thyroid" in values for cl in c.when for q, values in cl)
    ]
    assert thyroid and all("only a little" in c.text.lower() for c in thyroid)
    assert not [c for c in thyroid if c in parathyroid]
    calciphylaxis_gland = [
        values for c in TYPES["calciphylaxis"].causes for cl in c.when for q, values in cl if q == "overactive_gland"
    ]
    assert calciphylaxis_gland and all("thyroid" not in values for values in calciphylaxis_gland)
    assert "parathyroid" in QUESTIONS_BY_ID["overactive_gland"].text.lower()


# --- no doses --------------------------------------------------------------------


@pytest.mark.parametrize("type_id", TYPE_IDS)
def test_treatment_notes_give_no_doses(type_id: str) -> None:
    card = TYPES[type_id]
    for text in [fact.text for fact in card.treatment] + [card.see_doctor.text]:
        assert not DOSE.search(text), f"a dose: {text!r}"


# --- reference ranges and conversions ---------------------------------------------

# (analyte, age group) -> the partitions (low, high) in mg/dL, as medical-facts.md §7.1 gives
# them (decision.md 1.1 §3: one range per age group; a child's is partitioned by age).
DOCUMENTED_RANGES = {
    ("calcium", "adult"): ((8.6, 10.3),),  # DiaSys (1.1: was 8.8-10.4, Healthwise)
    ("calcium", "child"): ((9.0, 11.0), (8.8, 10.8), (8.4, 10.2)),  # Davis's/DiaSys (1.1: 6.7-10.7 dropped)
    ("calcium", "infant"): ((9.0, 11.0),),  # Davis's/DiaSys 11 days-2 years
    ("calcium", "newborn"): ((7.0, 12.0),),  # St Clair 0-31 days
    ("phosphate", "adult"): ((2.5, 4.5),),  # Davis's
    ("phosphate", "child"): ((3.9, 6.5), (4.0, 5.4), (3.7, 5.6), (3.3, 5.4), (2.9, 5.4), (2.8, 4.6)),  # Davis's
    ("phosphate", "infant"): ((3.5, 6.6),),  # DiaSys 1-12 months
    ("phosphate", "newborn"): ((3.9, 7.7),),  # DiaSys 1-30 days
}


@pytest.mark.parametrize(("analyte", "age_group"), sorted(DOCUMENTED_RANGES))
def test_reference_ranges_exist_for_every_age_group(analyte: str, age_group: str) -> None:
    found = reference_range_for(analyte, age_group)
    assert found is REFERENCE_RANGES[analyte][age_group]
    partitions = DOCUMENTED_RANGES[analyte, age_group]
    assert [p.mg_dl for p in found.partitions] == [pytest.approx(p) for p in partitions]
    low, high = found.limits("mg/dl")
    assert (low, high) == pytest.approx((min(p[0] for p in partitions), max(p[1] for p in partitions)))
    shared_low, shared_high = found.shared("mg/dl")
    assert (shared_low, shared_high) == pytest.approx((max(p[0] for p in partitions), min(p[1] for p in partitions)))
    assert low < high and found.label.strip()
    for units in ("mg/dl", "mmol/l"):
        low, high = found.limits(units)
        bounds = BOUNDS[analyte][units]
        assert bounds.possible.low < low and high < bounds.possible.high, units
        assert bounds.ordinary.holds(low) and bounds.ordinary.holds(high), units
    for partition in found.partitions:  # the mmol/L limits are the mg/dL ones converted (as the sources print them)
        for mg_dl, mmol_l in zip(partition.mg_dl, partition.mmol_l, strict=True):
            assert mg_dl * MMOL_PER_MGDL[analyte] == pytest.approx(mmol_l, abs=0.06), (partition, mg_dl)


@pytest.mark.parametrize(
    ("analyte", "age_group", "mg_dl", "level"),
    [
        # decision.md 1.1 §3: a child's value is high only above the highest upper limit of the
        # partitions, low only below the lowest lower limit, borderline in between.
        ("calcium", "child", 7.0, "low"),  # decision.md 1.1 §8: a child's 7.0 mg/dL is low
        ("calcium", "child", 8.3, "low"),
        ("calcium", "child", 8.6, "borderline"),
        ("calcium", "child", 9.5, "normal"),
        ("calcium", "child", 10.6, "borderline"),
        ("calcium", "child", 11.1, "high"),
        ("calcium", "adult", 8.5, "low"),
        ("calcium", "adult", 8.6, "normal"),  # on a printed limit: what the source says (normal)
        ("calcium", "adult", 10.3, "normal"),
        ("calcium", "adult", 10.4, "high"),
        ("calcium", "newborn", 7.0, "normal"),
        ("calcium", "newborn", 12.1, "high"),
        ("phosphate", "newborn", 7.5, "normal"),  # decision.md 1.1 §8: a newborn's 7.5 mg/dL is normal
        ("phosphate", "adult", 7.5, "high"),
        ("phosphate", "child", 6.6, "high"),
        ("phosphate", "child", 5.0, "borderline"),
        ("phosphate", "child", 2.7, "low"),
    ],
)
def test_the_level_of_a_value_for_its_age_group(analyte: str, age_group: str, mg_dl: float, level: str) -> None:
    assert reference_range_for(analyte, age_group).level_of(mg_dl, "mg/dl") == level


@pytest.mark.parametrize("analyte", ANALYTES)
def test_an_unknown_age_uses_the_adult_range(analyte: str) -> None:
    assert reference_range_for(analyte, "unknown") == REFERENCE_RANGES[analyte]["adult"]
    assert severe_range_for("unknown") == SEVERE_CALCIUM["adult"]


@pytest.mark.parametrize(
    ("analyte", "mg_dl", "mmol_l"),
    [
        ("calcium", 10.4, 2.60),  # Merck: hypercalcaemia above 10.4 mg/dL (2.60 mmol/L)
        ("calcium", 8.8, 2.20),
        ("calcium", 8.6, 2.15),  # DiaSys adult lower limit
        ("calcium", 14.0, 3.49),  # severe: above 14 mg/dL (3.5 mmol/L)
        ("phosphate", 4.5, 1.45),
        ("phosphate", 2.5, 0.81),
        ("phosphate", 7.0, 2.26),
    ],
)
def test_conversions_match_the_documented_pairs(analyte: str, mg_dl: float, mmol_l: float) -> None:
    factor = MMOL_PER_MGDL[analyte]
    assert mg_dl * factor == pytest.approx(mmol_l, abs=0.011)
    assert (mg_dl * factor) / factor == pytest.approx(mg_dl)


def test_conversion_factors_follow_the_sources_and_the_atomic_weights() -> None:
    # medical-facts.md §7.1: the sources convert with 0.25 (calcium) and 0.323 (phosphate)
    # (Davis's); the atomic-weight factors 0.2495 and 0.3229 agree.
    assert MMOL_PER_MGDL["calcium"] == pytest.approx(0.25)
    assert MMOL_PER_MGDL["phosphate"] == pytest.approx(0.323)
    assert MMOL_PER_MGDL["calcium"] == pytest.approx(0.2495, rel=0.005)
    assert MMOL_PER_MGDL["phosphate"] == pytest.approx(0.3229, rel=0.005)


def test_a_value_in_mmol_round_trips_through_the_triage() -> None:
    labs = triage_answers({"calcium_value": 2.60, "units": "mmol/l"}).to_dict()["labs"]
    assert labs["calcium"]["value"] == 2.60
    assert labs["calcium"]["value_mg_dl"] == pytest.approx(10.4, abs=0.03)


def test_thresholds_are_those_of_the_sources() -> None:
    assert PRODUCT_THRESHOLD == 70
    assert lab_data.PRODUCT_AGE_GROUPS == ("adult",)  # decision.md 1.1 §3: adults only
    assert "70" in TYPES["metastatic"].blood_levels.text


# decision.md 1.1 §2, "Severe range of measured values": (age group) -> high, low in mg/dL,
# each with whether the limit itself is in the severe range.
SEVERE_TABLE = {
    "adult": ((14.0, True), (7.6, False)),  # 14.0 or more; below 7.6
    "child": ((13.0, True), (7.0, True)),  # 13.0 or more; 7.0 or less
    "infant": ((13.0, True), (7.0, True)),  # as child
    "newborn": ((12.5, False), (6.0, False)),  # above 12.5; below 6.0
}


@pytest.mark.parametrize("age_group", sorted(SEVERE_TABLE))
def test_the_severe_range_is_the_table_of_decision_1_1(age_group: str) -> None:
    severe = severe_range_for(age_group)
    (high, high_inclusive), (low, low_inclusive) = SEVERE_TABLE[age_group]
    assert (severe.high.mg_dl, severe.high.inclusive) == (pytest.approx(high), high_inclusive)
    assert (severe.low.mg_dl, severe.low.inclusive) == (pytest.approx(low), low_inclusive)
    assert severe.beyond(high, "mg/dl", "high") is high_inclusive
    assert severe.beyond(high + 0.1, "mg/dl", "high") and not severe.beyond(high - 0.1, "mg/dl", "high")
    assert severe.beyond(low, "mg/dl", "low") is low_inclusive
    assert severe.beyond(low - 0.1, "mg/dl", "low") and not severe.beyond(low + 0.1, "mg/dl", "low")
    if age_group == "adult":  # the mmol/L limits the Society for Endocrinology gives
        assert (severe.high.mmol_l, severe.low.mmol_l) == (pytest.approx(3.5), pytest.approx(1.9))


def test_a_childs_calcium_of_7_is_low_and_urgent() -> None:
    """decision.md 1.1 §8."""
    result = triage_answers({"age_group": "child", "calcium_value": 7.0})
    assert result.answers.values["calcium"] == "low"
    assert result.urgency == "urgent"


def test_a_newborns_phosphate_of_7_5_is_normal() -> None:
    """decision.md 1.1 §8."""
    result = triage_answers({"age_group": "newborn", "phosphate_value": 7.5})
    assert result.answers.values["phosphate"] == "normal"


def test_the_albumin_correction_is_the_documented_formula() -> None:
    # medical-facts.md §7.2: mg/dL: + 0.8 × (4.0 − albumin g/dL); mmol/L: + 0.02 × (40 − albumin g/L).
    assert lab_data.corrected_calcium(8.0, "mg/dl", 2.0, "g/dl") == pytest.approx(9.6)
    assert lab_data.corrected_calcium(8.0, "mg/dl", 20.0, "g/l") == pytest.approx(9.6)
    assert lab_data.corrected_calcium(2.0, "mmol/l", 20.0, "g/l") == pytest.approx(2.4)
    assert lab_data.corrected_calcium(2.0, "mmol/l", 2.0, "g/dl") == pytest.approx(2.4)
    assert lab_data.CORRECTION_FROM_AGE_GROUPS == ("child", "adult")  # from 1 year of age


# --- the disclaimer ------------------------------------------------------------------


def test_the_disclaimer_says_what_decision_md_asks() -> None:
    text = DISCLAIMER.lower()
    for words in ("general information", "not medical advice", "not a diagnosis", "health professional", "emergency"):
        assert words in text, words
