"""Every output format of a result, by name: one registry, used by ``triage``, ``batch`` and
``triage --save`` alike (``questions`` and ``types`` draw their own).

A format is a :class:`Renderer`: its name, the module that draws it, and what it can
draw: one result as a *document* on standard output (``triage --format``), a run of
results as a *stream*, case by case (``batch --format``), or one result as a *page* to
save (``triage --save``). The module is imported only when its format is chosen, so
that no command pays for a renderer it does not use (Rich, csv and the FHIR builders
are slow to import).

The three interfaces:

- a document is ``show(result, how)``, writing to standard output (:class:`Show`);
- a stream is a class made with ``(write, fields, id_column)`` (only these keys of each
  result; a CSV column for the case's identifier) whose objects take ``start()``, then
  ``result(line, result, case_id)`` or ``error(line, message, case_id)`` for each case
  (:class:`Writer`), handing their bytes to ``write``;
- a page is ``page(result, day)``, the whole saved file as text (:class:`Page`).

Adding a format is a module with one of these and a line in :data:`RENDERERS` (a page
also needs its file ending in :data:`calcinosis_cli.render.export.SAVE_FORMATS`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol, cast

if TYPE_CHECKING:
    from datetime import date

    from ..result import Result


# A case's identifier as the output echoes it (None: the case has none).
Identifier = str | int | None


class How(NamedTuple):
    """What ``triage`` asks of a document besides its format: everything (``details``)
    or the summary, only some keys of the result (``fields``, JSON only), and the
    identifier of the QuestionnaireResponse the answers came from (``identifier``, FHIR
    only: the response made of the result carries it again)."""

    details: bool = False
    fields: tuple[str, ...] | None = None
    identifier: Identifier = None


class Show(Protocol):
    def __call__(self, result: Result, how: How) -> None: ...


class Writer(Protocol):
    def start(self) -> None: ...
    def result(self, line: int, result: Result, case_id: Identifier = None) -> None: ...
    def error(self, line: int, message: str, case_id: Identifier = None) -> None: ...


class WriterClass(Protocol):
    def __call__(
        self, write: Callable[[bytes], None], fields: tuple[str, ...] | None = None, id_column: bool = False
    ) -> Writer: ...


class Page(Protocol):
    def __call__(self, result: Result, day: date) -> str: ...


class Renderer(NamedTuple):
    """A format: its ``name``, its ``module`` (under ``calcinosis_cli.render``), and
    the names in that module of what it draws: ``document``, ``stream``, ``page``
    (empty: it does not draw that). ``load_document()`` and the others import the module
    and give what it names."""

    name: str
    module: str
    document: str = ""
    stream: str = ""
    page: str = ""

    def _attribute(self, name: str) -> object:
        if not name:
            raise LookupError(f"the format {self.name} has no such renderer")
        return getattr(import_module(f"calcinosis_cli.render.{self.module}"), name)

    def load_document(self) -> Show:
        return cast("Show", self._attribute(self.document))

    def load_stream(self) -> WriterClass:
        return cast("WriterClass", self._attribute(self.stream))

    def load_page(self) -> Page:
        return cast("Page", self._attribute(self.page))


RENDERERS: tuple[Renderer, ...] = (
    Renderer("panel", "panel", document="show"),
    Renderer("json", "json", document="show"),
    Renderer("markdown", "markdown", document="show"),
    Renderer("jsonl", "json_lines", stream="JsonlWriter"),
    Renderer("csv", "csv_rows", stream="CsvWriter"),
    Renderer("fhir", "fhir.output", document="show_response", stream="FhirWriter"),
    Renderer("fhir-bundle", "fhir.output", document="show_bundle", stream="FhirBundleWriter"),
    Renderer("html", "report", page="render_report"),
    Renderer("svg", "export", page="svg_report"),
)
RENDERER_BY_NAME: Mapping[str, Renderer] = {r.name: r for r in RENDERERS}

# The formats of each command, in the order their --help lists them.
DOCUMENT_FORMATS: tuple[str, ...] = tuple(r.name for r in RENDERERS if r.document)
STREAM_FORMATS: tuple[str, ...] = tuple(r.name for r in RENDERERS if r.stream)
PAGE_FORMATS: tuple[str, ...] = tuple(r.name for r in RENDERERS if r.page)
