"""Decide what kind of document a file holds from its bytes, not its name.

Editors drop whatever they have into a folder: a PNG renamed .txt, a Word file, a
truncated download. Judging by content lets the pipeline reject those with a reason
instead of feeding binary noise to the text readers.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from pathlib import Path

from ingest.errors import RejectedFile

SNIFF_BYTES = 64 * 1024

# Signatures of binary formats an editor is likely to drop by mistake.
_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"{\\rtf", "RTF document"),
    (b"%!PS", "PostScript file"),
    (b"OggS", "audio file"),
    (b"ID3", "audio file"),
    (b"\x00\x00\x00\x18ftyp", "video file"),
    (b"\x00\x00\x00\x20ftyp", "video file"),
]

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
_HTML_START = re.compile(
    r"<(!doctype\s+html|html|head|body|meta|title|main|article|section|div|p|h[1-6]|table|ul|ol|nav|header)\b",
    re.IGNORECASE,
)
_XML_DECL = re.compile(r"<\?xml[^>]*\?>\s*", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


def is_sidecar(path: Path) -> bool:
    """True for `<file>.meta.json` sidecars, which describe a document but are not one."""
    return Path(path).name.lower().endswith(".meta.json")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _binary_kind(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def decode_sample(data: bytes, complete: bool) -> str | None:
    """Decode a (possibly cut) sample: BOM encodings, then UTF-8, then cp1252; None if nothing fits.

    `complete` says whether `data` is the whole file; a cut sample may end inside a
    multi-byte character, which must not count as undecodable.
    """
    enc = bom_encoding(data)
    candidates = [enc] if enc else ["utf-8", "cp1252"]
    for name in candidates:
        decoder = codecs.getincrementaldecoder(name)()
        try:
            return decoder.decode(data, final=complete)
        except UnicodeDecodeError:
            continue
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _json_kind(text: str, path: Path) -> str:
    """Tell a JSON document from JSON lines: JSONL has a complete object on its first line and more after it."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if text.lstrip().startswith("["):
        return "json"
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    if len(lines) < 2:
        return "json"
    try:
        json.loads(lines[0])
    except ValueError:
        return "json"
    return "jsonl" if lines[1].lstrip().startswith("{") else "json"


def _looks_like_json(start: str, complete: bool, path: Path) -> bool:
    """JSON, or a text that merely opens with a bracket ("[Repealed]", "{draft}")?

    A file named .json/.jsonl is JSON (so a broken one gets a line/column error); otherwise a
    whole small file must parse, and a large one must open the way JSON records do.
    """
    if path.suffix.lower() in _JSON_SUFFIXES:
        return True
    if complete:
        try:
            json.loads(start)
            return True
        except ValueError:
            first = start.split("\n", 1)[0]
            try:  # JSON lines: the first line alone parses
                json.loads(first)
                return True
            except ValueError:
                return False
    return re.match(r'[\[{]\s*(?:"|\{|\[|\]|\})', start) is not None


_SPECIAL = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
            (stat.S_ISBLK, "a device"))


def check_regular_file(path: Path) -> None:
    """Raise RejectedFile unless `path` is (or links to) a regular file that exists.

    Opening a named pipe waits for a writer and a device may never end: neither is read.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise RejectedFile(path, f"broken symbolic link (to {os.readlink(path)}, which does not exist)") from None
        raise RejectedFile(path, "cannot be read (No such file or directory)") from None
    except OSError as exc:
        raise RejectedFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(mode):
        raise RejectedFile(path, "cannot be read (Is a directory)")
    for test, kind in _SPECIAL:
        if test(mode):
            raise RejectedFile(path, f"not a regular file ({kind}); not read")


def sniff(path: Path) -> str:
    """Return "pdf", "html", "json", "jsonl" or "text" for the file at `path`, judged by its bytes.

    Raises RejectedFile for a missing, special, empty, binary or undecodable file.
    """
    path = Path(path)
    check_regular_file(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES + 1)
    except OSError as exc:
        raise RejectedFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    complete = len(head) <= SNIFF_BYTES
    head = head[:SNIFF_BYTES]
    if not head.strip():
        raise RejectedFile(path, "empty file" if not head else "empty file (only whitespace)")
    # PDF readers accept junk before the header, so look a little way in.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    kind = _binary_kind(head)
    if kind:
        raise RejectedFile(path, f"binary file ({kind}), not a document")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise RejectedFile(path, "named .pdf but it is not a PDF (no %PDF- header in its first bytes)")
    enc = bom_encoding(head)
    if enc is None and b"\x00" in head:
        raise RejectedFile(path, "binary file (contains NUL bytes), not a document")
    text = decode_sample(head, complete)
    if text is None:
        raise RejectedFile(path, "cannot be decoded as text (not UTF-8, UTF-16 or Windows-1252)")
    if _control_ratio(text[:8192]) > 0.02:
        raise RejectedFile(path, "binary file (control characters), not a document")
    start = text.lstrip("\ufeff \t\r\n")
    if suffix in _JSON_SUFFIXES and start[:1] not in ("{", "["):
        raise RejectedFile(path, f"named {suffix} but it holds no JSON records (records are objects {{...}} or a "
                           f"list [...]; it starts with {start[:20]!r})")
    if start[:1] in ("{", "[") and _looks_like_json(start, complete, path):
        return _json_kind(text, path)
    if start.startswith("<"):
        rest = _XML_DECL.sub("", start, count=1)
        while rest.startswith("<!--"):
            stripped = _COMMENT.sub("", rest, count=1)
            if stripped == rest:
                break
            rest = stripped
        if _HTML_START.match(rest) or _HTML_START.search(start[:2048]) and "</" in start[:65536]:
            return "html"
    return "text"
