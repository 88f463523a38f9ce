"""Drafting a mutual legal assistance request from the finder's answer.

Page: /requests/draft (GET: the form pre-filled from the finder's query; POST: the form again for another
form of assistance, or the printable draft). API: POST /api/requests/draft (JSON in, the JSON draft out).
A draft holds case facts: nothing of it is written on the server, and every answer sends Cache-Control: no-store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import login_required
from markupsafe import Markup

from index.errors import SherlocError, bad_request
from index.models import LANGUAGES
from index.treaties.codes import require_state
from index.treaties.request_draft import ASSISTANCE, COMMON_FIELDS, check_language, draft_request
from search_app import error_message, ui_lang
from search_app.treaty_gaps import draft_json
from search_app.views.treaties import _countries, _crimes, _store

bp = Blueprint("requests", __name__, url_prefix="/requests")
api_bp = Blueprint("requests_api", __name__, url_prefix="/api/requests")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_VALUE_CHARS = 20_000  # one typed field: a long statement of facts fits, a flood does not

_STRINGS = {"type": "array", "items": {"type": "string"}}
_OBJECTS = {"type": "array", "items": {"type": "object"}}
# The draft in the OpenAPI document (search_app/api.py adds these to its components).
DRAFT_SCHEMAS = {
    "RequestDraft": {
        "type": "object",
        "required": ["assistance", "form", "date", "parties", "basis", "basis_statement", "legal_basis", "to_check",
                     "declarations", "languages", "authorities", "dual_criminality", "facts", "fields", "checklist"],
        "properties": {
            "assistance": {"type": "string", "enum": list(ASSISTANCE)}, "assistance_label": {"type": "string"},
            "form": {"type": "string"}, "date": {"type": "string"}, "parties": {"type": "object"},
            "basis": {"type": "string", "enum": ["treaty", "reciprocity"],
                      "description": "reciprocity: no instrument is known to be in force for both States"},
            "basis_statement": {"type": "string"},
            "legal_basis": {"type": "array", "description": "instruments in force for both States, with the articles "
                                                            "for the form of assistance",
                            "items": {"type": "object", "required": ["treaty_id", "articles", "evidence"]}},
            "to_check": {"type": "array", "description": "instruments whose participation is unknown: not cited",
                         "items": {"type": "object", "required": ["treaty_id", "evidence"]}},
            "not_usable": _OBJECTS, "declarations": _OBJECTS, "languages": _OBJECTS, "authorities": _OBJECTS,
            "offence": {"type": ["string", "null"]}, "offence_label": {"type": "string"},
            "dual_criminality": _OBJECTS,
            "facts": {"type": "array", "items": {"type": "object", "required": ["what", "value", "source", "as_of"]}},
            "fields": {"type": "array", "items": {"type": "object", "required": ["name", "label", "required",
                                                                                  "value"]}},
            "problems": _STRINGS, "checklist": _STRINGS,
            "language": {"type": "string", "enum": list(LANGUAGES), "description": "the document's language"},
            "language_source": {"type": "string", "enum": ["chosen", "accepted", "default"],
                                "description": "chosen by the user, the first UN language the requested State "
                                               "accepts, or the fallback (the UI language)"},
            "checklist_items": {"type": "array", "description": "the checklist for translation: a template and its "
                                                                "values",
                                "items": {"type": "object", "required": ["template", "values"]}},
        },
    },
}


def request_body_schema(states: list[str], crimes: list[str]) -> dict:
    """The JSON body of POST /api/requests/draft (one place: the document and the checks below agree)."""
    return {
        "type": "object",
        "required": ["requesting", "requested", "assistance"],
        "properties": {
            "requesting": {"type": "string", "enum": states, "description": "Requesting State (ISO alpha-3)"},
            "requested": {"type": "string", "enum": states, "description": "Requested State (ISO alpha-3)"},
            "assistance": {"type": "string", "enum": list(ASSISTANCE), "description": "Form of assistance"},
            "date": {"type": "string", "format": "date", "description": "Date the instruments must be in force "
                                                                        "(default today)"},
            "offence": {"type": "string", "enum": [*crimes, ""], "description": "The offence, a crime type id"},
            "values": {"type": "object", "description": "What the user typed in the form's fields, kept as written",
                       "additionalProperties": {"type": "string", "maxLength": MAX_VALUE_CHARS}},
            "language": {"type": "string", "enum": list(LANGUAGES),
                         "description": "Language of the document's fixed text (default: the first UN language the "
                                        "requested State accepts, else the UI language); typed text stays as written"},
        },
    }


def read_request(body) -> dict:
    """The checked inputs of a draft from a JSON body or a form (BadRequest naming what is wrong)."""
    if not isinstance(body, dict):
        raise bad_request("the body must be a JSON object with requesting, requested and assistance")
    for name in ("requesting", "requested", "assistance", "date", "offence", "language"):
        if name in body and not isinstance(body[name], str):
            raise bad_request("%(name)s must be a string", name=name)
    values = body.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise bad_request("values must be an object of strings (field name -> what was typed)")
    if any(len(v) > MAX_VALUE_CHARS for v in values.values()):
        raise bad_request("a value is longer than %(max)s characters", max=MAX_VALUE_CHARS)
    return {
        "requesting": require_state(body.get("requesting", ""), "requesting State", codes_only=True),
        "requested": require_state(body.get("requested", ""), "requested State", codes_only=True),
        "kind": body.get("assistance", ""),
        "date": body.get("date") or None,
        "offence": body.get("offence") or None,
        "values": values,
        "language": check_language(body.get("language") or None),
    }


def _draft(args: dict):
    """The draft for checked inputs, in the language asked, else one the requested State accepts, else the UI's."""
    return draft_request(_store(), args["requesting"], args["requested"], args["kind"], args["date"],
                         args["offence"], args["values"], args["language"], fallback=ui_lang())


FORMATS = ("json", "html", "docx")


@api_bp.route("/draft", methods=["POST"])
def api_draft():
    """The draft as JSON, or (?format=html|docx) the document in its language; nothing is kept."""
    fmt = request.args.get("format") or "json"
    if fmt not in FORMATS:
        raise bad_request("format: %(value)s is not one of %(allowed)s", value=repr(fmt), allowed=", ".join(FORMATS))
    draft = _draft(read_request(request.get_json(silent=True)))
    if fmt == "html":
        return Response(draft_html(draft), mimetype="text/html")
    if fmt == "docx":
        return _docx_response(draft)
    return jsonify(draft_json(draft))


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Fixed text, State and offence names and dates in `lang` (the document's), the UI's language around it."""
    from flask_babel import force_locale

    saved = g.get("ui_lang")
    g.ui_lang = lang
    try:
        with force_locale(lang):
            yield
    finally:
        g.ui_lang = saved


def draft_article(draft) -> Markup:
    """The drafted request itself, in its own language (the page around it stays in the UI language)."""
    with in_language(draft.language):
        return Markup(render_template("requests/_draft.html", draft=draft))


def draft_html(draft) -> str:
    """The printable draft alone (a standalone page, the print stylesheet inlined), in the document's language."""
    from pathlib import Path

    from flask import current_app

    css = (Path(current_app.static_folder) / "request_draft.css").read_text(encoding="utf-8")
    with in_language(draft.language):
        return render_template("requests/document.html", draft=draft, article=draft_article(draft),
                               stylesheet=Markup(css))


def draft_docx_bytes(draft) -> bytes:
    """The draft as a Word document, in the document's language."""
    from flask_babel import gettext

    from search_app import country_label, term_label
    from search_app.request_docx import draft_docx

    with in_language(draft.language):
        offence = term_label("crime", draft.offence) if draft.offence else ""
        return draft_docx(draft, gettext, draft.language, country_label, offence)


@bp.app_template_global("instrument_title")
def instrument_title_ui(x: dict, lang: str) -> str:
    """An instrument of a draft's legal basis by its title in `lang` (templates)."""
    from search_app.request_docx import instrument_title

    return instrument_title(x, lang)


@bp.app_template_global("articles_text")
def articles_text_ui(x: dict) -> str:
    """Its articles in the current language (templates)."""
    from flask_babel import gettext

    from search_app.request_docx import articles_text

    return articles_text(x, gettext)


@bp.app_template_global("declaration_text")
def declaration_text_ui(x: dict) -> str:
    """A declaration in the current language where it is fixed text (templates)."""
    from flask_babel import gettext

    from search_app.request_docx import declaration_text

    return declaration_text(x, gettext)


@bp.app_template_global("checklist_text")
def checklist_text_ui(item: dict) -> str:
    """A checklist item of a draft in the UI language (templates)."""
    from flask_babel import gettext

    from search_app import country_label
    from search_app.request_docx import checklist_text

    return checklist_text(item, gettext, country_label)


FORM_KEYS = ("requesting", "requested", "date", "offence", "assistance")


@bp.route("/draft", methods=["GET", "POST"])
def draft_page():
    """The guided form, pre-filled from the finder's query; sent with action=draft, the printable draft;
    action=docx, the Word document; action=save (a signed-in editor), saved for them alone."""
    src = request.form if request.method == "POST" else request.args
    values = {k: src.get(k, "").strip() for k in FORM_KEYS}
    typed = {k[2:]: v for k, v in request.form.items() if k.startswith("v_")}
    # the pre-filled language (language_auto) is not a choice: another requested State gets its own
    language = src.get("language", "").strip()
    chosen = language if language in LANGUAGES and language != src.get("language_auto", "") else None
    action = request.form.get("action") if request.method == "POST" else None
    saved_id = request.form.get("saved_id", type=int) if request.method == "POST" else None
    if action == "save":
        return _save(values, typed, chosen, saved_id, request.form.get("title", "").strip())
    return _form_page(values, typed, chosen, action, saved_id)


def _form_page(values: dict, typed: dict, chosen: str | None, action: str | None, saved_id: int | None = None,
               notice: str | None = None, error: str | None = None, status: int = 200, title: str = ""):
    """The form (and, for action=draft, the draft; for action=docx, the Word document)."""
    if values["assistance"] not in ASSISTANCE:
        values["assistance"] = "evidence"
    draft = None
    try:
        draft = _draft(read_request({**values, "values": typed, "language": chosen or ""}))
    except SherlocError as exc:
        if action in ("draft", "docx"):
            error, status = error_message(exc), 400
    if draft is not None and action == "docx":
        return _docx_response(draft)
    values["language"] = draft.language if draft else (chosen or ui_lang())
    shown = draft if action == "draft" else None
    fields = [*COMMON_FIELDS, *ASSISTANCE[values["assistance"]].fields]
    return render_template("requests/draft.html", values=values, typed=typed, fields=fields, draft=shown,
                           article=draft_article(shown) if shown else "", error=error, notice=notice,
                           ASSISTANCE=ASSISTANCE, countries=_countries(), crimes=_crimes(), LANGUAGES=LANGUAGES,
                           chosen_language=bool(chosen), saved_id=saved_id, title=title), status


def _save(values: dict, typed: dict, chosen: str | None, saved_id: int | None, title: str):
    """Save the form's inputs for the signed-in editor (nothing is stored for anyone else)."""
    from flask_babel import gettext as _
    from flask_login import current_user

    from index import request_drafts

    if not current_user.is_authenticated:
        return _form_page(values, typed, chosen, None, error=_("Saving a draft needs a signed-in editor: nothing "
                                                                 "was stored. Sign in, or print or download it."),
                          status=401)
    try:
        args = read_request({**values, "values": typed, "language": chosen or ""})
    except SherlocError as exc:
        return _form_page(values, typed, chosen, None, saved_id, error=error_message(exc), status=400, title=title)
    inputs = {"requesting": args["requesting"], "requested": args["requested"], "assistance": args["kind"],
              "date": args["date"] or "", "offence": args["offence"] or "", "language": chosen or "",
              "values": {k: v for k, v in typed.items() if v.strip()}}
    label = ASSISTANCE[args["kind"]].label if args["kind"] in ASSISTANCE else args["kind"]
    title = title[:200] or f"{args['requesting']} → {args['requested']}: {_(label)}"
    new_id = request_drafts.save(_store(), current_user.username, title, inputs, saved_id)
    if new_id is None and saved_id is not None:
        abort(404)
    if new_id is None:
        return _form_page(values, typed, chosen, None, error=_("You keep %(max)s saved drafts already: delete one "
                                                                 "first.", max=request_drafts.MAX_DRAFTS), status=409)
    flash(_("Draft saved: only you can open it."), "info")
    return redirect(url_for("requests.saved_draft", draft_id=new_id))


@bp.route("/saved")
@login_required
def saved_drafts():
    """The signed-in editor's saved drafts."""
    from flask_login import current_user

    from index import request_drafts

    return render_template("requests/saved.html", drafts=request_drafts.list_drafts(_store(), current_user.username))


@bp.route("/saved/<int:draft_id>")
@login_required
def saved_draft(draft_id: int):
    """One of the editor's drafts: the form filled with its inputs and the draft against today's data."""
    from flask_login import current_user

    from index import request_drafts

    saved = request_drafts.get(_store(), current_user.username, draft_id)
    if saved is None:
        abort(404)
    inputs = saved.inputs
    values = {k: str(inputs.get(k) or "") for k in FORM_KEYS}
    language = inputs.get("language") or None
    return _form_page(values, dict(inputs.get("values") or {}), language, "draft", saved.id, title=saved.title)


@bp.route("/saved/<int:draft_id>/delete", methods=["POST"])
@login_required
def delete_saved_draft(draft_id: int):
    """Delete one of the editor's drafts for good."""
    from flask_babel import gettext as _
    from flask_login import current_user

    from index import request_drafts

    if not request_drafts.delete(_store(), current_user.username, draft_id):
        abort(404)
    flash(_("Draft deleted."), "info")
    return redirect(url_for("requests.saved_drafts"))


def _docx_response(draft):
    body = draft_docx_bytes(draft)
    name = f"request-{draft.parties['requesting']}-{draft.parties['requested']}-{draft.assistance}.docx"
    return Response(body, mimetype=DOCX_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.after_request
@api_bp.after_request
def no_store(response):
    """A draft holds case facts: no cache may keep it."""
    response.headers["Cache-Control"] = "no-store"
    return response
