"""The triage result: an immutable value, its JSON form and its JSON Schema."""

from typing import Any, NamedTuple

from .answers import Answers
from .knowledge import SOURCES, TYPE_IDS, TYPES
from .questions import QUESTIONS

SCHEMA_VERSION = 1
CERTAINTIES = ("likely", "possible", "uncertain")
URGENCIES = ("routine", "soon", "urgent")


class Alternative(NamedTuple):
    id: str
    why: str

    @property
    def name(self) -> str:
        return TYPES[self.id].name


class Step(NamedTuple):
    """One step of the decision trace."""

    question: str
    answer: str
    rule: str


class Result(NamedTuple):
    suggested_type: str
    certainty: str
    alternatives: tuple[Alternative, ...]
    reasons: tuple[str, ...]
    path: tuple[Step, ...]
    matched_causes: tuple[str, ...]
    red_flags: tuple[str, ...]
    urgency: str
    next_steps: tuple[str, ...]
    answers: Answers
    source_ids: tuple[str, ...]
    disclaimer: str

    @property
    def name(self) -> str:
        return TYPES[self.suggested_type].name

    @property
    def typical_causes(self) -> tuple[str, ...]:
        return tuple(c.text for c in TYPES[self.suggested_type].causes)

    @property
    def treatment_notes(self) -> tuple[str, ...]:
        return tuple(f.text for f in TYPES[self.suggested_type].treatment)

    @property
    def summary(self) -> str:
        return TYPES[self.suggested_type].summary.text

    def to_dict(self) -> dict[str, Any]:
        labs = self.answers.labs
        return {
            "schema_version": SCHEMA_VERSION,
            "suggested_type": {"id": self.suggested_type, "name": self.name},
            "certainty": self.certainty,
            "alternatives": [{"id": a.id, "name": a.name, "why": a.why} for a in self.alternatives],
            "reasons": list(self.reasons),
            "path": [{"question": s.question, "answer": s.answer, "rule": s.rule} for s in self.path],
            "typical_causes": list(self.typical_causes),
            "matched_causes": list(self.matched_causes),
            "treatment_notes": list(self.treatment_notes),
            "red_flags": list(self.red_flags),
            "urgency": self.urgency,
            "next_steps": list(self.next_steps),
            "answers": dict(self.answers.values),
            "unanswered": list(self.answers.unanswered),
            "labs": labs.to_dict() if labs else None,
            "sources": [{"title": SOURCES[s].title, "url": SOURCES[s].url} for s in self.source_ids],
            "disclaimer": self.disclaimer,
        }


def _strings(min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": min_items}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _measurement_schema() -> dict[str, Any]:
    number = {"type": "number"}
    return {
        "oneOf": [
            {"type": "null"},
            _obj(
                {
                    "value": number,
                    "units": {"enum": ["mg/dl", "mmol/l"]},
                    "value_mg_dl": number,
                    "level": {"enum": ["high", "normal", "low"]},
                    "range": _obj(
                        {
                            "low": number,
                            "high": number,
                            "units": {"enum": ["mg/dl", "mmol/l"]},
                            "label": {"type": "string"},
                            "age_group": {"enum": ["infant", "child", "adult"]},
                        }
                    ),
                }
            ),
        ]
    }


def result_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Result.to_dict`, built from the
    question bank and the knowledge base."""
    type_id = {"enum": list(TYPE_IDS)}
    question_ids = [q.id for q in QUESTIONS]
    product = {
        "oneOf": [
            {"type": "null"},
            _obj(
                {
                    "value": {"type": "number"},
                    "units": {"const": "mg²/dL²"},
                    "threshold": {"type": "number"},
                    "above_threshold": {"type": "boolean"},
                }
            ),
        ]
    }
    labs = {
        "oneOf": [
            {"type": "null"},
            _obj(
                {
                    "units": {"enum": ["mg/dl", "mmol/l"]},
                    "calcium": _measurement_schema(),
                    "phosphate": _measurement_schema(),
                    "product": product,
                }
            ),
        ]
    }
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "suggested_type": _obj({"id": type_id, "name": {"type": "string"}}),
        "certainty": {"enum": list(CERTAINTIES)},
        "alternatives": {
            "type": "array",
            "items": _obj({"id": type_id, "name": {"type": "string"}, "why": {"type": "string", "minLength": 1}}),
        },
        "reasons": _strings(1),
        "path": {
            "type": "array",
            "minItems": 1,
            "items": _obj(
                {
                    "question": {"enum": question_ids},
                    "answer": {"type": "string"},
                    "rule": {"type": "string", "minLength": 1},
                }
            ),
        },
        "typical_causes": _strings(1),
        "matched_causes": _strings(),
        "treatment_notes": _strings(1),
        "red_flags": _strings(),
        "urgency": {"enum": list(URGENCIES)},
        "next_steps": _strings(1),
        "answers": _obj({q.id: {"enum": list(q.values)} for q in QUESTIONS}),
        "unanswered": {"type": "array", "items": {"enum": question_ids}, "uniqueItems": True},
        "labs": labs,
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": _obj({"title": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}}),
        },
        "disclaimer": {"type": "string", "minLength": 1},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/calcinosis/calcinosis/schema/result-1.json",
        "title": "calcinosis triage result",
        "description": "One triage result, as printed by `calcinosis triage --json`.",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": True,
    }
