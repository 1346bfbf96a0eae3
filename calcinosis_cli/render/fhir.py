"""The question bank as a FHIR R4 ``Questionnaire`` and a result as a
``QuestionnaireResponse``: plain dicts, ready for ``json.dumps``.

Both are derived from :data:`~calcinosis_cli.questions.QUESTIONS` and the
knowledge base; nothing here is written twice. The URLs below are canonical
names, not addresses that must answer; docs/fhir.md explains each of them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Any

from ..knowledge import DISCLAIMER, TYPES
from ..questions import QUESTIONS, QUESTIONS_BY_ID, UNKNOWN, Condition, Question
from ..result import Result

CANONICAL_BASE = "https://calcinosis.example.org/fhir"
QUESTIONNAIRE_ID = "calcinosis-triage"
QUESTIONNAIRE_URL = f"{CANONICAL_BASE}/Questionnaire/{QUESTIONNAIRE_ID}"
TYPE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/calcinosis-type"

EXTENSION_SUGGESTED_TYPE = f"{CANONICAL_BASE}/StructureDefinition/suggested-type"
EXTENSION_CERTAINTY = f"{CANONICAL_BASE}/StructureDefinition/certainty"
EXTENSION_URGENCY = f"{CANONICAL_BASE}/StructureDefinition/urgency"
EXTENSION_ALTERNATIVE_TYPE = f"{CANONICAL_BASE}/StructureDefinition/alternative-type"
EXTENSION_DISCLAIMER = f"{CANONICAL_BASE}/StructureDefinition/disclaimer"
EXTENSION_MEASURED = f"{CANONICAL_BASE}/StructureDefinition/measured-value"
EXTENSION_ANSWER_NOT_ASKED = f"{CANONICAL_BASE}/StructureDefinition/answer-not-asked"
EXTENSION_SAFETY_NET = f"{CANONICAL_BASE}/StructureDefinition/safety-net"
EXTENSION_LOOK_ALIKE = f"{CANONICAL_BASE}/StructureDefinition/look-alike"
LOOK_ALIKE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/calcinosis-look-alike"

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"mg/dl": "mg/dL", "mmol/l": "mmol/L"}


def package_version() -> str:
    # Imported when called, not at import: the package root imports the whole
    # library, which is loaded by the time anything is rendered.
    from .. import __version__

    return __version__


def answer_system(question_id: str) -> str:
    """The CodeSystem of one question's values: one per question, because the same
    word (``other``, ``surgery``) means different things in different questions."""
    return f"{CANONICAL_BASE}/CodeSystem/{question_id.replace('_', '-')}"


def answer_coding(question: Question, value: str) -> dict[str, str]:
    return {"system": answer_system(question.id), "code": value, "display": question.label_of(value)}


def canonical(version: str | None = None) -> str:
    """The versioned canonical reference ``url|version`` of the Questionnaire."""
    return f"{QUESTIONNAIRE_URL}|{version or package_version()}"


# --- the Questionnaire ----------------------------------------------------------


def _enable_when(condition: Condition) -> dict[str, Any]:
    return {
        "question": condition.question,
        "operator": condition.operator,
        "answerCoding": answer_coding(QUESTIONS_BY_ID[condition.question], condition.value),
    }


def _help_item(question: Question) -> dict[str, Any]:
    """The "?" explanation, as FHIR forms show help: a display item with itemControl help."""
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}
    return {
        "linkId": f"{question.id}.help",
        "text": question.explain,
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
    }


def questionnaire_item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.text,
        "type": "choice",
        "required": False,
        "repeats": False,
        "answerOption": [{"valueCoding": answer_coding(question, value)} for value in question.values],
    }
    conditions = question.ask_when.conditions
    if conditions:
        item["enableWhen"] = [_enable_when(c) for c in conditions]
        if len(conditions) > 1:
            item["enableBehavior"] = question.ask_when.behavior
    item["item"] = [_help_item(question)]
    return item


def questionnaire(version: str | None = None) -> dict[str, Any]:
    """The question bank as a FHIR R4 ``Questionnaire`` (``version`` defaults to the package's)."""
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": QUESTIONNAIRE_URL,
        "version": version or package_version(),
        "name": "CalcinosisTriage",
        "title": "Calcinosis triage",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "The calcinosis developers",
        "description": (
            "An adaptive questionnaire that suggests which type of calcinosis (calcium deposits "
            "in skin or soft tissue) fits the answers best. " + DISCLAIMER
        ),
        "item": [questionnaire_item(q) for q in QUESTIONS],
    }


# --- the QuestionnaireResponse --------------------------------------------------


def enabled_answers(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split the known (not unknown) answers into those the Questionnaire enables and
    those it does not, reading ``enableWhen`` as FHIR does: in item order, a disabled
    item counts as not answered."""
    enabled: dict[str, str] = {}
    not_asked: dict[str, str] = {}
    for question in QUESTIONS:
        value = values.get(question.id, UNKNOWN)
        if value == UNKNOWN:
            continue
        if question.ask_when.holds(enabled):
            enabled[question.id] = value
        else:
            not_asked[question.id] = value
    return enabled, not_asked


def _coding_of_type(type_id: str) -> dict[str, str]:
    return {"system": TYPE_SYSTEM, "code": type_id, "display": TYPES[type_id].name}


def _measured(result: Result) -> list[dict[str, Any]]:
    labs = result.answers.labs
    if labs is None:
        return []
    found = []
    for measurement in (labs.calcium, labs.phosphate):
        if measurement is not None:
            unit = UCUM_UNITS[measurement.units]
            quantity = {"value": measurement.value, "unit": unit, "system": UCUM, "code": unit}
            found.append(
                {
                    "url": EXTENSION_MEASURED,
                    "extension": [
                        {"url": "question", "valueString": measurement.analyte},
                        {"url": "value", "valueQuantity": quantity},
                    ],
                }
            )
    return found


def _answer_not_asked(question_id: str, value: str) -> dict[str, Any]:
    coding = answer_coding(QUESTIONS_BY_ID[question_id], value)
    return {
        "url": EXTENSION_ANSWER_NOT_ASKED,
        "extension": [{"url": "question", "valueString": question_id}, {"url": "answer", "valueCoding": coding}],
    }


def _narrative(result: Result) -> dict[str, str]:
    lines = (
        f"Best fit: {result.name} ({result.certainty}). Urgency: {result.urgency}.",
        *result.safety_net,
        result.disclaimer,
    )
    paragraphs = "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>'}


def questionnaire_response(
    result: Result, authored: datetime | None = None, *, version: str | None = None
) -> dict[str, Any]:
    """One result as a FHIR R4 ``QuestionnaireResponse`` of :func:`questionnaire`.

    Unknown answers are left out. An answer the Questionnaire would not have asked
    (a flag given anyway) is not an item, since FHIR allows no answer to a disabled
    item; it is kept in an ``answer-not-asked`` extension. The suggestion, certainty,
    urgency, alternatives and the disclaimer are extensions with our canonical URLs.
    """
    moment = authored or datetime.now(timezone.utc)
    if moment.tzinfo is None:  # FHIR wants the offset with a time of day
        moment = moment.astimezone()
    enabled, not_asked = enabled_answers(dict(result.answers.values))
    extensions: list[dict[str, Any]] = [
        {"url": EXTENSION_SUGGESTED_TYPE, "valueCoding": _coding_of_type(result.suggested_type)},
        {"url": EXTENSION_CERTAINTY, "valueCode": result.certainty},
        {"url": EXTENSION_URGENCY, "valueCode": result.urgency},
        *({"url": EXTENSION_ALTERNATIVE_TYPE, "valueCoding": _coding_of_type(a.id)} for a in result.alternatives),
        {"url": EXTENSION_DISCLAIMER, "valueString": result.disclaimer},
        *({"url": EXTENSION_SAFETY_NET, "valueString": text} for text in result.safety_net),
        *(
            {"url": EXTENSION_LOOK_ALIKE, "valueCoding": {"system": LOOK_ALIKE_SYSTEM, "code": x.id, "display": x.name}}
            for x in result.look_alikes
        ),
        *_measured(result),
        *(_answer_not_asked(q, v) for q, v in not_asked.items()),
    ]
    items = [
        {
            "linkId": question_id,
            "text": QUESTIONS_BY_ID[question_id].text,
            "answer": [{"valueCoding": answer_coding(QUESTIONS_BY_ID[question_id], value)}],
        }
        for question_id, value in enabled.items()
    ]
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "text": _narrative(result),
        "extension": extensions,
        "questionnaire": canonical(version),
        "status": "completed",
        "authored": moment.isoformat(timespec="seconds"),
    }
    if items:
        response["item"] = items
    return response
