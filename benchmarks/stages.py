"""Where the time of a case of ``batch`` goes: each step of the triage, in one process.

    .venv/bin/python benchmarks/stages.py                 # 100,000 random cases, as run.py makes them
    .venv/bin/python benchmarks/stages.py --cases 20000

The figures of ``run.py`` say how far ``batch`` is from its floor; this says why. The
random cases of ``run.py`` (same seed) are made and kept in memory as JSON lines; then,
case by case as ``batch`` takes them, each step is timed: ``json.loads`` of the line,
reading the answers (``parse_answers``), the tree (``triage``: the verdict, that is
the type, certainty and urgency, and what explains it) and encoding the result line;
then, in a pass of its own from empty caches, the verdict alone (what
``triage_records`` does for those three keys). Beside them: the floor of ``run.py`` (``json.loads`` and
``json.dumps`` of each line) and, for comparison, the standard library's
``json.dumps(result.to_dict())`` of the same results. Every figure is a mean per case
in microseconds of wall time, in a single pass over the cases, so that the caches of
the tree fill as they do in a run of ``batch``. Then the size of a result line, the
mean and its largest part. Standard library only, apart from calcinosis itself.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from measure import question_bank, random_cases

from calcinosis_cli.answers import parse_answers
from calcinosis_cli.errors import UsageError
from calcinosis_cli.result import encoder_for
from calcinosis_cli.tree import triage, verdict

STEPS = ("json.loads", "read the answers", "the tree", "encode")


def clear_caches() -> None:
    """Empty every cache of calcinosis's functions (the tree's, the measured values'), so
    that a pass starts as in a fresh process."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("calcinosis_cli"):
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()


def timed_pass(lines: list[bytes]) -> tuple[dict[str, float], list[Any]]:
    """Seconds of each step over all the lines, as batch takes them, and the results."""
    clock = time.perf_counter
    spent = dict.fromkeys(STEPS, 0.0)
    encode = encoder_for()
    results = []
    for line in lines:
        start = clock()
        raw = json.loads(line)
        read = clock()
        try:
            answers = parse_answers(raw)
        except UsageError:
            spent["json.loads"] += read - start
            spent["read the answers"] += clock() - read
            continue
        parsed = clock()
        result = triage(answers)
        decided = clock()
        encode(result)
        encoded = clock()
        spent["json.loads"] += read - start
        spent["read the answers"] += parsed - read
        spent["the tree"] += decided - parsed
        spent["encode"] += encoded - decided
        results.append(result)
    return spent, results


def each(work: Callable[[Any], object], items: Sequence[Any]) -> float:
    start = time.perf_counter()
    for item in items:
        work(item)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Where the time of a case of batch goes.")
    parser.add_argument("--cases", type=int, default=100_000, help="random cases (default 100,000)")
    args = parser.parse_args(argv)
    bank = question_bank(os.environ)
    lines = [json.dumps(case).encode() for case in random_cases(args.cases, bank)]
    gc.freeze()  # as batch does: fewer collections, and none of what exists already
    gc.set_threshold(50_000)
    spent, results = timed_pass(lines)
    count = len(lines)
    answers = [result.answers for result in results]
    clear_caches()
    verdicts = each(verdict, answers)  # from empty caches, as triage_records with the verdict keys
    floor = each(lambda line: json.dumps(json.loads(line)), lines)
    plain = each(lambda result: json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")), results)
    encode = encoder_for()
    sizes = [len(encode(result)) for result in results]
    parts = {key: len(json.dumps(value, ensure_ascii=False)) for key, value in results[0].to_dict().items()}
    largest = max(parts, key=parts.__getitem__)
    total = sum(spent.values())
    print(f"{count:,} cases ({len(results):,} results), Python {sys.version.split()[0]}; microseconds a case:")
    for step in STEPS:
        print(f"  {step:<18} {1e6 * spent[step] / count:7.1f}")
    print(f"  {'  its verdict':<18} {1e6 * verdicts / count:7.1f}   alone, in a pass of its own from empty caches")
    print(f"  {'all the steps':<18} {1e6 * total / count:7.1f}   ({total / floor:.1f}x the floor)")
    print(f"  {'the floor':<18} {1e6 * floor / count:7.1f}   json.loads + json.dumps of each line")
    print(f"  {'json.dumps':<18} {1e6 * plain / len(results):7.1f}   of result.to_dict(), for comparison")
    print(
        f"a result line: {sum(sizes) / len(sizes) / 1024:.1f} KiB on average, {max(sizes) / 1024:.1f} at most; "
        f"its largest part {largest!r} ({parts[largest] / 1024:.1f} KiB in the first)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
