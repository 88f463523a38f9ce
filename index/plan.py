"""The query plan: plain data passed from query parsing to the engines.

`index.query` turns what a user typed into a tree of these nodes; `index.search`
adds filters, facets, paging and thesaurus expansions and hands an `EngineQuery`
to an engine, which translates it into its own query objects. Engines return an
`EngineResult` with raw facet counts; `index.facets` turns those into values with
labels, selection state and toggle parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fields a user may name in the query language (field:value) and facet names.
QUERY_FIELDS = ("title", "country", "type", "article", "court", "lang", "year", "id", "symbol")
FACETS = ("crime", "issue", "country", "region", "type", "lang", "year")
SORTS = ("relevance", "date")
# Facets that also have a curated-only field (classifications given by the source or an editor, no rule
# suggestions): EngineQuery.curated counts and filters on those instead.
CURATED_FACETS = ("crime", "issue")
INDEXED_FACETS = FACETS + tuple(f"{f}_curated" for f in CURATED_FACETS)  # keyword fields every engine keeps


def facet_field(facet: str, curated: bool) -> str:
    """The indexed keyword field a facet reads: its curated-only twin when `curated` asks for it."""
    return f"{facet}_curated" if curated and facet in CURATED_FACETS else facet

FACET_LIMIT = 50  # values a facet shows by default: its most frequent, then `truncated`
# Counted in full whatever the limit: years are a few hundred at most and are shown as decade
# sums, which a cut list would make wrong.
COMPLETE_FACETS = ("year",)
# Buckets an engine asks its backend for per facet: more than any facet has values (about 250
# countries, a few hundred years), so every value is counted exactly and the cut is made here.
FACET_BUCKETS = 10_000


@dataclass
class Term:
    """One word. `field` None means the text fields; `langs` None means every language field."""

    text: str
    field: str | None = None
    prefix: bool = False  # prefix*
    fuzzy: int = 0  # edit distance for word~ (1 or 2)
    langs: tuple[str, ...] | None = None
    boost: float = 1.0


@dataclass
class Phrase:
    """Words that must appear together in this order ("exact phrase")."""

    text: str
    field: str | None = None
    langs: tuple[str, ...] | None = None
    boost: float = 1.0
    slop: int = 0


@dataclass
class Range:
    """A closed range on a numeric field (year:1990..2000); None is open."""

    field: str
    lo: int | None = None
    hi: int | None = None


@dataclass
class Bool:
    """must AND, should OR (at least one when there is no must), must_not NOT."""

    must: list = field(default_factory=list)
    should: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    boost: float = 1.0


@dataclass
class MatchAll:
    """Every provision (an empty query, or one of only filters)."""


Node = Term | Phrase | Range | Bool | MatchAll


@dataclass
class ParsedQuery:
    """What `index.query.parse` returns: a tree, messages for the user, and the plain words."""

    node: Node
    errors: list[str] = field(default_factory=list)  # syntax problems, explained; the node is best effort
    words: list[str] = field(default_factory=list)  # the free words, for spelling suggestions
    natural: bool = False  # a long question or pasted paragraph, ranked as a bag of words


@dataclass
class EngineQuery:
    """Everything an engine needs to answer one search."""

    node: Node = field(default_factory=MatchAll)
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values OR'ed; facets AND'ed
    year_from: int | None = None
    year_to: int | None = None
    lang_weights: dict[str, float] = field(default_factory=dict)  # boost per language field; missing = 1.0
    facets: tuple[str, ...] = FACETS  # which facets to count; each ignores its own filter (OR within)
    facet_limit: int | None = FACET_LIMIT  # most frequent values per facet (None: all); see limit_facets
    sort: str = "relevance"  # relevance | date (newest first); ties: date desc, then provision id
    offset: int = 0
    limit: int = 20
    collapse: bool = False  # one row per document (its best provision); facets then count documents
    curated: bool = False  # crime and issue facets and filters on curated classifications only
    snippets: bool = True
    snippet_chars: int = 240


@dataclass
class Hit:
    """One result row: a provision with what a result list shows of its document."""

    provision_id: str
    document_id: str
    score: float
    title: str
    label: str
    heading: str
    language: str
    country: str | None
    type: str
    date: str | None
    snippet_html: str = ""  # HTML-escaped text with <mark>...</mark> around matches
    # the provision's text, or with an engine that keeps no more, its first SNIPPET_TEXT_CHARS
    # characters (index.analysis), all that snippets read; the store holds every text whole
    text: str = ""
    crime: list[str] = field(default_factory=list)
    issue: list[str] = field(default_factory=list)


@dataclass
class EngineResult:
    """What an engine returns: the page of hits, totals, and raw facet counts."""

    hits: list[Hit]
    total: int  # matching provisions
    total_documents: int  # distinct documents among them
    # facet -> value -> count: of provisions, or of documents when the query collapses
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    truncated: list[str] = field(default_factory=list)  # facets with values left out by facet_limit
    # facet -> the matches under every filter but its own (what removing its filter finds), for
    # each filtered facet that was counted; an engine that cannot tell leaves it out
    without: dict[str, int] = field(default_factory=dict)


def limit_facets(counts: dict[str, dict[str, int]], query: EngineQuery) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Every engine's cut of complete facet counts: (facets, names of the facets that were cut).

    A facet keeps its `query.facet_limit` most frequent values (ties by value, so every engine
    keeps the same ones) plus every value selected in `query.filters`, with its true count.
    COMPLETE_FACETS are never cut.
    """
    out: dict[str, dict[str, int]] = {}
    truncated: list[str] = []
    for name, values in counts.items():
        limit = query.facet_limit
        if limit is None or name in COMPLETE_FACETS or len(values) <= limit:
            out[name] = dict(values)
            continue
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        kept = dict(ranked[: max(limit, 0)])
        for v in query.filters.get(name, []):
            if str(v) in values:
                kept[str(v)] = values[str(v)]
        out[name] = kept
        if len(kept) < len(values):
            truncated.append(name)
    return out, truncated
