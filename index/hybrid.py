"""Search modes: lexical (words, the engine alone), semantic (meaning, the vectors) and hybrid
(both lists fused by reciprocal rank, k=60).

The engine stays the one place that knows filters: the nearest provisions in meaning are sent
back to it as an id list with the request's filters (every facet, years, the same-language
switch) and the query's hard parts (quoted phrases, field:value, -word), so both lists obey
the same rules. In hybrid mode, totals and facets count the union: the provisions that match
the words plus those among the SEMANTIC_DEPTH nearest in meaning that pass the filters.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict
from dataclasses import replace

from index.facets import build_facets
from index.plan import FACETS, Bool, EngineQuery, Hit, MatchAll, Phrase, Range, Term
from index.query_plan import plan_query
from index.search import MAX_OFFSET, SearchRequest, SearchResponse, _engine_filters, search

MODES = ("lexical", "semantic", "hybrid")
RRF_K = 60
SEMANTIC_DEPTH = 100  # nearest provisions in meaning taken into a search
FILTERED_POOL = 10  # with filters, this many times SEMANTIC_DEPTH nearest are sent to the engine to filter
LEXICAL_DEPTH = 100  # lexical ranks fused (at least; deeper when paging further)
# Engines whose hits cannot be joined with the vectors here: they stay lexical and say so.
LEXICAL_ONLY_ENGINES = ("opensearch",)


def choose_mode(asked: str | None, vectors, engine) -> tuple[str, str]:
    """(mode used, why not the one asked, or "") for a request's `mode` (None: hybrid when vectors exist)."""
    if getattr(engine, "name", "") in LEXICAL_ONLY_ENGINES:
        return "lexical", ("engine" if asked in ("semantic", "hybrid") else "")
    if asked == "lexical":
        return "lexical", ""
    if vectors is None:
        return "lexical", ("no_vectors" if asked else "")
    return asked or "hybrid", ""


def _is_hard(node) -> bool:
    if isinstance(node, Phrase):
        return node.langs is None  # a quoted phrase (thesaurus translations carry their language)
    if isinstance(node, Term):
        return node.field is not None
    if isinstance(node, Bool):  # a quoted phrase with its translations: one of them must occur
        return not node.must and bool(node.should) and isinstance(node.should[0], Phrase) and _is_hard(node.should[0])
    return isinstance(node, Range)


def _hard_parts(node) -> list:
    """What a semantic hit must still satisfy: quoted phrases, field:value, ranges, and -word exclusions."""
    if _is_hard(node):
        return [node]
    if not isinstance(node, Bool):
        return []
    hard = [n for n in node.must if _is_hard(n)]
    if node.must_not:
        hard.append(Bool(should=[MatchAll()], must_not=list(node.must_not)))
    return hard


def meaning_text(q: str) -> str:
    """The query as words for the embedder: without field:value, -word and query syntax."""
    text = re.sub(r'(?<!\S)-("[^"]*"|\S+)', " ", q)
    text = re.sub(r"(?<!\S)\w+:\S+", " ", text)
    text = re.sub(r'["()*~^]|\b(?:AND|OR|NOT)\b', " ", text)
    return re.sub(r"\s+", " ", text).strip()


_query_vectors: OrderedDict = OrderedDict()  # (model, text) -> vector: paging and facet clicks repeat a query
_query_vectors_lock = threading.Lock()
QUERY_VECTORS_KEPT = 512


def _query_vector(embedder, text: str):
    key = (embedder.model_id, text)
    with _query_vectors_lock:
        if key in _query_vectors:
            _query_vectors.move_to_end(key)
            return _query_vectors[key]
    vec = embedder.query(text)
    with _query_vectors_lock:
        _query_vectors[key] = vec
        while len(_query_vectors) > QUERY_VECTORS_KEPT:
            _query_vectors.popitem(last=False)
    return vec


class _Background(threading.Thread):
    """A call run beside the caller: the query's embedding (C code, the GIL released) during the word search."""

    def __init__(self, fn, *args) -> None:
        super().__init__(daemon=True)
        self.fn, self.args, self.value, self.error = fn, args, None, None
        self.start()

    def run(self) -> None:
        try:
            self.value = self.fn(*self.args)
        except Exception as exc:  # handed to the caller, which raises it in its own thread
            self.error = exc

    def result(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


def _ids_node(ids: list[str]) -> Bool:
    return Bool(should=[Term(pid, field="id") for pid in ids])


def _semantic_hits(engine, vectors, query_vector, base: EngineQuery, hard: list, depth: int,
                   with_facets: bool):  # fmt: skip
    """The nearest provisions that pass the filters and hard parts, nearest first, as the engine shows them."""
    filtered = bool(hard or base.filters or base.year_from or base.year_to)
    # filters and hard parts keep only some of the nearest: look deeper so that `depth` are left
    nearest = vectors.nearest(query_vector, depth * FILTERED_POOL if filtered else depth)
    if not nearest:
        return [], None
    ids = [pid for pid, _ in nearest]
    query = replace(base, node=Bool(must=[_ids_node(ids), *hard]), offset=0, limit=len(ids), facets=(),
                    sort="relevance", snippets=False)
    found = {h.provision_id: h for h in engine.search(query).hits}
    hits = []
    for pid, score in nearest:
        if pid in found and len(hits) < depth:
            hits.append(replace(found[pid], score=round(score, 4)))
    result = None
    if with_facets and hits:  # facets count the listed provisions, not the deeper pool they were chosen from
        listed = _ids_node([h.provision_id for h in hits])
        result = engine.search(replace(query, node=Bool(must=[listed, *hard]), facets=FACETS, limit=1))
    return hits, result


def _fuse(lists: list[list[Hit]], collapse: bool) -> list[Hit]:
    """Reciprocal-rank fusion: a provision scores the sum of 1/(k + rank) over the lists it is in."""
    score: dict[str, float] = {}
    first: dict[str, Hit] = {}
    for hits in lists:
        for rank, hit in enumerate(hits, start=1):
            score[hit.provision_id] = score.get(hit.provision_id, 0.0) + 1.0 / (RRF_K + rank)
            first.setdefault(hit.provision_id, hit)  # the lexical hit first: its snippet marks the words
    order = sorted(score, key=lambda pid: -score[pid])
    out, seen_docs = [], set()
    for pid in order:
        hit = first[pid]
        if collapse:
            if hit.document_id in seen_docs:
                continue
            seen_docs.add(hit.document_id)
        out.append(replace(hit, score=round(score[pid], 6)))
    return out


def hybrid_search(engine, request: SearchRequest, *, vectors=None, embedder=None, vector_status=None,
                  taxonomy=None, thesaurus=None, ui_lang: str = "en", with_facets: bool = True) -> SearchResponse:
    """`index.search.search` in the request's mode; `vectors` a VectorIndex of `embedder`'s model, or None.

    The response says the mode used (`mode`), why it differs from the one asked (`mode_note`:
    "engine", "no_vectors") and, while vectors are incomplete, how many provisions they cover.
    """
    started = time.perf_counter()
    mode, note = choose_mode(request.mode, vectors, engine)
    if mode == "lexical" or not request.q.strip() or not meaning_text(request.q):
        resp = search(engine, request, taxonomy=taxonomy, thesaurus=thesaurus, ui_lang=ui_lang,
                      with_facets=with_facets)
        resp.mode, resp.mode_note = "lexical", note
        resp.vectors = _coverage(vector_status)
        return resp
    if taxonomy is None:
        from index.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    embedding = _Background(_query_vector, embedder, meaning_text(request.q))
    offset = (request.page - 1) * request.per_page
    depth = max(LEXICAL_DEPTH, offset + request.per_page)
    semantic_depth = SEMANTIC_DEPTH if mode == "hybrid" else max(SEMANTIC_DEPTH, offset + request.per_page)
    # the lexical side: the page's usual answer (suggestions, expansions, relaxations) at a fused depth
    lexical = search(engine, replace(request, page=1, per_page=depth), taxonomy=taxonomy, thesaurus=thesaurus,
                     ui_lang=ui_lang, with_facets=False, snippets=False)
    plan = plan_query(request.q, ui_lang, request.same_language, thesaurus)
    base = EngineQuery(node=plan.node, filters=_engine_filters(request, plan.language), year_from=request.year_from,
                       year_to=request.year_to, facet_limit=request.facet_size, collapse=False)
    hard = _hard_parts(plan.node)
    semantic, sem_result = _semantic_hits(engine, vectors, embedding.result(), base, hard, semantic_depth,
                                          with_facets and mode == "semantic")
    if mode == "semantic":
        if request.sort == "date":  # newest first, as in the other modes; undated last
            semantic.sort(key=lambda h: h.date or "", reverse=True)
        fused = _fuse([semantic], request.collapse)
        total = len(semantic)
        total_documents = len({h.document_id for h in semantic})
        counts, truncated = (sem_result.facets, sem_result.truncated) if sem_result else ({}, [])
    else:
        fused = _fuse([lexical.hits, semantic], request.collapse)
        ids = [h.provision_id for h in semantic]
        union = base if not ids else replace(base, node=Bool(should=[plan.node, Bool(must=[_ids_node(ids), *hard])]))
        by_date = request.sort == "date"
        union = replace(union, facets=FACETS if with_facets else (), limit=request.per_page if by_date else 1,
                        offset=offset if by_date else 0, sort=request.sort, collapse=request.collapse)
        result = engine.search(union)
        total, total_documents = result.total, result.total_documents
        counts, truncated = result.facets, result.truncated
        if request.sort == "date":
            fused = [None] * offset + list(result.hits)  # the union, newest first, as the engine orders it
    facets = build_facets(counts, request, taxonomy, ui_lang, truncated) if with_facets else []
    units = total_documents if request.collapse else total
    pages = max(1, min(math.ceil(units / request.per_page), MAX_OFFSET // request.per_page + 1))
    page = fused[offset: offset + request.per_page]
    if not (mode == "hybrid" and request.sort == "date"):  # the union query, newest first, brought its snippets
        page = _with_snippets(engine, base, page)
    resp = replace(lexical, request=request, hits=page, total=total,
                   total_documents=total_documents, facets=facets, page=request.page, pages=pages,
                   relaxations=lexical.relaxations if total == 0 else [])
    resp.mode, resp.mode_note = mode, ""
    resp.vectors = _coverage(vector_status)
    resp.took_ms = round((time.perf_counter() - started) * 1000, 2)
    return resp


def _with_snippets(engine, base: EngineQuery, hits: list[Hit]) -> list[Hit]:
    """The page's hits again from the engine, with snippets marking the query's words (only a page's worth)."""
    if not hits:
        return hits
    query = replace(base, node=Bool(must=[_ids_node([h.provision_id for h in hits])], should=[base.node]),
                    filters={}, year_from=None, year_to=None, facets=(), offset=0, limit=len(hits))
    found = {h.provision_id: h for h in engine.search(query).hits}
    return [replace(h, snippet_html=found[h.provision_id].snippet_html) if h.provision_id in found else h
            for h in hits]


def _coverage(status) -> dict | None:
    """What the response says of the vectors: None when they cover every provision (or there are none)."""
    if status is None or status.complete:
        return None
    return {"embedded": status.embedded, "provisions": status.provisions, "model": status.wanted,
            "building": status.building}


def similar_provisions(engine, vectors, provision_id: str, limit: int = 5) -> list[Hit] | None:
    """Provisions nearest in meaning to this one (other documents first), or None when it has no vector."""
    vec = vectors.vector(provision_id) if vectors is not None else None
    if vec is None:
        return None
    own = vectors.documents[vectors.position[provision_id]]
    nearest = [(pid, s) for pid, s in vectors.nearest(vec, limit * 4, exclude={provision_id})
               if vectors.documents[vectors.position[pid]] != own]  # its own neighbours are on its page
    if not nearest:
        return []
    ids = [pid for pid, _ in nearest]
    found = {h.provision_id: h for h in engine.search(EngineQuery(node=_ids_node(ids), facets=(), limit=len(ids))).hits}
    hits = [replace(found[pid], score=round(s, 4)) for pid, s in nearest if pid in found]
    return hits[:limit]
