"""A run in worker processes: the input read here and handed on in batches of pieces,
triaged by the workers (:mod:`.workers`) with the same code as one process, so that
the output is the same byte for byte.

A piece is a line number and a length (:data:`_PIECE`) in front of the bytes: for
JSON Lines a block of lines as read (the number is the first line's), for CSV one
case as a JSON object, or "!" and the JSON text of the row's error.
"""

from __future__ import annotations

import io
import itertools
import json
import struct
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING

from .csv_input import csv_cases
from .options import Shape, with_id_column
from .reading import (
    CaseError,
    NumberedCases,
    jsonl_cases,
    numbered_blocks,
    numbered_lines,
    position_of,
    waits_for_input,
)
from .triaging import triage_all
from .workers import Batches, Output, Work
from .writers import Pending, writer_for

if TYPE_CHECKING:
    from .progress import Progress

# Cases in a batch: enough that handing them over costs little per case, few enough
# that results flow soon and memory stays small.
BATCH_CASES = 1000
_PIECE = struct.Struct("<QQ")


def triage_in_workers(
    stream: IO[bytes],
    name: str,
    input_format: str,
    output_format: str,
    pending: Pending,
    counts: list[int],
    jobs: int,
    tracker: Progress | None,
    shape: Shape,
) -> None:
    """Triage every case of ``stream`` in ``jobs`` worker processes, once the input
    proves longer than a batch, writing to ``pending`` and keeping ``counts``."""

    def tally(cases: int, errors: int) -> None:
        counts[0] += cases
        counts[1] += errors

    started: list[Batches] = []  # the workers, once the first case is read
    input_waits = waits_for_input(stream)
    position = position_of(stream)

    def before_wait() -> None:
        if started and input_waits():  # hand on what has come before waiting for more
            started[0].hand_on()
        pending.hand_on()
        if tracker is not None:
            tracker.advance(position(), counts[0])

    header: list[tuple[str, ...]] = []
    if input_format != "csv":
        pieces = _jsonl_pieces(numbered_blocks(stream, name, before_wait))
    else:
        pieces = _csv_pieces(csv_cases(numbered_lines(stream, name, before_wait), name, shape.id_field, header))
    first = next(pieces, None)  # read before anything is written, as in one process
    shape = with_id_column(shape, header)
    work = Work(_batch_work(input_format, output_format, shape), pending.stream, pending.hand_on, tally)
    batches = Batches(work, jobs, BATCH_CASES)
    started.append(batches)
    writer_for(output_format, pending, shape).start()
    try:
        for piece, lines in itertools.chain((first,) if first else (), pieces):
            batches.add(piece, lines)
        batches.close()
    except BaseException:
        batches.abort()
        raise
    pending.hand_on()


def _jsonl_pieces(blocks: Iterator[tuple[int, bytes]]) -> Iterator[tuple[bytes, int]]:
    """Each block of lines as a piece, with its number of lines."""
    for number, block in blocks:
        yield _PIECE.pack(number, len(block)) + block, block.count(b"\n") + 1


def _csv_pieces(cases: NumberedCases) -> Iterator[tuple[bytes, int]]:
    """Each case as a piece: its answers in JSON, or "!" and its error in JSON."""
    for number, case in cases:
        text = (
            json.dumps(case).encode() if not isinstance(case, CaseError) else b"!" + json.dumps(case.message).encode()
        )
        yield _PIECE.pack(number, len(text)) + text, 1


def _cases_of_batch(batch: bytes, input_format: str) -> NumberedCases:
    """The cases of a batch of pieces, numbered as in the input."""
    start = 0
    while start < len(batch):
        number, size = _PIECE.unpack_from(batch, start)
        start += _PIECE.size + size
        text = batch[start - size : start]
        if input_format != "csv":
            yield from jsonl_cases(zip(itertools.count(number), text.split(b"\n")))
        elif text[:1] == b"!":
            yield number, CaseError(json.loads(text[1:]))
        else:
            yield number, json.loads(text)


def _batch_work(input_format: str, output_format: str, shape: Shape) -> Callable[[bytes], Output]:
    """What a worker does with a batch: the pieces of its output, and its counts of
    cases and errors. The writer lives as long as the worker, so that what it has
    encoded once is reused from batch to batch."""
    collected = Pending(io.BytesIO())  # only its pieces are used: never handed on
    writer = writer_for(output_format, collected, shape)

    def work(batch: bytes) -> Output:
        counts = [0, 0]
        triage_all(_cases_of_batch(batch, input_format), writer, counts, _nothing, shape)
        pieces = collected.parts[:]
        collected.parts.clear()
        return pieces, (counts[0], counts[1])

    return work


def _nothing() -> None:
    pass
