"""Editors' area for treaties beyond adding a bilateral one: add or edit any instrument (a bilateral one too), edit
or remove participation rows and declarations, say whether a list is complete, add, edit or remove competent
authorities, remove a treaty. Routes live on the admin blueprint; forms in search_app/treaty_forms.py."""

from __future__ import annotations

import logging
import re
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from index.errors import NotFound
from index.models import LANGUAGES
from index.treaties import db, edits
from index.treaties.importers import ImportReport, check_instrument, set_entry_into_force
from index.treaties.models import FORMS, Authority, Declaration, Participation, Treaty
from search_app import country_label, sherloc
from search_app.editors import editor_required
from search_app.forms import choices
from search_app.treaty_forms import (
    AuthorityForm,
    CompletenessForm,
    DeclarationForm,
    InstrumentForm,
    ParticipationForm,
    RemoveForm,
)
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


def _iso(field) -> str | None:
    return field.data.isoformat() if field.data else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _states() -> list:
    return choices([("", _("Choose a State.")),
                    *((code, f"{country_label(code)} ({code})") for code, _n in _all_countries())])


def _form_choices(field, empty: str | None = None) -> None:
    from search_app.views.treaties import FORM_LABELS_UI

    field.choices = choices([*([("", empty)] if empty is not None else []), *((f, FORM_LABELS_UI[f]) for f in FORMS)])


def _treaty_or_404(treaty_id: str) -> Treaty:
    try:
        return db.get_treaty(sherloc().store, treaty_id)
    except NotFound:
        abort(404)


# -- instruments -------------------------------------------------------------------------------------------


def _instrument_form(t: Treaty | None = None) -> InstrumentForm:
    form = InstrumentForm(request.form if request.method == "POST" else None)
    _form_choices(form.forms)
    if t is not None and request.method != "POST":
        form.treaty_id.data, form.kind.data, form.organisation.data = t.id, t.kind, t.organisation or ""
        form.short_title.data, form.forms.data = t.short_title, t.forms
        form.articles.data = "; ".join(f"{k}={','.join(v)}" for k, v in t.articles.items())
        form.offences.data = "; ".join(f"{k}={v}" for k, v in t.offences.items())
        form.other_offences.data = t.other_offences.get("*", "")
        form.eif_rule.data, form.denunciation_rule.data = t.eif_rule, t.denunciation_rule
        form.source.data, form.notes.data = t.source, t.notes
        form.adopted.data, form.in_force.data = _day(t.adopted), _day(t.entry_into_force)
        form.terminated.data = _day(t.terminated)
        for lang in LANGUAGES:
            getattr(form, f"title_{lang}").data = t.titles.get(lang, "")
    return form


def _instrument_from(form: InstrumentForm, old: Treaty | None) -> Treaty:
    """The instrument the form describes, checked; ValueError says what is wrong."""
    kind = form.kind.data
    was_bilateral = old.kind == "bilateral" if old else False
    if (kind == "bilateral") != was_bilateral or (old is None and kind == "bilateral"):
        raise ValueError(_("A bilateral treaty is added with its two parties on its own form."))
    return check_instrument(Treaty(
        id=_text(form.treaty_id), kind=kind, organisation=_text(form.organisation) or None,
        titles={lang: v for lang in LANGUAGES if (v := _text(getattr(form, f"title_{lang}")))},
        short_title=_text(form.short_title), forms=list(form.forms.data),
        articles={k: [n.strip() for n in v.split(",") if n.strip()] for k, v in _pairs(form.articles.data).items()},
        offences=_pairs(form.offences.data),
        other_offences={"*": _text(form.other_offences)} if _text(form.other_offences) else {},
        adopted=_iso(form.adopted), entry_into_force=_iso(form.in_force), terminated=_iso(form.terminated),
        eif_rule=_text(form.eif_rule), denunciation_rule=_text(form.denunciation_rule),
        source=_text(form.source) or _("entered in the editors' area"), notes=_text(form.notes),
        as_of=old.as_of if old else date.today().isoformat(), sample=old.sample if old else False,
        parent_id=old.parent_id if old else None, document_id=old.document_id if old else None,
        parties=old.parties if old else [],
        participation_complete=old.participation_complete if old else None,
        participation_source=old.participation_source if old else "",
    ))


@bp.route("/treaties/instrument/new", methods=["GET", "POST"], endpoint="new_instrument")
@bp.route("/treaties/<treaty_id>/edit", methods=["GET", "POST"], endpoint="edit_instrument")
@editor_required
def instrument(treaty_id: str | None = None):
    """The instrument form: a new one, or an existing one edited (its participation and completeness kept)."""
    store = sherloc().store
    old = _treaty_or_404(treaty_id) if treaty_id is not None else None
    form = _instrument_form(old)
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("admin/instrument.html", form=form, old=old), 400 if request.method == "POST" else 200
    try:
        t = _instrument_from(form, old)
        if (old is None or old.id != t.id) and db.has_treaty(store, t.id):
            raise ValueError(_("A treaty with the identifier %(id)s is already recorded: choose another one.",
                               id=t.id))
        if old is not None and old.id != t.id:
            raise ValueError(_("The identifier of a recorded treaty cannot change."))
    except ValueError as exc:
        form.treaty_id.errors = [str(exc)]
        return render_template("admin/instrument.html", form=form, old=old), 400
    edits.save_instrument(store, t, editor=current_user.username)  # a bilateral one's rows follow its dates
    log.info("editor %s saved the instrument %s", current_user.username, t.id)
    flash(_("The treaty %(id)s is saved.", id=t.id), "success")
    return redirect(url_for("treaties.treaty", treaty_id=t.id))


@bp.post("/treaties/<treaty_id>/remove")
@editor_required
def remove_treaty(treaty_id: str):
    """Remove a treaty (bilateral or any other) with its rows and declarations."""
    if not RemoveForm().validate_on_submit():
        abort(400)
    _treaty_or_404(treaty_id)
    edits.remove_treaty(sherloc().store, treaty_id, editor=current_user.username)
    log.info("editor %s removed the treaty %s", current_user.username, treaty_id)
    flash(_("Removed."), "success")
    return redirect(url_for("treaties.index"))


# -- participation rows, declarations, completeness ---------------------------------------------------------


def _save_row(t: Treaty, form: ParticipationForm) -> None:
    store = sherloc().store
    p = Participation(treaty_id=t.id, state=form.state.data)
    old = {x.state: x for x in db.participants(store, t.id)}.get(p.state)
    if old is not None:  # flags and declarations the form does not show are kept
        p = old
    p.signature, p.action_date = _iso(form.signature), _iso(form.action_date)
    p.action_kind = form.action_kind.data if p.action_date else None
    p.entry_into_force, p.eif_computed = _iso(form.entry_into_force), False
    if not p.entry_into_force:
        set_entry_into_force(t, p, ImportReport("", ""))
    p.source, p.as_of = _text(form.source), form.as_of.data.isoformat()
    edits.save_participation(store, p, editor=current_user.username)


def _add_declaration(t: Treaty, form: DeclarationForm) -> bool:
    """False when the State has no row under the treaty (a declaration belongs to a participant)."""
    added = Declaration(t.id, form.state.data, form.kind.data, _text(form.text), article=_text(form.article),
                        forms=list(form.forms.data), source=_text(form.source), as_of=form.as_of.data.isoformat())
    if not edits.add_declaration(sherloc().store, added, editor=current_user.username):
        form.state.errors = [_("Add this State's row first: a declaration belongs to a participant.")]
        return False
    return True


@bp.route("/treaties/<treaty_id>/participation", methods=["GET", "POST"])
@editor_required
def treaty_participation(treaty_id: str):
    """An instrument's rows: add, replace or remove one, add or remove declarations, say whether the list is
    complete. ?state=XXX fills the row form with that State's row, to edit it."""
    store = sherloc().store
    t = _treaty_or_404(treaty_id)
    what = request.form.get("what")
    row_form = ParticipationForm(request.form if what == "row" else None)
    row_form.state.choices = _states()
    decl_form = DeclarationForm(request.form if what == "declaration" else None, prefix="decl-")
    decl_form.state.choices = _states()
    _form_choices(decl_form.forms)
    done_form = CompletenessForm(request.form if what == "complete" else None, prefix="done-")
    rows = db.participants(store, t.id)
    editing = {p.state: p for p in rows}.get(request.args.get("state", ""))
    if editing is not None and request.method == "GET":
        row_form.state.data, row_form.action_kind.data = editing.state, editing.action_kind or "ratification"
        row_form.signature.data, row_form.action_date.data = _day(editing.signature), _day(editing.action_date)
        row_form.entry_into_force.data = None if editing.eif_computed else _day(editing.entry_into_force)
        row_form.source.data, row_form.as_of.data = editing.source, _day(editing.as_of)
    status = 200
    if request.method == "POST":
        state, done = request.form.get("state", ""), False
        if what == "row" and row_form.validate_on_submit():
            _save_row(t, row_form)
            flash(_("The row of %(state)s is saved.", state=row_form.state.data), "success")
            done = True
        elif what == "declaration" and decl_form.validate_on_submit() and _add_declaration(t, decl_form):
            flash(_("Saved."), "success")
            done = True
        elif what == "complete" and done_form.validate_on_submit():
            edits.set_completeness(store, t.id, _iso(done_form.as_of), _text(done_form.source),
                                   editor=current_user.username)
            flash(_("Saved."), "success")
            done = True
        elif what in ("remove-row", "remove-declarations") and RemoveForm().validate_on_submit():
            if what == "remove-row":
                edits.remove_participation(store, t.id, state, editor=current_user.username)
            else:
                edits.remove_declarations(store, t.id, state, editor=current_user.username)
            log.info("editor %s: %s %s %s", current_user.username, what, t.id, state)
            flash(_("Removed."), "success")
            done = True
        if done:
            return redirect(url_for("admin.treaty_participation", treaty_id=t.id))
        status = 400
    return render_template("admin/participation.html", t=t, participants=rows, row_form=row_form,
                           decl_form=decl_form, done_form=done_form, remove_form=RemoveForm()), status


# -- competent authorities ------------------------------------------------------------------------------------


@bp.route("/authorities/new", methods=["GET", "POST"], endpoint="new_authority")
@bp.route("/authorities/<int:authority_id>/edit", methods=["GET", "POST"], endpoint="edit_authority")
@editor_required
def authority(authority_id: int | None = None):
    """Add a competent authority, or edit one (the entry is replaced)."""
    store = sherloc().store
    old = None
    if authority_id is not None:
        old = next((a for a in db.find_authorities(store) if a.id == authority_id), None)
        if old is None:
            abort(404)
    form = AuthorityForm(request.form if request.method == "POST" else None)
    form.country.choices = _states()
    _form_choices(form.form, _("all forms"))
    if old is not None and request.method == "GET":
        for name in ("country", "authority", "form", "treaty_id", "address", "phone", "email", "languages",
                     "channels", "notes", "source"):
            getattr(form, name).data = getattr(old, name)
        form.as_of.data = _day(old.as_of)
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("admin/authority.html", form=form, old=old), 400 if request.method == "POST" else 200
    a = Authority(country=form.country.data, authority=_text(form.authority), form=form.form.data or "",
                  treaty_id=_text(form.treaty_id), address=_text(form.address), phone=_text(form.phone),
                  email=_text(form.email), languages=_text(form.languages), channels=_text(form.channels),
                  notes=_text(form.notes), source=_text(form.source), as_of=form.as_of.data.isoformat())
    edits.save_authority(store, a, editor=current_user.username, replaces=old)
    flash(_("Saved."), "success")
    return redirect(url_for("treaties.authorities_page", country=a.country))


@bp.post("/authorities/<int:authority_id>/remove")
@editor_required
def remove_authority(authority_id: int):
    """Remove one competent authority entry."""
    if not RemoveForm().validate_on_submit():
        abort(400)
    if not edits.remove_authority(sherloc().store, authority_id, editor=current_user.username):
        abort(404)
    flash(_("Removed."), "success")
    return redirect(url_for("treaties.authorities_page"))
