"""Text analysis shared by every engine: how words are cut, folded and stemmed per language.

Decisions (the same for every engine, so results do not depend on the engine):

- Folding happens in Python before any engine sees the text: `prepare()` applies
  `index.textnorm.fold` (case, accents, Arabic alef/hamza/ta marbuta/tatweel/diacritics)
  and cuts words, turning runs of Chinese characters into overlapping character
  bigrams. The engine then only splits on spaces and stems. Doing it in Python once
  keeps index time and query time identical for tantivy and Whoosh alike, and lets a
  snippet highlighter find the same words again.
- Each provision is indexed in the field of its own language (stemmed with Snowball
  for ar/en/es/fr/ru, bigrams for zh) and in an "exact" field (folded, unstemmed) that
  every language shares; prefix and fuzzy queries use the exact field.
- What is shown (titles, snippets) is always the text as written, from stored fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from index.textnorm import fold, normalize_arabic

LANG_FIELDS = ("ar", "en", "es", "fr", "ru", "zh")
EXACT = "x"  # the suffix of the unstemmed fields shared by every language

# Snowball algorithm per language field; zh has none (bigrams instead).
STEMMERS = {"ar": "arabic", "en": "english", "es": "spanish", "fr": "french", "ru": "russian"}

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff"
# Words after folding: a run of CJK characters, or a run of other letters/digits.
_WORD = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+")
# Words in text as written: also keep combining marks and tatweel inside a word so offsets
# cover the whole written word (fold() removes them later).
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
RAW_WORD = re.compile(rf"[{CJK}]+|(?:[^\W_{CJK}][{_MARKS}]*)+")
IS_CJK = re.compile(rf"[{CJK}]")


@dataclass(frozen=True)
class FieldAnalysis:
    """How one language field is analysed: the engine builds its analyzer from this."""

    lang: str  # a LANG_FIELDS code or EXACT
    stemmer: str | None  # Snowball algorithm name, None for no stemming
    bigrams: bool  # CJK runs cut into character bigrams (done by prepare())


def field_analyses() -> dict[str, FieldAnalysis]:
    """Every language field plus the exact field, keyed by suffix ("en", ..., "x")."""
    out = {lang: FieldAnalysis(lang, STEMMERS.get(lang), True) for lang in LANG_FIELDS}
    out[EXACT] = FieldAnalysis(EXACT, None, True)
    return out


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


_MEMO: dict[str, list[str]] = {}  # written word -> its tokens; words repeat, folding is slow


def _word_tokens(word: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(fold(word)):
        out.extend(_bigrams(w) if IS_CJK.match(w) else [w])
    return out


def tokens(text: str) -> list[str]:
    """Folded words of `text`, CJK runs as bigrams: what every engine indexes, in order.

    Each written word is folded on its own (and remembered), which gives the same words as
    folding the whole text first but costs a dictionary look-up for a word seen before.
    """
    out: list[str] = []
    memo = _MEMO
    for word in RAW_WORD.findall(text):
        got = memo.get(word)
        if got is None:
            got = _word_tokens(word)
            if len(word) <= 40:
                if len(memo) >= 500_000:
                    memo.clear()
                memo[word] = got
        out.extend(got)
    return out


def prepare(text: str) -> str:
    """The text an engine receives for an indexed field: tokens() joined by single spaces."""
    return " ".join(tokens(text))


ARABIC_RANGES = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_SPECIAL = re.compile(f"[{CJK}{ARABIC_RANGES}]")  # one scan decides whether Python must help


def prepare_light(text: str) -> str:
    """Text for an engine whose own analyzer lower-cases and folds accents (tantivy).

    Only what such an analyzer cannot do is done here, at C speed where possible: Arabic
    normalisation, and for text with Chinese characters the whole of prepare() (bigrams).
    Other text passes unchanged, so a long English or French text costs nothing in Python.
    """
    found = _SPECIAL.search(text)
    if found is None:
        return text
    if IS_CJK.search(text, found.start()):
        return prepare(text)
    return normalize_arabic(text)


@lru_cache(maxsize=8)
def _python_stemmer(lang: str) -> Callable[[str], str] | None:
    if lang not in STEMMERS:
        return None
    from whoosh.lang import stemmer_for_language  # Snowball in pure Python

    return lru_cache(maxsize=200_000)(stemmer_for_language(lang))


def stem(word: str, lang: str) -> str:
    """One folded word stemmed for a language field (unchanged for zh and the exact field)."""
    stemmer = _python_stemmer(lang)
    return stemmer(word) if stemmer else word


def analyze(text: str, lang: str) -> list[str]:
    """The terms a language field (or EXACT) holds for `text`, in pure Python.

    Used by the Whoosh engine, by tests and for spelling. tantivy stems with its own
    (Rust) Snowball implementation of the same algorithms.
    """
    return [stem(t, lang) for t in tokens(text)]


# Small lists on purpose: only words that carry no meaning in a legal search (they tell a query's
# language, only rank when required, and are not marked in snippets).
STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "a an and are as at be been by can could do does for from has have how i in into is it its of on or "
        "our shall should so that the their them there these they this those to was we were what when where "
        "which who whom why will with would any all my me about under if not no may must between"
    ),
    "fr": _words(
        "à au aux avec ce ces cet cette dans de des du elle en est et il ils je la le les leur leurs lui mais "
        "ne nous ou où par pas pour qu que qui quel quelle quels quelles sa se ses son sont sur un une vous "
        "été être a d l s n c j qu sous peut doit entre comment"
    ),
    "es": _words(
        "a al con como cual cuál cuando de del el ella en entre es esta este esto ha la las le les lo los más "
        "o para pero por que qué se según sin sobre son su sus un una uno y ya ser puede debe cómo dónde"
    ),
    "ru": _words(
        "а без бы в во вы да для до его её ее если же за и из или им их к как ко ли на над не него нет ни "
        "но о об от по под при с со так также то того только у уже что чтобы это этот я мы он она они "
        "может должен какие какой каков"
    ),
    "ar": _words(
        "في من على إلى الى عن أن ان إن هذا هذه ذلك تلك التي الذي الذين و أو او ما لا لم لن قد كل مع بين "
        "عند كما ثم أي هل كيف ماذا"
    ),
    "zh": _words("的 了 和 与 及 或 是 在 对 为 于 以 其 之 而 并 等 中 上 下 由 被 把 这 那 有 也 就 都 吗 呢"),
}



@lru_cache(maxsize=8)
def stopwords(lang: str) -> frozenset[str]:
    """Folded stopwords of a language (empty when none are known)."""
    return frozenset(fold(w) for w in STOPWORDS.get(lang, ()))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with adjacent transpositions, stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
