"""Language detection restricted to the six UN languages (ar, en, es, fr, ru, zh).

Only six languages are possible, so the script decides most cases exactly and for
free: Han -> zh, Arabic -> ar, Cyrillic -> ru. Only Latin-script text (en, es, fr)
needs a statistical detector, and that detector only has to choose among three.
Detection looks at a bounded sample (the start plus a slice of the middle) so that
a 10 MB text costs no more than a page.
"""

from __future__ import annotations

import threading
from typing import Protocol

from index.errors import SherlocError
from index.models import LANGUAGES

HEAD_CHARS = 2000  # the start holds the title and first provisions
MIDDLE_CHARS = 1000  # a middle slice catches a bilingual banner or a foreign cover page
MIN_LETTERS = 3  # fewer letters than this say nothing about a language
MIN_LATIN_LETTERS = 12  # below this, en/es/fr cannot be told apart reliably


class LanguageDetector(Protocol):
    """What the pipeline needs from a detector."""

    name: str

    def detect(self, text: str) -> str | None:
        """One of ar en es fr ru zh, or None when the text is too short or has no letters."""
        ...


def sample(text: str) -> str:
    """The part of `text` detection looks at: the head plus a slice of the middle."""
    if len(text) <= HEAD_CHARS + MIDDLE_CHARS:
        return text
    mid = len(text) // 2
    return text[:HEAD_CHARS] + "\n" + text[mid : mid + MIDDLE_CHARS]


def _script_of(ch: str) -> str | None:
    """"han", "arabic", "cyrillic", "latin", "other" for a letter, None for a non-letter."""
    o = ord(ch)
    if o < 0x80:
        return "latin" if ch.isalpha() else None
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
        return "han"
    if 0x0600 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        # Arabic presentation forms too: some PDFs extract Arabic that way.
        return "arabic" if ch.isalpha() else None
    if 0x0400 <= o <= 0x052F:
        return "cyrillic" if ch.isalpha() else None
    if not ch.isalpha():
        return None
    if o <= 0x024F or 0x1E00 <= o <= 0x1EFF:
        return "latin"
    return "other"


def script_counts(text: str) -> dict[str, int]:
    """Letters per script in `text` (only letters count; digits and punctuation do not)."""
    counts = {"han": 0, "arabic": 0, "cyrillic": 0, "latin": 0, "other": 0}
    for ch in text:
        s = _script_of(ch)
        if s is not None:
            counts[s] += 1
    return counts


def script_language(counts: dict[str, int]) -> str | None:
    """The language the script alone decides ("zh", "ar", "ru"), "latin" for Latin, None for no letters.

    A Han character carries about as much as a short word, so it weighs three Latin
    letters: a Chinese judgment citing "WTO" or a case number stays Chinese.
    """
    weighted = {
        "zh": counts["han"] * 3,
        "ar": counts["arabic"],
        "ru": counts["cyrillic"],
        "latin": counts["latin"],
    }
    total = counts["han"] + counts["arabic"] + counts["cyrillic"] + counts["latin"]
    if total < MIN_LETTERS and not counts["han"]:
        return None
    best = max(weighted, key=lambda k: weighted[k])
    if weighted[best] == 0:
        return None
    return best


class _ScriptFirst:
    """Shared logic: script decides non-Latin text, `_latin` decides between en, es and fr."""

    name = "base"

    def detect(self, text: str) -> str | None:
        """One of ar en es fr ru zh, or None when the text is too short or has no letters."""
        if not text:
            return None
        s = sample(text)
        counts = script_counts(s)
        lang = script_language(counts)
        if lang != "latin":
            return lang
        if counts["latin"] < MIN_LATIN_LETTERS:
            return None
        return self._latin(s)

    def _latin(self, text: str) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError


_lingua_lock = threading.Lock()
_lingua = None


def _lingua_detector():
    """The lingua detector for en/es/fr, built once (lazily: loading models costs ~0.1 s)."""
    global _lingua
    if _lingua is None:
        with _lingua_lock:
            if _lingua is None:
                from lingua import Language, LanguageDetectorBuilder

                _lingua = LanguageDetectorBuilder.from_languages(
                    Language.ENGLISH, Language.FRENCH, Language.SPANISH
                ).build()
    return _lingua


class LinguaDetector(_ScriptFirst):
    """Script fast path, then lingua restricted to English, French and Spanish."""

    name = "lingua"

    def _latin(self, text: str) -> str | None:
        found = _lingua_detector().detect_language_of(text)
        if found is None:
            return None
        code = found.iso_code_639_1.name.lower()
        return code if code in LANGUAGES else None


# Languages langdetect may name, mapped to the nearest of the six (profiles we do
# not load should not appear, but a mapping is cheaper than a surprise).
_LANGDETECT_MAP = {
    "zh-cn": "zh", "zh-tw": "zh", "ja": "zh",
    "uk": "ru", "bg": "ru", "mk": "ru", "be": "ru", "sr": "ru",
    "fa": "ar", "ur": "ar",
    "pt": "es", "ca": "es", "gl": "es", "it": "es",
}  # fmt: skip

_langdetect_lock = threading.Lock()
_langdetect = None


def _langdetect_factory():
    """A langdetect factory holding only the profiles of the six languages, seeded for determinism."""
    global _langdetect
    if _langdetect is None:
        with _langdetect_lock:
            if _langdetect is None:
                from pathlib import Path

                from langdetect import DetectorFactory
                from langdetect.detector_factory import PROFILES_DIRECTORY

                DetectorFactory.seed = 0
                factory = DetectorFactory()
                profiles = [
                    (Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in ("en", "es", "fr")
                ]
                factory.load_json_profile(profiles)
                factory.set_seed(0)
                _langdetect = factory
    return _langdetect


class LangdetectDetector(_ScriptFirst):
    """Script fast path, then langdetect (profiles en/es/fr only, seed 0: deterministic)."""

    name = "langdetect"

    def _latin(self, text: str) -> str | None:
        from langdetect.lang_detect_exception import LangDetectException

        detector = _langdetect_factory().create()
        detector.append(text)
        try:
            code = detector.detect()
        except LangDetectException:
            return None
        code = _LANGDETECT_MAP.get(code, code)
        return code if code in LANGUAGES else None


_DETECTORS = {"lingua": LinguaDetector, "langdetect": LangdetectDetector}
_instances: dict[str, LanguageDetector] = {}


def get_detector(name: str = "lingua") -> LanguageDetector:
    """The detector called `name` ("lingua" or "langdetect"); unknown names raise SherlocError."""
    if name not in _DETECTORS:
        raise SherlocError(f"unknown language detector {name!r}: choose one of {', '.join(sorted(_DETECTORS))}")
    if name not in _instances:
        _instances[name] = _DETECTORS[name]()
    return _instances[name]


def detect(text: str, detector: str = "lingua") -> str | None:
    """Shortcut: the language of `text` with the named detector."""
    return get_detector(detector).detect(text)
