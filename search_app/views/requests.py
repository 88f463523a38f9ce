"""Drafting a mutual legal assistance request from the finder's answer.

Page: /requests/draft (GET: the form pre-filled from the finder's query; POST: the form again for another
form of assistance, or the printable draft). API: POST /api/requests/draft (JSON in, the JSON draft out).
A draft holds case facts: nothing of it is written on the server, and every answer sends Cache-Control: no-store.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from index.errors import SherlocError, bad_request
from index.treaties.codes import require_state
from index.treaties.request_draft import ASSISTANCE, COMMON_FIELDS, draft_request
from search_app import error_message
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
        },
    }


def read_request(body) -> dict:
    """The checked inputs of a draft from a JSON body or a form (BadRequest naming what is wrong)."""
    if not isinstance(body, dict):
        raise bad_request("the body must be a JSON object with requesting, requested and assistance")
    for name in ("requesting", "requested", "assistance", "date", "offence"):
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
    }


FORMATS = ("json", "html", "docx")


@api_bp.route("/draft", methods=["POST"])
def api_draft():
    """The draft as JSON, or (?format=html|docx) the document, its fixed text in ?ui=; nothing is kept."""
    fmt = request.args.get("format") or "json"
    if fmt not in FORMATS:
        raise bad_request("format: %(value)s is not one of %(allowed)s", value=repr(fmt), allowed=", ".join(FORMATS))
    args = read_request(request.get_json(silent=True))
    draft = draft_request(_store(), args["requesting"], args["requested"], args["kind"], args["date"],
                          args["offence"], args["values"])
    if fmt == "html":
        return Response(draft_html(draft), mimetype="text/html")
    if fmt == "docx":
        return _docx_response(draft)
    return jsonify(draft_json(draft))


def draft_html(draft) -> str:
    """The printable draft alone (a standalone page, the print stylesheet inlined), in the UI language."""
    from pathlib import Path

    from flask import current_app
    from markupsafe import Markup

    css = (Path(current_app.static_folder) / "request_draft.css").read_text(encoding="utf-8")
    return render_template("requests/document.html", draft=draft, stylesheet=Markup(css))


def draft_docx_bytes(draft) -> bytes:
    """The draft as a Word document, in the UI language."""
    from flask_babel import gettext

    from search_app import country_label, ui_lang
    from search_app.request_docx import draft_docx

    return draft_docx(draft, gettext, ui_lang(), country_label)


@bp.app_template_global("checklist_text")
def checklist_text_ui(item: dict) -> str:
    """A checklist item of a draft in the UI language (templates)."""
    from flask_babel import gettext

    from search_app import country_label
    from search_app.request_docx import checklist_text

    return checklist_text(item, gettext, country_label)


@bp.route("/draft", methods=["GET", "POST"])
def draft_page():
    """The guided form, pre-filled from the finder's query; sent with action=draft, the printable draft."""
    src = request.form if request.method == "POST" else request.args
    values = {k: src.get(k, "").strip() for k in ("requesting", "requested", "date", "offence", "assistance")}
    if values["assistance"] not in ASSISTANCE:
        values["assistance"] = "evidence"
    typed = {k[2:]: v for k, v in request.form.items() if k.startswith("v_")}
    draft, error, status = None, None, 200
    action = request.form.get("action") if request.method == "POST" else None
    if action in ("draft", "docx"):
        try:
            args = read_request({**values, "values": typed})
            draft = draft_request(_store(), args["requesting"], args["requested"], args["kind"], args["date"],
                                  args["offence"], args["values"])
        except SherlocError as exc:
            error, status = error_message(exc), 400
    if draft is not None and action == "docx":
        return _docx_response(draft)
    fields = [*COMMON_FIELDS, *ASSISTANCE[values["assistance"]].fields]
    return render_template("requests/draft.html", values=values, typed=typed, fields=fields, draft=draft,
                           error=error, ASSISTANCE=ASSISTANCE, countries=_countries(), crimes=_crimes()), status


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
