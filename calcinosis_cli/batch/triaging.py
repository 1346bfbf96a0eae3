"""The triage of the cases of a run: one case (its identifier taken out, or read from a
FHIR QuestionnaireResponse), and every case of a stream written by a writer, with
fewer runs of the garbage collector. One process and the workers run the same code."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from ..answers import parse_answers
from ..errors import UsageError, identifier_kind, quoted
from ..render.registry import Identifier, Writer
from ..result import Result
from ..tree import triage
from .options import PLAIN, Shape
from .reading import Case, CaseError, NumberedCases

# Allocations between two runs of the garbage collector's youngest generation (700 by default).
COLLECT_AFTER = 50_000


def triage_case(case: Case, shape: Shape = PLAIN) -> tuple[Result | CaseError, Identifier]:
    """The result of one case, or the error that stops it, and the case's identifier
    (the value of ``shape.id_field``: a string or an integer; in a FHIR
    QuestionnaireResponse its ``identifier.value``), if it has one."""
    if isinstance(case, CaseError):
        return case, None
    if shape.responses_only or case.get("resourceType") is not None:
        return _triage_response(case, shape.responses_only)
    id_field = shape.id_field
    case_id: Identifier = None
    if id_field in case:
        given = case[id_field]
        case = {key: value for key, value in case.items() if key != id_field}
        if given.__class__ is str or given.__class__ is int:
            case_id = given  # a string or an integer, just checked
        elif given is not None:
            kind = identifier_kind(given)
            return CaseError(
                f"field {quoted(id_field)}, the case's identifier, must be a string or an integer, not {kind}"
            ), None
    try:
        return triage(parse_answers(case)), case_id
    except UsageError as error:
        return CaseError(error.message), case_id


def _triage_response(case: Mapping[str, object], responses_only: bool) -> tuple[Result | CaseError, Identifier]:
    """A case given as a FHIR QuestionnaireResponse (a JSON object with a ``resourceType``)."""
    from ..fhir_in import answers_from_response, is_response, response_identifier

    if not is_response(case):
        kind = case.get("resourceType")
        what = f"a {quoted(str(kind))} resource" if kind is not None else "a JSON object of answers"
        if responses_only:
            return CaseError(f"expected a FHIR QuestionnaireResponse (--input-format fhir), not {what}"), None
        return CaseError(f"field 'resourceType': {what} is not a QuestionnaireResponse"), None
    try:
        case_id = response_identifier(case)
    except UsageError as error:
        return CaseError(error.message), None
    try:
        return triage(parse_answers(answers_from_response(case))), case_id
    except UsageError as error:
        return CaseError(error.message), case_id


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often: a case makes hundreds of small
    objects and no cycles, and each collection would walk the caches of the tree too.
    What exists already is left out of collections (``gc.freeze``)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECT_AFTER, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def triage_all(
    cases: NumberedCases,
    writer: Writer,
    counts: list[int],
    now_and_then: Callable[[], None],
    shape: Shape = PLAIN,
) -> None:
    """Triage and write every case, keeping ``counts`` (cases, errors) and calling
    ``now_and_then`` every 256 cases."""
    with fewer_collections():
        _triage_each(cases, writer, counts, now_and_then, shape)


def _triage_each(
    cases: NumberedCases,
    writer: Writer,
    counts: list[int],
    now_and_then: Callable[[], None],
    shape: Shape,
) -> None:
    write_result, write_error = writer.result, writer.error
    done = errors = 0
    for number, case in cases:
        outcome, case_id = triage_case(case, shape)
        if isinstance(outcome, CaseError):
            write_error(number, outcome.message, case_id)
            errors += 1
        else:
            write_result(number, outcome, case_id)
        done += 1
        if not done & 255:
            counts[0], counts[1] = done, errors
            now_and_then()
    counts[0], counts[1] = done, errors
