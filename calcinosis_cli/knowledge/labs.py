"""Blood tests as data: reference ranges by age group, the severe range, what a value can
be in each unit, the albumin correction and the calcium × phosphate product.

Every number is printed by a laboratory or guideline source named beside it (ids of
:data:`~calcinosis_cli.knowledge.sources.SOURCES`), in mg/dL and, where the source
gives it, in mmol/L. Values are compared in the units given, against the limits as the
sources print them, so that a value on a printed limit is what the source says it is.
"""

from types import MappingProxyType
from typing import NamedTuple

AGE_GROUPS = ("newborn", "infant", "child", "adult")
LAB_UNITS = ("mg/dl", "mmol/l")
ALBUMIN_UNIT_NAMES = ("g/dl", "g/l")

# mg/dL -> mmol/L, as Davis's prints them (calcium × 0.25, phosphate × 0.323); the
# factors of the atomic weights (0.2495, 0.3229) agree.
MMOL_PER_MGDL: MappingProxyType[str, float] = MappingProxyType({"calcium": 0.25, "phosphate": 0.323})
CONVERSION_SOURCE = "davis_ca"
# g/L per g/dL.
G_PER_L_PER_G_PER_DL = 10.0


class Partition(NamedTuple):
    """One age partition of a laboratory's range, in both units."""

    ages: str
    mg_dl: tuple[float, float]
    mmol_l: tuple[float, float]

    def limits(self, units: str) -> tuple[float, float]:
        return self.mmol_l if units == "mmol/l" else self.mg_dl


class Range(NamedTuple):
    """The reference range of an age group. With several partitions (children, whose
    ranges change with age) a value is high only above the highest upper limit and low
    only below the lowest lower limit; between those and the limits that every
    partition shares it is borderline for age."""

    label: str
    partitions: tuple[Partition, ...]
    sources: tuple[str, ...]

    def limits(self, units: str) -> tuple[float, float]:
        """The widest limits: below the low one is low, above the high one is high."""
        return min(p.limits(units)[0] for p in self.partitions), max(p.limits(units)[1] for p in self.partitions)

    def shared(self, units: str) -> tuple[float, float]:
        """The limits within which a value is normal in every partition."""
        return max(p.limits(units)[0] for p in self.partitions), min(p.limits(units)[1] for p in self.partitions)

    def level_of(self, value: float, units: str) -> str:
        low, high = self.limits(units)
        if value < low:
            return "low"
        if value > high:
            return "high"
        shared_low, shared_high = self.shared(units)
        return "normal" if shared_low <= value <= shared_high else "borderline"


def _one(ages: str, mg_dl: tuple[float, float], mmol_l: tuple[float, float]) -> tuple[Partition, ...]:
    return (Partition(ages, mg_dl, mmol_l),)


# Total serum calcium and inorganic phosphate by age group (medical-facts §7.1).
# Newborn calcium: St Clair's 0-31 day range covers the whole newborn period (its mmol/L
# limits are converted with the factor above). Child calcium and phosphate: the
# partitions of Davis's (DiaSys prints the same for calcium).
REFERENCE_RANGES: MappingProxyType[str, MappingProxyType[str, Range]] = MappingProxyType(
    {
        "calcium": MappingProxyType(
            {
                "newborn": Range(
                    "newborn total calcium (first 4 weeks)",
                    _one("0-31 days", (7.0, 12.0), (1.75, 3.0)),
                    ("stclair_ca",),
                ),
                "infant": Range(
                    "infant total calcium (4 weeks to 1 year)",
                    _one("11 days-2 years", (9.0, 11.0), (2.25, 2.75)),
                    ("diasys_ca", "davis_ca"),
                ),
                "child": Range(
                    "child total calcium (1 to 17 years; the range changes with age)",
                    (
                        Partition("11 days-2 years", (9.0, 11.0), (2.25, 2.75)),
                        Partition("3-12 years", (8.8, 10.8), (2.2, 2.7)),
                        Partition("13-18 years", (8.4, 10.2), (2.1, 2.55)),
                    ),
                    ("davis_ca", "diasys_ca"),
                ),
                "adult": Range("adult total calcium", _one("adults", (8.6, 10.3), (2.15, 2.57)), ("diasys_ca",)),
            }
        ),
        "phosphate": MappingProxyType(
            {
                "newborn": Range(
                    "newborn phosphate (first 4 weeks)", _one("1-30 days", (3.9, 7.7), (1.25, 2.50)), ("diasys_p",)
                ),
                "infant": Range(
                    "infant phosphate (1 to 12 months)", _one("1-12 months", (3.5, 6.6), (1.15, 2.15)), ("diasys_p",)
                ),
                "child": Range(
                    "child phosphate (1 to 17 years; the range changes with age)",
                    (
                        Partition("1-3 years", (3.9, 6.5), (1.3, 2.1)),
                        Partition("4-6 years", (4.0, 5.4), (1.3, 1.7)),
                        Partition("7-11 years", (3.7, 5.6), (1.2, 1.8)),
                        Partition("12-13 years", (3.3, 5.4), (1.1, 1.7)),
                        Partition("14-15 years", (2.9, 5.4), (0.9, 1.7)),
                        Partition("16-19 years", (2.8, 4.6), (0.9, 1.5)),
                    ),
                    ("davis_p",),
                ),
                "adult": Range("adult phosphate", _one("adults", (2.5, 4.5), (0.8, 1.4)), ("davis_p",)),
            }
        ),
    }
)


def reference_range_for(analyte: str, age_group: str) -> Range:
    """The range of an age group; an unknown age uses the adult range."""
    by_age = REFERENCE_RANGES[analyte]
    return by_age.get(age_group, by_age["adult"])


class Limit(NamedTuple):
    """A limit of the severe range, in both units; ``inclusive``: the limit itself is beyond."""

    mg_dl: float
    mmol_l: float
    inclusive: bool

    def value(self, units: str) -> float:
        return self.mmol_l if units == "mmol/l" else self.mg_dl

    def text(self, units: str, side: str) -> str:
        word = ("or more" if side == "high" else "or less") if self.inclusive else ""
        beyond = "" if self.inclusive else ("above " if side == "high" else "below ")
        unit = "mmol/L" if units == "mmol/l" else "mg/dL"
        return f"{beyond}{self.value(units):g} {unit}{' ' + word if word else ''}"


class SevereRange(NamedTuple):
    """Calcium beyond these limits needs care the same day (decision.md 1.1, §2)."""

    high: Limit
    low: Limit
    sources: tuple[str, ...]

    def beyond(self, value: float, units: str, side: str) -> bool:
        limit = self.high if side == "high" else self.low
        edge = limit.value(units)
        if side == "high":
            return value >= edge if limit.inclusive else value > edge
        return value <= edge if limit.inclusive else value < edge


_CHILD_SEVERE = SevereRange(Limit(13.0, 3.25, True), Limit(7.0, 1.75, True), ("augusta_ca",))

# Severe hypercalcaemia in adults: "hypercalcemic crisis" above 14 mg/dL (StatPearls), urgent
# correction above 3.5 mmol/L (Society for Endocrinology); severe hypocalcaemia below
# 1.9 mmol/L (Society for Endocrinology). Children: Augusta's critical values; newborns:
# St Clair's. Limits the sources give in mg/dL only are converted with the factor above.
SEVERE_CALCIUM: MappingProxyType[str, SevereRange] = MappingProxyType(
    {
        "adult": SevereRange(
            Limit(14.0, 3.5, True),
            Limit(7.6, 1.9, False),
            ("statpearls_hypercalcemia", "se_hypercalcaemia", "se_hypocalcaemia"),
        ),
        "child": _CHILD_SEVERE,
        "infant": _CHILD_SEVERE,
        "newborn": SevereRange(Limit(12.5, 3.125, False), Limit(6.0, 1.5, False), ("stclair_ca",)),
    }
)


def severe_range_for(age_group: str) -> SevereRange:
    return SEVERE_CALCIUM.get(age_group, SEVERE_CALCIUM["adult"])


# Calcium that counts as high for a newborn or infant after a difficult birth or cooling
# (subcutaneous fat necrosis): above St Clair's newborn upper limit.
NEWBORN_HIGH_CALCIUM = Limit(12.0, 3.0, False)
NEWBORN_HIGH_SOURCES: tuple[str, ...] = ("stclair_ca", "scfn_review")


class Span(NamedTuple):
    low: float
    high: float

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


def _ordinary(analyte: str, units: str) -> Span:
    """From the lowest to the highest limit the knowledge base prints for ``analyte`` in
    ``units``: reference ranges of every age and, for calcium, the severe range."""
    limits = [x for r in REFERENCE_RANGES[analyte].values() for p in r.partitions for x in p.limits(units)]
    if analyte == "calcium":
        limits += [limit.value(units) for s in SEVERE_CALCIUM.values() for limit in (s.high, s.low)]
    return Span(min(limits), max(limits))


class Bounds(NamedTuple):
    """What a value can be in one unit: ``possible`` (beyond it, a typing mistake) and
    ``ordinary`` (what the sources above print), used to catch values in the wrong units."""

    possible: Span
    ordinary: Span


def _bounds(analyte: str, possible_mg_dl: Span) -> MappingProxyType[str, Bounds]:
    factor = MMOL_PER_MGDL[analyte]
    possible_mmol = Span(round(possible_mg_dl.low * factor, 3), round(possible_mg_dl.high * factor, 3))
    return MappingProxyType(
        {
            "mg/dl": Bounds(possible_mg_dl, _ordinary(analyte, "mg/dl")),
            "mmol/l": Bounds(possible_mmol, _ordinary(analyte, "mmol/l")),
        }
    )


# Possible: far beyond the most extreme values the sources report (calcium: a critical
# low of 6.0 mg/dL, a crisis above 14 mg/dL, 16.6 mg/dL in milk-alkali syndrome).
BOUNDS: MappingProxyType[str, MappingProxyType[str, Bounds]] = MappingProxyType(
    {
        "calcium": _bounds("calcium", Span(1.0, 30.0)),
        "phosphate": _bounds("phosphate", Span(0.1, 30.0)),
        # Albumin: the correction's reference is 4.0 g/dL (40 g/L).
        "albumin": MappingProxyType(
            {"g/dl": Bounds(Span(0.5, 8.0), Span(1.0, 6.0)), "g/l": Bounds(Span(5.0, 80.0), Span(10.0, 60.0))}
        ),
    }
)
BOUNDS_SOURCES: tuple[str, ...] = ("stclair_ca", "statpearls_hypercalcemia", "medscape_hypercalcemia")


class Correction(NamedTuple):
    """Albumin-corrected calcium: measured + slope × (reference albumin − albumin)."""

    slope: float
    reference_albumin: float
    albumin_units: str
    sources: tuple[str, ...]


# By the units of the calcium: mg/dL with albumin in g/dL, mmol/L with albumin in g/L
# (Medscape, GPnotebook, StatPearls). The adult equation holds from 1 year of age.
CORRECTION: MappingProxyType[str, Correction] = MappingProxyType(
    {
        "mg/dl": Correction(0.8, 4.0, "g/dl", ("medscape_ca_correction", "statpearls_hypercalcemia")),
        "mmol/l": Correction(0.02, 40.0, "g/l", ("gpnotebook_ca", "medscape_ca_correction")),
    }
)
CORRECTION_FROM_AGE_GROUPS: tuple[str, ...] = ("child", "adult")
CORRECTION_AGE_SOURCE = "albumin_children"
CORRECTION_KIDNEY_SOURCE = "adjusted_ckd"


def corrected_calcium(calcium: float, units: str, albumin: float, albumin_units: str) -> float:
    """The corrected calcium in ``units``; the albumin is converted to the formula's units."""
    rule = CORRECTION[units]
    if albumin_units != rule.albumin_units:
        albumin = albumin * G_PER_L_PER_G_PER_DL if rule.albumin_units == "g/l" else albumin / G_PER_L_PER_G_PER_DL
    return calcium + rule.slope * (rule.reference_albumin - albumin)


# At or above this calcium × phosphate product (mg²/dL²) calcium can settle in healthy
# tissue. It holds for adults only: children run higher phosphate.
PRODUCT_THRESHOLD = 70.0
PRODUCT_SOURCES: tuple[str, ...] = ("statpearls", "medscape")
PRODUCT_AGE_GROUPS: tuple[str, ...] = ("adult",)
