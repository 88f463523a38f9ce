"""`sherloc quarantine list|retry|discard` as an operator runs them: real processes, files, store and index."""

from __future__ import annotations

import json
import subprocess
import sys

from index import audit
from index.store import Store
from tests.ingest.test_hostile_files import LAW


def sherloc(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search_app.cli", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=300)


def test_list_retry_and_discard_from_the_command_line(tmp_path):
    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    for name, n in (("a-law.txt", 1), ("b-law.txt", 2)):
        (docs / name).write_text(LAW.format(n=n), encoding="utf-8")
        (docs / f"{name}.meta.json").write_text('{"id": "EXT-ACT"}', encoding="utf-8")
    (docs / "tiny.pdf").write_bytes(b"\x8f\x01\x7f")
    assert sherloc(home, "ingest", "--detector", "langdetect", str(docs)).returncode == 1
    listed = json.loads(sherloc(home, "quarantine", "list", "--json").stdout)
    by_file = {entry["file"].rsplit("/", 1)[-1]: entry for entry in listed}
    assert sorted(by_file) == ["b-law.txt", "tiny.pdf"]

    run = sherloc(home, "quarantine", "retry", by_file["b-law.txt"]["key"], "--detector", "langdetect")
    assert run.returncode == 1 and "rejected again" in run.stderr and "already belongs to" in run.stderr
    assert "Traceback" not in run.stderr
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"id": "EXT-ACT-2", "title": "Second Act", "crime_types": ["corruption"]}))
    run = sherloc(home, "quarantine", "retry", by_file["b-law.txt"]["key"], "--metadata", str(meta),
                  "--detector", "langdetect", "--editor", "ops")
    assert run.returncode == 0, run.stderr
    assert "ingested: EXT-ACT-2" in run.stdout
    found = json.loads(sherloc(home, "search", "extradited", "--crime", "corruption", "--json").stdout)
    assert {h["document_id"] for h in found["hits"]} == {"EXT-ACT-2"}

    assert sherloc(home, "quarantine", "discard", by_file["tiny.pdf"]["key"]).returncode == 0
    assert json.loads(sherloc(home, "quarantine", "list", "--json").stdout) == []
    gone = sherloc(home, "quarantine", "discard", by_file["tiny.pdf"]["key"])
    assert gone.returncode == 1 and "no such file in the quarantine" in gone.stderr
    store = Store(home / "store.sqlite3")
    actions = [(e.action, e.editor) for e in audit.entries(store.conn)]
    store.close()
    assert actions[0][0] == "quarantine.discard" and actions[0][1].startswith("cli")
    assert actions[1:] == [("quarantine.retry", "ops"), ("quarantine.retry", actions[2][1])]
