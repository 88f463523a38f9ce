"""HTML reader: main content only, headings, data-number, lang, title, charsets."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.readers import read_file

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
UDHR = {"eng.html": "en", "fra.html": "fr", "spa.html": "es", "rus.html": "ru", "arb.html": "ar", "cmn_hans.html": "zh"}

PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Code pénal | Portail juridique</title>
<style>p { color: red }</style><script>var tracking = "Article 99";</script></head>
<body>
<header class="site-header"><a href="/">Accueil</a> <a href="/lois">Lois</a></header>
<nav><ul><li><a href="/a">Article 98 du menu</a></li></ul></nav>
<main>
  <h1>Loi n° 2013-711 relative à la traite</h1>
  <article data-number="1"><h2>Article premier</h2>
    <p>Le fait de recruter une personne<sup><a href="#fn1">1</a></sup> constitue la traite.</p>
    <ol><li>au moyen de menaces ;</li><li>par abus d'autorité.</li></ol>
  </article>
  <article data-number="2 bis"><h2>Article 2 bis</h2><p>La tentative est punie.<br>Des mêmes peines.</p>
    <p lang="en">An English note on article 2 bis.</p></article>
  <form><label>Rechercher</label><input name="q"></form>
  <section class="footnotes"><p id="fn1">1 Voir la directive 2011/36/UE.</p></section>
</main>
<aside>Articles liés : Article 97</aside>
<footer><p>© Ministère de la Justice — mentions légales</p></footer>
</body></html>
"""


def read_html_text(tmp_path, data, name="page.html"):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    docs = read_file(p)
    assert len(docs) == 1
    return docs[0]


def test_main_content_only(tmp_path):
    doc = read_html_text(tmp_path, PAGE)
    assert doc.title == "Loi n° 2013-711 relative à la traite"
    # `lang` is the page's word, not the editor's: a hint for detection, kept apart from the blocks.
    assert doc.metadata["lang_hint"] == "fr" and "language" not in doc.metadata
    for junk in ("Accueil", "Article 98", "Article 97", "tracking", "color", "Rechercher", "mentions légales"):
        assert junk not in doc.text
    rows = [(b.kind, b.level, b.number, b.text) for b in doc.blocks]
    assert rows == [
        ("heading", 1, "", "Loi n° 2013-711 relative à la traite"),
        ("heading", 2, "1", "Article premier"),
        ("paragraph", 0, "1", "Le fait de recruter une personne constitue la traite."),
        ("paragraph", 0, "1", "au moyen de menaces ;"),
        ("paragraph", 0, "1", "par abus d'autorité."),
        ("heading", 2, "2 bis", "Article 2 bis"),
        ("paragraph", 0, "2 bis", "La tentative est punie.\nDes mêmes peines."),
        ("paragraph", 0, "2 bis", "An English note on article 2 bis."),
        ("footnote", 0, "", "1 Voir la directive 2011/36/UE."),
    ]
    assert {b.language for b in doc.blocks} == {""}
    assert doc.metadata["lang_hints"] == ["fr"] * 7 + ["en", "fr"]


def test_lang_hints_are_primary_subtags_and_absent_without_markup(tmp_path):
    doc = read_html_text(tmp_path, '<html lang=" FR-ca "><body><p lang="zh_Hant">第五条</p><p>Texte.</p>'
                                   '<p lang="">Vide.</p></body></html>')
    assert doc.metadata["lang_hint"] == "fr"
    assert doc.metadata["lang_hints"] == ["zh", "fr", "fr"]
    doc = read_html_text(tmp_path, "<html><body><p>Texte.</p></body></html>", "plain.html")
    assert "lang_hint" not in doc.metadata and "lang_hints" not in doc.metadata


def test_title_from_title_tag_without_h1_and_body_without_main(tmp_path):
    doc = read_html_text(tmp_path, "<html><head><title>Ley 26.364</title></head><body>"
                                   "<div>Texto suelto <b>en negrita</b></div><p>Artículo 1.</p></body></html>")
    assert doc.title == "Ley 26.364"
    assert [b.text for b in doc.blocks] == ["Texto suelto en negrita", "Artículo 1."]
    assert "lang_hint" not in doc.metadata


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('<html><head><meta charset="windows-1252"></head><body><p>Délégué</p></body></html>'.encode("cp1252"),
         "Délégué"),
        ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
         "<body><p>Préfet</p></body></html>".encode("latin-1"), "Préfet"),
        (codecs.BOM_UTF16_LE + "<html><body><p>Статья 1</p></body></html>".encode("utf-16-le"), "Статья 1"),
        ("<html><body><p>المادة 1</p></body></html>".encode(), "المادة 1"),
    ],
)
def test_charsets(tmp_path, data, expected):
    assert read_html_text(tmp_path, data).text == expected


def test_page_of_only_boilerplate_is_rejected(tmp_path):
    from ingest.errors import RejectedFile

    p = tmp_path / "menu.html"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")
    with pytest.raises(RejectedFile) as err:
        read_file(p)
    assert "no text could be extracted" in err.value.reason


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "lang"), sorted(UDHR.items()))
def test_udhr_thirty_articles(name, lang):
    path = SHARED / "udhr" / name
    if not path.exists():
        pytest.skip("../shared/data not present: udhr")
    doc = read_file(path)[0]
    assert doc.metadata["lang_hint"] == lang
    assert set(doc.metadata["lang_hints"]) == {lang}
    numbers = {b.number for b in doc.blocks if b.number}
    assert numbers == {str(n) for n in range(1, 31)}
    for n in range(1, 31):
        blocks = [b for b in doc.blocks if b.number == str(n)]
        assert blocks[0].kind == "heading" and blocks[0].level == 2
        assert any(b.kind == "paragraph" and len(b.text) > 8 for b in blocks[1:])
    # The preamble (in <header>) is kept, and the title is the declaration's name, not the language name.
    assert doc.blocks[1].kind == "heading" and doc.blocks[1].number == ""
    assert sum(1 for b in doc.blocks if b.kind == "paragraph" and not b.number) >= 8
    assert doc.title == doc.blocks[0].text and len(doc.title) > 5
    # Article 26 has three numbered paragraphs (<ol><li><p>).
    assert len([b for b in doc.blocks if b.number == "26" and b.kind == "paragraph"]) == 3


@pytest.mark.shared_data
def test_udhr_articles_are_parallel():
    if not (SHARED / "udhr").exists():
        pytest.skip("../shared/data not present: udhr")
    shapes = set()
    for name in UDHR:
        doc = read_file(SHARED / "udhr" / name)[0]
        shapes.add(tuple(sum(1 for b in doc.blocks if b.number == str(n) and b.kind == "paragraph")
                         for n in range(1, 31)))
    assert len(shapes) == 1


def test_role_main_single_article_and_tables(tmp_path):
    doc = read_html_text(tmp_path, """<html lang="es"><body>
      <header><h1>Boletín Oficial</h1><a href="/">Inicio</a></header>
      <div class="menu"><p>Enlaces rápidos</p></div>
      <div role="main"><h2>Artículo 5</h2><p>Texto del artículo.</p>
        <table><tr><th>Delito</th><th>Pena</th></tr><tr><td>Trata</td><td>8 años</td></tr></table></div>
      <div role="contentinfo"><p>Contacto</p></div></body></html>""")
    assert [b.text for b in doc.blocks] == ["Artículo 5", "Texto del artículo.", "Delito | Pena", "Trata | 8 años"]
    assert doc.title == "Boletín Oficial"

    doc = read_html_text(tmp_path, """<html><body><div class="banner"><p>Site</p></div>
      <article lang="ru"><h1>Статья 127.1</h1><p>Торговля людьми.</p></article></body></html>""", "b.html")
    assert [b.text for b in doc.blocks] == ["Статья 127.1", "Торговля людьми."]
    assert doc.metadata["lang_hints"] == ["ru", "ru"] and "lang_hint" not in doc.metadata


def test_footnote_marks_are_dropped_from_loose_text(tmp_path):
    # Text straight inside a <div>, with marks that are a lone number in a <sup>: the marks are not text.
    page = ("<html><body><main><div>Every State Party shall criminalize trafficking<sup class='footnote'>2</sup> "
            "and its attempt<sup><a href='#n3'>3</a></sup>.</div></main></body></html>")  # fmt: skip
    doc = read_html_text(tmp_path, page)
    assert [b.text for b in doc.blocks] == ["Every State Party shall criminalize trafficking and its attempt."]


def test_loose_text_with_inline_markup_reads_as_written(tmp_path):
    # No space where a tag starts or ends inside a word or before punctuation; <br> is a line break.
    page = ("<html><body><main><div>Art<b>icle</b> <em>5</em>. The State<span class='ref'></span>, "
            "l'<i>extradition</i> <!-- note -->requested:<br>  within <a href='/d'>30 days</a>.</div>"
            "</main></body></html>")  # fmt: skip
    doc = read_html_text(tmp_path, page)
    assert [b.text for b in doc.blocks] == ["Article 5. The State, l'extradition requested:\nwithin 30 days."]
