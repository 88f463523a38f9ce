"""The app factory: configuration, engines, a fresh home, edits becoming visible."""

from __future__ import annotations

from index.home import Home
from index.models import DocumentRecord, Provision
from index.store import Store
from search_app import Sherloc, create_app
from tests.search_app.conftest import sample_documents


def _store_only_home(tmp_path) -> Home:
    home = Home(tmp_path)
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    store.close()
    return home


def test_state_is_kept_in_extensions(app):
    state = app.extensions["sherloc"]
    assert isinstance(state, Sherloc)
    assert state.store.path.name == "store.sqlite3"
    assert state.taxonomy.has("issue", "extradition")


def test_whoosh_engine_builds_its_index_on_first_search(tmp_path):
    home = _store_only_home(tmp_path)
    app = create_app({"SHERLOC_HOME": str(home.root), "SHERLOC_ENGINE": "whoosh", "TESTING": True})
    client = app.test_client()
    data = client.get("/api/search?q=trafficking&ui=en").get_json()
    assert data["total"] >= 45
    assert (home.indexes / "whoosh").is_dir() and not (home.indexes / "tantivy").exists()


def test_home_from_the_environment(tmp_path, monkeypatch):
    home = _store_only_home(tmp_path)
    monkeypatch.setenv("SHERLOC_HOME", str(home.root))
    app = create_app({"TESTING": True})
    assert app.extensions["sherloc"].home.root == home.root
    assert app.test_client().get("/documents/FRA-CP").status_code == 200


def test_empty_home_serves_an_empty_search(tmp_path):
    app = create_app({"SHERLOC_HOME": str(tmp_path / "new"), "TESTING": True})
    client = app.test_client()
    r = client.get("/?q=anything")
    assert r.status_code == 200 and "Nothing found" in r.get_data(as_text=True)
    assert client.get("/api/search").get_json()["total"] == 0


def test_an_edit_in_the_store_reaches_the_running_app(tmp_path):
    home = _store_only_home(tmp_path)
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    client = app.test_client()
    assert client.get("/api/search?q=zanzibarite").get_json()["total"] == 0
    store = Store(home.store_path)
    store.put_document(DocumentRecord(
        id="NEW-LAW", type="legislation", title="New law", country="KEN", languages=["en"], date="2024-01-01",
        provisions=[Provision(label="Section 1", text="Zanzibarite smuggling is an offence.", language="en", order=0,
                              number="1")],
    ))
    app.extensions["sherloc"].handle.refresh()  # what the once-a-second check does on its own
    hits = client.get("/api/search?q=zanzibarite").get_json()["hits"]
    assert [h["document_id"] for h in hits] == ["NEW-LAW"]
    assert client.get("/documents/NEW-LAW").status_code == 200
