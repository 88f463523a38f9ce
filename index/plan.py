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
    facet_limit: int = 50
    sort: str = "relevance"  # relevance | date (newest first); ties: date desc, then provision id
    offset: int = 0
    limit: int = 20
    collapse: bool = False  # one row per document (its best provision)
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
    text: str = ""  # the provision's full text (for export and "more like this")
    crime: list[str] = field(default_factory=list)
    issue: list[str] = field(default_factory=list)


@dataclass
class EngineResult:
    """What an engine returns: the page of hits, totals, and raw facet counts."""

    hits: list[Hit]
    total: int  # matching provisions
    total_documents: int  # distinct documents among them
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count
