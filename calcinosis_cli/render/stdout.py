"""Text for standard output, exact in any locale: UTF-8 as is, else every non-ASCII
character of a JSON document escaped."""

from __future__ import annotations

import json
import sys
from typing import Any


def stdout_is_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def json_text(data: Any) -> str:
    """JSON for standard output, indented: UTF-8 as is, else every non-ASCII character
    escaped, so that the JSON stays exact in any locale."""
    return json.dumps(data, ensure_ascii=not stdout_is_utf8(), indent=2) + "\n"


# Line ends other than "\n" that readers split at (Python's str.splitlines, JavaScript):
# inside a JSON string they are written as escapes, the same JSON (nowhere else can they be).
_OTHER_LINE_ENDS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def one_line(json_text: str) -> str:
    """Compact JSON text that every reader of lines takes for one line, whatever the input
    it quotes (an identifier, a message)."""
    return json_text.translate(_OTHER_LINE_ENDS)
