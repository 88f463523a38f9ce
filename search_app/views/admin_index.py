"""Editors' area: re-index everything (in the background, with progress; searches keep the old index until the
new one is swapped in) or one document. Admins only. Routes live on the admin blueprint."""

from __future__ import annotations

import logging

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length

from index import audit, rebuilds
from search_app import sherloc
from search_app.editors import admin_required
from search_app.views.admin import _editor_name, bp

log = logging.getLogger(__name__)


class RebuildForm(FlaskForm):
    """Rebuild the whole index (a POST with the CSRF token)."""

    submit = SubmitField(lazy_gettext("Re-index everything"))


class DocumentIndexForm(FlaskForm):
    """Write one document into the index again."""

    doc_id = StringField(lazy_gettext("Document identifier"),
                         validators=[InputRequired(message=lazy_gettext("Enter a document identifier.")),
                                     Length(max=300)],
                         render_kw={"autocapitalize": "none", "spellcheck": "false"})
    submit = SubmitField(lazy_gettext("Re-index this document"))


def _status() -> dict:
    state = sherloc()
    return {**rebuilds.status(state.home, state.engine_name), "running": rebuilds.running(state.home,
                                                                                         state.engine_name)}


def _page(doc_form: DocumentIndexForm | None = None, code: int = 200):
    return render_template("admin/reindex.html", status=_status(), form=RebuildForm(prefix="all"),
                           doc_form=doc_form or DocumentIndexForm(prefix="doc", doc_id=request.args.get("doc", "")),
                           ), code


@bp.get("/index")
@admin_required
def reindex_page():
    """The last or running rebuild with its progress, and the two forms."""
    return _page()


@bp.get("/index/status.json")
@admin_required
def reindex_status():
    """The rebuild's status for the page's script: state, documents done and total, result or error."""
    return jsonify(_status())


@bp.post("/index/rebuild")
@admin_required
def reindex_all():
    """Start a full rebuild in the background; a second one is refused while one runs."""
    if not RebuildForm(prefix="all").validate_on_submit():
        abort(400)
    state, editor = sherloc(), _editor_name()
    store = state.store

    def audited(final: dict) -> None:
        # Written when the rebuild ends, with its outcome; the waiting thread has no request.
        with store.transaction() as conn:
            audit.record(conn, editor, "index.rebuild", "all", None, final)

    try:
        rebuilds.start(state.home, state.engine_name, editor, on_end=audited)
    except rebuilds.RebuildRunning:
        flash(_("A rebuild of the index is already running: follow it below."), "info")
        return redirect(url_for("admin.reindex_page"))
    log.info("editor %s started a rebuild of the %s index", editor, state.engine_name)
    flash(_("The rebuild has started. Searches use the current index until the new one is ready."), "success")
    return redirect(url_for("admin.reindex_page"))


@bp.post("/index/document")
@admin_required
def reindex_document():
    """Write one document into the index again, now."""
    form = DocumentIndexForm(prefix="doc")
    if not form.validate_on_submit():
        return _page(form, 400)
    state, doc_id = sherloc(), form.doc_id.data.strip()
    if not state.store.has_document(doc_id):
        form.doc_id.errors = [_("No document has the identifier %(id)s.", id=doc_id)]
        return _page(form, 404)
    provisions = state.handle.rewrite(doc_id)
    with state.store.transaction() as conn:
        audit.record(conn, _editor_name(), "index.rebuild", doc_id, None, {"provisions": provisions})
    log.info("editor %s re-indexed %s", _editor_name(), doc_id)
    flash(ngettext("%(id)s is re-indexed (%(num)d provision).", "%(id)s is re-indexed (%(num)d provisions).",
                   provisions, id=doc_id), "success")
    return redirect(url_for("admin.reindex_page"))
