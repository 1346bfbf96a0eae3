"""The result as a Rich panel (with ``card`` and ``export``, the only renderers that import Rich).

By default the panel is the summary of contract 1.1 ("Output (1.1)"): at 80 columns it is
at most 24 lines, borders included, whatever the result. Top first: how soon to get care,
the best fit and its certainty, the main reasons, the red flags, what to do next, the
safety net, the ranges used, what was not answered that could change it, the disclaimer.
What does not fit is cut from the end of the lists that may be cut (each cut list ends with
"... N more (--details)"); the urgency line, the urgent red flags, the safety net and the
disclaimer are never cut. ``details=True`` draws everything the result holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from ..result import Result
from ..tree.sensitivity import could_change
from .console import terminal_console
from .registry import How
from .text import (
    MAX_NEXT_STEPS,
    MAX_REASONS,
    MAX_RED_FLAGS,
    detail_sections,
    disclaimer_short,
    headline,
    is_urgent_flag,
    missing_line,
    more_line,
    not_answered_lines,
    not_answered_title,
    path_lines,
    ranges_line,
    safety_net_title,
    short_flag,
    source_lines,
    summary_next_steps,
    summary_reasons,
    urgency_line,
)

BORDER = {"urgent": "bold red", "soon": "yellow", "routine": "cyan"}
URGENCY_STYLE = {"urgent": "bold white on red", "soon": "bold yellow", "routine": "bold cyan"}
TITLE = "calcinosis triage"
WIDTH = 80  # the panel is never wider
HEIGHT = 24  # the summary's budget at WIDTH columns, borders included
NARROWEST_BOX = 20  # narrower than this, the parts are drawn without a box


class Plan(NamedTuple):
    """How much of each list the summary shows."""

    reasons: int
    flags: int  # red flags that are not urgent (the urgent ones are always shown)
    steps: int
    spaced: bool  # blank lines between the parts
    short_urgent: bool  # the urgent red flags in a few words each, in one paragraph


class ResultPanel:
    """Draws a :class:`Result`: the summary, or with ``details`` everything; at most 80
    columns wide, urgent results stand out."""

    def __init__(self, result: Result, *, details: bool = False) -> None:
        self.result = result
        self.details = details
        self._missing: tuple[str, ...] | None = None
        self.reasons = summary_reasons(result)
        self.steps = summary_next_steps(result)
        self.urgent_flags = tuple(f for f in result.red_flags if is_urgent_flag(f))
        self.other_flags = tuple(f for f in result.red_flags if not is_urgent_flag(f))

    @property
    def missing(self) -> tuple[str, ...]:
        """The unanswered questions that could change the result (computed once)."""
        if self._missing is None:
            self._missing = could_change(self.result)
        return self._missing

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        parts = self.detail_parts() if self.details else self.summary_parts(self.fitting_plan(console, options))
        width = min(options.max_width, WIDTH)
        if width < NARROWEST_BOX:  # no room for a box: the words alone, as Rich can wrap them
            yield Group(*parts)
            return
        yield self.box(parts, width)

    def box(self, parts: Sequence[RenderableType], width: int) -> Panel:
        urgency = self.result.urgency
        subtitle = f"urgency: {urgency}"
        hint = f"{subtitle} · more with --details"
        return Panel(
            Group(*parts),
            title=TITLE,
            subtitle=subtitle if self.details or len(hint) + 6 > width else hint,
            border_style=BORDER[urgency],
            width=width,
        )

    # --- the summary --------------------------------------------------------------------

    def plans(self) -> Iterator[Plan]:
        """From the fullest summary to the leanest, one cut at a time."""
        flags = max(0, min(MAX_RED_FLAGS - len(self.urgent_flags), len(self.other_flags)))
        plan = Plan(min(MAX_REASONS, len(self.reasons)), flags, min(MAX_NEXT_STEPS, len(self.steps)), True, False)
        yield plan
        least_flags = 0 if self.urgent_flags else min(1, flags)
        cuts: tuple[tuple[str, int], ...] = (  # a bool sets a switch, a number caps a list
            ("spaced", False),
            ("steps", 2),
            ("reasons", 1),
            ("steps", 1),
            *(("flags", n) for n in range(flags - 1, least_flags - 1, -1)),
            ("short_urgent", len(self.urgent_flags) > 1),
            ("reasons", 0),
            ("flags", 0),
            ("steps", 0),
        )
        for field, value in cuts:
            now = value if isinstance(value, bool) else min(getattr(plan, field), value)
            if now != getattr(plan, field):
                plan = plan._replace(**{field: now})
                yield plan

    def fitting_plan(self, console: Console, options: ConsoleOptions) -> Plan:
        """The fullest plan whose panel is at most :data:`HEIGHT` lines at :data:`WIDTH`
        columns (whatever the width it is drawn at: narrower, the same parts take more lines)."""
        measure = options.update(width=WIDTH, height=None)
        plan = None
        for plan in self.plans():
            lines = console.render_lines(self.box(self.summary_parts(plan), WIDTH), measure, pad=False)
            if len(lines) <= HEIGHT:
                return plan
        assert plan is not None  # plans() yields at least one
        return plan

    def summary_parts(self, plan: Plan) -> list[RenderableType]:
        result = self.result
        parts: list[RenderableType] = [urgency_text(result), Text(headline(result), style="bold")]

        def section(title: str, items: Sequence[str | Text]) -> None:
            if not items:
                return
            if plan.spaced:
                parts.append(Text(""))
            parts.append(Text(title, style="bold underline"))
            parts.append(Bullets(items))

        section("Why", cut(self.reasons, plan.reasons))
        if plan.short_urgent:
            labels = [short_flag(f) for f in self.urgent_flags]
            labels[1:] = [label[:1].lower() + label[1:] for label in labels[1:]]
            urgent: list[str | Text] = ["; ".join(labels) + ": care today."]
        else:
            urgent = list(self.urgent_flags)
        section("Warning signs", cut(self.other_flags, plan.flags, before=urgent))
        section("What to do next", cut(self.steps, plan.steps))
        section(safety_net_title(result), list(result.safety_net))
        if plan.spaced:
            parts.append(Text(""))
        for line, style in ((ranges_line(result), ""), (missing_line(result, self.missing), "dim")):
            if line:
                parts.append(Text(line, style=style))
        parts.append(Text(disclaimer_short(), style="italic"))
        return parts

    # --- the details --------------------------------------------------------------------

    def detail_parts(self) -> list[RenderableType]:
        result = self.result
        parts: list[RenderableType] = [
            urgency_text(result),
            Text(headline(result), style="bold"),
            Text(result.summary, style="italic"),
        ]
        missing = self.missing
        found = (
            ("Why", result.reasons),
            ("Warning signs", result.red_flags),
            ("What to do next", result.next_steps),
            (safety_net_title(result), result.safety_net),
            *detail_sections(result),
            (not_answered_title(missing), not_answered_lines(result, missing)),
            ("How this was decided", path_lines(result)),
            ("Sources", source_lines(result)),
        )
        for title, items in found:
            if items:
                parts += [Text(""), Text(title, style="bold underline"), Bullets(items)]
        parts += [Text(""), Text(result.disclaimer, style="italic")]
        return parts


def urgency_text(result: Result) -> Text:
    """The first line: how soon to get care, in words as well as colour."""
    line = urgency_line(result)
    if result.urgency == "urgent":
        line = f" {line} "
    return Text(line, style=URGENCY_STYLE[result.urgency])


def cut(items: Sequence[str], keep: int, before: Sequence[str | Text] = ()) -> list[str | Text]:
    """``before`` and the first ``keep`` items; when some are left out, the last one shown
    ends with "... N more (--details)" (which stands alone when nothing is shown)."""
    shown: list[str | Text] = [*before, *items[:keep]]
    left = len(items) - keep
    if left > 0:
        marker = Text(more_line(left), style="dim")
        if shown:
            last = shown[-1]
            shown[-1] = Text.assemble(last if isinstance(last, Text) else Text(last), " ", marker)
        else:
            shown.append(marker)
    return shown


class Bullets:
    """A list whose wrapped lines hang under the text, not under the bullet."""

    def __init__(self, items: Sequence[str | Text]) -> None:
        self.items = items

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - 2, 1)
        for item in self.items:
            text = item if isinstance(item, Text) else Text(item)
            for number, line in enumerate(text.wrap(console, width)):
                yield Text.assemble("• " if number == 0 else "  ", line)


def render_panel(result: Result, console: Console, *, details: bool = False) -> None:
    """Draw ``result`` on ``console``: the summary, or with ``details`` everything."""
    console.print(ResultPanel(result, details=details))


def show(result: Result, how: How) -> None:
    """``triage``: the panel drawn on the terminal (standard output)."""
    render_panel(result, terminal_console(), details=how.details)
