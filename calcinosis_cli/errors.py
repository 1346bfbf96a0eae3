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
