"""Treaty pages, the finder page and /api/treaties, through Flask's test client on a real store."""

from __future__ import annotations

import html

import pytest
from flask import url_for

from index.models import Classification, DocumentRecord, Provision
from index.store import Store
from index.treaties import load_bundled


@pytest.fixture()
def client(tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    load_bundled(store)
    store.put_document(
        DocumentRecord(
            id="XVIII-12",
            type="treaty",
            title="UNTOC (sample)",
            country="UN",
            languages=["en"],
            metadata={"treaty_id": "XVIII-12"},
            provisions=[Provision("Article 16", "Extradition ...", "en", 0, number="16")],
        )
    )
    store.put_document(
        DocumentRecord(
            id="BRA-EXTRADITION-TEST",
            type="legislation",
            title="Lei de Migração <script>alert(1)</script>",
            country="BRA",
            languages=["pt"],
            date="2017-05-24",
            provisions=[Provision("Art. 81", "A extradição ...", "en", 0, number="81")],
            classifications=[Classification("issue", "extradition")],
        )
    )
    from search_app import create_app

    app = create_app({"SHERLOC_HOME": str(tmp_path), "TESTING": True})
    return app.test_client()


def test_instrument_list_and_page(client):
    r = client.get("/treaties/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "United Nations Convention against Transnational Organized Crime" in html
    assert "European Convention on Extradition" in html and "SAMPLE" in html
    r = client.get("/treaties/XVIII-12")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "France" in html and "2002-10-29" in html and "2003-09-29" in html
    assert 'as of <time datetime="2026-11-01">1 November 2026</time>' in html
    assert "UN Treaty Collection XVIII-12" in html
    assert 'href="/provisions/XVIII-12/art-16"' in html  # the article links to its stored text
    assert client.get("/treaties/NO-SUCH-TREATY").status_code == 404


def test_finder_form_without_parameters(client):
    r = client.get("/treaties/applicable")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<select id="requesting" name="requesting"' in html and 'name="form"' in html
    assert 'value="BRA"' in html and 'value="extradition"' in html


def test_finder_page_answer(client):
    r = client.get("/treaties/applicable?requesting=FRA&requested=BRA&form=extradition&date=2024-05-01")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert html.index("United Nations Convention against Transnational Organized Crime") < html.index(
        "Convention on Cybercrime"
    )
    assert "2004-02-28" in html  # Brazil's own entry into force
    assert "bundled" in html and "SAMPLE" in html  # source and sample note
    assert 'href="/provisions/XVIII-12/art-16"' in html
    assert 'href="/documents/BRA-EXTRADITION-TEST"' in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "Ministério da Justiça" in html


def test_finder_page_nothing_applies_and_bad_states(client):
    r = client.get("/treaties/applicable?requesting=GBR&requested=CHN&form=mla&date=2024-05-01")
    assert r.status_code == 200
    # The sample data does not know every instrument for these States: the unknown ones are named, and no
    # conclusion (nor reciprocity) is drawn.
    html = r.get_data(as_text=True)
    assert "reciprocity" not in html and "Participation unknown" in html and 'data-treaty="XVIII-12"' in html
    r = client.get("/treaties/applicable?requesting=FRA&requested=ZZZ")
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "unknown requested State" in html and "Traceback" not in html
    assert '<select id="requesting"' in html  # the form is still there to correct


def test_finder_errors_are_in_the_ui_language(client):
    r = client.get("/treaties/applicable?requesting=FRA&requested=FRA&ui=fr")
    assert r.status_code == 400
    assert "l’État requérant et l’État requis sont le même (FRA)" in html.unescape(r.get_data(as_text=True))
    r = client.get("/api/treaties/applicable?requesting=FRA&requested=ZZZ&ui=es")
    assert r.get_json()["error"] == ("Estado requerido desconocido 'ZZZ': indique un código ISO 3166-1 alfa-3, "
                                     "por ejemplo FRA o BRA")


def test_finder_api(client):
    r = client.get("/api/treaties/applicable?requesting=FRA&requested=BRA&form=extradition&date=2024-05-01")
    assert r.status_code == 200
    data = r.get_json()
    ids = [i["treaty"]["id"] for i in data["instruments"]]
    assert ids[:5] == ["VI-19", "XVIII-12", "XVIII-12-a", "XVIII-12-b", "XVIII-14"]
    untoc = data["instruments"][1]
    assert untoc["articles"][0]["provision_id"] == "XVIII-12/art-16"
    assert untoc["parties"]["BRA"]["entry_into_force"] == "2004-02-28"
    assert untoc["parties"]["BRA"]["source"] and untoc["parties"]["BRA"]["as_of"]
    assert [d["document_id"] for d in data["domestic"]] == ["BRA-EXTRADITION-TEST"]
    assert data["authorities"][0]["country"] == "BRA"
    # an instrument whose participation is unknown names the editors' form that fills it in
    untoc_deu = client.get("/api/treaties/applicable?requesting=FRA&requested=DEU&form=extradition").get_json()
    unknown = {u["treaty"]["id"]: u for u in untoc_deu["unknown"]}
    assert unknown["XVIII-12"]["fill_form"] == "/admin/treaties/XVIII-12/participation"
    with client.application.test_request_context():
        assert unknown["XVIII-12"]["fill_form"] == url_for("admin.treaty_participation", treaty_id="XVIII-12")
    bad = client.get("/api/treaties/applicable?requesting=FRA&requested=ZZZ")
    assert bad.status_code == 400 and "ZZZ" in bad.get_json()["error"]
    bad = client.get("/api/treaties/applicable?requesting=FRA&requested=BRA&form=nope")
    assert bad.status_code == 400 and "unknown form" in bad.get_json()["error"]


def test_finder_page_for_an_offence(client):
    url = "/treaties/applicable?requesting=FRA&requested=BRA&form=extradition&date=2024-05-01&offence=migrant-smuggling"
    r = client.get(url)
    page = html.unescape(r.get_data(as_text=True))
    assert r.status_code == 200
    assert '<option value="migrant-smuggling" selected>Smuggling of migrants</option>' in page  # the choice is kept
    assert "offence: Smuggling of migrants" in page
    # the Smuggling Protocol is within scope and listed before the Trafficking Protocol, which is outside it
    assert page.index("Protocol against the Smuggling of Migrants") < page.index("Protocol to Prevent, Suppress")
    # the notes (English data) are isolated from the page's direction
    assert "Within its scope: <bdi>art. 6" in page
    assert "Within its scope on a condition: <bdi>if it is a serious crime" in page
    # the 1988 Convention (drugs), TIP Protocol, UNCAC, Budapest
    assert page.count("Outside its scope: it cannot serve as the legal basis") == 4
    assert "Law of Brazil on this offence" in page and "No legislation of this State on this offence" in page
    # in French, from the same facts
    fr = html.unescape(client.get(url + "&ui=fr").get_data(as_text=True))
    assert "Hors de son champ d’application" in fr and "Trafic illicite de migrants" in fr
    # an unknown offence: a 400 with the form to correct, in the UI's language
    bad = client.get("/treaties/applicable?requesting=FRA&requested=BRA&offence=drugs&ui=es")
    assert bad.status_code == 400 and "delito desconocido 'drugs'" in html.unescape(bad.get_data(as_text=True))
    assert '<select id="offence"' in bad.get_data(as_text=True)


def test_finder_page_says_a_listed_offence_without_a_note(client, tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    from index.treaties import db

    t = db.get_treaty(store, "SAMPLE-BIL-BRA-FRA-MLA")
    t.offences = {"corruption": ""}
    db.save_treaty(store, t)
    page = client.get("/treaties/applicable?requesting=FRA&requested=BRA&form=mla&offence=corruption&ui=es")
    text = html.unescape(page.get_data(as_text=True))
    assert "Dentro de su ámbito de aplicación." in text and "Dentro de su ámbito de aplicación: </p>" not in text


def test_finder_api_for_an_offence(client):
    url = "/api/treaties/applicable?requesting=FRA&requested=BRA&form=mla&date=2024-05-01&offence=drug-offences"
    data = client.get(url).get_json()
    assert data["offence"] == "drug-offences" and data["offence_label"] == "Drug offences"
    scope = {i["treaty"]["id"]: (i["offence_scope"], i["usable"]) for i in data["instruments"]}
    assert scope["COE-ETS-185"] == ("conditional", True)  # electronic evidence of any offence
    assert scope["XVIII-14"] == ("outside", False)
    assert data["offence_law"] == []
    bad = client.get("/api/treaties/applicable?requesting=FRA&requested=BRA&offence=drugs")
    assert bad.status_code == 400 and "unknown offence 'drugs'" in bad.get_json()["error"]


def test_treaty_api(client):
    data = client.get("/api/treaties/").get_json()
    assert "COE-ETS-185" in [t["id"] for t in data["treaties"]]
    one = client.get("/api/treaties/COE-ETS-185").get_json()
    assert {p["state"]: p["entry_into_force"] for p in one["participants"]}["USA"] == "2007-01-01"
    missing = client.get("/api/treaties/NOPE")
    assert missing.status_code == 404 and "NOPE" in missing.get_json()["error"]


def test_authorities_directory(client):
    r = client.get("/treaties/authorities?country=RUS&form=mla")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Ministry of Justice of the Russian Federation" in html
    assert "Bureau de l&#39;entraide" not in html  # other States filtered out
    r = client.get("/treaties/authorities?q=prosecutor")
    assert "Office of the Prosecutor General" in r.get_data(as_text=True)
    assert client.get("/treaties/authorities?country=QQQ").status_code == 400
    data = client.get("/api/treaties/authorities?country=FRA").get_json()
    assert {a["country"] for a in data["authorities"]} == {"FRA"}
    assert all(a["sample"] for a in data["authorities"])


def test_finder_page_in_arabic_is_rtl(client):
    r = client.get("/treaties/applicable?requesting=FRA&requested=BRA&ui=ar")
    assert r.status_code == 200
    assert 'dir="rtl"' in r.get_data(as_text=True)


def test_finder_page_marks_an_instrument_not_usable_for_extradition(client, tmp_path):
    from index.treaties.importers import import_participation_csv

    f = tmp_path / "flags.csv"
    f.write_text(
        "treaty_id,state,signature,action_date,extradition_basis\n"
        "XVIII-12,ARG,2000-12-12,2002-11-19,no\n"
        "XVIII-14,ARG,2003-12-10,,\n",
        encoding="utf-8",
    )
    assert import_participation_csv(Store(tmp_path / "store.sqlite3"), f).imported == 2
    html = client.get("/treaties/applicable?requesting=FRA&requested=ARG&form=extradition&date=2024-01-01").get_data(
        as_text=True
    )
    assert "does not take this instrument as the legal basis for extradition" in html
    assert "Not usable as the legal basis" in html
    assert "signed, not ratified" in html  # UNCAC: Argentina only signed in this data



def test_finder_page_speaks_the_ui_language(client):
    # China's reservation to the Convention and the Trafficking Protocol's borrowing of the
    # Convention's articles are said in French, not in the finder's English notes.
    html = client.get("/treaties/applicable?requesting=BRA&requested=CHN&date=2024-05-01&ui=fr").get_data(as_text=True)
    assert "Réserve (35(2))" in html
    assert "S'applique avec XVIII-12 : ses articles s'appliquent mutatis mutandis." in html
    assert "Applies with" not in html and "— reservation" not in html


@pytest.mark.parametrize("url,status", [
    ("/api/treaties/", 200),
    ("/api/treaties/XVIII-12", 200),
    ("/api/treaties/NO-SUCH", 404),
    ("/api/treaties/applicable?requesting=FRA&requested=BRA&form=extradition&date=2024-05-01", 200),
    ("/api/treaties/applicable?requesting=FRA&requested=KEN", 200),  # bound by nothing here
    ("/api/treaties/applicable?requesting=FRA&requested=ZZZ", 400),
    ("/api/treaties/applicable?requesting=FRA&requested=BRA&offence=cybercrime", 200),
    ("/api/treaties/applicable?requesting=FRA&requested=BRA&offence=drugs", 400),
    ("/api/treaties/authorities?country=BRA", 200),
])  # fmt: skip
def test_treaty_responses_match_their_documented_schemas(client, url, status):
    from tests.search_app.openapi_check import assert_matches_spec

    assert_matches_spec(client, url, status)
