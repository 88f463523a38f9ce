"""Nothing of a draft is on disk after an anonymous use, checked on a real `sherloc serve` (waitress) process:
its home folder and its own temporary directory, before and after, and every answer Cache-Control: no-store."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from index.store import Store
from index.treaties import load_bundled
from tests.search_app.test_demo_server import _free_port, _stop
from tests.search_app.test_request_draft_api import _contents_hold as _holding
from tests.search_app.test_request_draft_api import _files

MARK = "marqueur-serveur-93d1"
FACTS = f"Saisie de 40 kg au port de Santos, {MARK}"


def _serve(home: Path, tmp: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "search_app.cli", "--home", str(home), "serve", "--port", str(port)]
    env = {**os.environ, "TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp)}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def _wait(proc: subprocess.Popen, url: str, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"sherloc serve exited: {proc.stdout.read()}"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"sherloc serve did not answer at {url}")


def _call(opener, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_an_anonymous_draft_leaves_nothing_on_the_server(tmp_path):
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    store = Store(home / "store.db")
    load_bundled(store)
    store.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _serve(home, tmp, port)
    output = ""
    try:
        _wait(proc, base + "/requests/draft")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        status, headers, body = _call(opener, base + "/requests/draft?requesting=FRA&requested=BRA"
                                                     "&assistance=evidence&offence=drug-offences")
        assert status == 200 and headers["Cache-Control"] == "no-store"
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body.decode()).group(1)
        home_before, tmp_before = _files(home), _files(tmp)

        answers = []
        form = {"csrf_token": token, "requesting": "FRA", "requested": "BRA", "assistance": "evidence",
                "date": "2024-05-01", "offence": "drug-offences", "v_facts": FACTS, "language": "ar"}
        for action in ("draft", "docx", "save"):
            data = urllib.parse.urlencode({**form, "action": action}).encode()
            answers.append((action, *_call(opener, base + "/requests/draft", data)))
        api = json.dumps({"requesting": "FRA", "requested": "BRA", "assistance": "preservation",
                          "values": {"facts": FACTS, "identifiers": "203.0.113.7"}}).encode()
        for fmt in ("json", "html", "docx"):
            answers.append((f"api-{fmt}", *_call(opener, f"{base}/api/requests/draft?format={fmt}", api,
                                        {"Content-Type": "application/json"})))
        statuses = {what: status for what, status, _h, _b in answers}
        assert statuses == {"draft": 200, "docx": 200, "save": 401, "api-json": 200, "api-html": 200,
                            "api-docx": 200}
        assert all(h["Cache-Control"] == "no-store" for _w, _s, h, _b in answers)
        page = dict((w, b) for w, _s, _h, b in answers)
        assert 'lang="ar" dir="rtl"' in page["draft"].decode() and FACTS in page["draft"].decode()
        assert page["docx"][:2] == page["api-docx"][:2] == b"PK" and page["api-html"].startswith(b"<!doctype html>")

        # the home: no new file but SQLite's own -wal/-shm, and no file holds the facts; the temp dir untouched
        home_after = _files(home)
        assert set(home_after) - set(home_before) <= {p for p in home_after if p.endswith(("-wal", "-shm"))}
        assert _holding(home, MARK.encode()) == [] and _holding(home, MARK.encode("utf-16-le")) == []
        assert _files(tmp) == tmp_before
    finally:
        output = _stop(proc)
    assert MARK not in output  # nor in the server's log
