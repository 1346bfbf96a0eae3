"""The command line: parse, call the library, render, exit. Nothing else.

Every answer flag is generated from the question bank. Rich is imported only
by the commands that draw with it, so ``triage --json`` starts fast. Only public
names of Typer are used (tests/test_private_names.py holds it).
"""

import inspect
import json
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from .answers import answers_from_json, field_name, flag_name, parse_answers
from .errors import UsageError, printable, quoted
from .knowledge import LOOK_ALIKES, SOURCES, TYPE_IDS, TYPES, Cause, Fact, TypeCard
from .questions import ALBUMIN_UNITS, LAB_FIELDS, QUESTIONS, QUESTIONS_BY_ID, UNITS
from .render import FORMATS as RENDER_FORMATS
from .result import Result, fields_of, result_schema
from .tree import triage as run_tree
from .version import __version__

FORMATS: tuple[str, ...] = (*RENDER_FORMATS, "fhir-bundle")  # fhir-bundle: render/fhir.py
EXIT_USAGE = 2
EXIT_CANCELLED = 130
# The reader of standard output has gone (contract 1.1): the status of a process that
# SIGPIPE ended, as a shell reports it; Windows has no such signal.
EXIT_BROKEN_PIPE = 1 if sys.platform == "win32" else 141


def one_of(values: Iterable[str]) -> Any:
    """The choice of ``values`` as Typer knows one, ``Literal[...]``: the shells complete
    it. The value still reaches the command as typed (see :func:`values_as_given`), and
    calcinosis checks it itself, naming the flag and what was perhaps meant."""
    return Literal[tuple(values)]


QUESTIONS_FORMATS: tuple[str, ...] = ("table", "json", "fhir", "fhir-bundle")
PROMPT_MODES: tuple[str, ...] = ("auto", "menu", "plain")
BATCH_INPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir")  # as batch.INPUT_FORMATS; not imported: it is slow
BATCH_OUTPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "fhir", "fhir-bundle")  # as batch.OUTPUT_FORMATS

if TYPE_CHECKING:  # to the code, a value as typed
    TypeId = str
    QuestionsFormat = str
    BatchInputFormat = str
    BatchOutputFormat = str
else:  # to Typer, a choice
    TypeId = one_of(TYPE_IDS)
    QuestionsFormat = one_of(QUESTIONS_FORMATS)
    BatchInputFormat = one_of(BATCH_INPUT_FORMATS)
    BatchOutputFormat = one_of(BATCH_OUTPUT_FORMATS)

app = typer.Typer(
    name="calcinosis",
    help=(
        "A triage questionnaire about calcinosis (calcium deposits in skin or soft tissue). "
        "General information, not medical advice.\n\n"
        "Example: calcinosis triage --calcium high --kidney-failure yes"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"calcinosis {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """A triage questionnaire about calcinosis. General information, not medical advice."""


# --- triage ----------------------------------------------------------------

TRIAGE_HELP = """Suggest the type of calcinosis that fits the answers best, with reasons.

Asks, on a terminal, the questions the flags did not answer. Without a terminal
(or with --no-input) every unanswered question counts as unknown.

\b
Examples:
  calcinosis triage
  calcinosis triage --no-input --calcium high --kidney-failure yes
  calcinosis triage --calcium-value 11.2 --phosphate-value 5.1 --json
  echo '{"procedure": "heel-sticks"}' | calcinosis triage --answers - --json
  calcinosis triage --tissue-damage acne --save report.html
"""


def _answer_option(question_id: str) -> Any:
    question = QUESTIONS_BY_ID[question_id]
    return typer.Option(
        question.flag,
        help=f"{question.about[:1].upper()}{question.about[1:]}.",
        metavar="[" + "|".join(question.values) + "]",
        show_default=False,
        case_sensitive=False,
        rich_help_panel="Answers",
    )


def read_answers_file(path: str) -> dict[str, object]:
    """Read ``--answers FILE`` (``-`` for standard input) as a JSON object."""
    from .answers import MAX_ANSWERS_BYTES

    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_ANSWERS_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_ANSWERS_BYTES + 1)
    except OSError as error:
        raise UsageError(f"--answers: cannot read {quoted(path, 100)}: {error.strerror or error}", "answers") from None
    raw = answers_from_json(data)
    if raw.get("resourceType") == "QuestionnaireResponse":  # FHIR input (contract 1.1)
        from .fhir_in import answers_from_response

        return answers_from_response(raw, origin="--answers")
    return raw


def resolve_format(fmt: str | None, as_json: bool, formats: tuple[str, ...] = FORMATS, default: str = "panel") -> str:
    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in formats:
            raise UsageError(f"--format: {quoted(fmt)} is not one of: {', '.join(formats)}", "format")
        if as_json and fmt != "json":
            raise UsageError(f"--json and --format {fmt} contradict each other: choose one", "format")
        return fmt
    return "json" if as_json else default


def stdout_is_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def json_text(data: Any) -> str:
    """JSON for standard output: UTF-8 as is, else every non-ASCII character escaped,
    so that the JSON stays exact in any locale."""
    return json.dumps(data, ensure_ascii=not stdout_is_utf8(), indent=2) + "\n"


def emit(result: Result, fmt: str, *, details: bool = False, fields: tuple[str, ...] | None = None) -> None:
    if fmt == "json":
        from .render.json import render_json

        sys.stdout.write(render_json(result, ascii_only=not stdout_is_utf8(), fields=fields) + "\n")
    elif fmt == "markdown":
        from .render.markdown import render_markdown

        sys.stdout.write(render_markdown(result))
    elif fmt == "fhir":
        from .render.fhir import questionnaire_response

        sys.stdout.write(json_text(questionnaire_response(result)))
    elif fmt == "fhir-bundle":
        from .render.fhir import result_bundle

        sys.stdout.write(json_text(result_bundle(result)))
    else:
        from .render.console import terminal_console
        from .render.panel import render_panel

        render_panel(result, terminal_console(), details=details)
    sys.stdout.flush()


def triage_command(**options: Any) -> None:
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
    raw: dict[str, object] = {}
    if options["answers"] is not None:
        raw.update(read_answers_file(options["answers"]))
    raw.update(flags)

    def name(key: str) -> str:
        return flag_name(key) if key in flags or key not in raw else f"--answers {field_name(key)}"

    fmt = resolve_format(options["format"], options["json"])
    fields = None if options["fields"] is None else fields_of(options["fields"])
    if fields is not None and fmt != "json":
        raise UsageError(f"--fields works with --json, not --format {fmt}", "fields")
    if options["prompt"] is not None and options["prompt"].strip().lower() not in PROMPT_MODES:
        raise UsageError(f"--prompt: {quoted(options['prompt'])} is not one of: {', '.join(PROMPT_MODES)}", "prompt")
    if options["save"] is not None:  # refused before any question is asked
        from .render.export import check_save_target

        check_save_target(options["save"], force=options["force"])
    answers = parse_answers(raw, name=name)
    may_prompt = not options["no_input"] and options["answers"] != "-" and sys.stdin.isatty()
    if may_prompt and answers.unanswered:
        from .interactive import ask_questions, prompt_mode

        raw.update(ask_questions(raw, prompt_mode(options["prompt"])))
        answers = parse_answers(raw, name=name)
    result = run_tree(answers)
    if options["save"] is not None:
        from .files import stop_on_signals
        from .render.export import save_report

        with stop_on_signals():
            save_report(result, options["save"], force=options["force"])
    emit(result, fmt, details=options["details"], fields=fields)
    if options["save"] is not None:
        sys.stderr.write(f"Saved the report to {options['save']}\n")


def _triage_signature() -> inspect.Signature:
    param = inspect.Parameter
    kw = param.KEYWORD_ONLY
    params = [
        param(q.id, kw, default=None, annotation=Annotated[one_of(q.values) | None, _answer_option(q.id)])
        for q in QUESTIONS
    ]
    lab_help = {
        "calcium_value": "Measured blood calcium (total), turned into a level by the age group's range.",
        "phosphate_value": "Measured blood phosphate, turned into a level by the age group's range.",
        "albumin_value": "Measured blood albumin: from 1 year of age, calcium is corrected for it.",
    }
    for key, text in lab_help.items():
        option = typer.Option(flag_name(key), help=text, metavar="NUMBER", rich_help_panel="Blood tests")
        params.append(param(key, kw, default=None, annotation=Annotated[str | None, option]))
    units = typer.Option(
        "--units",
        help="Units of the measured values (default mg/dl).",
        metavar="[" + "|".join(UNITS) + "]",
        case_sensitive=False,
        rich_help_panel="Blood tests",
    )
    params.append(param("units", kw, default=None, annotation=Annotated[one_of(UNITS) | None, units]))
    albumin_units = typer.Option(
        "--albumin-units",
        help="Units of the albumin (default g/l with --units mmol/l, else g/dl).",
        metavar="[" + "|".join(ALBUMIN_UNITS) + "]",
        case_sensitive=False,
        rich_help_panel="Blood tests",
    )
    params.append(
        param("albumin_units", kw, default=None, annotation=Annotated[one_of(ALBUMIN_UNITS) | None, albumin_units])
    )
    params += [
        param(
            "no_input",
            kw,
            default=False,
            annotation=Annotated[
                bool, typer.Option("--no-input", help="Never prompt: unanswered questions count as unknown.")
            ],
        ),
        param(
            "prompt",
            kw,
            default=None,
            annotation=Annotated[
                one_of(PROMPT_MODES) | None,
                typer.Option(
                    "--prompt",
                    metavar="[" + "|".join(PROMPT_MODES) + "]",
                    case_sensitive=False,
                    help="How to ask: menus on a capable terminal (auto, the default), or numbered "
                    "choices and plain lines for screen readers (plain; also CALCINOSIS_PROMPT=plain).",
                ),
            ],
        ),
        param(
            "answers",
            kw,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--answers",
                    metavar="FILE",
                    help="Read answers from a JSON object or a FHIR QuestionnaireResponse in FILE ('-' for standard input). Flags win over the file.",
                ),
            ],
        ),
        param(
            "format",
            kw,
            default=None,
            annotation=Annotated[
                one_of(FORMATS) | None,
                typer.Option(
                    "--format",
                    metavar="[" + "|".join(FORMATS) + "]",
                    help="Output format (default panel).",
                    case_sensitive=False,
                ),
            ],
        ),
        param(
            "details",
            kw,
            default=False,
            annotation=Annotated[
                bool,
                typer.Option(
                    "--details",
                    help="Show the whole result in the panel: alternatives, how it was decided, causes, "
                    "treatment notes, look-alikes, blood tests, the questions not answered, sources.",
                ),
            ],
        ),
        param(
            "json",
            kw,
            default=False,
            annotation=Annotated[
                bool, typer.Option("--json", help="Print the result as JSON (same as --format json).")
            ],
        ),
        param(
            "fields",
            kw,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option("--fields", metavar="KEY,KEY,...", help="With --json: only these keys of the result."),
            ],
        ),
        param(
            "save",
            kw,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--save",
                    metavar="FILE",
                    help="Also save the result, dated: a report to print or show a doctor (.html, .htm) or a picture of the panel (.svg).",
                ),
            ],
        ),
        param(
            "force",
            kw,
            default=False,
            annotation=Annotated[bool, typer.Option("--force", help="Replace --save FILE if it exists.")],
        ),
    ]
    return inspect.Signature(params, return_annotation=None)


# Typer reads the options of a command from the signature of its function. Those of
# `triage` are data (one for each question of the bank), so its signature is made from
# them: inspect.signature(), which Typer calls, returns a function's __signature__.
triage_command.__signature__ = _triage_signature()  # type: ignore[attr-defined]
app.command("triage", help=TRIAGE_HELP)(triage_command)


def values_as_given(command: Any) -> Any:
    """``command`` (and its subcommands), each option that may be left out taking its value
    as the command line gives it: a text, a yes/no flag, or None when it is not given.

    calcinosis checks every value itself, naming the flag. Left to Typer, each value
    would be checked again by a pydantic TypeAdapter, one built for each option, pydantic
    loaded for the first: some 100 ms of every start-up (measured; see the README), and
    Typer's own message for a bad choice instead of ours. So the step of Click that turns
    what the command line gave into the parameter's value, ``process_value``, is the one
    below for these options: it calls the option's callback, if any, and nothing else."""
    for sub in getattr(command, "commands", {}).values():
        values_as_given(sub)
    for param in command.get_params(command.context_class(command)):  # --help included
        if not param.required and not param.multiple and param.nargs == 1:
            param.process_value = _as_given(param)
    return command


def _as_given(param: Any) -> Callable[[Any, Any], Any]:
    def process_value(ctx: Any, value: Any) -> Any:
        return value if param.callback is None else param.callback(ctx, param, value)

    return process_value


def app_command() -> Any:
    """The click command of the app, as ``calcinosis`` runs it."""
    return values_as_given(typer.main.get_command(app))


# --- questions, types, schema ----------------------------------------------


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


@app.command("questions")
def questions_command(
    fmt: Annotated[
        QuestionsFormat | None,
        typer.Option(
            "--format",
            metavar="[" + "|".join(QUESTIONS_FORMATS) + "]",
            help="Output format (default table); fhir: a FHIR R4 Questionnaire; fhir-bundle: it with its code systems.",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the question bank as JSON (same as --format json).")
    ] = False,
) -> None:
    """List every question: id, flag, allowed values, the question as asked, and when it is asked.

    Examples: calcinosis questions --json; calcinosis questions --format fhir
    """
    chosen = resolve_format(fmt, as_json, QUESTIONS_FORMATS, default="table")
    if chosen == "json":
        sys.stdout.write(json_text(questions_as_data()))
        return
    if chosen == "fhir":
        from .render.fhir import questionnaire

        sys.stdout.write(json_text(questionnaire()))
        return
    if chosen == "fhir-bundle":
        from .render.fhir import questionnaire_bundle

        sys.stdout.write(json_text(questionnaire_bundle()))
        return
    from rich.table import Table

    from .render.console import terminal_console

    table = Table(title="The questions, in the order they are asked", show_lines=True)
    table.add_column("flag", no_wrap=True)
    for column in ("question", "values", "asked"):
        table.add_column(column, overflow="fold")
    for q in QUESTIONS:
        table.add_row(q.flag, q.text, ", ".join(q.values), q.ask_when.describe())
    terminal_console().print(table)


def card_as_data(card: TypeCard) -> dict[str, Any]:
    def fact(text: str, sources: tuple[str, ...]) -> dict[str, Any]:
        return {
            "text": text,
            "sources": [{"title": SOURCES[s].title, "url": SOURCES[s].url} for s in sources],
        }

    return {
        "id": card.id,
        "name": card.name,
        "summary": card.summary.text,
        "blood_levels": card.blood_levels.text,
        "typical_causes": [c.text for c in card.causes],
        "typical_sites": [f.text for f in card.sites],
        "treatment_notes": [f.text for f in card.treatment],
        "see_a_doctor": card.see_doctor.text,
        "facts": [fact(f.text if isinstance(f, Fact | Cause) else f.display, f.sources) for f in card.facts],
        "sources": [{"title": SOURCES[s].title, "url": SOURCES[s].url} for s in card.source_ids],
        "codes": [{"system": c.system, "code": c.code, "display": c.display} for c in card.codes],
        # Conditions that are not calcinosis but can look like it; ids as in a result's look_alikes.
        "look_alikes": [
            {
                "id": x.id,
                "name": x.name,
                "tells_apart": x.tells_apart.text,
                "facts": [fact(f.text, f.sources) for f in x.facts],
            }
            for x in LOOK_ALIKES.values()
        ],
    }


@app.command("types")
def types_command(
    type_id: Annotated[
        TypeId | None,
        typer.Argument(
            metavar="TYPE",
            help="One of: " + ", ".join(TYPE_IDS),
            show_default=False,
            show_choices=False,
            case_sensitive=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the cards as JSON.")] = False,
) -> None:
    """Show the reference card of every type (or one): what it is, blood levels, causes, sites, treatment.

    Example: calcinosis types calciphylaxis
    """
    if type_id is not None and type_id.strip().lower() not in TYPES:
        raise UsageError(f"TYPE: {quoted(type_id)} is not one of: {', '.join(TYPE_IDS)}", "type")
    cards = [TYPES[type_id.strip().lower()]] if type_id else list(TYPES.values())
    if as_json:
        sys.stdout.write(json_text([card_as_data(c) for c in cards]))
        return
    from .render.card import render_cards
    from .render.console import terminal_console

    render_cards(cards, terminal_console())


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema (draft 2020-12) of one triage result.

    Example: calcinosis schema > result.schema.json
    """
    sys.stdout.write(json_text(result_schema()))


# --- batch -------------------------------------------------------------------

BATCH_HELP = """Triage many cases: one result per case, in order, streamed as it goes.

Input: JSON Lines (one answers object a line) or CSV (a header row of question
ids, calcium_value, phosphate_value, units; empty cells are unknown), chosen by
--input-format or the file's ending (.jsonl, .ndjson, .json, .csv); standard
input is JSON Lines unless told otherwise. A line that is a FHIR
QuestionnaireResponse is read as one (--input-format fhir: every line is). A case's
"id" field (--id-field NAME) is echoed as "id" in its result. A bad case gives an
error line {"line": N, "error": {"message": ...}} (in FHIR output an
OperationOutcome) and the run goes on; the status is then 1.

Long inputs are triaged by worker processes side by side (--jobs); the output is
the same, in the same order, as with --jobs 1.

Examples:

  calcinosis batch cases.jsonl > results.jsonl

  calcinosis batch cases.csv --format csv --output results.csv

  calcinosis batch cases.jsonl --format fhir > responses.ndjson

  cat cases.jsonl | calcinosis batch | jq -r '.suggested_type.id'
"""


@app.command("batch", help=BATCH_HELP)
def batch_command(
    file: Annotated[
        str | None,
        typer.Argument(metavar="FILE", help="The cases; '-' or nothing reads standard input.", show_default=False),
    ] = None,
    input_format: Annotated[
        BatchInputFormat | None,
        typer.Option(
            "--input-format",
            metavar="[" + "|".join(BATCH_INPUT_FORMATS) + "]",
            help="Format of the cases (default: from the ending); fhir: one QuestionnaireResponse a line.",
            case_sensitive=False,
        ),
    ] = None,
    output_format: Annotated[
        BatchOutputFormat,
        typer.Option(
            "--format",
            metavar="[" + "|".join(BATCH_OUTPUT_FORMATS) + "]",
            help="Format of the results (default jsonl); fhir: one FHIR QuestionnaireResponse a line; "
            "fhir-bundle: one Bundle a line.",
            show_default=False,
            case_sensitive=False,
        ),
    ] = "jsonl",
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE, complete or not at all (default standard output)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --output FILE if it exists.")] = False,
    jobs: Annotated[
        str | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Worker processes (default: one per CPU, at most 8; 1: all in this process).",
            show_default=False,
        ),
    ] = None,
    id_field: Annotated[
        str | None,
        typer.Option(
            "--id-field",
            metavar="NAME",
            help='The field of a case that identifies it, echoed as "id" (default id).',
            show_default=False,
        ),
    ] = None,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="KEY,KEY,...",
            help="Only these keys of each result (JSON Lines and CSV).",
            show_default=False,
        ),
    ] = None,
) -> None:
    from . import batch
    from .files import stop_on_signals

    workers = batch.jobs_for(jobs)
    source = batch.source_for(file)
    in_format = batch.input_format_for(source, input_format)
    out_format = batch.output_format_for(output_format)
    keys = batch.fields_for(fields, out_format)
    name, named = batch.id_field_for(id_field)
    shape = batch.Shape(name, keys, named and out_format == "csv", in_format == "fhir")
    progress = batch.ProgressBar(source) if batch.wants_progress(source, output) else None
    with stop_on_signals(), batch.output_stream(output, force=force) as stream:
        report = batch.run_batch(
            source,
            input_format=in_format,
            output_format=out_format,
            output=stream,
            progress=progress,
            jobs=workers,
            shape=shape,
        )
    if report.errors:
        raise typer.Exit(1)


# --- the entry point ---------------------------------------------------------


def main() -> None:
    """Run the app; turn our errors into exit 2, Ctrl-C / Ctrl-D into exit 130, a closed
    output pipe into 141 (quietly), and a signal that ends the run into 128 + its number.

    This is the one place that writes ``Error:`` lines: whatever a message quotes, no
    control or bidirectional character reaches the terminal raw."""
    from .errors import Cancelled, Stopped

    _prepare_standard_streams()
    _completion_on_one_line()
    try:
        # Not standalone: Typer then returns exit codes instead of exiting, and
        # leaves our own exceptions to us.
        code = _run()
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
    except UsageError as error:
        _report(f"Error: {printable(error.message)}\n")
        sys.exit(EXIT_USAGE)
    except (KeyboardInterrupt, EOFError, Cancelled, typer.Abort):
        code = EXIT_CANCELLED
    except Stopped as stopped:
        _silence_stdout()
        sys.exit(128 + stopped.signum)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except MemoryError:
        _silence_stdout()
        _report("Error: out of memory: the run needs more memory than this process may use (see ulimit -v)\n")
        sys.exit(EXIT_USAGE)
    except OSError as error:  # standard output closed or full, standard input closed
        _silence_stdout()
        _report(f"Error: input or output failed: {error.strerror or error}\n")
        sys.exit(EXIT_USAGE)
    except Exception as error:  # Typer's own usage errors (unknown flag, missing value)
        show = getattr(error, "show", None)
        if show is None:
            raise
        import io

        shown = io.StringIO()
        show(file=shown)
        _report(shown.getvalue())
        sys.exit(getattr(error, "exit_code", EXIT_USAGE))
    if code == EXIT_CANCELLED:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the goodbye short
        _report("\nCancelled.\n")
    sys.exit(code if isinstance(code, int) else 0)


def _run() -> Any:
    """Run the command line's command. Click meets a closed output pipe (EPIPE) by putting
    a stand-in of its own in ``sys.stdout`` and exiting 1: that is seen here, and
    raised again as the broken pipe it was."""
    stdout = sys.stdout
    try:
        return app_command().main(standalone_mode=False)
    except SystemExit:
        if sys.stdout is stdout:
            raise
        import errno
        import os

        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE)) from None


def _report(text: str) -> None:
    """Write a message to stderr, every line of it with its unprintable characters escaped."""
    sys.stderr.write("\n".join(map(printable, text.split("\n"))))
    sys.stderr.flush()


class _ClosedStream:
    """Stands in for a standard stream the program was started without (``<&-``,
    ``>&-``): any use fails with an OSError that ``main`` reports."""

    encoding = "utf-8"

    def __init__(self, name: str) -> None:
        self.name = name

    def _closed(self, *args: object) -> NoReturn:
        import errno

        raise OSError(errno.EBADF, f"standard {self.name} is closed")

    read = read1 = readline = write = fileno = _closed

    @property
    def buffer(self) -> "_ClosedStream":
        return self

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _prepare_standard_streams() -> None:
    """Closed input and output fail clearly, a closed stderr takes what is said in
    silence; in a locale that is not UTF-8, text that the terminal cannot show is
    replaced rather than crashing the output."""
    import os

    if sys.stdin is None:
        sys.stdin = _ClosedStream("input")  # type: ignore[unreachable,unused-ignore]
    if sys.stdout is None:
        sys.stdout = _ClosedStream("output")  # type: ignore[unreachable,unused-ignore]
    if sys.stderr is None:  # started without it (2>&-): messages go nowhere; the status still tells
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # type: ignore[unreachable,unused-ignore]  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if reconfigure is not None and encoding not in ("utf8", "utf8sig"):
            reconfigure(errors="replace")


def _completion_on_one_line() -> None:
    """When a shell asks what to complete: Typer passes the help of each flag it offers zsh
    or fish through Rich, which wraps it at the width of the output (80 columns in a pipe),
    and the shell would take each wrapped line for one more thing to offer. A width no
    help reaches keeps one item a line."""
    import os

    if os.environ.get("_CALCINOSIS_COMPLETE"):
        os.environ["COLUMNS"] = "100000"


def _silence_stdout() -> None:
    """After a failed write, send what is left to /dev/null so that Python's own
    flush at exit does not fail a second time."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
