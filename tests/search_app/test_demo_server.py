"""`sherloc demo` as a user runs it: a real process, waitress, HTTP on a free port, the bundled corpus."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

# One query per UN language, each a word of its own language for a notion the corpus treats.
QUERIES = {
    "en": "extradition",
    "fr": "blanchiment",
    "es": "extradición",
    "ru": "выдача",
    "ar": "تسليم المجرمين",
    "zh": "引渡",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(home: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "search_app.cli", "--home", str(home), "demo", "--port", str(port)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "SHERLOC_ENGINE": "tantivy"})


def _wait(proc: subprocess.Popen, base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"sherloc demo exited with {proc.returncode}: {proc.stdout.read()}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"sherloc demo did not answer at {base} within {seconds} s")


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def _search(base: str, q: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/search?{urllib.parse.urlencode({'q': q})}", timeout=30) as r:
        return json.load(r)


def test_demo_serves_the_bundled_corpus_in_six_languages(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(tmp_path / "home", port)
    try:
        _wait(proc, base)
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            # waitress names itself by the ident `sherloc serve` gives it; Flask's development
            # server would say "Werkzeug/...".
            assert r.headers.get("Server") == "sherloc-search"
            assert "SAMPLE DATA" in r.read().decode()
        for lang, q in QUERIES.items():
            data = _search(base, q)
            assert data["total"] > 0, (lang, q)
            # The query's own language leads: the first page has provisions written in it.
            assert lang in {h["language"] for h in data["hits"]}, (lang, q)
    finally:
        first_run = _stop(proc)
    assert "loading the bundled sample corpus" in first_run

    # A second start on the same home reuses the store: nothing is loaded again.
    proc = _start(tmp_path / "home", port)
    try:
        _wait(proc, base)
        assert _search(base, "extradition")["total"] > 0
    finally:
        second_run = _stop(proc)
    assert "loading the bundled sample corpus" not in second_run
