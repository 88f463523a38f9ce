"""Numbers as legal texts write them: digits of several scripts, Roman, Chinese and Arabic words, suffixes."""

from __future__ import annotations

import re

from index.textnorm import fold

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
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "nonies", "decies")
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
    m = re.search(r"[\s\-]*(" + "|".join(SUFFIXES) + r"|مكرر[اً]?)$", raw, re.IGNORECASE)
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
