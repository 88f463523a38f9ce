"""Reads from the store: documents and provisions, lists for the editors' pages, the change log, statistics.

`Reads` is a mixin that `Store` (index/store.py) combines, so callers keep `store.get_document(...)`;
it uses the store's `conn` and `_answers` (a small cache, see `_until_next_change`). Nothing here writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from index.errors import not_found
from index.models import Classification, DocumentRecord, Provision


class ProvisionPlace(NamedTuple):
    """Where a provision stands (Store.provision_places)."""

    document_id: str
    language: str
    number: str
    order: int



class Reads:
    """The store's reads (see the module docstring)."""

    conn: sqlite3.Connection  # provided by Store
    _answers: dict[str, tuple[int, Any]]  # provided by Store

    def _load(self, conn: sqlite3.Connection, doc_id: str) -> DocumentRecord | None:
        row = conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return None
        provisions = conn.execute("SELECT * FROM provisions WHERE document_id=? ORDER BY ord", (doc_id,)).fetchall()
        classes = conn.execute(
            "SELECT * FROM classifications WHERE document_id=? ORDER BY rowid", (doc_id,)
        ).fetchall()
        return self._record(row, provisions, classes)

    @staticmethod
    def _record(row: sqlite3.Row, provisions: list[sqlite3.Row], classes: list[sqlite3.Row]) -> DocumentRecord:
        return DocumentRecord(
            id=row["id"],
            type=row["type"],
            title=row["title"],
            country=row["country"],
            languages=json.loads(row["languages"]),
            date=row["date"],
            dates=json.loads(row["dates"]),
            source_file=row["source_file"],
            source_url=row["source_url"],
            content_hash=row["content_hash"],
            metadata=json.loads(row["metadata"]),
            provisions=[
                Provision(
                    id=p["id"],
                    label=p["label"],
                    text=p["text"],
                    language=p["language"],
                    order=p["ord"],
                    number=p["number"],
                    heading=p["heading"],
                    kind=p["kind"],
                )
                for p in provisions
            ],
            classifications=[
                Classification(
                    scheme=c["scheme"], term_id=c["term_id"], origin=c["origin"], provision_id=c["provision_id"]
                )
                for c in classes
            ],
        )

    def get_document(self, doc_id: str) -> DocumentRecord:
        """The document with its provisions and classifications; NotFound if absent."""
        doc = self._load(self.conn, doc_id)
        if doc is None:
            raise not_found("no document with id %(id)s", id=repr(doc_id))
        return doc

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id is stored."""
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def has_provision(self, provision_id: str, *, published_only: bool = False) -> bool:
        """Whether a provision with this id is stored (in a published document, with `published_only`)."""
        sql = "SELECT 1 FROM provisions p JOIN documents d ON d.id = p.document_id WHERE p.id=?"
        if published_only:
            sql += " AND d.state = 'published'"
        return self.conn.execute(sql, (provision_id,)).fetchone() is not None

    def get_provision(self, provision_id: str) -> tuple[DocumentRecord, Provision]:
        """The provision and its whole document; NotFound if absent."""
        row = self.conn.execute("SELECT document_id FROM provisions WHERE id=?", (provision_id,)).fetchone()
        if row is None:
            raise not_found("no provision with id %(id)s", id=repr(provision_id))
        doc = self.get_document(row["document_id"])
        return doc, next(p for p in doc.provisions if p.id == provision_id)

    def _rows_for_ids(self, select: str, ids: Iterable[str]) -> Iterator[sqlite3.Row]:
        """The rows of `select` ("SELECT ... WHERE id IN ({marks})") for each id asked for, once each."""
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), 500):  # SQLite allows some hundreds of parameters
            chunk = unique[i : i + 500]
            yield from self.conn.execute(select.format(marks=",".join("?" * len(chunk))), chunk)

    def provision_texts(self, provision_ids: Iterable[str]) -> dict[str, str]:
        """The whole text of each provision asked for that is stored, by id."""
        return {r[0]: r[1] for r in self._rows_for_ids("SELECT id, text FROM provisions WHERE id IN ({marks})",
                                                        provision_ids)}

    def provision_places(self, provision_ids: Iterable[str]) -> dict[str, ProvisionPlace]:
        """Where each stored provision asked for stands: its document, language, number and order."""
        select = "SELECT id, document_id, language, number, ord FROM provisions WHERE id IN ({marks})"
        return {r[0]: ProvisionPlace(*r[1:]) for r in self._rows_for_ids(select, provision_ids)}

    def documents_in_group(self, group: str) -> list[str]:
        """The ids of the documents whose metadata.parallel_group is `group` (language versions of one work)."""
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE json_extract(metadata, '$.parallel_group') = ? ORDER BY id", (group,))
        return [r[0] for r in rows]

    def documents_updated(self, document_ids: Iterable[str]) -> dict[str, str]:
        """When each stored document asked for was last added or changed (ISO 8601 UTC), by id."""
        return {r[0]: r[1] for r in self._rows_for_ids("SELECT id, updated_at FROM documents WHERE id IN ({marks})",
                                                        document_ids)}

    def document_ids(self, published_only: bool = False) -> list[str]:
        """Every document id (or every published one's), sorted."""
        only = " WHERE state = 'published'" if published_only else ""
        return [r[0] for r in self.conn.execute(f"SELECT id FROM documents{only} ORDER BY id")]

    def get_documents(self, doc_ids: Iterable[str], published_only: bool = False) -> list[DocumentRecord]:
        """Several documents at once, in the order asked, skipping ids that are absent (or, with
        `published_only`, not published: what readers and the derived indexes may see)."""
        if published_only:
            doc_ids = list(doc_ids)
            shown = {r[0] for r in self._rows_for_ids(
                "SELECT id FROM documents WHERE id IN ({marks}) AND state = 'published'", doc_ids)}
            doc_ids = [i for i in doc_ids if i in shown]
        out = []
        for doc_id in doc_ids:
            doc = self._load(self.conn, doc_id)
            if doc is not None:
                out.append(doc)
        return out

    def iter_documents(self, batch: int = 500, published_only: bool = False) -> Iterator[DocumentRecord]:
        """Every document (or every published one), in id order, read in batches so memory stays flat."""
        last = ""
        only = " AND state = 'published'" if published_only else ""
        while True:
            rows = self.conn.execute(
                f"SELECT * FROM documents WHERE id > ?{only} ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            ids = [r["id"] for r in rows]
            marks = ",".join("?" * len(ids))
            provs: dict[str, list] = {i: [] for i in ids}
            for p in self.conn.execute(
                f"SELECT * FROM provisions WHERE document_id IN ({marks}) ORDER BY document_id, ord", ids
            ):
                provs[p["document_id"]].append(p)
            classes: dict[str, list] = {i: [] for i in ids}
            for c in self.conn.execute(
                f"SELECT * FROM classifications WHERE document_id IN ({marks}) ORDER BY rowid", ids
            ):
                classes[c["document_id"]].append(c)
            for r in rows:
                yield self._record(r, provs[r["id"]], classes[r["id"]])
            last = ids[-1]

    def _until_next_change(self, key: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, computed again only after the change log moved (for answers pages read on every view)."""
        seq = self.last_seq()
        known = self._answers.get(key)
        if known is None or known[0] != seq:
            known = self._answers[key] = (seq, compute())
        return known[1]

    def has_sample_documents(self, corpus_dir: str | Path) -> bool:
        """Whether any document comes from the bundled sample corpus (its files, or marked `sample`)."""
        sql = ("SELECT 1 FROM documents WHERE source_file LIKE ? OR source_file LIKE 'corpus/%' "
               "OR json_extract(metadata, '$.sample') LIMIT 1")
        return self._until_next_change(
            f"sample:{corpus_dir}", lambda: self.conn.execute(sql, (f"{corpus_dir}%",)).fetchone() is not None)

    def parallel_groups(self) -> dict[str, list[str]]:
        """`metadata.parallel_group` -> the ids of the documents in it (the language versions of one text)."""

        def scan() -> dict[str, list[str]]:
            groups: dict[str, list[str]] = {}
            rows = self.conn.execute("SELECT json_extract(metadata, '$.parallel_group') AS g, id FROM documents "
                                     "WHERE g IS NOT NULL AND state = 'published' ORDER BY id")
            for group, doc_id in rows:
                groups.setdefault(str(group), []).append(doc_id)
            return groups

        return self._until_next_change("parallel_groups", scan)

    def find_by_hash(self, content_hash: str) -> str | None:
        """The id of a document with this content hash, if any."""
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash=? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def ids_for_source(self, source_file: str) -> dict[str, str]:
        """Document id -> content hash for every document read from this source file."""
        rows = self.conn.execute("SELECT id, content_hash FROM documents WHERE source_file=?", (source_file,))
        return {r[0]: r[1] for r in rows}

    def ingest_log(self, limit: int = 100) -> list[dict]:
        """The latest ingest events, newest first."""
        rows = self.conn.execute("SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    # -- change log -------------------------------------------------------------

    def last_seq(self) -> int:
        """The sequence number of the latest change (0 for an empty store)."""
        row = self.conn.execute("SELECT MAX(seq) FROM changes").fetchone()
        return row[0] or 0

    def changes_since(self, seq: int) -> tuple[int, set[str], set[str]]:
        """(latest seq, ids to upsert, ids to delete) for every change after `seq`, latest state wins."""
        upserts: set[str] = set()
        deletes: set[str] = set()
        last = seq
        for row in self.conn.execute("SELECT seq, document_id, change FROM changes WHERE seq > ? ORDER BY seq", (seq,)):
            last = row["seq"]
            if row["change"] == "delete":
                upserts.discard(row["document_id"])
                deletes.add(row["document_id"])
            else:
                deletes.discard(row["document_id"])
                upserts.add(row["document_id"])
        return last, upserts, deletes

    # -- statistics -------------------------------------------------------------

    def _classified_documents(self) -> Iterator[DocumentRecord]:
        """Every document with its classifications only (provisions are not needed to count terms)."""
        classes: dict[str, list[Classification]] = {}
        for c in self.conn.execute("SELECT * FROM classifications ORDER BY rowid"):
            classes.setdefault(c["document_id"], []).append(
                Classification(c["scheme"], c["term_id"], c["origin"], c["provision_id"])
            )
        for doc_id, rows in classes.items():
            yield DocumentRecord(id=doc_id, type="", title="", classifications=rows)

    def counts(self, published_only: bool = False) -> dict[str, int]:
        """How many documents and provisions are stored (or published)."""
        if not published_only:
            docs = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            provs = self.conn.execute("SELECT COUNT(*) FROM provisions").fetchone()[0]
        else:
            docs = self.conn.execute("SELECT COUNT(*) FROM documents WHERE state = 'published'").fetchone()[0]
            provs = self.conn.execute("SELECT COUNT(*) FROM provisions p JOIN documents d ON d.id = p.document_id"
                                      " WHERE d.state = 'published'").fetchone()[0]
        return {"documents": docs, "provisions": provs}

    def stats(self, taxonomy=None) -> dict:
        """Counts of documents by type, language, country, crime type and cross-cutting issue, and of the
        crime types and issues sources gave that the taxonomy lacks (for editors to map).

        A document counts for a term as a search filtered by that term finds it: the term is in
        force (editor wins over rule, level by level) on the document or one of its provisions, and
        an issue also counts for its parent issues (`taxonomy`, the bundled one by default).
        """
        by_type: Counter = Counter()
        by_lang: Counter = Counter()
        by_country: Counter = Counter()
        for row in self.conn.execute("SELECT type, country, languages FROM documents"):
            by_type[row["type"]] += 1
            by_country[row["country"] or "(none)"] += 1
            for lang in json.loads(row["languages"]):
                by_lang[lang] += 1
        provision_langs = Counter(
            {r[0]: r[1] for r in self.conn.execute("SELECT language, COUNT(*) FROM provisions GROUP BY language")}
        )
        if taxonomy is None:
            from index.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        schemes: dict[str, Counter] = {"crime": Counter(), "issue": Counter()}
        for doc in self._classified_documents():
            for scheme, counter in schemes.items():
                levels = {None, *(c.provision_id for c in doc.classifications if c.scheme == scheme)}
                terms: set[str] = set()
                for level in levels:
                    terms.update(doc.terms(scheme, level))
                if scheme == "issue":
                    terms.update(taxonomy.with_ancestors(sorted(terms)))
                counter.update(terms)

        def ordered(c: Counter) -> dict:
            return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

        # what sources gave outside the taxonomy, for editors to map (ingest keeps it in metadata "unmapped")
        unmapped: dict[str, Counter] = {"crime": Counter(), "issue": Counter()}
        for (raw,) in self.conn.execute(
                "SELECT json_extract(metadata, '$.unmapped') FROM documents WHERE json_extract(metadata, '$.unmapped')"
                " IS NOT NULL"):  # fmt: skip
            for scheme, values in json.loads(raw).items():
                if scheme in unmapped and isinstance(values, list):
                    unmapped[scheme].update(str(v) for v in values)

        return {
            **self.counts(),
            "by_type": ordered(by_type),
            "by_language": ordered(by_lang),
            "provisions_by_language": ordered(provision_langs),
            "by_country": ordered(by_country),
            "by_crime_type": ordered(schemes["crime"]),
            "by_issue": ordered(schemes["issue"]),
            "unmapped_crime_types": ordered(unmapped["crime"]),
            "unmapped_issues": ordered(unmapped["issue"]),
        }
