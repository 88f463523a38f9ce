"""Provision vectors: derived data, like the search index, kept beside it in `<home>/vectors/`.

Each vector file is a small SQLite database for one embedder model (`meta.model`): a vector per
provision (its passage: `index.embed.passage_text`), the last change-log sequence it took in,
and `pending`, the documents still to embed. Catching up first moves the store's changes into
`pending` (one transaction), then embeds them a few documents per transaction: a process killed
at any point loses nothing and the next catch-up resumes with what is still pending.

`current` names the live file. A different model (or `sherloc vectors --rebuild`) builds a new
file aside and switches `current` to it once complete; a new model's vectors are never compared
with an old one's, so until the switch, search stays lexical and says why.

Search is exact: one matrix product over every vector (numpy), measured fast enough for this
corpus size (see the README); `VectorIndex` holds the matrix, reloaded when the file changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embed import Embedder, passage_text
from index.errors import SherlocError
from index.home import Home
from index.models import DocumentRecord
from index.store import Store

try:
    import fcntl
except ImportError:  # not POSIX: no cross-process writer lock, one writer is assumed
    fcntl = None

POINTER = "current"
PASSAGES_PER_BATCH = 32  # embedded together, committed together
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (provision_id TEXT PRIMARY KEY, document_id TEXT NOT NULL,
                                    passage_hash TEXT NOT NULL, vec BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS vectors_doc ON vectors(document_id);
CREATE TABLE IF NOT EXISTS pending (document_id TEXT PRIMARY KEY)
"""


def vectors_dir(home: Home) -> Path:
    """Where vector files live."""
    return home.root / "vectors"


@dataclass
class VectorStatus:
    """How far the vectors are: what `sherloc stats` and search notices say."""

    model: str  # the model the live vectors were made with ("" when none)
    wanted: str  # the configured model
    embedded: int  # provisions with a vector of `wanted` (in the file built aside while `building`)
    provisions: int  # provisions in the store
    pending_documents: int
    building: bool  # a file for `wanted` is being built aside

    @property
    def usable(self) -> bool:
        """Live vectors of the configured model exist (search may use them)."""
        return self.model == self.wanted and self.embedded > 0 and not self.building

    @property
    def complete(self) -> bool:
        """Every provision of the store has its vector."""
        return self.usable and self.pending_documents == 0 and self.embedded >= self.provisions


class VectorFile:
    """One vector database file; one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level="IMMEDIATE")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(SCHEMA)
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction (BEGIN IMMEDIATE at the first write), committed, or rolled back on any exception."""
        with self.conn as conn:
            yield conn

    def get(self, key: str, default: str = "") -> str:
        """A meta value."""
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    @staticmethod
    def put(conn: sqlite3.Connection, key: str, value: object) -> None:
        """Set a meta value inside a transaction."""
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, str(value)))

    def count(self) -> int:
        """Provisions with a vector."""
        return self.conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

    def pending(self) -> int:
        """Documents still to embed."""
        return self.conn.execute("SELECT COUNT(*) FROM pending").fetchone()[0]

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def current_file(home: Home) -> Path | None:
    """The live vector file, or None."""
    try:
        name = (vectors_dir(home) / POINTER).read_text().strip()
    except OSError:
        return None
    path = vectors_dir(home) / name
    return path if name and path.exists() else None


def _switch(home: Home, path: Path) -> None:
    tmp = vectors_dir(home) / f"{POINTER}.{os.getpid()}.tmp"
    tmp.write_text(path.name)
    os.replace(tmp, vectors_dir(home) / POINTER)


def _new_file(home: Home, store: Store, embedder: Embedder) -> VectorFile:
    """A new file for `embedder`, every published document pending, starting from the store's last change."""
    vectors_dir(home).mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.time_ns() % 1_000_000}"
    vf = VectorFile(vectors_dir(home) / f"vectors-{stamp}.sqlite3")
    seq = store.last_seq()  # changes after this come through the change log
    ids = store.document_ids(published_only=True)
    with vf.transaction() as conn:
        vf.put(conn, "model", embedder.model_id)
        vf.put(conn, "dim", embedder.dim)
        vf.put(conn, "applied_seq", seq)
        vf.put(conn, "state", "building")
        conn.executemany("INSERT OR IGNORE INTO pending(document_id) VALUES (?)", [(i,) for i in ids])
    return vf


def _building_file(home: Home, model_id: str) -> VectorFile | None:
    """A file for this model left half-built (by a killed process), to resume."""
    live = current_file(home)
    for path in sorted(vectors_dir(home).glob("vectors-*.sqlite3"), reverse=True):
        if path == live:
            continue
        vf = VectorFile(path)
        try:
            if vf.get("state") == "building" and vf.get("model") == model_id:
                return vf
        except sqlite3.DatabaseError:
            pass
        vf.close()
    return None


def _prune(home: Home, keep: set[Path]) -> None:
    """Remove vector files other than those kept (and their WAL files)."""
    for path in vectors_dir(home).glob("vectors-*.sqlite3*"):
        base = path.with_name(path.name.split(".sqlite3")[0] + ".sqlite3")
        if base not in keep:
            with contextlib.suppress(OSError):
                path.unlink()


@contextlib.contextmanager
def writer_lock(home: Home, wait: bool = False) -> Iterator[bool]:
    """Held by the one process embedding; yields False (without waiting) when another holds it."""
    vectors_dir(home).mkdir(parents=True, exist_ok=True)
    with open(vectors_dir(home) / "writer.lock", "a+") as fh:
        if fcntl is None:
            yield True
            return
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _passages(doc: DocumentRecord) -> list[tuple[str, str]]:
    """(provision id, passage) for each provision with text."""
    out = []
    for p in doc.provisions:
        text = passage_text(p.label, p.heading, p.text, p.language)
        if text:
            out.append((p.id, text))
    return out


def _take_changes(store: Store, vf: VectorFile) -> None:
    """Move the store's changes since the file's sequence into `pending`, in one transaction."""
    applied = int(vf.get("applied_seq", "0"))
    seq, upserts, deletes = store.changes_since(applied)
    if seq == applied:
        return
    with vf.transaction() as conn:
        conn.executemany("INSERT OR IGNORE INTO pending(document_id) VALUES (?)",
                         [(d,) for d in sorted(upserts | deletes)])
        vf.put(conn, "applied_seq", seq)


def _embed_documents(store: Store, vf: VectorFile, embedder: Embedder, doc_ids: list[str]) -> int:
    """Embed the pending documents given and write them in one transaction; provisions embedded."""
    # a document not published (any more) keeps no vectors: similar and hybrid results never show it
    docs = {d.id: d for d in store.get_documents(doc_ids, published_only=True)}
    rows: list[tuple[str, str, str]] = []  # (provision id, document id, passage)
    for doc_id in doc_ids:
        if doc_id in docs:
            rows.extend((pid, doc_id, text) for pid, text in _passages(docs[doc_id]))
    marks = ",".join("?" * len(doc_ids))
    known = dict(vf.conn.execute(
        f"SELECT provision_id, passage_hash FROM vectors WHERE document_id IN ({marks})", doc_ids).fetchall())
    todo = [r for r in rows if known.get(r[0]) != _hash(r[2])]  # an edit of metadata alone re-embeds nothing
    vecs = embedder.passages([r[2] for r in todo]) if todo else None
    keep = {r[0] for r in rows}
    with vf.transaction() as conn:
        gone = [(pid,) for pid in known if pid not in keep]
        conn.executemany("DELETE FROM vectors WHERE provision_id=?", gone)
        conn.executemany(
            "INSERT OR REPLACE INTO vectors(provision_id, document_id, passage_hash, vec) VALUES (?, ?, ?, ?)",
            [(pid, doc, _hash(text), vecs[i].astype(np.float32).tobytes()) for i, (pid, doc, text) in enumerate(todo)],
        )
        conn.executemany("DELETE FROM pending WHERE document_id=?", [(d,) for d in doc_ids])
        vf.put(conn, "generation", time.time_ns())
    return len(todo)


def _drain(store: Store, vf: VectorFile, embedder: Embedder, progress: Callable[[int, int], None] | None,
           stop: threading.Event | None, batch_passages: int) -> int:
    """Embed every pending document, a batch per transaction; provisions embedded."""
    total = vf.pending()
    done = embedded = 0
    while not (stop and stop.is_set()):
        ids = [r[0] for r in vf.conn.execute("SELECT document_id FROM pending ORDER BY document_id LIMIT 200")]
        if not ids:
            break
        counts = _provision_counts(store, ids)
        batch, size = [], 0
        for doc_id in ids:
            batch.append(doc_id)
            size += counts.get(doc_id, 0)
            if size >= batch_passages:
                break
        embedded += _embed_documents(store, vf, embedder, batch)
        done += len(batch)
        if progress:
            progress(done, max(total, done))
    return embedded


def _provision_counts(store: Store, doc_ids: list[str]) -> dict[str, int]:
    marks = ",".join("?" * len(doc_ids))
    rows = store.conn.execute(
        f"SELECT document_id, COUNT(*) FROM provisions WHERE document_id IN ({marks}) GROUP BY document_id", doc_ids)
    return {r[0]: r[1] for r in rows}


def catch_up(store: Store, home: Home, embedder: Embedder, *, rebuild: bool = False,
             progress: Callable[[int, int], None] | None = None, stop: threading.Event | None = None,
             wait: bool = False, batch: int = PASSAGES_PER_BATCH) -> dict:
    """Bring the vectors of `embedder`'s model up to date with the store.

    The live file is caught up from the change log; when it holds another model (or `rebuild`),
    a file is built aside (a half-built one of this model is resumed) and made live once complete.
    Returns {"embedded", "file", "switched", "busy"}; busy: another process is embedding (unless `wait`).
    """
    with writer_lock(home, wait=wait) as mine:
        if not mine:
            return {"embedded": 0, "file": None, "switched": False, "busy": True}
        live = current_file(home)
        vf = VectorFile(live) if live else None
        if vf is None or rebuild or vf.get("model") != embedder.model_id:
            vf = (None if rebuild else _building_file(home, embedder.model_id)) or _new_file(home, store, embedder)
        try:
            _take_changes(store, vf)
            embedded = _drain(store, vf, embedder, progress, stop, batch)
            switched = False
            if vf.path != live and vf.pending() == 0:
                with vf.transaction() as conn:
                    vf.put(conn, "state", "ready")
                _switch(home, vf.path)
                switched = True
                _prune(home, {vf.path})
            return {"embedded": embedded, "file": str(vf.path), "switched": switched, "busy": False}
        finally:
            vf.close()


def status(store: Store, home: Home, model_id: str) -> VectorStatus:
    """How far the vectors of `model_id` are (without loading any model)."""
    provisions = store.counts(published_only=True)["provisions"]
    live = current_file(home)
    model, embedded, pending = "", 0, 0
    if live:
        vf = VectorFile(live)
        try:
            model = vf.get("model")
            if model == model_id:
                embedded, pending = vf.count(), vf.pending()
                applied = int(vf.get("applied_seq", "0"))
                if applied < store.last_seq():
                    pending += len(set().union(*store.changes_since(applied)[1:]))
        finally:
            vf.close()
    building = False
    if vectors_dir(home).exists() and model != model_id:
        aside = _building_file(home, model_id)
        if aside is not None:  # its progress, though search cannot use it before the switch
            building, embedded, pending = True, aside.count(), aside.pending()
            aside.close()
    return VectorStatus(model=model, wanted=model_id, embedded=embedded, provisions=provisions,
                        pending_documents=pending, building=building)


class VectorIndex:
    """The live vectors in memory (ids and one float32 matrix), for exact nearest-neighbour search."""

    def __init__(self, path: Path) -> None:
        vf = VectorFile(path)
        try:
            self.model = vf.get("model")
            self.generation = vf.get("generation")
            dim = int(vf.get("dim", "0") or 0)
            rows = vf.conn.execute(
                "SELECT provision_id, document_id, vec FROM vectors ORDER BY provision_id").fetchall()
        finally:
            vf.close()
        self.path = path
        self.ids = [r[0] for r in rows]
        self.documents = [r[1] for r in rows]
        self.position = {pid: i for i, pid in enumerate(self.ids)}
        self.matrix = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(rows), dim)
                       if rows and dim else np.zeros((0, max(dim, 1)), dtype=np.float32))

    def __len__(self) -> int:
        return len(self.ids)

    def nearest(self, vector: np.ndarray, k: int, exclude: set[str] | None = None) -> list[tuple[str, float]]:
        """The k provisions closest to `vector` (cosine), best first: (provision id, similarity)."""
        if not len(self.ids) or k <= 0:
            return []
        scores = self.matrix @ vector.astype(np.float32)
        want = min(len(scores), k + len(exclude or ()))
        top = np.argpartition(-scores, want - 1)[:want] if want < len(scores) else np.arange(len(scores))
        order = top[np.argsort(-scores[top], kind="stable")]
        out = [(self.ids[i], float(scores[i])) for i in order if not exclude or self.ids[i] not in exclude]
        return out[:k]

    def vector(self, provision_id: str) -> np.ndarray | None:
        """The stored vector of a provision, if it has one."""
        i = self.position.get(provision_id)
        return None if i is None else self.matrix[i]


class VectorHandle:
    """What the app holds: the live vectors of the configured model, reloaded when they change,
    and an optional background thread that keeps them caught up. Thread-safe."""

    CHECK_EVERY = 2.0  # seconds between looks at the vector file
    BACKGROUND_EVERY = 3.0  # seconds between background catch-ups

    def __init__(self, home: Home, store: Store, spec: str | None = None) -> None:
        self.home, self.store, self.spec = home, store, spec
        self._lock = threading.RLock()
        self._index: VectorIndex | None = None
        self._checked = 0.0
        self._status: tuple[float, VectorStatus] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.progress: tuple[int, int] | None = None  # (documents done, to do) of a running catch-up
        self.last_error: Exception | None = None

    @property
    def embedder(self) -> Embedder:
        """The configured embedder (loaded on first use)."""
        from index.embed import load_embedder

        return load_embedder(self.spec)

    def model_id(self) -> str:
        """The configured model's id."""
        return self.embedder.model_id

    def index(self) -> VectorIndex | None:
        """The live vectors if they are of the configured model, else None."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= self.CHECK_EVERY or self._index is None:
                self._checked = now
                live = current_file(self.home)
                if live is None:
                    self._index = None
                elif self._index is None or self._index.path != live or self._changed(live):
                    self._index = None
                    if self._file_model(live) == self._wanted():  # another model's file is not even loaded
                        loaded = VectorIndex(live)
                        self._index = loaded if len(loaded) else None
            return self._index

    def _wanted(self) -> str:
        try:
            return self.model_id()
        except SherlocError as exc:  # a bad SHERLOC_EMBEDDER: no vectors are used, words still work
            self.last_error = exc
            return ""

    @staticmethod
    def _file_model(path: Path) -> str:
        vf = VectorFile(path)
        try:
            return vf.get("model")
        finally:
            vf.close()

    def _changed(self, live: Path) -> bool:
        vf = VectorFile(live)
        try:
            return vf.get("generation") != self._index.generation
        finally:
            vf.close()

    def status(self) -> VectorStatus:
        """How far the vectors are (looked at most every CHECK_EVERY seconds)."""
        with self._lock:
            now = time.monotonic()
            if self._status is None or now - self._status[0] >= self.CHECK_EVERY:
                self._status = (now, status(self.store, self.home, self.model_id()))
            return self._status[1]

    def for_search(self, q: str, mode: str | None) -> dict:
        """The keyword arguments `index.hybrid.hybrid_search` takes for this query and mode."""
        if not q.strip() or mode == "lexical" or not vectors_dir(self.home).exists():
            return {}
        try:
            found = self.index()
            return {"vectors": found, "embedder": self.embedder if found is not None else None,
                    "vector_status": self.status()}
        except SherlocError as exc:  # e.g. a bad SHERLOC_EMBEDDER: searching by words still works
            self.last_error = exc
            return {}

    def catch_up(self, **kwargs) -> dict:
        """Embed what the store changed (see `catch_up`)."""
        return catch_up(self.store, self.home, self.embedder, **kwargs)

    def start_background(self) -> None:
        """Catch up every few seconds in a daemon thread (the server starts it; tests do not)."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="sherloc-vectors", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.catch_up(stop=self._stop, progress=lambda done, total: setattr(self, "progress", (done, total)))
                self.last_error = None
            except Exception as exc:  # noqa: BLE001 - e.g. the store is busy: retried next round
                self.last_error = exc
            self.progress = None
            self._stop.wait(self.BACKGROUND_EVERY)

    def close(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
