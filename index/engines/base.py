"""The engine protocol: what every search engine behind sherloc-search does.

An engine keeps a derived index in its own directory. It is built from store
records (never from files) and remembers the last change-log sequence it applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from index.models import DocumentRecord
from index.plan import EngineQuery, EngineResult, Hit


class Engine(Protocol):
    """A search engine over provisions. Implementations: tantivy (default), whoosh, opensearch."""

    name: str

    def __init__(self, directory: Path) -> None: ...

    def add(self, docs: Iterable[DocumentRecord]) -> int:
        """Index documents (replacing any with the same id); return provisions written. Call commit()."""

    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents and all their provisions. Call commit()."""

    def commit(self, seq: int) -> None:
        """Make changes visible and durable, recording `seq` as the last change applied."""

    def applied_seq(self) -> int:
        """The last change-log sequence number this index reflects (0 if new)."""

    def search(self, query: EngineQuery) -> EngineResult:
        """Answer a query: a page of hits, totals and facet counts."""

    def more_like_this(self, provision_id: str, limit: int = 10) -> list[Hit]:
        """Provisions whose wording resembles this one, best first, itself excluded."""

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Indexed words close to `word` (for "did you mean"), most frequent first."""

    def count(self) -> int:
        """How many provisions the index holds."""

    def close(self) -> None:
        """Release files and threads."""
