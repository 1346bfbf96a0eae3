"""The result as Markdown, for pasting into notes."""

from __future__ import annotations

from ..knowledge import SOURCES, TYPES
from ..result import Result
from .text import SOON_LINE, URGENT_LINE, headline, labs_line, sections, unanswered_line


def render_markdown(result: Result) -> str:
    lines = ["# Calcinosis triage", "", f"**{headline(result)}**", ""]
    if result.urgency == "urgent":
        lines += [f"> **{URGENT_LINE}**", ""]
    elif result.urgency == "soon":
        lines += [f"> **{SOON_LINE}**", ""]
    lines += [result.summary, "", f"Urgency: **{result.urgency}**", ""]
    for title, items in sections(result):
        lines += [f"## {title}", "", *(f"- {item}" for item in items), ""]
    codes = [f"{c.display}: {c.code} ({c.system})" for c in TYPES[result.suggested_type].codes]
    if codes:
        lines += ["## Codes", "", *(f"- {code}" for code in codes), ""]
    extra = [line for line in (labs_line(result), unanswered_line(result)) if line]
    lines += [*extra, ""] if extra else []
    lines += ["## Decision path", ""]
    lines += [f"{i}. `{s.question}` = {s.answer} → {s.rule}" for i, s in enumerate(result.path, 1)]
    lines += ["", "## Sources", ""]
    lines += [f"- [{SOURCES[s].title}]({SOURCES[s].url})" for s in result.source_ids]
    lines += ["", f"*{result.disclaimer}*", ""]
    return "\n".join(lines)
