"""PDF files -> blocks, using pdfminer.six's layout analysis (LTTextLine positions and fonts).

What a reader of a UN or government PDF wants is the body text in reading order. So:
running headers and footers (document symbols, job numbers, page numbers) are dropped
when they repeat across pages; footnotes (small type at the page bottom) become their
own blocks; two-column pages are read left column first; hard hyphenation is undone;
headings are recognised by size and weight.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import RejectedFile
from ingest.model import Block, ParsedDocument
from ingest.text import Vocabulary, join_lines

BAND = 0.09  # share of the page height at the top and at the bottom where running heads live
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page|p\.|pág\.?|página|стр\.?|страница|صفحة)?\s*\d{1,4}\s*(?:(?:/|of|de|sur|из|من)\s*\d{1,4})?[-–—\s]*$"
    r"|^第?\s*\d{1,4}\s*页$|^[ivxlc]{1,6}$",
    re.IGNORECASE,
)
# UN job numbers ("V.18-04589 (F)", "V.18-04589 (F)    *1804589*") and document symbols ("CTOC/COP/2018/5",
# "A/RES/217(III)") alone on a line in the top or bottom band are running heads even on a one-page document.
_SYMBOL_LINE = re.compile(
    r"^(?:[A-Z]{1,2}\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s*\*\d{5,10}\*)?"
    r"|[A-Z]{1,10}(?:/[A-Z0-9.\-()]{1,20}){1,8})$"
)
# A symbol or job number inside a small-type band line ("SAMPLE - CTOC/COP/2024/1 - Distr.") marks a running head.
_SYMBOL_TOKEN = re.compile(r"\b[A-Z]{1,10}(?:/[A-Za-z0-9.\-()]{1,20}){2,8}|\b[A-Z]\.\d{2}-\d{4,6}\b")
_DIGITS = re.compile(r"\d+")
_CID = re.compile(r"\(cid:\d{1,6}\)")
_TERMINAL = (".", ":", ";", "!", "?", "»", "”", ")", "。", "؛", ".”")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"^\s*(?:\d{1,3}|\*{1,3}|[a-z])[\s.)]")
_NOTE_NUMBER = re.compile(r"^\s*(\d{1,3})[\s.)]")
# A bold line starting with one of these opens a heading of its own ("CHAPTER I" above "Article 1").
_UNIT_START = re.compile(
    r"^(?:(?i:article|art[ií]culo|статья|chapter|chapitre|cap[ií]tulo|глава|part|partie|parte|section|secci[oó]n"
    r"|title|titre|t[ií]tulo|раздел|annexe?|anexo|schedule|appendix|приложение)\b"
    r"|المادة|مادة|الفصل|الباب|الملحق|第[一二三四五六七八九十百千零〇两\d]{1,8}[条章节编])"
)


_bold_fonts: dict[str, bool] = {}


def _is_bold(fontname: str) -> bool:
    # Called for every character: remember the answer per font.
    found = _bold_fonts.get(fontname)
    if found is None:
        found = _bold_fonts[fontname] = _BOLD.search(fontname) is not None
    return found


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    y0: float  # pdfminer: y grows upwards
    y1: float
    size: float
    bold: bool
    page: int
    refs: tuple[str, ...] = ()  # footnote numbers cited on this line by superscript digits

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _line_from(obj, page: int) -> _Line | None:
    """Text, font size and weight of a pdfminer text line; superscript footnote digits are dropped."""
    from pdfminer.layout import LTChar

    chars = [c for c in obj if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = Counter(round(c.size * 2) / 2 for c in chars if not c.get_text().isspace())
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    base = min(c.y0 for c in chars if round(c.size * 2) / 2 == size)
    parts: list[str] = []
    refs: list[str] = []
    in_ref = False
    bold = 0
    visible = 0
    for item in obj:
        text = item.get_text()
        if isinstance(item, LTChar):
            # A small digit raised above the baseline is a footnote reference, not text: kept aside so that
            # the footnote can follow the paragraph citing it.
            if text.isdigit() and item.size < 0.8 * size and item.y0 > base + 0.2 * size:
                if in_ref:
                    refs[-1] += text
                else:
                    refs.append(text)
                in_ref = True
                continue
            if not text.isspace():
                visible += 1
                if _is_bold(item.fontname or ""):
                    bold += 1
        in_ref = False
        parts.append(text)
    # Justified lines come out with doubled spaces; one is enough.
    text = " ".join("".join(parts).replace("\u00a0", " ").split())
    if "(cid:" in text:  # glyphs without a Unicode mapping: nothing a reader could use
        text = " ".join(_CID.sub("\ufffd", text).split())
    if not text:
        return None
    return _Line(text, obj.x0, obj.x1, obj.y0, obj.y1, size, visible > 0 and bold >= 0.8 * visible, page,
                 tuple(refs))


def _collect_lines(layout, page: int) -> list[_Line]:
    from pdfminer.layout import LTFigure, LTTextBox, LTTextLine

    out: list[_Line] = []
    stack = [layout]
    while stack:
        node = stack.pop()
        for obj in node:
            if isinstance(obj, LTTextLine):
                line = _line_from(obj, page)
                if line:
                    out.append(line)
            elif isinstance(obj, (LTTextBox, LTFigure)):
                stack.append(obj)
    return out


def _merge_same_baseline(lines: list[_Line]) -> list[_Line]:
    """Join pieces of one visual line ("1." at the margin, then the text) that pdfminer split apart."""
    lines = sorted(lines, key=lambda ln: (-round(ln.y0), ln.x0))
    out: list[_Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev and abs(prev.y0 - ln.y0) < 0.3 * ln.size and ln.x0 >= prev.x1 - 1
                and ln.x0 - prev.x1 < 6 * ln.size and abs(prev.size - ln.size) < 0.6):
            prev.text = f"{prev.text} {ln.text}"
            prev.x1 = ln.x1
            prev.y1 = max(prev.y1, ln.y1)
            prev.bold = prev.bold and ln.bold
            prev.refs += ln.refs
        else:
            out.append(ln)
    return out


def _mask(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _body_size(lines: list[_Line]) -> float:
    """The font size most of the text is set in."""
    weights: Counter = Counter()
    for ln in lines:
        weights[ln.size] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _running_heads(pages: list[tuple[list[_Line], float]]) -> tuple[set[int], list[str]]:
    """ids of lines that are running headers/footers, and their distinct texts (kept as metadata)."""
    body = _body_size([ln for lines, _ in pages for ln in lines])
    n = len(pages)
    seen: dict[str, set[int]] = defaultdict(set)
    band_lines: list[tuple[_Line, str]] = []
    for p, (lines, height) in enumerate(pages):
        for ln in sorted(lines, key=lambda ln: -ln.y1):
            if ln.y0 >= height * (1 - BAND) or ln.y1 <= height * BAND:
                key = _mask(ln.text)
                seen[key].add(p)
                band_lines.append((ln, key))
    need = max(2, math.ceil(0.5 * n))
    drop: set[int] = set()
    texts: list[str] = []
    for ln, key in band_lines:
        if (_PAGE_NUMBER.match(ln.text) or _SYMBOL_LINE.match(ln.text) or len(seen[key]) >= need
                or (ln.size < body - 0.4 and len(ln.text) < 120 and _SYMBOL_TOKEN.search(ln.text))):
            drop.add(id(ln))
            if not _PAGE_NUMBER.match(ln.text) and ln.text not in texts and len(texts) < 10:
                texts.append(ln.text)
    return drop, texts


def _gutter(lines: list[_Line]) -> float | None:
    """The x of the gap between two columns on this page, or None for a single column."""
    if len(lines) < 6:
        return None
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    width = right - left
    if width <= 0:
        return None
    best: list[float] = []
    best_cross = None
    x = left + 0.3 * width
    while x <= left + 0.7 * width:
        cross = sum(1 for ln in lines if ln.x0 < x - 1 and ln.x1 > x + 1)
        if best_cross is None or cross < best_cross:
            best_cross, best = cross, [x]
        elif cross == best_cross:
            best.append(x)
        x += 2.0
    if best_cross is None or best_cross > 0.3 * len(lines):
        return None
    # The middle of the longest run of best positions is the gutter's centre.
    runs: list[list[float]] = [[best[0]]]
    for v in best[1:]:
        if v - runs[-1][-1] <= 2.01:
            runs[-1].append(v)
        else:
            runs.append([v])
    run = max(runs, key=len)
    g = (run[0] + run[-1]) / 2
    lefts = [ln for ln in lines if ln.x1 <= g]
    rights = [ln for ln in lines if ln.x0 >= g]
    if len(lefts) < 3 or len(rights) < 3:
        return None
    # Real columns stand side by side: lines on both sides share heights.
    side_by_side = sum(1 for r in rights if any(a.y0 < r.y1 and r.y0 < a.y1 for a in lefts))
    return g if side_by_side >= 3 else None


def _reading_order(lines: list[_Line]) -> list[list[_Line]]:
    """Lines of one page as runs in reading order; in two-column parts, left column then right."""
    lines = sorted(lines, key=lambda ln: (-ln.y1, ln.x0))
    g = _gutter(lines)
    if g is None:
        return [_merge_same_baseline(lines)]
    runs: list[list[_Line]] = []
    left: list[_Line] = []
    right: list[_Line] = []
    full: list[_Line] = []  # full-width lines (titles, paragraphs) between column sections

    def flush(*parts: list[_Line]) -> None:
        for part in parts:
            if part:
                runs.append(list(part))
                part.clear()

    rights = [ln for ln in lines if ln.x0 >= g]
    for ln in lines:
        if full and ln.x1 <= g and not any(r.y0 < ln.y1 and ln.y0 < r.y1 for r in rights):
            # the short last line of a full-width paragraph ends left of the gutter, with no
            # right column beside it: it belongs to that paragraph, not to a column
            full.append(ln)
        elif ln.x1 <= g:
            flush(full)
            left.append(ln)
        elif ln.x0 >= g:
            flush(full)
            right.append(ln)
        else:
            flush(left, right)
            full.append(ln)
    flush(left, right, full)
    return [_merge_same_baseline(run) for run in runs]


def _style(ln: _Line, body: float) -> str:
    if ln.size >= body * 1.15 or (ln.bold and len(ln.text) < 200):
        return "heading"
    return "body"


def _paragraphs(run: list[_Line], body: float, gap_norm: float) -> list[list[_Line]]:
    """Group a run of lines (one column, top to bottom) into paragraphs."""
    paras: list[list[_Line]] = []
    right_edge = max((ln.x1 for ln in run), default=0)
    left_edge = min((ln.x0 for ln in run), default=0)
    for ln in run:
        if not paras:
            paras.append([ln])
            continue
        prev = paras[-1][-1]
        gap = prev.y0 - ln.y1
        new = (
            gap > gap_norm + 0.45 * min(prev.size, ln.size)
            or gap < -prev.height  # went back up: another column or region
            or _style(prev, body) != _style(ln, body)
            or abs(prev.size - ln.size) > 0.6
            or (prev.text.endswith(_TERMINAL) and prev.x1 < right_edge - 0.2 * (right_edge - left_edge))
            or (prev.text.endswith(_TERMINAL) and ln.x0 > prev.x0 + 1.5 * ln.size)
            or (_style(ln, body) == "heading" and _UNIT_START.match(ln.text) is not None)
        )
        if new:
            paras.append([ln])
        else:
            paras[-1].append(ln)
    return paras


def _open_document(path: Path):
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    fh = path.open("rb")
    try:
        parser = PDFParser(fh)
        doc = PDFDocument(parser, password="")
    except (PDFPasswordIncorrect, PDFEncryptionError):
        fh.close()
        raise RejectedFile(path, "encrypted PDF (password protected)") from None
    except MemoryError:
        fh.close()
        raise
    except Exception as exc:
        fh.close()
        raise RejectedFile(path, f"damaged PDF, cannot be parsed ({type(exc).__name__}: {str(exc)[:120]})") from None
    return fh, doc


def _info_title(doc) -> str:
    from pdfminer.utils import decode_text

    for info in getattr(doc, "info", []) or []:
        raw = info.get("Title") if isinstance(info, dict) else None
        if hasattr(raw, "resolve"):
            raw = raw.resolve()
        if isinstance(raw, bytes):
            text = decode_text(raw)
        elif isinstance(raw, str):
            text = raw
        else:
            continue
        text = re.sub(r"^Microsoft Word - ", "", text.strip().replace("\x00", ""))
        if text and not re.fullmatch(r"[\w\-. ]+\.(docx?|pdf|rtf|odt)", text, re.IGNORECASE):
            return text
    return ""


# Characters one page may draw: a dense real page draws a few thousand; a page that repeats one
# text operation (or form) tens of thousands of times would take gigabytes to lay out.
MAX_CHARS_PER_PAGE = 200_000


def _bounded_aggregator(path: Path, rsrc, laparams):
    """pdfminer's page aggregator that rejects the file when a page draws more than MAX_CHARS_PER_PAGE characters."""
    from pdfminer.converter import PDFPageAggregator

    class Bounded(PDFPageAggregator):
        def begin_page(self, page, ctm):
            self.chars_left = MAX_CHARS_PER_PAGE
            super().begin_page(page, ctm)

        def render_char(self, *args, **kwargs):
            self.chars_left -= 1
            if self.chars_left < 0:
                raise RejectedFile(path, f"a page draws more than {MAX_CHARS_PER_PAGE:,} characters "
                                   "(a decompression bomb?); not read")
            return super().render_char(*args, **kwargs)

    return Bounded(rsrc, laparams=laparams)


def read_pdf(path: Path) -> list[ParsedDocument]:
    """Read a PDF into one ParsedDocument; RejectedFile for encrypted, truncated or damaged files."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    path = Path(path)
    with path.open("rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 4096))
        if b"%%EOF" not in fh.read():
            raise RejectedFile(path, "truncated PDF (the end-of-file marker is missing: the file is incomplete)")
    fh, doc = _open_document(path)
    pages: list[tuple[list[_Line], float]] = []
    try:
        rsrc = PDFResourceManager(caching=True)
        # boxes_flow=None skips pdfminer's costly box ordering: reading order is decided here.
        device = _bounded_aggregator(path, rsrc, LAParams(boxes_flow=None, line_margin=0.5, char_margin=2.0))
        interpreter = PDFPageInterpreter(rsrc, device)
        for i, page in enumerate(PDFPage.create_pages(doc)):
            interpreter.process_page(page)
            layout = device.get_result()
            pages.append((_collect_lines(layout, i), layout.height))
        title = _info_title(doc)
    except (RejectedFile, MemoryError):
        raise
    except Exception as exc:
        raise RejectedFile(path, f"damaged PDF, cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None
    finally:
        fh.close()
    if not pages:
        raise RejectedFile(path, "damaged PDF: no pages could be read")
    chars = sum(len(ln.text) for lines, _ in pages for ln in lines)
    unmapped = sum(ln.text.count("\ufffd") for lines, _ in pages for ln in lines)
    if chars and unmapped > 0.3 * chars:
        raise RejectedFile(path, "the text layer cannot be decoded (fonts without a Unicode mapping; OCR needed)")
    blocks, heads = _blocks(pages)
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading"), "")
    metadata = {"running_headers": heads} if heads else {}
    return [ParsedDocument(source_path=str(path), title=title.replace("\n", " "), blocks=blocks, metadata=metadata,
                           pages=len(pages))]


def _blocks(pages: list[tuple[list[_Line], float]]) -> tuple[list[Block], list[str]]:
    drop, heads = _running_heads(pages)
    all_lines = [ln for lines, _ in pages for ln in lines if id(ln) not in drop]
    if not all_lines:
        return [], heads
    body = _body_size(all_lines)
    vocabulary = Vocabulary("\n".join(ln.text for ln in all_lines))
    gaps = []
    for lines, _ in pages:
        kept = sorted((ln for ln in lines if id(ln) not in drop and ln.size == body), key=lambda ln: -ln.y1)
        gaps += [a.y0 - b.y1 for a, b in zip(kept, kept[1:], strict=False) if 0 <= a.y0 - b.y1 < 2 * body]
    gap_norm = statistics.median(gaps) if gaps else 0.2 * body
    heading_sizes = sorted({ln.size for ln in all_lines if ln.size >= body * 1.15}, reverse=True)

    def level(ln: _Line) -> int:
        if ln.size in heading_sizes:
            return min(6, heading_sizes.index(ln.size) + 1)
        return min(6, len(heading_sizes) + 1)

    out: list[Block] = []
    # Footnotes to place after a block of `out`, by the block's index; -1 before any block.
    notes_after: dict[int, list[Block]] = defaultdict(list)
    last_body: int | None = None  # index in `out` of the last body paragraph
    for lines, height in pages:
        kept = [ln for ln in lines if id(ln) not in drop]
        notes = _footnote_lines(kept, body, height)
        body_lines = [ln for ln in kept if id(ln) not in notes]
        page_blocks: list[tuple[Block, set[str]]] = []
        for run in _reading_order(body_lines):
            for para in _paragraphs(run, body, gap_norm):
                text = join_lines([ln.text for ln in para], vocabulary)
                refs = {r for ln in para for r in ln.refs}
                if _style(para[0], body) == "heading":
                    page_blocks.append((Block(text=" ".join(text.split()), kind="heading", level=level(para[0])), refs))
                else:
                    page_blocks.append((Block(text=text), refs))
        cited: dict[str, int] = {}  # footnote number -> index in `out` of the block citing it
        # A paragraph cut by the page break continues in lower case on the next page.
        if page_blocks and last_body is not None and page_blocks[0][0].kind == "paragraph":
            first, refs = page_blocks[0]
            prev = out[last_body]
            if first.text[:1].islower() and not prev.text.endswith(_TERMINAL):
                prev.text = join_lines([prev.text, first.text], vocabulary)
                cited.update((r, last_body) for r in refs)
                page_blocks.pop(0)
        for block, refs in page_blocks:
            out.append(block)
            for r in refs:
                cited.setdefault(r, len(out) - 1)
            if block.kind == "paragraph":
                last_body = len(out) - 1
        page_end = len(out) - 1
        for note in _footnote_blocks([ln for ln in kept if id(ln) in notes], vocabulary):
            m = _NOTE_NUMBER.match(note.text)
            # A note nobody on its page cites by a superscript number stays at the end of its page.
            notes_after[cited.get(m.group(1), page_end) if m else page_end].append(note)
    placed = list(notes_after.pop(-1, []))
    for i, block in enumerate(out):
        placed.append(block)
        placed.extend(notes_after.get(i, ()))
    return placed, heads


def _footnote_lines(lines: list[_Line], body: float, height: float) -> set[int]:
    """Small-type lines at the bottom of a page, below all body-size text."""
    notes: set[int] = set()
    for ln in sorted(lines, key=lambda ln: ln.y0):
        if ln.size <= body * 0.88 and ln.y1 < height * 0.5:
            notes.add(id(ln))
        else:
            break
    return notes


def _footnote_blocks(lines: list[_Line], vocabulary: Vocabulary) -> list[Block]:
    groups: list[list[_Line]] = []
    for ln in sorted(lines, key=lambda ln: -ln.y1):
        if not groups or _FOOTNOTE_MARK.match(ln.text) or groups[-1][-1].y0 - ln.y1 > 0.8 * ln.size:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return [Block(text=join_lines([ln.text for ln in g], vocabulary), kind="footnote") for g in groups]


