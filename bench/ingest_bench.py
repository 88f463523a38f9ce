"""Ingest benchmark: reader throughput, full-pipeline throughput, language accuracy, UDHR provisions.

Run: python bench/ingest_bench.py [--runs 3] [--json-records 3000]
Uses ../shared/data (skips what is absent) and prints medians over repeated runs next
to the targets. Nothing here is a test: it measures, the tests check behaviour.
"""

from __future__ import annotations

import argparse
import gzip
import html
import itertools
import json
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT / ".." / "shared" / "data"
LEGAL = SHARED / "legal-sources" / "dev.jsonl.gz"
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
}
TARGETS = {"json": 300.0, "html": 300.0, "text": 300.0, "pdf": 10.0, "udhr": 0.99, "legal": 0.97}


CPU_RATES: list[str] = []


def median_rate(fn, runs: int) -> tuple[float, float, int]:
    """Run fn() -> units `runs` times; (median units/s, median seconds, units).

    Wall-clock rates suffer when other processes share the two cores, so the rate per
    CPU-second of this process is noted too (printed after the figure).
    """
    rates, secs, cpu_rates, units = [], [], [], 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        units = fn()
        dt, ct = time.perf_counter() - t0, time.process_time() - c0
        secs.append(dt)
        rates.append(units / dt if dt else float("inf"))
        cpu_rates.append(units / ct if ct else float("inf"))
    CPU_RATES.append(f"{statistics.median(cpu_rates):.0f} per CPU-second")
    return statistics.median(rates), statistics.median(secs), units


def cpu_note() -> str:
    return f"  [{CPU_RATES[-1]}]" if CPU_RATES else ""


def read_count(paths) -> int:
    """Documents read from the files; a rejected file counts as handled (it was read and judged)."""
    from ingest.errors import RejectedFile
    from ingest.readers import read_file

    n = 0
    for p in paths:
        try:
            n += len(read_file(p))
        except RejectedFile:
            n += 1
    return n


def verdict(value: float, target: float) -> str:
    return "ok" if value >= target else "BELOW TARGET"


def legal_sample(n: int, stride: int = 9) -> list[dict]:
    """Every `stride`-th legal-sources record (a spread over sources, not just the first ids), n at most."""
    out = []
    with gzip.open(LEGAL, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 0, None, stride):
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def to_html(rec: dict) -> str:
    paras = [p for p in rec["text"].split("\n\n") if p.strip()] or [rec["text"]]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (f"<!doctype html><html lang='{rec.get('lang_guess') or 'en'}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(rec.get('title') or rec['id'])}</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/laws'>Laws</a></nav><main>"
            f"<h1>{html.escape(rec.get('title') or rec['id'])}</h1><article data-number='1'>{body}</article>"
            "</main><footer><p>Portal footer</p></footer></body></html>")


def bench_readers(work: Path, args, results: dict) -> None:
    from ingest.readers import read_file

    if not LEGAL.exists():
        print("legal-sources absent: JSON/HTML/text reader figures skipped")
        return
    records = legal_sample(args.json_records)
    jsonl = work / "sample.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    rate, secs, n = median_rate(lambda: len(read_file(jsonl)), args.runs)
    results["json"] = rate
    print(f"JSON records      {rate:8.0f} records/s  ({n} records, {jsonl.stat().st_size / 1e6:.1f} MB, "
          f"median {secs:.2f} s)  target >= {TARGETS['json']:.0f}  {verdict(rate, TARGETS['json'])}{cpu_note()}")

    html_dir = work / "html"
    html_dir.mkdir()
    for rec in records[: args.files]:
        (html_dir / f"{len(list(html_dir.iterdir())):05d}.html").write_text(to_html(rec), encoding="utf-8")
    html_files = sorted(html_dir.iterdir())
    udhr_files = [SHARED / "udhr" / name for name in UDHR if (SHARED / "udhr" / name).exists()]
    all_html = html_files + udhr_files * 10
    rate, secs, n = median_rate(lambda: read_count(all_html), args.runs)
    results["html"] = rate
    print(f"HTML files        {rate:8.0f} records/s  ({len(html_files)} generated from legal-sources + "
          f"{len(udhr_files)} UDHR x10, median {secs:.2f} s)  target >= {TARGETS['html']:.0f}  "
          f"{verdict(rate, TARGETS['html'])}{cpu_note()}")
    if udhr_files:
        rate_u, _, _ = median_rate(lambda: read_count(udhr_files * 10), args.runs)
        print(f"  UDHR alone      {rate_u:8.0f} files/s (30 articles each){cpu_note()}")

    text_dir = work / "text"
    text_dir.mkdir()
    for i, rec in enumerate(records[: args.files]):
        (text_dir / f"{i:05d}.txt").write_text(rec["text"], encoding="utf-8")
    text_files = sorted(text_dir.iterdir()) + sorted((SHARED / "un-docs").glob("*.txt"))
    rate, secs, n = median_rate(lambda: read_count(text_files), args.runs)
    results["text"] = rate
    print(f"Text files        {rate:8.0f} records/s  ({len(text_files)} files, median {secs:.2f} s)  "
          f"target >= {TARGETS['text']:.0f}  {verdict(rate, TARGETS['text'])}{cpu_note()}")


def bench_pdf(work: Path, args, results: dict) -> None:
    from ingest.readers import read_file
    from ingest.text import read_text
    from tests.ingest.pdfgen import Item, Layout, make_pdf

    texts: list[list[str]] = []
    for path in sorted((SHARED / "un-docs").glob("*.txt")):
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
                  "assistance to the widest extent possible under its domestic law."] * 40]
    pdf_dir = work / "pdf"
    pdf_dir.mkdir()
    files = []
    for i, paras in enumerate(texts):
        items = [Item("heading", "Document")]
        for j, p in enumerate(paras):
            items.append(Item("para", p))
            if j % 7 == 3:
                items.append(Item("footnote", f"{j} See document {j}."))
        try:
            files.append(make_pdf(pdf_dir / f"{i:03d}.pdf", Layout(items=items)))
        except Exception as exc:  # a glyph the font lacks: skip that text
            print(f"  (PDF {i} not generated: {type(exc).__name__})")
    rate, secs, pages = median_rate(lambda: sum(read_file(p)[0].pages for p in files), args.runs)
    results["pdf"] = rate
    print(f"PDF pages         {rate:8.1f} pages/s    ({len(files)} PDFs, {pages} pages, median {secs:.2f} s)  "
          f"target >= {TARGETS['pdf']:.0f}  {verdict(rate, TARGETS['pdf'])}{cpu_note()}")


def bench_pipeline(work: Path, args, results: dict) -> None:
    try:
        from index.store import Store
        from ingest.pipeline import ingest_paths
    except Exception as exc:
        print(f"Pipeline          not measured: {type(exc).__name__}: {exc}")
        return
    if not LEGAL.exists():
        print("legal-sources absent: pipeline figure skipped")
        return
    records = legal_sample(args.pipeline_records, stride=7)
    src = work / "pipeline"
    src.mkdir()
    (src / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
    runs = []
    for run in range(args.runs):
        store = Store(work / f"store-{run}.sqlite3")
        try:
            t0 = time.perf_counter()
            report = ingest_paths([src], store, quarantine_dir=work / f"q{run}", progress=False)
            dt = time.perf_counter() - t0
        except Exception as exc:
            print(f"Pipeline          failed: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3)
            return
        finally:
            store.close()
        totals = report.totals()
        runs.append((totals["added"] / dt if dt else 0.0, dt, totals))
    rate = statistics.median(r[0] for r in runs)
    totals = runs[-1][2]
    results["pipeline"] = rate
    secs = statistics.median(r[1] for r in runs)
    print(f"Full pipeline     {rate:8.0f} records/s  ({totals['added']} of {len(records)} records stored, "
          f"{totals['rejected']} files rejected, {totals['warnings']} warnings, median {secs:.1f} s)")
    for f in report.files:
        if f.status == "rejected":
            print(f"  rejected: {f.reason}")


def bench_language(args, results: dict) -> None:
    try:
        from ingest.language import get_detector
    except Exception as exc:
        print(f"Language accuracy not measured: {type(exc).__name__}: {exc}")
        return
    from ingest.readers import read_file

    for name in args.detectors:
        try:
            detector = get_detector(name)
        except Exception as exc:
            print(f"Language ({name}) not measured: {exc}")
            continue
        if (SHARED / "udhr").exists():
            right = total = 0
            misses = Counter()
            for file, lang in UDHR.items():
                doc = read_file(SHARED / "udhr" / file)[0]
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
            acc = right / total
            results[f"udhr-{name}"] = acc
            print(f"Language {name:<9} UDHR articles {acc:7.2%} ({right}/{total})  target >= {TARGETS['udhr']:.0%}  "
                  f"{verdict(acc, TARGETS['udhr'])}  {dict(misses) or ''}")
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
              f"target >= {TARGETS['legal']:.0%}  {verdict(acc, TARGETS['legal'])}")
    if misses:
        print(f"  misses: {dict(misses.most_common(8))}")


def bench_udhr_provisions(results: dict) -> None:
    try:
        from ingest.language import get_detector
        from ingest.structure import split_provisions
    except Exception as exc:
        print(f"UDHR provisions   not measured: {type(exc).__name__}: {exc}")
        return
    from ingest.readers import read_file

    if not (SHARED / "udhr").exists():
        return
    detect = get_detector("lingua").detect
    parts = []
    for file, lang in UDHR.items():
        doc = read_file(SHARED / "udhr" / file)[0]
        provisions = split_provisions(doc, "treaty", lang, detect)
        found = {p.number for p in provisions} & {str(n) for n in range(1, 31)}
        parts.append(f"{lang} {len(found)}/30")
        results[f"provisions-{lang}"] = len(found)
    print(f"UDHR provisions   {', '.join(parts)}  target 30/30 each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json-records", type=int, default=3000)
    parser.add_argument("--files", type=int, default=500, help="HTML and text files generated from legal-sources")
    parser.add_argument("--pipeline-records", type=int, default=1000)
    parser.add_argument("--per-language", type=int, default=150)
    parser.add_argument("--detectors", nargs="+", default=["lingua", "langdetect"])
    parser.add_argument("--only", nargs="+", default=["readers", "pdf", "pipeline", "language", "provisions"])
    args = parser.parse_args()
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"ingest benchmark: {os.cpu_count()} CPUs, load average {load:.1f} (wall-clock rates drop when it is high)")
    if not SHARED.exists():
        print(f"{SHARED} not present: only the PDF figure (own text) can be measured")
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        work = Path(tmp)
        steps = {
            "readers": lambda: bench_readers(work, args, results),
            "pdf": lambda: bench_pdf(work, args, results),
            "pipeline": lambda: bench_pipeline(work, args, results),
            "language": lambda: bench_language(args, results),
            "provisions": lambda: bench_udhr_provisions(results),
        }
        for name in args.only:
            try:
                steps[name]()
            except Exception as exc:  # one missing module must not hide the other figures
                print(f"{name}: failed: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
