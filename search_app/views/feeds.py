"""Atom feeds: any search, newest first, so a researcher can follow it in a feed reader."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, url_for
from markupsafe import Markup, escape

from search_app import sherloc
from search_app.results import web_links
from search_app.views.search import run_search, search_params

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 50


def feed_params(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The search as a feed reads it: newest first, one entry per document, the first page."""
    kept = {k: v for k, v in params.items() if k not in ("page", "per_page", "sort", "collapse", "format")}
    return {**kept, "sort": ["date"], "collapse": ["1"], "per_page": [str(FEED_ENTRIES)]}


@bp.get("/search.atom")
def search_feed() -> Response:
    """The search of the query string as an Atom feed (also `/?format=atom`)."""
    return atom_response(search_params())


def atom_response(params: dict[str, list[str]]) -> Response:
    """Run the search `params` describe and answer it as an Atom 1.0 document."""
    req, resp = run_search(feed_params(params), with_facets=False)
    shown = req.to_params()
    for key in ("collapse", "sort", "per_page"):
        shown.pop(key, None)
    updated = sherloc().store.documents_updated(h.document_id for h in resp.hits)
    entries = [_entry(h, updated.get(h.document_id) or _now()) for h in resp.hits]
    xml = render_template(
        "search.atom.xml",
        entries=entries,
        query=" ".join(shown.get("q", [])),
        chips=[str(c.label) for c in resp.chips],
        self_url=url_for("feeds.search_feed", _external=True, **shown),
        page_url=url_for("search.index", _external=True, **shown),
        updated=max((e["updated"] for e in entries), default=_now()),
    )
    return Response(xml, mimetype="application/atom+xml")


def _entry(hit, updated: str) -> dict:
    return {
        "hit": hit,
        # the entry is the document: its id stays when another provision becomes its best match
        "id": url_for("documents.document", doc_id=hit.document_id, _external=True),
        "url": web_links().provision(hit.provision_id),
        "updated": updated,
        "published": _atom_date(hit.date),
        "summary_html": _summary_html(hit),
    }


def _summary_html(hit) -> Markup:
    heading = f" · {hit.heading}" if hit.heading else ""
    return escape(f"{hit.label}{heading}: ") + Markup(hit.snippet_html)  # the snippet is escaped HTML already


def _atom_date(date: str | None) -> str | None:
    """A document date (YYYY, YYYY-MM or YYYY-MM-DD) as an Atom timestamp, or None."""
    if not date or not date[:4].isdigit():
        return None
    year, month, day = (date.split("-") + ["1", "1"])[:3]
    return f"{year}-{int(month):02d}-{int(day):02d}T00:00:00Z" if month.isdigit() and day.isdigit() else None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
