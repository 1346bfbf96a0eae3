"""The FHIR formats of ``triage`` and ``batch``: ``fhir``, a result as a
``QuestionnaireResponse``, and ``fhir-bundle``, as a ``Bundle``; one indented document
on standard output for ``triage``, one compact resource a line (FHIR NDJSON) for
``batch``, where a bad case is an ``OperationOutcome`` line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from ...result import Result
from ..registry import How, Identifier
from ..stdout import json_text, one_line
from .bundle import operation_outcome, result_bundle
from .response import questionnaire_response


def show_response(result: Result, how: How) -> None:
    sys.stdout.write(json_text(questionnaire_response(result, identifier=how.identifier)))


def show_bundle(result: Result, how: How) -> None:
    sys.stdout.write(json_text(result_bundle(result, identifier=how.identifier)))


class FhirWriter:
    """One compact FHIR resource a line (FHIR NDJSON): a ``QuestionnaireResponse`` a case,
    or with ``bundle`` a ``Bundle`` (the response, Observations and a RiskAssessment); a
    bad case is an ``OperationOutcome`` line."""

    bundle = False

    def __init__(
        self, write: Callable[[bytes], None], fields: tuple[str, ...] | None = None, id_column: bool = False
    ) -> None:
        self.write = write
        self.resource = result_bundle if self.bundle else questionnaire_response

    def start(self) -> None:
        pass

    def result(self, line: int, result: Result, case_id: Identifier = None) -> None:
        self._line(self.resource(result, identifier=case_id))

    def error(self, line: int, message: str, case_id: Identifier = None) -> None:
        self._line(operation_outcome(message, line=line, identifier=case_id))

    def _line(self, resource: dict[str, Any]) -> None:
        try:
            text = one_line(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
            self.write((text + "\n").encode())
        except UnicodeEncodeError:  # a lone surrogate quoted from the input: escape it again
            self.write((json.dumps(resource, separators=(",", ":")) + "\n").encode())


class FhirBundleWriter(FhirWriter):
    bundle = True
