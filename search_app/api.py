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

from flask import Blueprint, Response, jsonify, render_template, request, stream_with_context, url_for

from index.countries import all_countries
from index.errors import bad_request
from index.hybrid import SEMANTIC_DEPTH, hybrid_search
from index.models import DOCUMENT_TYPES, LANGUAGES, DocumentRecord, Provision
from index.query_language import latin_language, script_language
from index.search import (
    FLAG_VALUES,
    MAX_FACET_SIZE,
    MAX_OFFSET,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MODES,
    REGIONS,
    SORTS,
    YEARS,
    SearchRequest,
    whole_number,
)
from index.textnorm import fold
from index.treaties.db import MAX_AUTHORITY_QUERY
from index.treaties.models import FORMS
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
            "unit": resp.unit,
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
    return jsonify({"params": req.to_params(), "total": resp.total, "total_documents": resp.total_documents,
                    "unit": resp.unit, "facets": facets_json(resp.facets)})


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


LATIN_LANGUAGES = ("en", "fr", "es")
SUGGEST_LIMIT, MAX_SUGGESTIONS = 8, 20


def _bounded_int(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name)
    return whole_number(name, raw, lo, hi) if raw else default


def suggest_languages(q: str, ui: str) -> list[str]:
    """The languages whose terms may complete `q`: those of its script, the UI's language first."""
    script = script_language(q)
    langs = [script] if script else [lang for lang in LATIN_LANGUAGES if latin_language([q]) in (None, lang)]
    return sorted(langs, key=lambda lang: lang != ui)


@bp.get("/suggest")
def suggest():
    """Type-ahead: taxonomy labels and thesaurus terms starting with (or containing) what was typed,
    in the languages of the script typed (the UI's language first): "выд" finds Russian terms in any UI."""
    if "q" not in request.args:
        raise bad_request("q: what was typed is missing")
    q = request.args.get("q", "").strip()
    limit = _bounded_int("limit", SUGGEST_LIMIT, 1, MAX_SUGGESTIONS)
    found: list[str] = []
    # one Han character is a word; a single Latin, Cyrillic or Arabic letter starts too many
    if len(q) >= 2 or script_language(q) == "zh":
        needle = fold(q)
        starts: list[str] = []
        inside: list[str] = []
        for lang in suggest_languages(q, ui_lang()):
            for folded, display in _suggest_index(lang):
                if folded.startswith(needle):
                    starts.append(display)
                elif needle in folded:
                    inside.append(display)
        found = list(dict.fromkeys(starts + inside))[:limit]
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
        "crime": list(hit.crime),
        "issue": list(hit.issue),
        "url": url_for("documents.provision", provision_id=hit.provision_id, _external=True),
        "text": hit.text,
    }


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_cell(value) -> str:
    """One CSV cell as Excel should show it: lists joined by ';', a would-be formula kept as text."""
    text = ";".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _checked_params() -> dict[str, list[str]]:
    # Validate before streaming starts, so bad parameters still get a 400 and not a broken download.
    params = search_params()
    SearchRequest.from_params({**params, "per_page": [str(EXPORT_PAGE)], "page": ["1"]})
    return params


@bp.get("/export.csv")
def export_csv():
    """The result list as CSV (streamed, at most 10,000 rows), for spreadsheets.

    It starts with a UTF-8 byte order mark, without which Excel reads Arabic, Chinese and Russian as
    mojibake, and a cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    params = _checked_params()

    def rows() -> Iterator[str]:
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for hit in _export_hits(params):
            writer.writerow({k: _spreadsheet_cell(v) for k, v in _export_row(hit).items()})
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


@bp.get("/docs")
def docs():
    """The API's reference, read from the OpenAPI document itself (served from here: no CDN)."""
    spec = openapi_spec(url_for("search.index", _external=True).rstrip("/"))
    operations = [
        {"method": method.upper(), "path": path, **operation,
         "parameters": [{**p, "allowed": _allowed(p["schema"])} for p in operation.get("parameters", [])]}
        for path, methods in spec["paths"].items() for method, operation in methods.items()
    ]
    return render_template("api_docs.html", spec=spec, operations=operations)


def _allowed(schema: dict) -> dict:
    """What a parameter's schema allows, as the docs page shows it: type, bounds, choices."""
    schema = schema.get("items", schema)
    for option in schema.get("oneOf", [schema]):
        if option.get("type") == "integer":
            return {"type": "integer", "min": option.get("minimum"), "max": option.get("maximum"),
                    "choices": [c for o in schema.get("oneOf", []) for c in o.get("enum", []) if c]}
    return {"type": schema.get("type", "string"), "choices": [c for c in schema.get("enum", []) if c],
            "max_length": schema.get("maxLength"), "format": schema.get("format")}


def _param(name: str, description: str, schema: dict | None = None, *, many: bool = False, where: str = "query",
           required: bool = False) -> dict:
    schema = schema or {"type": "string"}
    if many:
        schema = {"type": "array", "items": schema}
    out = {"name": name, "in": where, "description": description, "schema": schema, "required": required}
    if many:
        out.update(style="form", explode=True)
    return out


def _enum(values, *, required: bool = False) -> dict:
    # an optional parameter given empty (as a web form sends it) is the same as not given
    return {"type": "string", "enum": list(values) + ([] if required or "" in values else [""])}


def _whole(lo: int, hi: int) -> dict:
    # given empty (as a web form sends it), the same as not given
    return {"oneOf": [{"type": "integer", "minimum": lo, "maximum": hi}, {"type": "string", "enum": [""]}]}


def _term_ids(scheme: str) -> list[str]:
    from index.taxonomy import load_taxonomy

    return [t.id for t in load_taxonomy().terms(scheme)]


def _place_codes(*, organisations: bool = True) -> list[str]:
    return [code for code, _ in all_countries(include_organisations=organisations)]


_SEARCH_PARAMS = [
    _param("q", "The query (see /help): words, \"phrases\", OR, -word, prefix*, word~, field:value, year:1990..2000",
           {"type": "string", "maxLength": MAX_QUERY_CHARS}),
    _param("crime", "Crime type ids (OR within; labels are accepted too)", _enum(_term_ids("crime")), many=True),
    _param("issue", "Cross-cutting issue ids (OR within; a parent includes its children)", _enum(_term_ids("issue")),
           many=True),
    _param("country", "ISO 3166-1 alpha-3 or organisation codes (names are accepted too)", _enum(_place_codes()),
           many=True),
    _param("region", "World region", _enum(REGIONS), many=True),
    _param("type", "Document type", _enum(DOCUMENT_TYPES), many=True),
    _param("lang", "Provision languages", _enum(LANGUAGES), many=True),
    _param("from", "First year", _whole(*YEARS)),
    _param("to", "Last year", _whole(*YEARS)),
    _param("sort", "Order of results", _enum(SORTS)),
    _param("page", f"Page number (1-based); a page past the first {MAX_OFFSET} results is 404",
           _whole(1, MAX_PAGE)),
    _param("per_page", "Results per page", _whole(1, MAX_PER_PAGE)),
    _param("collapse", "1: one row per document; facet counts and pages then count documents", _enum(FLAG_VALUES)),
    _param("curated", "1: crime types and issues only as the source or an editor gave them (no rule suggestions)",
           _enum(FLAG_VALUES)),
    _param("same_lang", "1: only the query's language, no cross-language expansion", _enum(FLAG_VALUES)),
    _param("mode", "lexical (words), semantic (meaning, any language) or hybrid (both, fused by reciprocal "
           "rank); default hybrid once vectors exist, else lexical", _enum(MODES)),
    _param("ui", "UI language for labels", {"type": "string", "enum": ["ar", "en", "es", "fr", "ru", "zh"]}),
    _param("facet_size", "Values per facet (selected values are always included; years are never cut): "
           "a number, or max for every value", {"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_FACET_SIZE},
                                                        {"type": "string", "enum": ["max", ""]}]}),
]

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(description: str, schema: dict, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def openapi_spec(server: str) -> dict:
    """The OpenAPI 3.1 document for every /api endpoint (including /api/treaties/applicable)."""
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
                "unit": {"type": "string", "enum": ["documents", "provisions"],
                         "description": "what facet counts and pages count"},
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
    from search_app.views.requests import DOCX_TYPE, DRAFT_SCHEMAS, request_body_schema
    from search_app.views.treaties import FINDER_SCHEMAS

    schemas.update(FINDER_SCHEMAS)
    schemas.update(DRAFT_SCHEMAS)
    states = _place_codes(organisations=False)
    too_far = {"description": "A page past what can be fetched", "content": _ERROR["content"]}
    search_responses = {"200": _ok("Results", {"$ref": ref + "SearchResult"}), "400": _ERROR, "404": too_far}
    paths = {
        "/api/search": {"get": {"summary": "Search provisions", "operationId": "search", "parameters": _SEARCH_PARAMS,
                                "responses": search_responses}},
        "/api/facets": {"get": {"summary": "Facet counts for a search", "operationId": "facets",
                                "parameters": _SEARCH_PARAMS,
                                "responses": {"200": _ok("Facets", {"type": "object", "properties": {
                                    "total": {"type": "integer"}, "total_documents": {"type": "integer"},
                                    "unit": {"type": "string", "enum": ["documents", "provisions"]},
                                    "facets": {"type": "array", "items": {"$ref": ref + "Facet"}}}}),
                                    "400": _ERROR, "404": too_far}}},
        "/api/documents/{doc_id}": {"get": {
            "summary": "A document with its provisions", "operationId": "document",
            "parameters": [_param("doc_id", "Document id, percent-encoded; it may hold slashes, which stay slashes "
                                  "(BE/APD/decision-quant-au-fond-n0-31-2026)", where="path", required=True)],
            "responses": {"200": _ok("The document", {"$ref": ref + "Document"}), "404": _ERROR}}},
        "/api/provisions/{provision_id}": {"get": {
            "summary": "A provision (id '<document id>/<anchor>') with its document's metadata",
            "operationId": "provision",
            "parameters": [_param("provision_id", "Provision id, percent-encoded; its slashes are part of the path",
                                  where="path", required=True)],
            "responses": {"200": _ok("The provision", {"$ref": ref + "Provision"}), "404": _ERROR}}},
        "/api/suggest": {"get": {
            "summary": "Type-ahead suggestions from the taxonomy and thesaurus", "operationId": "suggest",
            "parameters": [_param("q", "What was typed", required=True),
                           _param("limit", "At most this many",
                                  _whole(1, MAX_SUGGESTIONS))],
            "responses": {"200": _ok("Suggestions", {"type": "object", "properties": {
                "q": {"type": "string"}, "suggestions": {"type": "array", "items": {"type": "string"}}}}),
                "400": _ERROR}}},
        "/api/export.csv": {"get": {
            "summary": f"The result list as CSV (at most {EXPORT_MAX_ROWS} rows)", "operationId": "exportCsv",
            "parameters": [p for p in _SEARCH_PARAMS if p["name"] not in ("page", "per_page")],
            "responses": {"200": _ok(
                "CSV with a header row, UTF-8 with a byte order mark; lists joined by ';', a cell starting with "
                "= + - @ prefixed with an apostrophe", {"type": "string"}, "text/csv"),
                "400": _ERROR, "404": too_far}}},
        "/api/export.json": {"get": {
            "summary": f"The result list as JSON (at most {EXPORT_MAX_ROWS} rows)", "operationId": "exportJson",
            "parameters": [p for p in _SEARCH_PARAMS if p["name"] not in ("page", "per_page")],
            "responses": {"200": _ok("Rows", {"type": "array", "items": {"type": "object", "properties": {
                "crime": {"type": "array", "items": {"type": "string"}},
                "issue": {"type": "array", "items": {"type": "string"}}}}}), "400": _ERROR, "404": too_far}}},
        "/api/treaties/applicable": {"get": {
            "summary": "Instruments in force between two States for a form of cooperation (and an offence), with "
                       "the requested State's declarations, domestic law, cases and competent authority",
            "operationId": "treatiesApplicable",
            "parameters": [
                _param("requesting", "Requesting State (ISO alpha-3)", _enum(states, required=True), required=True),
                _param("requested", "Requested State (ISO alpha-3)", _enum(states, required=True), required=True),
                _param("form", "Form of cooperation", _enum(FORMS)),
                _param("date", "Date the instruments must be in force (YYYY-MM-DD; default today)",
                       {"type": "string", "format": "date"}),
                _param("offence", "The offence, a crime type id: each instrument says whether it lies within its "
                       "scope, and the requested State's law on it is listed",
                       _enum(_term_ids("crime"))),
            ],
            "responses": {"200": _ok("Instruments in force for both States, those whose participation is unknown "
                                     "(no conclusion rests on them) and those known not to apply, each State's line "
                                     "with its evidence", {"$ref": ref + "TreatyFinderResult"}),
                          "400": _ERROR,
                          "422": {"description": "The requesting and the requested State are the same",
                                  "content": _ERROR["content"]}}}},
        "/api/requests/draft": {"post": {
            "summary": "Draft a mutual legal assistance request from the finder's answer; nothing is kept "
                       "(Cache-Control: no-store)",
            "operationId": "requestDraft",
            "parameters": [
                _param("format", "json (default), html (the printable draft) or docx (a Word document)",
                       _enum(["json", "html", "docx"])),
                _param("ui", "Language of the fixed text of the html and docx documents",
                       {"type": "string", "enum": ["ar", "en", "es", "fr", "ru", "zh"]})],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": request_body_schema(states, _term_ids("crime"))}}},
            "responses": {"200": {"description": "The draft: legal basis only from instruments in force for both "
                                                 "States, those whose participation is unknown listed to check, and "
                                                 "a checklist; as JSON, or the document asked for",
                                  "content": {"application/json": {"schema": {"$ref": ref + "RequestDraft"}},
                                              "text/html": {"schema": {"type": "string"}},
                                              DOCX_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
                          "400": _ERROR,
                          "422": {"description": "The requesting and the requested State are the same",
                                  "content": _ERROR["content"]}}}},
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
                _param("country", "State (ISO alpha-3)", _enum(_place_codes(organisations=False))),
                _param("form", "Form of cooperation (as in /api/treaties/applicable)", _enum(FORMS)),
                _param("q", "Words in the authority's name, address or notes",
                       {"type": "string", "maxLength": MAX_AUTHORITY_QUERY}),
            ],
            "responses": {"200": _ok("Authorities", {"type": "object", "properties": {
                "authorities": {"type": "array", "items": {"type": "object"}}}}), "400": _ERROR}}},
        "/api/docs": {"get": {"summary": "This document as a readable page", "operationId": "docs",
                              "responses": {"200": _ok("HTML", {"type": "string"}, "text/html")}}},
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
