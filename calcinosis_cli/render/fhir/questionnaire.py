"""The question bank as a FHIR R4 ``Questionnaire``: a choice item for each question, in
interview order, with its ``enableWhen`` and its help; the measured values after the
phosphate question."""

from __future__ import annotations

from typing import Any

from ...knowledge import DISCLAIMER
from ...questions import QUESTIONS, QUESTIONS_BY_ID, Condition, Question
from .lab_items import LAB_ITEMS, LAB_ITEMS_AFTER, help_item, lab_item, product_item
from .urls import (
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    PUBLISHER,
    QUESTIONNAIRE_DATE,
    QUESTIONNAIRE_ID,
    SDC_QUESTIONNAIRE,
    answer_coding,
    package_version,
    urls,
)

# Choice items with at most this many options are radio buttons; longer ones drop-downs.
RADIO_BUTTON_MAX = 8


def _enable_when(condition: Condition) -> dict[str, Any]:
    return {
        "question": condition.question,
        "operator": condition.operator,
        "answerCoding": answer_coding(QUESTIONS_BY_ID[condition.question], condition.value),
    }


def _answer_option(question: Question, value: str) -> dict[str, Any]:
    option: dict[str, Any] = {"valueCoding": answer_coding(question, value)}
    codes = question.codes_of(value)
    if codes:  # a standard code with the same meaning, beside ours
        option["extension"] = [
            {
                "url": urls().extension("equivalent-coding"),
                "valueCoding": {"system": c.system, "code": c.code, "display": c.display},
            }
            for c in codes
        ]
    return option


def _item_control(question: Question) -> dict[str, Any]:
    code, display = ("radio-button", "Radio Button")
    if len(question.values) > RADIO_BUTTON_MAX:
        code, display = ("drop-down", "Drop down")
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code, "display": display}]}
    return {"url": ITEM_CONTROL, "valueCodeableConcept": control}


def questionnaire_item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.text,
        "type": "choice",
        "required": False,
        "repeats": False,
        "extension": [_item_control(question)],
        "answerOption": [_answer_option(question, value) for value in question.values],
    }
    conditions = question.ask_when.conditions
    if conditions:
        item["enableWhen"] = [_enable_when(c) for c in conditions]
        if len(conditions) > 1:
            item["enableBehavior"] = question.ask_when.behavior
    item["item"] = [help_item(question.id, question.explain)]
    return item


def questionnaire_items() -> list[dict[str, Any]]:
    """The items in interview order, the measured values and their product after the
    phosphate question."""
    items: list[dict[str, Any]] = []
    for question in QUESTIONS:
        items.append(questionnaire_item(question))
        if question.id == LAB_ITEMS_AFTER:
            items += [lab_item(lab) for lab in LAB_ITEMS]
            items.append(product_item())
    return items


def questionnaire(version: str | None = None) -> dict[str, Any]:
    """The question bank as a FHIR R4 ``Questionnaire`` (``version`` defaults to the package's)."""
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "meta": {"profile": [SDC_QUESTIONNAIRE]},
        "url": urls().questionnaire,
        "version": version or package_version(),
        "name": "CalcinosisTriage",
        "title": "Calcinosis triage",
        "status": "active",
        "experimental": False,
        "subjectType": ["Patient"],
        "date": QUESTIONNAIRE_DATE,
        "publisher": PUBLISHER,
        "description": (
            "An adaptive questionnaire that suggests which type of calcinosis (calcium deposits "
            "in skin or soft tissue) fits the answers best. " + DISCLAIMER
        ),
        "item": questionnaire_items(),
    }
