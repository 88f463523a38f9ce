"""JSON record files -> documents: one object, an array of objects, or JSON lines.

Three shapes arrive: legal-sources dumps (`id, source, type, meta{...}`), raw SHERLOC
exports (`_id, _type, country_code, crime_types ...`) and our own corpus records
(`id, type, country, language, metadata{...}, text`). All map onto the same metadata
names so the pipeline needs to know none of them. A bad record is skipped and
reported; it never sinks the other records of its file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ingest.errors import RejectedFile
from ingest.model import Block, ParsedDocument
from ingest.text import decode_bytes

TYPE_MAP = {
    "case_law": "case",
    "case": "case",
    "caselaw": "case",
    "jurisprudence": "case",
    "legislation": "legislation",
    "law": "legislation",
    "treaty": "treaty",
    "strategy": "strategy",
    "document": "document",
    "doctrine": "document",
    "report": "document",
    "note": "document",
    "regulatory_decision": "document",
    "regulatory_decisions": "document",
    "parliamentary_proceedings": "document",
    "collective_agreement": "document",
}
# legal-sources folders of international bodies that have an organisation code of ours.
_ORG_FOLDERS = {"UN": "UN", "CoE": "COE", "EU": "EU", "AU": "AU", "OAS": "OAS", "ASEAN": "ASEAN"}
# Keys of a source's meta{} that we know by name; the rest goes to metadata["extra"].
_KNOWN_META = ("court", "ecli", "case_number", "law_title", "chapter", "article", "unodc_number", "symbol")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0\r]*\n")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.){0,300})'|\"((?:[^\"\\]|\\.){0,300})\"")
_SINGLE_ARTICLE = re.compile(r"^\s*(?:article|art\.?|artículo|статья)?\s*(\d+(?:\.\d+)?(?:\s*(?:bis|ter|quater))?)\s*$",
                             re.IGNORECASE)


class BadRecord(ValueError):
    """A record that cannot become a document; its message says why."""


def parse_crime_types(value) -> list[str]:
    """Crime types as a list of strings, from a list, a "a; b" string or a cut-off Python list literal.

    Some SHERLOC exports hold "['Money laundering', 'Terror" — the complete quoted items are kept.
    """
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            parsed = json.loads(text)
            if isinstance(parsed, list):
                return parse_crime_types(parsed)
        except ValueError:
            pass
        return [(a or b).strip() for a, b in _QUOTED.findall(text) if (a or b).strip()]
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]


def _str(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _country(obj: dict, meta: dict) -> str | None:
    """The country as the source gave it; alpha-3 codes win over names, folder codes over nothing."""
    code = _str(obj.get("country_code")) or _str(meta.get("country_code"))
    if code:
        return code.lstrip("_").upper()
    given = _str(obj.get("country"))
    if given:
        return given
    source = _str(obj.get("source")) or _str(obj.get("_source")) or ""
    folder = source.split("/", 1)[0]
    return _ORG_FOLDERS.get(folder)


def text_blocks(text: str, number: str = "") -> list[Block]:
    """A record's text as paragraph blocks split on blank lines; nothing else is changed."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\r\n", "\n").replace("\r", "\n")
    return [Block(text=part.strip("\n"), number=number) for part in _BLANK_LINE.split(text) if part.strip()]


def map_record(obj, source_path: str) -> ParsedDocument:
    """Map one JSON object of any known shape to a ParsedDocument; BadRecord when it has no id or text."""
    if not isinstance(obj, dict):
        raise BadRecord(f"not a JSON object but {type(obj).__name__}")
    doc_id = _str(obj.get("id")) or _str(obj.get("_id")) or _str(obj.get("decision_id"))
    text = obj.get("text")
    if not doc_id:
        raise BadRecord("record has no id")
    if not isinstance(text, str) or not text.strip():
        raise BadRecord(f"record {doc_id} has no text")
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    ours = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    raw_type = _str(obj.get("type")) or _str(obj.get("_type")) or ""
    md: dict = {
        "id": doc_id,
        "type": TYPE_MAP.get(raw_type.lower(), raw_type.lower() or None),
        "title": _str(obj.get("title")),
        "country": _country(obj, meta),
        "date": _str(obj.get("date")),
        "url": _str(obj.get("url")) or _str(obj.get("source_url")),
        # A declared language is the editor's word; a dataset's lang_guess is only a guess, kept
        # for reference, and our own detector decides.
        "language": _str(obj.get("language")),
        "lang_guess": _str(obj.get("lang_guess")),
        "crime_types": parse_crime_types(obj.get("crime_types", meta.get("crime_types"))),
        "issues": parse_crime_types(obj.get("issues")),
        "source": _str(obj.get("source")) or _str(obj.get("_source")),
    }
    if isinstance(obj.get("dates"), dict):
        md["dates"] = {str(k): str(v) for k, v in obj["dates"].items() if v}
    if obj.get("country") and md["country"] != obj.get("country"):
        md["country_name"] = _str(obj.get("country"))
    for key in _KNOWN_META:
        value = obj.get(key, meta.get(key, ours.get(key)))
        if value not in (None, "", []):
            md[key] = value
    for key, value in ours.items():
        md.setdefault(key, value)
    extra = {k: v for k, v in meta.items() if k not in _KNOWN_META and k not in ("crime_types", "country_code")}
    if obj.get("truncated"):
        extra["truncated"] = True
    if extra:
        md["extra"] = extra
    if obj.get("sample"):
        md["sample"] = True
    md = {k: v for k, v in md.items() if v not in (None, "", [])}
    article = md.get("article")
    single = _SINGLE_ARTICLE.match(str(article)) if article else None
    blocks = text_blocks(text, single.group(1) if single else "")
    if not blocks:
        raise BadRecord(f"record {doc_id} has no text")
    return ParsedDocument(source_path=source_path, title=md.get("title") or "", blocks=blocks, metadata=md)


def _load_json(path: Path) -> object:
    text = decode_bytes(path.read_bytes())
    try:
        return json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise RejectedFile(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise RejectedFile(path, "invalid JSON: nested too deeply") from None


def read_records_with_errors(path: Path, kind: str | None = None) -> tuple[list[ParsedDocument], list[str]]:
    """Read a .json / .jsonl file: (documents, problems), each problem naming its line or record and why.

    `kind` is "json" or "jsonl" (as `sniff` says); by default the extension decides.
    An unreadable .json file as a whole raises RejectedFile with line and column.
    """
    path = Path(path)
    if kind is None:
        kind = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson") else "json"
    docs: list[ParsedDocument] = []
    errors: list[str] = []
    if kind == "jsonl":
        with path.open("rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                line = decode_bytes(raw).lstrip("\ufeff").strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    errors.append(f"line {lineno}: invalid JSON at column {exc.colno}: {exc.msg}")
                    continue
                except RecursionError:
                    errors.append(f"line {lineno}: invalid JSON: nested too deeply")
                    continue
                try:
                    docs.append(map_record(obj, str(path)))
                except BadRecord as exc:
                    errors.append(f"line {lineno}: {exc}")
    else:
        data = _load_json(path)
        if isinstance(data, dict) and "text" not in data:
            for key in ("records", "documents", "items", "data"):
                if isinstance(data.get(key), list):
                    data = data[key]
                    break
        items = data if isinstance(data, list) else [data]
        for i, obj in enumerate(items, 1):
            try:
                docs.append(map_record(obj, str(path)))
            except BadRecord as exc:
                errors.append(f"record {i}: {exc}" if isinstance(data, list) else str(exc))
    if not docs:
        if not errors:
            raise RejectedFile(path, "no records in this file")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RejectedFile(path, f"no valid record: {errors[0]}{more}")
    return docs, errors


def read_records(path: Path, kind: str | None = None) -> list[ParsedDocument]:
    """The documents of a record file, skipping bad records (see read_records_with_errors)."""
    return read_records_with_errors(path, kind)[0]
