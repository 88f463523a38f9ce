"""Treaty finder pages and JSON API.

Pages: /treaties/ (instruments), /treaties/<id> (one instrument and its participants),
/treaties/applicable (the finder: a plain form, works without JavaScript),
/treaties/authorities (the competent national authorities directory).
API: /api/treaties/, /api/treaties/<id>, /api/treaties/applicable, /api/treaties/authorities.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext

from index.errors import SherlocError
from index.store import Store
from index.treaties import db
from index.treaties.codes import require_state
from index.treaties.finder import applicable
from index.treaties.models import FORMS, check_form
from search_app import error_message
from search_app.treaty_gaps import finder_json

bp = Blueprint("treaties", __name__, url_prefix="/treaties")
api_bp = Blueprint("treaties_api", __name__, url_prefix="/api/treaties")

FORM_LABELS_UI = {
    "extradition": lazy_gettext("Extradition"),
    "mla": lazy_gettext("Mutual legal assistance"),
    "confiscation": lazy_gettext("International cooperation for confiscation"),
    "transfer-sentenced": lazy_gettext("Transfer of sentenced persons"),
    "transfer-proceedings": lazy_gettext("Transfer of criminal proceedings"),
    "joint-investigations": lazy_gettext("Joint investigations"),
    "law-enforcement": lazy_gettext("Law enforcement cooperation"),
}
KIND_LABELS_UI = {
    "multilateral": lazy_gettext("Multilateral instruments"),
    "regional": lazy_gettext("Regional instruments"),
    "bilateral": lazy_gettext("Bilateral treaties"),
}
ACTION_LABELS_UI = {
    "ratification": lazy_gettext("ratification"),
    "acceptance": lazy_gettext("acceptance"),
    "approval": lazy_gettext("approval"),
    "accession": lazy_gettext("accession"),
    "succession": lazy_gettext("succession"),
    "definitive signature": lazy_gettext("definitive signature"),
}

DECLARATION_LABELS_UI = {
    "declaration": lazy_gettext("Declaration"),
    "reservation": lazy_gettext("Reservation"),
    "notification": lazy_gettext("Notification"),
    "objection": lazy_gettext("Objection"),
}


# The finder's answer in the OpenAPI document (search_app/api.py adds these to its components).
_EVIDENCE = {
    "type": "object", "required": ["state", "status", "source", "as_of", "complete"],
    "description": "What the data says of one State under one instrument, and where that comes from",
    "properties": {
        "state": {"type": "string"},
        "status": {"type": "string", "enum": ["party", "signatory", "not-party", "unknown"],
                   "description": "not-party only when the instrument's participation list is complete"},
        "detail": {"type": "string"}, "source": {"type": "string"}, "as_of": {"type": ["string", "null"]},
        "complete": {"type": "boolean", "description": "the instrument's participation list is complete"},
        "in_force_from": {"type": ["string", "null"]},
    },
}
_EVIDENCE_LIST = {"type": "array", "items": {"$ref": "#/components/schemas/TreatyEvidence"}}
FINDER_SCHEMAS = {
    "TreatyEvidence": _EVIDENCE,
    "TreatyFinderResult": {
        "type": "object",
        "required": ["requesting", "requested", "date", "instruments", "pending", "unknown", "conclusive", "message",
                     "reciprocity"],
        "properties": {
            "requesting": {"type": "string"}, "requested": {"type": "string"}, "date": {"type": "string"},
            "form": {"type": ["string", "null"]}, "offence": {"type": ["string", "null"]},
            "instruments": {"type": "array", "description": "in force for both States on the date",
                            "items": {"type": "object", "required": ["treaty", "evidence", "usable"],
                                      "properties": {"treaty": {"type": "object"}, "usable": {"type": "boolean"},
                                                     "evidence": _EVIDENCE_LIST}}},
            "unknown": {"type": "array", "description": "participation unknown for one State or both",
                        "items": {"type": "object", "required": ["treaty", "evidence", "fill_command", "fill_form"],
                                  "properties": {"treaty": {"type": "object"}, "evidence": _EVIDENCE_LIST,
                                                 "fill_command": {"type": "string"},
                                                 "fill_form": {"type": "string"}}}},
            "pending": {"type": "array", "description": "known not to be in force for both on the date",
                        "items": {"type": "object", "required": ["treaty", "evidence"],
                                  "properties": {"treaty": {"type": "object"}, "evidence": _EVIDENCE_LIST}}},
            "conclusive": {"type": "boolean", "description": "every instrument is known for both States"},
            "message": {"type": "string"},
            "reciprocity": {"type": "string", "description": "information, only when no treaty applies and "
                                                             "that is known"},
        },
    },
}


def _store() -> Store:
    ext = current_app.extensions.get("sherloc")
    if ext is not None:
        return ext.store
    # A bare app (tests of this blueprint alone): the store named in the config.
    from index.home import Home

    if "treaties_store" not in current_app.extensions:
        home = Home.resolve(current_app.config.get("SHERLOC_HOME"))
        current_app.extensions["treaties_store"] = Store(home.store_path)
    return current_app.extensions["treaties_store"]


def _ui_lang() -> str:
    try:
        from search_app import ui_lang

        return ui_lang()
    except ImportError:
        return "en"


def _countries() -> list[tuple[str, str]]:
    """(code, English name) for the State pickers."""
    from index.countries import all_countries

    return list(all_countries())


def _crimes() -> list[tuple[str, str]]:
    """(crime type id, label in the UI's language) for the offence picker, in taxonomy order."""
    from index.taxonomy import load_taxonomy

    lang = _ui_lang()
    return [(t.id, t.label(lang)) for t in load_taxonomy().terms("crime")]


def _ctx() -> dict:
    return {
        "FORMS": list(FORMS),
        "FORM_LABELS_UI": FORM_LABELS_UI,
        "KIND_LABELS_UI": KIND_LABELS_UI,
        "ACTION_LABELS_UI": ACTION_LABELS_UI,
        "DECLARATION_LABELS_UI": DECLARATION_LABELS_UI,
        "lang": _ui_lang(),
    }


@bp.route("/")
def index():
    """The instruments in the store, grouped by kind."""
    store = _store()
    items = db.list_treaties(store)
    counts = db.participant_counts(store)
    groups = [(k, [t for t in items if t.kind == k]) for k in KIND_LABELS_UI]
    return render_template("treaties/index.html", groups=groups, counts=counts, **_ctx())


def _article_links(store: Store, t) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    doc_id = t.document_id or t.id
    for form, numbers in t.articles.items():
        for n in numbers:
            pid = f"{doc_id}/art-{n}"
            shown = store.has_provision(pid, published_only=True)
            out.setdefault(form, []).append({"number": n, "provision_id": pid if shown else None})
    return out


@bp.route("/<treaty_id>")
def treaty(treaty_id: str):
    """One instrument with its participants table (source and as-of date per row)."""
    store = _store()
    t = db.get_treaty(store, treaty_id)  # NotFound -> the app's 404 page
    return render_template(
        "treaties/treaty.html",
        t=t,
        participants=db.participants(store, t.id),
        texts=db.treaty_texts(store, t.id, t.document_id),
        articles=_article_links(store, t),
        parent=db.get_treaty(store, t.parent_id) if t.parent_id and db.has_treaty(store, t.parent_id) else None,
        **_ctx(),
    )


@bp.route("/applicable")
def applicable_page():
    """The finder form and, when both States are given, its answer."""
    args = request.args
    requesting, requested = args.get("requesting", "").strip(), args.get("requested", "").strip()
    form, when = args.get("form", "").strip(), args.get("date", "").strip()
    offence = args.get("offence", "").strip()
    result, error, status = None, None, 200
    if requesting or requested:
        try:
            result = applicable(_store(), requesting, requested, form or None, when or None, offence or None)
        except SherlocError as exc:
            error, status = error_message(exc), 400
    return (
        render_template(
            "treaties/applicable.html",
            result=result,
            error=error,
            values={"requesting": requesting, "requested": requested, "form": form, "date": when, "offence": offence},
            countries=_countries(),
            crimes=_crimes(),
            **_ctx(),
        ),
        status,
    )


def _authority_filters(*, codes_only: bool = False) -> tuple[str | None, str | None, str | None]:
    args = request.args
    country = args.get("country", "") if codes_only else args.get("country", "").strip()
    code = require_state(country, "country", codes_only=codes_only) if country else None
    form = check_form(args.get("form", "").strip() or None)
    q = args.get("q", "").strip() or None
    return code, form, q


@bp.route("/authorities")
def authorities_page():
    """The competent national authorities directory, filterable by country, form and words."""
    error, items, status = None, [], 200
    try:
        code, form, q = _authority_filters()
        items = db.find_authorities(_store(), country=code, form=form, q=q)
    except SherlocError as exc:
        error, status = error_message(exc), 400
    values = {k: request.args.get(k, "").strip() for k in ("country", "form", "q")}
    return (
        render_template(
            "treaties/authorities.html", items=items, error=error, values=values, countries=_countries(), **_ctx()
        ),
        status,
    )


# -- JSON API (errors become JSON in the app's handlers) -------------------------------


@api_bp.route("/")
def api_index():
    """Every instrument."""
    return jsonify({"treaties": [t.to_dict() for t in db.list_treaties(_store())]})


@api_bp.route("/applicable")
def api_applicable():
    """The finder as JSON: ?requesting=FRA&requested=BRA&form=extradition&date=2024-05-01&offence=drug-offences."""
    a = request.args
    # a script gives codes, as the OpenAPI document says (the page also reads names)
    requesting = require_state(a.get("requesting", ""), "requesting State", codes_only=True)
    requested = require_state(a.get("requested", ""), "requested State", codes_only=True)
    r = applicable(_store(), requesting, requested, a.get("form"), a.get("date"), a.get("offence"))
    return jsonify(finder_json(r))


@api_bp.route("/authorities")
def api_authorities():
    """The authorities directory as JSON: ?country=&form=&q=."""
    code, form, q = _authority_filters(codes_only=True)
    return jsonify({"authorities": [x.to_dict() for x in db.find_authorities(_store(), country=code, form=form, q=q)]})


@api_bp.route("/<treaty_id>")
def api_treaty(treaty_id: str):
    """One instrument with its participants."""
    store = _store()
    t = db.get_treaty(store, treaty_id)
    return jsonify({"treaty": t.to_dict(), "participants": [p.to_dict() for p in db.participants(store, t.id)]})
