"""The audit log for admins: every change, newest first, filtered by editor, action, target and dates, paged,
each entry's before and after shown field by field; the filtered log downloads as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from index import audit
from search_app import sherloc
from search_app.editors import admin_required
from search_app.views.admin import bp

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # past this an export is cut; narrow the filters (the page says so)
FILTERS = ("editor", "action", "target", "since", "until")

# The actions in the words of the page; an action not listed here is shown by its code.
ACTION_LABELS = {
    "document.edit": lazy_gettext("document details edited"),
    "document.publish": lazy_gettext("document published"),
    "document.unpublish": lazy_gettext("document unpublished"),
    "document.delete": lazy_gettext("document deleted"),
    "document.restore": lazy_gettext("document restored"),
    "document.purge": lazy_gettext("document deleted for good"),
    "document.revert": lazy_gettext("document reverted to a revision"),
    "upload.create": lazy_gettext("file uploaded"),
    "upload.discard": lazy_gettext("upload discarded"),
    "quarantine.retry": lazy_gettext("quarantined file retried"),
    "quarantine.discard": lazy_gettext("quarantined file removed"),
    "index.rebuild": lazy_gettext("search index rebuilt"),
    "treaty.add": lazy_gettext("treaty added"),
    "treaty.edit": lazy_gettext("treaty edited"),
    "treaty.remove": lazy_gettext("treaty removed"),
    "treaty.participation.set": lazy_gettext("participation row saved"),
    "treaty.participation.remove": lazy_gettext("participation row removed"),
    "treaty.declaration.add": lazy_gettext("declaration added"),
    "treaty.declaration.remove": lazy_gettext("declarations removed"),
    "authority.add": lazy_gettext("authority added"),
    "authority.edit": lazy_gettext("authority edited"),
    "authority.remove": lazy_gettext("authority removed"),
    "account.add": lazy_gettext("account added"),
    "account.role": lazy_gettext("account role changed"),
    "account.password": lazy_gettext("account password changed"),
    "account.remove": lazy_gettext("account removed"),
    "classification.set": lazy_gettext("classification set"),
    "versions.link": lazy_gettext("language versions linked"),
}


@dataclass(frozen=True)
class Change:
    """One field of an entry: its value before and after (None: absent)."""

    field: str  # "" when the value is not a set of fields
    before: object | None
    after: object | None


def changes(before: object | None, after: object | None, prefix: str = "") -> list[Change]:
    """What an entry changed: for dicts the keys whose value differs (inside nested dicts too, as
    "metadata.court"), else the two values whole."""
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        out = []
        for key in [*old, *(k for k in new if k not in old)]:
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if isinstance(a, dict) and isinstance(b, dict):
                out += changes(a, b, f"{prefix}{key}.")
            else:
                out.append(Change(f"{prefix}{key}", a, b))
        return out
    return [] if before == after else [Change(prefix.rstrip("."), before, after)]


def shown(value: object | None) -> str:
    """A value as the page writes it: text as is, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _filters() -> tuple[dict[str, str], list[str]]:
    """The filters in the query string, and what is wrong with them (a bad date is left out, and said)."""
    values = {name: request.args.get(name, "").strip() for name in FILTERS}
    problems = []
    for name in ("since", "until"):
        if values[name]:
            try:
                date.fromisoformat(values[name])
            except ValueError:
                problems.append(_("Not a date: %(value)s. Write YYYY-MM-DD.", value=values[name]))
                values[name] = ""
    return values, problems


def _action_choices(conn) -> list[str]:
    """The actions in the log and their prefixes ("treaty" for "treaty.add"), sorted."""
    found = {r[0] for r in conn.execute("SELECT DISTINCT action FROM audit_log")}
    prefixes = {".".join(a.split(".")[:i]) for a in found for i in range(1, a.count(".") + 1)}
    return sorted(found | prefixes)


@bp.get("/audit")
@admin_required
def audit_log():
    """The log, newest first, PAGE_SIZE entries a page (?before=<seq> pages back)."""
    values, problems = _filters()
    before_seq = request.args.get("before", type=int)
    conn = sherloc().store.conn
    entries = audit.entries(conn, **{k: v or None for k, v in values.items()}, limit=PAGE_SIZE + 1,
                            before_seq=before_seq)
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    editors = [r[0] for r in conn.execute("SELECT DISTINCT editor FROM audit_log WHERE editor <> '' ORDER BY editor")]
    active = {k: v for k, v in values.items() if v}
    return render_template(
        "admin/audit.html", entries=entries, filters=values, active=active, problems=problems,
        older={**active, "before": entries[-1].seq} if more else None, newest=active if before_seq else None,
        editors=editors, actions=_action_choices(conn), action_labels=ACTION_LABELS, changes=changes, shown=shown,
    )


@bp.get("/audit/export.<fmt>")
@admin_required
def audit_export(fmt: str):
    """The filtered log as a CSV or JSON download, newest first (before and after as JSON in CSV)."""
    if fmt not in ("csv", "json"):
        return Response(status=404)
    values, _problems = _filters()
    found = audit.entries(sherloc().store.conn, **{k: v or None for k, v in values.items()}, limit=EXPORT_LIMIT)
    # written a batch at a time: an export of the whole log is tens of megabytes
    body = _json_chunks(found) if fmt == "json" else _csv_chunks(found)
    mimetype = "application/json" if fmt == "json" else "text/csv"
    return Response(body, mimetype=f"{mimetype}; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="sherloc-audit-{date.today().isoformat()}.{fmt}"'})


def _row(e: audit.AuditEntry) -> dict:
    return {"seq": e.seq, "at": e.at, "editor": e.editor, "action": e.action, "target": e.target,
            "before": e.before, "after": e.after}


def _json_chunks(found: list[audit.AuditEntry], batch: int = 1000) -> Iterator[str]:
    yield "["
    for i in range(0, len(found), batch):
        items = ",\n".join(json.dumps(_row(e), ensure_ascii=False) for e in found[i:i + batch])
        yield ("\n" if i == 0 else ",\n") + items
    yield "\n]\n"


def _csv_chunks(found: list[audit.AuditEntry], batch: int = 1000) -> Iterator[str]:
    for i in range(0, len(found) or 1, batch):
        out = io.StringIO()
        writer = csv.writer(out)
        if i == 0:
            writer.writerow(["seq", "at", "editor", "action", "target", "before", "after"])
        writer.writerows([e.seq, e.at, _text_cell(e.editor), e.action, _text_cell(e.target), _cell(e.before),
                          _cell(e.after)] for e in found[i:i + batch])
        yield out.getvalue()


def _text_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (a file named "=HYPERLINK(...)") starts with a quote instead."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _cell(value: object | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
