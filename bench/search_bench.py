"""Search benchmark: build time, index size, peak memory and query latency per engine.

    .venv/bin/python bench/search_bench.py                      # 1x, tantivy and whoosh
    .venv/bin/python bench/search_bench.py --scale 1,3,10 --engines tantivy
    .venv/bin/python bench/search_bench.py --limit 2000         # cap the records read

Reads ../shared/data/legal-sources/dev.jsonl.gz into a temporary Store (documents built
directly from the JSON lines, provisions split by ingest.structure), then, for each engine
and scale, runs a worker subprocess that builds the index from the store (scale k: every
document k times under new ids), measures its size and peak RSS (resource.getrusage), and
times 300 mixed queries (one word, two words, phrase, and each with two facet filters;
every facet counted, snippets on; wall clock, and this process's CPU time, which other jobs
on the machine barely change) through the bare engine and through the whole search
service as the web app runs it: the bundled taxonomy and thesaurus, UI language English,
so every language field, the cross-language expansion, every facet with counts and labels.

Whoosh builds at under 100 provisions/s here (the full set would take over an hour), so it
runs on the first --whoosh-limit records; tantivy is then run on that same subset too, and
the ratios compare the two on it. Targets (printed PASS/FAIL): tantivy over the full set,
search() p95 <= 10 ms, median <= 3 ms, build >= 2,000 provisions/s, peak RSS < 1.5 GB; at
10x, search() p95 <= 30 ms and build time growing no faster than the collection.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.engines import ENGINES, create_engine  # noqa: E402
from index.errors import BadRequest  # noqa: E402
from index.models import LANGUAGES, Classification, DocumentRecord, Provision  # noqa: E402
from index.plan import FACETS, Bool, EngineQuery, Phrase, Term  # noqa: E402
from index.search import SearchRequest, search  # noqa: E402
from index.store import Store  # noqa: E402
from index.taxonomy import load_taxonomy  # noqa: E402
from index.thesaurus import load_thesaurus  # noqa: E402
from ingest.model import Block, ParsedDocument  # noqa: E402
from ingest.structure import split_provisions  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "legal-sources" / "dev.jsonl.gz"
UI_LANG = "en"
WARM_UP = 20
# the targets at 1x, on the full set: (what, row key, passes)
TARGETS_1X = [
    ("search() p95 <= 10 ms", "service_p95_ms", lambda v: v <= 10),
    ("search() median <= 3 ms", "service_median_ms", lambda v: v <= 3),
    ("build >= 2,000 provisions/s", "prov_per_s", lambda v: v >= 2000),
    ("peak RSS < 1.5 GB", "rss_mb", lambda v: v < 1536),
]
TYPES = {"legislation": "legislation", "case_law": "case", "doctrine": "document", "report": "document"}
# keyword rules so the crime and issue facets have something to count (a benchmark, not a classifier)
RULES = [
    ("crime", "corruption", "corrupt"), ("crime", "money-laundering", "launder"),
    ("crime", "drug-offences", "narcotic"), ("crime", "trafficking-in-persons", "trafficking"),
    ("crime", "cybercrime", "computer"), ("crime", "firearms-trafficking", "firearm"),
    ("issue", "extradition", "extradit"), ("issue", "mutual-legal-assistance", "mutual legal assistance"),
    ("issue", "confiscation-seizure", "confiscat"), ("issue", "witness-protection", "witness"),
    ("issue", "jurisdiction", "jurisdiction"),
]


def _country(code: str | None) -> str:
    if not code:
        return "UN"
    if code in ("EU",):
        return code
    if code == "UK":
        return "GBR"
    try:
        import pycountry

        found = pycountry.countries.get(alpha_2=code)
        return found.alpha_3 if found else "UN"
    except ImportError:
        return "UN"


def _provisions(rec: dict, doc_type: str, lang: str, failed: list[str]) -> list[Provision]:
    """ingest.structure's provisions; paragraphs for a record it fails on (named in `failed`)."""
    text = rec["text"] or ""
    blocks = [Block(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    try:
        return split_provisions(ParsedDocument(source_path=rec["id"], title=rec.get("title") or "", blocks=blocks),
                                doc_type, lang)
    except Exception as exc:  # noqa: BLE001 - one bad record should not stop the benchmark: it is reported
        failed.append(f"{rec['id']}: {type(exc).__name__}: {exc}")
    return [Provision(label=f"Paragraph {i}", number=str(i), kind="paragraph", text=b.text, language=lang, order=i)
            for i, b in enumerate(blocks, 1)]


def load_records(limit: int | None) -> list[DocumentRecord]:
    """DocumentRecords built from the legal-sources JSON lines (what was left out is printed)."""
    docs = []
    failed: list[str] = []
    empty = 0
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            lang = rec.get("lang_guess") or "en"
            doc_type = TYPES.get(rec.get("type"), "document")
            provisions = _provisions(rec, doc_type, lang if lang in LANGUAGES else "en", failed)
            if not provisions:
                empty += 1
                continue
            low = (rec["text"] or "").lower()
            classes = [Classification(s, t) for s, t, word in RULES if word in low]
            docs.append(DocumentRecord(
                id=re.sub(r"[^\w.-]+", "-", str(rec["id"]))[:120], type=doc_type, title=rec.get("title") or "",
                country=_country(rec.get("country")), languages=[lang], date=rec.get("date"),
                metadata={k: v for k, v in (rec.get("meta") or {}).items() if k in ("court", "ecli", "symbol")},
                provisions=provisions, classifications=classes,
            ))
            if limit and len(docs) >= limit:
                break
    if empty:
        print(f"note: {empty} records without text left out", flush=True)
    if failed:
        print(f"note: ingest.structure failed on {len(failed)} records, split into paragraphs instead; "
              f"first: {failed[0]}", flush=True)
    return docs


def make_queries(store: Store, n: int, seed: int = 7) -> list[dict]:
    """n mixed queries from words in the collection: 1 word, 2 words, phrase; each bare and with 2 facets."""
    rng = random.Random(seed)
    # a sample of documents, not all of them: the worker's peak memory is the engine's
    ids = store.document_ids()
    docs = [d for d in store.get_documents(rng.sample(ids, min(len(ids), 4 * n))) if d.provisions]
    out: list[dict] = []
    kinds = ["word", "two", "phrase"]
    i = 0
    while len(out) < n:
        doc = docs[i % len(docs)]
        i += 1
        p = rng.choice(doc.provisions)
        words = [w for w in re.findall(r"\w+", p.text) if len(w) >= 5 and not w.isdigit()]
        if len(words) < 4:
            continue
        kind = kinds[len(out) // 2 % 3]
        if kind == "word":
            w = rng.choice(words)
            q = {"q": w, "node": Term(w)}
        elif kind == "two":
            a, b = rng.sample(words, 2)
            q = {"q": f"{a} {b}", "node": Bool(must=[Term(a), Term(b)])}
        else:
            j = rng.randrange(len(words) - 1)
            q = {"q": f'"{words[j]} {words[j + 1]}"', "node": Phrase(f"{words[j]} {words[j + 1]}", slop=3)}
        q["filters"] = {"country": [doc.country], "type": [doc.type]} if len(out) % 2 else {}
        out.append(q)
    return out


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _scaled(store: Store, scale: int):
    for doc in store.iter_documents():
        yield doc
        for k in range(1, scale):
            copy_ = copy.deepcopy(doc)
            copy_.id = f"{doc.id}~{k}"
            for p in copy_.provisions:
                p.id = copy_.id + "/" + p.id.split("/", 1)[1]
            for c in copy_.classifications:
                if c.provision_id:
                    c.provision_id = copy_.id + "/" + c.provision_id.split("/", 1)[1]
            yield copy_


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _service_request(q: dict, notes: list[str]) -> SearchRequest:
    """The search page's request for a query; a filter the service refuses is dropped, and noted."""
    try:
        return SearchRequest.from_params({"q": [q["q"]], **q["filters"]})
    except BadRequest as exc:
        notes.append(f"search() refused {q['filters']} ({exc}): timed without filters")
        return SearchRequest.from_params({"q": [q["q"]]})


def _time(fn, items) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms of this process) per call: CPU time barely moves when other jobs share the cores."""
    wall, cpu = [], []
    for item in items:
        t, c = time.perf_counter(), time.process_time()
        fn(item)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def worker(args) -> dict:
    """Build one engine's index at one scale, then time the queries; return the figures."""
    store = Store(args.store)
    directory = Path(args.workdir) / f"{args.engine}-{args.scale}-{args.records}"
    shutil.rmtree(directory, ignore_errors=True)
    # loaded before the build, as the app loads them at start-up
    taxonomy, thesaurus = load_taxonomy(), load_thesaurus()
    engine = create_engine(args.engine, directory)
    started = time.perf_counter()
    provisions = documents = 0
    batch = []
    for doc in _scaled(store, args.scale):
        batch.append(doc)
        documents += 1
        if len(batch) >= 500:
            provisions += engine.add(batch)
            batch = []
    provisions += engine.add(batch)
    engine.commit(store.last_seq())
    build = time.perf_counter() - started
    # 20 more queries than are timed warm the caches (the engine's and search()'s query plans)
    # without being timed themselves
    queries = make_queries(store, args.queries + WARM_UP)
    warm, timed = queries[:WARM_UP], queries[WARM_UP:]
    notes: list[str] = []
    requests = [_service_request(q, notes) for q in queries]
    for q, request in zip(warm, requests[:WARM_UP], strict=True):
        engine.search(EngineQuery(node=q["node"], filters=q["filters"], facets=FACETS))
        search(engine, request, taxonomy=taxonomy, thesaurus=thesaurus, ui_lang=UI_LANG)
    timings = {}
    # Each timed query is a new one to the server: the snippet patterns the previous pass compiled
    # for the same words (Python's `re` keeps 512) are dropped, or the second pass would not pay
    # for its own. A query repeated within a pass (same words, other facets) reuses them, as paging does.
    re.purge()
    timings["engine"], timings["engine_cpu"] = _time(
        lambda q: engine.search(EngineQuery(node=q["node"], filters=q["filters"], facets=FACETS, limit=20)), timed)
    re.purge()
    timings["service"], timings["service_cpu"] = _time(
        lambda r: search(engine, r, taxonomy=taxonomy, thesaurus=thesaurus, ui_lang=UI_LANG), requests[WARM_UP:])
    engine.close()
    out = {
        "engine": args.engine, "scale": args.scale, "records": args.records, "documents": documents,
        "provisions": provisions, "build_s": round(build, 2), "prov_per_s": round(provisions / build) if build else 0,
        "size_mb": round(_dir_size(directory) / 1e6, 1),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "notes": notes,
    }
    for key, values in timings.items():
        out[f"{key}_median_ms"] = round(statistics.median(values), 2)
        out[f"{key}_p95_ms"] = round(_pct(values, 0.95), 2)
    shutil.rmtree(directory, ignore_errors=True)
    return out


def _runs(engines: list[str], scales: list[int], limit: int | None, whoosh_limit: int) -> list[tuple]:
    """(engine, scale, records) to measure; None records means all of them."""
    runs = []
    for name in engines:
        records = limit
        if name == "whoosh" and whoosh_limit and (limit is None or whoosh_limit < limit):
            records = whoosh_limit
        runs += [(name, scale, records) for scale in scales]
    subsets = {r for n, _, r in runs if n == "whoosh" and r != limit}
    if "tantivy" in engines:
        # the ratio whoosh / tantivy means something only on the same records
        runs += [("tantivy", 1, r) for r in sorted(subsets) if ("tantivy", 1, r) not in runs]
    return runs


def _load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def _run_worker(name: str, scale: int, records: int | None, store: Path, work: Path, queries: int) -> dict | None:
    cmd = [sys.executable, __file__, "--worker", "--engine", name, "--scale", str(scale), "--store", str(store),
           "--workdir", str(work), "--queries", str(queries), "--records", str(records or "all")]
    load_before = _load()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        print(f"FAILED: {name} x{scale} on {records or 'all'} records:\n{done.stderr[-3000:]}", flush=True)
        return None
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["load"] = f"{load_before} -> {_load()}"
    for note in dict.fromkeys(row.pop("notes")):
        print(f"note ({name} x{scale}): {note}", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1", help="comma-separated multipliers, e.g. 1,3,10")
    parser.add_argument("--limit", type=int, default=None, help="read at most N records")
    parser.add_argument("--engines", default=",".join(sorted(ENGINES)), help="comma-separated engine names")
    parser.add_argument("--whoosh-limit", type=int, default=3000,
                        help="Whoosh is slow: it runs on a store of the first N records (0: same as others)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--records", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        args.scale = int(args.scale)
        print(json.dumps(worker(args)))
        return 0
    if not DATA.exists():
        print(f"{DATA} not found: the benchmark needs ../shared/data beside the project")
        return 1
    print(f"{os.cpu_count()} cores, load average (1/5/15 min) {_load()} at the start; "
          f"each row gives the load before -> after its run", flush=True)
    work = Path(tempfile.mkdtemp(prefix="sherloc-bench-"))
    try:
        stores: dict[int | None, Path] = {}

        def store_for(limit: int | None) -> Path:
            if limit not in stores:
                t = time.perf_counter()
                path = work / f"store-{limit or 'all'}.sqlite3"
                store = Store(path)
                for doc in load_records(limit):
                    store.put_document(doc)
                counts = store.counts()
                store.close()
                print(f"store ({limit or 'all'} records): {counts['documents']} documents, "
                      f"{counts['provisions']} provisions, loaded in {time.perf_counter() - t:.1f} s", flush=True)
                stores[limit] = path
            return stores[limit]

        rows = []
        scales = [int(x) for x in args.scale.split(",")]
        for name, scale, records in _runs(args.engines.split(","), scales, args.limit, args.whoosh_limit):
            if name == "whoosh" and records != args.limit:
                print(f"whoosh: a SUBSET, the first {records} records (--whoosh-limit), not "
                      f"{'the full set' if args.limit is None else f'{args.limit} records'}", flush=True)
            row = _run_worker(name, scale, records, store_for(records), work, args.queries)
            if row is not None:
                rows.append(row)
                print(json.dumps(row), flush=True)
        _table(rows)
        _ratios(rows)
        _targets(rows, full=args.limit is None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _table(rows: list[dict]) -> None:
    cols = [("engine", "engine"), ("scale", "x"), ("records", "records"), ("provisions", "provisions"),
            ("build_s", "build s"), ("prov_per_s", "prov/s"), ("size_mb", "size MB"), ("rss_mb", "RSS MB"),
            ("engine_median_ms", "engine med ms"), ("engine_p95_ms", "engine p95 ms"),
            ("service_median_ms", "search() med ms"), ("service_p95_ms", "search() p95 ms"),
            ("service_cpu_median_ms", "search() CPU med ms"), ("service_cpu_p95_ms", "CPU p95 ms"), ("load", "load")]
    if not rows:
        print("no rows measured")
        return
    widths = [max(len(h), *(len(str(r.get(k, "-"))) for r in rows)) for k, h in cols]
    print()
    print("  ".join(h.rjust(w) for (_, h), w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(str(r.get(k, "-")).rjust(w) for (k, _), w in zip(cols, widths, strict=True)))


def _row(rows: list[dict], engine: str, scale: int, records) -> dict | None:
    return next((r for r in rows if (r["engine"], r["scale"], str(r["records"])) == (engine, scale, str(records))),
                None)


def _ratios(rows: list[dict]) -> None:
    """Whoosh against tantivy, each pair measured on the same records at 1x."""
    for w in (r for r in rows if r["engine"] == "whoosh" and r["scale"] == 1):
        t = _row(rows, "tantivy", 1, w["records"])
        if t is None:
            continue
        print(f"\nwhoosh / tantivy on the same {w['records']} records at 1x: build "
              f"{t['prov_per_s'] / max(w['prov_per_s'], 1):.1f}x faster with tantivy; "
              f"engine median {w['engine_median_ms'] / t['engine_median_ms']:.1f}x, "
              f"p95 {w['engine_p95_ms'] / t['engine_p95_ms']:.1f}x; "
              f"search() median {w['service_median_ms'] / t['service_median_ms']:.1f}x, "
              f"p95 {w['service_p95_ms'] / t['service_p95_ms']:.1f}x slower with whoosh")


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _targets(rows: list[dict], full: bool) -> None:
    """The issue-4 targets, each PASS or FAIL with its figure (n/a when not measured)."""
    records = "all" if full else None
    one = _row(rows, "tantivy", 1, records) if full else None
    ten = _row(rows, "tantivy", 10, records) if full else None
    print("\ntargets (tantivy, the full set, search() = the whole plan, wall-clock times):")
    for label, key, test in TARGETS_1X:
        print(f"  {_verdict(test(one[key])) if one else 'n/a '}  {label}: " + (
            f"{one[key]}" if one else "not measured (needs tantivy at scale 1 without --limit)"))
    if ten is None or one is None:
        print("  n/a   at 10x: not measured (needs tantivy at scales 1 and 10 without --limit)")
        return
    print(f"  {_verdict(ten['service_p95_ms'] <= 30)}  at 10x, search() p95 <= 30 ms: {ten['service_p95_ms']}")
    grew, size = ten["build_s"] / one["build_s"], ten["provisions"] / one["provisions"]
    print(f"  {_verdict(grew <= size)}  at 10x, build time grows no faster than the collection: "
          f"build x{grew:.2f} for x{size:.2f} provisions")


if __name__ == "__main__":
    raise SystemExit(main())
