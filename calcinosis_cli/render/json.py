"""The result as JSON: the object of the public contract, nothing else.

:func:`render_json` is the indented JSON of ``triage --json``; the compact JSON Lines
of ``batch`` is :meth:`calcinosis_cli.result.Result.to_json`, made by
:func:`calcinosis_cli.result.encoder_for` (:mod:`calcinosis_cli.encoder`). Both come from the one table of the
result's fields, :data:`calcinosis_cli.result.FIELDS`.
"""

from __future__ import annotations

import json
import sys

from ..result import Result
from .registry import How
from .stdout import stdout_is_utf8


def render_json(
    result: Result, *, indent: int | None = 2, ascii_only: bool = False, fields: tuple[str, ...] | None = None
) -> str:
    """``ascii_only`` escapes every non-ASCII character, for an output that is not UTF-8;
    ``fields``: only these keys, in this order."""
    return json.dumps(result.to_dict(fields), ensure_ascii=ascii_only, indent=indent)


def show(result: Result, how: How) -> None:
    """``triage --format json``: the indented JSON on standard output."""
    sys.stdout.write(render_json(result, ascii_only=not stdout_is_utf8(), fields=how.fields) + "\n")
