"""The progress bar of a run, on stderr, and when to draw it. Rich is imported only
when the bar is drawn."""

from __future__ import annotations

import os
import stat
import sys
import time
from typing import Protocol

from .options import STDIO, is_terminal


class Progress(Protocol):
    """Told, before each read, how many bytes have been read and cases done."""

    def advance(self, bytes_read: int, cases: int) -> None: ...


def wants_progress(source: str, output_path: str | None) -> bool:
    """A progress bar when stderr is a terminal, the input a file, and the results do
    not go to the same terminal."""
    if source == STDIO or not is_terminal(sys.stderr):
        return False
    return not (output_path in (None, STDIO) and is_terminal(sys.stdout))


class ProgressBar:
    """Cases done, cases per second and time left, on stderr. Rich is imported here only.

    It is redrawn when told how far the run is (at most ten times a second), not by a
    thread of its own: worker processes are forked, and a process is forked safely
    only while it runs a single thread."""

    REDRAW_SECONDS = 0.1

    def __init__(self, source: str) -> None:
        self.source = source
        self.started = self.drawn = time.monotonic()

    def __enter__(self) -> ProgressBar:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        from ..render.console import terminal_console

        try:
            status = os.stat(self.source)
            self.total: float | None = max(status.st_size, 1) if stat.S_ISREG(status.st_mode) else None
        except OSError:
            self.total = None
        self.bar = Progress(
            TextColumn("triage"),
            BarColumn(),
            TextColumn("{task.fields[cases]} cases"),
            TextColumn("{task.fields[rate]} cases/s"),
            TimeRemainingColumn(),
            console=terminal_console(stderr=True),
            transient=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task("triage", total=self.total, cases="0", rate="-")
        self.started = time.monotonic()
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self, bytes_read: int, cases: int) -> None:
        now = time.monotonic()
        if now - self.drawn < self.REDRAW_SECONDS:
            return
        self.drawn = now
        elapsed = now - self.started
        rate = f"{cases / elapsed:,.0f}" if elapsed > 0 else "-"
        completed = bytes_read if self.total is None else min(bytes_read, self.total)
        self.bar.update(self.task, completed=completed, cases=f"{cases:,}", rate=rate, refresh=True)
