"""The knowledge base: the five types (:mod:`.cards`, written in :mod:`.local_cards` and
:mod:`.systemic_cards` with the shapes of :mod:`.facts`), the codes of the types
and of the measured values (:mod:`.codes`), the blood tests (:mod:`.labs`), the look-alikes
(:mod:`.look_alikes`), the safety net and the disclaimer (:mod:`.safety`), and the
sources every fact comes from (:mod:`.sources`)."""

from .cards import TYPE_IDS, TYPES
from .codes import CODE_SYSTEMS, LAB_CODES, LOINC, UCUM, UCUM_CODES, UCUM_PRODUCT, UCUM_SOURCES, Code, LabCode
from .facts import Cause, Clause, Fact, TypeCard
from .labs import (
    BOUNDS,
    CONVERSION_SOURCE,
    MMOL_PER_MGDL,
    PRODUCT_SOURCES,
    PRODUCT_THRESHOLD,
    REFERENCE_RANGES,
    SEVERE_CALCIUM,
    Range,
    reference_range_for,
    severe_range_for,
)
from .look_alikes import LOOK_ALIKE_IDS, LOOK_ALIKES, LookAlike
from .safety import DISCLAIMER, SAFETY_NET_SOURCES
from .sources import SOURCES, Source

__all__ = [
    "BOUNDS",
    "CODE_SYSTEMS",
    "CONVERSION_SOURCE",
    "DISCLAIMER",
    "LAB_CODES",
    "LOINC",
    "LOOK_ALIKES",
    "LOOK_ALIKE_IDS",
    "MMOL_PER_MGDL",
    "PRODUCT_SOURCES",
    "PRODUCT_THRESHOLD",
    "REFERENCE_RANGES",
    "SAFETY_NET_SOURCES",
    "SEVERE_CALCIUM",
    "SOURCES",
    "TYPES",
    "TYPE_IDS",
    "UCUM",
    "UCUM_CODES",
    "UCUM_PRODUCT",
    "UCUM_SOURCES",
    "Cause",
    "Clause",
    "Code",
    "Fact",
    "LabCode",
    "LookAlike",
    "Range",
    "Source",
    "TypeCard",
    "reference_range_for",
    "severe_range_for",
]
