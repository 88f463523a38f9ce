"""A full rebuild in the background: one at a time per engine, its progress in a status file any process can read.

The rebuild (index.sync.rebuild: built aside, then swapped in) runs in a process of its own, so
searches served meanwhile keep the old index and their CPU; a thread of the caller waits for it
and holds a lock file the whole time. The lock, not the status file, says whether a rebuild runs:
the kernel drops it when its holder dies, so a crashed server never blocks the next rebuild.

Files, in <home>/indexes: `<engine>.rebuild.lock` and `<engine>.rebuild.json` (state running,
done or failed; documents done and total; who started it, when; the result or the error).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from index.errors import SherlocError
from index.home import Home

try:
    import fcntl
except ImportError:  # not POSIX: then only one rebuild per process is guaranteed
    fcntl = None

# Seconds between two progress writes: a big store sends a batch every few milliseconds.
WRITE_EVERY = 0.25


class RebuildRunning(SherlocError):
    """A rebuild of this engine is already running."""


def _lock_path(home: Home, name: str) -> Path:
    return home.indexes / f"{name}.rebuild.lock"


def _status_path(home: Home, name: str) -> Path:
    return home.indexes / f"{name}.rebuild.json"


def _write(path: Path, status: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half a status


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _take_lock(home: Home, name: str) -> IO | None:
    """The lock file, held; None when another rebuild holds it."""
    home.indexes.mkdir(parents=True, exist_ok=True)
    fh = open(_lock_path(home, name), "a+")  # noqa: SIM115 - held until the rebuild ends
    if fcntl is not None:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return None
    return fh


def running(home: Home, name: str) -> bool:
    """Whether a rebuild of engine `name` holds the lock now (in any process)."""
    fh = _take_lock(home, name)
    if fh is None:
        return True
    fh.close()
    return False


def status(home: Home, name: str) -> dict:
    """The last rebuild's status ({} if none ran); a "running" one whose holder died reads as failed."""
    try:
        state = json.loads(_status_path(home, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if state.get("state") == "running" and not running(home, name):
        # Read again: it may have finished between the two reads.
        with contextlib.suppress(OSError, ValueError):
            state = json.loads(_status_path(home, name).read_text(encoding="utf-8"))
        if state.get("state") == "running":
            state.update(state="failed", error="the rebuild stopped before it finished (its process ended)")
    return state


def start(home: Home, name: str, editor: str, on_end: Callable[[dict], None] | None = None) -> threading.Thread:
    """Start rebuilding engine `name` in the background; RebuildRunning if one is running.

    `on_end(status)` is called in the waiting thread once the rebuild has finished or failed
    (for the audit log). Returns that thread.
    """
    lock = _take_lock(home, name)
    if lock is None:
        raise RebuildRunning(f"a rebuild of the {name} index is already running")
    path = _status_path(home, name)
    status_now = {"state": "running", "engine": name, "editor": editor, "started": _now(), "done": 0, "total": None}
    try:
        _write(path, status_now)
        # spawn, not fork: forking a threaded web server can copy a lock held by another thread. (spawn imports
        # the caller's __main__ again: a script that starts a rebuild needs `if __name__ == "__main__":`.)
        process = multiprocessing.get_context("spawn").Process(
            target=_rebuild_in_child, args=(str(home.root), name, str(path), status_now), daemon=False
        )
        process.start()
    except BaseException:
        lock.close()
        raise
    thread = threading.Thread(target=_wait, args=(process, lock, path, on_end), daemon=True,
                              name=f"rebuild-{name}")
    thread.start()
    return thread


def _wait(process, lock: IO, path: Path, on_end: Callable[[dict], None] | None) -> None:
    try:
        process.join()
        try:
            final = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            final = {}
        if final.get("state") == "running":
            final.update(state="failed", finished=_now(),
                         error=f"the rebuild process ended abruptly (exit code {process.exitcode})")
            _write(path, final)
    finally:
        lock.close()  # the next rebuild may start from here on
    if on_end is not None:
        on_end(final)


def _rebuild_in_child(root: str, name: str, path: str, state: dict) -> None:
    """The child process: rebuild, writing progress and the outcome into the status file."""
    from index.store import Store
    from index.sync import rebuild

    home, status_file = Home(Path(root)), Path(path)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        state.update(done=done, total=total)
        if time.monotonic() - last >= WRITE_EVERY or done >= total:
            last = time.monotonic()
            _write(status_file, state)

    store = Store(home.store_path)
    try:
        state.update(total=store.counts()["documents"], pid=os.getpid())
        _write(status_file, state)
        info = rebuild(store, home, name, progress=progress)
        state.update(state="done", finished=_now(), done=info["documents"], total=info["documents"],
                     result={k: info[k] for k in ("documents", "provisions", "seconds")})
    except Exception as exc:  # noqa: BLE001 - reported on the page and in the audit log; the old index stays
        state.update(state="failed", finished=_now(), error=f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
    _write(status_file, state)
