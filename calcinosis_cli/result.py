"""The triage result: an immutable value, its JSON form and its JSON Schema."""

from typing import Any, NamedTuple

from .answers import Answers
from .knowledge import CODE_SYSTEMS, LOOK_ALIKE_IDS, LOOK_ALIKES, SOURCES, TYPE_IDS, TYPES
from .questions import ALBUMIN_UNITS, QUESTIONS, UNITS

SCHEMA_VERSION = 1
CERTAINTIES = ("likely", "possible", "uncertain")
URGENCIES = ("routine", "soon", "urgent")


class Alternative(NamedTuple):
    id: str
    why: str

    @property
    def name(self) -> str:
        return TYPES[self.id].name


class LookAlikeHit(NamedTuple):
    """A condition that is not calcinosis but can look like it, and why the answers point to it."""

    id: str
    why: str

    @property
    def name(self) -> str:
        return LOOK_ALIKES[self.id].name


def codes_of(type_id: str) -> list[dict[str, str]]:
    return [{"system": c.system, "code": c.code, "display": c.display} for c in TYPES[type_id].codes]


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
    safety_net: tuple[str, ...] = ()
    look_alikes: tuple[LookAlikeHit, ...] = ()

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
            "suggested_type": {"id": self.suggested_type, "name": self.name, "codes": codes_of(self.suggested_type)},
            "certainty": self.certainty,
            "alternatives": [
                {"id": a.id, "name": a.name, "why": a.why, "codes": codes_of(a.id)} for a in self.alternatives
            ],
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
            "safety_net": list(self.safety_net),
            "look_alikes": [{"id": x.id, "name": x.name, "why": x.why} for x in self.look_alikes],
        }


def _strings(min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": min_items}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object with these properties, open to keys added by later versions (contract 1.1)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [{"type": "null"}, schema]}


NUMBER = {"type": "number"}
SOURCE = _obj({"title": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}})
LEVELS = ("high", "normal", "low", "borderline")
AGE_GROUPS_USED = ("newborn", "infant", "child", "adult")


def _measurement_schema(analyte: str) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "value": NUMBER,
        "units": {"enum": list(UNITS)},
        "value_mg_dl": NUMBER,
        "level": {"enum": list(LEVELS)},
        "range": _obj(
            {
                "low": NUMBER,
                "high": NUMBER,
                "units": {"enum": list(UNITS)},
                "label": {"type": "string"},
                "age_group": {"enum": list(AGE_GROUPS_USED)},
            }
        ),
    }
    if analyte == "calcium":
        properties["severe"] = {"enum": [None, "high", "low"]}
        properties["corrected"] = _nullable(
            _obj(
                {
                    "value": NUMBER,
                    "units": {"enum": list(UNITS)},
                    "level": {"enum": list(LEVELS)},
                    "measured_level": {"enum": list(LEVELS)},
                    "formula": {"type": "string"},
                    "sources": {"type": "array", "items": SOURCE, "minItems": 1},
                }
            )
        )
    return _nullable(_obj(properties))


def _codes() -> dict[str, Any]:
    return {
        "type": "array",
        "items": _obj(
            {"system": {"enum": list(CODE_SYSTEMS)}, "code": {"type": "string"}, "display": {"type": "string"}}
        ),
    }


def result_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Result.to_dict`, built from the
    question bank and the knowledge base."""
    type_id = {"enum": list(TYPE_IDS)}
    question_ids = [q.id for q in QUESTIONS]
    product = _nullable(
        _obj(
            {
                "value": NUMBER,
                "units": {"const": "mg²/dL²"},
                "threshold": NUMBER,
                "above_threshold": {"type": "boolean"},
                "applies": {"type": "boolean"},
                "note": {"type": ["string", "null"]},
            }
        )
    )
    albumin = _nullable(
        _obj(
            {
                "value": NUMBER,
                "units": {"enum": list(ALBUMIN_UNITS)},
                "used": {"type": "boolean"},
                "note": {"type": ["string", "null"]},
            }
        )
    )
    labs = _nullable(
        _obj(
            {
                "units": {"enum": list(UNITS)},
                "calcium": _measurement_schema("calcium"),
                "phosphate": _measurement_schema("phosphate"),
                "product": product,
                "albumin": albumin,
            }
        )
    )
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "suggested_type": _obj({"id": type_id, "name": {"type": "string"}, "codes": _codes()}),
        "certainty": {"enum": list(CERTAINTIES)},
        "alternatives": {
            "type": "array",
            "items": _obj(
                {
                    "id": type_id,
                    "name": {"type": "string"},
                    "why": {"type": "string", "minLength": 1},
                    "codes": _codes(),
                }
            ),
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
        "sources": {"type": "array", "minItems": 1, "items": SOURCE},
        "disclaimer": {"type": "string", "minLength": 1},
        "safety_net": _strings(1),
        "look_alikes": {
            "type": "array",
            "items": _obj(
                {
                    "id": {"enum": list(LOOK_ALIKE_IDS)},
                    "name": {"type": "string"},
                    "why": {"type": "string", "minLength": 1},
                }
            ),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/calcinosis/calcinosis/schema/result-1.json",
        "title": "calcinosis triage result",
        "description": "One triage result, as printed by `calcinosis triage --json`. "
        "Objects are open to keys added by later versions.",
        "type": "object",
        "properties": properties,
        "required": list(properties),
    }
