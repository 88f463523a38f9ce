"""Keeping search indexes in step with the store.

- `catch_up` applies the store's change log since the sequence an index last applied.
- `rebuild` builds a fresh index in a new directory and then switches the `current`
  pointer to it atomically; readers of the old index keep working meanwhile.
- `IndexHandle` is what the web app and the CLI hold: it opens the current index
  (building it when absent), reopens when the pointer changes and catches up when the
  store has moved on.

Layout: `<home>/indexes/<engine name>/current` holds the name of the live directory
(`<engine name>/<timestamp>-<pid>`) beside it. While a rebuild writes a directory, it holds
a lock on `<directory>.building` beside it, so no other rebuild prunes that directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # not POSIX: a marker then counts as held until the rebuild removes it
    fcntl = None

from index.engines import create_engine, engine_class
from index.engines.base import Engine
from index.errors import IndexOutdated
from index.home import Home
from index.store import Store

POINTER = "current"
BATCH = 200
BUILDING = ".building"  # suffix of the marker a rebuild holds locked beside the directory it writes


def catch_up(store: Store, engine: Engine, batch: int = BATCH) -> int:
    """Apply every store change after `engine.applied_seq()`; return how many documents changed.

    A document that is not published (unpublished, deleted) is absent for the index: taken out.
    """
    seq, upserts, deletes = store.changes_since(engine.applied_seq())
    if seq == engine.applied_seq():
        return 0
    if deletes:
        engine.delete(sorted(deletes))
    ids = sorted(upserts)
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        docs = store.get_documents(chunk, published_only=True)
        found = {d.id for d in docs}
        # not published, or changed again and deleted since the log was read
        engine.delete([d for d in chunk if d not in found])
        engine.add(docs)
    engine.commit(seq)
    return len(upserts) + len(deletes)


def _engine_dir(home: Home, name: str) -> Path:
    return home.indexes / name


def current_directory(home: Home, name: str | None = None) -> Path | None:
    """The live index directory of an engine, or None when none was built."""
    name = name or home.engine_name
    try:
        target = (_engine_dir(home, name) / POINTER).read_text().strip()
    except OSError:
        return None
    path = _engine_dir(home, name) / target
    return path if target and path.is_dir() else None


def _switch(home: Home, name: str, directory: Path) -> None:
    base = _engine_dir(home, name)
    tmp = base / f"{POINTER}.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.write_text(directory.name)
    os.replace(tmp, base / POINTER)


def _marker(directory: Path) -> Path:
    return directory.with_name(directory.name + BUILDING)


def _hold_marker(directory: Path) -> IO:
    """Create and lock the marker of a directory about to be written; closing the file releases it.

    A lock (not the file alone) says "being written": the kernel drops it when the writer dies,
    so a crashed rebuild does not keep its directory forever.
    """
    path = _marker(directory)
    while True:
        fh = open(path, "a+")  # noqa: SIM115 - held for the whole rebuild
        if fcntl is None:
            return fh
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            if os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino:
                return fh
        except FileNotFoundError:
            pass
        fh.close()  # a pruner removed a stale marker of this name meanwhile: lock a fresh one


def _release_marker(directory: Path, fh: IO) -> None:
    with contextlib.suppress(FileNotFoundError):
        _marker(directory).unlink()  # unlinked while locked, so no pruner takes it for stale
    fh.close()


def _prune_one(home: Home, name: str, directory: Path, keep: set[Path]) -> None:
    """Remove an index directory that is not kept, not current and not being written."""
    marker = _marker(directory)
    try:
        fh = open(marker, "r+")  # noqa: SIM115 - kept open (locked) while the directory goes
    except FileNotFoundError:
        fh = None
    with fh or contextlib.nullcontext():
        if fh is not None:
            if fcntl is None:
                return
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a live rebuild is writing it
        # read after the marker: a rebuild switches the pointer before it lets go of its marker
        if directory in keep or directory == current_directory(home, name):
            return
        shutil.rmtree(directory, ignore_errors=True)
        if fh is not None:
            marker.unlink(missing_ok=True)  # its writer died; removed while locked, see _hold_marker


def _prune(home: Home, name: str, keep: set[Path]) -> None:
    """Remove the index directories of an engine that are neither kept nor being written."""
    for path in _engine_dir(home, name).iterdir():
        if path.is_dir():
            _prune_one(home, name, path, keep)
        elif path.name.endswith(BUILDING):
            written = path.with_name(path.name[: -len(BUILDING)])
            if not written.exists():
                _prune_one(home, name, written, keep)  # a marker whose rebuild died before writing


def rebuild(
    store: Store, home: Home, name: str | None = None, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Build a new index of engine `name` from every published store document, then make it current.

    Returns {"engine", "directory", "documents", "provisions", "seconds"}. `progress(done,
    total)` is called after each batch of documents. After the switch, index directories
    other than the new one, the previous one and those another rebuild is still writing
    are removed (a process still reading one keeps its open files on POSIX).
    """
    name = name or home.engine_name
    engine_class(name)  # fail early, with the list of engines, on a bad name
    base = _engine_dir(home, name)
    base.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    directory = base / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.time_ns() % 1_000_000}"
    seq = store.last_seq()  # changes after this are applied by the next catch-up
    total = store.counts(published_only=True)["documents"]
    marker = _hold_marker(directory)  # before the directory exists, so no pruner sees it unmarked
    try:
        docs, provisions = _build(store, name, directory, seq, total, progress)
        previous = current_directory(home, name)
        _switch(home, name, directory)
    finally:
        _release_marker(directory, marker)
    # the previous index stays one more round: a process that has not yet seen the new
    # pointer keeps searching it; everything older goes, unless another rebuild writes it
    _prune(home, name, {directory, previous} - {None})
    return {
        "engine": name,
        "directory": str(directory),
        "documents": docs,
        "provisions": provisions,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _build(
    store: Store, name: str, directory: Path, seq: int, total: int, progress: Callable[[int, int], None] | None
) -> tuple[int, int]:
    """Index every store document into a new engine directory; (documents, provisions)."""
    engine = create_engine(name, directory)
    docs = provisions = 0
    try:
        chunk = []
        for doc in store.iter_documents(batch=BATCH, published_only=True):
            chunk.append(doc)
            if len(chunk) >= BATCH:
                provisions += engine.add(chunk)
                docs += len(chunk)
                chunk = []
                if progress:
                    progress(docs, total)
        if chunk:
            provisions += engine.add(chunk)
            docs += len(chunk)
            if progress:
                progress(docs, total)
        engine.commit(seq)
    finally:
        engine.close()
    return docs, provisions


class IndexHandle:
    """The current index of one engine, kept open, fresh and in step with the store. Thread-safe."""

    CHECK_EVERY = 1.0  # seconds between looks at the store's change log

    def __init__(self, home: Home, name: str | None = None, store: Store | None = None) -> None:
        self.home = home
        self.name = name or home.engine_name
        self.store = store or Store(home.store_path)
        self._lock = threading.RLock()
        self._engine: Engine | None = None
        self._pointer: tuple[float, str] | None = None
        self._checked = 0.0
        self.last_error: Exception | None = None  # why the last catch-up failed, if it did

    def _pointer_state(self) -> tuple[float, str] | None:
        path = _engine_dir(self.home, self.name) / POINTER
        try:
            return path.stat().st_mtime, path.read_text().strip()
        except OSError:
            return None

    def _open(self) -> None:
        directory = current_directory(self.home, self.name)
        if directory is None:
            rebuild(self.store, self.home, self.name)
            directory = current_directory(self.home, self.name)
        try:
            engine = create_engine(self.name, directory)
        except IndexOutdated:
            # written by an earlier version: indexes derive from the store, so build one aside and switch
            rebuild(self.store, self.home, self.name)
            engine = create_engine(self.name, current_directory(self.home, self.name))
        old, self._engine = self._engine, engine
        self._pointer = self._pointer_state()
        if old is not None:
            old.close()

    @property
    def engine(self) -> Engine:
        """The engine, reopened when the pointer changed and caught up when the store moved on."""
        with self._lock:
            if self._engine is None or self._pointer_state() != self._pointer:
                self._open()
                self._checked = 0.0
            now = time.monotonic()
            if now - self._checked >= self.CHECK_EVERY:
                self._checked = now
                if self.store.last_seq() > self._engine.applied_seq():
                    try:
                        catch_up(self.store, self._engine)
                        self.last_error = None
                    except Exception as exc:  # noqa: BLE001 - e.g. another process holds the writer lock
                        # searching the index as it is beats failing the request; retried next check
                        self.last_error = exc
            return self._engine

    def refresh(self) -> int:
        """Catch up now (after an edit), whatever the time since the last check."""
        with self._lock:
            engine = self.engine
            return catch_up(self.store, engine)

    def rewrite(self, doc_id: str) -> int:
        """Write one document into the index again from the store (drop it if it is gone or not published)."""
        with self._lock:
            engine = self.engine
            docs = self.store.get_documents([doc_id], published_only=True)
            if docs:
                count = engine.add(docs)
            else:
                engine.delete([doc_id])
                count = 0
            engine.commit(engine.applied_seq())  # the change log was not read: the applied sequence stays
            return count

    def close(self) -> None:
        """Close the engine (the store belongs to the caller when it was given)."""
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
