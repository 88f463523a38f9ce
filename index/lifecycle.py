"""An editor's lifecycle actions on a document: publish, unpublish, delete (soft), restore, purge, revert.

Each action is one transaction with its audit entry (index/audit.py), so the log and the store
never disagree. The store logs each as a change, so the search index and the vectors add or drop
the document at their next catch-up (a document that is not published is absent for them).
"""

from __future__ import annotations

from dataclasses import dataclass

from index import audit
from index.errors import N_, SherlocError, not_found
from index.models import DocumentRecord
from index.store import PUBLISHED, Store, record_from_json

UNPUBLISHED, DELETED = "unpublished", "deleted"

# action -> (the states it applies to, the state it leads to, what to say when it does not apply)
TRANSITIONS = {
    "document.unpublish": ((PUBLISHED,), UNPUBLISHED, N_("%(id)s is not published, so it cannot be unpublished.")),
    "document.publish": ((UNPUBLISHED,), PUBLISHED, N_("%(id)s is not unpublished: there is nothing to publish.")),
    "document.delete": ((PUBLISHED, UNPUBLISHED), DELETED, N_("%(id)s is deleted already.")),
}
# A deleted document goes back to the state it had before its deletion (the audit log knows it).
RESTORE = "document.restore"
NOT_DELETED = N_("%(id)s is not deleted: there is nothing to restore.")


class StateError(SherlocError):
    """An action that does not apply to the document's state (publish a published one, ...)."""

    def __init__(self, template: str, doc_id: str) -> None:
        super().__init__(template % {"id": doc_id})
        self.template, self.values = template, {"id": doc_id}  # translated by the web UI (index.errors)


def _summary(store: Store, doc_id: str) -> dict:
    """What the audit log keeps of a document's state change."""
    row = store.conn.execute("SELECT title, state FROM documents WHERE id=?", (doc_id,)).fetchone()
    return {"title": row["title"], "state": row["state"]} if row else {}


def change_state(store: Store, doc_id: str, action: str, editor: str) -> str:
    """Publish, unpublish, delete or restore a document as `editor`; returns the new state.

    StateError when the action does not apply (restore of a document that is not deleted, ...).
    """
    with store.transaction() as conn:
        before = _summary(store, doc_id)
        if not before:
            raise not_found("no document with id %(id)s", id=repr(doc_id))
        current = before["state"]
        if action == RESTORE:
            if current != DELETED:
                raise StateError(NOT_DELETED, doc_id)
            target = _state_before_deletion(conn, doc_id)
        elif action in TRANSITIONS:
            allowed, target, refusal = TRANSITIONS[action]
            if current not in allowed:
                raise StateError(refusal, doc_id)
        else:
            raise SherlocError(f"unknown document action {action!r}")
        store.set_state(doc_id, target)
        audit.record(conn, editor, action, doc_id, before, {**before, "state": target})
    return target


def _state_before_deletion(conn, doc_id: str) -> str:
    """The state a document had when it was last deleted (published when the log does not say)."""
    for entry in audit.entries(conn, action="document.delete", target=doc_id, limit=1):
        if isinstance(entry.before, dict) and entry.before.get("state") in (PUBLISHED, UNPUBLISHED):
            return entry.before["state"]
    return PUBLISHED


def purge(store: Store, doc_id: str, editor: str) -> None:
    """Remove a document for good, with its provisions and revisions (an admin's action)."""
    with store.transaction() as conn:
        doc = store.get_document(doc_id)  # NotFound when absent
        before = {**_summary(store, doc_id), "type": doc.type, "country": doc.country,
                  "source_file": doc.source_file, "provisions": len(doc.provisions)}
        store.purge_document(doc_id)
        audit.record(conn, editor, "document.purge", doc_id, before, None)


def revert(store: Store, doc_id: str, revision_id: int, editor: str) -> DocumentRecord:
    """Make the document as revision `revision_id` holds it; the current version becomes a revision."""
    with store.transaction() as conn:
        before = store.get_document(doc_id)
        restored = store.restore_revision(doc_id, revision_id, editor=editor)
        audit.record(conn, editor, "document.revert", doc_id,
                     {"title": before.title, "content_hash": before.content_hash},
                     {"revision": revision_id, "title": restored.title, "content_hash": restored.content_hash})
    return restored


# -- what changed between two versions (the revisions page) ------------------------------------

FIELDS = ("title", "type", "country", "date", "dates", "languages", "source_url", "source_file", "metadata")


@dataclass(frozen=True)
class ProvisionChange:
    """A provision added, removed or changed between two versions (text None where absent)."""

    provision_id: str
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class VersionDiff:
    """How a revision differs from the current version: fields, classifications and provisions."""

    fields: list[tuple[str, object, object]]  # (field, in the revision, now)
    terms_removed: list[tuple[str, str, str | None]]  # (scheme, term, provision id) in the revision only
    terms_added: list[tuple[str, str, str | None]]  # now only
    provisions: list[ProvisionChange]
    unchanged_provisions: int

    @property
    def same(self) -> bool:
        """Whether restoring the revision would change nothing."""
        return not (self.fields or self.terms_removed or self.terms_added or self.provisions)


def _terms(doc: DocumentRecord) -> set[tuple[str, str, str | None]]:
    return {(c.scheme, c.term_id, c.provision_id) for c in doc.classifications if c.origin != "hint"}


def _provision_key(p) -> tuple:
    return (p.label, p.heading, p.text, p.language, p.number, p.kind)


def diff(revision: dict, current: DocumentRecord) -> VersionDiff:
    """The differences between a revision (as Store.revisions gives its record) and the current document."""
    old = record_from_json(revision)
    fields = [(f, getattr(old, f), getattr(current, f)) for f in FIELDS if getattr(old, f) != getattr(current, f)]
    old_p = {p.id: p for p in old.provisions}
    new_p = {p.id: p for p in current.provisions}
    changes, same = [], 0
    for pid in [*old_p, *(i for i in new_p if i not in old_p)]:
        a, b = old_p.get(pid), new_p.get(pid)
        if a and b and _provision_key(a) == _provision_key(b):
            same += 1
            continue
        changes.append(ProvisionChange(pid, (b or a).label, a.text if a else None, b.text if b else None))
    old_t, new_t = _terms(old), _terms(current)
    key = lambda t: (t[0], t[1], t[2] or "")  # noqa: E731 - None sorts with the ids
    return VersionDiff(fields, sorted(old_t - new_t, key=key), sorted(new_t - old_t, key=key), changes, same)
