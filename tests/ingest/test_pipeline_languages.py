"""Stored languages: detection decides, HTML `lang` is only a hint, the editor's sidecar always wins."""

from __future__ import annotations

import json
from pathlib import Path

from index.models import LANGUAGES
from index.store import Store
from ingest.pipeline import ingest_paths

FRENCH = [
    "Le fait de recruter, de transporter, de transférer, d'héberger ou d'accueillir une personne à des fins "
    "d'exploitation constitue la traite des êtres humains.",
    "La traite des êtres humains est punie de sept ans d'emprisonnement et de 150 000 euros d'amende.",
    "Les victimes bénéficient d'une assistance et d'une protection, notamment d'un hébergement sûr.",
]
ENGLISH = [
    "A person who recruits, transports or harbours another person for the purpose of exploitation commits "
    "the offence of trafficking in persons.",
    "The offence of trafficking in persons is punishable by imprisonment for a term not exceeding fifteen years.",
]
GERMAN = (
    "Wer eine andere Person unter Ausnutzung ihrer persönlichen oder wirtschaftlichen Zwangslage oder ihrer "
    "Hilflosigkeit, die mit dem Aufenthalt in einem fremden Land verbunden ist, anwirbt, befördert, weitergibt, "
    "beherbergt oder aufnimmt, wird mit Freiheitsstrafe von sechs Monaten bis zu zehn Jahren bestraft."
)


def page(lang: str, title: str, articles: list[str], extra: str = "") -> str:
    body = "".join(f'<article data-number="{i}"><h2>Article {i}</h2><p>{text}</p></article>'
                   for i, text in enumerate(articles, 1))
    return f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body><main><h1>{title}</h1>' \
           f"{body}{extra}</main></body></html>"


def ingest_one(tmp_path: Path, store: Store, name: str, html: str, meta: dict | None = None):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    if meta is not None:
        path.with_name(name + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    report = ingest_paths([path], store, progress=False)
    assert not report.rejected, report.rejected
    return next(d for d in store.iter_documents() if d.source_file == str(path))


def test_a_french_page_marked_english_is_stored_as_french(tmp_path, store):
    doc = ingest_one(tmp_path, store, "loi.html", page("en", "Loi relative à la traite des êtres humains", FRENCH))
    assert doc.languages == ["fr"]
    assert {p.language for p in doc.provisions} == {"fr"}


def test_a_section_marked_in_another_language_never_leaves_the_six(tmp_path, store):
    extra = f'<div lang="de"><article data-number="3"><h2>Artikel 3</h2><p>{GERMAN}</p></article></div>' \
            '<article lang="x-klingon" data-number="4"><h2>Article 4</h2><p>Qapla batlh.</p></article>'
    doc = ingest_one(tmp_path, store, "act.html", page("en", "Trafficking in Persons Act", ENGLISH, extra))
    assert doc.languages[0] == "en"
    assert set(doc.languages) <= set(LANGUAGES)
    assert {p.language for p in doc.provisions} <= set(LANGUAGES)


def test_a_short_page_uses_its_markup_language(tmp_path, store):
    # "Ley 26.364" has too few letters to detect; the page says Spanish.
    html = '<html lang="es-AR"><body><main><h1>Ley 26.364</h1><p>Art. 1</p></main></body></html>'
    doc = ingest_one(tmp_path, store, "ley.html", html)
    assert doc.languages == ["es"]


def test_a_short_page_marked_outside_the_six_gets_one_of_the_six(tmp_path, store):
    html = '<html lang="de"><body><main><h1>Gesetz 26</h1><p>§ 1</p></main></body></html>'
    doc = ingest_one(tmp_path, store, "gesetz.html", html)
    assert len(doc.languages) == 1 and doc.languages[0] in LANGUAGES


def test_short_sections_in_another_language_keep_their_markup_language(tmp_path, store):
    english = page("en", "Bilingual Act / Loi bilingue", ENGLISH)
    french = '<section lang="fr"><article data-number="3"><h2>Article 3</h2><p>La tentative est punie.</p>' \
             "</article></section>"
    doc = ingest_one(tmp_path, store, "bilingual.html", english.replace("</main>", french + "</main>"))
    by_number = {p.number: p.language for p in doc.provisions if p.kind == "article"}
    assert by_number == {"1": "en", "2": "en", "3": "fr"}
    assert doc.languages == ["en", "fr"]


def test_the_editor_sidecar_language_wins_over_detection_and_markup(tmp_path, store):
    doc = ingest_one(tmp_path, store, "loi.html", page("fr", "Loi relative à la traite", FRENCH),
                     meta={"language": "es"})
    assert doc.languages[0] == "es"
