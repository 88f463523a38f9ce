"""Loading the bundled sample corpus through the same path editors use."""

from __future__ import annotations

from corpus import CORPUS_DIR
from index.home import Home
from index.store import Store
from ingest.pipeline import BatchReport, ingest_paths


def load_bundled_corpus(store: Store, home: Home, progress: bool | None = None) -> BatchReport:
    """Ingest corpus/documents (sidecars included) and load the bundled treaty participation data."""
    from index.treaties import load_bundled

    report = ingest_paths([CORPUS_DIR / "documents"], store, quarantine_dir=home.quarantine, progress=progress)
    load_bundled(store)
    return report
