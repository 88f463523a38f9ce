"""The engine contract suite (tests/index/test_engines.py) run against a real OpenSearch node.

The node is the one at SHERLOC_OPENSEARCH_URL (default http://127.0.0.1:9200); every test
here skips when none answers. Start one with tools/opensearch/start-node.sh. Each test
works in its own index (named from its tmp_path) and deletes it afterwards.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import urllib.error
import urllib.request

import pytest

from index.engines import create_engine, engine_class
from index.errors import SherlocError
from index.home import Home
from index.models import DocumentRecord, Provision
from index.plan import EngineQuery, Term
from index.store import Store
from index.sync import catch_up, rebuild
from tests.index.test_engines import (  # noqa: F401 - collected here against this module's `built`, `open_engine`
    _legal_sample,
    corpus,
    test_a_long_facet_is_cut_but_selected_values_and_years_are_complete,
    test_arabic_normalisation,
    test_chinese_bigrams,
    test_collapse_one_row_per_document,
    test_delete_and_replace_through_catch_up,
    test_facet_counts_equal_the_store,
    test_facet_counts_on_legal_sources,
    test_facet_counts_on_the_bundled_corpus,
    test_field_values,
    test_language_weights_and_restriction,
    test_more_like_this_and_suggest,
    test_phrase_prefix_fuzzy_not,
    test_relevance_ranks_title_matches_first,
    test_snippets_are_escaped_and_marked,
    test_stable_paging,
    test_stemming_across_languages,
    test_year_range_and_filters,
)

URL = os.environ.get("SHERLOC_OPENSEARCH_URL", "http://127.0.0.1:9200")


def _node_answers() -> bool:
    try:
        with urllib.request.urlopen(f"{URL}/_cluster/health", timeout=3) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def os_node() -> str:
    """The node's URL, or skip. (Not named `node`: test_stable_paging has a parameter of that name.)"""
    pytest.importorskip("opensearchpy", reason="opensearch-py is not installed (the [opensearch] extra)")
    if not _node_answers():
        pytest.skip(f"no OpenSearch node at {URL}: start one with tools/opensearch/start-node.sh")
    return URL


@pytest.fixture
def engines(os_node):
    """Opened engines, closed and their indexes deleted after the test."""
    opened = []

    def open_(directory):
        engine = create_engine("opensearch", directory)
        opened.append(engine)
        return engine

    yield open_
    for engine in opened:
        engine.drop()
        engine.close()


@pytest.fixture
def open_engine(engines):
    """The contract suite's engine opener, for OpenSearch (overrides test_engines.open_engine)."""
    return engines


@pytest.fixture
def built(engines, tmp_path):
    """(store, engine) with the contract corpus indexed through catch_up (overrides test_engines.built)."""
    store = Store(tmp_path / "store.sqlite3")
    for doc in corpus():
        store.put_document(doc)
    engine = engines(tmp_path / "index")
    catch_up(store, engine)
    yield store, engine
    store.close()


def test_registered_by_name():
    pytest.importorskip("opensearchpy", reason="opensearch-py is not installed (the [opensearch] extra)")
    assert engine_class("opensearch").__name__ == "OpenSearchEngine"


def test_rebuild_while_a_searcher_is_open(engines, tmp_path):
    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    for doc in corpus()[:8]:
        store.put_document(doc)
    first = rebuild(store, home, "opensearch")
    assert first["documents"] == 8 and first["provisions"] == 13
    old = engines(first["directory"])
    assert old.search(EngineQuery(node=Term("extradition"))).total > 0
    store.delete_document("gbr-extradition-2003")
    second = rebuild(store, home, "opensearch")
    assert second["directory"] != first["directory"] and second["provisions"] == 10
    assert old.search(EngineQuery(node=Term("confiscation"))).total == 1  # the old index still answers
    new = engines(second["directory"])
    assert new.search(EngineQuery(node=Term("confiscation"))).total == 0
    assert new.applied_seq() == store.last_seq()
    store.close()


def test_reopening_a_directory_keeps_its_index(engines, tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    for doc in corpus()[:3]:
        store.put_document(doc)
    first = engines(tmp_path / "index")
    catch_up(store, first)
    again = engines(tmp_path / "index")
    assert again.index == first.index
    assert again.applied_seq() == store.last_seq() and again.count() == first.count() == 6
    assert catch_up(store, again) == 0
    store.close()


def test_an_index_lost_on_the_node_is_rebuilt_by_catch_up(engines, tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    for doc in corpus()[:3]:
        store.put_document(doc)
    engine = engines(tmp_path / "index")
    catch_up(store, engine)
    engine.drop()
    with pytest.raises(SherlocError, match="gone from the node"):
        engine.search(EngineQuery(node=Term("extradition")))
    again = engines(tmp_path / "index")
    assert again.applied_seq() == 0 and again.count() == 0
    assert catch_up(store, again) == 3
    assert again.count() == 6 and again.search(EngineQuery(node=Term("extradition"))).total > 0
    store.close()


def test_a_provision_in_another_language_is_found_and_marked(engines, tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    store.put_document(DocumentRecord(
        id="deu-stgb", type="legislation", title="Strafgesetzbuch", country="DEU", languages=["de"],
        date="1871-05-15", provisions=[Provision(label="§ 1", number="1", language="de", order=1,
                                                 text="Eine Tat kann nur bestraft werden, wenn die Strafbarkeit "
                                                      "gesetzlich bestimmt war <b>bevor</b> die Tat begangen wurde.")]))
    for doc in corpus()[:2]:
        store.put_document(doc)
    engine = engines(tmp_path / "index")
    catch_up(store, engine)
    hit = engine.search(EngineQuery(node=Term("strafbarkeit"))).hits[0]
    assert hit.document_id == "deu-stgb"
    assert "<mark>Strafbarkeit</mark>" in hit.snippet_html and "&lt;b&gt;bevor&lt;/b&gt;" in hit.snippet_html
    # words of the six languages still get their snippets from the stemmed field
    hit = engine.search(EngineQuery(node=Term("extradite"))).hits[0]
    assert "<mark>extradited</mark>" in hit.snippet_html
    store.close()


def test_no_node_is_a_clear_error(monkeypatch, tmp_path):
    pytest.importorskip("opensearchpy", reason="opensearch-py is not installed (the [opensearch] extra)")
    monkeypatch.setenv("SHERLOC_OPENSEARCH_URL", "http://127.0.0.1:9")
    with pytest.raises(SherlocError, match=r"no OpenSearch node answers at http://127\.0\.0\.1:9.*start-node\.sh"):
        create_engine("opensearch", tmp_path / "index")


def _on_node(index: str) -> bool:
    try:
        with urllib.request.urlopen(f"{URL}/{index}", timeout=10):
            return True
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
        return False


def test_indexes_of_removed_directories_are_collected(engines, tmp_path, monkeypatch):
    old = engines(tmp_path / "old")
    assert _on_node(old.index)
    shutil.rmtree(tmp_path / "old")  # as sync.rebuild removes an older build
    monkeypatch.setenv("SHERLOC_OPENSEARCH_GC", "0")
    engines(tmp_path / "kept")
    assert _on_node(old.index)
    monkeypatch.delenv("SHERLOC_OPENSEARCH_GC")
    new = engines(tmp_path / "new")
    assert not _on_node(old.index) and _on_node(new.index)


def test_a_new_directory_gets_a_new_index(engines, tmp_path):
    a, b = engines(tmp_path / "a"), engines(tmp_path / "b")
    assert a.index != b.index
    assert a.applied_seq() == b.applied_seq() == 0 and a.count() == b.count() == 0


def test_same_answers_as_tantivy_on_legal_sources(engines, tmp_path):
    """Switching the engine must not change what a search finds: totals, documents and facets."""
    from index.search import SearchRequest, search

    store = Store(tmp_path / "store.sqlite3")
    docs = _legal_sample()
    for doc in docs:
        store.put_document(doc)
    tantivy = create_engine("tantivy", tmp_path / "tantivy")
    opensearch = engines(tmp_path / "index")
    catch_up(store, tantivy)
    catch_up(store, opensearch)
    # words of every frequency, taken from the texts, and each query syntax
    words = collections.Counter(
        w.lower() for d in docs[:100] for p in d.provisions for w in re.findall(r"[^\W\d_]{5,}", p.text))
    queries = [w for w, _ in words.most_common(400)[::10]]
    queries += ['"court of appeal"', "crimin*", "judgment~1", "article -court", "year:1990..2010", "type:case"]
    for q in queries:
        request = SearchRequest.from_params({"q": [q], "per_page": ["50"]})
        want, got = search(tantivy, request), search(opensearch, request)
        assert (got.total, got.total_documents) == (want.total, want.total_documents), q
        assert [(f.name, [(v.value, v.count) for v in f.values]) for f in got.facets] == [
            (f.name, [(v.value, v.count) for v in f.values]) for f in want.facets], q
        assert got.total == 0 or got.hits[0].snippet_html, q
    tantivy.close()
    store.close()



def test_an_index_without_this_versions_fields_is_refused_as_outdated(engines, tmp_path, monkeypatch):
    # the mapping is strict: an index an earlier version created cannot take the curated facet fields
    from index.engines import opensearch_engine
    from index.errors import IndexOutdated

    real = opensearch_engine.index_mappings

    def earlier(directory):
        mappings = real(directory)
        for name in ("f_crime_curated", "f_issue_curated"):
            mappings["properties"].pop(name)
        return mappings

    monkeypatch.setattr(opensearch_engine, "index_mappings", earlier)
    engines(tmp_path / "index")
    monkeypatch.setattr(opensearch_engine, "index_mappings", real)
    with pytest.raises(IndexOutdated, match="f_crime_curated, f_issue_curated"):
        create_engine("opensearch", tmp_path / "index")
