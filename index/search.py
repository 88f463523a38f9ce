"""The search service: URL parameters in, a result page out.

`SearchRequest.from_params` validates what came in the URL (a `BadRequest` naming the
parameter otherwise); `search()` parses the query, guesses its language, adds the same
concepts in the other UN languages from the thesaurus, asks the engine, and dresses the
answer for the UI: labelled facets with toggle links, removable chips, "did you mean",
and, when nothing is found, the same search without each filter with its count.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from index.errors import bad_request, not_found
from index.facets import FILTER_FACETS, Chip, Facet, build_facets, chips, phrase
from index.models import DOCUMENT_TYPES, LANGUAGES
from index.plan import FACET_LIMIT, FACETS, SORTS, EngineQuery, Hit, Term
from index.query import _country_code, guess_language, script_language
from index.query_plan import QueryPlan, detect_query_language, plan_query

REGIONS = ("africa", "americas", "asia", "europe", "oceania", "international")
MODES = ("lexical", "semantic", "hybrid")  # index.hybrid runs them; None: hybrid once vectors exist
MAX_PER_PAGE = 100
PER_PAGE = 20
YEARS = (1000, 2999)  # the years a from/to filter may name
MAX_OFFSET = 10_000
MAX_PAGE = 10**9  # a page number beyond MAX_OFFSET is answered "too far" (404); beyond this it is no number
MAX_QUERY_CHARS = 5_000
MAX_FACET_SIZE = 1_000  # facet_size=max asks for every value
OTHER_LANGUAGE_WEIGHT = 0.6
FEW_HITS = 5
MAX_SPELLCHECKED_WORDS = 8
_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no", ""}
FLAG_VALUES = sorted(_TRUE | _FALSE)  # what a yes/no parameter may say


# -- the request ---------------------------------------------------------------------------


def _getlist(params: Any, name: str) -> list[str]:
    if hasattr(params, "getlist"):
        values = params.getlist(name)
    else:
        values = params.get(name, [])
        if isinstance(values, str):
            values = [values]
    return [v.strip() for v in values if v is not None and v.strip() != ""]


def _one(params: Any, name: str) -> str | None:
    values = _getlist(params, name)
    return values[-1] if values else None


def whole_number(name: str, raw: str, lo: int, hi: int) -> int:
    """A whole number written as JSON may write it ("40", "40.0", "4e1") within lo..hi; BadRequest if not."""
    try:
        value = int(raw)
    except ValueError:
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not number.is_integer():
            raise bad_request("%(name)s: %(value)s is not a whole number", name=name, value=repr(raw)) from None
        value = int(number)
    if not lo <= value <= hi:
        raise bad_request("%(name)s: %(value)s is out of range (%(lo)s to %(hi)s)",
                          name=name, value=value, lo=lo, hi=hi)
    return value


def _int(params: Any, name: str, lo: int, hi: int, default: int | None) -> int | None:
    raw = _one(params, name)
    return default if raw is None else whole_number(name, raw, lo, hi)


def _flag(params: Any, name: str) -> bool:
    raw = _one(params, name)
    if raw is None:
        return False
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise bad_request("%(name)s: %(value)s is not 1 or 0", name=name, value=repr(raw))


def _facet_size(params: Any) -> int | None:
    """Values shown per facet: a number, or "max" (None) for every value, as Datasette's _facet_size."""
    raw = _one(params, "facet_size")
    if raw is not None and raw.lower() == "max":
        return None
    return _int(params, "facet_size", 1, MAX_FACET_SIZE, FACET_LIMIT)


def _taxonomy():
    from index.taxonomy import load_taxonomy

    return load_taxonomy()


def _filter_value(name: str, raw: str) -> str:
    """One facet value from a URL, normalised (labels and names accepted); BadRequest if unknown."""
    if name in ("crime", "issue"):
        found = _taxonomy().resolve(name, raw)
        if found is None:
            if name == "crime":
                raise bad_request("crime: unknown crime type %(value)s", value=repr(raw))
            raise bad_request("issue: unknown cross-cutting issue %(value)s", value=repr(raw))
        return found
    if name == "country":
        code = _country_code(raw)
        if code is None:
            raise bad_request("country: unknown country %(value)s (use an ISO 3166 alpha-3 code such as FRA)",
                              value=repr(raw))
        return code
    allowed = {"region": REGIONS, "type": DOCUMENT_TYPES, "lang": LANGUAGES}[name]
    value = raw.lower()
    if value not in allowed:
        raise bad_request("%(name)s: unknown value %(value)s (one of %(allowed)s)", name=name, value=repr(raw),
                          allowed=", ".join(allowed))
    return value


@dataclass
class SearchRequest:
    """One search as the URL states it; `to_params()` gives the canonical URL parameters."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    collapse: bool = False
    same_language: bool = False
    curated: bool = False  # crime types and issues as the source or an editor gave them, no rule suggestions
    facet_size: int | None = FACET_LIMIT  # values per facet, the most frequent; None: every value
    mode: str | None = None  # lexical | semantic | hybrid; None: the default (see index.hybrid)

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | Any) -> SearchRequest:
        """Read URL parameters (a MultiDict or a dict of lists); BadRequest names the bad parameter."""
        q = " ".join(_getlist(params, "q"))
        if len(q) > MAX_QUERY_CHARS:
            raise bad_request("q: the query is longer than %(max)s characters", max=MAX_QUERY_CHARS)
        filters: dict[str, list[str]] = {}
        for name in FILTER_FACETS:
            values = sorted({_filter_value(name, v) for v in _getlist(params, name)})
            if values:
                filters[name] = values
        year_from = _int(params, "from", *YEARS, None)
        year_to = _int(params, "to", *YEARS, None)
        if year_from is not None and year_to is not None and year_from > year_to:
            year_from, year_to = year_to, year_from
        sort = (_one(params, "sort") or "relevance").lower()
        if sort not in SORTS:
            raise bad_request("sort: %(value)s is not one of %(allowed)s", value=repr(sort), allowed=", ".join(SORTS))
        per_page = _int(params, "per_page", 1, MAX_PER_PAGE, PER_PAGE)
        page = _int(params, "page", 1, MAX_PAGE, 1)
        if (page - 1) * per_page > MAX_OFFSET:
            last = MAX_OFFSET // per_page + 1
            raise not_found("page: %(page)s is too far; results can be paged up to page %(last)s "
                            "at %(per_page)s per page", page=page, last=last, per_page=per_page)
        mode = (_one(params, "mode") or "").lower() or None
        if mode is not None and mode not in MODES:
            raise bad_request("mode: %(value)s is not one of %(allowed)s", value=repr(mode), allowed=", ".join(MODES))
        return cls(q=q, filters=filters, year_from=year_from, year_to=year_to, sort=sort, page=page,
                   per_page=per_page, collapse=_flag(params, "collapse"), curated=_flag(params, "curated"),
                   same_language=_flag(params, "same_lang"), facet_size=_facet_size(params), mode=mode)  # fmt: skip

    def to_params(self) -> dict[str, list[str]]:
        """The non-default parameters, names and values sorted, so equal searches have equal URLs."""
        out: dict[str, list[str]] = {}
        if self.q.strip():
            out["q"] = [self.q.strip()]
        for name, values in self.filters.items():
            if values:
                out[name] = sorted(set(values))
        if self.year_from is not None:
            out["from"] = [str(self.year_from)]
        if self.year_to is not None:
            out["to"] = [str(self.year_to)]
        if self.sort != "relevance":
            out["sort"] = [self.sort]
        if self.page != 1:
            out["page"] = [str(self.page)]
        if self.per_page != PER_PAGE:
            out["per_page"] = [str(self.per_page)]
        if self.collapse:
            out["collapse"] = ["1"]
        if self.same_language:
            out["same_lang"] = ["1"]
        if self.curated:
            out["curated"] = ["1"]
        if self.facet_size != FACET_LIMIT:
            out["facet_size"] = ["max" if self.facet_size is None else str(self.facet_size)]
        if self.mode:
            out["mode"] = [self.mode]
        return dict(sorted(out.items()))


# -- the response --------------------------------------------------------------------------


@dataclass
class Suggestion:
    """"Did you mean": the corrected query and the parameters of that search."""

    text: str
    params: dict[str, list[str]]


class _RelaxationPair(NamedTuple):
    label: str
    params: dict[str, list[str]]


class Relaxation(_RelaxationPair):
    """(label, params) of the same search without one filter; `.count`, `.facet`, `.value` too."""

    count: int = 0
    facet: str = ""
    value: str = ""


@dataclass
class SearchResponse:
    """Everything a result page shows."""

    request: SearchRequest
    hits: list[Hit]
    total: int
    total_documents: int
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    suggestion: Suggestion | None = None
    relaxations: list[Relaxation] = field(default_factory=list)
    query_language: str = "en"
    expansions: list[str] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    took_ms: float = 0.0
    # what facet counts and pages count: "documents" with one result per document, else "provisions"
    unit: str = "provisions"
    mode: str = "lexical"  # the mode used (index.hybrid)
    mode_note: str = ""  # why not the mode asked: "engine" (lexical only), "no_vectors"
    vectors: dict | None = None  # while vectors are incomplete: {embedded, provisions, model, building}


def _lang_weights(language: str, same_language: bool) -> dict[str, float]:
    if same_language:
        return {lang: (1.0 if lang == language else 0.0) for lang in LANGUAGES}
    return {lang: (1.0 if lang == language else OTHER_LANGUAGE_WEIGHT) for lang in LANGUAGES}


# -- search --------------------------------------------------------------------------------


def _engine_filters(request: SearchRequest, language: str) -> dict[str, list[str]]:
    filters = {k: list(v) for k, v in request.filters.items() if v}
    if request.same_language and "lang" not in filters:
        filters["lang"] = [language]
    return filters


def _count(engine, query: EngineQuery, **changes) -> int:
    probe = replace(query, facets=(), offset=0, limit=1, snippets=False, **changes)
    return engine.search(probe).total


def _suggest(
    engine, request: SearchRequest, plan: QueryPlan, query: EngineQuery, total: int, ui_lang: str, thesaurus
) -> Suggestion | None:
    """The query with each unknown word replaced by the engine's closest indexed word, if that finds more."""
    text = request.q
    changed = False
    for word in plan.words[:MAX_SPELLCHECKED_WORDS]:
        if not re.search(r"[^\W\d_]", word) or len(word) < 3 or script_language(word) == "zh":
            continue  # numbers, short words and Chinese (no spelling to correct) are left alone
        # A word found anywhere in the index is no typo; counting is far cheaper than suggesting.
        if _count(engine, query, node=Term(word), filters={}, year_from=None, year_to=None, lang_weights={}):
            continue
        options = engine.suggest(word)
        if not options:
            continue
        folded = [o.casefold() for o in options]
        if word.casefold() in folded:
            continue  # the word is indexed as typed
        best = options[0]
        text, n = re.subn(rf"(?<!\w){re.escape(word)}(?!\w)", best, text)
        changed = changed or n > 0
    if not changed or text == request.q:
        return None
    corrected = plan_query(text, ui_lang, request.same_language, thesaurus)
    if _count(engine, query, node=corrected.node) <= total:
        return None
    return Suggestion(text, replace(request, q=text, page=1).to_params())


def _relaxations(engine, request: SearchRequest, query: EngineQuery, chip_list: list[Chip], lang: str,
                 without: Mapping[str, int]):  # fmt: skip
    out: list[Relaxation] = []
    for chip in chip_list:
        if chip.facet == "year":
            count = _count(engine, query, year_from=None, year_to=None)
        elif query.filters.get(chip.facet) == [chip.value] and chip.facet in without:
            count = without[chip.facet]  # the engine counted it with the facets: no search again
        else:
            filters = {
                k: [v for v in vs if not (k == chip.facet and v == chip.value)] for k, vs in query.filters.items()
            }
            count = _count(engine, query, filters={k: v for k, v in filters.items() if v})
        if count:
            label = phrase("without", lang, label=chip.label) + f" ({count})"
            r = Relaxation(label, chip.remove)
            r.count, r.facet, r.value = count, chip.facet, chip.value
            out.append(r)
    if request.curated:
        count = _count(engine, query, curated=False)
        if count:
            label = phrase("without", lang, label=phrase("curated", lang)) + f" ({count})"
            r = Relaxation(label, replace(request, curated=False, page=1).to_params())
            r.count, r.facet, r.value = count, "curated", "1"
            out.append(r)
    if request.same_language:
        filters = {k: v for k, v in request.filters.items() if v}
        count = _count(engine, query, filters=filters, lang_weights={})
        if count:
            label = phrase("without", lang, label=phrase("same_language", lang)) + f" ({count})"
            params = replace(request, same_language=False, page=1).to_params()
            r = Relaxation(label, params)
            r.count, r.facet, r.value = count, "same_lang", "1"
            out.append(r)
    return sorted(out, key=lambda r: -r.count)


def search(engine, request: SearchRequest, *, taxonomy=None, thesaurus=None, ui_lang: str = "en",
           with_facets: bool = True, snippets: bool = True) -> SearchResponse:  # fmt: skip
    """Run one search: parse, detect the language, expand across languages, query the engine, build facets.

    - Language: `detect_query_language` (script for ar/ru/zh, else stopwords, accents and thesaurus
      terms, `ui_lang` breaking ties). Its field weighs 1.0, the other languages 0.6; with
      `same_language` only its field is searched and results are filtered to it.
    - Expansion (unless `same_language` or no `thesaurus`): words and phrases naming a thesaurus
      concept are OR'ed with the concept's terms in the other languages (`langs` set to that
      language, boost 0.25, one term per distinct stem); `expansions` lists what was added.
    - "Did you mean" when fewer than 5 hits: words unknown to the index are replaced by
      `engine.suggest()`'s first choice, offered only if the corrected query finds more.
    - Nothing found: `relaxations`, the same search without each filter (or without the
      same-language switch), with their counts; unpack as (label, params) or read `.count`.
    - Facets: each shows its `facet_size` most frequent values (selected ones always, with their
      counts) and says `truncated` when it left some out; years are always counted in full.
    - Syntax mistakes never stop a search: they come back in `errors` with best-effort results.
    `taxonomy` None loads the bundled one (for labels); `thesaurus` None means no expansion.
    """
    started = time.perf_counter()
    if taxonomy is None:
        taxonomy = _taxonomy()  # labels of crime types and issues; cached after the first load
    plan = plan_query(request.q, ui_lang, request.same_language, thesaurus)
    query = EngineQuery(
        node=plan.node,
        filters=_engine_filters(request, plan.language),
        year_from=request.year_from,
        year_to=request.year_to,
        lang_weights=_lang_weights(plan.language, request.same_language) if request.q.strip() else (
            _lang_weights(plan.language, True) if request.same_language else {}),  # fmt: skip
        facets=FACETS if with_facets else (),
        facet_limit=request.facet_size,
        sort=request.sort,
        offset=(request.page - 1) * request.per_page,
        limit=request.per_page,
        collapse=request.collapse,
        curated=request.curated,
        snippets=snippets,
    )
    result = engine.search(query)
    chip_list = chips(request, taxonomy, ui_lang)
    facets = build_facets(result.facets, request, taxonomy, ui_lang, result.truncated) if with_facets else []
    suggestion = None
    if plan.words and result.total < FEW_HITS:
        suggestion = _suggest(engine, request, plan, query, result.total, ui_lang, thesaurus)
    relaxations = _relaxations(engine, request, query, chip_list, ui_lang, result.without) if result.total == 0 else []
    units = result.total_documents if request.collapse else result.total
    pages = max(1, min(math.ceil(units / request.per_page), MAX_OFFSET // request.per_page + 1))
    return SearchResponse(
        request=request,
        hits=result.hits,
        total=result.total,
        total_documents=result.total_documents,
        facets=facets,
        chips=chip_list,
        errors=list(plan.errors),
        suggestion=suggestion,
        relaxations=relaxations,
        query_language=plan.language,
        expansions=list(plan.expansions),
        page=request.page,
        pages=pages,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        unit="documents" if request.collapse else "provisions",
    )


def more_like_this(engine, provision_id: str, limit: int = 5, vectors=None) -> list[Hit]:
    """Provisions like this one, best first, itself excluded: nearest in meaning when `vectors`
    (an index.vectors.VectorIndex) hold it, else worded alike (the engine's more-like-this)."""
    if vectors is not None:
        from index.hybrid import similar_provisions

        found = similar_provisions(engine, vectors, provision_id, limit)
        if found is not None:
            return found
    return engine.more_like_this(provision_id, limit)


__all__ = [
    "SearchRequest",
    "SearchResponse",
    "Suggestion",
    "Relaxation",
    "search",
    "more_like_this",
    "detect_query_language",
    "guess_language",
]
