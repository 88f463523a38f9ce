"""Language detection restricted to the six UN languages (ar, en, es, fr, ru, zh).

Only six languages are possible, so the script decides most cases exactly and for
free: Han -> zh, Arabic -> ar, Cyrillic -> ru. Only Latin-script text (en, es, fr)
needs a statistical detector, and that detector only has to choose among three.
Detection looks at a bounded sample (the start plus a slice of the middle) so that
a 10 MB text costs no more than a page. A language the source merely suggests (HTML
`lang`) is a hint: it decides only what the text itself leaves open.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Protocol

from index.errors import SherlocError
from index.models import LANGUAGES

HEAD_CHARS = 2000  # the start holds the title and first provisions
MIDDLE_CHARS = 1000  # a middle slice catches a bilingual banner or a foreign cover page
MIN_LETTERS = 3  # fewer letters than this say nothing about a language
MIN_LATIN_LETTERS = 12  # below this, en/es/fr cannot be told apart reliably
# A hinted language whose model confidence is this close to the best one is taken: on short or
# mixed text the model's margin says little, and the page's author knew what they wrote.
HINT_TIE_MARGIN = 0.15
_TAG = re.compile(r"[a-z]{2,3}")


class LanguageDetector(Protocol):
    """What the pipeline needs from a detector."""

    name: str

    def detect(self, text: str) -> str | None:
        """One of ar en es fr ru zh, or None when the text is too short or has no letters."""
        ...

    def detect_hinted(self, text: str, hint: str | None) -> str | None:
        """Like detect, with a language the source suggests deciding only what the text leaves open."""
        ...

    def load_model(self) -> None:
        """Load the statistical model now (it is otherwise loaded by the first text that needs it)."""
        ...


def language_hint(tag: object) -> str | None:
    """A markup language tag ("fr-CA", " ZH_hant ") as one of the six languages, or None."""
    if not isinstance(tag, str):
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return primary if _TAG.fullmatch(primary) and primary in LANGUAGES else None


def sample(text: str) -> str:
    """The part of `text` detection looks at: the head plus a slice of the middle."""
    if len(text) <= HEAD_CHARS + MIDDLE_CHARS:
        return text
    mid = len(text) // 2
    return text[:HEAD_CHARS] + "\n" + text[mid : mid + MIDDLE_CHARS]


_SCRIPT_RES = {
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]"),
    # Arabic letters, including the presentation forms some PDFs extract.
    "arabic": re.compile(
        r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
    ),
    "cyrillic": re.compile(r"[\u0400-\u0481\u048a-\u052f]"),
}


_NOT_ASCII_LETTERS = bytes(i for i in range(128) if not chr(i).isalpha())
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def script_counts(text: str) -> dict[str, int]:
    """Letters per script in `text` (only letters count; digits and punctuation do not).

    Latin counts only unaccented letters: counting them with bytes.translate is far cheaper
    than a regular expression, and accents never decide between scripts.
    """
    # The scripts' letters are all outside ASCII: only the non-ASCII characters need looking at.
    rest = "" if text.isascii() else _ASCII_RUNS.sub("", text)
    counts = {name: len(rx.findall(rest)) if rest else 0 for name, rx in _SCRIPT_RES.items() if name != "latin"}
    counts["latin"] = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
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


# Function words that belong to one of the three Latin-script languages only. Legal prose is
# full of them, so counting them settles most texts without a statistical model.
_FUNCTION_WORDS = {
    "en": "the of and to is that for be by with shall which this are or any from has have was",
    "fr": "le les des du et est qui dans pour par au aux sur pas sont une être ou il cette",
    "es": "el los las del y es por para con al lo su sus una como o este esta ser",
}
_WORD_LANG = {w: lang for lang, words in _FUNCTION_WORDS.items() for w in words.split()}
_WORD = re.compile(r"[a-zà-ÿ]+")
FUNCTION_WORDS_MIN = 8  # hits needed before function words alone decide
FUNCTION_WORDS_RATIO = 3  # and the winner must have this many times the runner-up's hits
FUNCTION_WORDS_SAMPLE = 1500  # characters: about 250 words, plenty for function words


def function_word_language(text: str) -> str | None:
    """en, es or fr when function words settle it clearly, else None (let the statistical model decide)."""
    hits = Counter(filter(None, map(_WORD_LANG.get, _WORD.findall(text.lower()))))
    counts = {"en": hits["en"], "fr": hits["fr"], "es": hits["es"]}
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (best, n1), (_, n2) = ranked[0], ranked[1]
    if n1 >= FUNCTION_WORDS_MIN and n1 >= FUNCTION_WORDS_RATIO * n2:
        return best
    return None


class _ScriptFirst:
    """Shared logic: script decides non-Latin text, `_latin` decides between en, es and fr.

    With `fast` (the default), unambiguous function-word counts decide Latin text before the
    statistical model is asked; the model sees only the texts where they disagree or are few.
    """

    name = "base"

    def __init__(self, fast: bool = True):
        self.fast = fast

    def detect(self, text: str) -> str | None:
        """One of ar en es fr ru zh, or None when the text is too short or has no letters."""
        return self.detect_hinted(text, None)

    def detect_hinted(self, text: str, hint: str | None) -> str | None:
        """One of the six languages for `text`, using `hint` (a markup tag) only where the text is unclear.

        Script and clear function words always win. The hint is the answer when the text is too
        short to tell, and breaks a near tie of the model between en, es and fr. A hint outside
        the six languages counts as no hint.
        """
        hint = language_hint(hint)
        if not text:
            return hint
        s = sample(text)
        counts = script_counts(s)
        lang = script_language(counts)
        if lang is None:
            return hint
        if lang != "latin":
            return lang
        if counts["latin"] < MIN_LATIN_LETTERS:
            return hint
        if self.fast and (quick := function_word_language(s[:FUNCTION_WORDS_SAMPLE])):
            return quick
        if hint not in ("en", "es", "fr"):
            return self._latin(s)
        scores = self._latin_scores(s)
        if not scores:
            return hint
        best = max(scores, key=lambda k: scores[k])
        return hint if scores.get(hint, 0.0) >= scores[best] - HINT_TIE_MARGIN else best

    def load_model(self) -> None:
        """Load the statistical model now rather than at the first text that needs it."""

    def _latin(self, text: str) -> str | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _latin_scores(self, text: str) -> dict[str, float]:  # pragma: no cover - overridden
        """Confidence per language among en, es, fr (summing to at most 1)."""
        raise NotImplementedError


_lingua_lock = threading.Lock()
_lingua = None


def _lingua_detector():
    """The lingua detector for en/es/fr, built once, lazily (loading its models is slow)."""
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

    def load_model(self) -> None:
        """Load the en/es/fr models (about a second of CPU) in this process, starting no thread.

        Detections load them on this thread (lingua's own preloading would start rayon threads, which
        a process that forks workers must not have). A detection loads only the models of the languages
        its text could be in, so there is one text per language.
        """
        for text in ("The law of the land.", "La loi de la République.", "La ley de la República."):
            _lingua_detector().detect_language_of(text)

    def _latin(self, text: str) -> str | None:
        found = _lingua_detector().detect_language_of(text)
        if found is None:
            return None
        code = found.iso_code_639_1.name.lower()
        return code if code in LANGUAGES else None

    def _latin_scores(self, text: str) -> dict[str, float]:
        values = _lingua_detector().compute_language_confidence_values(text)
        return {v.language.iso_code_639_1.name.lower(): v.value for v in values}


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

    def load_model(self) -> None:
        """Read the en/es/fr profiles in this process."""
        _langdetect_factory()

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

    def _latin_scores(self, text: str) -> dict[str, float]:
        from langdetect.lang_detect_exception import LangDetectException

        detector = _langdetect_factory().create()
        detector.append(text)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return {}
        scores: dict[str, float] = {}
        for item in found:
            code = _LANGDETECT_MAP.get(item.lang, item.lang)
            if code in LANGUAGES:
                scores[code] = scores.get(code, 0.0) + item.prob
        return scores


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
