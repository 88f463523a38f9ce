"""One entry point for every file format: sniff the bytes, pick the reader, never leak a traceback.

`read_file_with_warnings` is what the pipeline calls; `read_file` is the same without
the per-record problems of record files.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import RejectedFile
from ingest.model import ParsedDocument
from ingest.sniff import is_sidecar, sniff

NO_TEXT = "no text could be extracted (scanned PDF without a text layer?)"


def _read(path: Path, kind: str) -> tuple[list[ParsedDocument], list[str]]:
    if kind == "pdf":
        from ingest.pdf import read_pdf

        return read_pdf(path), []
    if kind == "html":
        from ingest.html import read_html

        return read_html(path), []
    if kind in ("json", "jsonl"):
        from ingest.records import read_records_with_errors

        return read_records_with_errors(path, kind)
    from ingest.text import read_text

    return read_text(path), []


def load_readers() -> None:
    """Import every reader and let BeautifulSoup build its tables, as the first file of each kind would.

    A process that forks parsing workers pays for it once, before they start, and not once in every
    worker and every batch.
    """
    import ingest.pdf  # noqa: F401
    import ingest.records  # noqa: F401
    import ingest.text  # noqa: F401
    from ingest.html import parse_html

    parse_html("<!doctype html><html lang='en'><body><main><h1>Law &amp; order</h1><p>Text.</p></main></body></html>")


def read_file_with_warnings(path: Path) -> tuple[list[ParsedDocument], list[str]]:
    """Read any supported file: (documents, warnings about skipped records).

    Raises RejectedFile (naming the file and the reason) for anything unreadable:
    binary or empty files, encrypted or broken PDFs, invalid JSON, documents without text.
    """
    path = Path(path)
    if is_sidecar(path):
        raise RejectedFile(path, "sidecar metadata (*.meta.json), not a document")
    kind = sniff(path)
    try:
        docs, warnings = _read(path, kind)
    except RejectedFile:
        raise
    except MemoryError:
        raise  # the caller knows the memory allowance and names it
    except RecursionError:
        raise RejectedFile(path, f"{kind} structure nested too deeply to read") from None
    except Exception as exc:  # any parser failure is a property of the file, reported as such
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise RejectedFile(path, f"cannot be read as {kind.upper()} ({detail})") from exc
    kept = [d for d in docs if any(b.text.strip() for b in d.blocks)]
    if not kept:
        raise RejectedFile(path, NO_TEXT if kind == "pdf" else "no text could be extracted")
    return kept, warnings


def read_file(path: Path) -> list[ParsedDocument]:
    """Read any supported file into its documents (see read_file_with_warnings)."""
    return read_file_with_warnings(path)[0]
