"""Request drafts an editor chose to save (issue 22): the inputs of the drafting form, private to that editor.

A draft holds case facts, so nothing is saved unless the editor asks, every read and write names the editor
(another editor's draft is "not there", never "forbidden"), and a deleted draft is overwritten on disk.
Not in the audit log: it would copy the case facts into a log every admin reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from index.store import Store

MAX_DRAFTS = 500  # per editor: a saved draft is a working copy, not an archive
INPUT_KEYS = ("requesting", "requested", "assistance", "date", "offence", "language", "values")


@dataclass(frozen=True)
class SavedDraft:
    """One saved draft: its inputs rebuild the draft against the data as it is when opened."""

    id: int
    editor: str
    title: str
    created: str
    updated: str
    inputs: dict = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _inputs(inputs: dict) -> str:
    return json.dumps({k: inputs[k] for k in INPUT_KEYS if k in inputs}, ensure_ascii=False, sort_keys=True)


def save(store: Store, editor: str, title: str, inputs: dict, draft_id: int | None = None) -> int | None:
    """Save a new draft (draft_id None) or replace the editor's own; its id, None when it is not theirs."""
    now = _now()
    with store.transaction() as conn:
        if draft_id is not None:
            cur = conn.execute("UPDATE request_drafts SET title=?, inputs=?, updated=? WHERE id=? AND editor=?",
                               (title, _inputs(inputs), now, draft_id, editor))
            return draft_id if cur.rowcount else None
        count = conn.execute("SELECT COUNT(*) FROM request_drafts WHERE editor=?", (editor,)).fetchone()[0]
        if count >= MAX_DRAFTS:
            return None
        cur = conn.execute("INSERT INTO request_drafts (editor, title, inputs, created, updated) VALUES (?,?,?,?,?)",
                           (editor, title, _inputs(inputs), now, now))
        return int(cur.lastrowid)


def count(store: Store, editor: str) -> int:
    """How many drafts the editor keeps."""
    return store.conn.execute("SELECT COUNT(*) FROM request_drafts WHERE editor=?", (editor,)).fetchone()[0]


def list_drafts(store: Store, editor: str) -> list[SavedDraft]:
    """The editor's drafts, the last changed first (without their inputs)."""
    rows = store.conn.execute("SELECT id, editor, title, created, updated FROM request_drafts WHERE editor=? "
                              "ORDER BY updated DESC, id DESC", (editor,))
    return [SavedDraft(r["id"], r["editor"], r["title"], r["created"], r["updated"]) for r in rows]


def get(store: Store, editor: str, draft_id: int) -> SavedDraft | None:
    """The editor's own draft, None for one that is not there or not theirs."""
    r = store.conn.execute("SELECT * FROM request_drafts WHERE id=? AND editor=?", (draft_id, editor)).fetchone()
    if r is None:
        return None
    return SavedDraft(r["id"], r["editor"], r["title"], r["created"], r["updated"], json.loads(r["inputs"]))


def delete(store: Store, editor: str, draft_id: int) -> bool:
    """Delete the editor's own draft, its bytes overwritten in the file (secure_delete); False if not theirs."""
    conn = store.conn
    conn.execute("PRAGMA secure_delete=ON")
    try:
        with store.transaction() as tx:
            gone = tx.execute("DELETE FROM request_drafts WHERE id=? AND editor=?", (draft_id, editor)).rowcount > 0
    finally:
        conn.execute("PRAGMA secure_delete=OFF")
    if gone:  # the WAL still holds the saved pages until a checkpoint writes them back
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return gone
