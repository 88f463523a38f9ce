"""Text normalisation shared by analysis, the thesaurus and classification rules."""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None})


def normalize_arabic(text: str) -> str:
    """Fold alef and hamza forms, ta marbuta, alef maqsura; drop tatweel and diacritics."""
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_MAP)


def fold(text: str) -> str:
    """Lower-case, strip accents (Latin and Cyrillic й/ё keep their letter), normalise Arabic."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = normalize_arabic(text)
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", out)


def norm_phrase(text: str) -> str:
    """fold() plus one space between words and no punctuation: the key for term lookups."""
    return " ".join(re.findall(r"\w+", fold(text)))
