"""Treaty changes made by a person (index/treaties/edits.py) keep, in their audit entry, everything they remove."""

from __future__ import annotations

import json

import pytest

from index import audit
from index.store import Store
from index.treaties import db, edits
from index.treaties.importers import import_status_table
from index.treaties.models import Declaration, Participation, Treaty


@pytest.mark.shared_data
def test_removing_real_treaties_keeps_every_row_and_declaration_in_the_log(shared_data, tmp_path):
    folder = shared_data / "untc"
    if not folder.is_dir():
        pytest.skip("../shared/data/untc is not present")
    index = {e["treaty_id"]: e for e in json.loads((folder / "index.json").read_text(encoding="utf-8"))}
    store = Store(tmp_path / "store.sqlite3")
    for page in sorted(folder.glob("*.txt")):
        meta = index[page.stem]
        db.save_treaty(store, Treaty(id=page.stem, kind="multilateral", titles={"en": meta["title"]},
                                     source=meta["url"]))
        import_status_table(store, page, page.stem, as_of=meta["_fetched_at"][:10])
    rows_seen = declarations_seen = 0
    for tid in sorted(index):
        treaty, rows = db.get_treaty(store, tid), db.participants(store, tid)
        edits.remove_treaty(store, tid, editor="tester")
        assert not db.has_treaty(store, tid) and db.participants(store, tid) == []
        [entry] = audit.entries(store.conn, action="treaty.remove", target=tid)
        assert entry.editor == "tester" and entry.after is None
        # what the entry keeps is enough to put the treaty back as it was
        kept = dict(entry.before)
        kept_rows = kept.pop("participation")
        db.save_treaty(store, Treaty(**kept))
        for row in kept_rows:
            row["declarations"] = [Declaration(**d) for d in row["declarations"]]
            db.save_participation(store, Participation(**row))
        assert db.get_treaty(store, tid) == treaty and db.participants(store, tid) == rows
        rows_seen += len(rows)
        declarations_seen += sum(len(p.declarations) for p in rows)
    assert rows_seen > 800 and declarations_seen > 0  # the real pages' tables, with III-2's declarations
