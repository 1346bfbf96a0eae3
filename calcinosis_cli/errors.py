"""The one error a user can cause (the command line turns it into exit status 2), and
the one way a message shows text that came from the input."""

from __future__ import annotations

import signal


class UsageError(ValueError):
    """Bad input: the message names the flag or field and says what is allowed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Cancelled(Exception):
    """Ctrl-C or Ctrl-D at a prompt: the command line exits 130."""


class Stopped(BaseException):
    """A signal that ends the run (SIGHUP, SIGQUIT, ...) arrived: what is half-written is
    removed on the way out, and the command line exits 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# The signals that end a run, besides Ctrl-C (SIGINT), where the system has them.
ENDING_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM")
    if hasattr(signal, name)
)


def quoted(value: object, limit: int = 40) -> str:
    """``value`` as a message shows it: in quotes, cut after ``limit`` characters
    (marked "…"), and with every character that is not printable (control
    characters, line breaks, bidirectional overrides, zero-width marks, lone
    surrogates) written as its escape, the way Python's ``repr`` writes it.

    Text from the input never reaches a terminal, a log or a spreadsheet as
    anything but visible characters.
    """
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def printable(message: str) -> str:
    """``message`` with every character that is not printable escaped as :func:`quoted`
    escapes it: the last defence for a message built from raw input."""
    if message.isprintable():
        return message
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in message)


_JSON_KINDS = {list: "a list", dict: "an object", str: "a string", bool: "true or false", type(None): "null"}


def json_kind(value: object) -> str:
    """What a JSON value is, in words: "a list", "null", "a number", ..."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return _JSON_KINDS.get(type(value), type(value).__name__)


def identifier_kind(given: object) -> str:
    """What an identifier that is neither a string nor an integer is, in words: a number
    with a fraction is shown, as "a number" alone would puzzle."""
    return f"the number {given!r}" if isinstance(given, float) else json_kind(given)
