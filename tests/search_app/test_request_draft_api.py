"""POST /api/requests/draft: the JSON draft, never cached, and nothing of it on disk (issue 22 points 4-5)."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import os

from tests.search_app.test_admin import app, client, home  # noqa: F401

FACTS = "Une cargaison de cocaïne saisie au Havre le 3 mars 2024, marqueur-unique-7f3a"


def _files(root) -> dict[str, float]:
    return {os.path.join(d, f): os.stat(os.path.join(d, f)).st_mtime_ns
            for d, _, names in os.walk(root) for f in names}


def _contents_hold(root, marker: bytes) -> list[str]:
    hits = []
    for path in _files(root):
        with open(path, "rb") as fh:
            if marker in fh.read():
                hits.append(path)
    return hits


def test_the_api_drafts_france_to_brazil_and_keeps_nothing(client, home):
    before = _files(home.root)
    body = {"requesting": "FRA", "requested": "BRA", "assistance": "evidence", "date": "2024-05-01",
            "offence": "drug-offences", "values": {"facts": FACTS}}
    r = client.post("/api/requests/draft", json=body)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    d = r.get_json()
    assert [x["treaty_id"] for x in d["legal_basis"]][0] == "XVIII-12"
    assert "VI-19" in [u["treaty_id"] for u in d["to_check"]]
    assert d["languages"][0]["languages"] == "pt; en; es"
    assert {f["name"]: f["value"] for f in d["fields"]}["facts"] == FACTS
    # nothing of the draft is on disk: no new file, and no file holds the typed facts
    after = _files(home.root)
    assert set(after) - set(before) <= {p for p in after if p.endswith(("-wal", "-shm"))}
    assert _contents_hold(home.root, b"marqueur-unique-7f3a") == []


def test_bad_requests_are_refused_with_a_reason_and_not_cached(client):
    r = client.post("/api/requests/draft", json={"requesting": "FRA", "requested": "BRA", "assistance": "magic"})
    assert r.status_code == 400 and "unknown form of assistance" in r.get_json()["error"]
    assert r.headers["Cache-Control"] == "no-store"
    r = client.post("/api/requests/draft", json={"requesting": "FRA", "requested": "FRA", "assistance": "evidence"})
    assert r.status_code == 422
    assert client.post("/api/requests/draft", data="not json").status_code == 400
    assert client.post("/api/requests/draft", json={"requesting": "FRA", "requested": "BRA", "assistance": "service",
                                                   "values": {"x": 3}}).status_code == 400
    assert client.get("/api/requests/draft").status_code == 405
