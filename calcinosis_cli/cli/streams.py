"""The standard streams, as :func:`calcinosis_cli.cli.main` finds and leaves them: closed
ones that fail clearly, a locale that is not UTF-8, a reader that has gone, and
messages written with their unprintable characters escaped."""

import os
import sys
from typing import NoReturn

from ..errors import printable


def report(text: str) -> None:
    """Write a message to stderr, every line of it with its unprintable characters escaped."""
    sys.stderr.write("\n".join(map(printable, text.split("\n"))))
    sys.stderr.flush()


class ClosedStream:
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
    def buffer(self) -> "ClosedStream":
        return self

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def prepare_standard_streams() -> None:
    """Closed input and output fail clearly, a closed stderr takes what is said in
    silence; in a locale that is not UTF-8, text that the terminal cannot show is
    replaced rather than crashing the output."""
    if sys.stdin is None:
        sys.stdin = ClosedStream("input")  # type: ignore[unreachable,unused-ignore]
    if sys.stdout is None:
        sys.stdout = ClosedStream("output")  # type: ignore[unreachable,unused-ignore]
    if sys.stderr is None:  # started without it (2>&-): messages go nowhere; the status still tells
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # type: ignore[unreachable,unused-ignore]  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if reconfigure is not None and encoding not in ("utf8", "utf8sig"):
            reconfigure(errors="replace")


def completion_on_one_line() -> None:
    """When a shell asks what to complete: Typer passes the help of each flag it offers zsh
    or fish through Rich, which wraps it at the width of the output (80 columns in a pipe),
    and the shell would take each wrapped line for one more thing to offer. A width no
    help reaches keeps one item a line."""
    if os.environ.get("_CALCINOSIS_COMPLETE"):
        os.environ["COLUMNS"] = "100000"


def silence_stdout() -> None:
    """After a failed write, send what is left to /dev/null so that Python's own
    flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
