"""A reader that blocks: the test, not the machine's speed, decides how long a file takes to parse.

A file whose name starts with BLOCKS waits, before it is read, until the file named by the
environment variable RELEASE exists (forever when it is not set), so that only a time limit,
a killed process or the test itself ends the wait. While it waits, '<RELEASE>.waiting' holds
the id of the process that waits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BLOCKS = "zz-blocks"
RELEASE = "SHERLOC_TEST_RELEASE"
REPO = Path(__file__).resolve().parents[2]


def blocking(read: Callable) -> Callable:
    """`read` (ingest.readers._read) made to wait on the files named BLOCKS*."""

    def blocking_read(path: Path, kind: str):
        if Path(path).name.startswith(BLOCKS):
            if os.environ.get(RELEASE):  # written whole (renamed into place): a reader never sees it half done
                Path(os.environ[RELEASE] + ".tmp").write_text(str(os.getpid()))
                os.replace(os.environ[RELEASE] + ".tmp", os.environ[RELEASE] + ".waiting")
            while not (os.environ.get(RELEASE) and os.path.exists(os.environ[RELEASE])):
                time.sleep(0.01)  # the wait is for an event: the release file, a signal, a kill
        return read(path, kind)

    return blocking_read


def install() -> None:
    """Make this process (and the workers it forks) read BLOCKS* files with a blocking reader."""
    import ingest.readers

    ingest.readers._read = blocking(ingest.readers._read)


def sherloc(args: list[str], env: dict | None = None) -> subprocess.Popen:
    """`sherloc <args>` in a new process whose readers block on BLOCKS* files."""
    code = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from tests.ingest.blocking import install; install(); "
            "from search_app.cli import main; main()")
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})})


def blocked_pid(proc: subprocess.Popen, release: Path, seconds: float = 120) -> int:
    """The id of the process of `proc`'s batch that waits in the blocking reader (waits until one does)."""
    deadline = time.monotonic() + seconds
    waiting = Path(f"{release}.waiting")
    while not waiting.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, proc.communicate()
    return int(waiting.read_text())
