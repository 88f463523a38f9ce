"""Plain text and markdown reader: encodings, headings, paragraphs, hard wraps, footnotes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.readers import read_file
from ingest.text import join_lines, parse_text, read_text

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def one(tmp_path, data, name="doc.txt"):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    docs = read_file(p)
    assert len(docs) == 1
    return docs[0]


@pytest.mark.parametrize(
    "data",
    [
        "Le Président délégué à l'extradition".encode(),
        codecs.BOM_UTF8 + "Le Président délégué à l'extradition".encode(),
        codecs.BOM_UTF16_LE + "Le Président délégué à l'extradition".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Le Président délégué à l'extradition".encode("utf-16-be"),
        "Le Président délégué à l'extradition".encode("cp1252"),
    ],
)
def test_encodings(tmp_path, data):
    doc = one(tmp_path, data)
    assert doc.text == "Le Président délégué à l'extradition"


def test_markdown_headings_and_paragraphs(tmp_path):
    doc = one(tmp_path, "# Loi sur l'entraide\n\n## Chapitre II\n\nPremier paragraphe\nsur deux lignes.\n\nSecond.\n",
              "law.md")
    kinds = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert kinds == [
        ("heading", 1, "Loi sur l'entraide"),
        ("heading", 2, "Chapitre II"),
        ("paragraph", 0, "Premier paragraphe sur deux lignes."),
        ("paragraph", 0, "Second."),
    ]
    assert doc.title == "Loi sur l'entraide"


def test_hard_wraps_joined_but_markers_keep_their_line(tmp_path):
    text = (
        "The State Party shall adopt measures\nto establish as criminal offences:\n"
        "(a) the laundering of\nproceeds;\n(b) participation.\nArticle 5\nShall apply.\n"
        "Статья 5\nВыдача.\n1. First point\ncontinues here.\n"
    )
    doc = one(tmp_path, text)
    assert doc.blocks[0].text.split("\n") == [
        "The State Party shall adopt measures to establish as criminal offences:",
        "(a) the laundering of proceeds;",
        "(b) participation.",
        "Article 5 Shall apply.",
        "Статья 5 Выдача.",
        "1. First point continues here.",
    ]


def test_hyphenated_breaks():
    assert join_lines(["requests for extra-", "dition and mutual"]) == "requests for extradition and mutual"
    assert join_lines(["anti-", "money laundering"]) == "anti-money laundering"
    assert join_lines(["the Franco-", "German treaty"]) == "the Franco-German treaty"
    # The document's own words settle it: "cross-border" is written with a hyphen elsewhere.
    assert join_lines(["cross-", "border"], {"cross-border"}) == "cross-border"
    assert join_lines(["confis-", "cation"], {"confiscation"}) == "confiscation"


@pytest.mark.parametrize("breaks", [1, 12])  # a few line-end hyphens, and more than are looked up one by one
def test_a_line_end_hyphen_is_settled_by_how_the_text_writes_the_word_elsewhere(breaks):
    body = "\n\n".join(["Measures against cross-border crime and confiscation at the sub-regional-level office."]
                       + ["The cross-\nborder case, the confis-\ncation order and the sub-\nregional plan."] * breaks)
    joined = "The cross-border case, the confiscation order and the subregional plan."
    assert [b.text for b in parse_text(body).blocks[1:]] == [joined] * breaks


def test_markdown_marks_and_footnotes_stripped():
    doc = parse_text(
        "Point 4 de l'ordre du jour provisoire\\*\n\n"
        "**Coopération internationale**\n\n"
        "Inauguré les 1<sup>er</sup> et 2 novembre 2017 par le Bureau<sup>1</sup>.\n\n"
        "<sup>1</sup> Accessible à l'adresse [www.unodc.org/mla/](http://www.unodc.org/mla/).\n\n"
        "\\* CTOC/COP/2018/1.\n"
    )
    body = [b.text for b in doc.blocks if b.kind != "footnote"]
    notes = [b.text for b in doc.blocks if b.kind == "footnote"]
    assert body == ["Point 4 de l'ordre du jour provisoire", "Coopération internationale",
                    "Inauguré les 1er et 2 novembre 2017 par le Bureau."]
    assert doc.blocks[1].kind == "heading"
    assert notes == ["1 Accessible à l'adresse www.unodc.org/mla/.", "* CTOC/COP/2018/1."]
    assert "CTOC" not in doc.text


def test_five_megabytes_on_one_line_completes(tmp_path):
    word = "extradition-entraide **judiciaire** <sup>12</sup> [lien](http://x.org) \\* "
    line = (word * (5 * 1024 * 1024 // len(word) + 1))[: 5 * 1024 * 1024]
    doc = one(tmp_path, line)
    assert len(doc.blocks) == 1
    assert doc.text.count("extradition-entraide judiciaire") > 50000
    assert "**" not in doc.text and "<sup>" not in doc.text


def shared_doc(name):
    path = SHARED / "un-docs" / name
    if not path.exists():
        pytest.skip("../shared/data not present: un-docs")
    return read_text(path)[0]


@pytest.mark.shared_data
def test_real_markdown_un_document():
    doc = shared_doc("000_bc9384a3c8c704c0.txt")
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "I. Introduction" in headings and "Rapport du Secrétariat" in headings
    assert doc.title.startswith("Conférence des Parties")
    notes = [b.text for b in doc.blocks if b.kind == "footnote"]
    assert "* CTOC/COP/2018/1." in notes
    assert any(n.startswith("1 Accessible à l'adresse") for n in notes)
    for marker in ("<sup>", "**", "\\*", "](http"):
        assert marker not in doc.text
    paras = [b.text for b in doc.blocks if b.text.startswith("1. La coopération internationale")]
    assert len(paras) == 1 and paras[0].endswith("infractions visées par la Convention.")


@pytest.mark.shared_data
def test_real_double_spaced_extraction():
    doc = shared_doc("001_4388b06382c05052.txt")
    notant = [b for b in doc.blocks if b.text.startswith("Notant que la coopération internationale")]
    assert len(notant) == 1
    # The hard-wrapped lines of the paragraph are one text again.
    assert "dans le contexte général de la Convention" in notant[0].text
    assert notant[0].text.rstrip().endswith("rapportant2,")
    notes = [b.text for b in doc.blocks if b.kind == "footnote"]
    assert "* CTOC/COP/2022/1." in notes
    assert "1 Nations Unies, Recueil des Traités, vol. 2225, no 39574." in notes
    assert "http://undocs.org" not in doc.text
    # The paragraph interrupted by the page's footnotes resumes after them.
    resumed = [b for b in doc.blocks if "sa résolution 6/1 du 19 octobre 2012" in b.text]
    assert resumed and "application de la Convention des Nations Unies contre la criminalit" in resumed[0].text


def test_markdown_heading_without_blank_lines():
    doc = parse_text("# Ley 26.364\n## Capítulo I\nArtículo 1. Objeto.\nArtículo 2. Definiciones.\n# Anexo\nTexto")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Ley 26.364"),
        ("heading", 2, "Capítulo I"),
        ("paragraph", 0, "Artículo 1. Objeto.\nArtículo 2. Definiciones."),
        ("heading", 1, "Anexo"),
        ("paragraph", 0, "Texto"),
    ]


def test_markdown_footnotes_become_footnote_provisions():
    from ingest.structure import split_provisions

    doc = parse_text(
        "# Loi relative à l'entraide judiciaire\n\n"
        "Article premier\n\nLa demande est transmise par l'autorité centrale<sup>1</sup>.\n\n"
        "<sup>1</sup> Désignée par le décret n° 2019-12.\n\n"
        "Article 2\n\nLa demande est rédigée en français.\n\n"
        "\\* Texte publié au Journal officiel.\n"
    )
    provisions = split_provisions(doc, "legislation", "fr")
    assert [(p.kind, p.label, p.text) for p in provisions] == [
        ("article", "Article premier", "La demande est transmise par l'autorité centrale."),
        ("footnote", "Note 1", "Désignée par le décret n° 2019-12."),
        ("article", "Article 2", "La demande est rédigée en français."),
        ("footnote", "Note *", "Texte publié au Journal officiel."),
    ]


@pytest.mark.shared_data
def test_real_double_spaced_extraction_footnotes_are_provisions():
    from ingest.structure import split_provisions

    provisions = split_provisions(shared_doc("001_4388b06382c05052.txt"), "document", "fr")
    notes = {p.label: p.text for p in provisions if p.kind == "footnote"}
    assert notes["Note 1"] == "Nations Unies, Recueil des Traités, vol. 2225, no 39574."
    assert "CTOC/COP/2022/1." in notes.values()
    body = [p.text for p in provisions if p.kind != "footnote"]
    assert not any("vol. 2225, no 39574" in t for t in body)
    assert any("sa résolution 6/1 du 19 octobre 2012" in t for t in body)
