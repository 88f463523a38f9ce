"""One file (or one part of a large records file) -> its records, never an exception: a failure is the result.

This is the one-document path: a worker process runs it for each file, a small batch or the
editors' upload preview runs it in their own process.
"""

from __future__ import annotations

import itertools
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import SherlocError
from index.models import DocumentRecord
from ingest.build import SIDECAR_DEFAULTS, build_record
from ingest.discovery import read_sidecar
from ingest.errors import RejectedFile
from ingest.limits import MEMORY_LIMIT_MB, memory_limit, too_much_memory

# The default time a file may take to parse: generous, since a large PDF legitimately takes
# minutes; it is there for the file that would never finish.
TIME_LIMIT_S = 300.0
TIME_LIMIT_PER_MB_S = 30.0


@dataclass
class ParsedFile:
    """The records built from one file (or part of one), or the reason it could not be read."""

    path: str
    records: list[DocumentRecord] = field(default_factory=list)
    derived_ids: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    pages: int = 0


class _TimeUp(BaseException):
    """Raised into a parse that ran out of time; not an Exception, so no reader's `except Exception` hides it."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise _TimeUp into the code inside after `seconds` of wall time (None or 0: no limit).

    For a parse in this process (a worker's pool times it from outside). An alarm only interrupts
    Python code, and only in a main thread (elsewhere no limit applies): a parser stuck inside one
    long C call is not stopped.
    """
    usable = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The alarm repeats every second: a parser's bare `except:` may swallow the first one.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        while True:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except _TimeUp:  # the alarm went off during this clean-up: finish it first
                continue


def time_limit_for(path: Path, time_limit: float | None) -> float:
    """Seconds `path` may take to parse: `time_limit` if given, else the default scaled by its size."""
    if time_limit is not None:
        return time_limit
    return TIME_LIMIT_S + TIME_LIMIT_PER_MB_S * file_size(path) / 1_000_000


def too_long(seconds: float) -> str:
    """The reason given for a file whose parse ran past its time limit."""
    return f"took longer than {seconds:g} s to read"


def parse_file(
    path: str, root: str, detector: str, part: int = 0, parts: int = 1, time_limit: float | None = None,
    memory_mb: int | None = MEMORY_LIMIT_MB, follow_links: bool = False,
) -> ParsedFile:
    """Read, structure and classify one file (or every `parts`-th record of it, from `part`).

    Never raises: a failure, running past `time_limit` seconds or needing more than `memory_mb` MB
    comes back as `error`. Splitting a large records file into parts lets several processes build
    its records; each part reads the file, which is cheap.
    """
    try:
        with _time_limit(time_limit), memory_limit(memory_mb):
            return _parse_file_now(path, root, detector, part, parts, follow_links)
    except _TimeUp:
        return ParsedFile(path=path, error=too_long(time_limit or 0))
    except MemoryError:
        return ParsedFile(path=path, error=too_much_memory(memory_mb) if memory_mb else "too large to read into memory")


def _check_link(path: Path, root: Path) -> None:
    """Reject a symbolic link that leads out of the folder being ingested (a broken one is left to the reader)."""
    if path.is_symlink() and path.exists():
        target = path.resolve()
        if not target.is_relative_to(root):
            raise RejectedFile(path, f"symbolic link to {target}, outside the folder being ingested; not followed "
                               "(ingest with --follow-links to read it)")


def _parse_file_now(path: str, root: str, detector: str, part: int, parts: int, follow_links: bool) -> ParsedFile:
    from ingest.readers import read_file_with_warnings

    result = ParsedFile(path=path)
    try:
        if not follow_links:
            _check_link(Path(path), Path(root))
        side, side_raw = read_sidecar(Path(path))
        docs, warnings = read_file_with_warnings(Path(path))
        multi = len(docs) > 1
        if part == 0:
            result.warnings.extend(warnings)
            ignored = sorted(k for k in side if k not in SIDECAR_DEFAULTS) if multi else []
            if ignored:
                named = [f"id {side['id']!r}" if k == "id" else k for k in ignored]
                result.warnings.append(
                    f"sidecar {', '.join(named)} ignored: beside a file of {len(docs)} records a sidecar only "
                    f"gives {', '.join(SIDECAR_DEFAULTS)} to the records that lack them; each record keeps its own id"
                )
        result.pages = sum(d.pages for d in docs) if part == 0 else 0
        for i in range(part, len(docs), parts):
            try:
                record, warns, derived = build_record(docs[i], side, side_raw, Path(root), detector, i, multi)
            except RejectedFile as exc:
                if len(docs) == 1:
                    raise
                result.warnings.append(exc.reason)
                continue
            result.warnings.extend(warns)
            result.records.append(record)
            if derived:
                result.derived_ids.add(record.id)
        if not result.records and len(docs) <= part:
            raise RejectedFile(path, "no document could be read from this file")
    except RejectedFile as exc:
        result.error = exc.reason
    except SherlocError as exc:
        result.error = str(exc)
    except MemoryError:
        raise
    except Exception as exc:  # a parser bug must not end the batch; the report names it
        result.error = f"unexpected {type(exc).__name__}: {exc}"
    return result


def merge_parts(parts: list[ParsedFile]) -> ParsedFile:
    """One file's result from its parts: records back in file order, ids unique, any error wins."""
    merged = ParsedFile(path=parts[0].path, pages=sum(p.pages for p in parts))
    errors = [p.error for p in parts if p.error]
    if errors:
        merged.error = errors[0]
        return merged
    # Part k built records k, k + n, k + 2n ...: interleave them back.
    ordered = [r for group in itertools.zip_longest(*(p.records for p in parts)) for r in group if r is not None]
    seen: set[str] = set()
    for p in parts:
        merged.warnings.extend(p.warnings)
        merged.derived_ids |= p.derived_ids
    for position, record in enumerate(ordered):
        if record.id in seen:
            merged.warnings.append(f"record {position + 1}: id {record.id!r} repeats an earlier record; skipped")
            continue
        seen.add(record.id)
        merged.records.append(record)
    if not merged.records:
        merged.error = "no document could be read from this file"
    return merged


def file_size(path: Path) -> int:
    """The size of a file in bytes, 0 if it cannot be read (its parse then reports why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0

