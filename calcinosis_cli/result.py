"""The triage result: an immutable value, the table of its fields (FIELDS), from which its
JSON form, its JSON Schema and the fast encoder of batch (:mod:`.encoder`) are all made."""

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, NamedTuple

from . import schema
from .answers import Answers
from .encoder import ResultEncoder
from .errors import UsageError, json_kind, quoted
from .knowledge import LOOK_ALIKE_IDS, LOOK_ALIKES, SOURCES, TYPES
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

    def to_json(self, fields: Iterable[str] | str | None = None) -> str:
        """Compact JSON of :meth:`to_dict` (the line ``batch`` writes, without its end),
        made by the fast encoder of batch."""
        return encoder_for(None if fields is None else keys_of(fields))(self)[:-1].decode()

    def to_dict(self, fields: Iterable[str] | str | None = None) -> dict[str, Any]:
        """The result as JSON data: every key of :data:`FIELDS`, or only ``fields`` (keys,
        or one string ``KEY,KEY,...``), in that order. Raises :class:`UsageError` for a
        key that is not a key of a result, or one named twice."""
        chosen = FIELDS if fields is None else tuple(FIELD_BY_KEY[key] for key in keys_of(fields))
        return {field.key: field.data_of(self) for field in chosen}


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
        attrgetter("suggested_type"),
        _type_data,
        lambda: schema.obj({"id": schema.type_id(), "name": {"type": "string"}, "codes": schema.codes()}),
    ),
    Field("certainty", attrgetter("certainty"), _same, lambda: {"enum": list(CERTAINTIES)}),
    Field(
        "alternatives",
        attrgetter("alternatives"),
        _alternative_data,
        lambda: schema.array(
            schema.obj(
                {
                    "id": schema.type_id(),
                    "name": {"type": "string"},
                    "why": {"type": "string", "minLength": 1},
                    "codes": schema.codes(),
                }
            )
        ),
        "list",
    ),
    Field("reasons", attrgetter("reasons"), _same, lambda: schema.strings(1), "list"),
    Field(
        "path",
        attrgetter("path"),
        _step_data,
        lambda: schema.array(
            schema.obj(
                {
                    "question": {"enum": schema.question_ids()},
                    "answer": {"type": "string"},
                    "rule": {"type": "string", "minLength": 1},
                }
            ),
            1,
        ),
        "list",
    ),
    Field(
        "typical_causes",
        attrgetter("suggested_type"),
        lambda t: [c.text for c in TYPES[t].causes],
        lambda: schema.strings(1),
    ),
    Field("matched_causes", attrgetter("matched_causes"), _same, schema.strings, "list"),
    Field(
        "treatment_notes",
        attrgetter("suggested_type"),
        lambda t: [f.text for f in TYPES[t].treatment],
        lambda: schema.strings(1),
    ),
    Field("red_flags", attrgetter("red_flags"), _same, schema.strings, "list"),
    Field("urgency", attrgetter("urgency"), _same, lambda: {"enum": list(URGENCIES)}),
    Field("next_steps", attrgetter("next_steps"), _same, lambda: schema.strings(1), "list"),
    Field(
        "answers",
        attrgetter("answers.values"),
        _same,
        lambda: schema.obj({q.id: {"enum": list(q.values)} for q in QUESTIONS}),
        "mapping",
    ),
    Field(
        "unanswered",
        attrgetter("answers.unanswered"),
        _same,
        lambda: {"type": "array", "items": {"enum": schema.question_ids()}, "uniqueItems": True},
        "list",
    ),
    Field("labs", attrgetter("answers.labs"), _labs_data, schema.labs),
    Field("sources", attrgetter("source_ids"), _source_data, lambda: schema.array(schema.SOURCE, 1), "list"),
    Field("disclaimer", attrgetter("disclaimer"), _same, lambda: {"type": "string", "minLength": 1}),
    Field("safety_net", attrgetter("safety_net"), _same, lambda: schema.strings(1), "list"),
    Field(
        "look_alikes",
        attrgetter("look_alikes"),
        _look_alike_data,
        lambda: schema.array(
            schema.obj(
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
    return _checked_keys(tuple(key.strip() for key in chosen.split(",")), flag)


def keys_of(fields: Iterable[str] | str, name: str = "fields") -> tuple[str, ...]:
    """The keys of the API's ``fields``: a sequence of keys, or one string ``KEY,KEY,...``
    as ``--fields`` takes it; each a key of a result and named once (none is allowed)."""
    if isinstance(fields, str):
        return fields_of(fields, name)
    if not isinstance(fields, Iterable):
        raise UsageError(f"{name} must be a sequence of keys of a result, not {json_kind(fields)}", "fields")
    keys = tuple(fields)
    for key in keys:
        if not isinstance(key, str):
            raise UsageError(
                f"{name}: each key must be a string, one of: {', '.join(RESULT_KEYS)} (got {json_kind(key)})", "fields"
            )
    return _checked_keys(keys, name)


def _checked_keys(keys: tuple[str, ...], flag: str) -> tuple[str, ...]:
    for key in keys:
        if key not in FIELD_BY_KEY:
            raise UsageError(
                f"{flag}: {quoted(key)} is not a key of a result; the keys are: {', '.join(RESULT_KEYS)}", "fields"
            )
    twice = next((key for i, key in enumerate(keys) if key in keys[:i]), None)
    if twice is not None:
        raise UsageError(f"{flag} names {quoted(twice)} twice", "fields")
    return keys


_ENCODERS: dict[tuple[str, ...] | None, ResultEncoder] = {}


def encoder_for(fields: tuple[str, ...] | None = None) -> ResultEncoder:
    """The fast encoder (:mod:`.encoder`) of these keys (all by default), made once."""
    encoder = _ENCODERS.get(fields)
    if encoder is None:
        chosen = FIELDS if fields is None else tuple(FIELD_BY_KEY[key] for key in fields)
        encoder = _ENCODERS[fields] = ResultEncoder(chosen)
    return encoder
