"""The HTML pages through Flask's test client: search, facets, chips, paging, documents, errors, languages."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.search_app.conftest import MODEL_LAW_ARTICLES, XSS


def links(html: str, css_class: str) -> list[str]:
    """hrefs of <a> elements carrying a class."""
    return [unescape(h) for h in re.findall(rf'<a[^>]*class="[^"]*\b{css_class}\b[^"]*"[^>]*href="([^"]+)"', html)] + [
        unescape(h) for h in re.findall(rf'<a[^>]*href="([^"]+)"[^>]*class="[^"]*\b{css_class}\b[^"]*"', html)
    ]


def facet_link(html: str, value: str) -> str:
    """The href of the facet value link for `value`."""
    m = re.search(rf'<a href="([^"]+)" class="facet-value[^"]*"[^>]*data-facet-value="{re.escape(value)}"', html)
    assert m, f"no facet link for {value}"
    return unescape(m.group(1))


def hit_ids(html: str) -> list[str]:
    """Provision ids of the result rows, in order."""
    return re.findall(r'<li class="hit">\s*<h3><a href="/provisions/([^"]+)"', html)


def count_heading(html: str) -> str:
    m = re.search(r'<h1 id="results-heading"[^>]*>(.*?)</h1>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(1))).strip()


def test_home_page_has_a_labelled_search_box_and_landmarks(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<form class="search-form" role="search"' in html
    assert '<label for="q"' in html and 'id="q" name="q"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert '<html lang="en" dir="ltr">' in html
    assert 'href="/treaties/"' in html


def test_search_shows_highlighted_snippets_and_permalinks(client):
    html = client.get("/?q=extradition").get_data(as_text=True)
    ids = hit_ids(html)
    assert "FRA-CP/art-1" in ids and "FRA-CP-EN/art-1" in ids
    assert "<mark>" in html
    assert "provision" in count_heading(html)


def test_facet_selection_becomes_a_chip_that_removes_it(client):
    base = client.get("/?q=trafficking").get_data(as_text=True)
    total_before = count_heading(base)
    href = facet_link(base, "UN")
    assert parse_qs(urlsplit(href).query)["country"] == ["UN"]
    filtered = client.get(href).get_data(as_text=True)
    assert set(i.split("/")[0] for i in hit_ids(filtered)) == {"UN-MODEL"}
    chip = re.search(r'<a class="chip" href="([^"]+)" data-chip="country:UN"', filtered)
    assert chip, "the selected country is shown as a removable chip"
    back = client.get(unescape(chip.group(1))).get_data(as_text=True)
    assert count_heading(back) == total_before
    assert 'data-chip="country:UN"' not in back


def test_issue_facet_is_nested_under_its_parent(client):
    html = client.get("/").get_data(as_text=True)
    section = re.search(r'data-facet="issue">(.*?)</section>', html, re.S).group(1)
    parent = section.index('data-facet-value="international-cooperation"')
    child = section.index('data-facet-value="extradition"')
    assert parent < child
    assert '<ul class="facet-values nested">' in section[parent:child]


def test_paging_forward_and_back(client):
    first = client.get("/?q=trafficking").get_data(as_text=True)
    next_href = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert next_href
    second = client.get(unescape(next_href.group(1))).get_data(as_text=True)
    assert '<ol class="hits" start="21">' in second
    assert not set(hit_ids(first)) & set(hit_ids(second))
    assert re.search(r'<a rel="prev" href="[^"]+"', second)
    assert '<strong aria-current="page">2</strong>' in second


def test_sort_by_date_puts_newest_first(client):
    html = client.get("/?sort=date").get_data(as_text=True)
    dates = re.findall(r'<li class="hit">.*?<time datetime="([^"]+)"', html, re.S)
    assert dates and dates == sorted(dates, reverse=True)
    assert "<strong aria-current=\"true\">date</strong>" in html


def test_collapse_shows_one_row_per_document(client):
    html = client.get("/?q=trafficking&collapse=1").get_data(as_text=True)
    docs = [i.split("/")[0] for i in hit_ids(html)]
    assert docs and len(docs) == len(set(docs))
    assert 'data-switch="collapse"' in html and 'aria-checked="true" data-switch="collapse"' in html


def test_every_state_is_in_the_url(client):
    html = client.get("/?q=trafficking&country=UN&sort=date&page=2").get_data(as_text=True)
    # The form keeps the filters (but not the page) for the next query.
    assert '<input type="hidden" name="country" value="UN">' in html
    assert '<input type="hidden" name="sort" value="date">' in html
    assert 'name="page"' not in html
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    pages = [parse_qs(urlsplit(unescape(h)).query) for h in re.findall(r'href="([^"]+)"', nav)]
    assert pages and all(p["country"] == ["UN"] and p["sort"] == ["date"] for p in pages)


def test_markup_in_documents_is_escaped(client):
    for url in ("/?q=laundering", "/documents/GBR-XSS", "/provisions/GBR-XSS/art-1"):
        r = client.get(url, follow_redirects=True)
        html = r.get_data(as_text=True)
        assert r.status_code == 200
        assert XSS not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_only_web_source_urls_become_links(client):
    hostile = client.get("/documents/GBR-XSS").get_data(as_text=True)
    assert 'href="javascript:' not in hostile
    assert "javascript:alert(document.cookie)" in hostile  # shown as text, so an editor can see and fix it
    legit = client.get("/documents/FRA-CP").get_data(as_text=True)
    assert 'href="https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070719"' in legit


def test_query_with_markup_is_escaped(client):
    html = client.get("/", query_string={"q": f'"{XSS}'}).get_data(as_text=True)
    assert XSS not in html


def test_syntax_error_is_a_notice_with_best_effort_results(client):
    r = client.get("/?q=(extradition")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'class="notice" role="status"' in html
    assert "FRA-CP-EN/art-1" in hit_ids(html)


def test_nothing_found_offers_to_drop_a_filter(client):
    html = client.get("/?q=extradition&country=UN").get_data(as_text=True)
    assert "Nothing found" in html
    relax = re.search(r'<ul class="relaxations">(.*?)</ul>', html, re.S)
    assert relax, "a way out: the same search without the country filter"
    href = unescape(re.search(r'href="([^"]+)"', relax.group(1)).group(1))
    assert "country" not in parse_qs(urlsplit(href).query)
    assert hit_ids(client.get(href).get_data(as_text=True))


def test_misspelling_gets_did_you_mean(client):
    html = client.get("/?q=extradtion").get_data(as_text=True)
    m = re.search(r'class="did-you-mean">.*?<a href="([^"]+)">([^<]+)</a>', html, re.S)
    assert m and m.group(2) == "extradition"


def test_bad_parameter_is_a_helpful_400_page(client):
    r = client.get("/?page=abc")
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "page" in html and 'role="alert"' in html
    assert "Traceback" not in html


def test_bad_parameter_message_is_in_the_ui_language(client):
    # the message index wrote in English is shown in the reader's language, values kept as given;
    # English first: a ?ui= choice is remembered in a cookie
    assert client.get("/api/search?page=abc").get_json()["error"] == "page: 'abc' is not a whole number"
    cases = {
        "fr": ("/?page=abc&ui=fr", "page : 'abc' n’est pas un nombre entier"),
        "es": ("/?sort=oldest&ui=es", "sort: 'oldest' no es uno de relevance, date"),
        "ru": ("/?crime=piracy-at-sea&ui=ru", "crime: неизвестный вид преступления 'piracy-at-sea'"),
        "zh": ("/?from=abc&ui=zh", "from：'abc' 不是整数"),
    }
    for lang, (url, expected) in cases.items():
        r = client.get(url)
        assert r.status_code == 400, url
        assert expected in unescape(r.get_data(as_text=True)), (lang, url)
    api = client.get("/api/search?page=abc&ui=ar")
    assert api.status_code == 400 and api.get_json()["error"] == "page: 'abc' ليس عددًا صحيحًا"
    missing = client.get("/documents/NO-SUCH-DOC?ui=fr")
    assert missing.status_code == 404
    assert "aucun document n’a l’identifiant 'NO-SUCH-DOC'" in unescape(missing.get_data(as_text=True))


def test_unknown_document_is_a_404_page(client):
    r = client.get("/documents/NO-SUCH-DOC")
    assert r.status_code == 404
    assert "NO-SUCH-DOC" in r.get_data(as_text=True)
    assert client.get("/provisions/FRA-CP/art-99").status_code == 404
    assert client.get("/no/such/page").status_code == 404


def test_server_error_shows_no_traceback(web_home):
    from search_app import create_app

    app = create_app({"SHERLOC_HOME": str(web_home.root)})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    r = app.test_client().get("/boom")
    html = r.get_data(as_text=True)
    assert r.status_code == 500
    assert "secret internal detail" not in html and "Traceback" not in html
    assert "went wrong" in html


def test_arabic_is_right_to_left_and_remembered(client):
    r = client.get("/?ui=ar")
    html = r.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "بحث" in html
    assert "ui_lang=ar" in r.headers.get("Set-Cookie", "")
    again = client.get("/help").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in again


def test_accept_language_chooses_the_ui_language(app):
    c = app.test_client()
    html = c.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html and "Rechercher" in html
    html = c.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert '<html lang="zh"' in html and "搜索" in html


def test_lang_is_a_filter_on_searches_and_the_ui_language_elsewhere(client):
    search = client.get("/?lang=ru").get_data(as_text=True)
    assert '<html lang="en"' in search
    assert 'data-chip="lang:ru"' in search
    assert {i.split("/")[0] for i in hit_ids(search)} == {"RUS-UPK"}
    page = client.get("/documents/FRA-CP?lang=ru").get_data(as_text=True)
    assert '<html lang="ru"' in page and "Об этом документе" in page


def test_document_page_metadata_toc_anchors_and_parallel_text(client):
    html = client.get("/documents/FRA-CP").get_data(as_text=True)
    assert "Code pénal (extraits)" in html
    assert "France" in html and "2005-03-09" in html and "in force" in html
    assert '<nav class="toc"' in html and 'href="#art-1"' in html and 'href="#art-2"' in html
    assert 'id="art-1"' in html and 'id="art-2"' in html
    assert 'href="/provisions/FRA-CP/art-2"' in html
    # The English version of article 1 beside the French one.
    art1 = re.search(r'<section class="provision[^"]*" id="art-1".*?</section>', html, re.S).group(0)
    assert "Extradition of a French national shall not be granted." in art1
    assert "ressortissant français" in art1
    # Classifications with who set them.
    assert "Money laundering" in html and "set by an editor" in html
    assert "Extradition" in html and "suggested by a rule" in html


def test_document_page_in_another_ui_language_labels_taxonomy(client):
    html = client.get("/documents/FRA-CP?ui=fr").get_data(as_text=True)
    assert "Blanchiment" in html or "blanchiment" in html
    assert "À propos de ce document" in html


def test_legislation_has_schema_org_jsonld_and_cases_do_not(client):
    html = client.get("/documents/FRA-CP").get_data(as_text=True)
    data = json.loads(unescape(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "FRA-CP"
    assert data["legislationJurisdiction"] == "France"
    assert data["url"].endswith("/documents/FRA-CP")
    case = client.get("/documents/ARE-CASE-1").get_data(as_text=True)
    assert "application/ld+json" not in case


def test_case_page_shows_court_parties_charges_outcome(client):
    html = client.get("/documents/ARE-CASE-1?ui=es").get_data(as_text=True)
    assert "المحكمة الاتحادية العليا" in html
    assert "النيابة العامة" in html and "(fiscal)" in html and "(acusado)" in html
    assert "الاتجار بالأشخاص" in html and "إدانة" in html
    assert "Trata de personas" in html


def test_provision_permalink_lands_on_its_anchor_with_cite_box_and_related(client):
    r = client.get("/provisions/FRA-CP/art-1")
    assert r.status_code == 302
    target = r.headers["Location"]
    assert target.endswith("#art-1") and "/documents/FRA-CP" in target
    html = client.get(target.split("#")[0]).get_data(as_text=True)
    assert re.search(r'<section class="provision focus" id="art-1"', html)
    cite = re.search(r'<section class="cite".*?</section>', html, re.S).group(0)
    cite_text = re.sub(r"</?bdi>", "", cite)  # each part is isolated for right-to-left pages
    assert "Code pénal (extraits), Article 1, France, 2005-03-09, http://localhost/provisions/FRA-CP/art-1" in cite_text
    assert 'id="related"' in html


def test_help_page_documents_the_query_language_in_each_language(client):
    html = client.get("/help").get_data(as_text=True)
    for example in ('"mutual legal assistance"', "extradition OR surrender", "launder*", "extradtion~", "country:FRA",
                    "year:2000..2010", "article:5"):
        assert unescape(example) in unescape(html), example
    assert "Syntaxe des requêtes" in client.get("/help?ui=fr").get_data(as_text=True)
    assert "Язык запросов" in client.get("/help?ui=ru").get_data(as_text=True)


def test_sample_banner_only_for_the_bundled_corpus(client, bundled_home):
    from search_app import create_app

    assert "SAMPLE DATA" not in client.get("/").get_data(as_text=True)
    bundled = create_app({"SHERLOC_HOME": str(bundled_home.root), "TESTING": True}).test_client()
    assert "SAMPLE DATA" in bundled.get("/").get_data(as_text=True)


def test_print_stylesheet_and_responsive_rules_exist(client):
    css = client.get("/static/style.css").get_data(as_text=True)
    assert "@media print" in css and "@media (max-width: 760px)" in css
    assert ":focus-visible" in css


def ui_messages() -> dict[str, tuple[str, ...]]:
    """Every UI string in the source now (templates and Python, as babel.cfg says): msgid -> (msgid[, plural])."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    from tests.conftest import REPO

    with (REPO / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = extract_from_dir(REPO, method_map=method_map, options_map=options_map,
                             keywords={**DEFAULT_KEYWORDS, "lazy_gettext": None, "lazy_ngettext": (1, 2),
                                       "bad_request": None, "not_found": None, "unprocessable": None})
    out: dict[str, tuple[str, ...]] = {}
    for _filename, _line, message, _comments, _context in found:
        ids = message if isinstance(message, tuple) else (message,)
        out[ids[0]] = ids
    return out


@pytest.fixture(scope="module")
def source_messages() -> dict[str, tuple[str, ...]]:
    return ui_messages()


def test_string_extraction_sees_the_ui(source_messages):
    # Guards the translation test: an extraction that found nothing would pass it vacuously.
    assert len(source_messages) > 300
    assert "Sign in as an editor" in source_messages  # a template
    assert "A document needs a title." in source_messages  # lazy_gettext in Python
    assert source_messages["%(num)s provision"] == ("%(num)s provision", "%(num)s provisions")  # ngettext


@pytest.mark.parametrize("lang", ["ar", "es", "fr", "ru", "zh"])
def test_every_ui_string_is_translated(lang, source_messages):
    from pathlib import Path

    from babel.messages.pofile import read_po

    import search_app

    po = Path(search_app.__file__).parent / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    missing = [msgid for msgid in source_messages if catalog.get(msgid) is None]
    assert not missing, f"{lang}: {len(missing)} string(s) of the source not in the catalogue: {missing[:5]}"
    untranslated = []
    for msgid in source_messages:
        msg = catalog.get(msgid)
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if not all(strings) or "fuzzy" in msg.flags:
            untranslated.append(msgid)
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        # Every placeholder must survive translation (Arabic "one"/"two" plural forms may spell the number out).
        if not isinstance(msg.id, tuple):
            assert set(re.findall(r"%\(\w+\)s", msg.string)) == wanted, (lang, msg.id)
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated: {untranslated[:5]}"
    from search_app.catalogues import compiled_catalogue, same_catalogue

    assert same_catalogue(po.with_suffix(".mo").read_bytes(), compiled_catalogue(po)), \
        f"{lang}: the committed .mo is not compiled from the .po (pybabel compile -d search_app/translations)"


def test_catalogues_are_recompiled_only_when_their_messages_change(tmp_path):
    import os
    import shutil
    from pathlib import Path

    import search_app
    from search_app.catalogues import compile_catalogues

    shutil.copytree(Path(search_app.__file__).parent / "translations", tmp_path / "translations")
    mo = tmp_path / "translations" / "fr" / "LC_MESSAGES" / "messages.mo"
    po = mo.with_suffix(".po")
    # A fresh clone: the .po looks newer than the committed .mo; same messages, so the .mo is left alone.
    os.utime(mo, (1_000_000_000, 1_000_000_000))
    committed = mo.read_bytes()
    compile_catalogues(tmp_path / "translations")
    assert mo.stat().st_mtime == 1_000_000_000 and mo.read_bytes() == committed
    # A translator changes a message: the .mo is rewritten, even though it now looks newer than the .po.
    os.utime(po, (900_000_000, 900_000_000))
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Rechercher"', 'msgstr "Chercher"', 1),
                  encoding="utf-8")
    os.utime(po, (900_000_000, 900_000_000))
    compile_catalogues(tmp_path / "translations")
    assert mo.read_bytes() != committed and b"Chercher" in mo.read_bytes()
    assert not list(mo.parent.glob("*.tmp")), "no temporary file left behind"


def test_model_law_fixture_spans_three_pages(client):
    # Guards the paging tests: they rely on more than two pages of trafficking results.
    html = client.get("/?q=trafficking").get_data(as_text=True)
    assert str(MODEL_LAW_ARTICLES) in count_heading(html)


def test_cross_language_search_and_the_same_language_switch(client):
    html = client.get("/?q=extradition").get_data(as_text=True)
    docs = {i.split("/")[0] for i in hit_ids(html)}
    assert {"RUS-UPK", "CHN-EXTRADITION"} <= docs, "translations of the term are searched too"
    assert '<p class="expansions">' in html and "Выдача" in html
    switch = re.search(r'<a class="switch" role="switch" aria-checked="false" data-switch="same_lang"\s+href="([^"]+)"',
                       html)
    only_en = client.get(unescape(switch.group(1))).get_data(as_text=True)
    assert {i.split("/")[0] for i in hit_ids(only_en)} == {"FRA-CP-EN"}
    assert '<p class="expansions">' not in only_en


@pytest.mark.parametrize("url", ["/?q=trafficking&country=UN", "/documents/FRA-CP?p=art-1", "/help", "/?q=extradition"])
def test_ids_are_unique_and_labels_point_at_fields(client, url):
    html = client.get(url).get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids, target
    for target in re.findall(r'aria-labelledby="([^"]+)"', html):
        assert target in ids, target


def test_a_cut_facet_links_to_all_its_values(client):
    html = client.get("/?facet_size=2").get_data(as_text=True)
    country = re.search(r'<section class="facet" data-facet="country">.*?</section>', html, re.S).group(0)
    assert "Only the most frequent values are shown." in country
    link = unescape(re.search(r'href="([^"]+facet_size=max[^"]*)"', country).group(1))
    full = client.get(link).get_data(as_text=True)
    full_country = re.search(r'<section class="facet" data-facet="country">.*?</section>', full, re.S).group(0)
    # the sample documents' six countries and the UN, every one listed now
    for name in ("France", "Russian Federation", "United Arab Emirates", "China", "Spain", "United Kingdom"):
        assert name in full_country, name
    assert "Only the most frequent values are shown." not in full_country


@pytest.mark.parametrize("ui", ["en", "fr", "es", "ru", "ar", "zh"])
def test_search_box_placeholder_is_whole_in_every_language(client, ui):
    from html.parser import HTMLParser

    class SearchBox(HTMLParser):
        placeholder = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("name") == "q":
                self.placeholder = attrs.get("placeholder")

    box = SearchBox()
    box.feed(client.get(f"/?ui={ui}").get_data(as_text=True))
    # the example ends with a field filter: a quote inside the translation must not cut it short
    assert box.placeholder and box.placeholder.endswith("country:FRA"), box.placeholder


@pytest.mark.parametrize("page", ["13", "999", "999999"])
def test_a_page_past_the_last_says_where_the_results_end(client, page):
    first = client.get("/api/search?per_page=5").get_json()
    assert 1 < first["pages"] < int(page)
    r = client.get(f"/?per_page=5&page={page}")  # 999999 is too far to fetch at all, 3 and 999 are fetched empty
    html = unescape(r.get_data(as_text=True))
    assert r.status_code == 404
    assert f"Page {page} is past the last page of these results" in html
    assert f"Go to the last page ({first['pages']})" in html
    assert "Nothing found" not in html and "paged up to" not in html
    assert 'class="hits"' not in html


def test_the_page_before_any_search_browses_the_collection(client):
    html = client.get("/").get_data(as_text=True)
    assert "Browse the collection" in html
    for facet in ("type", "crime", "country"):
        assert f'data-browse="{facet}"' in html
    # the newest documents, each once, not the paragraphs of one document
    data = client.get("/api/search?collapse=1&sort=date").get_json()
    links = re.findall(r'<li class="hit[^"]*"[\s\S]*?<h3><a href="([^"]+)"', html)
    assert links and len(links) == len(data["hits"])
    assert [h["url"].split("//", 1)[1].split("/", 1)[1] for h in data["hits"]] == [u.lstrip("/") for u in links]
    dates = [h["date"] for h in data["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    assert len({h["document_id"] for h in data["hits"]}) == len(data["hits"])
    browse_type = re.search(r'data-browse="type"[\s\S]*?<a href="([^"]+)"', html)[1]
    assert "collapse=1" in browse_type and "sort=date" in browse_type and "type=" in browse_type
    assert 'type="hidden"' not in html.split("</form>")[0]  # a search typed here is an ordinary search
    assert "Browse the collection" not in client.get("/?q=extradition").get_data(as_text=True)
