"""Files the program writes when asked (``--output``, ``--save``): all or nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from .errors import UsageError


@contextmanager
def atomic_file(path: str, *, force: bool, flag: str) -> Iterator[IO[bytes]]:
    """A binary stream that becomes ``path`` only when the block ends normally.

    What is written goes to a temporary file in the same folder, renamed over
    ``path`` at the end; after an error or an interruption the temporary file is
    removed and ``path`` is as it was. Refuses an existing ``path`` unless
    ``force``; messages name ``flag``.
    """
    field = flag.lstrip("-")
    target = Path(path)
    refuse_existing(target, force=force, flag=flag)
    if target.is_dir():
        raise UsageError(f"{flag}: {path!r} is a folder", field)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise UsageError(f"{flag}: cannot write in the folder of {path!r}: {error.strerror or error}", field) from None
    try:
        os.chmod(temporary, mode_for(target))
        with os.fdopen(handle, "wb") as stream:
            yield stream
        refuse_existing(target, force=force, flag=flag)
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def refuse_existing(target: Path, *, force: bool, flag: str) -> None:
    if not force and (target.exists() or target.is_symlink()):
        raise UsageError(f"{flag}: {str(target)!r} exists; add --force to replace it", flag.lstrip("-"))


def mode_for(target: Path) -> int:
    """Keep the mode of the file being replaced; a new file gets the usual one."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
