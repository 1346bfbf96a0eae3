"""FHIR R4 resources, as plain dicts ready for ``json.dumps``: the question bank as a
``Questionnaire`` (with the CodeSystems and ValueSets it uses), and a result as a
``QuestionnaireResponse`` or as a ``Bundle`` that adds an ``Observation`` per measured
value and a ``RiskAssessment``.

Everything is derived from :data:`~calcinosis_cli.questions.QUESTIONS` and the knowledge
base (the LOINC and UCUM codes are data with sources in
:mod:`calcinosis_cli.knowledge.codes`); nothing here is written twice. The URLs are
canonical names under a base that ``CALCINOSIS_FHIR_BASE`` sets, not addresses that
must answer; docs/fhir.md explains each of them.

The modules, in the order they build on each other:

- ``urls``: the canonical base and URLs, the URLs FHIR defines, codings and quantities;
- ``lab_items``: the measured values and their product as Questionnaire items;
- ``questionnaire``: the ``Questionnaire``;
- ``codes``: our CodeSystems and ValueSets, and the Questionnaire bundled with them;
- ``response``: a result as a ``QuestionnaireResponse``;
- ``observations``: the ``Observation`` of each measured and worked-out value;
- ``bundle``: a result as a ``Bundle`` with a ``RiskAssessment``; the ``OperationOutcome``.
"""

from __future__ import annotations

from .bundle import operation_outcome, qualitative_risk, result_bundle, risk_assessment
from .codes import code_systems, questionnaire_bundle
from .lab_items import (
    LAB_ITEMS,
    LAB_ITEMS_AFTER,
    LAB_ITEMS_BY_ID,
    PRODUCT_EXPRESSION,
    PRODUCT_LINK_ID,
    PRODUCT_TEXT,
    LabItem,
    lab_code,
    product_variables,
)
from .questionnaire import RADIO_BUTTON_MAX, questionnaire, questionnaire_item, questionnaire_items
from .response import enabled_answers, questionnaire_response
from .urls import (
    BASE_VARIABLE,
    CALCULATED_EXPRESSION,
    CANONICAL_BASE,
    DEFAULT_BASE,
    EXTENSION_ALTERNATIVE_TYPE,
    EXTENSION_ANSWER_NOT_ASKED,
    EXTENSION_CERTAINTY,
    EXTENSION_DISCLAIMER,
    EXTENSION_EQUIVALENT_CODING,
    EXTENSION_LOOK_ALIKE,
    EXTENSION_SAFETY_NET,
    EXTENSION_SUGGESTED_TYPE,
    EXTENSION_UNITS,
    EXTENSION_URGENCY,
    INTERPRETATION,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    LOOK_ALIKE_SYSTEM,
    OBSERVATION_CATEGORY,
    OBSERVATION_SYSTEM,
    PUBLISHER,
    QUESTIONNAIRE_DATE,
    QUESTIONNAIRE_ID,
    QUESTIONNAIRE_UNIT,
    QUESTIONNAIRE_URL,
    RISK_PROBABILITY,
    SDC_QUESTIONNAIRE,
    TYPE_SYSTEM,
    UCUM_UNITS,
    UNIT_OPTION,
    VARIABLE,
    Urls,
    answer_coding,
    answer_system,
    canonical,
    canonical_base,
    package_version,
    urls,
    urls_for,
)

__all__ = [
    "BASE_VARIABLE",
    "CALCULATED_EXPRESSION",
    "CANONICAL_BASE",
    "DEFAULT_BASE",
    "EXTENSION_ALTERNATIVE_TYPE",
    "EXTENSION_ANSWER_NOT_ASKED",
    "EXTENSION_CERTAINTY",
    "EXTENSION_DISCLAIMER",
    "EXTENSION_EQUIVALENT_CODING",
    "EXTENSION_LOOK_ALIKE",
    "EXTENSION_SAFETY_NET",
    "EXTENSION_SUGGESTED_TYPE",
    "EXTENSION_UNITS",
    "EXTENSION_URGENCY",
    "INTERPRETATION",
    "ITEM_CONTROL",
    "ITEM_CONTROL_SYSTEM",
    "LAB_ITEMS",
    "LAB_ITEMS_AFTER",
    "LAB_ITEMS_BY_ID",
    "LOOK_ALIKE_SYSTEM",
    "OBSERVATION_CATEGORY",
    "OBSERVATION_SYSTEM",
    "PRODUCT_EXPRESSION",
    "PRODUCT_LINK_ID",
    "PRODUCT_TEXT",
    "PUBLISHER",
    "QUESTIONNAIRE_DATE",
    "QUESTIONNAIRE_ID",
    "QUESTIONNAIRE_UNIT",
    "QUESTIONNAIRE_URL",
    "RADIO_BUTTON_MAX",
    "RISK_PROBABILITY",
    "SDC_QUESTIONNAIRE",
    "TYPE_SYSTEM",
    "UCUM_UNITS",
    "UNIT_OPTION",
    "VARIABLE",
    "LabItem",
    "Urls",
    "answer_coding",
    "answer_system",
    "canonical",
    "canonical_base",
    "code_systems",
    "enabled_answers",
    "lab_code",
    "operation_outcome",
    "package_version",
    "product_variables",
    "qualitative_risk",
    "questionnaire",
    "questionnaire_bundle",
    "questionnaire_item",
    "questionnaire_items",
    "questionnaire_response",
    "result_bundle",
    "risk_assessment",
    "urls",
    "urls_for",
]
