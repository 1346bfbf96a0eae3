"""The result as a Rich panel. The only renderer that imports Rich."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from ..result import Result
from .text import SOON_LINE, URGENT_LINE, headline, labs_line, path_line, sections, unanswered_line

BORDER = {"urgent": "bold red", "soon": "yellow", "routine": "cyan"}


class ResultPanel:
    """Draws a :class:`Result`; fits 80 columns, urgent results stand out."""

    def __init__(self, result: Result) -> None:
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        result = self.result
        parts: list[RenderableType] = []
        if result.urgency == "urgent":
            parts.append(Text(f" {URGENT_LINE} ", style="bold white on red"))
        elif result.urgency == "soon":
            parts.append(Text(SOON_LINE, style="bold yellow"))
        parts.append(Text(headline(result), style="bold"))
        parts.append(Text(result.summary, style="italic"))
        for title, items in sections(result):
            parts.append(Text(""))
            parts.append(Text(title, style="bold underline"))
            parts.append(Bullets(items))
        extra = [line for line in (labs_line(result), unanswered_line(result), path_line(result)) if line]
        parts.append(Text(""))
        parts.extend(Text(line, style="dim") for line in extra)
        parts.append(Text(""))
        parts.append(Text(result.disclaimer, style="italic"))
        yield Panel(
            Group(*parts),
            title="calcinosis triage",
            subtitle=f"urgency: {result.urgency}",
            border_style=BORDER[result.urgency],
            width=min(options.max_width, 80),
        )


class Bullets:
    """A list whose wrapped lines hang under the text, not under the bullet."""

    def __init__(self, items: tuple[str, ...]) -> None:
        self.items = items

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - 2, 1)
        for item in self.items:
            for number, line in enumerate(Text(item).wrap(console, width)):
                yield Text.assemble("• " if number == 0 else "  ", line)


def render_panel(result: Result, console: Console) -> None:
    console.print(ResultPanel(result))
