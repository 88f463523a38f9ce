"""Publishing a draft: its records go into the store, with the editor's details over ingest's
suggestions, in one transaction with the audit entry and the removal of the draft.

So a crash at any moment leaves either the draft (nothing published) or the published document
(no draft); the search indexes catch up from the store's change log afterwards, wherever they are.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from index import audit, drafts
from index.drafts import Draft
from index.errors import SherlocError, not_found
from index.models import DocumentRecord
from index.store import Store

# Fields of the details form that are document fields (Store.update_metadata takes them).
DOCUMENT_FIELDS = ("title", "type", "country", "date", "source_url", "languages")
SCHEMES = {"crime": "crime", "issue": "issue"}
# Testing crash safety: "<stage>:<file>" makes publish write <file> and wait at <stage> (in-transaction,
# after-commit), so that a test can kill the server at a known moment. Unset in every real deployment.
PAUSE_ENV = "SHERLOC_TEST_PUBLISH_PAUSE"


class Taken(SherlocError):
    """A new document's id is already another document's."""


class NotReady(SherlocError):
    """The draft is still being parsed, or its parse failed."""


@dataclass
class Published:
    """What publishing a draft did."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def summary(doc: DocumentRecord) -> dict:
    """What the audit log keeps of a document's state."""
    return {"title": doc.title, "type": doc.type, "country": doc.country, "languages": list(doc.languages),
            "date": doc.date, "provisions": len(doc.provisions), "source_file": doc.source_file,
            "crime": doc.terms("crime"), "issue": doc.terms("issue")}


def suggestions(record: DocumentRecord) -> dict:
    """Ingest's values for each field of the details form (the form shows them until the editor confirms)."""
    return {
        "document_id": record.id,
        "title": record.title,
        "type": record.type,
        "country": record.country or "",
        "date": record.date or "",
        "in_force": record.dates.get("in_force", ""),
        "source_url": record.source_url or "",
        "languages": list(record.languages),
        "crime": record.terms("crime"),
        "issue": record.terms("issue"),
    }


def _pause(stage: str) -> None:
    wanted = os.environ.get(PAUSE_ENV, "")
    if wanted.partition(":")[0] == stage:
        Path(wanted.partition(":")[2]).write_text(str(os.getpid()))
        time.sleep(120)  # the test kills the process meanwhile


def _apply(record: DocumentRecord, details: dict) -> None:
    """The editor's languages (the sidecar gave the rest to the parse), the main language first."""
    if details.get("languages"):
        record.languages = list(dict.fromkeys(details["languages"]))


def publish(store: Store, draft_id: str, editor: str) -> Published:
    """Write a ready draft's records into the store and remove the draft, in one transaction with its audit
    entries (`upload` actions are the caller's). Taken if a new document's id is already used."""
    out = Published()
    with store.transaction() as conn:
        # read inside the transaction: of two editors publishing one draft, the second finds it gone
        draft = drafts.get(conn, draft_id)
        if draft is None:
            raise not_found("no draft with id %(id)s", id=repr(draft_id))
        if draft.status != "ready":
            raise NotReady(f"{draft.file_name}: not ready to publish ({draft.error or 'still being read'})")
        records = draft.records
        for record in records:
            if store.has_document(record.id) and not (draft.replaces and record.id == draft.document_id):
                raise Taken(f"the identifier {record.id} is already used by another document")
        for record in records:
            before = summary(store.get_document(record.id)) if store.has_document(record.id) else None
            if len(records) == 1:
                _apply(record, draft.details)
            status = store.put_document(record)
            (out.replaced if before else out.added).append(record.id)
            if len(records) == 1 and draft.details:
                _confirm(store, record.id, draft.details, editor)
            after = summary(store.get_document(record.id))
            after.update(draft=draft.id, file=draft.file_name, status=status)
            audit.record(conn, editor, "document.publish", record.id, before, after)
        drafts.delete(conn, draft.id)
        _pause("in-transaction")
    _pause("after-commit")
    return out


def _confirm(store: Store, doc_id: str, details: dict, editor: str) -> None:
    """The editor's confirmed fields and classification, recorded as the editor's (a replaced file's earlier
    edits give way to them)."""
    fields = {k: details[k] or None for k in DOCUMENT_FIELDS if k in details}
    if "languages" in fields:
        fields["languages"] = fields["languages"] or []
    if "in_force" in details:
        dates = dict(store.get_document(doc_id).dates)
        if details["in_force"]:
            dates["in_force"] = details["in_force"]
        else:
            dates.pop("in_force", None)
        fields["dates"] = dates
    if fields.get("title") is None:
        fields.pop("title", None)
    if fields.get("type") is None:
        fields.pop("type", None)
    store.update_metadata(doc_id, editor=editor, **fields)
    decisions = {(scheme, None): list(details[key]) for key, scheme in SCHEMES.items() if key in details}
    if decisions:
        store.classify(doc_id, decisions, editor=editor)


def discard(store: Store, draft: Draft, editor: str) -> bool:
    """Remove a draft with its audit entry; False when it was already gone (its file is the caller's)."""
    with store.transaction() as conn:
        if not drafts.delete(conn, draft.id):
            return False
        audit.record(conn, editor, "upload.discard", draft.document_id,
                     {"draft": draft.id, "file": draft.file_name, "size": draft.size}, None)
    return True
