"""The knowledge base: the five types (:mod:`.cards`), blood tests (:mod:`.labs`) and the
sources every fact comes from (:mod:`.sources`)."""

from .cards import (
    CODE_SYSTEMS,
    DISCLAIMER,
    LOOK_ALIKE_IDS,
    LOOK_ALIKES,
    SAFETY_NET_SOURCES,
    TYPE_IDS,
    TYPES,
    Cause,
    Clause,
    Code,
    Fact,
    LookAlike,
    TypeCard,
)
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
from .sources import SOURCES, Source

__all__ = [
    "BOUNDS",
    "CODE_SYSTEMS",
    "CONVERSION_SOURCE",
    "DISCLAIMER",
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
    "Cause",
    "Clause",
    "Code",
    "Fact",
    "LookAlike",
    "Range",
    "Source",
    "TypeCard",
    "reference_range_for",
    "severe_range_for",
]
