"""An admin in a real browser reads the audit log: opens it from the editors' area, filters it, reads what an
entry changed; in English and in Arabic (right to left)."""

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
def audit_server(tmp_path):
    """A live server (CSRF on) over a home with the admin root, the editor alice, and alice's edit of a title."""
    from werkzeug.serving import make_server

    from search_app import create_app
    from search_app.editors import create_editor

    home = Home(tmp_path)
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    create_editor(store, "root", PASSWORD, "admin")
    create_editor(store, "alice", PASSWORD)
    store.update_metadata("RUS-UPK", editor="alice", title="Уголовно-процессуальный кодекс (исправлено)")
    store.classify("ESP-LEY", {("crime", None): ["corruption"]}, editor="alice")
    app = create_app({"SHERLOC_HOME": str(home.root)})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(5)
        store.close()


@pytest.mark.parametrize(("locale", "words"), [
    ("en", {"name": "Editor name", "password": "Password", "sign_in": "Sign in", "log": "Audit log",
            "editor": "Editor", "action": "Action", "filter": "Filter", "changed": "What changed",
            "edited": "document details edited", "dir": "ltr"}),
    ("ar", {"name": "اسم المحرر", "password": "كلمة المرور", "sign_in": "تسجيل الدخول", "log": "سجل التدقيق",
            "editor": "المحرر", "action": "الإجراء", "filter": "تصفية", "changed": "ما الذي تغيّر",
            "edited": "عُدّلت بيانات الوثيقة", "dir": "rtl"}),
])
def test_an_admin_filters_the_audit_log_and_reads_an_entry(browser, audit_server, locale, words):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(audit_server + f"/admin/?ui={locale}")
        page.get_by_label(words["name"]).fill("root")
        page.get_by_label(words["password"], exact=True).fill(PASSWORD)
        page.get_by_role("button", name=words["sign_in"]).click()
        page.get_by_role("link", name=words["log"]).click()
        page.wait_for_url("**/admin/audit")
        assert page.locator("html").get_attribute("dir") == words["dir"]
        assert page.get_by_role("heading", level=1).inner_text() == words["log"]
        entries = page.locator("li.audit-entry")
        assert entries.count() == 4  # two accounts added, alice's two edits

        page.get_by_label(words["editor"], exact=True).select_option("alice")
        page.get_by_label(words["action"], exact=True).select_option("document.edit")
        page.get_by_role("button", name=words["filter"], exact=True).click()
        page.wait_for_url("**/admin/audit?*editor=alice*")
        assert entries.count() == 1
        entry = entries.first
        assert words["edited"] in entry.inner_text() and "RUS-UPK" in entry.inner_text()
        diff = entry.locator("table.audit-diff")
        assert not diff.is_visible()  # folded until asked for
        entry.get_by_text(words["changed"]).click()
        assert diff.is_visible()
        row = diff.locator("tbody tr")
        assert row.count() == 1  # only the field that changed
        assert row.locator("th").inner_text() == "title"
        assert row.locator("td.before").inner_text() == "Уголовно-процессуальный кодекс (выдержки)"
        assert row.locator("td.after").inner_text() == "Уголовно-процессуальный кодекс (исправлено)"
        # the target links to every entry about that document
        entry.get_by_role("link", name="RUS-UPK").click()
        page.wait_for_url("**/admin/audit?target=RUS-UPK")
        assert entries.count() == 1
    finally:
        context.close()
