"""The ``Observation`` of each measured blood value of a result, of the calcium corrected
for albumin, and of the calcium × phosphate product, for the result Bundle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...knowledge import (
    LAB_CODES,
    MMOL_PER_MGDL,
    PRODUCT_THRESHOLD,
    UCUM,
    UCUM_CODES,
    UCUM_PRODUCT,
    Range,
    reference_range_for,
)
from ...knowledge.labs import CORRECTION
from ...labs import Labs, Measurement
from .lab_items import lab_code, product_coding
from .urls import INTERPRETATION, OBSERVATION_CATEGORY, coding, quantity

_INTERPRETATIONS = {"high": ("H", "High"), "normal": ("N", "Normal"), "low": ("L", "Low")}
_ANALYTE_TEXT = {
    "calcium": "Calcium, total, in serum or plasma",
    "phosphate": "Phosphate in serum or plasma",
    "albumin": "Albumin in serum or plasma",
    "corrected_calcium": "Calcium corrected for albumin, in serum or plasma",
}
_LABORATORY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "laboratory", "display": "Laboratory"}]}


def interpretation(level: str) -> list[dict[str, Any]]:
    if level in _INTERPRETATIONS:
        code, display = _INTERPRETATIONS[level]
        return [{"coding": [{"system": INTERPRETATION, "code": code, "display": display}]}]
    return [{"text": "Borderline for the age group: between the limits of its age partitions"}]


def reference(full_url: str) -> dict[str, str]:
    return {"reference": full_url}


def _in_cited_units(analyte: str, value: float, units: str) -> tuple[float, str, str | None]:
    """``value`` in the units of the analyte's cited LOINC code, and a note of the value as
    entered (the corrected calcium: as worked out) where it had to be converted (calcium in
    mmol/L, corrected calcium in mg/dL: knowledge/codes.py cites no code for those)."""
    if lab_code(analyte, units) is not None:
        return value, units, None
    shown_units = next(c.units for c in LAB_CODES if c.analyte == analyte)
    factor = MMOL_PER_MGDL["calcium" if analyte.endswith("calcium") else analyte]
    shown_value = round(value / factor if shown_units == "mg/dl" else value * factor, 3)
    origin = "Worked out" if analyte == "corrected_calcium" else "Entered"  # the corrected value is nobody's entry
    note = (
        f"{origin} as {value:g} {UCUM_CODES[units]}; shown in {UCUM_CODES[shown_units]}, the units of its "
        f"cited LOINC code (mmol/L = mg/dL × {factor:g})."
    )
    return shown_value, shown_units, note


def observation(
    analyte: str,
    value: float,
    units: str,
    patient: str,
    derived_from: list[str],
    *,
    level: str | None = None,
    reference_range: tuple[Range, str] | None = None,
    notes: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An Observation of ``value`` in ``units``, coded with the cited LOINC code of those
    units; where none is cited, the value is converted to the units of the analyte's
    cited code and the value as entered is kept in ``note``. ``reference_range``: the
    range used and its label."""
    shown_value, shown_units, conversion_note = _in_cited_units(analyte, value, units)
    code = lab_code(analyte, shown_units)
    assert code is not None
    found: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [_LABORATORY],
        "code": {"coding": [coding(code)], "text": _ANALYTE_TEXT[analyte]},
        "subject": reference(patient),
        "valueQuantity": quantity(shown_value, shown_units),
    }
    if level is not None:
        found["interpretation"] = interpretation(level)
    all_notes = (*((conversion_note,) if conversion_note else ()), *notes)
    if all_notes:
        found["note"] = [{"text": text} for text in all_notes]
    if reference_range is not None:
        used, label = reference_range
        low, high = used.limits(shown_units)
        found["referenceRange"] = [
            {"low": quantity(low, shown_units), "high": quantity(high, shown_units), "text": label}
        ]
    found["derivedFrom"] = [reference(d) for d in derived_from]
    return found


def _measured(m: Measurement, patient: str, response: str) -> dict[str, Any]:
    """A measured calcium or phosphate, with the level it gives for the age group."""
    level = m.corrected.measured_level if m.corrected else m.level
    reference_range = (reference_range_for(m.analyte, m.age_group_used), m.range_label)
    return observation(m.analyte, m.value, m.units, patient, [response], level=level, reference_range=reference_range)


def _corrected_calcium(calcium: Measurement, patient: str, derived_from: list[str]) -> dict[str, Any]:
    """The calcium corrected for albumin, with the formula it was worked out by."""
    assert calcium.corrected is not None
    rule = CORRECTION[calcium.units]
    formula = (
        f"Worked out as measured calcium + {rule.slope:g} × ({rule.reference_albumin:g} − albumin in "
        f"{UCUM_CODES[rule.albumin_units]}), in {UCUM_CODES[calcium.units]}."
    )
    return observation(
        "corrected_calcium",
        round(calcium.corrected.value, 3),
        calcium.units,
        patient,
        derived_from,
        level=calcium.corrected.level,
        reference_range=(reference_range_for("calcium", calcium.age_group_used), calcium.range_label),
        notes=(formula,),
    )


def _product(labs: Labs, product: float, patient: str, derived_from: list[str]) -> dict[str, Any]:
    """The calcium × phosphate product; interpreted only where its threshold holds (adults)."""
    applies = labs.product_applies
    note = f"At or above {PRODUCT_THRESHOLD:g} mg²/dL² calcium can settle in healthy tissue" + (
        "." if applies else "; that threshold holds for adults only: children run higher phosphate."
    )
    found: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [_LABORATORY],
        "code": {"coding": [product_coding()], "text": "Calcium × phosphate product"},
        "subject": reference(patient),
        "valueQuantity": {"value": round(product, 2), "unit": "mg²/dL²", "system": UCUM, "code": UCUM_PRODUCT},
        "note": [{"text": note}],
        "derivedFrom": [reference(d) for d in derived_from],
    }
    if applies:
        found["interpretation"] = interpretation("high" if labs.product_high else "normal")
    return found


def observations(labs: Labs | None, add: Callable[[dict[str, Any]], str], patient: str, response: str) -> list[str]:
    """Add the Observations of ``labs``, each derived from the response or from the
    Observations it is worked out from; returns their full URLs."""
    if labs is None:
        return []
    made: list[str] = []

    def added(resource: dict[str, Any]) -> str:
        made.append(add(resource))
        return made[-1]

    calcium = added(_measured(labs.calcium, patient, response)) if labs.calcium else None
    phosphate = added(_measured(labs.phosphate, patient, response)) if labs.phosphate else None
    albumin = None
    if labs.albumin is not None:
        albumin_notes = (labs.albumin.note,) if labs.albumin.note else ()
        albumin_observation = observation(
            "albumin", labs.albumin.value, labs.albumin.units, patient, [response], notes=albumin_notes
        )
        albumin = added(albumin_observation)
    corrected = None
    if labs.calcium is not None and labs.calcium.corrected is not None and albumin is not None and calcium is not None:
        corrected = added(_corrected_calcium(labs.calcium, patient, [calcium, albumin]))
    product = labs.product
    if product is not None and calcium is not None and phosphate is not None:
        added(_product(labs, product, patient, [corrected or calcium, phosphate]))
    return made
