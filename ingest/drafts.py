"""The pieces structure works with: a document's lines, provisions being drafted, their headings, footnotes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from index.models import Provision
from index.textnorm import fold
from ingest.markers import (
    BARE_KEYWORD,
    FOOTNOTE_LABEL,
    MD_CHARS,
    MD_PREFIX,
    MD_SUFFIX,
    PREAMBLE_MAX,
    PREAMBLE_WORDS,
    WHOLE_LABEL,
    ZH_HEADING,
    localised,
)
from ingest.model import Block, ParsedDocument

DETECT_MIN_LETTERS = 200  # shorter provisions keep the document language


@dataclass
class Line:
    text: str  # without markdown decoration
    raw: str  # as in the source (kept in provision text)
    block: Block
    heading_block: bool  # the source said this is a heading (HTML h1-h6, markdown #)
    level: int


def tidy_label(text: str) -> str:
    """A heading as a one-line label: one space between words, none between two Han characters."""
    text = " ".join(text.split())
    m = ZH_HEADING.match(text)
    if m and m.end() < len(text):
        # "第一编　总　　则" -> "第一编 总则": keep the space after the marker only.
        return text[: m.end()] + " " + _HAN_GAP.sub("", text[m.end() :].strip())
    return _HAN_GAP.sub("", text)


_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def document_lines(doc: ParsedDocument) -> list[Line]:
    out: list[Line] = []
    for block in doc.blocks:
        if block.kind == "footnote" or not block.text.strip():
            continue  # footnotes become provisions of their own (with_footnotes), never body text
        is_heading = block.kind == "heading"
        raw_lines = [ln for ln in block.text.split("\n") if ln.strip()]
        if is_heading:
            raw_lines = [" ".join(ln.strip() for ln in raw_lines)]
        pending: Line | None = None
        for raw in raw_lines:
            raw = raw.rstrip()
            md = 0
            stripped = raw.lstrip()
            if stripped.startswith("#"):
                md = len(stripped) - len(stripped.lstrip("#"))
                md = md if md <= 6 and stripped[md : md + 1] in (" ", "") else 0
            text = stripped.strip()
            if text[0] in MD_CHARS:
                text = MD_PREFIX.sub("", text)
            if text and text[-1] in MD_CHARS:
                text = MD_SUFFIX.sub("", text)
            if "\u00a0" in text:
                text = text.replace("\u00a0", " ")
            if not text:
                continue
            if pending is not None:
                # A keyword alone on its line ("المادة", "CHAPTER") continues on the next one.
                pending.text = f"{pending.text} {text}"
                pending.raw = f"{pending.raw} {raw.strip()}"
                out.append(pending)
                pending = None
                continue
            line = Line(text, raw, block, is_heading or md > 0, block.level if is_heading else md)
            if len(text) <= 12 and BARE_KEYWORD.fullmatch(text):
                pending = line
                continue
            out.append(line)
        if pending is not None:
            out.append(pending)
    return out


# -- assembling provisions ----------------------------------------------------------------------


@dataclass
class Draft:
    kind: str
    label: str
    number: str
    heading: str
    parts: list[str] = field(default_factory=list)
    language: str = ""
    headings: list[str] = field(default_factory=list)  # heading lines kept in a preamble's text
    title_parts: int = -1  # parts taken from the marker's own line (0 or 1); -1 when not known
    blocks: list[int] = field(default_factory=list)  # ids of the source blocks, to place footnotes after

    def add(self, text: str, block: Block) -> None:
        if text:
            self.parts.append(text)
        if block.language and not self.language:
            self.language = block.language
        if not self.blocks or self.blocks[-1] != id(block):
            self.blocks.append(id(block))


class Headings:
    """The stack of enclosing headings; a heading of rank r closes every heading of rank >= r."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def push(self, rank: int, label: str) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, tidy_label(label)))

    def drop(self, rank: int) -> None:
        """Close the heading of this rank, keeping those below it."""
        self.stack = [entry for entry in self.stack if entry[0] != rank]

    def pop_from(self, rank: int) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()

    def text(self) -> str:
        return " > ".join(label for _, label in self.stack)


_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_ASCII_LETTERS = bytes(i for i in range(128) if not chr(i).isalpha())


def _letters(text: str, limit: int = 1000) -> int:
    """Letters in the first `limit` characters (enough to compare with the small thresholds used here)."""
    return len(_NOT_LETTER.sub("", text[:limit]))


def _more_letters_than(text: str, n: int, limit: int = 1000) -> bool:
    """Whether the first `limit` characters hold more than `n` letters.

    Prose is mostly letters: the first 2n characters nearly always settle it, without counting up to `limit`.
    """
    probe = min(limit, 2 * n + 2)
    if _letters(text, probe) > n:
        return True
    return len(text) > probe and _letters(text, limit) > n


def is_preamble_word(text: str) -> bool:
    """Whether `text` is only the word "Preamble" in one of the six languages (case, accents and spaces aside).

    fold() keeps every ASCII letter as a letter of its own (none composes with what precedes it), so a
    line with more ASCII letters than the longest such word is none of them: most lines are told so
    without folding them, which costs much more for a long one.
    """
    head = text[: 4 * PREAMBLE_MAX]
    if len(head.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS)) > PREAMBLE_MAX:
        return False
    return fold(text).strip().replace(" ", "") in PREAMBLE_WORDS


def finish(
    drafts: list[Draft], language: str, detect: Callable[[str], str | None] | None
) -> list[Provision]:
    out: list[Provision] = []
    for d in drafts:
        text = "\n".join(d.parts).strip()
        if not text:
            continue
        lang = d.language or language
        if not d.language and detect is not None and _more_letters_than(text, DETECT_MIN_LETTERS):
            found = detect(text)
            if found:
                lang = found
        out.append(Provision(label=d.label, text=text, language=lang, order=len(out), number=d.number,
                             heading=d.heading, kind=d.kind))  # fmt: skip
    return out


def substantial(draft: Draft, title: str) -> bool:
    """Whether text before the first provision says more than the title and the headings."""
    t = title.strip().casefold()
    body = [p for p in draft.parts if p.casefold() != t and p not in draft.headings]
    text = " ".join(body)
    han = sum(1 for ch in text[:400] if "\u4e00" <= ch <= "\u9fff")
    return han >= 10 or _more_letters_than(text, 39)


def whole_text(doc: ParsedDocument, lines: list[Line], language: str) -> list[Draft]:
    d = Draft("whole", localised(WHOLE_LABEL, language), "", "")
    for ln in lines:
        d.add(ln.raw.strip(), ln.block)
    return [d]


# "1 See ...", "12. Ibid.", "[3] ...", "* Reissued ...", "a) ..." at the start of a footnote.
_NOTE_MARK = re.compile(
    r"^(?:\[(\d{1,4})\]\s*|(\d{1,4})(?:\.?\s+|\)\s*)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})\s*|(\*{1,4})\s*|([a-z])\)\s*)(?=\S)"
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _footnote_draft(block: Block, language: str) -> Draft | None:
    """A footnote block as a draft labelled by its mark ("Footnote 3", "Note 3"), the mark left out of the text."""
    text = " ".join(block.text.split())
    if not text:
        return None
    m = _NOTE_MARK.match(text)
    mark = next((g for g in m.groups() if g), "").translate(_SUPERSCRIPTS) if m else ""
    if m and m.end() < len(text):
        text = text[m.end() :]
    else:
        mark = ""
    d = Draft("footnote", localised(FOOTNOTE_LABEL, language, mark).strip(), "" if mark.startswith("*") else mark, "")
    d.add(text, block)
    return d


def with_footnotes(drafts: list[Draft], doc: ParsedDocument, language: str) -> list[Draft]:
    """The drafts with each footnote placed after the draft holding the text before it (at the end if none).

    Readers put a footnote where it belongs: the PDF reader after the paragraph citing it
    (else at the end of its page), the text reader where the note stands. Footnotes are
    never part of a provision's text: they are provisions of kind "footnote".
    """
    owner: dict[int, int] = {}
    for k, d in enumerate(drafts):
        for b in d.blocks:
            owner[b] = k  # a block spread over several drafts: the last one is just before the note
    after: dict[int, list[Draft]] = defaultdict(list)
    last = -1
    for block in doc.blocks:
        if block.kind == "footnote":
            note = _footnote_draft(block, language)
            if note is not None:
                after[last].append(note)
        elif id(block) in owner:
            last = owner[id(block)]
    if not after:
        return drafts
    out: list[Draft] = []
    for k, d in enumerate(drafts):
        out.append(d)
        for note in after.get(k, ()):
            note.heading = " > ".join(x for x in (d.heading, d.label) if x and d.kind != "whole")
            out.append(note)
    out.extend(after.get(-1, ()))
    return out
