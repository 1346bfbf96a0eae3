"""The command line: parse, call the library, render, exit. Nothing else.

``app`` is the Typer app and :func:`main` the program ``calcinosis`` runs. The commands
live beside this module: ``triage`` (its answer flags generated from the question bank),
``reference`` (``questions``, ``types``, ``schema``) and ``batch_command``; ``formats``
holds the choices and writes a result, ``streams`` the standard streams, ``command`` the
Click command the app becomes. Rich and the batch library are imported only by the
commands that use them, so ``triage --json`` starts fast. Only public names of Typer are
used (tests/test_private_names.py holds it).
"""

import sys
from typing import Annotated, Any

import typer

from ..errors import Cancelled, Stopped, UsageError, printable
from ..interactive import PROMPT_MODES
from ..version import __version__
from .batch_command import BATCH_HELP, batch_command
from .command import values_as_given
from .formats import (
    BATCH_INPUT_FORMATS,
    BATCH_OUTPUT_FORMATS,
    FORMATS,
    QUESTIONS_FORMATS,
    emit,
    one_of,
    resolve_format,
)
from .reference import card_as_data, questions_as_data, questions_command, schema_command, types_command
from .streams import completion_on_one_line, prepare_standard_streams, report, silence_stdout
from .triage import TRIAGE_HELP, read_answers_file, triage_command

__all__ = [
    "BATCH_INPUT_FORMATS",
    "BATCH_OUTPUT_FORMATS",
    "EXIT_BROKEN_PIPE",
    "EXIT_CANCELLED",
    "EXIT_USAGE",
    "FORMATS",
    "PROMPT_MODES",
    "QUESTIONS_FORMATS",
    "app",
    "app_command",
    "card_as_data",
    "emit",
    "main",
    "one_of",
    "questions_as_data",
    "read_answers_file",
    "resolve_format",
    "triage_command",
    "values_as_given",
]

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

EXIT_USAGE = 2
EXIT_CANCELLED = 130
# The reader of standard output has gone (contract 1.1): the status of a process that
# SIGPIPE ended, as a shell reports it; Windows has no such signal.
EXIT_BROKEN_PIPE = 1 if sys.platform == "win32" else 141


def main() -> None:
    """Run the app; turn our errors into exit 2, Ctrl-C / Ctrl-D into exit 130, a closed
    output pipe into 141 (quietly), and a signal that ends the run into 128 + its number.

    This is the one place that writes ``Error:`` lines: whatever a message quotes, no
    control or bidirectional character reaches the terminal raw."""
    prepare_standard_streams()
    completion_on_one_line()
    try:
        # Not standalone: Typer then returns exit codes instead of exiting, and
        # leaves our own exceptions to us.
        code = run()
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
    except UsageError as error:
        report(f"Error: {printable(error.message)}\n")
        sys.exit(EXIT_USAGE)
    except (KeyboardInterrupt, EOFError, Cancelled, typer.Abort):
        code = EXIT_CANCELLED
    except Stopped as stopped:
        silence_stdout()
        sys.exit(128 + stopped.signum)
    except BrokenPipeError:
        silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except MemoryError:
        silence_stdout()
        report("Error: out of memory: the run needs more memory than this process may use (see ulimit -v)\n")
        sys.exit(EXIT_USAGE)
    except OSError as error:  # standard output closed or full, standard input closed
        silence_stdout()
        report(f"Error: input or output failed: {error.strerror or error}\n")
        sys.exit(EXIT_USAGE)
    except Exception as error:  # Typer's own usage errors (unknown flag, missing value)
        show = getattr(error, "show", None)
        if show is None:
            raise
        report(shown(show))
        sys.exit(getattr(error, "exit_code", EXIT_USAGE))
    if code == EXIT_CANCELLED:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the goodbye short
        report("\nCancelled.\n")
    sys.exit(code if isinstance(code, int) else 0)


def run() -> Any:
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


def shown(show: Any) -> str:
    """What a Click error's ``show(file=...)`` writes."""
    import io

    text = io.StringIO()
    show(file=text)
    return text.getvalue()


def app_command() -> Any:
    """The click command of the app, as ``calcinosis`` runs it."""
    return values_as_given(typer.main.get_command(app))


# --- the commands, in the order --help lists them ----------------------------------


def show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"calcinosis {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=show_version, is_eager=True)
    ] = False,
) -> None:
    """A triage questionnaire about calcinosis. General information, not medical advice."""


# Each with a summary that fits the list of commands at 80 columns (Click cuts a longer
# first sentence short with "...").
app.command("triage", help=TRIAGE_HELP, short_help="Suggest the type that fits the answers best, with reasons.")(
    triage_command
)
app.command("questions", short_help="List every question: its id, flag, values and wording.")(questions_command)
app.command("types", short_help="Show the reference card of every type, or of one.")(types_command)
app.command("schema", short_help="Print the JSON Schema (draft 2020-12) of one triage result.")(schema_command)
app.command("batch", help=BATCH_HELP, short_help="Triage many cases: one result per case, in order, streamed.")(
    batch_command
)
