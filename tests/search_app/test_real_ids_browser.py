"""A real browser against a real server: documents with real legal-sources ids open, their permalinks land,
and the six real UDHR files read side by side."""

from __future__ import annotations

import gzip
import json
import threading
import urllib.request
from urllib.parse import unquote, urlsplit

import pytest

from index.home import Home
from index.store import Store
from index.sync import rebuild
from ingest.pipeline import ingest_paths
from search_app import create_app
from tests.search_app.conftest import _free_port

pytestmark = pytest.mark.browser

TRICKY = "/ %&()[]:;@,"  # characters real ids hold, each of which an address must carry


@pytest.fixture(scope="module")
def server(shared_data, tmp_path_factory):
    """A werkzeug server over a store with real records whose ids hold TRICKY characters or letters of
    other scripts, and the six UDHR files. Yields (base URL, {id: title})."""
    from werkzeug.serving import make_server

    tmp = tmp_path_factory.mktemp("browser-ids")
    picked: dict[str, dict] = {}
    with gzip.open(shared_data / "legal-sources" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            wanted = {ch for ch in rec["id"] if ch in TRICKY or not ch.isascii()}
            if wanted - {c for i in picked for c in i} and rec["title"].strip():
                rec["text"] = rec["text"][:2000]
                picked[rec["id"]] = rec
    source = tmp / "slice.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked.values()), encoding="utf-8")
    home = Home(tmp / "home")
    store = Store(home.store_path)
    report = ingest_paths([source, shared_data / "udhr"], store, workers=1, progress=False)
    assert not report.rejected
    rebuild(store, home)
    titles = {i: store.get_document(i).title for i in picked if store.has_document(i)}
    store.close()
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    srv = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}", titles
    srv.shutdown()
    thread.join(5)


def test_documents_with_real_ids_open_and_their_permalinks_land(page, server):
    base, titles = server
    assert len(titles) >= 8 and any("/" in i for i in titles) and any(not i.isascii() for i in titles)
    with urllib.request.urlopen(base + "/api/export.json", timeout=30) as r:  # the addresses the app gives out
        urls = {row["document_id"]: row["url"] for row in json.load(r)}
    for doc_id, title in titles.items():
        page.goto(urls[doc_id])  # the provision's permalink, as exported
        assert unquote(urlsplit(page.url).path) == f"/documents/{doc_id}", doc_id
        assert page.locator("h1").inner_text().strip() == " ".join(title.split()), doc_id
        anchor = urlsplit(page.url).fragment
        assert anchor and "focus" in page.locator(f'section[id="{anchor}"]').get_attribute("class"), doc_id
        page.locator("a.permalink").first.click()
        page.wait_for_load_state()
        assert unquote(urlsplit(page.url).path) == f"/documents/{doc_id}", doc_id


def test_the_udhr_reads_side_by_side(page, server):
    base, _ = server
    page.goto(base + "/documents/eng#art-1")
    texts = page.locator("section#art-1 > .parallel > .text")
    assert texts.count() == 2
    mine, other = texts.nth(0).bounding_box(), texts.nth(1).bounding_box()
    assert abs(mine["y"] - other["y"]) < 2 and other["x"] > mine["x"] + mine["width"] / 2  # beside, not below
    assert texts.nth(1).get_attribute("lang") in {"ar", "es", "fr", "ru", "zh"}
    page.locator("section#art-1 details.more-languages summary").click()
    assert page.locator("section#art-1 details.more-languages .text.other").count() == 4
