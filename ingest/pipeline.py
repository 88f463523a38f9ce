"""A batch: files -> parsed documents -> records with provisions and classifications -> the store.

A batch never stops at a bad file: the file is copied into the quarantine folder with a
JSON report beside it, the rest goes on, and the report says what happened to each file.
Each file is written all or nothing (the files whose parsing ended together share one
commit), so a crash leaves the store as it was before the files being written. Re-ingesting
an unchanged file changes nothing; a changed file replaces its documents (and drops those it
no longer holds).

The steps live in their own modules: discovery (which files, their sidecars), parse (one file
-> records, built by build), workers (the process pool) and writer (one file -> the store).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.store import Store
from ingest.build import PIPELINE_VERSION, SIDECAR_DEFAULTS, build_record
from ingest.discovery import SIDECAR_SUFFIX, collect_files, is_sidecar, read_sidecar, sidecar_for, split_unnameable
from ingest.limits import MEMORY_LIMIT_MB
from ingest.parse import TIME_LIMIT_PER_MB_S, TIME_LIMIT_S, ParsedFile, parse_file
from ingest.quarantine import quarantine, shown
from ingest.workers import CRASHED, parse_all
from ingest.writer import FileOutcome, store_parsed

__all__ = [
    "CRASHED", "PIPELINE_VERSION", "SIDECAR_DEFAULTS", "SIDECAR_SUFFIX", "TIME_LIMIT_PER_MB_S", "TIME_LIMIT_S",
    "BatchReport", "FileOutcome", "ParsedFile", "build_record", "collect_files", "ingest_paths", "is_sidecar",
    "parse_file", "quarantine", "read_sidecar", "sidecar_for", "store_parsed",
]


@dataclass
class BatchReport:
    """The summary of a batch, one outcome per file."""

    files: list[FileOutcome] = field(default_factory=list)

    @property
    def rejected(self) -> list[FileOutcome]:
        """The files that could not be ingested."""
        return [f for f in self.files if f.status == "rejected"]

    def totals(self) -> dict[str, int]:
        """Counts over the batch: files, rejected files, documents added/replaced/unchanged/removed."""
        return {
            "files": len(self.files),
            "rejected": len(self.rejected),
            "added": sum(len(f.added) for f in self.files),
            "replaced": sum(len(f.replaced) for f in self.files),
            "unchanged": sum(f.unchanged for f in self.files),
            "removed": sum(len(f.removed) for f in self.files),
            "duplicates": sum(len(f.duplicates) for f in self.files),
            "warnings": sum(len(f.warnings) for f in self.files),
        }

    def to_dict(self) -> dict:
        """The report as plain JSON-ready data."""
        return {"totals": self.totals(), "files": [asdict(f) for f in self.files]}


def _keep_aside(outcome: FileOutcome, directory: Path) -> None:
    """Quarantine a rejected file; a quarantine that fails is a warning, never the end of the batch."""
    try:
        kept = quarantine(Path(outcome.path), outcome.reason, directory)
    except OSError as exc:
        outcome.warnings.append(f"could not be kept aside in {directory}: {exc.strerror or exc}")
        return
    outcome.quarantined = shown(kept.copy or kept.report)
    if kept.copy_error:
        outcome.warnings.append(f"{kept.copy_error}; only the report was written, {kept.report}")


def _write_run(store: Store, run: list[ParsedFile]) -> list[FileOutcome]:
    """Write the files whose parsing ended together in one transaction (each file a savepoint).

    A commit per document would cost more than the writing; nothing waits for a worker while the
    transaction is open.
    """
    outcomes = []
    with store.transaction():
        for parsed in run:
            if parsed.error:
                outcome = FileOutcome(path=parsed.path, status="rejected", reason=parsed.error,
                                      warnings=list(parsed.warnings))
                store.log_ingest(shown(parsed.path), "rejected", None, parsed.error)
            else:
                outcome = store_parsed(store, parsed)
            outcomes.append(outcome)
    return outcomes


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    detector: str = "lingua",
    quarantine_dir: Path | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
    time_limit: float | None = None,
    memory_mb: int | None = MEMORY_LIMIT_MB,
    follow_links: bool = False,
) -> BatchReport:
    """Ingest files and folders into the store and return what happened to each file.

    Parsing runs in worker processes when the batch is large; writing stays in this process,
    each file all or nothing, one commit per run of files whose parsing ended together; a file
    is reported once committed. `progress` None shows a bar only on a terminal. A file may take
    `time_limit` seconds to parse (None: TIME_LIMIT_S plus TIME_LIMIT_PER_MB_S per MB; 0: no
    limit) or `memory_mb` MB of memory (None or 0: no limit) before it is rejected. A symbolic
    link out of a folder being ingested is read only with `follow_links`.
    """
    files, unnamed = split_unnameable(collect_files(paths))
    report = BatchReport()
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest", file=sys.stderr)
    runs = itertools.chain(([ParsedFile(path=path, error=reason)] for path, reason in unnamed),
                           parse_all(files, detector, workers, time_limit, memory_mb, follow_links))
    try:
        for run in runs:
            for outcome in _write_run(store, run):
                if outcome.status == "rejected" and quarantine_dir is not None:
                    _keep_aside(outcome, quarantine_dir)
                outcome.path = shown(outcome.path)
                report.files.append(outcome)
                if on_file:
                    on_file(outcome)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report
