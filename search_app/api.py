"""The JSON API under /api: search, facets, documents, provisions, suggestions, exports, OpenAPI.

Every endpoint takes the same search parameters as the search page. Bad parameters give
400 {"error": ...}; unknown ids give 404 {"error": ...} (see search_app.errors). The shape of a
search response is search_app.results'; the OpenAPI document is search_app.openapi's.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, jsonify, render_template, request, stream_with_context, url_for

from index.errors import bad_request
from index.models import DocumentRecord, Provision
from index.search import whole_number
from search_app.export import check_params, csv_chunks, export_hits, json_chunks
from search_app.labels import country_label, term_label, type_label
from search_app.openapi import allowed_values, openapi_spec
from search_app.results import facets_only_json, search_json, web_links
from search_app.state import sherloc, ui_lang
from search_app.suggest import MAX_SUGGESTIONS, SUGGEST_LIMIT, suggestions
from search_app.views.documents import readable
from search_app.views.search import run_search, search_params

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.after_request
def allow_cross_origin(response):
    """Read-only public data: any web page may call the API from a browser."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


@bp.get("/search")
def api_search():
    """Search results, totals, facets and paging links for the page's parameters."""
    req, resp = run_search(search_params())
    return jsonify(search_json(req, resp, ui_lang(), web_links()))


@bp.get("/facets")
def api_facets():
    """Only the facets (counts, selection, toggle parameters) for the given parameters."""
    req, resp = run_search(search_params())
    return jsonify(facets_only_json(req, resp))


def provision_json(doc: DocumentRecord, p: Provision) -> dict:
    """A provision with its permalink and classifications."""
    return {
        "id": p.id,
        "anchor": p.anchor,
        "label": p.label,
        "number": p.number,
        "heading": p.heading,
        "kind": p.kind,
        "language": p.language,
        "order": p.order,
        "text": p.text,
        "crime": doc.terms("crime", p.id),
        "issue": doc.terms("issue", p.id),
        "url": url_for("documents.provision", provision_id=p.id, _external=True),
    }


def document_json(doc: DocumentRecord, *, provisions: bool = True) -> dict:
    """A document's metadata (and its provisions), with labels in the UI language."""
    curated = {scheme: set(doc.terms(scheme, curated_only=True)) for scheme in ("crime", "issue")}
    data = {
        "id": doc.id,
        "type": doc.type,
        "type_label": type_label(doc.type),
        "title": doc.title,
        "country": doc.country,
        "country_name": country_label(doc.country),
        "languages": doc.languages,
        "date": doc.date,
        "dates": doc.dates,
        "source_url": doc.source_url,
        "metadata": doc.metadata,
        # "curated": given by the source or an editor; false for a rule's suggestion
        **{scheme: [{"id": t, "label": term_label(scheme, t), "curated": t in curated[scheme]}
                    for t in doc.terms(scheme)] for scheme in ("crime", "issue")},
        # with their origin (source, editor, rule); the rules' hints are for editors only
        "classifications": [asdict(c) for c in doc.classifications if c.origin != "hint"],
        "url": url_for("documents.document", doc_id=doc.id, _external=True),
    }
    if provisions:
        data["provisions"] = [provision_json(doc, p) for p in doc.provisions]
    return data


@bp.get("/documents/<path:doc_id>")
def api_document(doc_id: str):
    """One document with its provisions."""
    return jsonify(document_json(readable(sherloc().store.get_document(doc_id), editors_too=False)))


@bp.get("/provisions/<path:provision_id>")
def api_provision(provision_id: str):
    """One provision with a summary of its document."""
    doc, p = sherloc().store.get_provision(provision_id)
    readable(doc, editors_too=False)
    return jsonify({**provision_json(doc, p), "document": document_json(doc, provisions=False)})


@bp.get("/suggest")
def suggest():
    """Type-ahead: taxonomy labels and thesaurus terms starting with (or containing) what was typed,
    in the languages of the script typed (the UI's language first): "выд" finds Russian terms in any UI."""
    if "q" not in request.args:
        raise bad_request("q: what was typed is missing")
    q = request.args.get("q", "").strip()
    raw_limit = request.args.get("limit")
    limit = whole_number("limit", raw_limit, 1, MAX_SUGGESTIONS) if raw_limit else SUGGEST_LIMIT
    found = suggestions(sherloc(), q, ui_lang(), limit)
    if request.args.get("format") == "opensearch":  # what browsers' search boxes expect
        return jsonify([q, found])
    return jsonify({"q": q, "suggestions": found})


@bp.get("/export.csv")
def export_csv():
    """The result list as CSV (streamed, at most 10,000 rows), for spreadsheets.

    It starts with a UTF-8 byte order mark, without which Excel reads Arabic, Chinese and Russian as
    mojibake, and a cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    params = check_params(search_params())
    return Response(
        stream_with_context(csv_chunks(export_hits(params))),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sherloc-results.csv"'},
    )


@bp.get("/export.json")
def export_json():
    """The result list as a JSON array (streamed, at most 10,000 rows)."""
    params = check_params(search_params())
    return Response(
        stream_with_context(json_chunks(export_hits(params))),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="sherloc-results.json"'},
    )


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_spec(url_for("search.index", _external=True).rstrip("/")))


@bp.get("/docs")
def docs():
    """The API's reference, read from the OpenAPI document itself (served from here: no CDN)."""
    spec = openapi_spec(url_for("search.index", _external=True).rstrip("/"))
    operations = [
        {"method": method.upper(), "path": path, **operation,
         "parameters": [{**p, "allowed": allowed_values(p["schema"])} for p in operation.get("parameters", [])]}
        for path, methods in spec["paths"].items() for method, operation in methods.items()
    ]
    return render_template("api_docs.html", spec=spec, operations=operations)
