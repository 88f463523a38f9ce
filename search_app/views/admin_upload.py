"""Uploads in the editors' area: files become drafts, drafts are previewed and corrected, then published.

Settings (app config): UPLOAD_MAX_MB (largest file, default 50), UPLOAD_MAX_FILES (per upload,
default 20), UPLOAD_PARSE_SECONDS (time one parse may take; default: the pipeline's, by size) and
UPLOAD_PARSE_MEMORY_MB (default: the pipeline's). Files are kept under `<home>/uploads` with
generated names; each draft lives in the store, so drafts survive a restart (a parse cut short by
one runs again). Publishing is one store transaction; the index then catches up from the change log.
"""

from __future__ import annotations

import atexit
import logging
import threading
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from index import audit, drafts
from index.drafts import Draft
from index.errors import NotFound
from index.models import DOCUMENT_TYPES, LANGUAGES
from ingest import publish as publishing
from ingest import upload
from ingest.errors import RejectedFile
from ingest.limits import MEMORY_LIMIT_MB
from search_app import error_message, language_label, sherloc, term_label, type_label
from search_app.editors import editor_required
from search_app.forms import choices
from search_app.upload_forms import DiscardForm, DraftDetailsForm, PublishForm, UploadForm
from search_app.views.admin import _editor_name, _refresh_index, bp

log = logging.getLogger(__name__)

DEFAULT_MAX_MB = 50
DEFAULT_MAX_FILES = 20
PREVIEW_PROVISIONS = 300  # provisions shown per record; the rest are counted
_EXTENSION = "sherloc_uploads"
_lock = threading.RLock()


class Uploads:
    """An app's upload folder and its parse worker; drafts cut short by a restart are parsed again."""

    def __init__(self, folder: Path, store, memory_mb: int | None, seconds: float | None) -> None:
        self.folder = folder
        self.store = store
        self.seconds = seconds
        self.parser = _parser(memory_mb)
        for draft in drafts.parsing(store.conn):
            self.parse(draft, draft.parse_seq)

    def path(self, draft: Draft) -> Path:
        """The stored file of a draft."""
        return self.folder / draft.stored_name

    def parse(self, draft: Draft, parse_seq: int) -> None:
        """Start parsing a draft's file (with its details in the sidecar); the result lands in the store."""
        upload.write_sidecar(self.path(draft), draft.document_id, draft.details)

        def done(parsed: dict | None, error: str) -> None:
            try:
                with self.store.transaction() as conn:
                    drafts.finish_parse(conn, draft.id, parse_seq, parsed, error)
            except Exception:  # noqa: BLE001 - the draft stays "parsing" and is parsed again at the next start
                log.exception("could not keep the parse of draft %s", draft.id)
            finally:
                self.store.close()  # this callback thread's connection

        self.parser.parse(self.path(draft), upload.stem(draft.file_name),
                          upload.time_limit_for(draft.size, self.seconds), done)


_parsers: dict[int | None, upload.UploadParser] = {}


def _parser(memory_mb: int | None) -> upload.UploadParser:
    """The process's parse worker for this memory limit: one for every app, so idle workers do not pile up."""
    with _lock:
        if memory_mb not in _parsers:
            _parsers[memory_mb] = upload.UploadParser(memory_mb)
            atexit.register(_parsers[memory_mb].close)
        return _parsers[memory_mb]


def uploads() -> Uploads:
    """This app's uploads (created on first use: an app that never sees an upload starts no process)."""
    app = current_app
    with _lock:
        if _EXTENSION not in app.extensions:
            state = sherloc()
            app.extensions[_EXTENSION] = Uploads(
                state.home.root / "uploads", state.store, app.config.get("UPLOAD_PARSE_MEMORY_MB", MEMORY_LIMIT_MB),
                app.config.get("UPLOAD_PARSE_SECONDS"),
            )
        return app.extensions[_EXTENSION]


def _draft_or_404(draft_id: str) -> Draft:
    draft = drafts.get(sherloc().store.conn, draft_id)
    if draft is None:
        raise NotFound(_("There is no draft %(id)s: it was published or discarded.", id=draft_id))
    return draft


def _taken(doc_id: str) -> bool:
    store = sherloc().store
    return store.has_document(doc_id) or drafts.id_in_use(store.conn, doc_id)


def _kept_details(doc_id: str) -> dict:
    """A replacement starts from the published document's details, not from what the new file says."""
    doc = sherloc().store.get_document(doc_id)
    return {"title": doc.title, "type": doc.type, "country": doc.country or "", "date": doc.date or "",
            "in_force": doc.dates.get("in_force", ""), "source_url": doc.source_url or ""}


# -- uploading ------------------------------------------------------------------------------


def _render_upload(form: UploadForm, replace: str | None, errors: list[str], status: int = 200):
    return render_template(
        "admin/upload.html", form=form, replace=replace, errors=errors, drafts=drafts.listing(sherloc().store.conn),
        max_mb=current_app.config.get("UPLOAD_MAX_MB", DEFAULT_MAX_MB),
        max_files=current_app.config.get("UPLOAD_MAX_FILES", DEFAULT_MAX_FILES),
    ), status


@bp.route("/upload", methods=["GET", "POST"])
@editor_required
def upload_page():
    """The upload form (`replace`: the id of a published document whose file a new upload replaces)."""
    replace = request.values.get("replace") or None
    if replace:
        sherloc().store.get_document(replace)  # NotFound -> the 404 page
    max_mb = current_app.config.get("UPLOAD_MAX_MB", DEFAULT_MAX_MB)
    max_files = current_app.config.get("UPLOAD_MAX_FILES", DEFAULT_MAX_FILES)
    uploads()  # drafts left being read by a restart start again
    if request.method == "GET":
        return _render_upload(UploadForm(), replace, [])
    form = UploadForm()
    valid = form.validate_on_submit()
    files = [f for f in form.files.data or [] if getattr(f, "filename", "")]
    if not valid:
        return _render_upload(form, replace, [], 400)
    if not files:
        return _render_upload(form, replace, [_("Choose at least one file.")], 400)
    if len(files) > max_files or (replace and len(files) > 1):
        limit = 1 if replace else max_files
        return _render_upload(form, replace, [_("Upload at most %(n)s files at once.", n=limit)], 400)
    created, errors = [], []
    for f in files:
        try:
            created.append(_receive(f, replace, max_mb))
        except upload.TooLarge as exc:
            errors.append(_("%(file)s was not uploaded: it is larger than the limit of %(mb)s MB.", file=exc.path,
                            mb=max_mb))
        except RejectedFile as exc:
            errors.append(_("%(file)s was not uploaded: %(reason)s", file=exc.path, reason=exc.reason))
    if errors and not created:
        return _render_upload(form, replace, errors, 400)
    for message in errors:
        flash(message, "error")
    if len(created) == 1:
        return redirect(url_for("admin.draft_page", draft_id=created[0].id))
    flash(_("%(n)s files uploaded: each is a draft below.", n=len(created)), "success")
    return redirect(url_for("admin.upload_page"))


@bp.record_once
def _limit_request_size(state) -> None:
    """Bound every request body by what one upload may hold (every file at its limit, and a little for the
    form around them): the CSRF check reads the body before any view, so the bound must be the app's."""
    config = state.app.config
    if config.get("MAX_CONTENT_LENGTH") is None:
        files, mb = config.get("UPLOAD_MAX_FILES", DEFAULT_MAX_FILES), config.get("UPLOAD_MAX_MB", DEFAULT_MAX_MB)
        config["MAX_CONTENT_LENGTH"] = int(files * mb * 1_000_000 + 1_000_000)


@bp.app_errorhandler(RequestEntityTooLarge)
def _too_large(exc: RequestEntityTooLarge):
    mb = current_app.config.get("UPLOAD_MAX_FILES", DEFAULT_MAX_FILES) * current_app.config.get(
        "UPLOAD_MAX_MB", DEFAULT_MAX_MB)
    message = _("The upload is larger than %(mb)s MB in all: send fewer files at once.", mb=mb)
    # the unread body stays unread: the page's forms (sign-out) see an empty form, not the same error again
    request.form, request.files = ImmutableMultiDict(), ImmutableMultiDict()
    return render_template("error.html", status=413, message=message), 413


def _receive(file, replace: str | None, max_mb: float) -> Draft:
    """Store one uploaded file as a new draft and start parsing it; RejectedFile when it is refused."""
    service = uploads()
    shown = upload.display_name(file.filename)
    draft_id = drafts.new_id()
    stored = upload.receive(file.stream, service.folder, draft_id, int(max_mb * 1_000_000), shown)
    draft = Draft(id=draft_id, editor=_editor_name(), file_name=shown, stored_name=stored.name, size=stored.size,
                  kind=stored.kind, document_id=replace or upload.suggested_id(shown, _taken), replaces=bool(replace),
                  details=_kept_details(replace) if replace else {})
    store = sherloc().store
    try:
        with store.transaction() as conn:
            drafts.create(conn, draft)
            audit.record(conn, _editor_name(), "upload.create", draft.document_id, None,
                         {"draft": draft.id, "file": shown, "size": stored.size, "kind": stored.kind,
                          "replaces": bool(replace)})
    except BaseException:
        upload.remove(service.folder / stored.name)
        raise
    log.info("editor %s uploaded %s (%s, %d bytes) as draft %s", _editor_name(), shown, stored.kind, stored.size,
             draft.id)
    service.parse(draft, draft.parse_seq)
    return draft


# -- a draft ------------------------------------------------------------------------------


def _details_form(draft: Draft, formdata=None) -> tuple[DraftDetailsForm, dict]:
    """The details form, filled with the editor's details where confirmed, else with ingest's suggestions."""
    records = draft.records
    suggested = publishing.suggestions(records[0]) if len(records) == 1 else {}
    form = DraftDetailsForm(formdata=formdata, prefix="draft")
    form.type.choices = choices((t, type_label(t)) for t in DOCUMENT_TYPES)
    form.languages.choices = choices((code, language_label(code)) for code in LANGUAGES)
    taxonomy = sherloc().taxonomy
    form.crime.choices = choices((t.id, term_label("crime", t.id)) for t in taxonomy.terms("crime"))
    form.issue.choices = choices((t.id, term_label("issue", t.id)) for t in taxonomy.terms("issue"))
    if formdata is None:
        values = {**suggested, **draft.details, "document_id": draft.document_id}
        for name, value in values.items():
            if name in form:
                form[name].data = value
    return form, suggested


def _render_draft(draft: Draft, form: DraftDetailsForm | None = None, status: int = 200, errors: list[str] = ()):
    details_form, suggested = _details_form(draft)
    form = form or details_form
    store = sherloc().store
    records = draft.records
    depth = {t.id: len(sherloc().taxonomy.ancestors(t.id)) for t in sherloc().taxonomy.terms("issue")}
    return render_template(
        "admin/draft.html", draft=draft, records=records, form=form, suggested=suggested,
        confirmed=set(draft.details), publish_form=PublishForm(prefix="publish"),
        discard_form=DiscardForm(prefix="discard"), errors=list(errors),
        preview_limit=PREVIEW_PROVISIONS, depth=depth,
        replaced=store.get_document(draft.document_id) if draft.replaces and store.has_document(draft.document_id)
        else None,
    ), status


@bp.get("/drafts/<draft_id>")
@editor_required
def draft_page(draft_id: str):
    """A draft: its state, its parsed provisions, the details form, publish and discard."""
    draft = _draft_or_404(draft_id)
    uploads()  # a draft left "parsing" by a restart starts again
    return _render_draft(draft)


@bp.post("/drafts/<draft_id>/details")
@editor_required
def save_draft_details(draft_id: str):
    """Keep the editor's details and read the file again with them (the type changes how it is split)."""
    draft = _draft_or_404(draft_id)
    form, _suggested = _details_form(draft, formdata=request.form)
    if not form.validate():
        return _render_draft(draft, form, 400)
    details = form.details()
    new_id = draft.document_id if draft.replaces else (form.document_id.data or draft.document_id)
    if new_id != draft.document_id and sherloc().store.has_document(new_id):
        form.document_id.errors = [_("A published document already has the identifier %(id)s.", id=new_id)]
        return _render_draft(draft, form, 400)
    details["document_id"] = new_id
    with sherloc().store.transaction() as conn:
        seq = drafts.restart_parse(conn, draft.id, details=details, document_id=new_id)
    draft = _draft_or_404(draft_id)
    uploads().parse(draft, seq)
    flash(_("Your details are kept; the file is being read again with them."), "success")
    return redirect(url_for("admin.draft_page", draft_id=draft_id))


def _pressed(draft_id: str, form):
    """(the draft, None) when the button's form is valid, else (the draft, its page with status 400)."""
    draft = _draft_or_404(draft_id)
    return draft, None if form.validate_on_submit() else _render_draft(draft, status=400)


@bp.post("/drafts/<draft_id>/publish")
@editor_required
def publish_draft(draft_id: str):
    """Publish a ready draft: one transaction; then the index catches up, so search finds it at once."""
    draft, refused = _pressed(draft_id, PublishForm(prefix="publish"))
    if refused:
        return refused
    try:
        outcome = publishing.publish(sherloc().store, draft_id, _editor_name())
    except (publishing.Taken, publishing.NotReady) as exc:
        return _render_draft(draft, status=409, errors=[error_message(exc)])
    log.info("editor %s published draft %s: added %s, replaced %s", _editor_name(), draft_id, outcome.added,
             outcome.replaced)
    _refresh_index()
    ids = outcome.added + outcome.replaced
    flash(_("Published: %(ids)s. Search finds it now.", ids=", ".join(ids)), "success")
    return redirect(url_for("documents.document", doc_id=ids[0]) if len(ids) == 1 else url_for("admin.upload_page"))


@bp.post("/drafts/<draft_id>/discard")
@editor_required
def discard_draft(draft_id: str):
    """Discard a draft and delete its file (a draft being published meanwhile is left to that)."""
    draft, refused = _pressed(draft_id, DiscardForm(prefix="discard"))
    if refused:
        return refused
    if publishing.discard(sherloc().store, draft, _editor_name()):
        upload.remove(uploads().path(draft))
        log.info("editor %s discarded draft %s (%s)", _editor_name(), draft_id, draft.file_name)
        flash(_("The draft %(file)s is discarded.", file=draft.file_name), "success")
    return redirect(url_for("admin.upload_page"))



