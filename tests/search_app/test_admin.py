"""The editors' area as an editor uses it: sign in, correct a document, classify it, add a bilateral treaty.

Every test runs with CSRF protection ON (the app's default): forms are posted with the token the
page rendered, as a browser would, and a POST without it must change nothing.
"""

from __future__ import annotations

import json
import re
import stat
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from index.home import Home
from index.models import Classification, DocumentRecord, Provision
from index.store import Store
from index.treaties import db
from search_app import create_app
from search_app.cli import main
from search_app.editors import create_editor
from tests.search_app.conftest import sample_documents

PASSWORD = "correct horse battery staple"


def two_suggestions_doc() -> DocumentRecord:
    """A law with two rule suggestions of the same scheme on the whole document."""
    return DocumentRecord(
        id="KEN-POCAMLA", type="legislation", title="Proceeds of Crime and Anti-Money Laundering Act", country="KEN",
        languages=["en"], date="2009-12-31", content_hash="ken-1",
        provisions=[Provision("Section 3", "A person who conceals proceeds of crime commits an offence.", "en", 0,
                              number="3")],
        classifications=[Classification("issue", "criminalization", "rule"),
                         Classification("issue", "confiscation-seizure", "rule")],
    )


@pytest.fixture
def home(tmp_path) -> Home:
    """An editable home: the sample documents, one more law, the bundled treaties and an editor, alice."""
    from index.treaties import load_bundled

    home = Home(tmp_path)
    store = Store(home.store_path)
    for doc in [*sample_documents(), two_suggestions_doc()]:
        store.put_document(doc)
    load_bundled(store)
    create_editor(store, "alice", PASSWORD)
    store.close()
    return home


@pytest.fixture
def app(home):
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    assert app.config["WTF_CSRF_ENABLED"], "these tests study the app as it runs, CSRF protection on"
    # The index's own periodic look at the change log is put off: only an edit's catch-up can make
    # search show the edit, so the tests see whether the editors' area does it.
    app.extensions["sherloc"].handle.CHECK_EVERY = 3600
    return app


@pytest.fixture
def client(app):
    c = app.test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return c


@pytest.fixture
def store(home):
    s = Store(home.store_path)
    yield s
    s.close()


def csrf_token(html: str, prefix: str = "") -> str:
    """The CSRF token of the form whose fields carry `prefix` (e.g. "meta-")."""
    m = re.search(rf'name="{re.escape(prefix)}csrf_token" type="hidden" value="([^"]+)"', html)
    assert m, f"no {prefix}csrf_token in the page"
    return m.group(1)


def sign_in(client, name: str = "alice", password: str = PASSWORD, next_path: str | None = None):
    page = client.get("/admin/login" + (f"?next={next_path}" if next_path else "")).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "username": name, "password": password}
    m = re.search(r'name="next" type="hidden" value="([^"]*)"', page)
    if m:
        data["next"] = unescape(m.group(1))
    return client.post("/admin/login", data=data)


def classification_data(page: str, **choices: str) -> dict[str, str]:
    """The classification form's token and version, and the given fields."""
    version = re.search(r'name="cls-version" type="hidden" value="([^"]+)"', page).group(1)
    return {"cls-csrf_token": csrf_token(page, "cls-"), "cls-version": version, **choices}


def edit_page(client, doc_id: str) -> str:
    r = client.get(f"/admin/documents/{doc_id}")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def form_values(html: str, prefix: str) -> dict[str, list[str]]:
    """What a browser would send for one form as rendered: text values, selected options, checked boxes."""
    out: dict[str, list[str]] = {}
    for tag in re.findall(rf'<input[^>]*name="{re.escape(prefix)}[^"]*"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        value = unescape(re.search(r'value="([^"]*)"', tag).group(1)) if 'value="' in tag else ""
        kind = re.search(r'type="([^"]+)"', tag).group(1)
        if kind in ("checkbox", "radio") and " checked" not in tag:
            continue
        if kind == "submit":
            continue
        out.setdefault(name, []).append(value)
    for name, body in re.findall(rf'<select[^>]*name="({re.escape(prefix)}[^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(r'<option value="([^"]*)"', body)
        out[name] = [unescape(chosen.group(1))]
    return out


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<h3><a href="/provisions/([^"]+)"', html)


def radio_name(html: str, term_label: str) -> str:
    """The field name of the confirm/reject choice for a suggestion, found by its visible label."""
    m = re.search(rf'<legend>{re.escape(term_label)}</legend>\s*<span><input[^>]* name="([^"]+)"', html)
    assert m, f"no suggestion {term_label!r} on the page"
    return m.group(1)


def checkbox(html: str, value: str, scheme_field: str = "cls-l0_crime_terms") -> tuple[str, str]:
    assert re.search(rf'name="{scheme_field}" type="checkbox" value="{value}"', html), value
    return scheme_field, value


# -- signing in -----------------------------------------------------------------------


def test_editing_needs_a_signed_in_editor(client, store):
    r = client.get("/admin/documents/FRA-CP")
    assert r.status_code == 302
    target = urlsplit(r.headers["Location"])
    assert target.path == "/admin/login" and parse_qs(target.query)["next"] == ["/admin/documents/FRA-CP"]
    assert "Please sign in as an editor" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert client.get("/admin/treaties/new").status_code == 302
    assert client.get("/admin/").status_code == 302
    # The document page offers no Edit link to readers.
    assert "/admin/documents/FRA-CP" not in client.get("/documents/FRA-CP").get_data(as_text=True)
    # A POST with a valid token, but nobody signed in: sent to the sign-in page, nothing changes.
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    r = client.post("/admin/documents/FRA-CP/details", data={"meta-csrf_token": token, "meta-title": "Hacked",
                                                             "meta-type": "case"})
    assert r.status_code == 302 and "/admin/login" in r.headers["Location"]
    assert store.get_document("FRA-CP").title == "Code pénal (extraits)"


def test_sign_in_returns_to_the_page_asked_for_and_shows_the_edit_link(client):
    r = sign_in(client, next_path="/admin/documents/FRA-CP")
    assert r.status_code == 302 and r.headers["Location"] == "/admin/documents/FRA-CP"
    doc_page = client.get("/documents/FRA-CP").get_data(as_text=True)
    assert 'href="/admin/documents/FRA-CP"' in doc_page and ">Edit<" in doc_page
    assert "Sign out (alice)" in doc_page


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example"])
def test_sign_in_never_sends_an_editor_to_another_site(client, target):
    r = sign_in(client, next_path=target)
    assert r.status_code == 302
    assert r.headers["Location"] == "/admin/", r.headers["Location"]


def test_a_wrong_password_or_name_is_refused(client):
    for name, password in (("alice", "not her password"), ("mallory", PASSWORD), ("", "")):
        r = sign_in(client, name, password)
        html = r.get_data(as_text=True)
        assert r.status_code in (200, 400) and "/admin/login" in html
        assert "Wrong editor name or password." in html or "Enter your editor name." in html
    assert client.get("/admin/").status_code == 302


def test_sign_out_ends_the_session(client):
    sign_in(client)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Latest edits" in page
    r = client.post("/admin/logout", data={"logout-csrf_token": csrf_token(page, "logout-")})
    assert r.status_code == 302
    assert "You are signed out." in client.get("/").get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_a_removed_editor_is_signed_out(client):
    sign_in(client)
    assert client.get("/admin/").status_code == 200
    result = CliRunner().invoke(main, ["--home", str(client.application.extensions["sherloc"].home.root),
                                       "editors", "remove", "alice"])
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302


def test_sessions_survive_a_restart_with_the_key_kept_in_the_home(home, client):
    sign_in(client)
    key_file = home.root / "secret_key"
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    restarted = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    assert restarted.config["SECRET_KEY"] == client.application.config["SECRET_KEY"]
    again = restarted.test_client()
    cookie = client.get_cookie("session")
    again.set_cookie("session", cookie.value)
    assert again.get("/admin/").status_code == 200, "still signed in after the restart"
    assert "dev-only" not in restarted.config["SECRET_KEY"] and len(restarted.config["SECRET_KEY"]) >= 32


def test_a_configured_secret_key_wins(home):
    app = create_app({"SHERLOC_HOME": str(home.root), "SECRET_KEY": "from-the-operator", "TESTING": True})
    assert app.config["SECRET_KEY"] == "from-the-operator"


# -- CSRF ---------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(client, store):
    sign_in(client)
    page = edit_page(client, "FRA-CP")
    seq = store.last_seq()
    data = {"meta-title": "Changed without a token", "meta-type": "legislation", "meta-country": "FRA"}
    for token in (None, "forged-token", csrf_token(page, "cls-") + "x"):
        sent = dict(data) if token is None else {**data, "meta-csrf_token": token}
        r = client.post("/admin/documents/FRA-CP/details", data=sent)
        assert r.status_code == 400
        assert "nothing was changed" in r.get_data(as_text=True)
    r = client.post("/admin/documents/ESP-LEY/classification", data={"cls-l0_crime_terms": "corruption"})
    assert r.status_code == 400
    r = client.post("/admin/treaties/new", data={"party_a": "KEN", "party_b": "NGA", "title": "X",
                                                 "forms": "extradition"})
    assert r.status_code == 400
    assert store.get_document("FRA-CP").title == "Code pénal (extraits)"
    assert store.get_document("ESP-LEY").terms("crime") == []
    assert store.last_seq() == seq and store.revisions("FRA-CP") == []
    assert not [t for t in db.list_treaties(store) if "KEN" in t.parties]


def test_signing_in_needs_the_token_too(client):
    r = client.post("/admin/login", data={"username": "alice", "password": PASSWORD})
    assert r.status_code == 400
    assert client.get("/admin/").status_code == 302


# -- document details ------------------------------------------------------------------------


def test_editing_details_keeps_a_revision_and_search_shows_the_change(client, store):
    sign_in(client)
    page = edit_page(client, "ESP-LEY")
    values = form_values(page, "meta-")
    assert values["meta-title"] == ["Ley de cooperación jurídica internacional"] and values["meta-country"] == ["ESP"]
    values.update({"meta-title": ["Ley de cooperación jurídica internacional en materia penal zarzuelita"],
                   "meta-country": ["Mexique"], "meta-date": ["2015-07"],
                   "meta-source_url": ["https://www.boe.es/eli/es/l/2015/07/30/29"]})
    r = client.post("/admin/documents/ESP-LEY/details", data=values)
    assert r.status_code == 302 and r.headers["Location"] == "/documents/ESP-LEY"
    doc_page = client.get("/documents/ESP-LEY").get_data(as_text=True)
    assert "The details are saved" in doc_page and "zarzuelita" in doc_page
    doc = store.get_document("ESP-LEY")
    assert (doc.country, doc.date, doc.source_url) == ("MEX", "2015-07", "https://www.boe.es/eli/es/l/2015/07/30/29")
    revision = store.revisions("ESP-LEY")[0]
    assert revision["reason"] == "edited" and revision["editor"] == "alice"
    assert revision["record"]["title"] == "Ley de cooperación jurídica internacional"
    # The running app's index caught up: the new title and the new country are searchable now.
    assert {i.split("/")[0] for i in hit_ids(client.get("/?q=zarzuelita").get_data(as_text=True))} == {"ESP-LEY"}
    assert "ESP-LEY/art-3" in hit_ids(client.get("/?country=MEX").get_data(as_text=True))
    assert "alice" in client.get("/admin/").get_data(as_text=True)


def test_saving_unchanged_details_writes_no_revision(client, store):
    sign_in(client)
    values = form_values(edit_page(client, "RUS-UPK"), "meta-")
    r = client.post("/admin/documents/RUS-UPK/details", data=values)
    assert r.status_code == 302
    assert store.revisions("RUS-UPK") == []
    assert "Nothing changed." in client.get(r.headers["Location"]).get_data(as_text=True)


def test_bad_details_are_shown_next_to_their_fields_and_nothing_is_saved(client, store):
    sign_in(client)
    values = form_values(edit_page(client, "FRA-CP"), "meta-")
    values.update({"meta-title": ["  "], "meta-country": ["Atlantis"], "meta-date": ["2023-02-30"],
                   "meta-source_url": ["javascript:alert(document.cookie)"], "meta-type": ["poem"]})
    r = client.post("/admin/documents/FRA-CP/details", data=values)
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    expected = {
        "meta-title": "A document needs a title.",
        "meta-country": "Unknown country or organisation Atlantis",
        "meta-date": "Not a date",
        "meta-source_url": "Give a web address starting with http:// or https://.",
        "meta-type": "Not a valid choice",
    }
    for field_id, message in expected.items():
        error = re.search(rf'<p id="{field_id}-error" class="field-error">(.*?)</p>', html, re.S)
        assert error and message in unescape(error.group(1)), field_id
        assert re.search(rf'id="{field_id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field_id}"', html)
        assert f'href="#{field_id}"' in html  # the summary links to the field
    doc = store.get_document("FRA-CP")
    assert doc.title == "Code pénal (extraits)" and doc.country == "FRA" and store.revisions("FRA-CP") == []


# -- classification ---------------------------------------------------------------------------


def test_confirming_a_suggestion_and_adding_a_crime_type_reaches_search(client, store):
    assert "ESP-LEY/art-3" not in hit_ids(client.get("/?crime=corruption").get_data(as_text=True))
    sign_in(client)
    page = edit_page(client, "ESP-LEY")
    assert "Mutual legal assistance" in page and "suggested by a rule" in page
    data = classification_data(page, **{radio_name(page, "Mutual legal assistance"): "confirm",
                                        "cls-l0_crime_terms": checkbox(page, "corruption")[1]})
    r = client.post("/admin/documents/ESP-LEY/classification", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)
    doc = store.get_document("ESP-LEY")
    assert doc.terms("crime") == ["corruption"] and doc.terms("issue") == ["mutual-legal-assistance"]
    assert {c.origin for c in doc.classifications} == {"editor"}
    assert store.revisions("ESP-LEY")[0]["reason"] == "classified"
    doc_page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "The classification is saved" in doc_page and "set by an editor" in doc_page
    # The app's search index reflects the edit at once: filtering by the new crime type finds the law.
    assert "ESP-LEY/art-3" in hit_ids(client.get("/?crime=corruption").get_data(as_text=True))


def test_a_rejected_suggestion_stays_rejected_when_the_file_is_ingested_again(client, store):
    assert "RUS-UPK/art-462" in hit_ids(client.get("/?issue=extradition").get_data(as_text=True))
    sign_in(client)
    page = edit_page(client, "RUS-UPK")
    r = client.post("/admin/documents/RUS-UPK/classification",
                    data=classification_data(page, **{radio_name(page, "Extradition"): "reject"}))
    assert r.status_code == 302
    assert store.get_document("RUS-UPK").terms("issue") == []
    assert "RUS-UPK/art-462" not in hit_ids(client.get("/?issue=extradition").get_data(as_text=True))
    # The file changed and was ingested again, the rule suggesting extradition once more.
    again = next(d for d in sample_documents() if d.id == "RUS-UPK")
    again.content_hash = "changed"
    assert store.put_document(again) == "replaced"
    assert store.get_document("RUS-UPK").terms("issue") == []


def test_an_undecided_suggestion_beside_a_decision_is_an_error_and_nothing_changes(client, store):
    sign_in(client)
    page = edit_page(client, "KEN-POCAMLA")
    confirm = radio_name(page, "Criminalization")
    undecided = radio_name(page, "Confiscation and seizure")
    r = client.post("/admin/documents/KEN-POCAMLA/classification",
                    data=classification_data(page, **{confirm: "confirm"}))
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    error = re.search(rf'<p id="{undecided}-error" class="field-error">(.*?)</p>', html, re.S)
    assert error and "Confirm or reject this suggestion too" in unescape(error.group(1))
    assert not re.search(rf'<p id="{confirm}-error"', html)
    assert store.revisions("KEN-POCAMLA") == []
    assert {c.origin for c in store.get_document("KEN-POCAMLA").classifications} == {"rule"}
    # Deciding both saves both decisions in one revision.
    r = client.post("/admin/documents/KEN-POCAMLA/classification",
                    data=classification_data(page, **{confirm: "confirm", undecided: "reject"}))
    assert r.status_code == 302
    assert store.get_document("KEN-POCAMLA").terms("issue") == ["criminalization"]
    assert len(store.revisions("KEN-POCAMLA")) == 1


def test_removing_editor_terms_at_document_and_provision_level(client, store):
    sign_in(client)
    assert "FRA-CP/art-2" in hit_ids(client.get("/?crime=money-laundering").get_data(as_text=True))
    page = edit_page(client, "FRA-CP")
    values = form_values(page, "cls-")
    # The provision's editor term is offered checked; unchecking it removes it.
    provision_field = next(k for k, v in values.items() if v == ["money-laundering"])
    del values[provision_field]
    values[radio_name(page, "Extradition")] = ["confirm"]
    r = client.post("/admin/documents/FRA-CP/classification", data=values)
    assert r.status_code == 302, r.get_data(as_text=True)
    doc = store.get_document("FRA-CP")
    assert doc.terms("crime", "FRA-CP/art-2") == [] and doc.terms("issue") == ["extradition"]
    assert "FRA-CP/art-2" not in hit_ids(client.get("/?crime=money-laundering").get_data(as_text=True))


def test_saving_an_untouched_classification_changes_nothing(client, store):
    sign_in(client)
    r = client.post("/admin/documents/ARE-CASE-1/classification", data=form_values(edit_page(client, "ARE-CASE-1"),
                                                                                   "cls-"))
    assert r.status_code == 302
    assert store.revisions("ARE-CASE-1") == []


def test_a_save_over_someone_elses_newer_change_is_refused(client, store):
    sign_in(client)
    page = edit_page(client, "ESP-LEY")
    details = form_values(page, "meta-")
    # Meanwhile another editor (or a re-ingest) changes the document.
    store.update_metadata("ESP-LEY", editor="bob", title="Ley 23/2014 (título corregido por bob)")
    details["meta-title"] = ["Alice's title"]
    r = client.post("/admin/documents/ESP-LEY/details", data=details)
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "Someone changed this document since you opened it, so nothing was saved." in unescape(html)
    assert "título corregido por bob" in html  # the form shows the document as it is now
    r = client.post("/admin/documents/ESP-LEY/classification",
                    data=classification_data(page, **{"cls-l0_crime_terms": "corruption"}))
    assert r.status_code == 409
    doc = store.get_document("ESP-LEY")
    assert doc.title == "Ley 23/2014 (título corregido por bob)" and doc.terms("crime") == []


def test_unknown_document_in_the_editors_area_is_a_404(client):
    sign_in(client)
    assert client.get("/admin/documents/NO-SUCH-DOC").status_code == 404


# -- bilateral treaties ------------------------------------------------------------------------


def treaty_form(client) -> tuple[str, dict]:
    page = client.get("/admin/treaties/new").get_data(as_text=True)
    return page, {"csrf_token": csrf_token(page), "party_a": "NGA", "party_b": "KEN",
                  "title": "Extradition Treaty between Kenya and Nigeria (test record)", "title_language": "en",
                  "signed": "2010-03-01", "in_force": "2011-06-15", "forms": ["extradition", "mla"],
                  "source": "Kenya Gazette Supplement (test)", "notes": "Entered by a test."}


def test_a_bilateral_treaty_from_the_form_is_found_by_the_finder(client, home, store):
    sign_in(client)
    _page, data = treaty_form(client)
    r = client.post("/admin/treaties/new", data=data)
    assert r.status_code == 302
    treaty_id = r.headers["Location"].rsplit("/", 1)[1]
    assert treaty_id == "BIL-KEN-NGA-EXT-2010"
    t = db.get_treaty(store, treaty_id)
    assert t.parties == ["KEN", "NGA"] and t.forms == ["extradition", "mla"] and t.kind == "bilateral"
    assert [p.state for p in db.participants(store, treaty_id)] == ["KEN", "NGA"]
    assert "is saved" in client.get(r.headers["Location"]).get_data(as_text=True)
    result = CliRunner().invoke(main, ["--home", str(home.root), "treaties", "applicable", "--requesting", "KEN",
                                       "--requested", "NGA", "--form", "extradition", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert treaty_id in [i["treaty"]["id"] for i in found["instruments"]]
    page = client.get("/treaties/applicable?requesting=NGA&requested=KEN&form=mla").get_data(as_text=True)
    assert "Extradition Treaty between Kenya and Nigeria (test record)" in page
    # Before it entered into force, it is not yet applicable.
    early = client.get("/api/treaties/applicable?requesting=NGA&requested=KEN&date=2010-12-31").get_json()
    assert treaty_id not in [i["treaty"]["id"] for i in early["instruments"]]


def test_a_bilateral_treaty_records_the_offences_it_covers(client, store):
    sign_in(client)
    page, data = treaty_form(client)
    assert 'name="offences" type="checkbox" value="drug-offences"' in page and 'name="other_offences"' in page
    data.update({"offences": ["drug-offences", "corruption"], "other_offences": "if punishable by a year in both"})
    r = client.post("/admin/treaties/new", data=data)
    assert r.status_code == 302
    t = db.get_treaty(store, r.headers["Location"].rsplit("/", 1)[1])
    assert t.offences == {"drug-offences": "", "corruption": ""}
    assert t.other_offences == {"*": "if punishable by a year in both"}
    found = client.get("/api/treaties/applicable?requesting=NGA&requested=KEN&form=extradition"
                       "&offence=drug-offences").get_json()
    assert [(i["treaty"]["id"], i["offence_scope"]) for i in found["instruments"]] == [(t.id, "in-scope")]
    found = client.get("/api/treaties/applicable?requesting=NGA&requested=KEN&offence=terrorism").get_json()
    assert found["instruments"][0]["offence_note"] == "if punishable by a year in both"
    # an unknown crime type is refused next to its field, and nothing is saved
    before = len(db.list_treaties(store))
    data.update({"offences": ["telepathy"], "treaty_id": "BIL-KEN-NGA-OTHER"})
    r = client.post("/admin/treaties/new", data=data)
    assert r.status_code == 400 and 'id="offences-error"' in r.get_data(as_text=True)
    assert len(db.list_treaties(store)) == before


def test_bilateral_treaty_errors_are_shown_next_to_their_fields(client, store):
    sign_in(client)
    before = len(db.list_treaties(store))
    _page, data = treaty_form(client)
    data.update({"party_a": "KEN", "party_b": "KEN", "in_force": "2009-01-01", "forms": [], "title": "",
                 "signed": "2010-13-45"})
    r = client.post("/admin/treaties/new", data=data)
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    for field_id, message in {"party_b": "another State", "forms": "at least one form", "title": "needs a title",
                              "signed": "Not a valid date"}.items():
        error = re.search(rf'<p id="{field_id}-error" class="field-error">(.*?)</p>', html, re.S)
        assert error and message in unescape(error.group(1)), (field_id, error and error.group(1))
    data.update({"party_b": "XXX", "forms": ["extradition"], "title": "T", "signed": "2010-03-01"})
    html = client.post("/admin/treaties/new", data=data).get_data(as_text=True)
    assert re.search(r'<p id="party_b-error" class="field-error">Not a valid choice', html)
    assert re.search(r'<p id="in_force-error" class="field-error">The treaty cannot be in force before', html)
    assert len(db.list_treaties(store)) == before


def test_a_taken_treaty_identifier_is_refused_not_overwritten(client, store):
    sign_in(client)
    _page, data = treaty_form(client)
    data["treaty_id"] = "BIL-GBR-USA-EXT-2003"
    r = client.post("/admin/treaties/new", data=data)
    assert r.status_code == 400
    assert "already recorded" in r.get_data(as_text=True)
    assert db.get_treaty(store, "BIL-GBR-USA-EXT-2003").parties == ["GBR", "USA"]


# -- the pages themselves ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/login", "/admin/", "/admin/documents/FRA-CP", "/admin/treaties/new",
                                 "/admin/logout", "/documents/FRA-CP"])
def test_editor_pages_have_unique_ids_and_labelled_fields(client, url):
    if url != "/admin/login":
        sign_in(client)
    html = client.get(url).get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids, target
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        field_id = re.search(r'id="([^"]+)"', tag)
        assert field_id and f'<label for="{field_id.group(1)}"' in html, tag
    assert '<main id="main"' in html


def test_the_editors_area_in_arabic_is_right_to_left_and_translated(client):
    sign_in(client)
    html = client.get("/admin/documents/FRA-CP?ui=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "تعديل وثيقة" in html  # "Edit a document"
    assert "Edit a document" not in html


def test_an_editor_sees_the_rules_hints_and_the_sources_unmapped_terms_and_decides(client, store):
    store.put_document(DocumentRecord(
        id="CAN-CASE", type="case", title="R. v. Someone", country="CAN", languages=["en"], content_hash="can-1",
        provisions=[Provision("Summary", "The accused recruited workers by deception and exploited them.", "en", 0,
                              kind="section")],
        classifications=[Classification("crime", "trafficking-in-persons", "hint")],
        metadata={"unmapped": {"crime": ["Forced labour"]}},
    ))  # fmt: skip
    assert store.get_document("CAN-CASE").terms("crime") == []  # a hint does not count in search
    sign_in(client)
    page = edit_page(client, "CAN-CASE")
    assert "Given by the source, not in the taxonomy" in page and "Forced labour" in page
    data = classification_data(page, **{radio_name(page, "Trafficking in persons"): "confirm"})
    r = client.post("/admin/documents/CAN-CASE/classification", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)
    assert store.get_document("CAN-CASE").terms("crime") == ["trafficking-in-persons"]
    # confirmed by an editor, the hint now counts in search and the source's own words are still kept
    found = client.get("/?crime=trafficking-in-persons&collapse=1").get_data(as_text=True)
    assert "CAN-CASE/sec-summary" in hit_ids(found)
    assert store.get_document("CAN-CASE").metadata["unmapped"] == {"crime": ["Forced labour"]}
