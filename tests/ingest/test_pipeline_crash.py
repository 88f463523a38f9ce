"""A parser process that dies, or a file that takes too long, costs that one file and never the batch."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from index.store import Store
from ingest.pipeline import ingest_paths
from tests.ingest.blocking import BLOCKS, RELEASE, blocked_pid, blocking, sherloc

LAW = """Sample Act on Extradition No. {n} (sample data)

Article 1
A person may be extradited for an offence punishable in both the requesting and the requested State.
"""


def long_law(articles: int) -> str:
    """A valid law of `articles` articles."""
    return "Sample Consolidated Code (sample data)\n\n" + "".join(
        f"Article {i}\nThe requested State shall extradite the person sought for trafficking in persons "
        f"number {i} without undue delay, subject to its law.\n\n"
        for i in range(1, articles + 1)
    )


def write_batch(docs: Path, small: int) -> Path:
    """`small` short laws and one that blocks its reader (see blocking.py), sorted last: every other
    file is stored while it is being parsed."""
    docs.mkdir(parents=True)
    for n in range(small):
        (docs / f"law-{n}.txt").write_text(LAW.format(n=n), encoding="utf-8")
    slow = docs / f"{BLOCKS}.txt"
    slow.write_text(long_law(3), encoding="utf-8")
    return slow


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc, as ps does)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_parser_process_that_dies_costs_only_its_file(tmp_path):
    small = 8
    slow = write_batch(tmp_path / "docs", small)
    home = tmp_path / "home"
    proc = sherloc(["--home", str(home), "ingest", "--no-index", "--json", "--workers", "2", str(tmp_path / "docs")])
    try:
        deadline = time.monotonic() + 120
        while stored(home / "store.sqlite3") < small and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()  # the blocked file keeps the batch going
        # Every parser process dies from now on, as under the kernel's out-of-memory killer:
        # the slow file is lost, and lost again when it is retried on its own.
        while proc.poll() is None and time.monotonic() < deadline:
            for child in children(proc.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            time.sleep(0.02)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    report = json.loads(out)
    outcomes = {Path(f["path"]).name: f for f in report["files"]}
    assert outcomes[slow.name]["status"] == "rejected"
    assert "the parser crashed" in outcomes[slow.name]["reason"]
    assert report["totals"]["added"] == small and report["totals"]["rejected"] == 1
    kept = [json.loads(p.read_text()) for p in (home / "quarantine").glob("*.report.json")]
    assert [k["file"] for k in kept] == [str(slow)]
    assert Store(home / "store.sqlite3").counts()["documents"] == small


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_takes_too_long_is_rejected_and_the_rest_ingested(tmp_path, workers, monkeypatch):
    import ingest.readers

    monkeypatch.setattr(ingest.readers, "_read", blocking(ingest.readers._read))  # never released
    store = Store(tmp_path / "home" / "store.sqlite3")
    slow = write_batch(tmp_path / "docs", 3)
    kept = tmp_path / "quarantine"

    started = time.monotonic()
    report = ingest_paths([tmp_path / "docs"], store, quarantine_dir=kept, progress=False, workers=workers,
                          time_limit=3.0)
    waited = time.monotonic() - started

    (bad,) = report.rejected
    assert bad.path == str(slow) and bad.reason == "took longer than 3 s to read"
    assert report.totals()["added"] == 3
    assert list(kept.glob(f"*{slow.name}.report.json"))
    assert waited < 120  # the limit ended a parse that would never have ended
    store.close()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_files_lost_with_a_dead_process_are_parsed_again(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    n = 24
    for i in range(n - 1):  # several files per task
        (docs / f"code-{i:02d}.txt").write_text(long_law(30).replace("Consolidated Code", f"Code {i}"),
                                                 encoding="utf-8")
    # The last file waits for `release`: the batch is still running when a worker is killed.
    (docs / f"{BLOCKS}.txt").write_text(long_law(30).replace("Consolidated Code", "Code last"), encoding="utf-8")
    release = tmp_path / "release"
    home = tmp_path / "home"
    proc = sherloc(["--home", str(home), "ingest", "--no-index", "--json", "--workers", "2", str(docs)],
                   env={RELEASE: str(release)})
    try:
        os.kill(blocked_pid(proc, release), signal.SIGKILL)  # one worker dies once, in the middle of its work
        release.touch()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    report = json.loads(out)
    assert report["totals"]["added"] == n and report["totals"]["rejected"] == 0
    assert Store(home / "store.sqlite3").counts()["documents"] == n


def same_program(pid: int, other: int) -> bool:
    """Whether process `pid` runs the same command line as `other` (a forked worker does; a helper process not)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes() == Path(f"/proc/{other}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_worker_killed_while_idle_does_not_stall_the_batch(tmp_path):
    small = 6
    write_batch(tmp_path / "docs", small)
    release = tmp_path / "release"
    home = tmp_path / "home"
    proc = sherloc(["--home", str(home), "ingest", "--no-index", "--json", "--workers", "2", str(tmp_path / "docs")],
                   env={RELEASE: str(release)})
    try:
        blocked = blocked_pid(proc, release)
        deadline = time.monotonic() + 120
        while stored(home / "store.sqlite3") < small and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        # Every other file is stored: the workers but the blocked one have nothing to do.
        idle = [pid for pid in children(proc.pid) if pid != blocked and same_program(pid, proc.pid)]
        assert idle
        for pid in idle:
            os.kill(pid, signal.SIGKILL)
        time.sleep(1.0)  # long enough for the pool to notice
        release.touch()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    report = json.loads(out)
    assert report["totals"]["added"] == small + 1 and report["totals"]["rejected"] == 0
    assert Store(home / "store.sqlite3").counts()["documents"] == small + 1


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_killed_while_idle_are_replaced_and_every_file_parsed(tmp_path, monkeypatch):
    import ingest.workers

    # Few tasks in flight: most files still wait to be sent while the workers sit idle.
    monkeypatch.setattr(ingest.workers, "IN_FLIGHT_PER_WORKER", 1)
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(8):
        (docs / f"law-{n}.txt").write_text(LAW.format(n=n), encoding="utf-8")
    files = [(f, docs) for f in sorted(docs.iterdir())]
    batch = ingest.workers.parse_all(files, "lingua", workers=2)
    parsed = next(batch)  # the batch is running; nothing is read from it for a while
    time.sleep(2.0)  # the files sent are parsed: every worker is idle
    workers = [pid for pid in children(os.getpid()) if same_program(pid, os.getpid())]
    assert len(workers) == 2
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    deadline = time.monotonic() + 120
    for run in batch:
        parsed += run
        assert time.monotonic() < deadline
    assert [Path(p.path).name for p in parsed] == [f.name for f, _ in files]
    assert [p.error for p in parsed] == [""] * len(files)
