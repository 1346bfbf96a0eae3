"""The result as JSON: the object of the public contract, nothing else."""

from __future__ import annotations

import json

from ..result import Result


def render_json(result: Result, *, indent: int | None = 2) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)
