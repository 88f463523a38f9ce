"""An editor in a real browser, on a bundled-corpus document: edit -> unpublish (gone from search) -> publish
-> delete -> undo (back in search), in English and in Arabic (right to left)."""

from __future__ import annotations

import pytest

from index.store import Store

PASSWORD = "correct horse battery staple"
DOC = "GBR-LAW-MODERNSLAVERY-2015"

pytestmark = pytest.mark.browser

# The buttons and messages the editor acts on, as each UI language writes them.
UI = {
    "en": {"unpublish": "Unpublish", "publish": "Publish", "delete": "Delete",
           "undo": "Undo", "unpublished": "The document is unpublished", "restored": "The document is restored."},
    "ar": {"unpublish": "إلغاء النشر", "publish": "نشر", "delete": "حذف", "undo": "تراجع",
           "unpublished": "أُلغي نشر الوثيقة", "restored": "استُعيدت الوثيقة."},
}


@pytest.fixture
def lifecycle_server(bundled_home, tmp_path):
    """A live server (CSRF on) over a copy of the bundled corpus, with the editor alice: (base URL, store)."""
    from search_app import create_app
    from search_app.editors import create_editor
    from tests.conftest import copy_home
    from tests.search_app.conftest import serving

    home = copy_home(bundled_home, tmp_path / "home")
    store = Store(home.store_path)
    create_editor(store, "alice", PASSWORD)
    try:
        with serving(create_app({"SHERLOC_HOME": str(home.root)})) as base:
            yield base, store
    finally:
        store.close()


def found(page, base: str, word: str, lang: str) -> bool:
    """Whether a search for `word` lists the document (as a reader would see the results page)."""
    page.goto(f"{base}/?q={word}&ui={lang}")
    hrefs = page.locator("li.hit h3 a").evaluate_all("els => els.map(e => e.pathname)")
    return any(h.startswith(f"/provisions/{DOC}/") for h in hrefs)


def press(page, label: str) -> None:
    page.locator("section.publication, .flashes").get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_editor_edits_unpublishes_publishes_deletes_and_undoes(browser, lifecycle_server, lang):
    base, store = lifecycle_server
    words = UI[lang]
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{base}/admin/login?ui={lang}")
        page.locator("#username").fill("alice")
        page.locator("#password").fill(PASSWORD)
        page.locator("#submit").click()
        page.wait_for_url("**/admin/**")

        # edit: a word in the title that nothing else in the corpus holds
        page.goto(f"{base}/admin/documents/{DOC}?ui={lang}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        title = page.locator("#meta-title")
        title.fill(title.input_value() + " quokkaland")
        page.locator("#meta-submit").click()
        page.wait_for_url(f"**/documents/{DOC}")
        assert found(page, base, "quokkaland", lang)

        page.goto(f"{base}/admin/documents/{DOC}")
        press(page, words["unpublish"])
        assert page.get_by_role("status").filter(has_text=words["unpublished"]).count() == 1
        assert store.document_state(DOC) == "unpublished"
        assert not found(page, base, "quokkaland", lang)

        page.goto(f"{base}/admin/documents/{DOC}")
        press(page, words["publish"])
        assert found(page, base, "quokkaland", lang)

        page.goto(f"{base}/admin/documents/{DOC}")
        press(page, words["delete"])
        page.wait_for_url("**/admin/deleted")
        undo = page.locator("form.undo")
        assert undo.is_visible() and "quokkaland" in undo.inner_text()
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert store.document_state(DOC) == "deleted"
        assert DOC in page.locator("table.documents-deleted").inner_text()  # and in the list of deleted ones
        press(page, words["undo"])
        page.wait_for_url(f"**/admin/documents/{DOC}")
        assert page.get_by_role("status").filter(has_text=words["restored"]).count() == 1
        assert store.document_state(DOC) == "published"
        assert found(page, base, "quokkaland", lang)
    finally:
        context.close()
