"""The one error a user can cause. The command line turns it into exit status 2."""

from __future__ import annotations


class UsageError(ValueError):
    """Bad input: the message names the flag or field and says what is allowed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Cancelled(Exception):
    """Ctrl-C or Ctrl-D at a prompt: the command line exits 130."""


def quoted(value: object, limit: int = 40) -> str:
    """The one way a text from the input is echoed in a message: quoted as Python's repr
    quotes it (so control characters, escape sequences and bidirectional overrides are
    escaped, never sent raw to a terminal or a spreadsheet), cut at ``limit`` characters."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return repr(text)
