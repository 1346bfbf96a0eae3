"""Read a FHIR R4 ``QuestionnaireResponse`` as answers.

Pure: a parsed JSON object in, a plain mapping of answers out, the mapping that
:func:`calcinosis_cli.answers.parse_answers` validates (``{"calcium": "high",
"calcium_value": 2.9, "units": "mmol/l", ...}``). The response may be one of our
Questionnaire (``questions --format fhir``) or any response whose item linkIds are our
question ids and lab fields:

- a question's answer is a ``valueCoding`` (our code, or a standard code that the
  Questionnaire gives beside it, such as LOINC LA33-6 for yes), a ``valueString`` (typed
  as a person would) or, for a yes/no question, a ``valueBoolean``;
- a measured value (``calcium_value``, ``phosphate_value``, ``albumin_value``) is a
  ``valueQuantity`` with its UCUM unit (mg/dL, mmol/L; albumin g/dL, g/L), or a
  ``valueDecimal``/``valueInteger`` whose units, if any, are the answers of the items
  ``units`` and ``albumin_units``;
- the calculated item ``calcium_phosphate_product`` and the help texts are ignored: the
  program works the product out itself.

Any other item is the input's error, named by its linkId. For batch input, call
:func:`answers_from_response` on each line's object (and :func:`response_identifier` for
the case's id): both raise :class:`~calcinosis_cli.errors.UsageError` with one message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .errors import UsageError, json_kind, quoted
from .knowledge import UCUM, UCUM_CODES
from .questions import ALBUMIN_UNITS, QUESTIONS_BY_ID, UNITS
from .render.fhir import DEFAULT_BASE, LAB_ITEMS_BY_ID, PRODUCT_LINK_ID, Urls, urls

RESOURCE_TYPE = "QuestionnaireResponse"

# Each measured value, the field of its units and the units allowed.
_LAB_UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "calcium_value": ("units", UNITS),
    "phosphate_value": ("units", UNITS),
    "albumin_value": ("albumin_units", ALBUMIN_UNITS),
}
_UNIT_FIELDS: dict[str, tuple[str, ...]] = {"units": UNITS, "albumin_units": ALBUMIN_UNITS}
_HELP = ".help"


def is_response(data: Mapping[str, object]) -> bool:
    """Whether a JSON object is a QuestionnaireResponse (by its ``resourceType``)."""
    return data.get("resourceType") == RESOURCE_TYPE


def _fail(origin: str, message: str, field: str) -> UsageError:
    return UsageError(f"{origin}: {message}", field)


def _items(items: object, origin: str) -> Iterator[Mapping[str, Any]]:
    """Every item, nested ones included (under items and under answers), in order."""
    if not isinstance(items, list):
        raise _fail(origin, f"'item' must be a list of items, not {json_kind(items)}", "item")
    for item in items:
        if not isinstance(item, dict):
            raise _fail(origin, f"every item must be an object, not {json_kind(item)}", "item")
        yield item
        if "item" in item:
            yield from _items(item["item"], origin)
        answers = item.get("answer")
        if isinstance(answers, list):
            for answer in answers:
                if isinstance(answer, dict) and "item" in answer:
                    yield from _items(answer["item"], origin)


def _the_answer(item: Mapping[str, Any], link_id: str, origin: str) -> tuple[str, object] | None:
    """The one answer of an item as (``value[x]`` key, value); None when unanswered."""
    answers = item.get("answer")
    if answers is None or answers == []:
        return None
    name = f"item {quoted(link_id)}"
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        raise _fail(origin, f"{name}: 'answer' must be a list of answer objects", link_id)
    if len(answers) > 1:
        raise _fail(origin, f"{name} has {len(answers)} answers; one is allowed", link_id)
    keys = [key for key in answers[0] if key.startswith("value")]
    if len(keys) != 1:
        raise _fail(origin, f"{name}: an answer must have exactly one value (valueCoding, valueQuantity, ...)", link_id)
    return keys[0], answers[0][keys[0]]


def _our_systems(question_id: str) -> frozenset[str]:
    """The code systems of a question's answers: under the base in force and the default."""
    return frozenset((urls().answer_system(question_id), Urls(DEFAULT_BASE).answer_system(question_id)))


def _choice(question_id: str, key: str, value: object, origin: str) -> object:
    question = QUESTIONS_BY_ID[question_id]
    name = f"item {quoted(question_id)}"
    if key == "valueCoding":
        if not isinstance(value, dict) or not isinstance(value.get("code"), str):
            raise _fail(origin, f"{name}: valueCoding must be an object with a code", question_id)
        code, system = value["code"], value.get("system")
        if system is not None and not isinstance(system, str):
            raise _fail(origin, f"{name}: the system of a valueCoding must be a URI (text)", question_id)
        if system is None or system in _our_systems(question_id):
            return code
        for option in question.values:
            if any(c.system == system and c.code == code for c in question.codes_of(option)):
                return option
        raise _fail(
            origin,
            f"{name}: the coding {quoted(system, 80)}|{quoted(code)} is not an answer of this question "
            f"(its codes are in {urls().answer_system(question_id)})",
            question_id,
        )
    if key == "valueString":
        return value  # as a person types it: the answers parser reads it
    if key == "valueBoolean" and isinstance(value, bool) and {"yes", "no"} <= set(question.values):
        return "yes" if value else "no"
    raise _fail(origin, f"{name}: {key} cannot answer this question; give a valueCoding", question_id)


def _unit(given: object, allowed: tuple[str, ...], link_id: str, origin: str) -> str:
    """One of our unit names for a UCUM unit (mg/dL -> mg/dl)."""
    if isinstance(given, str) and given.strip().lower() in allowed:
        return given.strip().lower()
    shown = ", ".join(UCUM_CODES[u] for u in allowed)
    raise _fail(origin, f"item {quoted(link_id)}: the unit {quoted(given)} is not one of: {shown}", link_id)


def _measured(link_id: str, key: str, value: object, origin: str) -> tuple[object, str | None]:
    """The number of a measured-value item and its units (None when not given)."""
    name = f"item {quoted(link_id)}"
    if key in ("valueDecimal", "valueInteger", "valueString"):
        return value, None
    if key != "valueQuantity":
        raise _fail(origin, f"{name}: {key} cannot give a measured value; give a valueQuantity", link_id)
    if not isinstance(value, dict) or value.get("value") is None:
        raise _fail(origin, f"{name}: valueQuantity must be an object with a value", link_id)
    if value.get("comparator") is not None:
        raise _fail(
            origin, f"{name}: a value with a comparator ({quoted(value['comparator'])}) is not a measurement", link_id
        )
    system = value.get("system")
    if system is not None and system != UCUM:
        raise _fail(origin, f"{name}: the unit must be a UCUM unit ({UCUM}), not one of {quoted(system, 80)}", link_id)
    allowed = _LAB_UNITS[link_id][1]
    code, shown = value.get("code"), value.get("unit")
    unit = shown if code is None else code
    units = None if unit is None else _unit(unit, allowed, link_id, origin)
    said = shown.strip().lower() if isinstance(shown, str) else None  # the unit as shown, when it is one of ours
    if code is not None and said in allowed and said != units:
        raise _fail(
            origin, f"{name}: the unit {quoted(shown)} and the code {quoted(code)} of the quantity disagree", link_id
        )
    return value["value"], units


def _unit_field(link_id: str, key: str, value: object, origin: str) -> object:
    if key == "valueCoding" and isinstance(value, dict):
        return _unit(value.get("code"), _UNIT_FIELDS[link_id], link_id, origin)
    if key == "valueString":
        return value  # the answers parser reads it
    raise _fail(origin, f"item {quoted(link_id)}: {key} cannot give units; give a valueCoding or valueString", link_id)


def _check_status(status: object, origin: str) -> None:
    """A response's status, when given, is a code; one entered in error is not to be used (FHIR)."""
    if status is not None and not isinstance(status, str):
        raise _fail(origin, f"field 'status' must be a code such as 'completed', not {json_kind(status)}", "status")
    if status == "entered-in-error":  # FHIR: the answers were given in error, and are not to be used
        raise _fail(
            origin,
            "field 'status' is 'entered-in-error': the response was entered in error, and its answers are not to be used",
            "status",
        )


def answers_from_response(response: Mapping[str, object], *, origin: str = RESOURCE_TYPE) -> dict[str, object]:
    """The answers of a QuestionnaireResponse, as a mapping for ``parse_answers``.

    ``origin`` begins every message (``--answers``, or a batch line). Raises
    :class:`UsageError` naming the linkId for an item that is not ours, an answer of a
    kind its item cannot have, or units that disagree."""
    if not is_response(response):
        raise _fail(
            origin,
            f"expected a FHIR {RESOURCE_TYPE}, not resourceType {quoted(response.get('resourceType'))}",
            "resourceType",
        )
    _check_status(response.get("status"), origin)
    found: dict[str, object] = {}
    units_from: dict[str, tuple[str, str]] = {}  # units field -> (units, the item that gave them)
    seen: set[str] = set()
    for item in _items(response.get("item", []), origin):
        link_id = item.get("linkId")
        if not isinstance(link_id, str):
            raise _fail(origin, "every item must have a linkId (a string)", "linkId")
        if link_id in seen:
            raise _fail(origin, f"item {quoted(link_id)} is given twice", link_id)
        seen.add(link_id)
        answer = _the_answer(item, link_id, origin)
        helped = link_id.removesuffix(_HELP)
        if link_id.endswith(_HELP) and (helped in QUESTIONS_BY_ID or helped in LAB_ITEMS_BY_ID) and answer is None:
            continue  # a help text
        if link_id == PRODUCT_LINK_ID:
            continue  # calculated: the program works the product out itself
        if link_id not in QUESTIONS_BY_ID and link_id not in _LAB_UNITS and link_id not in _UNIT_FIELDS:
            raise _fail(
                origin,
                f"item {quoted(link_id)} is not a calcinosis question or lab field (see calcinosis questions)",
                link_id,
            )
        if answer is None:
            continue
        key, value = answer
        if link_id in QUESTIONS_BY_ID:
            found[link_id] = _choice(link_id, key, value, origin)
        elif link_id in _LAB_UNITS:
            number, units = _measured(link_id, key, value, origin)
            found[link_id] = number
            if units is not None:
                field = _LAB_UNITS[link_id][0]
                _agree(units_from, field, units, link_id, origin)
        else:
            given = _unit_field(link_id, key, value, origin)
            found[link_id] = given
            if isinstance(given, str) and given.strip().lower() in _UNIT_FIELDS[link_id]:
                _agree(units_from, link_id, given.strip().lower(), link_id, origin)
    for field, (units, _) in units_from.items():
        found[field] = units
    if "units" not in found:  # units given without a calcium or phosphate value, in our extension
        for extension in _our_extensions(response, "units"):
            found["units"] = extension.get("valueCode")
    return found


def _our_extensions(response: Mapping[str, object], name: str) -> Iterator[Mapping[str, Any]]:
    extensions = response.get("extension")
    wanted = {urls().extension(name), Urls(DEFAULT_BASE).extension(name)}
    if isinstance(extensions, list):
        yield from (
            e for e in extensions if isinstance(e, dict) and isinstance(e.get("url"), str) and e["url"] in wanted
        )


def _agree(units_from: dict[str, tuple[str, str]], field: str, units: str, link_id: str, origin: str) -> None:
    """Record the units ``link_id`` gives for ``field``; refuse units that disagree."""
    earlier = units_from.get(field)
    if earlier is not None and earlier[0] != units:
        raise _fail(
            origin,
            f"item {quoted(link_id)} is in {units} but item {quoted(earlier[1])} is in {earlier[0]}: "
            "give calcium and phosphate in the same units",
            link_id,
        )
    units_from.setdefault(field, (units, link_id))


def response_identifier(response: Mapping[str, object], *, origin: str = RESOURCE_TYPE) -> str | None:
    """``QuestionnaireResponse.identifier.value`` (a batch case's id), or None; never the
    resource's own ``id``."""
    identifier = response.get("identifier")
    if identifier is None:
        return None
    if not isinstance(identifier, dict):
        raise _fail(origin, "identifier must be one Identifier object (FHIR R4)", "identifier")
    value = identifier.get("value")
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise _fail(origin, "identifier.value must be a non-empty string", "identifier")
    return value
