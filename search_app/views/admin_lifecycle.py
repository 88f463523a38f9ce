"""The editors' area, a document's lifecycle: unpublish and publish, delete with undo, restore, purge,
and its revisions with a readable diff against the current version and a restore.

Each action goes through index.lifecycle (one transaction with its audit entry); the running app's
index then catches up at once, so search shows the change on the next request.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import zlib

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from markupsafe import Markup, escape

from index import lifecycle
from index.errors import SherlocError
from search_app import error_message, sherloc
from search_app.editors import admin_required, editor_required
from search_app.views.admin import _editor_name, _refresh_index, bp

log = logging.getLogger(__name__)

STATE_LABELS = {
    "published": lazy_gettext("Published"),
    "unpublished": lazy_gettext("Unpublished"),
    "deleted": lazy_gettext("Deleted"),
}
REASON_LABELS = {
    "edited": lazy_gettext("details"),
    "classified": lazy_gettext("classification"),
    "replaced": lazy_gettext("file ingested again"),
    "reverted": lazy_gettext("restored from an earlier version"),
    "deleted": lazy_gettext("deleted"),
}
DONE = {
    "document.unpublish": lazy_gettext("The document is unpublished: readers no longer see it or find it in search."),
    "document.publish": lazy_gettext("The document is published again: readers see it and find it in search."),
    "document.restore": lazy_gettext("The document is restored."),
}
MAX_DIFF_TOKENS = 4000  # words and spaces of a changed passage beyond which it is shown out and in whole
CHUNK_WORDS = 16  # a run of words ends after one word in this many, on average
# a word: a run of spaces, one CJK character (Chinese has no spaces between words), or any other run
WORD = re.compile(r"\s+|[\u3000-\u9fff\uf900-\ufaff]|[^\s\u3000-\u9fff\uf900-\ufaff]+")


@bp.app_template_global()
def state_label(state: str) -> str:
    """A document state for people."""
    return str(STATE_LABELS.get(state, state))


@bp.app_template_global()
def revision_reason(reason: str) -> str:
    """Why a revision was kept, for people."""
    return str(REASON_LABELS.get(reason, reason))


def _act(doc_id: str, action: str) -> bool:
    """Apply one lifecycle action as the signed-in editor and refresh the index; the error as a flash."""
    try:
        lifecycle.change_state(sherloc().store, doc_id, action, _editor_name())
    except lifecycle.StateError as exc:
        flash(error_message(exc), "error")
        return False
    log.info("editor %s: %s %s", _editor_name(), action, doc_id)
    _refresh_index()
    return True


@bp.post("/documents/<path:doc_id>/state/<verb>")
@editor_required
def change_state(doc_id: str, verb: str):
    """Unpublish (out of readers' sight, kept as it is), publish again, or undo a deletion (the document
    gets back the state it had): `verb` is unpublish, publish or restore."""
    action = f"document.{verb}"
    if action not in DONE:
        abort(404)
    if _act(doc_id, action):
        flash(str(DONE[action]), "success")
    return redirect(url_for("admin.edit_document", doc_id=doc_id))


@bp.post("/documents/<path:doc_id>/delete")
@editor_required
def delete_document(doc_id: str):
    """Delete a document softly: gone for readers, listed for editors, undone by the flash's button."""
    if not _act(doc_id, "document.delete"):
        return redirect(url_for("admin.edit_document", doc_id=doc_id))
    title = sherloc().store.get_document(doc_id).title
    flash({"doc_id": doc_id, "text": _("“%(title)s” is deleted.", title=title)}, "undo")
    return redirect(url_for("admin.deleted_documents"))


@bp.post("/documents/<path:doc_id>/purge")
@admin_required
def purge_document(doc_id: str):
    """Remove a document for good, with its provisions and revisions: admins only, confirmed."""
    store = sherloc().store
    title = store.get_document(doc_id).title  # NotFound -> the 404 page
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the document is to be deleted for good."), "error")
        return redirect(url_for("admin.edit_document", doc_id=doc_id))
    lifecycle.purge(store, doc_id, _editor_name())
    log.info("admin %s purged %s", _editor_name(), doc_id)
    _refresh_index()
    flash(_("“%(title)s” is deleted for good.", title=title), "success")
    return redirect(url_for("admin.deleted_documents"))


def _listing(state: str):
    return render_template("admin/documents_state.html", state=state,
                           documents=sherloc().store.documents_in_state(state))


@bp.get("/unpublished")
@editor_required
def unpublished_documents():
    """The unpublished documents, each with its edit link and a publish button."""
    return _listing("unpublished")


@bp.get("/deleted")
@editor_required
def deleted_documents():
    """The deleted documents, each with a restore button (and, for admins, delete for good)."""
    return _listing("deleted")


# -- revisions -----------------------------------------------------------------------------------


def _chunks(tokens: list[str]) -> list[str]:
    """Words grouped into short runs cut where the content says (after a line break, or a word whose
    checksum says so), so an insertion moves no cut elsewhere: runs compare like lines of a file."""
    out, run = [], []
    for token in tokens:
        run.append(token)
        if ("\n" in token) if token.isspace() else zlib.crc32(token.encode()) % CHUNK_WORDS == 0:
            out.append("".join(run))
            run = []
    return [*out, "".join(run)] if run else out


def _marked(tag: str, text: str) -> Markup:
    return Markup(f"<{tag}>%s</{tag}>") % text if text else Markup("")


def word_diff(old: str | None, new: str | None) -> Markup:
    """`old` -> `new` as HTML, words taken out in <del> and put in in <ins> (every text escaped).

    Runs of words are compared first, then the words of the runs that changed: difflib is
    quadratic at worst, and a real provision holds up to some ten thousand words.
    """
    a, b = _chunks(WORD.findall(old or "")), _chunks(WORD.findall(new or ""))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(escape(before))
            continue
        x, y = WORD.findall(before), WORD.findall(after)
        if op != "replace" or len(x) + len(y) > MAX_DIFF_TOKENS:
            out += [_marked("del", before), _marked("ins", after)]
            continue
        for wop, k1, k2, l1, l2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
            if wop == "equal":
                out.append(escape("".join(x[k1:k2])))
            else:
                out += [_marked("del", "".join(x[k1:k2])), _marked("ins", "".join(y[l1:l2]))]
    return Markup("").join(out)


def _shown(value: object) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def field_rows(fields: list[tuple[str, object, object]]) -> list[tuple[str, str, str]]:
    """(field, in the revision, now) for people: a dict field (metadata, dates) key by key."""
    rows = []
    for name, old, new in fields:
        if isinstance(old, dict) and isinstance(new, dict):
            for key in sorted(old.keys() | new.keys()):
                if old.get(key) != new.get(key):
                    rows.append((f"{name}.{key}", _shown(old.get(key)), _shown(new.get(key))))
        else:
            rows.append((name, _shown(old), _shown(new)))
    return rows


@bp.get("/documents/<path:doc_id>/revisions")
@editor_required
def document_revisions(doc_id: str):
    """Every revision of a document (who, when, why); one of them compared with the current version."""
    store = sherloc().store
    doc = store.get_document(doc_id)  # NotFound -> the 404 page
    revisions = store.revisions(doc_id)
    asked = request.args.get("rev")
    chosen = next((r for r in revisions if str(r["id"]) == asked), revisions[0] if revisions else None)
    delta = lifecycle.diff(chosen["record"], doc) if chosen else None
    return render_template(
        "admin/revisions.html", doc=doc, revisions=revisions, chosen=chosen, delta=delta,
        fields=field_rows(delta.fields) if delta else [], word_diff=word_diff,
        doc_state=store.document_state(doc_id),
    )


@bp.post("/documents/<path:doc_id>/revisions/<int:revision_id>/restore")
@editor_required
def revert_document(doc_id: str, revision_id: int):
    """Make the document as the revision holds it; the current version is kept as a new revision."""
    try:
        lifecycle.revert(sherloc().store, doc_id, revision_id, _editor_name())
    except SherlocError as exc:
        flash(error_message(exc), "error")
        return redirect(url_for("admin.document_revisions", doc_id=doc_id))
    log.info("editor %s restored %s to revision %s", _editor_name(), doc_id, revision_id)
    _refresh_index()
    flash(_("The earlier version is restored. The version it replaced is kept as a revision."), "success")
    return redirect(url_for("admin.document_revisions", doc_id=doc_id))

