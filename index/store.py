"""The record store: SQLite (WAL), the single source of truth.

Every search index is derived from it. Each write of one document is one
transaction that also appends to the change log, so an index that remembers the
last sequence number it applied can always catch up, and a rebuild is "apply
everything from 0". Replaced and deleted documents are kept as JSON revisions:
an editor's mistake can be undone.

This module holds the connections, the schema's upgrade on opening and the write path (a document
added or replaced, an editor's edits and classifications). `Store` combines the rest, one job each:
index/schema.py (the migrations), index/store_reads.py (reads, change log, statistics),
index/revisions.py (document states, revisions, restore, purge) and index/accounts.py (editors'
accounts). Callers import everything from here.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index import audit
from index.accounts import ROLES, Accounts, Editor
from index.errors import SherlocError, not_found
from index.ids import id_problem
from index.models import DOCUMENT_TYPES, SCHEMES, DocumentRecord, Provision
from index.revisions import PUBLISHED, STATES, Revisions, record_from_json
from index.schema import MIGRATIONS, SCHEMA_VERSION
from index.schema import now as _now
from index.store_reads import ProvisionPlace, Reads

# What callers import from here, wherever it is defined.
__all__ = [
    "MIGRATIONS", "PUBLISHED", "ROLES", "SCHEMA_VERSION", "STATES", "Editor", "ProvisionPlace", "Store",
    "assign_provision_ids", "provision_anchor", "record_from_json",
]

# A classification level: (scheme, provision id), None for the whole document.
Level = tuple[str, str | None]


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def provision_anchor(p: Provision) -> str:
    """A readable, stable anchor for a provision: art-5, art-5-bis, para-12, sec-facts."""
    prefix = {"article": "art", "paragraph": "para", "section": "sec"}.get(p.kind, p.kind)
    tail = _slug(p.number) or _slug(p.label) or str(p.order)
    return prefix if p.kind in ("preamble", "whole") else f"{prefix}-{tail}"


def assign_provision_ids(doc: DocumentRecord) -> None:
    """Give every provision without an id one of the form '<doc id>/<anchor>', unique in the document."""
    seen: set[str] = {p.id for p in doc.provisions if p.id}
    for p in doc.provisions:
        if p.id:
            continue
        base = f"{doc.id}/{provision_anchor(p)}"
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        p.id = candidate
        seen.add(candidate)


def _level_key(level: Level) -> str:
    """A classification level as the audit log names it: "crime", or "crime @ <provision id>"."""
    scheme, provision_id = level
    return f"{scheme} @ {provision_id}" if provision_id else scheme


def _changed_keys(before: dict, after: dict) -> dict:
    """The metadata keys an edit changed, a removed key as None."""
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    changed.update({k: None for k in before if k not in after})
    return changed


def _field_changes(doc: DocumentRecord, fields: Mapping) -> tuple[dict, dict]:
    """The fields an edit changes, before and after; of `metadata` only its changed keys."""
    before, after = {}, {}
    for key, value in fields.items():
        old = getattr(doc, key)
        if old == value:
            continue
        if key == "metadata":
            old, value = ({k: old.get(k) for k in _changed_keys(old, value)},
                          {k: value.get(k) for k in _changed_keys(old, value)})
        before[key], after[key] = old, value
    return before, after


class Store(Reads, Revisions, Accounts):
    """The SQLite record store. One connection per thread; safe to share across threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._answers: dict[str, tuple[int, Any]] = {}  # see _until_next_change
        self._migrate()

    # -- connections and schema -------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError as exc:
                raise SherlocError(f"{self.path}: not a sherloc store ({exc})") from None
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

        Inside a transaction of this thread it is a savepoint instead: an exception undoes only
        its own writes, and what it wrote is committed (or rolled back) with the outer transaction.
        Ingest writes many documents per commit this way, each still all-or-nothing.
        """
        conn = self.conn
        if conn.in_transaction:
            depth = getattr(self._local, "depth", 0) + 1
            self._local.depth = depth
            name = f"nested{depth}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            finally:
                self._local.depth = depth - 1
            conn.execute(f"RELEASE {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _migrate(self) -> None:
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise SherlocError(f"{self.path}: not a sherloc store ({exc})") from None
        if version > SCHEMA_VERSION:
            raise SherlocError(
                f"{self.path}: store schema {version} is newer than this program ({SCHEMA_VERSION}); "
                "upgrade sherloc-search"
            )
        for i in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                # another process opening the same old store may have applied this step meanwhile
                if conn.execute("PRAGMA user_version").fetchone()[0] > i:
                    continue
                step = MIGRATIONS[i]
                if callable(step):
                    step(conn)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                conn.execute(f"PRAGMA user_version={i + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version of the open store."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- writes -----------------------------------------------------------------

    def put_document(self, doc: DocumentRecord) -> str:
        """Add or replace one document in one transaction.

        Returns "added", "replaced" or "unchanged" (same id and content hash, and the same
        editor-visible record). Classifications an editor set by hand survive a re-ingest.
        """
        problem = id_problem(doc.id)
        if problem:
            raise SherlocError(f"{doc.source_file or 'document'}: {problem}")
        assign_provision_ids(doc)
        with self.transaction() as conn:
            old = conn.execute("SELECT content_hash FROM documents WHERE id=?", (doc.id,)).fetchone()
            if old is not None and doc.content_hash and old["content_hash"] == doc.content_hash:
                return "unchanged"
            now = _now()
            # What an editor fixed by hand in the editors' area wins over what the file says. Edits and
            # reviews belong to a stored document (deleted with it): a new document has none to look up.
            edits = self._metadata_edits(conn, doc.id) if old is not None else {}
            for field, value in edits.items():
                if field == "metadata" and isinstance(value, dict):  # key by key over the file's metadata
                    doc.metadata = {k: v for k, v in {**doc.metadata, **value}.items() if v is not None}
                else:
                    setattr(doc, field, value)
            if old is not None:
                self._keep_revision(conn, doc.id, "replaced", now)
                conn.execute("DELETE FROM provisions WHERE document_id=?", (doc.id,))
                conn.execute("DELETE FROM classifications WHERE document_id=? AND manual=0", (doc.id,))
                conn.execute(
                    """UPDATE documents SET type=?, title=?, country=?, languages=?, date=?, dates=?,
                       source_file=?, source_url=?, content_hash=?, metadata=?, updated_at=? WHERE id=?""",
                    (*self._document_row(doc), now, doc.id),
                )
            else:
                conn.execute(
                    """INSERT INTO documents (type, title, country, languages, date, dates, source_file,
                       source_url, content_hash, metadata, created_at, updated_at, id)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (*self._document_row(doc), now, now, doc.id),
                )
            conn.executemany(
                """INSERT INTO provisions (id, document_id, ord, label, number, heading, kind, text, language)
                   VALUES (?,?,?,?,?,?,?,?,?)""",
                [
                    (p.id, doc.id, p.order, p.label, p.number, p.heading, p.kind, p.text, p.language)
                    for p in doc.provisions
                ],
            )
            # Where an editor decided a scheme (even "none of these"), the file's rule suggestions stay out.
            reviewed = self._reviewed_levels(conn, doc.id) if old is not None else set()
            conn.executemany(
                "INSERT INTO classifications (document_id, provision_id, scheme, term_id, origin) VALUES (?,?,?,?,?)",
                [
                    (doc.id, c.provision_id, c.scheme, c.term_id, c.origin)
                    for c in doc.classifications
                    if not (c.origin in ("rule", "hint") and (c.scheme, c.provision_id) in reviewed)
                ],
            )
            self._log_change(conn, doc.id, "upsert", now)
        return "replaced" if old is not None else "added"

    def delete_document(self, doc_id: str) -> None:
        """Delete a document; its last state is kept as a revision."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is None:
                raise not_found("no document with id %(id)s", id=repr(doc_id))
            now = _now()
            self._keep_revision(conn, doc_id, "deleted", now)
            conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))
            self._log_change(conn, doc_id, "delete", now)

    def update_metadata(self, doc_id: str, *, editor: str = "", action: str = "document.edit", **fields) -> bool:
        """Change document-level fields (title, type, country, date, source_url, metadata) as an editor.

        One transaction: the previous state is kept as a revision (with the editor's name), the
        change is logged for the indexes and audited as `action` (the changed fields before and after;
        of `metadata`, the changed keys). Returns False, writing nothing, when no field changes.
        """
        allowed = {"title", "type", "country", "date", "source_url", "metadata", "dates", "languages"}
        unknown = set(fields) - allowed
        if unknown:
            raise SherlocError(f"cannot edit field(s): {', '.join(sorted(unknown))}")
        if "title" in fields and not str(fields["title"] or "").strip():
            raise SherlocError("a document needs a title")
        if "type" in fields and fields["type"] not in DOCUMENT_TYPES:
            raise SherlocError(f"unknown document type {fields['type']!r} (one of {', '.join(DOCUMENT_TYPES)})")
        with self.transaction() as conn:
            # Read inside the transaction: a concurrent ingest cannot slip in between read and write.
            doc = self._load(conn, doc_id)
            if doc is None:
                raise not_found("no document with id %(id)s", id=repr(doc_id))
            if all(getattr(doc, key) == value for key, value in fields.items()):
                return False
            now = _now()
            self._keep_revision(conn, doc_id, "edited", now, editor)
            before, after = _field_changes(doc, fields)
            audit.record(conn, editor, action, doc_id, before, after)
            for key, value in fields.items():
                if getattr(doc, key) != value:
                    kept = value
                    if key == "metadata":  # the keys the editor changed, not a snapshot of the file's metadata
                        earlier = self._metadata_edits(conn, doc_id).get("metadata")
                        kept = {**(earlier if isinstance(earlier, dict) else {}), **_changed_keys(doc.metadata, value)}
                    conn.execute(
                        """INSERT OR REPLACE INTO metadata_edits (document_id, field, value, editor, at)
                           VALUES (?,?,?,?,?)""",
                        (doc_id, key, json.dumps(kept, ensure_ascii=False), editor, now),
                    )
                setattr(doc, key, value)
            conn.execute(
                """UPDATE documents SET type=?, title=?, country=?, languages=?, date=?, dates=?,
                   source_file=?, source_url=?, content_hash=?, metadata=?, updated_at=? WHERE id=?""",
                (*self._document_row(doc), now, doc_id),
            )
            self._log_change(conn, doc_id, "upsert", now)
        return True

    def set_classifications(
        self, doc_id: str, scheme: str, term_ids: Iterable[str], provision_id: str | None = None, *, editor: str = ""
    ) -> None:
        """An editor's decision for one scheme at one level.

        It replaces the rule suggestions there and survives a re-ingest of the document's file.
        """
        self.classify(doc_id, {(scheme, provision_id): term_ids}, editor=editor)

    def classify(self, doc_id: str, decisions: Mapping[Level, Iterable[str]], *, editor: str = "") -> None:
        """Editors' decisions at several levels at once: (scheme, provision id or None) -> taxonomy ids.

        Each decided level gets exactly these terms with origin "editor" (an empty list rejects every
        suggestion there), replacing whatever was there; the level is remembered as reviewed, so a
        re-ingest of the file does not bring rejected suggestions back. One transaction, one revision.
        """
        decided = {level: list(dict.fromkeys(terms)) for level, terms in decisions.items()}
        bad = sorted({scheme for scheme, _ in decided if scheme not in SCHEMES})
        if bad:
            raise SherlocError(f"unknown classification scheme(s) {', '.join(bad)} (one of {', '.join(SCHEMES)})")
        if not decided:
            return
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is None:
                raise not_found("no document with id %(id)s", id=repr(doc_id))
            now = _now()
            self._keep_revision(conn, doc_id, "classified", now, editor)
            before = {_level_key(level): [r[0] for r in conn.execute(
                "SELECT term_id FROM classifications WHERE document_id=? AND scheme=? AND provision_id IS ?",
                (doc_id, *level))] for level in decided}
            audit.record(conn, editor, "classification.set", doc_id, before,
                         {_level_key(level): terms for level, terms in decided.items()})
            for (scheme, provision_id), term_ids in decided.items():
                conn.execute(
                    "DELETE FROM classifications WHERE document_id=? AND scheme=? AND provision_id IS ?",
                    (doc_id, scheme, provision_id),
                )
                conn.executemany(
                    """INSERT INTO classifications (document_id, provision_id, scheme, term_id, origin, manual)
                       VALUES (?,?,?,?, 'editor', 1)""",
                    [(doc_id, provision_id, scheme, t) for t in term_ids],
                )
                conn.execute(
                    """INSERT OR REPLACE INTO classification_reviews (document_id, scheme, provision_id, editor, at)
                       VALUES (?,?,?,?,?)""",
                    (doc_id, scheme, provision_id or "", editor, now),
                )
            self._log_change(conn, doc_id, "upsert", now)

    def reviewed_levels(self, doc_id: str) -> set[Level]:
        """The (scheme, provision id) levels of a document whose classification an editor decided."""
        return self._reviewed_levels(self.conn, doc_id)

    @staticmethod
    def _reviewed_levels(conn: sqlite3.Connection, doc_id: str) -> set[Level]:
        rows = conn.execute("SELECT scheme, provision_id FROM classification_reviews WHERE document_id=?", (doc_id,))
        return {(r[0], r[1] or None) for r in rows}

    def log_ingest(self, source_file: str, status: str, document_id: str | None = None, message: str = "") -> None:
        """Record what happened to one file of a batch (added, replaced, unchanged, rejected)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO ingest_log (at, source_file, status, document_id, message) VALUES (?,?,?,?,?)",
                (_now(), source_file, status, document_id, message),
            )

    def metadata_edits(self, doc_id: str) -> dict:
        """The document fields an editor set by hand: field -> value. A re-ingest keeps them."""
        return self._metadata_edits(self.conn, doc_id)

    @staticmethod
    def _metadata_edits(conn: sqlite3.Connection, doc_id: str) -> dict:
        rows = conn.execute("SELECT field, value FROM metadata_edits WHERE document_id=?", (doc_id,))
        return {r["field"]: json.loads(r["value"]) for r in rows}

    def _document_row(self, doc: DocumentRecord) -> tuple:
        return (
            doc.type,
            doc.title,
            doc.country,
            json.dumps(doc.languages),
            doc.date,
            json.dumps(doc.dates, ensure_ascii=False),
            doc.source_file,
            doc.source_url,
            doc.content_hash,
            json.dumps(doc.metadata, ensure_ascii=False),
        )

    @staticmethod
    def _log_change(conn: sqlite3.Connection, doc_id: str, change: str, now: str) -> None:
        conn.execute("INSERT INTO changes (document_id, change, at) VALUES (?,?,?)", (doc_id, change, now))
