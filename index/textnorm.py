"""Text normalisation shared by analysis, the thesaurus and classification rules."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None})


def normalize_arabic(text: str) -> str:
    """Fold alef and hamza forms, ta marbuta, alef maqsura; drop tatweel and diacritics."""
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_MAP)


def char_ranges(codes: Iterable[int]) -> str:
    """Sorted code points as the inside of a regex class, in runs (which `re` tests quickly)."""
    runs: list[list[int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


@functools.cache
def _combining() -> re.Pattern:
    """Runs of characters with a non-zero combining class (the accents NFD splits off).

    Built on first use, as it scans the code points, so a process folding only ASCII never
    pays for it; none is assigned above plane 2.
    """
    return re.compile("[" + char_ranges(c for c in range(0x30000) if unicodedata.combining(chr(c))) + "]+")


def fold(text: str) -> str:
    """Lower-case, strip accents (Latin and Cyrillic й/ё keep their letter), normalise Arabic."""
    if text.isascii():
        return text.lower()  # NFKC, NFD and the Arabic folds change no ASCII character; casefold is lower
    text = normalize_arabic(unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", _combining().sub("", unicodedata.normalize("NFD", text)))


def norm_phrase(text: str) -> str:
    """fold() plus one space between words and no punctuation: the key for term lookups."""
    return " ".join(re.findall(r"\w+", fold(text)))
