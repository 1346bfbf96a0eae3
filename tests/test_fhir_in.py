"""Contract 1.1, "Input (1.1)": ``--answers`` reads a FHIR R4 QuestionnaireResponse, ours or
any whose item linkIds are our question and lab field ids. Codings, decimals and
quantities become answers (units included); an item that is not ours is the input's
error, named by its linkId (exit 2, one message, no traceback). Our own response, read
back, gives the same result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calcinosis_cli import UsageError, triage_answers
from calcinosis_cli.fhir_in import answers_from_response, is_response, response_identifier
from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN
from calcinosis_cli.render import fhir

Invoke = Any  # the fixture of conftest.py

UCUM = "http://unitsofmeasure.org"
BASE = "https://calcinosis.example.org/fhir"


@pytest.fixture(autouse=True)
def default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALCINOSIS_FHIR_BASE", raising=False)


def response(*items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A QuestionnaireResponse as another FHIR client would write it."""
    return {"resourceType": "QuestionnaireResponse", "status": "completed", **fields, "item": list(items)}


def coded(link_id: str, code: str, system: str | None = None) -> dict[str, Any]:
    coding: dict[str, Any] = {"code": code}
    if system is not None:
        coding["system"] = system
    return {"linkId": link_id, "answer": [{"valueCoding": coding}]}


def quantity(link_id: str, value: float, unit: str | None) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value}
    if unit is not None:
        q.update(unit=unit, system=UCUM, code=unit)
    return {"linkId": link_id, "answer": [{"valueQuantity": q}]}


def read(data: dict[str, Any]) -> dict[str, Any]:
    """What the program makes of a response: the result's answers and labs."""
    result = triage_answers(answers_from_response(data)).to_dict()
    return {"answers": result["answers"], "labs": result["labs"]}


# --- our own response read back ------------------------------------------------------

UNIT_RANGES = {  # ordinary values in each unit: a case is valid whatever is drawn
    ("calcium", "mg/dl"): (5.0, 15.0),
    ("calcium", "mmol/l"): (1.3, 3.7),
    ("phosphate", "mg/dl"): (1.0, 9.0),
    ("phosphate", "mmol/l"): (0.35, 2.9),
    ("albumin", "g/dl"): (1.5, 5.5),
    ("albumin", "g/l"): (15.0, 55.0),
}


@st.composite
def cases(draw: st.DrawFn) -> dict[str, object]:
    """Answers as a person or a script gives them: any questions, any values ("unknown"
    included), and measured values in either unit, given or left to the default."""
    case: dict[str, object] = {}
    for question in QUESTIONS:
        if draw(st.booleans()):
            case[question.id] = draw(st.sampled_from(question.values))
    units = draw(st.sampled_from([None, "mg/dl", "mmol/l"]))
    for analyte in ("calcium", "phosphate"):
        if draw(st.booleans()):
            low, high = UNIT_RANGES[(analyte, units or "mg/dl")]
            case[f"{analyte}_value"] = round(draw(st.floats(low, high)), draw(st.integers(0, 2)))
            if draw(st.booleans()):
                case.pop(analyte, None)  # the level comes from the value alone
    if units is not None and draw(st.booleans()):
        case["units"] = units
    if draw(st.booleans()):
        albumin_units = draw(st.sampled_from(["g/dl", "g/l"]))
        low, high = UNIT_RANGES[("albumin", albumin_units)]
        case["albumin_value"] = round(draw(st.floats(low, high)), 1)
        case["albumin_units"] = albumin_units
    if "units" not in case and units == "mmol/l":
        for analyte in ("calcium", "phosphate"):
            case.pop(f"{analyte}_value", None)  # mmol/l values without their units are refused
    return case


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(cases())
def test_our_own_response_read_back_gives_the_same_result(case: dict[str, object]) -> None:
    try:
        first = triage_answers(case)
    except UsageError:
        assume(False)  # a measured value that contradicts the level given: not a case
        raise  # pragma: no cover - assume(False) does not return
    written = json.loads(json.dumps(fhir.questionnaire_response(first)))
    again = triage_answers(answers_from_response(written))
    assert again.to_dict() == first.to_dict()


CLI_CASES = {
    "levels": ("--calcium", "high", "--kidney-failure", "yes", "--site", "unknown"),
    "values in mg/dl": ("--calcium-value", "11.9", "--phosphate-value", "5.1", "--age-group", "adult"),
    "values in mmol/l with albumin": (
        "--calcium-value",
        "2.2",
        "--phosphate-value",
        "1.9",
        "--units",
        "mmol/l",
        "--albumin-value",
        "28",
        "--kidney-failure",
        "yes",
    ),
    "a child's borderline value": ("--age-group", "child", "--calcium-value", "8.6", "--pain", "none"),
    "calciphylaxis": ("--skin-dark", "yes", "--kidney-failure", "yes", "--warfarin", "yes"),
}


@pytest.mark.parametrize("flags", CLI_CASES.values(), ids=list(CLI_CASES))
def test_triage_format_fhir_fed_back_through_answers_gives_the_same_result(
    invoke: Invoke, flags: tuple[str, ...], tmp_path: Path
) -> None:
    as_flags = invoke("triage", "--no-input", "--json", *flags).json()
    written = invoke("triage", "--no-input", "--format", "fhir", *flags)
    assert written.exit_code == 0, written.stderr
    from_stdin = invoke("triage", "--no-input", "--json", "--answers", "-", input=written.stdout).json()
    assert from_stdin == as_flags
    path = tmp_path / "response.json"
    path.write_text(written.stdout, encoding="utf-8")
    assert invoke("triage", "--no-input", "--json", "--answers", str(path)).json() == as_flags


@pytest.mark.parametrize("fmt", ["fhir", "fhir-bundle"])
def test_a_batch_response_read_back_keeps_its_identifier_in_fhir_output(invoke: Invoke, fmt: str) -> None:
    # A response that batch wrote for case "case-7", triaged again with --answers, came
    # back without its identifier: the result could no longer be joined to its case.
    line = invoke("batch", "--format", "fhir", "-", input='{"id": "case-7", "calcium": "high"}\n').stdout
    again = invoke("triage", "--no-input", "--format", fmt, "--answers", "-", input=line)
    assert again.exit_code == 0, again.stderr

    def response_of(text: str) -> dict[str, Any]:
        document = json.loads(text)
        resources = [e["resource"] for e in document["entry"]] if fmt == "fhir-bundle" else [document]
        (response,) = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
        return response

    assert response_of(again.stdout)["identifier"] == {"value": "case-7"}
    plain = invoke("triage", "--no-input", "--format", fmt, "--calcium", "high")
    assert "identifier" not in response_of(plain.stdout)  # answers without one: none


@pytest.mark.parametrize("kind", ["Bundle", "Patient", "questionnaireresponse"])
def test_another_fhir_resource_given_as_answers_is_said_to_be_no_questionnaire_response(
    invoke: Invoke, kind: str
) -> None:
    """As batch says it of such a line; triage said "field 'resourceType' is not a question
    id or lab field", even of the Bundle that ``triage --format fhir-bundle`` writes."""
    data = invoke("triage", "--no-input", "--format", "fhir-bundle", "--calcium", "high").stdout
    if kind != "Bundle":
        data = json.dumps({"resourceType": kind, "item": []})
    outcome = invoke("triage", "--no-input", "--json", "--answers", "-", input=data)
    assert outcome.exit_code == 2 and outcome.stdout == ""
    said = outcome.stderr.strip()
    assert len(said.splitlines()) == 1 and "Traceback" not in said
    assert f"a {kind!r} resource is not a QuestionnaireResponse" in said and "--answers" in said
    batch = invoke("batch", input=data.replace("\n", "") + "\n")
    assert f"a {kind!r} resource is not a QuestionnaireResponse" in batch.stdout


def test_flags_win_over_a_response(invoke: Invoke) -> None:
    data = response(coded("calcium", "high"), coded("kidney_failure", "yes"))
    result = invoke("triage", "--no-input", "--json", "--calcium", "normal", "--answers", "-", input=json.dumps(data))
    assert result.json()["answers"]["calcium"] == "normal"
    assert result.json()["answers"]["kidney_failure"] == "yes"


# --- any response whose linkIds are ours -------------------------------------------------


def test_codings_of_our_systems_of_none_and_of_the_loinc_answers_are_read() -> None:
    data = response(
        coded("kidney_failure", "yes", f"{BASE}/CodeSystem/kidney-failure"),
        coded("diabetes", "LA33-6", "http://loinc.org"),
        coded("warfarin", "LA32-8", "http://loinc.org"),
        coded("site", "LA4489-6", "http://loinc.org"),
        coded("autoimmune", "lupus"),  # no system: our code
    )
    answers = read(data)["answers"]
    assert (answers["kidney_failure"], answers["diabetes"], answers["warfarin"]) == ("yes", "yes", "no")
    assert (answers["site"], answers["autoimmune"]) == (UNKNOWN, "lupus")


def test_typed_text_and_true_or_false_are_read_as_a_person_types_them() -> None:
    data = response(
        {"linkId": "autoimmune", "answer": [{"valueString": "Rheumatoid arthritis"}]},
        {"linkId": "gout", "answer": [{"valueBoolean": True}]},
        {"linkId": "obesity", "answer": [{"valueBoolean": False}]},
    )
    answers = read(data)["answers"]
    assert (answers["autoimmune"], answers["gout"], answers["obesity"]) == ("rheumatoid-arthritis", "yes", "no")


@pytest.mark.parametrize(
    ("items", "units", "calcium_mg_dl"),
    [
        ((quantity("calcium_value", 11.2, "mg/dL"),), "mg/dl", 11.2),
        ((quantity("calcium_value", 2.8, "mmol/L"), quantity("phosphate_value", 1.1, "mmol/L")), "mmol/l", 11.2),
        (
            ({"linkId": "calcium_value", "answer": [{"valueDecimal": 2.8}]}, coded("units", "mmol/L", UCUM)),
            "mmol/l",
            11.2,
        ),
        (({"linkId": "calcium_value", "answer": [{"valueInteger": 11}]},), "mg/dl", 11.0),
        (({"linkId": "calcium_value", "answer": [{"valueString": "9.5"}]},), "mg/dl", 9.5),
    ],
    ids=["quantity mg/dL", "quantities mmol/L", "decimal with a units item", "integer", "text"],
)
def test_decimals_and_quantities_become_measured_values_with_their_units(
    items: tuple[dict[str, Any], ...], units: str, calcium_mg_dl: float
) -> None:
    labs = read(response(*items))["labs"]
    assert labs["units"] == units
    assert labs["calcium"]["value_mg_dl"] == pytest.approx(calcium_mg_dl)


def test_units_given_as_text_are_read() -> None:
    data = response(
        {"linkId": "phosphate_value", "answer": [{"valueDecimal": 1.1}]},
        {"linkId": "units", "answer": [{"valueString": "mmol/L"}]},
        {"linkId": "albumin_value", "answer": [{"valueDecimal": 30}]},
        {"linkId": "albumin_units", "answer": [{"valueCoding": {"system": UCUM, "code": "g/L"}}]},
    )
    labs = read(data)["labs"]
    assert (labs["units"], labs["albumin"]["units"]) == ("mmol/l", "g/l")


def test_albumin_in_g_per_l_is_read_with_its_unit() -> None:
    data = response(
        quantity("calcium_value", 2.1, "mmol/L"), quantity("albumin_value", 28, "g/L"), coded("age_group", "adult")
    )
    labs = read(data)["labs"]
    assert labs["albumin"] == {"value": 28.0, "units": "g/l", "used": True, "note": None}
    assert labs["calcium"]["corrected"]["value"] == pytest.approx(2.34)


def test_a_quantity_without_its_unit_follows_the_rule_that_units_are_never_guessed() -> None:
    with pytest.raises(UsageError, match=r"calcium_value.*2\.5 is an ordinary calcium in mmol/l"):
        read(response(quantity("calcium_value", 2.5, None)))


def test_items_nested_under_groups_of_ours_and_under_answers_are_read() -> None:
    nested = {
        "linkId": "calcium",
        "answer": [{"valueCoding": {"code": "high"}, "item": [quantity("calcium_value", 11.9, "mg/dL")]}],
        "item": [coded("kidney_failure", "yes")],
    }
    result = read(response(nested))
    assert result["answers"]["calcium"] == "high" and result["answers"]["kidney_failure"] == "yes"
    assert result["labs"]["calcium"]["value"] == 11.9


def test_help_texts_and_the_calculated_product_are_ignored() -> None:
    """The program works the product out itself: a form's (or a wrong) value changes nothing."""
    base = [quantity("calcium_value", 10.0, "mg/dL"), quantity("phosphate_value", 4.0, "mg/dL")]
    with_product = response(
        *base, {"linkId": "calcium_phosphate_product", "answer": [{"valueDecimal": 999}]}, {"linkId": "calcium.help"}
    )
    assert read(with_product) == read(response(*base))
    assert read(with_product)["labs"]["product"]["value"] == 40.0


def test_a_response_written_under_another_base_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    written = fhir.questionnaire_response(triage_answers({"kidney_failure": "yes", "pain": "mild"}))
    monkeypatch.setenv("CALCINOSIS_FHIR_BASE", "https://fhir.clinic.example/calcinosis")
    clinic = fhir.questionnaire_response(triage_answers({"kidney_failure": "yes", "pain": "mild"}))
    assert clinic["item"][0]["answer"][0]["valueCoding"]["system"].startswith("https://fhir.clinic.example/")
    for data in (written, clinic):  # the default base and the clinic's both read
        assert read(data)["answers"]["kidney_failure"] == "yes"


def test_a_response_as_lhc_forms_writes_it_is_read() -> None:
    """The shape LHC-Forms' getFormFHIRData("QuestionnaireResponse", "R4") gives: codings
    with display, quantities with unit, code and system, and the SDC profile."""
    data = {
        "resourceType": "QuestionnaireResponse",
        "meta": {"profile": ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse"]},
        "status": "completed",
        "authored": "2026-12-02T10:00:00.000Z",
        "questionnaire": f"{BASE}/Questionnaire/calcinosis-triage|0.1.0",
        "item": [
            {
                "linkId": "age_group",
                "text": QUESTIONS_BY_ID["age_group"].text,
                "answer": [
                    {
                        "valueCoding": {
                            "code": "adult",
                            "display": "18 or older",
                            "system": f"{BASE}/CodeSystem/age-group",
                        }
                    }
                ],
            },
            {
                "linkId": "calcium_value",
                "text": "If you have the blood test report: the total calcium, with its unit.",
                "answer": [{"valueQuantity": {"value": 2.9, "unit": "mmol/L", "code": "mmol/L", "system": UCUM}}],
            },
            {"linkId": "calcium_phosphate_product", "text": fhir.PRODUCT_TEXT},
        ],
    }
    result = read(data)
    assert result["answers"]["age_group"] == "adult" and result["answers"]["calcium"] == "high"
    assert result["labs"]["units"] == "mmol/l"


def test_is_response_and_the_identifier() -> None:
    assert is_response({"resourceType": "QuestionnaireResponse"}) and not is_response({"calcium": "high"})
    written = fhir.questionnaire_response(triage_answers({}), identifier="case-7")
    assert written["identifier"] == {"value": "case-7"}
    assert response_identifier(written) == "case-7"
    assert response_identifier(fhir.questionnaire_response(triage_answers({}), identifier=8)) == "8"
    assert response_identifier({"resourceType": "QuestionnaireResponse", "id": "not-the-case-id"}) is None
    assert response_identifier({"identifier": {"system": "urn:x"}}) is None
    for bad in ({"identifier": [{"value": "a"}]}, {"identifier": {"value": 7}}, {"identifier": {"value": ""}}):
        with pytest.raises(UsageError, match="identifier"):
            response_identifier(bad)


# --- what is not ours is the input's error, named by its linkId ------------------------------

BAD_RESPONSES: dict[str, tuple[dict[str, Any], str]] = {
    "an item that is not ours": (
        response(coded("calcium", "high"), coded("blood-pressure", "high")),
        "'blood-pressure'",
    ),
    "a group that is not ours": (response({"linkId": "labs", "item": [coded("calcium", "high")]}), "'labs'"),
    "a coding of another system": (response(coded("diabetes", "44054006", "http://snomed.info/sct")), "'diabetes'"),
    "a code not in the question": (response(coded("calcium", "hihg")), "'calcium'"),
    "two answers": (
        response({"linkId": "site", "answer": [{"valueCoding": {"code": "face"}}, {"valueCoding": {"code": "ears"}}]}),
        "'site'",
    ),
    "an item given twice": (response(coded("pain", "none"), coded("pain", "mild")), "'pain'"),
    "a unit that is not one of ours": (response(quantity("calcium_value", 2.4, "mEq/L")), "'calcium_value'"),
    "a unit of another system": (
        response(
            {"linkId": "albumin_value", "answer": [{"valueQuantity": {"value": 3, "code": "g/dL", "system": "urn:x"}}]}
        ),
        "'albumin_value'",
    ),
    "a comparator": (
        response({"linkId": "calcium_value", "answer": [{"valueQuantity": {"value": 5, "comparator": "<"}}]}),
        "'calcium_value'",
    ),
    "calcium and phosphate in different units": (
        response(quantity("calcium_value", 10.1, "mg/dL"), quantity("phosphate_value", 1.1, "mmol/L")),
        "'phosphate_value'",
    ),
    "a units item that disagrees": (
        response(quantity("calcium_value", 10.1, "mg/dL"), coded("units", "mmol/L")),
        "'units'",
    ),
    "a date for a choice": (response({"linkId": "pain", "answer": [{"valueDate": "2026-01-01"}]}), "'pain'"),
    "a coding for a measured value": (response(coded("calcium_value", "high")), "'calcium_value'"),
    "an answer with two values": (
        response({"linkId": "pain", "answer": [{"valueCoding": {"code": "none"}, "valueString": "none"}]}),
        "'pain'",
    ),
    "an answer to a help text": (
        response({"linkId": "pain.help", "answer": [{"valueString": "x"}]}),
        "'pain.help'",
    ),
    "an item without a linkId": (response({"answer": [{"valueString": "x"}]}), "linkId"),
    "items that are not a list": ({"resourceType": "QuestionnaireResponse", "item": {"linkId": "pain"}}, "'item'"),
    "items that are null": (
        {"resourceType": "QuestionnaireResponse", "item": None},
        "'item' must be a list of items, not null",
    ),
    "an item that is not an object": (response("calcium"), "every item must be an object"),  # type: ignore[arg-type]
    "answers that are not a list": (response({"linkId": "pain", "answer": {"valueString": "none"}}), "'pain'"),
    "a coding without a code": (response({"linkId": "pain", "answer": [{"valueCoding": {"system": "x"}}]}), "'pain'"),
    "a quantity without a value": (
        response({"linkId": "calcium_value", "answer": [{"valueQuantity": {"unit": "mg/dL"}}]}),
        "'calcium_value'",
    ),
    "a quantity whose value is null": (
        response({"linkId": "calcium_value", "answer": [{"valueQuantity": {"value": None, "code": "mg/dL"}}]}),
        "'calcium_value'",
    ),
    "a quantity whose unit and code disagree": (
        response(
            {
                "linkId": "calcium_value",
                "answer": [{"valueQuantity": {"value": 2.5, "unit": "mmol/L", "system": UCUM, "code": "mg/dL"}}],
            }
        ),
        "'calcium_value'",
    ),
    "units given as a number": (response({"linkId": "units", "answer": [{"valueDecimal": 1}]}), "'units'"),
    "units given as text that is not a unit": (
        response({"linkId": "units", "answer": [{"valueString": "mEq/L"}]}),
        "'units'",
    ),
    "a true or false for a question that is not yes or no": (
        response({"linkId": "pain", "answer": [{"valueBoolean": True}]}),
        "'pain'",
    ),
    "a coding whose system is a list": (
        response({"linkId": "pain", "answer": [{"valueCoding": {"code": "mild", "system": ["urn:x"]}}]}),
        "'pain'",
    ),
    "a response entered in error": ({**response(coded("calcium", "high")), "status": "entered-in-error"}, "'status'"),
    "a status that is not text": ({**response(coded("calcium", "high")), "status": 3}, "'status'"),
    "a coding whose system is an object": (
        response({"linkId": "pain", "answer": [{"valueCoding": {"code": "mild", "system": {"a": 1}}}]}),
        "'pain'",
    ),
}


@pytest.mark.parametrize(("data", "named"), BAD_RESPONSES.values(), ids=list(BAD_RESPONSES))
def test_a_response_that_is_not_ours_is_a_usage_error_naming_the_link_id(
    invoke: Invoke, data: dict[str, Any], named: str
) -> None:
    outcome = invoke("triage", "--no-input", "--json", "--answers", "-", input=json.dumps(data))
    assert outcome.exit_code == 2, outcome.stdout
    assert outcome.stdout == ""
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --answers"), outcome.stderr
    assert named in lines[0]
    assert "Traceback" not in outcome.stderr


def test_a_bad_response_in_batch_is_that_lines_error_and_the_run_goes_on(invoke: Invoke) -> None:
    bad = response({"linkId": "pain", "answer": [{"valueCoding": {"code": "mild", "system": ["urn:x"]}}]})
    text = json.dumps(bad) + "\n" + json.dumps(response(coded("calcium", "high"))) + "\n"
    outcome = invoke("batch", "--input-format", "fhir", "--fields", "urgency", input=text)
    assert outcome.exit_code == 1 and "Traceback" not in outcome.stderr, outcome.stderr
    first, second = (json.loads(line) for line in outcome.stdout.splitlines())
    assert first["line"] == 1 and "'pain'" in first["error"]["message"]
    assert second == {"urgency": "soon"}


def test_an_extension_whose_url_is_not_text_is_not_ours(invoke: Invoke) -> None:
    data = response(coded("calcium", "high"), extension=[{"url": ["urn:x"]}, {"url": {"a": 1}}])
    outcome = invoke("triage", "--no-input", "--json", "--fields", "urgency", "--answers", "-", input=json.dumps(data))
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout) == {"urgency": "soon"}


def test_the_reader_refuses_what_is_not_a_questionnaire_response() -> None:
    with pytest.raises(UsageError, match="expected a FHIR QuestionnaireResponse"):
        answers_from_response({"resourceType": "Observation"})


def test_an_empty_response_is_nothing_answered() -> None:
    assert answers_from_response({"resourceType": "QuestionnaireResponse", "status": "completed"}) == {}
    assert read(response({"linkId": "pain"}))["answers"]["pain"] == UNKNOWN  # an item left blank
