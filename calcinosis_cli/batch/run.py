"""A run: every case of the input triaged and written, in order, in this process or
in worker processes (:mod:`.parallel`)."""

from __future__ import annotations

import itertools
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import IO

from ..errors import quoted
from ..files import PATH_LIMIT
from .csv_input import csv_cases
from .options import PLAIN, STDIO, Shape, with_id_column
from .parallel import triage_in_workers
from .progress import Progress
from .reading import jsonl_cases, numbered_lines, open_input, position_of
from .triaging import triage_all
from .workers import can_fork
from .writers import Pending, writer_for


@dataclass(frozen=True)
class BatchReport:
    cases: int
    errors: int


def run_batch(
    source: str,
    *,
    input_format: str,
    output_format: str,
    output: IO[bytes],
    progress: AbstractContextManager[Progress] | None = None,
    jobs: int = 1,
    shape: Shape = PLAIN,
) -> BatchReport:
    """Triage every case of ``source`` (a path, or ``-`` for standard input) and
    write one result per case to ``output``, in order. ``progress``, if given, is
    entered once the input is open and told how far the run is. With ``jobs`` over
    1 (where processes can be forked), that many worker processes triage the cases
    once the input proves longer than a batch. Raises :class:`UsageError` when the
    input cannot be read at all."""
    counts = [0, 0]  # cases, errors
    with open_input(source) as stream, progress or nullcontext() as tracker:
        pending = Pending(output)
        name = "standard input" if source == STDIO else f"FILE {quoted(source, PATH_LIMIT)}"
        if jobs > 1 and can_fork():
            triage_in_workers(stream, name, input_format, output_format, pending, counts, jobs, tracker, shape)
        else:
            _triage_here(stream, name, input_format, output_format, pending, counts, tracker, shape)
    return BatchReport(cases=counts[0], errors=counts[1])


def _triage_here(
    stream: IO[bytes],
    name: str,
    input_format: str,
    output_format: str,
    pending: Pending,
    counts: list[int],
    tracker: Progress | None,
    shape: Shape,
) -> None:
    """Triage every case of ``stream`` in this process, writing to ``pending`` and
    keeping ``counts``."""
    before_wait = pending.hand_on
    if tracker is not None:
        shown, position = tracker, position_of(stream)

        def before_wait() -> None:
            pending.hand_on()
            shown.advance(position(), counts[0])

    lines = numbered_lines(stream, name, before_wait)
    header: list[tuple[str, ...]] = []
    cases = jsonl_cases(lines) if input_format != "csv" else csv_cases(lines, name, shape.id_field, header)
    # The first case is read before anything is written, so that input refused
    # at its start (a bad CSV header) leaves the output empty.
    first = next(cases, None)
    shape = with_id_column(shape, header)
    writer = writer_for(output_format, pending, shape)
    writer.start()
    if first is not None:
        triage_all(itertools.chain((first,), cases), writer, counts, pending.hand_on_if_large, shape)
    pending.hand_on()
