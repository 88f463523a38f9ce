"""The search parameters, declared once: the OpenAPI document and `sherloc search` are built from this list.

`index.search.SearchRequest.from_params` reads them (index cannot import this package); a test
checks that what it reads and what is declared here are the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from index.countries import all_countries
from index.models import DOCUMENT_TYPES, LANGUAGES
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
)
from search_app.state import UI_LANGUAGES


def enum_schema(values, *, required: bool = False) -> dict:
    """A choice; an optional parameter given empty (as a web form sends it) is the same as not given."""
    return {"type": "string", "enum": list(values) + ([] if required or "" in values else [""])}


def whole_schema(lo: int, hi: int) -> dict:
    """A whole number in lo..hi; given empty (as a web form sends it), the same as not given."""
    return {"oneOf": [{"type": "integer", "minimum": lo, "maximum": hi}, {"type": "string", "enum": [""]}]}


@cache
def term_ids(scheme: str) -> list[str]:
    """The ids of the taxonomy's crime types ("crime") or cross-cutting issues ("issue")."""
    from index.taxonomy import load_taxonomy

    return [t.id for t in load_taxonomy().terms(scheme)]


@cache
def place_codes(*, organisations: bool = True) -> list[str]:
    """ISO alpha-3 codes of the States (and, by default, the organisations' codes)."""
    return [code for code, _ in all_countries(include_organisations=organisations)]


@dataclass(frozen=True)
class SearchParameter:
    """One URL parameter of a search: its OpenAPI description and schema, and the CLI option that sets it."""

    name: str
    description: str
    schema: Callable[[], dict]
    many: bool = False  # repeatable: values OR'ed
    cli: str | None = None  # the `sherloc search` argument (its Python name) that sets it; None: web only


SEARCH_PARAMETERS = (
    SearchParameter("q", "The query (see /help): words, \"phrases\", OR, -word, prefix*, word~, field:value, "
                    "year:1990..2000", lambda: {"type": "string", "maxLength": MAX_QUERY_CHARS}, cli="query"),
    SearchParameter("crime", "Crime type ids (OR within; labels are accepted too)",
                    lambda: enum_schema(term_ids("crime")), many=True, cli="crime"),
    SearchParameter("issue", "Cross-cutting issue ids (OR within; a parent includes its children)",
                    lambda: enum_schema(term_ids("issue")), many=True, cli="issue"),
    SearchParameter("country", "ISO 3166-1 alpha-3 or organisation codes (names are accepted too)",
                    lambda: enum_schema(place_codes()), many=True, cli="country"),
    SearchParameter("region", "World region", lambda: enum_schema(REGIONS), many=True, cli="region"),
    SearchParameter("type", "Document type", lambda: enum_schema(DOCUMENT_TYPES), many=True, cli="types"),
    SearchParameter("lang", "Provision languages", lambda: enum_schema(LANGUAGES), many=True, cli="lang"),
    SearchParameter("from", "First year", lambda: whole_schema(*YEARS), cli="year_from"),
    SearchParameter("to", "Last year", lambda: whole_schema(*YEARS), cli="year_to"),
    SearchParameter("sort", "Order of results", lambda: enum_schema(SORTS), cli="sort"),
    SearchParameter("page", f"Page number (1-based); a page past the first {MAX_OFFSET} results is 404",
                    lambda: whole_schema(1, MAX_PAGE), cli="page"),
    SearchParameter("per_page", "Results per page", lambda: whole_schema(1, MAX_PER_PAGE), cli="per_page"),
    SearchParameter("collapse", "1: one row per document; facet counts and pages then count documents",
                    lambda: enum_schema(FLAG_VALUES), cli="collapse"),
    SearchParameter("curated", "1: crime types and issues only as the source or an editor gave them (no rule "
                    "suggestions)", lambda: enum_schema(FLAG_VALUES), cli="curated"),
    SearchParameter("same_lang", "1: only the query's language, no cross-language expansion",
                    lambda: enum_schema(FLAG_VALUES), cli="same_language"),
    SearchParameter("mode", "lexical (words), semantic (meaning, any language) or hybrid (both, fused by reciprocal "
                    "rank); default hybrid once vectors exist, else lexical", lambda: enum_schema(MODES), cli="mode"),
    SearchParameter("ui", "UI language for labels", lambda: {"type": "string", "enum": sorted(UI_LANGUAGES)}),
    SearchParameter("facet_size", "Values per facet (selected values are always included; years are never cut): "
                    "a number, or max for every value",
                    lambda: {"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_FACET_SIZE},
                                       {"type": "string", "enum": ["max", ""]}]}),
)

# Parameters of the page, not of the search: they change how results are shown, not which.
PAGE_PARAMETERS = ("ui", "format")


def params_from_options(options: dict) -> dict[str, list[str]]:
    """The URL parameters that `sherloc search`'s options state (unset options and false flags left out)."""
    params: dict[str, list[str]] = {}
    for p in SEARCH_PARAMETERS:
        value = options.get(p.cli) if p.cli else None
        if value is None or value is False or (p.many and not value):
            continue
        params[p.name] = [str(v) for v in value] if p.many else ["1" if value is True else str(value)]
    return params
