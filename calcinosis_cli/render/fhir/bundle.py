"""One result as a FHIR ``Bundle`` (an anonymous Patient, the QuestionnaireResponse, the
Observations, a ``RiskAssessment``), and a bad case of batch as an ``OperationOutcome``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, NamedTuple

from ...knowledge import TYPES
from ...result import Result
from .observations import observations, reference
from .response import coding_of_type, narrative, questionnaire_response
from .urls import RISK_PROBABILITY, coding, fhir_string

_RISK = {"likely": ("high", "High likelihood"), "possible": ("moderate", "Moderate likelihood")}
_RISK_UNCERTAIN = ("low", "Low likelihood")


def qualitative_risk(certainty: str) -> dict[str, Any]:
    """A result's certainty as a RiskAssessment's ``qualitativeRisk``: likely → high,
    possible → moderate, uncertain → low."""
    code, display = _RISK.get(certainty, _RISK_UNCERTAIN)
    return {"coding": [{"system": RISK_PROBABILITY, "code": code, "display": display}]}


def _prediction(type_id: str, rationale: str, certainty: str | None) -> dict[str, Any]:
    card = TYPES[type_id]
    prediction: dict[str, Any] = {
        "outcome": {"coding": [coding_of_type(type_id), *(coding(c) for c in card.codes)], "text": card.name}
    }
    if certainty is not None:
        prediction["qualitativeRisk"] = qualitative_risk(certainty)
    prediction["rationale"] = rationale
    return prediction


def risk_assessment(result: Result, patient: str, basis: list[str], moment: str) -> dict[str, Any]:
    """The suggested type (with its certainty) and the alternatives as predictions."""
    return {
        "resourceType": "RiskAssessment",
        "text": narrative(result),
        "status": "final",
        "code": {"text": "Which type of calcinosis fits the answers best (calcinosis triage)"},
        "subject": reference(patient),
        "occurrenceDateTime": moment,
        "basis": [reference(b) for b in basis],
        "prediction": [
            _prediction(result.suggested_type, " ".join(result.reasons) or result.summary, result.certainty),
            *(_prediction(a.id, a.why, None) for a in result.alternatives),
        ],
        "note": [{"text": result.disclaimer}],
    }


class _Entry(NamedTuple):
    full_url: str
    resource: dict[str, Any]


class _Builder:
    """Entries of one Bundle, each with a ``urn:uuid`` full URL."""

    def __init__(self, new_id: Callable[[], str]) -> None:
        self.new_id = new_id
        self.entries: list[_Entry] = []

    def add(self, resource: dict[str, Any]) -> str:
        resource_id = self.new_id()
        full_url = f"urn:uuid:{resource_id}"
        self.entries.append(
            _Entry(full_url, {"resourceType": resource.pop("resourceType"), "id": resource_id, **resource})
        )
        return full_url


def _new_id() -> str:
    return str(uuid.uuid4())


def result_bundle(
    result: Result,
    authored: datetime | None = None,
    *,
    version: str | None = None,
    identifier: str | int | None = None,
    new_id: Callable[[], str] = _new_id,
) -> dict[str, Any]:
    """One result as a ``collection`` Bundle: an anonymous Patient (no identifier, no name)
    that is the subject of every resource, the QuestionnaireResponse, an Observation per
    measured value (and the corrected calcium and the product), and a RiskAssessment.

    ``new_id`` makes the resource ids (random UUIDs unless told otherwise)."""
    moment = authored or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    builder = _Builder(new_id)
    patient = builder.add({"resourceType": "Patient"})
    response = builder.add(
        questionnaire_response(result, moment, version=version, identifier=identifier, subject=patient)
    )
    made = observations(result.answers.labs, builder.add, patient, response)
    builder.add(risk_assessment(result, patient, [response, *made], moment.isoformat(timespec="seconds")))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": moment.isoformat(timespec="seconds"),
        "entry": [{"fullUrl": e.full_url, "resource": e.resource} for e in builder.entries],
    }


def operation_outcome(message: str, *, line: int | None = None, identifier: str | int | None = None) -> dict[str, Any]:
    """A bad case as a FHIR ``OperationOutcome`` (for FHIR output of batch): the message in
    ``details.text``; where the case is, its line and id, in ``diagnostics``."""
    where = [f"line {line}"] if line is not None else []
    if identifier is not None and identifier != "":
        where.append(f"id {fhir_string(str(identifier))}")
    issue: dict[str, Any] = {"severity": "error", "code": "invalid", "details": {"text": message}}
    if where:
        issue["diagnostics"] = ", ".join(where)
    return {"resourceType": "OperationOutcome", "issue": [issue]}
