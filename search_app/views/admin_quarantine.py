"""Editors' area: the files ingest rejected (the quarantine), each with its reason; retry one with corrected
metadata, or discard it. Routes live on the admin blueprint; the work is ingest/retry.py's."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from index.models import DOCUMENT_TYPES, LANGUAGES
from ingest import quarantine, retry
from search_app import country_label, language_label, sherloc, type_label, ui_lang
from search_app.editors import editor_required
from search_app.forms import choices
from search_app.quarantine_forms import RetryForm
from search_app.views.admin import _all_countries, _editor_name, _refresh_index, bp

log = logging.getLogger(__name__)


def _item(key: str) -> dict:
    item = quarantine.find(sherloc().home.quarantine, key)
    if item is None:
        abort(404)
    return item


def _retry_form(item: dict, formdata=None) -> RetryForm:
    form = RetryForm(formdata=formdata, prefix="retry", data=None if formdata else retry.known_metadata(item))
    form.type.choices = choices([("", _("As the file says, else legislation")),
                                 *((t, type_label(t)) for t in DOCUMENT_TYPES)])
    form.language.choices = choices([("", _("Detected from the text")),
                                     *((code, language_label(code)) for code in LANGUAGES)])
    lang = ui_lang()
    taxonomy = sherloc().taxonomy
    form.crime_types.choices = choices((t.id, t.label(lang)) for t in taxonomy.terms("crime"))
    form.issues.choices = choices((t.id, t.label(lang)) for t in taxonomy.terms("issue"))
    return form


def _render(item: dict, form: RetryForm, status: int = 200):
    depth = {t.id: len(sherloc().taxonomy.ancestors(t.id)) for t in sherloc().taxonomy.terms("issue")}
    countries = [(code, country_label(code)) for code, _name in _all_countries(include_organisations=True)]
    return render_template("admin/quarantined.html", item=item, form=form, depth=depth, countries=countries), status


@bp.get("/quarantine")
@editor_required
def quarantine_page():
    """The files ingest rejected, newest first, with the reason for each."""
    return render_template("admin/quarantine.html", files=quarantine.listing(sherloc().home.quarantine))


@bp.get("/quarantine/<key>")
@editor_required
def quarantined(key: str):
    """One rejected file: why, and the metadata form to retry it with."""
    item = _item(key)
    return _render(item, _retry_form(item))


@bp.post("/quarantine/<key>/retry")
@editor_required
def retry_quarantined(key: str):
    """Ingest the file again with the editor's metadata: on success the editor lands on the document."""
    state = sherloc()
    item = quarantine.find(state.home.quarantine, key)
    try:
        if item is None:
            raise retry.NotQuarantined(key)
        form = _retry_form(item, formdata=request.form)
        if not form.validate():
            return _render(item, form, 400)
        result = retry.retry(state.store, state.home.quarantine, state.home.retried, item["name"], form.sidecar(),
                             _editor_name())
    except retry.NotQuarantined:  # another editor (or another tab) retried or discarded it meanwhile
        flash(_("That file is no longer in the quarantine."), "info")
        return redirect(url_for("admin.quarantine_page"))
    if not result.ok:
        log.info("editor %s retried %s from the quarantine: rejected again (%s)", _editor_name(), key, result.reason)
        flash(_("The file was rejected again: %(reason)s", reason=result.reason), "error")
        again = quarantine.find(state.home.quarantine, key) or item
        return _render(again, form, 422)
    log.info("editor %s retried %s from the quarantine: stored %s", _editor_name(), key, result.documents)
    _refresh_index()
    flash(_("The file is ingested and out of the quarantine: %(ids)s.", ids=", ".join(result.documents)), "success")
    if result.warnings:  # e.g. a crime type not in the taxonomy, kept for an editor to map
        flash(_("Ingest noted: %(warnings)s", warnings="; ".join(result.warnings)), "info")
    return redirect(url_for("documents.document", doc_id=result.documents[0]))


@bp.post("/quarantine/discard")
@editor_required
def discard_quarantined():
    """Remove one rejected file's copy and report from the quarantine folder."""
    item = quarantine.find(sherloc().home.quarantine, request.form.get("name", ""))
    if item and retry.discard(sherloc().store, sherloc().home.quarantine, item["name"], _editor_name()):
        log.info("editor %s discarded %s from the quarantine", _editor_name(), item["key"])
        flash(_("The file is removed from the quarantine."), "success")
    else:
        flash(_("That file is no longer in the quarantine."), "info")
    return redirect(url_for("admin.quarantine_page"))
