"""POST /api/requests/draft: the JSON draft, never cached, and nothing of it on disk (issue 22 points 4-5)."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import os
import re
from html import unescape

import pytest

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
    assert [x["treaty_id"] for x in d["legal_basis"]][:2] == ["VI-19", "XVIII-12"]
    assert [a["label"] for a in d["legal_basis"][0]["articles"]] == ["Article 7(2)(a)"]
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


def _draft_page(client, query: str, typed: dict[str, str], language: str = "", **extra: str) -> tuple[str, object]:
    """Follow the finder's "Draft a request" link, fill the form, send it: (the draft page's HTML, the response)."""
    from tests.search_app.test_admin import csrf_token

    finder = client.get(f"/treaties/applicable?{query}").get_data(as_text=True)
    link = re.search(r'<a class="draft-link" href="([^"]+)"', finder)
    assert link, "the finder's answer offers to draft a request"
    form = client.get(unescape(link.group(1)))
    assert form.headers["Cache-Control"] == "no-store"
    page = form.get_data(as_text=True)
    selected = r'<select id="(\w+)" name="\w+"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)"[^>]*selected'
    chosen = dict(re.findall(selected, page, re.S))
    auto = re.search(r'<input type="hidden" name="language_auto" value="([^"]*)"', page)
    data = {"csrf_token": csrf_token(page), "action": "draft", "date": "2024-05-01", **chosen,
            "language_auto": auto.group(1) if auto else "",
            **{f"v_{k}": v for k, v in typed.items()}}
    if language:
        data["language"] = language
    data.update(extra)
    r = client.post("/requests/draft", data=data)
    return r.get_data(as_text=True), r


def test_the_printable_draft_from_the_finders_page(client, home):
    before = _files(home.root)
    html, r = _draft_page(client, "requesting=FRA&requested=BRA&form=mla&date=2024-05-01&offence=drug-offences",
                          {"facts": FACTS})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    draft = html.split('<article class="request-draft"', 1)[1]
    basis = draft.split('<ul class="basis">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<li data-treaty="([^"]+)"', basis)[:2] == ["VI-19", "XVIII-12"]
    assert "Article 7(2)(a)" in basis and "Article 18(3)(a)" in basis
    assert 'data-treaty="VI-19"' not in draft.split('class="to-check"')[1]
    assert "DRCI" in draft and "pt; en; es" in draft and FACTS in unescape(draft)
    assert "request_draft.css" in html  # its print stylesheet shows only the draft on paper
    assert _contents_hold(home.root, b"marqueur-unique-7f3a") == []
    assert set(_files(home.root)) - set(before) <= {p for p in _files(home.root) if p.endswith(("-wal", "-shm"))}


def test_the_arabic_draft_reads_right_to_left_and_typed_text_stays_as_written(client):
    client.set_cookie("ui_lang", "ar")
    typed = "وقائع القضية كما كُتبت"
    html, r = _draft_page(client, "requesting=DEU&requested=JPN&form=mla&date=2024-05-01", {"facts": typed})
    assert r.status_code == 200 and '<html lang="ar" dir="rtl">' in html
    assert "المساعدة" in html and 'id="reciprocity"' in html  # the fixed text translated; no treaty known
    assert re.search(r'<dd dir="auto">' + typed + "</dd>", html)


def _html_headings(html: str) -> list[str]:
    draft = html.split('<article class="request-draft"', 1)[1]
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", h))).strip()
            for h in re.findall(r"<h[234][^>]*>(.*?)</h[234]>", draft, re.S)]


def test_the_docx_opens_with_the_same_headings_as_the_page(client, home):
    from io import BytesIO

    import docx

    from tests.search_app.test_admin import csrf_token

    query = "requesting=FRA&requested=BRA&form=mla&date=2024-05-01&offence=drug-offences"
    html, _r = _draft_page(client, query, {"facts": FACTS}, language="fr")  # the user chooses French
    form = client.get("/requests/draft?requesting=FRA&requested=BRA&assistance=evidence").get_data(as_text=True)
    r = client.post("/requests/draft", data={"csrf_token": csrf_token(form), "action": "docx", "requesting": "FRA",
                                             "requested": "BRA", "assistance": "evidence", "date": "2024-05-01",
                                             "offence": "drug-offences", "v_facts": FACTS, "language": "fr"})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert "attachment" in r.headers["Content-Disposition"]
    document = docx.Document(BytesIO(r.data))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    assert headings == _html_headings(html) and "Base juridique" in headings
    texts = [p.text for p in document.paragraphs]
    assert "Convention des Nations Unies contre la criminalité transnationale organisée, Article 18(3)(a)" in texts
    assert FACTS in texts
    assert _contents_hold(home.root, b"marqueur-unique-7f3a") == []


def test_the_checklist_is_in_the_readers_language(client):
    client.set_cookie("ui_lang", "fr")  # no language of Japan in the data: the reader's is pre-filled
    html, _r = _draft_page(client, "requesting=DEU&requested=JPN&form=mla&date=2024-05-01", {})
    checklist = unescape(html.split('<ul class="checklist">', 1)[1].split("</ul>", 1)[0])
    assert "Rédigée sur la base de la réciprocité" in checklist
    assert "Participation inconnue, non cité : UNTOC" in checklist
    assert "Obligatoire : Résumé des faits" in checklist and "Required" not in checklist


def test_the_api_gives_the_rendered_documents_too(client):
    from io import BytesIO

    import docx

    body = {"requesting": "FRA", "requested": "BRA", "assistance": "preservation", "date": "2024-05-01"}
    page = client.post("/api/requests/draft?format=html", json={**body, "language": "ar"})
    assert page.status_code == 200 and page.mimetype == "text/html" and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html and 'data-treaty="COE-ETS-185"' in html
    word = client.post("/api/requests/draft?format=docx", json={**body, "language": "fr"})
    assert word.status_code == 200 and word.headers["Cache-Control"] == "no-store"
    headings = [p.text for p in docx.Document(BytesIO(word.data)).paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "Base juridique"
    assert client.post("/api/requests/draft?format=pdf", json=body).status_code == 400


def _article(html: str) -> str:
    return html.split('<article class="request-draft"', 1)[1].split("</article>", 1)[0]


def test_the_document_language_is_pre_filled_from_what_the_requested_state_accepts(client):
    # China accepts zh; en (directory): the form pre-fills Chinese, the page itself stays in the reader's French
    client.set_cookie("ui_lang", "fr")
    form = client.get("/requests/draft?requesting=FRA&requested=CHN&assistance=evidence").get_data(as_text=True)
    assert re.search(r'<option value="zh" lang="zh" selected>', form)
    html, r = _draft_page(client, "requesting=FRA&requested=CHN&form=mla&date=2024-05-01", {"facts": FACTS})
    assert r.status_code == 200 and '<html lang="fr" dir="ltr">' in html and "Rédiger une demande" in html
    article = _article(html)
    assert article.startswith(' id="draft" lang="zh" dir="ltr">') and "法律依据" in article  # "Legal basis"
    assert "联合国打击跨国有组织犯罪公约" in article  # UNTOC by its Chinese title
    assert FACTS in unescape(article)  # typed text as written
    # Brazil accepts pt; en; es: the first UN language is English
    d = client.post("/api/requests/draft", json={"requesting": "FRA", "requested": "BRA", "assistance": "evidence"})
    assert (d.get_json()["language"], d.get_json()["language_source"]) == ("en", "accepted")


def test_a_language_the_requested_state_is_not_known_to_accept_is_drafted_and_flagged(client):
    body = {"requesting": "FRA", "requested": "BRA", "assistance": "evidence", "language": "ru"}
    d = client.post("/api/requests/draft", json=body).get_json()
    assert (d["language"], d["language_source"]) == ("ru", "chosen")
    assert "Brazil is not known to accept requests in Russian (it accepts: pt; en; es)" in d["checklist"]
    page = client.post("/api/requests/draft?format=html", json=body).get_data(as_text=True)
    assert '<html lang="ru" dir="ltr">' in page and "Правовое основание" in page  # "Legal basis"
    bad = client.post("/api/requests/draft", json={**body, "language": "pt"})
    assert bad.status_code == 400 and "document language 'pt'" in bad.get_json()["error"]


def test_the_arabic_document_reads_right_to_left_under_an_english_page(client):
    client.set_cookie("ui_lang", "en")
    html, r = _draft_page(client, "requesting=FRA&requested=BRA&form=mla&date=2024-05-01&offence=drug-offences",
                          {"facts": FACTS}, language="ar")
    assert r.status_code == 200 and '<html lang="en" dir="ltr">' in html
    article = _article(html)
    assert article.startswith(' id="draft" lang="ar" dir="rtl">') and "الأساس القانوني" in article
    assert re.search(r'<dd dir="auto">' + re.escape(FACTS) + "</dd>", unescape(article))


@pytest.mark.parametrize("lang", ["ar", "es", "fr", "ru", "zh"])
def test_the_fixed_text_of_the_document_is_translated_in_every_un_language(client, lang):
    from io import BytesIO

    import docx

    body = {"requesting": "FRA", "requested": "BRA", "assistance": "controlled-delivery", "date": "2024-05-01",
            "offence": "drug-offences", "language": lang}
    english = docx.Document(BytesIO(client.post("/api/requests/draft?format=docx",
                                                json={**body, "language": "en"}).data))
    other = docx.Document(BytesIO(client.post("/api/requests/draft?format=docx", json=body).data))

    def fixed(d) -> list[str]:  # headings and the field labels
        return [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    pairs = list(zip(fixed(english), fixed(other), strict=True))
    assert pairs and [e for e, o in pairs if e == o] == []  # not one heading or label left in English


def test_controlled_delivery_from_the_finders_law_enforcement_answer(client):
    html, r = _draft_page(client, "requesting=FRA&requested=BRA&form=law-enforcement&date=2024-05-01"
                                  "&offence=drug-offences", {"consignment": "12 kg"})
    assert r.status_code == 200
    form = html.split('class="draft-fields"', 1)[1].split("</fieldset>", 1)[0]
    for label in ("Consignment (nature, quantity, packaging, markings)", "Route (origin, transit points",
                  "Expected from", "Expected until", "Contacts for the operation"):
        assert re.search(re.escape(label) + r'[^<]*<span class="req">\(required\)</span>', form), label
    assert re.search(r'Persons and vehicles involved</label>', form)  # optional: not marked
    basis = _article(html).split('<ul class="basis">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<li data-treaty="([^"]+)"', basis) == ["VI-19", "XVIII-12"]
    assert "Article 11" in basis and "Article 20" in basis


def test_errors_in_dates_and_identifiers_name_the_field_on_the_page(client):
    html, r = _draft_page(client, "requesting=FRA&requested=BRA&form=mla&date=2024-05-01",
                          {"identifiers": "999.1.1.1", "period_from": "2024-05-02", "period_to": "2024-05-01"},
                          assistance="preservation")
    checklist = unescape(_article(html).split('<ul class="checklist">', 1)[1])
    assert "Identifiers (accounts, addresses, numbers), one a line: 999.1.1.1 is not a valid IP address" in checklist
    assert "Period to (2024-05-01) is before Period from (2024-05-02)" in checklist
