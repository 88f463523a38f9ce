"""A law or a treaty -> its articles under their chapters, annexes numbered afresh, contents listings dropped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.textnorm import fold
from ingest.drafts import Draft, Headings, Line, is_preamble_word, substantial, tidy_label
from ingest.markers import (
    ARTICLE_LABEL,
    PREAMBLE_LABEL,
    PREAMBLE_WORDS,
    annex_alone,
    fasl_article,
    localised,
    match_annex,
    match_article,
    match_heading,
    match_section_unit,
)
from ingest.model import Block, ParsedDocument
from ingest.numbering import normalize_number

HEADING_MAX_CHARS = 200  # a longer line is prose, not a heading


def _explicit_number(value: str) -> str:
    m = match_article(value.strip())
    return m.number if m else normalize_number(value)


# Where an article marker may start inside a flattened line: a keyword after sentence punctuation or a
# space. The keywords are searched and the character before checked: a pattern opening with a look-behind
# is tried at every position of the line, the keywords' first characters are skipped to. No keyword holds
# punctuation or a space before its last character, so none hides another's start.
_INLINE_KEYWORD = re.compile(
    r"Article|ARTICLE|Art\.|ART\.|Art[ií]culo|ART[IÍ]CULO|Статья|СТАТЬЯ|Ст\.|"
    r"مادة|المادة|第[0-9一二三四五六七八九十百千零〇两]{1,8}条"
)
_INLINE_AFTER = frozenset(".;:。；：!?\u00a0")


def _inline_candidates(text: str) -> Iterator[int]:
    """Offsets in `text` where an article marker may start inside a line."""
    for m in _INLINE_KEYWORD.finditer(text):
        at = m.start()
        if at and (text[at - 1] in _INLINE_AFTER or text[at - 1].isspace()):
            yield at
INLINE_MIN_LINE = 2000  # a text whose lines are this long lost its line breaks
INLINE_MIN_MARKERS = 3


def int_part(number: str) -> int | None:
    m = re.match(r"\d+", number)
    return int(m.group()) if m else None


def _split_inline(lines: list[Line]) -> list[Line] | None:
    """Cut flattened lines (a whole law on one line) before article markers that number 1, 2, 3 ... in order.

    Only a marker continuing the sequence (same number with a suffix, or one or two more) is
    taken, which keeps out references such as "in accordance with Article 12 of the Act".
    """
    if not any(len(ln.text) >= INLINE_MIN_LINE for ln in lines):
        return None
    cuts: dict[int, list[int]] = {}
    last: int | None = None
    found = 0
    for i, ln in enumerate(lines):
        for at in _inline_candidates(ln.text):
            m = match_article(ln.text[at : at + 200])
            n = int_part(m.number) if m else None
            if n is None:
                continue
            ok = n <= 2 if last is None else (last < n <= last + 2 or (n == last and " " in m.number))
            if ok:
                cuts.setdefault(i, []).append(at)
                last, found = n, found + 1
    if found < INLINE_MIN_MARKERS:
        return None
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i not in cuts:
            out.append(ln)
            continue
        bounds = [0, *cuts[i], len(ln.text)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            piece = ln.text[a:b].strip()
            if piece:
                out.append(Line(piece, piece, ln.block, False, 0))
    return out


def split_articles(doc: ParsedDocument, lines: list[Line], language: str) -> list[Draft] | None:
    """Articles under their headings; None when the text has no article at all."""
    lines, markers = _find_markers(lines)
    meta_article = str(doc.metadata.get("article") or "").strip()
    if meta_article and not any(markers):
        # A record that is one article (or a run "Articles 25-34" written as one text).
        return _one_article(doc, lines, language, meta_article)
    # Numbered blocks are the articles, but markers in the text win over a record's single "article".
    explicit_blocks = not meta_article and any(ln.block.number for ln in lines)
    if not any(markers) and not explicit_blocks:
        return None
    reader = _ArticleReader(doc, language, lines, markers, explicit_blocks)
    reader.read()
    out = [reader.pre] if substantial(reader.pre, doc.title) else []
    return out + _drop_contents_entries(reader.drafts)


def _find_markers(lines: list[Line]) -> tuple[list[Line], list]:
    """(lines, each line's article marker or None); a flattened text is cut before its markers first."""
    markers = [match_article(ln.text) for ln in lines]
    if not any(markers) and not any(ln.block.number for ln in lines):
        relined = _split_inline(lines)
        if relined is not None:
            lines = relined
            markers = [match_article(ln.text) for ln in lines]
    if not any(markers):
        # Common-law statutes cite "Section 17" as others cite "Article 17", Maghreb laws "الفصل 17":
        # with no article at all, numbered sections are the provisions (Parts / Chapters stay headings).
        sections = [match_section_unit(ln.text) or fasl_article(ln.text) for ln in lines]
        if sum(1 for m in sections if m) >= 2:
            markers = sections
    return lines, markers


class _ArticleReader:
    """Reads a law's lines in order into article drafts, each under the headings met before it."""

    def __init__(self, doc: ParsedDocument, language: str, lines: list[Line], markers: list,
                 explicit_blocks: bool) -> None:  # fmt: skip
        self.language, self.lines, self.markers, self.explicit_blocks = language, lines, markers, explicit_blocks
        self.heads = Headings()
        chapter = str(doc.metadata.get("chapter") or "").strip()
        if chapter:
            self.heads.push(3, chapter)  # the record's own chapter, until the text names one
        self.title = fold(doc.title).strip()
        self.pre = Draft("preamble", localised(PREAMBLE_LABEL, language), "", "")
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.current_explicit = ""  # the block number the current draft was opened by
        self.skip = -1  # a line already used as the title of the heading above it
        self.highest: int | None = None  # the highest article number since the start or the last annex
        self.annex: _Annex | None = None  # an annex heading waiting for the next article

    def read(self) -> None:
        """Read every line into the drafts."""
        for i, ln in enumerate(self.lines):
            if i == self.skip:
                continue
            m = self.markers[i]
            explicit = ln.block.number if self.explicit_blocks else ""
            h = None if explicit or m or (len(ln.text) > HEADING_MAX_CHARS and not ln.heading_block) else (
                match_heading(ln.text))  # fmt: skip
            if explicit:
                self._numbered_block(ln, m, explicit)
            elif m:
                self._article(ln, m)
            elif h and h.kw == "فصل" and h.numeric and len(h.rest) >= 20:
                # Maghreb laws number their articles "الفصل 5": a numbered فصل followed by prose is an article.
                self._open("article", h.marker, h.number, h.rest, ln.block)
            elif h:
                self._heading(i, ln, h.rank, not h.rest)
            elif match_annex(ln.text) and not _open_sentence(self.lines, i):
                self._annex(i, ln)
            elif ln.heading_block:
                self._heading_block(ln)
            elif self.current is not None:
                self.current.add(ln.raw.strip(), ln.block)
            elif is_preamble_word(ln.text):
                self.pre.label = tidy_label(ln.text)
            else:
                self.pre.add(ln.raw.strip(), ln.block)
        if self.annex is not None:
            self.annex.close()

    def _open(self, kind: str, label: str, number: str, text: str | None, block: Block) -> Draft:
        """Start a new draft under the current headings, with `text` (None: nothing of its block) as its first part."""
        self.current = Draft(kind, label, number, self.heads.text())
        self.drafts.append(self.current)
        if text is not None:
            self.current.add(text, block)
        return self.current

    def _numbered_block(self, ln: Line, m, explicit: str) -> None:
        """A line of a block the reader numbered: a new number opens an article, the same one goes on."""
        current = self.current
        if current is not None and explicit == self.current_explicit:
            current.add(m.rest if m and m.number == current.number and not current.parts else ln.raw.strip(),
                        ln.block)
            return
        number = _explicit_number(explicit)
        if ln.heading_block:
            self.heads.pop_from(10 + ln.level)
        label = m.label if m else localised(ARTICLE_LABEL, self.language, number)
        text = m.rest if m else None if ln.heading_block else ln.raw.strip()
        self._open("article", label, number, text, ln.block)
        self.current_explicit = explicit

    def _article(self, ln: Line, m) -> None:
        """A line that starts an article; after an annex heading, its number tells whether the annex goes on."""
        if ln.heading_block:
            self.heads.pop_from(10 + ln.level)
        n = int_part(m.number)
        if self.annex is not None:
            if n is not None and self.annex.highest is not None and n > self.annex.highest:
                # Numbering goes on: the annex ("Annex 3.1" between chapters 3 and 4 of a treaty) has ended.
                self.heads.drop(0)
                self.annex.close()
            else:
                self.highest = None  # numbering restarts: these articles are the annex's
            self.annex = None
        if n is not None:
            self.highest = n if self.highest is None else max(self.highest, n)
        draft = self._open("article", m.label, m.number, m.rest, ln.block)
        draft.title_parts = len(draft.parts)
        self.current_explicit = ""

    def _heading(self, i: int, ln: Line, rank: int, alone: bool) -> str:
        """A chapter, part or section heading (rank 0: an annex); before any article it is also preamble text."""
        label, self.skip = _heading_label(self.lines, self.markers, i, alone, self.skip)
        self.heads.push(rank, label)
        if self.current is None:
            self.pre.add(label, ln.block)
            self.pre.headings.append(label)
        return label

    def _annex(self, i: int, ln: Line) -> None:
        """An annex heading: everything after it is under it, and articles numbered again from 1 are its own.

        Rank 0 closes the law's own chapters; annex prose is a section of its own.
        """
        had_article = self.current is not None
        label = self._heading(i, ln, 0, annex_alone(ln.text))
        if self.annex is not None:
            self.annex.close()
        self.annex = _Annex(label, self.highest)
        if had_article:
            self.current = self.annex.draft = Draft("section", tidy_label(label), "", "")
            self.drafts.append(self.current)

    def _heading_block(self, ln: Line) -> None:
        """A block the reader marked as a heading (an HTML h1-h6): the preamble's name, a title, or a heading."""
        folded = fold(ln.text).strip()
        if self.current is None:
            if folded in PREAMBLE_WORDS or folded.replace(" ", "") in PREAMBLE_WORDS:
                self.pre.label = tidy_label(ln.text)
            elif folded != self.title:
                self.pre.add(ln.raw.strip(), ln.block)
        elif folded not in PREAMBLE_WORDS:
            self.heads.push(10 + ln.level, ln.text)


@dataclass
class _Annex:
    """An annex heading met after some articles, until the next article shows whether it holds articles."""

    label: str
    highest: int | None  # the highest article number before it
    draft: Draft | None = None  # the section collecting the annex's own text

    def close(self) -> None:
        """No article came under this annex: keep its heading as the section's text, so it is not lost."""
        if self.draft is not None and not self.draft.parts:
            self.draft.parts.append(self.label)


def _heading_label(lines: list[Line], markers: list, i: int, alone: bool, skip: int) -> tuple[str, int]:
    """(label, index of a line used up) for the heading at line i: a bare "CHAPTER II" takes the title below it."""
    ln = lines[i]
    if alone and i + 1 < len(lines):
        nxt = lines[i + 1]
        if (
            len(nxt.text) <= 120
            and not markers[i + 1]
            and not match_heading(nxt.text)
            and not match_annex(nxt.text)
            and not nxt.block.number
            and nxt.text[-1:] not in ".;,"
            and not nxt.text[:1].islower()
        ):
            return f"{ln.text} — {nxt.text}", i + 1
    return ln.text, skip


def _open_sentence(lines: list[Line], i: int) -> bool:
    """Whether the line before line i stops mid-sentence, so that line i is its hard-wrapped continuation."""
    if i == 0 or lines[i].block is not lines[i - 1].block:
        return False
    prev = lines[i - 1].text
    # A short line ("The President" above "ANNEX") is a signature or a title, not wrapped prose.
    return prev[-1:] in (",", "-", "–") or (len(prev) > 30 and prev[-1:].isalpha() and prev[-1:].islower())


def _drop_contents_entries(drafts: list[Draft]) -> list[Draft]:
    """Drop a table of contents: entries that are a label and a title only, listed again later with a text.

    A listing at the start whose numbering restarts (1, 2 ... 40, then 1 again) goes as a
    whole, entries whose real text was cut off included, when (almost) all its entries are
    titles and the restarted run has texts. Anything else that restarts is kept: short
    articles of a decree before its annex are articles, not contents.
    """
    arts = [d for d in drafts if d.kind == "article"]
    if len(arts) > 2 and (first := int_part(arts[0].number)) is not None:
        restart = next((k for k in range(1, len(arts)) if int_part(arts[k].number) == first), 0)
        listing, later = arts[:restart], arts[restart:]
        titles = sum(1 for d in listing if _title_only(d))
        if (
            restart >= 2
            and titles >= 0.9 * restart
            and all(_size(d) <= 250 for d in listing)
            and any(not _title_only(d) for d in later if d.number == arts[0].number)
        ):
            dropped = {id(d) for d in listing}
            drafts = [d for d in drafts if id(d) not in dropped]
    # A single contents entry (or a listing that does not start at 1): dropped only when a later
    # article with the same number has a text.
    with_text_after: set[str] = set()
    keep: list[Draft] = []
    for d in reversed(drafts):
        if d.kind == "article":
            if _title_only(d) and d.number in with_text_after:
                continue
            if not _title_only(d):
                with_text_after.add(d.number)
        keep.append(d)
    return keep[::-1]


# A contents entry's dot leaders and page number: "Offences ........ 4".
_LEADERS = re.compile(r"(?:\s*[.…·_]){4,}\s*\d*\s*$")
_LEADER_CHARS = ".…·_"


def _ends_in_leaders(text: str) -> bool:
    """Whether _LEADERS.search(text) matches, read backwards from the end (the regex tries every start).

    Whitespace, decimal digits and leader characters are disjoint, so the end is read in one way:
    spaces, digits, spaces, then four leaders each after optional spaces.
    """
    t = text.rstrip()
    end = len(t)
    while end and t[end - 1].isdecimal():
        end -= 1
    t = t[:end].rstrip()
    for _ in range(4):
        if not t or t[-1] not in _LEADER_CHARS:
            return False
        t = t[:-1].rstrip()
    return True
_SENTENCE_END = (".", ";", ":", "!", "?", "。", "；", "：", "؛", "．")


def _size(d: Draft) -> int:
    return sum(len(p) for p in d.parts) + len(d.parts)


def _title_only(d: Draft) -> bool:
    """Whether an article draft is only its label and a title, as in a table of contents.

    A title is on the marker's line and is no sentence, or ends in dot leaders and a page
    number ("Time and place of dispatch and / receipt . . . . 139", wrapped over lines).
    """
    if not d.parts:
        return True
    if _ends_in_leaders(d.parts[-1]):
        return len(d.parts) <= 3 and _size(d) <= 250
    if len(d.parts) > 1 or d.title_parts != 1:
        return False
    return len(d.parts[0]) <= 150 and not d.parts[0].endswith(_SENTENCE_END)


def _one_article(doc: ParsedDocument, lines: list[Line], language: str, meta_article: str) -> list[Draft]:
    m = match_article(meta_article)
    if m:
        label, number = m.label, m.number
    else:
        mm = re.match(r"(?i)articles?\s*(.+)", meta_article)
        label, number = meta_article, normalize_number(mm.group(1) if mm else meta_article)
    if re.match(r"(?i)articles\s", meta_article):
        label = meta_article
    mm = re.match(r"(?i)(articles?)\s*(\d+)\s*[-–]\s*(\d+)$", meta_article)
    if mm:
        number = f"{mm.group(2)}-{mm.group(3)}"
    chapter = str(doc.metadata.get("chapter") or "").strip()
    d = Draft("article", label, number, tidy_label(chapter) if chapter else "")
    for ln in lines:
        d.add(ln.raw.strip(), ln.block)
    return [d]
