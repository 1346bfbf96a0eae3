"""Worker processes for ``batch``: batches of cases go out, their results come back in order.

The triage of one case is a pure function, so a long run splits into batches that
worker processes triage side by side. The workers are forked: they start at once,
with everything already imported and nothing to set up. The main process reads
the input, hands each batch to a worker that is waiting for one, and passes the
results on in the order the batches went out, so the output is the same, byte for
byte, as one process gives.

A worker holds one batch at a time, and is sent one only while it waits for it, so
neither side can be stuck writing into a full pipe that the other is not reading.
Messages are framed by their length; nothing is pickled.

Why not ``concurrent.futures.ProcessPoolExecutor``: ``benchmarks/pool_compare.py`` runs
it behind this interface. On 100,000 cases with two workers it took 1.12-1.98x the
wall time and 1.19-1.38x the CPU time of these workers (it pickles every output and
copies it through its own thread; here a worker's output is spliced to the file), and
a worker killed while sending its output left it waiting forever.
"""

import errno
import os
import signal
import stat
import struct
import sys
from collections import deque
from collections.abc import Callable
from typing import IO, NamedTuple

from ..errors import ENDING_SIGNALS

# In front of a batch: its length. In front of an output: its length and two counts.
_LENGTH = struct.Struct("<Q")
_OUTPUT_HEAD = struct.Struct("<QQQ")
# At most this many pieces are written by one writev() (the least IOV_MAX of POSIX).
_PIECES = 1024

# What a worker makes of a batch: the pieces of its output, and two counts for the main process.
Output = tuple[list[bytes], tuple[int, int]]


class Work(NamedTuple):
    """What is done with each batch: ``make`` turns it into output pieces, which are
    written to ``output`` in the order the batches came, each after ``before_output``
    has run (to let the main process write what it holds first); ``on_tally`` gets
    the two counts of each."""

    make: Callable[[bytes], Output]
    output: IO[bytes]
    before_output: Callable[[], None]
    on_tally: Callable[[int, int], None]


class WorkerFailed(OSError):
    """A worker process ended without answering (reported like a failed read or write)."""


def can_fork() -> bool:
    """True where worker processes can be forked (Linux, macOS, the BSDs; not Windows)."""
    return hasattr(os, "fork") and sys.platform != "win32"


def available_cpus() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _write_all(fd: int, pieces: list[bytes]) -> None:
    """Write every piece, in order, with as few system calls as the pipe allows."""
    views = [memoryview(piece) for piece in pieces if piece]
    first = 0
    while first < len(views):
        written = os.writev(fd, views[first : first + _PIECES])
        while written:
            size = len(views[first])
            if written < size:
                views[first] = views[first][written:]
                break
            written -= size
            first += 1


def write_fully(stream: IO[bytes], data: bytes | bytearray) -> None:
    """Write all of ``data`` to ``stream`` and flush it. Standard output without its
    buffer (``python -u``, PYTHONUNBUFFERED) may take only part of a large write: the
    rest is written in turn, so that a reader that has gone shows as EPIPE."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if written is None:  # a non-blocking output that is full: fail as a buffered one does
            raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        view = view[written:]
    stream.flush()


def _read_exactly(fd: int, size: int) -> bytearray | None:
    """``size`` bytes, or None if the pipe ends before the first of them."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        got = os.readv(fd, [view[done:]])
        if got == 0:
            if done == 0:
                return None
            raise WorkerFailed("a message was cut short")
        done += got
    return buffer


class Workers:
    """``jobs`` forked processes that each do the :class:`Work` of a batch.

    :meth:`submit` hands a batch on; :meth:`drain` waits for every batch handed on;
    :meth:`close` ends the workers (at once, with ``kill``).
    """

    def __init__(self, work: Work, jobs: int) -> None:
        self.work = work
        output = work.output
        self.pids: list[int] = []
        self.to_worker: list[int] = []
        self.from_worker: list[int] = []
        self.idle: deque[int] = deque()
        self.busy: deque[int] = deque()  # in the order their batches went out
        try:
            self.output_fd: int | None = output.fileno()
            self.output_is_file = stat.S_ISREG(os.fstat(self.output_fd).st_mode)
        except (AttributeError, OSError, ValueError):  # not a file (an in-memory buffer)
            self.output_fd = None
            self.output_is_file = False
        try:
            for index in range(jobs):
                self._start(index, work.make)
        except BaseException:
            self.close(kill=True)
            raise

    def _start(self, index: int, work: Callable[[bytes], Output]) -> None:
        batch_read, batch_write = os.pipe()
        output_read, output_write = os.pipe()
        _widen(output_write)
        # Ctrl-C or SIGTERM arriving while the worker sets itself up must not run this
        # process's handlers in it: they wait until the worker ignores them.
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                for signum in _STOPPING:  # the main process ends the workers itself; a signal sent them ends them
                    signal.signal(signum, signal.SIG_IGN if signum in _FROM_THE_TERMINAL else signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
                for fd in (batch_write, output_read, *self.to_worker, *self.from_worker):
                    os.close(fd)
                _serve(batch_read, output_write, work)
            except OSError:  # the main process has gone: nobody is left to tell
                code = 1
            except MemoryError:  # the main process says so
                code = EXIT_NO_MEMORY
            except BaseException:  # a fault of ours: show it, as one process would
                import traceback

                code = 1
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(code)  # no cleanup of the main process's state: it is not ours
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        os.close(batch_read)
        os.close(output_write)
        self.pids.append(pid)
        self.to_worker.append(batch_write)
        self.from_worker.append(output_read)
        self.idle.append(index)

    def submit(self, batch: bytes) -> None:
        if not self.idle:
            self._collect_oldest()
        index = self.idle.popleft()
        try:
            _write_all(self.to_worker[index], [_LENGTH.pack(len(batch)), batch])
        except OSError:  # its end of the pipe is closed: the worker has died
            raise WorkerFailed("a worker process ended before it was given its cases") from None
        self.busy.append(index)

    def drain(self) -> None:
        while self.busy:
            self._collect_oldest()

    def _collect_oldest(self) -> None:
        index = self.busy.popleft()
        source = self.from_worker[index]
        head = _read_exactly(source, _OUTPUT_HEAD.size)
        if head is None:
            raise self._failure(index)
        length, first, second = _OUTPUT_HEAD.unpack(head)
        self.work.before_output()
        self._pass_on(source, length)
        self.idle.append(index)
        self.work.on_tally(first, second)

    def _failure(self, index: int) -> Exception:
        """What ended the worker ``index``, which closed its pipe without an answer."""
        pid, self.pids[index] = self.pids[index], 0
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXIT_NO_MEMORY:
            return MemoryError("a worker process ran out of memory")
        return WorkerFailed("a worker process ended without answering")

    def _pass_on(self, source: int, length: int) -> None:
        """Move ``length`` bytes from a worker's pipe to the output. A file gets each
        output whole: Ctrl-C or SIGTERM takes effect after it, so that an interrupted
        run leaves whole lines. (A pipe may wait for its reader, so it is not held up.)"""
        if not self.output_is_file:
            self._move(source, length)
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            self._move(source, length)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def _move(self, source: int, length: int) -> None:
        """Inside the kernel where it can (Linux's splice), else through a buffer."""
        if self.output_fd is not None and _SPLICE is not None:
            try:
                while length:
                    moved = _SPLICE(source, self.output_fd, length)
                    if not moved:
                        raise WorkerFailed("a worker's output was cut short")
                    length -= moved
                return
            except OSError as error:
                if error.errno != errno.EINVAL:  # EINVAL: this output cannot be spliced to
                    raise
                self.output_fd = None
        data = _read_exactly(source, length) if length else bytearray()
        if data is None:
            raise WorkerFailed("a worker's output was cut short")
        write_fully(self.work.output, data)

    def close(self, *, kill: bool = False) -> None:
        """End the workers: they finish when their pipe closes, or at once with ``kill``."""
        for fd in (*self.to_worker, *self.from_worker):
            os.close(fd)
        self.to_worker.clear()
        self.from_worker.clear()
        for pid in filter(None, self.pids):  # 0: waited for already
            if kill:  # a worker that has ended stays until it is waited for: the pid is still its own
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.pids.clear()


def _widen(pipe: int) -> None:
    """Let a pipe hold up to a megabyte (Linux; the usual limit for a user), so that a
    worker's output moves in few large steps."""
    try:
        import fcntl

        fcntl.fcntl(pipe, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):  # not Linux, or a lower limit: the pipe keeps its size
        pass


PIPE_BYTES = 1024 * 1024

# The signals that stop a run; those the terminal sends the whole group (Ctrl-C, Ctrl-\\)
# the workers ignore, as the main process ends them itself.
_STOPPING = {signal.SIGINT, *ENDING_SIGNALS}
_FROM_THE_TERMINAL = {signal.SIGINT, getattr(signal, "SIGQUIT", signal.SIGINT)}
# The status of a worker that ran out of memory.
EXIT_NO_MEMORY = 109

_SPLICE: Callable[[int, int, int], int] | None = getattr(os, "splice", None)


def _serve(batches: int, outputs: int, work: Callable[[bytes], Output]) -> None:
    """The loop of a worker: a batch in, its output out, until the main process closes the pipe."""
    while (head := _read_exactly(batches, _LENGTH.size)) is not None:
        (length,) = _LENGTH.unpack(head)
        batch = _read_exactly(batches, length) if length else bytearray()
        if batch is None:
            return
        pieces, (first, second) = work(bytes(batch))
        size = sum(map(len, pieces))
        _write_all(outputs, [_OUTPUT_HEAD.pack(size, first, second), *pieces])


class Batches:
    """Pieces (byte strings, each worth a number of cases) gathered into batches of
    ``size`` cases, and the :class:`Work` of each batch (its pieces joined) done.

    Nothing is forked until a batch is full: a short input, or one that arrives slowly
    through a pipe, is worked here, batch by batch, by the same ``work``. Then ``jobs``
    :class:`Workers` take over. :meth:`hand_on` sends what is gathered and waits for
    all of it to be written (call it when the input is about to wait); :meth:`close`
    does the same and ends the workers; :meth:`abort` ends them at once.
    """

    def __init__(self, work: Work, jobs: int, size: int) -> None:
        self.work = work
        self.jobs = jobs
        self.size = size
        self.pieces: list[bytes] = []
        self.cases = 0
        self.workers: Workers | None = None

    def add(self, piece: bytes, cases: int = 1) -> None:
        self.pieces.append(piece)
        self.cases += cases
        if self.cases >= self.size:
            self._send()

    def _send(self) -> None:
        if not self.pieces:
            return
        batch = b"".join(self.pieces)
        full = self.cases >= self.size
        self.pieces.clear()
        self.cases = 0
        work = self.work
        if self.workers is None and full and self.jobs > 1:
            work.before_output()  # a worker starts as a copy of this process: let it copy no unwritten output
            self.workers = Workers(work, self.jobs)
        if self.workers is not None:
            self.workers.submit(batch)
            return
        pieces, (first, second) = work.make(batch)
        work.before_output()
        write_fully(work.output, b"".join(pieces))
        work.on_tally(first, second)

    def hand_on(self) -> None:
        self._send()
        if self.workers is not None:
            self.workers.drain()

    def close(self) -> None:
        self.hand_on()
        if self.workers is not None:
            self.workers.close()

    def abort(self) -> None:
        if self.workers is not None:
            self.workers.close(kill=True)
