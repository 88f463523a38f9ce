"""Writing one parsed file to the store: its records, all or nothing, never over another file's documents."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from index.ids import normalise_id
from index.models import DocumentRecord
from index.store import Store
from ingest.parse import ParsedFile


@dataclass
class FileOutcome:
    """What happened to one file of a batch."""

    path: str
    status: str  # ingested | unchanged | rejected
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # "<id> duplicates <stored id>"
    warnings: list[str] = field(default_factory=list)
    reason: str = ""
    quarantined: str = ""


def _disambiguated(doc_id: str, source: str) -> str:
    """The id for a derived id that another file already uses: stable, as it depends only on the path."""
    return normalise_id(f"{doc_id}-{hashlib.sha256(source.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}")[0]


def _rename(record: DocumentRecord, new_id: str) -> None:
    """Give a built record another id, with the provision ids (and their classifications) that derive from it."""
    prefix = record.id + "/"

    def moved(provision_id: str | None) -> str | None:
        if provision_id and provision_id.startswith(prefix):
            return new_id + "/" + provision_id[len(prefix):]
        return provision_id

    for p in record.provisions:
        p.id = moved(p.id) or ""
    for c in record.classifications:
        c.provision_id = moved(c.provision_id)
    record.id = new_id


def _owner(store: Store, doc_id: str) -> str | None:
    """The source file of the stored document `doc_id`: None if there is none, "" if it came from no file."""
    if not store.has_document(doc_id):
        return None
    return store.get_document(doc_id).source_file or ""


@dataclass
class _Claim:
    """What writing a record under its id means for the documents of other files."""

    note: str = ""  # said in the report when the record is written
    conflict: str = ""  # non-empty: the record must not be written


def _claim_id(store: Store, record: DocumentRecord, parsed: ParsedFile, before: dict[str, str]) -> _Claim:
    """Make sure a record never takes another live file's document; rename or note what happens.

    A derived id (from the file name) that another file uses gets a suffix hashed from this
    file's path; an editor's id that another existing file uses is a conflict; an id whose old
    file is gone moves to this file.
    """
    derived = record.id in parsed.derived_ids
    if derived and record.id not in before and _disambiguated(record.id, parsed.path) in before:
        _rename(record, _disambiguated(record.id, parsed.path))  # as in an earlier batch
    if record.id in before:
        return _Claim()
    owner = _owner(store, record.id)
    if owner is None or owner == parsed.path:
        return _Claim()
    if owner and not os.path.lexists(owner):
        return _Claim(note=f"{record.id}: moved here from {owner}, which no longer exists")
    where = f"{owner}, which still exists" if owner else "a document not read from a file"
    if derived:
        taken = record.id
        _rename(record, _disambiguated(taken, parsed.path))
        if _owner(store, record.id) not in (None, parsed.path):
            return _Claim(conflict=f"ids {taken!r} and {record.id!r} are both used by other files")
        return _Claim(note=f"id {taken!r} (from the file name) is already used by {where}; stored as {record.id!r}")
    return _Claim(
        conflict=f"id {record.id!r} of {parsed.path} already belongs to {where}; "
        "give one of them another id in its sidecar"
    )


def store_parsed(store: Store, parsed: ParsedFile) -> FileOutcome:
    """Write one parsed file's records and drop the documents the file no longer holds, in one transaction.

    (A savepoint when a transaction is open: then it commits with that.) A document of another
    existing file is never replaced: such a record is skipped with a warning, and a file none of
    whose records could be written for that reason is rejected.
    """
    with store.transaction():
        return _store_parsed(store, parsed)


def _store_parsed(store: Store, parsed: ParsedFile) -> FileOutcome:
    outcome = FileOutcome(path=parsed.path, status="ingested", warnings=list(parsed.warnings))
    before = store.ids_for_source(parsed.path)
    kept: set[str] = set()
    conflicts: list[str] = []
    for record in parsed.records:
        claim = _claim_id(store, record, parsed, before)
        if record.id not in before:
            other = store.find_by_hash(record.content_hash)
            if other:
                outcome.duplicates.append(f"{record.id} duplicates {other}")
                continue
        if claim.conflict:
            conflicts.append(claim.conflict)
            continue
        kept.add(record.id)
        status = store.put_document(record)
        if status == "added":
            outcome.added.append(record.id)
        elif status == "replaced":
            outcome.replaced.append(record.id)
        else:
            outcome.unchanged += 1
        if claim.note and status != "unchanged":
            outcome.warnings.append(claim.note)
    if conflicts and not kept:
        # Nothing of this file could be written: a rejection, and its earlier documents stay as they are.
        outcome.status = "rejected"
        outcome.reason = conflicts[0] + (f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else "")
        store.log_ingest(parsed.path, "rejected", None, outcome.reason[:2000])
        return outcome
    outcome.warnings.extend(f"record skipped: {c}" for c in conflicts)
    for gone in sorted(set(before) - kept):
        store.delete_document(gone)
        outcome.removed.append(gone)
    if not (outcome.added or outcome.replaced or outcome.removed):
        outcome.status = "unchanged"
    store.log_ingest(parsed.path, outcome.status, ",".join(outcome.added + outcome.replaced)[:2000] or None,
                     "; ".join(outcome.warnings)[:2000])
    return outcome
