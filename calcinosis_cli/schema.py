"""The pieces of the JSON Schema of a result (``calcinosis schema``), built from the
question bank and the knowledge base; :data:`calcinosis_cli.result.FIELDS` puts them
together, one for each key."""

from typing import Any

from .knowledge import CODE_SYSTEMS, TYPE_IDS
from .questions import ALBUMIN_UNITS, QUESTIONS, UNITS


def strings(min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": min_items}


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object with these properties, open to keys added by later versions (contract 1.1)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [{"type": "null"}, schema]}


NUMBER = {"type": "number"}
SOURCE = obj({"title": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}})
LEVELS = ("high", "normal", "low", "borderline")
AGE_GROUPS_USED = ("newborn", "infant", "child", "adult")


def measurement(analyte: str) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "value": NUMBER,
        "units": {"enum": list(UNITS)},
        "value_mg_dl": NUMBER,
        "level": {"enum": list(LEVELS)},
        "range": obj(
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
        properties["corrected"] = nullable(
            obj(
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
    return nullable(obj(properties))


def codes() -> dict[str, Any]:
    return {
        "type": "array",
        "items": obj(
            {"system": {"enum": list(CODE_SYSTEMS)}, "code": {"type": "string"}, "display": {"type": "string"}}
        ),
    }


def labs() -> dict[str, Any]:
    product = nullable(
        obj(
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
    albumin = nullable(
        obj(
            {
                "value": NUMBER,
                "units": {"enum": list(ALBUMIN_UNITS)},
                "used": {"type": "boolean"},
                "note": {"type": ["string", "null"]},
            }
        )
    )
    return nullable(
        obj(
            {
                "units": {"enum": list(UNITS)},
                "calcium": measurement("calcium"),
                "phosphate": measurement("phosphate"),
                "product": product,
                "albumin": albumin,
            }
        )
    )


def type_id() -> dict[str, Any]:
    return {"enum": list(TYPE_IDS)}


def question_ids() -> list[str]:
    return [q.id for q in QUESTIONS]


def array(items: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    if min_items:
        return {"type": "array", "minItems": min_items, "items": items}
    return {"type": "array", "items": items}
