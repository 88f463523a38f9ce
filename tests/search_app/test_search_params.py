"""The search parameters are declared once (search_app.search_params): the request parser, the OpenAPI
document and `sherloc search` must all agree with that declaration."""

from __future__ import annotations

from index.search import SearchRequest
from search_app.cli import search as search_command
from search_app.search_params import PAGE_PARAMETERS, SEARCH_PARAMETERS, params_from_options

# One valid non-default value per parameter, as a URL would carry it.
EXAMPLE_URL = {
    "q": ["extradition"], "crime": ["corruption"], "issue": ["criminalization"], "country": ["FRA"],
    "region": ["europe"],
    "type": ["case"], "lang": ["fr"], "from": ["2001"], "to": ["2010"], "sort": ["date"], "page": ["2"],
    "per_page": ["5"], "collapse": ["1"], "curated": ["1"], "same_lang": ["1"], "mode": ["lexical"],
    "facet_size": ["max"],
}  # fmt: skip


def test_the_request_reads_every_declared_parameter_and_no_other():
    declared = {p.name for p in SEARCH_PARAMETERS} - set(PAGE_PARAMETERS)
    assert set(EXAMPLE_URL) == declared
    # every value is read back: the canonical parameters of the parsed request are those given
    assert SearchRequest.from_params(EXAMPLE_URL).to_params() == EXAMPLE_URL


def test_the_command_has_an_option_for_each_declared_one():
    options = {p.name for p in search_command.params} - {"as_json", "engine"}
    assert {p.cli for p in SEARCH_PARAMETERS if p.cli} == options


def test_the_command_asks_the_same_search_as_the_url():
    options = {"query": "extradition", "crime": ("corruption",), "issue": ("criminalization",), "country": ("FRA",),
               "region": ("europe",), "types": ("case",), "lang": ("fr",), "year_from": 2001, "year_to": 2010,
               "sort": "date", "page": 2, "per_page": 5, "collapse": True, "curated": True, "same_language": True,
               "mode": "lexical"}  # fmt: skip
    url = {k: v for k, v in EXAMPLE_URL.items() if k != "facet_size"}  # the page's choice, not the command's
    assert SearchRequest.from_params(params_from_options(options)).to_params() == url
    # unset options and false flags state nothing
    assert params_from_options({"query": "", "crime": (), "collapse": False, "mode": None}) == {"q": [""]}
