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



def test_a_failed_write_inside_a_larger_transaction_undoes_only_itself(store):
    bad = make_doc("ESP-CP", content_hash="h2")
    for p in bad.provisions:  # fails half-way through, after the document row was written
        p.id = "ESP-CP/art-1"
    with store.transaction():
        store.put_document(make_doc())
        with pytest.raises(sqlite3.IntegrityError):
            store.put_document(bad)
    assert store.document_ids() == ["FRA-CP"]
    assert len(store.get_document("FRA-CP").provisions) == 2
    assert store.changes_since(0)[1] == {"FRA-CP"}


def test_writes_inside_a_transaction_that_fails_are_all_undone(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.put_document(make_doc())
        store.put_document(make_doc("ESP-CP"))
        raise RuntimeError("the batch stops")
    assert store.document_ids() == [] and store.last_seq() == 0

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


def test_stats_count_documents_as_a_search_filtered_by_the_term_finds_them(tmp_path):
    from index.home import Home
    from index.search import SearchRequest, search
    from index.sync import rebuild
    from index.taxonomy import load_taxonomy

    home = Home(tmp_path)
    store = Store(home.store_path)
    hidden = make_doc("EDITED", content_hash="e")  # the editor's trafficking replaces the rule's money laundering
    hidden.classifications.append(Classification("crime", "money-laundering", "rule"))
    provision_level = make_doc("PROVISION", content_hash="p")
    provision_level.classifications = [Classification("crime", "money-laundering", "rule", "PROVISION/art-225-4-2")]
    child = make_doc("CHILD", content_hash="c")
    child.classifications = [Classification("issue", "extradition", "rule")]
    for doc in (hidden, provision_level, child):
        store.put_document(doc)
    taxonomy = load_taxonomy()
    stats = store.stats(taxonomy)
    assert stats["by_crime_type"] == {"money-laundering": 1, "trafficking-in-persons": 1}
    assert stats["by_issue"]["extradition"] == 1 and stats["by_issue"]["international-cooperation"] == 1
    rebuild(store, home)
    from index.engines import create_engine
    from index.sync import current_directory

    engine = create_engine(home.engine_name, current_directory(home))
    try:
        for key, scheme in (("by_crime_type", "crime"), ("by_issue", "issue")):
            for term in taxonomy.terms(scheme):
                found = search(engine, SearchRequest.from_params({scheme: [term.id]}), taxonomy=taxonomy)
                assert stats[key].get(term.id, 0) == found.total_documents, (scheme, term.id)
    finally:
        engine.close()
    store.close()


def test_several_classification_decisions_are_one_revision_and_one_change(store):
    doc = make_doc()
    doc.classifications += [Classification("issue", "victim-protection", "rule"),
                            Classification("issue", "criminalization", "rule", "FRA-CP/art-225-4-1")]
    store.put_document(doc)
    seq = store.last_seq()
    store.classify("FRA-CP", {("issue", None): ["victim-protection", "prevention"],
                              ("issue", "FRA-CP/art-225-4-1"): []}, editor="alice")
    got = store.get_document("FRA-CP")
    assert got.terms("issue") == ["victim-protection", "prevention"]
    assert got.terms("issue", "FRA-CP/art-225-4-1") == ["victim-protection", "prevention"]  # its own was rejected
    assert [(r["reason"], r["editor"]) for r in store.revisions("FRA-CP")] == [("classified", "alice")]
    assert store.last_seq() == seq + 1
    assert store.reviewed_levels("FRA-CP") == {("issue", None), ("issue", "FRA-CP/art-225-4-1")}
    with pytest.raises(SherlocError, match="unknown classification scheme"):
        store.classify("FRA-CP", {("topic", None): ["x"]})
    with pytest.raises(NotFound):
        store.classify("NO-SUCH", {("issue", None): []})


def test_suggestions_an_editor_rejected_stay_out_after_a_reingest(store):
    doc = make_doc()
    doc.classifications.append(Classification("issue", "victim-protection", "rule"))
    store.put_document(doc)
    store.set_classifications("FRA-CP", "issue", [])  # "none of these"
    again = make_doc(content_hash="h2")
    again.classifications += [Classification("issue", "victim-protection", "rule"),
                              Classification("issue", "prevention", "rule", "FRA-CP/art-225-4-2")]
    store.put_document(again)
    got = store.get_document("FRA-CP")
    assert got.terms("issue") == []
    # A level the editor never decided still takes the rules' suggestions.
    assert got.terms("issue", "FRA-CP/art-225-4-2") == ["prevention"]
    assert got.terms("crime") == ["trafficking-in-persons"]


def test_editing_metadata_keeps_a_revision_with_the_editor_and_ignores_no_change(store):
    store.put_document(make_doc())
    seq = store.last_seq()
    assert store.update_metadata("FRA-CP", editor="alice", title="Code pénal (extrait)", country="FRA") is False
    assert store.last_seq() == seq and store.revisions("FRA-CP") == []
    assert store.update_metadata("FRA-CP", editor="alice", country="BEL", date="2014") is True
    revision = store.revisions("FRA-CP")[0]
    assert (revision["reason"], revision["editor"], revision["record"]["country"]) == ("edited", "alice", "FRA")
    assert store.get_document("FRA-CP").country == "BEL" and store.last_seq() == seq + 1
    with pytest.raises(SherlocError, match="title"):
        store.update_metadata("FRA-CP", title="  ")
    with pytest.raises(SherlocError, match="document type"):
        store.update_metadata("FRA-CP", type="poem")
    with pytest.raises(NotFound):
        store.update_metadata("NO-SUCH", title="x")
    assert store.get_document("FRA-CP").title == "Code pénal (extrait)"


def test_editor_accounts(store):
    editor = store.add_editor("alice", "pbkdf2:sha256:hash")
    assert store.get_editor("alice") == editor and editor.created
    with pytest.raises(SherlocError, match="already exists"):
        store.add_editor("alice", "other")
    store.add_editor("bob", "h")
    assert [e.username for e in store.list_editors()] == ["alice", "bob"]
    store.remove_editor("alice")
    assert store.get_editor("alice") is None
    with pytest.raises(NotFound):
        store.remove_editor("alice")


def test_a_store_of_schema_2_is_migrated_keeping_everything(tmp_path):
    from index.store import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        conn.executescript(migration)
    conn.execute("INSERT INTO revisions (document_id, record, reason, at) VALUES ('X', '{}', 'replaced', 'then')")
    conn.execute("PRAGMA user_version=2")
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION
    assert store.revisions("X") == [{"id": 1, "at": "then", "reason": "replaced", "editor": "", "record": {}}]
    assert store.list_editors() == []
    store.close()


def test_two_processes_opening_an_old_store_migrate_it_once(tmp_path):
    # a server and `sherloc ingest` started together after an upgrade: the second must not redo a step
    import threading

    from index.store import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:6]:
        conn.executescript(step)
    conn.execute("PRAGMA user_version=6")
    conn.close()
    start, errors, stores = threading.Barrier(2), [], []

    def open_store():
        start.wait()
        try:
            stores.append(Store(path))
        except Exception as exc:  # noqa: BLE001 - the failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(stores) == 2
    assert all(s.schema_version == SCHEMA_VERSION for s in stores)


def test_the_sample_corpus_is_noticed_as_soon_as_it_comes_or_goes(tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    store.put_document(make_doc("FRA-CP"))
    assert not store.has_sample_documents("/nowhere/corpus")
    sample = make_doc("SAMPLE-1", content_hash="h2")
    sample.metadata = {"sample": True}
    store.put_document(sample)
    assert store.has_sample_documents("/nowhere/corpus")  # at once, not after a delay
    store.delete_document("SAMPLE-1")
    assert not store.has_sample_documents("/nowhere/corpus")


def test_language_versions_are_grouped_again_after_a_change(tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    first = make_doc("LAW-FR")
    first.metadata = {"parallel_group": "LAW"}
    store.put_document(first)
    assert store.parallel_groups() == {"LAW": ["LAW-FR"]}
    second = make_doc("LAW-EN", content_hash="h2")
    second.metadata = {"parallel_group": "LAW"}
    store.put_document(second)
    assert store.parallel_groups() == {"LAW": ["LAW-EN", "LAW-FR"]}
