"""Multilingual thesaurus: concepts of the field with their terms in the six UN languages.

Data: `corpus/thesaurus/*.json`, each ``{"concepts": [{"id", "terms": {lang: [preferred, variants...]},
"taxonomy": ["issue:extradition"]}]}``. `Thesaurus.match` finds concept terms in running text; it runs on
every provision at ingest, so the terms are compiled once at load into Aho-Corasick automata
(pyahocorasick), which find every term in one pass over a text's folded tokens, or over its characters
for Chinese.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import operator
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from corpus import CORPUS_DIR
from index.errors import SherlocError
from index.models import LANGUAGES
from index.textnorm import fold

THESAURUS_DIR = CORPUS_DIR / "thesaurus"

# Words plus the combining marks, Arabic diacritics and tatweel that fold() removes, so a vocalised
# Arabic word or a decomposed accented letter stays one token.
_TOKEN = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]+")
# The same tokens captured: split() gives the text between tokens and the tokens, alternately, in one pass.
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A stretch of Chinese text, with the digits and punctuation that Chinese terms may contain.
_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef0-9]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Clitics that attach to an Arabic word (folded forms), longest first so "وال" is tried before "و".
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ك", "ل")
_MIN_ARABIC_STEM = 2


class ThesaurusError(SherlocError):
    """A thesaurus file that cannot be used, or a concept id that names nothing."""


@dataclass(frozen=True)
class Concept:
    """One idea of the field and the words for it in each language (preferred term first)."""

    id: str
    terms: dict[str, tuple[str, ...]]
    taxonomy: tuple[str, ...] = ()  # links such as "issue:extradition", "crime:money-laundering"

    def __hash__(self) -> int:
        return hash(self.id)

    def preferred(self, lang: str) -> str:
        """The preferred term in `lang`, else in English."""
        terms = self.terms.get(lang) or self.terms.get("en") or ()
        return terms[0] if terms else self.id


@dataclass
class ConceptMatch:
    """A concept term found in a text: `text[start:end]` is the matched span."""

    concept: Concept
    term: str  # the thesaurus term that matched, as written in the thesaurus
    lang: str
    start: int
    end: int


def is_chinese_term(term: str) -> bool:
    """Whether a Chinese term is matched as a substring: it has Han characters and no Latin letters
    ("1988年公约" is, "CITES" is not)."""
    return bool(term) and bool(_CJK.search(term)) and not _LATIN.search(term)


def _bare(token: str) -> str:
    """An Arabic token without its definite article, so "الفساد" and "فساد" share a key."""
    if token.startswith("ال") and len(token) - 2 >= _MIN_ARABIC_STEM:
        return token[2:]
    return token


class _FoldedTokens(dict):
    """fold() of each text token, remembered: map() over a dict's own lookup runs at C speed and costs
    about half of an lru_cache call per token, and texts repeat their words."""

    LIMIT = 200_000

    def __missing__(self, token: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()  # a bound on memory; the words of the next texts come back at once
        value = self[token] = fold(token)
        return value


_folded_tokens = _FoldedTokens()
# A folded token that begins with an Arabic letter, in tokens joined by NUL (which no token holds).
_ARABIC_START = re.compile("\x00[\u0620-\u064a]")


@functools.lru_cache(maxsize=200_000)
def _token_keys(raw: str) -> tuple[str, ...]:
    """The lookup keys of one text token: its folded form, and for Arabic the forms without clitics."""
    folded = fold(raw)
    if not _ARABIC_LETTER.match(folded):
        return (folded,)
    keys = [_bare(folded)]
    for prefix in _ARABIC_PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= _MIN_ARABIC_STEM:
            key = _bare(folded[len(prefix) :])
            if key not in keys:
                keys.append(key)
    return tuple(keys)


def _term_keys(term: str, lang: str) -> tuple[str, ...]:
    """The token keys a thesaurus term is filed under (one key per word)."""
    tokens = [fold(t) for t in _TOKEN.findall(term)]
    if lang == "ar":
        tokens = [_bare(t) for t in tokens]
    return tuple(t for t in tokens if t)


def _token_offsets(parts: list[str]) -> list[int]:
    """Character offsets of the tokens of `parts` (_TOKEN_SPLIT.split(text)): token i spans [o[2i], o[2i + 1])."""
    return list(itertools.accumulate(map(len, parts)))


# A table entry: (keys of the following tokens, concept index, term, lang)
_Entry = tuple[tuple[str, ...], int, str, str]
# Entries of one first key grouped by their number of following tokens, widest first.
_Group = tuple[int, list[_Entry]]


def _groups(entries: list[_Entry]) -> list[_Group]:
    # entries are sorted widest first
    return [(width, list(same)) for width, same in itertools.groupby(entries, key=lambda e: len(e[0]))]


_SEP = "\x00"  # between folded tokens: no token holds it, so a term matches whole tokens only


def _automaton(entries: dict[str, list]) -> ahocorasick.Automaton | None:
    """An automaton finding each key of `entries`; a match gives (the key's length, its entries)."""
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in entries.items():
        automaton.add_word(key, (len(key), value))
    automaton.make_automaton()
    return automaton


def _token_key(keys: tuple[str, ...]) -> str:
    return _SEP + _SEP.join(keys) + _SEP


class Thesaurus:
    """All concepts, compiled for matching their terms in text."""

    def __init__(self, concepts: list[Concept]):
        self.concepts: list[Concept] = list(concepts)
        self._by_id = {c.id: c for c in self.concepts}
        self._by_link: dict[str, list[Concept]] = {}
        # lang -> first token key -> entries, longest first; None -> every language.
        self._tokens: dict[str | None, dict[str, list[_Entry]]] = {lang: {} for lang in (*LANGUAGES, None)}
        # Chinese: term as written in text -> (concept index, term)
        self._zh_terms: dict[str, list[tuple[int, str]]] = {}
        for index, concept in enumerate(self.concepts):
            for link in concept.taxonomy:
                self._by_link.setdefault(link, []).append(concept)
            for lang, terms in concept.terms.items():
                for term in terms:
                    self._file(index, term, lang)
        for table in self._tokens.values():
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))
        # Text without Arabic: each token has one key, and a term is its keys in a row.
        self._automata = {}
        for lang, table in self._tokens.items():
            by_keys: dict[str, list[_Entry]] = {}
            for first, entries in table.items():
                for e in entries:
                    by_keys.setdefault(_token_key((first, *e[0])), []).append(e)
            self._automata[lang] = _automaton(by_keys)
        # Arabic tokens have several keys (with and without clitics): lookups per token that may start a term.
        self._first_keys = {lang: frozenset(table) for lang, table in self._tokens.items()}
        self._grouped = {lang: {k: _groups(v) for k, v in table.items()} for lang, table in self._tokens.items()}
        # Chinese is written without spaces: its terms are found as substrings (those starting in a Chinese run).
        self._chinese = _automaton({w: found for w, found in self._zh_terms.items() if _CJK_RUN.fullmatch(w[0])})

    def _file(self, index: int, term: str, lang: str) -> None:
        compact = "".join(term.split())
        if lang == "zh" and is_chinese_term(compact):
            # Chinese is written without spaces: match its terms as substrings.
            found = self._zh_terms.setdefault(compact, [])
            if not any(e[0] == index for e in found):
                found.append((index, term))
            return
        keys = _term_keys(term, lang)
        if not keys:
            return
        for table_lang in (lang, None):
            entries = self._tokens[table_lang].setdefault(keys[0], [])
            # Variants that differ only in case or accents fold to the same keys: keep the first.
            if not any(e[0] == keys[1:] and e[1] == index and (table_lang or e[3] == lang) for e in entries):
                entries.append((keys[1:], index, term, lang))

    def get(self, id: str) -> Concept:
        """The concept with this id; unknown ids raise a ThesaurusError naming them."""
        try:
            return self._by_id[id]
        except KeyError:
            raise ThesaurusError(f"unknown thesaurus concept {id!r}") from None

    def match(self, text: str, lang: str | None = None) -> list[ConceptMatch]:
        """Concept terms occurring in `text`, in text order.

        Longer matches win over shorter ones they overlap ("money laundering offence" before
        "money laundering"), and kept matches never overlap. `lang` None searches every language.
        """
        if not text:
            return []
        found: list[tuple[int, int, int, str, str]] = []  # start, end, concept index, term, lang
        table = self._tokens.get(lang) if lang in self._tokens else None
        if table is None:
            raise ThesaurusError(f"unknown language {lang!r} (expected one of {', '.join(LANGUAGES)})")
        # Long texts have tens of thousands of tokens and few term beginnings: the per-token work is
        # done at C speed (findall, map, set operations, compress), Python loops only where a term may start.
        parts = _TOKEN_SPLIT.split(text)
        tokens = parts[1::2]
        folded = list(map(_folded_tokens.__getitem__, tokens))
        first = self._first_keys[lang]
        grouped = self._grouped[lang]
        n = len(tokens)
        offsets: list[int] | None = None

        def emit(i: int, width: int, matched) -> None:
            # a term over tokens i..i+width: its character span (offsets computed once, when first needed)
            nonlocal offsets
            if offsets is None:
                offsets = _token_offsets(parts)
            start, end = offsets[2 * i], offsets[2 * (i + width) + 1]
            for _rest, index, term, term_lang in matched:
                found.append((start, end, index, term, term_lang))

        joined = _SEP + _SEP.join(folded) + _SEP
        if text.isascii() or not _ARABIC_START.search(joined):
            # every token has one key, its folded form: the automaton finds each term's keys in a row
            automaton = self._automata[lang]
            hits = list(automaton.iter(joined)) if automaton is not None else []
            if hits:
                # the position in `joined` of the separator before each token
                starts = list(map(operator.add, itertools.accumulate(map(len, folded), initial=0), itertools.count()))
                for end, (length, matched) in hits:
                    emit(bisect.bisect_left(starts, end + 1 - length), len(matched[0][0]), matched)
        else:
            # Arabic tokens have several keys (with and without their clitics).
            keys = list(map(_token_keys, tokens))
            present = first.intersection(itertools.chain.from_iterable(keys))
            if present:
                hits = {t for t in set(keys) if not present.isdisjoint(t)}
                for i in itertools.compress(range(n), map(hits.__contains__, keys)):
                    for key in keys[i]:
                        if key not in present:
                            continue
                        for width, entries in grouped[key]:
                            if i + width >= n:
                                continue
                            matched = [e for e in entries if all(e[0][k] in keys[i + 1 + k] for k in range(width))]
                            if matched:
                                emit(i, width, matched)
        if lang in (None, "zh") and self._chinese is not None and _CJK.search(text):
            for end, (length, matched) in self._chinese.iter(text):
                for index, term in matched:
                    found.append((end + 1 - length, end + 1, index, term, "zh"))
        return self._select(found)

    def _select(self, found: list[tuple[int, int, int, str, str]]) -> list[ConceptMatch]:
        """Keep the longest matches first, dropping any that overlap one already kept."""
        # Ties: earlier start, then the language order of LANGUAGES, then thesaurus order.
        order = {lang: i for i, lang in enumerate(LANGUAGES)}
        found.sort(key=lambda f: (f[0] - f[1], f[0], order.get(f[4], 9), f[2]))
        kept: list[tuple[int, int, int, str, str]] = []
        starts: list[int] = []  # of kept matches, sorted; kept matches never overlap so ends are sorted too
        ends: list[int] = []
        for cand in found:
            at = bisect.bisect_right(starts, cand[0])
            if at and ends[at - 1] > cand[0]:
                continue
            if at < len(starts) and starts[at] < cand[1]:
                continue
            starts.insert(at, cand[0])
            ends.insert(at, cand[1])
            kept.append(cand)
        kept.sort()
        return [ConceptMatch(self.concepts[c[2]], c[3], c[4], c[0], c[1]) for c in kept]

    def expansions(self, concept_id: str, exclude_lang: str | None = None) -> dict[str, tuple[str, ...]]:
        """The terms of a concept per language (query expansion), without `exclude_lang`."""
        concept = self.get(concept_id)
        return {lang: terms for lang, terms in concept.terms.items() if lang != exclude_lang}

    def for_taxonomy(self, scheme: str, id: str) -> list[Concept]:
        """Concepts linked to a taxonomy term, in thesaurus order."""
        return list(self._by_link.get(f"{scheme}:{id}", ()))


def _read_file(path: Path, taxonomy) -> list[Concept]:
    """Parse and check one thesaurus file; every problem names the file and the concept."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ThesaurusError(f"{path}: cannot read thesaurus file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise ThesaurusError(f"{path}: expected an object with a 'concepts' list")
    out: list[Concept] = []
    for raw in data["concepts"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise ThesaurusError(f"{path}: every concept needs a string 'id', got {str(raw)[:80]}")
        cid = raw["id"]
        terms = raw.get("terms")
        if not isinstance(terms, dict):
            raise ThesaurusError(f"{path}: concept {cid!r} needs 'terms' mapping each language to a list")
        missing = [lang for lang in LANGUAGES if not terms.get(lang)]
        if missing:
            raise ThesaurusError(f"{path}: concept {cid!r} has no terms in {', '.join(missing)}")
        extra = sorted(set(terms) - set(LANGUAGES))
        if extra:
            raise ThesaurusError(f"{path}: concept {cid!r} has terms in unknown languages {extra}")
        for lang, values in terms.items():
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise ThesaurusError(f"{path}: concept {cid!r}: terms in {lang} must be a list of non-empty strings")
        links = raw.get("taxonomy") or []
        if not isinstance(links, list):
            raise ThesaurusError(f"{path}: concept {cid!r}: 'taxonomy' must be a list like ['issue:extradition']")
        for link in links:
            scheme, _, term_id = str(link).partition(":")
            if scheme not in ("crime", "issue") or not taxonomy.has(scheme, term_id):
                raise ThesaurusError(f"{path}: concept {cid!r} links to unknown taxonomy term {link!r}")
        out.append(
            Concept(
                id=cid,
                terms={lang: tuple(terms[lang]) for lang in LANGUAGES},
                taxonomy=tuple(links),
            )
        )
    return out


@functools.lru_cache(maxsize=8)
def load_thesaurus(directory: Path | None = None) -> Thesaurus:
    """Load every thesaurus file of a directory (default: the bundled corpus), once per directory."""
    from index.taxonomy import load_taxonomy  # the taxonomy validates links; imported late to keep load cheap

    directory = Path(directory) if directory is not None else THESAURUS_DIR
    files = sorted(directory.glob("*.json"))
    if not files:
        raise ThesaurusError(f"{directory}: no thesaurus files (*.json) found")
    taxonomy = load_taxonomy()
    concepts: list[Concept] = []
    seen: dict[str, Path] = {}
    for path in files:
        for concept in _read_file(path, taxonomy):
            if concept.id in seen:
                raise ThesaurusError(f"{path}: concept id {concept.id!r} is already defined in {seen[concept.id]}")
            seen[concept.id] = path
            concepts.append(concept)
    return Thesaurus(concepts)
