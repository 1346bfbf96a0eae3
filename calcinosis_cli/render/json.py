"""The result as JSON: the object of the public contract, nothing else.

:func:`render_json` is the indented JSON of ``triage --json``. :class:`ResultEncoder` is
the compact JSON Lines of ``batch``: exactly ``json.dumps(result.to_dict(fields),
ensure_ascii=False, separators=(",", ":"))`` and a line end, several times faster. Both
are made from the one table of the result's fields, :data:`~calcinosis_cli.result.FIELDS`:
the encoder keeps the JSON text of each value that repeats (a type's card, a reason, a
step, a source, an answer) and joins those texts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..answers import Labs, product_to_dict
from ..result import FIELD_BY_KEY, RESULT_KEYS, Field, Result

# Texts of values kept for reuse; a cache is emptied when it holds this many.
CACHE_ENTRIES = 4096
# Measured values are many more: one for each value, units and age group seen. Each
# text takes some 500 bytes, so 4 MB at most.
MEASUREMENT_ENTRIES = 8192

_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def render_json(
    result: Result, *, indent: int | None = 2, ascii_only: bool = False, fields: tuple[str, ...] | None = None
) -> str:
    """``ascii_only`` escapes every non-ASCII character, for an output that is not UTF-8;
    ``fields``: only these keys, in this order."""
    return json.dumps(result.to_dict(fields), ensure_ascii=ascii_only, indent=indent)


class Texts(dict[Any, bytes]):
    """JSON text in UTF-8 of values that repeat, each made once by ``make``.

    The values must be hashable, and equal values must give the same text (strings,
    tuples, named tuples do). Emptied when it holds ``entries``, so that it stays small.
    """

    def __init__(self, make: Callable[[Any], str], entries: int = CACHE_ENTRIES) -> None:
        super().__init__()
        self.make = make
        self.entries = entries

    def __missing__(self, value: Any) -> bytes:
        if len(self) >= self.entries:
            self.clear()
        text = self[value] = self.make(value).encode()
        return text


def _member(field: Field, first: bool) -> Callable[[Result], bytes]:
    """What one field adds to the line: ``,"key":value`` (no comma for the first)."""
    head = ("" if first else ",") + _compact(field.key) + ":"
    get, data = field.get, field.data
    if field.each == "list":
        item = Texts(lambda value: _compact(data(value))).__getitem__
        opening, closing = (head + "[").encode(), b"]"
        join = b",".join

        def member(result: Result) -> bytes:
            return opening + join(map(item, get(result))) + closing

        return member
    if field.each == "mapping":
        pair = Texts(lambda pair: _compact(pair[0]) + ":" + _compact(data(pair[1]))).__getitem__
        opening, closing = (head + "{").encode(), b"}"

        def members(result: Result) -> bytes:
            return opening + b",".join(map(pair, get(result).items())) + closing

        return members
    if field.key == "labs":
        return _labs_member(head, get)
    whole = Texts(lambda value: head + _compact(data(value))).__getitem__
    return lambda result: whole(get(result))


def _labs_member(head: str, get: Callable[[Result], Labs | None]) -> Callable[[Result], bytes]:
    """The measured values, ``Labs.to_dict()`` as JSON: a measurement's text is kept, as
    values repeat; the labs as a whole rarely do."""
    measurement = Texts(lambda m: _compact(None if m is None else m.to_dict()), MEASUREMENT_ENTRIES).__getitem__
    units = Texts(lambda units: head + '{"units":' + _compact(units) + ',"calcium":').__getitem__
    null = (head + "null").encode()

    def labs_member(result: Result) -> bytes:
        labs = get(result)
        if labs is None:
            return null
        product, albumin = labs.product, labs.albumin
        return b"".join(
            (
                units(labs.units),
                measurement(labs.calcium),
                b',"phosphate":',
                measurement(labs.phosphate),
                b',"product":',
                b"null" if product is None else _compact(product_to_dict(product, labs.product_applies)).encode(),
                b',"albumin":',
                b"null" if albumin is None else _compact(albumin.to_dict()).encode(),
                b"}",
            )
        )

    return labs_member


class ResultEncoder:
    """Compact JSON of a result in UTF-8, ending the line: the keys of ``fields`` (all by
    default), in that order; ``prefix`` members go first (an identifier)."""

    def __init__(self, fields: tuple[str, ...] = RESULT_KEYS) -> None:
        self.members = tuple(_member(FIELD_BY_KEY[key], first=not i) for i, key in enumerate(fields))

    def __call__(self, result: Result, prefix: bytes = b"") -> bytes:
        return b"".join([b"{", prefix, *[member(result) for member in self.members], b"}\n"])
