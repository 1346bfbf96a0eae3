"""The adaptive questionnaire: which question comes next, how a typed reply is
read, and the prompt loop. The loop talks to the person through a small
``Terminal`` so that it can be tested without one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .answers import parse_answers
from .errors import Cancelled, quoted
from .questions import QUESTIONS, UNKNOWN, Question
from .tree import triage

BACK_WORDS = ("back", "b", "<")
HELP_WORDS = ("?", "help")
UNKNOWN_WORDS = ("unknown", "i don't know", "i dont know", "idk", "dk", "don't know", "dont know")
MAX_SHOWN = 40


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Invalid:
    reason: str


Reply = str | Back | Help | Invalid


def read_reply(question: Question, typed: str) -> Reply:
    """Read what a person typed: a value, its number, its label, an unambiguous
    prefix, "unknown" (or "I don't know"), ``?`` for help, ``back``."""
    text = " ".join(typed.strip().lower().split())
    if not text:
        return Invalid("Please type an answer (a number or a word); ? explains the question.")
    if text in HELP_WORDS:
        return Help()
    if text in BACK_WORDS:
        return Back()
    if text in UNKNOWN_WORDS:
        return UNKNOWN
    if text.isascii() and text.isdigit():
        number = int(text)
        if 1 <= number <= len(question.values):
            return question.values[number - 1]
        return Invalid(f"There is no choice {number}: type a number from 1 to {len(question.values)}.")
    typed_value = "-".join(text.replace("_", " ").split())  # spaces or underscores for hyphens
    for value, label in question.choices:
        if text in (value, label.lower()) or typed_value == value:
            return value
    matches = [v for v, label in question.choices if v.startswith(text) or label.lower().startswith(text)]
    if len(matches) == 1:
        return matches[0]
    shown = quoted(typed.strip(), MAX_SHOWN)
    if matches:
        return Invalid(f"{shown} could be {', '.join(matches)}: type a little more.")
    return Invalid(f"{shown} is not one of the choices: {', '.join(question.values)}.")


def is_urgent(known: Mapping[str, str]) -> bool:
    """Whether what is known already makes the result urgent: then no answer can lower it
    (decision.md 1.1, §0), and the result is shown at once."""
    return triage(parse_answers(known)).urgency == "urgent"


def next_question(given: Mapping[str, str], asked: Mapping[str, str]) -> Question | None:
    """The first question, in interview order, not yet answered whose
    ``ask_when`` holds for what is known so far."""
    known = {**given, **asked}
    for question in QUESTIONS:
        if question.id not in known and question.ask_when.holds(known):
            return question
    return None


def could_still_be_asked(question: Question, known: Mapping[str, str]) -> bool:
    """False when what is known already rules the question out for good.

    A condition on a question not yet settled might still go either way.
    """
    outcomes = [c.holds(known) if c.question in known else None for c in question.ask_when.conditions]
    if not outcomes:
        return True
    if question.ask_when.behavior == "all":
        return False not in outcomes
    return True in outcomes or None in outcomes


def most_remaining(given: Mapping[str, str], asked: Mapping[str, str]) -> int:
    """How many questions may still be asked at most (this one included)."""
    known = {**given, **asked}
    return sum(1 for q in QUESTIONS if q.id not in known and could_still_be_asked(q, known))


class Terminal(Protocol):
    def show_question(self, number: int, remaining: int, question: Question) -> None: ...

    def ask(self, prompt: str) -> str:
        """Read one line; raise ``Cancelled`` on Ctrl-C or Ctrl-D."""
        ...

    def say(self, text: str) -> None: ...


# What every prompt ends with; before it stands "Answer to question N", so that each prompt
# line names its question.
PROMPT = "(number or word, ? for help, back): "


def interview(given: Mapping[str, str], terminal: Terminal) -> dict[str, str]:
    """Ask what ``given`` does not answer; return the answers typed."""
    asked: dict[str, str] = {}
    order: list[str] = []
    while not is_urgent({**given, **asked}) and (question := next_question(given, asked)) is not None:
        terminal.show_question(len(order) + 1, most_remaining(given, asked), question)
        while True:
            reply = read_reply(question, terminal.ask(f"Answer to question {len(order) + 1} {PROMPT}"))
            if isinstance(reply, Help):
                terminal.say(question.explain)
            elif isinstance(reply, Back):
                if order:
                    del asked[order.pop()]
                    break
                terminal.say("This is the first question; there is nothing to go back to.")
            elif isinstance(reply, Invalid):
                terminal.say(reply.reason)
            else:
                asked[question.id] = reply
                order.append(question.id)
                break
    return asked


class RichTerminal:
    """Prompts on standard error (standard output stays for the result).

    A question, its choices and the prompt are written in one piece, so that
    whatever watches the terminal sees the prompt as the last thing on screen.
    """

    def __init__(self) -> None:
        from .render.console import terminal_console

        self.console = terminal_console(stderr=True, highlight=False)
        self.pending = ""

    def show_question(self, number: int, remaining: int, question: Question) -> None:
        from rich.text import Text

        more = remaining - 1
        where = f"Question {number}" + (f" (at most {more} more)" if more else " (the last one)")
        with self.console.capture() as captured:
            self.console.print()
            self.console.print(Text(where, style="dim"))
            self.console.print(Text(question.text, style="bold"))
            for i, (value, label) in enumerate(question.choices, 1):
                self.console.print(Text.assemble(f"  {i}. ", (label, "cyan"), (f"  [{value}]", "dim")))
        self.pending += captured.get()

    def ask(self, prompt: str) -> str:
        import sys

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

        with self.console.capture() as captured:
            self.console.print(Padding(Text(text, style="yellow"), (0, 0, 0, 2)))
        self.pending += captured.get()


def ask_questions(given: Mapping[str, str]) -> dict[str, str]:
    return interview(given, RichTerminal())
