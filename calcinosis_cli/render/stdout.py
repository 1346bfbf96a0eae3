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
