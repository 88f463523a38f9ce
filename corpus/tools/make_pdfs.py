"""Render the PDF sources in ``corpus/tools/pdf_sources/*.txt`` into ``corpus/documents``.

Run from the repository root: ``.venv/bin/python -m corpus.tools.make_pdfs``.

A source starts with directives (``@header``, ``@output`` relative to corpus/documents,
``@title``), a blank line, then the body markup described in ``corpus.tools.sample``:
``# `` / ``## `` headings, ``^ `` footnotes (set at the foot of the page they occur on),
``{-}`` forced hyphenated line breaks. Every page carries the running header and a
"Page n of m" footer. DejaVu Sans covers Latin and Cyrillic; Arabic needs text shaping
(uharfbuzz), which the project does not install, so Arabic and Chinese texts are not PDFs.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
TOOLS_DIR = Path(__file__).resolve().parent
SOURCES = TOOLS_DIR / "pdf_sources"
DOCS_DIR = TOOLS_DIR.parent / "documents"
BOTTOM = 20.0  # mm kept free for the page footer
# A fixed date keeps rebuilt PDFs byte-identical, so git shows no spurious changes.
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class SamplePDF(FPDF):
    """A4 page with a running header, footnotes at the page foot and page numbers."""

    def __init__(self, running_header: str) -> None:
        super().__init__(format="A4")
        self.running_header = running_header
        self.page_notes: list[str] = []
        self.add_font("DejaVu", "", FONT)
        self.add_font("DejaVu", "B", FONT_BOLD)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.alias_nb_pages()

    def header(self) -> None:
        """Running header: the sample symbol, and a rule below it."""
        self.page_notes = []
        self.set_auto_page_break(True, margin=BOTTOM)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.running_header, align="R", new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        """Footnotes of this page above the page number."""
        if self.page_notes:
            height = 4.0 * len(self.page_notes) + 2
            self.set_y(-BOTTOM - height)
            self.line(self.l_margin, self.get_y(), self.l_margin + 50, self.get_y())
            self.set_font("DejaVu", "", 7.5)
            for note in self.page_notes:
                self.multi_cell(0, 4, note, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_y(-15)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    def add_footnote(self, text: str) -> None:
        """Queue a footnote for this page and keep body text clear of it."""
        self.page_notes.append(text)
        self.set_auto_page_break(True, margin=BOTTOM + 4.0 * len(self.page_notes) + 4)


def parse_source(text: str) -> tuple[dict[str, str], list[tuple[str, int, str]]]:
    """Split a PDF source into its directives and (kind, level, text) blocks."""
    head, _, body = text.partition("\n\n")
    directives = {}
    for line in head.splitlines():
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            directives[key] = value.strip()
    blocks: list[tuple[str, int, str]] = []
    for raw in body.strip().split("\n\n"):
        chunk = " ".join(line.strip() for line in raw.strip().splitlines()).replace("{-} ", "{-}")
        if chunk.startswith("## "):
            blocks.append(("heading", 2, chunk[3:]))
        elif chunk.startswith("# "):
            blocks.append(("heading", 1, chunk[2:]))
        elif chunk.startswith("^ "):
            blocks.append(("footnote", 0, chunk[2:]))
        elif chunk:
            blocks.append(("paragraph", 0, chunk))
    return directives, blocks


def render(source: Path, docs_dir: Path = DOCS_DIR) -> Path:
    """Render one source file; return the PDF written."""
    directives, blocks = parse_source(source.read_text(encoding="utf-8"))
    pdf = SamplePDF(directives.get("header", "SAMPLE"))
    pdf.set_title(directives.get("title", source.stem))
    pdf.set_subject("SAMPLE DATA - invented wording, not an official text")
    pdf.set_creator("sherloc-search corpus/tools/make_pdfs.py")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, directives.get("title", ""), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for kind, level, text in blocks:
        if kind == "heading":
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11.5 if level == 1 else 10.5)
            pdf.multi_cell(0, 6, text, align="C" if level == 1 else "L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "footnote":
            pdf.add_footnote(text)
        else:
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5, text.replace("{-}", "-\n"), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    out = docs_dir / directives["output"]
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out


def main(argv: list[str]) -> int:
    """Render the given sources, or all of them."""
    sources = [Path(a) for a in argv] or sorted(SOURCES.glob("*.txt"))
    for src in sources:
        print(render(src))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
