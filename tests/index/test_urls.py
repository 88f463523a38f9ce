"""Source addresses as real data gives them: kept, percent-encoded; anything but a web address refused."""

from __future__ import annotations

import gzip
import json
from urllib.parse import unquote

import pytest

from index.urls import clean_web_url


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("https://www.singaporelawwatch.sg/Portals/0/Docs/Judgments/2025/[2025] SGCA 53.pdf",
         "https://www.singaporelawwatch.sg/Portals/0/Docs/Judgments/2025/%5B2025%5D%20SGCA%2053.pdf"),
        ("https://dgi.mef.gob.pa/Novedades/Resolución-201-0384-17-enero-2024-(proveedores-política).pdf",
         "https://dgi.mef.gob.pa/Novedades/Resoluci%C3%B3n-201-0384-17-enero-2024-(proveedores-pol%C3%ADtica).pdf"),
        ("https://example.org/loi?id=5&x=a b#art 1", "https://example.org/loi?id=5&x=a%20b#art%201"),
        ("https://example.org/already%20encoded/100%", "https://example.org/already%20encoded/100%25"),
        ("HTTPS://example.org/a\n/b", "https://example.org/a/b"),
        ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
    ],
)
def test_real_world_addresses_are_kept_encoded(given, stored):
    assert clean_web_url(given) == stored
    assert clean_web_url(stored) == stored  # encoding twice changes nothing


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://x.org/a",
                                 "//evil.example/x", "https://", "https://a b.org/x", "https://x.org/\x00", None, 5])
def test_only_web_addresses(url):
    assert clean_web_url(url) is None


def test_every_real_legal_sources_address_is_kept(shared_data):
    with gzip.open(shared_data / "legal-sources" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        urls = [u for u in (json.loads(line).get("url") for line in fh) if u]
    spaced = [u for u in urls if " " in u or "[" in u]
    assert len(spaced) >= 100
    for url in urls:
        kept = clean_web_url(url)
        assert kept is not None, url
        assert unquote(kept) == unquote(url.strip()), url  # the same address, only encoded
