# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments
"""The quarantine in the editors' area: see why a file was rejected, correct its metadata and retry, or discard it.

CSRF protection is ON; forms are posted as the page rendered them. The files are real files that ingest
really rejected.
"""

from __future__ import annotations

import json
import os
import re
from html import unescape

from index import audit
from ingest import quarantine
from ingest.pipeline import ingest_paths
from tests.ingest.test_hostile_files import LAW
from tests.search_app.test_admin import app, client, csrf_token, form_values, hit_ids, home, sign_in, store  # noqa: F401


def _reject(home, store) -> None:
    """Three files claiming one id (the second and third are rejected) and a file whose name is not UTF-8."""
    docs = home.root / "incoming"
    docs.mkdir()
    for name, n in (("a-law.txt", 1), ("b-law.txt", 2)):
        (docs / name).write_text(LAW.format(n=n), encoding="utf-8")
        (docs / f"{name}.meta.json").write_text('{"id": "EXT-ACT"}', encoding="utf-8")
    # A record file with the same id and a crime type outside the taxonomy (a warning once it is accepted).
    (docs / "c-record.json").write_text(json.dumps({"id": "EXT-ACT", "title": "Third Act", "language": "en",
                                                    "text": LAW.format(n=4), "crime_types": 5}), encoding="utf-8")
    with open(os.path.join(os.fsencode(docs), b"law-\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write(LAW.format(n=3))
    ingest_paths([docs], store, quarantine_dir=home.quarantine, progress=False, detector="langdetect")


def _links(page: str) -> dict[str, str]:
    """File shown in the quarantine list -> the link to its page."""
    return {unescape(name): unescape(href) for href, name in
            re.findall(r'<a href="(/admin/quarantine/[^"]+)"><bdi>([^<]+)</bdi>', page)}


def test_an_editor_fixes_the_metadata_of_a_rejected_file_and_lands_on_the_document(client, store, home):
    _reject(home, store)
    sign_in(client)
    listing = client.get("/admin/quarantine").get_data(as_text=True)
    links = _links(listing)
    (b_law,) = [link for name, link in links.items() if name.endswith("b-law.txt")]
    page = client.get(b_law).get_data(as_text=True)
    assert "already belongs to" in unescape(page)
    data = {k: v for k, v in form_values(page, "retry-").items()}
    assert data["retry-id"] == ["EXT-ACT"]  # the sidecar beside the original file fills the form
    action = re.search(r'<form class="admin-form" method="post" action="([^"]+)"', page)[1]

    # A bad date is shown next to its field; nothing is tried.
    r = client.post(action, data={**data, "retry-date": "2004-13-45"})
    assert r.status_code == 400 and "Not a date" in r.get_data(as_text=True)
    # The same id: rejected again, the new reason shown, the file stays.
    r = client.post(action, data={**data, "retry-title": "Second Act"})
    assert r.status_code == 422
    assert "The file was rejected again" in unescape(r.get_data(as_text=True))
    assert any(e["key"].endswith("b-law.txt.report.json") for e in quarantine.listing(home.quarantine))

    data.update({"retry-id": "EXT-ACT-2", "retry-title": "Second Extradition Act", "retry-country": "FRA",
                 "retry-type": "legislation", "retry-crime_types": ["corruption"], "retry-issues": ["extradition"]})
    r = client.post(action, data=data)
    assert r.status_code == 302 and r.headers["Location"].endswith("/documents/EXT-ACT-2")
    doc_page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "The file is ingested and out of the quarantine: EXT-ACT-2." in doc_page
    assert "Second Extradition Act" in doc_page
    # Searchable at once, with the crime type the editor gave.
    found = client.get("/?q=extradited&crime=corruption").get_data(as_text=True)
    assert any(h.startswith("EXT-ACT-2/") for h in hit_ids(found))
    assert not any(k.endswith("b-law.txt") for k in _links(client.get("/admin/quarantine").get_data(as_text=True)))
    # The same form sent again (another tab): told the file is gone, nothing changes.
    r = client.post(action, data=data, follow_redirects=True)
    assert "That file is no longer in the quarantine." in r.get_data(as_text=True)
    retries = audit.entries(store.conn, action="quarantine.retry")
    assert [e.after["documents"] for e in retries] == [["EXT-ACT-2"], []]
    assert retries[0].editor == "alice" and retries[0].after["metadata"]["crime_types"] == ["corruption"]


def test_a_file_whose_name_is_not_utf8_is_listed_opened_and_discarded(client, store, home):
    _reject(home, store)
    sign_in(client)
    listing = client.get("/admin/quarantine")
    assert listing.status_code == 200
    (link,) = [link for name, link in _links(listing.get_data(as_text=True)).items() if "law-\\xe9.txt" in name]
    page = client.get(link).get_data(as_text=True)
    assert "not valid UTF-8" in page
    key = unescape(re.search(r'name="name" type="hidden" value="([^"]+)"', page)[1])
    r = client.post("/admin/quarantine/discard", data={"csrf_token": csrf_token(page), "name": key})
    assert r.status_code == 302
    assert not any("xe9" in e["key"] for e in quarantine.listing(home.quarantine))
    (entry,) = audit.entries(store.conn, action="quarantine.discard")
    assert entry.editor == "alice" and "not valid UTF-8" in entry.before["reason"]
    assert client.get(link).status_code == 404


def test_the_quarantine_needs_a_signed_in_editor(client, store, home):
    _reject(home, store)
    (item,) = [e for e in quarantine.listing(home.quarantine) if e["key"].endswith("b-law.txt.report.json")]
    for path in ("/admin/quarantine", f"/admin/quarantine/{item['key']}"):
        r = client.get(path)
        assert r.status_code == 302 and "/admin/login" in r.headers["Location"]
    r = client.post(f"/admin/quarantine/{item['key']}/retry", data={"retry-id": "X"})
    assert r.status_code in (302, 400)
    assert quarantine.entry(home.quarantine, item["name"]) is not None


def test_what_ingest_noted_about_a_retried_file_is_shown(client, store, home):
    _reject(home, store)
    sign_in(client)
    (link,) = [link for name, link in _links(client.get("/admin/quarantine").get_data(as_text=True)).items()
               if name.endswith("c-record.json")]
    page = client.get(link).get_data(as_text=True)
    action = re.search(r'<form class="admin-form" method="post" action="([^"]+)"', page)[1]
    r = client.post(action, data={**form_values(page, "retry-"), "retry-id": "EXT-ACT-3"}, follow_redirects=True)
    shown = unescape(r.get_data(as_text=True))
    assert "The file is ingested and out of the quarantine: EXT-ACT-3." in shown
    assert "Ingest noted:" in shown
    assert "crime type '5' is not in the taxonomy; kept as given for an editor to map" in shown
