"""Plain text and markdown files -> blocks.

Texts reach us hard-wrapped (PDF-to-text conversions), as markdown from converters
(`#` headings, `**` bold, `<sup>n</sup>` footnote marks) or as raw extractions with a
blank line after every line. Everything here works line by line with simple,
linear regexes, so a 10 MB file on one line is read in about a second.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container
from pathlib import Path

from ingest.model import Block, ParsedDocument
from ingest.sniff import bom_encoding

# A line starting with one of these begins a new unit: keep the line break before it.
_MARKER = re.compile(
    r"""^\s*(?:
        (?:Article|Art\.|Artículo|Articulo|Art[ií]culo|Статья|Ст\.|Section|Sec\.|Chapter|Chapitre|Cap[ií]tulo|CAP[IÍ]TULO
          |Глава|Раздел|Part|Partie|Title|Titre|T[ií]tulo|Schedule|Annex|Annexe|Anexo|Приложение)\b
      | §\s*\d
      | (?:المادة|الفصل|الباب|مادة)
      | 第[一二三四五六七八九十百千零〇两\d]{1,8}[条章节编款]
      | \d{1,3}(?:\.\d{1,3})*[.)]\s
      | \(\s*[a-z]{1,2}\s*\)\s | [a-z]{1,2}\)\s | \(\s*[ivxlc]{1,6}\s*\)\s | \(\d{1,3}\)\s
      | [-•–·▪◦*]\s
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_HYPHEN_END = re.compile(r"(\w)[-\u00ad]$")
# Prefixes that keep their hyphen when a line breaks after them ("anti-\nmoney" is "anti-money").
_KEEP_HYPHEN = frozenset(
    {"anti", "non", "self", "ex", "quasi", "cross", "vice", "pseudo", "all", "well", "half", "socio", "cyber"}
)
_SUP_NUM = re.compile(r"<sup>\s*(\d{1,4}|\*{1,4})\s*</sup>", re.IGNORECASE)
_SUP_TAG = re.compile(r"</?(?:sup|sub|i|b|em|strong|u|span|small)>", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\((?:https?://|www\.|/|#)[^)\s]{0,2000}\)")
_EMPHASIS = re.compile(r"(?<![\w*])\*(\S[^*\n]{0,200}?)\*(?![\w*])")
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^<>\s]{1,2000})>")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.DOTALL)
_FOOTNOTE_START = re.compile(r"^\s*(?:<sup>\s*(\d{1,4}|\*{1,4})\s*</sup>|(\\\*){1,4}|(\*{1,4}))\s+", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*[_\-─—]{5,}\s*$")
_BARE_URL = re.compile(r"^\s*https?://\S+\s*$")
_RAW_FOOTNOTE = re.compile(r"^\s{0,3}(?:\*{1,4}|\d{1,3})\s+\S")


def decode_bytes(data: bytes) -> str:
    """Decode a text file: a BOM decides (UTF-8/16/32), else UTF-8, else Windows-1252."""
    enc = bom_encoding(data)
    if enc:
        return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def clean_inline(text: str) -> str:
    """Strip markdown emphasis, footnote marks and link syntax; non-breaking spaces -> spaces."""
    if "<" in text:
        text = _SUP_NUM.sub("", text)
        text = _SUP_TAG.sub("", text)
        text = _AUTOLINK.sub(r"\1", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    text = text.replace("\\*", "").replace("**", "").replace("__", "")
    if "*" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def join_lines(lines: list[str], vocabulary: Container[str] | None = None) -> str:
    """Join the hard-wrapped lines of one paragraph.

    A line break becomes a space, except before a line that starts with an article or
    paragraph marker (kept as a newline) and after a hyphenated word break
    ("extra-" + "dition" -> "extradition"; "anti-" + "money" stays "anti-money").
    `vocabulary` (lower-case words of the document) settles doubtful hyphens.
    """
    kept = list(filter(None, map(str.strip, lines)))
    if len(kept) < 2:
        return kept[0] if kept else ""
    # A break is a space except before a marker or after a line-end hyphen: the marker lines are found
    # at C speed, and only those lines and the lines after a hyphen are looked at one by one.
    markers = set(itertools.compress(range(1, len(kept)), map(_MARKER.match, kept[1:])))
    after_hyphen = {k + 1 for k in range(len(kept) - 1) if kept[k][-1] in "-\u00ad"}
    pieces = list(kept)
    breaks = [""] + [" "] * (len(kept) - 1)
    for k in sorted(markers | after_hyphen):
        before, line = kept[k - 1], kept[k]
        hyphen = len(before) >= 2 and _HYPHEN_END.search(before[-2:]) is not None
        if hyphen and line[0].isalpha() and line[0].islower():
            if not _keep_hyphen(before, line, vocabulary):
                pieces[k - 1] = before[:-1]
            breaks[k] = ""
        elif k in markers:
            breaks[k] = "\n"
        elif hyphen and line[0].isalnum():  # "Franco-" + "German": a compound, hyphen kept
            breaks[k] = ""
    return "".join(itertools.chain.from_iterable(zip(breaks, pieces, strict=True)))


def _keep_hyphen(left: str, right: str, vocabulary: Container[str] | None) -> bool:
    """Whether the hyphen ending `left` belongs to the word ("anti-money") or only to the line break."""
    if left.endswith("\u00ad"):
        return False
    stem = left[:-1]
    i = len(stem)
    while i > 0 and len(stem) - i < 40 and stem[i - 1].isalpha():
        i -= 1
    head = stem[i:]
    j = 0
    while j < len(right) and j < 40 and right[j].isalpha():
        j += 1
    tail = right[:j]
    joined = (head + tail).lower()
    hyphened = f"{head}-{tail}".lower()
    if vocabulary is not None:
        if hyphened in vocabulary and joined not in vocabulary:
            return True
        if joined in vocabulary:
            return False
    return head.lower() in _KEEP_HYPHEN


def _is_double_spaced(lines: list[str]) -> bool:
    """A raw extraction that put an empty line after every line of text."""
    nonempty = 0
    spaced = 0
    for i, line in enumerate(lines[:-2]):
        if line.strip():
            nonempty += 1
            nxt = lines[i + 2].strip()
            # The blank must fall inside a sentence: a markdown file has blank lines too, but between paragraphs.
            if lines[i + 1] == "" and nxt and nxt[0].islower():
                spaced += 1
    return nonempty >= 8 and spaced >= 0.3 * nonempty


def _paragraphs_plain(lines: list[str]) -> list[tuple[list[str], bool]]:
    """Split on blank lines; a markdown hard break (two trailing spaces) keeps its newline."""
    paras: list[tuple[list[str], bool]] = []
    cur: list[str] = []
    for line in lines:
        if line.startswith("#") and _HEADING.match(line.strip()):
            # A markdown heading is a paragraph of its own even without blank lines around it.
            if cur:
                paras.append((cur, False))
            paras.append(([line], False))
            cur = []
        elif line.strip():
            cur.append(line)
        elif cur:
            paras.append((cur, False))
            cur = []
    if cur:
        paras.append((cur, False))
    return paras


def _paragraphs_double_spaced(lines: list[str]) -> list[tuple[list[str], bool]]:
    """Paragraphs of a double-spaced extraction; footnotes under a rule come out flagged True.

    Single empty lines are soft wraps; a whitespace-only line, two empty lines or an
    indented line start a paragraph. A paragraph cut by a page's footnotes resumes after them.
    """
    paras: list[tuple[list[str], bool]] = []
    cur: list[str] = []
    empties = 0
    in_notes = False
    held: list[str] | None = None

    def close() -> None:
        nonlocal cur
        if cur:
            paras.append((cur, False))
        cur = []

    for line in lines:
        if line == "":
            empties += 1
            if empties >= 2 and not in_notes:
                close()
            continue
        prev_empties, empties = empties, 0
        if not line.strip():
            if not in_notes:
                close()
            continue
        if _SEPARATOR.match(line):
            held, cur = cur, []
            in_notes = True
            continue
        if in_notes:
            if _RAW_FOOTNOTE.match(line):
                paras.append(([line], True))
                continue
            if _BARE_URL.match(line):
                continue
            in_notes = False
            if held and line.strip()[:1].islower():
                cur = held
                cur.append(line)
                held = None
                continue
            if held:
                paras.append((held, False))
            held = None
        if line.startswith("  ") and not line.startswith("   " * 4) and cur and prev_empties <= 1:
            close()
        cur.append(line)
    if held:
        paras.append((held, False))
    close()
    return paras


def parse_text(text: str, source_path: str = "") -> ParsedDocument:
    """Turn decoded text into a ParsedDocument (headings, paragraphs, footnotes)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    double = _is_double_spaced(lines)
    paras = _paragraphs_double_spaced(lines) if double else _paragraphs_plain(lines)
    vocabulary = _vocabulary(text) if "-\n" in text or "\u00ad\n" in text else None
    blocks: list[Block] = []
    max_level = 0
    bold_headings: list[Block] = []
    for para_lines, is_note in paras:
        first = para_lines[0]
        hm = _HEADING.match(first.strip()) if not is_note else None
        if hm:
            level = len(hm.group(1))
            max_level = max(max_level, level)
            # Closing hashes ("## Title ##") are decoration; rstrip keeps this linear on any line.
            heading = clean_inline(hm.group(2).rstrip().rstrip("#")).strip()
            if heading:
                blocks.append(Block(text=heading, kind="heading", level=level))
            continue
        if is_note or _FOOTNOTE_START.match(first):
            body = clean_inline(_footnote_marker(first) + " ".join(ln.strip() for ln in para_lines[1:])).strip()
            if body:
                blocks.append(Block(text=re.sub(r"\s{2,}", " ", body), kind="footnote"))
            continue
        joined = _join_markdown(para_lines, vocabulary)
        raw = joined.strip()
        bold_only = raw.startswith("**") and raw.endswith("**") and len(raw) < 300 and raw.count("**") == 2
        body = clean_inline(joined).strip()
        if not body:
            continue
        if bold_only:
            block = Block(text=" ".join(body.split()), kind="heading")
            bold_headings.append(block)
            blocks.append(block)
        else:
            blocks.append(Block(text=body))
    for block in bold_headings:
        block.level = min(6, max_level + 1)
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    if not title:
        title = next((b.text for b in blocks if b.kind == "paragraph" and len(b.text) <= 200), "")
    return ParsedDocument(source_path=source_path, title=title.split("\n")[0], blocks=blocks)


def _footnote_marker(line: str) -> str:
    """'<sup>1</sup> See' -> '1 See'; '\\* CTOC' -> '* CTOC'."""
    m = _FOOTNOTE_START.match(line)
    if not m:
        return line.strip()
    mark = m.group(1) or ("*" * (m.group(0).count("\\*"))) or m.group(3) or ""
    return f"{mark} {line[m.end():].strip()}"


def _join_markdown(lines: list[str], vocabulary: Container[str] | None) -> str:
    """Join a paragraph's lines; markdown hard breaks (two trailing spaces) stay line breaks."""
    groups: list[list[str]] = [[]]
    for line in lines:
        groups[-1].append(line)
        if line.endswith("  ") and line.strip():
            groups.append([])
    return "\n".join(j for j in (join_lines(g, vocabulary) for g in groups) if j)


class Vocabulary:
    """Lower-case words (hyphenated ones too) of a text, to decide line-end hyphens.

    A word is in it when it is one of `_WORDS.findall(text.lower())`. The first questions are
    answered by looking for the word in the text; the set of all words is built only for a text
    that asks many (most texts ask none or a few, and listing a long text's words costs more).
    """

    SEARCHES = 8

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lower = ""
        self._asked = 0
        self._words: set[str] = set()

    def __contains__(self, word: object) -> bool:
        if self._text is None:
            return word in self._words
        if self._asked >= self.SEARCHES:
            self._words = set(_WORDS.findall(self._lower or self._text.lower()))
            self._text, self._lower = None, ""
            return word in self._words
        if not self._lower:
            self._lower = self._text.lower()
        self._asked += 1
        if not isinstance(word, str) or not _WORDS.fullmatch(word):
            return False
        # findall's words: a match starts where no word (or word and hyphen) runs into it, and ends
        # where neither a word character nor a hyphen before one follows. str.find skips to each
        # occurrence far faster than a search starting with look-behinds.
        whole = re.compile(r"(?<!\w)(?<!\w-)" + re.escape(word) + r"(?![\w]|-\w)")
        at = self._lower.find(word)
        while at >= 0:
            if whole.match(self._lower, at):
                return True
            at = self._lower.find(word, at + 1)
        return False


_WORDS = re.compile(r"\w+(?:-\w+)*")


def _vocabulary(text: str) -> Vocabulary:
    return Vocabulary(text)


def read_text(path: Path) -> list[ParsedDocument]:
    """Read a plain-text or markdown file into one ParsedDocument."""
    data = Path(path).read_bytes()
    return [parse_text(decode_bytes(data), str(path))]


