"""Document states and revisions in the store: publish/unpublish/delete (soft), purge, the kept revisions
and an exact restore of one.

`Revisions` is a mixin that `Store` (index/store.py) combines, so callers keep `store.set_state(...)`;
it uses the store's `conn`, `transaction()`, `_load`, `_document_row` and `_log_change`. The editors'
actions built on these, each with its audit entry, are in index/lifecycle.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict

from index.errors import SherlocError, not_found
from index.models import Classification, DocumentRecord, Provision
from index.schema import now as _now

# A document's state: only a published one is searched, listed and shown to readers; an editor may
# unpublish it (kept as it is, out of sight) or delete it (soft: restorable until an admin purges it).
PUBLISHED = "published"
STATES = (PUBLISHED, "unpublished", "deleted")


def record_from_json(data: dict) -> DocumentRecord:
    """A document as a revision keeps it (dataclasses.asdict of a DocumentRecord), read back."""
    known = {f for f in DocumentRecord.__dataclass_fields__ if f not in ("provisions", "classifications")}
    return DocumentRecord(
        **{k: v for k, v in data.items() if k in known},
        provisions=[Provision(**p) for p in data.get("provisions", [])],
        classifications=[Classification(**c) for c in data.get("classifications", [])],
    )


class Revisions:
    """The store's methods for document states and revisions (see the module docstring)."""

    conn: sqlite3.Connection  # provided by Store
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]  # provided by Store

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

    def _keep_revision(self, conn: sqlite3.Connection, doc_id: str, reason: str, now: str, editor: str = "") -> None:
        old = self._load(conn, doc_id)
        if old is not None:
            conn.execute(
                "INSERT INTO revisions (document_id, record, reason, at, editor) VALUES (?,?,?,?,?)",
                (doc_id, json.dumps(asdict(old), ensure_ascii=False), reason, now, editor),
            )


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

