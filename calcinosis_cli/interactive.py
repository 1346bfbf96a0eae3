"""The adaptive questionnaire: which question comes next, how a reply is read, and the
prompt loop (contract 1.1, "When it prompts").

The loop asks the questions :func:`.tree.relevance.next_questions` still finds relevant,
emergency questions first, echoes each answer in words, and, before the result, offers a
review in which any answer can be changed; once the summary is shown, it offers the
details (only when the result is drawn on a terminal). It talks to the person through a small
:class:`Terminal`: :class:`PlainTerminal` keeps the line protocol of 1.0 (numbered choices,
plain lines, for screen readers and ``TERM=dumb``), :class:`MenuTerminal` shows menus
(arrow keys and Enter, the number, or the first letters) with questionary, which is
imported only here, only when prompting.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .answers import parse_answers
from .errors import Cancelled, UsageError, quoted
from .knowledge import BOUNDS
from .questions import QUESTIONS_BY_ID, UNITS, UNKNOWN, UNKNOWN_LABEL, Question
from .tree.relevance import is_urgent, next_questions

BACK_WORDS = ("back", "b", "<")
HELP_WORDS = ("?", "help")
QUIT_WORDS = ("q", "quit", "exit")
UNKNOWN_WORDS = ("unknown", "i don't know", "i dont know", "idk", "dk", "don't know", "dont know")
MAX_SHOWN = 40
# The questions a measured value can answer (contract 1.1, "Measured values").
MEASURED = ("calcium", "phosphate")
PROMPT_MODES = ("auto", "menu", "plain")


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Invalid:
    reason: str


@dataclass(frozen=True)
class Measured:
    """A number typed at the calcium or phosphate question, with its unit if one was typed."""

    number: str
    units: str | None


Reply = str | Back | Help | Quit | Invalid | Measured

_NUMBER = re.compile(r"([+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))\s*(.*)")
_UNIT_WORDS = {"mg/dl": "mg/dl", "mg": "mg/dl", "mg/100ml": "mg/dl", "mmol/l": "mmol/l", "mmol": "mmol/l"}


def read_reply(question: Question, typed: str) -> Reply:
    """Read what a person typed: a value, its number, its label, an unambiguous prefix,
    "unknown" (or "I don't know"), ``?`` for help, ``back``, ``q`` to quit; at the calcium
    and phosphate questions also a measured value, with or without its unit."""
    text = " ".join(typed.strip().lower().split())
    if not text:
        return Invalid("Please type an answer (a number or a word); ? explains the question.")
    if text in HELP_WORDS:
        return Help()
    if text in BACK_WORDS:
        return Back()
    if text in QUIT_WORDS:
        return Quit()
    if text in UNKNOWN_WORDS:
        return UNKNOWN
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(question.values):
        return question.values[int(text) - 1]
    if question.id in MEASURED and (number := _NUMBER.fullmatch(text)) is not None:
        unit = number.group(2).replace(" ", "")
        if unit and unit not in _UNIT_WORDS:
            return Invalid(
                f"{quoted(number.group(2), MAX_SHOWN)} is not a unit this program reads: type mg/dl or mmol/l."
            )
        return Measured(number.group(1), _UNIT_WORDS.get(unit))
    if text.isascii() and text.isdigit():
        return Invalid(f"There is no choice {int(text)}: type a number from 1 to {len(question.values)}.")
    typed_value = "-".join(text.replace("_", " ").split())  # spaces or underscores for hyphens
    for value, label in question.choices:
        if text in (value, label.lower()) or typed_value == value:
            return value
    if text in ("y", "n") and {"yes", "no"} <= set(question.values):
        return "yes" if text == "y" else "no"
    matches = [
        v
        for v, label in question.choices
        if v.startswith(text) or v.startswith(typed_value) or label.lower().startswith(text)
    ]
    if len(matches) == 1:
        return matches[0]
    shown = quoted(typed.strip(), MAX_SHOWN)
    if matches:
        return Invalid(f"{shown} could be {', '.join(matches)}: type a little more.")
    return Invalid(f"{shown} is not one of the choices: {', '.join(question.values)}.")


def _value_name(key: str) -> str:
    """How the prompts name a field in a message about a typed value."""
    return {"units": "the unit"}.get(key, "the " + key.replace("_", " "))


def read_measured(analyte: str, reply: Measured, known: Mapping[str, object]) -> dict[str, object] | Invalid:
    """The answers a typed value gives (``calcium_value``, perhaps ``units``), checked as
    every other input is (:func:`.answers.parse_answers`); or why it cannot be read."""
    given = known.get("units")
    given_units = given.strip().lower() if isinstance(given, str) and given.strip() else None
    units = reply.units or given_units
    others = [a for a in MEASURED if a != analyte and f"{a}_value" in known]
    if reply.units and given_units and reply.units != given_units and others:
        return Invalid(f"The {others[0]} was given in {given_units}: type the {analyte} in {given_units} too.")
    number = reply.number
    try:
        value = float(number.replace(",", "."))
    except ValueError:  # pragma: no cover - the pattern of Measured reads only numbers
        return Invalid(f"{quoted(number)} is not a number.")
    if units is None:
        other = "mmol/l"
        if not BOUNDS[analyte]["mg/dl"].ordinary.holds(value) and BOUNDS[analyte][other].ordinary.holds(value):
            return Invalid(
                f"{value:g} could be a {analyte} in mmol/l or in mg/dl: type it with its unit, "
                f"such as {value:g} mmol/l (or {value:g} mg/dl)."
            )
    elif not BOUNDS[analyte][units].possible.holds(value):
        other = UNITS[1] if units == UNITS[0] else UNITS[0]
        if BOUNDS[analyte][other].ordinary.holds(value):
            return Invalid(
                f"{value:g} {units} is not a {analyte} a living person can have; {value:g} {other} would be "
                f"ordinary: type {value:g} {other} if that is what the report says."
            )
    fields: dict[str, object] = {f"{analyte}_value": number}
    if units is not None:
        fields["units"] = units
    try:
        parse_answers({**{k: v for k, v in known.items() if k != analyte}, **fields}, name=_value_name)
    except UsageError as error:
        return Invalid(error.message[:1].upper() + error.message[1:])
    return fields


def describe_measured(analyte: str, known: Mapping[str, object]) -> str:
    """A typed value in words: "10.5 mg/dl: high (adult range 8.6 to 10.3 mg/dl)"."""
    labs = parse_answers(known).labs
    measurement = None if labs is None else labs.calcium if analyte == "calcium" else labs.phosphate
    if measurement is None:  # pragma: no cover - only called once a value is read
        return ""
    level = _level_words(measurement.level)
    text = (
        f"{analyte.capitalize()} {measurement.value:g} {measurement.units}: {level} "
        f"({measurement.range_label}: {measurement.low:g} to {measurement.high:g} {measurement.units})"
    )
    if measurement.severe:
        text += f"; in the range where very {measurement.severe} calcium can be dangerous"
    return text + "."


def _level_words(level: str) -> str:
    return "borderline for the age" if level == "borderline" else level


def answer_words(question: Question, known: Mapping[str, object]) -> str:
    """The answer to ``question`` in words, a typed value included."""
    if question.id in MEASURED and f"{question.id}_value" in known:
        labs = parse_answers(known).labs
        measurement = (labs.calcium if question.id == "calcium" else labs.phosphate) if labs else None
        if measurement is not None:
            return f"{measurement.value:g} {measurement.units} ({_level_words(measurement.level)})"
    value = known.get(question.id)
    return question.label_of(value) if isinstance(value, str) else UNKNOWN_LABEL


class Terminal(Protocol):
    """How the interview shows a question, reads a reply and says something."""

    def question(self, title: str, number: int, question: Question, earlier: str | None) -> str:
        """Show question ``number`` under ``title`` (``earlier``: the answer given before, in
        words); return the reply."""
        ...

    def again(self, number: int, question: Question) -> str:
        """Ask the question on screen once more; return the reply."""
        ...

    def value(self, question: Question) -> str:
        """Read a measured value typed for ``question`` (an empty reply: back to the choices)."""
        ...

    def review(self, answers: Sequence[tuple[Question, str]], again: bool) -> str:
        """Show the answers given, numbered (``again``: they are on screen already); return
        the number of one to change, or "" to go on."""
        ...

    def details(self) -> bool:
        """Ask whether to show the details after the summary; True for yes."""
        ...

    def say(self, text: str) -> None: ...


# What every plain prompt ends with; before it stands "Answer to question N", so that each
# prompt line names its question.
PROMPT = "(number or word, ? for help, back, q to quit): "
REVIEW_PROMPT = "Change an answer? Type its number, or press Enter to see the result: "
DETAILS_PROMPT = "Show the details as well? Type y for yes, or press Enter to finish: "
YES_WORDS = ("y", "yes")


def header(number: int, at_most: int) -> str:
    return f"Question {number} (the last one)" if number >= at_most else f"Question {number} of at most {at_most}"


def interview(given: Mapping[str, object], terminal: Terminal) -> dict[str, object]:
    """Ask what ``given`` does not answer and may still change the result; return the
    answers given at the prompts (question ids, and the measured values typed)."""
    asked: dict[str, object] = {}
    order: list[str] = []  # the questions answered, in the order asked
    earlier: dict[str, str] = {}  # an answer taken back or being changed, in words

    def known() -> dict[str, object]:
        return {**given, **asked}

    while True:
        todo = next_questions(known())
        if todo:
            number = len(order) + 1
            _ask(todo[0], number, header(number, len(order) + len(todo)), terminal, asked, order, earlier, given)
            continue
        if not order or is_urgent(known()):
            return asked
        choice = _review(terminal, [(QUESTIONS_BY_ID[q], answer_words(QUESTIONS_BY_ID[q], known())) for q in order])
        if choice is None:
            return asked
        question = QUESTIONS_BY_ID[order[choice]]
        earlier[question.id] = answer_words(question, known())
        _forget(question.id, asked)
        title = f"Changing answer {choice + 1}"
        _ask(question, choice + 1, title, terminal, asked, order, earlier, given, changing=True)


def _forget(question_id: str, asked: dict[str, object]) -> None:
    asked.pop(question_id, None)
    if question_id in MEASURED:
        asked.pop(f"{question_id}_value", None)
        if not any(f"{a}_value" in asked for a in MEASURED):
            asked.pop("units", None)


def _ask(
    question: Question,
    number: int,
    title: str,
    terminal: Terminal,
    asked: dict[str, object],
    order: list[str],
    earlier: dict[str, str],
    given: Mapping[str, object],
    changing: bool = False,
) -> bool:
    """Ask one question until it is answered (True) or the person goes back (False)."""
    typed = terminal.question(title, number, question, earlier.pop(question.id, None))
    while True:
        if typed == "#value":  # the menu's entry for a measured value
            typed = terminal.value(question)
            if not typed.strip():
                typed = terminal.again(number, question)
            continue
        reply = read_reply(question, typed)
        if isinstance(reply, Quit):
            raise Cancelled
        if isinstance(reply, Help):
            terminal.say(question.explain)
        elif isinstance(reply, Back):
            if changing:
                terminal.say("Choose an answer for this question: the others are kept.")
            elif order:
                last = QUESTIONS_BY_ID[order.pop()]
                earlier[last.id] = answer_words(last, {**given, **asked})
                _forget(last.id, asked)
                terminal.say(f"Back to question {number - 1}. Your answer was: {earlier[last.id]}.")
                return False
            else:
                terminal.say("This is the first question; there is nothing to go back to.")
        elif isinstance(reply, Invalid):
            terminal.say(reply.reason)
        elif isinstance(reply, Measured):
            fields = read_measured(question.id, reply, {**given, **asked})
            if isinstance(fields, Invalid):
                terminal.say(fields.reason)
            else:
                asked.update(fields)
                if question.id not in order:
                    order.append(question.id)
                terminal.say(describe_measured(question.id, {**given, **asked}))
                return True
        else:
            asked[question.id] = reply
            if question.id not in order:
                order.append(question.id)
            terminal.say(f"Your answer: {question.label_of(reply)}.")
            return True
        typed = terminal.again(number, question)


def _review(terminal: Terminal, answers: Sequence[tuple[Question, str]]) -> int | None:
    """The index of the answer to change, or None to go on to the result."""
    again = False
    while True:
        typed = terminal.review(answers, again).strip().lower()
        again = True
        if not typed:
            return None
        if typed in QUIT_WORDS:
            raise Cancelled
        if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(answers):
            return int(typed) - 1
        terminal.say(
            f"Type the number of an answer to change it (1 to {len(answers)}), or press Enter to see the result."
        )


# --- the terminals ---------------------------------------------------------------------------


class PlainTerminal:
    """The line protocol: numbered choices and plain lines, on standard error (standard
    output stays for the result). A question, its choices and the prompt are written in one
    piece, so that whatever watches the terminal sees the prompt as the last thing on screen."""

    def __init__(self) -> None:
        from .render.console import terminal_console

        self.console = terminal_console(stderr=True, highlight=False)
        self.pending = ""

    def _print(self, *renderables: Any) -> None:
        with self.console.capture() as captured:
            for renderable in renderables:
                self.console.print(renderable)
        self.pending += captured.get()

    def question(self, title: str, number: int, question: Question, earlier: str | None) -> str:
        from rich.text import Text

        lines: list[Any] = ["", Text(title, style="dim"), Text(question.text, style="bold")]
        if earlier:
            lines.append(Text(f"Your answer was: {earlier}.", style="dim"))
        for i, (value, label) in enumerate(question.choices, 1):
            lines.append(Text.assemble(f"  {i}. ", (label, "cyan"), (f"  [{value}]", "dim")))
        if question.id in MEASURED:
            lines.append(Text("  Or type the value from the report, such as 9.5 mg/dl or 2.4 mmol/l.", style="dim"))
        self._print(*lines)
        return self.again(number, question)

    def again(self, number: int, question: Question) -> str:
        return self.ask(f"Answer to question {number} {PROMPT}")

    def value(self, question: Question) -> str:  # pragma: no cover - plain replies carry the value
        return self.ask(f"The {question.id} value from the report: ")

    def review(self, answers: Sequence[tuple[Question, str]], again: bool) -> str:
        from rich.padding import Padding
        from rich.text import Text

        if again:
            return self.ask(REVIEW_PROMPT)
        lines: list[Any] = ["", Text("Your answers:", style="bold")]
        for i, (question, words) in enumerate(answers, 1):
            lines.append(Padding(Text.assemble(f"{i}. {question.text} ", (words, "cyan")), (0, 0, 0, 2)))
        self._print(*lines)
        return self.ask(REVIEW_PROMPT)

    def details(self) -> bool:
        return self.ask(DETAILS_PROMPT).strip().lower() in YES_WORDS

    def flush(self) -> None:
        """Write what is still waiting for a prompt (the last answer's echo)."""
        self.console.file.write(self.pending)
        self.console.file.flush()
        self.pending = ""

    def ask(self, prompt: str) -> str:
        """Read one line; raise :class:`Cancelled` on Ctrl-C or Ctrl-D."""
        self.console.file.write(self.pending + prompt)
        self.console.file.flush()
        self.pending = ""
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # cancelling: a second Ctrl-C changes nothing
            raise Cancelled from None
        if not line:
            raise Cancelled
        return line

    def say(self, text: str) -> None:
        from rich.padding import Padding
        from rich.text import Text

        self._print(Padding(Text(text, style="yellow"), (0, 0, 0, 2)))


class MenuTerminal(PlainTerminal):
    """Menus on a capable terminal (questionary on prompt_toolkit): arrow keys and Enter,
    the number of a choice, or its first letters; ``?`` explains, ``q`` quits."""

    def __init__(self) -> None:
        super().__init__()
        from prompt_toolkit.output import create_output

        self.output = create_output(stdout=sys.stderr)

    def question(self, title: str, number: int, question: Question, earlier: str | None) -> str:
        from rich.text import Text

        self._print("", Text(title, style="dim"), Text(question.text, style="bold"))
        if earlier:
            self._print(Text(f"Your answer was: {earlier}.", style="dim"))
        return self.again(number, question)

    def again(self, number: int, question: Question) -> str:
        from questionary import Choice, Separator

        choices: list[Any] = [Choice(f"{i}. {label}", value) for i, (value, label) in enumerate(question.choices, 1)]
        choices.append(Separator(" "))
        if question.id in MEASURED:
            choices.append(Choice("Type the value from the report", "#value"))
        choices.append(Choice("Explain this question (?)", "?"))
        if number > 1:
            choices.append(Choice("Go back", "back"))
        choices.append(Choice("Quit (q)", "quit"))
        return self._menu("Answer", choices)

    def value(self, question: Question) -> str:
        import questionary
        from rich.text import Text

        self._print(
            Text(
                "Type the number from the report with its unit, such as 9.5 mg/dl or 2.4 mmol/l; "
                "Enter alone goes back to the choices.",
                style="dim",
            )
        )
        self.flush()
        prompt = questionary.text(f"{question.id.capitalize()} value:", qmark="", output=self.output)
        return str(_run(prompt) or "")

    def review(self, answers: Sequence[tuple[Question, str]], again: bool) -> str:
        from questionary import Choice, Separator
        from rich.text import Text

        width = max(self.console.width - 8, 30)
        choices: list[Any] = [Choice("See the result", ""), Separator(" ")]
        for i, (question, words) in enumerate(answers, 1):
            title = f"{i}. {words} · {question.text}"
            choices.append(Choice(title if len(title) <= width else title[: width - 1] + "…", str(i)))
        if not again:
            self._print("", Text("Your answers (choose one to change it):", style="bold"))
        return self._menu("Change one, or see the result", choices)

    def details(self) -> bool:
        import questionary

        self.flush()
        prompt = questionary.confirm(
            "Show the details as well?", default=False, qmark="", auto_enter=True, output=self.output
        )
        return bool(_run(prompt))

    def _menu(self, message: str, choices: list[Any]) -> str:
        import questionary

        self.flush()
        menu = questionary.select(
            message,
            choices=choices,
            qmark="",
            instruction="(↑/↓ and Enter, or a number or first letters)",
            use_jk_keys=False,
            output=self.output,
            erase_when_done=True,
        )
        _type_ahead(menu)
        return str(_run(menu))


def _run(prompt: Any) -> Any:
    """Run a questionary prompt; Ctrl-C and Ctrl-D cancel."""
    try:
        return prompt.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise Cancelled from None


def _type_ahead(menu: Any) -> None:
    """Keys for a questionary menu: digits pick that choice, letters the first choice whose
    words start with them; ``?`` and ``q`` explain and quit at once; Ctrl-D cancels."""
    import time

    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    app = menu.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    titles = [str(c.title).lower() for c in control.choices]
    words = [re.sub(r"^\d+\.\s*", "", t) for t in titles]
    typed: dict[str, Any] = {"text": "", "at": 0.0}
    keys = KeyBindings()

    def point(text: str) -> bool:
        if text.isdigit():
            hits = [i for i, t in enumerate(titles) if t.startswith(f"{int(text)}.")]
        else:
            hits = [i for i, w in enumerate(words) if w.startswith(text) and control.choices[i].value is not None]
        if hits:
            control.pointed_at = hits[0]
        return bool(hits)

    def key(event: Any) -> None:
        char = event.data.lower()
        now = time.monotonic()
        text = typed["text"] if now - typed["at"] < 1.5 and typed["text"][-1:].isdigit() == char.isdigit() else ""
        typed["at"] = now
        if char == "q" and not text:  # no choice starts with q: it quits, as in the line protocol
            event.app.exit(result="quit")
        elif point(text + char):
            typed["text"] = text + char
        elif point(char):
            typed["text"] = char

    for char in "abcdefghijklmnopqrstuvwxyz0123456789":
        keys.add(char, eager=True)(key)

    @keys.add("?", eager=True)
    def explain(event: Any) -> None:
        event.app.exit(result="?")

    @keys.add("c-d", eager=True)
    def cancel(event: Any) -> None:
        event.app.exit(exception=EOFError)

    app.key_bindings = merge_key_bindings([app.key_bindings, keys])


def prompt_mode(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """ "menu" or "plain": ``--prompt``, else ``CALCINOSIS_PROMPT``, else menus on a capable
    terminal. ``TERM=dumb`` is always plain; so is a standard error that is no terminal."""
    env = os.environ if environ is None else environ
    chosen = option if option is not None else env.get("CALCINOSIS_PROMPT") or "auto"
    mode = chosen.strip().lower()
    if mode not in PROMPT_MODES:
        where = "--prompt" if option is not None else "CALCINOSIS_PROMPT"
        raise UsageError(f"{where}: {quoted(chosen)} is not one of: {', '.join(PROMPT_MODES)}", "prompt")
    if env.get("TERM", "") == "dumb" or mode == "plain":
        return "plain"
    if mode == "auto" and not (sys.stderr.isatty() and sys.stdin.isatty()):
        return "plain"
    return "menu"


def ask_questions(
    given: Mapping[str, object], mode: str = "plain"
) -> tuple[dict[str, object], Callable[[], bool] | None]:
    """Ask what ``given`` (the answers of the flags and the file) leaves open: the answers
    asked, and, when a question was asked and the result goes to a terminal, the offer of
    the details to make once the summary is shown (it returns True for yes)."""
    terminal: PlainTerminal
    if mode == "menu":
        try:
            terminal = MenuTerminal()
        except ImportError:  # pragma: no cover - questionary is a dependency; a broken install falls back
            terminal = PlainTerminal()
    else:
        terminal = PlainTerminal()
    try:
        asked = interview(given, terminal)
    finally:
        terminal.flush()
    offer = terminal.details if asked and sys.stdout.isatty() and sys.stderr.isatty() else None
    return asked, offer
