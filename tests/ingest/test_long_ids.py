"""Ids derived from long paths stay within the id rules, even when two files need telling apart."""

from __future__ import annotations

from index.ids import MAX_ID_LENGTH, id_problem
from index.store import Store
from ingest.pipeline import ingest_paths

DEEP = ["chapitre-" + "x" * 120, "section-" + "y" * 120, "sous-section-" + "z" * 60]


def test_two_files_with_the_same_long_derived_id_are_both_stored(tmp_path):
    files = []
    for root in ("a", "b"):
        folder = tmp_path.joinpath(root, *DEEP)
        folder.mkdir(parents=True)
        law = folder / "loi-relative-a-la-cooperation-internationale.txt"
        law.write_text(f"Loi {root}\n\nArticle premier\nL'entraide judiciaire est accordée ({root}).\n",
                       encoding="utf-8")
        files.append(tmp_path / root)
    store = Store(tmp_path / "store.sqlite3")
    report = ingest_paths(files, store, progress=False)
    assert not report.rejected, [(f.path, f.reason) for f in report.rejected]
    ids = store.document_ids()
    assert len(ids) == 2 and all(len(i) <= MAX_ID_LENGTH and not id_problem(i) for i in ids)
