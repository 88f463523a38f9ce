"""A batch as an editor runs it: good files stored, bad files reported and kept aside, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from index.store import Store
from ingest.pipeline import ingest_paths
from tests.ingest.blocking import BLOCKS, sherloc

LAW_EN = """Sample Act on Trafficking in Persons (sample data)

Article 1
This Act applies to the recruitment, transportation, transfer, harbouring or receipt of persons by means of
threat or force for the purpose of exploitation, including forced labour and sexual exploitation.

Article 2
A person who commits trafficking in persons is liable to imprisonment for a term not exceeding fifteen years.

Article 3
Victims of trafficking shall receive assistance and protection, including shelter and legal aid.
"""

LAW_FR = """Loi type relative à l'extradition (données d'exemple)

Article premier
L'extradition peut être accordée lorsque l'infraction est punissable dans l'État requérant et dans l'État requis.

Article 2
La demande d'extradition est adressée par la voie diplomatique à l'autorité centrale désignée.
"""

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_good_files_are_stored_bad_ones_reported_and_kept_aside(tmp_path, store):
    docs = tmp_path / "docs"
    write(docs / "tip-act.txt", LAW_EN)
    write(docs / "tip-act.txt.meta.json", json.dumps(
        {"id": "SMP-TIP-ACT", "type": "legislation", "country": "GBR", "crime_types": ["trafficking-in-persons"]}
    ))
    write(docs / "extradition.txt", LAW_FR)
    write(docs / "empty.txt", "")
    write(docs / "picture.txt", PNG_BYTES)
    write(docs / "broken.json", '{"id": "X", "text": "unterminated')
    quarantine = tmp_path / "quarantine"

    report = ingest_paths([docs], store, quarantine_dir=quarantine, progress=False)

    assert report.totals()["added"] == 2
    rejected = {Path(f.path).name: f.reason for f in report.rejected}
    assert set(rejected) == {"empty.txt", "picture.txt", "broken.json"}
    assert all(reason for reason in rejected.values())
    kept = sorted(p.name for p in quarantine.iterdir())
    assert sum(name.endswith(".report.json") for name in kept) == 3
    one = json.loads(next(quarantine.glob("*picture.txt.report.json")).read_text())
    assert one["file"].endswith("picture.txt") and one["reason"]

    doc = store.get_document("SMP-TIP-ACT")
    assert doc.country == "GBR" and doc.type == "legislation" and doc.languages[0] == "en"
    assert [p.number for p in doc.provisions if p.kind == "article"] == ["1", "2", "3"]
    assert doc.terms("crime") == ["trafficking-in-persons"]  # the editor's, over any rule
    fr = [d for d in store.iter_documents() if d.id != "SMP-TIP-ACT"][0]
    assert fr.languages == ["fr"] and fr.provisions[-1].text.startswith("La demande d'extradition")


def test_reingesting_an_unchanged_file_changes_nothing_and_a_changed_one_replaces(tmp_path, store):
    docs = tmp_path / "docs"
    law = write(docs / "law.txt", LAW_EN)
    ingest_paths([docs], store, progress=False)
    seq = store.last_seq()

    again = ingest_paths([docs], store, progress=False)
    assert again.totals()["unchanged"] == 1 and again.totals()["added"] == 0
    assert store.last_seq() == seq

    write(law, LAW_EN.replace("fifteen years", "twenty years"))
    changed = ingest_paths([docs], store, progress=False)
    assert changed.totals()["replaced"] == 1
    (doc,) = list(store.iter_documents())
    assert "twenty years" in next(p.text for p in doc.provisions if p.number == "2")
    assert not any("fifteen years" in p.text for p in doc.provisions)


def test_json_lines_records_follow_their_file(tmp_path, store):
    records = [
        {"id": f"CASE-{i}", "type": "case", "title": f"Case {i}", "country": "CAN", "language": "en",
         "text": f"Facts\n\nThe accused number {i} laundered proceeds of drug trafficking through shell companies."}
        for i in range(3)
    ]
    path = write(tmp_path / "cases.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    assert ingest_paths([path], store, progress=False).totals()["added"] == 3

    write(path, "\n".join(json.dumps(r) for r in records[:2]) + "\n")
    report = ingest_paths([path], store, progress=False)
    assert report.files[0].removed == ["CASE-2"]
    assert store.document_ids() == ["CASE-0", "CASE-1"]


def test_the_same_content_under_another_name_is_a_duplicate(tmp_path, store):
    write(tmp_path / "a" / "law.txt", LAW_FR)
    ingest_paths([tmp_path / "a"], store, progress=False)
    write(tmp_path / "b" / "law.txt", LAW_FR)
    report = ingest_paths([tmp_path / "b"], store, progress=False)
    assert report.totals()["duplicates"] == 1
    assert store.counts()["documents"] == 1


def test_the_command_reports_bad_files_in_one_line_and_exits_non_zero(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "law.txt", LAW_EN)
    write(docs / "picture.pdf", PNG_BYTES)
    home = tmp_path / "home"
    run = subprocess.run(
        [sys.executable, "-m", "search_app.cli", "--home", str(home), "ingest", "--no-index", str(docs)],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "picture.pdf" in run.stderr and "1 document(s) added" in run.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "search_app.cli", "--home", str(home), "ingest", str(tmp_path / "nope")],
        capture_output=True, text=True, timeout=60,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.strip().count("\n") == 0 and "nope" in missing.stderr


def test_killing_the_process_mid_batch_leaves_the_store_intact(tmp_path):
    docs = tmp_path / "docs"
    n = 400
    for i in range(n - 1):
        write(docs / f"law-{i:04d}.txt", LAW_EN.replace("Trafficking in Persons", f"Trafficking in Persons No. {i}"))
    # The last file blocks its reader in that process (see blocking.py): the batch is still running when killed.
    write(docs / f"{BLOCKS}.txt", LAW_EN.replace("Trafficking in Persons", "Trafficking in Persons, the last"))
    home = tmp_path / "home"
    proc = sherloc(["--home", str(home), "ingest", "--no-index", "--workers", "1", str(docs)])
    db = home / "store.sqlite3"
    deadline = time.monotonic() + 120
    count = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    count = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if count >= 20:
                break
    assert proc.poll() is None, "the batch finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()

    store = Store(db)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = store.counts()["documents"]
    assert 20 <= stored < n
    # every stored document is whole: all three articles, its classifications, its change-log entry
    for doc in store.iter_documents():
        assert [p.number for p in doc.provisions if p.kind == "article"] == ["1", "2", "3"]
    last, upserts, _ = store.changes_since(0)
    assert len(upserts) == stored
    store.close()

    # running the batch again finishes the job
    report = ingest_paths([docs], Store(db), progress=False)
    assert report.totals()["added"] == n - stored and report.totals()["unchanged"] == stored
