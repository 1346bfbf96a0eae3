"""The floor of ``batch``: read each line with json.loads and write it back with json.dumps.

    python benchmarks/floor_json_loop.py cases.jsonl > copy.jsonl

The least any program that reads and writes JSON Lines in Python does per case.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    write = sys.stdout.write
    with open(sys.argv[1], "rb") as cases:
        for line in cases:
            write(json.dumps(json.loads(line)) + "\n")


if __name__ == "__main__":
    main()
