"""Menus on a capable terminal: :class:`MenuTerminal` asks with questionary (on
prompt_toolkit), which is imported only here, only when a menu is shown; its keys let a
person pick a choice by arrow keys and Enter, by number, or by its first letters.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import Cancelled
from ..questions import UNKNOWN, Question
from .replies import BACK_WORDS, HELP_WORDS, MEASURED, UNKNOWN_WORDS
from .terminal import PlainTerminal


class MenuTerminal(PlainTerminal):
    """Menus on a capable terminal (questionary on prompt_toolkit): arrow keys and Enter,
    the number of a choice, or its first letters; ``?`` explains, ``q`` quits."""

    def __init__(self) -> None:
        super().__init__()
        from prompt_toolkit.output import create_output

        self.pointed: str | None = None  # the choice a question's menu starts at, if not the first

        self.output = create_output(stdout=sys.stderr)

    def question(self, title: str, number: int, question: Question, earlier: str | None) -> str:
        from rich.text import Text

        self._print("", Text(title, style="dim"), Text(question.text, style="bold"))
        if earlier:
            self._print(Text(f"Your answer was: {earlier}.", style="dim"))
        # The pointer starts at the earlier answer, so that Enter keeps it.
        self.pointed = next((value for value, label in question.choices if label == earlier), None)
        return self.again(number, question)

    def again(self, number: int, question: Question) -> str:
        from questionary import Choice, Separator

        width = self.console.width
        choices: list[Any] = [
            Choice(_wrapped(f"{i}. {label}", width, len(f"{i}. ")), value)
            for i, (value, label) in enumerate(question.choices, 1)
        ]
        extras = [("Type the value from the report", "#value")] if question.id in MEASURED else []
        extras.append(("Explain this question (?)", "?"))
        if number > 1:
            extras.append(("Go back", "back"))
        extras.append(("Quit (q)", "quit"))
        choices.append(Separator(" "))
        choices.extend(Choice(_wrapped(title, width, 0), value) for title, value in extras)
        return self._menu("Answer", choices, question.id, self.pointed)

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

        choices: list[Any] = [Choice("See the result", ""), Separator(" ")]
        for i, (question, words) in enumerate(answers, 1):
            title = _wrapped(f"{i}. {words} · {question.text}", self.console.width, len(f"{i}. "))
            choices.append(Choice(title, str(i)))
        if not again:
            self._print("", Text("Your answers (choose one to change it):", style="bold"))
        return self._menu("Change one, or see the result", choices)

    def details(self) -> bool:
        import questionary

        self.flush()
        message = _fitted("Show the details as well?", self.console.width)
        prompt = questionary.confirm(message, default=False, qmark="", auto_enter=True, output=self.output)
        return bool(_run(prompt))

    def _menu(self, message: str, choices: list[Any], question_id: str = "", pointed: str | None = None) -> str:
        import questionary

        self.flush()
        width = self.console.width
        menu = questionary.select(
            _fitted(message, width),
            choices=choices,
            default=pointed,
            qmark="",
            # An empty instruction would be questionary's own, "(Use arrow keys)", cut at the edge.
            instruction=_instruction(message, width) or " ",
            use_jk_keys=False,
            output=self.output,
            erase_when_done=True,
        )
        _type_ahead(menu, question_id)
        return str(_run(menu))


# How to answer a menu, shortest last: the longest that fits beside the message is shown.
INSTRUCTIONS = (
    "(↑/↓ and Enter, or a number or first letters)",
    "(↑/↓ and Enter, or a number)",
    "(↑/↓, Enter)",
)


def _instruction(message: str, width: int) -> str:
    """The longest of :data:`INSTRUCTIONS` that fits on the message's line at ``width``
    columns (a space before the message, one between), so that none is cut mid-word;
    none where even the shortest would not fit (the keys are those of every menu before)."""
    room = width - len(message) - 3
    return next((text for text in INSTRUCTIONS if len(text) <= room), "")


def _fitted(message: str, width: int) -> str:
    """``message`` in lines of whole words that fit ``width`` columns after the space a
    menu draws before it (and the one after it)."""
    import textwrap

    return "\n ".join(textwrap.wrap(message, max(width - 2, 10), break_on_hyphens=False)) or message


# What a menu draws before each choice (the pointer, or as many spaces).
POINTER_WIDTH = 3


def _wrapped(title: str, width: int, hang: int) -> str:
    """``title`` in lines that fit ``width`` columns (the last one left free, where the
    menu would wrap) after the menu's pointer, the lines after the first under the words
    after its number (``hang`` columns), or under the pointer's room where a word would not
    fit there: words whole, never cut."""
    import textwrap

    room = max(width - 1, POINTER_WIDTH + 10)
    longest = max((len(word) for word in title.split()), default=0)
    if POINTER_WIDTH + hang + longest > room:
        hang = 0
    lines = textwrap.wrap(
        " " * POINTER_WIDTH + title,  # the first line's room for the pointer, taken off again below
        room,
        subsequent_indent=" " * (POINTER_WIDTH + hang),
        break_on_hyphens=False,
        break_long_words=False,
    )
    return "\n".join(lines)[POINTER_WIDTH:] or title


def _run(prompt: Any) -> Any:
    """Run a questionary prompt; Ctrl-C and Ctrl-D cancel."""
    try:
        return prompt.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise Cancelled from None


def _type_ahead(menu: Any, question_id: str = "") -> None:
    """Keys for a questionary menu: digits pick that choice, letters the first choice whose
    words start with them (see :func:`_pointer`); ``?`` and ``q`` explain and quit at once;
    Ctrl-D cancels."""
    import time

    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    app = menu.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    point = _pointer(control, question_id)
    typed: dict[str, Any] = {"text": "", "at": 0.0}
    keys = KeyBindings()

    def key(event: Any) -> None:
        char = event.data.lower().replace("\u2019", "'")
        now = time.monotonic()
        text = typed["text"] if now - typed["at"] < 1.5 else ""
        typed["at"] = now
        if char == "q" and (not text or text.isdigit()):  # no choice starts with q: it quits, as in the line protocol
            event.app.exit(result="quit")
        elif point(text + char):
            typed["text"] = text + char
        elif point(char):
            typed["text"] = char  # a fresh start: what was typed before matches nothing with it
        else:
            # Kept though it matches nothing yet: "18 or older" is choice 4 by its words, though
            # "18" is no choice's number.
            typed["text"] = text + char

    for char in "abcdefghijklmnopqrstuvwxyz0123456789 '\u2019":
        keys.add(char, eager=True)(key)

    @keys.add("?", eager=True)
    def explain(event: Any) -> None:
        event.app.exit(result="?")

    @keys.add("c-d", eager=True)
    def cancel(event: Any) -> None:
        event.app.exit(exception=EOFError)

    _no_hidden_text(keys, point)
    app.key_bindings = merge_key_bindings([app.key_bindings, keys])


def _pointer(control: Any, question_id: str) -> Callable[[str], bool]:
    """What points a menu's choice at the text typed: a number at that choice, words at the
    first choice they start, and the words of the line protocol that match no choice ("i
    don't know", "back", "help") at theirs; whether it found one. At a blood-test question
    "n" and "no" point at "I don't know", not at "Normal": a person who had no blood test
    means that (as the line protocol asks)."""
    titles = [str(c.title).lower() for c in control.choices]
    words = [re.sub(r"^\d+\.\s*", "", t) for t in titles]

    def point(text: str) -> bool:
        if text.isdigit():
            hits = [i for i, t in enumerate(titles) if t.startswith(f"{int(text)}.")]
        elif question_id in MEASURED and text in ("n", "no"):
            hits = [i for i, c in enumerate(control.choices) if c.value == UNKNOWN]
        else:
            hits = [i for i, w in enumerate(words) if w.startswith(text) and not control.choices[i].disabled]
            for typed_words, value in ((UNKNOWN_WORDS, UNKNOWN), (BACK_WORDS, "back"), (HELP_WORDS, "?")):
                if not hits and any(word.startswith(text) for word in typed_words):
                    # "i don't know" in words: its "n" alone must not point at "No" or "Newborn"
                    hits = [i for i, c in enumerate(control.choices) if c.value == value]
        if hits:
            control.pointed_at = hits[0]
        return bool(hits)

    return point


def _no_hidden_text(keys: Any, point: Callable[[str], bool]) -> None:
    """Behind a menu lies a line of text, never shown: the keys that would edit it or hand
    it on do nothing (Ctrl-Z drew "^Z" beside the instruction; Esc then Enter answered the
    menu with nothing), and text pasted points at the choice its first line starts, as if
    typed, instead of being drawn beside the instruction."""

    def ignore(event: Any) -> None:
        pass

    for sequence in (("escape", "enter"), ("c-z",), ("c-v",)):
        keys.add(*sequence, eager=True)(ignore)

    def paste(event: Any) -> None:
        first = (event.data.strip().lower().splitlines() or [""])[0]
        if first:
            point(" ".join(first.split()))

    keys.add("<bracketed-paste>", eager=True)(paste)
