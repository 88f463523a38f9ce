"""The OpenSearch engine: the same provisions and queries as tantivy and Whoosh, on a node.

For deployments that outgrow one machine. The node is named by `SHERLOC_OPENSEARCH_URL`
(default http://127.0.0.1:9200); each index directory maps to one OpenSearch index
(`SHERLOC_OPENSEARCH_PREFIX`, default "sherloc-", plus the directory's name and a hash
of its path), and the directory keeps the applied change-log sequence like the other
engines. `tools/opensearch/start-node.sh` starts a local node from Maven Central jars.

Analysis runs inside OpenSearch with its own analysis-common filters, chained to give the
words `index.analysis` gives the other engines: every character that is not a letter,
digit or mark splits words, then the standard tokenizer, width folding, lower case,
Arabic normalisation, ASCII folding (accents) and CJK bigrams in every text field; each
language field then stems with OpenSearch's Snowball filter for the same algorithm the
other engines use. Stop words are kept, as there, so phrases mean the same everywhere.
(OpenSearch's ready-made "english", "french"... analyzers neither fold accents nor keep
stop words, and stem with other algorithms: results would change with the engine.)

Facets are terms aggregations inside filter aggregations: the page is cut by a
post_filter holding every facet filter, and each facet counts every value under all
filters but its own (then cut by `index.plan.limit_facets`, as in the other engines).
Snippets come from the unified highlighter (HTML encoder, <mark> tags). Collapse is
OpenSearch's field collapsing on the document id. Ties in ranking are broken by date
(newest first), then provision id, by the sort itself, so paging is stable.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from index.analysis import LANG_FIELDS, tokens
from index.engines.common import (
    KEYWORD_FIELDS,
    MORE_LIKE_THIS_TERMS,
    PART_BOOST,
    check_query,
    is_constant,
    most_frequent,
    near,
    searched_languages,
    suggestion_target,
)
from index.engines.opensearch_index import (
    EXACT_FIELD,
    MAX_WINDOW,
    index_mappings,
    index_name,
    index_settings,
    this_host,
)
from index.errors import BadRequest, IndexOutdated, SherlocError
from index.indexdocs import STORED_KEYS, facet_values, hit_from_stored, norm_number, norm_symbol, provision_rows, stored
from index.models import DocumentRecord
from index.plan import (
    FACET_BUCKETS,
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

DEFAULT_URL = "http://127.0.0.1:9200"
STATE_FILE = "opensearch.json"
BULK_THREADS = int(os.environ.get("SHERLOC_OPENSEARCH_BULK_THREADS", "2"))
EXACT_DOCUMENT_COUNT = 40_000  # distinct documents are counted exactly up to this many (OpenSearch's most)
_DISTINCT_DOCUMENTS = {"cardinality": {"field": "document_id", "precision_threshold": EXACT_DOCUMENT_COUNT}}


def _and(clauses: list[dict]) -> dict:
    clauses = [c for c in clauses if c is not None]
    if not clauses:
        return {"match_all": {}}
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"must": clauses}}


def _or(clauses: list[dict]) -> dict:
    if not clauses:
        return {"match_none": {}}
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _boost(q: dict, boost: float) -> dict:
    return q if boost == 1.0 else {"bool": {"must": [q], "boost": boost}}


def _constant(q: dict) -> dict:
    return {"constant_score": {"filter": q, "boost": 1.0}}


def _node_errors(method):
    """Turn the client's exceptions into SherlocErrors that name the node and the index."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except OSConnectionError as exc:
            raise SherlocError(
                f"no OpenSearch node answers at {self.url} (set SHERLOC_OPENSEARCH_URL, or start one with "
                f"tools/opensearch/start-node.sh): {exc}") from exc
        except NotFoundError as exc:
            raise SherlocError(
                f"the index {self.index} of {self.directory} is gone from the node at {self.url}: "
                f"rebuild it (sherloc index rebuild)") from exc
        except RequestError as exc:
            raise BadRequest(f"OpenSearch at {self.url} refused the request: {exc.error}: {exc.info}") from exc
        except TransportError as exc:
            raise SherlocError(f"OpenSearch at {self.url} failed on {self.index}: {exc}") from exc

    return wrapper


def _exact_only(node) -> bool:
    """Whether a query has words only the exact fields match (prefix, fuzzy)."""
    if isinstance(node, Term):
        return node.field is None and bool(node.prefix or node.fuzzy)
    if isinstance(node, Bool):
        return any(_exact_only(n) for n in (*node.must, *node.should))
    return False


class OpenSearchEngine:
    """Engine protocol over one index of an OpenSearch node; state kept in `directory`."""

    name = "opensearch"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.url = os.environ.get("SHERLOC_OPENSEARCH_URL", DEFAULT_URL)
        self._client = OpenSearch(hosts=[self.url], timeout=120, http_compress=False)
        self._lock = threading.RLock()
        state = self._state()
        self.index = state.get("index") or index_name(self.directory)
        self._others: bool | None = None  # provisions in no language field? see _other_languages
        self._fresh = self._open(bool(state))

    @_node_errors
    def _open(self, known: bool) -> bool:
        """Use the directory's index, or create it; True when it starts empty."""
        exists = self._client.indices.exists(index=self.index)
        if known and exists:
            mapping = self._client.indices.get_mapping(index=self.index).get(self.index, {}).get("mappings", {})
            missing = sorted(set(index_mappings(self.directory)["properties"]) - set(mapping.get("properties", {})))
            if missing:  # written by an earlier version (strict mapping): the handle rebuilds it from the store
                raise IndexOutdated(f"the OpenSearch index {self.index} lacks the fields {', '.join(missing)} of "
                                    "this version of sherloc-search: rebuild it from the store (sherloc reindex)")
            return False
        # a new directory (an index left under its name belongs to a removed directory),
        # or an index lost on the node: start empty, so catch-up re-applies everything
        if exists:
            self._client.indices.delete(index=self.index)
        self._collect_orphans()
        self._client.indices.create(index=self.index, body={
            "settings": index_settings(), "mappings": index_mappings(self.directory)})
        self._write_state({"index": self.index, "url": self.url, "seq": 0})
        return True

    # -- state in the directory -------------------------------------------------------

    def _state(self) -> dict:
        try:
            return json.loads((self.directory / STATE_FILE).read_text())
        except (OSError, ValueError):
            return {}

    def _write_state(self, state: dict) -> None:
        tmp = self.directory / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(state))
        os.replace(tmp, self.directory / STATE_FILE)

    def _collect_orphans(self) -> None:
        """Delete this machine's indexes whose directory is gone (sync.rebuild removes old directories).

        Off with SHERLOC_OPENSEARCH_GC=0 (for instance when machines share a node and a host name).
        """
        if os.environ.get("SHERLOC_OPENSEARCH_GC", "1") == "0":
            return
        prefix = os.environ.get("SHERLOC_OPENSEARCH_PREFIX", "sherloc-").lower()
        try:
            got = self._client.indices.get_mapping(index=f"{prefix}*")
        except (NotFoundError, TransportError):
            return
        host = this_host()
        for name, body in got.items():
            meta = body.get("mappings", {}).get("_meta", {})
            if meta.get("host") == host and meta.get("directory") and not Path(meta["directory"]).exists():
                with contextlib.suppress(NotFoundError):
                    self._client.indices.delete(index=name)

    # -- writing ------------------------------------------------------------------

    @staticmethod
    def _source(row: dict) -> dict:
        src = stored(row)
        src.update(doc_num=row["doc_num"], year=row["year"], article=row["article"] or None,
                   symbol=[norm_symbol(s) for s in row["symbols"]], court=row["court"] or None)
        for facet, values in facet_values(row).items():
            src[f"f_{facet}"] = values
        lang = row["language"] if row["language"] in LANG_FIELDS else None
        if lang:
            for part, key in (("t", "title"), ("h", "heading"), ("b", "text")):
                if row[key]:
                    src[f"{part}_{lang}"] = row[key]
        return src

    @_node_errors
    def add(self, docs: Iterable[DocumentRecord]) -> int:
        """Index documents, replacing earlier versions; commit() makes them visible."""
        docs = list(docs)
        with self._lock:
            if not self._fresh and docs:
                self.delete([d.id for d in docs])
            actions = []
            for doc in docs:
                for row in provision_rows(doc):
                    actions.append({"_index": self.index, "_id": row["provision_id"], "_source": self._source(row)})
            self._bulk(actions)
        return len(actions)

    def _bulk(self, actions: list[dict]) -> None:
        if not actions:
            return
        # two requests in flight keep two write threads of the node busy
        errors = [info for ok, info in helpers.parallel_bulk(
            self._client, actions, thread_count=BULK_THREADS, chunk_size=250, max_chunk_bytes=10_000_000,
            raise_on_error=False, raise_on_exception=False, request_timeout=300) if not ok]
        if errors:
            raise SherlocError(f"OpenSearch refused {len(errors)} provisions in {self.index}: {errors[0]}")

    @_node_errors
    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents with all their provisions; commit() makes it visible."""
        ids = list(doc_ids)
        if not ids:
            return
        with self._lock:
            # a search sees only refreshed provisions: refresh first so none added since the
            # last commit survives. Found ids are deleted in bulk (delete_by_query would need
            # the reindex module on the node).
            self._client.indices.refresh(index=self.index)
            for i in range(0, len(ids), 1000):
                query = {"query": {"terms": {"document_id": ids[i : i + 1000]}}, "_source": False}
                found = helpers.scan(self._client, query=query, index=self.index, size=2000, scroll="2m")
                self._bulk([{"_op_type": "delete", "_index": self.index, "_id": h["_id"]} for h in found])

    @_node_errors
    def commit(self, seq: int) -> None:
        """Refresh (changes become visible; the translog already made them durable), then record `seq`."""
        with self._lock:
            self._client.indices.refresh(index=self.index)
            self._fresh = False
            self._others = None
            state = self._state() or {"index": self.index, "url": self.url}
            state["seq"] = int(seq)
            self._write_state(state)

    def applied_seq(self) -> int:
        """The change-log sequence recorded at the last commit (0 when new)."""
        try:
            return int(self._state().get("seq", 0))
        except (TypeError, ValueError):
            return 0

    @_node_errors
    def count(self) -> int:
        """Provisions in the index."""
        return int(self._client.count(index=self.index)["count"])

    def close(self) -> None:
        """Close the connection pool (the index stays on the node)."""
        self._client.close()

    def drop(self) -> None:
        """Delete this index from the node (for tests and for removing an index directory)."""
        with contextlib.suppress(NotFoundError):
            self._client.indices.delete(index=self.index)

    # -- query translation --------------------------------------------------------------

    @staticmethod
    def _words(field: str, text: str, slop: int, boost: float) -> dict:
        body: dict = {"query": text, "slop": slop}
        if boost != 1.0:
            body["boost"] = boost
        return {"match_phrase": {field: body}}

    def _text(self, node: Term | Phrase, eq: EngineQuery, parts: tuple[str, ...]) -> dict:
        toks = tokens(node.text)
        if not toks:
            return {"match_none": {}}
        langs, restricted = searched_languages(node.langs, eq.lang_weights)
        clauses: list[dict] = []
        is_term = isinstance(node, Term)
        if is_term and node.prefix:
            for part in parts:
                field = EXACT_FIELD[part]
                if len(toks) == 1:
                    q = {"prefix": {field: {"value": toks[0]}}}
                else:
                    q = {"match_phrase_prefix": {field: {"query": " ".join(toks), "max_expansions": 200}}}
                clauses.append(_boost(q, PART_BOOST[part]))
        elif is_term and node.fuzzy:
            dist = max(1, min(node.fuzzy, 2))
            for part in parts:
                qs = [{"fuzzy": {EXACT_FIELD[part]: {"value": t, "fuzziness": dist, "transpositions": True}}}
                      for t in toks]
                clauses.append(_boost(_and(qs), PART_BOOST[part]))
        else:
            slop = 0 if is_term else node.slop
            for lang, weight in langs:
                for part in parts:
                    clauses.append(self._words(f"{part}_{lang}", node.text, slop, PART_BOOST[part] * weight))
            for part in parts:
                clauses.append(self._words(EXACT_FIELD[part], node.text, slop, PART_BOOST[part]))
        q = _or(clauses)
        if restricted:
            q = {"bool": {"must": [q], "filter": [{"terms": {"f_lang": [lang for lang, _ in langs]}}]}}
        return q

    def _field(self, node: Term | Phrase, eq: EngineQuery) -> dict:
        field = node.field
        value = node.text.strip()
        prefix = isinstance(node, Term) and node.prefix
        if field == "title":
            return self._text(node, eq, ("t",))
        if field in KEYWORD_FIELDS or field in ("article", "symbol"):
            if field in KEYWORD_FIELDS:
                value = value.upper() if field == "country" else value.lower()
                name = KEYWORD_FIELDS[field]
            else:
                value = norm_number(value) if field == "article" else norm_symbol(value)
                name = field
            return {"prefix": {name: value}} if prefix else {"term": {name: value}}
        if field == "court":
            toks = tokens(value)
            if not toks:
                return {"match_none": {}}
            if prefix:
                return {"prefix": {"court": toks[-1]}}
            return self._words("court", value, getattr(node, "slop", 0), 1.0)
        if field == "id":
            return _or([{"term": {"provision_id": value}}, {"term": {"document_id": value}}])
        raise BadRequest(f"unknown field {field!r}: use one of {', '.join(QUERY_FIELDS)}")

    def _node(self, node, eq: EngineQuery) -> dict:
        if isinstance(node, MatchAll):
            return {"match_all": {}}
        if isinstance(node, (Term, Phrase)):
            q = self._text(node, eq, tuple(PART_BOOST)) if node.field is None else self._field(node, eq)
            if is_constant(node):
                q = _constant(q)
            return _boost(q, node.boost)
        if isinstance(node, Range):
            if node.field != "year":
                raise BadRequest(f"a range works on year only, not {node.field!r}")
            if node.lo is None and node.hi is None:
                return _constant({"exists": {"field": "year"}})
            bounds = {k: v for k, v in (("gte", node.lo), ("lte", node.hi)) if v is not None}
            return _constant({"range": {"year": bounds}})
        if isinstance(node, Bool):
            body: dict = {
                "must": [self._node(n, eq) for n in node.must],
                "should": [self._node(n, eq) for n in node.should],
                "must_not": [self._node(n, eq) for n in node.must_not],
            }
            if not node.must and not node.should:
                body["must"] = [{"match_all": {}}]
            elif not node.must:
                body["minimum_should_match"] = 1
            q = {"bool": body}
            if is_constant(node):
                q = _constant(q)
            return _boost(q, node.boost)
        raise BadRequest(f"cannot search for {node!r}")

    @staticmethod
    def _filters(eq: EngineQuery) -> tuple[dict[str, dict], dict | None]:
        filters = {}
        for facet, values in eq.filters.items():
            if values:
                filters[facet] = {"terms": {f"f_{facet_field(facet, eq.curated)}": [str(v) for v in values]}}
        years = None
        if eq.year_from is not None or eq.year_to is not None:
            bounds = {k: v for k, v in (("gte", eq.year_from), ("lte", eq.year_to)) if v is not None}
            years = {"range": {"year": bounds}}
        return filters, years

    # -- searching ----------------------------------------------------------------------

    @staticmethod
    def _sort(sort: str) -> list:
        ties = [{"date_key": "desc"}, {"provision_id": "asc"}]
        return ties if sort == "date" else [{"_score": "desc"}, *ties]

    @staticmethod
    def _aggs(filters: dict[str, dict], eq: EngineQuery) -> dict:
        """One filter aggregation per facet (every filter but its own), and the distinct documents."""
        aggs: dict = {}
        for facet in eq.facets:
            others = [q for f, q in filters.items() if f != facet]
            # every value (cut by limit_facets, the same cut as the other engines make)
            terms: dict = {"terms": {"field": f"f_{facet_field(facet, eq.curated)}", "size": FACET_BUCKETS}}
            if eq.collapse:  # one result per document: each value counts documents
                terms["aggs"] = {"docs": _DISTINCT_DOCUMENTS}
            aggs[f"facet_{facet}"] = {"filter": {"bool": {"filter": others}}, "aggs": {"v": terms}}
        # exact below the precision threshold (OpenSearch's maximum), close beyond it
        docs = _DISTINCT_DOCUMENTS
        aggs["_docs"] = {"filter": {"bool": {"filter": list(filters.values())}}, "aggs": {"n": docs}}
        return aggs

    def _highlight(self, eq: EngineQuery) -> dict:
        """Snippets from the body field of each hit's language, which matches every word the
        exact field does; the exact field is highlighted too only when it may match alone
        (prefix and fuzzy words, provisions in other languages): each field highlighted
        costs a pass over long texts."""
        fields: dict = {f"b_{lang}": {"no_match_size": eq.snippet_chars} for lang in LANG_FIELDS}
        if _exact_only(eq.node) or self._other_languages():
            fields["text"] = {"no_match_size": eq.snippet_chars}
        return {
            "type": "unified", "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
            "fragment_size": eq.snippet_chars, "number_of_fragments": 1, "fields": fields,
        }

    def _other_languages(self) -> bool:
        """Whether the index holds provisions outside the language fields (remembered until commit)."""
        if self._others is None:
            query = {"bool": {"must_not": [{"terms": {"language": list(LANG_FIELDS)}}]}}
            self._others = self._client.count(index=self.index, body={"query": query})["count"] > 0
        return self._others

    @_node_errors
    def search(self, query: EngineQuery) -> EngineResult:
        """Answer one EngineQuery (see the Engine protocol)."""
        check_query(query)
        base = self._node(query.node, query)
        filters, years = self._filters(query)
        if years is not None:
            base = {"bool": {"must": [base], "filter": [years]}}
        if query.offset + query.limit > MAX_WINDOW:
            raise BadRequest(f"results beyond {MAX_WINDOW} cannot be paged to: narrow the search")
        body: dict = {
            "query": base,
            "from": max(0, query.offset),
            "size": max(0, query.limit),
            "sort": self._sort(query.sort),
            "track_scores": True,
            "track_total_hits": True,
            "_source": {"includes": list(STORED_KEYS)},
            "aggs": self._aggs(filters, query),
        }
        if filters:
            body["post_filter"] = {"bool": {"filter": list(filters.values())}}
        if query.collapse:
            body["collapse"] = {"field": "document_id"}
        if query.snippets and query.limit > 0:
            body["highlight"] = self._highlight(query)
        res = self._client.search(index=self.index, body=body)
        aggs = res.get("aggregations", {})
        counts = {f: {str(b["key"]): int(b["docs"]["value"] if query.collapse else b["doc_count"])
                      for b in aggs[f"facet_{f}"]["v"]["buckets"]} for f in query.facets}  # fmt: skip
        without = {f: int(aggs[f"facet_{f}"]["doc_count"]) for f in query.facets if f in filters}
        facets, truncated = limit_facets(counts, query)
        total = int(res["hits"]["total"]["value"])
        documents = int(aggs["_docs"]["n"]["value"]) if total else 0
        hits = [self._hit(h, query.snippets, query.snippet_chars) for h in res["hits"]["hits"]]
        return EngineResult(hits=hits, total=total, total_documents=documents, facets=facets, truncated=truncated,
                            without=without)

    @staticmethod
    def _hit(h: dict, snippets: bool, chars: int = 240) -> Hit:
        src = h["_source"]
        snippet = ""
        if snippets:
            hl = h.get("highlight", {})
            got = [*hl.get(f"b_{src['language']}", []), *hl.get("text", [])]
            marked = [g for g in got if "<mark>" in g]
            # Lucene's HTML encoder also writes "/" as &#x2F;: keep snippets as html.escape writes them
            snippet = (marked or got or [""])[0].replace("&#x2F;", "/")
            if not snippet and src["text"]:
                # a provision in no language field, added after _other_languages() looked
                text = src["text"]
                snippet = html.escape(text[:chars].rsplit(" ", 1)[0] if len(text) > chars else text)
        return hit_from_stored(src, h.get("_score") or 0.0, snippet)

    @_node_errors
    def more_like_this(self, provision_id: str, limit: int = 10) -> list[Hit]:
        """Provisions with similar wording (OpenSearch's more_like_this over the body fields)."""
        got = self._client.search(index=self.index, body={
            "query": {"term": {"provision_id": provision_id}}, "size": 1, "_source": ["language"]})
        if not got["hits"]["hits"]:
            return []
        lang = got["hits"]["hits"][0]["_source"]["language"]
        fields = [f"b_{lang}"] if lang in LANG_FIELDS else ["text"]
        res = self._client.search(index=self.index, body={
            "query": {"more_like_this": {
                "fields": fields, "like": [{"_index": self.index, "_id": provision_id}],
                "min_term_freq": 1, "min_doc_freq": 1, "max_query_terms": MORE_LIKE_THIS_TERMS,
                "minimum_should_match": "10%"}},
            "size": limit, "sort": self._sort("relevance"), "track_scores": True,
            "_source": {"includes": list(STORED_KEYS)}})
        return [self._hit(h, False) for h in res["hits"]["hits"]]

    @_node_errors
    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Indexed words within a small edit distance of `word`, most frequent first."""
        target = suggestion_target(word, tokens)
        if target is None:
            return []
        w, dist = target
        res = self._client.search(index=self.index, body={"size": 0, "suggest": {"s": {"text": w, "term": {
            "field": "text", "suggest_mode": "always", "sort": "frequency", "max_edits": dist,
            "prefix_length": 1, "min_word_length": 3, "size": max(limit * 5, 10)}}}})
        found: dict[str, int] = {}
        for entry in res.get("suggest", {}).get("s", []):
            for opt in entry.get("options", []):
                term = opt["text"]
                if near(w, dist, term):
                    found[term] = max(found.get(term, 0), int(opt.get("freq", 0)))
        return most_frequent(found, limit)
