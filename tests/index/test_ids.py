"""Document id rules (index/ids.py), and what becomes of a stored id that breaks them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from index.errors import SherlocError
from index.ids import MAX_ID_LENGTH, ORIGINAL_ID_KEY, id_problem, normalise_id, repair_stored_ids
from index.models import Classification, DocumentRecord, Provision
from index.store import MIGRATIONS, Store

REAL_IDS = [  # as the legal-sources records give them: every one is kept as it is
    "BE/APD/decision-quant-au-fond-n0-31-2026",
    "2026 BCSC 471",
    "EDAL-austria-%E2%80%93-administrative-court-24-june-2020-ra-2020200195",
    "BB/Statutes/Barbados Independence Act & Order, 1966",
    "CO/SUINJuriscol:Leyes/1664500",
    "CPVO-BoA-A019/2021; A020/2021",
    "aa-au/judgment/afchpr/2025/20/eng@2025-06-26",
    "CO-CSJ-Civil-S- 05-08-1937 -[038]",
    "TW_TPSM_114_台上_457_20250122_1",
    "قانون_الإثبات_8503e669",
    "MX/CNBV/Ley-de-la-Comisión-Nacional-Bancaria-y-de-Valores",
]


@pytest.mark.parametrize("doc_id", REAL_IDS)
def test_real_ids_are_kept_as_given(doc_id):
    assert normalise_id(doc_id) == (doc_id, "")
    assert id_problem(doc_id) == ""


@pytest.mark.parametrize(
    ("given", "stored", "said"),
    [
        ("a\x00b", "ab", "control"),
        ("line\nbreak\tand  spaces", "line break and spaces", "single spaces"),
        ("../../etc/passwd", "etc/passwd", '".."'),
        ("/lead//double/./trail/", "lead/double/trail", "segments"),
        ("bidi\u202eevil", "bidievil", "U+202E"),
        ("", "id~", "nothing usable"),
    ],
)
def test_ids_that_break_the_rules_are_normalised_saying_why(given, stored, said):
    doc_id, why = normalise_id(given)
    assert doc_id.startswith(stored) and (doc_id == stored or stored == "id~")
    assert said in why
    assert id_problem(doc_id) == ""  # normalising twice changes nothing
    assert id_problem(given)


def test_a_huge_id_is_cut_with_a_hash_of_the_whole():
    one, why = normalise_id("x" * 100_000)
    other, _ = normalise_id("x" * 99_999 + "y")
    assert len(one) <= MAX_ID_LENGTH and one != other and "100000" in why
    assert normalise_id("x" * 100_000)[0] == one  # stable: a re-ingest finds the same document


def test_the_store_refuses_an_id_that_breaks_the_rules(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    doc = DocumentRecord(id="a/../b", type="document", title="T", provisions=[Provision("Whole", "text", "en", 0)])
    with pytest.raises(SherlocError, match="breaks the id rules"):
        store.put_document(doc)


def _old_store(path) -> None:
    """A store at the schema before the id rules, holding documents stored verbatim under bad ids."""
    conn = sqlite3.connect(path, isolation_level=None)
    step = MIGRATIONS.index(repair_stored_ids)
    for migration in MIGRATIONS[:step]:
        conn.executescript(migration)
    conn.execute(f"PRAGMA user_version={step}")
    now = "2026-01-01T00:00:00Z"
    for doc_id in ("../etc/x", "line\nbreak", "good/id", "etc/x"):
        conn.execute(
            "INSERT INTO documents (id, type, title, metadata, created_at, updated_at) VALUES (?,?,?,?,?,?)",
            (doc_id, "document", f"title of {doc_id}", json.dumps({"court": "C"}), now, now),
        )
        conn.execute(
            "INSERT INTO provisions (id, document_id, ord, label, text, language) VALUES (?,?,0,'Art. 1','t','en')",
            (f"{doc_id}/art-1", doc_id),
        )
        conn.execute("INSERT INTO changes (document_id, change, at) VALUES (?, 'upsert', ?)", (doc_id, now))
    conn.execute(
        "INSERT INTO classifications (document_id, provision_id, scheme, term_id, origin, manual) "
        "VALUES ('../etc/x', '../etc/x/art-1', 'crime', 'cybercrime', 'editor', 1)"
    )
    conn.execute(
        "INSERT INTO metadata_edits (document_id, field, value, editor, at) VALUES ('../etc/x', 'title', ?, 'ed', ?)",
        ('"Fixed"', now),
    )
    conn.close()


def test_opening_an_older_store_renames_bad_ids_keeping_everything(tmp_path, caplog):
    path = tmp_path / "old.sqlite3"
    _old_store(path)
    store = Store(path)
    assert "2 stored document id(s) broke the id rules and were renamed" in caplog.text
    assert "'line\\nbreak' -> 'line break'" in caplog.text
    seq_before = 4  # the four documents' own changes
    renamed = next(i for i in store.document_ids() if i.startswith("etc/x~"))  # "etc/x" was taken already
    assert store.document_ids() == sorted(["etc/x", renamed, "good/id", "line break"])
    doc = store.get_document(renamed)
    assert doc.metadata[ORIGINAL_ID_KEY] == "../etc/x" and doc.metadata["court"] == "C"
    assert [p.id for p in doc.provisions] == [f"{renamed}/art-1"]
    assert doc.classifications == [Classification("crime", "cybercrime", "editor", provision_id=f"{renamed}/art-1")]
    assert store.metadata_edits(renamed) == {"title": "Fixed"}
    assert store.get_document("line break").metadata[ORIGINAL_ID_KEY] == "line\nbreak"
    assert ORIGINAL_ID_KEY not in store.get_document("good/id").metadata
    # The indexes learn of it from the change log: the old ids are deleted, the new ones written.
    _, upserted, deleted = store.changes_since(seq_before)
    assert deleted == {"../etc/x", "line\nbreak"} and upserted == {renamed, "line break"}
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_renaming_happens_once(tmp_path, caplog):
    path = tmp_path / "old.sqlite3"
    _old_store(path)
    Store(path).close()
    caplog.clear()
    store = Store(path)
    assert "renamed" not in caplog.text and store.has_document("line break")


def test_spaces_around_a_slash_are_a_reported_change():
    from index.ids import normalise_id

    assert normalise_id("FR / Code pénal") == ("FR/Code pénal", 'spaces around "/" removed')
