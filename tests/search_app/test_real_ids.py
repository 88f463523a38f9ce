"""Every document opens, whatever id its source gave it: real legal-sources ids and hostile ones.

A slice of real records is ingested, indexed and served by the app; each document's page, API
document, editors' page (signed in), canonical and citation links, provision permalinks and export
rows are then followed as a reader would follow them.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from index.home import Home
from index.ids import ORIGINAL_ID_KEY
from index.store import Store
from index.sync import rebuild
from ingest.pipeline import ingest_paths
from search_app import create_app
from search_app.editors import create_editor
from tests.search_app.test_admin import PASSWORD, sign_in

HOSTILE_IDS = {  # what a careless export may give, and what is stored
    "DZ-CC-02/D.C.C/CCC/": "DZ-CC-02/D.C.C/CCC",  # a real id (legal-sources DZ/ConseilConstitutionnel)
    "nul\x00inside": "nulinside",
    "line\nbreak": "line break",
    "../../etc/passwd": "etc/passwd",
    "sec/details": "sec/details",  # looks like the editors' form routes
    "q?x=1#frag": "q?x=1#frag",
    "x" * 100_000: None,  # cut, with a hash
}


def _real_slice(path: Path) -> list[dict]:
    """Records whose ids cover every character kind the real ids use, and many sources' "/" ids."""
    picked: dict[str, dict] = {}
    kinds: set[str] = set()
    sources: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            doc_id = rec["id"]
            new = {ch for ch in doc_id if not (ch.isascii() and ch.isalnum())} - kinds
            if new or ("/" in doc_id and rec["source"] not in sources and len(sources) < 25):
                kinds |= new
                sources.add(rec["source"])
                rec["text"] = rec["text"][:3000]  # ids are the point: keep the slice quick to ingest
                picked[doc_id] = rec
    return list(picked.values())


@pytest.fixture(scope="module")
def served(shared_data, tmp_path_factory):
    """(app, client signed in, {stored id: original id}, ingest report) for the real slice plus hostile ids."""
    tmp = tmp_path_factory.mktemp("real-ids")
    records = _real_slice(shared_data / "legal-sources" / "dev.jsonl.gz")
    hostile = [{"id": i, "title": f"Hostile id {n}", "text": f"Article 1\nHostile record number {n}.", "type": "law"}
               for n, i in enumerate(HOSTILE_IDS)]
    source = tmp / "slice.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records + hostile), encoding="utf-8")
    home = Home(tmp / "home")
    store = Store(home.store_path)
    report = ingest_paths([source], store, workers=1, progress=False)
    create_editor(store, "alice", PASSWORD)
    rebuild(store, home)
    ids = {i: store.get_document(i).metadata.get(ORIGINAL_ID_KEY, i) for i in store.document_ids()}
    store.close()
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert sign_in(client).status_code == 302
    return app, client, ids, report, len(records)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_slice_holds_the_real_kinds_of_ids(served):
    _, _, ids, report, n_real = served
    assert not report.rejected
    real = [i for i, original in ids.items() if original == i and not i.startswith("Hostile")]
    assert len(ids) == n_real + len(HOSTILE_IDS)
    assert sum("/" in i for i in real) >= 25
    for ch in " %&()[]:;@,":
        assert any(ch in i for i in real), ch


def test_every_document_opens_everywhere(served):
    _, client, ids, _, _ = served
    for doc_id in ids:
        quoted = quote(doc_id, safe="/")
        api = client.get(f"/api/documents/{quoted}")
        assert api.status_code == 200, doc_id
        data = api.get_json()
        assert data["id"] == doc_id
        page = client.get(_path(data["url"]))
        assert page.status_code == 200, (doc_id, data["url"])
        html = page.get_data(as_text=True)
        canonical = unescape(re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1))
        assert client.get(_path(canonical)).status_code == 200, doc_id
        edit = unescape(re.search(r'<p class="edit-link"><a href="([^"]+)"', html).group(1))
        admin = client.get(edit)
        admin_html = unescape(admin.get_data(as_text=True))
        assert admin.status_code == 200 and doc_id in admin_html, doc_id
        for action in re.findall(r'<form class="admin-form" method="post" action="([^"]+)"', admin_html):
            # The forms post back to this document (a POST without its token is refused, not lost).
            assert client.post(action).status_code == 400, (doc_id, action)
        permalinks = [unescape(h) for h in re.findall(r'<a class="permalink" href="([^"]+)"', html)]
        assert len(permalinks) == len(data["provisions"]) >= 1
        for link, prov in zip(permalinks, data["provisions"], strict=True):
            assert client.get(_path(prov["url"])).headers["Location"] == client.get(link).headers["Location"]
            landing = client.get(link, follow_redirects=True)
            assert landing.status_code == 200, (doc_id, link)
            assert f'id="{prov["anchor"]}"' in landing.get_data(as_text=True)
            assert client.get(f"/api/provisions/{quote(prov['id'], safe='/')}").get_json()["id"] == prov["id"]


def test_citations_and_exports_lead_back_to_the_document(served):
    _, client, ids, _, _ = served
    rows = json.loads(client.get("/api/export.json").get_data(as_text=True))
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/export.csv").get_data(as_text=True))))
    assert {r["document_id"] for r in rows} == set(ids) == {r["document_id"] for r in csv_rows}
    for row in rows:
        landing = client.get(_path(row["url"]), follow_redirects=True)
        assert landing.status_code == 200, row["url"]
        html = landing.get_data(as_text=True)
        cite_url = unescape(re.search(r'id="cite-url" type="text" readonly value="([^"]+)"', html).group(1))
        cite_text = unescape(re.sub(r"</?bdi>", "", re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1)))
        assert cite_url == row["url"] and cite_text.endswith(row["url"]), row["url"]


def test_hostile_ids_are_normalised_with_the_original_kept_and_said(served):
    _, client, ids, report, _ = served
    originals = {original: stored for stored, original in ids.items()}
    for given, expected in HOSTILE_IDS.items():
        stored = originals[given]
        if expected is not None:
            assert stored == expected
        assert len(stored) <= 300 and "\x00" not in stored and "\n" not in stored and ".." not in stored
    warnings = [w for f in report.files for w in f.warnings if "stored as" in w]
    assert len(warnings) == len([g for g, e in HOSTILE_IDS.items() if e != g])
    assert all(f.path.endswith("slice.jsonl") for f in report.files if f.warnings)


def test_the_api_description_covers_ids_with_slashes(served):
    from tests.search_app.openapi_check import assert_matches_spec

    _, client, ids, _, _ = served
    for doc_id in [i for i in ids if "/" in i][:5]:
        body = assert_matches_spec(client, f"/api/documents/{quote(doc_id, safe='/')}")
        assert_matches_spec(client, f"/api/provisions/{quote(body['provisions'][0]['id'], safe='/')}")
    spec = client.get("/api/openapi.json").get_json()
    assert "slashes" in spec["paths"]["/api/documents/{doc_id}"]["get"]["parameters"][0]["description"]


def test_all_real_ids_are_kept_and_every_route_gives_them_back(shared_data, served):
    """All 29,593 legal-sources ids: kept as given, and each document route's address decodes to the same id."""
    from werkzeug.urls import iri_to_uri  # a browser sends non-ASCII as UTF-8 percent-escapes

    from index.ids import normalise_id

    app = served[0]
    with gzip.open(shared_data / "legal-sources" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        real = [json.loads(line)["id"] for line in fh]
    assert sum("/" in i for i in real) == 22_053
    routes = [("documents.document", "doc_id", "GET"), ("api.api_document", "doc_id", "GET"),
              ("admin.edit_document", "doc_id", "GET"), ("admin.save_details", "doc_id", "POST"),
              ("admin.save_classification", "doc_id", "POST"), ("documents.provision", "provision_id", "GET"),
              ("api.api_provision", "provision_id", "GET")]
    with app.test_request_context():
        from flask import url_for

        adapter = app.url_map.bind("localhost")
        for given in real:
            doc_id, why = normalise_id(given)
            assert doc_id == given or (given.endswith("/") and why), given  # three real ids end with "/"
            for endpoint, arg, method in routes:
                value = f"{doc_id}/art-1" if arg == "provision_id" else doc_id
                url = iri_to_uri(url_for(endpoint, **{arg: value}))
                assert adapter.match(unquote(url), method=method) == (endpoint, {arg: value}), (endpoint, doc_id)


def test_a_source_id_that_was_normalised_still_opens_its_document(served):
    _, client, ids, _, _ = served
    given = "DZ-CC-02/D.C.C/CCC/"
    assert ids["DZ-CC-02/D.C.C/CCC"] == given
    for path in (f"/documents/{given}", f"/api/documents/{given}", f"/admin/documents/{given}",
                 f"/provisions/{given}/art-1", f"/api/provisions/{given}/art-1"):
        r = client.get(path)
        assert r.status_code == 301 and "DZ-CC-02/D.C.C/CCC" in r.headers["Location"], path
        assert "CCC//" not in r.headers["Location"] and client.get(r.headers["Location"]).status_code in (200, 302)
    assert client.get("/documents/no/such/document/").status_code == 404


def test_the_page_shows_the_stored_id_and_the_sources_own(served):
    _, client, _, _, _ = served
    html = unescape(client.get("/documents/line break").get_data(as_text=True))
    assert "<code>line break</code>" in html and "As the source gives it: <code>line\nbreak</code>" in html
    french = unescape(client.get("/documents/line break", headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert "Tel que la source le donne :" in french
    kept = client.get("/documents/sec/details")
    assert kept.status_code == 200 and "As the source gives it" not in kept.get_data(as_text=True)


def test_an_old_address_with_any_query_string_is_redirected_not_a_500(tmp_path):
    from index.home import Home
    from index.models import DocumentRecord, Provision
    from index.store import Store
    from search_app import create_app

    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    store.put_document(DocumentRecord(id="DZ-CC-01", type="legislation", title="Code", country="DZA",
                                      provisions=[Provision("Article 1", "texte", "fr", 0)], content_hash="x"))
    store.close()
    client = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()
    for url in ("/documents/DZ-CC-01/?doc_id=1&ui=fr&ui=ar", "/provisions/DZ-CC-01//art-1?provision_id=2&_anchor=x"):
        r = client.get(url)
        assert r.status_code == 301, url
        assert r.headers["Location"].split("?")[1] == url.split("?")[1]  # the query string as sent
