"""Where the results of a run go: standard output or a file written all or nothing,
through :class:`Pending`, which hands the bytes on in large pieces. What the bytes
are is the format's stream writer, from :mod:`calcinosis_cli.render.registry`."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from typing import IO

from ..files import atomic_file
from ..render.registry import RENDERER_BY_NAME, Writer
from .options import STDIO, Shape
from .workers import write_fully

# Results waiting to be written never take more than this.
PENDING_BYTES = 1024 * 1024


class Pending:
    """Bytes waiting to be written to a stream, written in large pieces."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.parts: list[bytes] = []
        self.write = self.parts.append

    def hand_on(self) -> None:
        """Write what is waiting and flush it, so that a reader downstream sees it."""
        if self.parts:
            data = b"".join(self.parts)
            self.parts.clear()
            write_fully(self.stream, data)

    def hand_on_if_large(self) -> None:
        if sum(map(len, self.parts)) >= PENDING_BYTES:
            self.hand_on()


def writer_for(output_format: str, pending: Pending, shape: Shape) -> Writer:
    """The stream writer of ``output_format``, writing into ``pending``."""
    return RENDERER_BY_NAME[output_format].load_stream()(pending.write, shape.fields, shape.id_column)


def output_stream(path: str | None, *, force: bool) -> AbstractContextManager[IO[bytes]]:
    """Standard output for ``None`` or ``-``, else a file written all or nothing."""
    if path is None or path == STDIO:
        return nullcontext(sys.stdout.buffer)
    return atomic_file(path, force=force, flag="--output")
