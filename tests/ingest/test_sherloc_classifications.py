"""SHERLOC's own classifications, ingested: kept as given, counted by document, told from suggestions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from index.engines import ENGINES, create_engine
from index.search import SearchRequest, search
from index.store import Store
from index.sync import catch_up
from index.taxonomy import load_taxonomy
from ingest.pipeline import ingest_paths
from ingest.records import parse_crime_types

SAMPLE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sherloc-sample"


def _facet(resp, name: str) -> dict[str, int]:
    return {v.value: v.count for f in resp.facets if f.name == name for v in f.values}


@pytest.fixture(scope="module")
def sherloc_store(tmp_path_factory):
    if not SAMPLE.is_dir():
        pytest.skip(f"../shared/data not present: {SAMPLE}")
    store = Store(tmp_path_factory.mktemp("sherloc") / "store.sqlite3")
    report = ingest_paths([SAMPLE], store, progress=False, workers=1)
    assert not report.rejected
    yield store, report
    store.close()


def _own_crime_types() -> dict[str, list[str]]:
    """Record id -> the crime types its file gives, as taxonomy ids."""
    taxonomy = load_taxonomy()
    out = {}
    for path in sorted(SAMPLE.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        out[record["_id"]] = [taxonomy.resolve("crime", label) for label in parse_crime_types(record["crime_types"])]
    return out


@pytest.mark.shared_data
def test_every_crime_type_a_sherloc_record_gives_is_kept_as_given_by_the_source(sherloc_store) -> None:
    store, report = sherloc_store
    own = _own_crime_types()
    assert "sexual-gender-based-crimes" in own["SHERLOC-CL-CHEx024"]  # dropped as unknown before
    for doc_id, terms in own.items():
        assert None not in terms, doc_id
        doc = store.get_document(doc_id)
        assert doc.terms("crime") == terms or set(doc.terms("crime")) == set(terms), doc_id
        assert {c.term_id for c in doc.classifications if c.origin == "source" and c.scheme == "crime"} == set(terms)
    assert not any("not in the taxonomy" in w for f in report.files for w in f.warnings)


@pytest.mark.shared_data
@pytest.mark.parametrize("engine_name", sorted(ENGINES))
def test_the_crime_facet_by_document_equals_the_records_own_crime_types(sherloc_store, tmp_path, engine_name):
    store, _ = sherloc_store
    engine = create_engine(engine_name, tmp_path / "index")
    try:
        catch_up(store, engine)
        by_document = search(engine, SearchRequest.from_params({"collapse": ["1"], "facet_size": ["max"]}))
        expected = Counter(term for terms in _own_crime_types().values() for term in terms)
        assert by_document.unit == "documents"
        assert _facet(by_document, "crime") == dict(expected)
        assert by_document.total_documents == 30
        # by provision, the same facet counts provisions: a record of several articles counts several times
        by_provision = search(engine, SearchRequest.from_params({"facet_size": ["max"]}))
        assert by_provision.unit == "provisions"
        assert sum(_facet(by_provision, "crime").values()) > sum(expected.values())
        # curated only: here every crime type is the source's own, so the counts are the same
        params = {"collapse": ["1"], "curated": ["1"], "facet_size": ["max"]}
        curated = search(engine, SearchRequest.from_params(params))
        assert _facet(curated, "crime") == dict(expected)
    finally:
        engine.close()


def test_a_classification_the_taxonomy_lacks_is_kept_reported_and_shown(tmp_path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    record = {"_id": "REC-1", "_type": "case_law", "title": "R. v. Someone", "country_code": "CAN",
              "text": "The accused was convicted of illegal mining of gold on protected land and of rape.",
              "crime_types": ["Illegal mining", "Sexual and gender-based crimes, including conflict-related sexual "
                              "violence"]}  # fmt: skip
    (folder / "rec.json").write_text(json.dumps(record), encoding="utf-8")
    store = Store(tmp_path / "store.sqlite3")
    try:
        report = ingest_paths([folder], store, progress=False, workers=1)
        (outcome,) = report.files
        assert outcome.status == "ingested"
        assert any("'Illegal mining'" in w and "kept as given" in w for w in outcome.warnings)
        doc = store.get_document("REC-1")
        assert doc.metadata["unmapped"] == {"crime": ["Illegal mining"]}
        assert doc.terms("crime") == ["sexual-gender-based-crimes"]
        stats = store.stats()
        assert stats["unmapped_crime_types"] == {"Illegal mining": 1} and stats["unmapped_issues"] == {}
        assert stats["by_crime_type"] == {"sexual-gender-based-crimes": 1}
    finally:
        store.close()
