"""Editors' area for any instrument: add or edit it, edit or remove participation rows and declarations,
say whether its list is complete, remove a treaty or an authority. Routes live on the admin blueprint."""

from __future__ import annotations

import logging
import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from index.errors import NotFound
from index.models import LANGUAGES
from index.treaties import db
from index.treaties.importers import ImportReport, check_instrument, set_entry_into_force
from index.treaties.models import FORMS, Participation, Treaty
from search_app import country_label, sherloc
from search_app.forms import choices
from search_app.treaty_forms import CompletenessForm, InstrumentForm, ParticipationForm, RemoveForm
from search_app.views.admin import _all_countries, bp

log = logging.getLogger(__name__)


def _pairs(text: str) -> dict[str, str]:
    out = {}
    for part in filter(None, (p.strip() for p in re.split(r"[;\n]", text or ""))):
        key, _sep, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


def _text(field) -> str:
    return (field.data or "").strip()


def _instrument_form(t: Treaty | None = None) -> InstrumentForm:
    from search_app.views.treaties import FORM_LABELS_UI

    form = InstrumentForm(request.form if request.method == "POST" else None)
    form.forms.choices = choices((f, FORM_LABELS_UI[f]) for f in FORMS)
    if t is not None and request.method != "POST":
        form.treaty_id.data, form.kind.data, form.organisation.data = t.id, t.kind, t.organisation or ""
        form.short_title.data, form.forms.data = t.short_title, t.forms
        form.articles.data = "; ".join(f"{k}={','.join(v)}" for k, v in t.articles.items())
        form.offences.data = "; ".join(f"{k}={v}" for k, v in t.offences.items())
        form.other_offences.data = t.other_offences.get("*", "")
        form.eif_rule.data, form.denunciation_rule.data = t.eif_rule, t.denunciation_rule
        form.source.data, form.notes.data = t.source, t.notes
        from datetime import date

        form.adopted.data = date.fromisoformat(t.adopted) if t.adopted else None
        form.in_force.data = date.fromisoformat(t.entry_into_force) if t.entry_into_force else None
        for lang in LANGUAGES:
            getattr(form, f"title_{lang}").data = t.titles.get(lang, "")
    return form


@bp.route("/treaties/instrument/new", methods=["GET", "POST"], endpoint="new_instrument")
@bp.route("/treaties/<treaty_id>/edit", methods=["GET", "POST"], endpoint="edit_instrument")
@login_required
def instrument(treaty_id: str | None = None):
    """The instrument form: a new one, or an existing one edited (its participation and completeness kept)."""
    store = sherloc().store
    old = None
    if treaty_id is not None:
        try:
            old = db.get_treaty(store, treaty_id)
        except NotFound:
            abort(404)
    form = _instrument_form(old)
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("admin/instrument.html", form=form, old=old), 400 if request.method == "POST" else 200
    try:
        t = check_instrument(Treaty(
            id=_text(form.treaty_id), kind=form.kind.data, organisation=form.organisation.data or None,
            titles={lang: v for lang in LANGUAGES if (v := _text(getattr(form, f"title_{lang}")))},
            short_title=_text(form.short_title), forms=list(form.forms.data),
            articles={k: [n.strip() for n in v.split(",") if n.strip()] for k, v in _pairs(form.articles.data).items()},
            offences=_pairs(form.offences.data),
            other_offences={"*": _text(form.other_offences)} if _text(form.other_offences) else {},
            adopted=form.adopted.data.isoformat() if form.adopted.data else None,
            entry_into_force=form.in_force.data.isoformat() if form.in_force.data else None,
            eif_rule=_text(form.eif_rule), denunciation_rule=_text(form.denunciation_rule),
            source=_text(form.source) or _("entered in the editors' area"), notes=_text(form.notes),
            participation_complete=old.participation_complete if old else None,
            participation_source=old.participation_source if old else "",
        ))
        if old is None and db.has_treaty(store, t.id):
            raise ValueError(_("A treaty with the identifier %(id)s is already recorded: choose another one.",
                               id=t.id))
    except ValueError as exc:
        form.treaty_id.errors = [str(exc)]
        return render_template("admin/instrument.html", form=form, old=old), 400
    db.save_treaty(store, t)
    log.info("editor %s saved the instrument %s", current_user.username, t.id)
    flash(_("The treaty %(id)s is saved.", id=t.id), "success")
    return redirect(url_for("treaties.treaty", treaty_id=t.id))


@bp.route("/treaties/<treaty_id>/participation", methods=["GET", "POST"])
@login_required
def treaty_participation(treaty_id: str):
    """An instrument's rows: add or replace one, remove one or its declarations, say whether the list is complete."""
    store = sherloc().store
    try:
        t = db.get_treaty(store, treaty_id)
    except NotFound:
        abort(404)
    row_form = ParticipationForm(request.form if request.form.get("what") == "row" else None)
    row_form.state.choices = choices([("", _("Choose a State.")),
                                      *((code, f"{country_label(code)} ({code})") for code, _n in _all_countries())])
    done_form = CompletenessForm(request.form if request.form.get("what") == "complete" else None)
    status = 200
    if request.method == "POST":
        what, state = request.form.get("what"), request.form.get("state", "")
        if what == "row" and row_form.validate_on_submit():
            p = Participation(treaty_id=t.id, state=row_form.state.data)
            old = {x.state: x for x in db.participants(store, t.id)}.get(p.state)
            p.declarations = old.declarations if old else []
            p.signature = row_form.signature.data.isoformat() if row_form.signature.data else None
            p.action_date = row_form.action_date.data.isoformat() if row_form.action_date.data else None
            p.action_kind = row_form.action_kind.data if p.action_date else None
            p.entry_into_force = row_form.entry_into_force.data.isoformat() if row_form.entry_into_force.data else None
            if not p.entry_into_force:
                set_entry_into_force(t, p, ImportReport("", ""))
            p.source, p.as_of = _text(row_form.source), row_form.as_of.data.isoformat()
            db.save_participation(store, p)
            flash(_("The row of %(state)s is saved.", state=p.state), "success")
            return redirect(url_for("admin.treaty_participation", treaty_id=t.id))
        if what == "complete" and done_form.validate_on_submit():
            when = done_form.as_of.data.isoformat() if done_form.as_of.data else None
            db.set_completeness(store, t.id, when, _text(done_form.source))
            flash(_("Saved."), "success")
            return redirect(url_for("admin.treaty_participation", treaty_id=t.id))
        if what in ("remove-row", "remove-declarations") and RemoveForm().validate_on_submit():
            if what == "remove-row":
                db.delete_participation(store, t.id, state)
            else:
                db.delete_declarations(store, t.id, state)
            log.info("editor %s: %s %s %s", current_user.username, what, t.id, state)
            flash(_("Removed."), "success")
            return redirect(url_for("admin.treaty_participation", treaty_id=t.id))
        status = 400
    return render_template("admin/participation.html", t=t, participants=db.participants(store, t.id),
                           row_form=row_form, done_form=done_form, remove_form=RemoveForm()), status


@bp.post("/treaties/<treaty_id>/remove")
@login_required
def remove_treaty(treaty_id: str):
    """Remove a treaty (bilateral or any other) with its rows and declarations."""
    if not RemoveForm().validate_on_submit():
        abort(400)
    try:
        db.delete_treaty(sherloc().store, treaty_id)
    except NotFound:
        abort(404)
    log.info("editor %s removed the treaty %s", current_user.username, treaty_id)
    flash(_("Removed."), "success")
    return redirect(url_for("treaties.index"))


@bp.post("/authorities/<int:authority_id>/remove")
@login_required
def remove_authority(authority_id: int):
    """Remove one competent authority entry."""
    if not RemoveForm().validate_on_submit():
        abort(400)
    if not db.delete_authority(sherloc().store, authority_id):
        abort(404)
    flash(_("Removed."), "success")
    return redirect(url_for("treaties.authorities_page"))
