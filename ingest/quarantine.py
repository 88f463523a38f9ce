"""The quarantine folder: a rejected file is copied aside once per content, with a JSON report beside the copy."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


def shown(path: str | Path) -> str:
    """`path` as text that can be printed and stored: bytes of a non-UTF-8 name as \\xNN escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# Room left in a file name for a hash or time stamp and ".report.json" (names are at most 255 bytes).
_NAME_BYTES = 200


@dataclass
class Quarantined:
    """Where a rejected file was kept aside: its copy (None if it could not be made) and the report."""

    copy: Path | None
    report: Path
    copy_error: str = ""


def _short_name(name: str, limit: int = _NAME_BYTES) -> str:
    """`name` cut to `limit` UTF-8 bytes, keeping its extension (the copy must stay recognisable)."""
    if len(name.encode("utf-8", "surrogateescape")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 16:
        stem, suffix = name, ""
    room = limit - len(suffix.encode()) - (1 if suffix else 0)
    cut = stem.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f"{cut}.{suffix}" if suffix else cut


def _copy_problem(path: Path) -> str:
    """Why `path` cannot be copied as a plain file, or "" if it can be tried."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "the file no longer exists"
    except OSError as exc:
        return exc.strerror or str(exc)
    # Copying a pipe would wait and a device could be endless: only plain files are copied.
    return "" if stat.S_ISREG(mode) else "not a regular file"


def _content_hash(path: Path) -> str:
    """A short hash of the file's bytes (read in blocks: a quarantined file may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def quarantine(path: Path, reason: str, directory: Path) -> Quarantined:
    """Copy a rejected file aside with a JSON report '<copy>.report.json' beside the copy.

    The copy is named by the file's content hash: a file rejected again (at every retry of a
    batch) keeps its one copy, whose report is brought up to date. When the copy cannot be made
    (a broken link, a file that cannot be read) the report is written anyway and says why.
    Raises OSError only when the report itself cannot be written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    name = _short_name(path.name)
    problem = _copy_problem(path)
    target = None
    if not problem:
        try:
            target = directory / f"{_content_hash(path)}-{name}"
            if not target.exists():
                shutil.copy2(path, target)
        except OSError as exc:
            problem = exc.strerror or str(exc)
            if target is not None:
                target.unlink(missing_ok=True)  # no half copy that looks like the file
    if problem:
        target = directory / f"{stamp}-{name}"
        n = 2
        while target.with_name(target.name + ".report.json").exists():
            target = directory / f"{stamp}-{n}-{name}"
            n += 1
    error = f"could not be copied: {problem}" if problem else ""
    report = {"file": shown(path), "reason": reason, "at": stamp, "copy": None if problem else shown(target)}
    if error:
        report["copy_error"] = error
    report_path = target.with_name(target.name + ".report.json")
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return Quarantined(copy=None if problem else target, report=report_path, copy_error=error)


def listing(directory: Path) -> list[dict]:
    """The quarantined files, newest first: each report with its `name` and whether its copy is still there."""
    # A report an operator edited badly is not shown rather than fatal.
    found = (entry(directory, p.name) for p in (directory.glob("*.report.json") if directory.is_dir() else []))
    out = [e for e in found if e is not None]
    return sorted(out, key=lambda r: (str(r.get("at", "")), r["name"]), reverse=True)


def _report_path(directory: Path, name: str) -> Path | None:
    """The report named `name` in `directory`, or None when the name is not one (no path may leave the folder)."""
    report_path = directory / name
    if "/" in name or "\\" in name or not name.endswith(".report.json") or not report_path.is_file():
        return None
    return report_path


def entry(directory: Path, name: str) -> dict | None:
    """One quarantined file as `listing` shows it, by its report's name; None if there is none."""
    report_path = _report_path(directory, name)
    if report_path is None:
        return None
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # The copy's real name (the report holds it as printable text, which differs for a non-UTF-8 name).
    copy = report_path.with_name(name.removesuffix(".report.json"))
    kept = bool(report.get("copy")) and copy.is_file()
    return {**report, "name": name, "key": shown(name), "copy_path": copy if kept else None, "copy_kept": kept}


def find(directory: Path, key: str) -> dict | None:
    """The entry whose `key` (its report's name as printable text, as pages and commands show it) is `key`."""
    found = entry(directory, key)
    if found is not None:
        return found
    return next((e for e in listing(directory) if e["key"] == key), None)


def update(directory: Path, name: str, **changes) -> None:
    """Write `changes` (a new reason, the metadata of a retry) into a quarantined file's report."""
    report_path = _report_path(directory, name)
    if report_path is None:
        return
    report = json.loads(report_path.read_text(encoding="utf-8"))
    report.update(changes)
    tmp = report_path.with_name(f".{report_path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, report_path)  # a reader never sees half a report


def discard(directory: Path, name: str) -> bool:
    """Remove one quarantined file (its copy and its report) by its report's name; False if there is none."""
    report_path = _report_path(directory, name)
    if report_path is None:
        return False
    copy = report_path.with_name(name.removesuffix(".report.json"))
    copy.unlink(missing_ok=True)
    report_path.unlink()
    return True
