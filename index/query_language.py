"""The language of a query: its script for ar/ru/zh; for Latin script, stopwords, accents and
(with a thesaurus) the terms it names decide between en, fr and es."""

from __future__ import annotations

import re

from index.analysis import STOPWORDS
from index.textnorm import norm_phrase

# A word of a query as typed: letters and digits, with inner apostrophes (l'extradition).
QUERY_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def script_language(text: str) -> str | None:
    """ar, ru or zh when the text is mostly in that script, else None (Latin or nothing)."""
    counts = {"ar": 0, "ru": 0, "zh": 0, "latin": 0}
    for ch in text:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            counts["ar"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
            counts["zh"] += 2  # one Han character carries about a word
        elif ch.isalpha():
            counts["latin"] += 1
    best = max(counts, key=counts.get)
    return None if best == "latin" or counts[best] == 0 else best


_FR_CUES = frozenset("éèêàçùœ")
_ES_CUES = frozenset("ñáíóú¿¡")


def latin_language(words: list[str]) -> str | None:
    """en, fr or es from stopwords and diacritics, None when there is no cue."""
    score = {"en": 0.0, "fr": 0.0, "es": 0.0}
    for w in words:
        lw = w.lower()
        for lang in score:
            if lw in STOPWORDS[lang]:
                score[lang] += 1
        chars = set(lw)
        if chars & _FR_CUES:
            score["fr"] += 0.6
        if chars & _ES_CUES:
            score["es"] += 0.6
    best = max(score, key=score.get)
    ranked = sorted(score.values(), reverse=True)
    return best if ranked[0] > 0 and ranked[0] > ranked[1] else None


def guess_language(text: str) -> str | None:
    """The query's language from its script, stopwords and diacritics; None when undecided."""
    return script_language(text) or latin_language(QUERY_WORD.findall(text))


def detect_query_language(q: str, thesaurus=None, ui_lang: str = "en") -> str:
    """The language of a query: the script for ar/ru/zh; for Latin script, stopwords, accents
    and thesaurus terms decide between en, fr and es; `ui_lang` breaks ties."""
    by_script = script_language(q)
    if by_script:
        return by_script
    latin = ("en", "fr", "es")
    fallback = ui_lang if ui_lang in latin else "en"
    words = re.findall(r"[^\W\d_]+", q)
    if not words:
        return fallback
    score = dict.fromkeys(latin, 0.0)
    cue = latin_language(words)
    if cue:
        score[cue] += 1.0

    for w in words:
        for lang in latin:
            if w.lower() in STOPWORDS[lang]:
                score[lang] += 1.0
    if thesaurus is not None:
        for m in thesaurus.match(q):
            key = norm_phrase(m.term)
            langs = [lang for lang in latin if key in {norm_phrase(t) for t in m.concept.terms.get(lang, ())}]
            for lang in langs:
                score[lang] += 1.0 / len(langs)
    top = max(score.values())
    if top == 0:
        return fallback
    best = [lang for lang in latin if score[lang] == top]
    return fallback if fallback in best else best[0]


