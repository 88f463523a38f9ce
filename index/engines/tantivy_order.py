"""The contract's order over a tantivy index, exact on every page: relevance (or date), then
date newest first, then provision id.

tantivy orders by score or by one fast field only; the ties are broken here, reading provision
ids from stored documents for small groups of ties and searching again in id order for large ones.
"""

from __future__ import annotations

from typing import NamedTuple

import tantivy
from tantivy import FieldType, Occur, Order, Query

from index.plan import EngineQuery

# A date shared by more hits than this is ordered by a second search in pid order, rather than by
# reading each hit's id: one search costs about what reading this many stored documents does.
SMALL_DATE_GROUP = 64
WINDOW_GROWTH = 4  # a window too small for an exact page grows this many times over
MIN_WINDOW_EXTRA = 10  # hits fetched beyond the page, to see whether its last score is tied
MIN_COLLAPSE_WINDOW = 50  # hits fetched at least to find a page of distinct documents


class Page(NamedTuple):
    """A page of (score, address) hits; every address fetched to find it, in the order found
    (all the matches when fewer match than were fetched); and how many match in all."""

    hits: list
    fetched: list
    total: int


class Searching:
    """One search's searcher, reading each stored document once: the ties ordered by provision id
    are read again when the page is shown."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema) -> None:
        self.searcher = searcher
        self.schema = schema
        self._read: dict[tuple[int, int], tantivy.Document] = {}

    def doc(self, addr) -> tantivy.Document:
        """The stored document at `addr`."""
        key = (addr.segment_ord, addr.doc)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = self.searcher.doc(addr)
        return found

    def pid(self, addr) -> str:
        """The provision id of the document at `addr`."""
        return self.doc(addr).get_first("pid")


def all_of(queries: list[Query | None]) -> Query:
    """The conjunction of the queries given (None left out); every document when none is."""
    queries = [q for q in queries if q is not None]
    if not queries:
        return Query.all_query()
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def page(s: Searching, q: Query, sort: str, offset: int, limit: int, constant: bool = False) -> Page:
    """Hits [offset, offset+limit) in the contract's order, with what was learnt on the way.

    `constant`: every hit scores the same (filters, keyword fields, ranges), so relevance
    order is date order.
    """
    if limit <= 0:
        res = s.searcher.search(q, limit=1, count=True)
        return Page([], [a for _, a in res.hits], res.count)
    if sort == "date" or constant:
        return _by_date(s, q, offset, limit, 1.0 if constant and sort == "relevance" else 0.0)
    return _by_score(s, q, offset, limit)


def _by_date(s: Searching, q: Query, offset: int, limit: int, score: float) -> Page:
    """Hits ordered by date desc then provision id, each given `score`."""
    need = offset + limit
    res = s.searcher.search(q, limit=need, count=True, order_by_field="date_key", order=Order.Desc)
    addrs = [addr for _, addr in res.hits]
    if not addrs:
        return Page([], [], res.count)
    keys = s.searcher.fast_field_values("date_key", addrs)
    groups: dict[int, list] = {}  # date key -> its hits, in first-seen (date desc) order
    for key, addr in zip(keys, addrs, strict=True):
        groups.setdefault(key, []).append(addr)
    # Only the last date may have hits beyond the `need` returned, and only when `need` came back.
    complete = len(addrs) < need
    out: list[tuple[float, object]] = []
    pos = 0
    distinct = list(groups)
    for i, key in enumerate(distinct):
        last = i == len(distinct) - 1
        group = groups[key]
        size = len(group)
        if not last and pos + size <= offset:
            pos += size
            continue
        lo = max(offset - pos, 0)
        n = need - (pos + lo)
        if n <= 0:
            break
        if (complete or not last) and size <= SMALL_DATE_GROUP:
            # every hit of this date is here: order them by provision id without searching again
            ordered = sorted(group, key=s.pid) if size > 1 else group
            out.extend((score, addr) for addr in ordered[lo : lo + n])
        else:
            sub = all_of([q, Query.range_query(s.schema, "date_key", FieldType.Integer, key, key)])
            got = s.searcher.search(sub, limit=n, offset=lo, count=False, order_by_field="pid", order=Order.Asc)
            out.extend((score, addr) for _, addr in got.hits)
        pos += size
    return Page(out[:limit], addrs, res.count)


def _by_score(s: Searching, q: Query, offset: int, limit: int) -> Page:
    """Hits ordered by score, then date desc, then provision id."""
    window = offset + limit + max(MIN_WINDOW_EXTRA, limit)
    total = None
    while True:
        # counted in the first pass: boosted and filtered clauses make tantivy visit every match anyway
        res = s.searcher.search(q, limit=window, count=total is None)
        hits = res.hits
        total = res.count if total is None else total
        cut = min(offset + limit, len(hits)) - 1
        # the page is exact once no hit beyond the window can tie with the page's last score
        if len(hits) < window or cut < 0 or hits[-1][0] < hits[cut][0]:
            break
        window *= WINDOW_GROWTH
    if not hits:
        return Page([], [], total)
    addrs = [a for _, a in hits]
    keys = s.searcher.fast_field_values("date_key", addrs)
    rank = [(-score, -key) for (score, _), key in zip(hits, keys, strict=True)]
    order = sorted(range(len(hits)), key=rank.__getitem__)
    # Hits of equal score and date go by provision id: only for a group that reaches into the page.
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and rank[order[end]] == rank[order[start]]:
            end += 1
        if end - start > 1 and start < offset + limit and end > offset:
            order[start:end] = sorted(order[start:end], key=lambda i: s.pid(hits[i][1]))
        start = end
    return Page([hits[i] for i in order][offset : offset + limit], addrs, total)


def collapsed_page(s: Searching, q: Query, eq: EngineQuery, constant: bool, total: int) -> list:
    """One page of the best hit of each document, in the contract's order."""
    need = eq.offset + eq.limit
    window = max(need * WINDOW_GROWTH, MIN_COLLAPSE_WINDOW)
    while True:
        hits = page(s, q, eq.sort, 0, window, constant).hits
        nums = s.searcher.fast_field_values("doc_num", [a for _, a in hits]) if hits else []
        seen: set[int] = set()
        best = []
        for hit, num in zip(hits, nums, strict=True):
            if num not in seen:
                seen.add(num)
                best.append(hit)
        if len(best) >= need or len(hits) >= total:
            return best[eq.offset : need]
        window *= WINDOW_GROWTH
