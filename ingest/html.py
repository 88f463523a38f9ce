"""HTML pages -> blocks: the main content only, with headings, article numbers and languages.

Pages carry navigation, banners, cookie notices and forms around the legal text; those
are dropped so that search and provisions see the document alone. Semantic markup is
used where present: <main>/<article>/role=main choose the content, `data-number`
numbers provisions. `lang` is only the page's claim about its language (pages copied from
one language version to another keep the old `lang`), so it travels as a hint beside the
blocks (`lang_hint` for the page, `lang_hints` one per block) and detection decides.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ingest.model import Block, ParsedDocument
from ingest.sniff import bom_encoding

# Always the standard library's parser: with lxml, when installed, the same file stored other provisions.
_PARSER = "html.parser"
_DROP_TAGS = {"script", "style", "noscript", "template", "nav", "aside", "form", "button", "iframe", "svg", "select",
              "textarea", "input", "object", "embed", "canvas", "video", "audio", "map", "dialog", "menu"}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LEAF_BLOCKS = {"p", "li", "dd", "dt", "pre", "caption", "figcaption", "address", "summary", "td", "th"}
_CONTAINERS = {"div", "section", "article", "main", "body", "header", "footer", "ul", "ol", "dl", "blockquote",
               "table", "thead", "tbody", "tfoot", "tr", "figure", "details", "fieldset", "center", "html", "hgroup"}
_BLOCKISH = frozenset(_LEAF_BLOCKS | _CONTAINERS | set(_HEADINGS))
_STRUCTURAL = frozenset(_CONTAINERS | {"p"} | set(_HEADINGS))
_FOOTNOTE_HINT = re.compile(r"\bfoot-?notes?\b|\bend-?notes?\b|\bfn\b", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u202f\u2009\u200b]+")


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: BOM, then <meta charset>, then UTF-8, then Windows-1252."""
    enc = bom_encoding(data)
    if enc:
        return data.decode(enc, errors="replace")
    m = _CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            name = "cp1252"  # what browsers do, and it is a superset
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _has_descendant(tag: Tag, names: frozenset[str]) -> bool:
    # A plain walk: bs4's find() with a list of names builds costly matchers on every call.
    return any(isinstance(d, Tag) and d.name in names for d in tag.descendants)


_LANG_TAG = re.compile(r"[a-z]{2,3}")


def _lang(value: str | None) -> str:
    """The primary subtag of a `lang` value ("fr-CA" -> "fr"), "" when absent or not a language code."""
    if not value:
        return ""
    primary = value.strip().split("-")[0].split("_")[0].lower()
    return primary if _LANG_TAG.fullmatch(primary) else ""


def _attr_text(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _text_len(tag: Tag) -> int:
    return len(tag.get_text(" ", strip=True))


def _is_boilerplate(tag: Tag) -> bool:
    """Page furniture: navigation, banners, forms; a top-level header/footer unless it holds real prose."""
    name = tag.name
    if name in _DROP_TAGS:
        return True
    if not tag.attrs and name not in ("header", "footer"):
        return False
    if _attr_text(tag, "role").lower() in _DROP_ROLES:
        return True
    if tag.has_attr("hidden") or _attr_text(tag, "aria-hidden").lower() == "true":
        return True
    if name in ("header", "footer"):
        # A header inside an article is that article's own heading; keep it.
        if tag.find_parent(("article", "main")) is not None:
            return False
        total = _text_len(tag)
        links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
        # Some documents (the UDHR) put a preamble in <header>: long prose with few links is content.
        return total < 300 or links > 0.3 * total
    cls = _attr_text(tag, "class").lower() + " " + _attr_text(tag, "id").lower()
    return bool(re.search(r"\b(cookie|breadcrumbs?|skip-link|site-header|site-footer|navbar|menu|sidebar)\b", cls))


def _is_footnote_container(tag: Tag) -> bool:
    if not tag.attrs:  # most tags: no role, class or id to look at
        return False
    role = _attr_text(tag, "role").lower()
    if role in ("doc-endnotes", "doc-footnote", "doc-endnote", "note"):
        return True
    return bool(_FOOTNOTE_HINT.search(_attr_text(tag, "class") + " " + _attr_text(tag, "id")))


def _tidy_lines(text: str) -> str:
    """Spaces collapsed within each line, zero-width spaces and empty lines dropped."""
    lines = [" ".join(line.split()) for line in text.replace("\u200b", "").split("\n")]
    return "\n".join(line for line in lines if line)


def _inline_text(node) -> str:
    """Text of an inline run, <br> as a newline, footnote reference marks dropped."""
    if isinstance(node, Tag) and node.name != "sup" and node.name not in _DROP_TAGS:
        children = node.contents
        if len(children) == 1 and type(children[0]) is NavigableString:
            # Most paragraphs: one run of text, nothing to walk (a lone <sup> may be a footnote mark: walked).
            return _tidy_lines(children[0])
    return _inline_text_of([node])


def _inline_text_of(nodes: list) -> str:
    """Text of consecutive inline nodes, as one run: "Art<b>icle</b> 5<sup>1</sup>." is "Article 5."."""
    parts: list[str] = []

    def walk(n) -> None:
        if isinstance(n, Comment):
            return
        if isinstance(n, NavigableString):
            parts.append(str(n))
            return
        if not isinstance(n, Tag):
            return
        if n.name == "br":
            parts.append("\n")
            return
        if n.name in _DROP_TAGS:
            return
        if n.name == "sup" and (n.find("a", href=True) is not None or "footnote" in _attr_text(n, "class")):
            return
        for child in n.children:
            walk(child)

    for n in nodes:
        walk(n)
    return _tidy_lines("".join(parts))


class _Collector:
    """Walks the content tree in document order and emits blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.hints: list[str] = []  # the markup language of each block, "" where none applies

    def emit(self, text: str, kind: str, level: int, number: str, lang: str) -> None:
        if text:
            # Block.language is a declared language, which markup is not: the hint goes beside it.
            self.blocks.append(Block(text=text, kind=kind, level=level, number=number))
            self.hints.append(lang)

    def walk(self, tag: Tag, number: str, lang: str, note: bool) -> None:
        number = _attr_text(tag, "data-number").strip() or number
        lang = _lang(_attr_text(tag, "lang")) or lang
        note = note or _is_footnote_container(tag)
        run: list = []  # loose inline content directly inside a container

        def flush() -> None:
            if run:
                # One run: the pieces keep their own spacing, and no space is put where a tag was.
                text = _inline_text_of(run)
                run.clear()
                self.emit(text, "footnote" if note else "paragraph", 0, number, lang)

        for child in tag.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if run or not child.isspace():  # spaces between inline tags separate words; before any, nothing
                    run.append(child)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if _is_boilerplate(child):
                continue
            if name in _HEADINGS:
                flush()
                child_lang = _lang(_attr_text(child, "lang")) or lang
                text = _inline_text(child).replace("\n", " ")
                self.emit(text, "heading", _HEADINGS[name], _attr_text(child, "data-number").strip() or number,
                          child_lang)
            elif name in _LEAF_BLOCKS and not _has_descendant(child, _BLOCKISH):
                flush()
                text = child.get_text().strip("\n") if name == "pre" else _inline_text(child)
                if child.attrs:
                    child_lang = _lang(_attr_text(child, "lang")) or lang
                    child_note = note or _is_footnote_container(child)
                    child_number = _attr_text(child, "data-number").strip() or number
                else:  # a plain <p>: what its container says
                    child_lang, child_note, child_number = lang, note, number
                self.emit(text, "footnote" if child_note else "paragraph", 0, child_number, child_lang)
            elif name == "tr":
                flush()
                cells = [_inline_text(c).replace("\n", " ") for c in child.find_all(("td", "th"), recursive=False)]
                self.emit(" | ".join(c for c in cells if c), "paragraph", 0, number, lang)
            elif name in _CONTAINERS or name in _LEAF_BLOCKS or _has_descendant(child, _STRUCTURAL):
                flush()
                self.walk(child, number, lang, note)
            else:
                run.append(child)
        flush()


def parse_html(html: str, source_path: str = "") -> ParsedDocument:
    """Turn an HTML string into a ParsedDocument of its main content."""
    soup = BeautifulSoup(html, _PARSER)
    root_html = soup.find("html")
    doc_lang = _lang(_attr_text(root_html, "lang")) if isinstance(root_html, Tag) else ""
    title_tag = soup.find("title")
    page_title = _SPACES.sub(" ", title_tag.get_text()).strip() if title_tag else ""
    body = soup.find("body") or soup
    root = body.find("main") or body.find(attrs={"role": "main"})
    if root is None:
        articles = body.find_all("article")
        root = articles[0] if len(articles) == 1 and _text_len(articles[0]) > 0.5 * _text_len(body) else body
    collector = _Collector()
    lang = doc_lang
    # Languages declared between <html> and the chosen root still apply to it.
    for parent in reversed(list(root.parents) if isinstance(root, Tag) else []):
        if isinstance(parent, Tag):
            lang = _lang(_attr_text(parent, "lang")) or lang
    collector.walk(root, "", lang, False)
    blocks = collector.blocks
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), "")
    if not h1:
        h1_tag = body.find("h1")
        h1 = _inline_text(h1_tag).replace("\n", " ") if h1_tag else ""
    # A page <title> is often only a site or language name; a first-level heading names the document.
    title = h1 or page_title
    metadata: dict = {"lang_hint": doc_lang} if doc_lang else {}
    if any(collector.hints):
        metadata["lang_hints"] = collector.hints
    if page_title and page_title != title:
        metadata["page_title"] = page_title
    return ParsedDocument(source_path=source_path, title=title, blocks=blocks, metadata=metadata)


def read_html(path: Path) -> list[ParsedDocument]:
    """Read an HTML file into one ParsedDocument."""
    return [parse_html(decode_html(Path(path).read_bytes()), str(path))]
