"""The JSON API under /api: search, facets, documents, provisions, suggestions, exports, OpenAPI.

Every endpoint takes the same search parameters as the search page. Bad parameters give
400 {"error": ...}; unknown ids give 404 {"error": ...} (see the app's error handlers).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, replace

from flask import Blueprint, Response, jsonify, request, stream_with_context, url_for

from index.hybrid import SEMANTIC_DEPTH, hybrid_search
from index.models import DocumentRecord, Provision
from index.search import SearchRequest
from index.textnorm import fold
from search_app import country_label, sherloc, term_label, type_label, ui_lang
from search_app.views.search import run_search, search_params

bp = Blueprint("api", __name__, url_prefix="/api")

EXPORT_MAX_ROWS = 10_000
EXPORT_PAGE = 100
EXPORT_COLUMNS = (
    "provision_id", "document_id", "title", "label", "heading", "type", "country", "country_name", "date",
    "language", "crime", "issue", "url", "text",
)  # fmt: skip


def hit_json(hit, *, with_text: bool = False) -> dict:
    """One result row as JSON, with its permalink."""
    data = asdict(hit)
    if not with_text:
        data.pop("text", None)
    data["url"] = url_for("documents.provision", provision_id=hit.provision_id, _external=True)
    data["country_name"] = country_label(hit.country)
    return data


def facet_value_json(v) -> dict:
    """A facet value with its count, selection state and the parameters that toggle it."""
    return {
        "value": v.value,
        "label": str(v.label),
        "count": v.count,
        "selected": v.selected,
        "toggle": v.toggle,
        "children": [facet_value_json(c) for c in v.children],
    }


def facets_json(facets) -> list[dict]:
    """Every facet with its values."""
    return [
        {
            "name": f.name,
            "label": str(f.label),
            "truncated": f.truncated,
            "values": [facet_value_json(v) for v in f.values],
        }
        for f in facets
    ]


def _page_url(params: dict[str, list[str]], page: int) -> str:
    merged = dict(params)
    merged["page"] = [str(page)]
    return url_for("api.api_search", _external=True, **merged)


@bp.after_request
def allow_cross_origin(response):
    """Read-only public data: any web page may call the API from a browser."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


@bp.get("/search")
def api_search():
    """Search results, totals, facets and paging links for the page's parameters."""
    req, resp = run_search(search_params())
    params = req.to_params()
    suggestion = None
    if resp.suggestion is not None:
        suggestion = {"text": resp.suggestion.text, "params": resp.suggestion.params}
    return jsonify(
        {
            "params": params,
            "total": resp.total,
            "total_documents": resp.total_documents,
            "page": resp.page,
            "pages": resp.pages,
            "per_page": req.per_page,
            "took_ms": resp.took_ms,
            "errors": list(resp.errors),
            "suggestion": suggestion,
            "relaxations": [
                {"label": str(r[0]), "params": r[1], "count": getattr(r, "count", None),
                 "facet": getattr(r, "facet", None), "value": getattr(r, "value", None)}
                for r in resp.relaxations
            ],
            "query_language": resp.query_language,
            "expansions": list(resp.expansions),
            "mode": resp.mode,
            "mode_note": resp.mode_note,
            "vectors": resp.vectors,
            "chips": [
                {"facet": c.facet, "value": c.value, "label": str(c.label), "remove": c.remove} for c in resp.chips
            ],
            "hits": [hit_json(h) for h in resp.hits],
            "facets": facets_json(resp.facets),
            "links": {
                "self": _page_url(params, resp.page),
                "next": _page_url(params, resp.page + 1) if resp.page < resp.pages else None,
                "prev": _page_url(params, resp.page - 1) if resp.page > 1 else None,
            },
        }
    )


@bp.get("/facets")
def api_facets():
    """Only the facets (counts, selection, toggle parameters) for the given parameters."""
    req, resp = run_search(search_params())
    return jsonify({"params": req.to_params(), "total": resp.total, "facets": facets_json(resp.facets)})


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
        "crime": [{"id": t, "label": term_label("crime", t)} for t in doc.terms("crime")],
        "issue": [{"id": t, "label": term_label("issue", t)} for t in doc.terms("issue")],
        "classifications": [asdict(c) for c in doc.classifications],
        "url": url_for("documents.document", doc_id=doc.id, _external=True),
    }
    if provisions:
        data["provisions"] = [provision_json(doc, p) for p in doc.provisions]
    return data


@bp.get("/documents/<doc_id>")
def api_document(doc_id: str):
    """One document with its provisions."""
    return jsonify(document_json(sherloc().store.get_document(doc_id)))


@bp.get("/provisions/<path:provision_id>")
def api_provision(provision_id: str):
    """One provision with a summary of its document."""
    doc, p = sherloc().store.get_provision(provision_id)
    return jsonify({**provision_json(doc, p), "document": document_json(doc, provisions=False)})


def _suggest_index(lang: str) -> list[tuple[str, str]]:
    """(folded, display) pairs, best first: taxonomy labels, then preferred thesaurus terms, then variants."""
    state = sherloc()
    cache = state._suggest_terms
    if lang not in cache:
        ranked: dict[str, tuple[int, str]] = {}

        def add(text: str, rank: int) -> None:
            key = fold(text)
            if key and (key not in ranked or ranked[key][0] > rank):
                ranked[key] = (rank, text)

        for scheme in ("crime", "issue"):
            for term in state.taxonomy.terms(scheme):
                add(state.taxonomy.label(scheme, term.id, lang), 0)
        concepts = state.thesaurus.concepts if state.thesaurus is not None else []
        for concept in concepts.values() if isinstance(concepts, dict) else concepts:
            for i, term in enumerate(concept.terms.get(lang, ())):
                add(term, 1 if i == 0 else 2)
        order = sorted(ranked.items(), key=lambda kv: (kv[1][0], len(kv[0]), kv[0]))
        cache[lang] = [(key, text) for key, (_, text) in order]
    return cache[lang]


@bp.get("/suggest")
def suggest():
    """Type-ahead: taxonomy labels and thesaurus terms starting with (or containing) what was typed."""
    q = request.args.get("q", "").strip()
    limit = min(max(request.args.get("limit", 8, type=int) or 8, 1), 20)
    found: list[str] = []
    if len(q) >= 2:
        needle = fold(q)
        pairs = _suggest_index(ui_lang())
        starts = [d for f, d in pairs if f.startswith(needle)]
        inside = [d for f, d in pairs if needle in f and not f.startswith(needle)]
        found = (starts + inside)[:limit]
    if request.args.get("format") == "opensearch":  # what browsers' search boxes expect
        return jsonify([q, found])
    return jsonify({"q": q, "suggestions": found})


def _export_hits(params: dict[str, list[str]]) -> Iterator:
    """Every hit of a search, page by page, up to EXPORT_MAX_ROWS."""
    base = dict(params)
    base["per_page"] = [str(EXPORT_PAGE)]
    base.pop("page", None)
    state = sherloc()
    lang = ui_lang()
    sent = 0
    page = 1
    while sent < EXPORT_MAX_ROWS:
        req = SearchRequest.from_params({**base, "page": [str(page)]})
        resp = hybrid_search(state.engine, req, taxonomy=state.taxonomy, thesaurus=state.thesaurus, ui_lang=lang,
                             with_facets=False, **state.vectors.for_search(req.q, req.mode))
        page_hits = resp.hits[: EXPORT_MAX_ROWS - sent]
        # an engine may keep only the start of a long text (for snippets): export the store's whole text
        texts = state.store.provision_texts(h.provision_id for h in page_hits)
        for hit in page_hits:
            yield replace(hit, text=texts.get(hit.provision_id, hit.text))
            sent += 1
        if page >= resp.pages or not resp.hits:
            return
        page += 1


def _export_row(hit) -> dict:
    return {
        "provision_id": hit.provision_id,
        "document_id": hit.document_id,
        "title": hit.title,
        "label": hit.label,
        "heading": hit.heading,
        "type": hit.type,
        "country": hit.country or "",
        "country_name": country_label(hit.country),
        "date": hit.date or "",
        "language": hit.language,
        "crime": ";".join(hit.crime),
        "issue": ";".join(hit.issue),
        "url": url_for("documents.provision", provision_id=hit.provision_id, _external=True),
        "text": hit.text,
    }


def _checked_params() -> dict[str, list[str]]:
    # Validate before streaming starts, so bad parameters still get a 400 and not a broken download.
    params = search_params()
    SearchRequest.from_params({**params, "per_page": [str(EXPORT_PAGE)], "page": ["1"]})
    return params


@bp.get("/export.csv")
def export_csv():
    """The result list as CSV (streamed, at most 10,000 rows)."""
    params = _checked_params()

    def rows() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for hit in _export_hits(params):
            writer.writerow(_export_row(hit))
            if buf.tell() > 64_000:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sherloc-results.csv"'},
    )


@bp.get("/export.json")
def export_json():
    """The result list as a JSON array (streamed, at most 10,000 rows)."""
    params = _checked_params()

    def chunks() -> Iterator[str]:
        yield "["
        for i, hit in enumerate(_export_hits(params)):
            yield ("," if i else "") + "\n" + json.dumps(_export_row(hit), ensure_ascii=False)
        yield "\n]\n"

    return Response(
        stream_with_context(chunks()),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="sherloc-results.json"'},
    )


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_spec(url_for("search.index", _external=True).rstrip("/")))


def _param(name: str, description: str, schema: dict | None = None, *, many: bool = False, where: str = "query",
           required: bool = False) -> dict:
    schema = schema or {"type": "string"}
    if many:
        schema = {"type": "array", "items": schema}
    out = {"name": name, "in": where, "description": description, "schema": schema, "required": required}
    if many:
        out.update(style="form", explode=True)
    return out


_SEARCH_PARAMS = [
    _param("q", "The query (see /help): words, \"phrases\", OR, -word, prefix*, word~, field:value, year:1990..2000"),
    _param("crime", "Crime type ids (OR within)", many=True),
    _param("issue", "Cross-cutting issue ids (OR within; a parent includes its children)", many=True),
    _param("country", "ISO 3166-1 alpha-3 or organisation codes", many=True),
    _param("region", "africa, americas, asia, europe, oceania, international", many=True),
    _param("type", "legislation, case, treaty, strategy, document", many=True),
    _param("lang", "Provision languages: ar, en, es, fr, ru, zh", many=True),
    _param("from", "First year", {"type": "integer"}),
    _param("to", "Last year", {"type": "integer"}),
    _param("sort", "Order of results", {"type": "string", "enum": ["relevance", "date"]}),
    _param("page", "Page number (1-based)", {"type": "integer", "minimum": 1}),
    _param("per_page", "Results per page", {"type": "integer", "minimum": 1, "maximum": 100}),
    _param("collapse", "1: one row per document", {"type": "string", "enum": ["0", "1"]}),
    _param("same_lang", "1: only the query's language, no cross-language expansion",
           {"type": "string", "enum": ["0", "1"]}),
    _param("mode", "lexical (words), semantic (meaning, any language) or hybrid (both, fused by reciprocal "
           "rank); default hybrid once vectors exist, else lexical",
           {"type": "string", "enum": ["lexical", "semantic", "hybrid"]}),
    _param("ui", "UI language for labels", {"type": "string", "enum": ["ar", "en", "es", "fr", "ru", "zh"]}),
    _param("facet_size", "Values per facet (selected values are always included; years are never cut): "
           "a number, or max for every value", {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 1000},
                                                        {"type": "string", "enum": ["max"]}]}),
]

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _crime_ids() -> list[str]:
    from index.taxonomy import load_taxonomy

    return [t.id for t in load_taxonomy().terms("crime")]


def _ok(description: str, schema: dict, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def openapi_spec(server: str) -> dict:
    """The OpenAPI 3.1 document for every /api endpoint (including task H's /api/treaties/applicable)."""
    ref = "#/components/schemas/"
    schemas = {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"},
                                                                          "status": {"type": "integer"}}},
        "Params": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "URL parameters: name -> values"},
        "Hit": {
            "type": "object",
            "properties": {
                "provision_id": {"type": "string"}, "document_id": {"type": "string"}, "score": {"type": "number"},
                "title": {"type": "string"}, "label": {"type": "string"}, "heading": {"type": "string"},
                "language": {"type": "string"}, "country": {"type": ["string", "null"]},
                "country_name": {"type": "string"}, "type": {"type": "string"}, "date": {"type": ["string", "null"]},
                "snippet_html": {"type": "string", "description": "HTML-escaped text with <mark> around matches"},
                "crime": {"type": "array", "items": {"type": "string"}},
                "issue": {"type": "array", "items": {"type": "string"}}, "url": {"type": "string", "format": "uri"},
            },
        },
        "FacetValue": {
            "type": "object",
            "properties": {
                "value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"},
                "selected": {"type": "boolean"}, "toggle": {"$ref": ref + "Params"},
                "children": {"type": "array", "items": {"$ref": ref + "FacetValue"}},
            },
        },
        "Facet": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "label": {"type": "string"}, "truncated": {"type": "boolean"},
                           "values": {"type": "array", "items": {"$ref": ref + "FacetValue"}}},
        },
        "SearchResult": {
            "type": "object",
            "required": ["total", "hits", "facets", "page", "pages"],
            "properties": {
                "params": {"$ref": ref + "Params"}, "total": {"type": "integer"},
                "total_documents": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"},
                "per_page": {"type": "integer"}, "took_ms": {"type": "number"},
                "errors": {"type": "array", "items": {"type": "string"}},
                "suggestion": {"type": ["object", "null"]},
                "relaxations": {"type": "array", "items": {"type": "object"}},
                "chips": {"type": "array", "items": {"type": "object"}},
                "hits": {"type": "array", "items": {"$ref": ref + "Hit"}},
                "facets": {"type": "array", "items": {"$ref": ref + "Facet"}},
                "links": {"type": "object"},
                "mode": {"type": "string", "enum": ["lexical", "semantic", "hybrid"],
                         "description": "The mode used; hybrid totals and facets count the provisions matching the "
                                        f"words plus the {SEMANTIC_DEPTH} nearest in meaning that pass the filters"},
                "mode_note": {"type": "string", "description": "Why the mode differs from the one asked: "
                                                               "engine (lexical only), no_vectors"},
                "vectors": {"type": ["object", "null"], "description": "While vectors are incomplete: embedded, "
                                                                       "provisions, model, building"},
            },
        },
        "Provision": {
            "type": "object",
            "properties": {
                "id": {"type": "string"}, "anchor": {"type": "string"}, "label": {"type": "string"},
                "number": {"type": "string"}, "heading": {"type": "string"}, "kind": {"type": "string"},
                "language": {"type": "string"}, "order": {"type": "integer"}, "text": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
        },
        "Document": {
            "type": "object",
            "properties": {
                "id": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"},
                "country": {"type": ["string", "null"]}, "languages": {"type": "array", "items": {"type": "string"}},
                "date": {"type": ["string", "null"]}, "dates": {"type": "object"}, "metadata": {"type": "object"},
                "provisions": {"type": "array", "items": {"$ref": ref + "Provision"}},
                "url": {"type": "string", "format": "uri"},
            },
        },
    }
    search_responses = {"200": _ok("Results", {"$ref": ref + "SearchResult"}), "400": _ERROR}
    paths = {
        "/api/search": {"get": {"summary": "Search provisions", "operationId": "search", "parameters": _SEARCH_PARAMS,
                                "responses": search_responses}},
        "/api/facets": {"get": {"summary": "Facet counts for a search", "operationId": "facets",
                                "parameters": _SEARCH_PARAMS,
                                "responses": {"200": _ok("Facets", {"type": "object", "properties": {
                                    "total": {"type": "integer"},
                                    "facets": {"type": "array", "items": {"$ref": ref + "Facet"}}}}),
                                    "400": _ERROR}}},
        "/api/documents/{doc_id}": {"get": {
            "summary": "A document with its provisions", "operationId": "document",
            "parameters": [_param("doc_id", "Document id", where="path", required=True)],
            "responses": {"200": _ok("The document", {"$ref": ref + "Document"}), "404": _ERROR}}},
        "/api/provisions/{provision_id}": {"get": {
            "summary": "A provision (id '<document id>/<anchor>') with its document's metadata",
            "operationId": "provision",
            "parameters": [_param("provision_id", "Provision id; its slash is part of the path", where="path",
                                  required=True)],
            "responses": {"200": _ok("The provision", {"$ref": ref + "Provision"}), "404": _ERROR}}},
        "/api/suggest": {"get": {
            "summary": "Type-ahead suggestions from the taxonomy and thesaurus", "operationId": "suggest",
            "parameters": [_param("q", "What was typed", required=True),
                           _param("limit", "At most this many", {"type": "integer", "minimum": 1, "maximum": 20})],
            "responses": {"200": _ok("Suggestions", {"type": "object", "properties": {
                "q": {"type": "string"}, "suggestions": {"type": "array", "items": {"type": "string"}}}})}}},
        "/api/export.csv": {"get": {
            "summary": f"The result list as CSV (at most {EXPORT_MAX_ROWS} rows)", "operationId": "exportCsv",
            "parameters": [p for p in _SEARCH_PARAMS if p["name"] not in ("page", "per_page")],
            "responses": {"200": _ok("CSV with a header row", {"type": "string"}, "text/csv"), "400": _ERROR}}},
        "/api/export.json": {"get": {
            "summary": f"The result list as JSON (at most {EXPORT_MAX_ROWS} rows)", "operationId": "exportJson",
            "parameters": [p for p in _SEARCH_PARAMS if p["name"] not in ("page", "per_page")],
            "responses": {"200": _ok("Rows", {"type": "array", "items": {"type": "object"}}), "400": _ERROR}}},
        "/api/treaties/applicable": {"get": {
            "summary": "Instruments in force between two States for a form of cooperation (and an offence), with "
                       "the requested State's declarations, domestic law, cases and competent authority",
            "operationId": "treatiesApplicable",
            "parameters": [
                _param("requesting", "Requesting State (ISO alpha-3)", required=True),
                _param("requested", "Requested State (ISO alpha-3)", required=True),
                _param("form", "Form of cooperation", {"type": "string", "enum": [
                    "extradition", "mla", "confiscation", "transfer-sentenced", "transfer-proceedings",
                    "joint-investigations", "law-enforcement"]}),
                _param("date", "Date the instruments must be in force (YYYY-MM-DD; default today)",
                       {"type": "string", "format": "date"}),
                _param("offence", "The offence, a crime type id: each instrument says whether it lies within its "
                       "scope, and the requested State's law on it is listed",
                       {"type": "string", "enum": _crime_ids()}),
            ],
            "responses": {"200": _ok("Applicable instruments", {"type": "object"}), "400": _ERROR}}},
        "/api/treaties/": {"get": {
            "summary": "Every treaty instrument in the data", "operationId": "treaties",
            "responses": {"200": _ok("Instruments", {"type": "object", "properties": {
                "treaties": {"type": "array", "items": {"type": "object"}}}})}}},
        "/api/treaties/{treaty_id}": {"get": {
            "summary": "One instrument with its participants, declarations and articles by form",
            "operationId": "treaty",
            "parameters": [_param("treaty_id", "Instrument id, e.g. XVIII-12", where="path", required=True)],
            "responses": {"200": _ok("The instrument", {"type": "object"}), "404": _ERROR}}},
        "/api/treaties/authorities": {"get": {
            "summary": "Competent national authorities", "operationId": "authorities",
            "parameters": [
                _param("country", "State (ISO alpha-3)"),
                _param("form", "Form of cooperation (as in /api/treaties/applicable)"),
                _param("q", "Words in the authority's name, address or notes"),
            ],
            "responses": {"200": _ok("Authorities", {"type": "object", "properties": {
                "authorities": {"type": "array", "items": {"type": "object"}}}}), "400": _ERROR}}},
        "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": _ok("OpenAPI 3.1", {"type": "object"})}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "sherloc-search API", "version": "0.1.0",
                 "description": "Search legislation, case law and treaties on organized crime in six languages.",
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
