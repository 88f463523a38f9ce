"""An editor in a real browser: sign in, open a document, confirm a suggested classification, find it by search."""

from __future__ import annotations

import socket
import threading

import pytest

from index.home import Home
from index.store import Store
from tests.search_app.conftest import sample_documents

PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_server(tmp_path):
    """A live server (CSRF on) over a home of its own, with the editor alice: yields (base URL, store)."""
    from werkzeug.serving import make_server

    from search_app import create_app
    from search_app.editors import create_editor

    home = Home(tmp_path)
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    create_editor(store, "alice", PASSWORD)
    app = create_app({"SHERLOC_HOME": str(home.root)})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        server.shutdown()
        thread.join(5)
        store.close()


def test_an_editor_signs_in_and_confirms_a_suggested_classification(browser, editor_server):
    base, store = editor_server
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(base + "/documents/RUS-UPK")
        assert page.get_by_role("link", name="Edit this document").count() == 0
        page.goto(base + "/admin/documents/RUS-UPK")
        assert "/admin/login" in page.url  # readers are sent to the sign-in page ...
        page.get_by_label("Editor name").fill("alice")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/documents/RUS-UPK")  # ... and come back to where they were going
        suggestion = page.get_by_role("group", name="Extradition")
        suggestion.get_by_label("Confirm").check()
        page.get_by_role("group", name="Crime types set by an editor").get_by_label("Corruption").check()
        page.get_by_role("button", name="Save the classification").click()
        page.wait_for_url("**/documents/RUS-UPK")
        assert page.get_by_role("status").filter(has_text="The classification is saved").count() == 1
        assert page.get_by_text("set by an editor").count() >= 2
        doc = store.get_document("RUS-UPK")
        assert doc.terms("issue") == ["extradition"] and doc.terms("crime") == ["corruption"]
        assert {c.origin for c in doc.classifications} == {"editor"}
        # The search finds the law by the crime type the editor added.
        page.goto(base + "/?crime=corruption")
        assert page.locator('li.hit a[href^="/provisions/RUS-UPK/"]').count() == 2
        page.get_by_role("button", name="Sign out (alice)").click()
        page.wait_for_url(base + "/")
        assert page.get_by_text("You are signed out.").count() == 1
    finally:
        context.close()
