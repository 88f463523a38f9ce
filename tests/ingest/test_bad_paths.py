"""Paths that are not plain readable files (broken links, pipes, unreadable or unnameable files) never stop a batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths, quarantine

LAW = """Sample Act on Extradition (sample data)

Article 1
A person may be extradited for an offence punishable in both the requesting and the requested State.
"""


def reports(folder: Path) -> dict[str, dict]:
    """Quarantine reports by the name of the file they describe."""
    return {Path(r["file"]).name: r for r in (json.loads(p.read_text()) for p in folder.glob("*.report.json"))}


@pytest.mark.parametrize("name", ["gone.jsonl", "gone.json", "gone.txt"])
def test_a_broken_link_in_a_folder_is_one_rejected_file(tmp_path, store, name):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(LAW, encoding="utf-8")
    (docs / name).symlink_to(tmp_path / "nowhere" / name)
    kept = tmp_path / "quarantine"

    report = ingest_paths([docs], store, quarantine_dir=kept, progress=False)

    assert report.totals()["added"] == 1
    (bad,) = report.rejected
    assert bad.path.endswith(name) and "broken symbolic link" in bad.reason and "nowhere" in bad.reason
    found = reports(kept)[name]
    assert found["reason"] == bad.reason and found["copy"] is None and found["copy_error"]


def test_a_broken_link_named_on_the_command_line_is_rejected_not_fatal(tmp_path):
    good = tmp_path / "law.txt"
    good.write_text(LAW, encoding="utf-8")
    link = tmp_path / "cases.jsonl"
    link.symlink_to(tmp_path / "moved-away.jsonl")
    run = subprocess.run(
        [sys.executable, "-m", "search_app.cli", "--home", str(tmp_path / "home"), "ingest", "--no-index",
         str(link), str(good)],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "cases.jsonl" in run.stderr and "broken symbolic link" in run.stderr
    assert "1 document(s) added" in run.stdout


def test_a_named_pipe_is_rejected_without_waiting_for_it(tmp_path, store):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(LAW, encoding="utf-8")
    os.mkfifo(docs / "pipe.txt")
    report = ingest_paths([docs], store, progress=False)
    (bad,) = report.rejected
    assert bad.path.endswith("pipe.txt") and "not a regular file" in bad.reason
    assert report.totals()["added"] == 1


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_cannot_be_read_or_copied_still_gets_its_report(tmp_path, store):
    # /proc/self/mem is a regular file whose first bytes cannot be read (EIO), even by root.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(LAW, encoding="utf-8")
    (docs / "unreadable.txt").symlink_to("/proc/self/mem")
    kept = tmp_path / "quarantine"

    report = ingest_paths([docs], store, quarantine_dir=kept, progress=False)

    assert report.totals()["added"] == 1
    (bad,) = report.rejected
    assert bad.path.endswith("unreadable.txt") and bad.reason
    found = reports(kept)["unreadable.txt"]
    assert found["copy"] is None and "could not be copied" in found["copy_error"]
    assert found["reason"] == bad.reason
    # no half-written copy is left beside the report
    assert [p.name for p in kept.iterdir() if not p.name.endswith(".report.json")] == []
    assert any("could not be copied" in w for w in bad.warnings)


def test_quarantine_copies_a_file_with_a_very_long_name(tmp_path):
    bad = tmp_path / ("x" * 240 + ".txt")
    bad.write_text("", encoding="utf-8")
    kept = quarantine(bad, "empty file", tmp_path / "quarantine")
    assert kept.copy is not None and kept.copy.read_bytes() == b"" and kept.copy.name.endswith(".txt")
    assert len(kept.report.name.encode()) <= 255
    found = json.loads(kept.report.read_text())
    assert found["file"] == str(bad) and found["copy"] == str(kept.copy) and "copy_error" not in found


def test_a_file_with_a_very_long_name_is_rejected_and_kept(tmp_path, store):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ("é" * 120 + ".txt")).write_text("", encoding="utf-8")  # 240 bytes
    (docs / "law.txt").write_text(LAW, encoding="utf-8")
    kept = tmp_path / "quarantine"
    report = ingest_paths([docs], store, quarantine_dir=kept, progress=False)
    (bad,) = report.rejected
    assert bad.reason == "empty file" and Path(bad.quarantined).exists()
    assert report.totals()["added"] == 1
