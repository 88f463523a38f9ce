"""Make PDFs for the ingest tests and benchmark with fpdf2: UN-style running headers and
footers, page numbers, footnotes, hard hyphenation, two-column pages, encryption.

Texts come from the caller (real documents from ../shared/data when present); this
module only lays them out the way real PDFs are laid out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@dataclass
class Item:
    """One thing to lay out: kind is heading | para | para_sup (with ^n references) | footnote | columns | pagebreak."""

    kind: str
    text: str = ""
    right: str = ""  # the right column of a "columns" item


@dataclass
class Layout:
    header: str = "CTOC/COP/2018/5"  # running header (a document symbol), alternating sides
    footer: str = "V.18-04589 (F)"  # job number in the footer
    page_numbers: bool = True  # "3/12" style page numbers in the footer
    body_size: float = 10.5
    items: list[Item] = field(default_factory=list)


class _Doc(FPDF):
    def __init__(self, layout: Layout) -> None:
        super().__init__(format="A4")
        self.layout = layout
        self.add_font("DejaVu", "", str(FONT))
        self.add_font("DejaVu", "B", str(FONT_BOLD))
        self.set_auto_page_break(True, margin=30)
        self.set_margins(25, 25, 25)
        self.notes: list[str] = []

    def header(self) -> None:
        if not self.layout.header:
            return
        self.set_font("DejaVu", "", 9)
        self.set_y(12)
        self.cell(0, 5, self.layout.header, align="L" if self.page_no() % 2 == 0 else "R")
        self.set_y(25)

    def footer(self) -> None:
        # Footnotes of this page sit above the footer, in a smaller font.
        if self.notes:
            self.set_font("DejaVu", "", 7.5)
            height = 0.0
            for note in self.notes:
                height += 3.6 * max(1, int(self.get_string_width(note) / (self.epw - 2)) + 1)
            self.set_y(-22 - height)
            for note in self.notes:
                self.multi_cell(0, 3.6, note, new_x="LMARGIN", new_y="NEXT")
            self.notes = []
        self.set_font("DejaVu", "", 8)
        self.set_y(-15)
        if self.layout.footer:
            self.cell(self.epw / 2, 5, self.layout.footer, align="L")
        if self.layout.page_numbers:
            self.set_x(self.w - self.r_margin - 30)
            self.cell(30, 5, f"{self.page_no()}/{{nb}}", align="R")


def make_pdf(path: Path, layout: Layout, user_password: str | None = None, title: str = "") -> Path:
    """Write the laid-out items to `path` and return it."""
    doc = _Doc(layout)
    if title:
        doc.set_title(title)
    if user_password is not None:
        doc.set_encryption(owner_password="owner-secret", user_password=user_password)
    doc.add_page()
    size = layout.body_size
    for item in layout.items:
        # The font has no glyph for a tab; converted texts are full of them.
        item = Item(item.kind, item.text.replace("\t", " "), item.right.replace("\t", " "))
        if item.kind == "heading":
            doc.set_font("DejaVu", "B", size * 1.35)
            doc.multi_cell(0, size * 0.6, item.text)
            doc.ln(2)
        elif item.kind == "para":
            doc.set_font("DejaVu", "", size)
            doc.multi_cell(0, size * 0.5, item.text)
            doc.ln(3)
        elif item.kind == "para_sup":
            # "^1" marks a superscript footnote reference, set small and raised as in real documents.
            doc.set_font("DejaVu", "", size)
            for seg in re.split(r"(\^\d+)", item.text):
                if seg.startswith("^"):
                    doc.char_vpos = "SUP"
                    doc.write(size * 0.5, seg[1:])
                    doc.char_vpos = "LINE"
                elif seg:
                    doc.write(size * 0.5, seg)
            doc.ln(size * 0.5)
            doc.ln(3)
        elif item.kind == "footnote":
            doc.notes.append(item.text)
        elif item.kind == "pagebreak":
            doc.add_page()
        elif item.kind == "columns":
            doc.set_font("DejaVu", "", size)
            top = doc.get_y()
            gutter = 10
            width = (doc.epw - gutter) / 2
            doc.multi_cell(width, size * 0.5, item.text)
            bottom = doc.get_y()
            doc.set_xy(doc.l_margin + width + gutter, top)
            doc.multi_cell(width, size * 0.5, item.right)
            doc.set_y(max(bottom, doc.get_y()) + 3)
    doc.output(str(path))
    return Path(path)


def paragraphs_pdf(path: Path, paragraphs: list[str], heading: str = "", per_page: int = 0, **layout_kw) -> Path:
    """A plain UN-style PDF of paragraphs (a page break every `per_page` paragraphs when > 0)."""
    items = [Item("heading", heading)] if heading else []
    for i, para in enumerate(paragraphs):
        if per_page and i and i % per_page == 0:
            items.append(Item("pagebreak"))
        items.append(Item("para", para))
    return make_pdf(path, Layout(items=items, **layout_kw))
