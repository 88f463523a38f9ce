"""What a line is, in the six UN languages: an article, a heading, an annex, a case section, a paragraph.

Markers are recognised only at the start of a block or of a line, so that "as provided in
article 5" inside a sentence never splits a text; the patterns are anchored and precompiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.textnorm import fold, normalize_arabic
from ingest.numbering import SUFFIXES, arabic_ordinal, normalize_number, roman_to_int

MD_PREFIX = re.compile(r"^[\s#>*_|]+")
MD_SUFFIX = re.compile(r"[\s*_|]+$")
MD_CHARS = set("#>*_|")
_SEP = " .:;-–—−‐)]|ـ\t\u3000"

_NUM = (
    r"(?:(?i:premier|premi[eè]re|1er|1re|unique|primero|primera|[uú]nic[oa]|segund[oa]|tercer[oa]|cuart[oa]"
    r"|quint[oa]|sext[oa]|s[eé]ptim[oa]|octav[oa]|noven[oa]|d[eé]cim[oa])\b"
    r"|[LRDA]\.?\s?\d+(?:[.\-–]\d+)*"
    r"|\d+(?:[.\-–/]\d+)*[A-Z]?(?:[ºo°ª](?![a-z]))?"
    r"|[IVXLCDM]+\b)"
)
_SUFFIX = r"(?:[\s\-]*(?i:" + "|".join(SUFFIXES) + r")\b)?"
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
ZH_HEADING = re.compile(r"(?P<kw>第)\s*(?P<num>" + _ZH_NUM + r")\s*(?P<unit>分编|部分|编|章|节|目)")
BARE_KEYWORD = re.compile(
    r"(?i:article|art[ií]culo|статья|chapter|chapitre|cap[ií]tulo|глава|раздел|part|partie|title|titre|t[ií]tulo"
    r"|section)|(?:ال)?(?:ماد[ةه]|فصل|باب|فرع|قسم|كتاب)"
)

PREAMBLE_WORDS = {"preamble", "preambule", "preambulo", "преамбула", "الديباجه", "ديباجه", "序言", "序 言"}
PREAMBLE_MAX = max(len(w.replace(" ", "")) for w in PREAMBLE_WORDS)

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


def fasl_article(line: str) -> _Marker | None:
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
        m = ZH_HEADING.match(line)
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


def annex_alone(line: str) -> bool:
    """Whether an annex heading is only its keyword and number ("ANNEX", "Annex II"), without a title."""
    m = _ANNEX_LATIN.match(line) or _ANNEX_AR.match(line) or _ANNEX_ZH.match(line)
    if m is None:
        return False
    return not line[_ANNEX_NUMBER.match(line, m.end()).end() :].strip()


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


DOC_PARA = re.compile(r"^(\d{1,4})\.(?:\s+|\t)(?=\S)")
CASE_PARA = re.compile(r"^\[(\d{1,4})\]\s*|^(\d{1,4})\.\s+(?=\S)")
DOC_HEADING_NUM = re.compile(
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


def localised(table: dict[str, str], language: str, *args: object) -> str:
    return table.get(language, table["en"]).format(*args)
