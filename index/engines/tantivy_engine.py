"""The default engine: tantivy (Rust, via tantivy-py).

Text is folded and cut in Python (`index.analysis.prepare`); tantivy analyzers only split
on spaces and stem, so query words are analysed with the very same analyzers before
they become term/phrase queries. Facets are terms aggregations over "raw" fast fields,
every value counted, then cut by `index.plan.limit_facets`.
Ties in ranking are broken by date (newest first), then provision id, so paging is stable
and exact: index.engines.tantivy_order builds each page in that order.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import tantivy
from tantivy import FieldType, Occur, Query

from index.analysis import (
    EXACT,
    LANG_FIELDS,
    field_analyses,
    prepare_light,
)
from index.engines.common import (
    KEYWORD_FIELDS,
    MORE_LIKE_THIS_TERMS,
    PART_BOOST,
    check_query,
    is_constant,
    is_id_set,
    most_frequent,
    near,
    searched_languages,
    suggestion_target,
)
from index.engines.tantivy_order import Searching, all_of, collapsed_page, page
from index.errors import BadRequest, IndexOutdated
from index.indexdocs import facet_values, hit_from_stored, norm_number, norm_symbol, provision_rows, stored
from index.models import DocumentRecord
from index.plan import (
    FACET_BUCKETS,
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
# up to this many matches, distinct documents are counted exactly (a list of document numbers),
# beyond it estimated (HyperLogLog), whose cost does not grow with the matches
EXACT_DOCUMENTS = 5000
WRITER_HEAP = 512_000_000  # bytes: fewer, larger segments search faster; more memory while building
MAX_STEMS_CACHED = 200_000
MAX_TOKEN_BYTES = 100  # longer tokens (base64, URLs) are not indexed

# Facets are counted on another core while this thread reads and highlights the page:
# tantivy-py lets go of the GIL while it aggregates (not while it searches or reads documents).
_AGGREGATORS: ThreadPoolExecutor


def _new_aggregators() -> None:
    """A pool of its own for this process: a forked child (ingest workers) inherits the parent's
    pool but none of its threads, and would queue work for threads that do not exist."""
    global _AGGREGATORS
    _AGGREGATORS = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="tantivy-facets")


_new_aggregators()
os.register_at_fork(after_in_child=_new_aggregators)


def _in_background(fn: Callable, *args) -> Future:
    """`fn(*args)` on an aggregator thread, returning once that thread has started on it.

    Waiting for the start hands the GIL over: otherwise the thread would wait for it until
    this one blocks or Python's 5 ms switch interval runs out, and nothing would overlap.
    """
    started = threading.Event()

    def run():
        started.set()
        return fn(*args)

    future = _AGGREGATORS.submit(run)
    started.wait()
    return future


def _documents_aggregation(collapse: bool, total: int | None, documents: int | None, num_docs: int) -> dict | None:
    """How the query's distinct documents are counted, or None when known already (or none match)."""
    if collapse:  # paging over documents: always exact
        return {"terms": {"field": "doc_num", "size": max(1, num_docs)}}
    if documents is None and total and total <= EXACT_DOCUMENTS:
        return {"terms": {"field": "doc_num", "size": total}}
    if documents is None and total:
        return {"cardinality": {"field": "doc_num"}}
    return None


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("pid", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("doc_id", stored=True, fast=True, tokenizer_name="raw")
    sb.add_integer_field("doc_num", indexed=True, fast=True)
    sb.add_integer_field("date_key", indexed=True, fast=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    for facet in INDEXED_FACETS:
        sb.add_text_field(f"f_{facet}", fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("article", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("symbol", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("court", tokenizer_name="w_x")
    for suffix in (*LANG_FIELDS, EXACT):
        for part in PART_BOOST:
            sb.add_text_field(f"{part}_{suffix}", tokenizer_name=f"w_{suffix}")
    return sb.build()


def _analyzers(stem_only: bool = False) -> dict[str, tantivy.TextAnalyzer]:
    """Per field suffix: the full chain (split, lower-case, fold accents, stem) that indexes
    text, or with `stem_only` just the stemmer, for words that are already normalised."""
    out = {}
    for suffix, fa in field_analyses().items():
        if stem_only:
            builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        else:
            builder = (
                tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
                .filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.ascii_fold())
            )
        if fa.stemmer:
            builder = builder.filter(tantivy.Filter.stemmer(fa.stemmer))
        out[suffix] = builder.build()
    return out


def _or(queries: list[Query]) -> Query:
    if not queries:
        return Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _boost(q: Query, boost: float) -> Query:
    return q if boost == 1.0 else Query.boost_query(q, boost)


class TantivyEngine:
    """Engine protocol over a tantivy index in `directory`."""

    name = "tantivy"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._schema = _schema()
        try:
            self._index = tantivy.Index(self._schema, path=str(self.directory), reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
            raise IndexOutdated(f"the tantivy index in {self.directory} has fields of another version of "
                                f"sherloc-search: rebuild it from the store (sherloc reindex)") from exc  # fmt: skip
        self._stemmers = _analyzers(stem_only=True)
        self._exact = _analyzers()[EXACT]
        for suffix, analyzer in _analyzers().items():
            self._index.register_tokenizer(f"w_{suffix}", analyzer)
        self._stem_cache: dict[tuple[str, str], str] = {}
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.RLock()
        snippet_tables()  # built once here rather than during the first search

    # -- writing ------------------------------------------------------------------

    def _open_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            # each indexing thread writes a segment whenever its share of the heap fills
            self._writer = self._index.writer(heap_size=WRITER_HEAP)
        return self._writer

    def _document(self, row: dict) -> tantivy.Document:
        d = tantivy.Document()
        d.add_text("pid", row["provision_id"])
        d.add_text("doc_id", row["document_id"])
        d.add_integer("doc_num", row["doc_num"])
        d.add_integer("date_key", row["date_key"])
        if row["year"] is not None:
            d.add_integer("year", row["year"])
        d.add_bytes("payload", json.dumps(stored(row, SNIPPET_TEXT_CHARS), ensure_ascii=False).encode())
        for facet, values in facet_values(row).items():
            for v in values:
                d.add_text(f"f_{facet}", v)
        if row["article"]:
            d.add_text("article", row["article"])
        for s in row["symbols"]:
            d.add_text("symbol", norm_symbol(s))
        if row["court"]:
            d.add_text("court", prepare_light(row["court"]))
        lang = row["language"] if row["language"] in LANG_FIELDS else None
        for part, key in (("t", "title"), ("h", "heading"), ("b", "text")):
            value = prepare_light(row[key] or "")
            if not value:
                continue
            d.add_text(f"{part}_{EXACT}", value)
            if lang:
                d.add_text(f"{part}_{lang}", value)
        return d

    def add(self, docs: Iterable[DocumentRecord]) -> int:
        """Index documents, replacing earlier versions; commit() makes them visible."""
        n = 0
        with self._lock:
            w = self._open_writer()
            for doc in docs:
                w.delete_documents_by_term("doc_id", doc.id)
                for row in provision_rows(doc):
                    w.add_document(self._document(row))
                    n += 1
        return n

    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents with all their provisions; commit() makes it visible."""
        with self._lock:
            w = self._open_writer()
            for doc_id in doc_ids:
                w.delete_documents_by_term("doc_id", doc_id)

    def commit(self, seq: int) -> None:
        """Commit, wait for merges, then record `seq` (only after the commit succeeded)."""
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                # releasing the writer frees its lock, so another process may catch up too
                self._writer.wait_merging_threads()
                self._writer = None
            self._index.reload()
            tmp = self.directory / (SEQ_FILE + ".tmp")
            tmp.write_text(json.dumps({"seq": int(seq)}))
            os.replace(tmp, self.directory / SEQ_FILE)

    def applied_seq(self) -> int:
        """The change-log sequence recorded at the last commit (0 when new)."""
        try:
            return int(json.loads((self.directory / SEQ_FILE).read_text())["seq"])
        except (OSError, ValueError, KeyError):
            return 0

    def count(self) -> int:
        """Provisions in the index."""
        self._index.reload()
        return self._index.searcher().num_docs

    def close(self) -> None:
        """Drop the writer (waiting for merges) and the index."""
        with self._lock:
            if self._writer is not None:
                self._writer.rollback()
                self._writer.wait_merging_threads()
                self._writer = None

    # -- query translation --------------------------------------------------------------

    def _tok(self, text: str) -> list[str]:
        """Query text cut and normalised exactly as indexed text is (before stemming)."""
        return self._exact.analyze(prepare_light(text))

    def _norm(self, word: str) -> str:
        got = self._tok(word)
        return got[0] if got else ""

    def _stem(self, word: str, suffix: str) -> str:
        key = (word, suffix)
        out = self._stem_cache.get(key)
        if out is None:
            got = self._stemmers[suffix].analyze(word)
            out = got[0] if got else word
            if len(self._stem_cache) > MAX_STEMS_CACHED:
                self._stem_cache.clear()
            self._stem_cache[key] = out
        return out

    def _words_query(self, field: str, words: list[str], slop: int = 0) -> Query:
        if len(words) == 1:
            return Query.term_query(self._schema, field, words[0])
        return Query.phrase_query(self._schema, field, words, slop)

    def _text(self, node: Term | Phrase, eq: EngineQuery, parts: tuple[str, ...]) -> Query:
        toks = self._tok(node.text)
        if not toks:
            return Query.empty_query()
        langs, restricted = searched_languages(node.langs, eq.lang_weights)
        clauses: list[Query] = []
        is_term = isinstance(node, Term)
        if is_term and node.prefix:
            head, last = toks[:-1], toks[-1]
            for part in parts:
                q = Query.regex_query(self._schema, f"{part}_{EXACT}", re.escape(last) + ".*")
                if head:
                    q = Query.phrase_prefix_query(self._schema, f"{part}_{EXACT}", [*head, last])
                clauses.append(_boost(q, PART_BOOST[part]))
        elif is_term and node.fuzzy:
            dist = max(1, min(node.fuzzy, 2))
            for part in parts:
                qs = [Query.fuzzy_term_query(self._schema, f"{part}_{EXACT}", t, dist) for t in toks]
                clauses.append(_boost(all_of(qs), PART_BOOST[part]))
        else:
            slop = 0 if is_term else node.slop
            for lang, weight in langs:
                stems = [self._stem(t, lang) for t in toks]
                for part in parts:
                    clauses.append(_boost(self._words_query(f"{part}_{lang}", stems, slop), PART_BOOST[part] * weight))
            # the exact (unstemmed) body: a bonus for the very form, and the only field of
            # provisions in other languages; titles and headings are left to the language fields
            if "b" in parts:
                clauses.append(self._words_query(f"b_{EXACT}", toks, slop))
            elif parts:
                clauses.append(_boost(self._words_query(f"{parts[0]}_{EXACT}", toks, slop), PART_BOOST[parts[0]]))
        q = _or(clauses)
        if restricted:
            q = all_of([q, self._any_of("f_lang", [lang for lang, _ in langs])])
        return q

    def _any_of(self, field: str, values: list[str]) -> Query:
        """Matches a keyword field holding any of `values`, scoring 1.0 as a term-set query does.

        Term queries, not a term-set query: tantivy's term_set_query has a fixed cost far above a
        term query's, and a query expanded into five languages holds a dozen such sets.
        """
        return Query.const_score_query(_or([Query.term_query(self._schema, field, v) for v in values]), 1.0)

    def _field(self, node: Term | Phrase, eq: EngineQuery) -> Query:
        field = node.field
        value = node.text.strip()
        prefix = isinstance(node, Term) and node.prefix
        if field == "title":
            return self._text(node, eq, ("t",))
        if field in KEYWORD_FIELDS:
            value = value.upper() if field == "country" else value.lower()
            name = KEYWORD_FIELDS[field]
            if prefix:
                return Query.regex_query(self._schema, name, re.escape(value) + ".*")
            return Query.term_query(self._schema, name, value)
        if field == "article":
            value = norm_number(value)
            if prefix:
                return Query.regex_query(self._schema, "article", re.escape(value) + ".*")
            return Query.term_query(self._schema, "article", value)
        if field == "symbol":
            value = norm_symbol(value)
            if prefix:
                return Query.regex_query(self._schema, "symbol", re.escape(value) + ".*")
            return Query.term_query(self._schema, "symbol", value)
        if field == "court":
            toks = self._tok(value)
            if not toks:
                return Query.empty_query()
            if prefix:
                return Query.regex_query(self._schema, "court", re.escape(toks[-1]) + ".*")
            return self._words_query("court", toks, getattr(node, "slop", 0))
        if field == "id":
            return _or([Query.term_query(self._schema, "pid", value), Query.term_query(self._schema, "doc_id", value)])
        raise BadRequest(f"unknown field {field!r}: use one of {', '.join(QUERY_FIELDS)}")

    def _id_set(self, ids: list[str]) -> Query:
        # one set lookup per field, not a clause per id: the hybrid search sends up to a thousand ids
        return Query.const_score_query(_or([Query.term_set_query(self._schema, "pid", ids),
                                            Query.term_set_query(self._schema, "doc_id", ids)]), 1.0)

    def _node(self, node, eq: EngineQuery) -> Query:
        if isinstance(node, MatchAll):
            return Query.all_query()
        if isinstance(node, (Term, Phrase)):
            q = self._text(node, eq, tuple(PART_BOOST)) if node.field is None else self._field(node, eq)
            if is_constant(node):
                q = Query.const_score_query(q, 1.0)
            return _boost(q, node.boost)
        if isinstance(node, Range):
            if node.field != "year":
                raise BadRequest(f"a range works on year only, not {node.field!r}")
            if node.lo is None and node.hi is None:
                return Query.exists_query("year")
            return Query.const_score_query(
                Query.range_query(self._schema, "year", FieldType.Integer, node.lo, node.hi), 1.0)
        if isinstance(node, Bool) and is_id_set(node):
            return self._id_set([n.text for n in node.should])
        if isinstance(node, Bool):
            subs = [(Occur.Must, self._node(n, eq)) for n in node.must]
            subs += [(Occur.Should, self._node(n, eq)) for n in node.should]
            subs += [(Occur.MustNot, self._node(n, eq)) for n in node.must_not]
            if not node.must and not node.should:
                subs.insert(0, (Occur.Must, Query.all_query()))
            q = Query.boolean_query(subs)
            if is_constant(node):
                q = Query.const_score_query(q, 1.0)
            return _boost(q, node.boost)
        raise BadRequest(f"cannot search for {node!r}")

    def _filters(self, eq: EngineQuery) -> tuple[dict[str, Query], Query | None]:
        filters = {}
        for facet, values in eq.filters.items():
            if values:
                filters[facet] = self._any_of(f"f_{facet_field(facet, eq.curated)}", [str(v) for v in values])
        years = None
        if eq.year_from is not None or eq.year_to is not None:
            years = Query.range_query(self._schema, "year", FieldType.Integer, eq.year_from, eq.year_to)
        return filters, years

    # -- searching ----------------------------------------------------------------------

    @staticmethod
    def _filter_string(facet: str, values: list[str]) -> str:
        quoted = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
        return "(" + " OR ".join(f"f_{facet}:{v}" for v in quoted) + ")"

    def _aggregate(self, searcher: tantivy.Searcher, base: Query, filters: dict[str, Query], eq: EngineQuery,
                   total: int | None = None, documents: int | None = None) -> Callable[[], tuple]:
        """Start counting, in one pass over the query's matches; the function returned waits for
        (total, total_documents, complete facet counts, EngineResult.without).

        `total`, the matches of the whole query, comes from the page search; only when paging
        over documents (collapse) is it counted here. `documents`, its distinct documents, is
        counted here unless given (known when the page search fetched every match): exactly up to
        EXACT_DOCUMENTS, estimated (HyperLogLog) beyond, and always exact when paging over
        documents. Filters become filter aggregations: the full result set (every filter)
        counts the documents and the facets without a filter of their own; each filtered
        facet is counted under the other facets' filters only (OR within a facet).
        """
        if total == 0 and not filters:
            return lambda: (0, 0, {f: {} for f in eq.facets}, {})
        strings = {f: self._filter_string(facet_field(f, eq.curated), eq.filters[f]) for f in filters}

        def terms(f: str) -> dict:
            # every value, from every segment: a per-segment top list would make counts near
            # the cut approximate and leave out selected values (cut later by limit_facets)
            field = f"f_{facet_field(f, eq.curated)}"
            agg: dict = {"terms": {"field": field, "size": FACET_BUCKETS, "segment_size": FACET_BUCKETS}}
            if eq.collapse:  # one result per document: each value counts its distinct documents, exactly
                size = max(1, searcher.num_docs)
                agg["aggs"] = {"_d": {"terms": {"field": "doc_num", "size": size, "segment_size": size}}}
            return agg

        main = {f: terms(f) for f in eq.facets if f not in filters}
        counting_documents = _documents_aggregation(eq.collapse, total, documents, searcher.num_docs)
        if counting_documents:
            main["_docs"] = counting_documents
        aggs: dict = {"_all": {"filter": " AND ".join(strings.values()), "aggs": main}} if filters else dict(main)
        for f in eq.facets:
            if f in filters:
                # a filter aggregation even without other filters ("*"): its doc_count is what
                # removing this facet's filter would find, which a search finding nothing offers
                others = " AND ".join(v for g, v in strings.items() if g != f) or "*"
                aggs[f"_f_{f}"] = {"filter": others, "aggs": {f: terms(f)}}
        if not aggs:
            return lambda: self._counts({}, filters, eq, total, documents)
        counting = _in_background(searcher.aggregate, base, aggs)
        return lambda: self._counts(counting.result(), filters, eq, total, documents)

    @staticmethod
    def _counts(res: dict, filters: dict[str, Query], eq: EngineQuery, total: int | None, documents: int | None):
        top = res["_all"] if filters else res
        facets: dict[str, dict[str, int]] = {}
        without: dict[str, int] = {}
        for f in eq.facets:
            node = top.get(f) if f not in filters else res.get(f"_f_{f}", {})
            if f in filters and f in node:
                without[f] = int(node["doc_count"])
                node = node[f]
            facets[f] = {str(b["key"]): len(b["_d"]["buckets"]) if "_d" in b else int(b["doc_count"])
                         for b in (node or {}).get("buckets", [])}  # fmt: skip
        docs = top.get("_docs", {})
        if "buckets" in docs:
            if eq.collapse:
                total = sum(int(b["doc_count"]) for b in docs["buckets"])
            documents = len(docs["buckets"])
        elif "value" in docs:
            documents = int(docs["value"] or 0)
        return total, documents or 0, facets, without

    def search(self, query: EngineQuery) -> EngineResult:
        """Answer one EngineQuery (see the Engine protocol)."""
        check_query(query)
        base = self._node(query.node, query)
        filters, years = self._filters(query)
        base_years = all_of([base, years]) if years is not None else base
        full = all_of([base_years, *filters.values()])
        searching = Searching(self._index.searcher(), self._schema)
        searcher = searching.searcher
        constant = is_constant(query.node)
        if query.collapse:
            total, total_documents, counts, without = self._aggregate(searcher, base_years, filters, query)()
            hits = self._hits(searching, collapsed_page(searching, full, query, constant, total), query)
        else:
            # the page first: its search counts the matches, so the aggregation knows how to count
            # distinct documents; the aggregation then runs while the page is read and highlighted
            got = page(searching, full, query.sort, query.offset, query.limit, constant)
            documents = None
            if len(got.fetched) == got.total:  # every match was fetched: no need to count again
                documents = len(set(searcher.fast_field_values("doc_num", got.fetched))) if got.fetched else 0
            counting = self._aggregate(searcher, base_years, filters, query, got.total, documents)
            hits = self._hits(searching, got.hits, query)
            total, total_documents, counts, without = counting()
        facets, truncated = limit_facets(counts, query)
        return EngineResult(hits=hits, total=total, total_documents=total_documents, facets=facets,
                            truncated=truncated, without=without)

    def _hits(self, searcher: Searching, hits: list, query: EngineQuery) -> list[Hit]:
        words = QueryWords.from_node(query.node, self._tok) if query.snippets else None
        matchers = {}
        out = []
        for score, addr in hits:
            data = json.loads(bytes(searcher.doc(addr).get_first("payload")))
            html_ = ""
            if words is not None:
                lang = data["language"] if data["language"] in LANG_FIELDS else EXACT
                if lang not in matchers:
                    matchers[lang] = words.matcher(lang, self._stem, self._norm)
                html_ = snippet(data["text"], matchers[lang], query.snippet_chars)
            out.append(hit_from_stored(data, score, html_))
        return out

    def _address(self, searcher, provision_id: str):
        res = searcher.search(Query.term_query(self._schema, "pid", provision_id), limit=1, count=False)
        return res.hits[0][1] if res.hits else None

    def more_like_this(self, provision_id: str, limit: int = 10) -> list[Hit]:
        """Provisions with similar wording (tantivy's MoreLikeThis over the body fields)."""
        searcher = self._index.searcher()
        addr = self._address(searcher, provision_id)
        if addr is None:
            return []
        data = json.loads(bytes(searcher.doc(addr).get_first("payload")))
        lang = data["language"] if data["language"] in LANG_FIELDS else EXACT
        q = Query.more_like_this_document_fields_query(
            self._schema, {f"b_{lang}": [prepare_light(data["text"])]}, min_doc_frequency=1, min_term_frequency=1,
            max_query_terms=MORE_LIKE_THIS_TERMS,
        )
        q = all_of([q, Query.boolean_query([(Occur.Must, Query.all_query()),
                                          (Occur.MustNot, Query.term_query(self._schema, "pid", provision_id))])])
        res = searcher.search(q, limit=limit, count=False)
        return [hit_from_stored(json.loads(bytes(searcher.doc(a).get_first("payload"))), s) for s, a in res.hits]

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Indexed words within a small edit distance of `word`, most frequent first."""
        target = suggestion_target(word, self._tok)
        if target is None:
            return []
        w, dist = target
        searcher = self._index.searcher()
        found: dict[str, int] = {}
        # most misspellings keep their first two letters: look there first (a short walk of
        # the term dictionary), then under the first letter only
        for prefix in (w[:2], w[:1]):
            for term, n in searcher.terms_with_prefix(f"b_{EXACT}", prefix):
                if near(w, dist, term):
                    found[term] = max(found.get(term, 0), n)
            if found:
                break
        return most_frequent(found, limit)
