"""Retrying a quarantined file with an editor's metadata, and discarding one: real files, a real store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from index import audit
from index.home import Home
from index.store import Store
from ingest import quarantine, retry
from ingest.pipeline import ingest_paths
from tests.ingest.test_hostile_files import LAW, pdf_bomb


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "home")


@pytest.fixture
def home_store(home):
    s = Store(home.store_path)
    yield s
    s.close()


def _rejected(home: Home, store: Store, folder: Path) -> dict[str, dict]:
    """Ingest `folder`; the quarantine's entries by the original file's name."""
    ingest_paths([folder], store, quarantine_dir=home.quarantine, progress=False, detector="langdetect")
    return {Path(e["file"]).name: e for e in quarantine.listing(home.quarantine)}


def _docs(tmp_path: Path, bomb: bool = False) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-law.txt").write_text(LAW.format(n=1), encoding="utf-8")
    (docs / "a-law.txt.meta.json").write_text('{"id": "EXT-ACT"}', encoding="utf-8")
    # Another file claims the same id: rejected with "give one of them another id in its sidecar".
    (docs / "b-law.txt").write_text(LAW.format(n=2), encoding="utf-8")
    (docs / "b-law.txt.meta.json").write_text('{"id": "EXT-ACT"}', encoding="utf-8")
    # A sidecar that is not JSON: rejected, although the text is fine.
    (docs / "c-law.txt").write_text(LAW.format(n=3), encoding="utf-8")
    (docs / "c-law.txt.meta.json").write_text('{"title": "Act", }', encoding="utf-8")
    if bomb:  # slow to reject: only where a test needs it
        (docs / "bomb.pdf").write_bytes(pdf_bomb())
    with open(os.path.join(os.fsencode(docs), b"law-\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write(LAW.format(n=4))
    return docs


def _retry(home, store, name, metadata, **kw):
    return retry.retry(store, home.quarantine, home.retried, name, metadata, "alice", detector="langdetect", **kw)


def test_a_retry_with_corrected_metadata_stores_the_file_and_takes_it_out_of_the_quarantine(tmp_path, home,
                                                                                               home_store):
    rejected = _rejected(home, home_store, _docs(tmp_path))
    assert sorted(rejected) == ["b-law.txt", "c-law.txt", "law-\\xe9.txt"]
    conflict = rejected["b-law.txt"]
    assert "already belongs to" in conflict["reason"]

    # The same id again: still a conflict, the new reason is kept and the file stays.
    again = _retry(home, home_store, conflict["name"], {"id": "EXT-ACT", "title": "Second Act"})
    assert not again.ok and "already belongs to" in again.reason
    kept = quarantine.entry(home.quarantine, conflict["name"])
    assert kept["reason"] == again.reason and kept["metadata"] == {"id": "EXT-ACT", "title": "Second Act"}
    assert retry.known_metadata(kept) == {"id": "EXT-ACT", "title": "Second Act"}
    assert not any(home.retried.rglob("*.txt"))  # a failed retry leaves no second copy

    done = _retry(home, home_store, conflict["name"], {
        "id": "EXT-ACT-2", "title": "Second Extradition Act", "type": "legislation", "country": "France",
        "language": "en", "date": "2004-05-06", "crime_types": ["corruption"], "issues": ["extradition"]})
    assert done.ok, done.reason
    assert done.documents == ["EXT-ACT-2"]
    doc = home_store.get_document("EXT-ACT-2")
    assert (doc.title, doc.country, doc.date, doc.languages[0]) == ("Second Extradition Act", "FRA", "2004-05-06",
                                                                    "en")
    assert "corruption" in doc.terms("crime") and "extradition" in doc.terms("issue")
    assert "Article 1" in doc.provisions[0].label or "extradited" in doc.provisions[-1].text
    assert quarantine.entry(home.quarantine, conflict["name"]) is None
    # The file now lives with its metadata as a sidecar, so a later ingest of that folder reads the same.
    source = Path(doc.source_file)
    assert source.is_relative_to(home.retried) and source.read_text(encoding="utf-8") == LAW.format(n=2)
    assert json.loads(Path(str(source) + ".meta.json").read_text(encoding="utf-8"))["id"] == "EXT-ACT-2"
    entries = audit.entries(home_store.conn, action="quarantine.retry")
    assert [e.after["documents"] for e in entries] == [["EXT-ACT-2"], []]
    assert entries[0].editor == "alice" and "already belongs to" in entries[0].before["reason"]


def test_a_broken_sidecar_is_fixed_by_the_editors_metadata(tmp_path, home, home_store):
    rejected = _rejected(home, home_store, _docs(tmp_path))
    item = rejected["c-law.txt"]
    assert "sidecar metadata is not valid JSON" in item["reason"]
    assert retry.known_metadata(item) == {}  # the broken sidecar gives nothing to start from
    done = _retry(home, home_store, item["name"], {"title": "  Third Act  ", "crime_types": "", "issues": []})
    assert done.ok, done.reason
    assert home_store.get_document(done.documents[0]).title == "Third Act"


def test_a_file_whose_name_is_not_utf8_is_stored_under_a_name_that_is(tmp_path, home, home_store):
    item = _rejected(home, home_store, _docs(tmp_path))["law-\\xe9.txt"]
    assert "not valid UTF-8" in item["reason"]
    done = _retry(home, home_store, item["name"], {"title": "Fourth Act"})
    assert done.ok, done.reason
    doc = home_store.get_document(done.documents[0])
    assert doc.title == "Fourth Act" and Path(doc.source_file).name == "law-\ufffd.txt"
    assert audit.entries(home_store.conn, action="quarantine.retry")[0].target == item["key"]


def test_a_hostile_file_fails_again_with_its_reason_and_stays(tmp_path, home, home_store):
    rejected = _rejected(home, home_store, _docs(tmp_path, bomb=True))
    bomb = rejected["bomb.pdf"]
    before = home_store.counts()["documents"]
    result = _retry(home, home_store, bomb["name"], {"title": "Not a bomb"}, memory_mb=300)
    assert not result.ok and "a page draws more than 200,000 characters" in result.reason
    assert home_store.counts()["documents"] == before
    assert quarantine.entry(home.quarantine, bomb["name"])["reason"] == result.reason
    # A parse that runs out of time costs its own process, not the caller.
    slow = _retry(home, home_store, bomb["name"], {}, time_limit=0.001)
    assert not slow.ok and "took longer than" in slow.reason
    assert [e.after["reason"] for e in audit.entries(home_store.conn, action="quarantine.retry")] == [
        slow.reason, result.reason]


def test_discard_removes_the_file_with_an_audit_entry(tmp_path, home, home_store):
    rejected = _rejected(home, home_store, _docs(tmp_path, bomb=True))
    item = rejected["bomb.pdf"]
    assert retry.discard(home_store, home.quarantine, item["name"], "bob")
    assert quarantine.entry(home.quarantine, item["name"]) is None
    assert not Path(item["copy"]).exists()
    assert not retry.discard(home_store, home.quarantine, item["name"], "bob")
    assert not retry.discard(home_store, home.quarantine, "../store.sqlite3", "bob")
    (entry,) = audit.entries(home_store.conn, action="quarantine.discard")
    assert (entry.editor, entry.target, entry.after) == ("bob", item["name"], None)
    assert "200,000 characters" in entry.before["reason"]
    with pytest.raises(retry.NotQuarantined):
        _retry(home, home_store, item["name"], {})


def test_a_real_un_document_with_a_broken_sidecar_is_retried_with_its_metadata(tmp_path, home, home_store,
                                                                             shared_data):
    """A real French UN document (../shared/data/un-docs) whose sidecar is cut short: rejected, then retried."""
    source = shared_data / "un-docs" / "003_c3c56fd471775883.txt"
    if not source.is_file():
        pytest.skip(f"{source} is not present")
    docs = tmp_path / "docs"
    docs.mkdir()
    copy = docs / source.name
    copy.write_bytes(source.read_bytes())
    Path(str(copy) + ".meta.json").write_text('{"id": "CTOC-COP-WG.3-2024-1", ', encoding="utf-8")
    item = _rejected(home, home_store, docs)[source.name]
    assert "sidecar metadata is not valid JSON" in item["reason"]
    done = _retry(home, home_store, item["name"], {
        "id": "CTOC-COP-WG.3-2024-1", "title": "Ordre du jour provisoire annoté (2024)", "type": "document",
        "country": "UN", "language": "fr", "date": "2024-02-23", "issues": ["mutual-legal-assistance"]})
    assert done.ok, done.reason
    doc = home_store.get_document("CTOC-COP-WG.3-2024-1")
    assert (doc.type, doc.country, doc.languages, doc.date) == ("document", "UN", ["fr"], "2024-02-23")
    # The text is the real one, split as ingest splits it: the agenda's items are provisions.
    assert len(doc.provisions) > 10
    assert any("Adoption de l'ordre du jour" in p.label for p in doc.provisions)
    assert "mutual-legal-assistance" in doc.terms("issue")
    assert quarantine.listing(home.quarantine) == []
