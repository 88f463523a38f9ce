"""Type-ahead: taxonomy labels and thesaurus terms that complete what was typed, in the languages of its script."""

from __future__ import annotations

from index.query_language import latin_language, script_language
from index.textnorm import fold
from search_app.state import Sherloc

LATIN_LANGUAGES = ("en", "fr", "es")
SUGGEST_LIMIT, MAX_SUGGESTIONS = 8, 20
# What a suggestion's source says of it: the lower, the earlier it is offered.
TAXONOMY_LABEL, PREFERRED_TERM, VARIANT_TERM = 0, 1, 2


def suggest_index(state: Sherloc, lang: str) -> list[tuple[str, str]]:
    """(folded, display) pairs, best first: taxonomy labels, then preferred thesaurus terms, then variants."""
    cache = state.suggest_terms
    if lang not in cache:
        ranked: dict[str, tuple[int, str]] = {}

        def add(text: str, rank: int) -> None:
            key = fold(text)
            if key and (key not in ranked or ranked[key][0] > rank):
                ranked[key] = (rank, text)

        for scheme in ("crime", "issue"):
            for term in state.taxonomy.terms(scheme):
                add(state.taxonomy.label(scheme, term.id, lang), TAXONOMY_LABEL)
        concepts = state.thesaurus.concepts if state.thesaurus is not None else []
        for concept in concepts.values() if isinstance(concepts, dict) else concepts:
            for i, term in enumerate(concept.terms.get(lang, ())):
                add(term, PREFERRED_TERM if i == 0 else VARIANT_TERM)
        order = sorted(ranked.items(), key=lambda kv: (kv[1][0], len(kv[0]), kv[0]))
        cache[lang] = [(key, text) for key, (_, text) in order]
    return cache[lang]


def suggest_languages(q: str, ui: str) -> list[str]:
    """The languages whose terms may complete `q`: those of its script, the UI's language first."""
    script = script_language(q)
    langs = [script] if script else [lang for lang in LATIN_LANGUAGES if latin_language([q]) in (None, lang)]
    return sorted(langs, key=lambda lang: lang != ui)


def suggestions(state: Sherloc, q: str, ui: str, limit: int) -> list[str]:
    """Terms starting with `q`, then terms containing it, at most `limit`: "выд" finds Russian terms in any UI."""
    # one Han character is a word; a single Latin, Cyrillic or Arabic letter starts too many
    if len(q) < 2 and script_language(q) != "zh":
        return []
    needle = fold(q)
    starts: list[str] = []
    inside: list[str] = []
    for lang in suggest_languages(q, ui):
        for folded, display in suggest_index(state, lang):
            if folded.startswith(needle):
                starts.append(display)
            elif needle in folded:
                inside.append(display)
    return list(dict.fromkeys(starts + inside))[:limit]
