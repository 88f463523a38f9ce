"""The OpenSearch index behind an index directory: its name, settings (the analyzers) and mappings.

index/engines/opensearch_engine.py creates the index from these and checks an existing one against
them; how the analyzers match `index.analysis` is told in that module's docstring.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from pathlib import Path

from index.analysis import EXACT, LANG_FIELDS, field_analyses
from index.plan import INDEXED_FACETS

# the exact (folded, unstemmed) field of each part; language fields are "<part>_<lang>"
EXACT_FIELD = {"t": "title", "h": "heading", "b": "text"}
MAX_WINDOW = 100_000  # deepest offset+limit a query may page to
_FOLD_FILTERS = ["cjk_width", "lowercase", "arabic_normalization", "asciifolding", "cjk_bigram"]


def index_settings() -> dict:
    """Index settings: one shard (exact scores and counts), analyzers per language field.

    Each language field stems with OpenSearch's built-in Snowball filter for the algorithm
    `index.analysis.field_analyses()` names, the one tantivy and Whoosh use, so an engine
    switch does not change what matches.
    """
    filters: dict[str, dict] = {}
    analyzers: dict[str, dict] = {}
    for suffix, fa in field_analyses().items():
        chain = list(_FOLD_FILTERS)
        if fa.stemmer:
            filters[f"sh_stem_{suffix}"] = {"type": "snowball", "language": fa.stemmer.capitalize()}
            chain.append(f"sh_stem_{suffix}")
        analyzers[f"sh_{suffix}"] = {"type": "custom", "char_filter": ["sh_letters", "sh_split"],
                                     "tokenizer": "standard", "filter": chain}
    return {
        "index": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "refresh_interval": "-1",  # commit() makes changes visible, as in the other engines
            "max_result_window": MAX_WINDOW,
        },
        "analysis": {
            # One character for one in both, so highlight offsets stay on the text as written.
            "char_filter": {
                # what index.textnorm.fold does beyond ASCII folding and Arabic normalisation
                "sh_letters": {"type": "mapping", "mappings": ["й=>и", "Й=>И", "ё=>е", "Ё=>Е", "ؤ=>و", "ئ=>ي"]},
                # words split at every other character, as index.analysis.tokens does; the standard
                # tokenizer alone keeps "l'origine", "1,000" or "u.s" whole
                "sh_split": {"type": "pattern_replace", "pattern": "[^\\p{L}\\p{N}\\p{M}]", "replacement": " "},
            },
            "filter": filters,
            "analyzer": analyzers,
        },
    }


def index_mappings(directory: Path) -> dict:
    """The fields of an index (strict: no others), and which directory on which machine made it."""
    keyword = {"type": "keyword"}
    props: dict[str, dict] = {
        "provision_id": keyword, "document_id": keyword, "doc_num": {"type": "long"},
        "date_key": {"type": "long"}, "year": {"type": "integer"}, "date": {"type": "keyword", "index": False},
        "label": {"type": "keyword", "index": False}, "language": keyword,
        "country": {"type": "keyword", "index": False}, "type": {"type": "keyword", "index": False},
        "crime": {"type": "keyword", "index": False}, "issue": {"type": "keyword", "index": False},
        "article": keyword, "symbol": keyword, "court": {"type": "text", "analyzer": f"sh_{EXACT}"},
    }
    for facet in INDEXED_FACETS:
        props[f"f_{facet}"] = keyword
    for part, exact in EXACT_FIELD.items():
        # body fields keep offsets in the postings: the highlighter then need not re-analyse texts
        extra = {"index_options": "offsets"} if part == "b" else {}
        props[exact] = {"type": "text", "analyzer": f"sh_{EXACT}", **extra}
        for lang in LANG_FIELDS:
            props[f"{part}_{lang}"] = {"type": "text", "analyzer": f"sh_{lang}", **extra}
    meta = {"directory": str(directory), "host": this_host()}
    return {"dynamic": "strict", "_meta": meta, "properties": props}


def this_host() -> str:
    """This machine: host name and, where there is one, its machine id (containers often share names)."""
    try:
        machine = Path("/etc/machine-id").read_text().strip()
    except OSError:
        machine = ""
    return f"{socket.gethostname()}/{machine}" if machine else socket.gethostname()


def index_name(directory: Path, prefix: str | None = None) -> str:
    """The OpenSearch index of an index directory: prefix, the directory's name, a hash of its path."""
    prefix = prefix if prefix is not None else os.environ.get("SHERLOC_OPENSEARCH_PREFIX", "sherloc-")
    path = str(Path(directory).resolve())
    digest = hashlib.blake2b(path.encode(), digest_size=6).hexdigest()
    slug = re.sub(r"[^a-z0-9]+", "-", Path(path).name.lower()).strip("-")[:60]
    return f"{prefix.lower()}{slug}-{digest}"
