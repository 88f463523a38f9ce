"""Treaties: instruments, participation of States, declarations, competent authorities, and the finder.

`load_bundled(store)` loads the sample data from corpus/treaties; `finder.applicable` answers
"which treaties bind State A and State B for this form of cooperation, and what else should I read".
"""

from __future__ import annotations

from pathlib import Path

from index.store import Store
from index.treaties.importers import (
    ImportReport,
    import_authorities_csv,
    import_bilateral_csv,
    import_instruments_json,
    import_participation_csv,
)
from index.treaties.models import FORMS, Authority, Declaration, Participation, Treaty

__all__ = ["FORMS", "Authority", "Declaration", "Participation", "Treaty", "bundled_dir", "load_bundled"]


def bundled_dir() -> Path:
    """corpus/treaties: the bundled sample instruments, participation, declarations and authorities."""
    from corpus import CORPUS_DIR

    return CORPUS_DIR / "treaties"


def load_bundled(store: Store, directory: str | Path | None = None) -> list[ImportReport]:
    """Load (or reload: idempotent) the bundled treaty data into the store; one report per file."""
    d = Path(directory) if directory else bundled_dir()
    reports = []
    steps = (
        ("instruments.json", import_instruments_json),
        ("participation.csv", import_participation_csv),
        ("declarations.csv", import_participation_csv),
        ("bilateral.csv", import_bilateral_csv),
        ("authorities.csv", import_authorities_csv),
    )
    for name, fn in steps:
        path = d / name
        if path.is_file():
            reports.append(fn(store, path))
    return reports
