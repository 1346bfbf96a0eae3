"""The worker processes of ``batch``, hand-written or the standard library's pool: which is faster?

    .venv/bin/python benchmarks/pool_compare.py                 # 100,000 cases, 3 runs each, alternating
    .venv/bin/python benchmarks/pool_compare.py --cases 20000 --runs 2
    .venv/bin/python benchmarks/pool_compare.py --check         # the pool behaves as the hand-written one
    .venv/bin/python benchmarks/pool_compare.py --as pool batch FILE --jobs 2   # calcinosis, with the pool

Issue 12: "prototype the standard library's pool against the hand-written one and keep
the hand-written one only if it wins by a margin you measured". :class:`PoolWorkers`
is that prototype: ``concurrent.futures.ProcessPoolExecutor`` with the fork context,
behind the interface of :class:`calcinosis_cli.batch.workers.Workers` (``submit``,
``drain``, ``close``), so that ``Batches`` and the whole run stay as they are: the same
batches of 1,000 cases, the same work in each worker, the results written in order, a
file given only whole outputs (signals held while one is written), Ctrl-C ignored by
the workers (the main process ends them), a dead worker reported as an ``OSError``.

Three commands run in turn, in fresh processes, the order turning each round after a
warm-up round: ``batch --jobs 2`` with the hand-written workers, the same with the
pool, and ``batch --jobs 1`` (one process). Each writes to a file, as in
``benchmarks/run.py``. Wall time, and CPU time (user + system of the child and of the
workers it waited for, from ``os.wait4``), are reported per run and as medians. The
outputs of the three are compared byte for byte. The machine's load average is shown
before and after: on a shared machine the figures move with the other work on it.
Standard library only, apart from calcinosis itself.

Measured for issue 12 on a shared 2-core machine (Python 3.11.7, 100,000 cases, medians
of 3, wall / CPU seconds), three times because the load of the other work on it moved:

    load about 1.5:  hand-written  6.50 / 11.90   pool  8.21 / 15.45 (1.26x / 1.30x)   --jobs 1  12.82 / 12.82
    load about 3:    hand-written 15.71 / 16.09   pool 17.60 / 19.16 (1.12x / 1.19x)   --jobs 1  14.75 / 14.47
    load 1.4 to 2.6: hand-written  8.01 / 14.95   pool 15.82 / 20.58 (1.98x / 1.38x)   --jobs 1  13.45 / 13.42

The pool costs more because each output (about 10 MB a batch) is pickled, sent through
a pipe and unpickled by the pool's thread, where a hand-written worker writes it once
into a pipe that is spliced to the output file. ``--check`` finds one behaviour the pool
cannot match: a worker killed while it sends its result leaves the pool's thread
waiting for the rest forever (2 of 24 such runs hung), where the hand-written workers report
the cut output; for the same reason the pool cannot end busy workers at once (Ctrl-C,
a closed pipe): they finish their batch first.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import signal
import stat
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from calcinosis_cli.batch.workers import _FROM_THE_TERMINAL, _STOPPING, Output, Work, WorkerFailed

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import child_env, question_bank, write_cases  # noqa: E402 - benchmarks/run.py, beside this

# --- the prototype ---------------------------------------------------------------------

# What the workers were told to do: set in each (forked) worker by its initializer.
_MAKE: list[Callable[[bytes], Output]] = []


def _start_worker(make: Callable[[bytes], Output], stopping: set[int]) -> None:
    """In a worker, first: the signals of the terminal ignored (the main process ends the
    workers), the others ending it; then the signals, blocked while it was forked, let in."""
    for signum in stopping:
        signal.signal(signum, signal.SIG_IGN if signum in _FROM_THE_TERMINAL else signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
    _MAKE.append(make)


def _work(batch: bytes) -> tuple[bytes, int, int]:
    """One batch, in a worker: its output joined (one object to pickle), and its counts."""
    pieces, (cases, errors) = _MAKE[0](batch)
    return b"".join(pieces), cases, errors


class PoolWorkers:
    """``jobs`` workers of a ``ProcessPoolExecutor`` (fork) that each do the ``Work`` of a
    batch; the interface of ``Workers``. At most ``2 * jobs`` batches are out at once."""

    def __init__(self, work: Work, jobs: int) -> None:
        self.work = work
        self.out: deque[Future[tuple[bytes, int, int]]] = deque()
        self.limit = 2 * jobs
        try:
            self.output_is_file = stat.S_ISREG(os.fstat(work.output.fileno()).st_mode)
        except (AttributeError, OSError, ValueError):  # not a file (an in-memory buffer)
            self.output_is_file = False
        context = multiprocessing.get_context("fork")
        before = {child.pid for child in multiprocessing.active_children()}
        self.pool = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(work.make, _STOPPING)
        )
        # With fork, the pool forks all its workers at the first submit: with the signals
        # that stop a run held, so that none runs this process's handlers in a worker.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            self.pool.submit(os.getpid).result()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        self.pids = [child.pid for child in multiprocessing.active_children() if child.pid not in before]

    def submit(self, batch: bytes) -> None:
        if len(self.out) >= self.limit:
            self._collect_oldest()
        try:
            self.out.append(self.pool.submit(_work, batch))
        except BrokenProcessPool:
            raise _failed() from None

    def drain(self) -> None:
        while self.out:
            self._collect_oldest()

    def _collect_oldest(self) -> None:
        try:
            data, cases, errors = self.out.popleft().result()
        except BrokenProcessPool:
            raise _failed() from None
        self.work.before_output()
        output = self.work.output
        if self.output_is_file:  # a whole output, or none of it: signals wait until it is written
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
            try:
                output.write(data)
                output.flush()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        else:
            output.write(data)
            output.flush()
        self.work.on_tally(cases, errors)

    def close(self, *, kill: bool = False) -> None:
        """End the workers. With ``kill`` the batches not begun are dropped, but a worker
        busy with one finishes it: killed in the middle of sending its result, it would
        leave the pool's own thread waiting for the rest forever, and the run with it."""
        self.pool.shutdown(wait=True, cancel_futures=kill)
        self.out.clear()
        self.pids = []


def _failed() -> OSError:
    return WorkerFailed("a worker process ended without answering")


def _no_memory(answers: object) -> object:
    raise MemoryError


def as_cli(kind: str, argv: list[str], *, no_memory: bool = False) -> None:
    """The command line of calcinosis, its workers hand-written (``hand``) or the pool."""
    from calcinosis_cli import cli
    from calcinosis_cli.batch import triaging, workers

    if kind == "pool":
        workers.Workers = PoolWorkers  # type: ignore[misc,assignment]
    if no_memory:  # every case fails as under a low `ulimit -v`
        triaging.triage = _no_memory  # type: ignore[attr-defined,assignment]
    sys.argv = ["calcinosis", *argv]
    cli.main()


# --- measuring -------------------------------------------------------------------------


def launcher(kind: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--as", kind, *args]


def timed(argv: Sequence[str], env: dict[str, str], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU: the child and the workers it waited for)."""
    with out.open("wb") as stdout:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or "Error" in errors:
        raise SystemExit(f"failed ({code}): {' '.join(argv)}\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(cases: int, runs: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pool-compare-") as folder:
        env = child_env(Path(folder) / "pycache")
        path = Path(folder) / "cases.jsonl"
        write_cases(path, cases, question_bank(env))
        commands = {
            f"hand-written, --jobs {jobs}": launcher("hand", "batch", str(path), "--jobs", str(jobs)),
            f"ProcessPoolExecutor, --jobs {jobs}": launcher("pool", "batch", str(path), "--jobs", str(jobs)),
            "one process, --jobs 1": launcher("hand", "batch", str(path), "--jobs", "1"),
        }
        names = list(commands)
        outputs = {name: Path(folder) / f"out-{index}.jsonl" for index, name in enumerate(names)}
        print(f"{cases:,} cases, {runs} runs each after a warm-up; load average before: {load()}")
        print(f"CPUs usable: {len(os.sched_getaffinity(0))}; Python {sys.version.split()[0]}")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for round_ in range(runs + 1):
            order = names[round_ % 3 :] + names[: round_ % 3]
            for name in order:
                wall, cpu = timed(commands[name], env, outputs[name])
                if round_:
                    results[name].append((wall, cpu))
                    print(f"  round {round_}: {name:<32} wall {wall:6.2f} s  cpu {cpu:6.2f} s")
        print(f"load average after: {load()}")
        same = len({digest(outputs[name]) for name in names}) == 1
        print(f"outputs byte for byte the same: {same}")
        report(results)


def report(results: dict[str, list[tuple[float, float]]]) -> None:
    names = list(results)
    base_wall = statistics.median(w for w, _ in results[names[0]])
    base_cpu = statistics.median(c for _, c in results[names[0]])
    print(f"\n{'':<34}{'wall (median)':>14}{'cpu (median)':>14}{'wall/hand':>11}{'cpu/hand':>10}")
    for name in names:
        wall = statistics.median(w for w, _ in results[name])
        cpu = statistics.median(c for _, c in results[name])
        print(f"{name:<34}{wall:>12.2f} s{cpu:>12.2f} s{wall / base_wall:>11.2f}{cpu / base_cpu:>10.2f}")


# --- checking that the pool behaves as the hand-written workers -------------------------


def children_of(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listed:
            return [int(x) for x in listed.read().split()]
    except OSError:
        return []


def outcome(kind: str, args: list[str], env: dict[str, str], action: str, folder: Path) -> tuple[object, ...]:
    """Status, stderr and what is left of the output of one run, ``action`` done to it."""
    argv = launcher(kind, "--no-memory", *args) if action == "no-memory" else launcher(kind, *args)
    target = folder / f"{kind}-out.jsonl"
    for leftover in folder.glob(f"*{kind}-out*"):
        leftover.unlink()
    stdout: Any = subprocess.PIPE if action == "close-pipe" else (folder / f"{kind}-stdout").open("wb")
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE, env=env)
    if action == "close-pipe":
        assert child.stdout is not None
        child.stdout.read(100_000)
        child.stdout.close()
    elif action in ("SIGINT", "SIGTERM", "kill-worker"):
        deadline = time.monotonic() + 30
        while len(children_of(child.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # well into the run
        if action == "kill-worker":
            os.kill(children_of(child.pid)[0], signal.SIGKILL)
        else:
            os.kill(child.pid, getattr(signal, action))
    try:
        _, errors = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # the run hangs: end it and its workers
        for pid in children_of(child.pid):
            os.kill(pid, signal.SIGKILL)
        child.kill()
        child.communicate()
        errors = b"HUNG: killed after 60 s"
    if stdout is not subprocess.PIPE:
        stdout.close()
    written = (folder / f"{kind}-stdout").read_bytes() if action != "close-pipe" else b""
    whole_lines = not written or written.endswith(b"\n")
    left = sorted(p.name.replace(kind, "X") for p in folder.glob(f"*{kind}-out*"))
    full = hashlib.sha256(target.read_bytes()).hexdigest()[:12] if target.exists() and action == "none" else None
    if action == "none" and "-o" not in args:
        full = hashlib.sha256(written).hexdigest()[:12]
    return child.returncode, errors.decode(), whole_lines, tuple(left), full, tuple(children_of(child.pid))


KILL_TRIES = 8


def check() -> int:
    """Each case run with both kinds of workers: the same status, stderr and files."""
    with tempfile.TemporaryDirectory(prefix="pool-check-") as name:
        folder = Path(name)
        env = child_env(folder / "pycache")
        cases = folder / "cases.jsonl"
        write_cases(cases, 100_000, question_bank(env))
        small = folder / "small.jsonl"
        small.write_bytes(b"".join(cases.read_bytes().splitlines(keepends=True)[:5_000]))
        scenarios: list[tuple[str, list[str], str, int]] = [
            ("JSON Lines to stdout (a file)", [str(small), "--jobs", "2"], "none", 1),
            ("CSV to stdout (a file)", [str(small), "--jobs", "2", "--format", "csv"], "none", 1),
            ("-o FILE", [str(small), "--jobs", "2", "-o", "{out}"], "none", 1),
            ("a closed pipe (| head)", [str(cases), "--jobs", "2"], "close-pipe", 1),
            ("Ctrl-C, -o FILE", [str(cases), "--jobs", "2", "-o", "{out}"], "SIGINT", 1),
            ("SIGTERM, -o FILE", [str(cases), "--jobs", "2", "-o", "{out}"], "SIGTERM", 1),
            ("Ctrl-C, > FILE (whole lines)", [str(cases), "--jobs", "2"], "SIGINT", 1),
            ("out of memory in the workers", [str(small), "--jobs", "2"], "no-memory", 1),
            # Killed at a random moment: sometimes in the middle of sending a result.
            ("a worker killed", [str(cases), "--jobs", "2"], "kill-worker", KILL_TRIES),
        ]
        failures = 0
        for title, args, action, tries in scenarios:
            seen: dict[str, list[tuple[object, ...]]] = {"hand": [], "pool": []}
            for _ in range(tries):
                for kind in seen:
                    given = ["batch", *(a.replace("{out}", str(folder / f"{kind}-out.jsonl")) for a in args)]
                    seen[kind].append(outcome(kind, given, env, action, folder))
            hand, pool = seen["hand"], seen["pool"]
            # Once: the very same outcome. Repeated (a kill at a random moment): the same statuses.
            same = hand == pool if tries == 1 else {o[0] for o in hand} == {o[0] for o in pool}
            failures += not same
            shown = f"status {hand[0][0]}, stderr {str(hand[0][1]).strip()!r}"
            print(f"{'same' if same else 'DIFFERENT'}: {title}{f' ({tries} times)' if tries > 1 else ''}: {shown}")
            if not same or tries > 1:
                for kind, outcomes in seen.items():
                    counted = {f"{o[0]} {str(o[1]).strip()}": outcomes.count(o) for o in set(outcomes)}
                    print(f"    {kind}: {counted}")
        return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--as"]:
        kind, rest = args[1], args[2:]
        no_memory = rest[:1] == ["--no-memory"]
        as_cli(kind, rest[no_memory:], no_memory=no_memory)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="compare behaviour, not speed")
    options = parser.parse_args(args)
    if options.check:
        return check()
    measure(options.cases, options.runs, options.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
