"""Which files a batch reads, and the editor's sidecar metadata that travels with each."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from index.errors import SherlocError
from ingest.errors import RejectedFile
from ingest.quarantine import shown

SIDECAR_SUFFIX = ".meta.json"


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
            out.extend(_walk(p.resolve()))
        elif not is_sidecar(p):
            out.append((p.resolve(), p.resolve().parent))
    return out


def _walk(root: Path) -> Iterable[tuple[Path, Path]]:
    """The document files of a folder, sorted, skipping hidden and private folders, sidecars and notes."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for name in sorted(filenames):
            f = Path(dirpath) / name
            if not name.startswith(".") and not is_sidecar(f) and name not in ("README.md", "LICENSE"):
                yield f, root


def split_unnameable(files: list[tuple[Path, Path]]) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """(files whose path is valid UTF-8, (path, reason) for each of the others).

    The store, the reports and the JSON output keep paths as text, so such a file cannot be
    ingested under its name; it is rejected with the reason and the batch goes on.
    """
    good, bad = [], []
    for f, root in files:
        if shown(f) == str(f):
            good.append((f, root))
        else:
            bad.append((str(f), f"the file name is not valid UTF-8 ({shown(f.name)}); rename the file to ingest it"))
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
