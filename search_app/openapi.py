"""The OpenAPI 3.1 document of the JSON API (served at /api/openapi.json, read by /api/docs)."""

from __future__ import annotations

from functools import cache

from index.hybrid import SEMANTIC_DEPTH
from index.treaties.db import MAX_AUTHORITY_QUERY
from index.treaties.models import FORMS
from search_app.export import EXPORT_MAX_ROWS
from search_app.search_params import SEARCH_PARAMETERS, enum_schema, place_codes, term_ids, whole_schema
from search_app.state import UI_LANGUAGES
from search_app.suggest import MAX_SUGGESTIONS


def allowed_values(schema: dict) -> dict:
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


@cache
def search_parameters() -> list[dict]:
    """The search parameters (search_app.search_params) as OpenAPI parameters."""
    return [_param(p.name, p.description, p.schema(), many=p.many) for p in SEARCH_PARAMETERS]


_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(description: str, schema: dict, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def openapi_spec(server: str) -> dict:
    """The OpenAPI 3.1 document for every /api endpoint, the treaty finder's and the request draft's included."""
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
    states = place_codes(organisations=False)
    too_far = {"description": "A page past what can be fetched", "content": _ERROR["content"]}
    search_responses = {"200": _ok("Results", {"$ref": ref + "SearchResult"}), "400": _ERROR, "404": too_far}
    paths = {
        "/api/search": {"get": {"summary": "Search provisions", "operationId": "search",
                                "parameters": search_parameters(), "responses": search_responses}},
        "/api/facets": {"get": {"summary": "Facet counts for a search", "operationId": "facets",
                                "parameters": search_parameters(),
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
                                  whole_schema(1, MAX_SUGGESTIONS))],
            "responses": {"200": _ok("Suggestions", {"type": "object", "properties": {
                "q": {"type": "string"}, "suggestions": {"type": "array", "items": {"type": "string"}}}}),
                "400": _ERROR}}},
        "/api/export.csv": {"get": {
            "summary": f"The result list as CSV (at most {EXPORT_MAX_ROWS} rows)", "operationId": "exportCsv",
            "parameters": [p for p in search_parameters() if p["name"] not in ("page", "per_page")],
            "responses": {"200": _ok(
                "CSV with a header row, UTF-8 with a byte order mark; lists joined by ';', a cell starting with "
                "= + - @ prefixed with an apostrophe", {"type": "string"}, "text/csv"),
                "400": _ERROR, "404": too_far}}},
        "/api/export.json": {"get": {
            "summary": f"The result list as JSON (at most {EXPORT_MAX_ROWS} rows)", "operationId": "exportJson",
            "parameters": [p for p in search_parameters() if p["name"] not in ("page", "per_page")],
            "responses": {"200": _ok("Rows", {"type": "array", "items": {"type": "object", "properties": {
                "crime": {"type": "array", "items": {"type": "string"}},
                "issue": {"type": "array", "items": {"type": "string"}}}}}), "400": _ERROR, "404": too_far}}},
        "/api/treaties/applicable": {"get": {
            "summary": "Instruments in force between two States for a form of cooperation (and an offence), with "
                       "the requested State's declarations, domestic law, cases and competent authority",
            "operationId": "treatiesApplicable",
            "parameters": [
                _param("requesting", "Requesting State (ISO alpha-3)", enum_schema(states, required=True),
                       required=True),
                _param("requested", "Requested State (ISO alpha-3)", enum_schema(states, required=True),
                       required=True),
                _param("form", "Form of cooperation", enum_schema(FORMS)),
                _param("date", "Date the instruments must be in force (YYYY-MM-DD; default today)",
                       {"type": "string", "format": "date"}),
                _param("offence", "The offence, a crime type id: each instrument says whether it lies within its "
                       "scope, and the requested State's law on it is listed",
                       enum_schema(term_ids("crime"))),
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
                       enum_schema(["json", "html", "docx"])),
                _param("ui", "Language of the fixed text of the html and docx documents",
                       {"type": "string", "enum": sorted(UI_LANGUAGES)})],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": request_body_schema(states, term_ids("crime"))}}},
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
                _param("country", "State (ISO alpha-3)", enum_schema(place_codes(organisations=False))),
                _param("form", "Form of cooperation (as in /api/treaties/applicable)", enum_schema(FORMS)),
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
