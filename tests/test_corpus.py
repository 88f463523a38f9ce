"""The bundled sample documents: every sidecar and record is well formed, and the corpus
covers what the demo and the tests downstream rely on (languages, regions, formats, taxonomy).

The treaty texts under corpus/documents/treaties belong to another tool and are left out,
except that their ids must not collide with ours.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "documents"
TAXONOMY = ROOT / "corpus" / "taxonomy"
TOOLS = ROOT / "corpus" / "tools"

TYPES = {"legislation", "case", "treaty", "strategy", "document"}
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
ORGS = {"UN", "EU", "COE", "AU", "OAS", "ASEAN", "IRB"}
REQUIRED = ("id", "type", "title", "country", "language", "date", "dates", "source_url", "crime_types", "issues",
            "metadata", "sample")
CRIME_IDS = [
    "corruption", "counterfeiting", "cybercrime", "drug-offences", "money-laundering", "obstruction-of-justice",
    "organized-crime-participation", "piracy-maritime", "migrant-smuggling", "firearms-trafficking",
    "cultural-property-trafficking", "wildlife-forest-fisheries", "trafficking-in-persons",
    "falsified-medical-products", "terrorism",
]
TOP_ISSUES = [
    "criminalization", "legal-persons-liability", "prosecution-sanctions", "confiscation-seizure", "jurisdiction",
    "international-cooperation", "witness-protection", "victim-protection", "cooperation-with-law-enforcement",
    "prevention", "training-technical-assistance",
]
# Region of every country the sample corpus may use; an unknown country fails the region check loudly.
REGIONS = {
    "Africa": {"NGA", "KEN", "ZAF", "SEN", "MAR", "CIV", "EGY", "DZA", "TUN", "GHA", "UGA", "TZA", "CMR"},
    "Americas": {"MEX", "COL", "ARG", "PER", "CHL", "BRA", "CAN", "USA", "GTM", "ECU", "BOL"},
    "Asia": {"PHL", "IND", "KAZ", "KGZ", "ARE", "JOR", "SAU", "CHN", "IDN", "THA", "VNM", "QAT", "LBN", "UZB"},
    "Europe": {"GBR", "FRA", "BEL", "ESP", "RUS", "BLR", "DEU", "ITA", "NLD", "CHE", "LUX"},
    "Oceania": {"AUS", "NZL", "FJI", "PNG", "WSM"},
}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_RE = re.compile(r"^[A-Z]{2,5}(-[A-Z0-9]+){2,}$")
# One line that opens a provision: an article marker in the document's language, a numbered
# paragraph, or a case section heading on its own line.
PROVISION_RE = re.compile(
    r"^(?:#+ )?(?:"
    r"(?:Article|Art\.|Artículo|Section|Статья|المادة)\s+\S+.*"
    r"|第[一二三四五六七八九十百零〇]+条"
    r"|\d+\.\s.+"
    r"|Facts|Procedural history|Issues|Decision|Antecedentes de hecho|Hechos|Fundamentos de derecho|Fallo"
    r"|Faits|Procédure|Motifs|Dispositif|Обстоятельства дела|Мотивировочная часть|Решение"
    r"|الوقائع|الأسباب|الحكم|案情|裁判理由|判决结果"
    r")\s*$"
)
CASE_SECTIONS = {
    "en": ["Facts", "Decision"],
    "fr": ["Faits", "Motifs", "Dispositif"],
    "es": ["Fundamentos de derecho", "Fallo"],
    "ru": ["Обстоятельства дела", "Мотивировочная часть", "Решение"],
    "ar": ["الوقائع", "الأسباب", "الحكم"],
    "zh": ["案情", "裁判理由", "判决结果"],
}


def _mine(path: Path) -> bool:
    return "treaties" not in path.relative_to(DOCS).parts


def _load_documents() -> list[dict]:
    """Every document of the sample corpus: {"meta": ..., "file": Path, "fmt": ...}."""
    docs = []
    for sidecar in sorted(DOCS.rglob("*.meta.json")):
        if not _mine(sidecar):
            continue
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        source = sidecar.with_name(sidecar.name[: -len(".meta.json")])
        docs.append({"meta": meta, "file": source, "fmt": source.suffix.lstrip(".")})
    for record_file in sorted(DOCS.rglob("*.json")):
        if not _mine(record_file) or record_file.name.endswith(".meta.json"):
            continue
        meta = json.loads(record_file.read_text(encoding="utf-8"))
        docs.append({"meta": meta, "file": record_file, "fmt": "json"})
    for record_file in sorted(DOCS.rglob("*.jsonl")):
        if not _mine(record_file):
            continue
        for n, line in enumerate(record_file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                docs.append({"meta": json.loads(line), "file": record_file, "fmt": "jsonl", "line": n})
    return docs


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    docs = _load_documents()
    assert docs, f"no sample documents under {DOCS}"
    return docs


def _text(doc: dict) -> str:
    """The document's text as a reader would get it (PDFs through pdfminer)."""
    if doc["fmt"] in ("json", "jsonl"):
        return doc["meta"]["text"]
    if doc["fmt"] == "pdf":
        from pdfminer.high_level import extract_text

        return extract_text(str(doc["file"]))
    if doc["fmt"] == "html":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(doc["file"].read_text(encoding="utf-8"), "html.parser")
        return "\n\n".join(el.get_text(" ", strip=True) for el in soup.find_all(["h1", "h2", "h3", "p"]))
    return doc["file"].read_text(encoding="utf-8")


def _provision_count(text: str) -> int:
    return sum(1 for line in text.splitlines() if PROVISION_RE.match(line.strip()))


def _is_heading(paragraph: str) -> bool:
    line = paragraph.strip()
    # A numbered paragraph also matches PROVISION_RE, but it is body text, not a short heading line.
    return "\n" not in line and (line.startswith("#") or (bool(PROVISION_RE.match(line)) and len(line.split()) <= 15))


def _taxonomy_ids(name: str) -> set[str] | None:
    path = TAXONOMY / name
    if not path.exists():
        return None
    return {t["id"] for t in json.loads(path.read_text(encoding="utf-8"))["terms"]}


def test_every_document_has_the_ingest_shape(documents):
    for doc in documents:
        meta, where = doc["meta"], f"{doc['file'].relative_to(ROOT)}#{doc.get('line', '')}"
        missing = [k for k in REQUIRED if k not in meta]
        assert not missing, f"{where}: missing {missing}"
        assert meta["sample"] is True, where
        assert meta["type"] in TYPES, where
        assert meta["language"] in LANGUAGES, where
        assert meta["country"] in ORGS or pycountry.countries.get(alpha_3=meta["country"]), where
        assert meta["title"].strip() and ID_RE.match(meta["id"]), where
        assert DATE_RE.match(meta["date"]), where
        assert meta["dates"] and all(DATE_RE.match(v) for v in meta["dates"].values()), where
        assert meta["date"] in meta["dates"].values(), f"{where}: main date is none of the dates"
        assert meta["source_url"].startswith("https://example.org/sample/"), where
        assert isinstance(meta["crime_types"], list) and isinstance(meta["issues"], list), where
        assert isinstance(meta["metadata"], dict), where
        if doc["fmt"] in ("json", "jsonl"):
            assert meta["text"].strip(), f"{where}: record without text"
        else:
            assert doc["file"].is_file(), f"{where}: sidecar beside no file"


def test_ids_are_unique_also_against_the_treaties(documents):
    ids = Counter(d["meta"]["id"] for d in documents)
    assert [i for i, n in ids.items() if n > 1] == []
    treaty_ids = set()
    for sidecar in (DOCS / "treaties").rglob("*.meta.json"):
        treaty_ids.add(json.loads(sidecar.read_text(encoding="utf-8")).get("id"))
    assert not treaty_ids & set(ids)


def test_taxonomy_ids_exist(documents):
    crimes, issues = _taxonomy_ids("crime_types.json"), _taxonomy_ids("issues.json")
    if crimes is None or issues is None:
        pytest.skip("corpus/taxonomy/*.json not present yet")
    for doc in documents:
        meta = doc["meta"]
        assert set(meta["crime_types"]) <= crimes, (meta["id"], set(meta["crime_types"]) - crimes)
        assert set(meta["issues"]) <= issues, (meta["id"], set(meta["issues"]) - issues)


def test_cases_name_court_parties_charges_outcome_and_sections(documents):
    cases = [d for d in documents if d["meta"]["type"] == "case"]
    assert len(cases) >= 8
    assert {d["meta"]["language"] for d in cases} == set(LANGUAGES)
    for doc in cases:
        md = doc["meta"]["metadata"]
        assert md["court"] and md["case_number"] and md["charges"] and md["outcome"], doc["meta"]["id"]
        roles = {p["role"] for p in md["parties"]}
        assert roles & {"prosecution", "respondent"} and roles & {"defendant", "appellant"}, doc["meta"]["id"]
        # Headings sit on their own line (markdown marks them with leading #).
        lines = {re.sub(r"^#+\s*", "", line.strip()) for line in _text(doc).splitlines()}
        for heading in CASE_SECTIONS[doc["meta"]["language"]]:
            assert heading in lines, (doc["meta"]["id"], heading)


def test_composition_languages_countries_regions(documents):
    langs = Counter(d["meta"]["language"] for d in documents)
    assert all(langs[lang] >= 5 for lang in LANGUAGES), langs
    countries = {d["meta"]["country"] for d in documents} - ORGS
    assert len(countries) >= 14, countries
    region_of = {c: r for r, cs in REGIONS.items() for c in cs}
    assert countries <= set(region_of), f"add a region for {countries - set(region_of)}"
    assert {region_of[c] for c in countries} == set(REGIONS)
    types = Counter(d["meta"]["type"] for d in documents)
    assert types["legislation"] >= 15 and types["case"] >= 8 and types["strategy"] >= 2 and types["document"] >= 1
    assert len(documents) >= 36


def test_every_crime_type_and_top_level_issue_on_two_documents(documents):
    crimes = Counter(c for d in documents for c in set(d["meta"]["crime_types"]))
    issues = Counter(i for d in documents for i in set(d["meta"]["issues"]))
    crime_ids = sorted(_taxonomy_ids("crime_types.json") or CRIME_IDS)
    assert {c: crimes[c] for c in crime_ids if crimes[c] < 2} == {}
    assert {i: issues[i] for i in TOP_ISSUES if issues[i] < 2} == {}
    # Sub-issues are used too, where they fit.
    assert {"extradition", "mutual-legal-assistance", "electronic-evidence"} <= set(issues)


def test_formats_and_sample_marking(documents):
    fmts = Counter(d["fmt"] for d in documents)
    assert fmts["html"] >= 6 and fmts["pdf"] >= 6 and fmts["txt"] >= 8 and fmts["md"] >= 2, fmts
    assert fmts["json"] + fmts["jsonl"] >= 6 and fmts["jsonl"] >= 2, fmts
    for doc in documents:
        if doc["fmt"] in ("txt", "md", "html"):
            head = doc["file"].read_text(encoding="utf-8")[:400]
            assert "SAMPLE DATA" in head, doc["file"]
    htmls = [d["file"].read_text(encoding="utf-8") for d in documents if d["fmt"] == "html"]
    for page in htmls:
        assert "<article" in page and "<h2>" in page and re.search(r'<html lang="(ar|en|es|fr|ru|zh)"', page)
    assert any("<nav>" in p and "<footer>" in p for p in htmls), "one HTML page needs boilerplate to strip"
    mds = [d["file"].read_text(encoding="utf-8") for d in documents if d["fmt"] == "md"]
    assert all(re.search(r"^# \S", m, re.M) for m in mds)


def test_each_document_has_3_to_15_provisions(documents):
    for doc in documents:
        n = _provision_count(_text(doc))
        assert 3 <= n <= 15, (doc["meta"]["id"], n)


def test_article_markers_in_each_languages_own_form(documents):
    text = "\n".join(_text(d) for d in documents if d["fmt"] != "pdf")
    text += "\n".join(_text(d) for d in documents if d["fmt"] == "pdf")
    for marker in ("Article premier", "Art. 5bis", "Artículo 177 bis", "Статья 127.1", "المادة 5", "المادة الخامسة",
                   "第十二条", "第二百四十条", "Chapitre II", "CAPÍTULO III", "Глава 2", "الفصل الثاني", "第三章",
                   "Article 225-4-1", "Section 2"):
        assert marker in text, marker


def test_provisions_have_realistic_length(documents):
    """Latin and Cyrillic articles run up to 250 words, 40 or more on average (one paragraph each)."""
    for doc in documents:
        if doc["meta"]["language"] in ("ar", "zh") or doc["fmt"] == "pdf":
            continue
        paragraphs = [
            p
            for p in re.split(r"\n\s*\n", _text(doc))
            if len(p.split()) >= 20 and "SAMPLE DATA" not in p and not _is_heading(p)
            and doc["meta"]["title"] not in p
        ]
        assert paragraphs, doc["meta"]["id"]
        for p in paragraphs:
            assert len(p.split()) <= 250, (doc["meta"]["id"], p[:60])
        # Articles and case sections run longer than the numbered paragraphs of strategies.
        floor = 40 if doc["meta"]["type"] in ("legislation", "case") else 20
        assert sum(len(p.split()) for p in paragraphs) / len(paragraphs) >= floor, doc["meta"]["id"]


def test_pdfs_have_running_header_page_numbers_footnote_and_hyphenation(documents):
    from pdfminer.high_level import extract_pages, extract_text
    from pdfminer.layout import LTTextContainer

    pdfs = [d for d in documents if d["fmt"] == "pdf"]
    page_counts = []
    for doc in pdfs:
        assert doc["file"].read_bytes().startswith(b"%PDF"), doc["file"]
        pages = list(extract_pages(str(doc["file"])))
        page_counts.append(len(pages))
        for n, page in enumerate(pages, 1):
            page_text = "".join(e.get_text() for e in page if isinstance(e, LTTextContainer))
            assert "SAMPLE" in page_text and f"Page {n} of {len(pages)}" in page_text, (doc["file"], n)
    assert max(page_counts) >= 2
    texts = {d["meta"]["id"]: extract_text(str(d["file"])) for d in pdfs}
    assert any(re.search(r"\w-\n\s*\w", t) for t in texts.values()), "no hyphenated line break in any PDF"
    assert any(re.search(r"^¹ ", t, re.M) for t in texts.values()), "no footnote in any PDF"
    assert len(list((TOOLS / "pdf_sources").glob("*.txt"))) == len(pdfs)


def test_generator_reproduces_the_committed_files(tmp_path):
    """The committed corpus is exactly what corpus/tools/build_corpus.py writes (so editing the specs is enough)."""
    from pdfminer.high_level import extract_text

    from corpus.tools import build_corpus

    written = build_corpus.build(tmp_path / "documents", tmp_path / "pdf_sources")
    assert len(written) >= 30
    for path in (tmp_path / "documents").rglob("*"):
        if path.is_file():
            committed = DOCS / path.relative_to(tmp_path / "documents")
            assert committed.is_file(), committed
            if path.suffix == ".pdf":
                # the same pages and text: the bytes change with the font subsetter's version (fonttools)
                assert extract_text(str(committed)) == extract_text(str(path)), committed
            else:
                assert committed.read_bytes() == path.read_bytes(), committed
    for path in (tmp_path / "pdf_sources").glob("*.txt"):
        src = (TOOLS / "pdf_sources" / path.name).read_text(encoding="utf-8")
        # The sources name their output relative to corpus/documents, identical in both trees.
        assert src == path.read_text(encoding="utf-8"), path.name


# Documents the ingest structure step does not split as written yet; strict, so a fix shows up as XPASS
# and the entry must go. Reported to the lead.
KNOWN_STRUCTURE_GAPS: dict[str, str] = {}


def _spec_params():
    from corpus.tools.build_corpus import all_docs

    return [
        pytest.param(doc, id=doc.id, marks=[pytest.mark.xfail(reason=KNOWN_STRUCTURE_GAPS[doc.id], strict=True)])
        if doc.id in KNOWN_STRUCTURE_GAPS
        else pytest.param(doc, id=doc.id)
        for doc in all_docs()
    ]


@pytest.mark.parametrize("spec", _spec_params())
def test_ingest_splits_each_document_into_the_provisions_it_was_written_with(spec):
    """Read through the real ingest readers and structure step: one provision per article / section / paragraph."""
    from ingest.readers import read_file_with_warnings
    from ingest.structure import split_provisions

    parsed, _warnings = read_file_with_warnings(DOCS / spec.path)
    if len(parsed) > 1:  # a JSON-lines file: pick this document's record
        parsed = [p for p in parsed if p.metadata.get("id") == spec.id]
    assert len(parsed) == 1, spec.id
    # Footnotes are kept as provisions of their own (kind "footnote"), beside the units the text was written in.
    provisions = [p for p in split_provisions(parsed[0], spec.type, spec.language)
                  if p.kind not in ("preamble", "footnote")]
    units = spec.units()
    assert len(provisions) == len(units), [p.label for p in provisions]
    if spec.type in ("strategy", "document"):
        assert [p.number for p in provisions] == units
    elif spec.type == "case":
        assert [p.label for p in provisions] == units
    else:
        for prov, unit in zip(provisions, units, strict=True):
            assert unit.startswith(prov.label), (prov.label, unit)
        numbers = [p.number for p in provisions]
        assert len(set(numbers)) == len(numbers) and all(numbers), numbers
