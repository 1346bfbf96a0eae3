"""Every output format, by name: one registry, used by ``triage``, ``batch`` and
``triage --save`` alike.

A format is a :class:`Renderer`: its name, the module that draws it, and what it can
draw: one result as a *document* on standard output (``triage --format``), a run of
results as a *stream*, case by case (``batch --format``), or one result as a *page* to
save (``triage --save``). The module is imported only when its format is chosen, so
that no command pays for a renderer it does not use (Rich, csv and the FHIR builders
are slow to import).

The three interfaces:

- a document is ``show(result, how)``, writing to standard output (:class:`Show`);
- a stream is a class made with ``(write, shape)`` whose objects take ``start()``, then
  ``result(line, result, case_id)`` or ``error(line, message, case_id)`` for each case
  (:class:`Writer`), handing their bytes to ``write``;
- a page is ``page(result, day)``, the whole saved file as text (:class:`Page`).

Adding a format is a module with one of these and a line in :data:`RENDERERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol, cast

if TYPE_CHECKING:
    from ..result import Result


class How(NamedTuple):
    """What ``triage`` asks of a document besides its format: everything (``details``)
    or the summary, and only some keys of the result (``fields``, JSON only)."""

    details: bool = False
    fields: tuple[str, ...] | None = None


class Shape(NamedTuple):
    """What a stream holds besides the results: the field of a case that is its
    identifier, echoed as ``id``; the keys of each result (None: all); and whether CSV
    output has an ``id`` column."""

    id_field: str = "id"
    fields: tuple[str, ...] | None = None
    id_column: bool = False
    responses_only: bool = False  # --input-format fhir: every case a QuestionnaireResponse


Identifier = str | int | None
# All the keys, no id column; the id field is ``id``.
PLAIN = Shape()


class Show(Protocol):
    def __call__(self, result: Result, how: How) -> None: ...


class Writer(Protocol):
    def start(self) -> None: ...
    def result(self, line: int, result: Result, case_id: Identifier = None) -> None: ...
    def error(self, line: int, message: str, case_id: Identifier = None) -> None: ...


WriterClass = Callable[[Callable[[bytes], None], Shape], Writer]


class Page(Protocol):
    def __call__(self, result: Result, day: date) -> str: ...


class Renderer(NamedTuple):
    """A format: its ``name``, its ``module`` (under ``calcinosis_cli.render``), and
    the names in that module of what it draws: ``document``, ``stream``, ``page``
    (empty: it does not draw that)."""

    name: str
    module: str
    document: str = ""
    stream: str = ""
    page: str = ""

    def _attribute(self, name: str) -> object:
        if not name:
            raise LookupError(f"the format {self.name} has no such renderer")
        return getattr(import_module(f"calcinosis_cli.render.{self.module}"), name)

    def show(self) -> Show:
        return cast("Show", self._attribute(self.document))

    def writer(self) -> WriterClass:
        return cast("WriterClass", self._attribute(self.stream))

    def saver(self) -> Page:
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
