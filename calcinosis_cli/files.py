"""Files the program writes when asked (``--output``, ``--save``): all or nothing.

Only a regular file, or nothing, is ever replaced. A FIFO, a terminal, ``/dev/null``
or ``/dev/stdout`` is written to as it is: nothing is renamed over it, and no mode
is taken from it.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import IO, NamedTuple

from .errors import ENDING_SIGNALS, Stopped, UsageError, quoted

# Paths are quoted in messages up to this many characters.
PATH_LIMIT = 100

# Errors of a write that can only concern the file written, never the input read.
_WRITE_ERRNOS = frozenset(
    code for code in (getattr(errno, name, None) for name in ("ENOSPC", "EDQUOT", "EFBIG")) if code is not None
)

# The temporary file is named after the file it becomes, by this many characters of its
# name at most, so that its name fits the system's limit whenever the file's own does.
_TEMPORARY_NAME_PART = 32

# A name for an open file descriptor: /dev/stdout is a link to /proc/self/fd/1.
_FD_NAME = re.compile(r"/(?:dev/fd|proc/self/fd|proc/(\d+)/fd)/(\d+)")


class Target(NamedTuple):
    """Where a file goes: ``replace`` (a regular file, or nothing, at ``path``, written
    through a temporary file renamed over it), or ``direct`` (written to as it is:
    the open descriptor ``fd``, when not None, else ``path`` opened for writing)."""

    how: str
    path: str
    fd: int | None = None


def check_target(path: str, *, force: bool, flag: str) -> Target:
    """How ``path`` can be written, or :class:`UsageError` naming ``flag``: a folder,
    a missing folder, a block device or socket, a link to nothing; an existing
    regular file without ``force``."""
    field = flag.lstrip("-")
    shown = quoted(path, PATH_LIMIT)
    try:
        fd = _fd_named(path)
        if fd is not None:
            return Target("direct", path, fd)
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            if os.path.islink(path):
                raise UsageError(f"{flag}: {shown} is a symbolic link to nothing", field) from None
            folder = os.path.dirname(path) or "."
            if not os.path.isdir(folder):
                raise UsageError(f"{flag}: the folder {quoted(folder, PATH_LIMIT)} does not exist", field) from None
            return Target("replace", path)
    except OSError as error:  # a name too long, a loop of links, a folder we may not enter
        raise UsageError(f"{flag}: cannot write {shown}: {error.strerror or error}", field) from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{flag}: {shown} is a folder", field)
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Target("direct", path)
    if not stat.S_ISREG(mode):
        raise UsageError(f"{flag}: {shown} is not a file (a block device or a socket): name a file", field)
    if not force:
        raise UsageError(f"{flag}: {shown} exists; add --force to replace it", field)
    # A link to a regular file: that file is replaced, and the link stays.
    return Target("replace", os.path.realpath(path))


def _fd_named(path: str) -> int | None:
    """The descriptor of this process that ``path`` names (``/dev/stdout``, ``/dev/fd/3``,
    ``/proc/self/fd/1``, through links), or None."""
    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the system follows
        found = _FD_NAME.fullmatch(current)
        if found is not None:
            pid, fd = found.groups()
            return int(fd) if pid is None or int(pid) == os.getpid() else None
        try:
            link = os.readlink(current)
        except OSError:  # not a link (or not there): not a descriptor's name
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


@contextmanager
def atomic_file(path: str, *, force: bool, flag: str) -> Iterator[IO[bytes]]:
    """A binary stream that becomes ``path`` only when the block ends normally.

    What is written goes to a temporary file in the same folder, renamed over
    ``path`` at the end; after an error or an interruption the temporary file is
    removed and ``path`` is as it was. Refuses an existing ``path`` unless
    ``force``; a FIFO or a device is written to directly. Every failure of the file
    is a :class:`UsageError` naming ``flag``.
    """
    target = check_target(path, force=force, flag=flag)
    try:
        if target.how == "direct":
            with _direct(target, flag) as stream:
                yield stream
            return
        with _replacing(target, force=force, flag=flag) as stream:
            yield stream
    except OSError as error:
        if error.errno not in _WRITE_ERRNOS:
            raise  # not the file's: the input's, or standard output's
        raise UsageError(
            f"{flag}: cannot write {quoted(path, PATH_LIMIT)}: {error.strerror}", flag.lstrip("-")
        ) from None


@contextmanager
def _direct(target: Target, flag: str) -> Iterator[IO[bytes]]:
    try:
        if target.fd is not None:
            fd = os.dup(target.fd)
        else:
            fd = os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UsageError(
            f"{flag}: cannot write {quoted(target.path, PATH_LIMIT)}: {error.strerror or error}", flag.lstrip("-")
        ) from None
    with os.fdopen(fd, "wb") as stream:
        yield stream


@contextmanager
def _replacing(target: Target, *, force: bool, flag: str) -> Iterator[IO[bytes]]:
    field = flag.lstrip("-")
    path = target.path
    name = os.path.basename(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{name[:_TEMPORARY_NAME_PART]}.", suffix=".tmp", dir=os.path.dirname(path) or "."
        )
    except OSError as error:
        raise UsageError(
            f"{flag}: cannot write in the folder of {quoted(path, PATH_LIMIT)}: {error.strerror or error}", field
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            os.chmod(temporary, mode_for(path))
            yield stream
        _check_still_replaceable(path, force=force, flag=flag)
        try:
            os.replace(temporary, path)
        except OSError as error:
            raise UsageError(
                f"{flag}: cannot write {quoted(path, PATH_LIMIT)}: {error.strerror or error}", field
            ) from None
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _check_still_replaceable(path: str, *, force: bool, flag: str) -> None:
    """What came at ``path`` while the file was written must still be nothing, or a
    regular file to replace with ``force``."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise UsageError(
            f"{flag}: cannot write {quoted(path, PATH_LIMIT)}: {error.strerror}", flag.lstrip("-")
        ) from None
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"{flag}: {quoted(path, PATH_LIMIT)} is no longer a regular file: not replaced", flag.lstrip("-")
        )
    if not force:
        raise UsageError(f"{flag}: {quoted(path, PATH_LIMIT)} exists; add --force to replace it", flag.lstrip("-"))


def mode_for(path: str) -> int:
    """Keep the permissions of the file being replaced (never its set-id or sticky
    bits); a new file gets the usual ones."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# --- signals ---------------------------------------------------------------------


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Let every signal that ends the program unwind it, so that what is half-written
    is removed: SIGTERM as Ctrl-C (status 130), SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and
    SIGALRM as :class:`Stopped` (status 128 + the signal). SIGPIPE stays ignored, as
    Python has it: a closed output is a failed write."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    previous: dict[int, object] = {}
    try:
        for signum in ENDING_SIGNALS:
            previous[signum] = signal.signal(signum, interrupt if signum == signal.SIGTERM else stop)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
