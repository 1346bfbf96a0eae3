"""Our CodeSystems and ValueSets (the answers of each question, the types, the
look-alikes, the values worked out), and the Questionnaire bundled with them."""

from __future__ import annotations

import re
from typing import Any

from ...knowledge import LOOK_ALIKES, TYPES
from ...questions import QUESTIONS
from .questionnaire import questionnaire
from .urls import PUBLISHER, QUESTIONNAIRE_DATE, package_version, urls


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


def _answer_code_systems(version: str) -> list[dict[str, Any]]:
    """One CodeSystem for the answers of each question."""
    return [
        _code_system(
            question.id.replace("_", "-"),
            f"Answers: {question.about}",
            f"The answers to the question {question.text!r} (question id {question.id}).",
            [{"code": value, "display": label} for value, label in question.choices],
            version,
        )
        for question in QUESTIONS
    ]


def _result_code_systems(version: str) -> list[dict[str, Any]]:
    """The CodeSystems of what a result names: the types, the look-alikes, the values worked out."""
    product = {
        "code": "calcium-phosphate-product",
        "display": "Calcium × phosphate product",
        "definition": "Total calcium (corrected for albumin where the correction applies) times "
        "phosphate, both in mg/dL, in mg²/dL².",
    }
    return [
        _code_system(
            "calcinosis-type",
            "Types of calcinosis",
            "The five types of calcinosis a triage result suggests.",
            [{"code": t.id, "display": t.name, "definition": t.summary.text} for t in TYPES.values()],
            version,
        ),
        _code_system(
            "calcinosis-look-alike",
            "Conditions that can look like calcinosis",
            "Conditions that are not calcinosis but can look like it.",
            [{"code": x.id, "display": x.name} for x in LOOK_ALIKES.values()],
            version,
        ),
        _code_system(
            "calcinosis-observation",
            "Values worked out by calcinosis",
            "Values the program works out from measured ones, for which no cited source gives a LOINC code.",
            [product],
            version,
        ),
    ]


def code_systems(version: str | None = None) -> list[dict[str, Any]]:
    """Every CodeSystem of ours that the Questionnaire and the results use."""
    version = version or package_version()
    return [*_answer_code_systems(version), *_result_code_systems(version)]


def questionnaire_bundle(version: str | None = None) -> dict[str, Any]:
    """A ``collection`` Bundle: the Questionnaire, then every CodeSystem and ValueSet it uses."""
    systems = code_systems(version)
    resources = [questionnaire(version), *systems, *(_value_set(s) for s in systems)]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": r["url"], "resource": r} for r in resources],
    }
