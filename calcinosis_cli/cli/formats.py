"""The choices of the command line (formats, prompt modes, types) and the writing of a
result or a document to standard output in the format chosen."""

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from ..errors import UsageError, quoted
from ..knowledge import TYPE_IDS
from ..render import FORMATS as RENDER_FORMATS
from ..result import Result

FORMATS: tuple[str, ...] = (*RENDER_FORMATS, "fhir-bundle")  # fhir-bundle: render/fhir/bundle.py
QUESTIONS_FORMATS: tuple[str, ...] = ("table", "json", "fhir", "fhir-bundle")
PROMPT_MODES: tuple[str, ...] = ("auto", "menu", "plain")
BATCH_INPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir")  # as batch.INPUT_FORMATS; not imported: it is slow
BATCH_OUTPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir", "fhir-bundle")  # as batch.OUTPUT_FORMATS


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


def stdout_is_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def json_text(data: Any) -> str:
    """JSON for standard output: UTF-8 as is, else every non-ASCII character escaped,
    so that the JSON stays exact in any locale."""
    return json.dumps(data, ensure_ascii=not stdout_is_utf8(), indent=2) + "\n"


def emit(result: Result, fmt: str, *, details: bool = False, fields: tuple[str, ...] | None = None) -> None:
    """Write ``result`` to standard output in ``fmt`` (one of :data:`FORMATS`); each
    renderer is imported only when it is the one chosen."""
    if fmt == "json":
        from ..render.json import render_json

        sys.stdout.write(render_json(result, ascii_only=not stdout_is_utf8(), fields=fields) + "\n")
    elif fmt == "markdown":
        from ..render.markdown import render_markdown

        sys.stdout.write(render_markdown(result))
    elif fmt == "fhir":
        from ..render.fhir import questionnaire_response

        sys.stdout.write(json_text(questionnaire_response(result)))
    elif fmt == "fhir-bundle":
        from ..render.fhir import result_bundle

        sys.stdout.write(json_text(result_bundle(result)))
    else:
        from ..render.console import terminal_console
        from ..render.panel import render_panel

        render_panel(result, terminal_console(), details=details)
    sys.stdout.flush()
