"""Web benchmark: server-side time of the search page and of /api/search (median, p95).

    .venv/bin/python bench/web_bench.py                  # bundled corpus + all of legal-sources
    .venv/bin/python bench/web_bench.py --limit 3000     # cap the legal-sources records read
    .venv/bin/python bench/web_bench.py --no-legal       # bundled corpus only
    .venv/bin/python bench/web_bench.py --home /tmp/h    # build into /tmp/h once, reuse it next time

Builds a temporary home (bundled corpus through the editors' path, then
../shared/data/legal-sources/dev.jsonl.gz when present, read with bench/search_bench.py's
loader), indexes it with the default engine, and times requests through the WSGI app
in-process (Flask's test client: routing, search, facets, template rendering, JSON
encoding; no network). Each query runs as a page and as an API call, in several states
(plain, filtered, sorted by date, page 2, collapsed), after one warm-up round.
Targets: page median <= 50 ms, /api/search median <= 30 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.home import Home  # noqa: E402
from index.store import Store  # noqa: E402
from index.sync import rebuild  # noqa: E402

LEGAL = ROOT / ".." / "shared" / "data" / "legal-sources" / "dev.jsonl.gz"
TARGET_PAGE_MS = 50.0
TARGET_API_MS = 30.0

QUERIES = [
    "extradition", "money laundering", '"mutual legal assistance"', "corruption of public officials",
    "trafficking in persons", "confiscation proceeds", "выдача", "отмывание денег", "تسليم المجرمين",
    "الاتجار بالأشخاص", "引渡", "洗钱", "blanchiment", "tráfico ilícito de migrantes", "cybercrime",
    "firearms", "witness protection", "launder*", "extradtion", "court:supreme", "",
]
STATES = [
    {},
    {"type": ["legislation"]},
    {"type": ["case"], "sort": ["date"]},
    {"crime": ["money-laundering"]},
    {"issue": ["international-cooperation"]},
    {"page": ["2"]},
    {"collapse": ["1"]},
    {"lang": ["en"], "same_lang": ["1"]},
]


def _load_legal(limit: int | None) -> list:
    spec = importlib.util.spec_from_file_location("search_bench", ROOT / "bench" / "search_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_records(limit)


def build_home(root: Path, *, legal: bool, limit: int | None) -> tuple[Home, dict]:
    """A home with the bundled corpus and (optionally) legal-sources, indexed."""
    home = Home(root)
    store = Store(home.store_path)
    info: dict = {}
    t0 = time.perf_counter()
    try:
        from ingest.bundled import load_bundled_corpus

        report = load_bundled_corpus(store, home, progress=False)
        info["bundled_rejected"] = len(report.rejected)
    except Exception as exc:  # the bench still measures legal-sources alone
        print(f"bundled corpus not loaded: {exc}", file=sys.stderr)
    if legal:
        if LEGAL.exists():
            for doc in _load_legal(limit):
                store.put_document(doc)
        else:
            print(f"{LEGAL} absent: bundled corpus only", file=sys.stderr)
    info["load_s"] = round(time.perf_counter() - t0, 1)
    info.update(store.counts())
    t0 = time.perf_counter()
    rebuild(store, home)
    info["index_s"] = round(time.perf_counter() - t0, 1)
    store.close()
    return home, info


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_requests(client, path: str, cases: list[dict]) -> list[float]:
    """Milliseconds per request (status 200 required)."""
    out = []
    for params in cases:
        t0 = time.perf_counter()
        r = client.get(path, query_string=params)
        body = r.get_data()
        out.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200 or not body:
            raise SystemExit(f"{path} {params}: HTTP {r.status_code}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="read at most N legal-sources records")
    parser.add_argument("--no-legal", action="store_true", help="bundled corpus only")
    parser.add_argument("--home", help="keep the built home here and reuse it when it already has a store")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over every query and state")
    args = parser.parse_args(argv)

    from search_app import create_app

    with tempfile.TemporaryDirectory(prefix="sherloc-web-bench-") as tmp:
        root = Path(args.home) if args.home else Path(tmp)
        if args.home and Home(root).store_path.exists():
            home = Home(root)
            info = Store(home.store_path).counts()
        else:
            root.mkdir(parents=True, exist_ok=True)
            home, info = build_home(root, legal=not args.no_legal, limit=args.limit)
        print(f"corpus: {info.get('documents')} documents, {info.get('provisions')} provisions "
              f"(load {info.get('load_s', '-')} s, index {info.get('index_s', '-')} s)")
        app = create_app({"SHERLOC_HOME": str(home.root)})
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        cases = [{**({"q": [q]} if q else {}), **state} for q in QUERIES for state in STATES]
        time_requests(client, "/", cases)  # warm-up: open the index, fill caches
        time_requests(client, "/api/search", cases)
        page, api, took = [], [], []
        for _ in range(args.rounds):
            for params in cases:  # interleaved, so a busy machine slows both alike
                page += time_requests(client, "/", [params])
                api += time_requests(client, "/api/search", [params])
                took.append(client.get("/api/search", query_string=params).get_json()["took_ms"])
        print(f"{len(cases)} searches x {args.rounds} rounds")
        print(f"{'endpoint':<16}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}{'target':>10}  ok")
        for name, values, target in (("search page", page, TARGET_PAGE_MS), ("/api/search", api, TARGET_API_MS)):
            median = statistics.median(values)
            print(f"{name:<16}{median:>10.1f}{_pct(values, 0.95):>10.1f}{max(values):>10.1f}{target:>10.0f}  "
                  f"{'yes' if median <= target else 'NO'}")
        # The search service's own time (index.search took_ms): what is left is the web layer's.
        print(f"{'(search service)':<16}{statistics.median(took):>10.1f}{_pct(took, 0.95):>10.1f}{max(took):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
