"""Bounds on what one file may cost a batch: memory, nesting depth, and workers that outlive their batch.

The time limit lives with the parse (parse.py) and the worker pool (workers.py); these are the other bounds.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import threading
from collections.abc import Iterator

# Memory one parse may take above what the process already holds: a large real PDF needs a few
# hundred MB; a "bomb" that repeats one text operation asks for many GB.
MEMORY_LIMIT_MB = 2048
# Metadata deeper than this is not a document's description but a hostile or broken file
# (and would not survive being passed back from a worker process).
MAX_METADATA_DEPTH = 32
_PR_SET_PDEATHSIG = 1
# True in a parse worker process (see die_with_parent): only there is a memory limit set.
_in_worker = False


def too_much_memory(limit_mb: int) -> str:
    """The reason given for a file whose parse ran out of its memory allowance."""
    return f"needed more than {limit_mb} MB of memory to read (a decompression bomb or a broken file?)"


def _address_space() -> int:
    """Bytes of address space this process has mapped now (Linux), 0 if unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


@contextlib.contextmanager
def memory_limit(limit_mb: int | None) -> Iterator[None]:
    """In a worker process, let the code inside map at most `limit_mb` MB more (None or 0: no limit).

    Past it an allocation fails: MemoryError, or the process aborts (then the batch reports a
    crashed parser). The limit is on the whole process (RLIMIT_AS), so it is set only in a
    worker, which does nothing but parse, never in the batch's own process.
    """
    current = _address_space()
    usable = _in_worker and bool(limit_mb) and current and threading.active_count() == 1
    if not usable:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + limit_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield  # already bounded more tightly by whoever started us
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def die_with_parent(parent: int) -> None:
    """Make this worker process end when `parent` ends, even by kill -9 (Linux; elsewhere nothing).

    It also marks the process as a worker, where memory_limit applies.
    """
    global _in_worker
    _in_worker = True
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def depth(value: object, limit: int = MAX_METADATA_DEPTH) -> int:
    """How deeply `value` nests lists and dicts, counted up to `limit + 1` (without recursion)."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if level > limit:
            return level
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list | tuple):
            stack.extend((v, level + 1) for v in item)
    return deepest
