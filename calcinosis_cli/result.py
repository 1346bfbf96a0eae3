"""The triage result: an immutable value, its JSON form and its JSON Schema."""

from collections.abc import Callable
from typing import Any, NamedTuple

from .answers import Answers
from .errors import UsageError, quoted
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

    def to_dict(self, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The result as JSON data: every key of :data:`FIELDS`, or only ``fields``, in that order."""
        chosen = FIELDS if fields is None else tuple(FIELD_BY_KEY[key] for key in fields)
        return {field.key: field.data_of(self) for field in chosen}


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
    fields of :data:`FIELDS`, the question bank and the knowledge base."""
    properties = {field.key: field.schema() for field in FIELDS}
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


def _labs_schema() -> dict[str, Any]:
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
    return _nullable(
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


def _type_id() -> dict[str, Any]:
    return {"enum": list(TYPE_IDS)}


def _question_ids() -> list[str]:
    return [q.id for q in QUESTIONS]


def _array(items: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    if min_items:
        return {"type": "array", "minItems": min_items, "items": items}
    return {"type": "array", "items": items}


# --- the fields of a result --------------------------------------------------------


class Field(NamedTuple):
    """One top-level key of a result as JSON. ``get`` reads its value from a
    :class:`Result` (a hashable value); ``data`` makes JSON data of it, or, when ``each``
    is "list", of each of its items (for "mapping", the value's items are its members).
    The JSON of ``to_dict``, the fast encoder of batch and the JSON Schema are all made
    from these, in this order."""

    key: str
    get: Callable[[Result], Any]
    data: Callable[[Any], Any]
    schema: Callable[[], dict[str, Any]]
    each: str = ""

    def data_of(self, result: Result) -> Any:
        value = self.get(result)
        if self.each == "list":
            return [self.data(item) for item in value]
        if self.each == "mapping":
            return dict(value)
        return self.data(value)


def _same(value: Any) -> Any:
    return value


def _type_data(type_id: str) -> dict[str, Any]:
    return {"id": type_id, "name": TYPES[type_id].name, "codes": codes_of(type_id)}


def _alternative_data(alternative: Alternative) -> dict[str, Any]:
    return {"id": alternative.id, "name": alternative.name, "why": alternative.why, "codes": codes_of(alternative.id)}


def _step_data(step: Step) -> dict[str, str]:
    return {"question": step.question, "answer": step.answer, "rule": step.rule}


def _source_data(source_id: str) -> dict[str, str]:
    return {"title": SOURCES[source_id].title, "url": SOURCES[source_id].url}


def _look_alike_data(hit: LookAlikeHit) -> dict[str, str]:
    return {"id": hit.id, "name": hit.name, "why": hit.why}


def _labs_data(labs: Any) -> dict[str, Any] | None:
    return None if labs is None else dict(labs.to_dict())


FIELDS: tuple[Field, ...] = (
    Field("schema_version", lambda r: SCHEMA_VERSION, _same, lambda: {"const": SCHEMA_VERSION}),
    Field(
        "suggested_type",
        lambda r: r.suggested_type,
        _type_data,
        lambda: _obj({"id": _type_id(), "name": {"type": "string"}, "codes": _codes()}),
    ),
    Field("certainty", lambda r: r.certainty, _same, lambda: {"enum": list(CERTAINTIES)}),
    Field(
        "alternatives",
        lambda r: r.alternatives,
        _alternative_data,
        lambda: _array(
            _obj(
                {
                    "id": _type_id(),
                    "name": {"type": "string"},
                    "why": {"type": "string", "minLength": 1},
                    "codes": _codes(),
                }
            )
        ),
        "list",
    ),
    Field("reasons", lambda r: r.reasons, _same, lambda: _strings(1), "list"),
    Field(
        "path",
        lambda r: r.path,
        _step_data,
        lambda: _array(
            _obj(
                {
                    "question": {"enum": _question_ids()},
                    "answer": {"type": "string"},
                    "rule": {"type": "string", "minLength": 1},
                }
            ),
            1,
        ),
        "list",
    ),
    Field(
        "typical_causes", lambda r: r.suggested_type, lambda t: [c.text for c in TYPES[t].causes], lambda: _strings(1)
    ),
    Field("matched_causes", lambda r: r.matched_causes, _same, _strings, "list"),
    Field(
        "treatment_notes",
        lambda r: r.suggested_type,
        lambda t: [f.text for f in TYPES[t].treatment],
        lambda: _strings(1),
    ),
    Field("red_flags", lambda r: r.red_flags, _same, _strings, "list"),
    Field("urgency", lambda r: r.urgency, _same, lambda: {"enum": list(URGENCIES)}),
    Field("next_steps", lambda r: r.next_steps, _same, lambda: _strings(1), "list"),
    Field(
        "answers",
        lambda r: r.answers.values,
        _same,
        lambda: _obj({q.id: {"enum": list(q.values)} for q in QUESTIONS}),
        "mapping",
    ),
    Field(
        "unanswered",
        lambda r: r.answers.unanswered,
        _same,
        lambda: {"type": "array", "items": {"enum": _question_ids()}, "uniqueItems": True},
        "list",
    ),
    Field("labs", lambda r: r.answers.labs, _labs_data, _labs_schema),
    Field("sources", lambda r: r.source_ids, _source_data, lambda: _array(SOURCE, 1), "list"),
    Field("disclaimer", lambda r: r.disclaimer, _same, lambda: {"type": "string", "minLength": 1}),
    Field("safety_net", lambda r: r.safety_net, _same, lambda: _strings(1), "list"),
    Field(
        "look_alikes",
        lambda r: r.look_alikes,
        _look_alike_data,
        lambda: _array(
            _obj(
                {
                    "id": {"enum": list(LOOK_ALIKE_IDS)},
                    "name": {"type": "string"},
                    "why": {"type": "string", "minLength": 1},
                }
            )
        ),
        "list",
    ),
)
FIELD_BY_KEY = {field.key: field for field in FIELDS}
RESULT_KEYS: tuple[str, ...] = tuple(FIELD_BY_KEY)


def fields_of(chosen: str, flag: str = "--fields") -> tuple[str, ...]:
    """The keys ``KEY,KEY,...`` of ``--fields``, each a key of a result and named once."""
    keys = tuple(key.strip() for key in chosen.split(","))
    for key in keys:
        if key not in FIELD_BY_KEY:
            raise UsageError(
                f"{flag}: {quoted(key)} is not a key of a result; the keys are: {', '.join(RESULT_KEYS)}", "fields"
            )
    if len(set(keys)) != len(keys):
        raise UsageError(f"{flag} names a key twice", "fields")
    return keys
