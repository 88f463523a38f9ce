"""Uploads from the editors' area: keep the file under a generated name, judge its type by its bytes,
and parse it in a separate process, so a hostile file costs that process and never the server.

The stored file is `<uploads>/<draft id><ext>`: the draft id is random and the extension follows
what sniffing found, so nothing the client sent becomes part of a path. The client's file name is
kept only as text to show (`display_name`). The editor's details go into a sidecar beside the
file (`<file>.meta.json`, the same sidecar a batch ingest reads), so a parse applies them with the
pipeline's own rules: an editor's type, for instance, changes how provisions are split.

Parsing runs `ingest.pipeline.parse_file` (with its own time and memory limits) in a pebble
process pool of one spawned worker; a parse that outlives its limit plus a grace period is killed
by pebble, and a worker that dies is replaced. Either way the draft gets a reason, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from index.drafts import parsed_dict
from index.ids import normalise_id
from ingest.errors import RejectedFile
from ingest.limits import MEMORY_LIMIT_MB
from ingest.pipeline import SIDECAR_SUFFIX, TIME_LIMIT_PER_MB_S, TIME_LIMIT_S
from ingest.sniff import sniff

EXTENSIONS = {"pdf": ".pdf", "html": ".html", "json": ".json", "jsonl": ".jsonl", "text": ".txt"}
# Seconds past its own time limit before a parse's process is killed (a parser stuck in C ignores the alarm).
KILL_GRACE_S = 30.0
DETECTOR = "lingua"
_COPY_CHUNK = 1 << 20
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class TooLarge(RejectedFile):
    """An upload over the size limit."""


@dataclass(frozen=True)
class StoredUpload:
    """A received file: where it is kept and what it holds."""

    name: str  # the generated file name under the uploads folder
    size: int
    kind: str  # pdf | html | json | jsonl | text


def display_name(client_name: str | None) -> str:
    """The client's file name as text to show: its last path part, without control or direction characters."""
    name = re.split(r"[\\/]", client_name or "")[-1]
    name = _UNSAFE_NAME.sub("", unicodedata.normalize("NFC", name)).strip()
    return name[:200] or "upload"


def stem(name: str) -> str:
    """A file name without its extension."""
    return name.rsplit(".", 1)[0] if "." in name.strip(".") else name


def suggested_id(name: str, taken: Callable[[str], bool]) -> str:
    """A document id from a file name (its stem, as an id may be written), with -2, -3 ... when taken."""
    base = normalise_id(re.sub(r"\s+", "-", stem(name).strip()))[0].strip("/").replace("/", "-")[:120] or "upload"
    candidate, n = base, 2
    while taken(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def receive(stream: BinaryIO, folder: Path, stem: str, max_bytes: int, shown: str) -> StoredUpload:
    """Copy an upload into `folder` as `<stem><ext>` and sniff it; RejectedFile (naming `shown`) if it is too
    large or not a document, and then nothing is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{stem}.part"
    size = 0
    try:
        with partial.open("xb") as out:
            while chunk := stream.read(_COPY_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(shown, f"larger than the limit of {max_bytes / 1_000_000:g} MB")
                out.write(chunk)
        try:
            kind = sniff(partial)
        except RejectedFile as exc:
            raise RejectedFile(shown, exc.reason) from None
        final = folder / f"{stem}{EXTENSIONS[kind]}"
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return StoredUpload(final.name, size, kind)


def sidecar_path(file: Path) -> Path:
    """Where the editor's details for a stored upload are written."""
    return file.with_name(file.name + SIDECAR_SUFFIX)


def write_sidecar(file: Path, document_id: str, details: dict) -> None:
    """The id and the editor's document-level details, as the pipeline reads a sidecar (written whole)."""
    side: dict = {"id": document_id}
    for key in ("title", "type", "country", "date", "source_url"):
        if details.get(key):
            side[key] = details[key]
    if details.get("in_force"):
        side["dates"] = {"in_force": details["in_force"]}
    if details.get("languages"):
        side["language"] = details["languages"][0]
    tmp = file.with_name(f".{file.name}.meta.tmp")
    tmp.write_text(json.dumps(side, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, sidecar_path(file))


def remove(file: Path) -> None:
    """Delete a stored upload and its sidecar (a discarded draft)."""
    for path in (file, sidecar_path(file)):
        path.unlink(missing_ok=True)


def time_limit_for(size: int, configured: float | None) -> float:
    """Seconds a parse may take: the configured limit, else the pipeline's default for a file of this size."""
    return configured if configured else TIME_LIMIT_S + TIME_LIMIT_PER_MB_S * size / 1_000_000


# -- parsing in a process of its own ---------------------------------------------------


def _worker_init(parent: int) -> None:
    """A parse worker: dies with the server and is a worker for ingest.limits (memory limits apply);
    readers and the language detector load now, so the time limit times parsing, not start-up."""
    from ingest.language import get_detector
    from ingest.limits import die_with_parent
    from ingest.readers import load_readers

    die_with_parent(parent)
    try:
        load_readers()
        get_detector(DETECTOR)
    except Exception:  # noqa: BLE001 - the parse meets the same problem and reports it
        pass


def _parse(path: str, root: str, time_limit: float, memory_mb: int | None, title: str) -> tuple[dict | None, str]:
    """(what a draft keeps of the parse, "") or (None, the reason it failed). Runs in the worker.

    A document that names no title gets `title` (from the client's file name), not the generated file name.
    """
    from ingest.pipeline import parse_file

    parsed = parse_file(path, root, DETECTOR, time_limit=time_limit, memory_mb=memory_mb)
    if parsed.error:
        return None, parsed.error
    for record in parsed.records:
        if record.title == Path(path).stem:
            record.title = title
    warnings = parsed.warnings
    if len(parsed.records) > 1:  # the id sidecar is for single documents; records files keep their own ids
        warnings = [w for w in warnings if not w.startswith("sidecar ")]
    return parsed_dict(parsed.records, warnings, parsed.pages), ""


def failure_reason(exc: BaseException, time_limit: float, memory_mb: int | None) -> str:
    """Why a parse's process gave no result, in words."""
    from pebble import ProcessExpired

    if isinstance(exc, FutureTimeout):
        return f"took longer than {time_limit + KILL_GRACE_S:g} s to read; the parser was stopped"
    if isinstance(exc, ProcessExpired):
        memory = f"; it may have needed more than {memory_mb} MB of memory" if memory_mb else ""
        return f"the parser crashed (its process ended abruptly){memory}"
    return f"unexpected {type(exc).__name__}: {str(exc)[:200]}"


class UploadParser:
    """One worker process parsing uploads, one at a time, each with time and memory limits. Thread-safe."""

    def __init__(self, memory_mb: int | None = MEMORY_LIMIT_MB) -> None:
        self.memory_mb = memory_mb
        self._pool = None
        self._lock = threading.Lock()

    def _get_pool(self):
        import multiprocessing

        from pebble import ProcessPool

        with self._lock:
            if self._pool is None or not self._pool.active:
                # spawned, not forked: the server has threads, and a forked copy could inherit a held lock
                self._pool = ProcessPool(max_workers=1, initializer=_worker_init, initargs=(os.getpid(),),
                                         context=multiprocessing.get_context("spawn"))
            return self._pool

    def parse(self, file: Path, title: str, time_limit: float, done: Callable[[dict | None, str], None]) -> Future:
        """Parse `file` in the worker (`title` for a document that names none); `done(parsed, error)` is
        called (in another thread) when it ends."""
        future = self._get_pool().schedule(
            _parse, args=(str(file), str(file.parent), time_limit, self.memory_mb, title),
            timeout=time_limit + KILL_GRACE_S,
        )

        def finished(f: Future) -> None:
            try:
                parsed, error = f.result()
            except BaseException as exc:  # noqa: BLE001 - every way a parse can end becomes the draft's reason
                parsed, error = None, failure_reason(exc, time_limit, self.memory_mb)
            done(parsed, error)

        future.add_done_callback(finished)
        return future

    def close(self) -> None:
        """Stop the worker (a parse in progress is abandoned; its draft is parsed again at the next start)."""
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join(timeout=5)
                self._pool = None
