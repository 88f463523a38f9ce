"""PDF reader on PDFs laid out like UN documents (fpdf2), from real texts when ../shared/data is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import RejectedFile
from ingest.readers import NO_TEXT, read_file
from ingest.text import read_text
from tests.ingest.pdfgen import Item, Layout, make_pdf

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
_SENTENCES = [
    "The present note describes the cooperation of States parties in matters of extradition and mutual legal "
    "assistance, including the role of central authorities designated under article 18 of the Convention.",
    "Requests should be transmitted through the central authority, which shall ensure the speedy and proper "
    "execution of requests or their transmission to the competent authorities for execution.",
    "States parties are encouraged to share information on their legislation, case law and practice, and to "
    "use the online tools developed by the Secretariat when drafting requests.",
]
# Fourteen numbered paragraphs of three sentences each: enough for three pages, as the real text gives.
OWN_TEXT = [f"{i}. " + " ".join(_SENTENCES[(i + k) % 3] for k in range(3)) for i in range(1, 15)]


def squash(text: str) -> str:
    return "".join(text.split())


def real_paragraphs() -> tuple[list[str], list[str]]:
    """Numbered paragraphs and footnotes of a real French UN document, else our own short text."""
    path = SHARED / "un-docs" / "000_bc9384a3c8c704c0.txt"
    if not path.exists():
        return OWN_TEXT, ["1 See the model treaty on extradition."]
    doc = read_text(path)[0]
    paras = [b.text for b in doc.blocks if b.kind == "paragraph" and b.text[:1].isdigit() and "\n" not in b.text
             and "V.18" not in b.text and "CTOC/COP/2018/5" not in b.text]
    notes = [b.text for b in doc.blocks if b.kind == "footnote" and b.text[:1].isdigit()]
    return paras[:14], notes


@pytest.fixture(scope="module")
def un_pdf(tmp_path_factory):
    paras, notes = real_paragraphs()
    items = [Item("heading", "I. Introduction")]
    for i, para in enumerate(paras):
        items.append(Item("para", para))
        if i == 1:
            items.append(Item("footnote", notes[0]))
    path = make_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", Layout(items=items))
    return read_file(path)[0], paras, notes[0]


def test_running_headers_footers_and_page_numbers_are_dropped(un_pdf):
    doc, paras, _ = un_pdf
    assert doc.pages >= 3
    assert "V.18-04589" not in doc.text and "CTOC/COP/2018/5" not in doc.text
    assert not any(b.text.strip().endswith(f"/{doc.pages}") for b in doc.blocks)
    # Nothing but the body, in order: the page numbers "2/4" and the running heads are all gone.
    assert squash(doc.text) == squash("I. Introduction" + "".join(paras))
    assert set(doc.metadata["running_headers"]) == {"CTOC/COP/2018/5", "V.18-04589 (F)"}


def test_footnote_kept_apart(un_pdf):
    doc, _, note = un_pdf
    notes = [b.text for b in doc.blocks if b.kind == "footnote"]
    assert notes == [note]
    assert squash(note) not in squash(doc.text)


def test_heading_and_paragraph_blocks(un_pdf):
    doc, paras, _ = un_pdf
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == "I. Introduction"
    assert doc.title == "I. Introduction"
    body = [b.text for b in doc.blocks if b.kind == "paragraph"]
    # Paragraphs are found again one by one (those cut by a page break are joined again).
    assert [squash(t) for t in body] == [squash(p) for p in paras]


def test_hyphenated_line_breaks(tmp_path):
    items = [Item("para", "La demande d'extra-\ndition est transmise. Les mesures anti-money laundering et\n"
                          "les mesures anti-\nmoney laundering sont prises."),
             Item("para", "Une seconde demande d'extradition suit.")]
    (doc,) = read_file(make_pdf(tmp_path / "hyphen.pdf", Layout(items=items, header="", footer="")))
    assert "d'extradition est transmise" in doc.text
    assert "extra-" not in doc.text
    assert doc.text.count("anti-money laundering") == 2


def test_two_column_page_read_left_column_first(tmp_path):
    paras, _ = real_paragraphs()
    left, right = paras[0][:600], paras[1][:600]
    items = [Item("heading", "II. Deux colonnes"), Item("columns", left, right), Item("para", paras[2][:300])]
    (doc,) = read_file(make_pdf(tmp_path / "columns.pdf", Layout(items=items)))
    texts = [squash(b.text) for b in doc.blocks]
    assert texts == [squash("II. Deux colonnes"), squash(left), squash(right), squash(paras[2][:300])]


def test_cyrillic_udhr_pdf(tmp_path):
    from ingest.html import read_html

    path = SHARED / "udhr" / "rus.html"
    if not path.exists():
        pytest.skip("../shared/data not present: udhr")
    html = read_html(path)[0]
    arts = [b.text for b in html.blocks if b.kind == "paragraph" and b.number in {"1", "2", "3", "9", "14"}]
    items = [Item("heading", "Всеобщая декларация прав человека")] + [Item("para", t) for t in arts]
    (doc,) = read_file(make_pdf(tmp_path / "udhr-ru.pdf", Layout(items=items, header="A/RES/217(III)")))
    assert squash(doc.text) == squash("Всеобщая декларация прав человека" + "".join(arts))


def test_encrypted_pdf_rejected(tmp_path):
    path = make_pdf(tmp_path / "secret.pdf", Layout(items=[Item("para", OWN_TEXT[0])]), user_password="s3cret")
    with pytest.raises(RejectedFile) as err:
        read_file(path)
    assert err.value.reason == "encrypted PDF (password protected)"
    assert str(err.value).startswith(str(path))


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    path = make_pdf(tmp_path / "perm.pdf", Layout(items=[Item("para", OWN_TEXT[0])], header="", footer=""),
                    user_password="")
    assert read_file(path)[0].text == OWN_TEXT[0]


def test_truncated_pdf_rejected(tmp_path):
    full = make_pdf(tmp_path / "full.pdf", Layout(items=[Item("para", p) for p in OWN_TEXT]))
    data = full.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(RejectedFile) as err:
        read_file(cut)
    assert "truncated PDF" in err.value.reason


def test_damaged_pdf_rejected(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage \x00\xff\n%%EOF\n")
    with pytest.raises(RejectedFile) as err:
        read_file(path)
    assert err.value.reason


def test_pdf_without_text_layer_rejected(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a "scanned" page: graphics only
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(RejectedFile) as err:
        read_file(path)
    assert err.value.reason == NO_TEXT


def test_one_page_symbol_header_in_small_type_dropped(tmp_path):
    items = [Item("heading", "Note by the Secretariat"), Item("para", OWN_TEXT[0]), Item("para", OWN_TEXT[1])]
    layout = Layout(items=items, header="SAMPLE - CTOC/COP/WG.3/2024/2 - Distr.: General", footer="V.24-01234 (E)")
    (doc,) = read_file(make_pdf(tmp_path / "note.pdf", layout))
    assert doc.pages == 1
    assert [b.text for b in doc.blocks] == ["Note by the Secretariat", OWN_TEXT[0], OWN_TEXT[1]]
    assert doc.metadata["running_headers"] == ["SAMPLE - CTOC/COP/WG.3/2024/2 - Distr.: General", "V.24-01234 (E)"]


def test_superscript_footnote_references_left_out_of_the_body(tmp_path):
    items = [Item("para_sup", "Notant que la coopération internationale occupe une place importante dans le contexte "
                              "de la Convention^1 et des Protocoles s'y rapportant^2, la Conférence décide."),
             Item("footnote", "1 Nations Unies, Recueil des Traités, vol. 2225, no 39574."),
             Item("footnote", "2 Ibid., vol. 2237, 2241 et 2326, no 39574.")]
    (doc,) = read_file(make_pdf(tmp_path / "sup.pdf", Layout(items=items, header="", footer="")))
    body = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert body == ["Notant que la coopération internationale occupe une place importante dans le contexte de la "
                    "Convention et des Protocoles s'y rapportant, la Conférence décide."]
    assert [b.text for b in doc.blocks if b.kind == "footnote"] == [
        "1 Nations Unies, Recueil des Traités, vol. 2225, no 39574.", "2 Ibid., vol. 2237, 2241 et 2326, no 39574."]


def _law_with_footnotes(path: Path) -> Path:
    """A law whose articles cite footnotes by superscript numbers; two notes stacked at the foot of page 1."""
    items = [Item("heading", "Law on Mutual Legal Assistance"),
             Item("heading", "Article 1"),
             Item("para_sup", "This Law governs mutual legal assistance in criminal matters under the Convention^1 "
                              "and the treaties in force for the State."),
             Item("footnote", "1 United Nations, Treaty Series, vol. 2225, No. 39574."),
             Item("heading", "Article 2"),
             Item("para", OWN_TEXT[1]),
             Item("heading", "Article 3"),
             Item("para_sup", "The central authority shall keep a register of requests^2 received and sent."),
             Item("footnote", "2 The register may be kept in electronic form; see the regulation of 2019."),
             Item("pagebreak"),
             Item("heading", "Article 4"),
             Item("para_sup", "Requests may be refused on the grounds set out in the model treaty^3."),
             Item("footnote", "3 General Assembly resolution 45/117, annex.")]  # fmt: skip
    return make_pdf(path, Layout(items=items))


def test_footnotes_follow_the_paragraph_that_cites_them(tmp_path):
    (doc,) = read_file(_law_with_footnotes(tmp_path / "law.pdf"))
    kinds = [(b.kind, b.text[:10]) for b in doc.blocks if b.kind != "heading"]
    assert kinds == [("paragraph", "This Law g"), ("footnote", "1 United N"), ("paragraph", OWN_TEXT[1][:10]),
                     ("paragraph", "The centra"), ("footnote", "2 The regi"), ("paragraph", "Requests m"),
                     ("footnote", "3 General ")]  # fmt: skip


def test_ingested_pdf_keeps_footnotes_as_footnote_provisions(tmp_path):
    import json

    from index.store import Store
    from ingest.pipeline import ingest_paths

    path = _law_with_footnotes(tmp_path / "law.pdf")
    (tmp_path / "law.pdf.meta.json").write_text(json.dumps({"id": "mla-law", "type": "legislation",
                                                            "language": "en"}), encoding="utf-8")
    store = Store(tmp_path / "store.sqlite3")
    try:
        report = ingest_paths([path], store, progress=False)
        assert not report.rejected, report.rejected
        provisions = store.get_document("mla-law").provisions
    finally:
        store.close()
    assert [(p.kind, p.label) for p in provisions] == [
        ("article", "Article 1"), ("footnote", "Footnote 1"), ("article", "Article 2"), ("article", "Article 3"),
        ("footnote", "Footnote 2"), ("article", "Article 4"), ("footnote", "Footnote 3")]  # fmt: skip
    notes = {p.label: p.text for p in provisions if p.kind == "footnote"}
    assert notes["Footnote 2"] == "The register may be kept in electronic form; see the regulation of 2019."
    assert notes["Footnote 3"] == "General Assembly resolution 45/117, annex."
    body = " ".join(p.text for p in provisions if p.kind == "article")
    assert "Treaty Series" not in body and "electronic form" not in body and "45/117" not in body
    assert "under the Convention and the treaties" in body  # the superscript 1 is not in the text either
    assert len({p.id for p in provisions}) == len(provisions)
