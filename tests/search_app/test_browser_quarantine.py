"""An admin in a real browser, in English and in Arabic: a rejected file's reason, its metadata fixed, retried and
found by search; another file discarded; the whole index rebuilt with its outcome shown."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from index.home import Home
from index.store import Store
from ingest.pipeline import ingest_paths
from search_app import create_app
from tests.ingest.test_hostile_files import LAW
from tests.search_app.conftest import sample_documents, serving

PASSWORD = "correct horse battery staple"
TRANSLATIONS = Path(__file__).resolve().parents[2] / "search_app" / "translations"

pytestmark = pytest.mark.browser


def _t(lang: str):
    """The UI's own translation of a message in `lang` (English: the message itself)."""
    if lang == "en":
        return lambda message: message
    return gettext.translation("messages", localedir=TRANSLATIONS, languages=[lang]).gettext


@pytest.fixture
def admin_server(tmp_path):
    """A live server (CSRF on) over a home with the sample documents, an admin (ada) and two rejected files."""
    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    store.add_editor("ada", generate_password_hash(PASSWORD), role="admin")
    docs = tmp_path / "incoming"
    docs.mkdir()
    for name, n in (("a-law.txt", 1), ("b-law.txt", 2)):
        (docs / name).write_text(LAW.format(n=n), encoding="utf-8")
        (docs / f"{name}.meta.json").write_text('{"id": "EXT-ACT"}', encoding="utf-8")
    (docs / "tiny.pdf").write_bytes(b"\x8f\x01\x7f")
    report = ingest_paths([docs], store, quarantine_dir=home.quarantine, progress=False, detector="langdetect")
    assert len(report.rejected) == 2
    with serving(create_app({"SHERLOC_HOME": str(home.root)})) as base:
        yield base, store
    store.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_admin_retries_one_rejected_file_discards_another_and_rebuilds_the_index(browser, admin_server, lang):
    (base, store), t = admin_server, _t(lang)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a retry parses in a fresh process, language model included
    try:
        page.goto(f"{base}/admin/login?ui={lang}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        page.get_by_label(t("Editor name")).fill("ada")
        page.get_by_label(t("Password")).fill(PASSWORD)
        page.get_by_role("button", name=t("Sign in")).click()
        page.get_by_role("link", name=t("Files ingest rejected (quarantine)")).click()
        page.get_by_role("link", name="b-law.txt").click()
        # The reason ingest gave, on the file's own page.
        assert "already belongs to" in page.locator("dd.reason").inner_text()
        assert page.get_by_label(t("Identifier")).input_value() == "EXT-ACT"  # from the file's sidecar
        page.get_by_label(t("Identifier")).fill("EXT-ACT-2")
        page.get_by_label(t("Title"), exact=True).fill("Second Extradition Act")
        page.locator('input[name="retry-crime_types"][value="corruption"]').check()
        page.get_by_role("button", name=t("Retry with this metadata")).click()
        page.wait_for_url("**/documents/EXT-ACT-2")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        flash = t("The file is ingested and out of the quarantine: %(ids)s.") % {"ids": "EXT-ACT-2"}
        assert page.get_by_role("status").filter(has_text=flash).count() == 1
        assert page.get_by_role("heading", name="Second Extradition Act").count() == 1
        page.goto(f"{base}/?q=extradited&crime=corruption")
        assert page.locator('li.hit a[href^="/provisions/EXT-ACT-2/"]').count() >= 1

        # Discard the other file.
        page.goto(f"{base}/admin/quarantine")
        assert page.get_by_role("link", name="b-law.txt").count() == 0
        page.get_by_role("link", name="tiny.pdf").click()
        assert "not a PDF" in page.locator("dd.reason").inner_text()
        page.get_by_role("button", name=t("Remove from the quarantine")).click()
        assert page.get_by_role("status").filter(has_text=t("The file is removed from the quarantine.")).count() == 1
        assert page.get_by_text(t("No file is in the quarantine.")).count() == 1

        # Rebuild the whole index: the page follows it and shows the outcome.
        page.goto(f"{base}/admin/")
        page.get_by_role("link", name=t("Re-index"), exact=True).click()
        page.get_by_role("button", name=t("Re-index everything")).click()
        done = page.locator("#rebuild-status .notice.success")
        done.wait_for()
        documents = store.counts()["documents"]  # the samples, EXT-ACT (a-law.txt) and EXT-ACT-2
        assert documents == len(sample_documents()) + 2
        sentence = re.escape(t("The last rebuild, started by %(editor)s, finished at %(time)s (UTC): %(documents)s "
                               "documents, %(provisions)s provisions, in %(seconds)s s."))
        values = {"editor": "ada", "documents": str(documents)}
        pattern = re.sub(r"%\\\(([a-z]+)\\\)s", lambda m: values.get(m[1], ".+?"), sentence)
        assert re.search(pattern, done.inner_text()), (pattern, done.inner_text())
        page.goto(f"{base}/?q=extradited")
        assert page.locator('li.hit a[href^="/provisions/EXT-ACT-2/"]').count() >= 1
    finally:
        context.close()
