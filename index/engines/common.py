"""What every engine decides the same way: field boosts, languages searched, constant scores,
the checks on a query, and the ranking of spelling suggestions."""

from __future__ import annotations

from collections.abc import Callable

from index.analysis import LANG_FIELDS, edit_distance
from index.errors import BadRequest
from index.plan import FACETS, SORTS, Bool, EngineQuery, MatchAll, Phrase, Range, Term

PART_BOOST = {"t": 3.0, "h": 2.0, "b": 1.0}  # title, heading, body
KEYWORD_FIELDS = {"country": "f_country", "type": "f_type", "lang": "f_lang", "year": "f_year"}
# fields whose matches all score alike: a keyword matches or it does not
CONSTANT_FIELDS = (*KEYWORD_FIELDS, "article", "symbol", "id")
SUGGEST_MIN_LETTERS = 3  # shorter words get no spelling suggestions
SHORT_WORD = 4  # words up to this long allow one edit, longer ones two
MORE_LIKE_THIS_TERMS = 25  # the most telling words of a provision that its look-alikes are searched by


def check_query(eq: EngineQuery) -> None:
    """BadRequest for a sort, filter or facet the engines do not know."""
    if eq.sort not in SORTS:
        raise BadRequest(f"unknown sort {eq.sort!r}: use relevance or date")
    for facet in eq.filters:
        if facet not in FACETS:
            raise BadRequest(f"unknown filter {facet!r}: use one of {', '.join(FACETS)}")
    for facet in eq.facets:
        if facet not in FACETS:
            raise BadRequest(f"unknown facet {facet!r}: use one of {', '.join(FACETS)}")


def searched_languages(node_langs, weights: dict[str, float]) -> tuple[list[tuple[str, float]], bool]:
    """The language fields a text node searches, with their weights, and whether that leaves
    some language out (then the hits must be restricted to the languages searched)."""
    wanted = [lang for lang in (node_langs or LANG_FIELDS) if lang in LANG_FIELDS]
    out = [(lang, weights.get(lang, 1.0)) for lang in wanted if weights.get(lang, 1.0) > 0]
    return out, len(out) != len(LANG_FIELDS)


def is_constant(node) -> bool:
    """Every hit scores the same (keyword fields, ranges, match all): relevance order is date order."""
    if isinstance(node, (MatchAll, Range)):
        return True
    if isinstance(node, (Term, Phrase)):
        return node.field in CONSTANT_FIELDS
    if isinstance(node, Bool):
        if not node.must and not node.should:
            return True
        return bool(node.must) and not node.should and all(is_constant(n) for n in node.must)
    return False


def is_id_set(node: Bool) -> bool:
    """Whether a Bool is "any of these ids" (id:a OR id:b ...), which one set lookup answers."""
    return (not node.must and not node.must_not and len(node.should) > 1 and node.boost == 1.0
            and all(isinstance(n, Term) and n.field == "id" and not n.prefix and not n.fuzzy for n in node.should))


def suggestion_target(word: str, tokenize: Callable[[str], list[str]]) -> tuple[str, int] | None:
    """The indexed form of a word worth correcting and the edits allowed, or None."""
    toks = tokenize(word)
    if len(toks) != 1 or len(toks[0]) < SUGGEST_MIN_LETTERS:
        return None
    return toks[0], 1 if len(toks[0]) <= SHORT_WORD else 2


def near(word: str, dist: int, term: str) -> bool:
    """Whether an indexed term is another word within `dist` edits of `word`."""
    return term != word and abs(len(term) - len(word)) <= dist and edit_distance(term, word, dist) <= dist


def most_frequent(found: dict[str, int], limit: int) -> list[str]:
    """Suggested terms by frequency (most first), then alphabetically."""
    return [t for t, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]
