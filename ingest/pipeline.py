"""A batch: files -> parsed documents -> records with provisions and classifications -> the store.

A batch never stops at a bad file: the file is copied into the quarantine folder with a
JSON report beside it, the rest goes on, and the report says what happened to each file.
Each file is written all or nothing (the files that workers send back together share one
commit), so a crash leaves the store as it was before the files being written. Re-ingesting
an unchanged file changes nothing; a changed file replaces its documents (and drops those it
no longer holds).
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import pickle
import re
import signal
import sys
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import SherlocError
from index.ids import ORIGINAL_ID_KEY, normalise_id
from index.models import DOCUMENT_TYPES, LANGUAGES, Classification, DocumentRecord
from index.store import Store
from index.urls import clean_web_url
from ingest.errors import RejectedFile
from ingest.limits import MAX_METADATA_DEPTH, MEMORY_LIMIT_MB, depth, die_with_parent, memory_limit, too_much_memory
from ingest.model import ParsedDocument
from ingest.quarantine import quarantine, shown
from ingest.works import add_version_group, describe_un_document

if TYPE_CHECKING:
    from ingest.language import LanguageDetector

# Bump when parsing changes in a way that should re-write stored documents on the next ingest.
PIPELINE_VERSION = "3"  # 3: classifications by origin (source, rule, hint)
SIDECAR_SUFFIX = ".meta.json"
# A records file larger than this is built by every worker, each taking every n-th record.
BIG_RECORDS_FILE = 1_000_000
# Files per task sent to a worker process; large enough to amortise pickling.
CHUNK = 200
# Unfinished tasks per worker process: enough to keep every worker busy, few enough that a
# crash, which loses every unfinished task, costs little to retry.
IN_FLIGHT_PER_WORKER = 2
# The default time a file may take to parse: generous, since a large PDF legitimately takes
# minutes; it is there for the file that would never finish.
TIME_LIMIT_S = 300.0
TIME_LIMIT_PER_MB_S = 30.0
CRASHED = "the parser crashed (its process ended abruptly, also when the file was tried again on its own)"
# A sidecar beside a file of several records gives these fields to every record that lacks them.
SIDECAR_DEFAULTS = ("country", "type", "crime_types", "issues", "source_url", "metadata")


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

    Hidden files and sidecars are skipped. A path that does not exist is an error naming it; a
    broken symbolic link is a file like any other, which the batch then reports as rejected.
    """
    out: list[tuple[Path, Path]] = []
    for given in paths:
        p = Path(given)
        if not p.exists():
            if p.is_symlink():
                link = Path(os.path.abspath(p))
                out.append((link, link.parent))
                continue
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


def _split_unnameable(files: list[tuple[Path, Path]]) -> tuple[list[tuple[Path, Path]], list[list[ParsedFile]]]:
    """(files whose path is valid UTF-8, one rejected result for each of the others).

    The store, the reports and the JSON output keep paths as text, so such a file cannot be
    ingested under its name; it is rejected with the reason and the batch goes on.
    """
    good, bad = [], []
    for f, root in files:
        if shown(f) == str(f):
            good.append((f, root))
        else:
            bad.append([ParsedFile(path=str(f), error=f"the file name is not valid UTF-8 ({shown(f.name)}); "
                                                   "rename the file to ingest it")])
    return good, bad


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
    taxonomy, _ = _knowledge()
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


def _web_url(value: object) -> str | None:
    """`value` as a percent-encoded http(s) address with a host, else None (javascript:, data:, file: ...)."""
    return clean_web_url(value)


def _checked_url(value: object, warnings: list[str], where: str, key: str = "source_url") -> str | None:
    """An address that may be stored and linked to; anything else is dropped with a warning."""
    if value in (None, ""):
        return None
    url = _web_url(value)
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


def build_record(
    parsed: ParsedDocument, side: dict, side_raw: bytes, root: Path, detector: str, index: int, multi: bool = False
) -> tuple[DocumentRecord, list[str], bool]:
    """One parsed document plus its sidecar -> (record, warnings, whether its id was derived from the path).

    Editor metadata wins over what the file says, which wins over detection. For a file of several
    records (`multi`) the sidecar only fills the fields in SIDECAR_DEFAULTS that a record lacks.
    """
    from ingest.classify import suggest
    from ingest.extract import extract_dates, extract_ecli, extract_symbols
    from ingest.language import get_detector
    from ingest.structure import split_provisions

    warnings: list[str] = []
    parsed = describe_un_document(parsed)
    hashed_meta = dict(parsed.metadata)
    origin = f"record {index + 1}" if multi else "the file"
    meta = _text_fields(hashed_meta, parsed.source_path, origin)
    editor = {} if multi else _text_fields(side, parsed.source_path, "the sidecar")
    defaults = {k: side[k] for k in SIDECAR_DEFAULTS if k in side} if multi else {}
    source = Path(parsed.source_path)
    try:
        rel = source.resolve().relative_to(root)
    except ValueError:
        rel = Path(source.name)

    doc_id = editor.get("id") or meta.get("id")
    derived = not doc_id
    if derived:
        doc_id = _slug(str(rel.with_suffix(""))) + (f"-{index + 1}" if index else "")
    given_id = str(doc_id).strip()
    doc_id, id_changes = normalise_id(given_id)

    text = parsed.text
    lang_detector = get_detector(detector)
    detect = lang_detector.detect
    language = editor.get("language") or meta.get("language")
    if language not in LANGUAGES:
        if language:
            warnings.append(f"{doc_id}: language {language!r} is not one of {', '.join(LANGUAGES)}; detected instead")
        # The page's own `lang` only helps where the text cannot tell.
        language = lang_detector.detect_hinted(text, meta.get("lang_hint")) or "en"
    doc_type = _pick_type(editor.get("type") or meta.get("type") or defaults.get("type"))
    title = (editor.get("title") or parsed.title or meta.get("title") or meta.get("law_title") or source.stem).strip()

    provisions = split_provisions(_resolve_block_languages(parsed, language, lang_detector), doc_type, language, detect)
    if not provisions:
        raise RejectedFile(parsed.source_path, f"record {doc_id}: no text to index")

    metadata = dict(defaults["metadata"]) if isinstance(defaults.get("metadata"), dict) else {}
    metadata.update({k: v for k, v in meta.items() if k not in _NOT_METADATA and v not in (None, "", [], {})})
    if isinstance(editor.get("metadata"), dict):
        metadata.update(editor["metadata"])
    elif editor.get("metadata") is not None:
        warnings.append(f"{doc_id}: sidecar metadata must be a JSON object; ignored")
    for key in ("url", "source_url"):
        # These keys are shown as links wherever metadata is displayed: same rule as the record's own.
        if key in metadata and _web_url(metadata[key]) is None:
            _checked_url(metadata.pop(key), warnings, f"{doc_id}: metadata", key)
    if editor.get("sample") or meta.get("sample"):
        metadata["sample"] = True
    add_version_group(metadata, source, language, multi)
    if id_changes and not derived:
        metadata[ORIGINAL_ID_KEY] = given_id
        warnings.append(f"id {given_id[:120]!r} stored as {doc_id!r}: {id_changes}")
    head = text[:20000]
    for key, found in (("symbols", extract_symbols(head)), ("ecli", extract_ecli(head))):
        if found and key not in metadata:
            metadata[key] = found
    date = editor.get("date") or meta.get("date")
    if not date:
        dates = extract_dates(text[:2000], language)
        date = dates[0] if dates else None

    url = editor.get("source_url") or meta.get("url") or meta.get("source_url") or defaults.get("source_url")
    record = DocumentRecord(
        id=doc_id,
        type=doc_type,
        title=title,
        country=_normalize_country(editor.get("country") or meta.get("country") or defaults.get("country")),
        languages=sorted({language, *(p.language for p in provisions)}, key=lambda lang: lang != language),
        date=str(date) if date else None,
        dates=dict(editor.get("dates") or meta.get("dates") or {}),
        source_file=str(source),
        source_url=_checked_url(url, warnings, doc_id),
        metadata=metadata,
        provisions=provisions,
    )
    where = str(rel)
    crime_values, issue_values = (
        _as_list(editor.get(key), warnings, f"{where}: sidecar {key}")
        or _as_list(meta.get(key), warnings, f"{where}: {key}")
        or _as_list(defaults.get(key), warnings, f"{where}: sidecar {key}")
        for key in ("crime_types", "issues")
    )
    unmapped: dict[str, list[str]] = {}
    record.classifications = _editor_terms("crime", crime_values, warnings, where, unmapped) + _editor_terms(
        "issue", issue_values, warnings, where, unmapped
    )
    if unmapped:
        record.metadata["unmapped"] = unmapped
    from index.store import assign_provision_ids

    assign_provision_ids(record)
    taxonomy, thesaurus = _knowledge()
    record.classifications += suggest(record, taxonomy, thesaurus)
    digest = hashlib.sha256()
    hashed = json.dumps(hashed_meta, sort_keys=True, ensure_ascii=False, default=str)
    for part in (PIPELINE_VERSION, title, text, hashed):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    digest.update(side_raw)
    record.content_hash = digest.hexdigest()
    return record, warnings, derived


@dataclass
class ParsedFile:
    path: str
    records: list[DocumentRecord] = field(default_factory=list)
    derived_ids: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    pages: int = 0


class _TimeUp(BaseException):
    """Raised into a parse that ran out of time; not an Exception, so no reader's `except Exception` hides it."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise _TimeUp into the code inside after `seconds` of wall time (None or 0: no limit).

    An alarm only interrupts Python code, and only in a main thread (elsewhere no limit applies):
    a parser stuck inside one long C call is not stopped.
    """
    usable = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The alarm repeats every second: a parser's bare `except:` may swallow the first one.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        while True:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except _TimeUp:  # the alarm went off during this clean-up: finish it first
                continue


def _time_limit_for(path: Path, time_limit: float | None) -> float:
    """Seconds `path` may take to parse: `time_limit` if given, else the default scaled by its size."""
    if time_limit is not None:
        return time_limit
    return TIME_LIMIT_S + TIME_LIMIT_PER_MB_S * _size(path) / 1_000_000


def _too_long(seconds: float) -> str:
    return f"took longer than {seconds:g} s to read"


def parse_file(
    path: str, root: str, detector: str, part: int = 0, parts: int = 1, time_limit: float | None = None,
    memory_mb: int | None = MEMORY_LIMIT_MB, follow_links: bool = False,
) -> ParsedFile:
    """Read, structure and classify one file (or every `parts`-th record of it, from `part`).

    Never raises: a failure, running past `time_limit` seconds or needing more than `memory_mb` MB
    comes back as `error`. Splitting a large records file into parts lets several processes build
    its records; each part reads the file, which is cheap.
    """
    try:
        with _time_limit(time_limit), memory_limit(memory_mb):
            return _parse_file_now(path, root, detector, part, parts, follow_links)
    except _TimeUp:
        return ParsedFile(path=path, error=_too_long(time_limit or 0))
    except MemoryError:
        return ParsedFile(path=path, error=too_much_memory(memory_mb) if memory_mb else "too large to read into memory")


def _check_link(path: Path, root: Path) -> None:
    """Reject a symbolic link that leads out of the folder being ingested (a broken one is left to the reader)."""
    if path.is_symlink() and path.exists():
        target = path.resolve()
        if not target.is_relative_to(root):
            raise RejectedFile(path, f"symbolic link to {target}, outside the folder being ingested; not followed "
                               "(ingest with --follow-links to read it)")


def _parse_file_now(path: str, root: str, detector: str, part: int, parts: int, follow_links: bool) -> ParsedFile:
    from ingest.readers import read_file_with_warnings

    result = ParsedFile(path=path)
    try:
        if not follow_links:
            _check_link(Path(path), Path(root))
        side, side_raw = read_sidecar(Path(path))
        docs, warnings = read_file_with_warnings(Path(path))
        multi = len(docs) > 1
        if part == 0:
            result.warnings.extend(warnings)
            ignored = sorted(k for k in side if k not in SIDECAR_DEFAULTS) if multi else []
            if ignored:
                named = [f"id {side['id']!r}" if k == "id" else k for k in ignored]
                result.warnings.append(
                    f"sidecar {', '.join(named)} ignored: beside a file of {len(docs)} records a sidecar only "
                    f"gives {', '.join(SIDECAR_DEFAULTS)} to the records that lack them; each record keeps its own id"
                )
        result.pages = sum(d.pages for d in docs) if part == 0 else 0
        for i in range(part, len(docs), parts):
            try:
                record, warns, derived = build_record(docs[i], side, side_raw, Path(root), detector, i, multi)
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
    except MemoryError:
        raise
    except Exception as exc:  # a parser bug must not end the batch; the report names it
        result.error = f"unexpected {type(exc).__name__}: {exc}"
    return result


def _merge(parts: list[ParsedFile]) -> ParsedFile:
    """One file's result from its parts: records back in file order, ids unique, any error wins."""
    merged = ParsedFile(path=parts[0].path, pages=sum(p.pages for p in parts))
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


# -- parsing in worker processes ----------------------------------------------------


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # unreadable or a broken link: its parse reports why


@dataclass(frozen=True)
class _Task:
    """One call of parse_file, as sent to a worker."""

    path: str
    root: str
    detector: str
    part: int
    parts: int
    time_limit: float
    memory_mb: int | None = MEMORY_LIMIT_MB
    follow_links: bool = False

    def run(self) -> ParsedFile:
        return parse_file(self.path, self.root, self.detector, self.part, self.parts, self.time_limit,
                           self.memory_mb, self.follow_links)


def _worker_start(detector: str) -> None:
    """Load readers, taxonomy and thesaurus, so that time limits time parsing, not start-up.

    Called in this process before workers are forked (they inherit what it loaded, batch after batch),
    and in each worker as it starts (through `_worker_init`), which has nothing to do where it was forked.

    The statistical language model (over a second to load) stays lazy: most texts never need it.
    """
    try:
        import ingest.classify  # noqa: F401
        import ingest.extract  # noqa: F401
        import ingest.structure  # noqa: F401
        from ingest.language import get_detector
        from ingest.readers import load_readers

        load_readers()
        get_detector(detector)
        _knowledge()
    except Exception:  # the first file meets the same problem and reports it
        pass


def _worker_init(detector: str, parent: int) -> None:
    """A pool worker's start: it dies with `parent` (the batch), runs `_worker_start`, then what it
    inherited from this process is left out of its garbage collections.

    A forked worker's full collection walks every object of the parent's heap: a batch run by a
    process holding much (a bench holding its records, a long-running app) cost each worker about
    0.09 s of a 2 s batch (0.026 s frozen), and touching those objects copies their memory pages.
    """
    die_with_parent(parent)
    _worker_start(detector)
    gc.freeze()


def _load_language_model(detector: str) -> None:
    """Load the detector's statistical model in this process; a failure is left to the first file that needs it."""
    try:
        from ingest.language import get_detector

        get_detector(detector).load_model()
    except Exception:
        pass


def _plan(files: list[tuple[Path, Path]], workers: int | None) -> tuple[int, list[int]]:
    """How many processes, and in how many parts each file is parsed.

    Process start-up and model loading cost about a second per worker, so small batches stay in
    this process; a large records file is split so that every core builds records.
    """
    cores = min(os.cpu_count() or 1, 4)
    big = [f.suffix.lower() in (".json", ".jsonl") and _size(f) > BIG_RECORDS_FILE for f, _ in files]
    count = workers if workers is not None else (cores if len(files) >= 16 or any(big) else 1)
    count = max(1, count)
    return count, [count if is_big and count > 1 else 1 for is_big in big]


def _failed(task: _Task, exc: BaseException) -> ParsedFile:
    return ParsedFile(path=task.path, error=f"unexpected {type(exc).__name__}: {exc}")


class _Isolation:
    """Runs tasks one at a time in a worker of their own, to tell which file makes a process crash."""

    def __init__(self, detector: str) -> None:
        self.detector = detector
        self.pool: ProcessPoolExecutor | None = None

    def run(self, task: _Task) -> ParsedFile:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=1, initializer=_worker_init,
                                            initargs=(self.detector, os.getpid()))
        try:
            return _unpack(self.pool.submit(_run_chunk, [task]).result())[0]
        except BrokenProcessPool:
            self.close()
            memory = f"; it may have needed more than its {task.memory_mb} MB of memory" if task.memory_mb else ""
            return ParsedFile(path=task.path, error=CRASHED + memory)
        except Exception as exc:
            return _failed(task, exc)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)  # waits, for the reason given in _run_in_pool
            self.pool = None


def _run_chunk(tasks: list[_Task]) -> bytes:
    """The tasks' results, pickled here: a result that cannot be sent back costs its own file, not the chunk."""
    results = [t.run() for t in tasks]
    try:
        return pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
    except Exception:
        pass
    for i, result in enumerate(results):
        try:
            pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            results[i] = ParsedFile(path=result.path, error=f"its records could not be passed back from the parser "
                                 f"({type(exc).__name__}: {str(exc)[:200]})")
    return pickle.dumps(results, pickle.HIGHEST_PROTOCOL)


def _unpack(sent: bytes) -> list[ParsedFile]:
    return pickle.loads(sent)


@dataclass
class _Unit:
    """Consecutive tasks sent to a worker as one call; `attempt` counts the pools that lost them."""

    tasks: list[_Task]
    attempt: int = 0
    future: Future | None = None  # None: not sent yet


def _chunks(tasks: list[_Task], size: int) -> Iterator[list[_Task]]:
    """Tasks in runs of `size`; a part of a split file always goes alone, so that parts run side by side."""
    run: list[_Task] = []
    for task in tasks:
        if task.parts > 1:
            if run:
                yield run
                run = []
            yield [task]
            continue
        run.append(task)
        if len(run) >= size:
            yield run
            run = []
    if run:
        yield run


def _done(results: list[ParsedFile]) -> Future:
    """A finished future holding `results` as a worker sends them."""
    future: Future = Future()
    future.set_result(pickle.dumps(results, pickle.HIGHEST_PROTOCOL))
    return future


def _after_crash(units: Iterable[_Unit]) -> list[_Unit]:
    """The units of a pool that broke: finished ones kept, lost ones to be sent again.

    A lost chunk comes back as one unit per file; a file lost a second time is then run on its
    own, where only a file that crashes its own process fails.
    """
    out: list[_Unit] = []
    for unit in units:
        lost = unit.future is not None and _outcome(unit.future) is None
        if not lost:
            out.append(unit)
        elif len(unit.tasks) > 1:
            out.extend(_Unit([task], attempt=1) for task in unit.tasks)
        else:
            out.append(_Unit(unit.tasks, attempt=unit.attempt + 1))
    return out


def _outcome(future: Future) -> list[ParsedFile] | None:
    """The results of a finished future, None if they were lost (waits: a broken pool ends all its futures)."""
    try:
        return future.result()
    except Exception:
        return None


def _run_in_pool(tasks: list[_Task], count: int) -> Iterator[list[ParsedFile]]:
    """Every task's result, in task order, parsed by `count` worker processes, as the lists workers send back.

    When a worker dies (a crash in a parser, the out-of-memory killer) the pool loses every
    unfinished task. They are sent again to a new pool one file at a time, and a file lost twice
    is run alone: only a file that crashes its own process is reported, the rest go on.
    """
    detector = tasks[0].detector if tasks else "lingua"
    slots = threading.Semaphore(count * IN_FLIGHT_PER_WORKER)  # units sent and unfinished
    wake = threading.Event()
    pending: deque[_Unit] = deque()  # in task order, not yet yielded
    todo = _chunks(tasks, max(1, min(CHUNK, len(tasks) // (count * 4))))
    isolation = _Isolation(detector)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=count, initializer=_worker_init, initargs=(detector, os.getpid()))

    # (allow_none: asking must not fix the start method for the rest of the program; the default comes first)
    if (multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]) == "fork":
        # Forked workers inherit what this process has loaded: readers, taxonomy and thesaurus tables and
        # the statistical language model (about 1 s of CPU) are loaded once here instead of once per worker,
        # and not again for a later batch of this process. Nearly every batch of Latin-script text has
        # some short text that only the model can place.
        _worker_start(detector)
        _load_language_model(detector)

    def on_done(_future: Future) -> None:
        slots.release()
        wake.set()

    def start(unit: _Unit) -> None:
        """Send a unit to the pool; its slot is already taken."""
        try:
            unit.future = pool.submit(_run_chunk, unit.tasks)
        except BrokenProcessPool as exc:  # broke since the last look: lost with the others
            unit.future = Future()
            unit.future.set_exception(exc)
        unit.future.add_done_callback(on_done)

    def fill(resend: bool) -> None:
        """Keep every worker busy: units lost in a crash first, then new ones."""
        if resend:
            for unit in pending:
                if unit.future is not None:
                    continue
                if unit.attempt >= 2:
                    unit.future = _done([isolation.run(t) for t in unit.tasks])
                elif slots.acquire(blocking=False):
                    start(unit)
                else:
                    return
        while slots.acquire(blocking=False):
            chunk = next(todo, None)
            if chunk is None:
                slots.release()
                return
            pending.append(_Unit(chunk))
            start(pending[-1])

    pool = new_pool()
    resend = False
    try:
        while True:
            wake.clear()
            fill(resend)
            resend = any(unit.future is None for unit in pending) if resend else False
            if not pending:
                return
            head = pending[0]
            if head.future is None or not head.future.done():
                wake.wait(1.0)
                continue
            try:
                results = _unpack(head.future.result())
            except BrokenProcessPool:
                # Waiting is quick (a broken pool has ended its processes) and needed: Python 3.11 races
                # at exit with a pool still closing, and prints an ignored exception.
                pool.shutdown()
                pool = new_pool()
                pending = deque(_after_crash(pending))
                resend = True
                continue
            except Exception as exc:  # e.g. a result that could not be sent back
                results = [_failed(task, exc) for task in head.tasks]
            pending.popleft()
            yield results
    finally:
        pool.shutdown(cancel_futures=True)
        isolation.close()


def _parse_all(
    files: list[tuple[Path, Path]], detector: str, workers: int | None, time_limit: float | None = None,
    memory_mb: int | None = MEMORY_LIMIT_MB, follow_links: bool = False,
) -> Iterator[list[ParsedFile]]:
    """Every file parsed, in order, in runs: each run holds the files whose parsing ended together."""
    count, parts = _plan(files, workers)
    tasks = [
        _Task(str(f), str(root), detector, k, n, _time_limit_for(f, time_limit), memory_mb, follow_links)
        for (f, root), n in zip(files, parts, strict=True)
        for k in range(n)
    ]
    # In this process a crashing parser would end the batch; small batches take that risk to
    # save the start-up of worker processes.
    results = ([t.run()] for t in tasks) if count <= 1 else _run_in_pool(tasks, count)
    sizes = iter(parts)
    need = next(sizes, None)
    done: list[ParsedFile] = []  # parts of files not complete yet
    try:
        for unit in results:
            done.extend(unit)
            ready = []
            while need is not None and len(done) >= need:
                ready.append(_merge(done[:need]))
                del done[:need]
                need = next(sizes, None)
            if ready:
                yield ready
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


# -- the batch --------------------------------------------------------------------

def _keep_aside(outcome: FileOutcome, directory: Path) -> None:
    """Quarantine a rejected file; a quarantine that fails is a warning, never the end of the batch."""
    try:
        kept = quarantine(Path(outcome.path), outcome.reason, directory)
    except OSError as exc:
        outcome.warnings.append(f"could not be kept aside in {directory}: {exc.strerror or exc}")
        return
    outcome.quarantined = shown(kept.copy or kept.report)
    if kept.copy_error:
        outcome.warnings.append(f"{kept.copy_error}; only the report was written, {kept.report}")


# -- writing to the store ------------------------------------------------------------


def _disambiguated(doc_id: str, source: str) -> str:
    """The id for a derived id that another file already uses: stable, as it depends only on the path."""
    return normalise_id(f"{doc_id}-{hashlib.sha256(source.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}")[0]


def _rename(record: DocumentRecord, new_id: str) -> None:
    """Give a built record another id, with the provision ids (and their classifications) that derive from it."""
    prefix = record.id + "/"

    def moved(provision_id: str | None) -> str | None:
        if provision_id and provision_id.startswith(prefix):
            return new_id + "/" + provision_id[len(prefix):]
        return provision_id

    for p in record.provisions:
        p.id = moved(p.id) or ""
    for c in record.classifications:
        c.provision_id = moved(c.provision_id)
    record.id = new_id


def _owner(store: Store, doc_id: str) -> str | None:
    """The source file of the stored document `doc_id`: None if there is none, "" if it came from no file."""
    if not store.has_document(doc_id):
        return None
    return store.get_document(doc_id).source_file or ""


@dataclass
class _Claim:
    """What writing a record under its id means for the documents of other files."""

    note: str = ""  # said in the report when the record is written
    conflict: str = ""  # non-empty: the record must not be written


def _claim_id(store: Store, record: DocumentRecord, parsed: ParsedFile, before: dict[str, str]) -> _Claim:
    """Make sure a record never takes another live file's document; rename or note what happens.

    A derived id (from the file name) that another file uses gets a suffix hashed from this
    file's path; an editor's id that another existing file uses is a conflict; an id whose old
    file is gone moves to this file.
    """
    derived = record.id in parsed.derived_ids
    if derived and record.id not in before and _disambiguated(record.id, parsed.path) in before:
        _rename(record, _disambiguated(record.id, parsed.path))  # as in an earlier batch
    if record.id in before:
        return _Claim()
    owner = _owner(store, record.id)
    if owner is None or owner == parsed.path:
        return _Claim()
    if owner and not os.path.lexists(owner):
        return _Claim(note=f"{record.id}: moved here from {owner}, which no longer exists")
    where = f"{owner}, which still exists" if owner else "a document not read from a file"
    if derived:
        taken = record.id
        _rename(record, _disambiguated(taken, parsed.path))
        if _owner(store, record.id) not in (None, parsed.path):
            return _Claim(conflict=f"ids {taken!r} and {record.id!r} are both used by other files")
        return _Claim(note=f"id {taken!r} (from the file name) is already used by {where}; stored as {record.id!r}")
    return _Claim(
        conflict=f"id {record.id!r} of {parsed.path} already belongs to {where}; "
        "give one of them another id in its sidecar"
    )


def store_parsed(store: Store, parsed: ParsedFile) -> FileOutcome:
    """Write one parsed file's records and drop the documents the file no longer holds, in one transaction.

    (A savepoint when a transaction is open: then it commits with that.) A document of another
    existing file is never replaced: such a record is skipped with a warning, and a file none of
    whose records could be written for that reason is rejected.
    """
    with store.transaction():
        return _store_parsed(store, parsed)


def _store_parsed(store: Store, parsed: ParsedFile) -> FileOutcome:
    outcome = FileOutcome(path=parsed.path, status="ingested", warnings=list(parsed.warnings))
    before = store.ids_for_source(parsed.path)
    kept: set[str] = set()
    conflicts: list[str] = []
    for record in parsed.records:
        claim = _claim_id(store, record, parsed, before)
        if record.id not in before:
            other = store.find_by_hash(record.content_hash)
            if other:
                outcome.duplicates.append(f"{record.id} duplicates {other}")
                continue
        if claim.conflict:
            conflicts.append(claim.conflict)
            continue
        kept.add(record.id)
        status = store.put_document(record)
        if status == "added":
            outcome.added.append(record.id)
        elif status == "replaced":
            outcome.replaced.append(record.id)
        else:
            outcome.unchanged += 1
        if claim.note and status != "unchanged":
            outcome.warnings.append(claim.note)
    if conflicts and not kept:
        # Nothing of this file could be written: a rejection, and its earlier documents stay as they are.
        outcome.status = "rejected"
        outcome.reason = conflicts[0] + (f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else "")
        store.log_ingest(parsed.path, "rejected", None, outcome.reason[:2000])
        return outcome
    outcome.warnings.extend(f"record skipped: {c}" for c in conflicts)
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
    time_limit: float | None = None,
    memory_mb: int | None = MEMORY_LIMIT_MB,
    follow_links: bool = False,
) -> BatchReport:
    """Ingest files and folders into the store and return what happened to each file.

    Parsing runs in worker processes when the batch is large; writing stays in this process,
    each file all or nothing, one commit per run of files a worker sends back. `progress` None
    shows a bar only on a terminal. A file may take `time_limit` seconds to parse (None:
    TIME_LIMIT_S plus TIME_LIMIT_PER_MB_S per MB; 0: no limit) or `memory_mb` MB of memory (None or
    0: no limit) before it is rejected. A symbolic link out of a folder being ingested is read only
    with `follow_links`.
    """
    files = collect_files(paths)
    report = BatchReport()
    files, unnamed = _split_unnameable(files)
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest", file=sys.stderr)
    try:
        for run in itertools.chain(unnamed, _parse_all(files, detector, workers, time_limit, memory_mb, follow_links)):
            # The files a worker sent back together are written in one transaction (one file each
            # a savepoint): a commit per document would cost more than the writing. Nothing waits
            # for a worker while the transaction is open, and a file is reported once committed.
            outcomes = []
            with store.transaction():
                for parsed in run:
                    if parsed.error:
                        outcome = FileOutcome(path=parsed.path, status="rejected", reason=parsed.error,
                                              warnings=list(parsed.warnings))
                        store.log_ingest(shown(parsed.path), "rejected", None, parsed.error)
                    else:
                        outcome = store_parsed(store, parsed)
                    outcomes.append(outcome)
            for outcome in outcomes:
                if outcome.status == "rejected" and quarantine_dir is not None:
                    _keep_aside(outcome, quarantine_dir)
                outcome.path = shown(outcome.path)
                report.files.append(outcome)
                if on_file:
                    on_file(outcome)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report
