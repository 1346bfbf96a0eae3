"""How fast calcinosis is, each figure measured beside a floor, in one run, on the same Python.

    python benchmarks/run.py                 # the full run: about two minutes
    python benchmarks/run.py --quick         # fewer runs and cases: under half a minute
    python benchmarks/run.py --only batch    # only the batch figures (or: --only startup)

Run it from the repository root with the Python of the virtual environment that has
calcinosis installed (``.venv/bin/python benchmarks/run.py``). It uses the standard
library only and prints a table: figure, measured, floor, ratio, goal, pass or fail.
It is a report, not a test: the exit status is 0 unless something crashes.

Method. A floor is the least a program of the same kind costs on this machine: a
one-command Typer app for the start-up figures, a plain json.loads/json.dumps loop for
``batch``, and ``batch`` itself on fewer cases for memory. Each figure and its floor
run alternately, in fresh processes, and the median wall time of each is compared, so
that a busy machine slows both alike. The children run with bytecode caching on
(``PYTHONPYCACHEPREFIX`` points into a temporary folder, whatever
``PYTHONDONTWRITEBYTECODE`` says), as an installed program runs, and a warm-up run
fills that cache first. Peak memory is the ``ru_maxrss`` that ``os.wait4`` reports for
the child (on Linux the largest of it and the worker processes it has waited for).

``batch`` runs as a user runs it, with its default number of worker processes (one
per usable CPU); the table also shows ``batch --jobs 1``, one process, for information.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20240611

# The answer flags of the start-up figure: every question answered.
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


@dataclass(frozen=True)
class Settings:
    startup_runs: int
    batch_runs: int
    batch_cases: int
    memory_cases: tuple[int, int]


FULL = Settings(startup_runs=30, batch_runs=5, batch_cases=100_000, memory_cases=(100_000, 500_000))
QUICK = Settings(startup_runs=10, batch_runs=2, batch_cases=20_000, memory_cases=(20_000, 100_000))


@dataclass(frozen=True)
class Row:
    figure: str
    measured: float
    floor: float
    unit: str
    goal: float | None  # None: shown for information, no goal
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.floor

    @property
    def result(self) -> str:
        if self.goal is None:
            return "info"
        return "pass" if self.ratio <= self.goal else "FAIL"


# --- running children ------------------------------------------------------------


def calcinosis() -> list[str]:
    """The installed ``calcinosis`` beside this Python, else ``python -m calcinosis_cli``."""
    script = Path(sys.executable).parent / "calcinosis"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "calcinosis_cli"]


def child_env(pycache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR")}
    env.update(PYTHONPYCACHEPREFIX=str(pycache), COLUMNS="80", **extra)
    return env


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kib: int
    status: int


def run_child(argv: Sequence[str], env: dict[str, str], stdout_path: str = os.devnull) -> Run:
    """Run once; wall time, peak memory and exit status of that child alone."""
    with open(stdout_path, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, env=env)
        _, wait_status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(wait_status)
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if child.returncode not in (0, 1) or (child.returncode == 1 and errors.strip()):
        raise SystemExit(f"benchmark child failed ({child.returncode}): {' '.join(argv)}\n{errors}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    max_rss_kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Run(seconds, max_rss_kib, child.returncode)


def alternate(
    measured: Sequence[str], floor: Sequence[str], runs: int, env: dict[str, str], stdout_path: str = os.devnull
) -> tuple[float, float]:
    """Median wall times of ``measured`` and ``floor``, run in turn (order swapped each round)."""
    run_child(measured, env, stdout_path)
    run_child(floor, env, stdout_path)
    times: dict[int, list[float]] = {0: [], 1: []}
    for round_ in range(runs):
        order = (0, 1) if round_ % 2 == 0 else (1, 0)
        for which in order:
            argv = measured if which == 0 else floor
            times[which].append(run_child(argv, env, stdout_path).seconds)
    return statistics.median(times[0]), statistics.median(times[1])


# --- the cases --------------------------------------------------------------------------


def question_bank(env: dict[str, str]) -> list[dict[str, Any]]:
    output = subprocess.run([*calcinosis(), "questions", "--json"], env=env, capture_output=True, check=True)
    bank: list[dict[str, Any]] = json.loads(output.stdout)
    return bank


def write_cases(path: Path, count: int, bank: list[dict[str, Any]], seed: int = SEED) -> None:
    """``count`` random cases, the same for the same seed: each question answered three
    times in four, a third with measured blood values, one in a hundred with a bad value."""
    rng = random.Random(seed)
    questions = [(str(q["id"]), [str(v) for v in q["values"]]) for q in bank]
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(count):
            case: dict[str, object] = {qid: rng.choice(values) for qid, values in questions if rng.random() < 0.75}
            if rng.random() < 0.3:
                case.pop("calcium", None)
                case.pop("phosphate", None)
                mmol = rng.random() < 0.1
                case["calcium_value"] = round(rng.uniform(6.0, 15.0) / (4.008 if mmol else 1), 2)
                if rng.random() < 0.7:
                    case["phosphate_value"] = round(rng.uniform(2.5, 8.0) / (3.097 if mmol else 1), 2)
                if mmol:
                    case["units"] = "mmol/l"
            if rng.random() < 0.01:
                case["pain"] = "sometimes"
            out.write(json.dumps(case) + "\n")


# --- the figures ---------------------------------------------------------------------------


def startup_rows(settings: Settings, pycache: Path) -> list[Row]:
    flags = [part for qid, value in ALL_ANSWERS.items() for part in ("--" + qid.replace("_", "-"), value)]
    env = child_env(pycache)
    json_ours, json_floor = alternate(
        [*calcinosis(), "triage", "--no-input", "--json", *flags],
        [sys.executable, str(HERE / "floor_typer_json.py"), "--name", "floor"],
        settings.startup_runs,
        env,
    )
    panel_env = child_env(pycache, FORCE_COLOR="1")
    panel_ours, panel_floor = alternate(
        [*calcinosis(), "triage", "--no-input"],
        [sys.executable, str(HERE / "floor_typer_panel.py"), "--name", "floor"],
        settings.startup_runs,
        panel_env,
    )
    runs = f"median of {settings.startup_runs}"
    return [
        Row(
            f"triage --no-input --json, {len(ALL_ANSWERS)} answers",
            json_ours * 1000,
            json_floor * 1000,
            "ms",
            1.10,
            runs,
        ),
        Row("triage --no-input, panel (FORCE_COLOR=1)", panel_ours * 1000, panel_floor * 1000, "ms", 1.10, runs),
    ]


def batch_rows(settings: Settings, pycache: Path, folder: Path) -> list[Row]:
    env = child_env(pycache)
    bank = question_bank(env)
    cases = folder / "cases.jsonl"
    write_cases(cases, settings.batch_cases, bank)
    output = str(folder / "results.jsonl")
    ours, floor = alternate(
        [*calcinosis(), "batch", str(cases)],
        [sys.executable, str(HERE / "floor_json_loop.py"), str(cases)],
        settings.batch_runs,
        env,
        output,
    )
    with open(output, "rb") as results:
        lines = sum(1 for _ in results)
    if lines != settings.batch_cases:
        raise SystemExit(f"batch wrote {lines} lines for {settings.batch_cases} cases")
    os.unlink(output)
    one, floor_again = alternate(
        [*calcinosis(), "batch", "--jobs", "1", str(cases)],
        [sys.executable, str(HERE / "floor_json_loop.py"), str(cases)],
        settings.batch_runs,
        env,
        output,
    )
    os.unlink(output)
    workers = default_jobs(env)
    rows = [
        Row(
            f"batch, {settings.batch_cases:,} cases, to a file",
            ours,
            floor,
            "s",
            3.0,
            f"{settings.batch_cases / ours:,.0f} cases/s, {workers} worker processes; median of {settings.batch_runs}",
        ),
        Row(
            "  the same with --jobs 1 (one process)",
            one,
            floor_again,
            "s",
            None,
            f"{settings.batch_cases / one:,.0f} cases/s",
        ),
    ]

    few, many = settings.memory_cases
    peaks = []
    for count in (few, many):
        path = folder / f"cases-{count}.jsonl"
        write_cases(path, count, bank)
        peaks.append(run_child([*calcinosis(), "batch", str(path)], env).max_rss_kib / 1024)
        path.unlink()
    rows.append(
        Row(
            f"batch peak memory, {many:,} vs {few:,} cases",
            peaks[1],
            peaks[0],
            "MiB",
            1.25,
            "ru_maxrss of the child and its workers",
        )
    )
    return rows


def default_jobs(env: dict[str, str]) -> int:
    """How many worker processes ``batch`` starts without --jobs, as it says itself."""
    probe = "from calcinosis_cli.batch import jobs_for; print(jobs_for(None))"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    return int(done.stdout)


# --- the report ---------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        model = platform.processor() or model
    affinity = getattr(os, "sched_getaffinity", None)
    usable = len(affinity(0)) if affinity else os.cpu_count()
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({usable} usable), "
        f"{model}"
    )


def table(rows: list[Row]) -> str:
    header = ("figure", "measured", "floor", "ratio", "goal", "result", "note")
    body = [
        (
            row.figure,
            f"{row.measured:,.3g} {row.unit}" if row.measured < 100 else f"{row.measured:,.0f} {row.unit}",
            f"{row.floor:,.3g} {row.unit}" if row.floor < 100 else f"{row.floor:,.0f} {row.unit}",
            f"{row.ratio:.2f}×",
            "-" if row.goal is None else f"≤ {row.goal:.2f}×",
            row.result,
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in (header, *body)
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of calcinosis against floors measured beside them.")
    parser.add_argument("--quick", action="store_true", help="fewer runs and cases (under half a minute)")
    parser.add_argument("--only", choices=("startup", "batch"), help="measure only these figures")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    print(machine())
    print(f"{'quick' if args.quick else 'full'} run, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    with tempfile.TemporaryDirectory(prefix="calcinosis-bench-") as temporary:
        folder = Path(temporary)
        pycache = folder / "pycache"
        rows = [] if args.only == "batch" else startup_rows(settings, pycache)
        rows += [] if args.only == "startup" else batch_rows(settings, pycache, folder)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
