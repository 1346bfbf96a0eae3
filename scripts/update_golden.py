"""Rewrite the golden files (tests/golden/) from the current program.

    .venv/bin/python scripts/update_golden.py

Run it only when a change of output is intended, read the diff (git diff tests/golden)
and say so in the commit. What is pinned, and what is normalised, is described at the
top of tests/test_golden.py, which holds the runs; this script only writes them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TEST_FILE = Path(__file__).resolve().parent.parent / "tests" / "test_golden.py"


def main() -> int:
    spec = importlib.util.spec_from_file_location("test_golden", TEST_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    changes = list(module.write_all())
    for change in changes:
        print(change)
    print(f"{len(changes)} golden file(s) changed" if changes else "every golden file is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
