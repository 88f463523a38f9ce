"""Fixtures shared by the ingest tests."""

from __future__ import annotations

import pytest

from index.store import Store


@pytest.fixture
def store(tmp_path):
    """A fresh record store in a home folder of the test's own temporary directory."""
    s = Store(tmp_path / "home" / "store.sqlite3")
    yield s
    s.close()
