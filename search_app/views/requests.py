"""Drafting a mutual legal assistance request from the finder's answer (issue 22).

API: POST /api/requests/draft (JSON in, the JSON draft out). A draft holds case facts: nothing of it is
written on the server, and every answer sends Cache-Control: no-store.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from index.errors import bad_request
from index.treaties.codes import require_state
from index.treaties.request_draft import ASSISTANCE, draft_request
from search_app.views.treaties import _store

api_bp = Blueprint("requests_api", __name__, url_prefix="/api/requests")

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


@api_bp.route("/draft", methods=["POST"])
def api_draft():
    """The draft as JSON; nothing is kept."""
    args = read_request(request.get_json(silent=True))
    draft = draft_request(_store(), args["requesting"], args["requested"], args["kind"], args["date"],
                          args["offence"], args["values"])
    return jsonify(draft.to_dict())


@api_bp.after_request
def no_store(response):
    """A draft holds case facts: no cache may keep it."""
    response.headers["Cache-Control"] = "no-store"
    return response
