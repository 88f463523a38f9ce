"""kill -9 of a real server in the middle of publishing: the document is published in full or not at all.

A real `sherloc serve` (waitress) process is made to wait at a known point of publishing (the test-only
SHERLOC_TEST_PUBLISH_PAUSE of ingest.publish), killed there with SIGKILL, and started again: the store,
the draft and what search finds must agree.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from index import audit, drafts
from index.home import Home
from index.store import Store
from ingest.publish import PAUSE_ENV
from search_app.editors import create_editor
from tests.search_app.conftest import sample_documents
from tests.search_app.test_admin import PASSWORD
from tests.search_app.upload_helpers import LAW_TEXT, wait_ready


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(home: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "search_app.cli", "--home", str(home), "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SHERLOC_ENGINE": "tantivy", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"sherloc serve exited with {proc.returncode}: {proc.stderr.read()}")
        try:
            requests.get(base + "/help", timeout=2)
            return proc, base
        except requests.ConnectionError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("sherloc serve did not answer within 120 s")


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


def _token(html: str, prefix: str = "") -> str:
    return re.search(rf'name="{re.escape(prefix)}csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _signed_in(base: str) -> requests.Session:
    s = requests.Session()
    page = s.get(base + "/admin/login").text
    r = s.post(base + "/admin/login", data={"csrf_token": _token(page), "username": "alice", "password": PASSWORD})
    assert r.ok and "/admin/login" not in r.url
    return s


def _found(base: str, word: str) -> list[str]:
    r = requests.get(base + "/api/search", params={"q": word, "mode": "lexical"}, timeout=30)
    return sorted({hit["document_id"] for hit in r.json()["hits"]})


@pytest.mark.parametrize("stage", ["in-transaction", "after-commit"])
def test_killing_the_server_while_publishing_leaves_it_all_or_nothing(tmp_path, stage):
    home = Home(tmp_path / "home")
    home.root.mkdir()
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    create_editor(store, "alice", PASSWORD)
    marker = tmp_path / "paused"
    proc, base = _serve(home.root, {PAUSE_ENV: f"{stage}:{marker}"})
    try:
        session = _signed_in(base)
        page = session.get(base + "/admin/upload").text
        r = session.post(base + "/admin/upload", data={"csrf_token": _token(page)},
                         files={"files": ("smuggling-law.txt", LAW_TEXT.encode(), "text/plain")})
        draft_id = re.search(r"/admin/drafts/([0-9a-f]+)$", r.url).group(1)
        assert wait_ready(store, draft_id).status == "ready"
        page = session.get(f"{base}/admin/drafts/{draft_id}").text

        def press_publish() -> None:
            with contextlib.suppress(requests.ConnectionError):  # the server dies before it answers
                session.post(f"{base}/admin/drafts/{draft_id}/publish",
                             data={"publish-csrf_token": _token(page, "publish-")})

        threading.Thread(target=press_publish, daemon=True).start()
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "publishing never reached the pause"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()

    published = stage == "after-commit"
    assert store.has_document("smuggling-law") is published
    assert (drafts.get(store.conn, draft_id) is None) is published  # the draft stays until it is published
    assert len(audit.entries(store.conn, action="document.publish")) == int(published)

    proc, base = _serve(home.root)
    try:
        # the restarted server's index catches up from the change log: found exactly when stored
        assert _found(base, "zanzibarite") == (["smuggling-law"] if published else [])
        if not published:  # the draft is still there and publishes now
            session = _signed_in(base)
            page = session.get(f"{base}/admin/drafts/{draft_id}").text
            r = session.post(f"{base}/admin/drafts/{draft_id}/publish",
                             data={"publish-csrf_token": _token(page, "publish-")})
            assert r.ok and r.url.endswith("/documents/smuggling-law")
            assert _found(base, "zanzibarite") == ["smuggling-law"]
        assert len(store.get_document("smuggling-law").provisions) == 3
    finally:
        _stop(proc)
        store.close()
