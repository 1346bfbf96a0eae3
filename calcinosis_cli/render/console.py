"""The Rich console that terminal output is drawn on, at a width that can show it."""

from __future__ import annotations

import errno
import os
from typing import Any

from rich.console import Console

# Narrower than this, a panel shows a letter or two a line, or nothing at all (COLUMNS=0):
# such a width is a mistake of the environment, and the usual width serves better.
MIN_WIDTH = 20
FALLBACK_WIDTH = 80


class TerminalConsole(Console):
    """A console whose closed output pipe is reported like any other (the command line
    then exits 141, quietly), instead of Rich's own exit with status 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def terminal_console(**options: Any) -> Console:
    """A :class:`TerminalConsole` made with ``options``, never narrower than
    :data:`MIN_WIDTH` (below it: :data:`FALLBACK_WIDTH`), so that no width ever prints
    an empty result."""
    console = TerminalConsole(**options)
    if console.width < MIN_WIDTH:
        console.width = FALLBACK_WIDTH
    return console
