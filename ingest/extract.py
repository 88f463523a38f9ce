"""Citations found in text: UN document symbols, dates written in the six languages, ECLI identifiers."""

from __future__ import annotations

import datetime as _dt
import re

from index.textnorm import normalize_arabic

# -- UN document symbols ------------------------------------------------------------------------

# First elements of UN document symbols (series of the main organs and of the bodies this field cites).
_SERIES = (
    "A", "S", "E", "ST", "CTOC", "CAC", "UNODC", "CCPCJ", "CND", "INCB", "TD", "UNEP", "DP", "ECE", "ESCAP", "ECA",
    "ECLAC", "ESCWA", "HRC", "CRC", "CEDAW", "CCPR", "CAT", "CERD", "CRPD", "CED", "CMW", "SG", "UNW", "GC", "IDB",
    "FCCC", "ICCD", "UNCITRAL", "T", "SC", "DPKO", "UNDP", "UNICEF", "UNHCR",
)  # fmt: skip
_SEGMENT = r"(?:(?:Rev|Add|Corr|Amend|Sub)\.\d+|[A-Z]{1,3}-\d+|[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+)*|\d+(?:\.\d+)?)"
# The lookahead rejects most positions (anything but capitals then "/") before the alternation is tried.
_SYMBOL_RE = re.compile(
    r"(?<![A-Za-z0-9.])(?=[A-Z][A-Z]*/)(?:" + "|".join(sorted(_SERIES, key=len, reverse=True)) + r")"
    r"(?:/" + _SEGMENT + r")+(?![A-Za-z0-9])"
)

_CAPITAL_SLASH = re.compile(r"[A-Z]/")


def extract_symbols(text: str) -> list[str]:
    """UN document symbols cited in `text` (CTOC/COP/2018/5, A/RES/55/25, E/CN.15/2023/L.1/Rev.1 ...).

    A joint symbol "CTOC/COP/WG.2/2017/4-CTOC/COP/WG.3/2017/4" gives both symbols.
    Order of first appearance, no duplicates.
    """
    out: list[str] = []
    # Every symbol has a capital letter right before a slash (its series: "CTOC/", "A/"). Most texts have no
    # slash, found at memchr speed, or none after a capital, found in a third of the full pattern's scan.
    if "/" not in text or not _CAPITAL_SLASH.search(text):
        return out
    seen: set[str] = set()
    for m in _SYMBOL_RE.finditer(text):
        symbol = m.group(0)
        parts = symbol.split("/")
        # A symbol has a number somewhere; "A/B" or "S/PV" alone are words, not citations.
        if len(parts) < 2 or not any(p[:1].isdigit() or "." in p for p in parts[1:]):
            continue
        if symbol not in seen:
            seen.add(symbol)
            out.append(symbol)
    return out


# -- dates ----------------------------------------------------------------------------------------

_MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # fr
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # ru (genitive, as in dates)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
# Arabic month names, folded with normalize_arabic: Egyptian/Gulf, Levantine and Maghreb names.
_AR_MONTHS = {
    normalize_arabic(k): v
    for k, v in {
        "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
        "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11,
        "ديسمبر": 12, "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
        "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "جانفي": 1, "فيفري": 2,
        "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    }.items()
}  # fmt: skip
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)

_LATIN_MONTH = (
    r"(?P<month>" + "|".join(sorted((m for m in _MONTHS if m.isascii() or not "\u0400" <= m[0] <= "\u04ff"),
                                    key=len, reverse=True)) + r")\b\.?"
)  # fmt: skip
_CYR_MONTH = r"(?P<month>" + "|".join(m for m in _MONTHS if "\u0400" <= m[0] <= "\u04ff") + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:er|re|º|°|o|st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|2[01]\d\d)"
_DMY_RE = re.compile(
    r"(?<!\d)" + _DAY + r"\s+(?:(?:de|of)\s+)?" + _LATIN_MONTH + r",?\s+(?:(?:de|del)\s+)?" + _YEAR + r"(?!\d)",
    re.IGNORECASE,
)
_PREMIER_RE = re.compile(
    r"\b(?P<day>premier|primero)\s+(?:de\s+)?" + _LATIN_MONTH + r"\s+(?:(?:de|del)\s+)?" + _YEAR + r"(?!\d)",
    re.IGNORECASE,
)
_MDY_RE = re.compile(r"\b" + _LATIN_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)", re.IGNORECASE)
_RU_RE = re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\s+" + _CYR_MONTH + r"\s+" + _YEAR + r"(?!\d)", re.IGNORECASE)
_AR_MONTH_WORD = r"[\u0621-\u064a]+(?:\s+(?:الاول|الثاني))?"
_AR_RE = re.compile(
    r"(?<!\d)(?P<day>[0-3]?\d)\s+(?P<m1>" + _AR_MONTH_WORD + r")(?:\s*/\s*(?P<m2>" + _AR_MONTH_WORD + r"))?"
    r"\s+(?:(?:سنه|عام|لسنه)\s+)?" + _YEAR + r"(?!\d)"
)
_ZH_NUM = r"[0-9〇零一二三四五六七八九十]"
_ZH_RE = re.compile(
    r"(?P<year>" + _ZH_NUM + r"{4})\s*年\s*(?P<month>" + _ZH_NUM + r"{1,3})\s*月\s*(?P<day>" + _ZH_NUM + r"{1,3})\s*日"
)
_ISO_RE = re.compile(r"(?<![\d/.-])" + _YEAR + r"-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")
_NUMERIC_RE = re.compile(r"(?<![\d/.])(?P<day>[0-3]?\d)([/.])(?P<month>[01]?\d)\2" + _YEAR + r"(?![\d/.])")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_OTHER_DIGITS = re.compile(r"[٠-٩۰-۹０-９]")
_YEAR_ANY = re.compile(r"(?<!\d)(?:1[6-9]|2[01])\d\d(?!\d)")
_WINDOW = 60  # characters before a year where its day and month are written


def _tail(rx: re.Pattern) -> re.Pattern:
    """The same pattern, forced to end where the search ends (right after a year)."""
    return re.compile(rx.pattern + r"\Z", rx.flags)


_DMY_TAIL, _PREMIER_TAIL, _MDY_TAIL, _RU_TAIL, _AR_TAIL, _NUMERIC_TAIL = map(
    _tail, (_DMY_RE, _PREMIER_RE, _MDY_RE, _RU_RE, _AR_RE, _NUMERIC_RE)
)
_ARABIC = re.compile(r"[\u0621-\u064a]")
_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _zh_number(text: str) -> int:
    text = text.translate(_DIGITS)
    if text.isdigit():
        return int(text)
    if "十" in text:  # 十一, 二十, 二十三
        tens, _, units = text.partition("十")
        return (_ZH_DIGIT.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGIT.get(units, 0) if units else 0)
    return int("".join(str(_ZH_DIGIT.get(ch, 0)) for ch in text))  # years: 二〇〇〇


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _day(text: str) -> int:
    text = text.lower()
    return 1 if text in ("premier", "primero") else int(re.sub(r"\D", "", text))


def extract_dates(text: str, lang: str | None = None) -> list[str]:
    """ISO dates (YYYY-MM-DD) written in `text` in any of the six languages, in order of appearance.

    "19 juillet 2018", "1er mars 2020", "15 de noviembre de 2000", "15 ноября 2000 г.",
    "15 November 2000", "November 15, 2000", "١٥ نوفمبر ٢٠٠٠", "15 تشرين الثاني/نوفمبر 2000",
    "2000年11月15日", "2000-11-15". Numeric "15/11/2000" or "15.11.2000" is read day first, and
    only when `lang` is given and is not English (where 11/15/2000 would be month first).
    """
    found: list[tuple[int, str]] = []
    text_d = text.translate(_DIGITS) if _OTHER_DIGITS.search(text) else text
    numeric = bool(lang and lang != "en")
    # Every written form but the Chinese and ISO ones ends with the year: find the years (cheap,
    # digit-led), then try the forms only on the few dozen characters before each one.
    for y in _YEAR_ANY.finditer(text_d):
        start, end = max(0, y.start() - _WINDOW), y.end()
        if text_d.startswith("-", end) and (m := _ISO_RE.match(text_d, y.start())):
            if iso := _iso(int(m.group("year")), int(m.group("month")), int(m.group("day"))):
                found.append((m.start(), iso))
            continue
        window = text_d[start:end]
        if not _LETTER.search(window):
            # Only a numeric date can end here ("15/11/2000"); a table of years costs nothing more.
            if numeric and (m := _NUMERIC_TAIL.search(text_d, start, end)):
                iso = _iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
                if iso:
                    found.append((m.start(), iso))
            continue
        for rx in (_DMY_TAIL, _PREMIER_TAIL, _MDY_TAIL):
            if m := rx.search(text_d, start, end):
                month = _MONTHS.get(m.group("month").lower().rstrip("."))
                if month and (iso := _iso(int(m.group("year")), month, _day(m.group("day")))):
                    found.append((m.start(), iso))
                    break
        else:
            if _CYRILLIC.search(window) and (m := _RU_TAIL.search(text_d, start, end)):
                month = _MONTHS.get(m.group("month").lower())
                if month and (iso := _iso(int(m.group("year")), month, int(m.group("day")))):
                    found.append((m.start(), iso))
            elif _ARABIC.search(window) and (m := _AR_TAIL.search(normalize_arabic(window))):
                month = _AR_MONTHS.get(m.group("m2") or "") or _AR_MONTHS.get(m.group("m1"))
                if month is None:
                    month = _AR_MONTHS.get(m.group("m1").split()[-1])
                if month and (iso := _iso(int(m.group("year")), month, int(m.group("day")))):
                    found.append((start + m.start(), iso))
            elif numeric and (m := _NUMERIC_TAIL.search(text_d, start, end)):
                iso = _iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
                if iso:
                    found.append((m.start(), iso))
    if "年" in text_d:
        for m in _ZH_RE.finditer(text_d):
            iso = _iso(_zh_number(m.group("year")), _zh_number(m.group("month")), _zh_number(m.group("day")))
            if iso:
                found.append((m.start(), iso))
    out: list[str] = []
    for _, iso in sorted(found, key=lambda f: f[0]):
        if iso not in out:
            out.append(iso)
    return out


# -- ECLI -------------------------------------------------------------------------------------------

_ECLI_RE = re.compile(r"\bECLI:[A-Z]{2}:[A-Z0-9.]{1,7}:\d{4}:[A-Z0-9.]*[A-Z0-9]", re.IGNORECASE)


def extract_ecli(text: str) -> list[str]:
    """European Case Law Identifiers (ECLI:FR:CCASS:2019:CR01234), upper-cased, in order, no duplicates."""
    out: list[str] = []
    if "ECLI:" not in text and "ecli:" not in text and "Ecli:" not in text:
        return out
    for m in _ECLI_RE.finditer(text):
        ecli = m.group(0).upper()
        if ecli not in out:
            out.append(ecli)
    return out
