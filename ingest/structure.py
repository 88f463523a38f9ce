"""Split a parsed document into provisions: articles, numbered paragraphs or case sections.

Markers are recognised only at the start of a block or of a line, in the six UN
languages, so that "as provided in article 5" inside a sentence never splits a text.
Chapters, sections, titles and parts become the `heading` of the provisions under
them. Everything is line-based with anchored, precompiled regular expressions, so a
10 MB text costs one pass over its lines.
"""

from __future__ import annotations

from collections.abc import Callable

from index.models import Provision
from index.textnorm import fold
from ingest.articles import split_articles
from ingest.drafts import (
    Draft,
    Headings,
    Line,
    document_lines,
    finish,
    substantial,
    tidy_label,
    whole_text,
    with_footnotes,
)
from ingest.markers import (
    CASE_PARA,
    DOC_HEADING_NUM,
    DOC_PARA,
    PARAGRAPH_LABEL,
    PREAMBLE_LABEL,
    localised,
    match_article,
    match_case_section,
)
from ingest.model import ParsedDocument
from ingest.numbering import arabic_ordinal, chinese_to_int, normalize_number, roman_to_int

__all__ = ["arabic_ordinal", "chinese_to_int", "match_article", "normalize_number", "split_provisions"]

HEADING_MAX_CHARS = 200  # a longer line is prose, not a heading
LONG_CASE_CHARS = 8000  # a case without sections longer than this is cut into paragraphs
CASE_CHUNK_CHARS = 2000  # target size of an unnumbered chunk of a long case


def _split_paragraphs(doc: ParsedDocument, lines: list[Line], language: str) -> list[Draft] | None:
    """UN documents and strategies: numbered paragraphs "12." under their headings.

    Unnumbered text under a heading met after the first paragraph becomes a section
    labelled by that heading, so it is not glued to the paragraph before the heading.
    """
    heads = Headings()
    drafts: list[Draft] = []
    pre = Draft("preamble", localised(PREAMBLE_LABEL, language), "", "")
    current: Draft | None = None
    last = 0
    last_upper = ""
    title = fold(doc.title).strip()
    for ln in lines:
        text = ln.text
        hn = DOC_HEADING_NUM.match(text) if ln.heading_block or len(text) <= HEADING_MAX_CHARS else None
        roman = hn.group("roman") if hn else None
        if roman and (
            roman_to_int(roman) is None
            or (len(roman) == 1 and (roman in "CL" or last_upper == chr(ord(roman) - 1)))
        ):
            roman = None  # "C. Assistance technique" after "B.": a letter, not 100
        upper = (hn.group("upper") or (hn.group("roman") if not roman else None)) if hn else None
        is_heading = ln.heading_block or (hn is not None and bool(roman or upper) and text[-1:] not in ".;:,")
        if is_heading:
            rank = (
                1 if roman else
                2 if upper else
                3 if hn and hn.group("digit") else
                4 if hn and hn.group("lower") else 0
            )  # fmt: skip
            if upper:
                last_upper = upper
            elif roman:
                last_upper = ""
            if current is None and not drafts:
                if rank:
                    heads.push(rank, text)
                    pre.add(ln.raw.strip(), ln.block)
                    pre.headings.append(ln.raw.strip())
                elif fold(text).strip() != title:
                    pre.add(ln.raw.strip(), ln.block)
                continue
            heads.push(rank or 5 + ln.level, text)
            current = None
            continue
        m = DOC_PARA.match(text)
        if m and last < int(m.group(1)) <= last + 2:
            last = int(m.group(1))
            current = Draft("paragraph", localised(PARAGRAPH_LABEL, language, last), str(last), heads.text())
            drafts.append(current)
            current.add(text[m.end() :].strip(), ln.block)
            continue
        if current is None and drafts:
            labels = [label for _, label in heads.stack] or [localised(PARAGRAPH_LABEL, language, last)]
            current = Draft("section", labels[-1], "", " > ".join(labels[:-1]))
            drafts.append(current)
        if current is None:
            pre.add(ln.raw.strip(), ln.block)
        else:
            current.add(ln.raw.strip(), ln.block)
    if sum(1 for d in drafts if d.kind == "paragraph") < 2:
        return None
    out = [pre] if substantial(pre, doc.title) else []
    return out + drafts


def _split_case(doc: ParsedDocument, lines: list[Line], language: str) -> list[Draft]:
    found = [match_case_section(ln.text) for ln in lines]
    distinct = {fold(f[0]) for f in found if f}
    if len(distinct) >= 2:
        drafts: list[Draft] = []
        section_lines: list[list[Line]] = []
        pre = Draft("preamble", localised(PREAMBLE_LABEL, language), "", "")
        current: Draft | None = None
        for ln, sec in zip(lines, found, strict=True):
            if sec and sec[1] and current is not None and not current.parts:
                sec = None  # "裁判理由" then "本院认为，……": the opening words belong to the heading above
            if sec:
                current = Draft("section", tidy_label(sec[0]), "", "")
                drafts.append(current)
                section_lines.append([])
                current.add(sec[1], ln.block)
            elif current is None:
                pre.add(ln.raw.strip(), ln.block)
            else:
                current.add(ln.raw.strip(), ln.block)
                section_lines[-1].append(ln)
        out = [pre] if substantial(pre, doc.title) else []
        for draft, own in zip(drafts, section_lines, strict=True):
            # A long section with numbered paragraphs ([1], [2] ...) is cited by paragraph.
            long = sum(len(p) for p in draft.parts) > LONG_CASE_CHARS
            numbered = _numbered_paragraphs(own, language, draft.label) if long else None
            if numbered is None:
                out.append(draft)
                continue
            intro, paragraphs = numbered
            on_heading_line = draft.parts[: len(draft.parts) - len(own)]  # "Held: ..." written beside the name
            draft.parts = on_heading_line + intro.parts
            if draft.parts:
                out.append(draft)
            out.extend(paragraphs)
        return out
    total = sum(len(ln.raw) for ln in lines)
    if total <= LONG_CASE_CHARS:
        return whole_text(doc, lines, language)
    return _case_paragraphs(lines, language) or whole_text(doc, lines, language)


def _numbered_paragraphs(
    lines: list[Line], language: str, heading: str = ""
) -> tuple[Draft, list[Draft]] | None:
    """(text before the first number, paragraphs) for lines numbered "[12]" or "12." in sequence; None if < 3."""
    drafts: list[Draft] = []
    pre = Draft("preamble", localised(PREAMBLE_LABEL, language), "", "")
    current: Draft | None = None
    last = 0
    for ln in lines:
        m = CASE_PARA.match(ln.text)
        n = int(m.group(1) or m.group(2)) if m else 0
        if m and last < n <= last + 2:
            last = n
            current = Draft("paragraph", localised(PARAGRAPH_LABEL, language, n), str(n), heading)
            drafts.append(current)
            current.add(ln.text[m.end() :].strip(), ln.block)
        elif current is None:
            pre.add(ln.raw.strip(), ln.block)
        else:
            current.add(ln.raw.strip(), ln.block)
    return (pre, drafts) if len(drafts) >= 3 else None


def _case_paragraphs(lines: list[Line], language: str) -> list[Draft] | None:
    """A long case without sections: its numbered paragraphs, else chunks of about CASE_CHUNK_CHARS."""
    numbered = _numbered_paragraphs(lines, language)
    if numbered is not None:
        pre, drafts = numbered
        return ([pre] if substantial(pre, "") else []) + drafts
    # No numbering: cut at line ends into chunks, so that search can point into a long judgment.
    chunks: list[Draft] = []
    size = 0
    for ln in lines:
        if not chunks or size >= CASE_CHUNK_CHARS:
            k = len(chunks) + 1
            chunks.append(Draft("paragraph", localised(PARAGRAPH_LABEL, language, k), str(k), ""))
            size = 0
        chunks[-1].add(ln.raw.strip(), ln.block)
        size += len(ln.raw)
    return chunks if len(chunks) > 1 else None


def split_provisions(
    doc: ParsedDocument,
    doc_type: str,
    language: str,
    detect: Callable[[str], str | None] | None = None,
) -> list[Provision]:
    """The provisions of `doc`: articles (legislation, treaty), paragraphs (document, strategy), sections (case).

    `language` is the document's language; with `detect`, a provision longer than about
    200 letters that detects as another language gets that language instead. Footnotes
    come out as provisions of kind "footnote" ("Footnote 3"), after the provision they follow.
    Never returns empty provisions; returns [] only when the document has no text.
    """
    lines = document_lines(doc)
    if not lines:
        return finish(with_footnotes([], doc, language), language, detect)
    drafts: list[Draft] | None = None
    if doc_type in ("legislation", "treaty"):
        drafts = split_articles(doc, lines, language)
    elif doc_type in ("document", "strategy"):
        drafts = _split_paragraphs(doc, lines, language)
        if drafts is None:
            drafts = split_articles(doc, lines, language)
    elif doc_type == "case":
        drafts = _split_case(doc, lines, language)
    provisions = finish(with_footnotes(drafts or whole_text(doc, lines, language), doc, language), language, detect)
    if not any(p.kind != "footnote" for p in provisions):
        provisions = finish(with_footnotes(whole_text(doc, lines, language), doc, language), language, detect)
    return provisions
