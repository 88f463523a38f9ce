"""The JSON API, exports, OpenAPI and OpenSearch descriptions through Flask's test client."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.search_app.conftest import XSS


def test_search_json_shape(client):
    r = client.get("/api/search?q=trafficking&per_page=10")
    assert r.status_code == 200 and r.is_json
    data = r.get_json()
    assert data["total"] >= 45 and data["per_page"] == 10
    assert data["pages"] == -(-data["total"] // 10) and data["page"] == 1
    assert len(data["hits"]) == 10
    hit = data["hits"][0]
    for key in ("provision_id", "document_id", "title", "label", "language", "country", "type", "date",
                "snippet_html", "crime", "issue", "url", "score"):
        assert key in hit, key
    assert "text" not in hit
    assert hit["url"].endswith("/provisions/" + hit["provision_id"])
    assert data["links"]["prev"] is None
    nxt = parse_qs(urlsplit(data["links"]["next"]).query)
    assert nxt["page"] == ["2"] and nxt["q"] == ["trafficking"]


def test_search_json_facets_have_counts_selection_and_toggles(client):
    data = client.get("/api/search?q=trafficking").get_json()
    facets = {f["name"]: f for f in data["facets"]}
    assert {"crime", "country", "type", "lang", "year"} <= set(facets)
    assert "issue" in {f["name"] for f in client.get("/api/search").get_json()["facets"]}
    un = next(v for v in facets["country"]["values"] if v["value"] == "UN")
    assert un["count"] > 0 and un["selected"] is False
    assert un["toggle"]["country"] == ["UN"] and un["toggle"]["q"] == ["trafficking"]
    # Following the toggle selects the value: every hit is then from that country.
    selected = client.get("/api/search", query_string=un["toggle"]).get_json()
    assert selected["total"] == un["count"]
    assert {h["country"] for h in selected["hits"]} == {"UN"}
    chip = selected["chips"][0]
    assert chip["facet"] == "country" and chip["value"] == "UN" and "country" not in chip["remove"]


def test_facets_endpoint_matches_search(client):
    facets = client.get("/api/facets?q=extradition").get_json()
    search = client.get("/api/search?q=extradition").get_json()
    assert facets["total"] == search["total"]
    assert facets["facets"] == search["facets"]


def test_labels_follow_the_ui_language(client):
    data = client.get("/api/search?q=trafficking&ui=fr").get_json()
    crime = next(f for f in data["facets"] if f["name"] == "crime")
    labels = {v["value"]: v["label"] for v in crime["values"]}
    assert labels["trafficking-in-persons"] == "Traite des personnes"


def test_bad_parameters_are_400_json(client):
    for url in ("/api/search?page=abc", "/api/search?sort=sideways", "/api/facets?per_page=5000",
                "/api/export.csv?sort=nope", "/api/export.json?from=abc"):
        r = client.get(url)
        assert r.status_code == 400, url
        assert r.is_json and r.get_json()["error"], url


def test_unknown_ids_are_404_json(client):
    for url in ("/api/documents/NO-SUCH", "/api/provisions/NO-SUCH/art-1", "/api/provisions/FRA-CP/art-404",
                "/api/no-such-endpoint"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "error" in r.get_json(), url


def test_document_json(client):
    data = client.get("/api/documents/FRA-CP").get_json()
    assert data["id"] == "FRA-CP" and data["type"] == "legislation" and data["country"] == "FRA"
    assert data["country_name"] == "France"
    assert [p["id"] for p in data["provisions"]] == ["FRA-CP/art-1", "FRA-CP/art-2"]
    assert data["provisions"][1]["crime"] == ["money-laundering"]
    assert {"id": "extradition", "label": "Extradition", "curated": False} in data["issue"]  # a rule's suggestion
    assert data["metadata"]["parallel_group"] == "fra-cp"


def test_provision_json(client):
    data = client.get("/api/provisions/RUS-UPK/art-462").get_json()
    assert data["id"] == "RUS-UPK/art-462" and data["language"] == "ru"
    assert data["text"].startswith("Выдача лица")
    assert data["document"]["id"] == "RUS-UPK" and "provisions" not in data["document"]
    assert data["url"].endswith("/provisions/RUS-UPK/art-462")


def test_json_carries_markup_as_data(client):
    data = client.get("/api/documents/GBR-XSS").get_json()
    assert XSS in data["title"]  # JSON is data: the raw title, escaped by whoever renders it
    hits = client.get("/api/search?q=laundering").get_json()["hits"]
    snippet = next(h["snippet_html"] for h in hits if h["document_id"] == "GBR-XSS")
    assert XSS not in snippet and "&lt;script&gt;" in snippet


def _csv_rows(body: bytes) -> list[dict]:
    # as a spreadsheet reads it: UTF-8 after its byte order mark
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_has_every_row_of_the_search(client):
    total = client.get("/api/search?q=trafficking").get_json()["total"]
    r = client.get("/api/export.csv?q=trafficking")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = _csv_rows(r.get_data())
    assert len(rows) == total > 20
    assert len({row["provision_id"] for row in rows}) == total
    assert rows[0]["url"].endswith("/provisions/" + rows[0]["provision_id"]) and rows[0]["text"]


def test_json_export_follows_filters(client):
    params = {"q": "extradition", "country": "FRA"}
    total = client.get("/api/search", query_string=params).get_json()["total"]
    rows = json.loads(client.get("/api/export.json", query_string=params).get_data(as_text=True))
    assert len(rows) == total > 0
    assert {row["country"] for row in rows} == {"FRA"}


def test_export_stops_at_the_row_limit(client, monkeypatch):
    import search_app.export

    monkeypatch.setattr(search_app.export, "EXPORT_MAX_ROWS", 30)
    rows = _csv_rows(client.get("/api/export.csv?q=trafficking").get_data())
    assert len(rows) == 30
    rows = json.loads(client.get("/api/export.json").get_data(as_text=True))
    assert len(rows) == 30


def test_suggest(client):
    data = client.get("/api/suggest?q=traff").get_json()
    assert "Trafficking in persons" in data["suggestions"]
    assert client.get("/api/suggest?q=t").get_json()["suggestions"] == []
    fr = client.get("/api/suggest?q=blanch&ui=fr").get_json()["suggestions"]
    assert any(s.lower().startswith("blanchiment") for s in fr)
    os_format = client.get("/api/suggest?q=traff&format=opensearch&ui=en").get_json()
    assert os_format[0] == "traff" and "Trafficking in persons" in os_format[1]


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_openapi_describes_every_api_route(client, app):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["title"] and spec["info"]["version"]
    for path, item in spec["paths"].items():
        for op in item.values():
            assert op["responses"] and op.get("operationId"), path
            for param in op.get("parameters", []):
                assert param["in"] in ("query", "path") and "schema" in param
                if param["in"] == "path":
                    assert param["required"] and "{" + param["name"] + "}" in path
    for ref in _refs(spec):
        name = ref.removeprefix("#/components/schemas/")
        assert name in spec["components"]["schemas"], ref
    # Every /api route of the app, the treaty finder's included, is documented.
    rules = [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/")]
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule) for rule in rules}
    documented = set(spec["paths"])
    assert routes <= documented, routes - documented


def test_opensearch_description(client):
    r = client.get("/opensearch.xml")
    assert r.status_code == 200 and r.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(r.data)
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    assert root.find("os:ShortName", ns).text == "sherloc-search"
    urls = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert urls["text/html"].endswith("/?q={searchTerms}")
    assert "/api/suggest?q={searchTerms}" in urls["application/x-suggestions+json"]
    html = client.get("/").get_data(as_text=True)
    assert 'rel="search" type="application/opensearchdescription+xml"' in html


def test_openapi_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/openapi.json").get_json())  # raises with the offending part


@pytest.mark.parametrize("url,status", [
    ("/api/search?q=extradition", 200),
    ("/api/search?q=trafficking&crime=trafficking-in-persons&country=UN&page=2&collapse=1", 200),
    ("/api/search?q=extradtion", 200),  # with a spelling suggestion
    ('/api/search?q=(extradition "dual', 200),  # a syntax error: a message and a best-effort result
    ("/api/search?page=0", 400),
    ("/api/facets?q=extradition&facet_size=max", 200),
    ("/api/documents/FRA-CP", 200),
    ("/api/documents/NO-SUCH", 404),
    ("/api/provisions/FRA-CP/art-1", 200),
    ("/api/suggest?q=extr", 200),
    ("/api/export.json?q=extradition", 200),
])  # fmt: skip
def test_responses_match_their_documented_schemas(client, url, status):
    from tests.search_app.openapi_check import assert_matches_spec

    assert_matches_spec(client, url, status)


def test_export_gives_a_long_provision_whole(tmp_path):
    # the index keeps only the start of a long text (what snippets read); the export is the store's
    from index.home import Home
    from index.models import DocumentRecord, Provision
    from index.snippets import SNIPPET_TEXT_CHARS
    from index.store import Store
    from index.sync import rebuild
    from search_app import create_app

    words = "The court examined the evidence of laundering presented by the prosecution. "
    text = words * (SNIPPET_TEXT_CHARS // len(words) + 200) + "Final sentence of the judgment."
    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    store.put_document(DocumentRecord(
        id="LONG-CASE", type="case", title="A long judgment", country="FRA", languages=["en"], date="2020-01-01",
        provisions=[Provision(label="Reasons", text=text, language="en", order=0)], content_hash="long"))
    rebuild(store, home)
    store.close()
    client = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()
    hit = client.get("/api/search?q=laundering").get_json()["hits"][0]
    assert "<mark>laundering</mark>" in hit["snippet_html"]
    rows = json.loads(client.get("/api/export.json?q=laundering").get_data(as_text=True))
    assert [len(r["text"]) for r in rows] == [len(text)] and rows[0]["text"].endswith("of the judgment.")
    rows = _csv_rows(client.get("/api/export.csv?q=laundering").get_data())
    assert rows[0]["text"] == text


def test_exports_open_in_a_spreadsheet_intact_and_inert(tmp_path):
    from index.home import Home
    from index.models import Classification, DocumentRecord, Provision
    from index.store import Store
    from index.sync import rebuild
    from search_app import create_app

    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    texts = {"ar": "=HYPERLINK(\"http://evil.example\") غسل الأموال", "ru": "+1 отмывание денег",
             "zh": "@SUM(A1) 洗钱"}
    for lang, text in texts.items():
        store.put_document(DocumentRecord(
            id=f"XLS-{lang}", type="legislation", title=f"-{lang} title", country="FRA", languages=[lang],
            date="2020-01-01", classifications=[Classification("crime", "money-laundering", "editor"),
                                                Classification("issue", "confiscation", "editor")],
            provisions=[Provision(label="Article 1", text=text, language=lang, order=0)], content_hash=lang))
    rebuild(store, home)
    store.close()
    client = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()
    body = client.get("/api/export.csv?type=legislation").get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel takes the file as UTF-8 only with its byte order mark
    rows = {r["document_id"]: r for r in _csv_rows(body)}
    for lang, text in texts.items():
        row = rows[f"XLS-{lang}"]
        assert row["text"] == "'" + text and row["title"] == f"'-{lang} title"  # shown as typed, never run
        assert row["crime"] == "money-laundering" and row["issue"] == "confiscation"
    data = {r["document_id"]: r for r in json.loads(client.get("/api/export.json?type=legislation").get_data())}
    assert data["XLS-zh"]["text"] == texts["zh"]  # JSON is data: unchanged
    assert data["XLS-ru"]["crime"] == ["money-laundering"] and data["XLS-ru"]["issue"] == ["confiscation"]


def test_a_mistyped_field_keeps_the_rest_of_the_query(client):
    plain = client.get("/api/search?q=extradition").get_json()
    typo = client.get("/api/search", query_string={"q": "foo:bar extradition"}).get_json()
    assert typo["total"] == plain["total"] > 0
    assert any("unknown field 'foo'" in e and "optional words" in e for e in typo["errors"])


@pytest.mark.parametrize(("typed", "expected"), [("выд", "Выдача"), ("تسل", "تسليم المجرمين"),
                                                  ("blan", "Blanchiment d'argent"), ("洗", "洗钱")])
def test_suggestions_follow_the_script_typed_in_any_ui(client, typed, expected):
    for ui in ("en", "ar", "zh"):
        found = client.get("/api/suggest", query_string={"q": typed, "ui": ui}).get_json()["suggestions"]
        assert expected in found, (ui, found)


def test_suggestions_put_the_ui_language_first(client):
    fr = client.get("/api/suggest", query_string={"q": "trafic", "ui": "fr"}).get_json()["suggestions"]
    assert fr[0].startswith("Trafic")
    en = client.get("/api/suggest", query_string={"q": "tra", "ui": "en"}).get_json()["suggestions"]
    assert en[0] == "Trafficking in persons"


def test_snippets_mark_the_query_words_but_not_its_stopwords(client):
    hits = client.get("/api/search", query_string={"q": "extradition of nationals", "lang": "en"}).get_json()["hits"]
    marked = {m.lower() for h in hits for m in re.findall(r"<mark>(.*?)</mark>", h["snippet_html"])}
    assert {"extradition", "national"} <= marked and "of" not in marked
    fr = client.get("/api/search", query_string={"q": "le blanchiment du produit", "lang": "fr"}).get_json()["hits"]
    marked = {m.lower() for h in fr for m in re.findall(r"<mark>(.*?)</mark>", h["snippet_html"])}
    assert "blanchiment" in marked and not marked & {"le", "du"}
    alone = client.get("/api/search", query_string={"q": "of", "lang": "en"}).get_json()["hits"]
    assert alone and all("<mark>of</mark>" in h["snippet_html"].lower() for h in alone)  # nothing else to mark


def test_the_api_answers_what_its_document_promises(client):
    # a long query on the authorities directory is refused, not a 500 ("LIKE pattern too complex")
    r = client.get("/api/treaties/authorities", query_string={"q": "x" * 50_000})
    assert r.status_code == 400 and r.get_json()["error"].startswith("q: the words are longer than")
    # a method an address does not take names those it does
    r = client.post("/api/search")
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    # a script's State is a code: "8" is not read as Albania's ISO numeric code
    r = client.get("/api/treaties/applicable?requesting=FRA&requested=8")
    assert r.status_code == 400 and "unknown requested State '8'" in r.get_json()["error"]
    assert client.get("/api/treaties/applicable?requesting=FRA&requested=FRA").status_code == 422
    # bounds the document states are the parser's
    assert client.get("/api/search?from=0").status_code == 400
    assert client.get("/api/search?from=").status_code == 200  # empty, as a form sends it: not given
    assert client.get("/api/suggest?q=ex&limit=0").status_code == 400
    assert client.get("/api/suggest").status_code == 400
    assert client.get("/api/search?ui=klingon").status_code == 400


def test_the_api_docs_page_is_the_openapi_document_read_aloud(client):
    spec = client.get("/api/openapi.json").get_json()
    html = unescape(client.get("/api/docs").get_data(as_text=True))
    assert 'href="/api/docs"' in client.get("/").get_data(as_text=True)  # linked from the footer
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert f'id="{op["operationId"]}"' in html and f"{method.upper()} {path}" in html
            for p in op.get("parameters", []):
                assert f"<code>{p['name']}</code>" in html
    assert "1–100" in html  # per_page's bounds, as the parser has them
    assert "cdn" not in html.lower() and "<script src=\"http" not in html  # served from here
