"""Where a sherloc installation keeps its data: one directory, `--home` or SHERLOC_HOME."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ENGINE = "tantivy"


@dataclass(frozen=True)
class Home:
    """The data directory and the paths inside it."""

    root: Path

    @classmethod
    def resolve(cls, given: str | Path | None = None) -> Home:
        """--home if given, else $SHERLOC_HOME, else ./instance."""
        root = Path(given or os.environ.get("SHERLOC_HOME") or "instance").expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        return cls(root)

    @property
    def store_path(self) -> Path:
        """The SQLite record store."""
        return self.root / "store.sqlite3"

    @property
    def indexes(self) -> Path:
        """Parent of every engine's index directories."""
        return self.root / "indexes"

    @property
    def quarantine(self) -> Path:
        """Where rejected files are kept aside with a JSON report each."""
        return self.root / "quarantine"

    @property
    def retried(self) -> Path:
        """Quarantined files an editor retried with metadata and that were ingested: their documents' source."""
        return self.root / "retried"

    @property
    def bundled_loaded_marker(self) -> Path:
        """Written once the bundled sample corpus has been loaded in full (by `sherloc demo`)."""
        return self.root / "bundled-corpus.loaded"

    @property
    def engine_name(self) -> str:
        """The engine to search with: $SHERLOC_ENGINE or tantivy."""
        return os.environ.get("SHERLOC_ENGINE", DEFAULT_ENGINE)
