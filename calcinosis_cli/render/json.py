"""The result as JSON: the object of the public contract, nothing else."""

from __future__ import annotations

import json

from ..result import Result


def render_json(result: Result, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """``ascii_only`` escapes every non-ASCII character, for an output that is not UTF-8."""
    return json.dumps(result.to_dict(), ensure_ascii=ascii_only, indent=indent)
