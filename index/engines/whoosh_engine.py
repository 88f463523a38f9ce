"""A pure-Python engine: Whoosh (whoosh-reloaded). Slower than tantivy, no native code.

The same analysis as every engine (`index.analysis`): text is folded and cut in Python,
Whoosh splits on spaces and stems with its Snowball stemmers. Whoosh only matches and
scores; filters, facet counts, ordering and collapsing are done in Python over the
matched documents, reading a small stored record per document, which keeps the
semantics identical to the tantivy engine (at a cost in speed on large result sets).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer, StemFilter
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from index.analysis import (
    EXACT,
    LANG_FIELDS,
    prepare,
    stem,
    tokens,
)
from index.engines.common import (
    KEYWORD_FIELDS,
    PART_BOOST,
    check_query,
    most_frequent,
    near,
    searched_languages,
    suggestion_target,
)
from index.errors import BadRequest, IndexOutdated
from index.indexdocs import facet_values, hit_from_stored, norm_number, norm_symbol, provision_rows, stored
from index.models import DocumentRecord
from index.plan import (
    INDEXED_FACETS,
    QUERY_FIELDS,
    Bool,
    EngineQuery,
    EngineResult,
    Hit,
    MatchAll,
    Phrase,
    Range,
    Term,
    facet_field,
    limit_facets,
)
from index.snippets import SNIPPET_TEXT_CHARS, QueryWords, snippet, snippet_tables

SEQ_FILE = "applied_seq.json"


def _schema() -> Schema:
    fields = {
        "pid": ID(stored=True, unique=True),
        "doc_id": ID(stored=True),
        "year": NUMERIC(int, bits=32, signed=True),
        "payload": STORED(),
        # what filtering, counting and ordering read for every match: small, in a column
        "meta": COLUMN(VarBytesColumn()),
        "article": ID(),
        "symbol": KEYWORD(commas=True, scorable=False),
        "court": TEXT(analyzer=SpaceSeparatedTokenizer()),
    }
    for facet in INDEXED_FACETS:
        fields[f"f_{facet}"] = KEYWORD(commas=True, scorable=False)
    for suffix in (*LANG_FIELDS, EXACT):
        for part in PART_BOOST:
            analyzer = SpaceSeparatedTokenizer()
            if suffix in ("ar", "en", "es", "fr", "ru"):
                analyzer = analyzer | StemFilter(lang=suffix, cachesize=50_000)
            fields[f"{part}_{suffix}"] = TEXT(analyzer=analyzer, phrase=True)
    return Schema(**fields)


def _or(queries: list) -> wq.Query:
    queries = [q for q in queries if q is not None]
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _and(queries: list) -> wq.Query:
    return queries[0] if len(queries) == 1 else wq.And(queries)


def _boost(q: wq.Query, boost: float) -> wq.Query:
    if boost != 1.0 and q is not wq.NullQuery:
        q = q.copy()
        q.boost = q.boost * boost
    return q


class WhooshEngine:
    """Engine protocol over a Whoosh index in `directory`."""

    name = "whoosh"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        if windex.exists_in(str(self.directory)):
            self._ix = windex.open_dir(str(self.directory))
            missing = sorted(set(_schema().names()) - set(self._ix.schema.names()))
            if missing:
                self._ix.close()
                raise IndexOutdated(f"the Whoosh index in {self.directory} lacks the fields {', '.join(missing)} of "
                                    "this version of sherloc-search: rebuild it from the store (sherloc reindex)")
        else:
            self._ix = windex.create_in(str(self.directory), _schema())
        self._writer = None
        self._lock = threading.RLock()
        self._searcher = None
        snippet_tables()  # built once here rather than during the first search

    # -- writing ------------------------------------------------------------------

    def _w(self):
        if self._writer is None:
            self._writer = self._ix.writer(limitmb=256)
        return self._writer

    def add(self, docs: Iterable[DocumentRecord]) -> int:
        """Index documents, replacing earlier versions; commit() makes them visible."""
        n = 0
        with self._lock:
            w = self._w()
            for doc in docs:
                w.delete_by_term("doc_id", doc.id)
                for row in provision_rows(doc):
                    w.add_document(**self._fields(row))
                    n += 1
        return n

    @staticmethod
    def _fields(row: dict) -> dict:
        facets = facet_values(row)
        meta = {"f": facets, "d": row["date_key"], "p": row["provision_id"], "doc": row["document_id"]}
        out = {
            "pid": row["provision_id"],
            "doc_id": row["document_id"],
            "payload": json.dumps(stored(row, SNIPPET_TEXT_CHARS), ensure_ascii=False),
            "meta": json.dumps(meta, ensure_ascii=False).encode(),
        }
        if row["year"] is not None:
            out["year"] = row["year"]
        for facet, values in facets.items():
            if values:
                out[f"f_{facet}"] = ",".join(values)
        if row["article"]:
            out["article"] = row["article"]
        if row["symbols"]:
            out["symbol"] = ",".join(norm_symbol(s) for s in row["symbols"])
        if row["court"]:
            out["court"] = prepare(row["court"])
        lang = row["language"] if row["language"] in LANG_FIELDS else None
        for part, key in (("t", "title"), ("h", "heading"), ("b", "text")):
            value = prepare(row[key] or "")
            if value:
                out[f"{part}_{EXACT}"] = value
                if lang:
                    out[f"{part}_{lang}"] = value
        return out

    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents with all their provisions; commit() makes it visible."""
        with self._lock:
            w = self._w()
            for doc_id in doc_ids:
                w.delete_by_term("doc_id", doc_id)

    def commit(self, seq: int) -> None:
        """Commit, then record `seq`."""
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                self._writer = None
            self._drop_searcher()
            tmp = self.directory / (SEQ_FILE + ".tmp")
            tmp.write_text(json.dumps({"seq": int(seq)}))
            os.replace(tmp, self.directory / SEQ_FILE)

    def applied_seq(self) -> int:
        """The change-log sequence recorded at the last commit (0 when new)."""
        try:
            return int(json.loads((self.directory / SEQ_FILE).read_text())["seq"])
        except (OSError, ValueError, KeyError):
            return 0

    def _current_searcher(self):
        with self._lock:
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            else:
                self._searcher = self._searcher.refresh()
            return self._searcher

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def count(self) -> int:
        """Provisions in the index."""
        return self._current_searcher().doc_count()

    def close(self) -> None:
        """Cancel pending writes and close the searcher."""
        with self._lock:
            if self._writer is not None:
                self._writer.cancel()
                self._writer = None
            self._drop_searcher()

    # -- query translation --------------------------------------------------------------

    @staticmethod
    def _words(field: str, words: list[str], slop: int = 0) -> wq.Query:
        if len(words) == 1:
            return wq.Term(field, words[0])
        return wq.Phrase(field, words, slop=max(1, slop + 1))

    def _text(self, node: Term | Phrase, eq: EngineQuery, parts: tuple[str, ...]) -> wq.Query:
        toks = tokens(node.text)
        if not toks:
            return wq.NullQuery
        langs, restricted = searched_languages(node.langs, eq.lang_weights)
        clauses = []
        is_term = isinstance(node, Term)
        if is_term and node.prefix:
            for part in parts:
                field = f"{part}_{EXACT}"
                q = wq.Prefix(field, toks[-1])
                if len(toks) > 1:
                    q = wq.And([self._words(field, toks[:-1]), q])
                clauses.append(_boost(q, PART_BOOST[part]))
        elif is_term and node.fuzzy:
            dist = max(1, min(node.fuzzy, 2))
            for part in parts:
                qs = [wq.FuzzyTerm(f"{part}_{EXACT}", t, maxdist=dist, prefixlength=0) for t in toks]
                clauses.append(_boost(_and(qs), PART_BOOST[part]))
        else:
            slop = 0 if is_term else node.slop
            for lang, weight in langs:
                stems = [stem(t, lang) for t in toks]
                for part in parts:
                    clauses.append(_boost(self._words(f"{part}_{lang}", stems, slop), PART_BOOST[part] * weight))
            # the exact body (as in the tantivy engine): a bonus for the very form, and the only
            # field of provisions in other languages
            if "b" in parts:
                clauses.append(self._words(f"b_{EXACT}", toks, slop))
            elif parts:
                clauses.append(_boost(self._words(f"{parts[0]}_{EXACT}", toks, slop), PART_BOOST[parts[0]]))
        q = _or(clauses)
        if restricted:
            q = wq.And([q, wq.ConstantScoreQuery(_or([wq.Term("f_lang", lang) for lang, _ in langs]), 0.0)])
        return q

    def _field(self, node: Term | Phrase, eq: EngineQuery) -> wq.Query:
        field, value = node.field, node.text.strip()
        prefix = isinstance(node, Term) and node.prefix
        if field == "title":
            return self._text(node, eq, ("t",))
        name, norm = {
            **{k: (v, (str.upper if k == "country" else str.lower)) for k, v in KEYWORD_FIELDS.items()},
            "article": ("article", norm_number),
            "symbol": ("symbol", norm_symbol),
        }.get(field, (None, None))
        if name:
            value = norm(value)
            return wq.Prefix(name, value) if prefix else wq.Term(name, value)
        if field == "court":
            toks = tokens(value)
            if not toks:
                return wq.NullQuery
            return wq.Prefix("court", toks[-1]) if prefix else self._words("court", toks, getattr(node, "slop", 0))
        if field == "id":
            return wq.Or([wq.Term("pid", value), wq.Term("doc_id", value)])
        raise BadRequest(f"unknown field {field!r}: use one of {', '.join(QUERY_FIELDS)}")

    def _node(self, node, eq: EngineQuery) -> wq.Query:
        if isinstance(node, MatchAll):
            return wq.Every()
        if isinstance(node, (Term, Phrase)):
            q = self._text(node, eq, tuple(PART_BOOST)) if node.field is None else self._field(node, eq)
            if node.field not in (None, "title", "court"):
                q = wq.ConstantScoreQuery(q, 1.0)
            return _boost(q, node.boost)
        if isinstance(node, Range):
            if node.field != "year":
                raise BadRequest(f"a range works on year only, not {node.field!r}")
            return wq.ConstantScoreQuery(wq.NumericRange("year", node.lo, node.hi), 1.0)
        if isinstance(node, Bool):
            must = [self._node(n, eq) for n in node.must]
            should = [self._node(n, eq) for n in node.should]
            nots = [self._node(n, eq) for n in node.must_not]
            if must and should:
                q = wq.AndMaybe(_and(must), _or(should))
            elif must:
                q = _and(must)
            elif should:
                q = _or(should)
            else:
                q = wq.ConstantScoreQuery(wq.Every(), 1.0)
            if nots:
                q = wq.AndNot(q, _or(nots))
            return _boost(q, node.boost)
        raise BadRequest(f"cannot search for {node!r}")

    # -- searching ----------------------------------------------------------------------

    def search(self, query: EngineQuery) -> EngineResult:
        """Answer one EngineQuery (see the Engine protocol)."""
        check_query(query)
        searcher = self._current_searcher()
        q = self._node(query.node, query)
        results = searcher.search(q, limit=None, scored=True)
        filters = {f: set(map(str, v)) for f, v in query.filters.items() if v}
        matched = []  # (score, docnum, meta)
        counts: dict[str, dict[str, int]] = {f: {} for f in query.facets}
        doc_sets: dict[str, dict[str, set[str]]] = {}
        fields = {f: facet_field(f, query.curated) for f in [*filters, *query.facets]}
        without = dict.fromkeys((f for f in filters if f in query.facets), 0)
        column = searcher.reader().column_reader("meta")
        for score, docnum in results.top_n:
            meta = json.loads(column[docnum])
            fv = meta["f"]
            year = int(fv["year"][0]) if fv["year"] else None
            if query.year_from is not None and (year is None or year < query.year_from):
                continue
            if query.year_to is not None and (year is None or year > query.year_to):
                continue
            failed = [f for f, vals in filters.items() if not vals.intersection(fv.get(fields[f], ()))]
            if not failed:
                matched.append((score, docnum, meta))
                for f in without:
                    without[f] += 1
            elif len(failed) == 1 and failed[0] in without:
                without[failed[0]] += 1
            for facet in query.facets:
                if not failed or failed == [facet]:
                    values = fv.get(fields[facet], ())
                    if query.collapse:  # one result per document: each value counts documents
                        for v in values:
                            doc_sets.setdefault(facet, {}).setdefault(v, set()).add(meta["doc"])
                        continue
                    bucket = counts[facet]
                    for v in values:
                        bucket[v] = bucket.get(v, 0) + 1
        for facet, values in doc_sets.items():
            counts[facet] = {v: len(docs) for v, docs in values.items()}
        facets, truncated = limit_facets(counts, query)
        if query.sort == "date":
            matched.sort(key=lambda m: (-m[2]["d"], m[2]["p"]))
        else:
            matched.sort(key=lambda m: (-m[0], -m[2]["d"], m[2]["p"]))
        documents = {m[2]["doc"] for m in matched}
        rows = matched
        if query.collapse:
            seen: set[str] = set()
            rows = []
            for m in matched:
                if m[2]["doc"] not in seen:
                    seen.add(m[2]["doc"])
                    rows.append(m)
        page = rows[query.offset : query.offset + query.limit]
        words = QueryWords.from_node(query.node) if query.snippets else None
        matchers = {}
        hits = []
        for score, docnum, _ in page:
            data = json.loads(searcher.stored_fields(docnum)["payload"])
            html_ = ""
            if words is not None:
                lang = data["language"] if data["language"] in LANG_FIELDS else EXACT
                if lang not in matchers:
                    matchers[lang] = words.matcher(lang, stem)
                html_ = snippet(data["text"], matchers[lang], query.snippet_chars)
            hits.append(hit_from_stored(data, score, html_))
        return EngineResult(hits=hits, total=len(matched), total_documents=len(documents), facets=facets,
                            truncated=truncated, without=without)

    def more_like_this(self, provision_id: str, limit: int = 10) -> list[Hit]:
        """Provisions with similar wording (Whoosh's key-term MoreLikeThis on the exact body field)."""
        searcher = self._current_searcher()
        docnum = searcher.document_number(pid=provision_id)
        if docnum is None:
            return []
        data = json.loads(searcher.stored_fields(docnum)["payload"])
        found = searcher.more_like(docnum, f"b_{EXACT}", text=prepare(data["text"]), top=limit + 1)
        out = []
        for hit in found:
            d = json.loads(hit["payload"])
            if d["provision_id"] != provision_id:
                out.append(hit_from_stored(d, hit.score))
        return out[:limit]

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Indexed words within a small edit distance of `word`, most frequent first."""
        target = suggestion_target(word, tokens)
        if target is None:
            return []
        w, dist = target
        reader = self._current_searcher().reader()
        field = f"b_{EXACT}"
        found = {}
        for term in reader.expand_prefix(field, w[:1]):
            term = term.decode() if isinstance(term, bytes) else term
            if near(w, dist, term):
                found[term] = reader.doc_frequency(field, term)
        return most_frequent(found, limit)
