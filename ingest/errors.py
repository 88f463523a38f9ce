"""Errors the ingest readers raise for files they cannot read."""

from __future__ import annotations

from pathlib import Path

from index.errors import SherlocError


class RejectedFile(SherlocError):
    """A file that is not a readable document; the message names the file and why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
