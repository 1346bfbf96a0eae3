"""FHIR R4 resources, as plain dicts ready for ``json.dumps``: the question bank as a
``Questionnaire`` (with the CodeSystems and ValueSets it uses), and a result as a
``QuestionnaireResponse`` or as a ``Bundle`` that adds an ``Observation`` per measured
value and a ``RiskAssessment``.

Everything is derived from :data:`~calcinosis_cli.questions.QUESTIONS` and the knowledge
base (the LOINC and UCUM codes are data with sources in
:mod:`calcinosis_cli.knowledge.cards`); nothing here is written twice. The URLs are
canonical names under a base that ``CALCINOSIS_FHIR_BASE`` sets, not addresses that
must answer; docs/fhir.md explains each of them.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache
from html import escape
from typing import Any, NamedTuple

from ..answers import Labs, Measurement
from ..errors import UsageError, quoted
from ..knowledge import (
    DISCLAIMER,
    LAB_CODES,
    LOOK_ALIKES,
    MMOL_PER_MGDL,
    PRODUCT_THRESHOLD,
    TYPES,
    UCUM,
    UCUM_CODES,
    UCUM_PRODUCT,
    Code,
    Range,
    reference_range_for,
)
from ..knowledge.labs import AGE_GROUPS, CORRECTION, CORRECTION_FROM_AGE_GROUPS, G_PER_L_PER_G_PER_DL
from ..questions import ALBUMIN_UNITS, QUESTIONS, QUESTIONS_BY_ID, UNITS, Condition, Question
from ..result import Result
from ..version import __version__

# --- canonical URLs -------------------------------------------------------------

BASE_VARIABLE = "CALCINOSIS_FHIR_BASE"
# A reserved domain (RFC 2606): it can never name anyone else's resources. A clinic that
# publishes the resources sets CALCINOSIS_FHIR_BASE to a base of its own.
DEFAULT_BASE = "https://calcinosis.example.org/fhir"
CANONICAL_BASE = DEFAULT_BASE  # the name of 1.0, kept
QUESTIONNAIRE_ID = "calcinosis-triage"
# The day the Questionnaire's content last changed: FHIR's ``date``, kept with the content.
QUESTIONNAIRE_DATE = "2026-12-02"
PUBLISHER = "The calcinosis developers"

_BASE_PATTERN = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*")


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
    if not _BASE_PATTERN.fullmatch(base):
        raise UsageError(
            f"{BASE_VARIABLE}: {quoted(given, 80)} is not a base URL such as https://fhir.example-clinic.org/calcinosis "
            "(http or https, a host, optional path; no query, fragment or spaces)",
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

# Choice items with at most this many options are radio buttons; longer ones drop-downs.
RADIO_BUTTON_MAX = 8
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


def _coding(code: Code) -> dict[str, str]:
    return {"system": code.system, "code": code.code, "display": code.display}


def _quantity(value: float, units: str) -> dict[str, Any]:
    unit = UCUM_CODES[units]
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


# --- the measured values as Questionnaire items -----------------------------------


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


def lab_code(analyte: str, units: str) -> Code | None:
    """The cited LOINC code of ``analyte`` in ``units``, if there is one."""
    for found in LAB_CODES:
        if found.analyte == analyte and found.units == units:
            return found.code
    return None


def _help_item(link_id: str, text: str) -> dict[str, Any]:
    """The "?" explanation, as FHIR forms show help: a display item with itemControl help."""
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}
    return {
        "linkId": f"{link_id}.help",
        "text": text,
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
    }


def _lab_item(item: LabItem) -> dict[str, Any]:
    code = lab_code(item.analyte, item.units[0])
    assert code is not None, item  # every analyte has a cited code in its default unit
    return {
        "linkId": item.link_id,
        "code": [_coding(code)],
        "text": item.text,
        "type": "quantity",
        "required": False,
        "repeats": False,
        "extension": [
            {"url": UNIT_OPTION, "valueCoding": {"system": UCUM, "code": UCUM_CODES[u], "display": UCUM_CODES[u]}}
            for u in item.units
        ],
        "item": [_help_item(item.link_id, item.explain)],
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


PRODUCT_EXPRESSION = "(%corrected * %p).round(2)"


def _product_item() -> dict[str, Any]:
    expression = {"language": "text/fhirpath", "expression": PRODUCT_EXPRESSION}
    return {
        "linkId": PRODUCT_LINK_ID,
        "code": [
            {
                "system": urls().observation_system,
                "code": "calcium-phosphate-product",
                "display": "Calcium × phosphate product",
            }
        ],
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


# --- the Questionnaire ----------------------------------------------------------


def _enable_when(condition: Condition) -> dict[str, Any]:
    return {
        "question": condition.question,
        "operator": condition.operator,
        "answerCoding": answer_coding(QUESTIONS_BY_ID[condition.question], condition.value),
    }


def _answer_option(question: Question, value: str) -> dict[str, Any]:
    option: dict[str, Any] = {"valueCoding": answer_coding(question, value)}
    codes = question.codes_of(value)
    if codes:  # a standard code with the same meaning, beside ours
        option["extension"] = [
            {
                "url": urls().extension("equivalent-coding"),
                "valueCoding": {"system": c.system, "code": c.code, "display": c.display},
            }
            for c in codes
        ]
    return option


def _item_control(question: Question) -> dict[str, Any]:
    code, display = ("radio-button", "Radio Button")
    if len(question.values) > RADIO_BUTTON_MAX:
        code, display = ("drop-down", "Drop down")
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code, "display": display}]}
    return {"url": ITEM_CONTROL, "valueCodeableConcept": control}


def questionnaire_item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.text,
        "type": "choice",
        "required": False,
        "repeats": False,
        "extension": [_item_control(question)],
        "answerOption": [_answer_option(question, value) for value in question.values],
    }
    conditions = question.ask_when.conditions
    if conditions:
        item["enableWhen"] = [_enable_when(c) for c in conditions]
        if len(conditions) > 1:
            item["enableBehavior"] = question.ask_when.behavior
    item["item"] = [_help_item(question.id, question.explain)]
    return item


def questionnaire_items() -> list[dict[str, Any]]:
    """The items in interview order, the measured values and their product after the
    phosphate question."""
    items: list[dict[str, Any]] = []
    for question in QUESTIONS:
        items.append(questionnaire_item(question))
        if question.id == LAB_ITEMS_AFTER:
            items += [_lab_item(lab) for lab in LAB_ITEMS]
            items.append(_product_item())
    return items


def questionnaire(version: str | None = None) -> dict[str, Any]:
    """The question bank as a FHIR R4 ``Questionnaire`` (``version`` defaults to the package's)."""
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "meta": {"profile": [SDC_QUESTIONNAIRE]},
        "url": urls().questionnaire,
        "version": version or package_version(),
        "name": "CalcinosisTriage",
        "title": "Calcinosis triage",
        "status": "active",
        "experimental": False,
        "subjectType": ["Patient"],
        "date": QUESTIONNAIRE_DATE,
        "publisher": PUBLISHER,
        "description": (
            "An adaptive questionnaire that suggests which type of calcinosis (calcium deposits "
            "in skin or soft tissue) fits the answers best. " + DISCLAIMER
        ),
        "item": questionnaire_items(),
    }


# --- the code systems and value sets it uses ----------------------------------------


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_ ]", text) if part)


def _code_system(
    name: str, title: str, description: str, concepts: list[dict[str, str]], version: str
) -> dict[str, Any]:
    u = urls()
    return {
        "resourceType": "CodeSystem",
        "id": name,
        "url": u.code_system(name),
        "version": version,
        "name": "Calcinosis" + _camel(name),
        "title": title,
        "status": "active",
        "experimental": False,
        "date": QUESTIONNAIRE_DATE,
        "publisher": PUBLISHER,
        "description": description,
        "caseSensitive": True,
        "valueSet": u.value_set(name),
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


def _value_set(code_system: dict[str, Any]) -> dict[str, Any]:
    name = code_system["id"]
    return {
        "resourceType": "ValueSet",
        "id": name,
        "url": urls().value_set(name),
        "version": code_system["version"],
        "name": code_system["name"],
        "title": code_system["title"],
        "status": "active",
        "experimental": False,
        "date": QUESTIONNAIRE_DATE,
        "publisher": PUBLISHER,
        "description": f"Every code of {code_system['url']}.",
        "compose": {"include": [{"system": code_system["url"], "version": code_system["version"]}]},
    }


def code_systems(version: str | None = None) -> list[dict[str, Any]]:
    """Every CodeSystem of ours that the Questionnaire and the results use."""
    version = version or package_version()
    found = [
        _code_system(
            question.id.replace("_", "-"),
            f"Answers: {question.about}",
            f"The answers to the question {question.text!r} (question id {question.id}).",
            [{"code": value, "display": label} for value, label in question.choices],
            version,
        )
        for question in QUESTIONS
    ]
    found.append(
        _code_system(
            "calcinosis-type",
            "Types of calcinosis",
            "The five types of calcinosis a triage result suggests.",
            [{"code": t.id, "display": t.name, "definition": t.summary.text} for t in TYPES.values()],
            version,
        )
    )
    found.append(
        _code_system(
            "calcinosis-look-alike",
            "Conditions that can look like calcinosis",
            "Conditions that are not calcinosis but can look like it.",
            [{"code": x.id, "display": x.name} for x in LOOK_ALIKES.values()],
            version,
        )
    )
    found.append(
        _code_system(
            "calcinosis-observation",
            "Values worked out by calcinosis",
            "Values the program works out from measured ones, for which no cited source gives a LOINC code.",
            [
                {
                    "code": "calcium-phosphate-product",
                    "display": "Calcium × phosphate product",
                    "definition": "Total calcium (corrected for albumin where the correction applies) times "
                    "phosphate, both in mg/dL, in mg²/dL².",
                }
            ],
            version,
        )
    )
    return found


def questionnaire_bundle(version: str | None = None) -> dict[str, Any]:
    """A ``collection`` Bundle: the Questionnaire, then every CodeSystem and ValueSet it uses."""
    systems = code_systems(version)
    resources = [questionnaire(version), *systems, *(_value_set(s) for s in systems)]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": r["url"], "resource": r} for r in resources],
    }


# --- the QuestionnaireResponse --------------------------------------------------


def enabled_answers(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split the answers given into those the Questionnaire enables and those it does not,
    reading ``enableWhen`` as FHIR does: in item order, a disabled item counts as not
    answered."""
    enabled: dict[str, str] = {}
    not_asked: dict[str, str] = {}
    for question in QUESTIONS:
        if question.id not in values:
            continue
        if question.ask_when.holds(enabled):
            enabled[question.id] = values[question.id]
        else:
            not_asked[question.id] = values[question.id]
    return enabled, not_asked


def _coding_of_type(type_id: str) -> dict[str, str]:
    return {"system": urls().type_system, "code": type_id, "display": TYPES[type_id].name}


def _answer_not_asked(question_id: str, value: str) -> dict[str, Any]:
    coding = answer_coding(QUESTIONS_BY_ID[question_id], value)
    return {
        "url": urls().extension("answer-not-asked"),
        "extension": [{"url": "question", "valueString": question_id}, {"url": "answer", "valueCoding": coding}],
    }


def _narrative(result: Result) -> dict[str, str]:
    lines = (
        f"Best fit: {result.name} ({result.certainty}). Urgency: {result.urgency}.",
        *result.safety_net,
        result.disclaimer,
    )
    paragraphs = "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>'}


def _lab_answers(labs: Labs | None) -> dict[str, dict[str, Any]]:
    """The answers of the measured-value items (and the product) of a result."""
    if labs is None:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for measurement in (labs.calcium, labs.phosphate):
        if measurement is not None:
            found[f"{measurement.analyte}_value"] = {"valueQuantity": _quantity(measurement.value, measurement.units)}
    if labs.albumin is not None:
        found["albumin_value"] = {"valueQuantity": _quantity(labs.albumin.value, labs.albumin.units)}
    product = labs.product
    if product is not None:
        found[PRODUCT_LINK_ID] = {"valueDecimal": round(product, 2)}
    return found


def _units_without_values(labs: Labs | None) -> list[dict[str, Any]]:
    """The units given for calcium and phosphate when neither value is: no item carries
    them then, so that an extension keeps them (and reading the response back, the result)."""
    if labs is None or labs.calcium is not None or labs.phosphate is not None or labs.units == UNITS[0]:
        return []
    return [{"url": urls().extension("units"), "valueCode": labs.units}]


def _response_items(result: Result) -> list[dict[str, Any]]:
    answers = result.answers
    given = {q: v for q, v in answers.values.items() if q not in answers.unanswered}
    enabled, _ = enabled_answers(given)
    labs = _lab_answers(answers.labs)
    texts = {lab.link_id: lab.text for lab in LAB_ITEMS}
    texts[PRODUCT_LINK_ID] = PRODUCT_TEXT
    items = []
    for question in QUESTIONS:
        if question.id in enabled:
            answer = {"valueCoding": answer_coding(question, enabled[question.id])}
            items.append({"linkId": question.id, "text": question.text, "answer": [answer]})
        if question.id == LAB_ITEMS_AFTER:
            items += [{"linkId": key, "text": texts[key], "answer": [value]} for key, value in labs.items()]
    return items


def questionnaire_response(
    result: Result,
    authored: datetime | None = None,
    *,
    version: str | None = None,
    identifier: str | int | None = None,
    subject: str | None = None,
) -> dict[str, Any]:
    """One result as a FHIR R4 ``QuestionnaireResponse`` of :func:`questionnaire`.

    Every answer given is an item, "I don't know" (unknown) included; questions nobody
    answered are left out. Measured values are ``valueQuantity`` answers of their items,
    with the product as the calculated item. An answer the Questionnaire would not have
    asked (none, since 1.1) would be kept in an ``answer-not-asked`` extension, since FHIR
    allows no answer to a disabled item. The suggestion, certainty, urgency,
    alternatives, safety net, look-alikes and the disclaimer are extensions with our
    canonical URLs. ``identifier`` (a batch case's id) becomes the response's
    ``identifier``; ``subject`` is a reference to the Patient, in a Bundle.
    """
    u = urls()
    moment = authored or datetime.now(timezone.utc)
    if moment.tzinfo is None:  # FHIR wants the offset with a time of day
        moment = moment.astimezone()
    answers = result.answers
    given = {q: v for q, v in answers.values.items() if q not in answers.unanswered}
    _, not_asked = enabled_answers(given)
    extensions: list[dict[str, Any]] = [
        {"url": u.extension("suggested-type"), "valueCoding": _coding_of_type(result.suggested_type)},
        {"url": u.extension("certainty"), "valueCode": result.certainty},
        {"url": u.extension("urgency"), "valueCode": result.urgency},
        *({"url": u.extension("alternative-type"), "valueCoding": _coding_of_type(a.id)} for a in result.alternatives),
        {"url": u.extension("disclaimer"), "valueString": result.disclaimer},
        *({"url": u.extension("safety-net"), "valueString": text} for text in result.safety_net),
        *(
            {
                "url": u.extension("look-alike"),
                "valueCoding": {"system": u.look_alike_system, "code": x.id, "display": x.name},
            }
            for x in result.look_alikes
        ),
        *(_answer_not_asked(q, v) for q, v in not_asked.items()),
        *_units_without_values(answers.labs),
    ]
    response: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "text": _narrative(result)}
    response["extension"] = extensions
    if identifier is not None:
        response["identifier"] = {"value": str(identifier)}
    response["questionnaire"] = canonical(version)
    response["status"] = "completed"
    if subject is not None:
        response["subject"] = {"reference": subject}
    response["authored"] = moment.isoformat(timespec="seconds")
    items = _response_items(result)
    if items:
        response["item"] = items
    return response


# --- Observations, the RiskAssessment and the Bundle of a result ------------------------

_INTERPRETATIONS = {"high": ("H", "High"), "normal": ("N", "Normal"), "low": ("L", "Low")}
_RISK = {"likely": ("high", "High likelihood"), "possible": ("moderate", "Moderate likelihood")}
_RISK_UNCERTAIN = ("low", "Low likelihood")
_ANALYTE_TEXT = {
    "calcium": "Calcium, total, in serum or plasma",
    "phosphate": "Phosphate in serum or plasma",
    "albumin": "Albumin in serum or plasma",
    "corrected_calcium": "Calcium corrected for albumin, in serum or plasma",
}


def qualitative_risk(certainty: str) -> dict[str, Any]:
    """A result's certainty as a RiskAssessment's ``qualitativeRisk``: likely → high,
    possible → moderate, uncertain → low."""
    code, display = _RISK.get(certainty, _RISK_UNCERTAIN)
    return {"coding": [{"system": RISK_PROBABILITY, "code": code, "display": display}]}


def _interpretation(level: str) -> list[dict[str, Any]]:
    if level in _INTERPRETATIONS:
        code, display = _INTERPRETATIONS[level]
        return [{"coding": [{"system": INTERPRETATION, "code": code, "display": display}]}]
    return [{"text": "Borderline for the age group: between the limits of its age partitions"}]


def _reference(full_url: str) -> dict[str, str]:
    return {"reference": full_url}


class _Entry(NamedTuple):
    full_url: str
    resource: dict[str, Any]


class _Builder:
    """Entries of one Bundle, each with a ``urn:uuid`` full URL."""

    def __init__(self, new_id: Callable[[], str]) -> None:
        self.new_id = new_id
        self.entries: list[_Entry] = []

    def add(self, resource: dict[str, Any]) -> str:
        resource_id = self.new_id()
        full_url = f"urn:uuid:{resource_id}"
        self.entries.append(
            _Entry(full_url, {"resourceType": resource.pop("resourceType"), "id": resource_id, **resource})
        )
        return full_url


def _observation(
    analyte: str,
    value: float,
    units: str,
    patient: str,
    derived_from: list[str],
    *,
    level: str | None = None,
    reference: tuple[Range, str] | None = None,
    notes: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An Observation of ``value`` in ``units``, coded with the cited LOINC code of those
    units; where none is cited, the value is converted to the units of the analyte's
    cited code and the value as entered is kept in ``note``. ``reference``: the range
    used and its label."""
    code = lab_code(analyte, units)
    shown_value, shown_units, conversion_note = value, units, None
    if code is None:  # calcium in mmol/L, corrected calcium in mg/dL (knowledge/cards.py)
        shown_units = next(c.units for c in LAB_CODES if c.analyte == analyte)
        code = lab_code(analyte, shown_units)
        assert code is not None
        factor = MMOL_PER_MGDL["calcium" if analyte.endswith("calcium") else analyte]
        shown_value = round(value / factor if shown_units == "mg/dl" else value * factor, 3)
        conversion_note = (
            f"Entered as {value:g} {UCUM_CODES[units]}; shown in {UCUM_CODES[shown_units]}, the units of its "
            f"cited LOINC code (mmol/L = mg/dL × {factor:g})."
        )
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [_LABORATORY],
        "code": {"coding": [_coding(code)], "text": _ANALYTE_TEXT[analyte]},
        "subject": _reference(patient),
        "valueQuantity": _quantity(shown_value, shown_units),
    }
    if level is not None:
        observation["interpretation"] = _interpretation(level)
    all_notes = (*((conversion_note,) if conversion_note else ()), *notes)
    if all_notes:
        observation["note"] = [{"text": text} for text in all_notes]
    if reference is not None:
        used, label = reference
        low, high = used.limits(shown_units)
        observation["referenceRange"] = [
            {"low": _quantity(low, shown_units), "high": _quantity(high, shown_units), "text": label}
        ]
    observation["derivedFrom"] = [_reference(d) for d in derived_from]
    return observation


_LABORATORY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "laboratory", "display": "Laboratory"}]}


def _measured_level(measurement: Measurement) -> str:
    return measurement.corrected.measured_level if measurement.corrected else measurement.level


def _observations(labs: Labs | None, add: Callable[[dict[str, Any]], str], patient: str, response: str) -> list[str]:
    """Add the Observations of ``labs``; returns their full URLs."""
    if labs is None:
        return []
    made: list[str] = []

    def measured(m: Measurement) -> str:
        reference = (reference_range_for(m.analyte, m.age_group_used), m.range_label)
        observation = _observation(
            m.analyte, m.value, m.units, patient, [response], level=_measured_level(m), reference=reference
        )
        made.append(add(observation))
        return made[-1]

    calcium = measured(labs.calcium) if labs.calcium else None
    phosphate = measured(labs.phosphate) if labs.phosphate else None
    albumin = None
    if labs.albumin is not None:
        albumin_notes = (labs.albumin.note,) if labs.albumin.note else ()
        albumin = add(
            _observation("albumin", labs.albumin.value, labs.albumin.units, patient, [response], notes=albumin_notes)
        )
        made.append(albumin)
    corrected_url = None
    if labs.calcium is not None and labs.calcium.corrected is not None and albumin is not None and calcium is not None:
        corrected = labs.calcium.corrected
        rule = CORRECTION[labs.calcium.units]
        formula = (
            f"Worked out as measured calcium + {rule.slope:g} × ({rule.reference_albumin:g} − albumin in "
            f"{UCUM_CODES[rule.albumin_units]}), in {UCUM_CODES[labs.calcium.units]}."
        )
        reference = (reference_range_for("calcium", labs.calcium.age_group_used), labs.calcium.range_label)
        corrected_url = add(
            _observation(
                "corrected_calcium",
                round(corrected.value, 3),
                labs.calcium.units,
                patient,
                [calcium, albumin],
                level=corrected.level,
                reference=reference,
                notes=(formula,),
            )
        )
        made.append(corrected_url)
    product = labs.product
    if product is not None and calcium is not None and phosphate is not None:
        applies = labs.product_applies
        note = f"At or above {PRODUCT_THRESHOLD:g} mg²/dL² calcium can settle in healthy tissue" + (
            "." if applies else "; that threshold holds for adults only: children run higher phosphate."
        )
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [_LABORATORY],
            "code": {
                "coding": [
                    {
                        "system": urls().observation_system,
                        "code": "calcium-phosphate-product",
                        "display": "Calcium × phosphate product",
                    }
                ],
                "text": "Calcium × phosphate product",
            },
            "subject": _reference(patient),
            "valueQuantity": {"value": round(product, 2), "unit": "mg²/dL²", "system": UCUM, "code": UCUM_PRODUCT},
            "note": [{"text": note}],
            "derivedFrom": [_reference(corrected_url or calcium), _reference(phosphate)],
        }
        if applies:
            observation["interpretation"] = _interpretation("high" if labs.product_high else "normal")
        made.append(add(observation))
    return made


def _prediction(type_id: str, rationale: str, certainty: str | None) -> dict[str, Any]:
    card = TYPES[type_id]
    prediction: dict[str, Any] = {
        "outcome": {"coding": [_coding_of_type(type_id), *(_coding(c) for c in card.codes)], "text": card.name}
    }
    if certainty is not None:
        prediction["qualitativeRisk"] = qualitative_risk(certainty)
    prediction["rationale"] = rationale
    return prediction


def risk_assessment(result: Result, patient: str, basis: list[str], moment: str) -> dict[str, Any]:
    """The suggested type (with its certainty) and the alternatives as predictions."""
    return {
        "resourceType": "RiskAssessment",
        "text": _narrative(result),
        "status": "final",
        "code": {"text": "Which type of calcinosis fits the answers best (calcinosis triage)"},
        "subject": _reference(patient),
        "occurrenceDateTime": moment,
        "basis": [_reference(b) for b in basis],
        "prediction": [
            _prediction(result.suggested_type, " ".join(result.reasons) or result.summary, result.certainty),
            *(_prediction(a.id, a.why, None) for a in result.alternatives),
        ],
        "note": [{"text": result.disclaimer}],
    }


def _new_id() -> str:
    return str(uuid.uuid4())


def result_bundle(
    result: Result,
    authored: datetime | None = None,
    *,
    version: str | None = None,
    identifier: str | int | None = None,
    new_id: Callable[[], str] = _new_id,
) -> dict[str, Any]:
    """One result as a ``collection`` Bundle: an anonymous Patient (no identifier, no name)
    that is the subject of every resource, the QuestionnaireResponse, an Observation per
    measured value (and the corrected calcium and the product), and a RiskAssessment.

    ``new_id`` makes the resource ids (random UUIDs unless told otherwise)."""
    moment = authored or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    builder = _Builder(new_id)
    patient = builder.add({"resourceType": "Patient"})
    response = builder.add(
        questionnaire_response(result, moment, version=version, identifier=identifier, subject=patient)
    )
    observations = _observations(result.answers.labs, builder.add, patient, response)
    builder.add(risk_assessment(result, patient, [response, *observations], moment.isoformat(timespec="seconds")))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": moment.isoformat(timespec="seconds"),
        "entry": [{"fullUrl": e.full_url, "resource": e.resource} for e in builder.entries],
    }


def operation_outcome(message: str, *, line: int | None = None, identifier: str | int | None = None) -> dict[str, Any]:
    """A bad case as a FHIR ``OperationOutcome`` (for FHIR output of batch): the message in
    ``details.text``; where the case is, its line and id, in ``diagnostics``."""
    where = [f"line {line}"] if line is not None else []
    if identifier is not None:
        where.append(f"id {identifier}")
    issue: dict[str, Any] = {"severity": "error", "code": "invalid", "details": {"text": message}}
    if where:
        issue["diagnostics"] = ", ".join(where)
    return {"resourceType": "OperationOutcome", "issue": [issue]}
