"""The search query language: what a user types, turned into plan nodes.

`parse(q)` never raises. A mistake gives a message in `ParsedQuery.errors` (shown above the results)
and a best-effort tree, so a search always runs.

Query language
==============

Words
    ``extradition treaty`` finds provisions containing every word (all words are required in short
    queries of up to 6 words; common words such as "the", "of" or "de" only help ranking). Words
    are matched in every language, with stemming and accents folded: ``extradited`` also finds
    "extradition", ``deces`` finds "décès". Letter case does not matter. A word or phrase naming a
    known legal concept also finds its translations in the other five UN languages (unless the
    "same language" switch is on): ``extradition`` finds "выдача", "تسليم المجرمين", "引渡".

Exact phrases
    ``"mutual legal assistance"`` finds the words together in this order. ``"legal assistance"~3``
    allows up to 3 other words in between (proximity). Typographic quotes “…” and «…» work too.

OR
    ``extradition OR surrender`` finds either word. OR binds more tightly than the implicit AND,
    as in web search engines: ``extradition OR surrender treaty`` means
    (extradition or surrender) and treaty.

AND
    ``extradition AND Brazil`` is the same as ``extradition Brazil``; write it when it makes a
    query easier to read.

NOT and -word
    ``extradition NOT political`` or ``extradition -political`` excludes provisions containing
    "political". ``-"political offence"`` excludes a phrase, ``-country:USA`` a country.

+word
    ``+bribery`` marks a word as required; useful inside long questions, which are otherwise
    ranked as a bag of words (see below).

Parentheses
    ``(bribery OR corruption) AND (Brazil OR Argentina)`` groups; groups may nest.

Fields (``field:value`` or ``field:"a phrase"``)
    - ``title:convention``, ``title:"penal code"``: words in the document title only;
    - ``country:FRA``, ``country:fr``, ``country:france``: the document's country (ISO code,
      two-letter code or name; organisations: UN, EU, COE, AU, OAS, ASEAN, IRB);
    - ``type:case``: legislation, case, treaty, strategy or document;
    - ``lang:ru``: the provision's language (ar, en, es, fr, ru, zh; "russian" works too);
    - ``year:2019``, ``year:2000..2010``, ``year:>=2015``, ``year:<2000``, ``year:2015..``:
      the document's year, exactly or as a range;
    - ``article:5``, ``article:"5 bis"``: the number of an article or paragraph;
    - ``court:"supreme court"``: the court of a case;
    - ``id:SHERLOC-CL-BRA016``: a document or provision id;
    - ``symbol:A/RES/55/25``: a UN document symbol.

Prefix and fuzzy matching
    ``launder*`` finds every word beginning with "launder". ``extradtion~`` finds words spelled
    close to it (1 typing mistake for words of up to 5 letters, else 2); ``~1`` and ``~2`` set
    the number of mistakes allowed.

Questions and pasted paragraphs
    A long question or a pasted paragraph (more than 6 words, a question mark, or lots of
    punctuation) without operators, and any text of more than 25 words, is not read as syntax
    (AND, OR, NOT, brackets and dashes in it are text): its words are ranked by relevance (the
    more of them a provision contains, the higher it comes), common words such as "the", "de",
    "и" or "في" are ignored, and quotes, brackets or colons in it are never an error. Fields
    written in it (``year:2019``) still filter, and phrases in quotes count extra.

Mistakes
    An unbalanced parenthesis or quote, an operator with nothing on one side, an unknown field
    or a bad value is explained in a message; the rest of the query still runs (the bad part is
    read as plain words, or ignored).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from index.analysis import STOPWORDS
from index.countries import normalize_country
from index.models import DOCUMENT_TYPES, LANGUAGES
from index.plan import QUERY_FIELDS, Bool, MatchAll, Node, ParsedQuery, Phrase, Range, Term
from index.query_language import QUERY_WORD, guess_language, script_language

MAX_NATURAL_TERMS = 48
SHORT_QUERY_WORDS = 6
PASTED_WORDS = 25

LANGUAGE_NAMES = {
    "arabic": "ar", "العربية": "ar", "arabe": "ar", "árabe": "ar", "арабский": "ar", "阿拉伯文": "ar",
    "english": "en", "anglais": "en", "inglés": "en", "ingles": "en", "английский": "en", "英文": "en",
    "spanish": "es", "espagnol": "es", "español": "es", "espanol": "es", "испанский": "es", "西班牙文": "es",
    "french": "fr", "français": "fr", "francais": "fr", "francés": "fr", "frances": "fr", "французский": "fr",
    "法文": "fr", "russian": "ru", "russe": "ru", "ruso": "ru", "русский": "ru", "俄文": "ru",
    "chinese": "zh", "chinois": "zh", "chino": "zh", "китайский": "zh", "中文": "zh",
}  # fmt: skip

TYPE_ALIASES = {
    "law": "legislation", "laws": "legislation", "statute": "legislation", "cases": "case", "caselaw": "case",
    "treaties": "treaty", "convention": "treaty", "strategies": "strategy", "documents": "document",
}  # fmt: skip

_OPERATORS = {"AND", "OR", "NOT"}
_OPEN_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_PUNCT = re.compile(r"[,;:!?¿¡。，、；：？！،؛؟]|\.(?=\s|$)")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_FIELD = re.compile(r"([A-Za-z_]+):")
_ZH_STOP = re.compile("[" + "".join(w for w in STOPWORDS["zh"] if len(w) == 1) + "]")
_ORDINAL = re.compile(r"^(\d+)\s*(bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)$", re.I)


@dataclass
class _Tok:
    kind: str  # "(" | ")" | "op" | "atom" | "error"
    value: object = None  # op name, or the node of an atom
    sign: str = ""  # "+" | "-" | ""
    word: str | None = None  # the plain word of a simple term, for suggestions
    raw: str = ""
    optional: bool = False  # a word of a mistyped field: it ranks, but a hit need not have it


# -- tokenising ----------------------------------------------------------------------------


def _fuzzy_for(word: str, spec: str) -> int:
    if spec == "":
        return 1 if len(word) <= 5 else 2
    return max(1, min(2, int(spec)))


def _word_node(raw: str, errors: list[str], field: str | None = None) -> tuple[Node | None, str | None]:
    """A word as typed: word, word*, word~, word~2. Returns the node and the plain word (or None)."""
    m = re.fullmatch(r"(.*?)~(\d*)", raw)
    if m and m.group(1):
        word, spec = m.group(1), m.group(2)
        if spec and int(spec) > 2:
            errors.append(f"{raw}: at most 2 typing mistakes can be allowed (~1 or ~2); used ~2")
        return Term(word, field=field, fuzzy=_fuzzy_for(word, spec)), None
    if raw.endswith("*") and raw.strip("*"):
        stem = raw.rstrip("*")
        if "*" in stem or "?" in stem:
            errors.append(f"{raw}: * only works at the end of a word; searched for {stem.replace('*', '')}*")
            stem = stem.replace("*", "").replace("?", "")
        return Term(stem, field=field, prefix=True), None
    if raw.strip("*") == "":
        return (MatchAll() if field is None else None), None
    word = raw.strip("~")
    if not QUERY_WORD.search(word):
        return None, None  # punctuation only
    # Inner punctuation (money-laundering, l'État, 18.2) means words that belong together.
    if len(QUERY_WORD.findall(word)) > 1 and script_language(word) != "zh":
        return Phrase(word, field=field), None
    if len(word) == 1 and _HAN.match(word):
        # Chinese is indexed as character bigrams, so a character alone (毒, 贿) is a token only
        # where it stands alone in the text: as a prefix it finds every bigram it begins.
        return Term(word, field=field, prefix=True), word if field is None else None
    return Term(word, field=field), word if field is None else None


def _country_code(value: str) -> str | None:
    return normalize_country(value)


def _year_range(value: str) -> tuple[int | None, int | None] | None:
    v = value.replace(" ", "")
    if m := re.fullmatch(r"(\d{4})", v):
        return int(m[1]), int(m[1])
    if (m := re.fullmatch(r"(\d{4})?(?:\.\.|-|–)(\d{4})?", v)) and (m[1] or m[2]):
        lo, hi = (int(m[1]) if m[1] else None), (int(m[2]) if m[2] else None)
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        return lo, hi
    if m := re.fullmatch(r"(>=|<=|>|<)(\d{4})", v):
        y = int(m[2])
        return {">=": (y, None), ">": (y + 1, None), "<=": (None, y), "<": (None, y - 1)}[m[1]]
    return None


def _field_node(name: str, value: str, quoted: bool, raw: str, errors: list[str]) -> Node | None:
    """field:value -> a node, or None (with a message) when the value cannot be used."""
    if name == "year":
        rng = _year_range(value)
        if rng is None:
            errors.append(f"{raw}: not a year or a range (examples: year:2019, year:2000..2010, year:>=2015)")
            return None
        return Range("year", rng[0], rng[1])
    if name == "country":
        code = _country_code(value)
        if code is None:
            errors.append(f"{raw}: unknown country {value!r} (use an ISO code such as FRA or a name)")
            return Term(value.upper(), field="country")
        return Term(code, field="country")
    if name == "type":
        v = value.lower().strip()
        v = TYPE_ALIASES.get(v, v)
        if v not in DOCUMENT_TYPES:
            errors.append(f"{raw}: unknown document type {value!r} (one of {', '.join(DOCUMENT_TYPES)})")
            return None
        return Term(v, field="type")
    if name == "lang":
        v = value.lower().strip()
        v = LANGUAGE_NAMES.get(v, v)
        if v not in LANGUAGES:
            errors.append(f"{raw}: unknown language {value!r} (one of {', '.join(LANGUAGES)})")
            return None
        return Term(v, field="lang")
    if name == "article":
        v = " ".join(value.split())
        if m := _ORDINAL.match(v):
            v = f"{m[1]} {m[2].lower()}"
        return Term(v, field="article")
    if name in ("id", "symbol"):
        return Term(value.strip(), field=name)
    # title, court: text fields
    if quoted:
        return Phrase(value, field=name) if value.strip() else None
    node, _ = _word_node(value, errors, field=name)
    return node


def _read_quoted(q: str, i: int) -> tuple[str, int, bool]:
    """The text of a quoted phrase starting at q[i] (a quote); returns text, next index, closed?"""
    close = _OPEN_QUOTES[q[i]]
    j = q.find(close, i + 1)
    if close != '"' and j < 0:
        j = q.find('"', i + 1)
    if j < 0:
        return q[i + 1 :], len(q), False
    return q[i + 1 : j], j + 1, True


def _read_slop(q: str, i: int) -> tuple[int, int]:
    m = re.match(r"~(\d*)", q[i:])
    if not m:
        return 0, i
    return (int(m[1]) if m[1] else 2), i + m.end()


def _tokenize(q: str, errors: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            toks.append(_Tok(ch, raw=ch))
            i += 1
            continue
        start = i
        sign = ""
        if ch in "+-" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in "+-)":
            sign, i = ch, i + 1
            ch = q[i]
        if ch in _OPEN_QUOTES:
            text, i, closed = _read_quoted(q, i)
            slop, i = _read_slop(q, i) if closed else (0, i)
            if not closed:
                errors.append(f"missing closing quote after {q[start:start + 30].strip()!r}; searched as words")
                for w in text.split():
                    node, word = _word_node(w.strip("()"), errors)
                    if node is not None:
                        toks.append(_Tok("atom", node, sign, word, raw=w))
                continue
            if not text.strip():
                continue
            node = Phrase(" ".join(text.split()), slop=slop) if len(text.split()) > 1 or slop else None
            if node is None:
                node, word = _word_node(text.strip(), errors)
                if node is not None:
                    toks.append(_Tok("atom", node, sign, word, raw=q[start:i]))
                continue
            toks.append(_Tok("atom", node, sign, raw=q[start:i]))
            continue
        m = _FIELD.match(q, i)
        if m and m[1].lower() in QUERY_FIELDS and (i + len(m[0]) >= n or q[i + len(m[0])].isspace()):
            # "title:" alone or "title: word": the value is missing, or separated by a space.
            j = i + len(m[0])
            while j < n and q[j].isspace():
                j += 1
            if j >= n or q[j] in "()" or q[j:].split()[0] in _OPERATORS:
                errors.append(f"{m[0]} has no value (write {m[0]}word or {m[0]}\"a phrase\"); ignored")
                i = j
                continue
            errors.append(f"write a field and its value without a space ({m[0]}{q[j:].split()[0]}); read that way")
            q = q[:i] + m[0] + q[j:]
            n = len(q)
        if m and i + len(m[0]) < n and not q[i + len(m[0])].isspace():
            name = m[1].lower()
            j = i + len(m[0])
            if q[j] in _OPEN_QUOTES:
                value, j, closed = _read_quoted(q, j)
                quoted = True
                if not closed:
                    errors.append(f"missing closing quote after {q[start:start + 30].strip()!r}")
            else:
                k = j
                while k < n and not q[k].isspace() and q[k] not in "()":
                    k += 1
                value, j, quoted = q[j:k], k, False
            raw = q[start:j]
            i = j
            if name not in QUERY_FIELDS:
                fields = ", ".join(QUERY_FIELDS)
                errors.append(f"unknown field {m[1]!r} in {raw!r} (fields: {fields}); searched as optional words")
                for w in [m[1], *value.split()]:
                    node, word = _word_node(w, errors)
                    if node is not None:
                        toks.append(_Tok("atom", node, sign, word, raw=w, optional=not sign))
                continue
            node = _field_node(name, value, quoted, raw, errors)
            if node is not None:
                toks.append(_Tok("atom", node, sign, raw=raw))
            continue
        k = i
        while k < n and not q[k].isspace() and q[k] not in '()"\u201c\u201d\u00ab\u00bb':
            k += 1
        if k == i:  # a stray closing quote
            i += 1
            continue
        raw = q[i:k]
        i = k
        if not sign and raw in _OPERATORS:
            toks.append(_Tok("op", raw, raw=raw))
            continue
        node, word = _word_node(raw, errors)
        if node is not None:
            toks.append(_Tok("atom", node, sign, word, raw=q[start:k]))
    return toks


# -- parsing -------------------------------------------------------------------------------


class _Parser:
    """Recursive descent: seq := clause* ; clause := [NOT|+|-] disj ; disj := unit (OR unit)*."""

    def __init__(self, toks: list[_Tok], errors: list[str]):
        self.toks, self.i, self.errors, self.depth = toks, 0, errors, 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.seq()
        while self.peek() is not None:  # only a stray ")" stops seq at top level
            self.errors.append("a closing parenthesis ')' has no opening one; ignored")
            self.i += 1
            more = self.seq()
            node = _and([node, more])
        return node

    def seq(self) -> Node:
        must: list[Node] = []
        optional: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == ")":
                break
            if tok.optional and not self._before_or():
                self.i += 1
                optional.append(tok.value)
                continue
            if tok.kind == "op" and tok.value == "AND":
                self.i += 1
                nxt = self.peek()
                if not must:
                    self.errors.append("AND at the start has nothing on its left; ignored")
                elif nxt is None or nxt.kind == ")" or (nxt.kind == "op" and nxt.value in ("AND", "OR")):
                    self.errors.append("AND has nothing on its right; ignored")
                continue
            if tok.kind == "op" and tok.value == "OR":
                self.i += 1
                self.errors.append("OR has nothing on its left; ignored")
                continue
            negate = False
            if tok.kind == "op" and tok.value == "NOT":
                self.i += 1
                nxt = self.peek()
                if nxt is None or nxt.kind == ")" or nxt.kind == "op":
                    self.errors.append("NOT has nothing after it; ignored")
                    continue
                negate = True
            node = self.disj()
            if node is None:
                continue
            must.append(Bool(must=[MatchAll()], must_not=[node]) if negate else node)
        if not optional:
            return _and(must)
        return Bool(must=[_and(must)], should=optional) if must else Bool(should=optional)

    def _before_or(self) -> bool:
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        return nxt is not None and nxt.kind == "op" and nxt.value == "OR"

    def disj(self) -> Node | None:
        first = self.unit()
        options = [first] if first is not None else []
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.value == "OR":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == ")" or (nxt.kind == "op" and nxt.value in ("AND", "OR")):
                self.errors.append("OR has nothing on its right; ignored")
                break
            if nxt.kind == "op" and nxt.value == "NOT":
                self.i += 1
                inner = self.unit()
                if inner is not None:
                    options.append(Bool(must=[MatchAll()], must_not=[inner]))
                continue
            node = self.unit()
            if node is not None:
                options.append(node)
        if not options:
            return None
        return options[0] if len(options) == 1 else Bool(should=options)

    def unit(self) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok.kind == "(":
            self.i += 1
            self.depth += 1
            inner = self.seq()
            self.depth -= 1
            if self.peek() is not None and self.peek().kind == ")":
                self.i += 1
            else:
                self.errors.append("a parenthesis '(' is not closed; closed at the end")
            return inner
        if tok.kind == "atom":
            self.i += 1
            if tok.sign == "-":
                return Bool(must=[MatchAll()], must_not=[tok.value])
            return tok.value
        if tok.kind == ")":
            return None
        # an operator where a word was expected (e.g. "NOT NOT", "OR AND")
        self.i += 1
        return None


def _and(nodes: list[Node]) -> Node:
    nodes = [n for n in nodes if not (isinstance(n, MatchAll))] or nodes
    if not nodes:
        return MatchAll()
    if len(nodes) == 1:
        return nodes[0]
    # Flatten "a -b" style pieces: Bool(must=[MatchAll], must_not=[x]) join the parent's must_not.
    must: list[Node] = []
    must_not: list[Node] = []
    for n in nodes:
        if isinstance(n, Bool) and not n.should and n.must_not and all(isinstance(m, MatchAll) for m in n.must):
            must_not.extend(n.must_not)
        elif isinstance(n, Bool) and not n.should and n.boost == 1.0:
            must.extend(n.must)
            must_not.extend(n.must_not)
        else:
            must.append(n)
    must = [m for m in must if not isinstance(m, MatchAll)] or [MatchAll()]
    if not must_not and len(must) == 1:
        return must[0]
    return Bool(must=must, must_not=must_not)


# -- natural queries -----------------------------------------------------------------------


def _has_operators(toks: list[_Tok]) -> bool:
    for t in toks:
        if t.kind == "op" or t.sign:
            return True
        if t.kind == "atom":
            node = t.value
            if isinstance(node, Range) or (isinstance(node, Term | Phrase) and node.field):
                return True
            if isinstance(node, Term) and (node.prefix or node.fuzzy):
                return True
    return False


def _word_count(text: str) -> int:
    n = 0
    for w in QUERY_WORD.findall(text):
        n += (len(w) + 1) // 2 if _HAN.fullmatch(w) else 1
    return n


def _is_natural(q: str, toks: list[_Tok]) -> bool:
    words = _word_count(q)
    if words > PASTED_WORDS:
        return True  # a pasted paragraph: its "AND", "(a)" or "-" are text, not syntax
    if _has_operators(toks):
        return False
    punct = len(_PUNCT.findall(q))
    question = q.rstrip().endswith(("?", "？", "؟"))
    return words > SHORT_QUERY_WORDS or punct >= 3 or (question and words >= 2)


def _natural(q: str) -> tuple[Node, list[str]]:
    lang = guess_language(q)
    stop = STOPWORDS.get(lang or "", frozenset())
    musts: list[Node] = []
    shoulds: list[Node] = []
    # Filters and phrases written in a long question still count (phrases as a bonus).
    errors: list[str] = []
    toks = _tokenize(q, errors)
    text_parts: list[str] = []
    for t in toks:
        if t.kind == "atom" and isinstance(t.value, Phrase) and t.value.field is None and t.raw[:1] in _OPEN_QUOTES:
            shoulds.append(Phrase(t.value.text, slop=t.value.slop, boost=2.0))
        if t.kind == "atom" and isinstance(t.value, Range | Term | Phrase) and getattr(t.value, "field", None):
            musts.append(t.value)
        else:
            text_parts.append(t.raw)
    words: list[str] = []
    seen: set[str] = set()
    all_words: list[str] = []
    for w in re.findall(r"[^\W_]+", " ".join(text_parts)):  # elisions split: l'extradition -> extradition
        pieces = [w]
        if _HAN.search(w):
            pieces = []
            for run in _HAN.findall(w):
                for seg in _ZH_STOP.split(run):
                    if len(seg) <= 2:
                        pieces.append(seg)
                    else:
                        pieces.extend(seg[k : k + 2] for k in range(len(seg) - 1))
            pieces.extend(x for x in _HAN.split(w) if x)
        for p in pieces:
            key = p.casefold()
            if not p or key in seen:
                continue
            seen.add(key)
            all_words.append(p)
            if key in stop or (len(p) == 1 and not _HAN.match(p) and not p.isdigit()):
                continue
            words.append(p)
    words = (words or all_words)[:MAX_NATURAL_TERMS]
    shoulds.extend(Term(w) for w in words)
    if not shoulds:
        return (_and(musts) if musts else MatchAll()), words
    body: Node = Bool(should=shoulds)
    return (Bool(must=[*musts, body]) if musts else body), words


# -- entry point ---------------------------------------------------------------------------


def _free_words(node: Node, out: list[str], negated: bool = False) -> None:
    if isinstance(node, Term):
        if node.field is None and not node.prefix and not node.fuzzy and not negated and node.text not in out:
            out.append(node.text)
    elif isinstance(node, Bool):
        for n in node.must + node.should:
            _free_words(n, out, negated)
        for n in node.must_not:
            _free_words(n, out, True)


@lru_cache(maxsize=2048)
def _parse_cached(q: str) -> tuple[Node, tuple[str, ...], tuple[str, ...], bool]:
    errors: list[str] = []
    q = unicodedata.normalize("NFC", q).strip()
    if not q:
        return MatchAll(), (), (), False
    toks = _tokenize(q, errors)
    if _is_natural(q, toks):
        node, words = _natural(q)
        return node, (), tuple(words), True
    node = _Parser(toks, errors).parse()
    words: list[str] = []
    _free_words(node, words)
    return node, tuple(dict.fromkeys(errors)), tuple(words), False


def parse(q: str) -> ParsedQuery:
    """Parse what a user typed into a plan tree; never raises (mistakes go to `errors`)."""
    import copy

    try:
        node, errors, words, natural = _parse_cached(q or "")
    except Exception as exc:  # a bug must not cost the user the search: fall back to the words
        words = tuple(QUERY_WORD.findall(q or ""))
        node = _and([Term(w) for w in words]) if words else MatchAll()
        return ParsedQuery(node, [f"the query could not be fully understood ({exc}); searched as words"], list(words))
    # The cache holds one tree per string; callers may decorate theirs (boosts, expansions).
    return ParsedQuery(copy.deepcopy(node), list(errors), list(words), natural)
