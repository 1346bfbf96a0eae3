"""``calcinosis triage``: its options are made from the question bank, one for each
question, then the blood tests and the options of the run.

Typer reads the options of a command from the signature of its function. Those of
``triage`` are data, so its signature is made from them (:func:`triage_signature`):
``inspect.signature()``, which Typer calls, returns a function's ``__signature__``.
"""

import inspect
import sys
from typing import Annotated, Any

import typer

from ..answers import answers_from_json, field_name, flag_name, parse_answers
from ..errors import UsageError, printable, quoted
from ..interactive import PROMPT_MODES
from ..questions import ALBUMIN_UNITS, LAB_FIELDS, QUESTIONS, QUESTIONS_BY_ID, UNITS
from ..result import fields_of
from ..tree import triage as run_tree
from .formats import FORMATS, emit, metavar, one_of, resolve_format

TRIAGE_HELP = """Suggest the type of calcinosis that fits the answers best, with reasons.

On a terminal, asks the questions that the flags and --answers left open and that
can still change the result. With --no-input, or without a terminal, every
unanswered question counts as unknown.

\b
Examples:
  calcinosis triage
  calcinosis triage --no-input --calcium high --kidney-failure yes
  calcinosis triage --calcium-value 11.2 --phosphate-value 5.1 --json
  echo '{"procedure": "heel-sticks"}' | calcinosis triage --answers - --json
  calcinosis triage --tissue-damage acne --save report.html
"""

LAB_HELP = {
    "calcium_value": "Measured blood calcium (total), turned into a level by the age group's range.",
    "phosphate_value": "Measured blood phosphate, turned into a level by the age group's range.",
    "albumin_value": "Measured blood albumin: from 1 year of age (and when the age is not known), "
    "calcium is corrected for it.",
}


def read_answers_file(path: str) -> tuple[dict[str, object], str | None]:
    """Read ``--answers FILE`` (``-`` for standard input) as a JSON object of answers, and
    the identifier of the QuestionnaireResponse it holds, if it holds one with one."""
    from ..answers import MAX_ANSWERS_BYTES

    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_ANSWERS_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_ANSWERS_BYTES + 1)
    except OSError as error:
        raise UsageError(f"--answers: cannot read {quoted(path, 100)}: {error.strerror or error}", "answers") from None
    raw = answers_from_json(data)
    kind = raw.get("resourceType")
    if kind == "QuestionnaireResponse":  # FHIR input (contract 1.1)
        from ..fhir_in import answers_from_response, response_identifier

        return answers_from_response(raw, origin="--answers"), response_identifier(raw, origin="--answers")
    if kind is not None:  # another FHIR resource (the Bundle of --format fhir-bundle, say), said as batch says it
        raise UsageError(
            f"--answers field 'resourceType': a {quoted(str(kind))} resource is not a QuestionnaireResponse",
            "resourceType",
        )
    return raw, None


def given_flags(options: dict[str, Any]) -> dict[str, str]:
    """The answers and blood tests given as flags; an empty one is refused, naming what it takes."""
    flags = {key: options[key] for key in (*(q.id for q in QUESTIONS), *LAB_FIELDS) if options[key] is not None}
    for key, value in flags.items():
        if not value.strip():
            allowed = (
                QUESTIONS_BY_ID[key].values
                if key in QUESTIONS_BY_ID
                else UNITS
                if key == "units"
                else ALBUMIN_UNITS
                if key == "albumin_units"
                else None
            )
            hint = f"one of: {', '.join(allowed)}" if allowed else "a number"
            raise UsageError(
                f"{flag_name(key)}: an empty value is not allowed; give {hint}, or leave the flag out", key
            )
    return flags


def triage_command(**options: Any) -> None:
    flags = given_flags(options)
    raw: dict[str, object] = {}
    identifier = None  # of a QuestionnaireResponse given as --answers: FHIR output carries it
    if options["answers"] is not None:
        given, identifier = read_answers_file(options["answers"])
        raw.update(given)
    raw.update(flags)

    def name(key: str) -> str:
        return flag_name(key) if key in flags or key not in raw else f"--answers {field_name(key)}"

    fmt = resolve_format(options["format"], options["json"])
    fields = None if options["fields"] is None else fields_of(options["fields"])
    if fields is not None and fmt != "json":
        raise UsageError(f"--fields works with --json, not --format {fmt}", "fields")
    if options["prompt"] is not None and options["prompt"].strip().lower() not in PROMPT_MODES:
        raise UsageError(f"--prompt: {quoted(options['prompt'])} is not one of: {', '.join(PROMPT_MODES)}", "prompt")
    if fmt in ("fhir", "fhir-bundle"):  # a bad CALCINOSIS_FHIR_BASE too: before any question or report
        from ..render.fhir.urls import canonical_base

        canonical_base()
    if options["save"] is not None:  # refused before any question is asked
        from ..render.export import check_save_target

        check_save_target(options["save"], force=options["force"])
    answers = parse_answers(raw, name=name)
    may_prompt = not options["no_input"] and options["answers"] != "-" and sys.stdin.isatty()
    offer_details = None  # an interactive run ends with the offer of the details
    if may_prompt and answers.unanswered:
        from ..interactive.session import ask_questions, prompt_mode

        sys.stdout.write("")  # a closed standard output (>&-) fails now, not once every question is answered

        asked, offer_details = ask_questions(raw, prompt_mode(options["prompt"]))
        raw.update(asked)
        answers = parse_answers(raw, name=name)
    result = run_tree(answers)
    if options["save"] is not None:
        from ..files import stop_on_signals
        from ..render.export import save_report

        with stop_on_signals():
            save_report(result, options["save"], force=options["force"])
    emit(result, fmt, details=options["details"], fields=fields, identifier=identifier)
    if options["save"] is not None:
        sys.stderr.write(f"Saved the report to {printable(options['save'])}\n")
    if offer_details is not None and fmt == "panel" and not options["details"] and offer_details():
        emit(result, fmt, details=True)


# --- the signature ---------------------------------------------------------------


def option(name: str, kind: Any, default: Any, spec: Any) -> inspect.Parameter:
    """A keyword parameter ``name`` of type ``kind``, read by Typer as the option ``spec``."""
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, spec])


def option_help(about: str) -> str:
    """A question's ``about`` as the sentence of its flag: capitalised, and the "; " that
    brings in what its first words mean (outside brackets) said with a colon."""
    depth = 0
    for at, char in enumerate(about):
        depth += (char == "(") - (char == ")")
        if depth == 0 and about.startswith("; ", at):
            about = f"{about[:at]}: {about[at + 2 :]}"
            break
    return f"{about[:1].upper()}{about[1:]}."


def answer_parameters() -> list[inspect.Parameter]:
    """One option for each question of the bank, in the order they are asked."""
    return [
        option(
            q.id,
            one_of(q.values) | None,
            None,
            typer.Option(
                q.flag,
                help=option_help(q.about),
                metavar=metavar(q.values),
                show_default=False,
                case_sensitive=False,
                rich_help_panel="Answers",
            ),
        )
        for q in QUESTIONS
    ]


def blood_test_parameters() -> list[inspect.Parameter]:
    """The measured values and their units."""
    params = [
        option(
            key,
            str | None,
            None,
            typer.Option(flag_name(key), help=text, metavar="NUMBER", rich_help_panel="Blood tests"),
        )
        for key, text in LAB_HELP.items()
    ]
    units = typer.Option(
        "--units",
        help="Units of the measured values (default mg/dl; a value ordinary only in mmol/l "
        "is refused until they are given).",
        metavar=metavar(UNITS),
        case_sensitive=False,
        rich_help_panel="Blood tests",
    )
    albumin_units = typer.Option(
        "--albumin-units",
        help="Units of the albumin (default g/l with --units mmol/l, else g/dl; a value "
        "ordinary only in the other is refused until they are given).",
        metavar=metavar(ALBUMIN_UNITS),
        case_sensitive=False,
        rich_help_panel="Blood tests",
    )
    return [
        *params,
        option("units", one_of(UNITS) | None, None, units),
        option("albumin_units", one_of(ALBUMIN_UNITS) | None, None, albumin_units),
    ]


def input_parameters() -> list[inspect.Parameter]:
    """How the answers not given as flags are found: asked, or read from a file."""
    prompt = typer.Option(
        "--prompt",
        metavar=metavar(PROMPT_MODES),
        case_sensitive=False,
        help="How to ask: menus on a capable terminal (auto, the default) or wherever a "
        "question is asked (menu), or numbered choices and plain lines for screen readers "
        "(plain; also CALCINOSIS_PROMPT=plain). TERM=dumb always gives plain.",
    )
    answers = typer.Option(
        "--answers",
        metavar="FILE",
        help="Read answers from a JSON object or a FHIR QuestionnaireResponse in FILE ('-' for standard input). Flags win over the file.",
    )
    return [
        option(
            "no_input",
            bool,
            False,
            typer.Option("--no-input", help="Never prompt: unanswered questions count as unknown."),
        ),
        option("prompt", one_of(PROMPT_MODES) | None, None, prompt),
        option("answers", str | None, None, answers),
    ]


def output_parameters() -> list[inspect.Parameter]:
    """How the result is shown, and saved."""
    fmt = typer.Option(
        "--format", metavar=metavar(FORMATS), help="Output format (default panel).", case_sensitive=False
    )
    details = typer.Option(
        "--details",
        help="Show the whole result in the panel: alternatives, how it was decided, causes, "
        "treatment notes, look-alikes, blood tests, the questions not answered, sources.",
    )
    save = typer.Option(
        "--save",
        metavar="FILE",
        help="Also save the result, dated: a report to print or show a doctor (.html, .htm) "
        "or a picture of the whole panel, as --details shows it (.svg).",
    )
    return [
        option("format", one_of(FORMATS) | None, None, fmt),
        option("details", bool, False, details),
        option("json", bool, False, typer.Option("--json", help="Print the result as JSON (same as --format json).")),
        option(
            "fields",
            str | None,
            None,
            typer.Option("--fields", metavar="KEY,KEY,...", help="With --json: only these keys of the result."),
        ),
        option("save", str | None, None, save),
        option("force", bool, False, typer.Option("--force", help="Replace --save FILE if it exists.")),
    ]


def triage_signature() -> inspect.Signature:
    """The signature of :func:`triage_command`, as Typer reads it: the options in the order
    ``--help`` lists them."""
    params = [*answer_parameters(), *blood_test_parameters(), *input_parameters(), *output_parameters()]
    return inspect.Signature(params, return_annotation=None)


triage_command.__signature__ = triage_signature()  # type: ignore[attr-defined]
