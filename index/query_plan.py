"""What a query string means: its parse, its language, and the terms the thesaurus adds in the
other languages (`plan_query`, cached, as the same queries come back).

index.search runs the plan against an engine; index.plan holds the nodes it is made of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.analysis import STOPWORDS, analyze
from index.models import LANGUAGES
from index.plan import Bool, MatchAll, Node, Phrase, Term
from index.query import parse
from index.query_language import detect_query_language
from index.textnorm import norm_phrase

EXPANSION_BOOST = 0.25
EXPANSION_TERMS_PER_LANGUAGE = 3
MAX_EXPANDED_CONCEPTS = 6


# -- thesaurus expansion -------------------------------------------------------------------


def _is_plain(node: Node) -> bool:
    return isinstance(node, Term) and node.field is None and not node.prefix and not node.fuzzy and node.langs is None


@lru_cache(maxsize=20_000)
def _distinct_forms(terms: tuple[str, ...], lang: str) -> list[str]:
    """The terms that stay different after the engine's analysis (выдача/выдачи/выдаче are one stem):
    each stem searched once, so a concept with many inflected forms does not weigh more."""
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for term in terms:
        key = tuple(analyze(term, lang))
        if key and key not in seen:
            seen.add(key)
            out.append(term)
    return out


def _expansion_nodes(concept, lang: str, thesaurus, seen_terms: list[str], typed: str = "") -> list[Node]:
    out: list[Node] = []
    typed_key = norm_phrase(typed)
    for other, terms in thesaurus.expansions(concept.id, exclude_lang=lang).items():
        for term in _distinct_forms(terms, other)[:EXPANSION_TERMS_PER_LANGUAGE]:
            if norm_phrase(term) == typed_key:
                continue  # the same word in another language (extradition en/fr) is already searched
            size = max(len(term) - 1, 1) if other == "zh" else len(re.findall(r"[^\W_]+", term))
            if size > 1:
                # A phrase scores the sum of its words: share the boost so a two-word translation
                # does not outrank the word the user typed.
                node: Node = Phrase(term, langs=(other,), boost=EXPANSION_BOOST / size)
            else:
                node = Term(term, langs=(other,), boost=EXPANSION_BOOST)
            out.append(node)
        if terms and terms[0] not in seen_terms and norm_phrase(terms[0]) != typed_key:
            seen_terms.append(terms[0])
    return out


class _Expander:
    """Wraps query words that name a thesaurus concept in an OR with the concept's other-language terms."""

    def __init__(self, thesaurus, lang: str):
        self.thesaurus, self.lang = thesaurus, lang
        self.expansions: list[str] = []
        self.concepts = 0

    def matches(self, text: str):
        found = self.thesaurus.match(text, self.lang)
        return found or self.thesaurus.match(text)

    def whole(self, node: Term | Phrase) -> Node:
        if self.concepts >= MAX_EXPANDED_CONCEPTS:
            return node
        text = node.text.strip()
        for m in self.matches(text):
            if m.start == 0 and m.end == len(text):
                self.concepts += 1
                extra = _expansion_nodes(m.concept, self.lang, self.thesaurus, self.expansions, text)
                return Bool(should=[node, *extra]) if extra else node
        return node

    def node(self, node: Node) -> Node:
        if _is_plain(node) or (isinstance(node, Phrase) and node.field is None and node.langs is None):
            return self.whole(node)
        if isinstance(node, Bool):
            return Bool(must=self.group(node.must), should=[self.node(n) for n in node.should],
                        must_not=node.must_not, boost=node.boost)  # fmt: skip
        return node

    def group(self, nodes: list[Node]) -> list[Node]:
        """AND'ed words that together name a concept ("mutual legal assistance") are expanded as one."""
        out: list[Node] = []
        i = 0
        while i < len(nodes):
            if not _is_plain(nodes[i]):
                out.append(self.node(nodes[i]))
                i += 1
                continue
            j = i
            while j < len(nodes) and _is_plain(nodes[j]):
                j += 1
            run = nodes[i:j]
            out.extend(self.run(run))
            i = j
        return out

    def run(self, terms: list[Term]) -> list[Node]:
        if len(terms) == 1:
            return [self.whole(terms[0])]
        starts, pos = [], 0
        for t in terms:
            starts.append(pos)
            pos += len(t.text) + 1
        text = " ".join(t.text for t in terms)
        taken: dict[int, Node] = {}
        covered: set[int] = set()
        for m in self.matches(text):
            if self.concepts >= MAX_EXPANDED_CONCEPTS:
                break
            first = next((k for k, s in enumerate(starts) if s == m.start), None)
            last = next((k for k, s in enumerate(starts) if s + len(terms[k].text) == m.end), None)
            if first is None or last is None or last < first:
                continue  # a match inside a word: leave it to the engine
            self.concepts += 1
            extra = _expansion_nodes(m.concept, self.lang, self.thesaurus, self.expansions, text[m.start : m.end])
            group = terms[first] if first == last else Bool(must=list(terms[first : last + 1]))
            taken[first] = Bool(should=[group, *extra]) if extra else group
            covered.update(range(first, last + 1))
        out: list[Node] = []
        for k, t in enumerate(terms):
            if k in taken:
                out.append(taken[k])
            elif k not in covered:
                out.append(t)
        return out


def _expand_natural(node: Node, q: str, expander: _Expander) -> Node:
    """A bag-of-words query gets the other-language terms of every concept it names as extra SHOULDs."""
    body = node
    if isinstance(node, Bool) and node.must and isinstance(node.must[-1], Bool) and node.must[-1].should:
        body = node.must[-1]
    if not isinstance(body, Bool):
        return node
    extra: list[Node] = []
    for m in expander.matches(q)[:MAX_EXPANDED_CONCEPTS]:
        span = q[m.start : m.end]
        if len(span.split()) > 1:
            extra.append(Phrase(span))  # "money laundering" together counts more than its words apart
        extra.extend(_expansion_nodes(m.concept, expander.lang, expander.thesaurus, expander.expansions, span))
    body.should.extend(extra)
    return node


def _soften_stopwords(node: Node, language: str) -> Node:
    """Required words like "of", "de", "и" only rank: they would keep out every other language."""

    stop = STOPWORDS.get(language, frozenset())
    if not isinstance(node, Bool) or not node.must:
        return node
    soft = [n for n in node.must if _is_plain(n) and n.text.casefold() in stop]
    hard = [n for n in node.must if not any(n is x for x in soft)]
    if not soft or not hard:
        return node
    return Bool(must=hard, should=[*node.should, *soft], must_not=node.must_not, boost=node.boost)


@dataclass(frozen=True)
class QueryPlan:
    """A query string understood: its plan node (index.plan), syntax errors, plain words, language
    and the cross-language terms added."""

    node: Node
    errors: tuple[str, ...]
    words: tuple[str, ...]
    natural: bool
    language: str
    expansions: tuple[str, ...]


@lru_cache(maxsize=1024)
def plan_query(q: str, ui_lang: str, same_language: bool, thesaurus) -> QueryPlan:
    """Parse, language and expansion of one query string: cached, as the same queries come back."""
    parsed = parse(q)
    language = detect_query_language(q, thesaurus, ui_lang) if q.strip() else (
        ui_lang if ui_lang in LANGUAGES else "en")  # fmt: skip
    node = parsed.node
    expansions: list[str] = []
    if thesaurus is not None and not same_language and not isinstance(node, MatchAll):
        expander = _Expander(thesaurus, language)
        node = _expand_natural(node, q, expander) if parsed.natural else expander.node(node)
        expansions = expander.expansions
    if not parsed.natural:
        node = _soften_stopwords(node, language)
    return QueryPlan(node, tuple(parsed.errors), tuple(parsed.words), parsed.natural, language, tuple(expansions))


