"""One result as a FHIR R4 ``QuestionnaireResponse`` of the Questionnaire: the answers
given as items, what the triage found as extensions with our canonical URLs."""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Any

from ...knowledge import TYPES
from ...labs import Labs
from ...questions import QUESTIONS, QUESTIONS_BY_ID, UNITS
from ...result import Result
from .lab_items import LAB_ITEMS, LAB_ITEMS_AFTER, PRODUCT_LINK_ID, PRODUCT_TEXT
from .urls import answer_coding, canonical, fhir_string, quantity, urls


def enabled_answers(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split the answers given into those the Questionnaire enables and those it does not,
    reading ``enableWhen`` as FHIR does: in item order, a disabled item counts as not
    answered."""
    enabled: dict[str, str] = {}
    not_asked: dict[str, str] = {}
    for question in QUESTIONS:
        if question.id not in values:
            continue
        if question.ask_when.holds(enabled):
            enabled[question.id] = values[question.id]
        else:
            not_asked[question.id] = values[question.id]
    return enabled, not_asked


def coding_of_type(type_id: str) -> dict[str, str]:
    """A type of calcinosis as a ``Coding`` of our CodeSystem of types."""
    return {"system": urls().type_system, "code": type_id, "display": TYPES[type_id].name}


def narrative(result: Result) -> dict[str, str]:
    """The human-readable ``text`` of a resource: the best fit, the safety net, the disclaimer."""
    lines = (
        f"Best fit: {result.name} ({result.certainty}). Urgency: {result.urgency}.",
        *result.safety_net,
        result.disclaimer,
    )
    paragraphs = "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>'}


def _answer_not_asked(question_id: str, value: str) -> dict[str, Any]:
    coding = answer_coding(QUESTIONS_BY_ID[question_id], value)
    return {
        "url": urls().extension("answer-not-asked"),
        "extension": [{"url": "question", "valueString": question_id}, {"url": "answer", "valueCoding": coding}],
    }


def _lab_answers(labs: Labs | None) -> dict[str, dict[str, Any]]:
    """The answers of the measured-value items (and the product) of a result."""
    if labs is None:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for measurement in (labs.calcium, labs.phosphate):
        if measurement is not None:
            found[f"{measurement.analyte}_value"] = {"valueQuantity": quantity(measurement.value, measurement.units)}
    if labs.albumin is not None:
        found["albumin_value"] = {"valueQuantity": quantity(labs.albumin.value, labs.albumin.units)}
    product = labs.product
    if product is not None:
        found[PRODUCT_LINK_ID] = {"valueDecimal": round(product, 2)}
    return found


def _units_without_values(labs: Labs | None) -> list[dict[str, Any]]:
    """The units given for calcium and phosphate when neither value is: no item carries
    them then, so that an extension keeps them (and reading the response back, the result)."""
    if labs is None or labs.calcium is not None or labs.phosphate is not None or labs.units == UNITS[0]:
        return []
    return [{"url": urls().extension("units"), "valueCode": labs.units}]


def _given(result: Result) -> dict[str, str]:
    answers = result.answers
    return {q: v for q, v in answers.values.items() if q not in answers.unanswered}


def _response_items(result: Result) -> list[dict[str, Any]]:
    enabled, _ = enabled_answers(_given(result))
    labs = _lab_answers(result.answers.labs)
    texts = {lab.link_id: lab.text for lab in LAB_ITEMS}
    texts[PRODUCT_LINK_ID] = PRODUCT_TEXT
    items = []
    for question in QUESTIONS:
        if question.id in enabled:
            answer = {"valueCoding": answer_coding(question, enabled[question.id])}
            items.append({"linkId": question.id, "text": question.text, "answer": [answer]})
        if question.id == LAB_ITEMS_AFTER:
            items += [{"linkId": key, "text": texts[key], "answer": [value]} for key, value in labs.items()]
    return items


def _extensions(result: Result) -> list[dict[str, Any]]:
    """What the triage found, and what no item can carry, as extensions of the response."""
    u = urls()
    _, not_asked = enabled_answers(_given(result))
    return [
        {"url": u.extension("suggested-type"), "valueCoding": coding_of_type(result.suggested_type)},
        {"url": u.extension("certainty"), "valueCode": result.certainty},
        {"url": u.extension("urgency"), "valueCode": result.urgency},
        *({"url": u.extension("alternative-type"), "valueCoding": coding_of_type(a.id)} for a in result.alternatives),
        {"url": u.extension("disclaimer"), "valueString": result.disclaimer},
        *({"url": u.extension("safety-net"), "valueString": text} for text in result.safety_net),
        *(
            {
                "url": u.extension("look-alike"),
                "valueCoding": {"system": u.look_alike_system, "code": x.id, "display": x.name},
            }
            for x in result.look_alikes
        ),
        *(_answer_not_asked(q, v) for q, v in not_asked.items()),
        *_units_without_values(result.answers.labs),
    ]


def questionnaire_response(
    result: Result,
    authored: datetime | None = None,
    *,
    version: str | None = None,
    identifier: str | int | None = None,
    subject: str | None = None,
) -> dict[str, Any]:
    """One result as a FHIR R4 ``QuestionnaireResponse`` of :func:`questionnaire`.

    Every answer given is an item, "I don't know" (unknown) included; questions nobody
    answered are left out. Measured values are ``valueQuantity`` answers of their items,
    with the product as the calculated item. An answer the Questionnaire would not have
    asked (none, since 1.1) would be kept in an ``answer-not-asked`` extension, since FHIR
    allows no answer to a disabled item. The suggestion, certainty, urgency,
    alternatives, safety net, look-alikes and the disclaimer are extensions with our
    canonical URLs. ``identifier`` (a batch case's id) becomes the response's
    ``identifier``; ``subject`` is a reference to the Patient, in a Bundle.
    """
    moment = authored or datetime.now(timezone.utc)
    if moment.tzinfo is None:  # FHIR wants the offset with a time of day
        moment = moment.astimezone()
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "text": narrative(result)}
    response["extension"] = _extensions(result)
    if identifier is not None and identifier != "":  # FHIR has no empty string: an empty id is none
        response["identifier"] = {"value": fhir_string(str(identifier))}
    response["questionnaire"] = canonical(version)
    response["status"] = "completed"
    if subject is not None:
        response["subject"] = {"reference": subject}
    response["authored"] = moment.isoformat(timespec="seconds")
    items = _response_items(result)
    if items:
        response["item"] = items
    return response
