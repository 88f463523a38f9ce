"""Ingest benchmark: full-pipeline throughput per format, bad files, language accuracy, UDHR provisions.

Run: python bench/ingest_bench.py [--runs 3] [--json-records 3000] [--only pipeline corrupt ...]

Every throughput figure is the whole `sherloc ingest` path (ingest.pipeline.ingest_paths into
a fresh SQLite store with a quarantine folder; the search-index catch-up that `sherloc ingest`
runs afterwards is not part of ingest and is not timed), as a median over --runs runs, with
PASS/FAIL against the issue's targets. Real texts come from ../shared/data; whatever is
absent is skipped with the reason printed. Nothing here is a test: it measures, the tests
check behaviour.
"""

from __future__ import annotations

import argparse
import gzip
import html
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT / ".." / "shared" / "data"
LEGAL = SHARED / "legal-sources" / "dev.jsonl.gz"
UDHR_DIR = SHARED / "udhr"
UN_DOCS = SHARED / "un-docs"
UDHR = {"eng.html": "en", "fra.html": "fr", "spa.html": "es", "rus.html": "ru", "arb.html": "ar", "cmn_hans.html": "zh"}
# Countries whose laws are published in exactly one of the six UN languages.
ONE_UN_LANGUAGE = {
    "US": "en", "UK": "en", "AU": "en", "NZ": "en", "IE": "en", "IN": "en", "ZA": "en", "KE": "en", "NG": "en",
    "GH": "en", "JM": "en", "TT": "en", "AG": "en", "BS": "en", "BB": "en", "ZM": "en", "UG": "en", "BW": "en",
    "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "SN": "fr", "CI": "fr",
    "ES": "es", "MX": "es", "AR": "es", "CO": "es", "CL": "es", "PE": "es", "UY": "es", "EC": "es", "CR": "es",
    "VE": "es", "PY": "es", "BO": "es", "GT": "es", "DO": "es", "PA": "es", "SV": "es", "HN": "es", "NI": "es",
    "RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru",
    "CN": "zh", "TW": "zh",
    "EG": "ar", "JO": "ar", "QA": "ar", "OM": "ar", "AE": "ar", "SA": "ar", "KW": "ar", "BH": "ar", "LB": "ar",
    "TN": "ar", "DZ": "ar", "MA": "ar", "IQ": "ar", "SY": "ar", "LY": "ar", "YE": "ar", "SD": "ar",
}  # fmt: skip
TARGETS = {"json": 300.0, "html": 300.0, "text": 300.0, "pdf": 10.0, "udhr": 0.99, "legal": 0.97}
UDHR_ARTICLES = 30


def mean_chars(records: list[dict]) -> float:
    return statistics.mean(len(r["text"]) for r in records) if records else 0.0


def verdict(ok: bool) -> str:
    """PASS or FAIL, as printed beside a figure."""
    return "PASS" if ok else "FAIL"


def skip(what: str, reason: str) -> None:
    print(f"{what:<18} SKIPPED: {reason}")


# -- inputs -----------------------------------------------------------------------------------


def legal_sample(n: int, stride: int = 9) -> list[dict]:
    """Every `stride`-th legal-sources record (a spread over sources, not just the first ids), n at most."""
    out = []
    with gzip.open(LEGAL, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 0, None, stride):
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def spread(records: list[dict], n: int) -> list[dict]:
    """`n` records taken at even steps over `records`: the same mix of sources and sizes as the whole sample.

    The sample's first records are not that mix (its first 500 average 25,000 characters, three times the
    set's mean of 9,800), and records/s depends on record size: the formats are compared on the same mix.
    """
    step = max(1, len(records) // n) if n else 1
    return records[::step][:n]


def to_html(rec: dict) -> str:
    """A legal-sources record as a portal page: navigation and footer around the law's text."""
    paras = [p for p in rec["text"].split("\n\n") if p.strip()] or [rec["text"]]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    title = html.escape(rec.get("title") or rec["id"])
    return (f"<!doctype html><html lang='{rec.get('lang_guess') or 'en'}'><head><meta charset='utf-8'>"
            f"<title>{title}</title></head><body><nav><a href='/'>Home</a> <a href='/laws'>Laws</a></nav><main>"
            f"<h1>{title}</h1><article data-number='1'>{body}</article></main>"
            "<footer><p>Portal footer</p></footer></body></html>")  # fmt: skip


def write_json_input(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True)
    path = folder / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return folder


def write_html_input(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True)
    for i, rec in enumerate(records):
        (folder / f"{i:05d}.html").write_text(to_html(rec), encoding="utf-8")
    for name in UDHR:
        if (UDHR_DIR / name).is_file():
            (folder / f"udhr-{name}").write_bytes((UDHR_DIR / name).read_bytes())
    return folder


def write_text_input(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True)
    for i, rec in enumerate(records):
        (folder / f"{i:05d}.txt").write_text(rec["text"], encoding="utf-8")
    for path in sorted(UN_DOCS.glob("*.txt")):
        (folder / f"un-{path.name}").write_bytes(path.read_bytes())
    return folder


def pdf_texts() -> list[list[str]]:
    """Paragraphs of real documents to lay out as PDFs (un-docs, legal-sources), else one text of our own."""
    from ingest.text import read_text

    texts: list[list[str]] = []
    for path in sorted(UN_DOCS.glob("*.txt")):
        doc = read_text(path)[0]
        texts.append([b.text for b in doc.blocks if b.kind == "paragraph"])
    if LEGAL.exists():
        for rec in legal_sample(400, stride=70):
            if 3000 < len(rec["text"]) < 30000 and rec.get("lang_guess") in ("en", "fr", "es", "ru"):
                texts.append([p for p in rec["text"].split("\n\n") if p.strip()])
            if len(texts) >= 12:
                break
    if not texts:
        texts = [["Article 1. The State Party shall cooperate in matters of extradition and mutual legal "
                  "assistance to the widest extent possible under its domestic law."] * 40]  # fmt: skip
    return texts


def write_pdf_input(folder: Path) -> Path:
    from tests.ingest.pdfgen import Item, Layout, make_pdf

    folder.mkdir(parents=True)
    for i, paras in enumerate(pdf_texts()):
        items = [Item("heading", "Document")]
        for j, p in enumerate(paras):
            items.append(Item("para", p))
            if j % 7 == 3:
                items.append(Item("footnote", f"{j} See document {j}."))
        try:
            make_pdf(folder / f"{i:03d}.pdf", Layout(items=items))
        except Exception as exc:  # a glyph the font lacks: that text is left out
            print(f"  (PDF {i} not generated: {type(exc).__name__})")
    return folder


def pdf_pages(path: Path) -> int:
    """Pages of a PDF, counted outside the timed runs."""
    from pdfminer.pdfpage import PDFPage

    with path.open("rb") as fh:
        return sum(1 for _ in PDFPage.get_pages(fh))


# -- the pipeline -----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # this process and its worker processes
    report: object  # ingest.pipeline.BatchReport


def ingest_once(src: Path, work: Path) -> Run:
    """One `sherloc ingest` of `src` into a new store (with its quarantine folder) under `work`."""
    from index.store import Store
    from ingest.pipeline import ingest_paths

    work.mkdir(parents=True)
    store = Store(work / "store.sqlite3")
    try:
        t0, c0 = time.perf_counter(), _cpu()
        report = ingest_paths([src], store, quarantine_dir=work / "quarantine", progress=False)
        return Run(time.perf_counter() - t0, _cpu() - c0, report)
    finally:
        store.close()


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def stored_records(report) -> int:
    """Documents the batch stored: rejected files, duplicates and skipped records are not records."""
    return report.totals()["added"]


def bench_format(name: str, src: Path, work: Path, args, results: dict,
                 units: Callable[[object], int] | None = None, unit: str = "records") -> None:
    """Time the pipeline on one folder `runs` times and print the median rate beside its target.

    The runs share this process, as the batches of a long-running process do: what a process loads once
    (readers, thesaurus tables, the language model) is paid by the first run, shown beside the median.
    """
    size = sum(f.stat().st_size for f in src.rglob("*") if f.is_file())
    runs = [ingest_once(src, work / f"{name}-{k}") for k in range(args.runs)]
    count = units or stored_records
    rates = [count(r.report) / r.seconds if r.seconds else 0.0 for r in runs]
    rate = statistics.median(rates)
    secs = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(count(r.report) / r.cpu_seconds if r.cpu_seconds else 0.0 for r in runs)
    totals = runs[-1].report.totals()
    target = TARGETS[name]
    results[name] = rate
    stored = stored_records(runs[-1].report)
    print(f"{name.upper() + ' pipeline':<18} {rate:8.1f} {unit}/s  target >= {target:.0f}  {verdict(rate >= target)}"
          f"   ({totals['files']} files, {stored} records stored, {totals['rejected']} rejected, "
          f"{totals['duplicates']} duplicates, {size / 1e6:.1f} MB, median {secs:.1f} s = "
          f"{size / 1e6 / secs:.2f} MB/s; "
          f"{cpu:.0f} {unit} per CPU-second; "
          f"first run {rates[0]:.1f} {unit}/s)")
    for f in runs[-1].report.rejected:
        print(f"    rejected: {Path(f.path).name}: {f.reason}")


def bench_pipeline(work: Path, args, results: dict) -> None:
    if LEGAL.exists():
        records = legal_sample(args.json_records)
        bench_format("json", write_json_input(work / "in-json", records), work, args, results)
        files = spread(records, args.files)
        print(f"  (JSON: {len(records)} records of {mean_chars(records):,.0f} characters on average; HTML and "
              f"text: {len(files)} of them at even steps, {mean_chars(files):,.0f} characters on average)")
        bench_format("html", write_html_input(work / "in-html", files), work, args, results)
        bench_format("text", write_text_input(work / "in-text", files), work, args, results)
    else:
        for name in ("json", "html", "text"):
            skip(f"{name.upper()} pipeline", f"{LEGAL} is absent (the records to ingest come from it)")
    src = write_pdf_input(work / "in-pdf")
    pages = {str(p): pdf_pages(p) for p in src.glob("*.pdf")}

    def ingested_pages(report) -> int:
        return sum(pages.get(f.path, 0) for f in report.files if f.status != "rejected")

    print(f"  ({len(pages)} PDFs generated from {'real texts' if SHARED.exists() else 'our own text'}, "
          f"{sum(pages.values())} pages)")
    bench_format("pdf", src, work, args, results, units=ingested_pages, unit="pages")


# -- bad files ----------------------------------------------------------------------------------


def write_bad_files(folder: Path) -> dict[str, bool]:
    """A folder of files editors drop by mistake; name -> whether the file must be rejected."""
    from tests.ingest.pdfgen import Item, Layout, make_pdf

    folder.mkdir(parents=True)
    text = ("Article 1. The State Party shall afford the widest measure of mutual legal assistance in "
            "investigations, prosecutions and judicial proceedings in relation to the offences covered. ")  # fmt: skip
    good = make_pdf(folder / "good.pdf", Layout(items=[Item("heading", "Law"), Item("para", text * 6)]))
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    make_pdf(folder / "encrypted.pdf", Layout(items=[Item("para", text)]), user_password="s3cret")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
                                         + bytes(range(256)) * 8 + b"\n%%EOF\n")
    (folder / "corrupt.json").write_text('{"id": "x", "text": "unterminated', encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
    (folder / "program.html").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16)
    (folder / "archive.json").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 16)
    line = ("Article 5. The requested State shall execute the request in accordance with its domestic law; "
            "extradition and mutual legal assistance are granted without delay. ")  # fmt: skip
    (folder / "long-line.txt").write_text((line * (8 * 1024 * 1024 // len(line) + 1))[: 8 * 1024 * 1024],
                                          encoding="utf-8")
    must_reject = {p.name: True for p in folder.iterdir()}
    must_reject.update({"good.pdf": False, "long-line.txt": False})
    return must_reject


def bench_corrupt(work: Path, args, results: dict) -> None:
    """Bad files in one batch: no crash, each rejected with its reason, the good ones ingested."""
    expected = write_bad_files(work / "in-bad")
    try:
        run = ingest_once(work / "in-bad", work / "bad-store")
    except Exception as exc:
        print(f"Bad files          crashed: {type(exc).__name__}: {exc}  FAIL")
        traceback.print_exc(limit=5)
        results["corrupt"] = False
        return
    outcomes = {Path(f.path).name: f for f in run.report.files}
    problems = []
    for name, reject in sorted(expected.items()):
        f = outcomes.get(name)
        if f is None:
            problems.append(f"{name}: not in the report")
            continue
        rejected = f.status == "rejected"
        crashed = f.reason.startswith("unexpected")  # the pipeline's words for a reader bug
        ok = rejected == reject and (not rejected or (bool(f.reason) and not crashed and bool(f.quarantined)))
        if not ok:
            problems.append(name)
        what = f"rejected: {f.reason}" if rejected else f"{f.status} ({len(f.added)} document(s))"
        print(f"    {name:<15} {what}{'' if ok else '   <- not as expected'}")
    results["corrupt"] = not problems
    print(f"Bad files          {len(expected)} files in one batch in {run.seconds:.1f} s: zero crashes, "
          f"{sum(expected.values())} rejected with a reason and quarantined, 2 ingested  {verdict(not problems)}"
          + (f"  (not as expected: {', '.join(problems)})" if problems else ""))


# -- language and structure ----------------------------------------------------------------------


def bench_language(args, results: dict) -> None:
    from ingest.language import get_detector
    from ingest.readers import read_file

    if not UDHR_DIR.is_dir():
        skip("Language UDHR", f"{UDHR_DIR} is absent")
    if not LEGAL.exists():
        skip("Language legal", f"{LEGAL} is absent")
    for name in args.detectors:
        try:
            detector = get_detector(name)
        except Exception as exc:
            skip(f"Language ({name})", str(exc))
            continue
        if UDHR_DIR.is_dir():
            right = total = 0
            misses: Counter = Counter()
            for file, lang in UDHR.items():
                doc = read_file(UDHR_DIR / file)[0]
                by_num = defaultdict(list)
                for b in doc.blocks:
                    if b.number and b.kind != "heading":
                        by_num[b.number].append(b.text)
                for texts in by_num.values():
                    total += 1
                    got = detector.detect(" ".join(texts))
                    right += got == lang
                    if got != lang:
                        misses[f"{lang}->{got}"] += 1
            acc = right / total if total else 0.0
            results[f"udhr-{name}"] = acc
            print(f"Language {name:<9} UDHR articles {acc:7.2%} ({right}/{total})  target >= {TARGETS['udhr']:.0%}  "
                  f"{verdict(acc >= TARGETS['udhr'])}  {dict(misses) or ''}")
        if LEGAL.exists():
            bench_legal_language(detector, name, args, results)


def bench_legal_language(detector, name: str, args, results: dict) -> None:
    """Accuracy on legal-sources records of one-UN-language countries.

    Two truths: the country's language (some of these countries also publish English or
    French texts, which then count as misses), and the same records restricted to those
    whose dataset lang_guess agrees with the country's language (translations set aside).
    """
    per_lang: dict[str, list[bool]] = defaultdict(list)
    agreed: dict[str, list[bool]] = defaultdict(list)
    per_source: Counter = Counter()
    misses: Counter = Counter()
    with gzip.open(LEGAL, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            lang = ONE_UN_LANGUAGE.get(rec.get("country") or "")
            # At most 20 per source and N per language: the Missouri statutes would swamp the rest.
            if not lang or per_source[rec["source"]] >= 20 or len(per_lang[lang]) >= args.per_language:
                continue
            per_source[rec["source"]] += 1
            got = detector.detect(rec["text"])
            per_lang[lang].append(got == lang)
            if rec.get("lang_guess") == lang:
                agreed[lang].append(got == lang)
            if got != lang:
                misses[f"{lang}->{got} (lang_guess {rec.get('lang_guess')})"] += 1
    for label, table in (("by country", per_lang), ("lang_guess agrees", agreed)):
        right = sum(sum(v) for v in table.values())
        total = sum(len(v) for v in table.values())
        acc = right / total if total else 0.0
        results[f"legal-{name}-{label}"] = acc
        detail = ", ".join(f"{k} {sum(v) / len(v):.0%} of {len(v)}" for k, v in sorted(table.items()))
        print(f"Language {name:<9} legal-sources {label:<17} {acc:7.2%} ({right}/{total}; {detail})  "
              f"target >= {TARGETS['legal']:.0%}  {verdict(acc >= TARGETS['legal'])}")
    if misses:
        print(f"  misses: {dict(misses.most_common(8))}")


def bench_udhr_provisions(args, results: dict) -> None:
    from ingest.language import get_detector
    from ingest.readers import read_file
    from ingest.structure import split_provisions

    if not UDHR_DIR.is_dir():
        skip("UDHR provisions", f"{UDHR_DIR} is absent")
        return
    detect = get_detector("lingua").detect
    parts = []
    ok = True
    for file, lang in UDHR.items():
        if not (UDHR_DIR / file).is_file():
            parts.append(f"{lang} absent")
            ok = False
            continue
        doc = read_file(UDHR_DIR / file)[0]
        provisions = split_provisions(doc, "treaty", lang, detect)
        numbers = [p.number for p in provisions if p.kind == "article"]
        found = set(numbers) & {str(n) for n in range(1, UDHR_ARTICLES + 1)}
        results[f"provisions-{lang}"] = len(found)
        ok = ok and len(found) == UDHR_ARTICLES
        parts.append(f"{lang} {len(found)}/{UDHR_ARTICLES}")
    print(f"UDHR provisions    {', '.join(parts)}  target {UDHR_ARTICLES}/{UDHR_ARTICLES} each  {verdict(ok)}")


# -- readers alone (diagnosis) ----------------------------------------------------------------------


def read_count(paths) -> tuple[int, int]:
    """(documents read, files rejected): a rejected file is no record."""
    from ingest.errors import RejectedFile
    from ingest.readers import read_file

    n = rejected = 0
    for p in paths:
        try:
            n += len(read_file(p))
        except RejectedFile:
            rejected += 1
    return n, rejected


def bench_readers(work: Path, args, results: dict) -> None:
    """The readers alone on the pipeline inputs, to see what share of the time parsing files takes."""
    for name in ("json", "html", "text", "pdf"):
        src = work / f"in-{name}"
        if not src.is_dir():
            skip(f"{name.upper()} readers", "its pipeline input was not built (run with --only pipeline readers)")
            continue
        files = sorted(p for p in src.iterdir() if p.is_file())
        rates = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            n, rejected = read_count(files)
            rates.append(n / (time.perf_counter() - t0))
        print(f"{name.upper() + ' readers':<18} {statistics.median(rates):8.0f} records/s (readers only, "
              f"{n} records from {len(files)} files, {rejected} rejected)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json-records", type=int, default=3000)
    parser.add_argument("--files", type=int, default=500, help="HTML and text files generated from legal-sources")
    parser.add_argument("--per-language", type=int, default=150)
    parser.add_argument("--detectors", nargs="+", default=["lingua", "langdetect"])
    parser.add_argument("--only", nargs="+", default=["pipeline", "corrupt", "language", "provisions"],
                        choices=["pipeline", "readers", "corrupt", "language", "provisions"])
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"ingest benchmark: {os.cpu_count()} CPUs, load average {load:.1f} (wall-clock rates drop when "
          f"other jobs share the CPUs), {args.runs} runs per figure")
    if not SHARED.is_dir():
        print(f"{SHARED.resolve()} is absent: the PDF and bad-file figures use texts of our own, the rest is skipped")
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        work = Path(tmp)
        steps = {
            "pipeline": lambda: bench_pipeline(work, args, results),
            "readers": lambda: bench_readers(work, args, results),
            "corrupt": lambda: bench_corrupt(work, args, results),
            "language": lambda: bench_language(args, results),
            "provisions": lambda: bench_udhr_provisions(args, results),
        }
        for name in args.only:
            try:
                steps[name]()
            except Exception as exc:  # one failing step must not hide the other figures
                print(f"{name}: failed: {type(exc).__name__}: {exc}  FAIL")
                traceback.print_exc(limit=3)


if __name__ == "__main__":
    main()
