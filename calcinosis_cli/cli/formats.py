"""The choices of the command line (formats, prompt modes, types) and the writing of a
result to standard output in the format chosen, by the renderer that
:mod:`calcinosis_cli.render.registry` names for it."""

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from ..errors import UsageError, quoted
from ..knowledge import TYPE_IDS
from ..render.registry import DOCUMENT_FORMATS, RENDERER_BY_NAME, STREAM_FORMATS, How
from ..result import Result

FORMATS: tuple[str, ...] = DOCUMENT_FORMATS
QUESTIONS_FORMATS: tuple[str, ...] = ("table", "json", "fhir", "fhir-bundle")
BATCH_INPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir")  # as batch.INPUT_FORMATS; not imported: it is slow
BATCH_OUTPUT_FORMATS: tuple[str, ...] = STREAM_FORMATS


def one_of(values: Iterable[str]) -> Any:
    """The choice of ``values`` as Typer knows one, ``Literal[...]``: the shells complete
    it. The value still reaches the command as typed (see
    :func:`calcinosis_cli.cli.command.values_as_given`), and calcinosis checks it itself,
    naming the flag and what was perhaps meant."""
    return Literal[tuple(values)]


def metavar(values: Iterable[str]) -> str:
    """How ``--help`` shows a choice: ``[a|b|c]``."""
    return "[" + "|".join(values) + "]"


if TYPE_CHECKING:  # to the code, a value as typed
    TypeId = str
    QuestionsFormat = str
    BatchInputFormat = str
    BatchOutputFormat = str
else:  # to Typer, a choice
    TypeId = one_of(TYPE_IDS)
    QuestionsFormat = one_of(QUESTIONS_FORMATS)
    BatchInputFormat = one_of(BATCH_INPUT_FORMATS)
    BatchOutputFormat = one_of(BATCH_OUTPUT_FORMATS)


def resolve_format(fmt: str | None, as_json: bool, formats: tuple[str, ...] = FORMATS, default: str = "panel") -> str:
    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in formats:
            raise UsageError(f"--format: {quoted(fmt)} is not one of: {', '.join(formats)}", "format")
        if as_json and fmt != "json":
            raise UsageError(f"--json and --format {fmt} contradict each other: choose one", "format")
        return fmt
    return "json" if as_json else default


def emit(
    result: Result,
    fmt: str,
    *,
    details: bool = False,
    fields: tuple[str, ...] | None = None,
    identifier: str | None = None,
) -> None:
    """Write ``result`` to standard output in ``fmt`` (one of :data:`FORMATS`), with the
    renderer the registry names; only that renderer is imported. ``identifier``: that of
    the QuestionnaireResponse the answers came from, which FHIR output carries again."""
    RENDERER_BY_NAME[fmt].load_document()(result, How(details, fields, identifier))
    sys.stdout.flush()
