"""How the interview talks to the person: the :class:`Terminal` it asks through, the
prompts' words, and :class:`PlainTerminal`, the line protocol of 1.0 (numbered choices,
plain lines, for screen readers and ``TERM=dumb``). Rich is imported only to draw.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Protocol

from ..errors import Cancelled
from ..questions import Question
from .replies import MEASURED


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


class PlainTerminal:
    """The line protocol: numbered choices and plain lines, on standard error (standard
    output stays for the result). A question, its choices and the prompt are written in one
    piece, so that whatever watches the terminal sees the prompt as the last thing on screen."""

    def __init__(self) -> None:
        from ..render.console import terminal_console

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
