"""The lean API beside its floor, in one process, on the same records.

    python benchmarks/lean_api.py cases.jsonl ROUNDS

Reads the cases (one JSON object a line), then ROUNDS times, alternately (the order
swapped every round): the floor, a ``json.loads`` and a ``json.dumps`` of each record
(its line), and ``triage_records(records, FIELDS)`` over the same records, already
decoded, every row taken. Prints, as one JSON object, the wall and CPU seconds of each
round of both. The first round starts with the triage's caches empty, as a user's
first call does.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from calcinosis_cli import triage_records

FIELDS = ("suggested_type", "certainty", "urgency")


def floor(lines: list[bytes]) -> None:
    loads, dumps = json.loads, json.dumps
    for line in lines:
        dumps(loads(line))


def lean(records: list[dict[str, object]]) -> None:
    for _ in triage_records(records, FIELDS):
        pass


def timed(work: Callable[[], None]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    path, rounds = sys.argv[1], int(sys.argv[2])
    with open(path, "rb") as cases:
        lines = cases.read().splitlines()
    records = [json.loads(line) for line in lines]
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in ("lean", "floor")}
    for round_ in range(rounds):
        order = ("lean", "floor") if round_ % 2 == 0 else ("floor", "lean")
        for name in order:
            wall, cpu = timed((lambda: lean(records)) if name == "lean" else (lambda: floor(lines)))
            times[name]["wall"].append(wall)
            times[name]["cpu"].append(cpu)
    print(json.dumps({"records": len(records), **times}))


if __name__ == "__main__":
    main()
