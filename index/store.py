"""The record store: SQLite (WAL), the single source of truth.

Every search index is derived from it. Each write of one document is one
transaction that also appends to the change log, so an index that remembers the
last sequence number it applied can always catch up, and a rebuild is "apply
everything from 0". Replaced and deleted documents are kept as JSON revisions:
an editor's mistake can be undone.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

from index import audit
from index.accounts import ROLES, Accounts, Editor
from index.errors import SherlocError, not_found
from index.ids import id_problem
from index.models import DOCUMENT_TYPES, SCHEMES, Classification, DocumentRecord, Provision
from index.schema import MIGRATIONS, SCHEMA_VERSION
from index.schema import now as _now

# What callers import from here: the store is built from several modules (schema, accounts, ...),
# and index.store stays the one address for all of it.
__all__ = [
    "MIGRATIONS", "PUBLISHED", "ROLES", "SCHEMA_VERSION", "STATES", "Editor", "ProvisionPlace", "Store",
    "assign_provision_ids", "provision_anchor", "record_from_json",
]

# A document's state: only a published one is searched, listed and shown to readers; an editor may
# unpublish it (kept as it is, out of sight) or delete it (soft: restorable until an admin purges it).
PUBLISHED = "published"
STATES = (PUBLISHED, "unpublished", "deleted")

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


def record_from_json(data: dict) -> DocumentRecord:
    """A document as a revision keeps it (dataclasses.asdict of a DocumentRecord), read back."""
    known = {f for f in DocumentRecord.__dataclass_fields__ if f not in ("provisions", "classifications")}
    return DocumentRecord(
        **{k: v for k, v in data.items() if k in known},
        provisions=[Provision(**p) for p in data.get("provisions", [])],
        classifications=[Classification(**c) for c in data.get("classifications", [])],
    )


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


class ProvisionPlace(NamedTuple):
    """Where a provision stands (Store.provision_places)."""

    document_id: str
    language: str
    number: str
    order: int


class Store(Accounts):
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

    def set_state(self, doc_id: str, state: str) -> str:
        """Publish, unpublish or (softly) delete a document; returns its previous state.

        The change is logged like an edit, so each index's catch-up adds or removes the document.
        A re-ingest of its file keeps the state (put_document never writes it).
        """
        if state not in STATES:
            raise SherlocError(f"unknown document state {state!r} (one of {', '.join(STATES)})")
        with self.transaction() as conn:
            row = conn.execute("SELECT state FROM documents WHERE id=?", (doc_id,)).fetchone()
            if row is None:
                raise not_found("no document with id %(id)s", id=repr(doc_id))
            if row["state"] != state:
                now = _now()
                conn.execute("UPDATE documents SET state=? WHERE id=?", (state, doc_id))
                self._log_change(conn, doc_id, "upsert", now)
        return row["state"]

    def purge_document(self, doc_id: str) -> None:
        """Remove a document for good: its row, provisions, classifications, editors' fixes and revisions."""
        with self.transaction() as conn:
            if conn.execute("DELETE FROM documents WHERE id=?", (doc_id,)).rowcount == 0:
                raise not_found("no document with id %(id)s", id=repr(doc_id))
            conn.execute("DELETE FROM revisions WHERE document_id=?", (doc_id,))
            self._log_change(conn, doc_id, "delete", _now())

    def restore_revision(self, doc_id: str, revision_id: int, *, editor: str = "") -> DocumentRecord:
        """Make a document exactly as one of its revisions holds it (fields, provisions, classifications).

        One transaction: the current state is kept as a new revision ("reverted"), the fields that
        change are remembered as the editor's (a re-ingest keeps them, as after an edit), and the
        change is logged. The document's state (published or not) stays as it is.
        """
        with self.transaction() as conn:
            row = conn.execute("SELECT record FROM revisions WHERE id=? AND document_id=?",
                               (revision_id, doc_id)).fetchone()
            current = self._load(conn, doc_id)
            if row is None or current is None:
                raise not_found("no revision %(rev)s of document %(id)s", rev=revision_id, id=repr(doc_id))
            old = record_from_json(json.loads(row["record"]))
            now = _now()
            self._keep_revision(conn, doc_id, "reverted", now, editor)
            for key in ("title", "type", "country", "date", "source_url", "metadata", "dates", "languages"):
                if getattr(old, key) != getattr(current, key):
                    conn.execute(
                        """INSERT OR REPLACE INTO metadata_edits (document_id, field, value, editor, at)
                           VALUES (?,?,?,?,?)""",
                        (doc_id, key, json.dumps(getattr(old, key), ensure_ascii=False), editor, now),
                    )
            conn.execute(
                """UPDATE documents SET type=?, title=?, country=?, languages=?, date=?, dates=?,
                   source_file=?, source_url=?, content_hash=?, metadata=?, updated_at=? WHERE id=?""",
                (*self._document_row(old), now, doc_id),
            )
            conn.execute("DELETE FROM provisions WHERE document_id=?", (doc_id,))
            conn.executemany(
                """INSERT INTO provisions (id, document_id, ord, label, number, heading, kind, text, language)
                   VALUES (?,?,?,?,?,?,?,?,?)""",
                [(p.id, doc_id, p.order, p.label, p.number, p.heading, p.kind, p.text, p.language)
                 for p in old.provisions],
            )
            conn.execute("DELETE FROM classifications WHERE document_id=?", (doc_id,))
            conn.executemany(  # an editor's term is the one kind a re-ingest must keep (see put_document)
                """INSERT INTO classifications (document_id, provision_id, scheme, term_id, origin, manual)
                   VALUES (?,?,?,?,?,?)""",
                [(doc_id, c.provision_id, c.scheme, c.term_id, c.origin, int(c.origin == "editor"))
                 for c in old.classifications],
            )
            self._log_change(conn, doc_id, "upsert", now)
        return old

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

    def _keep_revision(self, conn: sqlite3.Connection, doc_id: str, reason: str, now: str, editor: str = "") -> None:
        old = self._load(conn, doc_id)
        if old is not None:
            conn.execute(
                "INSERT INTO revisions (document_id, record, reason, at, editor) VALUES (?,?,?,?,?)",
                (doc_id, json.dumps(asdict(old), ensure_ascii=False), reason, now, editor),
            )

    @staticmethod
    def _log_change(conn: sqlite3.Connection, doc_id: str, change: str, now: str) -> None:
        conn.execute("INSERT INTO changes (document_id, change, at) VALUES (?,?,?)", (doc_id, change, now))

    # -- reads ------------------------------------------------------------------

    def _load(self, conn: sqlite3.Connection, doc_id: str) -> DocumentRecord | None:
        row = conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return None
        provisions = conn.execute("SELECT * FROM provisions WHERE document_id=? ORDER BY ord", (doc_id,)).fetchall()
        classes = conn.execute(
            "SELECT * FROM classifications WHERE document_id=? ORDER BY rowid", (doc_id,)
        ).fetchall()
        return self._record(row, provisions, classes)

    @staticmethod
    def _record(row: sqlite3.Row, provisions: list[sqlite3.Row], classes: list[sqlite3.Row]) -> DocumentRecord:
        return DocumentRecord(
            id=row["id"],
            type=row["type"],
            title=row["title"],
            country=row["country"],
            languages=json.loads(row["languages"]),
            date=row["date"],
            dates=json.loads(row["dates"]),
            source_file=row["source_file"],
            source_url=row["source_url"],
            content_hash=row["content_hash"],
            metadata=json.loads(row["metadata"]),
            provisions=[
                Provision(
                    id=p["id"],
                    label=p["label"],
                    text=p["text"],
                    language=p["language"],
                    order=p["ord"],
                    number=p["number"],
                    heading=p["heading"],
                    kind=p["kind"],
                )
                for p in provisions
            ],
            classifications=[
                Classification(
                    scheme=c["scheme"], term_id=c["term_id"], origin=c["origin"], provision_id=c["provision_id"]
                )
                for c in classes
            ],
        )

    def get_document(self, doc_id: str) -> DocumentRecord:
        """The document with its provisions and classifications; NotFound if absent."""
        doc = self._load(self.conn, doc_id)
        if doc is None:
            raise not_found("no document with id %(id)s", id=repr(doc_id))
        return doc

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def has_provision(self, provision_id: str, *, published_only: bool = False) -> bool:
        """Whether a provision with this id is stored (in a published document, with `published_only`)."""
        sql = "SELECT 1 FROM provisions p JOIN documents d ON d.id = p.document_id WHERE p.id=?"
        if published_only:
            sql += " AND d.state = 'published'"
        return self.conn.execute(sql, (provision_id,)).fetchone() is not None

    def get_provision(self, provision_id: str) -> tuple[DocumentRecord, Provision]:
        """The provision and its whole document; NotFound if absent."""
        row = self.conn.execute("SELECT document_id FROM provisions WHERE id=?", (provision_id,)).fetchone()
        if row is None:
            raise not_found("no provision with id %(id)s", id=repr(provision_id))
        doc = self.get_document(row["document_id"])
        return doc, next(p for p in doc.provisions if p.id == provision_id)

    def _rows_for_ids(self, select: str, ids: Iterable[str]) -> Iterator[sqlite3.Row]:
        """The rows of `select` ("SELECT ... WHERE id IN ({marks})") for each id asked for, once each."""
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), 500):  # SQLite allows some hundreds of parameters
            chunk = unique[i : i + 500]
            yield from self.conn.execute(select.format(marks=",".join("?" * len(chunk))), chunk)

    def provision_texts(self, provision_ids: Iterable[str]) -> dict[str, str]:
        """The whole text of each provision asked for that is stored, by id."""
        return {r[0]: r[1] for r in self._rows_for_ids("SELECT id, text FROM provisions WHERE id IN ({marks})",
                                                        provision_ids)}

    def provision_places(self, provision_ids: Iterable[str]) -> dict[str, ProvisionPlace]:
        """Where each stored provision asked for stands: its document, language, number and order."""
        select = "SELECT id, document_id, language, number, ord FROM provisions WHERE id IN ({marks})"
        return {r[0]: ProvisionPlace(*r[1:]) for r in self._rows_for_ids(select, provision_ids)}

    def documents_in_group(self, group: str) -> list[str]:
        """The ids of the documents whose metadata.parallel_group is `group` (language versions of one work)."""
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE json_extract(metadata, '$.parallel_group') = ? ORDER BY id", (group,))
        return [r[0] for r in rows]

    def documents_updated(self, document_ids: Iterable[str]) -> dict[str, str]:
        """When each stored document asked for was last added or changed (ISO 8601 UTC), by id."""
        return {r[0]: r[1] for r in self._rows_for_ids("SELECT id, updated_at FROM documents WHERE id IN ({marks})",
                                                        document_ids)}

    def document_ids(self, published_only: bool = False) -> list[str]:
        """Every document id (or every published one's), sorted."""
        only = " WHERE state = 'published'" if published_only else ""
        return [r[0] for r in self.conn.execute(f"SELECT id FROM documents{only} ORDER BY id")]

    def get_documents(self, doc_ids: Iterable[str], published_only: bool = False) -> list[DocumentRecord]:
        """Several documents at once, in the order asked, skipping ids that are absent (or, with
        `published_only`, not published: what readers and the derived indexes may see)."""
        if published_only:
            doc_ids = list(doc_ids)
            shown = {r[0] for r in self._rows_for_ids(
                "SELECT id FROM documents WHERE id IN ({marks}) AND state = 'published'", doc_ids)}
            doc_ids = [i for i in doc_ids if i in shown]
        out = []
        for doc_id in doc_ids:
            doc = self._load(self.conn, doc_id)
            if doc is not None:
                out.append(doc)
        return out

    def document_state(self, doc_id: str) -> str | None:
        """The document's state (one of STATES), None when no such document is stored."""
        row = self.conn.execute("SELECT state FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def documents_in_state(self, state: str, limit: int = 500) -> list[dict]:
        """The documents in one state, latest change first: {id, title, type, country, updated_at}."""
        rows = self.conn.execute(
            "SELECT id, title, type, country, updated_at FROM documents WHERE state=? ORDER BY updated_at DESC, id"
            " LIMIT ?", (state, limit))
        return [dict(r) for r in rows]

    def iter_documents(self, batch: int = 500, published_only: bool = False) -> Iterator[DocumentRecord]:
        """Every document (or every published one), in id order, read in batches so memory stays flat."""
        last = ""
        only = " AND state = 'published'" if published_only else ""
        while True:
            rows = self.conn.execute(
                f"SELECT * FROM documents WHERE id > ?{only} ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            ids = [r["id"] for r in rows]
            marks = ",".join("?" * len(ids))
            provs: dict[str, list] = {i: [] for i in ids}
            for p in self.conn.execute(
                f"SELECT * FROM provisions WHERE document_id IN ({marks}) ORDER BY document_id, ord", ids
            ):
                provs[p["document_id"]].append(p)
            classes: dict[str, list] = {i: [] for i in ids}
            for c in self.conn.execute(
                f"SELECT * FROM classifications WHERE document_id IN ({marks}) ORDER BY rowid", ids
            ):
                classes[c["document_id"]].append(c)
            for r in rows:
                yield self._record(r, provs[r["id"]], classes[r["id"]])
            last = ids[-1]

    def _until_next_change(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, computed again only after the change log moved (for answers pages read on every view)."""
        seq = self.last_seq()
        known = self._answers.get(key)
        if known is None or known[0] != seq:
            known = self._answers[key] = (seq, compute())
        return known[1]

    def has_sample_documents(self, corpus_dir: str | Path) -> bool:
        """Whether any document comes from the bundled sample corpus (its files, or marked `sample`)."""
        sql = ("SELECT 1 FROM documents WHERE source_file LIKE ? OR source_file LIKE 'corpus/%' "
               "OR json_extract(metadata, '$.sample') LIMIT 1")
        return self._until_next_change(
            f"sample:{corpus_dir}", lambda: self.conn.execute(sql, (f"{corpus_dir}%",)).fetchone() is not None)

    def parallel_groups(self) -> dict[str, list[str]]:
        """`metadata.parallel_group` -> the ids of the documents in it (the language versions of one text)."""

        def scan() -> dict[str, list[str]]:
            groups: dict[str, list[str]] = {}
            rows = self.conn.execute("SELECT json_extract(metadata, '$.parallel_group') AS g, id FROM documents "
                                     "WHERE g IS NOT NULL AND state = 'published' ORDER BY id")
            for group, doc_id in rows:
                groups.setdefault(str(group), []).append(doc_id)
            return groups

        return self._until_next_change("parallel_groups", scan)

    def find_by_hash(self, content_hash: str) -> str | None:
        """The id of a document with this content hash, if any."""
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash=? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def ids_for_source(self, source_file: str) -> dict[str, str]:
        """Document id -> content hash for every document read from this source file."""
        rows = self.conn.execute("SELECT id, content_hash FROM documents WHERE source_file=?", (source_file,))
        return {r[0]: r[1] for r in rows}

    def revisions(self, doc_id: str) -> list[dict]:
        """Earlier states of a document, newest first: {id, at, reason, editor, record}."""
        rows = self.conn.execute(
            "SELECT id, at, reason, editor, record FROM revisions WHERE document_id=? ORDER BY id DESC", (doc_id,)
        )
        return [
            {"id": r["id"], "at": r["at"], "reason": r["reason"], "editor": r["editor"],
             "record": json.loads(r["record"])}
            for r in rows
        ]

    def recent_edits(self, limit: int = 20) -> list[dict]:
        """The latest editors' changes, newest first: {document_id, title, reason, editor, at}."""
        rows = self.conn.execute(
            """SELECT r.document_id, d.title, r.reason, r.editor, r.at FROM revisions r
               LEFT JOIN documents d ON d.id = r.document_id
               WHERE r.editor != '' ORDER BY r.id DESC LIMIT ?""",
            (limit,),
        )
        return [dict(r) for r in rows]

    def ingest_log(self, limit: int = 100) -> list[dict]:
        """The latest ingest events, newest first."""
        rows = self.conn.execute("SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    # -- change log -------------------------------------------------------------

    def last_seq(self) -> int:
        """The sequence number of the latest change (0 for an empty store)."""
        row = self.conn.execute("SELECT MAX(seq) FROM changes").fetchone()
        return row[0] or 0

    def changes_since(self, seq: int) -> tuple[int, set[str], set[str]]:
        """(latest seq, ids to upsert, ids to delete) for every change after `seq`, latest state wins."""
        upserts: set[str] = set()
        deletes: set[str] = set()
        last = seq
        for row in self.conn.execute("SELECT seq, document_id, change FROM changes WHERE seq > ? ORDER BY seq", (seq,)):
            last = row["seq"]
            if row["change"] == "delete":
                upserts.discard(row["document_id"])
                deletes.add(row["document_id"])
            else:
                deletes.discard(row["document_id"])
                upserts.add(row["document_id"])
        return last, upserts, deletes

    # -- statistics -------------------------------------------------------------

    def _classified_documents(self) -> Iterator[DocumentRecord]:
        """Every document with its classifications only (provisions are not needed to count terms)."""
        classes: dict[str, list[Classification]] = {}
        for c in self.conn.execute("SELECT * FROM classifications ORDER BY rowid"):
            classes.setdefault(c["document_id"], []).append(
                Classification(c["scheme"], c["term_id"], c["origin"], c["provision_id"])
            )
        for doc_id, rows in classes.items():
            yield DocumentRecord(id=doc_id, type="", title="", classifications=rows)

    def counts(self, published_only: bool = False) -> dict[str, int]:
        """How many documents and provisions are stored (or published)."""
        if not published_only:
            docs = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            provs = self.conn.execute("SELECT COUNT(*) FROM provisions").fetchone()[0]
        else:
            docs = self.conn.execute("SELECT COUNT(*) FROM documents WHERE state = 'published'").fetchone()[0]
            provs = self.conn.execute("SELECT COUNT(*) FROM provisions p JOIN documents d ON d.id = p.document_id"
                                      " WHERE d.state = 'published'").fetchone()[0]
        return {"documents": docs, "provisions": provs}

    def stats(self, taxonomy=None) -> dict:
        """Counts of documents by type, language, country, crime type and cross-cutting issue, and of the
        crime types and issues sources gave that the taxonomy lacks (for editors to map).

        A document counts for a term as a search filtered by that term finds it: the term is in
        force (editor wins over rule, level by level) on the document or one of its provisions, and
        an issue also counts for its parent issues (`taxonomy`, the bundled one by default).
        """
        by_type: Counter = Counter()
        by_lang: Counter = Counter()
        by_country: Counter = Counter()
        for row in self.conn.execute("SELECT type, country, languages FROM documents"):
            by_type[row["type"]] += 1
            by_country[row["country"] or "(none)"] += 1
            for lang in json.loads(row["languages"]):
                by_lang[lang] += 1
        provision_langs = Counter(
            {r[0]: r[1] for r in self.conn.execute("SELECT language, COUNT(*) FROM provisions GROUP BY language")}
        )
        if taxonomy is None:
            from index.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        schemes: dict[str, Counter] = {"crime": Counter(), "issue": Counter()}
        for doc in self._classified_documents():
            for scheme, counter in schemes.items():
                levels = {None, *(c.provision_id for c in doc.classifications if c.scheme == scheme)}
                terms: set[str] = set()
                for level in levels:
                    terms.update(doc.terms(scheme, level))
                if scheme == "issue":
                    terms.update(taxonomy.with_ancestors(sorted(terms)))
                counter.update(terms)

        def ordered(c: Counter) -> dict:
            return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

        # what sources gave outside the taxonomy, for editors to map (ingest keeps it in metadata "unmapped")
        unmapped: dict[str, Counter] = {"crime": Counter(), "issue": Counter()}
        for (raw,) in self.conn.execute(
                "SELECT json_extract(metadata, '$.unmapped') FROM documents WHERE json_extract(metadata, '$.unmapped')"
                " IS NOT NULL"):  # fmt: skip
            for scheme, values in json.loads(raw).items():
                if scheme in unmapped and isinstance(values, list):
                    unmapped[scheme].update(str(v) for v in values)

        return {
            **self.counts(),
            "by_type": ordered(by_type),
            "by_language": ordered(by_lang),
            "provisions_by_language": ordered(provision_langs),
            "by_country": ordered(by_country),
            "by_crime_type": ordered(schemes["crime"]),
            "by_issue": ordered(schemes["issue"]),
            "unmapped_crime_types": ordered(unmapped["crime"]),
            "unmapped_issues": ordered(unmapped["issue"]),
        }
