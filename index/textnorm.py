"""Text normalisation shared by analysis, the thesaurus and classification rules."""

from __future__ import annotations

import functools
import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None})


def normalize_arabic(text: str) -> str:
    """Fold alef and hamza forms, ta marbuta, alef maqsura; drop tatweel and diacritics."""
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_MAP)


@functools.cache
def _combining() -> re.Pattern:
    """Every character with a non-zero canonical combining class (as unicodedata.combining), as one class.

    Built on first use (a scan of all code points, ~0.1 s) so that a process folding only ASCII never pays it.
    """
    points = [c for c in range(0x110000) if unicodedata.combining(chr(c))]
    ranges = []
    for c in points:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def fold(text: str) -> str:
    """Lower-case, strip accents (Latin and Cyrillic й/ё keep their letter), normalise Arabic."""
    if text.isascii():
        return text.lower()  # NFKC, NFD and the Arabic folds change no ASCII character; casefold is lower
    text = unicodedata.normalize("NFKC", text).casefold()
    text = normalize_arabic(text)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _combining().sub("", decomposed))


def norm_phrase(text: str) -> str:
    """fold() plus one space between words and no punctuation: the key for term lookups."""
    return " ".join(re.findall(r"\w+", fold(text)))
