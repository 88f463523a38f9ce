"""The editors' area: sign in and out, edit a document's details and classification, add a bilateral treaty.

Every page but the sign-in page needs a signed-in editor (accounts: `sherloc editors add NAME`).
Every form is a Flask-WTF form and the app runs CSRFProtect, so a POST without the token of a
form this site rendered is refused (400) before any view runs. Edits go through the store,
which keeps the previous state as a revision and logs the change; the running app's index then
catches up at once, so searches show the edit on the next request.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from index import audit
from index.errors import SherlocError
from index.models import DOCUMENT_TYPES, LANGUAGES
from index.treaties import db
from index.treaties.models import FORMS, Participation, Treaty
from index.versions import link_versions, version_candidates
from search_app import country_label, error_message, language_label, sherloc, term_label, type_label, ui_lang
from search_app.editors import EditorUser, authenticate, editor_required, safe_next
from search_app.forms import (
    BilateralTreatyForm,
    LoginForm,
    LogoutForm,
    MetadataForm,
    choices,
    classification_decisions,
    classification_form,
    classification_plan,
    document_version,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)

# Short form codes in generated treaty ids, as the bundled records write them (BIL-GBR-USA-EXT-2003).
FORM_CODES = {
    "extradition": "EXT",
    "mla": "MLA",
    "confiscation": "CONF",
    "transfer-sentenced": "TSP",
    "transfer-proceedings": "TCP",
    "joint-investigations": "JIT",
    "law-enforcement": "LEC",
}


def _editor_name() -> str:
    return current_user.username


def _refresh_index() -> None:
    """Bring the running app's index up to date with the store now, not at its next periodic check."""
    try:
        sherloc().handle.refresh()
    except Exception:  # noqa: BLE001 - the edit is stored; the index catches up at its next check
        log.exception("the index could not catch up after an edit; it retries at its next check")
        flash(_("Saved. The search index will show the change in a moment."), "info")


# -- signing in and out ----------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The sign-in form; `next` (a path on this site) is where a successful sign-in goes."""
    target = safe_next(request.values.get("next"), url_for("admin.index"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm(next=target)
    failed = False
    if form.validate_on_submit():
        editor = authenticate(sherloc().store, form.username.data, form.password.data)
        if editor is not None:
            session.clear()  # a fresh session on sign-in: nothing planted before it carries over
            login_user(EditorUser(editor))
            log.info("editor %s signed in", editor.username)
            return redirect(safe_next(form.next.data, url_for("admin.index")))
        log.warning("failed sign-in for %r from %s", form.username.data, request.remote_addr)
        failed = True
    return render_template("admin/login.html", form=form, failed=failed), 400 if form.errors else 200


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET: a page with the sign-out button; POST (with the CSRF token): sign out."""
    form = LogoutForm(prefix="logout")
    if request.method == "POST" and form.validate_on_submit():
        if current_user.is_authenticated:
            sherloc().store.end_sessions(current_user.username)
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
        return redirect(url_for("search.index"))
    if not current_user.is_authenticated:
        return redirect(url_for("search.index"))
    return render_template("admin/logout.html", form=form)


# -- the area --------------------------------------------------------------------------


@bp.get("/")
@editor_required
def index():
    """What editors can do here, and the latest edits."""
    store = sherloc().store
    return render_template("admin/index.html", edits=store.recent_edits(20), editors=store.list_editors())


def _metadata_form(doc, formdata=None) -> MetadataForm:
    form = MetadataForm(formdata=formdata, prefix="meta", obj=None if formdata else doc)
    form.type.choices = choices((t, type_label(t)) for t in DOCUMENT_TYPES)
    if formdata is None:
        form.country.data = doc.country or ""
        form.date.data = doc.date or ""
        form.source_url.data = doc.source_url or ""
        form.version.data = document_version(doc)
    return form


def _classification_form(doc, plan, formdata=None):
    form = classification_form(plan, term_label, formdata=formdata)
    if formdata is None:
        form.version.data = document_version(doc)
    return form


def _changed_meanwhile(doc, form) -> bool:
    """Whether the document changed since the editor opened the form (then nothing is saved)."""
    if form.version.data == document_version(doc):
        return False
    flash(_("Someone changed this document since you opened it, so nothing was saved. Here it is as it is now: "
            "please make your change again."), "error")
    return True


def _render_document(doc, meta_form, cls_form, plan, status: int = 200):
    countries = [(code, country_label(code)) for code, _name in _all_countries(include_organisations=True)]
    return (
        render_template(
            "admin/document.html",
            doc=doc,
            meta_form=meta_form,
            cls_form=cls_form,
            plan=plan,
            depth={t.id: len(sherloc().taxonomy.ancestors(t.id)) for t in sherloc().taxonomy.terms("issue")},
            countries=countries,
            revisions=sherloc().store.revisions(doc.id)[:10],
            doc_state=sherloc().store.document_state(doc.id),
            versions=version_candidates(sherloc().store, sherloc().vectors.index(), doc),
        ),
        status,
    )


def _all_countries(include_organisations: bool = False) -> list[tuple[str, str]]:
    from index.countries import all_countries

    return all_countries(include_organisations=include_organisations)


@bp.get("/documents/<path:doc_id>")
@editor_required
def edit_document(doc_id: str):
    """The edit page of a document: its details and its classification, two forms."""
    state = sherloc()
    doc = state.store.get_document(doc_id)  # NotFound -> the 404 page
    plan = classification_plan(doc, state.taxonomy)
    return _render_document(doc, _metadata_form(doc), _classification_form(doc, plan), plan)


@bp.post("/documents/<path:doc_id>/details")
@editor_required
def save_details(doc_id: str):
    """Save title, type, country, date and source URL (a revision keeps the previous state)."""
    state = sherloc()
    doc = state.store.get_document(doc_id)
    form = _metadata_form(doc, formdata=request.form)
    plan = classification_plan(doc, state.taxonomy)
    if _changed_meanwhile(doc, form):
        return _render_document(doc, _metadata_form(doc), _classification_form(doc, plan), plan, 409)
    if not form.validate():
        return _render_document(doc, form, _classification_form(doc, plan), plan, 400)
    try:
        changed = state.store.update_metadata(doc_id, editor=_editor_name(), **form.values())
    except SherlocError as exc:
        form.title.errors = [*form.title.errors, error_message(exc)]
        return _render_document(doc, form, _classification_form(doc, plan), plan, 400)
    if changed:
        log.info("editor %s edited the details of %s", _editor_name(), doc_id)
        _refresh_index()
        flash(_("The details are saved. The previous version is kept."), "success")
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("documents.document", doc_id=doc_id))


@bp.post("/documents/<path:doc_id>/versions")
@editor_required
def link_version(doc_id: str):
    """Link another document as a language version of this one (a revision keeps each previous state)."""
    state = sherloc()
    other = request.form.get("other", "")
    state.store.get_document(other)  # NotFound -> the 404 page
    link_versions(state.store, doc_id, other, editor=_editor_name())
    log.info("editor %s linked %s and %s as language versions", _editor_name(), doc_id, other)
    _refresh_index()
    flash(_("Linked as language versions of one work."), "success")
    return redirect(url_for("admin.edit_document", doc_id=doc_id))


@bp.post("/documents/<path:doc_id>/classification")
@editor_required
def save_classification(doc_id: str):
    """Confirm or reject rule suggestions and add or remove the editor's terms, in one revision."""
    state = sherloc()
    doc = state.store.get_document(doc_id)
    plan = classification_plan(doc, state.taxonomy)
    form = _classification_form(doc, plan, formdata=request.form)
    if _changed_meanwhile(doc, form):
        return _render_document(doc, _metadata_form(doc), _classification_form(doc, plan), plan, 409)
    decisions = classification_decisions(form, plan) if form.validate() else {}
    if form.errors or any(form[s.name].errors for entry in plan for s in entry.suggestions):
        return _render_document(doc, _metadata_form(doc), form, plan, 400)
    if not decisions:
        flash(_("Nothing changed."), "info")
        return redirect(url_for("admin.edit_document", doc_id=doc_id))
    state.store.classify(doc_id, decisions, editor=_editor_name())
    log.info("editor %s classified %s: %s", _editor_name(), doc_id, decisions)
    _refresh_index()
    flash(_("The classification is saved. The previous version is kept."), "success")
    return redirect(url_for("documents.document", doc_id=doc_id))


# -- bilateral treaties ------------------------------------------------------------------


def _treaty_form(formdata=None) -> BilateralTreatyForm:
    form = BilateralTreatyForm(formdata=formdata)
    from search_app.views.treaties import FORM_LABELS_UI

    states = sorted(((code, country_label(code)) for code, _name in _all_countries()), key=lambda c: c[1].casefold())
    states = choices([("", _("Choose a State")), *((code, f"{name} ({code})") for code, name in states)])
    form.party_a.choices = states
    form.party_b.choices = states
    form.forms.choices = choices((f, FORM_LABELS_UI[f]) for f in FORMS)
    lang = ui_lang()
    form.offences.choices = choices((t.id, t.label(lang)) for t in sherloc().taxonomy.terms("crime"))
    form.title_language.choices = choices((code, language_label(code)) for code in LANGUAGES)
    return form


def _new_treaty_id(conn, parties: list[str], forms: list[str], signed: date | None) -> str:
    """BIL-<A>-<B>-<FORM>[-<year>], with -2, -3 ... when taken."""
    parts = ["BIL", *parties, FORM_CODES.get(forms[0], "COOP")]
    if signed:
        parts.append(str(signed.year))
    base = "-".join(parts)
    candidate, n = base, 2
    while conn.execute("SELECT 1 FROM treaties WHERE id=?", (candidate,)).fetchone():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class _Taken(Exception):
    """The identifier an editor gave is already a treaty's."""


def _save_bilateral(store, form: BilateralTreatyForm) -> Treaty:
    """The treaty and both parties' participation rows, in one transaction; _Taken if the given id exists."""
    parties = sorted([form.party_a.data, form.party_b.data])
    forms = [f for f in FORMS if f in form.forms.data]  # the finder's order
    signed, in_force = form.signed.data, form.in_force.data
    today = date.today().isoformat()
    with store.transaction() as conn:
        # Checked inside the transaction: two editors saving the same id cannot overwrite each other.
        given = form.treaty_id.data
        if given and conn.execute("SELECT 1 FROM treaties WHERE id=?", (given,)).fetchone():
            raise _Taken(given)
        treaty = Treaty(
            id=given or _new_treaty_id(conn, parties, forms, signed),
            kind="bilateral",
            titles={form.title_language.data: form.title.data.strip()},
            forms=forms,
            adopted=signed.isoformat() if signed else None,
            entry_into_force=in_force.isoformat() if in_force else None,
            source=form.source.data.strip() or f"Entered in the editors' area by {_editor_name()}",
            as_of=today,
            notes=form.notes.data.strip(),
            parties=parties,
            offences={crime: "" for crime in form.offences.data},
            other_offences={"*": condition} if (condition := (form.other_offences.data or "").strip()) else {},
        )
        db.save_treaty(store, treaty, conn)
        for state in parties:
            participation = Participation(
                treaty_id=treaty.id,
                state=state,
                signature=treaty.adopted,
                entry_into_force=treaty.entry_into_force,
                source=treaty.source,
                as_of=today,
            )
            db.save_participation(store, participation, conn)
        audit.record(conn, _editor_name(), "treaty.add", treaty.id, None, asdict(treaty))
    return treaty


@bp.route("/treaties/new", methods=["GET", "POST"])
@editor_required
def new_treaty():
    """The bilateral treaty form; on success the treaty and both parties' rows are saved in one transaction."""
    store = sherloc().store
    form = _treaty_form(request.form if request.method == "POST" else None)
    if request.method == "GET":
        return render_template("admin/treaty_new.html", form=form)
    if not form.validate():
        return render_template("admin/treaty_new.html", form=form), 400
    try:
        treaty = _save_bilateral(store, form)
    except _Taken as exc:
        form.treaty_id.errors = [
            _("A treaty with the identifier %(id)s is already recorded: choose another one.", id=str(exc))
        ]
        return render_template("admin/treaty_new.html", form=form), 400
    log.info("editor %s added the bilateral treaty %s", _editor_name(), treaty.id)
    flash(_("The treaty %(id)s is saved.", id=treaty.id), "success")
    return redirect(url_for("treaties.treaty", treaty_id=treaty.id))

# Instruments, participation rows, declarations and removals: search_app/views/admin_treaties.py;
# accounts and the audit log (admins): admin_accounts.py and admin_audit.py;
# the quarantine (retry, discard): search_app/views/admin_quarantine.py; re-index: search_app/views/admin_index.py;
# uploads, drafts and publishing: search_app/views/admin_upload.py;
# unpublish, publish, delete, restore, purge and revisions: search_app/views/admin_lifecycle.py.
from search_app.views import (  # noqa: E402,F401
    admin_accounts,
    admin_audit,
    admin_index,
    admin_lifecycle,
    admin_quarantine,
    admin_treaties,
    admin_upload,
)
