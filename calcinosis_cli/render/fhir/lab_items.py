"""The measured blood values as ``quantity`` items of the Questionnaire, and their
calcium × phosphate product as a calculated item (FHIRPath, as the program works it out)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ...knowledge import LAB_CODES, MMOL_PER_MGDL, UCUM, UCUM_CODES, UCUM_PRODUCT, Code
from ...knowledge.labs import AGE_GROUPS, CORRECTION, CORRECTION_FROM_AGE_GROUPS, G_PER_L_PER_G_PER_DL
from ...questions import ALBUMIN_UNITS, UNITS
from .urls import (
    CALCULATED_EXPRESSION,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    QUESTIONNAIRE_UNIT,
    UNIT_OPTION,
    VARIABLE,
    coding,
    urls,
)


class LabItem(NamedTuple):
    """A measured value as a ``quantity`` item (``link_id`` is its field in answers)."""

    link_id: str
    analyte: str
    text: str
    explain: str
    units: tuple[str, ...]  # ours; the first is the default


LAB_ITEMS: tuple[LabItem, ...] = (
    LabItem(
        "calcium_value",
        "calcium",
        "If you have the blood test report: the total calcium, with its unit.",
        "Type the number the report gives for total calcium (not ionised calcium) and choose its unit, "
        "mg/dL or mmol/L. The level it gives (high, normal or low) is worked out for the age group.",
        UNITS,
    ),
    LabItem(
        "phosphate_value",
        "phosphate",
        "If you have the blood test report: the phosphate, with its unit.",
        "Type the number the report gives for phosphate (sometimes called phosphorus) and choose its unit. "
        "Use the same unit as for calcium.",
        UNITS,
    ),
    LabItem(
        "albumin_value",
        "albumin",
        "If you have the blood test report: the albumin, with its unit.",
        "Albumin is a protein in the blood that carries calcium. From 1 year of age, calcium is corrected for it.",
        ALBUMIN_UNITS,
    ),
)
LAB_ITEMS_BY_ID = {item.link_id: item for item in LAB_ITEMS}
PRODUCT_LINK_ID = "calcium_phosphate_product"
PRODUCT_TEXT = "Calcium × phosphate product (mg²/dL²), worked out from the values above"
# The lab items follow this question in the Questionnaire.
LAB_ITEMS_AFTER = "phosphate"
PRODUCT_EXPRESSION = "(%corrected * %p).round(2)"


def lab_code(analyte: str, units: str) -> Code | None:
    """The cited LOINC code of ``analyte`` in ``units``, if there is one."""
    for found in LAB_CODES:
        if found.analyte == analyte and found.units == units:
            return found.code
    return None


def help_item(link_id: str, text: str) -> dict[str, Any]:
    """The "?" explanation, as FHIR forms show help: a display item with itemControl help."""
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}
    return {
        "linkId": f"{link_id}.help",
        "text": text,
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
    }


def lab_item(item: LabItem) -> dict[str, Any]:
    code = lab_code(item.analyte, item.units[0])
    assert code is not None, item  # every analyte has a cited code in its default unit
    return {
        "linkId": item.link_id,
        "code": [coding(code)],
        "text": item.text,
        "type": "quantity",
        "required": False,
        "repeats": False,
        "extension": [
            {"url": UNIT_OPTION, "valueCoding": {"system": UCUM, "code": UCUM_CODES[u], "display": UCUM_CODES[u]}}
            for u in item.units
        ],
        "item": [help_item(item.link_id, item.explain)],
    }


def _fhirpath_number(value: float) -> str:
    return f"{value:g}"


def _in_mg_dl(link_id: str, mmol_per_mg_dl: float) -> str:
    """FHIRPath: the answer of a quantity item in mg/dL (a value in mmol/L converted)."""
    return (
        f"%resource.item.where(linkId='{link_id}').answer.value"
        f".select(iif(code = 'mmol/L', value / {_fhirpath_number(mmol_per_mg_dl)}, value))"
    )


def product_variables() -> tuple[tuple[str, str], ...]:
    """The FHIRPath variables of the product, as the program works it out: calcium (corrected
    for albumin where the correction applies) times phosphate, both in mg/dL."""
    rule = CORRECTION["mg/dl"]
    not_corrected = [age for age in AGE_GROUPS if age not in CORRECTION_FROM_AGE_GROUPS]
    age_test = " or ".join(f"$this = '{age}'" for age in not_corrected)
    return (
        ("ca", _in_mg_dl("calcium_value", MMOL_PER_MGDL["calcium"])),
        ("p", _in_mg_dl("phosphate_value", MMOL_PER_MGDL["phosphate"])),
        (
            "alb",
            "%resource.item.where(linkId='albumin_value').answer.value"
            f".select(iif(code = 'g/L', value / {_fhirpath_number(G_PER_L_PER_G_PER_DL)}, value))",
        ),
        ("age", "%resource.item.where(linkId='age_group').answer.value.code"),
        (
            "corrected",
            f"iif(%alb.exists() and %age.where({age_test}).empty(), "
            f"%ca + {_fhirpath_number(rule.slope)} * ({_fhirpath_number(rule.reference_albumin)} - %alb), %ca)",
        ),
    )


def product_coding() -> dict[str, str]:
    """The product's code in our own CodeSystem: no cited source gives it a LOINC code."""
    return {
        "system": urls().observation_system,
        "code": "calcium-phosphate-product",
        "display": "Calcium × phosphate product",
    }


def product_item() -> dict[str, Any]:
    expression = {"language": "text/fhirpath", "expression": PRODUCT_EXPRESSION}
    return {
        "linkId": PRODUCT_LINK_ID,
        "code": [product_coding()],
        "text": PRODUCT_TEXT,
        "type": "decimal",
        "required": False,
        "repeats": False,
        "readOnly": True,
        "extension": [
            *(
                {"url": VARIABLE, "valueExpression": {"name": name, "language": "text/fhirpath", "expression": text}}
                for name, text in product_variables()
            ),
            {"url": CALCULATED_EXPRESSION, "valueExpression": expression},
            {"url": QUESTIONNAIRE_UNIT, "valueCoding": {"system": UCUM, "code": UCUM_PRODUCT, "display": "mg²/dL²"}},
        ],
    }
