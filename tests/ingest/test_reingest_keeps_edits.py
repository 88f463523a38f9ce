"""An editor's fix in the editors' area survives the next ingest of the document's file."""

from __future__ import annotations

import json

from index.store import Store
from ingest.pipeline import ingest_paths

LAW = """Loi n° 2016-12 relative à la lutte contre la traite des personnes

Article 1
La traite des personnes est punie de dix ans d'emprisonnement.

Article 2
La tentative est punie des mêmes peines.
"""


def test_edited_title_and_country_survive_a_changed_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    law = docs / "loi-traite.txt"
    law.write_text(LAW, encoding="utf-8")
    (docs / "loi-traite.txt.meta.json").write_text(
        json.dumps({"id": "XX-LOI-2016-12", "type": "legislation", "title": "Loi 2016-12", "country": "SEN"}),
        encoding="utf-8",
    )
    store = Store(tmp_path / "store.sqlite3")
    ingest_paths([docs], store, progress=False, quarantine_dir=tmp_path / "q")
    # The sidecar had the wrong country; an editor fixes it and gives the full title.
    store.update_metadata("XX-LOI-2016-12", editor="alice", country="BEN",
                          title="Loi n° 2016-12 relative à la lutte contre la traite des personnes")

    law.write_text(LAW + "\nArticle 3\nLa présente loi entre en vigueur le jour de sa publication.\n",
                   encoding="utf-8")
    report = ingest_paths([docs], store, progress=False, quarantine_dir=tmp_path / "q")

    doc = store.get_document("XX-LOI-2016-12")
    assert [f.status for f in report.files] == ["ingested"] and report.totals()["replaced"] == 1
    assert [p.label for p in doc.provisions][-1] == "Article 3"  # the file's new text is in
    assert doc.country == "BEN"  # and the editor's fixes are kept
    assert doc.title.startswith("Loi n° 2016-12 relative")
    assert store.metadata_edits("XX-LOI-2016-12")["country"] == "BEN"
    store.close()
