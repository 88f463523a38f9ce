"""An editor in a real browser: upload (dropped on the page, or chosen), preview, correct, publish, find it.

Once in English with drag and drop, once in Arabic (right to left) with the plain file input.
"""
# ruff: noqa: F811 - editor_server is test_admin_browser's fixture, imported

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import unquote

import pytest

from tests.search_app.test_admin_browser import PASSWORD, editor_server  # noqa: F401 - a fixture
from tests.search_app.upload_helpers import LAW_TEXT

pytestmark = pytest.mark.browser

ARABIC_LAW = (
    "قانون مكافحة الاتجار بالبشر\n\n"
    "المادة 1\nيعاقب بالسجن كل من ارتكب جريمة الاتجار بالبشر أو شرع فيها، ويُسمّى هذا القانون قانون الزنجفيل.\n\n"
    "المادة 2\nتتعاون الدولة مع الدول الأخرى في تسليم المجرمين والمساعدة القانونية المتبادلة.\n"
)


def _sign_in(page, base: str, ui: str) -> None:
    page.goto(f"{base}/admin/login?ui={ui}")
    page.locator("#username").fill("alice")
    page.locator("#password").fill(PASSWORD)
    page.locator("#submit").click()
    page.wait_for_url("**/admin/")


@contextmanager
def _editor_page(browser, base: str, ui: str):
    """A signed-in editor's page in a fresh browser context of the UI language `ui`."""
    context = browser.new_context(locale="en-US" if ui == "en" else ui, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _sign_in(page, base, ui)
        yield page
    finally:
        context.close()


def _wait_ready(page) -> None:
    """The draft page reloads by itself while the file is read; wait for the preview."""
    page.locator('[data-draft-status="ready"]').wait_for(timeout=60_000)


def test_an_editor_drops_a_file_previews_corrects_and_publishes_it(browser, editor_server):
    base, store = editor_server
    with _editor_page(browser, base, "en") as page:
        page.get_by_role("link", name="Upload documents").click()
        page.wait_for_url("**/admin/upload")
        # drop a file on the drop zone, as dragging it from the desktop does
        transfer = page.evaluate_handle(
            """text => { const dt = new DataTransfer();
                         dt.items.add(new File([text], "smuggling-law.txt", {type: "text/plain"})); return dt; }""",
            LAW_TEXT,
        )
        page.dispatch_event("[data-drop-zone]", "drop", {"dataTransfer": transfer})
        assert page.locator("[data-drop-list] li").all_inner_texts() == ["smuggling-law.txt"]
        page.get_by_role("button", name="Upload").click()
        page.wait_for_url("**/admin/drafts/*")
        _wait_ready(page)
        # the preview: provisions with their numbers and language
        rows = page.locator("table.provision-preview tbody tr")
        assert rows.count() == 3
        assert rows.nth(1).locator("td").nth(0).inner_text() == "Article 2"
        assert rows.nth(1).locator("td").nth(3).inner_text() == "English"
        # ingest's values are marked as suggestions until the editor saves them
        assert page.locator('[data-suggested="title"]').is_visible()
        assert page.get_by_label("Title").input_value() == "Law on the Suppression of Smuggling of Migrants"
        page.get_by_label("Title").fill("Smuggling of Migrants Act")
        page.get_by_label("Country or organisation").fill("KEN")
        page.get_by_role("button", name="Save the details and read the file again").click()
        _wait_ready(page)
        assert page.locator("[data-suggested]").count() == 0
        assert page.get_by_label("Title").input_value() == "Smuggling of Migrants Act"
        page.get_by_role("button", name="Publish").click()
        page.wait_for_url("**/documents/smuggling-law")
        assert page.get_by_role("status").filter(has_text="Search finds it now").count() == 1
        assert page.locator("h1").inner_text() == "Smuggling of Migrants Act"
        page.goto(base + "/?q=zanzibarite")
        assert page.locator('li.hit a[href^="/provisions/smuggling-law/"]').count() == 1
        assert store.get_document("smuggling-law").country == "KEN"


def test_an_editor_uploads_and_publishes_in_arabic_right_to_left(browser, editor_server, tmp_path):
    base, store = editor_server
    with _editor_page(browser, base, "ar") as page:
        page.goto(base + "/admin/upload")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("h1").inner_text() == "تحميل الوثائق"
        law = tmp_path / "قانون-الاتجار.txt"
        law.write_text(ARABIC_LAW, encoding="utf-8")
        page.locator("#files").set_input_files(str(law))
        page.locator("#submit").click()
        page.wait_for_url("**/admin/drafts/*")
        _wait_ready(page)
        assert page.locator("html").get_attribute("dir") == "rtl"
        rows = page.locator("table.provision-preview tbody tr")
        assert rows.count() == 2
        assert rows.nth(0).locator("td").nth(3).inner_text() == "العربية"
        assert page.locator('[data-suggested="title"]').inner_text() == "مقترح"
        page.locator("#publish-submit").click()
        page.wait_for_url("**/documents/**")
        doc_id = unquote(page.url.rsplit("/documents/", 1)[1])
        assert doc_id == "قانون-الاتجار"  # from the file's name
        assert store.get_document(doc_id).languages[0] == "ar"
        page.goto(base + "/?q=الزنجفيل")
        assert page.locator("li.hit").count() == 1
        assert page.locator("html").get_attribute("dir") == "rtl"
