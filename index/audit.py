"""The audit log: every change an editor makes, who, when, what, and the value before and after.

A change and its audit entry are written in one transaction (pass the transaction's connection),
so the log never claims a change that did not happen nor misses one that did.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class AuditEntry:
    """One change: `action` is dotted ("document.publish", "treaty.participation.remove", ...)."""

    seq: int
    at: str  # ISO 8601, UTC
    editor: str
    action: str
    target: str  # the id of what changed: a document, a treaty, an account
    before: object | None
    after: object | None


def record(
    conn: sqlite3.Connection, editor: str, action: str, target: str,
    before: object | None = None, after: object | None = None,
) -> None:
    """Append one entry; call it inside the transaction that makes the change."""
    conn.execute(
        "INSERT INTO audit_log (at, editor, action, target, before, after) VALUES (?,?,?,?,?,?)",
        (
            datetime.now(UTC).isoformat(timespec="seconds"), editor, action, target,
            _dump(before), _dump(after),
        ),
    )


def entries(
    conn: sqlite3.Connection, *, editor: str | None = None, action: str | None = None,
    target: str | None = None, since: str | None = None, until: str | None = None,
    limit: int | None = 200, before_seq: int | None = None,
) -> list[AuditEntry]:
    """The newest entries first, filtered: `action` matches a prefix ("document" finds "document.edit"),
    `since`/`until` are ISO dates or times (inclusive), `before_seq` pages back from an entry."""
    where, args = [], []
    if editor:
        where.append("editor = ?")
        args.append(editor)
    if action:
        where.append("(action = ? OR action LIKE ? ESCAPE '\\')")
        args += [action, _like_prefix(action) + ".%"]
    if target:
        where.append("target = ?")
        args.append(target)
    if since:
        where.append("at >= ?")
        args.append(since)
    if until:
        # a bare date covers its whole day
        where.append("at < ?" if len(until) > 10 else "substr(at, 1, 10) <= ?")
        args.append(until)
    if before_seq:
        where.append("seq < ?")
        args.append(before_seq)
    sql = "SELECT * FROM audit_log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [
        AuditEntry(r["seq"], r["at"], r["editor"], r["action"], r["target"], _load(r["before"]), _load(r["after"]))
        for r in conn.execute(sql, args)
    ]


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dump(value: object | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _load(text: str | None) -> object | None:
    return None if text is None else json.loads(text)
