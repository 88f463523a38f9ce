"""Split a parsed document into provisions: articles, numbered paragraphs or case sections.

Markers are recognised only at the start of a block or of a line, in the six UN
languages, so that "as provided in article 5" inside a sentence never splits a text.
Chapters, sections, titles and parts become the `heading` of the provisions under
them. Everything is line-based with anchored, precompiled regular expressions, so a
10 MB text costs one pass over its lines.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from index.models import Provision
from index.textnorm import fold, normalize_arabic
from ingest.model import Block, ParsedDocument

HEADING_MAX_CHARS = 200  # a longer line is prose, not a heading
LONG_CASE_CHARS = 8000  # a case without sections longer than this is cut into paragraphs
CASE_CHUNK_CHARS = 2000  # target size of an unnumbered chunk of a long case
DETECT_MIN_LETTERS = 200  # shorter provisions keep the document language

# -- numbers ---------------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WORD_NUMBERS = {
    "premier": 1, "premiere": 1, "1er": 1, "1re": 1, "unique": 1, "primero": 1, "primera": 1, "unico": 1, "unica": 1,
    "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5,
    "sexto": 6, "sexta": 6, "septimo": 7, "septima": 7, "octavo": 8, "octava": 8, "noveno": 9, "novena": 9,
    "decimo": 10, "decima": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "nonies", "decies")
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}  # fmt: skip
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


def roman_to_int(text: str) -> int | None:
    """The value of an upper-case Roman numeral, or None when `text` is not one."""
    if not text or not _ROMAN_RE.fullmatch(text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def chinese_to_int(text: str) -> int | None:
    """The value of a Chinese numeral (一百二十, 十五, 两千零三) or of digits, None if neither."""
    text = text.translate(_DIGITS)
    if text.isdigit():
        return int(text)
    total = section = num = 0
    for ch in text:
        if ch in _ZH_DIGITS:
            num = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            section += (num or 1) * _ZH_UNITS[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10000
            section = num = 0
        else:
            return None
    return total + section + num


# Arabic ordinals, on words folded by normalize_arabic (ة->ه, ى->ي, أ->ا, ئ->ي), without "ال".
_AR_UNITS = {
    "اولي": 1, "اول": 1, "حاديه": 1, "حادي": 1, "ثانيه": 2, "ثاني": 2, "ثالثه": 3, "ثالث": 3,
    "رابعه": 4, "رابع": 4, "خامسه": 5, "خامس": 5, "سادسه": 6, "سادس": 6, "سابعه": 7, "سابع": 7,
    "ثامنه": 8, "ثامن": 8, "تاسعه": 9, "تاسع": 9, "عاشره": 10, "عاشر": 10,
}  # fmt: skip
_AR_TEEN = {"عشره", "عشر"}
_AR_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50, "خمسين": 50,
    "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_AR_HUNDREDS = {"مايه": 100, "ميه": 100, "مايتين": 200, "مايتان": 200, "ميتين": 200, "ميتان": 200}
for _i, _w in enumerate(("ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"), start=3):
    _AR_HUNDREDS[_w + "مايه"] = _AR_HUNDREDS[_w + "ميه"] = _i * 100


def _ar_bare(word: str) -> str:
    for prefix in ("وال", "ال", "و"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix) :]
    return word


def arabic_ordinal(words: list[str]) -> tuple[int, int] | None:
    """(value, words used) for an Arabic ordinal such as الخامسة, الحادية عشرة, الخامسة والعشرون بعد المائة.

    `words` must already be folded with `index.textnorm.normalize_arabic`.
    """
    if not words:
        return None
    first = _ar_bare(words[0])
    if first in _AR_UNITS:
        value, used = _AR_UNITS[first], 1
        if len(words) > 1 and _ar_bare(words[1]) in _AR_TEEN:
            value, used = value % 10 + 10, 2
        elif len(words) > 1 and words[1].startswith("و") and _ar_bare(words[1]) in _AR_TENS:
            value, used = value % 10 + _AR_TENS[_ar_bare(words[1])], 2
    elif first in _AR_TENS:
        value, used = _AR_TENS[first], 1
    elif first in _AR_HUNDREDS:
        return _AR_HUNDREDS[first], 1
    else:
        return None
    if len(words) > used + 1 and words[used] == "بعد" and _ar_bare(words[used + 1]) in _AR_HUNDREDS:
        value += _AR_HUNDREDS[_ar_bare(words[used + 1])]
        used += 2
    return value, used


def normalize_number(text: str) -> str:
    """A cited number in canonical form: "5", "5 bis", "127.1", "L121-1"; Roman and words become digits."""
    raw = " ".join(text.translate(_DIGITS).split()).strip(" .:-–—")
    if not raw:
        return ""
    suffix = ""
    m = re.search(r"[\s\-]*(" + "|".join(_SUFFIXES) + r"|مكرر[اً]?)$", raw, re.IGNORECASE)
    if m and m.start() > 0:
        word = m.group(1).lower()
        suffix = " bis" if word.startswith("مكرر") else " " + word
        raw = raw[: m.start()]
    folded = fold(raw.rstrip(". "))
    raw = re.sub(r"(?<=\d)[ºo°ª]$", "", raw.rstrip(". "))
    if folded in _WORD_NUMBERS:
        core = str(_WORD_NUMBERS[folded])
    elif (r := roman_to_int(raw)) is not None:
        core = str(r)
    elif re.fullmatch(r"[LRDA]\.?\s?\d[\d.\-–]*", raw):
        core = raw[0] + raw[1:].lstrip(". ").replace("–", "-")
    elif (z := chinese_to_int(raw.split("之", 1)[0])) is not None and raw and not raw[0].isascii():
        core = str(z)
        if "之" in raw:
            tail = chinese_to_int(raw.split("之", 1)[1])
            core += f"-{tail}" if tail is not None else ""
    else:
        core = raw.replace("–", "-")
    return core + suffix


# -- markers -----------------------------------------------------------------------------------

_MD_PREFIX = re.compile(r"^[\s#>*_|]+")
_MD_SUFFIX = re.compile(r"[\s*_|]+$")
_MD_CHARS = set("#>*_|")
_SEP = " .:;-–—−‐)]|ـ\t\u3000"

_NUM = (
    r"(?:(?i:premier|premi[eè]re|1er|1re|unique|primero|primera|[uú]nic[oa]|segund[oa]|tercer[oa]|cuart[oa]"
    r"|quint[oa]|sext[oa]|s[eé]ptim[oa]|octav[oa]|noven[oa]|d[eé]cim[oa])\b"
    r"|[LRDA]\.?\s?\d+(?:[.\-–]\d+)*"
    r"|\d+(?:[.\-–/]\d+)*[A-Z]?(?:[ºo°ª](?![a-z]))?"
    r"|[IVXLCDM]+\b)"
)
_SUFFIX = r"(?:[\s\-]*(?i:" + "|".join(_SUFFIXES) + r")\b)?"
_LATIN_ARTICLE = re.compile(
    r"(?P<kw>(?i:article|art[ií]culo|art\.?))\s*(?P<num>" + _NUM + _SUFFIX + ")",
)
# "Статья 10 1 ." is a flattened superscript (10¹): read as 10.1.
_RU_ARTICLE = re.compile(
    r"(?P<kw>(?i:статья|ст\.))\s*(?P<num>\d+(?:[.\-]\d+)*(?:\s*-\s*\d+)?)(?:\s(?P<sup>\d{1,2})(?=\s?\.))?"
)
_ZH_NUM = r"[0-9０-９零〇一二两三四五六七八九十百千]+"
_ZH_ARTICLE = re.compile(r"(?P<kw>第)\s*(?P<num>" + _ZH_NUM + r")\s*条(?P<suf>之[一二三四五六七八九十]+)?")
_ZH_NOT_AFTER = set("的、至和或及与第规所中款项")
_AR_ARTICLE = re.compile(r"(?P<kw>(?:ال)?ماد[\u064b-\u065f]*[ةه])(?=[\s(]|$|[0-9٠-٩])")
_AR_NUMBER = re.compile(
    r"\s*(?:رقم\s*)?(?:\(\s*(?P<p>[0-9٠-٩]+)(?P<pbis>\s*مكرر[اً]?\s*(?P<pn>[0-9٠-٩]*))?\s*\)|(?P<d>[0-9٠-٩]+))"
    r"(?P<bis>\s*مكرر[اً]?(?:\s*(?P<bn>[0-9٠-٩]{1,3})(?![0-9٠-٩]))?)?"
)
_AR_WORD = re.compile(r"[\u0621-\u064a\u064b-\u065f\u0670]+")
_AR_STOP = {"من", "الي", "اعلاه", "السابقه", "المذكوره", "المشار", "و"}  # "المادة 5 من القانون": a reference

# Chapters, parts, sections: keyword -> rank (1 = outermost).
_LATIN_HEADING_RANKS = {
    "part": 1, "partie": 1, "parte": 1, "book": 1, "livre": 1, "libro": 1,
    "title": 2, "titre": 2, "titulo": 2,
    "chapter": 3, "chapitre": 3, "capitulo": 3,
    "section": 4, "seccion": 4,
    "subsection": 5, "sous-section": 5, "subseccion": 5,
}  # fmt: skip
_LATIN_HEADING = re.compile(
    r"(?P<kw>(?i:part|partie|parte|book|livre|libro|title|titre|t[ií]tulo|chapter|chapitre|cap[ií]tulo|section"
    r"|secci[oó]n|subsection|sous-section|subsecci[oó]n))\s+(?P<num>[IVXLCDM]+\b|\d+(?:\.\d+)*\b|[A-Z]\b"
    r"|(?i:premier|premi[eè]re|1er|1re|i[eè]re?|preliminar|preliminary|pr[eé]liminaire|primer[oa]?|segund[oa]"
    r"|tercer[oa]?|unique|[uú]nic[oa]|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
)
_RU_HEADING_RANKS = {"раздел": 1, "подраздел": 2, "глава": 3, "параграф": 4, "§": 4}
_RU_HEADING = re.compile(r"(?P<kw>(?i:раздел|подраздел|глава|параграф)|§)\s*(?P<num>[IVXLCDM]+\b|\d+(?:[.\-]\d+)*)")
_AR_HEADING_RANKS = {"كتاب": 1, "قسم": 1, "جزء": 1, "باب": 2, "فصل": 3, "فرع": 4}
_AR_HEADING = re.compile(r"(?P<kw>(?:ال)?(?:كتاب|قسم|جزء|باب|فصل|فرع))(?=[\s(]|$|[0-9٠-٩])")
_ZH_HEADING_RANKS = {"编": 1, "部分": 1, "分编": 2, "章": 3, "节": 4, "目": 5}
_ZH_HEADING = re.compile(r"(?P<kw>第)\s*(?P<num>" + _ZH_NUM + r")\s*(?P<unit>分编|部分|编|章|节|目)")
_BARE_KEYWORD = re.compile(
    r"(?i:article|art[ií]culo|статья|chapter|chapitre|cap[ií]tulo|глава|раздел|part|partie|title|titre|t[ií]tulo"
    r"|section)|(?:ال)?(?:ماد[ةه]|فصل|باب|فرع|قسم|كتاب)"
)

_PREAMBLE_WORDS = {"preamble", "preambule", "preambulo", "преамбула", "الديباجه", "ديباجه", "序言", "序 言"}
_PREAMBLE_MAX = max(len(w.replace(" ", "")) for w in _PREAMBLE_WORDS)

# Annexes, schedules and appendices: the articles after one are numbered afresh from 1.
_ANNEX_LATIN = re.compile(
    r"(?i:annexe?|anexo|schedule|appendix|appendice|ap[eé]ndice|приложение)(?=$|[\s.:\-–—(№]|\d)"
)
_ANNEX_AR = re.compile(r"(?:ال)?ملحق(?=$|[\s(:\-–—0-9٠-٩])")
_ANNEX_ZH = re.compile(r"附(?:件|录|表)(?=$|[\s0-9０-９一二三四五六七八九十:：（(])")
_ANNEX_NUMBER = re.compile(
    r"[\s.:\-–—]*(?:(?i:no\.?|n[°º]|№)\s*)?(?:(?:[IVXLCDM]+|\d+|[A-Z])(?:[.\-–]\d+)*\b)?(?P<sep>[\s.:\-–—]*)"
)
# Lower-case words that may follow "Annex" in a heading ("Annex to Decree No. 5", "Приложение к Указу").
_ANNEX_JOINS = {"to", "of", "au", "aux", "à", "a", "de", "du", "des", "del", "al", "к", "по"}


@dataclass
class _Marker:
    label: str  # the marker as written
    number: str  # normalised
    rest: str  # text after the marker on the same line


def _rest_ok(rest: str) -> bool:
    """Whether what follows a number ends a marker (not "Article 5 of the Convention", not "Art. 5, para. 2")."""
    s = rest.lstrip(" \t\u3000\u00a0")
    if not s:
        return True
    if s[0] in ",;،؛":
        return False
    if s[0].isalpha() and s[0].islower():
        return False  # "Article 5 of ...", "Статья 5 настоящего ...", "Article 5a"
    return not (s is rest and s[0].isalpha())


def _clean_rest(rest: str) -> str:
    return rest.lstrip(_SEP + "\u00a0").strip()


def match_article(line: str) -> _Marker | None:
    """The article marker at the start of `line` ("Article 5 bis", "Статья 127.1", "المادة الخامسة", "第五条")."""
    if not line:
        return None
    c = line[0]
    if c == "第":
        m = _ZH_ARTICLE.match(line)
        if not m:
            return None
        rest = line[m.end() :]
        if rest and rest[0] in _ZH_NOT_AFTER:
            return None
        num = normalize_number(m.group("num") + (m.group("suf") or ""))
        return _Marker(m.group(0), num, _clean_rest(rest))
    if "\u0600" <= c <= "\u06ff":
        return _match_arabic_article(line)
    if c in "Сс":
        m = _RU_ARTICLE.match(line)
        if not m or not _rest_ok(line[m.end() :]):
            return None
        number = normalize_number(m.group("num").replace(" ", ""))
        if m.group("sup"):
            number += "." + m.group("sup")
        return _Marker(m.group(0).strip(), number, _clean_rest(line[m.end() :]))
    if c not in "AaÁá":
        return None
    m = _LATIN_ARTICLE.match(line)
    if not m:
        return None
    rest = line[m.end() :]
    if not _rest_ok(rest):
        return None
    num = m.group("num")
    if num[0] in "IVXLCDM" and roman_to_int(num.split()[0].rstrip(".")) is None and not num[0].isdigit():
        return None
    return _Marker(m.group(0).strip(), normalize_number(num), _clean_rest(rest))


_SECTION_UNIT = re.compile(r"(?P<kw>(?i:section|sec\.)|§)\s*(?P<num>\d+[A-Z]{0,2}(?:[.\-–]\d+[A-Z]{0,2})*)")


def match_section_unit(line: str) -> _Marker | None:
    """A common-law section marker at the start of `line` ("Section 17", "Sec. 4A", "§ 12")."""
    if not line or line[0] not in "Ss§":
        return None
    m = _SECTION_UNIT.match(line)
    if not m or not _rest_ok(line[m.end() :]):
        return None
    return _Marker(m.group(0).strip(), m.group("num"), _clean_rest(line[m.end() :]))


def _fasl_article(line: str) -> _Marker | None:
    """ "الفصل 5 - ..." read as an article (Maghreb laws), for texts that have no "المادة" at all."""
    if not line or line[0] not in "اف":
        return None
    h = match_heading(line)
    if h is None or h.kw != "فصل" or not h.number:
        return None
    if not h.numeric and not h.rest:
        return None  # "الفصل الأول" alone on its line is a chapter heading
    return _Marker(h.marker, h.number, h.rest)


def _match_arabic_article(line: str) -> _Marker | None:
    m = _AR_ARTICLE.match(line)
    if not m:
        return None
    pos = m.end()
    n = _AR_NUMBER.match(line, pos)
    if n:
        digits = n.group("p") or n.group("d")
        number = normalize_number(digits) + (" bis" if n.group("bis") or n.group("pbis") else "")
        if n.group("pn") or n.group("bn"):
            number += " " + normalize_number(n.group("pn") or n.group("bn"))  # "303 مكرر 30" -> "303 bis 30"
        end = n.end()
    else:
        words = list(_AR_WORD.finditer(line, pos, min(len(line), pos + 120)))
        # Words must follow one another separated by spaces only.
        run: list[re.Match] = []
        prev = pos
        for w in words[:8]:
            if line[prev : w.start()].strip():
                break
            run.append(w)
            prev = w.end()
        parsed = arabic_ordinal([normalize_arabic(w.group(0)) for w in run])
        if not parsed:
            return None
        number, end = str(parsed[0]), run[parsed[1] - 1].end()
        bis = re.match(r"\s*مكرر[اً]?", line[end:])
        if bis:
            number, end = number + " bis", end + bis.end()
    rest = line[end:]
    nxt = _AR_WORD.match(rest.lstrip())
    if nxt and normalize_arabic(nxt.group(0)) in _AR_STOP:
        return None
    if rest.lstrip()[:1] in (",", "،", ";", "؛"):
        return None
    return _Marker(line[:end].strip(), number, _clean_rest(rest))


@dataclass
class _Heading:
    rank: int
    label: str
    rest: str
    kw: str
    numeric: bool  # numbered with digits (Arabic "الفصل 5" may be an article in Maghreb laws)
    number: str = ""  # normalised number, for Arabic headings (used when فصل numbers articles)
    marker: str = ""  # the keyword and number as written


def match_heading(line: str) -> _Heading | None:
    """A chapter / part / section / title marker at the start of `line`, with its rank."""
    if not line:
        return None
    c = line[0]
    if c == "第":
        m = _ZH_HEADING.match(line)
        if not m:
            return None
        return _Heading(_ZH_HEADING_RANKS[m.group("unit")], line, _clean_rest(line[m.end() :]), m.group("unit"), False)
    if "\u0600" <= c <= "\u06ff":
        m = _AR_HEADING.match(line)
        if not m:
            return None
        kw = m.group("kw")
        kw = kw[2:] if kw.startswith("ال") else kw
        pos = m.end()
        n = _AR_NUMBER.match(line, pos)
        if n:
            end, numeric = n.end(), True
            number = normalize_number(n.group("p") or n.group("d")) + (" bis" if n.group("bis") else "")
        else:
            run = []
            prev = pos
            for w in list(_AR_WORD.finditer(line, pos, min(len(line), pos + 120)))[:8]:
                if line[prev : w.start()].strip():
                    break
                run.append(w)
                prev = w.end()
            parsed = arabic_ordinal([normalize_arabic(w.group(0)) for w in run])
            if not parsed:
                return None
            end, numeric, number = run[parsed[1] - 1].end(), False, str(parsed[0])
        rest = line[end:]
        nxt = _AR_WORD.match(rest.lstrip())
        if nxt and normalize_arabic(nxt.group(0)) in _AR_STOP:
            return None
        return _Heading(_AR_HEADING_RANKS[kw], line, _clean_rest(rest), kw, numeric, number, line[:end].strip())
    if c in "ГгРрПп§":
        m = _RU_HEADING.match(line)
        if not m or not _rest_ok(line[m.end() :]):
            return None
        kw = m.group("kw").lower()
        return _Heading(_RU_HEADING_RANKS[kw], line, _clean_rest(line[m.end() :]), kw, True)
    if c not in "PpBbLlTtCcSs":
        return None
    m = _LATIN_HEADING.match(line)
    if not m or not _rest_ok(line[m.end() :]):
        return None
    num = m.group("num")
    if num[0] in "IVXLCDM" and len(num) > 1 and roman_to_int(num) is None:
        return None
    kw = fold(m.group("kw"))
    return _Heading(_LATIN_HEADING_RANKS[kw], line, _clean_rest(line[m.end() :]), kw, num.isdigit())


def match_annex(line: str) -> bool:
    """Whether `line` heads an annex, schedule or appendix ("ANNEX", "Schedule 2 - Forms", "Приложение к Указу")."""
    if not line or len(line) > 120 or line[-1] in ".;:,،؛。；：":
        return False
    c = line[0]
    if c == "附":
        return _ANNEX_ZH.match(line) is not None
    if "\u0600" <= c <= "\u06ff":
        return _ANNEX_AR.match(line) is not None
    if c not in "AaSsПп":
        return False
    m = _ANNEX_LATIN.match(line)
    if not m:
        return False
    n = _ANNEX_NUMBER.match(line, m.end())
    rest = line[n.end() :]
    if not rest or rest[0] in "([":
        return True  # "ANNEX II", "SCHEDULE (Regulation 36A)"
    # A title follows a dash or a colon ("Schedule 2 - Forms"), or a joining word ("Annex to Decree No. 5",
    # "Приложение к Указу"); "Annex I lists the substances" and "Schedule 7 Section" (a table's head) are not headings.
    return rest.split(" ", 1)[0].casefold() in _ANNEX_JOINS or any(c in ".:-–—" for c in n.group("sep"))


# Case sections: names (folded) in the six languages.
_CASE_SECTION_NAMES = [
    # en
    "facts", "the facts", "facts of the case", "statement of facts", "background", "context of the case",
    "procedural history", "procedural background", "procedure", "issues", "issue", "legal issues",
    "questions presented", "reasoning", "reasons", "reasons for judgment", "reasons for judgement", "analysis",
    "discussion", "decision", "held", "holding", "judgment", "judgement", "conclusion", "disposition", "sentence",
    "sentencing", "outcome", "summary", "summary of facts", "law", "the law",
    # fr
    "faits", "les faits", "exposé des faits", "exposé du litige", "procédure", "rappel de la procédure", "moyens",
    "motifs", "motifs de la décision", "dispositif", "par ces motifs", "décision", "en fait", "en droit",
    # es
    "hechos", "antecedentes", "antecedentes de hecho", "hechos probados", "fundamentos de derecho",
    "fundamentos jurídicos", "considerandos", "considerando", "resultando", "fallo", "resolución", "parte resolutiva",
    "sentencia", "resuelve",
    # ru
    "обстоятельства дела", "описательная часть", "мотивировочная часть", "резолютивная часть", "решение",
    "приговор", "установил", "постановил", "определил", "приговорил", "решил",
    # ar
    "الوقائع", "الأسباب", "الحكم", "المنطوق", "أسباب الحكم", "الموضوع", "الإجراءات", "الحيثيات", "فلهذه الأسباب",
    "المحكمة",
    # zh
    "案情", "案情摘要", "基本案情", "裁判理由", "判决结果", "本院认为", "裁判要点", "审理查明", "经审理查明",
    "判决如下", "裁判结果", "法院认为",
]  # fmt: skip
# Looked up with a cheap key (casefold, Arabic letters folded); both written and unaccented forms are keys.
_CASE_NAMES = {fold(n) for n in _CASE_SECTION_NAMES} | {normalize_arabic(n.casefold()) for n in _CASE_SECTION_NAMES}
_CASE_FIRST = {n[0] for n in _CASE_NAMES}


def _case_key(text: str) -> str:
    key = text.casefold()
    return normalize_arabic(key) if key and "\u0600" <= key[0] <= "\u06ff" else key
_CASE_ZH_NAMES = sorted((n for n in _CASE_SECTION_NAMES if "\u4e00" <= n[0] <= "\u9fff"), key=len, reverse=True)
_CASE_ZH = re.compile("(?:" + "|".join(_CASE_ZH_NAMES) + r")(?=[：:，,\s]|$)")
_CASE_NUMBERING = re.compile(r"^(?:[IVX]+|\d{1,2}|[A-H])[.)]\s+")
_CASE_COLON = re.compile(r"^([^:：]{2,40})[:：]\s*(.*)$", re.S)


def match_case_section(line: str) -> tuple[str, str] | None:
    """(label, rest of the line) when `line` opens a case section ("Facts", "Motifs", "本院认为" ...)."""
    if not line or len(line) > 2000:
        return None
    if "\u4e00" <= line[0] <= "\u9fff":
        m = _CASE_ZH.match(line)
        return (m.group(0), _clean_rest(line[m.end() :])) if m else None
    if len(line) <= 80:
        bare = _CASE_NUMBERING.sub("", line) if line[0] in "IVXABCDEFGH0123456789" else line
        bare = bare.strip().rstrip(":：.").strip()
        if bare and bare[0].casefold() in _CASE_FIRST and _case_key(bare) in _CASE_NAMES:
            return bare, ""
    if ":" not in line[:44] and "：" not in line[:44]:
        return None
    m = _CASE_COLON.match(line)
    if m:
        bare = _CASE_NUMBERING.sub("", m.group(1)).strip()
        if bare and bare[0].casefold() in _CASE_FIRST and _case_key(bare) in _CASE_NAMES:
            return bare, m.group(2).strip()
    return None


_DOC_PARA = re.compile(r"^(\d{1,4})\.(?:\s+|\t)(?=\S)")
_CASE_PARA = re.compile(r"^\[(\d{1,4})\]\s*|^(\d{1,4})\.\s+(?=\S)")
_DOC_HEADING_NUM = re.compile(
    r"^(?:(?P<roman>[IVXLC]+)\.|(?P<upper>[A-Z])\.|(?P<digit>\d{1,2})\.|(?P<lower>[a-z])\))\s"
)

# Localised labels for provisions whose marker we build ourselves.
ARTICLE_LABEL = {"en": "Article {}", "fr": "Article {}", "es": "Artículo {}", "ru": "Статья {}",
                 "ar": "المادة {}", "zh": "第{}条"}  # fmt: skip
PARAGRAPH_LABEL = {"en": "para. {}", "fr": "par. {}", "es": "párr. {}", "ru": "п. {}", "ar": "الفقرة {}",
                   "zh": "第{}段"}  # fmt: skip
PREAMBLE_LABEL = {"en": "Preamble", "fr": "Préambule", "es": "Preámbulo", "ru": "Преамбула", "ar": "الديباجة",
                  "zh": "序言"}  # fmt: skip
FOOTNOTE_LABEL = {"en": "Footnote {}", "fr": "Note {}", "es": "Nota {}", "ru": "Сноска {}", "ar": "الحاشية {}",
                  "zh": "脚注{}"}  # fmt: skip
WHOLE_LABEL = {"en": "Full text", "fr": "Texte intégral", "es": "Texto completo", "ru": "Полный текст",
               "ar": "النص الكامل", "zh": "全文"}  # fmt: skip


def _label(table: dict[str, str], language: str, *args: object) -> str:
    return table.get(language, table["en"]).format(*args)


# -- lines -------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # without markdown decoration
    raw: str  # as in the source (kept in provision text)
    block: Block
    heading_block: bool  # the source said this is a heading (HTML h1-h6, markdown #)
    level: int


def _tidy_label(text: str) -> str:
    """A heading as a one-line label: one space between words, none between two Han characters."""
    text = " ".join(text.split())
    m = _ZH_HEADING.match(text)
    if m and m.end() < len(text):
        # "第一编　总　　则" -> "第一编 总则": keep the space after the marker only.
        return text[: m.end()] + " " + _HAN_GAP.sub("", text[m.end() :].strip())
    return _HAN_GAP.sub("", text)


_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def _lines(doc: ParsedDocument) -> list[_Line]:
    out: list[_Line] = []
    for block in doc.blocks:
        if block.kind == "footnote" or not block.text.strip():
            continue  # footnotes become provisions of their own (_with_footnotes), never body text
        is_heading = block.kind == "heading"
        raw_lines = [ln for ln in block.text.split("\n") if ln.strip()]
        if is_heading:
            raw_lines = [" ".join(ln.strip() for ln in raw_lines)]
        pending: _Line | None = None
        for raw in raw_lines:
            raw = raw.rstrip()
            md = 0
            stripped = raw.lstrip()
            if stripped.startswith("#"):
                md = len(stripped) - len(stripped.lstrip("#"))
                md = md if md <= 6 and stripped[md : md + 1] in (" ", "") else 0
            text = stripped.strip()
            if text[0] in _MD_CHARS:
                text = _MD_PREFIX.sub("", text)
            if text and text[-1] in _MD_CHARS:
                text = _MD_SUFFIX.sub("", text)
            if "\u00a0" in text:
                text = text.replace("\u00a0", " ")
            if not text:
                continue
            if pending is not None:
                # A keyword alone on its line ("المادة", "CHAPTER") continues on the next one.
                pending.text = f"{pending.text} {text}"
                pending.raw = f"{pending.raw} {raw.strip()}"
                out.append(pending)
                pending = None
                continue
            line = _Line(text, raw, block, is_heading or md > 0, block.level if is_heading else md)
            if len(text) <= 12 and _BARE_KEYWORD.fullmatch(text):
                pending = line
                continue
            out.append(line)
        if pending is not None:
            out.append(pending)
    return out


# -- assembling provisions ----------------------------------------------------------------------


@dataclass
class _Draft:
    kind: str
    label: str
    number: str
    heading: str
    parts: list[str] = field(default_factory=list)
    language: str = ""
    headings: list[str] = field(default_factory=list)  # heading lines kept in a preamble's text
    title_parts: int = -1  # parts taken from the marker's own line (0 or 1); -1 when not known
    blocks: list[int] = field(default_factory=list)  # ids of the source blocks, to place footnotes after

    def add(self, text: str, block: Block) -> None:
        if text:
            self.parts.append(text)
        if block.language and not self.language:
            self.language = block.language
        if not self.blocks or self.blocks[-1] != id(block):
            self.blocks.append(id(block))


class _Headings:
    """The stack of enclosing headings; a heading of rank r closes every heading of rank >= r."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def push(self, rank: int, label: str) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, _tidy_label(label)))

    def drop(self, rank: int) -> None:
        """Close the heading of this rank, keeping those below it."""
        self.stack = [entry for entry in self.stack if entry[0] != rank]

    def pop_from(self, rank: int) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()

    def text(self) -> str:
        return " > ".join(label for _, label in self.stack)


_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_ASCII_LETTERS = bytes(i for i in range(128) if not chr(i).isalpha())


def _letters(text: str, limit: int = 1000) -> int:
    """Letters in the first `limit` characters (enough to compare with the small thresholds used here)."""
    head = text[:limit]
    if head.isascii():  # ASCII letters are A-Z and a-z: deleting the other bytes counts them at C speed
        return len(head.encode("ascii").translate(None, _NOT_ASCII_LETTERS))
    return len(_NOT_LETTER.sub("", head))


def _more_letters_than(text: str, n: int, limit: int = 1000) -> bool:
    """Whether the first `limit` characters hold more than `n` letters.

    Prose is mostly letters: the first 2n characters nearly always settle it, without counting up to `limit`.
    """
    probe = min(limit, 2 * n + 2)
    if _letters(text, probe) > n:
        return True
    return len(text) > probe and _letters(text, limit) > n


def _is_preamble_word(text: str) -> bool:
    """Whether `text` is only the word "Preamble" in one of the six languages (case, accents and spaces aside).

    fold() keeps every ASCII letter as a letter of its own (none composes with what precedes it), so a
    line with more ASCII letters than the longest such word is none of them: most lines are told so
    without folding them, which costs much more for a long one.
    """
    head = text[: 4 * _PREAMBLE_MAX]
    if len(head.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS)) > _PREAMBLE_MAX:
        return False
    return fold(text).strip().replace(" ", "") in _PREAMBLE_WORDS


def _finish(
    drafts: list[_Draft], language: str, detect: Callable[[str], str | None] | None
) -> list[Provision]:
    out: list[Provision] = []
    for d in drafts:
        text = "\n".join(d.parts).strip()
        if not text:
            continue
        lang = d.language or language
        if not d.language and detect is not None and _more_letters_than(text, DETECT_MIN_LETTERS):
            found = detect(text)
            if found:
                lang = found
        out.append(Provision(label=d.label, text=text, language=lang, order=len(out), number=d.number,
                             heading=d.heading, kind=d.kind))  # fmt: skip
    return out


def _substantial(draft: _Draft, title: str) -> bool:
    """Whether text before the first provision says more than the title and the headings."""
    t = title.strip().casefold()
    body = [p for p in draft.parts if p.casefold() != t and p not in draft.headings]
    text = " ".join(body)
    han = sum(1 for ch in text[:400] if "\u4e00" <= ch <= "\u9fff")
    return han >= 10 or _more_letters_than(text, 39)


def _whole(doc: ParsedDocument, lines: list[_Line], language: str) -> list[_Draft]:
    d = _Draft("whole", _label(WHOLE_LABEL, language), "", "")
    for ln in lines:
        d.add(ln.raw.strip(), ln.block)
    return [d]


def _explicit_number(value: str) -> str:
    m = match_article(value.strip())
    return m.number if m else normalize_number(value)


# Where an article marker may start inside a flattened line: a keyword after sentence punctuation or a
# space. The keywords are searched and the character before checked: a pattern opening with a look-behind
# is tried at every position of the line, the keywords' first characters are skipped to. No keyword holds
# punctuation or a space before its last character, so none hides another's start.
_INLINE_KEYWORD = re.compile(
    r"Article|ARTICLE|Art\.|ART\.|Art[ií]culo|ART[IÍ]CULO|Статья|СТАТЬЯ|Ст\.|"
    r"مادة|المادة|第[0-9一二三四五六七八九十百千零〇两]{1,8}条"
)
_INLINE_AFTER = frozenset(".;:。；：!?\u00a0")


def _inline_candidates(text: str) -> Iterator[int]:
    """Offsets in `text` where an article marker may start inside a line."""
    for m in _INLINE_KEYWORD.finditer(text):
        at = m.start()
        if at and (text[at - 1] in _INLINE_AFTER or text[at - 1].isspace()):
            yield at
INLINE_MIN_LINE = 2000  # a text whose lines are this long lost its line breaks
INLINE_MIN_MARKERS = 3


def _int_part(number: str) -> int | None:
    m = re.match(r"\d+", number)
    return int(m.group()) if m else None


def _split_inline(lines: list[_Line]) -> list[_Line] | None:
    """Cut flattened lines (a whole law on one line) before article markers that number 1, 2, 3 ... in order.

    Only a marker continuing the sequence (same number with a suffix, or one or two more) is
    taken, which keeps out references such as "in accordance with Article 12 of the Act".
    """
    if not any(len(ln.text) >= INLINE_MIN_LINE for ln in lines):
        return None
    cuts: dict[int, list[int]] = {}
    last: int | None = None
    found = 0
    for i, ln in enumerate(lines):
        for at in _inline_candidates(ln.text):
            m = match_article(ln.text[at : at + 200])
            n = _int_part(m.number) if m else None
            if n is None:
                continue
            ok = n <= 2 if last is None else (last < n <= last + 2 or (n == last and " " in m.number))
            if ok:
                cuts.setdefault(i, []).append(at)
                last, found = n, found + 1
    if found < INLINE_MIN_MARKERS:
        return None
    out: list[_Line] = []
    for i, ln in enumerate(lines):
        if i not in cuts:
            out.append(ln)
            continue
        bounds = [0, *cuts[i], len(ln.text)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            piece = ln.text[a:b].strip()
            if piece:
                out.append(_Line(piece, piece, ln.block, False, 0))
    return out


def _split_articles(doc: ParsedDocument, lines: list[_Line], language: str) -> list[_Draft] | None:
    """Articles under their headings; None when the text has no article at all."""
    markers = [match_article(ln.text) for ln in lines]
    n_markers = sum(1 for m in markers if m)
    if n_markers == 0 and not any(ln.block.number for ln in lines):
        relined = _split_inline(lines)
        if relined is not None:
            lines = relined
            markers = [match_article(ln.text) for ln in lines]
            n_markers = sum(1 for m in markers if m)
    if n_markers == 0:
        # Common-law statutes cite "Section 17" as others cite "Article 17", Maghreb laws "الفصل 17":
        # with no article at all, numbered sections are the provisions (Parts / Chapters stay headings).
        sections = [match_section_unit(ln.text) or _fasl_article(ln.text) for ln in lines]
        if sum(1 for m in sections if m) >= 2:
            markers, n_markers = sections, sum(1 for m in sections if m)
    meta_article = str(doc.metadata.get("article") or "").strip()
    explicit_blocks = any(ln.block.number for ln in lines)
    if meta_article and n_markers < 2:
        # A record that is one article (or a run "Articles 25-34" written as one text).
        if n_markers == 0:
            return _one_article(doc, lines, language, meta_article)
        explicit_blocks = False
    elif meta_article:
        explicit_blocks = False  # several markers: they win over the record's single "article"
    if n_markers == 0 and not explicit_blocks:
        return None

    heads = _Headings()
    chapter = str(doc.metadata.get("chapter") or "").strip()
    if chapter:
        heads.push(3, chapter)  # the record's own chapter, until the text names one
    drafts: list[_Draft] = []
    pre = _Draft("preamble", _label(PREAMBLE_LABEL, language), "", "")
    current: _Draft | None = None
    current_explicit = ""
    skip = -1
    title = fold(doc.title).strip()
    highest: int | None = None  # the highest article number since the start or the last annex
    annex: _Annex | None = None  # an annex heading waiting for the next article
    for i, ln in enumerate(lines):
        if i == skip:
            continue
        m = markers[i]
        explicit = ln.block.number if explicit_blocks else ""
        if explicit:
            if current is None or explicit != current_explicit:
                number = _explicit_number(explicit)
                if ln.heading_block:
                    heads.pop_from(10 + ln.level)
                label = m.label if m else _label(ARTICLE_LABEL, language, number)
                current = _Draft("article", label, number, heads.text())
                current_explicit = explicit
                drafts.append(current)
                if m:
                    current.add(m.rest, ln.block)
                elif not ln.heading_block:
                    current.add(ln.raw.strip(), ln.block)
                continue
            if m and m.number == current.number and not current.parts:
                current.add(m.rest, ln.block)
                continue
            current.add(ln.raw.strip(), ln.block)
            continue
        if m:
            if ln.heading_block:
                heads.pop_from(10 + ln.level)
            n = _int_part(m.number)
            if annex is not None:
                if n is not None and annex.highest is not None and n > annex.highest:
                    # Numbering goes on: the annex ("Annex 3.1" between chapters 3 and 4 of a treaty) has ended.
                    heads.drop(0)
                    annex.close()
                else:
                    highest = None  # numbering restarts: these articles are the annex's
                annex = None
            if n is not None:
                highest = n if highest is None else max(highest, n)
            current = _Draft("article", m.label, m.number, heads.text())
            current_explicit = ""
            drafts.append(current)
            current.add(m.rest, ln.block)
            current.title_parts = len(current.parts)
            continue
        h = match_heading(ln.text) if len(ln.text) <= HEADING_MAX_CHARS or ln.heading_block else None
        if h and h.kw == "فصل" and h.numeric and len(h.rest) >= 20:
            # Maghreb laws number their articles "الفصل 5": a numbered فصل followed by prose is an article.
            current = _Draft("article", h.marker, h.number, heads.text())
            drafts.append(current)
            current.add(h.rest, ln.block)
            continue
        if h:
            label, skip = _heading_label(lines, markers, i, not h.rest, skip)
            heads.push(h.rank, label)
            if current is None:
                pre.add(label, ln.block)
                pre.headings.append(label)
            continue
        if match_annex(ln.text) and not _open_sentence(lines, i):
            # Everything after an annex heading is under it (rank 0 closes the law's own chapters), so
            # articles numbered again from 1 are told apart from the law's; annex prose is its own section.
            label, skip = _heading_label(lines, markers, i, _annex_alone(ln.text), skip)
            heads.push(0, label)
            if annex is not None:
                annex.close()
            annex = _Annex(label, highest)
            if current is None:
                pre.add(label, ln.block)
                pre.headings.append(label)
            else:
                current = annex.draft = _Draft("section", _tidy_label(label), "", "")
                drafts.append(current)
            continue
        if ln.heading_block:
            folded = fold(ln.text).strip()
            if current is None:
                if folded in _PREAMBLE_WORDS or folded.replace(" ", "") in _PREAMBLE_WORDS:
                    pre.label = _tidy_label(ln.text)
                elif folded != title:
                    pre.add(ln.raw.strip(), ln.block)
                continue
            if folded in _PREAMBLE_WORDS:
                continue
            heads.push(10 + ln.level, ln.text)
            continue
        if current is None:
            if _is_preamble_word(ln.text):
                pre.label = _tidy_label(ln.text)
                continue
            pre.add(ln.raw.strip(), ln.block)
        else:
            current.add(ln.raw.strip(), ln.block)
    if annex is not None:
        annex.close()
    out = [pre] if _substantial(pre, doc.title) else []
    return out + _drop_contents_entries(drafts)


@dataclass
class _Annex:
    """An annex heading met after some articles, until the next article shows whether it holds articles."""

    label: str
    highest: int | None  # the highest article number before it
    draft: _Draft | None = None  # the section collecting the annex's own text

    def close(self) -> None:
        """No article came under this annex: keep its heading as the section's text, so it is not lost."""
        if self.draft is not None and not self.draft.parts:
            self.draft.parts.append(self.label)


def _heading_label(lines: list[_Line], markers: list, i: int, alone: bool, skip: int) -> tuple[str, int]:
    """(label, index of a line used up) for the heading at line i: a bare "CHAPTER II" takes the title below it."""
    ln = lines[i]
    if alone and i + 1 < len(lines):
        nxt = lines[i + 1]
        if (
            len(nxt.text) <= 120
            and not markers[i + 1]
            and not match_heading(nxt.text)
            and not match_annex(nxt.text)
            and not nxt.block.number
            and nxt.text[-1:] not in ".;,"
            and not nxt.text[:1].islower()
        ):
            return f"{ln.text} — {nxt.text}", i + 1
    return ln.text, skip


def _open_sentence(lines: list[_Line], i: int) -> bool:
    """Whether the line before line i stops mid-sentence, so that line i is its hard-wrapped continuation."""
    if i == 0 or lines[i].block is not lines[i - 1].block:
        return False
    prev = lines[i - 1].text
    # A short line ("The President" above "ANNEX") is a signature or a title, not wrapped prose.
    return prev[-1:] in (",", "-", "–") or (len(prev) > 30 and prev[-1:].isalpha() and prev[-1:].islower())


def _annex_alone(line: str) -> bool:
    """Whether an annex heading is only its keyword and number ("ANNEX", "Annex II"), without a title."""
    m = _ANNEX_LATIN.match(line) or _ANNEX_AR.match(line) or _ANNEX_ZH.match(line)
    if m is None:
        return False
    return not line[_ANNEX_NUMBER.match(line, m.end()).end() :].strip()


def _drop_contents_entries(drafts: list[_Draft]) -> list[_Draft]:
    """Drop a table of contents: entries that are a label and a title only, listed again later with a text.

    A listing at the start whose numbering restarts (1, 2 ... 40, then 1 again) goes as a
    whole, entries whose real text was cut off included, when (almost) all its entries are
    titles and the restarted run has texts. Anything else that restarts is kept: short
    articles of a decree before its annex are articles, not contents.
    """
    arts = [d for d in drafts if d.kind == "article"]
    if len(arts) > 2 and (first := _int_part(arts[0].number)) is not None:
        restart = next((k for k in range(1, len(arts)) if _int_part(arts[k].number) == first), 0)
        listing, later = arts[:restart], arts[restart:]
        titles = sum(1 for d in listing if _title_only(d))
        if (
            restart >= 2
            and titles >= 0.9 * restart
            and all(_size(d) <= 250 for d in listing)
            and any(not _title_only(d) for d in later if d.number == arts[0].number)
        ):
            dropped = {id(d) for d in listing}
            drafts = [d for d in drafts if id(d) not in dropped]
    # A single contents entry (or a listing that does not start at 1): dropped only when a later
    # article with the same number has a text.
    with_text_after: set[str] = set()
    keep: list[_Draft] = []
    for d in reversed(drafts):
        if d.kind == "article":
            if _title_only(d) and d.number in with_text_after:
                continue
            if not _title_only(d):
                with_text_after.add(d.number)
        keep.append(d)
    return keep[::-1]


# A contents entry's dot leaders and page number: "Offences ........ 4".
_LEADERS = re.compile(r"(?:\s*[.…·_]){4,}\s*\d*\s*$")
_LEADER_CHARS = ".…·_"


def _ends_in_leaders(text: str) -> bool:
    """Whether _LEADERS.search(text) matches, read backwards from the end (the regex tries every start).

    Whitespace, decimal digits and leader characters are disjoint, so the end is read in one way:
    spaces, digits, spaces, then four leaders each after optional spaces.
    """
    t = text.rstrip()
    end = len(t)
    while end and t[end - 1].isdecimal():
        end -= 1
    t = t[:end].rstrip()
    for _ in range(4):
        if not t or t[-1] not in _LEADER_CHARS:
            return False
        t = t[:-1].rstrip()
    return True
_SENTENCE_END = (".", ";", ":", "!", "?", "。", "；", "：", "؛", "．")


def _size(d: _Draft) -> int:
    return sum(len(p) for p in d.parts) + len(d.parts)


def _title_only(d: _Draft) -> bool:
    """Whether an article draft is only its label and a title, as in a table of contents.

    A title is on the marker's line and is no sentence, or ends in dot leaders and a page
    number ("Time and place of dispatch and / receipt . . . . 139", wrapped over lines).
    """
    if not d.parts:
        return True
    if _ends_in_leaders(d.parts[-1]):
        return len(d.parts) <= 3 and _size(d) <= 250
    if len(d.parts) > 1 or d.title_parts != 1:
        return False
    return len(d.parts[0]) <= 150 and not d.parts[0].endswith(_SENTENCE_END)


def _one_article(doc: ParsedDocument, lines: list[_Line], language: str, meta_article: str) -> list[_Draft]:
    m = match_article(meta_article)
    if m:
        label, number = m.label, m.number
    else:
        mm = re.match(r"(?i)articles?\s*(.+)", meta_article)
        label, number = meta_article, normalize_number(mm.group(1) if mm else meta_article)
    if re.match(r"(?i)articles\s", meta_article):
        label = meta_article
    mm = re.match(r"(?i)(articles?)\s*(\d+)\s*[-–]\s*(\d+)$", meta_article)
    if mm:
        number = f"{mm.group(2)}-{mm.group(3)}"
    chapter = str(doc.metadata.get("chapter") or "").strip()
    d = _Draft("article", label, number, _tidy_label(chapter) if chapter else "")
    for ln in lines:
        d.add(ln.raw.strip(), ln.block)
    return [d]


def _split_paragraphs(doc: ParsedDocument, lines: list[_Line], language: str) -> list[_Draft] | None:
    """UN documents and strategies: numbered paragraphs "12." under their headings.

    Unnumbered text under a heading met after the first paragraph becomes a section
    labelled by that heading, so it is not glued to the paragraph before the heading.
    """
    heads = _Headings()
    drafts: list[_Draft] = []
    pre = _Draft("preamble", _label(PREAMBLE_LABEL, language), "", "")
    current: _Draft | None = None
    last = 0
    last_upper = ""
    title = fold(doc.title).strip()
    for ln in lines:
        text = ln.text
        hn = _DOC_HEADING_NUM.match(text) if ln.heading_block or len(text) <= HEADING_MAX_CHARS else None
        roman = hn.group("roman") if hn else None
        if roman and (
            roman_to_int(roman) is None
            or (len(roman) == 1 and (roman in "CL" or last_upper == chr(ord(roman) - 1)))
        ):
            roman = None  # "C. Assistance technique" after "B.": a letter, not 100
        upper = (hn.group("upper") or (hn.group("roman") if not roman else None)) if hn else None
        is_heading = ln.heading_block or (hn is not None and bool(roman or upper) and text[-1:] not in ".;:,")
        if is_heading:
            rank = (
                1 if roman else
                2 if upper else
                3 if hn and hn.group("digit") else
                4 if hn and hn.group("lower") else 0
            )  # fmt: skip
            if upper:
                last_upper = upper
            elif roman:
                last_upper = ""
            if current is None and not drafts:
                if rank:
                    heads.push(rank, text)
                    pre.add(ln.raw.strip(), ln.block)
                    pre.headings.append(ln.raw.strip())
                elif fold(text).strip() != title:
                    pre.add(ln.raw.strip(), ln.block)
                continue
            heads.push(rank or 5 + ln.level, text)
            current = None
            continue
        m = _DOC_PARA.match(text)
        if m and last < int(m.group(1)) <= last + 2:
            last = int(m.group(1))
            current = _Draft("paragraph", _label(PARAGRAPH_LABEL, language, last), str(last), heads.text())
            drafts.append(current)
            current.add(text[m.end() :].strip(), ln.block)
            continue
        if current is None and drafts:
            labels = [label for _, label in heads.stack] or [_label(PARAGRAPH_LABEL, language, last)]
            current = _Draft("section", labels[-1], "", " > ".join(labels[:-1]))
            drafts.append(current)
        if current is None:
            pre.add(ln.raw.strip(), ln.block)
        else:
            current.add(ln.raw.strip(), ln.block)
    if sum(1 for d in drafts if d.kind == "paragraph") < 2:
        return None
    out = [pre] if _substantial(pre, doc.title) else []
    return out + drafts


def _split_case(doc: ParsedDocument, lines: list[_Line], language: str) -> list[_Draft]:
    found = [match_case_section(ln.text) for ln in lines]
    distinct = {fold(f[0]) for f in found if f}
    if len(distinct) >= 2:
        drafts: list[_Draft] = []
        section_lines: list[list[_Line]] = []
        pre = _Draft("preamble", _label(PREAMBLE_LABEL, language), "", "")
        current: _Draft | None = None
        for ln, sec in zip(lines, found, strict=True):
            if sec and sec[1] and current is not None and not current.parts:
                sec = None  # "裁判理由" then "本院认为，……": the opening words belong to the heading above
            if sec:
                current = _Draft("section", _tidy_label(sec[0]), "", "")
                drafts.append(current)
                section_lines.append([])
                current.add(sec[1], ln.block)
            elif current is None:
                pre.add(ln.raw.strip(), ln.block)
            else:
                current.add(ln.raw.strip(), ln.block)
                section_lines[-1].append(ln)
        out = [pre] if _substantial(pre, doc.title) else []
        for draft, own in zip(drafts, section_lines, strict=True):
            # A long section with numbered paragraphs ([1], [2] ...) is cited by paragraph.
            long = sum(len(p) for p in draft.parts) > LONG_CASE_CHARS
            numbered = _numbered_paragraphs(own, language, draft.label) if long else None
            if numbered is None:
                out.append(draft)
                continue
            intro, paragraphs = numbered
            on_heading_line = draft.parts[: len(draft.parts) - len(own)]  # "Held: ..." written beside the name
            draft.parts = on_heading_line + intro.parts
            if draft.parts:
                out.append(draft)
            out.extend(paragraphs)
        return out
    total = sum(len(ln.raw) for ln in lines)
    if total <= LONG_CASE_CHARS:
        return _whole(doc, lines, language)
    return _case_paragraphs(lines, language) or _whole(doc, lines, language)


def _numbered_paragraphs(
    lines: list[_Line], language: str, heading: str = ""
) -> tuple[_Draft, list[_Draft]] | None:
    """(text before the first number, paragraphs) for lines numbered "[12]" or "12." in sequence; None if < 3."""
    drafts: list[_Draft] = []
    pre = _Draft("preamble", _label(PREAMBLE_LABEL, language), "", "")
    current: _Draft | None = None
    last = 0
    for ln in lines:
        m = _CASE_PARA.match(ln.text)
        n = int(m.group(1) or m.group(2)) if m else 0
        if m and last < n <= last + 2:
            last = n
            current = _Draft("paragraph", _label(PARAGRAPH_LABEL, language, n), str(n), heading)
            drafts.append(current)
            current.add(ln.text[m.end() :].strip(), ln.block)
        elif current is None:
            pre.add(ln.raw.strip(), ln.block)
        else:
            current.add(ln.raw.strip(), ln.block)
    return (pre, drafts) if len(drafts) >= 3 else None


def _case_paragraphs(lines: list[_Line], language: str) -> list[_Draft] | None:
    """A long case without sections: its numbered paragraphs, else chunks of about CASE_CHUNK_CHARS."""
    numbered = _numbered_paragraphs(lines, language)
    if numbered is not None:
        pre, drafts = numbered
        return ([pre] if _substantial(pre, "") else []) + drafts
    # No numbering: cut at line ends into chunks, so that search can point into a long judgment.
    chunks: list[_Draft] = []
    size = 0
    for ln in lines:
        if not chunks or size >= CASE_CHUNK_CHARS:
            k = len(chunks) + 1
            chunks.append(_Draft("paragraph", _label(PARAGRAPH_LABEL, language, k), str(k), ""))
            size = 0
        chunks[-1].add(ln.raw.strip(), ln.block)
        size += len(ln.raw)
    return chunks if len(chunks) > 1 else None


def split_provisions(
    doc: ParsedDocument,
    doc_type: str,
    language: str,
    detect: Callable[[str], str | None] | None = None,
) -> list[Provision]:
    """The provisions of `doc`: articles (legislation, treaty), paragraphs (document, strategy), sections (case).

    `language` is the document's language; with `detect`, a provision longer than about
    200 letters that detects as another language gets that language instead. Footnotes
    come out as provisions of kind "footnote" ("Footnote 3"), after the provision they follow.
    Never returns empty provisions; returns [] only when the document has no text.
    """
    lines = _lines(doc)
    if not lines:
        return _finish(_with_footnotes([], doc, language), language, detect)
    drafts: list[_Draft] | None = None
    if doc_type in ("legislation", "treaty"):
        drafts = _split_articles(doc, lines, language)
    elif doc_type in ("document", "strategy"):
        drafts = _split_paragraphs(doc, lines, language)
        if drafts is None:
            drafts = _split_articles(doc, lines, language)
    elif doc_type == "case":
        drafts = _split_case(doc, lines, language)
    provisions = _finish(_with_footnotes(drafts or _whole(doc, lines, language), doc, language), language, detect)
    if not any(p.kind != "footnote" for p in provisions):
        provisions = _finish(_with_footnotes(_whole(doc, lines, language), doc, language), language, detect)
    return provisions


# "1 See ...", "12. Ibid.", "[3] ...", "* Reissued ...", "a) ..." at the start of a footnote.
_NOTE_MARK = re.compile(
    r"^(?:\[(\d{1,4})\]\s*|(\d{1,4})(?:\.?\s+|\)\s*)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})\s*|(\*{1,4})\s*|([a-z])\)\s*)(?=\S)"
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _footnote_draft(block: Block, language: str) -> _Draft | None:
    """A footnote block as a draft labelled by its mark ("Footnote 3", "Note 3"), the mark left out of the text."""
    text = " ".join(block.text.split())
    if not text:
        return None
    m = _NOTE_MARK.match(text)
    mark = next((g for g in m.groups() if g), "").translate(_SUPERSCRIPTS) if m else ""
    if m and m.end() < len(text):
        text = text[m.end() :]
    else:
        mark = ""
    d = _Draft("footnote", _label(FOOTNOTE_LABEL, language, mark).strip(), "" if mark.startswith("*") else mark, "")
    d.add(text, block)
    return d


def _with_footnotes(drafts: list[_Draft], doc: ParsedDocument, language: str) -> list[_Draft]:
    """The drafts with each footnote placed after the draft holding the text before it (at the end if none).

    Readers put a footnote where it belongs: the PDF reader after the paragraph citing it
    (else at the end of its page), the text reader where the note stands. Footnotes are
    never part of a provision's text: they are provisions of kind "footnote".
    """
    owner: dict[int, int] = {}
    for k, d in enumerate(drafts):
        for b in d.blocks:
            owner[b] = k  # a block spread over several drafts: the last one is just before the note
    after: dict[int, list[_Draft]] = defaultdict(list)
    last = -1
    for block in doc.blocks:
        if block.kind == "footnote":
            note = _footnote_draft(block, language)
            if note is not None:
                after[last].append(note)
        elif id(block) in owner:
            last = owner[id(block)]
    if not after:
        return drafts
    out: list[_Draft] = []
    for k, d in enumerate(drafts):
        out.append(d)
        for note in after.get(k, ()):
            note.heading = " > ".join(x for x in (d.heading, d.label) if x and d.kind != "whole")
            out.append(note)
    out.extend(after.get(-1, ()))
    return out
