"""Search benchmark: build time, index size, peak memory and query latency per engine.

    .venv/bin/python bench/search_bench.py                      # 1x, tantivy and whoosh
    .venv/bin/python bench/search_bench.py --scale 1,3,10 --engines tantivy
    .venv/bin/python bench/search_bench.py --limit 2000         # cap the records read

Reads ../shared/data/legal-sources/dev.jsonl.gz into a temporary Store (documents built
directly from the JSON lines, provisions split by ingest.structure when importable),
then, for each engine and scale, runs a worker subprocess that builds the index from the
store (scale k: every document k times under new ids), measures its size and peak RSS
(resource.getrusage), and times 300 mixed queries (one word, two words, phrase, and each
with two facet filters; every facet counted, snippets on) through the bare engine and,
when index.search exists, through the whole search service (parsing, language guess,
thesaurus expansion, facets with labels).
Targets (tantivy, full set): p95 <= 10 ms, median <= 3 ms, >= 2,000 provisions/s, RSS < 1.5 GB.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
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
from index.models import LANGUAGES, Classification, DocumentRecord, Provision  # noqa: E402
from index.plan import FACETS, Bool, EngineQuery, Phrase, Term  # noqa: E402
from index.store import Store  # noqa: E402

DATA = ROOT / ".." / "shared" / "data" / "legal-sources" / "dev.jsonl.gz"
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


def _provisions(rec: dict, doc_type: str, lang: str) -> list[Provision]:
    text = rec["text"] or ""
    try:
        from ingest.model import Block, ParsedDocument
        from ingest.structure import split_provisions

        parsed = ParsedDocument(source_path=rec["id"], title=rec.get("title") or "",
                                blocks=[Block(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()])
        provisions = split_provisions(parsed, doc_type, lang)
        if provisions:
            return provisions
    except Exception:  # noqa: BLE001 - fall back to paragraphs
        pass
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [Provision(label=f"Paragraph {i}", number=str(i), kind="paragraph", text=p, language=lang, order=i)
            for i, p in enumerate(paras, 1)]


def load_records(limit: int | None) -> list[DocumentRecord]:
    """DocumentRecords built from the legal-sources JSON lines."""
    docs = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            lang = rec.get("lang_guess") or "en"
            doc_type = TYPES.get(rec.get("type"), "document")
            provisions = _provisions(rec, doc_type, lang if lang in LANGUAGES else "en")
            if not provisions:
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


def worker(args) -> dict:
    """Build one engine's index at one scale, then time the queries; return the figures."""
    store = Store(args.store)
    directory = Path(args.workdir) / f"{args.engine}-{args.scale}"
    shutil.rmtree(directory, ignore_errors=True)
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
    queries = make_queries(store, args.queries)
    timings: dict[str, list[float]] = {"engine": [], "service": []}
    for q in queries[:20]:  # warm caches the same way for every engine
        engine.search(EngineQuery(node=q["node"], filters=q["filters"], facets=FACETS))
    for q in queries:
        t = time.perf_counter()
        engine.search(EngineQuery(node=q["node"], filters=q["filters"], facets=FACETS, limit=20))
        timings["engine"].append((time.perf_counter() - t) * 1000)
    service = None
    try:
        from index.search import SearchRequest, search

        service = (SearchRequest, search)
    except ImportError:
        pass
    if service:
        SearchRequest, search = service
        for q in queries:
            params = {"q": [q["q"]], **q["filters"]}
            try:
                request = SearchRequest.from_params(params)
            except Exception:  # noqa: BLE001 - a value the service does not accept: search without it
                request = SearchRequest.from_params({"q": [q["q"]]})
            t = time.perf_counter()
            search(engine, request)
            timings["service"].append((time.perf_counter() - t) * 1000)
    engine.close()
    out = {
        "engine": args.engine, "scale": args.scale, "documents": documents, "provisions": provisions,
        "build_s": round(build, 2), "prov_per_s": round(provisions / build) if build else 0,
        "size_mb": round(_dir_size(directory) / 1e6, 1),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    for key, values in timings.items():
        if values:
            out[f"{key}_median_ms"] = round(statistics.median(values), 2)
            out[f"{key}_p95_ms"] = round(_pct(values, 0.95), 2)
    shutil.rmtree(directory, ignore_errors=True)
    return out


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
    args = parser.parse_args(argv)
    if args.worker:
        args.scale = int(args.scale)
        print(json.dumps(worker(args)))
        return 0
    if not DATA.exists():
        print(f"{DATA} not found: the benchmark needs ../shared/data beside the project")
        return 1
    work = Path(tempfile.mkdtemp(prefix="sherloc-bench-"))
    try:
        stores = {}

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
        for name in args.engines.split(","):
            limit = args.limit
            if name == "whoosh" and args.whoosh_limit:
                limit = min(limit or args.whoosh_limit, args.whoosh_limit)
            for scale in args.scale.split(","):
                cmd = [sys.executable, __file__, "--worker", "--engine", name, "--scale", scale,
                       "--store", str(store_for(limit)), "--workdir", str(work), "--queries", str(args.queries)]
                done = subprocess.run(cmd, capture_output=True, text=True, check=False)
                if done.returncode:
                    print(done.stderr[-3000:])
                    continue
                row = json.loads(done.stdout.strip().splitlines()[-1])
                row["records"] = limit or "all"
                rows.append(row)
                print(json.dumps(row), flush=True)
        _table(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _table(rows: list[dict]) -> None:
    cols = [("engine", "engine"), ("scale", "x"), ("records", "records"), ("provisions", "provisions"),
            ("build_s", "build s"), ("prov_per_s", "prov/s"), ("size_mb", "size MB"), ("rss_mb", "RSS MB"),
            ("engine_median_ms", "engine med ms"), ("engine_p95_ms", "engine p95 ms"),
            ("service_median_ms", "search() med ms"), ("service_p95_ms", "search() p95 ms")]
    widths = [max(len(h), *(len(str(r.get(k, "-"))) for r in rows)) for k, h in cols]
    print()
    print("  ".join(h.rjust(w) for (_, h), w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(str(r.get(k, "-")).rjust(w) for (k, _), w in zip(cols, widths, strict=True)))


if __name__ == "__main__":
    raise SystemExit(main())
