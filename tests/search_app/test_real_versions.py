"""Real language versions shown side by side, and real UN documents told apart, as a reader sees them."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from index.home import Home
from index.store import Store
from index.sync import rebuild
from ingest.pipeline import ingest_paths
from search_app import create_app

UN_PAIR = [  # sample records (not real texts): one UN symbol in two languages, and a part of it in English
    {"id": "UN-SAMPLE-EN", "title": "Sample report (English)", "symbol": "CTOC/COP/2099/1", "language": "en",
     "text": "1. The Conference adopted the sample report.\n\n2. The Conference thanked the sample secretariat."},
    {"id": "UN-SAMPLE-FR", "title": "Rapport d'exemple (français)", "symbol": "CTOC/COP/2099/1", "language": "fr",
     "text": "1. La Conférence a adopté le rapport d'exemple.\n\n2. La Conférence a remercié le secrétariat."},
    {"id": "UN-SAMPLE-EN-PART", "title": "Sample report, part two (English)", "symbol": "CTOC/COP/2099/1",
     "language": "en", "text": "3. The Conference closed its sample session."},
]


@pytest.fixture(scope="module")
def client(shared_data, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("versions")
    records = tmp / "un-sample.jsonl"
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in UN_PAIR), encoding="utf-8")
    home = Home(tmp / "home")
    store = Store(home.store_path)
    report = ingest_paths([shared_data / "udhr", shared_data / "un-docs", records], store, workers=1, progress=False)
    assert not report.rejected, [(f.path, f.reason) for f in report.rejected]
    rebuild(store, home)
    store.close()
    c = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return c


def _versions(html: str) -> list[str]:
    block = re.search(r"Other language versions</h3>\s*<ul class=\"plain\">(.*?)</ul>", html, re.S)
    return [unescape(t) for t in re.findall(r'dir="auto">([^<]+)</a>', block.group(1))] if block else []


def test_the_six_udhr_files_are_versions_of_one_work_side_by_side(client):
    html = client.get("/documents/eng").get_data(as_text=True)
    assert sorted(_versions(html)) == sorted(["الإعلان العالمي لحقوق الإنسان", "世界人权宣言",
                                              "Всеобщая декларация прав человека",
                                              "Declaración Universal de Derechos Humanos",
                                              "Déclaration universelle des droits de l’homme"])
    article_1 = re.search(r'<section class="provision[^"]*" id="art-1".*?</section>', html, re.S).group(0)
    assert "All human beings are born free" in article_1
    assert 'class="parallel"' in article_1 and "Tous les êtres humains naissent libres" in unescape(article_1)
    arabic = client.get("/documents/arb").get_data(as_text=True)
    assert len(_versions(arabic)) == 5


def test_documents_sharing_a_un_symbol_are_versions_only_across_languages(client):
    english = client.get("/documents/UN-SAMPLE-EN").get_data(as_text=True)
    assert _versions(english) == ["Rapport d'exemple (français)"]
    para_1 = re.search(r'<section class="provision[^"]*" id="para-1".*?</section>', english, re.S).group(0)
    assert "La Conférence a adopté le rapport" in unescape(para_1)
    assert _versions(client.get("/documents/UN-SAMPLE-FR").get_data(as_text=True)) == [
        "Sample report (English)", "Sample report, part two (English)"]


def test_the_five_un_documents_no_longer_read_the_same(client):
    rows = client.get("/api/search?q=coopération&collapse=1&per_page=50").get_json()["hits"]
    titles = {r["document_id"]: r["title"] for r in rows if r["document_id"][:3] in ("000", "001", "002", "003", "004")}
    assert len(titles) == 5 and len(set(titles.values())) == 5
    page = client.get("/documents/000-bc9384a3c8c704c0").get_data(as_text=True)
    assert "Neuvième session (Vienne, 15-19 octobre 2018), 19 juillet 2018</h1>" in unescape(page)
