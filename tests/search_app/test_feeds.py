"""Atom feeds of searches, read back as a feed reader reads them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"


def _feed(client, url: str) -> ET.Element:
    r = client.get(url)
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    return ET.fromstring(r.get_data())


def test_a_search_is_a_feed_of_its_documents_newest_first(client):
    feed = _feed(client, "/search.atom?q=extradition")
    entries = feed.findall(f"{A}entry")
    docs = client.get("/api/search?q=extradition&collapse=1&sort=date&per_page=50").get_json()
    assert len(entries) == len(docs["hits"]) > 1
    assert [e.find(f"{A}title").text for e in entries] == [h["title"] for h in docs["hits"]]
    published = [e.find(f"{A}published").text for e in entries if e.find(f"{A}published") is not None]
    assert published == sorted(published, reverse=True)
    first = entries[0]
    assert first.find(f"{A}id").text.endswith("/documents/" + docs["hits"][0]["document_id"])
    assert first.find(f"{A}link").get("href") == docs["hits"][0]["url"]
    assert "<mark>" in first.find(f"{A}summary").text  # HTML, escaped once inside the XML
    assert feed.find(f"{A}updated").text.endswith("Z") and feed.find(f"{A}author/{A}name").text
    self_link = next(x for x in feed.findall(f"{A}link") if x.get("rel") == "self")
    assert self_link.get("href").endswith("/search.atom?q=extradition")


def test_format_atom_on_the_search_page_and_filters_apply(client):
    page_feed = _feed(client, "/?q=extradition&type=legislation&format=atom")
    path_feed = _feed(client, "/search.atom?q=extradition&type=legislation")
    assert ET.tostring(page_feed) == ET.tostring(path_feed)
    terms = {c.get("term") for e in page_feed.findall(f"{A}entry") for c in e.findall(f"{A}category")}
    assert "legislation" in terms and "case" not in terms


def test_the_results_page_links_its_feed(client):
    html = client.get("/?q=extradition").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/search.atom?q=extradition"' in html


def test_partial_dates_are_valid_atom_timestamps():
    from search_app.views.feeds import _atom_date

    assert _atom_date("2015-3") == "2015-03-01T00:00:00Z"
    assert _atom_date("2015") == "2015-01-01T00:00:00Z"
    assert _atom_date("2015-03-26") == "2015-03-26T00:00:00Z"
    assert _atom_date("n.d.") is None
