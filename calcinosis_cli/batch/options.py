"""The options of ``batch``, checked: where the cases come from, the formats in and
out, how many worker processes, and the :class:`Shape` of each result (its keys and
the case's identifier). Each check raises :class:`UsageError` naming its flag."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, NamedTuple

from ..answers import checked_id_field
from ..errors import UsageError, quoted
from ..files import PATH_LIMIT
from ..render.registry import STREAM_FORMATS
from ..result import fields_of

INPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir")
OUTPUT_FORMATS: tuple[str, ...] = STREAM_FORMATS
FORMAT_BY_SUFFIX: Mapping[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
STDIO = "-"

# Worker processes when --jobs is not given: one per processor, up to this many.
MAX_DEFAULT_JOBS = 8
MAX_JOBS = 64


class Shape(NamedTuple):
    """What a batch's output holds besides the results: the field of a case that is its
    identifier, echoed as ``id``; the keys of each result (None: all); and whether CSV
    output has an ``id`` column."""

    id_field: str = "id"
    fields: tuple[str, ...] | None = None
    id_column: bool = False
    responses_only: bool = False  # --input-format fhir: every case a QuestionnaireResponse


# All the keys, no id column; the id field is ``id``.
PLAIN = Shape()


def with_id_column(shape: Shape, header: list[tuple[str, ...]]) -> Shape:
    """The shape, with an ``id`` column when a CSV input's header has the id field."""
    if header and shape.id_field in header[0] and not shape.id_column:
        return shape._replace(id_column=True)
    return shape


def source_for(file: str | None) -> str:
    """The input: FILE, or ``-`` for standard input when FILE is ``-`` or not given.

    Without FILE, standard input must not be a terminal: nobody types cases by hand
    (``-`` still allows it)."""
    if file is not None:
        return file
    if is_terminal(sys.stdin):
        raise UsageError("FILE: no cases: name a file, or pipe JSON Lines into standard input", "file")
    return STDIO


def input_format_for(path: str, chosen: str | None) -> str:
    """The input format: ``chosen`` if given, else from the file's ending (stdin: jsonl)."""
    if chosen is not None:
        fmt = chosen.strip().lower()
        if fmt not in INPUT_FORMATS:
            raise UsageError(
                f"--input-format: {quoted(chosen)} is not one of: {', '.join(INPUT_FORMATS)}", "input_format"
            )
        return fmt
    if path == STDIO:
        return "jsonl"
    by_suffix = FORMAT_BY_SUFFIX.get(Path(path).suffix.lower())
    if by_suffix is None:
        endings = ", ".join(FORMAT_BY_SUFFIX)
        raise UsageError(
            f"--input-format: cannot tell the format of {quoted(path, PATH_LIMIT)} from its ending (known: {endings}); "
            f"give --input-format {'|'.join(INPUT_FORMATS)}",
            "input_format",
        )
    return by_suffix


def output_format_for(chosen: str) -> str:
    fmt = chosen.strip().lower()
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"--format: {quoted(chosen)} is not one of: {', '.join(OUTPUT_FORMATS)}", "format")
    return fmt


def jobs_for(chosen: str | None) -> int:
    """The number of worker processes: ``chosen`` (from ``--jobs``), else one per
    processor this process may use, at most :data:`MAX_DEFAULT_JOBS`."""
    if chosen is None:
        from .workers import available_cpus

        return max(1, min(available_cpus(), MAX_DEFAULT_JOBS))
    text = chosen.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 2 and 1 <= int(text) <= MAX_JOBS):
        raise UsageError(f"--jobs: {quoted(chosen)} is not a whole number from 1 to {MAX_JOBS}", "jobs")
    return int(text)


def fields_for(chosen: str | None, output_format: str) -> tuple[str, ...] | None:
    """The keys of ``--fields KEY,KEY,...``, checked (None when not given)."""
    if chosen is not None and output_format not in ("jsonl", "csv"):
        raise UsageError(f"--fields works with JSON Lines and CSV output, not --format {output_format}", "fields")
    return None if chosen is None else fields_of(chosen)


def id_field_for(chosen: str | None) -> tuple[str, bool]:
    """The field that identifies a case (``id`` unless ``--id-field`` names another),
    and whether it was given."""
    if chosen is None:
        return "id", False
    return checked_id_field(chosen, "--id-field", "id-field"), True


def is_terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False
