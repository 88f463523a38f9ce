"""The one shape of a search response, as the JSON API and `sherloc search --json` give it.

The search page renders the same `SearchResponse` with the same labels (search_app.labels);
what it shows as links is here as parameters (`toggle`, `remove`, `params`) and, with a
server to point at, as URLs (`url`, `links`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from flask import url_for

from index.facets import Facet, FacetValue
from index.plan import Hit
from index.search import SearchRequest, SearchResponse
from search_app.labels import country_name


@dataclass(frozen=True)
class Links:
    """How to write a link: to a provision's page, and to a page of the same search."""

    provision: Callable[[str], str]
    search_page: Callable[[dict[str, list[str]], int], str]


def web_links() -> Links:
    """Absolute links to this server's pages (for the current request)."""
    return Links(
        provision=lambda provision_id: url_for("documents.provision", provision_id=provision_id, _external=True),
        search_page=lambda params, page: url_for("api.api_search", _external=True, **{**params, "page": [str(page)]}),
    )


def hit_json(hit: Hit, lang: str, links: Links | None, *, with_text: bool = False) -> dict:
    """One result row, with its country's name and (with links) its permalink."""
    data = asdict(hit)
    if not with_text:
        data.pop("text", None)
    if links is not None:
        data["url"] = links.provision(hit.provision_id)
    data["country_name"] = country_name(hit.country, lang)
    return data


def facet_value_json(v: FacetValue) -> dict:
    """A facet value with its count, selection state and the parameters that toggle it."""
    return {
        "value": v.value,
        "label": str(v.label),
        "count": v.count,
        "selected": v.selected,
        "toggle": v.toggle,
        "children": [facet_value_json(c) for c in v.children],
    }


def facets_json(facets: list[Facet]) -> list[dict]:
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


def facets_only_json(req: SearchRequest, resp: SearchResponse) -> dict:
    """The facets of a search with its totals (what /api/facets answers)."""
    return {"params": req.to_params(), "total": resp.total, "total_documents": resp.total_documents,
            "unit": resp.unit, "facets": facets_json(resp.facets)}


def search_json(req: SearchRequest, resp: SearchResponse, lang: str, links: Links | None = None, *,
                with_text: bool = False) -> dict:
    """A whole result page: totals, paging, notes, hits and facets (`url` and `links` only with `links`)."""
    params = req.to_params()
    suggestion = None
    if resp.suggestion is not None:
        suggestion = {"text": resp.suggestion.text, "params": resp.suggestion.params}
    data = {
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
        "relaxations": [{"label": str(r.label), "params": r.params, "count": r.count, "facet": r.facet,
                         "value": r.value} for r in resp.relaxations],
        "query_language": resp.query_language,
        "expansions": list(resp.expansions),
        "mode": resp.mode,
        "mode_note": resp.mode_note,
        "vectors": resp.vectors,
        "chips": [{"facet": c.facet, "value": c.value, "label": str(c.label), "remove": c.remove} for c in resp.chips],
        "hits": [hit_json(h, lang, links, with_text=with_text) for h in resp.hits],
        "facets": facets_json(resp.facets),
    }
    if links is not None:
        data["links"] = {
            "self": links.search_page(params, resp.page),
            "next": links.search_page(params, resp.page + 1) if resp.page < resp.pages else None,
            "prev": links.search_page(params, resp.page - 1) if resp.page > 1 else None,
        }
    return data
