"""Changes to treaty data made by a person, in the editors' forms or with `sherloc treaties add/remove/complete`.

Each function writes the change and its audit entry (index/audit.py: who, action, target, before, after) in one
transaction, so the web and the command line audit alike. Bulk imports from files go through
index/treaties/importers.py and db.py directly, unaudited.
"""

from __future__ import annotations

from dataclasses import asdict

from index import audit
from index.store import Store
from index.treaties import db
from index.treaties.importers import save_bilateral
from index.treaties.models import Authority, Declaration, Participation, Treaty


def _row(p: Participation | None) -> dict | None:
    """A participation row as the log keeps it (declarations apart: they have entries of their own)."""
    return None if p is None else {k: v for k, v in asdict(p).items() if k != "declarations"}


def _completeness(t: Treaty) -> dict:
    return {"participation_complete": t.participation_complete, "participation_source": t.participation_source}


def _participant(store: Store, treaty_id: str, state: str) -> Participation | None:
    return {p.state: p for p in db.participants(store, treaty_id)}.get(state)


def save_instrument(store: Store, t: Treaty, *, editor: str) -> None:
    """Add or replace an instrument (a bilateral one with its parties' rows, which follow its dates)."""
    with store.transaction() as conn:
        old = db.get_treaty(store, t.id) if db.has_treaty(store, t.id) else None
        if t.kind == "bilateral":
            save_bilateral(store, t, conn)
        else:
            db.save_treaty(store, t, conn)
        audit.record(conn, editor, "treaty.edit" if old else "treaty.add", t.id,
                     asdict(old) if old else None, asdict(t))


def remove_treaty(store: Store, treaty_id: str, *, editor: str) -> None:
    """Remove a treaty with its rows and declarations (all kept in the entry); NotFound if absent."""
    with store.transaction() as conn:
        before = {**asdict(db.get_treaty(store, treaty_id)),
                  "participation": [asdict(p) for p in db.participants(store, treaty_id)]}
        db.delete_treaty(store, treaty_id)
        audit.record(conn, editor, "treaty.remove", treaty_id, before, None)


def set_completeness(store: Store, treaty_id: str, as_of: str | None, source: str, *, editor: str) -> None:
    """Say the treaty's rows are the whole list as of `as_of` (None: not known to be)."""
    with store.transaction() as conn:
        before = _completeness(db.get_treaty(store, treaty_id))
        db.set_completeness(store, treaty_id, as_of, source, conn)
        audit.record(conn, editor, "treaty.edit", treaty_id, before, _completeness(db.get_treaty(store, treaty_id)))


def save_participation(store: Store, p: Participation, *, editor: str) -> None:
    """Add or replace one State's row under a treaty."""
    with store.transaction() as conn:
        old = _participant(store, p.treaty_id, p.state)
        db.save_participation(store, p, conn)
        audit.record(conn, editor, "treaty.participation.set", f"{p.treaty_id}/{p.state}", _row(old), _row(p))


def remove_participation(store: Store, treaty_id: str, state: str, *, editor: str) -> bool:
    """Remove one State's row and its declarations; False (and no entry) if there was none."""
    with store.transaction() as conn:
        old = _participant(store, treaty_id, state)
        if old is None or not db.delete_participation(store, treaty_id, state, conn):
            return False
        audit.record(conn, editor, "treaty.participation.remove", f"{treaty_id}/{state}",
                     {**_row(old), "declarations": [asdict(d) for d in old.declarations]}, None)
        return True


def add_declaration(store: Store, d: Declaration, *, editor: str) -> bool:
    """Add a declaration to its State's row; False (nothing written) when the State has no row."""
    with store.transaction() as conn:
        p = _participant(store, d.treaty_id, d.state)
        if p is None:
            return False
        p.declarations.append(d)
        db.save_participation(store, p, conn)
        audit.record(conn, editor, "treaty.declaration.add", f"{d.treaty_id}/{d.state}", None, asdict(d))
        return True


def remove_declarations(store: Store, treaty_id: str, state: str, *, editor: str) -> int:
    """Remove every declaration of one State under a treaty; how many there were (no entry for none)."""
    with store.transaction() as conn:
        old = _participant(store, treaty_id, state)
        removed = db.delete_declarations(store, treaty_id, state)
        if removed:
            audit.record(conn, editor, "treaty.declaration.remove", f"{treaty_id}/{state}",
                         [asdict(d) for d in old.declarations], None)
        return removed


def save_authority(store: Store, a: Authority, *, editor: str, replaces: Authority | None = None) -> int:
    """Add an authority entry, or replace `replaces` with it; the new entry's id."""
    with store.transaction() as conn:
        if replaces is not None:
            conn.execute("DELETE FROM treaty_authorities WHERE id=?", (replaces.id,))
        db.save_authority(store, a, conn)
        new_id = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        audit.record(conn, editor, "authority.edit" if replaces else "authority.add", str(new_id),
                     asdict(replaces) if replaces else None, {**asdict(a), "id": new_id})
        return new_id


def remove_authority(store: Store, authority_id: int, *, editor: str) -> bool:
    """Remove one authority entry; False (and no entry) if there is none with this id."""
    with store.transaction() as conn:
        old = next((a for a in db.find_authorities(store) if a.id == authority_id), None)
        if old is None or not db.delete_authority(store, authority_id):
            return False
        audit.record(conn, editor, "authority.remove", str(authority_id), asdict(old), None)
        return True
