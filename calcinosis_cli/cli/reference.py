"""The reference commands: ``questions`` (the bank), ``types`` (the cards of the
knowledge base) and ``schema`` (the JSON Schema of a result)."""

import difflib
import sys
from typing import Annotated, Any

import typer

from ..errors import UsageError, quoted
from ..knowledge import LOOK_ALIKES, SOURCES, TYPE_IDS, TYPES, Cause, Fact, TypeCard
from ..questions import ASKED_WHEN_RELEVANT, QUESTIONS
from ..render.stdout import json_text
from ..result import result_schema
from .formats import QUESTIONS_FORMATS, QuestionsFormat, TypeId, metavar, resolve_format

# --- questions -------------------------------------------------------------------

QuestionsFormatOption = Annotated[
    QuestionsFormat | None,
    typer.Option(
        "--format",
        metavar=metavar(QUESTIONS_FORMATS),
        help="Output format (default table); fhir: a FHIR R4 Questionnaire; fhir-bundle: a Bundle of "
        "the Questionnaire, its CodeSystems and ValueSets.",
        show_default=False,
        case_sensitive=False,
    ),
]
QuestionsJsonOption = Annotated[
    bool, typer.Option("--json", help="Print the question bank as JSON (same as --format json).")
]


def questions_as_data() -> list[dict[str, Any]]:
    return [
        {
            "id": q.id,
            "flag": q.flag,
            "values": list(q.values),
            "labels": dict(q.choices),
            "question": q.text,
            "about": q.about,
            "explain": q.explain,
            "asked": q.ask_when.describe(),
        }
        for q in QUESTIONS
    ]


def questions_command(fmt: QuestionsFormatOption = None, as_json: QuestionsJsonOption = False) -> None:
    """List every question: id, flag, allowed values, the question as asked, and when it is asked.

    Examples: calcinosis questions --json; calcinosis questions --format fhir
    """
    chosen = resolve_format(fmt, as_json, QUESTIONS_FORMATS, default="table")
    if chosen == "json":
        sys.stdout.write(json_text(questions_as_data()))
        return
    if chosen == "fhir":
        from ..render.fhir import questionnaire

        sys.stdout.write(json_text(questionnaire()))
        return
    if chosen == "fhir-bundle":
        from ..render.fhir import questionnaire_bundle

        sys.stdout.write(json_text(questionnaire_bundle()))
        return
    print_questions_table()


def print_questions_table() -> None:
    from rich.table import Table

    from ..render.console import terminal_console

    # Each is asked while its answer can still change the result; a column says more only
    # where some question has conditions of its own.
    conditions = any(q.ask_when.conditions for q in QUESTIONS)
    table = Table(
        title=f"The questions, in the order they are asked; each is asked only {ASKED_WHEN_RELEVANT}", show_lines=True
    )
    table.add_column("flag", no_wrap=True)
    for column in ("question", "values", "asked") if conditions else ("question", "values"):
        table.add_column(column, overflow="fold")
    for q in QUESTIONS:
        row = [q.flag, q.text, ", ".join(q.values)]
        if conditions:
            row.append(q.ask_when.describe())
        table.add_row(*row)
    terminal_console().print(table)


# --- types -----------------------------------------------------------------------

TypeArgument = Annotated[
    TypeId | None,
    typer.Argument(
        metavar="TYPE",
        help="One of: " + ", ".join(TYPE_IDS),
        show_default=False,
        show_choices=False,
        case_sensitive=False,
    ),
]
TypesJsonOption = Annotated[bool, typer.Option("--json", help="Print the cards as JSON.")]


def sources_as_data(source_ids: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"title": SOURCES[s].title, "url": SOURCES[s].url} for s in source_ids]


def fact_as_data(text: str, sources: tuple[str, ...]) -> dict[str, Any]:
    return {"text": text, "sources": sources_as_data(sources)}


def card_as_data(card: TypeCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "name": card.name,
        "summary": card.summary.text,
        "blood_levels": card.blood_levels.text,
        "typical_causes": [c.text for c in card.causes],
        "typical_sites": [f.text for f in card.sites],
        "treatment_notes": [f.text for f in card.treatment],
        "see_a_doctor": card.see_doctor.text,
        "facts": [fact_as_data(f.text if isinstance(f, Fact | Cause) else f.display, f.sources) for f in card.facts],
        "sources": sources_as_data(card.source_ids),
        "codes": [{"system": c.system, "code": c.code, "display": c.display} for c in card.codes],
        # Conditions that are not calcinosis but can look like it; ids as in a result's look_alikes.
        "look_alikes": [
            {
                "id": x.id,
                "name": x.name,
                "tells_apart": x.tells_apart.text,
                "facts": [fact_as_data(f.text, f.sources) for f in x.facts],
            }
            for x in LOOK_ALIKES.values()
        ],
    }


def types_command(type_id: TypeArgument = None, as_json: TypesJsonOption = False) -> None:
    """Show the reference card of every type (or one): what it is, blood levels, causes, sites, treatment.

    Example: calcinosis types calciphylaxis
    """
    if type_id is not None and type_id.strip().lower() not in TYPES:
        close = difflib.get_close_matches(type_id.strip().lower(), TYPE_IDS, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"TYPE: {quoted(type_id)} is not one of: {', '.join(TYPE_IDS)}.{hint}", "type")
    cards = [TYPES[type_id.strip().lower()]] if type_id else list(TYPES.values())
    if as_json:
        sys.stdout.write(json_text([card_as_data(c) for c in cards]))
        return
    from ..render.card import render_cards
    from ..render.console import terminal_console

    render_cards(cards, terminal_console())


# --- schema ----------------------------------------------------------------------


def schema_command() -> None:
    """Print the JSON Schema (draft 2020-12) of one triage result.

    Example: calcinosis schema > result.schema.json
    """
    sys.stdout.write(json_text(result_schema()))
