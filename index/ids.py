"""Document ids: the one place that says what an id may be, and what happens to one that may not.

An id is a citation: it appears in every page address, API route, export row and permalink, so it
must survive a round trip through a URL. Sources' own ids are kept wherever they can be (letters of
any script, spaces, punctuation, "/" as a separator: `BE/APD/decision-quant-au-fond-n0-31-2026`).
What cannot travel in an address or be read is normalised, never silently: the caller keeps the
source's original id in the document's metadata (`ORIGINAL_ID_KEY`) and reports the change.

Rules (`normalise_id` applies them; it is total, so ingest and the store migration agree):
- characters are kept as given (no Unicode normalisation: an address carries either form);
- line breaks, tabs and other white space become one space; ends are trimmed;
- control, format (except the zero-width joiners of Arabic and Indic scripts), private-use,
  surrogate and unassigned characters are removed;
- "/" separates segments: empty segments ("//", a leading or trailing "/") and the dot segments
  "." and ".." (which browsers and HTTP clients resolve away) are removed;
- at most MAX_ID_LENGTH characters: a longer id is cut and ends with "~" and a hash of the whole;
- nothing left: "id~" and a hash of what was given.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import unicodedata

log = logging.getLogger(__name__)
MAX_ID_LENGTH = 300  # the longest of the 29,593 real legal-sources ids has 203 characters
ORIGINAL_ID_KEY = "original_id"  # metadata key of the source's own id, when it had to be normalised
_KEPT_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner: part of some words
_DROPPED = {"Cc", "Cf", "Co", "Cs", "Cn"}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def normalise_id(raw: str) -> tuple[str, str]:
    """(the id to store, what was changed and why, "" when only surrounding white space was trimmed)."""
    changes: list[str] = []
    text = raw
    if any(ch.isspace() and ch != " " for ch in text.strip()) or "  " in text.strip():
        changes.append("line breaks, tabs and repeated spaces made single spaces")
    chars = []
    for ch in text:
        if ch.isspace():
            chars.append(" ")
        elif unicodedata.category(ch) in _DROPPED and ch not in _KEPT_FORMAT:
            if not changes or not changes[-1].startswith("control"):
                changes.append(f"control or invisible characters removed (U+{ord(ch):04X})")
        else:
            chars.append(ch)
    text = " ".join("".join(chars).split())
    segments = [s for s in text.split("/") if s.strip(" ") not in ("", ".", "..")]
    if len(segments) != len(text.split("/")):
        changes.append('empty, "." and ".." path segments removed')
    doc_id = "/".join(segment.strip(" ") for segment in segments)
    if doc_id != "/".join(segments) and not changes:
        changes.append('spaces around "/" removed')
    if len(doc_id) > MAX_ID_LENGTH:
        changes.append(f"cut to {MAX_ID_LENGTH} characters (it had {len(doc_id)})")
        doc_id = doc_id[: MAX_ID_LENGTH - 13].rstrip(" /") + "~" + _digest(raw)
    if not doc_id:
        changes.append("nothing usable was left")
        doc_id = "id~" + _digest(raw)
    return doc_id, "; ".join(changes)


def stored_form(given: str, exists) -> str | None:
    """The stored id a requested id stands for: itself, or its normalised form (a source's own id
    that was normalised when stored, e.g. with a trailing "/"); None if neither `exists`."""
    if exists(given):
        return given
    fixed = normalise_id(given)[0]
    return fixed if fixed != given and exists(fixed) else None


def id_problem(doc_id: str) -> str:
    """Why `doc_id` may not be stored as it is ("" when it may)."""
    if not isinstance(doc_id, str):
        return f"a document id must be text, not {type(doc_id).__name__}"
    fixed, why = normalise_id(doc_id)
    if fixed != doc_id:
        return f"id {doc_id[:80]!r} breaks the id rules ({why or 'white space around it'})"
    return ""


def repair_stored_ids(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Give every stored document whose id breaks the rules its normalised id; the (old, new) pairs.

    Store migration step, inside the migration's transaction. Every column named `document_id` or
    `provision_id` follows (so tables added later follow too); the original id is kept in the
    metadata; the change log gets a delete of the old id and an upsert of the new one, so every
    search index catches up. An id taken by another document gets a hash suffix.
    """
    renames: list[tuple[str, str]] = []
    taken = {r[0] for r in conn.execute("SELECT id FROM documents")}
    for old in sorted(taken):
        new, _ = normalise_id(old)
        if new == old:
            continue
        if new in taken:
            new = f"{new[: MAX_ID_LENGTH - 13]}~{_digest(old)}"
        taken.add(new)
        renames.append((old, new))
    if not renames:
        return []
    conn.execute("PRAGMA defer_foreign_keys=ON")  # parents and children are renamed in one transaction
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    columns = {t: {c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}
    now = conn.execute("SELECT strftime('%Y-%m-%dT%H:%M:%SZ','now')").fetchone()[0]
    for old, new in renames:
        meta = json.loads(conn.execute("SELECT metadata FROM documents WHERE id=?", (old,)).fetchone()[0] or "{}")
        meta.setdefault(ORIGINAL_ID_KEY, old)
        meta_json = json.dumps(meta, ensure_ascii=False)
        conn.execute("UPDATE documents SET id=?, metadata=? WHERE id=?", (new, meta_json, old))
        prefix = old + "/"
        for table, cols in columns.items():
            if table == "changes":
                continue
            if table == "provisions":
                conn.execute(
                    "UPDATE provisions SET id=? || substr(id, ?) WHERE document_id=?", (new + "/", len(prefix) + 1, old)
                )
            if "provision_id" in cols:
                conn.execute(
                    f'UPDATE "{table}" SET provision_id=? || substr(provision_id, ?) '
                    "WHERE substr(provision_id, 1, ?)=?",
                    (new + "/", len(prefix) + 1, len(prefix), prefix),
                )
            if "document_id" in cols:
                conn.execute(f'UPDATE "{table}" SET document_id=? WHERE document_id=?', (new, old))
        conn.executemany(
            "INSERT INTO changes (document_id, change, at) VALUES (?,?,?)", [(old, "delete", now), (new, "upsert", now)]
        )
    shown = ", ".join(f"{old[:60]!r} -> {new[:60]!r}" for old, new in renames[:5])
    log.warning("%d stored document id(s) broke the id rules and were renamed, each keeping its original as "
                "metadata.%s: %s%s", len(renames), ORIGINAL_ID_KEY, shown, " ..." if len(renames) > 5 else "")
    return renames
