"""index.lifecycle: publish, unpublish, delete, restore, purge and revert, against a real store and index."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

import pytest

import index.store as store_module
from index import audit
from index.errors import NotFound
from index.home import Home
from index.lifecycle import StateError, change_state, diff, purge, revert
from index.models import Classification, DocumentRecord, Provision
from index.plan import EngineQuery, Term
from index.store import SCHEMA_VERSION, Store
from index.sync import IndexHandle, rebuild


def make_doc(doc_id: str = "FRA-ACT", text: str = "Rules on extradition of persons.", content_hash: str = "h1"):
    return DocumentRecord(
        id=doc_id, type="legislation", title="Loi relative à l'extradition", country="FRA", date="2004-03-09",
        languages=["fr"], content_hash=content_hash, source_file="fra/act.txt",
        provisions=[
            Provision(label="Article 1", number="1", text=text, language="fr", order=1),
            Provision(label="Article 2", number="2", text="General provisions on procedure.", language="fr", order=2),
        ],
        classifications=[Classification("issue", "extradition", "source")],
    )


@pytest.fixture
def home(tmp_path):
    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    store.put_document(make_doc())
    store.put_document(make_doc("FRA-OTHER", "Rules on extradition, another act.", "h2"))
    yield home, store
    store.close()


def found(handle: IndexHandle, word: str = "extradition") -> set[str]:
    handle.refresh()
    hits = handle.engine.search(EngineQuery(node=Term(word), facets=(), limit=50)).hits
    return {h.document_id for h in hits}


def test_existing_documents_are_published_after_the_migration(tmp_path, monkeypatch):
    step = next(i for i, m in enumerate(store_module.MIGRATIONS) if isinstance(m, str) and "state TEXT" in m)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", step)  # a store as it was before documents had a state
    old = Store(tmp_path / "old.sqlite3")
    old.put_document(make_doc())
    old.close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION)
    store = Store(tmp_path / "old.sqlite3")
    assert store.schema_version == SCHEMA_VERSION
    assert store.document_state("FRA-ACT") == "published"


def test_unpublish_publish_delete_restore_follow_into_the_index_with_audit_entries(home):
    h, store = home
    handle = IndexHandle(h, store=store)
    assert found(handle) == {"FRA-ACT", "FRA-OTHER"}
    assert change_state(store, "FRA-ACT", "document.unpublish", "ed") == "unpublished"
    assert found(handle) == {"FRA-OTHER"}
    assert change_state(store, "FRA-ACT", "document.publish", "ed") == "published"
    assert found(handle) == {"FRA-ACT", "FRA-OTHER"}
    assert change_state(store, "FRA-ACT", "document.delete", "ed") == "deleted"
    assert found(handle) == {"FRA-OTHER"}
    assert store.get_document("FRA-ACT").provisions  # soft: everything is still stored
    assert change_state(store, "FRA-ACT", "document.restore", "ed") == "published"
    assert found(handle) == {"FRA-ACT", "FRA-OTHER"}
    actions = [(e.action, e.before["state"], e.after["state"]) for e in audit.entries(store.conn, target="FRA-ACT")]
    assert actions == [("document.restore", "deleted", "published"), ("document.delete", "published", "deleted"),
                       ("document.publish", "unpublished", "published"),
                       ("document.unpublish", "published", "unpublished")]
    handle.close()


def test_restore_gives_back_the_state_before_the_deletion(home):
    _, store = home
    change_state(store, "FRA-ACT", "document.unpublish", "ed")
    change_state(store, "FRA-ACT", "document.delete", "ed")
    assert change_state(store, "FRA-ACT", "document.restore", "ed") == "unpublished"


def test_actions_that_do_not_apply_are_refused_and_change_nothing(home):
    _, store = home
    seq = store.last_seq()
    with pytest.raises(StateError):
        change_state(store, "FRA-ACT", "document.publish", "ed")  # already published
    with pytest.raises(StateError):
        change_state(store, "FRA-ACT", "document.restore", "ed")  # not deleted
    with pytest.raises(NotFound):
        change_state(store, "NOPE", "document.unpublish", "ed")
    assert store.last_seq() == seq and audit.entries(store.conn) == []


def test_a_reingest_keeps_the_editors_unpublish_and_delete(home):
    h, store = home
    change_state(store, "FRA-ACT", "document.unpublish", "ed")
    change_state(store, "FRA-OTHER", "document.delete", "ed")
    assert store.put_document(make_doc(text="Rules on extradition, as amended.", content_hash="h3")) == "replaced"
    assert store.put_document(make_doc("FRA-OTHER", "Extradition again.", "h4")) == "replaced"
    assert store.document_state("FRA-ACT") == "unpublished" and store.document_state("FRA-OTHER") == "deleted"
    handle = IndexHandle(h, store=store)
    assert found(handle) == set()
    handle.close()


def test_a_rebuild_indexes_published_documents_only(home):
    h, store = home
    change_state(store, "FRA-OTHER", "document.unpublish", "ed")
    info = rebuild(store, h)
    assert info["documents"] == 1 and info["provisions"] == 2
    handle = IndexHandle(h, store=store)
    assert found(handle) == {"FRA-ACT"}
    handle.close()


def test_purge_removes_the_document_and_its_revisions_for_good(home):
    h, store = home
    store.update_metadata("FRA-ACT", editor="ed", title="Edited title")
    purge(store, "FRA-ACT", "boss")
    assert not store.has_document("FRA-ACT") and store.revisions("FRA-ACT") == []
    assert store.conn.execute("SELECT COUNT(*) FROM provisions WHERE document_id='FRA-ACT'").fetchone()[0] == 0
    (entry,) = audit.entries(store.conn, action="document.purge")
    assert entry.editor == "boss" and entry.before["title"] == "Edited title" and entry.before["provisions"] == 2
    handle = IndexHandle(h, store=store)
    assert found(handle) == {"FRA-OTHER"}
    handle.close()


def test_revert_restores_provisions_metadata_and_classification_exactly(home):
    _, store = home
    original = asdict(store.get_document("FRA-ACT"))
    store.update_metadata("FRA-ACT", editor="ed", title="Another title", country="BEL",
                          metadata={"court": "x"})
    store.classify("FRA-ACT", {("crime", None): ["trafficking-in-persons"]}, editor="ed")
    changed = make_doc(text="Rules on extradition, rewritten.", content_hash="h9")
    changed.provisions.append(Provision(label="Article 3", number="3", text="A new article.", language="fr", order=3))
    store.put_document(changed)
    first = store.revisions("FRA-ACT")[-1]  # the oldest: the document as first stored
    assert first["reason"] == "edited"
    delta = diff(first["record"], store.get_document("FRA-ACT"))
    assert ("title", "Loi relative à l'extradition", "Another title") in delta.fields
    assert ("country", "FRA", "BEL") in delta.fields
    assert [(c.label, c.old, c.new) for c in delta.provisions] == [
        ("Article 1", "Rules on extradition of persons.", "Rules on extradition, rewritten."),
        ("Article 3", None, "A new article.")]
    assert delta.terms_added == [("crime", "trafficking-in-persons", None)] and delta.unchanged_provisions == 1
    revert(store, "FRA-ACT", first["id"], "ed2")
    assert asdict(store.get_document("FRA-ACT")) == original
    latest = store.revisions("FRA-ACT")[0]
    assert latest["reason"] == "reverted" and latest["editor"] == "ed2"
    assert diff(first["record"], store.get_document("FRA-ACT")).same
    (entry,) = audit.entries(store.conn, action="document.revert")
    assert entry.after["revision"] == first["id"] and entry.after["title"] == "Loi relative à l'extradition"
    # the restored values are the editor's: a re-ingest of the rewritten file does not undo the title
    store.put_document(make_doc(text="Rules on extradition, rewritten.", content_hash="h10"))
    assert store.get_document("FRA-ACT").title == "Loi relative à l'extradition"


def test_revert_of_an_unknown_revision_is_not_found(home):
    _, store = home
    with pytest.raises(NotFound):
        revert(store, "FRA-ACT", 999, "ed")


def test_an_audit_failure_undoes_the_state_change(home, monkeypatch):
    _, store = home

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(sqlite3.OperationalError):
        change_state(store, "FRA-ACT", "document.unpublish", "ed")
    assert store.document_state("FRA-ACT") == "published"


def test_an_unpublished_document_keeps_no_vectors_and_publishing_brings_them_back(vector_home, tmp_path):
    from index.embed import load_embedder
    from index.vectors import VectorIndex, catch_up, current_file, status
    from tests.conftest import copy_home

    h = copy_home(vector_home, tmp_path / "h")
    store = Store(h.store_path)
    model = load_embedder()
    change_state(store, "XVIII-12-ZH", "document.unpublish", "ed")
    catch_up(store, h, model)
    ids = VectorIndex(current_file(h)).ids
    assert ids and not any(pid.startswith("XVIII-12-ZH/") for pid in ids)
    assert status(store, h, model.model_id).complete  # complete: unpublished provisions are not owed a vector
    change_state(store, "XVIII-12-ZH", "document.publish", "ed")
    catch_up(store, h, model)
    assert any(pid.startswith("XVIII-12-ZH/") for pid in VectorIndex(current_file(h)).ids)
    store.close()


def test_the_treaty_finder_offers_published_laws_and_cases_only(tmp_path):
    from index.treaties import load_bundled
    from index.treaties.finder import applicable

    store = Store(tmp_path / "store.sqlite3")
    load_bundled(store)
    law = make_doc("NZL-EXTRADITION-TEST", "Extradition is granted on request.", "n1")
    law.country = "NZL"
    case = make_doc("NZL-CASE-TEST", "The appellant resisted extradition.", "n2")
    case.country, case.type = "NZL", "case"
    store.put_document(law)
    store.put_document(case)
    r = applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01")
    assert [d.document_id for d in r.domestic] == ["NZL-EXTRADITION-TEST"]
    assert [c.document_id for c in r.cases] == ["NZL-CASE-TEST"]
    change_state(store, "NZL-EXTRADITION-TEST", "document.unpublish", "ed")
    change_state(store, "NZL-CASE-TEST", "document.delete", "ed")
    r = applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01")
    assert r.domestic == [] and r.cases == []
    store.close()
