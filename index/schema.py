"""The store's schema: its migrations, one step per version, and how the store writes a time.

`Store` (index/store.py) applies the steps a store lacks when it opens it; a store written by a
newer program is refused. New steps go at the end of `MIGRATIONS`; a released one is never edited.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from index.ids import repair_stored_ids

# Each entry migrates the schema from version i to i + 1; never edit a released one. An entry is SQL
# statements, or a function given the connection for what SQL alone cannot do.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], object]] = [
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        country TEXT,
        languages TEXT NOT NULL DEFAULT '[]',
        date TEXT,
        dates TEXT NOT NULL DEFAULT '{}',
        source_file TEXT,
        source_url TEXT,
        content_hash TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_hash ON documents(content_hash);
    CREATE INDEX documents_source ON documents(source_file);
    CREATE TABLE provisions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        label TEXT NOT NULL,
        number TEXT NOT NULL DEFAULT '',
        heading TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'article',
        text TEXT NOT NULL,
        language TEXT NOT NULL
    );
    CREATE INDEX provisions_document ON provisions(document_id, ord);
    CREATE TABLE classifications (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        provision_id TEXT,
        scheme TEXT NOT NULL,
        term_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        manual INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX classifications_document ON classifications(document_id);
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL,
        change TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL,
        record TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX revisions_document ON revisions(document_id);
    CREATE TABLE ingest_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        source_file TEXT NOT NULL,
        status TEXT NOT NULL,
        document_id TEXT,
        message TEXT NOT NULL DEFAULT ''
    );
    """,
    # 2: treaties, who is bound by them, and the competent national authorities (index/treaties).
    """
    CREATE TABLE treaties (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        titles TEXT NOT NULL DEFAULT '{}',
        short_title TEXT NOT NULL DEFAULT '',
        organisation TEXT,
        forms TEXT NOT NULL DEFAULT '[]',
        articles TEXT NOT NULL DEFAULT '{}',
        adopted TEXT,
        entry_into_force TEXT,
        eif_rule TEXT NOT NULL DEFAULT '',
        terminated TEXT,
        parent_id TEXT,
        document_id TEXT,
        source TEXT NOT NULL DEFAULT '',
        as_of TEXT,
        sample INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE treaty_participation (
        treaty_id TEXT NOT NULL REFERENCES treaties(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        signature TEXT,
        action_date TEXT,
        action_kind TEXT,
        entry_into_force TEXT,
        eif_computed INTEGER NOT NULL DEFAULT 0,
        denunciation TEXT,
        denunciation_effective TEXT,
        extradition_basis INTEGER,
        central_authority TEXT NOT NULL DEFAULT '',
        mla_languages TEXT NOT NULL DEFAULT '',
        dispute_reservation INTEGER,
        source TEXT NOT NULL DEFAULT '',
        as_of TEXT,
        PRIMARY KEY (treaty_id, state)
    );
    CREATE INDEX treaty_participation_state ON treaty_participation(state);
    CREATE TABLE treaty_declarations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        treaty_id TEXT NOT NULL REFERENCES treaties(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        kind TEXT NOT NULL,
        article TEXT NOT NULL DEFAULT '',
        forms TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        as_of TEXT
    );
    CREATE INDEX treaty_declarations_state ON treaty_declarations(treaty_id, state);
    CREATE TABLE treaty_bilateral_parties (
        treaty_id TEXT NOT NULL REFERENCES treaties(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        PRIMARY KEY (treaty_id, state)
    );
    CREATE TABLE treaty_authorities (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        country TEXT NOT NULL,
        form TEXT NOT NULL DEFAULT '',
        treaty_id TEXT NOT NULL DEFAULT '',
        authority TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        languages TEXT NOT NULL DEFAULT '',
        channels TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        as_of TEXT,
        sample INTEGER NOT NULL DEFAULT 0,
        UNIQUE (country, form, treaty_id, authority)
    );
    CREATE INDEX treaty_authorities_country ON treaty_authorities(country, form)
    """,
    # 3: editors' accounts, who made each revision, and which classification levels an editor decided.
    """
    CREATE TABLE editors (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created TEXT NOT NULL
    );
    ALTER TABLE revisions ADD COLUMN editor TEXT NOT NULL DEFAULT '';
    CREATE TABLE classification_reviews (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        scheme TEXT NOT NULL,
        provision_id TEXT NOT NULL DEFAULT '',
        editor TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        PRIMARY KEY (document_id, scheme, provision_id)
    )
    """,
    # 4: when a treaty's denunciation takes effect after its notification (see index.treaties.models).
    """
    ALTER TABLE treaties ADD COLUMN denunciation_rule TEXT NOT NULL DEFAULT ''
    """,
    # 5: document fields an editor set by hand (value as JSON), applied again when the file is re-ingested.
    """
    CREATE TABLE metadata_edits (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        editor TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        PRIMARY KEY (document_id, field)
    )
    """,
    # 6: the offences within a treaty's scope (see index.treaties.models.Treaty.offence_scope), as JSON.
    """
    ALTER TABLE treaties ADD COLUMN offences TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE treaties ADD COLUMN other_offences TEXT NOT NULL DEFAULT '{}'
    """,
    # 7: whether a treaty's participation rows are the whole list (as of a date, from a source), see
    # index.treaties.models.Treaty.participation_complete: a State without a row is then not a party.
    """
    ALTER TABLE treaties ADD COLUMN participation_complete TEXT;
    ALTER TABLE treaties ADD COLUMN participation_source TEXT NOT NULL DEFAULT ''
    """,
    # 8: ids that break the id rules of index/ids.py (slashes aside, they were stored verbatim) are normalised.
    repair_stored_ids,
    # 9: classifications a file gave (origin "editor" without manual) are told from an editor's: "source".
    """
    UPDATE classifications SET origin = 'source' WHERE origin = 'editor' AND manual = 0
    """,
    # 10: an editor's sessions carry this number; signing out raises it, so a copied session cookie ends too.
    """
    ALTER TABLE editors ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0
    """,
    # 11: roles (accounts made before roles could do everything, so they become admins) and the audit log
    # (index/audit.py): who changed what, when, before and after.
    """
    ALTER TABLE editors ADD COLUMN role TEXT NOT NULL DEFAULT 'editor';
    UPDATE editors SET role = 'admin';
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        editor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_log_target ON audit_log(target);
    CREATE INDEX audit_log_editor ON audit_log(editor, seq)
    """,
    # 12: uploads waiting to be published (index/drafts.py): the stored file, its parse and the editor's details.
    """
    CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        editor TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        file_name TEXT NOT NULL,
        stored_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        kind TEXT NOT NULL,
        document_id TEXT NOT NULL,
        replaces INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'parsing',
        parse_seq INTEGER NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT '',
        parsed TEXT,
        details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX drafts_created ON drafts(created)
    """,
    # 13: a document's state (STATES): only published documents reach readers and the derived indexes.
    """
    ALTER TABLE documents ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
    CREATE INDEX documents_state ON documents(state)
    """,
    # 14: request drafts an editor chose to save (index/request_drafts.py): the form's inputs, private to them;
    # removing the account removes them.
    """
    CREATE TABLE request_drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        editor TEXT NOT NULL REFERENCES editors(username) ON DELETE CASCADE,
        title TEXT NOT NULL,
        inputs TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX request_drafts_editor ON request_drafts(editor, updated)
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def now() -> str:
    """The time as the store writes it: ISO 8601 UTC to the second, "2026-12-06T05:00:00Z"."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
