"""Write the bundled sample documents from the specs in ``corpus/tools/specs``.

Run from the repository root: ``.venv/bin/python -m corpus.tools.build_corpus``.
It rewrites every file under ``corpus/documents`` that a spec names (never the
``treaties`` folder, which another tool owns), the PDF sources under
``corpus/tools/pdf_sources`` and then renders the PDFs with ``make_pdfs``.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

from corpus.tools import make_pdfs
from corpus.tools.sample import SAMPLE_NOTE, SampleDoc
from corpus.tools.specs import ar, en, es, fr, ru, zh

TOOLS_DIR = Path(__file__).resolve().parent
DOCS_DIR = TOOLS_DIR.parent / "documents"
PDF_SOURCES = TOOLS_DIR / "pdf_sources"


def all_docs() -> list[SampleDoc]:
    """Every spec, in a stable order."""
    return [*en.DOCS, *fr.DOCS, *es.DOCS, *ru.DOCS, *ar.DOCS, *zh.DOCS]


def _flat(text: str) -> str:
    # Hyphenation points only matter in the PDF; elsewhere the word is whole again.
    return text.replace("{-}", "")


def render_text(doc: SampleDoc, with_note: bool = True) -> str:
    """Plain text: headings on their own lines, blank lines between blocks."""
    parts = [SAMPLE_NOTE] if with_note else []
    parts.append(doc.title)
    notes = []
    for kind, _level, text in doc.blocks():
        if kind == "footnote":
            notes.append(text)
        else:
            parts.append(_flat(text))
    parts.extend(f"[{i}] {n}" for i, n in enumerate(notes, 1))
    return "\n\n".join(parts) + "\n"


def render_markdown(doc: SampleDoc) -> str:
    """Markdown: the title as ``#``, chapters as ``##``, articles as ``###``."""
    parts = [f"<!-- {SAMPLE_NOTE} -->", f"# {doc.title}"]
    for kind, level, text in doc.blocks():
        if kind == "heading":
            parts.append("#" * (level + 1) + " " + text)
        elif kind == "footnote":
            parts.append(f"> Note: {text}")
        else:
            parts.append(_flat(text))
    return "\n\n".join(parts) + "\n"


def render_html(doc: SampleDoc, boilerplate: bool) -> str:
    """Semantic HTML: <article lang>, chapters as <h2>, articles as <h3>; optional nav/footer to strip."""
    e = html.escape
    lines = [
        "<!DOCTYPE html>",
        f"<!-- {SAMPLE_NOTE} -->",
        f'<html lang="{doc.language}"' + (' dir="rtl"' if doc.language == "ar" else "") + ">",
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(doc.title)}</title>",
        '<meta name="sample" content="true">',
        "</head>",
        "<body>",
    ]
    if boilerplate:
        lines += [
            '<header class="site"><a href="/">Sample Legal Gazette (portal)</a></header>',
            '<nav><ul><li><a href="/">Home</a></li><li><a href="/laws">Laws</a></li>'
            '<li><a href="/search">Search</a></li><li><a href="/contact">Contact</a></li></ul></nav>',
        ]
    lines.append(f'<main><article lang="{doc.language}" data-sample="true">')
    lines.append(f"<h1>{e(doc.title)}</h1>")
    # Articles nest inside their chapter's <section>; `open_levels` holds the levels still open.
    open_levels: list[int] = []
    for kind, level, text in doc.blocks():
        if kind == "heading":
            while open_levels and open_levels[-1] >= level:
                open_levels.pop()
                lines.append("</section>")
            lines.append("<section>")
            open_levels.append(level)
            lines.append(f"<h{level + 1}>{e(text)}</h{level + 1}>")
        elif kind == "footnote":
            lines.append(f'<aside class="footnote"><p>{e(text)}</p></aside>')
        else:
            lines.append(f"<p>{e(_flat(text))}</p>")
    lines.extend("</section>" for _ in open_levels)
    lines.append("</article></main>")
    if boilerplate:
        lines.append(
            "<footer><p>Copyright Sample Legal Gazette. All rights reserved. "
            '<a href="/privacy">Privacy</a> | <a href="/terms">Terms of use</a></p></footer>'
        )
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"


def render_pdf_source(doc: SampleDoc) -> str:
    """The text ``make_pdfs`` renders: directives, then the body markup unchanged."""
    header = doc.header or f"SAMPLE / {doc.id}"
    return f"@header {header} - SAMPLE\n@output {doc.path}\n@title {doc.title}\n\n{doc.body.strip()}\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sidecar(path: Path, doc: SampleDoc) -> None:
    _write(path.with_name(path.name + ".meta.json"), json.dumps(doc.record(), ensure_ascii=False, indent=2) + "\n")


def build(docs_dir: Path = DOCS_DIR, pdf_sources: Path = PDF_SOURCES) -> list[Path]:
    """Write every document (and its sidecar or record), render the PDFs; return the files written."""
    written: list[Path] = []
    jsonl: dict[str, list[SampleDoc]] = defaultdict(list)
    for doc in all_docs():
        target = docs_dir / doc.path
        if doc.fmt == "jsonl":
            jsonl[doc.path].append(doc)
            continue
        if doc.fmt == "txt":
            _write(target, render_text(doc))
        elif doc.fmt == "md":
            _write(target, render_markdown(doc))
        elif doc.fmt in ("html", "html-boilerplate"):
            _write(target, render_html(doc, boilerplate=doc.fmt == "html-boilerplate"))
        elif doc.fmt == "json":
            rec = doc.record() | {"text": render_text(doc, with_note=False)}
            _write(target, json.dumps(rec, ensure_ascii=False, indent=2) + "\n")
            written.append(target)
            continue  # a record carries its own metadata: no sidecar
        elif doc.fmt == "pdf":
            src = pdf_sources / (Path(doc.path).stem + ".txt")
            _write(src, render_pdf_source(doc))
            make_pdfs.render(src, docs_dir)
        else:
            raise ValueError(f"{doc.id}: unknown format {doc.fmt!r}")
        _sidecar(target, doc)
        written.append(target)
    for rel, docs in jsonl.items():
        lines = [json.dumps(d.record() | {"text": render_text(d, with_note=False)}, ensure_ascii=False) for d in docs]
        _write(docs_dir / rel, "\n".join(lines) + "\n")
        written.append(docs_dir / rel)
    return written


if __name__ == "__main__":
    for p in build():
        print(p.relative_to(DOCS_DIR.parent.parent))
