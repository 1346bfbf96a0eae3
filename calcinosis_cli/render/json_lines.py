"""``batch --format jsonl``: one compact JSON object a line, the result of a case or
its error, made by the fast encoder of :mod:`calcinosis_cli.result`."""

from __future__ import annotations

import json
from collections.abc import Callable

from ..result import Result, encoder_for
from .registry import Identifier
from .stdout import one_line

_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def error_json(line: int, message: str, case_id: Identifier = None) -> bytes:
    error: dict[str, object] = {"line": line, "error": {"message": message}}
    if case_id is not None:
        error = {"line": line, "id": case_id, "error": error["error"]}
    try:
        return (one_line(_json(error)) + "\n").encode()
    except UnicodeEncodeError:  # a lone surrogate (a "\ud800" escape) quoted from the input: escape it again
        return (json.dumps(error, separators=(",", ":")) + "\n").encode()


def _id_json(case_id: str | int) -> bytes:
    try:
        return one_line(_json(case_id)).encode()
    except UnicodeEncodeError:  # a lone surrogate (a "\ud800" escape) in the input's id: escape it again
        return json.dumps(case_id).encode()


class JsonlWriter:
    """One compact JSON object a line: the result, or the error of the case."""

    def __init__(
        self, write: Callable[[bytes], None], fields: tuple[str, ...] | None = None, id_column: bool = False
    ) -> None:
        self.write = write
        self.encode = encoder_for(fields)

    def start(self) -> None:
        pass

    def result(self, line: int, result: Result, case_id: Identifier = None) -> None:
        self.write(self.encode(result, b"" if case_id is None else b'"id":' + _id_json(case_id) + b","))

    def error(self, line: int, message: str, case_id: Identifier = None) -> None:
        self.write(error_json(line, message, case_id))
