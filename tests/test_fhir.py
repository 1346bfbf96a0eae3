"""FHIR R4: ``questions --format fhir`` is a Questionnaire derived from the question
bank, and ``triage --format fhir`` (and ``batch --format fhir``) a QuestionnaireResponse
of it; both validate with the ``fhir.resources`` R4B models. (The measured values, the
Bundles and reading responses back: tests/test_fhir_bundle.py, tests/test_fhir_in.py.)"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

import calcinosis_cli
from calcinosis_cli import triage_answers
from calcinosis_cli.questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN
from calcinosis_cli.render import fhir

Invoke = Any  # the fixture of conftest.py: runs the command in this process

BASE = "https://calcinosis.example.org/fhir"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/calcinosis-triage"
SUGGESTED_TYPE = f"{BASE}/StructureDefinition/suggested-type"
CERTAINTY = f"{BASE}/StructureDefinition/certainty"
URGENCY = f"{BASE}/StructureDefinition/urgency"
DISCLAIMER = f"{BASE}/StructureDefinition/disclaimer"
ANSWER_NOT_ASKED = f"{BASE}/StructureDefinition/answer-not-asked"
LAB_LINK_IDS = ("calcium_value", "phosphate_value", "albumin_value", "calcium_phosphate_product")

# Cases that between them reach every type, every urgency, measured values,
# explicit "unknown" answers and answers the questionnaire would not have asked.
CASES: dict[str, dict[str, object]] = {
    "nothing answered": {},
    "high calcium, and a procedure given anyway": {"calcium": "high", "procedure": "heel-sticks", "tumor": "yes"},
    "calciphylaxis pattern": {"skin_breakdown": "yes", "pain": "severe", "kidney_failure": "yes", "warfarin": "yes"},
    "heel sticks in a baby": {"procedure": "heel-sticks", "age_group": "infant", "calcium": "normal"},
    "acne scar": {"calcium": "normal", "phosphate": "normal", "tissue_damage": "acne", "excess_vitamin_d": "no"},
    "explicit unknowns": {"calcium": "unknown", "site": "unknown", "pain": "none", "age_group": "child"},
    "measured values": {"calcium_value": 2.9, "phosphate_value": 1.1, "units": "mmol/l", "kidney_failure": "yes"},
}
CLI_CASE = ("--calcium", "high", "--kidney-failure", "yes", "--site", "unknown", "--procedure", "surgery")


def extension_values(resource: dict[str, Any], url: str) -> list[Any]:
    """The values of every extension with ``url``, as a FHIR reader finds them."""
    found = []
    for extension in resource.get("extension", []):
        if extension["url"] == url:
            values = [v for k, v in extension.items() if k.startswith("value")]
            found.append(values[0] if values else {e["url"]: e for e in extension["extension"]})
    return found


def fhir_enabled(item: dict[str, Any], answers: dict[str, str | None]) -> bool:
    """``enableWhen`` evaluated as the FHIR R4 spec defines it, on the JSON alone:
    "=" holds when an answer equals the coding, "!=" when none does (so also when the
    question has no answer); ``enableBehavior`` combines several."""
    conditions = item.get("enableWhen", [])
    if not conditions:
        return True
    outcomes = []
    for condition in conditions:
        given = answers.get(condition["question"])
        equal = given is not None and given == condition["answerCoding"]["code"]
        outcomes.append(equal if condition["operator"] == "=" else not equal)
    return all(outcomes) if item.get("enableBehavior", "all") == "all" else any(outcomes)


@pytest.fixture(autouse=True)
def default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """The URLs below are those of the default base (CALCINOSIS_FHIR_BASE unset)."""
    monkeypatch.delenv("CALCINOSIS_FHIR_BASE", raising=False)


@pytest.fixture(scope="module")
def questionnaire() -> dict[str, Any]:
    return fhir.questionnaire()


def choice_items(questionnaire: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of the questions (the measured values are quantity items beside them)."""
    return [item for item in questionnaire["item"] if item["type"] == "choice"]


# --- the Questionnaire ------------------------------------------------------------


def test_the_questionnaire_validates_as_fhir_r4(questionnaire: dict[str, Any]) -> None:
    model = Questionnaire.model_validate(questionnaire)
    assert model.status == "active"
    assert model.url == QUESTIONNAIRE_URL
    assert model.version == calcinosis_cli.__version__


def test_one_choice_item_per_question_in_interview_order(questionnaire: dict[str, Any]) -> None:
    items = choice_items(questionnaire)
    assert [item["linkId"] for item in items] == [q.id for q in QUESTIONS]
    others = [item["linkId"] for item in questionnaire["item"] if item["type"] != "choice"]
    assert others == list(LAB_LINK_IDS)  # the measured values and their product, nothing else
    for item in items:
        question = QUESTIONS_BY_ID[item["linkId"]]
        assert item["type"] == "choice"
        assert item["text"] == question.text


def test_every_value_is_an_answer_option_with_our_code_system(questionnaire: dict[str, Any]) -> None:
    for item in choice_items(questionnaire):
        question = QUESTIONS_BY_ID[item["linkId"]]
        codings = [option["valueCoding"] for option in item["answerOption"]]
        assert [c["code"] for c in codings] == list(question.values)
        assert [c["display"] for c in codings] == list(question.labels)
        assert {c["system"] for c in codings} == {f"{BASE}/CodeSystem/{question.id.replace('_', '-')}"}
        assert UNKNOWN in [c["code"] for c in codings]


def test_enable_when_matches_ask_when_for_every_question(questionnaire: dict[str, Any]) -> None:
    options = {item["linkId"]: [o["valueCoding"] for o in item["answerOption"]] for item in choice_items(questionnaire)}
    for item in choice_items(questionnaire):
        ask_when = QUESTIONS_BY_ID[item["linkId"]].ask_when
        conditions = item.get("enableWhen", [])
        assert [(c["question"], c["operator"], c["answerCoding"]["code"]) for c in conditions] == [
            (c.question, c.operator, c.value) for c in ask_when.conditions
        ]
        for condition in conditions:  # the coding is one of the referenced item's options, exactly
            assert condition["answerCoding"] in options[condition["question"]]
        if len(conditions) > 1:
            assert item["enableBehavior"] == ask_when.behavior
        else:
            assert "enableBehavior" not in item
    # 1.1: all 36 questions are asked always, so no item is conditional.
    assert [item["linkId"] for item in choice_items(questionnaire)] == [q.id for q in QUESTIONS]
    assert len(choice_items(questionnaire)) == 36
    assert all(not q.ask_when.conditions for q in QUESTIONS)
    assert not any("enableWhen" in item or "enableBehavior" in item for item in questionnaire["item"])


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {q.id: st.one_of(st.none(), st.sampled_from(q.values)) for q in QUESTIONS},
    )
)
def test_a_fhir_form_enables_exactly_the_questions_the_program_would_ask(answers: dict[str, str | None]) -> None:
    """None is a question left blank in the form: the program counts it as unknown."""
    known = {q: v for q, v in answers.items() if v is not None}
    for item in choice_items(fhir.questionnaire()):
        assert fhir_enabled(item, answers) == QUESTIONS_BY_ID[item["linkId"]].ask_when.holds(known)


def test_each_question_carries_its_explanation_as_help(questionnaire: dict[str, Any]) -> None:
    for item in choice_items(questionnaire):
        (help_item,) = item["item"]
        assert help_item["type"] == "display"
        assert help_item["text"] == QUESTIONS_BY_ID[item["linkId"]].explain


def test_the_questionnaire_carries_the_disclaimer(questionnaire: dict[str, Any]) -> None:
    from calcinosis_cli.knowledge import DISCLAIMER as TEXT

    assert TEXT in questionnaire["description"]


# --- the QuestionnaireResponse ----------------------------------------------------------


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_every_response_validates_and_references_the_questionnaire(case: dict[str, object]) -> None:
    response = fhir.questionnaire_response(triage_answers(case))
    model = QuestionnaireResponse.model_validate(response)
    assert model.status == "completed"
    assert response["questionnaire"] == f"{QUESTIONNAIRE_URL}|{calcinosis_cli.__version__}"
    assert datetime.fromisoformat(response["authored"]).utcoffset() is not None


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_answers_are_kept_and_unanswered_questions_left_out(
    case: dict[str, object], questionnaire: dict[str, Any]
) -> None:
    """Every answer given is an item, "I don't know" (unknown) included, so that the response
    read back gives the same result; a question nobody answered is no item."""
    result = triage_answers(case)
    response = fhir.questionnaire_response(result)
    items = {item["linkId"]: item for item in response.get("item", []) if item["linkId"] in QUESTIONS_BY_ID}
    not_asked = {
        parts["question"]["valueString"]: parts["answer"]["valueCoding"]["code"]
        for parts in extension_values(response, ANSWER_NOT_ASKED)
    }
    codes = {qid: item["answer"][0]["valueCoding"]["code"] for qid, item in items.items()}
    given = {qid: value for qid, value in result.answers.values.items() if qid not in result.answers.unanswered}
    assert {**codes, **not_asked} == given
    assert not set(codes) & set(result.answers.unanswered)
    assert not set(codes) & set(not_asked)
    options = {item["linkId"]: [o["valueCoding"] for o in item["answerOption"]] for item in choice_items(questionnaire)}
    for qid, item in items.items():
        assert item["answer"][0]["valueCoding"] in options[qid]
        assert item["text"] == QUESTIONS_BY_ID[qid].text
    # Only the items a FHIR form would enable carry answers, as FHIR requires.
    answered: dict[str, str | None] = dict(codes)
    for qid in items:
        assert fhir_enabled(next(i for i in questionnaire["item"] if i["linkId"] == qid), answered)
    for qid in not_asked:
        assert not fhir_enabled(next(i for i in questionnaire["item"] if i["linkId"] == qid), answered)


def test_an_answer_1_0_would_not_have_asked_is_now_an_item() -> None:
    """1.0 did not ask about a procedure once calcium was high and kept such an answer in an
    extension; in 1.1 every question is asked, so it is an ordinary item and nothing is "not asked"."""
    response = fhir.questionnaire_response(triage_answers({"calcium": "high", "procedure": "heel-sticks"}))
    assert [item["linkId"] for item in response["item"]] == ["calcium", "procedure"]
    assert [item["answer"][0]["valueCoding"]["code"] for item in response["item"]] == ["high", "heel-sticks"]
    assert extension_values(response, ANSWER_NOT_ASKED) == []
    QuestionnaireResponse.model_validate(response)


def test_nothing_answered_gives_a_response_without_items() -> None:
    response = fhir.questionnaire_response(triage_answers({}))
    assert "item" not in response
    QuestionnaireResponse.model_validate(response)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_suggestion_certainty_urgency_and_disclaimer_are_findable(case: dict[str, object]) -> None:
    result = triage_answers(case)
    response = fhir.questionnaire_response(result)
    (suggested,) = extension_values(response, SUGGESTED_TYPE)
    assert suggested == {
        "system": f"{BASE}/CodeSystem/calcinosis-type",
        "code": result.suggested_type,
        "display": result.name,
    }
    assert extension_values(response, CERTAINTY) == [result.certainty]
    assert extension_values(response, URGENCY) == [result.urgency]
    assert extension_values(response, DISCLAIMER) == [result.disclaimer]
    alternatives = extension_values(response, f"{BASE}/StructureDefinition/alternative-type")
    assert [a["code"] for a in alternatives] == [a.id for a in result.alternatives]
    # A reader that shows only the narrative still sees the suggestion and the disclaimer.
    assert result.name in response["text"]["div"] and "not medical advice" in response["text"]["div"]


def test_measured_values_are_ucum_quantities_of_their_items() -> None:
    case = {"calcium_value": 2.9, "phosphate_value": 1.1, "units": "mmol/l"}
    response = fhir.questionnaire_response(triage_answers(case))
    answers = {item["linkId"]: item["answer"][0] for item in response["item"]}
    assert answers["calcium_value"] == {
        "valueQuantity": {"value": 2.9, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}
    }
    assert answers["phosphate_value"] == {
        "valueQuantity": {"value": 1.1, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}
    }
    assert answers["calcium"]["valueCoding"]["code"] == "high"  # the level the value gives
    assert answers["calcium_phosphate_product"] == {"valueDecimal": 39.5}  # 11.6 mg/dL × 3.406 mg/dL
    assert not any("measured-value" in e["url"] for e in response["extension"])  # 1.0's extension is gone


def test_authored_is_the_moment_given_with_its_offset() -> None:
    moment = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    response = fhir.questionnaire_response(triage_answers({}), authored=moment)
    assert response["authored"] == "2026-11-25T09:30:00+01:00"


# --- the command line -------------------------------------------------------------------


def test_questions_format_fhir_prints_the_questionnaire(invoke: Invoke, questionnaire: dict[str, Any]) -> None:
    outcome = invoke("questions", "--format", "fhir")
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout) == questionnaire
    Questionnaire.model_validate_json(outcome.stdout)


def test_questions_json_and_format_json_are_the_same(invoke: Invoke) -> None:
    as_json = invoke("questions", "--json")
    as_format = invoke("questions", "--format", "json")
    assert as_json.exit_code == as_format.exit_code == 0
    assert as_json.stdout == as_format.stdout
    assert [q["id"] for q in json.loads(as_json.stdout)] == [q.id for q in QUESTIONS]


def test_questions_format_table_is_the_default(invoke: Invoke) -> None:
    assert invoke("questions", "--format", "table").stdout == invoke("questions").stdout


@pytest.mark.parametrize("args", [("--format", "xml"), ("--json", "--format", "fhir")])
def test_questions_bad_format_is_a_usage_error_naming_format(invoke: Invoke, args: tuple[str, ...]) -> None:
    outcome = invoke("questions", *args)
    assert outcome.exit_code == 2
    assert "--format" in outcome.stderr and "Traceback" not in outcome.stderr


def test_triage_format_fhir_prints_one_response_for_the_same_result(invoke: Invoke) -> None:
    outcome = invoke("triage", "--no-input", "--format", "fhir", *CLI_CASE)
    assert outcome.exit_code == 0, outcome.stderr
    response = json.loads(outcome.stdout)
    QuestionnaireResponse.model_validate(response)
    result = invoke("triage", "--no-input", "--json", *CLI_CASE).json()
    assert extension_values(response, SUGGESTED_TYPE)[0]["code"] == result["suggested_type"]["id"]
    assert extension_values(response, CERTAINTY) == [result["certainty"]]
    assert extension_values(response, URGENCY) == [result["urgency"]]
    site = next(item for item in response["item"] if item["linkId"] == "site")
    assert site["answer"][0]["valueCoding"]["code"] == UNKNOWN  # answered "I don't know": kept


def test_triage_json_and_format_fhir_contradict(invoke: Invoke) -> None:
    outcome = invoke("triage", "--no-input", "--json", "--format", "fhir")
    assert outcome.exit_code == 2 and "--format" in outcome.stderr


def test_batch_format_fhir_prints_one_compact_response_a_line(invoke: Invoke) -> None:
    cases = [{"calcium": "high"}, {"calcium": "purple"}, {"tissue_damage": "acne", "site": "unknown"}]
    outcome = invoke("batch", "--format", "fhir", input="".join(json.dumps(c) + "\n" for c in cases))
    assert outcome.exit_code == 1  # one bad case
    first, bad, third = outcome.stdout.splitlines()
    for line, case in ((first, cases[0]), (third, cases[2])):
        response = json.loads(line)
        assert line == json.dumps(response, ensure_ascii=False, separators=(",", ":"))  # compact
        QuestionnaireResponse.model_validate(response)
        expected = triage_answers(case)
        assert extension_values(response, SUGGESTED_TYPE)[0]["code"] == expected.suggested_type
        assert response["questionnaire"] == f"{QUESTIONNAIRE_URL}|{calcinosis_cli.__version__}"
        codes = {item["linkId"]: item["answer"][0]["valueCoding"]["code"] for item in response["item"]}
        assert codes == case  # every answer given, "unknown" included
    outcome_resource = json.loads(bad)  # a bad case is an OperationOutcome: FHIR output holds only FHIR
    assert outcome_resource["resourceType"] == "OperationOutcome"
    (issue,) = outcome_resource["issue"]
    assert issue["severity"] == "error" and "calcium" in issue["details"]["text"]
    assert issue["diagnostics"] == "line 2"


def test_the_fhir_doc_names_every_canonical_url() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "fhir.md").read_text(encoding="utf-8")
    for url in (
        fhir.QUESTIONNAIRE_URL,
        fhir.TYPE_SYSTEM,
        fhir.EXTENSION_SUGGESTED_TYPE,
        fhir.EXTENSION_CERTAINTY,
        fhir.EXTENSION_URGENCY,
        fhir.EXTENSION_ALTERNATIVE_TYPE,
        fhir.EXTENSION_DISCLAIMER,
        fhir.EXTENSION_ANSWER_NOT_ASKED,
        fhir.EXTENSION_SAFETY_NET,
        fhir.EXTENSION_LOOK_ALIKE,
        fhir.EXTENSION_EQUIVALENT_CODING,
        fhir.LOOK_ALIKE_SYSTEM,
        fhir.OBSERVATION_SYSTEM,
    ):
        assert url in text, url
