"""The fast encoder: the compact JSON of a result, as batch writes it, exactly
``json.dumps(result.to_dict(fields), ensure_ascii=False, separators=(",", ":"))`` and a
line end, several times faster. It keeps the JSON text of each value that repeats (a
type's card, a reason, a step, a source, an answer) and joins those texts, field by
field of the fields it is given (:data:`calcinosis_cli.result.FIELDS`, which
:func:`calcinosis_cli.result.encoder_for` gives it). It knows nothing of the result
but the shape of a field: a key, how to get its value, and how to make JSON data of it."""

import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .labs import Labs, product_to_dict
from .questions import QUESTIONS

Result = Any  # a result: whatever the fields' ``get`` read


class EncodedField(Protocol):
    """The shape of a field that the encoder reads (:class:`calcinosis_cli.result.Field`)."""

    @property
    def key(self) -> str: ...
    @property
    def get(self) -> Callable[[Result], Any]: ...
    @property
    def data(self) -> Callable[[Any], Any]: ...
    @property
    def each(self) -> str: ...


# Texts of values kept for reuse; a cache is emptied when it holds this many.
CACHE_ENTRIES = 4096
# Measured values are many more: one for each value, units and age group seen. Each
# text takes some 500 bytes, so 4 MB at most.
MEASUREMENT_ENTRIES = 8192

_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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


Parts = list[bytes]
Member = Callable[[Result, Parts], None]


def _member(field: EncodedField, first: bool) -> Member:
    """What one field adds to the line's parts: ``,"key":value`` (no comma for the first)."""
    head = ("" if first else ",") + _compact(field.key) + ":"
    get, data = field.get, field.data
    if field.each == "list":
        item = Texts(lambda value: _compact(data(value))).__getitem__
        opening, closing = (head + "[").encode(), b"]"
        join = b",".join

        def member(result: Result, parts: Parts) -> None:
            parts += (opening, join(map(item, get(result))), closing)

        return member
    if field.each == "mapping":
        return _mapping_member(head, get, data)
    if field.key == "labs":
        return _labs_member(head, get)
    whole = Texts(lambda value: head + _compact(data(value))).__getitem__

    def value_member(result: Result, parts: Parts) -> None:
        parts.append(whole(get(result)))

    return value_member


def _mapping_member(head: str, get: Callable[[Result], Any], data: Callable[[Any], Any]) -> Member:
    """A mapping's members. The answers always hold every question, in the bank's order:
    then each member's text is looked up by its position, else by its (key, value)."""
    pair = Texts(lambda pair: _compact(pair[0]) + ":" + _compact(data(pair[1]))).__getitem__
    keys = tuple(q.id for q in QUESTIONS)
    by_position = tuple(
        {value: pair((key, value)) for value in question.values} for key, question in zip(keys, QUESTIONS, strict=True)
    )
    opening, closing = (head + "{").encode(), b"}"
    join = b",".join

    def members(result: Result, parts: Parts) -> None:
        mapping = get(result)
        if tuple(mapping) == keys:
            texts = join(map(dict.__getitem__, by_position, mapping.values()))
        else:
            texts = join(map(pair, mapping.items()))
        parts += (opening, texts, closing)

    return members


def _labs_member(head: str, get: Callable[[Result], Labs | None]) -> Member:
    """The measured values, ``Labs.to_dict()`` as JSON: a measurement's text is kept, as
    values repeat; the labs as a whole rarely do."""
    measurement = Texts(lambda m: _compact(None if m is None else m.to_dict()), MEASUREMENT_ENTRIES).__getitem__
    units = Texts(lambda units: head + '{"units":' + _compact(units) + ',"calcium":').__getitem__
    null = (head + "null").encode()

    def labs_member(result: Result, parts: Parts) -> None:
        labs = get(result)
        if labs is None:
            parts.append(null)
            return
        product, albumin = labs.product, labs.albumin
        parts += (
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

    return labs_member


class ResultEncoder:
    """Compact JSON of a result in UTF-8, ending the line: the members of ``fields``, in
    that order; ``prefix`` members go first (an identifier)."""

    def __init__(self, fields: Sequence[EncodedField]) -> None:
        self.members = tuple(_member(field, first=not i) for i, field in enumerate(fields))

    def __call__(self, result: Result, prefix: bytes = b"") -> bytes:
        parts = [b"{", prefix]
        for member in self.members:
            member(result, parts)
        parts.append(b"}\n")
        return b"".join(parts)
