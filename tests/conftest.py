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
