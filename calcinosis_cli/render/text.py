"""Headings and wording shared by the panel and Markdown renderers."""

from __future__ import annotations

from ..result import Result

URGENT_LINE = "URGENT: get medical care today, at an emergency department or a doctor."
SOON_LINE = "See a doctor soon: the answers include warning signs."


def headline(result: Result) -> str:
    return f"Best fit: {result.name} ({result.certainty})"


def sections(result: Result) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(heading, items) in the order a reader needs them; empty sections dropped."""
    alternatives = tuple(f"{a.name}: {a.why}" for a in result.alternatives)
    look_alikes = tuple(f"{x.name}: {x.why}" for x in result.look_alikes)
    found = (
        ("Why", result.reasons),
        ("Warning signs", result.red_flags),
        ("What to do next", result.next_steps),
        ("Safety net: get care the same day", result.safety_net),
        ("Not calcinosis, but can look like it", look_alikes),
        ("Causes your answers point to", result.matched_causes),
        ("Also worth considering", alternatives),
        ("Typical causes of this type", result.typical_causes),
        ("How it is usually managed (general notes, no doses)", result.treatment_notes),
    )
    return tuple((title, items) for title, items in found if items)


def labs_line(result: Result) -> str | None:
    labs = result.answers.labs
    if labs is None:
        return None
    parts = []
    for m in (labs.calcium, labs.phosphate):
        if m is not None:
            parts.append(
                f"{m.analyte} {m.value:g} {m.units} ({m.level}; {m.range_label} range {m.low:g}–{m.high:g} {m.units})"
            )
    product = labs.product
    if product is not None:
        parts.append(f"calcium × phosphate product {product:.0f} mg²/dL²")
    return "Blood tests: " + "; ".join(parts) + "."


def unanswered_line(result: Result) -> str | None:
    missing = result.answers.unanswered
    if not missing:
        return None
    return f"Not answered ({len(missing)}, counted as unknown): " + ", ".join(missing) + "."


def path_line(result: Result) -> str:
    ids = [step.rule.split(":", 1)[0] for step in result.path]
    rules = " → ".join(dict.fromkeys(ids))
    return f"Decision path: {rules} (the rules are listed with --format markdown or --json)."
