"""``triage --save FILE``: the result as an HTML report (:mod:`.report`) or the panel
as an SVG picture (Rich's own export), dated, and written all or nothing.

Rich is imported only when a picture is drawn.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError, quoted
from ..files import PATH_LIMIT, atomic_file, check_target
from ..result import Result
from .registry import RENDERER_BY_NAME

if TYPE_CHECKING:
    from rich.console import Console

SAVE_FORMATS: dict[str, str] = {".html": "html", ".htm": "html", ".svg": "svg"}
WIDTH = 80
TITLE = "calcinosis triage"


def save_format_for(path: str) -> str:
    """``html`` or ``svg``, from the ending of ``path``; :class:`UsageError` naming --save otherwise."""
    found = SAVE_FORMATS.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(
            f"--save: cannot tell the format of {quoted(path, PATH_LIMIT)} from its ending; "
            f"use one of: {', '.join(SAVE_FORMATS)}",
            "save",
        )
    return found


def check_save_target(path: str, *, force: bool) -> str:
    """Refuse, before any question is asked, a report that cannot be saved: a
    wrong ending, an existing file without ``force``, a folder, a missing folder,
    anything that is not a file. Returns the format."""
    fmt = save_format_for(path)
    check_target(path, force=force, flag="--save")
    return fmt


def svg_of(console: Console, title: str) -> str:
    """Rich's SVG export without its web fonts: Rich's template fetches Fira Code from
    a CDN when the picture is opened; the picture falls back to a local monospace font."""
    import re

    return re.sub(r"@font-face\s*\{[^}]*\}\s*", "", console.export_svg(title=title))


def saved_on_line(day: date) -> str:
    return f"Saved on {day.isoformat()}"


def export_report(result: Result, fmt: str, day: date) -> str:
    """The report of ``result`` saved on ``day`` in ``fmt`` (``html``: :mod:`.report`;
    ``svg``: :func:`svg_report`), by the page renderer the registry names."""
    return RENDERER_BY_NAME[fmt].load_page()(result, day)


def svg_report(result: Result, day: date) -> str:
    """The panel and a "Saved on" line as an SVG picture, always in colour and 80
    columns wide, whatever the terminal is."""
    from rich.console import Console
    from rich.text import Text

    from .panel import ResultPanel

    console = Console(
        record=True,
        width=WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    console.print(ResultPanel(result, details=True))
    console.print(Text(saved_on_line(day), style="dim"))
    title = f"{TITLE}: {result.name} ({saved_on_line(day).lower()})"
    return svg_of(console, title)


def save_report(result: Result, path: str, *, force: bool = False, day: date | None = None) -> None:
    """Save ``result`` to ``path`` (``.html``, ``.htm`` or ``.svg``), dated ``day`` (today, local time)."""
    fmt = check_save_target(path, force=force)
    text = export_report(result, fmt, day or date.today())
    with atomic_file(path, force=force, flag="--save") as stream:
        stream.write(text.encode("utf-8"))
