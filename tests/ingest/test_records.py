"""JSON record reader: the three shapes, crime-type quirks, bad records skipped and reported."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from ingest.errors import RejectedFile
from ingest.readers import read_file, read_file_with_warnings
from ingest.records import TYPE_MAP, parse_crime_types, read_records_with_errors

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
ORG_FOLDERS = {"UN": "UN", "CoE": "COE"}


def squash(text: str) -> str:
    return "".join(text.replace("\u00a0", " ").split())


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"../shared/data not present: {path.name}")
    return path


@pytest.mark.shared_data
def test_legal_sources_first_200(tmp_path):
    src = need(SHARED / "legal-sources" / "dev.jsonl.gz")
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 200))
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    docs, warnings = read_file_with_warnings(path)
    assert warnings == []
    assert len(docs) == 200
    for line, doc in zip(lines, docs, strict=True):
        rec = json.loads(line)
        md = doc.metadata
        assert md["id"] == rec["id"]
        assert md["type"] == TYPE_MAP[rec["type"]]
        assert md.get("language") is None and md["lang_guess"] == rec["lang_guess"]
        assert md["source"] == rec["source"]
        expected_country = rec["country"] or (rec["meta"].get("country_code") or "").lstrip("_") or \
            ORG_FOLDERS.get(rec["source"].split("/")[0])
        assert md.get("country") == expected_country
        assert md.get("date") == rec["date"]
        assert md.get("url") == rec["url"]
        assert doc.title == (rec["title"] or "")
        for key in ("court", "ecli", "case_number"):
            if rec["meta"].get(key):
                assert md[key] == rec["meta"][key]
        # The text is kept as is: same characters, only split into blocks and NBSP made plain.
        assert squash(doc.text) == squash(rec["text"])
        assert "\u00a0" not in doc.text


@pytest.mark.shared_data
def test_sherloc_sample_files():
    files = sorted(need(SHARED / "sherloc-sample").glob("SHERLOC-*.json"))
    assert len(files) == 30
    for path in files:
        raw = json.loads(path.read_text(encoding="utf-8"))
        (doc,) = read_file(path)
        md = doc.metadata
        assert md["id"] == raw["_id"] == path.stem
        assert md["country"] == raw["country_code"].lstrip("_")
        assert md["type"] == {"case_law": "case", "legislation": "legislation"}[raw["_type"]]
        assert md["crime_types"] == raw["crime_types"]
        assert md["source"] == "UN/UNODC-SHERLOC"
        assert squash(doc.text) == squash(raw["text"])
        if raw["_type"] == "legislation":
            assert (md["law_title"], md["chapter"], md["article"]) == (raw["law_title"], raw["chapter"],
                                                                       raw["article"])
        else:
            assert md["unodc_number"] == raw["unodc_number"] and md["date"] == raw["date"]
    # Stray spaces inside words are real data and stay.
    (bra,) = read_file(SHARED / "sherloc-sample" / "SHERLOC-CL-BRA016.json")
    assert "evi de nce" in bra.text and "\u00a0" not in bra.text


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["SHERLOC-LEG-2200_chapter_v_article_39-44.json",
                                  "SHERLOC-LEG-2200_chapter_viii_article_50-54.json"])
def test_sherloc_crime_types_as_cut_off_string(tmp_path, name):
    raw = json.loads(need(SHARED / "sherloc-sample" / name).read_text(encoding="utf-8"))
    full = list(raw["crime_types"])
    cut = repr(full)[:-9]  # the export's quirk: a Python list literal, cut off
    raw["crime_types"] = cut
    path = tmp_path / name
    path.write_text(json.dumps(raw), encoding="utf-8")
    (doc,) = read_file(path)
    assert doc.metadata["crime_types"] == full[:-1]


def test_parse_crime_types():
    assert parse_crime_types(["Corruption", " Terrorism "]) == ["Corruption", "Terrorism"]
    assert parse_crime_types("['Money laundering', 'Terrorism', 'Corr") == ["Money laundering", "Terrorism"]
    assert parse_crime_types('["Drug offences"]') == ["Drug offences"]
    assert parse_crime_types("corruption; money-laundering") == ["corruption", "money-laundering"]
    assert parse_crime_types(None) == [] and parse_crime_types("") == []


def test_own_corpus_record(tmp_path):
    rec = {
        "id": "FRA-CP-TRAITE-2013", "type": "legislation", "title": "Loi relative à la traite", "country": "FRA",
        "language": "fr", "date": "2013-08-05", "dates": {"adopted": "2013-08-05", "in_force": "2013-08-07"},
        "source_url": "https://example.org/sample/fra", "crime_types": ["trafficking-in-persons"],
        "issues": ["victim-protection"], "sample": True,
        "metadata": {"law_title": "Loi n° 2013-711", "parties": [{"role": "prosecution", "name": "X"}]},
        "text": "Article premier\nLe fait de recruter\u00a0une personne.\n\nArticle 2\nLa tentative est punie.",
    }
    path = tmp_path / "fra.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    (doc,) = read_file(path)
    md = doc.metadata
    assert (md["id"], md["type"], md["country"], md["language"], md["date"]) == (
        "FRA-CP-TRAITE-2013", "legislation", "FRA", "fr", "2013-08-05")
    assert md["url"] == "https://example.org/sample/fra"
    assert md["dates"] == rec["dates"] and md["issues"] == ["victim-protection"]
    assert md["crime_types"] == ["trafficking-in-persons"] and md["sample"] is True
    assert md["law_title"] == "Loi n° 2013-711" and md["parties"][0]["role"] == "prosecution"
    assert [b.text for b in doc.blocks] == ["Article premier\nLe fait de recruter une personne.",
                                            "Article 2\nLa tentative est punie."]


def test_array_with_bad_records_reported(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([
        {"id": "A-1", "type": "case_law", "text": "Facts. The court held."},
        {"id": "A-2", "type": "doctrine", "text": "   "},
        {"type": "report", "text": "No id here."},
        "not an object",
        {"id": "A-5", "type": "collective_agreement", "text": "Clause 1."},
    ]), encoding="utf-8")
    docs, errors = read_records_with_errors(path)
    assert [(d.metadata["id"], d.metadata["type"]) for d in docs] == [("A-1", "case"), ("A-5", "document")]
    assert errors == ["record 2: record A-2 has no text", "record 3: record has no id",
                      "record 4: not a JSON object but str"]


def test_jsonl_with_one_bad_line(tmp_path):
    path = tmp_path / "cases.jsonl"
    good = [json.dumps({"id": f"C-{i}", "type": "case_law", "text": f"Judgment {i}."}) for i in range(4)]
    path.write_text("\n".join([good[0], good[1], '{"id": "C-x", "text": "cut off', good[2], "", good[3]]) + "\n",
                    encoding="utf-8")
    docs, warnings = read_file_with_warnings(path)
    assert [d.metadata["id"] for d in docs] == ["C-0", "C-1", "C-2", "C-3"]
    assert len(warnings) == 1 and warnings[0].startswith("line 3: invalid JSON")


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "X-1",\n  "text": "Article 1"\n  "date": "2020"\n}\n', encoding="utf-8")
    with pytest.raises(RejectedFile) as err:
        read_file(path)
    assert err.value.reason.startswith("invalid JSON at line 4, column 3")
    assert str(err.value).startswith(str(path))


def test_all_records_bad_rejects_the_file(tmp_path):
    path = tmp_path / "empty-texts.jsonl"
    path.write_text('{"id": "A", "text": ""}\n{"id": "B"}\n', encoding="utf-8")
    with pytest.raises(RejectedFile) as err:
        read_file(path)
    assert err.value.reason == "no valid record: line 1: record A has no text (and 1 more)"
