"""The audit log: entries written with the change, read back newest first, filtered."""


import pytest

from index import audit
from index.errors import SherlocError
from index.store import SCHEMA_VERSION, Store


def test_entries_round_trip_and_filters(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    with store.transaction() as conn:
        audit.record(conn, "alice", "document.edit", "doc-1", {"title": "Old"}, {"title": "New"})
        audit.record(conn, "bob", "treaty.participation.remove", "XVIII-12", {"state": "BR"}, None)
        audit.record(conn, "alice", "documents.edit_many", "doc_1")
    every = audit.entries(store.conn)
    assert [e.action for e in every] == ["documents.edit_many", "treaty.participation.remove", "document.edit"]
    first = every[-1]
    assert (first.editor, first.target) == ("alice", "doc-1")
    assert (first.before, first.after) == ({"title": "Old"}, {"title": "New"})
    # "document" is a prefix of the dotted name, not of the word "documents"; "_" is not a wildcard
    assert [e.target for e in audit.entries(store.conn, action="document")] == ["doc-1"]
    assert [e.target for e in audit.entries(store.conn, target="doc_1")] == ["doc_1"]
    assert [e.editor for e in audit.entries(store.conn, editor="bob")] == ["bob"]
    today = first.at[:10]
    assert len(audit.entries(store.conn, since=today, until=today)) == 3
    assert audit.entries(store.conn, until="2000-01-01") == []
    assert [e.seq for e in audit.entries(store.conn, before_seq=every[0].seq, limit=1)] == [every[1].seq]


def test_a_change_rolled_back_leaves_no_entry(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        audit.record(conn, "alice", "document.delete", "doc-1")
        raise RuntimeError("the change failed")
    assert audit.entries(store.conn) == []


def test_roles(tmp_path):
    path = tmp_path / "old.sqlite3"
    store = Store(path)
    store.add_editor("carol", "h", role="admin")
    store.add_editor("dave", "h")
    assert (store.get_editor("carol").role, store.get_editor("dave").role) == ("admin", "editor")
    with pytest.raises(SherlocError, match="unknown role"):
        store.add_editor("eve", "h", role="owner")
    store.close()


def test_accounts_made_before_roles_become_admins(tmp_path, monkeypatch):
    import index.store

    path = tmp_path / "ten.sqlite3"
    monkeypatch.setattr(index.store, "SCHEMA_VERSION", 10)
    old = Store(path)
    with old.transaction() as conn:
        conn.execute("INSERT INTO editors (username, password_hash, created) VALUES ('frank', 'h', '2026-01-01')")
    old.close()
    monkeypatch.undo()
    upgraded = Store(path)
    assert upgraded.schema_version == SCHEMA_VERSION
    assert upgraded.get_editor("frank").role == "admin"
