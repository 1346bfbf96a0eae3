"""How fast calcinosis is, each figure measured beside its floor, in one run, on the same Python.

    python benchmarks/run.py                  # the full run: some 8 minutes on two quiet cores
    python benchmarks/run.py --quick          # fewer runs and cases: a minute or two
    python benchmarks/run.py --only batch     # only some figures: startup, batch, memory, lean
    python benchmarks/run.py --pandas         # also the pandas figures: some 6 minutes more

Run it from the repository root with the Python of the virtual environment that has
calcinosis installed (``.venv/bin/python benchmarks/run.py``). The main figures need
the standard library only (the pandas ones, pandas). It prints a table: each figure by
wall time, CPU time or memory, measured, floor, ratio, goal, pass or fail, then how
many goals the run met. It is a report, not a test: the exit status is 0 unless
something crashes.

The goals are those of contract 1.1 (issues 12 and 14):

- ``triage --no-input --json`` with every question answered by its flag: at most
  1.15× the wall time of ``python -c "import typer"``.
- ``batch --jobs 1`` (one process) on 100,000 random cases: at most 2.0× the floor, a
  ``json.loads``/``json.dumps`` round trip of the same lines (``floor_json_loop.py``),
  by CPU time as well as wall time; the default ``batch`` (worker processes, one per
  usable CPU) at most 1.5× it by wall time.
- The peak memory of the default ``batch`` at 500,000 cases at most 1.25× that at
  100,000, and under 80 MiB at 100,000.
- ``triage_records(records, fields=("suggested_type", "certainty", "urgency"))`` at most
  1.5× a ``json.loads`` and ``json.dumps`` of each record, timed in the same process on
  the same records (``lean_api.py``).
- With ``--pandas``: the pandas example of docs/scaling.md over 1,000,000 rows at most
  1.5× the time of ``batch --jobs 1`` on the same cases, and at most 300 MiB above the
  DataFrame (``pandas_run.py``).

Method. Each command and its floor run in turn in fresh processes, after a warm-up run
of each, and their medians are compared, so that a busy machine slows both alike; the
CPU time of a child (user + system, from ``os.wait4``) counts the worker processes it
waited for, and holds still on a shared machine where wall time does not. The children
run with bytecode caching on (``PYTHONPYCACHEPREFIX`` points into a temporary folder,
whatever ``PYTHONDONTWRITEBYTECODE`` says), as an installed program runs. Memory is
the peak of the whole process tree (the child and its workers), sampled from Linux's
``/proc`` every 20 ms as the sum of their proportional set sizes; the note gives
``ru_maxrss``, the peak of the largest single process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from measure import (
    HERE,
    Medians,
    Row,
    TreeSampler,
    calcinosis,
    child_env,
    in_turn,
    load,
    machine,
    question_bank,
    run_child,
    summary,
    table,
    write_cases,
)

FIGURES = ("startup", "batch", "memory", "lean")

# The value each question's flag gets in the start-up figure (a question not listed
# here gets the first of its values, so that every question is always answered).
ALL_ANSWERS = {
    "age_group": "adult",
    "skin_breakdown": "no",
    "pain": "mild",
    "calcium": "high",
    "phosphate": "normal",
    "kidney_failure": "yes",
    "overactive_gland": "no",
    "excess_vitamin_d": "no",
    "bone_disease": "no",
    "organ_transplant": "no",
    "warfarin": "no",
    "procedure": "none",
    "tissue_damage": "none",
    "autoimmune": "none",
    "tumor": "no",
    "site": "legs",
    "lesions": "few",
    "birth_defect": "no",
    "down_syndrome": "no",
    "skin_dark": "no",
    "skin_patches": "no",
    "high_calcium_symptoms": "no",
    "low_calcium_symptoms": "no",
    "infection_signs": "no",
    "obesity": "no",
    "diabetes": "no",
    "liver_disease": "no",
    "steroids": "no",
    "cancer": "no",
    "chemotherapy": "no",
    "connective_tissue_signs": "no",
    "calcium_supplements": "no",
    "sarcoidosis": "no",
    "family_history": "no",
    "lump_change": "no",
    "gout": "no",
}

STARTUP_GOAL = 1.15
BATCH_ONE_GOAL = 2.0
BATCH_GOAL = 1.5
MEMORY_GROWTH_GOAL = 1.25
MEMORY_LIMIT_MIB = 80
LEAN_GOAL = 1.5


@dataclass(frozen=True)
class Settings:
    startup_runs: int
    batch_runs: int
    batch_cases: int  # batch and the lean API; memory: this many and five times as many
    lean_rounds: int
    pandas_rows: int

    @property
    def memory_cases(self) -> tuple[int, int]:
        return self.batch_cases, 5 * self.batch_cases


FULL = Settings(startup_runs=30, batch_runs=5, batch_cases=100_000, lean_rounds=5, pandas_rows=1_000_000)
QUICK = Settings(startup_runs=10, batch_runs=2, batch_cases=20_000, lean_rounds=3, pandas_rows=20_000)


# --- the figures ---------------------------------------------------------------------------


def pair(
    figure: str,
    ours: Medians,
    floor: Medians,
    unit: str,
    wall_goal: float | None,
    cpu_goal: float | None,
    note: str = "",
    scale: float = 1.0,
) -> list[Row]:
    """A figure by wall time and by CPU time."""
    return [
        Row(figure, "wall", ours.wall * scale, floor.wall * scale, unit, wall_goal, note),
        Row(figure, "CPU", ours.cpu * scale, floor.cpu * scale, unit, cpu_goal),
    ]


def startup_rows(settings: Settings, pycache: Path, bank: list[dict[str, Any]]) -> list[Row]:
    flags = [part for q in bank for part in (str(q["flag"]), ALL_ANSWERS.get(q["id"], str(q["values"][0])))]
    env = child_env(pycache)
    runs = settings.startup_runs
    json_ours, json_floor = in_turn(
        [[*calcinosis(), "triage", "--no-input", "--json", *flags], [sys.executable, "-c", "import typer"]], runs, env
    )
    panel_ours, panel_floor = in_turn(
        [
            [*calcinosis(), "triage", "--no-input"],
            [sys.executable, str(HERE / "floor_typer_panel.py"), "--name", "floor"],
        ],
        runs,
        child_env(pycache, FORCE_COLOR="1"),
    )
    return [
        *pair(
            f"triage --no-input --json, {len(bank)} answer flags",
            json_ours,
            json_floor,
            "ms",
            STARTUP_GOAL,
            None,
            f'floor: python -c "import typer"; median of {runs}',
            1000,
        ),
        *pair(
            "triage --no-input, panel (FORCE_COLOR=1)",
            panel_ours,
            panel_floor,
            "ms",
            None,
            None,
            f"for information; floor: a Typer app printing a Rich panel; median of {runs}",
            1000,
        ),
    ]


def batch_rows(settings: Settings, pycache: Path, cases: Path, folder: Path, workers: int | None) -> list[Row]:
    env = child_env(pycache)
    count = settings.batch_cases
    commands = {
        "batch --jobs 1": [*calcinosis(), "batch", "--jobs", "1", str(cases)],
        "batch": [*calcinosis(), "batch", str(cases)],
        "the floor": [sys.executable, str(HERE / "floor_json_loop.py"), str(cases)],
    }
    outputs = [str(folder / f"results-{number}.jsonl") for number in range(len(commands))]
    one, default, floor = in_turn(list(commands.values()), settings.batch_runs, env, outputs)
    for name, output in zip(commands, outputs, strict=True):
        with open(output, "rb") as results:
            lines = sum(1 for _ in results)
        if lines != count:
            raise SystemExit(f"{name} wrote {lines} lines for {count} cases")
        os.unlink(output)
    processes = "worker processes" if workers is None else f"{workers} process{'es' * (workers != 1)} at once"
    runs = f"median of {settings.batch_runs}"
    return [
        *pair(
            f"batch --jobs 1, {count:,} cases",
            one,
            floor,
            "s",
            BATCH_ONE_GOAL,
            BATCH_ONE_GOAL,
            f"{count / one.wall:,.0f} cases/s; floor: json.loads/json.dumps of each line; {runs}",
        ),
        *pair(
            f"batch (default: {processes}), {count:,} cases",
            default,
            floor,
            "s",
            BATCH_GOAL,
            None,
            f"{count / default.wall:,.0f} cases/s; CPU: of all its processes",
        ),
    ]


def memory_rows(settings: Settings, pycache: Path, folder: Path, bank: list[dict[str, Any]]) -> tuple[list[Row], int]:
    """The memory figures, and the most processes the default ``batch`` ran at once."""
    env = child_env(pycache)
    few, many = settings.memory_cases
    peaks = []
    for count in (few, many):
        path = folder / f"cases-{count}.jsonl"
        write_cases(path, count, bank)
        peaks.append(run_child([*calcinosis(), "batch", str(path)], env, sample=True))
        path.unlink()
    sampled = peaks[0].tree_mib is not None and peaks[1].tree_mib is not None
    small, large = (p.tree_mib or 0.0 for p in peaks) if sampled else (p.max_rss_mib for p in peaks)
    how = (
        f"the whole process tree ({peaks[0].processes} at most); ru_maxrss {peaks[0].max_rss_mib:.1f} MiB"
        if sampled
        else "ru_maxrss of the largest process (no /proc to sample the tree)"
    )
    rows = [
        Row(
            f"batch peak memory, {many:,} vs {few:,} cases",
            "memory",
            large,
            small,
            "MiB",
            MEMORY_GROWTH_GOAL,
            f"ru_maxrss {peaks[1].max_rss_mib:.1f} vs {peaks[0].max_rss_mib:.1f} MiB" if sampled else how,
        ),
        Row(f"batch peak memory, {few:,} cases", "memory", small, None, "MiB", MEMORY_LIMIT_MIB, how, below=True),
    ]
    return rows, peaks[0].processes


def lean_rows(settings: Settings, pycache: Path, cases: Path) -> list[Row]:
    probe = [sys.executable, str(HERE / "lean_api.py"), str(cases), str(settings.lean_rounds)]
    done = subprocess.run(probe, env=child_env(pycache), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed ({done.returncode}): {' '.join(probe)}\n{done.stderr}")
    times = json.loads(done.stdout)
    ours, floor = (
        Medians(statistics.median(times[name]["wall"]), statistics.median(times[name]["cpu"]), [])
        for name in ("lean", "floor")
    )
    count = times["records"]
    return pair(
        f"triage_records(..., fields=3 keys), {count:,} records",
        ours,
        floor,
        "s",
        LEAN_GOAL,
        None,
        f"{count / ours.wall:,.0f} records/s; floor: json.loads + json.dumps of each, same process; "
        f"median of {settings.lean_rounds}",
    )


# --- the run ---------------------------------------------------------------------------


def settings_from(args: argparse.Namespace) -> Settings:
    settings = QUICK if args.quick else FULL
    if args.cases is not None:
        settings = replace(settings, batch_cases=args.cases)
    if args.runs is not None:
        settings = replace(settings, startup_runs=args.runs, batch_runs=args.runs, lean_rounds=args.runs)
    if args.pandas_rows is not None:
        settings = replace(settings, pandas_rows=args.pandas_rows)
    return settings


def measure_all(settings: Settings, figures: set[str], pandas: bool, folder: Path) -> list[Row]:
    pycache = folder / "pycache"
    bank = question_bank(child_env(pycache))
    rows = startup_rows(settings, pycache, bank) if "startup" in figures else []
    cases = folder / "cases.jsonl"
    if figures & {"batch", "lean"}:
        write_cases(cases, settings.batch_cases, bank)
    memory, workers = memory_rows(settings, pycache, folder, bank) if "memory" in figures else ([], 0)
    if "batch" in figures:
        rows += batch_rows(settings, pycache, cases, folder, workers if TreeSampler.available() and workers else None)
    rows += memory
    if "lean" in figures:
        rows += lean_rows(settings, pycache, cases)
    if pandas:
        from pandas_run import pandas_present, pandas_rows

        if pandas_present():
            rows += pandas_rows(settings.pandas_rows, 1, folder, pycache)
        else:
            print(f"pandas is not installed for {sys.executable}: no pandas figures", flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of calcinosis against floors measured beside them.")
    parser.add_argument("--quick", action="store_true", help="fewer runs and cases")
    parser.add_argument("--only", action="append", choices=FIGURES, help="measure only these figures (repeatable)")
    parser.add_argument("--cases", type=int, help="cases of batch and the lean API (memory: these and 5 times as many)")
    parser.add_argument("--runs", type=int, help="runs of every figure (start-up, batch, rounds of the lean API)")
    parser.add_argument("--pandas", action="store_true", help="also the pandas figures (needs pandas)")
    parser.add_argument("--pandas-rows", type=int, help="rows of the pandas figures (default 1,000,000; quick 20,000)")
    args = parser.parse_args(argv)
    for name in ("cases", "runs", "pandas_rows"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    settings = settings_from(args)
    figures = set(args.only or FIGURES)
    print(machine())
    kind = "quick" if args.quick else "full"
    if any(getattr(args, name) is not None for name in ("cases", "runs", "pandas_rows")) or args.only:
        kind = f"partial ({kind} settings changed)"
    print(
        f"{kind} run, {time.strftime('%Y-%m-%d %H:%M')}: {settings.batch_cases:,} cases, "
        f"start-up runs {settings.startup_runs}, batch runs {settings.batch_runs}, "
        f"lean API rounds {settings.lean_rounds}" + (f", pandas rows {settings.pandas_rows:,}" if args.pandas else ""),
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="calcinosis-bench-") as temporary:
        rows = measure_all(settings, figures, args.pandas, Path(temporary))
    print()
    print(table(rows))
    print()
    print(summary(rows))
    print(f"{load()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
