# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments
"""Re-indexing from the editors' area: a full rebuild in the background while a real server keeps answering
searches, one at a time, with its progress and outcome; one document at once; admins only."""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
import urllib.request
from html import unescape

import pytest
from werkzeug.security import generate_password_hash

from index import audit, rebuilds
from index.home import Home
from index.store import Store
from search_app import create_app
from tests.search_app.conftest import _doc, serving
from tests.search_app.test_admin import PASSWORD, csrf_token, hit_ids, sign_in

BULK = 3000  # documents: a rebuild of this many takes seconds, long enough to search during it


def _bulk(store: Store, n: int = BULK) -> None:
    with store.transaction():
        for i in range(n):
            store.put_document(_doc(
                f"BULK-{i}", "legislation", f"Extradition law {i} (sample data)", "FRA", "en", "2001-01-01",
                [(f"Article {k}", f"Extradition of a person sought under law {i}, provision {k}.") for k in range(6)]))


@pytest.fixture
def admin_home(tmp_path) -> Home:
    """A home with BULK documents, indexed, an admin (ada) and an editor (alice)."""
    from index.sync import rebuild

    home = Home(tmp_path)
    store = Store(home.store_path)
    _bulk(store)
    store.add_editor("ada", generate_password_hash(PASSWORD), role="admin")
    store.add_editor("alice", generate_password_hash(PASSWORD), role="editor")
    rebuild(store, home)
    store.close()
    return home


@pytest.fixture
def served(admin_home):
    """The app over `admin_home`, served by a real threaded server: (app, base URL)."""
    app = create_app({"SHERLOC_HOME": str(admin_home.root), "TESTING": True})
    try:
        with serving(app) as base:
            yield app, base
    finally:
        _wait_idle(admin_home)


def _wait_idle(home: Home, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while rebuilds.running(home, home.engine_name):
        assert time.monotonic() < deadline, "the rebuild did not end"
        time.sleep(0.05)
    return rebuilds.status(home, home.engine_name)


def _admin_client(app, name: str = "ada"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert sign_in(client, name).status_code == 302
    return client


def _start(client, token: str = ""):
    token = token or csrf_token(client.get("/admin/index").get_data(as_text=True), "all-")
    return client.post("/admin/index/rebuild", data={"all-csrf_token": token}, follow_redirects=True)


def test_searches_are_answered_during_a_rebuild_and_the_outcome_is_reported(served, admin_home):
    app, base = served
    client = _admin_client(app)
    first = client.get("/admin/index").get_data(as_text=True)
    assert "Re-index everything" in first and "A rebuild is running" not in first
    token = csrf_token(first, "all-")
    started = _start(client, token).get_data(as_text=True)
    assert "The rebuild has started" in started

    # A second request while it runs (a second tab, a double click) is told so, and starts nothing.
    again = _start(client, token)
    assert "A rebuild of the index is already running" in again.get_data(as_text=True)

    answered, during, pages_running, seen_progress = 0, 0, 0, set()
    while True:
        status = json.loads(client.get("/admin/index/status.json").get_data(as_text=True))
        with urllib.request.urlopen(base + "/?q=extradition", timeout=30) as r:
            assert r.status == 200
            html = r.read().decode()
        assert hit_ids(html), "a search during the rebuild found nothing"
        answered += 1
        if not status["running"]:
            break
        during += 1
        seen_progress.add((status["done"], status["total"]))
        page = client.get("/admin/index").get_data(as_text=True)
        if "A rebuild is running, started by ada" in page:  # (it may have ended since the status was read)
            pages_running += 1
            assert '<progress id="rebuild-progress"' in page and 'http-equiv="refresh"' in page
    assert during >= 1 and pages_running >= 1, "no search ran while the rebuild was running"
    assert any(total == BULK for _done, total in seen_progress)
    final = _wait_idle(admin_home)
    assert final["state"] == "done" and final["result"]["documents"] == BULK, final
    page = client.get("/admin/index").get_data(as_text=True)
    assert f"{BULK} documents" in page and "ada" in page and "A rebuild is running" not in page
    # The audit entry is written by the thread that waited for the rebuild, once it ended.
    deadline = time.monotonic() + 10
    while not (entries := audit.entries(Store(admin_home.store_path).conn, action="index.rebuild")):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    (entry,) = entries
    assert (entry.editor, entry.target, entry.after["state"]) == ("ada", "all", "done")
    # Searches now run on the new index, which holds every document.
    with urllib.request.urlopen(base + "/?q=%22law+2999%22", timeout=30) as r:
        assert any(h.startswith("BULK-2999/") for h in hit_ids(r.read().decode()))


def test_a_rebuild_whose_process_is_killed_is_reported_failed_and_the_old_index_stays(served, admin_home):
    app, base = served
    client = _admin_client(app)
    _start(client)
    deadline = time.monotonic() + 60
    while "pid" not in (status := rebuilds.status(admin_home, admin_home.engine_name)):
        assert time.monotonic() < deadline and status.get("state") == "running", status
        time.sleep(0.02)
    os.kill(status["pid"], signal.SIGKILL)
    final = _wait_idle(admin_home)
    assert final["state"] == "failed" and "ended abruptly" in final["error"], final
    page = unescape(client.get("/admin/index").get_data(as_text=True))
    assert "failed" in page and "The previous index is still in use." in page and "Re-index everything" in page
    with urllib.request.urlopen(base + "/?q=extradition", timeout=30) as r:
        assert r.status == 200 and hit_ids(r.read().decode())


def test_a_rebuild_that_fails_says_why(tmp_path):
    admin_home = Home(tmp_path)
    done = threading.Event()
    ended: list[dict] = []
    rebuilds.start(admin_home, "no-such-engine", "ada", on_end=lambda s: (ended.append(s), done.set()))
    assert done.wait(60)
    assert ended[0]["state"] == "failed" and "no-such-engine" in ended[0]["error"]
    assert rebuilds.status(admin_home, "no-such-engine")["state"] == "failed"


def test_one_document_is_written_into_the_index_again(served, admin_home):
    app, base = served
    client = _admin_client(app)
    # The index lost a document (as after a crash between two writes): search misses it.
    engine = app.extensions["sherloc"].engine
    engine.delete(["BULK-7"])
    engine.commit(engine.applied_seq())
    with urllib.request.urlopen(base + "/?q=%22law+7%22", timeout=30) as r:
        assert not any(h.startswith("BULK-7/") for h in hit_ids(r.read().decode()))
    page = client.get("/admin/index?doc=BULK-7").get_data(as_text=True)
    assert 'value="BULK-7"' in page
    r = client.post("/admin/index/document", data={"doc-csrf_token": csrf_token(page, "doc-"), "doc-doc_id": "BULK-7"},
                    follow_redirects=True)
    assert "BULK-7 is re-indexed (6 provisions)." in unescape(r.get_data(as_text=True))
    with urllib.request.urlopen(base + "/?q=%22law+7%22", timeout=30) as r:
        assert any(h.startswith("BULK-7/") for h in hit_ids(r.read().decode()))
    (entry,) = audit.entries(Store(admin_home.store_path).conn, action="index.rebuild")
    assert (entry.editor, entry.target, entry.after) == ("ada", "BULK-7", {"provisions": 6})
    r = client.post("/admin/index/document", data={"doc-csrf_token": csrf_token(page, "doc-"), "doc-doc_id": "NOPE"})
    assert r.status_code == 404 and "No document has the identifier NOPE." in r.get_data(as_text=True)


def test_re_indexing_is_for_admins_only(served):
    app, _base = served
    client = _admin_client(app, "alice")
    assert "/admin/index" not in client.get("/admin/").get_data(as_text=True)
    for path in ("/admin/index", "/admin/index/status.json"):
        assert client.get(path).status_code == 403
    page = client.get("/admin/quarantine").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"all-csrf_token": token[1] if token else ""}
    assert client.post("/admin/index/rebuild", data=data).status_code in (400, 403)
    assert not rebuilds.running(app.extensions["sherloc"].home, app.extensions["sherloc"].engine_name)
    assert "/admin/index" in _admin_client(app, "ada").get("/admin/").get_data(as_text=True)
