"""The search page, the query-language help page and the OpenSearch description."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from index.errors import BadRequest, NotFound
from index.hybrid import hybrid_search
from index.search import SearchRequest
from search_app import error_message, sherloc, ui_lang
from search_app.search_params import PAGE_PARAMETERS

bp = Blueprint("search", __name__)


# The browse view (the search page before any search): these facets, their most frequent values.
BROWSE_FACETS = ("type", "crime", "country")
BROWSE_VALUES = 12


def search_params(args: MultiDict | None = None) -> dict[str, list[str]]:
    """The request's query-string parameters that describe a search (name -> values)."""
    args = request.args if args is None else args
    return {k: [v for v in args.getlist(k)] for k in args if k not in PAGE_PARAMETERS}


def run_search(params: dict[str, list[str]], *, with_facets: bool = True):
    """Parse parameters and search the current index: (SearchRequest, SearchResponse). BadRequest on bad params."""
    state = sherloc()
    req = SearchRequest.from_params(params)
    resp = hybrid_search(state.engine, req, taxonomy=state.taxonomy, thesaurus=state.thesaurus, ui_lang=ui_lang(),
                         with_facets=with_facets, **state.vectors.for_search(req.q, req.mode))
    return req, resp


def has_sample_data() -> bool:
    """Whether the store holds documents of the bundled SAMPLE corpus (the page then says so)."""
    from corpus import CORPUS_DIR

    return sherloc().store.has_sample_documents(CORPUS_DIR)


def _requested_page(params: dict[str, list[str]]) -> int | None:
    value = (params.get("page") or [""])[0].strip()
    return int(value) if value.isdigit() and int(value) > 1 else None


def _past_the_last_page(params: dict[str, list[str]], page: int):
    """A page beyond the results: the search's first page stands in, to say where the results end."""
    req, resp = run_search({k: v for k, v in params.items() if k != "page"})
    if page <= resp.pages:
        return None
    return render_template("search.html", req=req, resp=replace(resp, hits=[]), params=req.to_params(), bad=None,
                           past_last=page, sample=has_sample_data()), 404


@bp.get("/")
def index():
    """The search page: one box, facets, chips, results, paging; every state is in the URL."""
    params = search_params()
    if request.args.get("format") == "atom":
        from search_app.views.feeds import atom_response  # feeds builds on this module's run_search

        return atom_response(params)
    # nothing asked yet: the collection's newest documents, and its types, crime types and countries
    browse = not params
    if browse:
        params = {"collapse": ["1"], "sort": ["date"]}
    page = _requested_page(params)
    try:
        req, resp = run_search(params)
    except NotFound:
        # a page too far to fetch: "results end at page N"
        past = _past_the_last_page(params, page) if page is not None else None
        if past:
            return past
        raise
    except BadRequest as exc:
        # Bad parameters (an unknown sort, a year that is not one): say which, keep the box.
        return (
            render_template("search.html", req=None, resp=None, params={"q": params.get("q", [])},
                            bad=error_message(exc), sample=has_sample_data()),
            400,
        )
    if not resp.hits and resp.total and page is not None:
        return _past_the_last_page(params, page)
    return render_template("search.html", req=req, resp=resp, params=req.to_params(), bad=None, browse=browse,
                           BROWSE_FACETS=BROWSE_FACETS, BROWSE_VALUES=BROWSE_VALUES, sample=has_sample_data())


@bp.get("/help")
def help_page():
    """How to write queries."""
    return render_template("help.html")


@bp.get("/opensearch.xml")
def opensearch():
    """The OpenSearch description document, so browsers can add sherloc as a search engine."""
    xml = render_template(
        "opensearch.xml",
        search_template=url_for("search.index", _external=True) + "?q={searchTerms}",
        suggest_template=url_for("api.suggest", _external=True) + "?q={searchTerms}",
        json_template=url_for("api.api_search", _external=True) + "?q={searchTerms}",
        icon=url_for("static", filename="favicon.svg", _external=True),
    )
    return Response(xml, mimetype="application/opensearchdescription+xml")
