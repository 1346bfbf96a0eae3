"""Contract 1.1, "Output (1.1)" and issue 14: the Questionnaire collects the measured values
(LOINC-coded quantity items with UCUM units) and works out the calcium × phosphate
product (SDC calculatedExpression); ``questions --format fhir-bundle`` publishes the code
systems it uses; ``triage --format fhir-bundle`` is a Bundle with an anonymous Patient,
the QuestionnaireResponse, an Observation per measured value (the corrected calcium and
the product derived from those they come from) and a RiskAssessment. Every resource
validates with the ``fhir.resources`` R4B models, and every LOINC code comes from a
cited source."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhirpathpy import evaluate
from fhirpathpy.models import models
from hypothesis import given, settings
from hypothesis import strategies as st

import calcinosis_cli
from calcinosis_cli import SOURCES, triage_answers
from calcinosis_cli.knowledge import LAB_CODES, UCUM_CODES, UCUM_SOURCES
from calcinosis_cli.questions import OPTION_CODES, QUESTIONS, QUESTIONS_BY_ID
from calcinosis_cli.render import fhir

Invoke = Any  # the fixture of conftest.py

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://calcinosis.example.org/fhir"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


@pytest.fixture(autouse=True)
def default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALCINOSIS_FHIR_BASE", raising=False)


@pytest.fixture(scope="module")
def questionnaire() -> dict[str, Any]:
    return fhir.questionnaire()


def items_by_id(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in resource["item"]}


def extensions(element: dict[str, Any], url: str) -> list[dict[str, Any]]:
    return [e for e in element.get("extension", []) if e["url"] == url]


def validate_every_entry(bundle: dict[str, Any]) -> None:
    """The Bundle, and each of its resources with the model of its own type."""
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


# --- the Questionnaire ------------------------------------------------------------------


def test_the_questionnaire_is_an_sdc_questionnaire_with_its_metadata(questionnaire: dict[str, Any]) -> None:
    Questionnaire.model_validate(questionnaire)
    assert questionnaire["meta"]["profile"] == ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"]
    assert questionnaire["url"] == f"{BASE}/Questionnaire/calcinosis-triage"
    assert questionnaire["version"] == calcinosis_cli.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", questionnaire["date"])
    assert questionnaire["publisher"] == "The calcinosis developers"


@pytest.mark.parametrize(
    ("link_id", "code", "units"),
    [
        ("calcium_value", "17861-6", ["mg/dL", "mmol/L"]),
        ("phosphate_value", "2777-1", ["mg/dL", "mmol/L"]),
        ("albumin_value", "1751-7", ["g/dL", "g/L"]),
    ],
)
def test_the_measured_values_are_quantity_items_with_loinc_codes_and_ucum_units(
    questionnaire: dict[str, Any], link_id: str, code: str, units: list[str]
) -> None:
    item = items_by_id(questionnaire)[link_id]
    assert item["type"] == "quantity"
    assert [(c["system"], c["code"]) for c in item["code"]] == [(LOINC, code)]
    options = [e["valueCoding"] for e in extensions(item, fhir.UNIT_OPTION)]
    assert [(o["system"], o["code"]) for o in options] == [(UCUM, u) for u in units]
    assert item["item"][0]["type"] == "display"  # its help text


def test_the_product_is_a_read_only_calculated_item(questionnaire: dict[str, Any]) -> None:
    item = items_by_id(questionnaire)["calcium_phosphate_product"]
    assert item["type"] == "decimal" and item["readOnly"] is True
    (calculated,) = extensions(
        item, "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
    )
    assert calculated["valueExpression"]["language"] == "text/fhirpath"
    variables = [
        e["valueExpression"]["name"] for e in extensions(item, "http://hl7.org/fhir/StructureDefinition/variable")
    ]
    assert variables == ["ca", "p", "alb", "age", "corrected"]
    (unit,) = extensions(item, "http://hl7.org/fhir/StructureDefinition/questionnaire-unit")
    assert unit["valueCoding"]["code"] == "mg2/dL2"
    order = [i["linkId"] for i in questionnaire["item"]]
    assert order.index("phosphate") < order.index("calcium_value") < order.index("calcium_phosphate_product")


def product_in_form(response: dict[str, Any], questionnaire: dict[str, Any]) -> Decimal | None:
    """The product as a FHIR form works it out: the item's variables and calculatedExpression,
    evaluated by a FHIRPath engine on the response."""
    item = items_by_id(questionnaire)["calcium_phosphate_product"]
    env: dict[str, Any] = {"resource": response}
    for extension in item["extension"]:
        expression = extension.get("valueExpression")
        if expression is None:
            continue
        value = evaluate(response, expression["expression"], env, model=models["r4"])
        if extension["url"] == "http://hl7.org/fhir/StructureDefinition/variable":
            env[expression["name"]] = value
        else:
            return value[0] if value else None
    raise AssertionError("no calculatedExpression")  # pragma: no cover


@settings(max_examples=120, deadline=None)
@given(
    units=st.sampled_from(["mg/dl", "mmol/l"]),
    calcium=st.floats(0.3, 0.7),
    phosphate=st.floats(0.2, 0.8),
    albumin=st.one_of(st.none(), st.floats(1.5, 5.5)),
    albumin_units=st.sampled_from(["g/dl", "g/l"]),
    age=st.sampled_from(["newborn", "infant", "child", "adult", "unknown"]),
)
def test_the_calculated_product_is_the_programs_product(
    units: str, calcium: float, phosphate: float, albumin: float | None, albumin_units: str, age: str
) -> None:
    """The expression follows the program: calcium corrected for albumin from 1 year of age
    (and when the age is unknown), converted to mg/dL, times phosphate in mg/dL."""
    scale = 20.0 if units == "mg/dl" else 5.0  # ordinary values of each unit
    case: dict[str, object] = {
        "calcium_value": round(calcium * scale, 2),
        "phosphate_value": round(phosphate * scale / (2 if units == "mmol/l" else 1), 2),
        "units": units,
        "age_group": age,
    }
    if albumin is not None:
        case["albumin_value"] = round(albumin * (10 if albumin_units == "g/l" else 1), 1)
        case["albumin_units"] = albumin_units
    result = triage_answers(case)
    response = json.loads(json.dumps(fhir.questionnaire_response(result)))
    expected = result.answers.labs.product  # type: ignore[union-attr]
    assert float(product_in_form(response, fhir.questionnaire()) or 0) == pytest.approx(round(expected, 2), abs=0.011)


def test_no_product_in_the_form_without_both_values(questionnaire: dict[str, Any]) -> None:
    response = fhir.questionnaire_response(triage_answers({"calcium_value": 10.0}))
    assert product_in_form(response, questionnaire) is None
    assert "calcium_phosphate_product" not in {i["linkId"] for i in response["item"]}


def test_short_lists_are_radio_buttons_and_long_ones_drop_downs(questionnaire: dict[str, Any]) -> None:
    for question in QUESTIONS:
        (control,) = extensions(items_by_id(questionnaire)[question.id], fhir.ITEM_CONTROL)
        (coding,) = control["valueCodeableConcept"]["coding"]
        assert coding["system"] == "http://hl7.org/fhir/questionnaire-item-control"
        assert coding["code"] == ("radio-button" if len(question.values) <= 8 else "drop-down"), question.id
    assert {q.id for q in QUESTIONS if len(q.values) > 8} == {"site", "tissue_damage"}


def test_answer_options_carry_the_cited_standard_code_beside_ours(questionnaire: dict[str, Any]) -> None:
    seen = set()
    for question in QUESTIONS:
        for option in items_by_id(questionnaire)[question.id]["answerOption"]:
            ours = option["valueCoding"]
            assert ours["system"] == f"{BASE}/CodeSystem/{question.id.replace('_', '-')}"
            beside = [e["valueCoding"] for e in extensions(option, fhir.EXTENSION_EQUIVALENT_CODING)]
            assert [(c["system"], c["code"]) for c in beside] == [
                (c.system, c.code) for c in OPTION_CODES.get(ours["code"], ())
            ]
            seen |= {c["code"] for c in beside}
    assert seen == {"LA33-6", "LA32-8", "LA4489-6"}
    gland = items_by_id(questionnaire)["diabetes"]["answerOption"]
    assert [o["valueCoding"]["code"] for o in gland] == ["yes", "no", "unknown"]


def test_every_option_and_lab_code_names_sources_that_exist() -> None:
    for codes in OPTION_CODES.values():
        for code in codes:
            assert code.sources and set(code.sources) <= set(SOURCES), code
    for lab in LAB_CODES:
        assert lab.code.system == LOINC and re.fullmatch(r"\d{1,6}-\d", lab.code.code), lab
        assert lab.code.sources and set(lab.code.sources) <= set(SOURCES), lab
        # each LOINC code is cited to LOINC itself and to a page that gives it
        assert f"https://loinc.org/{lab.code.code}/" in {SOURCES[s].url for s in lab.code.sources}
        assert len(lab.code.sources) >= 2
    assert UCUM_SOURCES and set(UCUM_SOURCES) <= set(SOURCES)


def test_every_code_property_matches_its_units() -> None:
    """A LOINC code names mass or moles per volume: it serves only the units of that property."""
    for lab in LAB_CODES:
        mass = lab.units in ("mg/dl", "g/dl", "g/l")
        assert ("[Mass/volume]" if mass else "[Moles/volume]") in lab.code.display, lab


# --- questions --format fhir-bundle --------------------------------------------------------


def test_questions_fhir_bundle_publishes_the_questionnaire_with_its_code_systems(invoke: Invoke) -> None:
    outcome = invoke("questions", "--format", "fhir-bundle")
    assert outcome.exit_code == 0, outcome.stderr
    bundle = json.loads(outcome.stdout)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    validate_every_entry(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[0] == "Questionnaire" and set(kinds) == {"Questionnaire", "CodeSystem", "ValueSet"}
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == entry["resource"]["url"]
    systems = {
        e["resource"]["url"]: e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CodeSystem"
    }
    value_sets = {e["resource"]["url"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ValueSet"}
    # every coding of ours in the Questionnaire, and in results, is a concept of a published system
    used = set()
    for item in bundle["entry"][0]["resource"]["item"]:
        used |= {(o["valueCoding"]["system"], o["valueCoding"]["code"]) for o in item.get("answerOption", [])}
        used |= {(c["system"], c["code"]) for c in item.get("code", []) if c["system"].startswith(BASE)}
    result = triage_answers({"skin_patches": "yes", "gout": "yes", "calcium_value": 11.0, "phosphate_value": 4.0})
    for entry in fhir.result_bundle(result)["entry"]:
        text = json.dumps(entry["resource"])
        used |= set(re.findall(r'"system": "(' + re.escape(BASE) + r'/CodeSystem/[^"]+)", "code": "([^"]+)"', text))
    for system, code in used:
        assert system in systems, system
        assert code in {c["code"] for c in systems[system]["concept"]}, (system, code)
        assert systems[system]["valueSet"] in value_sets
    assert {f"{BASE}/CodeSystem/calcinosis-type", f"{BASE}/CodeSystem/calcinosis-look-alike"} <= set(systems)
    concepts = systems[f"{BASE}/CodeSystem/site"]["concept"]
    assert [c["code"] for c in concepts] == list(QUESTIONS_BY_ID["site"].values)


def test_questions_format_fhir_bundle_and_json_contradict(invoke: Invoke) -> None:
    outcome = invoke("questions", "--json", "--format", "fhir-bundle")
    assert outcome.exit_code == 2 and "--format" in outcome.stderr


# --- triage --format fhir-bundle ----------------------------------------------------------


def bundle_of(case: dict[str, object], **options: Any) -> dict[str, Any]:
    bundle = fhir.result_bundle(triage_answers(case), **options)
    validate_every_entry(bundle)
    return bundle


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def observation_coded(bundle: dict[str, Any], code: str) -> dict[str, Any]:
    (found,) = [o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == code]
    return found


def test_triage_fhir_bundle_from_the_command_line(invoke: Invoke) -> None:
    outcome = invoke(
        "triage", "--no-input", "--format", "fhir-bundle", "--calcium-value", "11.9", "--kidney-failure", "yes"
    )
    assert outcome.exit_code == 0, outcome.stderr
    bundle = json.loads(outcome.stdout)
    validate_every_entry(bundle)
    assert bundle["type"] == "collection"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "Patient",
        "QuestionnaireResponse",
        "Observation",
        "RiskAssessment",
    ]
    assert invoke("triage", "--no-input", "--json", "--format", "fhir-bundle").exit_code == 2


def test_an_anonymous_patient_is_the_subject_of_every_resource() -> None:
    bundle = bundle_of({"calcium_value": 2.6, "phosphate_value": 1.6, "units": "mmol/l", "albumin_value": 30})
    (patient,) = resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "id"}  # no identifier, no name
    patient_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is patient)
    for entry in bundle["entry"][1:]:
        assert entry["resource"]["subject"] == {"reference": patient_url}
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_every_reference_resolves_inside_the_bundle() -> None:
    bundle = bundle_of({"calcium_value": 2.6, "phosphate_value": 1.6, "units": "mmol/l", "albumin_value": 30})
    urls = set(by_url(bundle))
    references = re.findall(r'"reference": "([^"]+)"', json.dumps(bundle))
    assert references and set(references) <= urls


def test_calcium_in_mg_dl_is_coded_as_entered() -> None:
    bundle = bundle_of({"calcium_value": 11.9, "age_group": "adult"})
    calcium = observation_coded(bundle, "17861-6")
    assert calcium["valueQuantity"] == {"value": 11.9, "unit": "mg/dL", "system": UCUM, "code": "mg/dL"}
    assert calcium["interpretation"][0]["coding"][0]["code"] == "H"
    assert calcium["referenceRange"][0]["low"]["value"] == 8.6 and calcium["referenceRange"][0]["high"]["value"] == 10.3
    (response,) = [e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert calcium["derivedFrom"] == [{"reference": response}]
    assert calcium["status"] == "final" and calcium["category"][0]["coding"][0]["code"] == "laboratory"


def test_calcium_in_mmol_l_is_converted_to_the_cited_mass_code_with_the_original_in_note() -> None:
    """No cited source gives the moles code of total calcium: contract 1.1 converts the
    value to mg/dL and codes it with the cited mass code, the value as entered in note."""
    bundle = bundle_of({"calcium_value": 2.9, "units": "mmol/l"})
    calcium = observation_coded(bundle, "17861-6")
    assert calcium["valueQuantity"] == {"value": 11.6, "unit": "mg/dL", "system": UCUM, "code": "mg/dL"}
    assert "2.9 mmol/L" in calcium["note"][0]["text"]
    assert calcium["referenceRange"][0]["low"]["value"] == 8.6  # the printed mg/dL limits


def test_phosphate_and_albumin_are_coded_by_their_units() -> None:
    bundle = bundle_of({"calcium_value": 2.4, "phosphate_value": 1.1, "units": "mmol/l", "albumin_value": 38})
    phosphate = observation_coded(bundle, "14879-1")
    assert phosphate["valueQuantity"]["value"] == 1.1 and phosphate["valueQuantity"]["code"] == "mmol/L"
    albumin = observation_coded(bundle, "1751-7")
    assert albumin["valueQuantity"] == {"value": 38.0, "unit": "g/L", "system": UCUM, "code": "g/L"}
    in_mass = bundle_of({"phosphate_value": 4.1, "albumin_value": 3.8})
    assert observation_coded(in_mass, "2777-1")["valueQuantity"]["code"] == "mg/dL"
    assert observation_coded(in_mass, "1751-7")["valueQuantity"]["code"] == "g/dL"


def test_the_corrected_calcium_and_the_product_are_derived_from_what_they_come_from() -> None:
    case = {"calcium_value": 8.0, "phosphate_value": 5.0, "albumin_value": 2.5, "age_group": "adult"}
    result = triage_answers(case)
    bundle = bundle_of(case)
    urls = {
        o["code"]["coding"][0]["code"]: url for url, o in by_url(bundle).items() if o["resourceType"] == "Observation"
    }
    corrected = observation_coded(bundle, "29265-6")
    # 8.0 + 0.8 × (4.0 − 2.5) = 9.2 mg/dL, shown in mmol/L (the units of its cited code)
    assert corrected["valueQuantity"] == {"value": 2.3, "unit": "mmol/L", "system": UCUM, "code": "mmol/L"}
    assert "9.2 mg/dL" in corrected["note"][0]["text"]
    assert corrected["derivedFrom"] == [{"reference": urls["17861-6"]}, {"reference": urls["1751-7"]}]
    product = observation_coded(bundle, "calcium-phosphate-product")
    assert product["code"]["coding"][0]["system"] == f"{BASE}/CodeSystem/calcinosis-observation"
    assert product["valueQuantity"] == {"value": 46.0, "unit": "mg²/dL²", "system": UCUM, "code": "mg2/dL2"}
    assert product["valueQuantity"]["value"] == round(result.answers.labs.product, 2)  # type: ignore[union-attr]
    assert product["derivedFrom"] == [{"reference": urls["29265-6"]}, {"reference": urls["2777-1"]}]
    uncorrected = bundle_of({"calcium_value": 8.0, "phosphate_value": 5.0})
    urls = {
        o["code"]["coding"][0]["code"]: u for u, o in by_url(uncorrected).items() if o["resourceType"] == "Observation"
    }
    assert observation_coded(uncorrected, "calcium-phosphate-product")["derivedFrom"][0] == {
        "reference": urls["17861-6"]
    }


def test_a_corrected_calcium_in_other_units_is_never_said_to_be_entered() -> None:
    # 8.0 mg/dL was entered; 9.2 mg/dL was worked out from it and the albumin.
    bundle = bundle_of({"calcium_value": 8.0, "albumin_value": 2.5, "age_group": "adult"})
    measured = observation_coded(bundle, "17861-6")
    assert measured["valueQuantity"]["value"] == 8.0 and "note" not in measured
    notes = [note["text"] for note in observation_coded(bundle, "29265-6")["note"]]
    assert notes[0].startswith("Worked out as 9.2 mg/dL; shown in mmol/L"), notes
    assert not any("Entered" in note for note in notes)
    entered = observation_coded(bundle_of({"calcium_value": 2.9, "units": "mmol/l"}), "17861-6")
    assert entered["note"][0]["text"].startswith("Entered as 2.9 mmol/L; shown in mg/dL")


def test_a_childs_values_say_what_a_range_cannot() -> None:
    """A child's calcium between the limits of the age partitions is borderline for age; the
    product's threshold holds for adults only, so a child's product is not interpreted."""
    bundle = bundle_of({"age_group": "child", "calcium_value": 8.6, "phosphate_value": 5.0})
    calcium = observation_coded(bundle, "17861-6")
    assert calcium["interpretation"] == [
        {"text": "Borderline for the age group: between the limits of its age partitions"}
    ]
    product = observation_coded(bundle, "calcium-phosphate-product")
    assert "interpretation" not in product and "adults only" in product["note"][0]["text"]


def test_a_moment_without_its_offset_gets_the_local_one() -> None:
    moment = datetime(2026, 12, 2, 9, 30)
    bundle = fhir.result_bundle(triage_answers({}), authored=moment)
    assert datetime.fromisoformat(bundle["timestamp"]).utcoffset() is not None
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response["authored"] == bundle["timestamp"]


def test_no_observation_without_a_measured_value() -> None:
    bundle = bundle_of({"calcium": "high"})
    assert resources(bundle, "Observation") == []
    (risk,) = resources(bundle, "RiskAssessment")
    assert len(risk["basis"]) == 1  # the response alone


@pytest.mark.parametrize(
    ("case", "certainty", "risk"),
    [
        ({"calcium": "high"}, "likely", "high"),
        ({"tissue_damage": "acne"}, "possible", "moderate"),
        ({}, "uncertain", "low"),
    ],
)
def test_the_risk_assessment_holds_the_suggestion_and_the_alternatives(
    case: dict[str, object], certainty: str, risk: str
) -> None:
    result = triage_answers(case)
    assert result.certainty == certainty
    bundle = bundle_of(case)
    (assessment,) = resources(bundle, "RiskAssessment")
    assert assessment["status"] == "final"
    first, *others = assessment["prediction"]
    assert first["outcome"]["coding"][0] == {
        "system": f"{BASE}/CodeSystem/calcinosis-type",
        "code": result.suggested_type,
        "display": result.name,
    }
    codes = result.to_dict()["suggested_type"]["codes"]
    assert first["outcome"]["coding"][1:] == codes  # the codes of the type, from the knowledge base
    assert first["qualitativeRisk"]["coding"] == [
        {
            "system": "http://terminology.hl7.org/CodeSystem/risk-probability",
            "code": risk,
            "display": f"{risk.capitalize()} likelihood",
        }
    ]
    assert first["rationale"] == " ".join(result.reasons)
    assert [p["outcome"]["coding"][0]["code"] for p in others] == [a.id for a in result.alternatives]
    assert [p["rationale"] for p in others] == [a.why for a in result.alternatives]
    assert all("qualitativeRisk" not in p for p in others)  # the program rates only its best fit
    assert result.disclaimer in json.dumps(assessment)
    entries = [
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] in ("QuestionnaireResponse", "Observation")
    ]
    assert [b["reference"] for b in assessment["basis"]] == entries


def test_calciphylaxis_has_no_code_in_the_risk_assessment_beyond_ours() -> None:
    bundle = bundle_of({"skin_breakdown": "yes", "kidney_failure": "yes", "pain": "severe"})
    (assessment,) = resources(bundle, "RiskAssessment")
    assert [c["code"] for c in assessment["prediction"][0]["outcome"]["coding"]] == ["calciphylaxis"]


def test_the_response_carries_an_identifier_when_one_is_given() -> None:
    bundle = bundle_of({"calcium": "high"}, identifier="case-7")
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response["identifier"] == {"value": "case-7"}
    assert "identifier" not in resources(bundle_of({"calcium": "high"}), "QuestionnaireResponse")[0]


def test_resource_ids_can_be_made_by_the_caller() -> None:
    numbers = iter(range(100))
    bundle = fhir.result_bundle(triage_answers({"calcium_value": 11.0}), new_id=lambda: f"r{next(numbers)}")
    assert [e["fullUrl"] for e in bundle["entry"]] == ["urn:uuid:r0", "urn:uuid:r1", "urn:uuid:r2", "urn:uuid:r3"]


# --- the canonical base ------------------------------------------------------------------------


def test_the_canonical_base_is_configurable(invoke: Invoke) -> None:
    clinic = "https://fhir.clinic.example/calcinosis"
    outcome = invoke("questions", "--format", "fhir-bundle", env={"CALCINOSIS_FHIR_BASE": clinic + "/"})
    assert outcome.exit_code == 0, outcome.stderr
    bundle = json.loads(outcome.stdout)
    assert bundle["entry"][0]["resource"]["url"] == f"{clinic}/Questionnaire/calcinosis-triage"
    standard = ("http://hl7.org/", "http://terminology.hl7.org/", "http://loinc.org", "http://unitsofmeasure.org")
    ours = {u for u in re.findall(r'"(https?://[^"]+)"', outcome.stdout) if not u.startswith(standard)}
    assert ours and all(url.startswith(clinic + "/") for url in ours), sorted(ours)[:5]
    assert BASE not in outcome.stdout
    triaged = invoke(
        "triage", "--no-input", "--format", "fhir-bundle", "--calcium", "high", env={"CALCINOSIS_FHIR_BASE": clinic}
    )
    assert BASE not in triaged.stdout and f"{clinic}/CodeSystem/calcinosis-type" in triaged.stdout


@pytest.mark.parametrize(
    "bad",
    [
        "not a url",
        "ftp://host/fhir",
        "https://host/fhir?x=1",
        "https://host/fhir#x",
        "https:///fhir",
        "https://.../fhir",  # a host name has no empty label
        "https://host..example/fhir",
        "https://-host.example/fhir",  # nor one that starts or ends with a hyphen
        "https://host-.example/fhir",
        "https://host:99999/fhir",  # a port is at most 65535
        "https://host:/fhir",
        "https://host/%zz",  # a percent sign starts two hexadecimal digits
        "https://host/fhir%2",
    ],
)
def test_a_bad_canonical_base_is_a_usage_error_naming_the_variable(invoke: Invoke, bad: str) -> None:
    outcome = invoke("questions", "--format", "fhir", env={"CALCINOSIS_FHIR_BASE": bad})
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("Error: CALCINOSIS_FHIR_BASE") and "Traceback" not in outcome.stderr


@pytest.mark.parametrize("fmt", ["fhir", "fhir-bundle"])
def test_a_bad_canonical_base_saves_no_report_before_it_is_refused(invoke: Invoke, tmp_path: Path, fmt: str) -> None:
    # Refused before anything is done: no report saved (nor, on a terminal, any question asked).
    report = tmp_path / "report.html"
    outcome = invoke(
        "triage", "--no-input", "--format", fmt, "--save", str(report), env={"CALCINOSIS_FHIR_BASE": "not a url"}
    )
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert outcome.stderr.startswith("Error: CALCINOSIS_FHIR_BASE") and outcome.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "good",
    ["http://localhost:8080/fhir", "https://10.0.0.1/fhir", "https://a.example:65535/f%C3%BC", "https://x1.example"],
)
def test_a_base_url_with_a_port_an_address_or_escapes_is_taken(invoke: Invoke, good: str) -> None:
    outcome = invoke("questions", "--format", "fhir", env={"CALCINOSIS_FHIR_BASE": good})
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["url"] == f"{good}/Questionnaire/calcinosis-triage"


def test_the_default_base_is_documented() -> None:
    for doc in ("README.md", "docs/fhir.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "CALCINOSIS_FHIR_BASE" in text and fhir.DEFAULT_BASE in text, doc


def test_the_fhir_doc_names_every_code_with_its_source() -> None:
    text = (ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    for lab in LAB_CODES:
        assert lab.code.code in text, lab
        for source in lab.code.sources:
            assert SOURCES[source].url in text, source
    for codes in OPTION_CODES.values():
        for code in codes:
            assert code.code in text and all(SOURCES[s].url in text for s in code.sources)
    for unit in UCUM_CODES.values():
        assert f"`{unit}`" in text
    assert fhir.EXTENSION_UNITS in text and fhir.EXTENSION_EQUIVALENT_CODING in text


def test_a_bad_case_as_an_operation_outcome() -> None:
    """For batch's FHIR output: one OperationOutcome with the message, the line and the id."""
    outcome = fhir.operation_outcome("field 'calcium': 'purple' is not one of: high", line=2, identifier="case-7")
    get_fhir_model_class("OperationOutcome").model_validate(outcome)
    (issue,) = outcome["issue"]
    assert (issue["severity"], issue["code"]) == ("error", "invalid")
    assert issue["details"]["text"] == "field 'calcium': 'purple' is not one of: high"
    assert issue["diagnostics"] == "line 2, id case-7"
    assert "diagnostics" not in fhir.operation_outcome("bad")["issue"][0]
