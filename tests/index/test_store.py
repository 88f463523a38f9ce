"""The record store: what an editor relies on — nothing lost, every write whole, changes logged."""

import sqlite3

import pytest

from index.errors import NotFound, SherlocError
from index.models import Classification, DocumentRecord, Provision
from index.store import SCHEMA_VERSION, Store


def make_doc(doc_id="FRA-CP", text="Le fait de recruter une personne en vue de l'exploiter.", content_hash="h1"):
    return DocumentRecord(
        id=doc_id,
        type="legislation",
        title="Code pénal (extrait)",
        country="FRA",
        languages=["fr"],
        date="2013-08-05",
        content_hash=content_hash,
        metadata={"law_title": "Code pénal"},
        provisions=[
            Provision(label="Article 225-4-1", number="225-4-1", text=text, language="fr", order=0),
            Provision(
                label="Article 225-4-2", number="225-4-2", text="Circonstances aggravantes.", language="fr", order=1
            ),
        ],
        classifications=[Classification("crime", "trafficking-in-persons", "editor")],
    )


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "store.sqlite3")
    yield s
    s.close()


def test_a_document_comes_back_as_it_was_written(store):
    assert store.put_document(make_doc()) == "added"
    doc = store.get_document("FRA-CP")
    assert doc.title == "Code pénal (extrait)"
    assert [p.id for p in doc.provisions] == ["FRA-CP/art-225-4-1", "FRA-CP/art-225-4-2"]
    assert doc.metadata == {"law_title": "Code pénal"}
    assert doc.terms("crime") == ["trafficking-in-persons"]
    got_doc, provision = store.get_provision("FRA-CP/art-225-4-2")
    assert provision.text == "Circonstances aggravantes." and got_doc.id == "FRA-CP"


def test_store_uses_wal_and_the_current_schema(store):
    store.put_document(make_doc())
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION


def test_same_hash_is_unchanged_and_new_hash_replaces_keeping_a_revision(store):
    store.put_document(make_doc())
    seq = store.last_seq()
    assert store.put_document(make_doc()) == "unchanged"
    assert store.last_seq() == seq  # nothing for the indexes to do
    assert store.put_document(make_doc(text="Nouveau texte.", content_hash="h2")) == "replaced"
    assert store.get_document("FRA-CP").provisions[0].text == "Nouveau texte."
    revisions = store.revisions("FRA-CP")
    assert revisions[0]["reason"] == "replaced"
    assert revisions[0]["record"]["provisions"][0]["text"].startswith("Le fait de recruter")


def test_editor_classification_survives_reingest_and_beats_rules(store):
    doc = make_doc()
    doc.classifications.append(Classification("issue", "victim-protection", "rule"))
    store.put_document(doc)
    store.set_classifications("FRA-CP", "issue", ["criminalization"])
    store.put_document(make_doc(content_hash="h2"))  # the file changed and was ingested again
    assert store.get_document("FRA-CP").terms("issue") == ["criminalization"]


def test_delete_keeps_the_last_state_and_logs_the_change(store):
    store.put_document(make_doc())
    store.delete_document("FRA-CP")
    assert not store.has_document("FRA-CP")
    assert store.revisions("FRA-CP")[0]["reason"] == "deleted"
    last, upserts, deletes = store.changes_since(0)
    assert deletes == {"FRA-CP"} and upserts == set() and last == store.last_seq()
    with pytest.raises(NotFound):
        store.get_document("FRA-CP")


def test_a_failed_write_leaves_the_store_as_it_was(store):
    store.put_document(make_doc())
    bad = make_doc(content_hash="h2")
    for p in bad.provisions:  # a duplicate primary key: the insert fails half-way through the document
        p.id = "FRA-CP/art-1"
    with pytest.raises(sqlite3.IntegrityError):
        store.put_document(bad)
    doc = store.get_document("FRA-CP")
    assert doc.content_hash == "h1" and len(doc.provisions) == 2
    assert store.revisions("FRA-CP") == []


def test_change_log_lets_an_index_catch_up(store):
    store.put_document(make_doc("A"))
    mark = store.last_seq()
    store.put_document(make_doc("B"))
    store.update_metadata("A", title="Nouveau titre")
    last, upserts, deletes = store.changes_since(mark)
    assert upserts == {"A", "B"} and deletes == set() and last == store.last_seq()
    assert store.get_document("A").title == "Nouveau titre"


def test_iter_documents_reads_everything_in_batches(store):
    for i in range(7):
        store.put_document(make_doc(f"D{i}", content_hash=f"h{i}"))
    docs = list(store.iter_documents(batch=3))
    assert [d.id for d in docs] == [f"D{i}" for i in range(7)]
    assert all(len(d.provisions) == 2 for d in docs)


def test_stats_count_each_document_once_per_term(store):
    store.put_document(make_doc("A"))
    doc = make_doc("B", content_hash="x")
    doc.classifications.append(Classification("crime", "trafficking-in-persons", "rule", "B/art-225-4-1"))
    store.put_document(doc)
    stats = store.stats()
    assert stats["documents"] == 2 and stats["provisions"] == 4
    assert stats["by_crime_type"] == {"trafficking-in-persons": 2}
    assert stats["by_country"] == {"FRA": 2} and stats["by_type"] == {"legislation": 2}


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "store.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(SherlocError, match="not a sherloc store"):
        Store(bad)
