"""The finder's answer is the same on the page, in the API and in the CLI; editors add instruments and rows."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import json
import re
from html import unescape

from click.testing import CliRunner

from index.treaties import db
from search_app.cli import main
from tests.search_app.test_admin import app, client, csrf_token, home, sign_in, store  # noqa: F401

QUERY = "requesting=FRA&requested=DEU&form=extradition&date=2024-05-01"


def _cli(home, *args) -> str:
    r = CliRunner().invoke(main, ["--home", str(home.root), "treaties", *args], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.output


def _three(client, home, query: str = QUERY) -> tuple[dict, dict, dict]:
    """{"applicable", "unknown", "pending"} -> treaty ids, as the page, the API and the CLI give them."""
    api = client.get(f"/api/treaties/applicable?{query}").get_json()
    args = dict(p.split("=") for p in query.split("&"))
    cli = json.loads(_cli(home, "applicable", "--requesting", args["requesting"], "--requested", args["requested"],
                          "--form", args["form"], "--date", args["date"], "--json"))
    html = client.get(f"/treaties/applicable?{query}").get_data(as_text=True)

    def section(cls: str) -> list[str]:
        m = re.search(rf'<ul[^>]*class="{cls}">(.*?)</ul>\s*(?:<h3|</section|\{{%|$)', html, re.S)
        return re.findall(r'<li data-treaty="([^"]+)"', m.group(1)) if m else []

    page = {"applicable": re.findall(r'<article class="instrument[^"]*" data-treaty="([^"]+)"', html),
            "unknown": section("unknown"), "pending": section("pending")}

    def ids(d: dict) -> dict:
        return {"applicable": [i["treaty"]["id"] for i in d["instruments"]],
                "unknown": [u["treaty"]["id"] for u in d["unknown"]],
                "pending": [p["treaty"]["id"] for p in d["pending"]]}

    return page, ids(api), ids(cli)


def test_page_api_and_cli_say_the_same_before_and_after_an_import(client, home, tmp_path):
    page, api, cli = _three(client, home)
    assert page == api == cli
    assert api["applicable"] == [] and {"XVIII-12", "COE-ETS-024"} <= set(api["unknown"])
    text = _cli(home, "applicable", "--requesting", "FRA", "--requested", "DEU", "--form", "extradition",
                "--date", "2024-05-01")
    html = unescape(client.get(f"/treaties/applicable?{QUERY}").get_data(as_text=True))
    for words in (text, html):
        assert "No treaty applies" not in words and "reciprocity" not in words
    assert "DEU: unknown: no row, and the participation list is not complete" in text
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "Germany (DEU): unknown: the participation list is not complete" in words
    assert "sherloc treaties import STATUS-PAGE.html --treaty COE-ETS-024" in html
    assert 'href="/admin/treaties/COE-ETS-024/participation"' in html

    status = tmp_path / "ets024.txt"
    status.write_text("PARTICIPANTS\n\nParticipant | Signature | Ratification\nFrance | 13 Dec 1957 | 10 Feb 1986\n"
                      "Germany1 | 13 Dec 1957 | 2 Oct 1976\n", encoding="utf-8")
    out = _cli(home, "import", str(status), "--treaty", "COE-ETS-024", "--as-of", "2026-03-27",
               "--source", "CoE Treaty Office (test page)")
    assert "participation complete as of 2026-03-27" in out
    page, api, cli = _three(client, home)
    assert page == api == cli and api["applicable"] == ["COE-ETS-024"]
    html = unescape(client.get(f"/treaties/applicable?{QUERY}").get_data(as_text=True))
    text = re.sub(r"<[^>]+>", "", html)  # dates and sources are isolated in <time> and <bdi>
    assert "CoE Treaty Office (test page), as of 27 March 2026 · complete list" in text
    # A State absent from the complete list: not a party, everywhere.
    query = "requesting=FRA&requested=CHN&form=extradition&date=2024-05-01"
    page, api, cli = _three(client, home, query)
    assert page == api == cli and "COE-ETS-024" in api["pending"] and "COE-ETS-024" not in api["unknown"]
    html = unescape(client.get(f"/treaties/applicable?{query}").get_data(as_text=True))
    assert "not a party (complete list as of 27 March 2026)" in re.sub(r"<[^>]+>", "", html)


def test_api_answer_matches_its_documented_schema(client):
    from tests.search_app.openapi_check import assert_matches_spec

    body = assert_matches_spec(client, f"/api/treaties/applicable?{QUERY}")
    assert body["unknown"] and body["conclusive"] is False and body["reciprocity"] == ""
    evidence = body["unknown"][0]["evidence"]
    assert {e["status"] for e in evidence} <= {"party", "signatory", "not-party", "unknown"}
    spec = client.get("/api/openapi.json").get_json()
    assert "TreatyFinderResult" in spec["components"]["schemas"]


def test_an_instrument_added_by_command_appears_in_the_finder(client, home, tmp_path):
    out = _cli(home, "add", "--id", "HCCH-TEST-1", "--kind", "multilateral", "--title", "en=Test Hague Convention",
               "--title", "fr=Convention de La Haye (essai)", "--form", "extradition", "--article", "extradition=5",
               "--in-force", "2001-01-01", "--eif-rule", "days:90", "--source", "test")
    assert "HCCH-TEST-1: saved" in out and "participation unknown" in out
    _page, api, _cli_ids = _three(client, home)
    assert "HCCH-TEST-1" in api["unknown"]
    f = tmp_path / "one.json"
    f.write_text(json.dumps({"id": "REG-MLA-TEST", "kind": "regional", "titles": {"en": "Regional MLA (test)"},
                             "forms": ["extradition"]}), encoding="utf-8")
    assert "1 instrument row(s) imported" in _cli(home, "add", "--json", str(f))
    page, api, cli = _three(client, home)
    assert page == api == cli and {"HCCH-TEST-1", "REG-MLA-TEST"} <= set(api["unknown"])
    r = CliRunner().invoke(main, ["--home", str(home.root), "treaties", "add", "--id", "X", "--title", "en=x",
                                  "--eif-rule", "soon"])
    assert r.exit_code != 0 and "eif_rule" in r.output and "Traceback" not in r.output
    # removed again, it is gone from the answer
    _cli(home, "remove", "HCCH-TEST-1")
    assert "HCCH-TEST-1" not in _three(client, home)[1]["unknown"]


def test_an_instrument_and_its_rows_added_by_the_editors_forms(client, store):  # noqa: F811
    sign_in(client)
    page = client.get("/admin/treaties/instrument/new").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "treaty_id": "XVIII-16-TEST", "kind": "multilateral",
            "title_en": "Convention (test)", "title_fr": "Convention (essai)", "forms": ["extradition", "mla"],
            "articles": "extradition=37; mla=40", "in_force": "2001-01-01", "eif_rule": "days:30",
            "source": "test form"}
    r = client.post("/admin/treaties/instrument/new", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    t = db.get_treaty(store, "XVIII-16-TEST")
    assert t.titles == {"en": "Convention (test)", "fr": "Convention (essai)"}
    assert t.articles == {"extradition": ["37"], "mla": ["40"]} and t.participation_complete is None
    api = client.get(f"/api/treaties/applicable?{QUERY}").get_json()
    assert "XVIII-16-TEST" in [u["treaty"]["id"] for u in api["unknown"]]
    # the same id again is refused next to its field
    r = client.post("/admin/treaties/instrument/new", data=data)
    assert r.status_code == 400 and "already recorded" in r.get_data(as_text=True)

    url = "/admin/treaties/XVIII-16-TEST/participation"
    for state, deposit in (("FRA", "2001-02-01"), ("DEU", "2002-03-01")):
        page = client.get(url).get_data(as_text=True)
        r = client.post(url, data={"csrf_token": csrf_token(page), "what": "row", "state": state,
                                   "action_date": deposit, "action_kind": "ratification",
                                   "source": "test form", "as_of": "2026-01-01"})
        assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    deu = {p.state: p for p in db.participants(store, "XVIII-16-TEST")}["DEU"]
    assert deu.entry_into_force == "2002-03-31" and deu.eif_computed  # by the instrument's rule
    api = client.get(f"/api/treaties/applicable?{QUERY}").get_json()
    assert "XVIII-16-TEST" in [i["treaty"]["id"] for i in api["instruments"]]

    # complete as of a date: another State is then not a party
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"done-csrf_token": csrf_token(page, "done-"), "what": "complete",
                           "done-as_of": "2026-01-01", "done-source": "test: whole list"})
    assert db.get_treaty(store, "XVIII-16-TEST").participation_complete == "2026-01-01"
    chn = client.get("/api/treaties/applicable?requesting=FRA&requested=CHN&form=mla&date=2024-05-01").get_json()
    assert "XVIII-16-TEST" in [p["treaty"]["id"] for p in chn["pending"]]

    # a row removed
    page = client.get(url).get_data(as_text=True)
    r = client.post(url, data={"csrf_token": csrf_token(page), "what": "remove-row", "state": "DEU"})
    assert r.status_code == 302 and "DEU" not in {p.state for p in db.participants(store, "XVIII-16-TEST")}
    # the instrument edited keeps its completeness
    page = client.get("/admin/treaties/XVIII-16-TEST/edit").get_data(as_text=True)
    assert 'value="Convention (essai)"' in page
    r = client.post("/admin/treaties/XVIII-16-TEST/edit", data={**data, "csrf_token": csrf_token(page),
                                                                "title_en": "Convention (test, edited)"})
    assert r.status_code == 302
    t = db.get_treaty(store, "XVIII-16-TEST")
    assert t.title("en") == "Convention (test, edited)" and t.participation_complete == "2026-01-01"
    # and the treaty removed
    page = client.get(url).get_data(as_text=True)
    r = client.post("/admin/treaties/XVIII-16-TEST/remove", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and not db.has_treaty(store, "XVIII-16-TEST")


def test_editors_forms_need_a_signed_in_editor(client):
    r = client.get("/admin/treaties/instrument/new")
    assert r.status_code in (302, 401)
    assert client.post("/admin/treaties/XVIII-12/remove").status_code in (302, 400, 401)
    assert client.get("/api/treaties/XVIII-12").status_code == 200  # nothing was removed


def test_editors_edit_a_bilateral_treaty_a_row_declarations_and_authorities(client, store):
    sign_in(client)
    # A bilateral treaty edited: its parties' rows follow its new dates.
    tid = "BIL-GBR-USA-EXT-2003"
    page = client.get(f"/admin/treaties/{tid}/edit").get_data(as_text=True)
    assert '<option selected value="bilateral">' in page
    t = db.get_treaty(store, tid)
    data = {"csrf_token": csrf_token(page), "treaty_id": tid, "kind": "bilateral", "title_en": t.title("en"),
            "forms": t.forms, "in_force": "2007-04-26", "terminated": "2030-01-01", "source": "edited by a test"}
    r = client.post(f"/admin/treaties/{tid}/edit", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:1500]
    rows = {p.state: p for p in db.participants(store, tid)}
    assert set(rows) == {"GBR", "USA"} and rows["USA"].entry_into_force == "2007-04-26"
    assert db.get_treaty(store, tid).parties == ["GBR", "USA"]
    api = client.get("/api/treaties/applicable?requesting=GBR&requested=USA&form=extradition&date=2007-04-25")
    assert tid not in [i["treaty"]["id"] for i in api.get_json()["instruments"]]
    # A kind cannot turn a multilateral instrument into a bilateral one.
    page = client.get("/admin/treaties/XVIII-12/edit").get_data(as_text=True)
    r = client.post("/admin/treaties/XVIII-12/edit", data={"csrf_token": csrf_token(page), "treaty_id": "XVIII-12",
                                                          "kind": "bilateral", "title_en": "x"})
    assert r.status_code == 400 and db.get_treaty(store, "XVIII-12").kind == "multilateral"

    # A row opened for editing shows its values; a declaration is added to it.
    url = "/admin/treaties/XVIII-12/participation"
    page = client.get(url + "?state=BRA").get_data(as_text=True)
    assert 'value="2004-01-29"' in page
    r = client.post(url, data={"decl-csrf_token": csrf_token(page, "decl-"), "what": "declaration",
                               "decl-state": "BRA", "decl-kind": "notification", "decl-article": "18(13)",
                               "decl-forms": ["mla"], "decl-text": "Central authority: test ministry.",
                               "decl-source": "test", "decl-as_of": "2026-01-01"})
    assert r.status_code == 302, r.get_data(as_text=True)[:1500]
    bra = {p.state: p for p in db.participants(store, "XVIII-12")}["BRA"]
    assert ("notification", "18(13)", ["mla"]) in [(d.kind, d.article, d.forms) for d in bra.declarations]
    # ... not to a State without a row
    page = client.get(url).get_data(as_text=True)
    r = client.post(url, data={"decl-csrf_token": csrf_token(page, "decl-"), "what": "declaration",
                               "decl-state": "NZL", "decl-kind": "declaration", "decl-text": "x",
                               "decl-source": "test", "decl-as_of": "2026-01-01"})
    assert r.status_code == 400 and "Add this State" in unescape(r.get_data(as_text=True))

    # Authorities: added, edited, removed.
    page = client.get("/admin/authorities/new").get_data(as_text=True)
    r = client.post("/admin/authorities/new", data={"csrf_token": csrf_token(page), "country": "KEN",
                                                    "authority": "Office of the Attorney General (test)",
                                                    "form": "mla", "source": "test", "as_of": "2026-01-01"})
    assert r.status_code == 302
    added = db.find_authorities(store, country="KEN")[0]
    page = client.get(f"/admin/authorities/{added.id}/edit").get_data(as_text=True)
    assert "Office of the Attorney General (test)" in page
    r = client.post(f"/admin/authorities/{added.id}/edit", data={
        "csrf_token": csrf_token(page), "country": "KEN", "authority": "Office of the Attorney General (test)",
        "form": "mla", "email": "mla@example.org", "source": "test", "as_of": "2026-02-01"})
    assert r.status_code == 302
    [edited] = db.find_authorities(store, country="KEN")
    assert edited.email == "mla@example.org" and edited.as_of == "2026-02-01"
    page = client.get("/treaties/authorities?country=KEN").get_data(as_text=True)
    assert f'/admin/authorities/{edited.id}/remove' in page
    r = client.post(f"/admin/authorities/{edited.id}/remove", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and db.find_authorities(store, country="KEN") == []
