"""The prompts started from ``triage``: which terminal (``--prompt``, ``CALCINOSIS_PROMPT``,
the terminal's abilities), the interview run on it, and the offer of the details to make
once the summary is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from ..errors import UsageError, quoted
from . import PROMPT_MODES
from .loop import interview
from .menu import MenuTerminal
from .terminal import PlainTerminal


def prompt_mode(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """ "menu" or "plain": ``--prompt``, else ``CALCINOSIS_PROMPT``, else menus on a capable
    terminal. ``TERM=dumb`` is always plain; so, unless menus were asked for by name, is a
    standard input or error that is no terminal."""
    env = os.environ if environ is None else environ
    chosen = option if option is not None else env.get("CALCINOSIS_PROMPT") or "auto"
    mode = chosen.strip().lower()
    if mode not in PROMPT_MODES:
        where = "--prompt" if option is not None else "CALCINOSIS_PROMPT"
        raise UsageError(f"{where}: {quoted(chosen)} is not one of: {', '.join(PROMPT_MODES)}", "prompt")
    if env.get("TERM", "") == "dumb" or mode == "plain":
        return "plain"
    if mode == "auto" and not (sys.stderr.isatty() and sys.stdin.isatty()):
        return "plain"
    return "menu"


def ask_questions(
    given: Mapping[str, object], mode: str = "plain"
) -> tuple[dict[str, object], Callable[[], bool] | None]:
    """Ask what ``given`` (the answers of the flags and the file) leaves open: the answers
    asked, and, when a question was asked and the result goes to a terminal, the offer of
    the details to make once the summary is shown (it returns True for yes)."""
    terminal: PlainTerminal
    if mode == "menu":
        try:
            terminal = MenuTerminal()
        except ImportError:  # pragma: no cover - questionary is a dependency; a broken install falls back
            terminal = PlainTerminal()
    else:
        terminal = PlainTerminal()
    try:
        asked = interview(given, terminal)
    finally:
        terminal.flush()
    offer = terminal.details if asked and sys.stdout.isatty() and sys.stderr.isatty() else None
    return asked, offer
