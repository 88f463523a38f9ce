"""A folder of hostile files beside good ones: each bad file costs that file (or record), in bounded memory and time."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from index.store import Store
from ingest.pipeline import ingest_paths
from tests.ingest.blocking import BLOCKS, RELEASE, blocked_pid, sherloc
from tests.ingest.test_pipeline_crash import children

LAW = """Sample Act on Extradition No. {n} (sample data)

Article 1
A person may be extradited for an offence punishable in both the requesting and the requested State.
"""


def pdf_bomb(operations: int = 65_536) -> bytes:
    """A one-page PDF of 2 KB whose page draws one form of text `operations` times (gigabytes to lay out)."""
    form = b"BT /F1 1 Tf 0 0 Td (" + b"A" * 500 + b") Tj ET"
    stream = zlib.compress(b"/X0 Do " * operations, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def nested(levels: int) -> dict:
    value: dict = {"leaf": "x"}
    for _ in range(levels):
        value = {"inner": value}
    return value


def record(n: int, **extra) -> dict:
    return {"id": f"REC-{n}", "title": f"Sample Record {n} (sample data)", "language": "en",
            "text": LAW.format(n=f"R{n}"), **extra}


def hostile_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Good files and hostile ones; returns the folder and, for each bad file, a part of its expected reason."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(LAW.format(n=1), encoding="utf-8")
    (docs / "law.txt.meta.json").write_text('{"crime_types": 5}', encoding="utf-8")
    records = [record(1), record(2, metadata=nested(900)), record(3, crime_types=5), record(4)]
    (docs / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (docs / "deep.json").write_text(json.dumps(record(5, metadata=nested(900))), encoding="utf-8")
    (docs / "bomb.pdf").write_bytes(pdf_bomb())
    os.mkdir(os.path.join(os.fsencode(docs), b"bad-\xff\xfe"))
    name = os.path.join(os.fsencode(docs), b"bad-\xff\xfe", b"law-\xe9.txt")
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(LAW.format(n=2))
    outside = tmp_path / "outside.txt"
    outside.write_text(LAW.format(n="secret"), encoding="utf-8")
    (docs / "link-out.txt").symlink_to(outside)
    (docs / "tiny.pdf").write_bytes(b"\x8f\x01\x7f")
    (docs / "tiny.json").write_bytes(b"0x\xe9")
    (docs / "hello.json").write_text('"hello"', encoding="utf-8")
    return docs, {
        "deep.json": "metadata nested more than 32 levels deep",
        "bomb.pdf": "a page draws more than 200,000 characters",
        "law-\\xe9.txt": "the file name is not valid UTF-8",
        "link-out.txt": "outside the folder being ingested; not followed",
        "tiny.pdf": "named .pdf but it is not a PDF",
        "tiny.json": "named .json but it holds no JSON records",
        "hello.json": "named .json but it holds no JSON records",
    }


def test_hostile_files_cost_only_themselves(tmp_path):
    docs, expected = hostile_folder(tmp_path)
    home = tmp_path / "home"
    run = subprocess.run(
        [sys.executable, "-m", "search_app.cli", "--home", str(home), "ingest", "--no-index", "--json",
         "--memory-limit", "300", str(docs)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    outcomes = {Path(f["path"]).name: f for f in report["files"]}
    for name, reason in expected.items():
        assert outcomes[name]["status"] == "rejected", (name, outcomes[name])
        assert reason in outcomes[name]["reason"], (name, outcomes[name]["reason"])
    assert outcomes["law.txt"]["status"] == "ingested"
    # One record nested 900 deep is one record lost, with its reason; its neighbours are stored.
    assert sorted(outcomes["records.jsonl"]["added"]) == ["REC-1", "REC-3", "REC-4"]
    warnings = " ".join(outcomes["records.jsonl"]["warnings"])
    assert "record 2: metadata nested more than 32 levels deep" in warnings
    assert "crime type '5' is not in the taxonomy; kept as given for an editor to map" in warnings
    assert "crime_types must be a list of names or a text, not a number (5); ignored" in " ".join(
        outcomes["law.txt"]["warnings"])
    assert report["totals"]["rejected"] == len(expected)
    store = Store(home / "store.sqlite3")
    assert sorted(d.id for d in store.iter_documents()) == ["REC-1", "REC-3", "REC-4", "law"]
    store.close()

    # Asked to, the batch reads the link out of the folder.
    again = ingest_paths([docs], Store(home / "store.sqlite3"), progress=False, follow_links=True, memory_mb=300)
    followed = {Path(f.path).name: f for f in again.files}["link-out.txt"]
    assert followed.status == "ingested"


def test_a_file_rejected_again_is_kept_once(tmp_path, store):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hello.json").write_text('"hello"', encoding="utf-8")
    kept = tmp_path / "quarantine"
    for _ in range(3):
        assert ingest_paths([docs], store, quarantine_dir=kept, progress=False).totals()["rejected"] == 1
    assert sorted(p.name.split("-", 1)[1] for p in kept.iterdir()) == ["hello.json", "hello.json.report.json"]
    (docs / "hello.json").write_text('"hello again"', encoding="utf-8")  # other content: another copy
    ingest_paths([docs], store, quarantine_dir=kept, progress=False)
    assert len(list(kept.glob("*hello.json"))) == 2


def greedy(read):
    """`read` made to ask for 4 GB at once for files named greedy*: what a bomb of any format does."""

    def greedy_read(path, kind):
        if Path(path).name.startswith("greedy"):
            return [bytearray(4 << 30)]
        return read(path, kind)

    return greedy_read


def test_a_parse_that_needs_too_much_memory_costs_its_file(tmp_path, store, monkeypatch):
    import ingest.readers

    monkeypatch.setattr(ingest.readers, "_read", greedy(ingest.readers._read))
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(3):
        (docs / f"law-{n}.txt").write_text(LAW.format(n=n), encoding="utf-8")
    (docs / "greedy.txt").write_text(LAW.format(n="greedy"), encoding="utf-8")

    report = ingest_paths([docs], store, progress=False, workers=2, memory_mb=300)

    (bad,) = report.rejected
    assert bad.path.endswith("greedy.txt") and bad.reason.startswith("needed more than 300 MB of memory to read")
    assert report.totals()["added"] == 3


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_parse_workers_die_with_a_killed_batch(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(4):
        (docs / f"law-{n}.txt").write_text(LAW.format(n=n), encoding="utf-8")
    (docs / f"{BLOCKS}.txt").write_text(LAW.format(n="blocked"), encoding="utf-8")
    release = tmp_path / "release"  # never made: the blocked worker waits until it is ended
    proc = sherloc(["--home", str(tmp_path / "home"), "ingest", "--no-index", "--workers", "2", str(docs)],
                   env={RELEASE: str(release)})
    workers: list[int] = []
    try:
        blocked = blocked_pid(proc, release)
        workers = children(proc.pid)
        assert blocked in workers
        deadline = time.monotonic() + 120
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()  # not communicate(): a worker that outlived it would hold its output open
        alive = workers
        while alive and time.monotonic() < deadline:
            alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)]
            time.sleep(0.05)
        assert alive == []
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.communicate()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_a_result_that_cannot_be_sent_back_costs_only_its_file(tmp_path, store, monkeypatch):
    import ingest.build

    # Let the deep record through record building, as any other unpicklable result would be.
    monkeypatch.setattr(ingest.build, "MAX_METADATA_DEPTH", 10_000)
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(8):
        (docs / f"law-{n}.txt").write_text(LAW.format(n=n), encoding="utf-8")
    (docs / "law-deep.json").write_text(json.dumps(record(9, metadata=nested(900))), encoding="utf-8")

    report = ingest_paths([docs], store, progress=False, workers=2)

    (bad,) = report.rejected
    assert bad.path.endswith("law-deep.json")
    assert bad.reason.startswith("its records could not be passed back from the parser (RecursionError")
    assert report.totals()["added"] == 8
