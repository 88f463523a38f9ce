"""Parsing a batch's files in worker processes: a file that crashes, hangs or bloats its process costs that file.

A pebble process pool runs one task per file (or per part of a large records file) with the
file's time limit; a worker that dies costs only the task it was running, which is tried
once more and then rejected. Small batches are parsed in this process instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from ingest.build import load_knowledge
from ingest.limits import MEMORY_LIMIT_MB, die_with_parent
from ingest.parse import ParsedFile, file_size, merge_parts, parse_file, time_limit_for, too_long

# A records file larger than this is built by every worker, each taking every n-th record.
BIG_RECORDS_FILE = 1_000_000
# Tasks sent and not yet written, per worker: enough to keep every worker busy behind a slow
# file, few enough to bound the parsed records waiting in memory.
IN_FLIGHT_PER_WORKER = 64
# Files written in one transaction at most: their commit is shared, a report waits for it.
RUN = 200
CRASHED = "the parser crashed (its process ended abruptly, also when the file was tried again on its own)"


@dataclass(frozen=True)
class Task:
    """One call of parse_file, as sent to a worker."""

    path: str
    root: str
    detector: str
    part: int
    parts: int
    time_limit: float
    memory_mb: int | None = MEMORY_LIMIT_MB
    follow_links: bool = False

    def run(self, time_limit: float | None) -> ParsedFile:
        """parse_file for this task; `time_limit` None where the pool times the task."""
        return parse_file(self.path, self.root, self.detector, self.part, self.parts, time_limit,
                          self.memory_mb, self.follow_links)


def _run_in_worker(task: Task) -> bytes:
    """A task's result, pickled here: a result that cannot be sent back costs its own file, not the worker."""
    result = task.run(None)
    try:
        return pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        return pickle.dumps(ParsedFile(path=result.path, error="its records could not be passed back from the "
                                       f"parser ({type(exc).__name__}: {str(exc)[:200]})"), pickle.HIGHEST_PROTOCOL)


def _worker_start(detector: str) -> None:
    """Load readers, taxonomy and thesaurus, so that time limits time parsing, not start-up.

    Called in this process before workers are forked (they inherit what it loaded, batch after
    batch), and in each worker as it starts, which has nothing left to do where it was forked.
    The statistical language model stays lazy: most texts never need it.
    """
    try:
        import ingest.classify  # noqa: F401
        import ingest.extract  # noqa: F401
        import ingest.structure  # noqa: F401
        from ingest.language import get_detector
        from ingest.readers import load_readers

        load_readers()
        get_detector(detector)
        load_knowledge()
    except Exception:  # the first file meets the same problem and reports it
        pass


def _worker_init(detector: str, parent: int) -> None:
    """A pool worker's start: it dies with `parent` (the batch), loads what parsing needs, and leaves
    what it inherited out of its garbage collections (walking the parent's heap costs time and copies pages)."""
    die_with_parent(parent)
    _worker_start(detector)
    gc.freeze()


def _load_language_model(detector: str) -> None:
    """Load the detector's statistical model in this process; a failure is left to the first file that needs it."""
    try:
        from ingest.language import get_detector

        get_detector(detector).load_model()
    except Exception:
        pass


def _preload(detector: str) -> None:
    """Load here what forked workers would each load: they inherit it, for this batch and the next."""
    # (allow_none: asking must not fix the start method for the rest of the program; the default comes first)
    if (multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]) == "fork":
        _worker_start(detector)
        _load_language_model(detector)  # nearly every batch has a short text only the model can place


def plan(files: list[tuple[Path, Path]], workers: int | None) -> tuple[int, list[int]]:
    """How many processes, and in how many parts each file is parsed.

    Starting workers and loading their models is slow, so small batches stay in this process; a
    large records file is split so that every core builds records.
    """
    cores = min(os.cpu_count() or 1, 4)
    big = [f.suffix.lower() in (".json", ".jsonl") and file_size(f) > BIG_RECORDS_FILE for f, _ in files]
    count = workers if workers is not None else (cores if len(files) >= 16 or any(big) else 1)
    count = max(1, count)
    return count, [count if is_big and count > 1 else 1 for is_big in big]


@dataclass
class _Sent:
    """A task given to the pool, and how many times a worker died running it."""

    task: Task
    future: Future
    crashes: int = 0


class _Pool:
    """A pebble pool that is replaced when it breaks (it does when a worker dies while no task runs)."""

    def __init__(self, count: int, detector: str) -> None:
        self.count, self.detector = count, detector
        self.pool = self._new()

    def _new(self) -> ProcessPool:
        return ProcessPool(max_workers=self.count, initializer=_worker_init, initargs=(self.detector, os.getpid()))

    def send(self, task: Task) -> Future:
        """Schedule `task` with its time limit (0: none); a broken pool gives a future that says so."""
        try:
            return self.pool.schedule(_run_in_worker, args=(task,), timeout=task.time_limit or None)
        except RuntimeError as exc:  # the pool broke since the last look
            lost: Future = Future()
            lost.set_exception(exc)
            return lost

    def lost(self, future: Future) -> bool:
        """Whether `future` went down with a broken pool (or waits in one that will never run it)."""
        if not future.done():
            return not self.pool.active
        exc = future.exception()
        return exc is not None and not isinstance(exc, ProcessExpired | TimeoutError) and not self.pool.active

    def renew(self, pending: deque[_Sent]) -> None:
        """Replace a broken pool and send the new one every task lost with the old, but a task that
        was lost twice before: that one is taken as crashed."""
        lost = [sent for sent in pending if self.lost(sent.future)]
        self.close()
        self.pool = self._new()
        for sent in lost:
            if sent.crashes >= 2:
                sent.future = Future()
                sent.future.set_exception(ProcessExpired("lost with its pool"))
            else:
                sent.future = self.send(sent.task)

    def close(self) -> None:
        """End the workers (every task is answered or abandoned by now)."""
        self.pool.stop()
        self.pool.join()


def _result(sent: _Sent) -> ParsedFile | None:
    """The finished task's result; None when its worker died the first time (it is tried again)."""
    task = sent.task
    try:
        return pickle.loads(sent.future.result())
    except TimeoutError:
        return ParsedFile(path=task.path, error=too_long(task.time_limit))
    except ProcessExpired:
        if sent.crashes == 0:
            return None
        memory = f"; it may have needed more than its {task.memory_mb} MB of memory" if task.memory_mb else ""
        return ParsedFile(path=task.path, error=CRASHED + memory)
    except Exception as exc:  # e.g. a task or result that could not be pickled
        return ParsedFile(path=task.path, error=f"unexpected {type(exc).__name__}: {exc}")


def run_in_pool(tasks: list[Task], count: int) -> Iterator[list[ParsedFile]]:
    """Every task's result, in task order, parsed by `count` worker processes, in runs of finished ones.

    A task whose worker dies is sent again on its own; a second death rejects its file. A pool
    that breaks (a worker dying while none runs a task) is replaced and its unfinished tasks sent
    again; breaking twice with no result between counts as a death of the first unfinished task.
    """
    detector = tasks[0].detector if tasks else "lingua"
    _preload(detector)
    todo = iter(tasks)
    pending: deque[_Sent] = deque()
    pool = _Pool(count, detector)
    stalled = False  # the pool broke and no result came since
    try:
        while True:
            while len(pending) < count * IN_FLIGHT_PER_WORKER and (task := next(todo, None)) is not None:
                pending.append(_Sent(task, pool.send(task)))
            if not pending:
                return
            head = pending[0]
            wait_for([head.future], timeout=1.0)
            if pool.lost(head.future):
                if stalled:
                    head.crashes += 1
                stalled = True
                pool.renew(pending)
                continue
            run: list[ParsedFile] = []
            while pending and len(run) < RUN and pending[0].future.done() and not pool.lost(pending[0].future):
                sent = pending[0]
                result = _result(sent)
                if result is None:
                    sent.crashes += 1
                    sent.future = pool.send(sent.task)
                    break
                pending.popleft()
                run.append(result)
            if run:
                stalled = False
                yield run
    finally:
        pool.close()


def parse_all(
    files: list[tuple[Path, Path]], detector: str, workers: int | None, time_limit: float | None = None,
    memory_mb: int | None = MEMORY_LIMIT_MB, follow_links: bool = False,
) -> Iterator[list[ParsedFile]]:
    """Every file parsed, in order, in runs: each run holds the files whose parsing ended together."""
    count, parts = plan(files, workers)
    tasks = [
        Task(str(f), str(root), detector, k, n, time_limit_for(f, time_limit), memory_mb, follow_links)
        for (f, root), n in zip(files, parts, strict=True)
        for k in range(n)
    ]
    # In this process a crashing parser would end the batch; small batches take that risk to
    # save the start-up of worker processes.
    results = ([t.run(t.time_limit)] for t in tasks) if count <= 1 else run_in_pool(tasks, count)
    sizes = iter(parts)
    need = next(sizes, None)
    done: list[ParsedFile] = []  # parts of files not complete yet
    try:
        for unit in results:
            done.extend(unit)
            ready = []
            while need is not None and len(done) >= need:
                ready.append(merge_parts(done[:need]))
                del done[:need]
                need = next(sizes, None)
            if ready:
                yield ready
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
