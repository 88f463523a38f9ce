"""Drafts: uploaded files waiting for an editor to publish them, kept in the store so they survive a restart.

A draft names its stored file (a generated name under `<home>/uploads`; the client's file name is
display text only), the document id it will be published as (a new one, or one it replaces), the
result of parsing the file (records as JSON, or the reason parsing failed) and the details the
editor confirmed. Each parse of a draft has a number: a result that arrives after the draft was
changed again (a newer parse started) is dropped.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from index.models import Classification, DocumentRecord, Provision

STATUSES = ("parsing", "ready", "failed")


@dataclass
class Draft:
    """One upload waiting to be published."""

    id: str
    editor: str
    file_name: str  # as the client named it, cleaned: shown, never used as a path
    stored_name: str  # the generated file name under <home>/uploads
    size: int
    kind: str  # what sniffing found: pdf, html, json, jsonl, text
    document_id: str
    replaces: bool = False  # publishing replaces the stored document of that id
    status: str = "parsing"  # one of STATUSES
    parse_seq: int = 0
    error: str = ""
    parsed: dict | None = None  # {"records": [...], "warnings": [...], "pages": n}
    details: dict = field(default_factory=dict)  # the fields the editor confirmed
    created: str = ""
    updated: str = ""

    @property
    def records(self) -> list[DocumentRecord]:
        """The parsed records (empty while parsing or after a failure)."""
        return [record_from_dict(r) for r in (self.parsed or {}).get("records", [])]

    @property
    def warnings(self) -> list[str]:
        """What parsing noticed about the file."""
        return list((self.parsed or {}).get("warnings", []))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """A fresh draft id, also the stem of its stored file: random, so nothing about it comes from the client."""
    return secrets.token_hex(12)


def record_from_dict(data: dict) -> DocumentRecord:
    """A DocumentRecord back from `dataclasses.asdict`."""
    fields = dict(data)
    fields["provisions"] = [Provision(**p) for p in data.get("provisions", [])]
    fields["classifications"] = [Classification(**c) for c in data.get("classifications", [])]
    return DocumentRecord(**fields)


def parsed_dict(records: list[DocumentRecord], warnings: list[str], pages: int = 0) -> dict:
    """What a draft keeps of a parse."""
    return {"records": [asdict(r) for r in records], "warnings": list(warnings), "pages": pages}


def _draft(row: sqlite3.Row) -> Draft:
    return Draft(
        id=row["id"], editor=row["editor"], file_name=row["file_name"], stored_name=row["stored_name"],
        size=row["size"], kind=row["kind"], document_id=row["document_id"], replaces=bool(row["replaces"]),
        status=row["status"], parse_seq=row["parse_seq"], error=row["error"],
        parsed=json.loads(row["parsed"]) if row["parsed"] else None, details=json.loads(row["details"]),
        created=row["created"], updated=row["updated"],
    )


def create(conn: sqlite3.Connection, draft: Draft) -> Draft:
    """Store a new draft (status parsing); call inside the transaction that records the upload."""
    draft.created = draft.updated = _now()
    conn.execute(
        """INSERT INTO drafts (id, editor, created, updated, file_name, stored_name, size, kind, document_id,
           replaces, status, parse_seq, error, parsed, details) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (draft.id, draft.editor, draft.created, draft.updated, draft.file_name, draft.stored_name, draft.size,
         draft.kind, draft.document_id, int(draft.replaces), draft.status, draft.parse_seq, draft.error,
         json.dumps(draft.parsed, ensure_ascii=False) if draft.parsed is not None else None,
         json.dumps(draft.details, ensure_ascii=False)),
    )
    return draft


def get(conn: sqlite3.Connection, draft_id: str) -> Draft | None:
    """The draft with this id, or None."""
    row = conn.execute("SELECT * FROM drafts WHERE id=?", (draft_id,)).fetchone()
    return _draft(row) if row else None


def listing(conn: sqlite3.Connection) -> list[Draft]:
    """Every draft, newest first."""
    return [_draft(r) for r in conn.execute("SELECT * FROM drafts ORDER BY created DESC, rowid DESC")]


def id_in_use(conn: sqlite3.Connection, document_id: str) -> bool:
    """Whether a draft will be published under this document id."""
    return conn.execute("SELECT 1 FROM drafts WHERE document_id=? LIMIT 1", (document_id,)).fetchone() is not None


def parsing(conn: sqlite3.Connection) -> list[Draft]:
    """Drafts whose parse has not finished (after a restart: to be parsed again)."""
    return [_draft(r) for r in conn.execute("SELECT * FROM drafts WHERE status='parsing' ORDER BY created")]


def restart_parse(conn: sqlite3.Connection, draft_id: str, details: dict | None = None,
                  document_id: str | None = None) -> int:
    """Mark a draft as being parsed again (with new details or id, if given); the number of the new parse."""
    sets, args = ["status='parsing'", "parse_seq=parse_seq+1", "error=''", "parsed=NULL", "updated=?"], [_now()]
    if details is not None:
        sets.append("details=?")
        args.append(json.dumps(details, ensure_ascii=False))
    if document_id is not None:
        sets.append("document_id=?")
        args.append(document_id)
    conn.execute(f"UPDATE drafts SET {', '.join(sets)} WHERE id=?", (*args, draft_id))
    row = conn.execute("SELECT parse_seq FROM drafts WHERE id=?", (draft_id,)).fetchone()
    return row[0] if row else 0


def finish_parse(conn: sqlite3.Connection, draft_id: str, parse_seq: int, parsed: dict | None, error: str) -> bool:
    """Keep a parse's result (records, or the reason it failed); False when a newer parse was started meanwhile."""
    cur = conn.execute(
        "UPDATE drafts SET status=?, error=?, parsed=?, updated=? WHERE id=? AND parse_seq=? AND status='parsing'",
        ("failed" if error else "ready", error,
         json.dumps(parsed, ensure_ascii=False) if parsed is not None else None, _now(), draft_id, parse_seq),
    )
    return cur.rowcount == 1


def delete(conn: sqlite3.Connection, draft_id: str) -> bool:
    """Remove a draft's row (its file is the caller's); False when there was none."""
    return conn.execute("DELETE FROM drafts WHERE id=?", (draft_id,)).rowcount == 1
