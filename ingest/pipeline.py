"""A batch: files -> parsed documents -> records with provisions and classifications -> the store.

A batch never stops at a bad file: the file is copied into the quarantine folder with a
JSON report beside it, the rest goes on, and the report says what happened to each file.
Each document is written in its own transaction, so a crash leaves the store as it was
before the document being written. Re-ingesting an unchanged file changes nothing; a
changed file replaces its documents (and drops those it no longer holds).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from index.errors import SherlocError
from index.models import DOCUMENT_TYPES, LANGUAGES, Classification, DocumentRecord
from index.store import Store
from ingest.errors import RejectedFile
from ingest.model import ParsedDocument

# Bump when parsing changes in a way that should re-write stored documents on the next ingest.
PIPELINE_VERSION = "1"
SIDECAR_SUFFIX = ".meta.json"
# Files per task sent to a worker process; large enough to amortise pickling.
CHUNK = 200
# A records file larger than this is built by every worker, each taking every n-th record.
BIG_RECORDS_FILE = 1_000_000


@dataclass
class FileOutcome:
    """What happened to one file of a batch."""

    path: str
    status: str  # ingested | unchanged | rejected
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # "<id> duplicates <stored id>"
    warnings: list[str] = field(default_factory=list)
    reason: str = ""
    quarantined: str = ""


@dataclass
class BatchReport:
    """The summary of a batch, one outcome per file."""

    files: list[FileOutcome] = field(default_factory=list)

    @property
    def rejected(self) -> list[FileOutcome]:
        """The files that could not be ingested."""
        return [f for f in self.files if f.status == "rejected"]

    def totals(self) -> dict[str, int]:
        """Counts over the batch: files, rejected files, documents added/replaced/unchanged/removed."""
        return {
            "files": len(self.files),
            "rejected": len(self.rejected),
            "added": sum(len(f.added) for f in self.files),
            "replaced": sum(len(f.replaced) for f in self.files),
            "unchanged": sum(f.unchanged for f in self.files),
            "removed": sum(len(f.removed) for f in self.files),
            "duplicates": sum(len(f.duplicates) for f in self.files),
            "warnings": sum(len(f.warnings) for f in self.files),
        }

    def to_dict(self) -> dict:
        """The report as plain JSON-ready data."""
        return {"totals": self.totals(), "files": [asdict(f) for f in self.files]}


# -- discovering files ------------------------------------------------------------


def is_sidecar(path: Path) -> bool:
    """Sidecar metadata files travel with a document; they are not documents."""
    return path.name.endswith(SIDECAR_SUFFIX)


def collect_files(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Every document file under the given paths, as (file, root it was found under), sorted.

    Hidden files and sidecars are skipped. A path that does not exist is an error naming it.
    """
    out: list[tuple[Path, Path]] = []
    for given in paths:
        p = Path(given)
        if not p.exists():
            raise SherlocError(f"{p}: no such file or directory")
        if p.is_dir():
            root = p.resolve()
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
                for name in sorted(filenames):
                    f = Path(dirpath) / name
                    if not name.startswith(".") and not is_sidecar(f) and name not in ("README.md", "LICENSE"):
                        out.append((f, root))
        elif not is_sidecar(p):
            out.append((p.resolve(), p.resolve().parent))
    return out


def sidecar_for(path: Path) -> Path | None:
    """The sidecar of a file: '<name>.meta.json' or '<stem>.meta.json' beside it."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> tuple[dict, bytes]:
    """The editor's metadata for a file (empty if none) and its raw bytes (part of the content hash)."""
    side = sidecar_for(path)
    if side is None:
        return {}, b""
    raw = side.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RejectedFile(str(side), f"sidecar metadata is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise RejectedFile(str(side), "sidecar metadata must be a JSON object")
    return data, raw


# -- building records (runs in worker processes) ----------------------------------


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


@lru_cache(maxsize=1)
def _knowledge():
    from index.taxonomy import load_taxonomy
    from index.thesaurus import load_thesaurus

    return load_taxonomy(), load_thesaurus()


def _normalize_country(value) -> str | None:
    if not value:
        return None
    from index.countries import normalize_country

    return normalize_country(str(value)) or str(value).upper()


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;|]", value) if v.strip()]
    return [str(v) for v in value if str(v).strip()]


def _editor_terms(scheme: str, values: list[str], warnings: list[str], where: str) -> list[Classification]:
    taxonomy, _ = _knowledge()
    out = []
    for value in values:
        term = taxonomy.resolve(scheme, value)
        if term is None:
            warnings.append(f"{where}: unknown {'crime type' if scheme == 'crime' else 'issue'} {value!r} ignored")
        elif all(c.term_id != term for c in out):
            out.append(Classification(scheme=scheme, term_id=term, origin="editor"))
    return out


# Reader fields that become record fields (or are reading aids), not free metadata.
_NOT_METADATA = frozenset(
    {"id", "type", "title", "country", "date", "dates", "url", "language", "crime_types", "issues", "running_headers",
     "page_title"}
)


def _pick_type(value: str | None) -> str:
    if value in DOCUMENT_TYPES:
        return value
    aliases = {"case_law": "case", "law": "legislation", "convention": "treaty", "protocol": "treaty"}
    return aliases.get(value or "", "document")


def build_record(
    parsed: ParsedDocument, side: dict, side_raw: bytes, root: Path, detector: str, index: int
) -> tuple[DocumentRecord, list[str], bool]:
    """One parsed document plus its sidecar -> (record, warnings, whether its id was derived from the path).

    Editor metadata wins over what the file says, which wins over detection.
    """
    from ingest.classify import suggest
    from ingest.extract import extract_dates, extract_ecli, extract_symbols
    from ingest.language import get_detector
    from ingest.structure import split_provisions

    warnings: list[str] = []
    meta = dict(parsed.metadata)
    # A sidecar describes a single-document file; records in a multi-record file carry their own fields.
    editor = side if index == 0 or not meta.get("id") else {}
    source = Path(parsed.source_path)
    try:
        rel = source.resolve().relative_to(root)
    except ValueError:
        rel = Path(source.name)

    doc_id = editor.get("id") or meta.get("id")
    derived = not doc_id
    if derived:
        doc_id = _slug(str(rel.with_suffix(""))) + (f"-{index + 1}" if index else "")
    doc_id = str(doc_id).strip()

    text = parsed.text
    detect = get_detector(detector).detect
    language = editor.get("language") or meta.get("language")
    if language not in LANGUAGES:
        if language:
            warnings.append(f"{doc_id}: language {language!r} is not one of {', '.join(LANGUAGES)}; detected instead")
        language = detect(text) or "en"
    doc_type = _pick_type(editor.get("type") or meta.get("type"))
    title = (editor.get("title") or parsed.title or meta.get("title") or meta.get("law_title") or source.stem).strip()

    provisions = split_provisions(parsed, doc_type, language, detect)
    if not provisions:
        raise RejectedFile(parsed.source_path, f"record {doc_id}: no text to index")

    metadata = {k: v for k, v in meta.items() if k not in _NOT_METADATA and v not in (None, "", [], {})}
    metadata.update(editor.get("metadata") or {})
    if editor.get("sample") or meta.get("sample"):
        metadata["sample"] = True
    head = text[:20000]
    for key, found in (("symbols", extract_symbols(head)), ("ecli", extract_ecli(head))):
        if found and key not in metadata:
            metadata[key] = found
    date = editor.get("date") or meta.get("date")
    if not date:
        dates = extract_dates(text[:2000], language)
        date = dates[0] if dates else None

    record = DocumentRecord(
        id=doc_id,
        type=doc_type,
        title=title,
        country=_normalize_country(editor.get("country") or meta.get("country")),
        languages=sorted({language, *(p.language for p in provisions)}, key=lambda lang: lang != language),
        date=str(date) if date else None,
        dates=dict(editor.get("dates") or meta.get("dates") or {}),
        source_file=str(source),
        source_url=editor.get("source_url") or meta.get("url") or meta.get("source_url"),
        metadata=metadata,
        provisions=provisions,
    )
    where = str(rel)
    crime_values = _as_list(editor.get("crime_types")) or _as_list(meta.get("crime_types"))
    issue_values = _as_list(editor.get("issues")) or _as_list(meta.get("issues"))
    record.classifications = _editor_terms("crime", crime_values, warnings, where) + _editor_terms(
        "issue", issue_values, warnings, where
    )
    from index.store import assign_provision_ids

    assign_provision_ids(record)
    taxonomy, thesaurus = _knowledge()
    record.classifications += suggest(record, taxonomy, thesaurus)
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, title, text, json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(side_raw)
    record.content_hash = digest.hexdigest()
    return record, warnings, derived


@dataclass
class _Parsed:
    path: str
    records: list[DocumentRecord] = field(default_factory=list)
    derived_ids: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    pages: int = 0


def _parse_file(path: str, root: str, detector: str, part: int = 0, parts: int = 1) -> _Parsed:
    """Read, structure and classify one file (or every `parts`-th record of it, from `part`).

    Never raises: a failure comes back as `error`. Splitting a large records file into parts
    lets several processes build its records; each part reads the file, which is cheap.
    """
    from ingest.readers import read_file_with_warnings

    result = _Parsed(path=path)
    try:
        side, side_raw = read_sidecar(Path(path))
        docs, warnings = read_file_with_warnings(Path(path))
        if part == 0:
            result.warnings.extend(warnings)
        result.pages = sum(d.pages for d in docs) if part == 0 else 0
        for i in range(part, len(docs), parts):
            try:
                record, warns, derived = build_record(docs[i], side, side_raw, Path(root), detector, i)
            except RejectedFile as exc:
                if len(docs) == 1:
                    raise
                result.warnings.append(exc.reason)
                continue
            result.warnings.extend(warns)
            result.records.append(record)
            if derived:
                result.derived_ids.add(record.id)
        if not result.records and len(docs) <= part:
            raise RejectedFile(path, "no document could be read from this file")
    except RejectedFile as exc:
        result.error = exc.reason
    except SherlocError as exc:
        result.error = str(exc)
    except Exception as exc:  # a parser bug must not end the batch; the report names it
        result.error = f"unexpected {type(exc).__name__}: {exc}"
    return result


def _merge(parts: list[_Parsed]) -> _Parsed:
    """One file's result from its parts: records back in file order, ids unique, any error wins."""
    merged = _Parsed(path=parts[0].path, pages=sum(p.pages for p in parts))
    errors = [p.error for p in parts if p.error]
    if errors:
        merged.error = errors[0]
        return merged
    # Part k built records k, k + n, k + 2n ...: interleave them back.
    ordered = [r for group in itertools.zip_longest(*(p.records for p in parts)) for r in group if r is not None]
    seen: set[str] = set()
    for p in parts:
        merged.warnings.extend(p.warnings)
        merged.derived_ids |= p.derived_ids
    for position, record in enumerate(ordered):
        if record.id in seen:
            merged.warnings.append(f"record {position + 1}: id {record.id!r} repeats an earlier record; skipped")
            continue
        seen.add(record.id)
        merged.records.append(record)
    if not merged.records:
        merged.error = "no document could be read from this file"
    return merged


# -- the batch --------------------------------------------------------------------


def quarantine(path: Path, reason: str, directory: Path) -> Path:
    """Copy a rejected file aside with a JSON report '<copy>.report.json'; returns the copy's path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = directory / f"{stamp}-{path.name}"
    n = 2
    while target.exists():
        target = directory / f"{stamp}-{n}-{path.name}"
        n += 1
    if path.is_file():
        shutil.copy2(path, target)
    report = {"file": str(path), "reason": reason, "at": stamp, "copy": str(target)}
    target.with_name(target.name + ".report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return target


def _plan(files: list[tuple[Path, Path]], workers: int | None) -> tuple[int, list[int]]:
    """How many processes, and in how many parts each file is parsed.

    Process start-up and model loading cost about a second per worker, so small batches stay in
    this process; a large records file is split so that every core builds records.
    """
    cores = min(os.cpu_count() or 1, 4)
    big = [f.suffix.lower() in (".json", ".jsonl") and f.stat().st_size > BIG_RECORDS_FILE for f, _ in files]
    count = workers if workers is not None else (cores if len(files) >= 16 or any(big) else 1)
    count = max(1, count)
    return count, [count if is_big and count > 1 else 1 for is_big in big]


def _parse_all(files: list[tuple[Path, Path]], detector: str, workers: int | None) -> Iterator[_Parsed]:
    count, parts = _plan(files, workers)
    tasks = [(str(f), str(root), detector, k, n) for (f, root), n in zip(files, parts, strict=True) for k in range(n)]
    if count <= 1:
        results: Iterable[_Parsed] = (_parse_file(*t) for t in tasks)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=count)
        chunksize = max(1, min(CHUNK, len(tasks) // (count * 4)))
        results = pool.map(_parse_file, *zip(*tasks, strict=True), chunksize=chunksize)
    try:
        it = iter(results)
        for n in parts:
            yield _merge([next(it) for _ in range(n)])
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def store_parsed(store: Store, parsed: _Parsed) -> FileOutcome:
    """Write one parsed file's records, one transaction per document; drop documents the file no longer holds."""
    outcome = FileOutcome(path=parsed.path, status="ingested", warnings=list(parsed.warnings))
    before = store.ids_for_source(parsed.path)
    kept: set[str] = set()
    for record in parsed.records:
        if record.id not in before:
            other = store.find_by_hash(record.content_hash)
            if other:
                outcome.duplicates.append(f"{record.id} duplicates {other}")
                continue
            if record.id in parsed.derived_ids and store.has_document(record.id):
                # Two files whose paths give the same id: never overwrite the other file's document.
                outcome.warnings.append(
                    f"id {record.id!r} is already used by another file; give this file a sidecar with its own id"
                )
                continue
        kept.add(record.id)
        status = store.put_document(record)
        if status == "added":
            outcome.added.append(record.id)
        elif status == "replaced":
            outcome.replaced.append(record.id)
        else:
            outcome.unchanged += 1
    for gone in sorted(set(before) - kept):
        store.delete_document(gone)
        outcome.removed.append(gone)
    if not (outcome.added or outcome.replaced or outcome.removed):
        outcome.status = "unchanged"
    store.log_ingest(parsed.path, outcome.status, ",".join(outcome.added + outcome.replaced)[:2000] or None,
                     "; ".join(outcome.warnings)[:2000])
    return outcome


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    detector: str = "lingua",
    quarantine_dir: Path | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> BatchReport:
    """Ingest files and folders into the store and return what happened to each file.

    Parsing runs in worker processes when the batch is large; writing stays in this process,
    one transaction per document. `progress` None shows a bar only on a terminal.
    """
    files = collect_files(paths)
    report = BatchReport()
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest", file=sys.stderr)
    try:
        for parsed in _parse_all(files, detector, workers):
            if parsed.error:
                outcome = FileOutcome(path=parsed.path, status="rejected", reason=parsed.error,
                                      warnings=list(parsed.warnings))
                if quarantine_dir is not None:
                    outcome.quarantined = str(quarantine(Path(parsed.path), parsed.error, quarantine_dir))
                store.log_ingest(parsed.path, "rejected", None, parsed.error)
            else:
                outcome = store_parsed(store, parsed)
            report.files.append(outcome)
            if on_file:
                on_file(outcome)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report
