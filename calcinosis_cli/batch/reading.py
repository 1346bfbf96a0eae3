"""Reading the cases of a run: the input opened, its lines numbered in blocks as they
are read (a line too long cut short), and each JSON Lines case decoded into answers or
the :class:`CaseError` that stops it."""

from __future__ import annotations

import itertools
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

from ..answers import MAX_ANSWERS_BYTES, json_error_words, not_utf8, parse_json_int
from ..errors import UsageError, json_kind, printable, quoted
from ..files import PATH_LIMIT
from .options import STDIO

# Input is read in pieces of this size: big enough that reading costs nothing per
# case, small enough that results reach a pipe within milliseconds.
CHUNK_BYTES = 64 * 1024
# A case is one small object; a longer line is an error, and is not kept in memory.
MAX_LINE_BYTES = MAX_ANSWERS_BYTES
# The byte-order mark of UTF-8, taken off the start of the input (and of a JSON Lines case).
_BOM = b"\xef\xbb\xbf"


# The hint for input whose lines end in a carriage return alone: one line to the reader.
CR_ALONE = "are the lines ended by a carriage return (CR) alone, as in old Mac files? End each line with LF or CRLF"


class CaseError(ValueError):
    """One case cannot be triaged; the run goes on."""

    def __init__(self, message: str) -> None:
        message = printable(message)  # whatever it quotes from the input, it shows nothing raw
        super().__init__(message)
        self.message = message


# A case as read: its answers, or the error that stops it; with its line number.
Case = Mapping[str, object] | CaseError
NumberedCases = Iterator[tuple[int, Case]]


@contextmanager
def open_input(source: str) -> Iterator[IO[bytes]]:
    """The input as a binary stream; :class:`UsageError` naming it if it cannot be opened."""
    if source == STDIO:
        yield sys.stdin.buffer
        return
    try:
        stream = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(
            f"FILE {quoted(source, PATH_LIMIT)}: cannot read it: {error.strerror or error}", "file"
        ) from None
    with stream:
        yield stream


def position_of(stream: IO[bytes]) -> Callable[[], int]:
    """How far into ``stream`` reading has come: its position in a file; nothing to
    tell of a pipe, a FIFO or a terminal, where the progress bar shows counts only."""
    try:
        if stream.seekable():
            return stream.tell
    except (AttributeError, OSError, ValueError):  # not a file at all, or a closed one
        pass
    return lambda: 0


def waits_for_input(stream: IO[bytes]) -> Callable[[], bool]:
    """A test of whether reading ``stream`` now would wait: never for a file; for a
    pipe or a terminal, when nothing more has come."""
    try:
        fd = stream.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return lambda: False
    except (AttributeError, OSError, ValueError):  # not a file at all (an in-memory stream)
        return lambda: True
    import select

    return lambda: not select.select([fd], [], [], 0)[0]


def numbered_lines(stream: IO[bytes], origin: str, before_wait: Callable[[], None]) -> Iterator[tuple[int, bytes]]:
    """The lines of ``stream`` (without their ends) with their 1-based numbers; see
    :func:`numbered_blocks`."""
    for first, block in numbered_blocks(stream, origin, before_wait):
        yield from zip(itertools.count(first), block.split(b"\n"))


def numbered_blocks(stream: IO[bytes], origin: str, before_wait: Callable[[], None]) -> Iterator[tuple[int, bytes]]:
    """The lines of ``stream`` in blocks as they are read: (the 1-based number of the
    block's first line, its lines joined by newlines).

    ``before_wait`` runs before every read that may wait for input. A line longer
    than :data:`MAX_LINE_BYTES` is a block of its own, cut short (still too long, so
    the reader reports it), and the rest of it is skipped without keeping it.
    Raises :class:`UsageError` naming ``origin`` if the input does not start as UTF-8 text.
    """
    read = getattr(stream, "read1", stream.read)
    number = 0  # lines given so far
    rest = b""
    skipping = False
    first = True
    while True:
        before_wait()
        chunk = read(CHUNK_BYTES)
        if not chunk:
            break
        if first:
            first = False
            while len(chunk) < len(_BOM) and _BOM.startswith(chunk):  # a pipe may give the mark in pieces
                before_wait()
                more = read(CHUNK_BYTES)
                if not more:
                    break
                chunk += more
            _check_start(chunk, origin)
            if chunk.startswith(_BOM):
                chunk = chunk[len(_BOM) :]
        if skipping:
            end = chunk.find(b"\n")
            if end < 0:
                continue
            chunk, skipping = chunk[end + 1 :], False
        end = chunk.rfind(b"\n")
        if end < 0:
            rest += chunk
        else:
            block = rest + chunk[:end]
            rest = chunk[end + 1 :]
            yield number + 1, block
            number += block.count(b"\n") + 1
        if len(rest) > MAX_LINE_BYTES:
            number += 1
            yield number, rest
            rest, skipping = b"", True
    if rest:
        yield number + 1, rest


def _check_start(chunk: bytes, origin: str) -> None:
    """Refuse input whose first line is not UTF-8 text: not JSON Lines or CSV at all.
    A bad line further on is only that case's error."""
    end = chunk.find(b"\n", 0, 4096)
    try:
        chunk[: end if end >= 0 else 4096].decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut in two at the end of the piece is fine.
        if error.reason != "unexpected end of data":
            said = not_utf8(chunk, error.start)
            hint = ": is it JSON Lines or CSV?" if said.startswith("not") else ""
            raise UsageError(f"{origin}: {said}{hint}", "file") from None


def _pairs_to_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise CaseError(f"field {quoted(key)} is given twice")
            seen.add(key)
    return value


_decode_json = json.JSONDecoder(object_pairs_hook=_pairs_to_object, parse_int=parse_json_int).decode
# The same without the check for repeated keys, which costs a call per object.
_decode_json_fast = json.JSONDecoder(parse_int=parse_json_int).decode


def case_from_json_line(line: bytes) -> Mapping[str, object]:
    """One JSON Lines case: a JSON object of answers. Raises :class:`CaseError`."""
    if line.startswith(_BOM):  # a file joined on after the first (cat a.jsonl b.jsonl) brings its own
        line = line[len(_BOM) :]
    if len(line) > MAX_LINE_BYTES:
        raise CaseError(f"the line is longer than {MAX_LINE_BYTES // 1024} KiB; a case is a small JSON object")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaseError(f"not UTF-8 text (byte {error.start + 1} of the line)") from None
    try:
        value = _decode_json_fast(text)
    except (ValueError, RecursionError):
        pass  # reported below, with the message of the careful decoder
    else:
        # Every member of every object in the line has a colon of its own outside
        # strings: as many colons in all as members of the case means that no object,
        # this one or one within it, repeats a key.
        if value.__class__ is dict and line.count(b":") == len(value):
            return value
    try:
        value = _decode_json(text)
    except json.JSONDecodeError as error:
        hint = f": {CR_ALONE}" if error.msg == "Extra data" and "\r" in text[: error.pos] else ""
        raise CaseError(f"not valid JSON: {json_error_words(error)} (column {error.colno}){hint}") from None
    except RecursionError:
        raise CaseError("the JSON is nested too deeply") from None
    except CaseError:  # a key given twice: said as it is
        raise
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise CaseError(f"not usable JSON ({str(error)[:80]})") from None
    if not isinstance(value, dict):
        raise CaseError(f'expected a JSON object like {{"calcium": "high"}}, not {json_kind(value)}')
    return value


def jsonl_cases(lines: Iterator[tuple[int, bytes]]) -> NumberedCases:
    """(line number, answers or the error) for every line that is not blank."""
    for number, line in lines:
        if not line or line.isspace():
            continue
        try:
            yield number, case_from_json_line(line)
        except CaseError as error:
            yield number, error
