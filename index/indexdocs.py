"""Flat, engine-neutral rows: one per provision, with everything an engine indexes or shows.

Facet fields are lists of keyword values (a provision may have several crimes, and an
issue counts under its parents too, so a parent's count includes its children).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from index.models import DocumentRecord, merged_terms
from index.plan import Hit
from index.textnorm import fold

# The issue hierarchy of the brief, used only when index.taxonomy cannot be loaded.
_FALLBACK_PARENTS = {
    **dict.fromkeys(
        ("crim-participation", "crim-laundering", "crim-corruption", "crim-obstruction"), "criminalization"
    ),
    **dict.fromkeys(
        (
            "extradition", "transfer-sentenced-persons", "mutual-legal-assistance", "joint-investigations",
            "special-investigative-techniques", "transfer-criminal-proceedings", "law-enforcement-cooperation",
            "confiscation-cooperation", "electronic-evidence",
        ),
        "international-cooperation",
    ),
}


class _FallbackTaxonomy:
    def with_ancestors(self, ids) -> list[str]:
        out: list[str] = []
        for i in ids:
            for t in (i, _FALLBACK_PARENTS.get(i)):
                if t and t not in out:
                    out.append(t)
        return out


@lru_cache(maxsize=1)
def default_taxonomy():
    """The bundled taxonomy (index.taxonomy), or the built-in issue hierarchy if it cannot load."""
    try:
        from index.taxonomy import load_taxonomy

        return load_taxonomy()
    except Exception:  # noqa: BLE001 - indexing must not fail for want of labels
        return _FallbackTaxonomy()


def _region(code: str | None) -> list[str]:
    if not code:
        return []
    try:
        from index.countries import region
    except ImportError:
        return []
    try:
        r = region(code)
    except Exception:  # noqa: BLE001 - an unknown code simply has no region
        return []
    if not r:
        return []
    return [r] if isinstance(r, str) else list(r)


def date_key(date: str | None) -> int:
    """YYYYMMDD as an int for sorting (missing parts as 00; 0 without a date)."""
    if not date or not date[:4].isdigit():
        return 0
    digits = re.sub(r"\D", "", date)[:8]
    return int(digits.ljust(8, "0"))


def doc_num(document_id: str) -> int:
    """A stable signed 63-bit number for a document id (a numeric column engines can group by)."""
    return int.from_bytes(hashlib.blake2b(document_id.encode(), digest_size=8).digest(), "big") >> 1


def norm_number(number: str) -> str:
    """An article number as field:value compares it: folded, single spaces ("5 bis")."""
    return " ".join(re.findall(r"\w+", fold(number)))


def norm_symbol(symbol: str) -> str:
    """A document symbol as field:value compares it: folded, no spaces ("a/res/55/25")."""
    return re.sub(r"\s+", "", fold(symbol))


def _symbols(doc: DocumentRecord) -> list[str]:
    meta = doc.metadata or {}
    out: list[str] = []
    for key in ("symbols", "symbol", "ecli", "case_number"):
        value = meta.get(key)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.strip() and v.strip() not in out:
                out.append(v.strip())
    return out


def provision_rows(doc: DocumentRecord, taxonomy=None) -> list[dict]:
    """One flat row per provision of `doc` (see the module docstring)."""
    taxonomy = taxonomy or default_taxonomy()
    meta = doc.metadata or {}
    court = meta.get("court") if isinstance(meta.get("court"), str) else ""
    symbols = _symbols(doc)
    region = _region(doc.country)
    year = doc.year
    rows = []
    # each scheme's levels once per document: looking them up per provision would read every
    # classification of a long document once per provision
    levels = {(scheme, curated): doc.term_levels(scheme, curated) for scheme in ("crime", "issue")
              for curated in (False, True)}  # fmt: skip
    for p in doc.provisions:
        issues = taxonomy.with_ancestors(merged_terms(levels[("issue", False)], p.id))
        rows.append(
            {
                "provision_id": p.id,
                "document_id": doc.id,
                "doc_num": doc_num(doc.id),
                "title": doc.title,
                "label": p.label,
                "heading": p.heading,
                "text": p.text,
                "language": p.language,
                "country": doc.country,
                "region": region,
                "type": doc.type,
                "date": doc.date,
                "year": year,
                "date_key": date_key(doc.date),
                "crime": merged_terms(levels[("crime", False)], p.id),
                "issue": list(issues),
                "crime_curated": merged_terms(levels[("crime", True)], p.id),
                "issue_curated": taxonomy.with_ancestors(merged_terms(levels[("issue", True)], p.id)),
                "court": court or "",
                "article": norm_number(p.number) if p.number else "",
                "symbols": symbols,
            }
        )
    return rows


def facet_values(row: dict) -> dict[str, list[str]]:
    """Keyword values per indexed facet field (INDEXED_FACETS) of one row."""
    return {
        "crime": list(row["crime"]),
        "issue": list(row["issue"]),
        "crime_curated": list(row.get("crime_curated", ())),
        "issue_curated": list(row.get("issue_curated", ())),
        "country": [row["country"]] if row["country"] else [],
        "region": list(row["region"]),
        "type": [row["type"]] if row["type"] else [],
        "lang": [row["language"]] if row["language"] else [],
        "year": [str(row["year"])] if row["year"] is not None else [],
    }


STORED_KEYS = (
    "provision_id", "document_id", "title", "label", "heading", "text", "language", "country", "type", "date",
    "date_key", "crime", "issue",
)


def stored(row: dict, text_chars: int | None = None) -> dict:
    """The part of a row an engine stores to build a Hit; with `text_chars`, only the start of the text.

    Every hit's stored part is read back in full (a few legal-sources provisions hold 350 KB),
    and a snippet reads the start of a text only (`index.analysis.SNIPPET_TEXT_CHARS`).
    """
    out = {k: row[k] for k in STORED_KEYS}
    if text_chars is not None and len(out["text"]) > text_chars:
        out["text"] = out["text"][:text_chars]
    return out


def hit_from_stored(data: dict, score: float, snippet_html: str = "") -> Hit:
    """A Hit from what stored() kept."""
    return Hit(
        provision_id=data["provision_id"],
        document_id=data["document_id"],
        score=float(score),
        title=data["title"],
        label=data["label"],
        heading=data["heading"],
        language=data["language"],
        country=data["country"],
        type=data["type"],
        date=data["date"],
        snippet_html=snippet_html,
        text=data["text"],
        crime=list(data["crime"]),
        issue=list(data["issue"]),
    )
