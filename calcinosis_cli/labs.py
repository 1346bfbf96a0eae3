"""The measured values of a set of answers: calcium, phosphate and albumin with their
units and conversions to mg/dL, the level each has for the age group, the albumin-corrected
calcium, the severe range, and the calcium × phosphate product; each as a result shows it."""

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from .knowledge import MMOL_PER_MGDL, PRODUCT_THRESHOLD, SOURCES, reference_range_for, severe_range_for
from .knowledge.labs import (
    AGE_GROUPS,
    CORRECTION,
    CORRECTION_AGE_SOURCE,
    CORRECTION_FROM_AGE_GROUPS,
    CORRECTION_KIDNEY_SOURCE,
    corrected_calcium,
)
from .questions import UNKNOWN


class Corrected(NamedTuple):
    """The albumin-corrected calcium, in the units of the calcium."""

    value: float
    mg_dl: float
    level: str
    measured_level: str

    def to_dict(self, units: str) -> dict[str, Any]:
        rule = CORRECTION[units]
        return {
            "value": round(self.value, 3),
            "units": units,
            "level": self.level,
            "measured_level": self.measured_level,
            "formula": f"measured + {rule.slope:g} × ({rule.reference_albumin:g} − albumin in {rule.albumin_units})",
            "sources": [source_dict(s) for s in rule.sources],
        }


# Added to the label of the range an unknown age group is read by (the adult one).
AGE_UNKNOWN_NOTE = " (age group unknown: the adult range is used)"


class Measurement(NamedTuple):
    """A measured calcium or phosphate, with its level against the reference range used."""

    analyte: str
    value: float
    units: str
    mg_dl: float
    level: str  # high, normal, low, or borderline (for age): the level the triage uses
    low: float
    high: float
    range_label: str
    age_group_used: str
    sources: tuple[str, ...]
    severe: str | None = None  # "high" or "low" when calcium is in the severe range for the age
    corrected: Corrected | None = None

    def range_words(self, joined: str = " range ", between: str = "–") -> str:
        """The range used, in words: "adult total calcium range 8.6–10.3 mg/dl", and,
        when the age group was not known, why the adult one (said after the limits:
        in the label it would stand between the name and the word "range")."""
        name, unknown, _ = self.range_label.partition(AGE_UNKNOWN_NOTE)
        words = f"{name}{joined}{self.low:g}{between}{self.high:g} {self.units}"
        return f"{words}, used as the age group is not known" if unknown else words

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": self.value,
            "units": self.units,
            "value_mg_dl": round(self.mg_dl, 3),
            "level": self.level,
            "range": {
                "low": self.low,
                "high": self.high,
                "units": self.units,
                "label": self.range_label,
                "age_group": self.age_group_used,
            },
        }
        if self.analyte == "calcium":
            data["severe"] = self.severe
            data["corrected"] = None if self.corrected is None else self.corrected.to_dict(self.units)
        return data


class Albumin(NamedTuple):
    """A measured albumin, and whether it corrected the calcium (``note`` says why not, or how far)."""

    value: float
    units: str
    used: bool
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "units": self.units, "used": self.used, "note": self.note}


class Labs(NamedTuple):
    """Every measured value of a set of answers, in its units, with the calcium × phosphate product."""

    units: str
    calcium: Measurement | None
    phosphate: Measurement | None
    albumin: Albumin | None = None
    product_applies: bool = True  # the product's threshold holds for adults (and an unknown age)

    @property
    def product(self) -> float | None:
        if self.calcium is None or self.phosphate is None:
            return None
        corrected = self.calcium.corrected
        return (corrected.mg_dl if corrected else self.calcium.mg_dl) * self.phosphate.mg_dl

    @property
    def product_high(self) -> bool:
        product = self.product
        return self.product_applies and product is not None and product >= PRODUCT_THRESHOLD

    @property
    def calcium_severe(self) -> str | None:
        return None if self.calcium is None else self.calcium.severe

    @property
    def sources(self) -> tuple[str, ...]:
        found = [s for m in (self.calcium, self.phosphate) if m for s in m.sources]
        if self.calcium is not None and self.calcium.severe:
            found.extend(severe_range_for(self.calcium.age_group_used).sources)
        if self.calcium is not None and self.calcium.corrected is not None:
            found.extend(CORRECTION[self.units].sources)
        if self.albumin is not None and self.albumin.note:
            found.append(CORRECTION_AGE_SOURCE if not self.albumin.used else CORRECTION_KIDNEY_SOURCE)
        return tuple(dict.fromkeys(found))

    def to_dict(self) -> dict[str, Any]:
        product = self.product
        return {
            "units": self.units,
            "calcium": self.calcium.to_dict() if self.calcium else None,
            "phosphate": self.phosphate.to_dict() if self.phosphate else None,
            "product": None if product is None else product_to_dict(product, self.product_applies),
            "albumin": None if self.albumin is None else self.albumin.to_dict(),
        }


def source_dict(source_id: str) -> dict[str, str]:
    source = SOURCES[source_id]
    return {"title": source.title, "url": source.url}


def product_to_dict(product: float, applies: bool = True) -> dict[str, Any]:
    """The calcium × phosphate product as a result shows it."""
    return {
        "value": round(product, 2),
        "units": "mg²/dL²",
        "threshold": PRODUCT_THRESHOLD,
        "above_threshold": product >= PRODUCT_THRESHOLD,
        "applies": applies,
        "note": None if applies else "the threshold holds for adults only: children run higher phosphate",
    }


# Measured values repeat (a value, its units, an age group): each is read once while it is
# among the last few thousand read (the arguments are all strings and floats).
MEASURED_ENTRIES = 8192


@lru_cache(maxsize=MEASURED_ENTRIES, typed=True)
def measure(analyte: str, value: float, units: str, age_group: str) -> Measurement:
    """A value in ``units`` with its level against the range for ``age_group`` (adult if unknown)."""
    mg_dl = value if units == "mg/dl" else value / MMOL_PER_MGDL[analyte]
    age_used = age_group if age_group in AGE_GROUPS else "adult"
    ref = reference_range_for(analyte, age_used)
    low, high = ref.limits(units)  # compared in the units given, against the limits as printed
    label = ref.label if age_group != UNKNOWN else ref.label + AGE_UNKNOWN_NOTE
    return Measurement(
        analyte, value, units, mg_dl, ref.level_of(value, units), low, high, label, age_used, ref.sources
    )


@lru_cache(maxsize=MEASURED_ENTRIES, typed=True)
def with_correction_and_severity(
    calcium: Measurement, albumin: Albumin | None, albumin_value: float | None, albumin_units: str, kidney: str
) -> Measurement:
    """Calcium with its severity and, from 1 year of age with an albumin, its corrected value."""
    units, age = calcium.units, calcium.age_group_used
    ref, severe_range = reference_range_for("calcium", age), severe_range_for(age)
    corrected = None
    if albumin is not None and albumin.used and albumin_value is not None:
        value = corrected_calcium(calcium.value, units, albumin_value, albumin_units)
        mg_dl = value if units == "mg/dl" else value / MMOL_PER_MGDL["calcium"]
        corrected = Corrected(value, mg_dl, ref.level_of(value, units), calcium.level)
    measured, fixed = calcium.value, (corrected.value if corrected else calcium.value)
    highest = max(measured, fixed)
    lowest = min(measured, fixed) if kidney == "yes" else fixed
    severe = (
        "high"
        if severe_range.beyond(highest, units, "high")
        else "low"
        if severe_range.beyond(lowest, units, "low")
        else None
    )
    level = corrected.level if corrected else calcium.level
    return calcium._replace(severe=severe, corrected=corrected, level=level)


def borderline_on_low_side(measurement: Measurement) -> bool:
    """Whether a borderline value lies between the lower limits of the age partitions."""
    value = measurement.corrected.value if measurement.corrected else measurement.value
    shared_low, _ = reference_range_for(measurement.analyte, measurement.age_group_used).shared(measurement.units)
    return value < shared_low


# The age groups for which the product's threshold does not hold.
NON_ADULT_AGES = frozenset(("newborn", "infant", "child"))


def albumin_as_used(value: float, units: str, with_calcium: bool, values: Mapping[str, str]) -> Albumin:
    """The albumin, and whether it corrects the calcium for the answers ``values`` (with why not)."""
    if not with_calcium:
        return Albumin(value, units, False, "not used: no calcium value was given")
    if values["age_group"] not in (*CORRECTION_FROM_AGE_GROUPS, UNKNOWN):
        return Albumin(value, units, False, "not used: the correction is not validated under 1 year of age")
    if values["kidney_failure"] == "yes":
        return Albumin(value, units, True, "used, but the correction is less reliable with kidney failure")
    return Albumin(value, units, True, None)
