"""The result as Markdown, for pasting into notes: everything the result holds, rule and
question ids only beside the plain words."""

from __future__ import annotations

import sys

from ..result import Result
from ..tree.sensitivity import could_change
from .registry import How
from .text import headline, not_answered_lines, not_answered_title, path_lines, sections, source_links, urgency_line


def render_markdown(result: Result) -> str:
    lines = ["# Calcinosis triage", "", f"**{headline(result)}**", ""]
    lines += [f"> **{urgency_line(result)}**", ""]
    lines += [result.summary, "", f"Urgency: **{result.urgency}**", ""]
    missing = could_change(result)
    found = (
        *sections(result),
        (not_answered_title(missing), not_answered_lines(result, missing)),
        ("Sources", source_links(result)),
    )
    for title, items in found:
        if items:
            lines += [f"## {title}", "", *(f"- {item}" for item in items), ""]
    lines += ["## How this was decided", ""]
    lines += [f"{i}. {line}" for i, line in enumerate(path_lines(result), 1)]
    lines += ["", f"*{result.disclaimer}*", ""]
    return "\n".join(lines)


def show(result: Result, how: How) -> None:
    """``triage --format markdown``: the Markdown on standard output."""
    sys.stdout.write(render_markdown(result))
