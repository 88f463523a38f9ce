"""Reading and writing treaty records in the record store's SQLite database (schema: migration 2)."""

from __future__ import annotations

import contextlib
import json
import sqlite3

from index.errors import bad_request, not_found
from index.store import Store
from index.treaties.models import KINDS, Authority, Declaration, Participation, Treaty

_KIND_RANK = {k: i for i, k in enumerate(KINDS)}
# Words looked for in the authorities directory; SQLite refuses a LIKE pattern of 50,000 characters.
MAX_AUTHORITY_QUERY = 200


def _bool(v) -> bool | None:
    return None if v is None else bool(v)


def _int(v: bool | None) -> int | None:
    return None if v is None else int(v)


# -- treaties -------------------------------------------------------------------


def save_treaty(store: Store, t: Treaty, conn: sqlite3.Connection | None = None) -> None:
    """Add or replace one treaty (and, for a bilateral one, its parties); participation rows are kept."""
    if conn is None:
        with store.transaction() as c:
            save_treaty(store, t, c)
        return
    row = (
        t.kind,
        json.dumps(t.titles, ensure_ascii=False),
        t.short_title,
        t.organisation,
        json.dumps(t.forms),
        json.dumps(t.articles),
        t.adopted,
        t.entry_into_force,
        t.eif_rule,
        t.denunciation_rule,
        t.terminated,
        t.parent_id,
        t.document_id,
        t.source,
        t.as_of,
        int(t.sample),
        t.notes,
        json.dumps(t.offences, ensure_ascii=False),
        json.dumps(t.other_offences, ensure_ascii=False),
        t.participation_complete,
        t.participation_source,
        t.id,
    )
    if conn.execute("SELECT 1 FROM treaties WHERE id=?", (t.id,)).fetchone():
        conn.execute(
            """UPDATE treaties SET kind=?, titles=?, short_title=?, organisation=?, forms=?, articles=?, adopted=?,
               entry_into_force=?, eif_rule=?, denunciation_rule=?, terminated=?, parent_id=?, document_id=?,
               source=?, as_of=?, sample=?, notes=?, offences=?, other_offences=?, participation_complete=?,
               participation_source=? WHERE id=?""",
            row,
        )
    else:
        conn.execute(
            """INSERT INTO treaties (kind, titles, short_title, organisation, forms, articles, adopted,
               entry_into_force, eif_rule, denunciation_rule, terminated, parent_id, document_id, source, as_of,
               sample, notes, offences, other_offences, participation_complete, participation_source, id)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            row,
        )
    if t.parties:
        conn.execute("DELETE FROM treaty_bilateral_parties WHERE treaty_id=?", (t.id,))
        conn.executemany(
            "INSERT INTO treaty_bilateral_parties (treaty_id, state) VALUES (?,?)", [(t.id, s) for s in t.parties]
        )


def _treaty(conn: sqlite3.Connection, r: sqlite3.Row) -> Treaty:
    sql = "SELECT state FROM treaty_bilateral_parties WHERE treaty_id=? ORDER BY state"
    parties = [p[0] for p in conn.execute(sql, (r["id"],))]
    return Treaty(
        id=r["id"],
        kind=r["kind"],
        titles=json.loads(r["titles"]),
        short_title=r["short_title"],
        organisation=r["organisation"],
        forms=json.loads(r["forms"]),
        articles=json.loads(r["articles"]),
        adopted=r["adopted"],
        entry_into_force=r["entry_into_force"],
        eif_rule=r["eif_rule"],
        denunciation_rule=r["denunciation_rule"],
        terminated=r["terminated"],
        parent_id=r["parent_id"],
        document_id=r["document_id"],
        source=r["source"],
        as_of=r["as_of"],
        sample=bool(r["sample"]),
        notes=r["notes"],
        parties=parties,
        offences=json.loads(r["offences"]),
        other_offences=json.loads(r["other_offences"]),
        participation_complete=r["participation_complete"],
        participation_source=r["participation_source"],
    )


def get_treaty(store: Store, treaty_id: str) -> Treaty:
    """One treaty; NotFound if it is not in the store."""
    r = store.conn.execute("SELECT * FROM treaties WHERE id=?", (treaty_id,)).fetchone()
    if r is None:
        raise not_found("no treaty with id %(id)s", id=repr(treaty_id))
    return _treaty(store.conn, r)


def has_treaty(store: Store, treaty_id: str) -> bool:
    """Whether the treaty is in the store."""
    return store.conn.execute("SELECT 1 FROM treaties WHERE id=?", (treaty_id,)).fetchone() is not None


def list_treaties(store: Store) -> list[Treaty]:
    """Every treaty: multilateral first, then regional, then bilateral; by id inside each."""
    rows = store.conn.execute("SELECT * FROM treaties").fetchall()
    out = [_treaty(store.conn, r) for r in rows]
    out.sort(key=lambda t: (_KIND_RANK.get(t.kind, 9), t.parent_id or t.id, t.parent_id is not None, t.id))
    return out


def participant_counts(store: Store) -> dict[str, int]:
    """Treaty id -> how many States' participation rows it has."""
    rows = store.conn.execute("SELECT treaty_id, COUNT(*) FROM treaty_participation GROUP BY treaty_id")
    return {treaty_id: count for treaty_id, count in rows}


def treaty_texts(store: Store, treaty_id: str, doc_id: str | None = None) -> list[dict]:
    """The published texts of an instrument (id, title, languages): its own document (`doc_id`, else the
    treaty's id), then the documents whose metadata names it (`treaty_id`: its texts in other languages)."""
    ids = [doc_id or treaty_id]
    sql = "SELECT id FROM documents WHERE json_extract(metadata, '$.treaty_id') = ? ORDER BY id"
    with contextlib.suppress(sqlite3.OperationalError):  # no JSON1 in this SQLite: the own text only
        ids += [r[0] for r in store.conn.execute(sql, (treaty_id,))]
    out = []
    for i in dict.fromkeys(ids):
        row = store.conn.execute("SELECT id, title, languages FROM documents WHERE id=? AND state = 'published'",
                                 (i,)).fetchone()
        if row:
            out.append({"id": row["id"], "title": row["title"], "languages": row["languages"]})
    return out


def delete_treaty(store: Store, treaty_id: str) -> None:
    """Remove a treaty with its participation rows, declarations and parties; NotFound if absent."""
    get_treaty(store, treaty_id)
    with store.transaction() as conn:
        for table in ("treaty_declarations", "treaty_participation", "treaty_bilateral_parties"):
            conn.execute(f"DELETE FROM {table} WHERE treaty_id=?", (treaty_id,))
        conn.execute("DELETE FROM treaties WHERE id=?", (treaty_id,))


def set_completeness(
    store: Store, treaty_id: str, as_of: str | None, source: str = "", conn: sqlite3.Connection | None = None
) -> None:
    """Record that the treaty's participation rows are the whole list as of `as_of` (None: no longer known)."""
    if conn is None:
        with store.transaction() as c:
            set_completeness(store, treaty_id, as_of, source, c)
        return
    conn.execute("UPDATE treaties SET participation_complete=?, participation_source=? WHERE id=?",
                 (as_of, source if as_of else "", treaty_id))


# -- participation ----------------------------------------------------------------


def delete_participation(store: Store, treaty_id: str, state: str, conn: sqlite3.Connection | None = None) -> bool:
    """Remove one State's row (and its declarations) under one treaty; False if there was none."""
    if conn is None:
        with store.transaction() as c:
            return delete_participation(store, treaty_id, state, c)
    conn.execute("DELETE FROM treaty_declarations WHERE treaty_id=? AND state=?", (treaty_id, state))
    cur = conn.execute("DELETE FROM treaty_participation WHERE treaty_id=? AND state=?", (treaty_id, state))
    return cur.rowcount > 0


def delete_declarations(store: Store, treaty_id: str, state: str) -> int:
    """Remove every declaration of one State under one treaty; how many there were."""
    with store.transaction() as conn:
        cur = conn.execute("DELETE FROM treaty_declarations WHERE treaty_id=? AND state=?", (treaty_id, state))
        return cur.rowcount




def save_participation(store: Store, p: Participation, conn: sqlite3.Connection | None = None) -> None:
    """Add or replace one State's row under one treaty, replacing its declarations too."""
    if conn is None:
        with store.transaction() as c:
            save_participation(store, p, c)
        return
    conn.execute("DELETE FROM treaty_participation WHERE treaty_id=? AND state=?", (p.treaty_id, p.state))
    conn.execute(
        """INSERT INTO treaty_participation (treaty_id, state, signature, action_date, action_kind, entry_into_force,
           eif_computed, denunciation, denunciation_effective, extradition_basis, central_authority, mla_languages,
           dispute_reservation, source, as_of) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (
            p.treaty_id,
            p.state,
            p.signature,
            p.action_date,
            p.action_kind,
            p.entry_into_force,
            int(p.eif_computed),
            p.denunciation,
            p.denunciation_effective,
            _int(p.extradition_basis),
            p.central_authority,
            p.mla_languages,
            _int(p.dispute_reservation),
            p.source,
            p.as_of,
        ),
    )
    conn.execute("DELETE FROM treaty_declarations WHERE treaty_id=? AND state=?", (p.treaty_id, p.state))
    conn.executemany(
        """INSERT INTO treaty_declarations (treaty_id, state, kind, article, forms, text, source, as_of)
           VALUES (?,?,?,?,?,?,?,?)""",
        [
            (d.treaty_id, d.state, d.kind, d.article, json.dumps(d.forms), d.text, d.source, d.as_of)
            for d in p.declarations
        ],
    )


def _participation(conn: sqlite3.Connection, r: sqlite3.Row) -> Participation:
    decls = [
        Declaration(
            treaty_id=d["treaty_id"],
            state=d["state"],
            kind=d["kind"],
            text=d["text"],
            article=d["article"],
            forms=json.loads(d["forms"]),
            source=d["source"],
            as_of=d["as_of"],
        )
        for d in conn.execute(
            "SELECT * FROM treaty_declarations WHERE treaty_id=? AND state=? ORDER BY id", (r["treaty_id"], r["state"])
        )
    ]
    return Participation(
        treaty_id=r["treaty_id"],
        state=r["state"],
        signature=r["signature"],
        action_date=r["action_date"],
        action_kind=r["action_kind"],
        entry_into_force=r["entry_into_force"],
        eif_computed=bool(r["eif_computed"]),
        denunciation=r["denunciation"],
        denunciation_effective=r["denunciation_effective"],
        extradition_basis=_bool(r["extradition_basis"]),
        central_authority=r["central_authority"],
        mla_languages=r["mla_languages"],
        dispute_reservation=_bool(r["dispute_reservation"]),
        source=r["source"],
        as_of=r["as_of"],
        declarations=decls,
    )


def participants(store: Store, treaty_id: str) -> list[Participation]:
    """Every State's row under one treaty, by State code."""
    rows = store.conn.execute(
        "SELECT * FROM treaty_participation WHERE treaty_id=? ORDER BY state", (treaty_id,)
    ).fetchall()
    return [_participation(store.conn, r) for r in rows]


def participation_of(store: Store, state: str) -> dict[str, Participation]:
    """Treaty id -> this State's row, for every treaty the State has any status under."""
    rows = store.conn.execute("SELECT * FROM treaty_participation WHERE state=?", (state,)).fetchall()
    return {r["treaty_id"]: _participation(store.conn, r) for r in rows}


# -- authorities --------------------------------------------------------------------


def save_authority(store: Store, a: Authority, conn: sqlite3.Connection | None = None) -> None:
    """Add or replace an authority entry (same country, form, treaty and name = same entry)."""
    if conn is None:
        with store.transaction() as c:
            save_authority(store, a, c)
        return
    conn.execute(
        "DELETE FROM treaty_authorities WHERE country=? AND form=? AND treaty_id=? AND authority=?",
        (a.country, a.form, a.treaty_id, a.authority),
    )
    conn.execute(
        """INSERT INTO treaty_authorities (country, form, treaty_id, authority, address, phone, email, languages,
           channels, notes, source, as_of, sample) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (
            a.country,
            a.form,
            a.treaty_id,
            a.authority,
            a.address,
            a.phone,
            a.email,
            a.languages,
            a.channels,
            a.notes,
            a.source,
            a.as_of,
            int(a.sample),
        ),
    )


def delete_authority(store: Store, authority_id: int) -> bool:
    """Remove one authority entry by its id; False if there was none."""
    with store.transaction() as conn:
        return conn.execute("DELETE FROM treaty_authorities WHERE id=?", (authority_id,)).rowcount > 0


def find_authorities(
    store: Store,
    country: str | None = None,
    form: str | None = None,
    q: str | None = None,
    treaty_id: str | None = None,
) -> list[Authority]:
    """Authorities filtered by country, form (entries for every form match too), treaty and free text."""
    where, args = [], []
    if country:
        where.append("country=?")
        args.append(country)
    if form:
        where.append("(form=? OR form='')")
        args.append(form)
    if treaty_id:
        where.append("(treaty_id=? OR treaty_id='')")
        args.append(treaty_id)
    if q and len(q) > MAX_AUTHORITY_QUERY:
        raise bad_request("q: the words are longer than %(max)s characters", max=MAX_AUTHORITY_QUERY)
    if q:
        like = f"%{q.strip().lower()}%"
        where.append(
            "(lower(authority) LIKE ? OR lower(notes) LIKE ? OR lower(address) LIKE ? OR lower(languages) LIKE ?"
            " OR lower(channels) LIKE ? OR lower(country) LIKE ?)"
        )
        args.extend([like] * 6)
    sql = "SELECT * FROM treaty_authorities"
    if where:
        sql += " WHERE " + " AND ".join(where)
    # Entries for the exact form before the catch-all ones.
    sql += " ORDER BY country, form='' , form, authority"
    return [
        Authority(
            id=r["id"],
            country=r["country"],
            form=r["form"],
            treaty_id=r["treaty_id"],
            authority=r["authority"],
            address=r["address"],
            phone=r["phone"],
            email=r["email"],
            languages=r["languages"],
            channels=r["channels"],
            notes=r["notes"],
            source=r["source"],
            as_of=r["as_of"],
            sample=bool(r["sample"]),
        )
        for r in store.conn.execute(sql, args)
    ]
