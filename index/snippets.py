"""Snippets: a window of a text around its densest matches of the query, matches in <mark>.

The engines index folded and stemmed words, so a snippet finds matches the same way: each
written word of the text is folded and stemmed for the text's language and compared with
the query's words (`QueryWords`, `Matcher`). A long text is scanned from its start, chunk by
chunk, so the cost follows the position of the first match; roots of the query words find
candidate places first, so that most words of a text are never folded.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from index.analysis import ARABIC_RANGES, CJK, IS_CJK, LANG_FIELDS, RAW_WORD, edit_distance, stopwords, tokens
from index.textnorm import char_ranges, fold


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded key) of every written word; CJK runs give one span per character pair."""
    out: list[tuple[int, int, str]] = []
    for m in RAW_WORD.finditer(text):
        word = m.group()
        if IS_CJK.match(word):
            if len(word) == 1:
                out.append((m.start(), m.end(), word))
            for i in range(len(word) - 1):
                out.append((m.start() + i, m.start() + i + 2, word[i : i + 2]))
        else:
            out.append((m.start(), m.end(), fold(word)))
    return out


SNIPPET_CHUNK = 4000  # characters scanned at a time for matches
SNIPPET_SCAN = 20_000  # beyond this (3x with roots), a text without an early match shows its beginning
# How far into a text a snippet can read: the last chunk scanned (3 x SNIPPET_SCAN with roots),
# the next one for a dense window, and the window's edges. An engine need keep no more of a text
# to show its snippets; a snippet near the cut ends with "…" as one in the middle of a text does.
SNIPPET_TEXT_CHARS = 3 * SNIPPET_SCAN + 2 * SNIPPET_CHUNK


def _word_at(text: str, pos: int, lo: int) -> tuple[int, int]:
    # the written word around a root found at `pos` (not before `lo`); a CJK run before it
    # is a word of its own
    start = pos
    while start > lo and (text[start - 1].isalnum() or unicodedata.combining(text[start - 1])):
        if IS_CJK.match(text, start - 1):
            break
        start -= 1
    m = RAW_WORD.match(text, start)
    return (start, m.end()) if m else (pos, pos)


def _match_spans(text: str, is_match: Callable[[str], bool]) -> list[tuple[int, int]]:
    # Long texts are scanned chunk by chunk up to the first chunk with a match (and the
    # next one, for a dense window): the cost follows the position of the first match.
    # Each distinct written word is folded and tested once; with roots, only candidates.
    roots = getattr(is_match, "roots", None)
    norm = getattr(is_match, "norm", fold)
    memo: dict[str, bool] = {}
    spans: list[tuple[int, int]] = []
    pos = 0
    limit = min(len(text), SNIPPET_SCAN if roots is None else 3 * SNIPPET_SCAN)
    while pos < limit:
        end = min(len(text), pos + SNIPPET_CHUNK)
        while end < len(text) and (text[end].isalnum() or unicodedata.combining(text[end])):
            end += 1
        found = []
        if roots is not None:
            words = []
            last = -1
            for at in roots.starts(text, pos, end):
                if IS_CJK.match(text, at):
                    if is_match(text[at : at + 2]):
                        found.append((at, at + 2))
                    continue
                s, e = _word_at(text, at, pos)
                if s > last:
                    words.append((s, e))
                    last = s
        else:
            words = []
            for m in RAW_WORD.finditer(text, pos, end):
                if IS_CJK.match(m.group()):
                    start, word = m.start(), m.group()
                    if len(word) == 1 and is_match(word):
                        found.append((start, start + 1))
                    found.extend((start + i, start + i + 2) for i in range(len(word) - 1) if is_match(word[i : i + 2]))
                else:
                    words.append(m.span())
        for s, e in words:
            word = text[s:e]
            hit = memo.get(word)
            if hit is None:
                hit = memo[word] = is_match(norm(word))
            if hit:
                found.append((s, e))
        found.sort()
        if spans and not found:
            break
        spans.extend(found)
        if spans and end - spans[0][0] > SNIPPET_CHUNK:
            break
        pos = end
    return spans


def snippet(text: str, is_match: Callable[[str], bool], chars: int = 240) -> str:
    """A window of `text` around its densest matches, HTML-escaped, matches in <mark>.

    `is_match` receives a folded word (or CJK bigram). Without any match, the start of the
    text is shown.
    """
    spans = _match_spans(text, is_match)
    # merge overlapping CJK bigram spans so one <mark> covers a matched run
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged:
        start, end = 0, min(len(text), chars)
    else:
        # the window starting a little before the match that has most matches after it
        best, best_n, j = 0, -1, 0
        for i, (s, _) in enumerate(merged):
            j = max(j, i)
            while j < len(merged) and merged[j][0] < s + chars:
                j += 1
            if j - i > best_n:
                best, best_n = i, j - i
        start = max(0, merged[best][0] - chars // 6)
        end = min(len(text), start + chars)
        start = max(0, min(start, end - chars))
        # do not cut a word at the edges
        while start > 0 and text[start - 1].isalnum() and merged[best][0] - start < chars // 3:
            start -= 1
        while end < len(text) and text[end].isalnum() and end - start < chars + 20:
            end += 1
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in merged:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out).strip()


@dataclass
class QueryWords:
    """The positive free-text words of a query plan, for highlighting matches in a snippet.

    `lang_words` holds the words searched only in provisions of some languages (the
    thesaurus's terms in other languages): a text in another language cannot have matched
    them, so its snippet neither marks them nor looks for them.
    """

    words: set[str]
    prefixes: set[str]
    fuzzy: set[tuple[str, int]]
    lang_words: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_node(cls, node, tokenize: Callable[[str], list[str]] = tokens) -> QueryWords:
        """Collect Term/Phrase words searched in the text fields (field None), outside NOT.

        `tokenize` is the engine's own cutting and folding of query text.
        """
        out = cls(set(), set(), set())

        def walk(n, negated: bool) -> None:
            kind = type(n).__name__
            if kind == "Bool":
                for child in n.must + n.should:
                    walk(child, negated)
                for child in n.must_not:
                    walk(child, True)
            elif kind in ("Term", "Phrase") and not negated and n.field is None:
                toks = tokenize(n.text)
                if kind == "Term" and n.prefix and toks:
                    out.prefixes.add(toks[-1])
                    out.words.update(toks[:-1])
                elif kind == "Term" and n.fuzzy and toks:
                    out.fuzzy.update((t, min(n.fuzzy, 2)) for t in toks)
                elif n.langs and not set(LANG_FIELDS) <= set(n.langs):  # all of them: no restriction
                    for lang in n.langs:
                        out.lang_words.setdefault(lang, set()).update(toks)
                else:
                    out.words.update(toks)

        walk(node, False)
        return out

    def matcher(
        self, lang: str, stem_fn: Callable[[str, str], str], norm: Callable[[str], str] = fold
    ) -> Matcher:
        """A predicate on words of a text in `lang` (normalised by `norm`): does the word match the query?"""
        return Matcher(self, lang, stem_fn, norm)


class Matcher:
    """Does a folded word match the query words? With `roots`, a fast pre-search for candidates.

    `roots` finds, in text as written (any case, any accents), the places where a matching
    word can start: Snowball stemmers for en/es/fr/ru only strip endings, so a matching
    word begins with the first letters of a query word or of its stem; for Arabic, whose
    stemmer also strips prefixes, the root is found inside the word. Fuzzy words have no
    roots: every word is tested.
    """

    def __init__(
        self, words: QueryWords, lang: str, stem_fn: Callable[[str, str], str], norm: Callable[[str], str] = fold
    ) -> None:
        self.lang, self.stem_fn, self.norm = lang, stem_fn, norm
        asked = words.words | words.lang_words.get(lang, set())
        # "of", "de" are searched but not worth a mark, unless the query is nothing else
        self.words = {w for w in asked if w not in stopwords(lang)} or asked
        self.prefixes, self.fuzzy = tuple(words.prefixes), tuple(words.fuzzy)
        self.stems = {stem_fn(w, lang) for w in self.words}
        self.roots = self._roots()

    def __call__(self, key: str) -> bool:
        if key in self.words or self.stem_fn(key, self.lang) in self.stems:
            return True
        if self.prefixes and key.startswith(self.prefixes):
            return True
        return any(edit_distance(key, w, d) <= d for w, d in self.fuzzy)

    def _roots(self) -> re.Pattern | None:
        if self.fuzzy:
            return None
        # four letters of the word and of its stem (a stem may change its last letter:
        # deny -> deni); Arabic stems lose prefixes too, but roots are found inside words
        roots = {w[:4] for w in (*self.words, *self.stems, *self.prefixes)}
        if not roots or "" in roots or any(IS_CJK.search(r) and len(r) < 2 for r in roots):
            return None
        return _Roots(roots)


class _Roots:
    """The candidate search of a Matcher: `starts` gives where candidates begin in a text.

    One pattern of the roots' letters in every form (case, accents, Arabic forms) would be slow
    to compile: `re` builds, in Python, a bitmap for every class reaching past U+00FF. So there
    are two patterns, each cheap to compile:

    - lean: each letter's forms in Latin-1 and the basic Cyrillic alphabet. It finds every
      candidate in a text without CJK characters and without other forms of the roots' own
      letters (French œ is no form of any letter): the texts nearly every search shows, read
      as written.
    - folded: the roots' letters alone, run over the text with every letter form replaced by
      its folded letter (`str.translate`, one character for one, so positions hold). It finds
      what a pattern of every form would, and serves the other texts; translating every text
      would cost more than the lean pattern saves.
    """

    def __init__(self, roots: set[str]) -> None:
        self._roots = roots
        self._lean = _lean_roots_pattern(roots)
        self._folded: re.Pattern | None = None
        # the forms the lean pattern leaves out of the roots' own letters: a text with other
        # letters beyond it (French œ, Latvian ā in a name) finds the same candidates either way
        self._missing = frozenset(c for r in roots for ch in r for c in _forms(ch)) - _LEAN

    def _lean_suffices(self, text: str, lo: int, end: int) -> bool:
        if text.isascii():
            return True
        for n, m in enumerate(_other_letters().finditer(text, lo, end)):
            # a text full of other letters (Greek, Arabic) is not worth testing letter by letter
            if n >= _OTHER_LETTERS_TESTED or m.group() in self._missing or IS_CJK.match(m.group()):
                return False
        return True

    def starts(self, text: str, pos: int, end: int) -> Iterator[int]:
        """Where candidates start in text[pos:end], in order."""
        # the look-behinds see up to two characters before `pos`
        lo = max(0, pos - 2)
        if self._lean is not None and self._lean_suffices(text, lo, end):
            return (m.start() for m in self._lean.finditer(text, pos, end))
        if self._folded is None:
            self._folded = _roots_pattern(self._roots)
        chunk = text[lo:end].translate(_letter_folds())
        return _word_starts(self._folded, chunk, pos - lo, lo)


_OTHER_LETTERS_TESTED = 64


def _word_starts(pattern: re.Pattern, chunk: str, pos: int, shift: int) -> Iterator[int]:
    """Where a folded roots pattern matches in `chunk` from `pos`, plus `shift`; a root of the group
    "start" only where no letter or digit of the same word (CJK is a word apart) comes before it."""
    for m in pattern.finditer(chunk, pos):
        at = m.start()
        if at and m.lastgroup == "start" and _LETTER_OR_DIGIT.match(chunk, at - 1) and not IS_CJK.match(chunk, at - 1):
            continue
        yield at + shift


_INSIDE_WORDS = re.compile(rf"[{CJK}{ARABIC_RANGES}]")


def _roots_pattern(roots: set[str], lean: bool = False) -> re.Pattern:
    """Where the roots begin; all but Arabic and Chinese roots only at a word's start.

    Stemmers for en/es/fr/ru strip endings only, so a matching word begins with its root: such a
    root is not tried inside longer words ("proc" in every "procedure" of a long judgment).
    The pattern opens with one class of every root's possible first character, so that `re`
    skips ahead to those characters in C; each root then checks its own first character
    (and, but for Arabic and Chinese roots, the word start) by looking behind; a pattern
    opening with the look-behind would make `re` try it at every position.
    With `lean`, each letter in its forms in _LEAN, for text as written; the word start is
    looked behind for. Otherwise the folded letters, for text passed through `_letter_folds()`
    (see _Roots), and the roots that must start a word are the group "start": the caller tests
    the character before them, as a look-behind would need a class of the CJK ranges (which
    are separate words), and `re` compiles any class reaching past U+00FF into a bitmap
    in Python, on every new query. A root found inside a word spans letters only, so no candidate
    begins within it.
    """
    if lean:
        fold_class, after = _lean_class, _AFTER_WORD_START_LEAN
        first = sorted({c for r in roots for c in _forms(r[0], lean=True)})
    else:
        # the roots pass through the same table as the text: a root written with a letter form
        # (tantivy's folding leaves ᲃ for с) then finds every form of its letter, a superset of
        # the candidates, each of which is still tested as a word
        roots = {r.translate(_letter_folds()) for r in roots}
        fold_class, after = _folded_class, ""
        first = sorted({c for r in roots for c in _unfolded_forms(r[0])})
    start = sorted(roots - {r for r in roots if _INSIDE_WORDS.search(r)})
    inside = sorted(roots - set(start))

    def branch(r: str) -> tuple[int, str]:
        written = "".join(fold_class(ch) for ch in r)
        # longer roots first, as in a plain alternation of the written forms
        return len(written), f"(?<={fold_class(r[0])})" + "".join(fold_class(ch) for ch in r[1:])

    def alternatives(rs) -> list[str]:
        return [b for _, b in sorted((branch(r) for r in rs), key=lambda kb: -kb[0])]

    branches = [after + "(?P<start>" + "|".join(alternatives(start)) + ")"] if start else []
    branches += alternatives(inside)
    return re.compile("[" + "".join(re.escape(c) for c in first) + "](?:" + "|".join(branches) + ")")


# The letters of a lean pattern (see _Roots).
_LEAN = frozenset(map(chr, (*range(0x100), *range(0x410, 0x450))))
# Before a lean match's first character: no letter or digit. A CJK character is refused there
# too, though it would be a word of its own, but a text with CJK characters gets the folded pattern.
_AFTER_WORD_START_LEAN = r"(?<![^\W_].)"


def _lean_roots_pattern(roots: set[str]) -> re.Pattern | None:
    """`_roots_pattern` with each class cut to its forms in _LEAN; None when a root has a
    letter without such forms, or is found inside words (Arabic, Chinese)."""
    if any(_INSIDE_WORDS.search(r) for r in roots) or not all(_lean_class(ch) for r in roots for ch in r):
        return None
    return _roots_pattern(roots, lean=True)


def _forms(ch: str, lean: bool = False) -> set[str]:
    forms = folding_table().get(ch, {ch})
    return forms & _LEAN if lean else forms


@lru_cache(maxsize=4096)
def _lean_class(ch: str) -> str:
    chars = _forms(ch, lean=True)
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else ""


@lru_cache(maxsize=1)
def _other_letters() -> re.Pattern:
    """Finds a character in whose presence a lean pattern may miss what the full one finds:
    a letter form outside _LEAN that folds to a letter, or a CJK character."""
    codes = sorted({ord(c) for forms in folding_table().values() for c in forms} - {ord(c) for c in _LEAN})
    return re.compile(f"[{char_ranges(codes)}{CJK}]")


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@lru_cache(maxsize=1)
def _letter_folds() -> dict[int, str]:
    """A `str.translate` table: each letter form to the one letter it folds to (É, é, Ē -> e).

    A character whose folded letter is of another kind for the word-start test (a letter or
    digit, or CJK) is left as written, so the test gives what it gives on the text as written.
    """
    def kind(c: str) -> tuple[bool, bool]:
        return bool(_LETTER_OR_DIGIT.match(c)), bool(IS_CJK.match(c))

    return {ord(c): letter for letter, forms in folding_table().items() for c in forms
            if c != letter and kind(c) == kind(letter)}  # fmt: skip


@lru_cache(maxsize=4096)
def _unfolded_forms(ch: str) -> frozenset[str]:
    """`ch` and its forms that `_letter_folds()` leaves as written (a combining ypogegrammeni for ι)."""
    table = _letter_folds()
    return frozenset({ch, *(c for c in _forms(ch) if ord(c) not in table)})


@lru_cache(maxsize=4096)
def _folded_class(ch: str) -> str:
    forms = _unfolded_forms(ch)
    return re.escape(ch) if len(forms) == 1 else "[" + "".join(re.escape(c) for c in sorted(forms)) + "]"


def snippet_tables() -> None:
    """Build the tables snippets use, so that no search pays for them."""
    _other_letters()
    _letter_folds()


@lru_cache(maxsize=1)
def folding_table() -> dict[str, set[str]]:
    """Folded character -> every character (Latin, Greek, Cyrillic, Arabic forms) folding to it."""
    table: dict[str, set[str]] = {}
    for block in (range(0x0000, 0x2000), range(0xFB00, 0xFB50), range(0xFE70, 0xFF00)):
        for c in block:
            ch = chr(c)
            folded = fold(ch)
            if len(folded) == 1:
                table.setdefault(folded, {folded}).add(ch)
    return table
