"""Language detection: the six UN languages, on short strings and on real legal texts."""

from __future__ import annotations

import collections
import gzip
import json
from pathlib import Path

import pytest

from index.errors import SherlocError
from ingest.language import LinguaDetector, function_word_language, get_detector, sample

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
DETECTORS = ("lingua", "langdetect")

# Countries whose law in legal-sources is published in one UN language only.
SINGLE_LANGUAGE = {
    "US": "en", "UK": "en", "AU": "en", "NZ": "en", "IE": "en",
    "FR": "fr", "LU": "fr", "SN": "fr", "CI": "fr",
    "ES": "es", "MX": "es", "AR": "es", "CO": "es", "CL": "es", "PE": "es", "EC": "es", "UY": "es", "VE": "es",
    "RU": "ru", "BY": "ru", "CN": "zh", "TW": "zh", "EG": "ar", "JO": "ar", "SY": "ar", "LY": "ar",
}  # fmt: skip

UDHR_FILES = {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru", "arb": "ar", "cmn_hans": "zh"}


@pytest.mark.parametrize("name", DETECTORS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The requested State shall extradite the person sought without undue delay.", "en"),
        ("L'État requis extrade la personne réclamée dans les meilleurs délais.", "fr"),
        ("El Estado requerido concederá la extradición de la persona reclamada.", "es"),
        ("Запрашиваемое государство рассматривает просьбу о выдаче.", "ru"),
        ("تنظر الدولة متلقية الطلب في طلب تسليم المجرمين.", "ar"),
        ("被请求国应当审查引渡请求。", "zh"),
        ("第五条", "zh"),
    ],
)
def test_detects_each_language(name: str, text: str, expected: str) -> None:
    assert get_detector(name).detect(text) == expected


@pytest.mark.parametrize("name", DETECTORS)
@pytest.mark.parametrize("text", ["", "   ", "12/2018 - 45", "§ 5.1 (a)", "ab"])
def test_no_letters_or_too_short_gives_none(name: str, text: str) -> None:
    assert get_detector(name).detect(text) is None


@pytest.mark.parametrize("name", DETECTORS)
def test_script_wins_over_embedded_latin(name: str) -> None:
    # A Chinese judgment citing a case number and an English acronym stays Chinese.
    text = "（2019）最高法刑终123号 本院认为，被告人参与WTO相关的洗钱活动，证据确实充分。"
    assert get_detector(name).detect(text) == "zh"
    # A Russian law citing the English title of a convention stays Russian.
    text = (
        "Статья 5. Настоящий закон применяется в соответствии с Convention against "
        "Transnational Organized Crime и другими договорами."
    )
    assert get_detector(name).detect(text) == "ru"


def test_function_words_decide_only_clear_cases() -> None:
    en = "The requested State shall, subject to the provisions of its law, extradite the person to the State which is"
    assert function_word_language(en + " party to this treaty and has jurisdiction over the offence.") == "en"
    fr = "Le présent code est applicable aux infractions commises par les personnes morales et par les dirigeants."
    assert function_word_language(fr) == "fr"
    assert function_word_language("Extradition treaty") is None  # too few function words
    mixed = "the of and to is that for be " + "le les des du et est qui dans"
    assert function_word_language(mixed) is None


def test_model_without_shortcut_agrees() -> None:
    texts = [
        "Toute personne a droit à la liberté de pensée, de conscience et de religion.",
        "Toda persona tiene derecho a la libertad de pensamiento, de conciencia y de religión.",
        "Everyone has the right to freedom of thought, conscience and religion.",
    ]
    assert [LinguaDetector(fast=False).detect(t) for t in texts] == ["fr", "es", "en"]


def test_unknown_detector_names_the_choices() -> None:
    with pytest.raises(SherlocError) as err:
        get_detector("cld3")
    assert "cld3" in str(err.value) and "lingua" in str(err.value) and "langdetect" in str(err.value)


def test_langdetect_is_deterministic() -> None:
    text = "Article 3. Toute personne a droit à la vie, à la liberté et à la sûreté de sa personne."
    results = {get_detector("langdetect").detect(text) for _ in range(20)}
    assert results == {"fr"}


def test_sample_is_bounded_and_sees_the_middle() -> None:
    # 10 MB: the head is a short English cover, the body is French.
    french = "Le présent code définit les infractions et les peines applicables aux personnes morales. "
    text = "Official translation cover page. " + french * 120_000
    s = sample(text)
    assert len(s) < 4000
    assert text[:100] in s and text[len(text) // 2 : len(text) // 2 + 100] in s
    assert get_detector("lingua").detect(text) == "fr"


def _udhr_articles() -> list[tuple[str, str]]:
    folder = DATA / "udhr"
    if not folder.is_dir():
        pytest.skip("../shared/data not present: udhr")
    from bs4 import BeautifulSoup

    out = []
    for stem, lang in UDHR_FILES.items():
        soup = BeautifulSoup((folder / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
        for art in soup.find_all("article"):
            out.append((lang, " ".join(p.get_text(" ", strip=True) for p in art.find_all("p"))))
    return out


@pytest.mark.parametrize("name", DETECTORS)
def test_udhr_articles_at_least_99_percent(name: str) -> None:
    articles = _udhr_articles()
    assert len(articles) == 180
    detector = get_detector(name)
    wrong = [(lang, text[:60]) for lang, text in articles if detector.detect(text) != lang]
    assert 1 - len(wrong) / len(articles) >= 0.99, wrong


@pytest.fixture(scope="module")
def single_language_records() -> list[dict]:
    """legal-sources records of single-language countries, at most 40 per source (balance)."""
    cap_per_source = 40
    path = DATA / "legal-sources" / "dev.jsonl.gz"
    if not path.is_file():
        pytest.skip("../shared/data not present: legal-sources")
    per_source: collections.Counter = collections.Counter()
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["country"] in SINGLE_LANGUAGE and per_source[rec["source"]] < cap_per_source:
                per_source[rec["source"]] += 1
                out.append(rec)
    return out


@pytest.mark.parametrize("name", DETECTORS)
def test_legal_sources_single_language_countries_at_least_97_percent(
    name: str, single_language_records: list[dict]
) -> None:
    records = single_language_records
    langs = collections.Counter(SINGLE_LANGUAGE[r["country"]] for r in records)
    assert set(langs) == {"ar", "en", "es", "fr", "ru", "zh"}
    detector = get_detector(name)
    wrong = [(r["id"], r["country"]) for r in records if detector.detect(r["text"]) != SINGLE_LANGUAGE[r["country"]]]
    assert 1 - len(wrong) / len(records) >= 0.97, wrong[:20]


@pytest.mark.parametrize("name", DETECTORS)
def test_a_hint_serves_when_the_text_is_too_short(name: str) -> None:
    detector = get_detector(name)
    assert detector.detect_hinted("Art. 5", "es") == "es"
    assert detector.detect_hinted("12/2018 - 45", "ru-RU") == "ru"
    assert detector.detect_hinted("Art. 5", "de") is None  # a hint outside the six is no hint
    assert detector.detect_hinted("Art. 5", None) is None


@pytest.mark.parametrize("name", DETECTORS)
def test_a_hint_never_outweighs_clear_text(name: str) -> None:
    detector = get_detector(name)
    french = "L'État requis extrade la personne réclamée dans les meilleurs délais."
    assert detector.detect_hinted(french, "en") == "fr"
    assert detector.detect_hinted(french, "de") == "fr"
    assert detector.detect_hinted("Запрашиваемое государство рассматривает просьбу о выдаче.", "en") == "ru"
    assert detector.detect_hinted("被请求国应当审查引渡请求。", "fr") == "zh"


def test_a_hint_breaks_a_near_tie() -> None:
    # The model barely prefers English here (about 0.49 against 0.42 for French).
    detector = get_detector("lingua")
    assert detector.detect_hinted("Article 5 penal", "fr") == "fr"
    assert detector.detect_hinted("Article 5 penal", "en") == "en"
    assert detector.detect_hinted("Article 5 penal", "es") == "en"  # too far behind to be a tie


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)")
@pytest.mark.parametrize("name", DETECTORS)
def test_loading_the_model_starts_no_thread(name: str) -> None:
    """The pipeline loads the model before forking workers: a thread alive at the fork would be lost."""
    import subprocess
    import sys

    code = (
        "import os\nfrom ingest.language import get_detector\n"
        "before = len(os.listdir('/proc/self/task'))\n"
        f"get_detector({name!r}).load_model()\n"
        "print(before, len(os.listdir('/proc/self/task')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.split()
    assert out[0] == out[1]
