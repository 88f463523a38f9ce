"""Classification benchmark: precision and recall of the rules' suggestions against the judged set.

    .venv/bin/python bench/classify_bench.py              # both splits, per crime type and issue
    .venv/bin/python bench/classify_bench.py --split dev  # only the part the rules were tuned on

The judged set is tests/data/classification/judgments.csv (how it was judged: the README beside
it). Each judged record is read from ../shared/data/legal-sources/dev.jsonl.gz (or
$SHERLOC_SHARED_DATA/legal-sources), built as ingest builds it, and its document-level
suggestions are compared with the judgments:

- public: suggestions of origin "rule", which count in the public facets;
- editors: those plus origin "hint", the weaker signals shown to editors only.

Precision counts judged (record, term) pairs the rules suggested (unjudged suggestions are
counted apart, except on SHERLOC records, whose curated crime types are complete: a crime type
they lack is wrong); recall counts the pairs judged right. A term PASSes when its public
precision is at least 0.9 (or the rules never suggest it publicly). Exit status 0 when every
term passes on every split, 1 otherwise, 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

JUDGMENTS = ROOT / "tests" / "data" / "classification" / "judgments.csv"
TARGET = 0.9


def shared_data() -> Path:
    """The real-data folder: $SHERLOC_SHARED_DATA, else ../shared/data beside the repository."""
    return Path(os.environ.get("SHERLOC_SHARED_DATA") or ROOT.parent / "shared" / "data")


def read_judgments(path: Path = JUDGMENTS) -> list[dict]:
    """The judged set, one dict per row (record_id, scheme, term, judgment, basis, split)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_records(ids: set[str], data: Path) -> dict[str, dict]:
    """The legal-sources records with these ids."""
    out = {}
    with gzip.open(data / "legal-sources" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["id"] in ids:
                out[record["id"]] = record
    return out


def suggestions(record: dict) -> dict[tuple[str, str], str]:
    """(scheme, term) -> "rule" or "hint": the rules' document-level suggestions for one record."""
    from ingest.pipeline import build_record
    from ingest.records import map_record

    parsed = map_record(record, "judged.jsonl")
    doc, _, _ = build_record(parsed, {}, b"", Path("/"), "lingua", 0, True)
    out: dict[tuple[str, str], str] = {}
    for c in doc.classifications:
        key = (c.scheme, c.term_id)
        if c.provision_id is None and c.origin in ("rule", "hint") and out.get(key) != "rule":
            out[key] = c.origin
    return out


def score(judgments: list[dict], suggested: dict[str, dict[tuple[str, str], str]]) -> dict:
    """Per (scheme, term): counts for the public and editors' tiers (tp, fp, fn, unjudged)."""
    stats: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    judged = {(j["record_id"], j["scheme"], j["term"]): j for j in judgments}
    gold_records = {j["record_id"] for j in judgments if j["basis"] == "sherloc"}
    for j in judgments:
        key = (j["scheme"], j["term"])
        origin = suggested.get(j["record_id"], {}).get(key)
        right = j["judgment"] == "right"
        for tier, hit in (("public", origin == "rule"), ("editors", origin is not None)):
            if hit:
                stats[key][f"{tier}_tp" if right else f"{tier}_fp"] += 1
            elif right:
                stats[key][f"{tier}_fn"] += 1
    for rid, terms in suggested.items():
        for key, origin in terms.items():
            if (rid, *key) in judged:
                continue
            tiers = ("public", "editors") if origin == "rule" else ("editors",)
            for tier in tiers:
                if rid in gold_records and key[0] == "crime":
                    stats[key][f"{tier}_fp"] += 1  # SHERLOC's curated crime types are complete
                else:
                    stats[key][f"{tier}_unjudged"] += 1
    return stats


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def report(title: str, stats: dict) -> bool:
    """Print one table; True when every term passes."""
    print(f"\n== {title}")
    heads = f"{'pub.prec':>8} {'pub.rec':>8} {'ed.prec':>8} {'ed.rec':>8} {'tp/fp/fn':>10} {'unj':>4}"
    print(f"{'term':42} {heads}  verdict")
    ok = True
    for (scheme, term), s in sorted(stats.items()):
        ptp, pfp, pfn = s["public_tp"], s["public_fp"], s["public_fn"]
        etp, efp, efn = s["editors_tp"], s["editors_fp"], s["editors_fn"]
        passed = (ptp + pfp) == 0 or ptp / (ptp + pfp) >= TARGET
        ok = ok and passed
        print(f"{scheme + ':' + term:42} {_ratio(ptp, ptp + pfp):>8} {_ratio(ptp, ptp + pfn):>8} "
              f"{_ratio(etp, etp + efp):>8} {_ratio(etp, etp + efn):>8} {f'{ptp}/{pfp}/{pfn}':>10} "
              f"{s['public_unjudged']:>4}  {'PASS' if passed else 'FAIL'}")  # fmt: skip
    tp = sum(s["public_tp"] for s in stats.values())
    fp = sum(s["public_fp"] for s in stats.values())
    fn = sum(s["public_fn"] for s in stats.values())
    print(f"{'all (micro)':42} {_ratio(tp, tp + fp):>8} {_ratio(tp, tp + fn):>8}")
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    args = parser.parse_args(argv)
    data = shared_data()
    if not (data / "legal-sources" / "dev.jsonl.gz").exists():
        print(f"skipped: {data}/legal-sources/dev.jsonl.gz not present (set SHERLOC_SHARED_DATA)")
        return 0
    judgments = read_judgments()
    records = load_records({j["record_id"] for j in judgments}, data)
    missing = sorted({j["record_id"] for j in judgments} - set(records))
    if missing:
        print(f"warning: {len(missing)} judged records not found, e.g. {missing[:3]}")
    suggested = {rid: suggestions(rec) for rid, rec in records.items()}
    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    for name in splits:
        part = [j for j in judgments if j["split"] == name]
        ids = {j["record_id"] for j in part}
        report(f"{name} ({len(part)} judgments)", score(part, {r: s for r, s in suggested.items() if r in ids}))
    verdict = report(f"all ({len(judgments)} judgments)", score(judgments, suggested))
    print(f"\nPASS: public suggestions reach precision >= {TARGET} for every term" if verdict else
          f"\nFAIL: some public suggestions are below precision {TARGET}")  # fmt: skip
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
