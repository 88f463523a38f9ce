"""Absolute links never take a forged Host header: a base URL, trusted proxies or allowed hosts decide them."""

from __future__ import annotations

import re

import pytest

from search_app import create_app
from search_app.hosting import allowed_hosts


@pytest.fixture()
def make_client(web_home):
    def make(**config):
        return create_app({"SHERLOC_HOME": str(web_home.root), "TESTING": True, **config}).test_client()
    return make


def test_a_forged_host_is_refused_not_reflected(make_client):
    client = make_client()
    assert client.get("/help", headers={"Host": "localhost:5000"}).status_code == 200
    r = client.get("/opensearch.xml", headers={"Host": "evil.example"})
    assert r.status_code == 400 and "evil.example' is not trusted" in r.get_data(as_text=True)
    assert "SHERLOC_ALLOWED_HOSTS" in r.get_data(as_text=True)


def test_the_base_url_writes_every_absolute_link(make_client):
    client = make_client(SHERLOC_BASE_URL="https://sherloc.example.org/search-app/")
    xml = client.get("/opensearch.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in xml
    assert 'template="https://sherloc.example.org/search-app/?q={searchTerms}"' in xml
    feed = client.get("/search-app/search.atom?q=extradition", headers={"Host": "evil.example"})
    assert feed.status_code == 200 and "evil.example" not in feed.get_data(as_text=True)
    assert client.application.config["SESSION_COOKIE_SECURE"] is True


def test_trusted_proxies_give_the_public_address(make_client):
    client = make_client(SHERLOC_TRUSTED_PROXIES="1")
    feed = client.get("/search.atom?q=extradition", headers={
        "Host": "10.0.0.5:8000", "X-Forwarded-Host": "sherloc.example.org", "X-Forwarded-Proto": "https"})
    assert '<link rel="self" type="application/atom+xml" href="https://sherloc.example.org/search.atom' in \
        feed.get_data(as_text=True)


def test_allowed_hosts_are_the_only_names_answered(make_client):
    client = make_client(SHERLOC_ALLOWED_HOSTS="sherloc.example.org, .example.net")
    assert client.get("/help", headers={"Host": "sherloc.example.org"}).status_code == 200
    assert client.get("/help", headers={"Host": "a.example.net"}).status_code == 200
    assert client.get("/help", headers={"Host": "localhost"}).status_code == 400


def test_default_hosts_follow_the_listening_address():
    assert allowed_hosts({"SHERLOC_SERVE_HOST": "192.0.2.7"})[-1] == "192.0.2.7"
    assert "localhost" in allowed_hosts({})
    assert allowed_hosts({"SHERLOC_SERVE_HOST": "0.0.0.0"}) is None  # every interface: the serve command warns


def test_a_huge_query_string_is_not_repeated_in_every_language_link(make_client):
    client = make_client()
    q = "extradition " * 9000
    body = client.get("/", query_string={"q": q}).get_data(as_text=True)
    # the search box keeps the query so it can be corrected; the title and the twelve language links do not
    assert body.count(q.strip()) <= 1
    assert len(body) < 2.2 * len(q)


def test_a_base_url_with_a_path_keeps_every_link_inside_the_app(make_client):
    client = make_client(SHERLOC_BASE_URL="https://ex.org/sherloc/")
    html = client.get("/sherloc/?q=extradition").get_data(as_text=True)
    assert 'href="/sherloc/treaties/"' in html
    languages = re.findall(r'data-ui="\w+"|href="([^"]*ui=\w+)"', html)
    assert [u for u in languages if u] and all(u.startswith("/sherloc/") for u in languages if u)
    refused = client.get("/sherloc/admin/")
    assert "next=/sherloc/admin/" in refused.headers["Location"].replace("%2F", "/")
