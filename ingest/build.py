"""One parsed document plus the editor's sidecar -> a record with provisions and classifications.

Runs in the worker processes; everything here depends only on the file and its sidecar.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from index.ids import ORIGINAL_ID_KEY, normalise_id
from index.models import DOCUMENT_TYPES, LANGUAGES, Classification, DocumentRecord
from index.urls import clean_web_url
from ingest.errors import RejectedFile
from ingest.limits import MAX_METADATA_DEPTH, depth
from ingest.model import ParsedDocument
from ingest.works import add_version_group, describe_un_document

if TYPE_CHECKING:
    from ingest.language import LanguageDetector

# Bump when parsing changes in a way that should re-write stored documents on the next ingest.
PIPELINE_VERSION = "3"  # 3: classifications by origin (source, rule, hint)
# A sidecar beside a file of several records gives these fields to every record that lacks them.
SIDECAR_DEFAULTS = ("country", "type", "crime_types", "issues", "source_url", "metadata")


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


@lru_cache(maxsize=1)
def load_knowledge():
    """The taxonomy and the thesaurus, loaded once per process."""
    from index.taxonomy import load_taxonomy
    from index.thesaurus import load_thesaurus

    return load_taxonomy(), load_thesaurus()


def _normalize_country(value) -> str | None:
    if not value:
        return None
    from index.countries import normalize_country

    return normalize_country(str(value)) or str(value).upper()


def _json_type(value: object) -> str:
    """How a JSON reader would name the type of `value`."""
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "a list", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _as_list(value, warnings: list[str], where: str) -> list[str]:
    """Names given as a list or as one text separated by ';' or '|'; anything else is ignored with a warning."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;|]", value) if v.strip()]
    if not isinstance(value, list | tuple):
        warnings.append(f"{where} must be a list of names or a text, not {_json_type(value)} ({value!r}); ignored")
        return []
    names = [v for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)]
    if len(names) < len(value):
        warnings.append(f"{where}: only names are kept from the list; {len(value) - len(names)} other value(s) ignored")
    return [str(v) for v in names if str(v).strip()]


# Fields that hold one text; a number there is taken as its text.
_TEXT_FIELDS = ("id", "title", "type", "country", "date", "language", "source_url", "url")


def _text_fields(fields: dict, path: str, origin: str) -> dict:
    """`fields` with numbers in text fields as text; a list, object or true/false there rejects the record."""
    out = dict(fields)
    for key in _TEXT_FIELDS:
        value = out.get(key)
        if isinstance(value, bool | dict | list):
            raise RejectedFile(path, f"{origin}: {key!r} must be a text, not {_json_type(value)}")
        if isinstance(value, int | float):
            out[key] = str(value)
    if out.get("dates") is not None and not isinstance(out["dates"], dict):
        raise RejectedFile(path, f"{origin}: 'dates' must be an object of named dates, not {_json_type(out['dates'])}")
    if depth(out) > MAX_METADATA_DEPTH:
        raise RejectedFile(path, f"{origin}: metadata nested more than {MAX_METADATA_DEPTH} levels deep")
    return out


def _editor_terms(scheme: str, values: list[str], warnings: list[str], where: str,
                  unmapped: dict | None = None) -> list[Classification]:  # fmt: skip
    taxonomy, _ = load_knowledge()
    out = []
    for value in values:
        term = taxonomy.resolve(scheme, value)
        if term is None:
            # never dropped: kept as given (metadata "unmapped"), for an editor to map
            if unmapped is not None:
                unmapped.setdefault(scheme, []).append(value)
            warnings.append(f"{where}: {'crime type' if scheme == 'crime' else 'issue'} {value!r} is not in the "
                            "taxonomy; kept as given for an editor to map")
        elif all(c.term_id != term for c in out):
            out.append(Classification(scheme=scheme, term_id=term, origin="source"))
    return out


# Reader fields that become record fields (or are reading aids), not free metadata.
_NOT_METADATA = frozenset(
    {"id", "type", "title", "country", "date", "dates", "url", "source_url", "language", "crime_types", "issues",
     "running_headers", "page_title", "lang_hint", "lang_hints"}
)


def _pick_type(value: str | None) -> str:
    if value in DOCUMENT_TYPES:
        return value
    aliases = {"case_law": "case", "law": "legislation", "convention": "treaty", "protocol": "treaty"}
    return aliases.get(value or "", "document")


def _checked_url(value: object, warnings: list[str], where: str, key: str = "source_url") -> str | None:
    """An address that may be stored and linked to; anything else is dropped with a warning."""
    if value in (None, ""):
        return None
    url = clean_web_url(value)  # None for javascript:, data:, file: ...
    if url is None:
        warnings.append(f"{where}: {key} {value!r} dropped: only http(s) addresses are stored")
    return url


def _resolve_block_languages(parsed: ParsedDocument, language: str, detector: LanguageDetector) -> ParsedDocument:
    """Give blocks that markup puts in another language than the page's one of the six languages.

    Markup is a hint (`lang_hints`, one per block): each run of blocks hinted differently from the
    page is detected with its hint, which decides only when the run is too short or a near tie.
    Blocks hinted like the page are left to the document language and to structure's own detection.
    """
    hints = parsed.metadata.get("lang_hints")
    if not isinstance(hints, list) or len(hints) != len(parsed.blocks):
        return parsed
    page = parsed.metadata.get("lang_hint") or ""
    blocks = list(parsed.blocks)
    start = 0
    while start < len(blocks):
        end = start
        while end < len(blocks) and hints[end] == hints[start]:
            end += 1
        if hints[start] and hints[start] != page:
            text = "\n\n".join(b.text for b in blocks[start:end] if b.kind != "footnote")
            found = detector.detect_hinted(text, hints[start])
            if found and found != language:
                blocks[start:end] = [replace(b, language=found) for b in blocks[start:end]]
        start = end
    return replace(parsed, blocks=blocks)




@dataclass(frozen=True)
class Given:
    """What the editor, the file and a records file's sidecar say about a record, in that order of precedence.

    The editor's sidecar is a person's correction, the file is the source's word, a records file's
    sidecar only a default for all its records: the first of them to give a value wins.
    """

    editor: dict
    file: dict
    defaults: dict

    def __call__(self, key: str, read: Callable[[object, str], object] | None = None) -> object:
        """The first value given for `key` (read through `read(value, whose)` when given), else None."""
        for whose, source in (("sidecar", self.editor), ("file", self.file), ("sidecar", self.defaults)):
            value = source.get(key)
            if read is not None:
                value = read(value, whose)
            if value:
                return value
        return None


def _given(parsed: ParsedDocument, meta: dict, side: dict, multi: bool) -> Given:
    """The three sources of a record's fields; the file's title and address may come under other names."""
    path = parsed.source_path
    file = {**meta, "title": parsed.title or meta.get("title") or meta.get("law_title"),
            "source_url": meta.get("url") or meta.get("source_url")}
    if multi:
        return Given({}, file, {k: side[k] for k in SIDECAR_DEFAULTS if k in side})
    return Given(_text_fields(side, path, "the sidecar"), file, {})


def _record_id(given: Given, rel: Path, index: int) -> tuple[str, str, str, bool]:
    """(id, id as given, what normalising changed, whether it was derived from the path)."""
    doc_id = given("id")
    derived = not doc_id
    if derived:
        doc_id = _slug(str(rel.with_suffix(""))) + (f"-{index + 1}" if index else "")
    given_id = str(doc_id).strip()
    doc_id, id_changes = normalise_id(given_id)
    return doc_id, given_id, id_changes, derived


def _language(given: Given, text: str, detector: LanguageDetector, doc_id: str, warnings: list[str]) -> str:
    """The document's language: as given if it is one of the six, else detected."""
    language = given("language")
    if language in LANGUAGES:
        return language
    if language:
        warnings.append(f"{doc_id}: language {language!r} is not one of {', '.join(LANGUAGES)}; detected instead")
    # The page's own `lang` only helps where the text cannot tell.
    return detector.detect_hinted(text, given.file.get("lang_hint")) or "en"


def _metadata(given: Given, doc_id: str, warnings: list[str]) -> dict:
    """Free metadata: the sidecar's defaults, overlaid by the file's, overlaid by the editor's."""
    editor, meta, defaults = given.editor, given.file, given.defaults
    metadata = dict(defaults["metadata"]) if isinstance(defaults.get("metadata"), dict) else {}
    metadata.update({k: v for k, v in meta.items() if k not in _NOT_METADATA and v not in (None, "", [], {})})
    if isinstance(editor.get("metadata"), dict):
        metadata.update(editor["metadata"])
    elif editor.get("metadata") is not None:
        warnings.append(f"{doc_id}: sidecar metadata must be a JSON object; ignored")
    for key in ("url", "source_url"):
        # These keys are shown as links wherever metadata is displayed: same rule as the record's own.
        if key in metadata and clean_web_url(metadata[key]) is None:
            _checked_url(metadata.pop(key), warnings, f"{doc_id}: metadata", key)
    if given("sample"):
        metadata["sample"] = True
    return metadata


def _classifications(given: Given, where: str, warnings: list[str], metadata: dict) -> list[Classification]:
    """The crime types and issues given with the record; names not in the taxonomy go to metadata "unmapped"."""
    crime_values, issue_values = (
        given(key, lambda value, whose, key=key: _as_list(
            value, warnings, f"{where}: {'sidecar ' if whose == 'sidecar' else ''}{key}")) or []
        for key in ("crime_types", "issues")
    )
    unmapped: dict[str, list[str]] = {}
    found = (_editor_terms("crime", crime_values, warnings, where, unmapped)
             + _editor_terms("issue", issue_values, warnings, where, unmapped))
    if unmapped:
        metadata["unmapped"] = unmapped
    return found


def _content_hash(title: str, text: str, file_meta: dict, side_raw: bytes) -> str:
    """What decides whether a re-ingested document changed: the parse, its inputs and the pipeline's version."""
    digest = hashlib.sha256()
    hashed = json.dumps(file_meta, sort_keys=True, ensure_ascii=False, default=str)
    for part in (PIPELINE_VERSION, title, text, hashed):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(side_raw)
    return digest.hexdigest()


def build_record(
    parsed: ParsedDocument, side: dict, side_raw: bytes, root: Path, detector: str, index: int, multi: bool = False
) -> tuple[DocumentRecord, list[str], bool]:
    """One parsed document plus its sidecar -> (record, warnings, whether its id was derived from the path).

    Editor metadata wins over what the file says, which wins over detection. For a file of several
    records (`multi`) the sidecar only fills the fields in SIDECAR_DEFAULTS that a record lacks.
    """
    from index.store import assign_provision_ids
    from ingest.classify import suggest
    from ingest.extract import extract_dates, extract_ecli, extract_symbols
    from ingest.language import get_detector
    from ingest.structure import split_provisions

    warnings: list[str] = []
    parsed = describe_un_document(parsed)
    file_meta = dict(parsed.metadata)
    given = _given(parsed, _text_fields(file_meta, parsed.source_path, f"record {index + 1}" if multi else "the file"),
                   side, multi)
    source = Path(parsed.source_path)
    try:
        rel = source.resolve().relative_to(root)
    except ValueError:
        rel = Path(source.name)
    doc_id, given_id, id_changes, derived = _record_id(given, rel, index)

    text = parsed.text
    lang_detector = get_detector(detector)
    language = _language(given, text, lang_detector, doc_id, warnings)
    doc_type = _pick_type(given("type"))
    title = (given("title") or source.stem).strip()

    provisions = split_provisions(_resolve_block_languages(parsed, language, lang_detector), doc_type, language,
                                  lang_detector.detect)
    if not provisions:
        raise RejectedFile(parsed.source_path, f"record {doc_id}: no text to index")

    metadata = _metadata(given, doc_id, warnings)
    add_version_group(metadata, source, language, multi)
    if id_changes and not derived:
        metadata[ORIGINAL_ID_KEY] = given_id
        warnings.append(f"id {given_id[:120]!r} stored as {doc_id!r}: {id_changes}")
    head = text[:20000]
    for key, found in (("symbols", extract_symbols(head)), ("ecli", extract_ecli(head))):
        if found and key not in metadata:
            metadata[key] = found
    date = given("date")
    if not date:
        dates = extract_dates(text[:2000], language)
        date = dates[0] if dates else None

    record = DocumentRecord(
        id=doc_id,
        type=doc_type,
        title=title,
        country=_normalize_country(given("country")),
        languages=sorted({language, *(p.language for p in provisions)}, key=lambda lang: lang != language),
        date=str(date) if date else None,
        dates=dict(given("dates") or {}),
        source_file=str(source),
        source_url=_checked_url(given("source_url"), warnings, doc_id),
        metadata=metadata,
        provisions=provisions,
    )
    record.classifications = _classifications(given, str(rel), warnings, record.metadata)
    assign_provision_ids(record)
    taxonomy, thesaurus = load_knowledge()
    record.classifications += suggest(record, taxonomy, thesaurus)
    record.content_hash = _content_hash(title, text, file_meta, side_raw)
    return record, warnings, derived
