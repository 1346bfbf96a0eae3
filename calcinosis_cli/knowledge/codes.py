"""The codes of the knowledge base, each from a cited source: the code systems, the code
whose meaning is a type (ICD-10 L94.2), and the LOINC and UCUM codes of the measured
values that FHIR Observations and Questionnaire items carry.

Only codes a cited source gives are listed (medical-facts §7.11); the source ids are
those of ``SOURCES``.
"""

from types import MappingProxyType
from typing import NamedTuple


class Code(NamedTuple):
    """A code whose meaning is the type itself, from a cited source."""

    system: str
    code: str
    display: str
    sources: tuple[str, ...]


ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
CODE_SYSTEMS: tuple[str, ...] = (ICD10, ICD10_CM, SNOMED)

# L94.2 is calcinosis cutis in the WHO's ICD-10: the code of the four types that are
# calcinosis of the skin. No cited source gives an ICD-10-CM or SNOMED CT code of any
# type, nor any code of calciphylaxis (medical-facts §7.11), so none is listed.
CALCINOSIS_CUTIS = Code(ICD10, "L94.2", "Calcinosis cutis", ("icd10_l942",))

# --- codes of the measured values (FHIR Observations and Questionnaire items) -----------

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


class LabCode(NamedTuple):
    """The LOINC code of a measured value read in ``units`` (ours: mg/dl, mmol/l, g/dl,
    g/l), from a cited source. A LOINC code names the property too (mass or moles per
    volume), so it holds for the units of that property only."""

    analyte: str  # calcium, phosphate, albumin or corrected_calcium
    units: str
    code: Code


_CALCIUM_MASS = Code(
    LOINC, "17861-6", "Calcium [Mass/volume] in Serum or Plasma", ("hl7_pddi_calcium", "loinc_17861_6")
)
_ALBUMIN_MASS = Code(
    LOINC, "1751-7", "Albumin [Mass/volume] in Serum or Plasma", ("hl7_hspc_lab_codes", "loinc_1751_7")
)

# Only codes a cited source gives (medical-facts §7.11). No cited source confirms the
# LOINC code of total calcium in moles per volume (2000-8 is named only in public code),
# nor one of the albumin-corrected calcium in mass per volume: a value in those units is
# converted to the units of the cited code, and the value as entered kept beside it.
LAB_CODES: tuple[LabCode, ...] = (
    LabCode("calcium", "mg/dl", _CALCIUM_MASS),
    LabCode(
        "phosphate",
        "mg/dl",
        Code(
            LOINC,
            "2777-1",
            "Phosphate [Mass/volume] in Serum or Plasma",
            ("mayo_phosphorus", "arup_phosphorus", "loinc_2777_1"),
        ),
    ),
    LabCode(
        "phosphate",
        "mmol/l",
        Code(LOINC, "14879-1", "Phosphate [Moles/volume] in Serum or Plasma", ("nuh_phosphate", "loinc_14879_1")),
    ),
    LabCode("albumin", "g/dl", _ALBUMIN_MASS),
    LabCode("albumin", "g/l", _ALBUMIN_MASS),
    LabCode(
        "corrected_calcium",
        "mmol/l",
        Code(
            LOINC,
            "29265-6",
            "Calcium [Moles/volume] corrected for albumin in Serum or Plasma",
            ("hl7_pddi_calcium", "loinc_29265_6"),
        ),
    ),
)

# Our unit names as UCUM codes (case-sensitive), and the product's unit, mg²/dL².
UCUM_CODES: MappingProxyType[str, str] = MappingProxyType(
    {"mg/dl": "mg/dL", "mmol/l": "mmol/L", "g/dl": "g/dL", "g/l": "g/L"}
)
UCUM_PRODUCT = "mg2/dL2"
UCUM_SOURCES: tuple[str, ...] = ("ucum", "hl7_mcode_units", "hl7_us_core_calcium")
