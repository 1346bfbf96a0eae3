"""The worker processes of ``batch``: outputs in the order the batches went out, whatever
their sizes, through a file (spliced) or an in-memory stream, and a worker that dies is
reported, never waited for forever."""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path
from typing import IO

import pytest

from calcinosis_cli.batch.workers import Batches, Output, Work, WorkerFailed, Workers, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked; this system cannot fork")


def echo_times(batch: bytes) -> Output:
    """A batch 'N:text' gives text repeated N times, and the counts (N, len(text))."""
    count, _, text = batch.partition(b":")
    return [text] * int(count), (int(count), len(text))


def run(batches: list[bytes], jobs: int, output: IO[bytes]) -> list[tuple[int, int]]:
    tallies: list[tuple[int, int]] = []
    held = [b"HEAD\n"]  # what the main process writes itself (a CSV header), before any output

    def before_output() -> None:
        if held:
            output.write(b"".join(held))
            held.clear()
            output.flush()

    workers = Workers(Work(echo_times, output, before_output, lambda a, b: tallies.append((a, b))), jobs)
    try:
        for batch in batches:
            workers.submit(batch)
        workers.drain()
    finally:
        workers.close()
    before_output()
    return tallies


BATCHES = [b"3:ab", b"0:x", b"1:" + b"y" * 300_000, b"2000:" + b"z" * 1000, b"5:", b"1:last"]


def expected_output(batches: list[bytes]) -> bytes:
    out = b"HEAD\n"
    for batch in batches:
        count, _, text = batch.partition(b":")
        out += text * int(count)
    return out


@pytest.mark.parametrize(("jobs", "mode"), [(1, "wb"), (2, "wb"), (3, "wb"), (2, "ab")])
def test_outputs_come_in_the_order_of_the_batches_into_a_file(tmp_path: Path, jobs: int, mode: str) -> None:
    """Written in the kernel where it can (splice), else through a buffer (a file opened
    to append cannot be spliced to)."""
    path = tmp_path / "out"
    with path.open(mode) as output:
        tallies = run(BATCHES, jobs, output)
    assert path.read_bytes() == expected_output(BATCHES)
    assert tallies == [(3, 2), (0, 1), (1, 300_000), (2000, 1000), (5, 0), (1, 4)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_outputs_come_in_order_into_a_stream_that_is_not_a_file(jobs: int) -> None:
    output = io.BytesIO()
    run(BATCHES * 2, jobs, output)
    assert output.getvalue() == expected_output(BATCHES * 2)


def test_outputs_come_in_order_through_a_pipe(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # a reader at the other end of the pipe, as `| cat > file` would be
        os.close(write_end)
        with (tmp_path / "piped").open("wb") as sink, os.fdopen(read_end, "rb") as source:
            sink.write(source.read())
        os._exit(0)
    os.close(read_end)
    with os.fdopen(write_end, "wb") as output:
        run(BATCHES, 2, output)
    os.waitpid(pid, 0)
    assert (tmp_path / "piped").read_bytes() == expected_output(BATCHES)


def nothing() -> None:
    pass


def ignore(first: int, second: int) -> None:
    pass


def dies_on_bad(batch: bytes) -> Output:
    if batch == b"bad":
        os._exit(3)
    return [batch], (1, 0)


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    output = io.BytesIO()
    workers = Workers(Work(dies_on_bad, output, nothing, ignore), 2)
    try:
        workers.submit(b"fine")
        workers.submit(b"bad")
        with pytest.raises(WorkerFailed):
            workers.drain()
    finally:
        workers.close(kill=True)
    assert output.getvalue() == b"fine"
    assert workers.pids == []


def test_closing_at_once_ends_busy_workers() -> None:
    def sleeps(batch: bytes) -> Output:
        import time

        time.sleep(60)
        return [], (0, 0)

    workers = Workers(Work(sleeps, io.BytesIO(), nothing, ignore), 2)
    pids = list(workers.pids)
    workers.submit(b"x")
    workers.close(kill=True)
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def upper_lines(batch: bytes) -> Output:
    lines = batch.splitlines(keepends=True)
    return [line.upper() for line in lines], (len(lines), os.getpid())


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_short_input_is_worked_in_this_process_and_a_long_one_by_workers(tmp_path: Path, jobs: int) -> None:
    path = tmp_path / "out"
    tallies: list[tuple[int, int]] = []
    with path.open("wb") as output:
        batches = Batches(Work(upper_lines, output, nothing, lambda a, b: tallies.append((a, b))), jobs, size=10)
        batches.add(b"case 0\n")
        batches.add(b"case 1\n")
        batches.hand_on()  # the input would wait: what is gathered is worked at once, here
        assert path.read_bytes() == b"CASE 0\nCASE 1\n"
        assert batches.workers is None and tallies == [(2, os.getpid())]
        for n in range(2, 24):
            batches.add(b"case %d\n" % n)
        batches.add(b"case 24\ncase 25\ncase 26\n", 3)  # a piece worth three cases
        batches.close()
    assert path.read_bytes() == b"".join(b"CASE %d\n" % n for n in range(27))
    assert [count for count, _ in tallies] == [2, 10, 10, 5]
    worked_by = {pid for _, pid in tallies[1:]}
    if jobs == 1:
        assert worked_by == {os.getpid()}
    else:
        assert os.getpid() not in worked_by, "once a batch is full, workers take over"


def test_a_worker_that_died_while_waiting_is_reported_when_given_cases() -> None:
    output = io.BytesIO()
    workers = Workers(Work(echo_times, output, nothing, ignore), 2)
    try:
        workers.submit(b"1:a")
        workers.drain()  # both wait now
        for pid in workers.pids:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)  # the kernel closes their ends of the pipes
        with pytest.raises(WorkerFailed, match="ended"):
            workers.submit(b"1:b")
    finally:
        workers.close(kill=True)
    assert output.getvalue() == b"a"
