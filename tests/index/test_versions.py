"""Language versions found by meaning: suggested to editors, linked by them."""

from __future__ import annotations

import re

from index.store import Store
from index.vectors import VectorHandle
from index.versions import version_candidates
from tests.conftest import copy_home

OTHER_SUBJECT_LAWS = ("COE-ETS-024", "CHN-LAW-EXTRADITION-2000", "RUS-LAW-UPK-EXTRADITION-2001")


def _unlinked(store: Store, doc_id: str):
    doc = store.get_document(doc_id)
    doc.metadata.pop("parallel_group", None)
    return doc


def test_versions_are_the_same_text_in_order_not_the_same_subject(vector_home):
    store = Store(vector_home.store_path)
    index = VectorHandle(vector_home, store).index()
    found = {c.document_id: c for c in version_candidates(store, index, _unlinked(store, "XVIII-12-FR"))}
    assert {"XVIII-12-ES", "XVIII-12-RU"} <= set(found)
    assert all(c.matched * 2 >= c.compared for c in found.values())
    assert not set(found) & set(OTHER_SUBJECT_LAWS)  # extradition laws and treaties, other texts
    for doc_id in OTHER_SUBJECT_LAWS:
        assert version_candidates(store, index, _unlinked(store, doc_id)) == []
    # versions already linked are not suggested again
    assert version_candidates(store, index, store.get_document("XVIII-12-FR")) == []


def test_an_editor_links_a_suggested_version(vector_home, tmp_path):
    from search_app import create_app
    from search_app.editors import create_editor
    from tests.search_app.test_admin import csrf_token, sign_in

    home = copy_home(vector_home, tmp_path / "home")
    store = Store(home.store_path)
    fr = _unlinked(store, "XVIII-12-FR")
    store.update_metadata("XVIII-12-FR", editor="import", metadata=fr.metadata)
    create_editor(store, "alice", "a long enough password")
    client = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()
    sign_in(client, "alice", "a long enough password")
    page = client.get("/admin/documents/XVIII-12-FR").get_data(as_text=True)
    assert "Possible language versions (found by meaning)" in page
    assert re.search(r'name="other" type="hidden" value="XVIII-12-ES"', page)
    r = client.post("/admin/documents/XVIII-12-FR/versions",
                    data={"csrf_token": csrf_token(page), "other": "XVIII-12-ES"})
    assert r.status_code == 302
    assert Store(home.store_path).get_document("XVIII-12-FR").metadata["parallel_group"] == "XVIII-12"
    assert store.revisions("XVIII-12-FR")[0]["editor"] == "alice"  # the state before is kept
    shown = client.get("/documents/XVIII-12-FR").get_data(as_text=True)
    assert "XVIII-12-ES" in shown  # side by side again on the public page


def test_a_link_survives_a_new_ingest_without_freezing_the_metadata(tmp_path):
    from index.models import DocumentRecord, Provision
    from index.versions import link_versions

    store = Store(tmp_path / "store.sqlite3")

    def put(doc_id: str, lang: str, **metadata):
        store.put_document(DocumentRecord(id=doc_id, type="legislation", title=doc_id, country="FRA",
                                          languages=[lang], metadata=metadata, content_hash=str(metadata),
                                          provisions=[Provision("Article 1", f"text {lang}", lang, 0)]))

    put("LAW-FR", "fr", symbols=["old"])
    put("LAW-EN", "en")
    put("LAW-ES", "es", parallel_group="other-work")
    put("LAW-RU", "ru", parallel_group="other-work")
    link_versions(store, "LAW-FR", "LAW-EN", editor="alice")
    put("LAW-FR", "fr", symbols=["new"], unmapped={"crime": ["x"]})  # the file changed and is ingested again
    again = store.get_document("LAW-FR")
    assert again.metadata == {"symbols": ["new"], "unmapped": {"crime": ["x"]}, "parallel_group": "LAW-FR"}
    link_versions(store, "LAW-FR", "LAW-ES", editor="alice")  # another work's versions join, none is split off
    assert store.documents_in_group("LAW-FR") == ["LAW-EN", "LAW-ES", "LAW-FR", "LAW-RU"]
