"""What the benchmarks share: running a child and measuring it, the random cases, the table.

Standard library only. ``run.py``, ``pandas_run.py`` and ``stages.py`` import it (they run as scripts,
so this folder is on ``sys.path``).

A child's times and peak memory come from ``os.wait4``: its wall time (from start to
reaped), its CPU time (``ru_utime + ru_stime``: on Linux and macOS this covers the child
and every process it has itself waited for, its worker processes included) and
``ru_maxrss`` (the peak of the largest of those processes, not their sum). Where Linux's
``/proc`` is there, a thread can also sample the memory of the child and all its
descendants together (the sum of their proportional set sizes, so that pages a forked
worker shares with its parent count once), which is the memory the run takes from the
machine.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 20240611
SAMPLE_EVERY = 0.02  # seconds between two samples of a process tree's memory


# --- running children ------------------------------------------------------------


def calcinosis() -> list[str]:
    """The installed ``calcinosis`` beside this Python, else ``python -m calcinosis_cli``."""
    script = Path(sys.executable).parent / "calcinosis"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "calcinosis_cli"]


def child_env(pycache: Path, **extra: str) -> dict[str, str]:
    """The environment of every child: bytecode caching on (in ``pycache``, whatever
    ``PYTHONDONTWRITEBYTECODE`` says), as an installed program runs; 80 columns; no
    colour settings from the shell that started the benchmark."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(PYTHONPYCACHEPREFIX=str(pycache), COLUMNS="80", **extra)
    return env


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, of the child and the processes it waited for
    max_rss_mib: float  # ru_maxrss: the peak of the largest single process
    tree_mib: float | None  # peak of the sampled memory of the whole process tree; None: not sampled
    processes: int  # most processes seen at once in the tree (0: not sampled)
    status: int


class TreeSampler:
    """Samples, in a thread, the memory of a process and all its descendants (Linux)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def available() -> bool:
        return os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            sizes = [size for size in map(_memory_kib, self._tree(self.pid)) if size > 0]
            self.peak_kib = max(self.peak_kib, sum(sizes))
            self.processes = max(self.processes, len(sizes))
            self._stop.wait(SAMPLE_EVERY)

    def _tree(self, pid: int) -> Iterator[int]:
        yield pid
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                    children = [int(child) for child in listed.read().split()]
            except OSError:
                continue
            for child in children:
                yield from self._tree(child)


def _memory_kib(pid: int) -> int:
    """The proportional set size of a process (its resident size where the kernel gives
    no ``smaps_rollup``); 0 for a process that has gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, IndexError, ValueError):
        return 0


def run_child(
    argv: Sequence[str],
    env: Mapping[str, str],
    stdout_path: str = os.devnull,
    *,
    sample: bool = False,
    cwd: Path | None = None,
) -> Run:
    """Run once: the wall and CPU time, peak memory and exit status of that child.

    A child that fails (a status other than 0, or 1 with nothing on standard error: the
    status of a batch with bad cases) ends the benchmark with its message."""
    with open(stdout_path, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, env=dict(env), cwd=cwd
        )
        sampler = TreeSampler(child.pid) if sample and TreeSampler.available() else None
        if sampler is not None:
            with sampler:
                _, wait_status, usage = os.wait4(child.pid, 0)
        else:
            _, wait_status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(wait_status)
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if child.returncode not in (0, 1) or (child.returncode == 1 and errors.strip()):
        raise SystemExit(f"benchmark child failed ({child.returncode}): {' '.join(argv)}\n{errors}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    max_rss = usage.ru_maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mib=max_rss,
        tree_mib=None if sampler is None else sampler.peak_kib / 1024,
        processes=0 if sampler is None else sampler.processes,
        status=child.returncode,
    )


@dataclass(frozen=True)
class Medians:
    wall: float
    cpu: float
    runs: list[Run]


def in_turn(
    commands: Sequence[Sequence[str]],
    runs: int,
    env: Mapping[str, str],
    outputs: Sequence[str] | None = None,
    **options: Any,
) -> list[Medians]:
    """The commands run in turn, ``runs`` times each, after one warm-up run of each (which
    fills the bytecode cache); the order rotates every round, so that none is always first
    after another: the median wall and CPU times of each. ``outputs``: the file each
    command writes its standard output to (default: none)."""
    paths = list(outputs) if outputs is not None else [os.devnull] * len(commands)
    for argv, path in zip(commands, paths, strict=True):
        run_child(argv, env, path, **options)
    done: list[list[Run]] = [[] for _ in commands]
    for round_ in range(runs):
        for step in range(len(commands)):
            which = (round_ + step) % len(commands)
            done[which].append(run_child(commands[which], env, paths[which], **options))
    return [medians(runs_of_one) for runs_of_one in done]


def medians(runs: list[Run]) -> Medians:
    return Medians(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs), runs)


# --- the cases --------------------------------------------------------------------------


def question_bank(env: Mapping[str, str]) -> list[dict[str, Any]]:
    """The questions as ``calcinosis questions --json`` gives them."""
    output = subprocess.run([*calcinosis(), "questions", "--json"], env=dict(env), capture_output=True, check=True)
    bank: list[dict[str, Any]] = json.loads(output.stdout)
    return bank


def random_cases(count: int, bank: list[dict[str, Any]], seed: int = SEED) -> Iterator[dict[str, object]]:
    """``count`` random cases, the same for the same seed: each question answered three
    times in four, 30 % with measured blood values (calcium, and phosphate seven times in
    ten; one in ten of them in mmol/L), one in a hundred with a bad value."""
    rng = random.Random(seed)
    questions = [(str(q["id"]), [str(v) for v in q["values"]]) for q in bank]
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
        yield case


def write_cases(path: Path, count: int, bank: list[dict[str, Any]], seed: int = SEED) -> None:
    """:func:`random_cases` as JSON Lines."""
    with open(path, "w", encoding="utf-8") as out:
        for case in random_cases(count, bank, seed):
            out.write(json.dumps(case) + "\n")


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure by one measure (wall, CPU or memory)."""

    figure: str
    measure: str  # "wall", "CPU" or "memory"
    measured: float
    floor: float | None  # None: the goal is a limit, not a ratio
    unit: str
    goal: float | None  # a ratio to the floor, or a limit without one; None: for information
    note: str = ""
    below: bool = False  # a limit to stay under ("under 80 MiB"), not one to reach at most

    @property
    def ratio(self) -> float | None:
        return None if self.floor is None else self.measured / self.floor

    @property
    def result(self) -> str:
        if self.goal is None:
            return "info"
        ratio = self.ratio
        value = self.measured if ratio is None else ratio
        return "pass" if value < self.goal or (value == self.goal and not self.below) else "FAIL"

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return "-"
        if self.floor is not None:
            return f"≤ {self.goal:.2f}×"
        return f"{'<' if self.below else '≤'} {self.goal:g} {self.unit}"


def quantity(value: float, unit: str) -> str:
    return f"{value:,.3g} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def table(rows: Sequence[Row]) -> str:
    header = ("figure", "by", "measured", "floor", "ratio", "goal", "result", "note")
    body = []
    previous = None
    for row in rows:
        ratio = row.ratio
        body.append(
            (
                "" if row.figure == previous else row.figure,
                row.measure,
                quantity(row.measured, row.unit),
                "-" if row.floor is None else quantity(row.floor, row.unit),
                "-" if ratio is None else f"{ratio:.2f}×",
                row.goal_text,
                row.result,
                row.note,
            )
        )
        previous = row.figure
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in (header, *body)
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def summary(rows: Sequence[Row]) -> str:
    """How many goals the run met, and by how much each missed one is missed."""
    judged = [row for row in rows if row.goal is not None]
    missed = [row for row in judged if row.result == "FAIL"]
    lines = [f"{len(judged) - len(missed)} of {len(judged)} goals met."]
    for row in missed:
        assert row.goal is not None
        over = (row.ratio if row.ratio is not None else row.measured) / row.goal
        lines.append(f"  missed: {row.figure.strip()} ({row.measure}): {over:.2f}× its goal")
    return "\n".join(lines)


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
        f"{model}, {load()} at the start"
    )


def load() -> str:
    """The load averages of the machine (1, 5 and 15 minutes), where the system has them."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
