"""Ingest keeps the source addresses real records carry, percent-encoded, and says nothing false about them."""

from __future__ import annotations

import json

from index.store import Store
from ingest.pipeline import ingest_paths

REAL = {  # legal-sources records' own urls
    "2025_SGCA_53": "https://www.singaporelawwatch.sg/Portals/0/Docs/Judgments/2025/[2025] SGCA 53.pdf",
    "2024-047_CT_annexe": "https://actes.eservices-comstbarth.fr/PJ/Deliberation CT/Deliberation CT_2024/"
    "2024_047_ct_annexe.pdf",
}


def test_addresses_with_spaces_and_brackets_are_kept_encoded(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps({"id": i, "type": "case_law", "title": i, "url": u,
                                        "text": "Judgment. The appeal is dismissed."}) + "\n"
                            for i, u in REAL.items()), encoding="utf-8")
    store = Store(tmp_path / "store.sqlite3")
    report = ingest_paths([path], store, progress=False)
    assert not [w for f in report.files for w in f.warnings if "url" in w.lower()]
    assert store.get_document("2025_SGCA_53").source_url == (
        "https://www.singaporelawwatch.sg/Portals/0/Docs/Judgments/2025/%5B2025%5D%20SGCA%2053.pdf")
    assert " " not in store.get_document("2024-047_CT_annexe").source_url
