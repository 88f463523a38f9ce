"""index.sync: catch_up, rebuild and IndexHandle against a real store and real engines."""

from __future__ import annotations

import threading

import pytest

from index.engines import ENGINES, create_engine
from index.errors import SherlocError
from index.home import Home
from index.models import Classification, DocumentRecord, Provision
from index.plan import EngineQuery, MatchAll, Term
from index.store import Store
from index.sync import IndexHandle, catch_up, current_directory, rebuild


def make_doc(i: int, word: str = "extradition") -> DocumentRecord:
    return DocumentRecord(
        id=f"doc-{i:03d}", type="legislation", title=f"Act number {i}", country="FRA", date=f"20{i % 20:02d}-05-01",
        languages=["en"],
        provisions=[
            Provision(label="Article 1", number="1", text=f"Rules on {word} for case {i}.", language="en", order=1),
            Provision(label="Article 2", number="2", text="General provisions.", language="en", order=2),
        ],
        classifications=[Classification("issue", "extradition")],
    )


@pytest.fixture(params=sorted(ENGINES))
def setup(request, tmp_path):
    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    yield request.param, home, store
    store.close()


def total(engine, word: str) -> int:
    return engine.search(EngineQuery(node=Term(word), facets=())).total


def test_catch_up_applies_only_new_changes(setup, tmp_path):
    name, _, store = setup
    for i in range(5):
        store.put_document(make_doc(i))
    engine = create_engine(name, tmp_path / "idx")
    assert engine.applied_seq() == 0
    assert catch_up(store, engine) == 5
    assert engine.count() == 10 and engine.applied_seq() == store.last_seq()
    assert catch_up(store, engine) == 0
    store.put_document(make_doc(2, "confiscation"))  # replaced
    store.delete_document("doc-003")
    store.put_document(make_doc(7))
    store.put_document(make_doc(8))
    store.delete_document("doc-008")  # added then deleted before the index saw it
    assert catch_up(store, engine) == 4
    assert engine.count() == 10
    assert total(engine, "extradition") == 4 and total(engine, "confiscation") == 1
    engine.close()
    # the applied sequence survives reopening
    again = create_engine(name, tmp_path / "idx")
    assert again.applied_seq() == store.last_seq() and again.count() == 10
    again.close()


def test_rebuild_switches_pointer_and_prunes(setup):
    name, home, store = setup
    for i in range(30):
        store.put_document(make_doc(i))
    seen = []
    first = rebuild(store, home, name, progress=lambda done, all_: seen.append((done, all_)))
    assert first["documents"] == 30 and first["provisions"] == 60 and first["seconds"] >= 0
    assert seen[-1] == (30, 30)
    assert current_directory(home, name).as_posix() == first["directory"]
    second = rebuild(store, home, name)
    third = rebuild(store, home, name)
    assert current_directory(home, name).as_posix() == third["directory"]
    dirs = {p.as_posix() for p in (home.indexes / name).iterdir() if p.is_dir()}
    assert dirs == {second["directory"], third["directory"]}  # the first was removed
    with pytest.raises(SherlocError, match="choose one of"):
        rebuild(store, home, "nosuchengine")


def test_rebuild_keeps_a_directory_another_rebuild_is_writing(setup):
    name, home, store = setup
    for i in range(30):
        store.put_document(make_doc(i))
    writing, release = threading.Event(), threading.Event()
    slow: dict = {}

    def paused(done, all_):
        writing.set()  # the slow rebuild has written its documents, not committed yet
        assert release.wait(60)

    thread = threading.Thread(target=lambda: slow.update(rebuild(store, home, name, progress=paused)))
    thread.start()
    try:
        assert writing.wait(60)
        base = home.indexes / name
        (in_progress,) = [p for p in base.iterdir() if p.is_dir()]
        rebuild(store, home, name)
        rebuild(store, home, name)  # so the slow one is neither current nor previous
        assert in_progress.is_dir()
    finally:
        release.set()
        thread.join()
    assert slow["directory"] == in_progress.as_posix()
    assert current_directory(home, name) == in_progress  # it finished and was switched in
    engine = create_engine(name, in_progress)
    assert total(engine, "extradition") == 30
    engine.close()


def test_rebuild_prunes_what_a_crashed_rebuild_left(setup):
    name, home, store = setup
    store.put_document(make_doc(1))
    base = home.indexes / name
    first = rebuild(store, home, name)
    crashed = base / "19990101-000000-1-1"  # written by a process that died: its marker is not held
    crashed.mkdir()
    (crashed / "segment").write_text("half written")
    marker = base / (crashed.name + ".building")
    marker.write_text("")
    second = rebuild(store, home, name)
    assert not crashed.exists() and not marker.exists()
    assert {p.as_posix() for p in base.iterdir()} == {first["directory"], second["directory"],
                                                     (base / "current").as_posix()}


def test_handle_builds_catches_up_and_reopens(setup):
    name, home, store = setup
    for i in range(3):
        store.put_document(make_doc(i))
    handle = IndexHandle(home, name, store=store)
    handle.CHECK_EVERY = 0.0
    assert total(handle.engine, "extradition") == 3  # built on first use
    store.put_document(make_doc(10))
    assert total(handle.engine, "extradition") == 4  # caught up on the next request
    # another process rebuilds: the handle notices the pointer and opens the new index
    before = handle.engine
    store.put_document(make_doc(11))
    rebuild(store, home, name)
    assert handle.engine is not before
    assert total(handle.engine, "extradition") == 5
    handle.close()


def test_an_index_of_an_earlier_version_is_rebuilt_not_an_error(tmp_path):
    # tantivy refuses an index whose fields differ from the code's ("schema does not match"):
    # an earlier version's index is rebuilt from the store when the handle opens it
    import json

    from index.errors import IndexOutdated

    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    for i in range(3):
        store.put_document(make_doc(i))
    rebuild(store, home, "tantivy")
    old = current_directory(home, "tantivy")
    meta = json.loads((old / "meta.json").read_text())
    meta["schema"] = [f for f in meta["schema"] if f["name"] != "payload"]  # as if written before a field was added
    (old / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(IndexOutdated, match="rebuild it from the store"):
        create_engine("tantivy", old)
    handle = IndexHandle(home, "tantivy", store=store)
    assert total(handle.engine, "extradition") == 3
    assert current_directory(home, "tantivy") != old
    hit = handle.engine.search(EngineQuery(node=Term("extradition"), facets=())).hits[0]
    assert hit.text.startswith("Rules on extradition")
    handle.close()
    store.close()


def test_a_whoosh_index_without_the_curated_fields_is_rebuilt(tmp_path):
    from whoosh import index as windex

    from index.engines.whoosh_engine import _schema
    from index.errors import IndexOutdated

    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    for i in range(3):
        store.put_document(make_doc(i))
    rebuild(store, home, "whoosh")
    old = current_directory(home, "whoosh")
    schema = _schema()
    for name in ("f_crime_curated", "f_issue_curated"):
        schema.remove(name)
    windex.create_in(str(old), schema)  # as an earlier version wrote it, before the curated fields
    with pytest.raises(IndexOutdated, match="f_crime_curated, f_issue_curated"):
        create_engine("whoosh", old)
    handle = IndexHandle(home, "whoosh", store=store)
    assert total(handle.engine, "extradition") == 3
    assert current_directory(home, "whoosh") != old
    handle.close()
    store.close()


def test_handle_waits_between_store_checks(setup):
    name, home, store = setup
    store.put_document(make_doc(1))
    handle = IndexHandle(home, name, store=store)
    handle.CHECK_EVERY = 3600.0
    assert total(handle.engine, "extradition") == 1
    store.put_document(make_doc(2))
    assert total(handle.engine, "extradition") == 1  # not checked again yet
    assert handle.refresh() == 1
    assert total(handle.engine, "extradition") == 2
    handle.close()


def test_handle_is_safe_across_threads(setup):
    name, home, store = setup
    for i in range(20):
        store.put_document(make_doc(i))
    handle = IndexHandle(home, name, store=store)
    handle.CHECK_EVERY = 0.0
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(15):
                got = handle.engine.search(EngineQuery(node=MatchAll(), limit=5))
                assert got.total >= 40
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(20, 26):
        store.put_document(make_doc(i))
    for t in threads:
        t.join()
    assert not errors
    assert handle.engine.search(EngineQuery(node=MatchAll())).total == 52
    handle.close()


def test_handle_keeps_serving_while_another_writer_holds_the_index(setup):
    name, home, store = setup
    store.put_document(make_doc(1))
    handle = IndexHandle(home, name, store=store)
    handle.CHECK_EVERY = 0.0
    assert total(handle.engine, "extradition") == 1
    other = create_engine(name, current_directory(home, name))
    other.delete(["nothing"])  # holds the writer lock, as another process catching up would
    store.put_document(make_doc(2))
    assert total(handle.engine, "extradition") == 1  # stale but answering
    assert handle.last_error is not None
    other.close()
    assert total(handle.engine, "extradition") == 2 and handle.last_error is None
    handle.close()
