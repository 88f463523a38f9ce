"""Editors publishing at once: each request thread writes the store, then makes the index catch up at once.

The index has one writer (IndexHandle's lock): catch-ups that run together apply every change exactly once.
"""

from __future__ import annotations

import threading

from index.plan import EngineQuery, Term
from index.store import Store
from index.sync import IndexHandle
from tests.index.test_sync import make_doc, setup, total  # noqa: F401 - setup is a fixture


def test_catch_ups_from_threads_writing_at_once_apply_each_change_once(setup):  # noqa: F811
    name, home, store = setup
    store.put_document(make_doc(0))
    handle = IndexHandle(home, name, store=store)
    handle.CHECK_EVERY = 3600  # only the writers' own catch-ups bring changes in
    assert handle.engine.count() == 2
    writers, rounds = 4, 5
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def editor(w: int) -> None:
        own = Store(home.store_path)  # a request thread has its own connection
        try:
            for r in range(rounds):
                barrier.wait()
                own.put_document(make_doc(1 + w * rounds + r, word=f"quokka{w}x{r}"))
                handle.refresh()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=editor, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    engine = handle.engine
    assert engine.applied_seq() == store.last_seq()
    assert engine.count() == 2 * (1 + writers * rounds)  # no provision written twice, none missing
    for w in range(writers):
        for r in range(rounds):
            assert total(engine, f"quokka{w}x{r}") == 1
    assert engine.search(EngineQuery(node=Term("general"), facets=())).total == 1 + writers * rounds
    handle.close()

