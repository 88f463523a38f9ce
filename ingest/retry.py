"""Retry a quarantined file with an editor's metadata, or discard it; each is one audited change.

A retry copies the file out of the quarantine into the `retried` folder with the metadata as its
sidecar (so a later ingest of that folder reads the same), parses it in a separate process with
time and memory limits (a hostile file can crash or hang that process, never the caller), and
writes its documents and the audit entry in one transaction. On success the file leaves the
quarantine; on failure the copy stays there with the new reason, and nothing else is kept.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from index import audit
from index.store import Store
from ingest import quarantine
from ingest.errors import RejectedFile
from ingest.limits import MEMORY_LIMIT_MB
from ingest.pipeline import SIDECAR_SUFFIX, ParsedFile, parse_file, read_sidecar, store_parsed
from ingest.upload import KILL_GRACE_S, failure_reason

# The sidecar fields an editor can give a quarantined file (ingest/pipeline.py build_record reads them).
TEXT_FIELDS = ("id", "title", "type", "country", "language", "date", "source_url")
LIST_FIELDS = ("crime_types", "issues")
# A retry runs while an editor waits for the page; a file that needs longer belongs to `sherloc ingest`.
RETRY_TIME_LIMIT_S = 120.0


@dataclass
class RetryResult:
    """What a retry did: `documents` stored (empty when it failed, then `reason` says why)."""

    documents: list[str] = field(default_factory=list)
    reason: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file is now in the store (and out of the quarantine)."""
        return bool(self.documents)


class NotQuarantined(LookupError):
    """No quarantined file has that name (discarded or retried meanwhile)."""


def clean_metadata(values: dict) -> dict:
    """The sidecar an editor's values make: known fields only, blanks left out, lists as lists of strings."""
    out: dict = {}
    for key in TEXT_FIELDS:
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = value.strip()
    for key in LIST_FIELDS:
        value = values.get(key)
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        items = [str(v).strip() for v in items if str(v).strip()]
        if items:
            out[key] = items
    return out


def known_metadata(item: dict) -> dict:
    """The metadata to start a retry from: the last retry's, else the sidecar beside the original file."""
    if isinstance(item.get("metadata"), dict):
        return item["metadata"]
    try:
        side, _raw = read_sidecar(Path(item.get("file", "")))
    except (RejectedFile, OSError):
        return {}  # an unreadable sidecar may be why the file was rejected: the editor starts afresh
    return clean_metadata(side)


def _parse_isolated(path: Path, root: Path, detector: str, time_limit: float, memory_mb: int | None) -> ParsedFile:
    """parse_file in a fresh process that is killed when it overruns; a crash or a kill comes back as `error`."""
    from pebble import ProcessPool

    # spawn, not fork: forking a threaded web server can copy a lock held by another thread.
    with ProcessPool(max_workers=1, context=multiprocessing.get_context("spawn")) as pool:
        future = pool.schedule(
            parse_file, args=(str(path), str(root), detector),
            kwargs={"time_limit": time_limit, "memory_mb": memory_mb}, timeout=time_limit + KILL_GRACE_S,
        )
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - a timeout, a crash or a result that cannot come back: the upload's words
            return ParsedFile(path=str(path), error=failure_reason(exc, time_limit, memory_mb))


def _stage(copy: Path, files_dir: Path, metadata: dict) -> tuple[Path, Path]:
    """Copy the quarantined file to <files_dir>/<content hash>/<its name> with the sidecar; (file, its folder)."""
    digest, _sep, name = copy.name.partition("-")  # quarantine copies are named <content hash>-<name>
    folder = files_dir / digest
    folder.mkdir(parents=True, exist_ok=True)
    # A name that is not UTF-8 (the reason some files are rejected) gets U+FFFD: the store keeps paths as text.
    staged = folder / (name or copy.name).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    shutil.copy2(copy, staged)
    sidecar = staged.with_name(staged.name + SIDECAR_SUFFIX)
    if metadata:
        sidecar.write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        sidecar.unlink(missing_ok=True)
    return staged, folder


def _failure_reason(outcome, parsed: ParsedFile) -> str:
    if parsed.error:
        return parsed.error
    if outcome.reason:
        return outcome.reason
    if outcome.duplicates:
        return "the same text is already stored: " + "; ".join(outcome.duplicates)
    return "no document could be stored from this file"


def retry(
    store: Store, quarantine_dir: Path, files_dir: Path, name: str, metadata: dict, editor: str, *,
    detector: str = "lingua", time_limit: float = RETRY_TIME_LIMIT_S, memory_mb: int | None = MEMORY_LIMIT_MB,
) -> RetryResult:
    """Ingest the quarantined file `name` (its report's name) again with `metadata` as its sidecar.

    Raises NotQuarantined when there is no such file. The documents (or the ingest log's rejection)
    and the audit entry "quarantine.retry" are written in one transaction.
    """
    item = quarantine.entry(quarantine_dir, name)
    if item is None:
        raise NotQuarantined(name)
    metadata = clean_metadata(metadata)
    before = {"file": item.get("file"), "reason": item.get("reason"), "metadata": item.get("metadata")}
    if not item["copy_kept"]:
        return RetryResult(reason=item.get("copy_error") or "only the report was kept: the file itself is not there")
    staged, folder = _stage(item["copy_path"], files_dir, metadata)
    parsed = _parse_isolated(staged, folder, detector, time_limit, memory_mb)
    result = RetryResult(warnings=list(parsed.warnings))
    with store.transaction() as conn:
        if parsed.error:
            outcome = None
            store.log_ingest(str(staged), "rejected", None, parsed.error[:2000])
        else:
            outcome = store_parsed(store, parsed)
            result.warnings = outcome.warnings
            result.documents = sorted(store.ids_for_source(str(staged)))
        if not result.ok:
            result.reason = _failure_reason(outcome, parsed)
        after = {"metadata": metadata, "documents": result.documents, "reason": result.reason,
                 "file": str(staged) if result.ok else None}
        audit.record(conn, editor, "quarantine.retry", item["key"], before, after)
    if result.ok:
        quarantine.discard(quarantine_dir, name)
    else:
        if not store.ids_for_source(str(staged)):  # the quarantine keeps the file; no second copy lingers
            shutil.rmtree(folder, ignore_errors=True)
        quarantine.update(quarantine_dir, name, reason=result.reason, metadata=metadata,
                          retried_at=datetime.now(UTC).strftime("%Y%m%dT%H%M%S"), retried_by=editor)
    return result


def discard(store: Store, quarantine_dir: Path, name: str, editor: str) -> bool:
    """Remove a quarantined file and its report, with the audit entry "quarantine.discard"; False if none."""
    item = quarantine.entry(quarantine_dir, name)
    if item is None:
        return False
    try:
        with store.transaction() as conn:
            audit.record(conn, editor, "quarantine.discard", item["key"],
                         {"file": item.get("file"), "reason": item.get("reason")}, None)
            # Removed inside the transaction: if removing fails, no entry claims it happened.
            if not quarantine.discard(quarantine_dir, name):
                raise NotQuarantined(name)
    except NotQuarantined:
        return False  # another editor was quicker
    return True
