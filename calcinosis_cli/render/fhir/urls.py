"""The canonical URLs of our FHIR resources, under a base that ``CALCINOSIS_FHIR_BASE``
sets; the URLs that FHIR and its guides define; the codings and quantities every
resource writes the same way."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, NamedTuple

from ...errors import UsageError, quoted
from ...knowledge import UCUM, UCUM_CODES, Code
from ...questions import Question
from ...version import __version__

BASE_VARIABLE = "CALCINOSIS_FHIR_BASE"
# A reserved domain (RFC 2606): it can never name anyone else's resources. A clinic that
# publishes the resources sets CALCINOSIS_FHIR_BASE to a base of its own.
DEFAULT_BASE = "https://calcinosis.example.org/fhir"
CANONICAL_BASE = DEFAULT_BASE  # the name of 1.0, kept
QUESTIONNAIRE_ID = "calcinosis-triage"
# The day the Questionnaire's content last changed: FHIR's ``date``, kept with the content.
QUESTIONNAIRE_DATE = "2026-12-02"
PUBLISHER = "The calcinosis developers"

# A host name: labels of letters, digits and inner hyphens, joined by dots (RFC 1123);
# a port; path segments of the characters RFC 3986 allows, "%" only as an escape "%XX".
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_SEGMENT = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+"
_BASE_PATTERN = re.compile(rf"https?://{_LABEL}(?:\.{_LABEL})*(?::(?P<port>[0-9]{{1,5}}))?(?:/{_SEGMENT})*")
_LAST_PORT = 65535


def canonical_base() -> str:
    """The base of every canonical URL: ``CALCINOSIS_FHIR_BASE`` when set, else the default.

    Raises :class:`UsageError` naming the variable when it is not an http(s) URL without
    query, fragment or spaces (a trailing slash is dropped)."""
    given = os.environ.get(BASE_VARIABLE)
    if given is None or not given.strip():
        return DEFAULT_BASE
    return _checked_base(given)


@lru_cache(maxsize=16)
def _checked_base(given: str) -> str:
    base = given.strip().rstrip("/")
    matched = _BASE_PATTERN.fullmatch(base)
    if matched is None or not 0 < int(matched["port"] or 1) <= _LAST_PORT:
        raise UsageError(
            f"{BASE_VARIABLE}: {quoted(given, 80)} is not a base URL such as https://fhir.example-clinic.org/calcinosis "
            "(http or https, a host name, optional port and path; no query, fragment or spaces)",
            BASE_VARIABLE,
        )
    return base


class Urls(NamedTuple):
    """The canonical URLs under one base."""

    base: str

    @property
    def questionnaire(self) -> str:
        return f"{self.base}/Questionnaire/{QUESTIONNAIRE_ID}"

    def code_system(self, name: str) -> str:
        return f"{self.base}/CodeSystem/{name}"

    def value_set(self, name: str) -> str:
        return f"{self.base}/ValueSet/{name}"

    def extension(self, name: str) -> str:
        return f"{self.base}/StructureDefinition/{name}"

    def answer_system(self, question_id: str) -> str:
        return self.code_system(question_id.replace("_", "-"))

    @property
    def type_system(self) -> str:
        return self.code_system("calcinosis-type")

    @property
    def look_alike_system(self) -> str:
        return self.code_system("calcinosis-look-alike")

    @property
    def observation_system(self) -> str:
        return self.code_system("calcinosis-observation")


@lru_cache(maxsize=16)
def urls_for(base: str) -> Urls:
    return Urls(base)


def urls() -> Urls:
    """The URLs under the base in force (``CALCINOSIS_FHIR_BASE`` or the default)."""
    return urls_for(canonical_base())


_DEFAULT = Urls(DEFAULT_BASE)
# The URLs under the default base, by the names of 1.0.
QUESTIONNAIRE_URL = _DEFAULT.questionnaire
TYPE_SYSTEM = _DEFAULT.type_system
LOOK_ALIKE_SYSTEM = _DEFAULT.look_alike_system
OBSERVATION_SYSTEM = _DEFAULT.observation_system
EXTENSION_SUGGESTED_TYPE = _DEFAULT.extension("suggested-type")
EXTENSION_CERTAINTY = _DEFAULT.extension("certainty")
EXTENSION_URGENCY = _DEFAULT.extension("urgency")
EXTENSION_ALTERNATIVE_TYPE = _DEFAULT.extension("alternative-type")
EXTENSION_DISCLAIMER = _DEFAULT.extension("disclaimer")
EXTENSION_ANSWER_NOT_ASKED = _DEFAULT.extension("answer-not-asked")
EXTENSION_SAFETY_NET = _DEFAULT.extension("safety-net")
EXTENSION_LOOK_ALIKE = _DEFAULT.extension("look-alike")
EXTENSION_EQUIVALENT_CODING = _DEFAULT.extension("equivalent-coding")
EXTENSION_UNITS = _DEFAULT.extension("units")

# Codes and extensions that FHIR and its Structured Data Capture guide define.
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UNIT_OPTION = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption"
QUESTIONNAIRE_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
CALCULATED_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
SDC_QUESTIONNAIRE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"

UCUM_UNITS = UCUM_CODES  # the name of 1.0, kept


def package_version() -> str:
    return __version__


def answer_system(question_id: str) -> str:
    """The CodeSystem of one question's values: one per question, because the same
    word (``other``, ``surgery``) means different things in different questions."""
    return urls().answer_system(question_id)


def answer_coding(question: Question, value: str) -> dict[str, str]:
    return {"system": answer_system(question.id), "code": value, "display": question.label_of(value)}


def canonical(version: str | None = None) -> str:
    """The versioned canonical reference ``url|version`` of the Questionnaire."""
    return f"{urls().questionnaire}|{version or package_version()}"


def coding(code: Code) -> dict[str, str]:
    """A cited code (LOINC, SNOMED CT, ...) as a FHIR ``Coding``."""
    return {"system": code.system, "code": code.code, "display": code.display}


def quantity(value: float, units: str) -> dict[str, Any]:
    """``value`` in our ``units`` as a FHIR ``Quantity`` coded in UCUM."""
    unit = UCUM_CODES[units]
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


# What a FHIR string may not hold: half of a surrogate pair (no Unicode text at all) and
# the control characters other than tab, line feed and carriage return (FHIR R4, string).
_NOT_IN_A_FHIR_STRING = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def fhir_string(text: str) -> str:
    """``text`` as a FHIR string: every character FHIR does not allow in one written as its
    escape, as messages write it (``\\ud800``); the rest unchanged."""
    return _NOT_IN_A_FHIR_STRING.sub(lambda found: repr(found.group())[1:-1], text)
