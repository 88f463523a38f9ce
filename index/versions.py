"""Language versions of a text found by meaning, for an editor to link (`metadata.parallel_group`).

A document is suggested as another language version of `doc` when, for at least half of the
provisions compared, the nearest provision in another language (by their vectors) lies in it.
The sample is the document's first provisions; a version translated article by article answers
for most of them, a text merely on the same subject for few.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from index.models import DocumentRecord
from index.store import Store

COMPARED_PROVISIONS = 20
NEIGHBOURS = 10


@dataclass
class VersionCandidate:
    """A document that may be another language version, with the evidence."""

    document_id: str
    title: str
    language: str
    matched: int  # provisions of the document whose nearest other-language provision lies in this one
    compared: int
    similarity: float  # mean cosine of those nearest provisions


def version_candidates(store: Store, index, doc: DocumentRecord, limit: int = 5) -> list[VersionCandidate]:
    """Documents likely to be `doc` in another language, best first; none linked to it already.

    A version is of the same country (or organisation), and its provisions answer ours in order: a
    provision's near neighbour there carries the same number (or, unnumbered, the same position).
    A text of another country on the same subject fails the first test, a text on the same subject
    of the same country the second.
    """
    if index is None:
        return []
    own = {p.id for p in doc.provisions}
    nearest = []  # (provision, its nearest provisions of other documents)
    for p in doc.provisions[:COMPARED_PROVISIONS]:
        vector = index.vector(p.id)
        if vector is not None:
            nearest.append((p, index.nearest(vector, NEIGHBOURS, exclude=own)))
    places = store.provision_places(pid for _, hits in nearest for pid, _ in hits)
    tally: dict[str, list[float]] = defaultdict(list)
    for p, hits in nearest:
        voted: set[str] = set()
        for pid, similarity in hits:
            place = places.get(pid)
            if place is None or place.language == p.language or place.document_id in voted:
                continue
            voted.add(place.document_id)  # a provision votes once for each other document
            same_place = place.number == p.number if p.number or place.number else place.order == p.order
            if same_place:
                tally[place.document_id].append(similarity)
    compared = len(nearest)
    group = doc.metadata.get("parallel_group")
    out = []
    for doc_id, sims in tally.items():
        if len(sims) * 2 < compared or len(sims) < 2:
            continue
        other = store.get_document(doc_id)
        if other.country != doc.country or (group and other.metadata.get("parallel_group") == group):
            continue
        out.append(VersionCandidate(doc_id, other.title, ",".join(other.languages), len(sims), compared,
                                    round(sum(sims) / len(sims), 3)))
    out.sort(key=lambda c: (-c.matched, -c.similarity))
    return out[:limit]


def link_versions(store: Store, doc_id: str, other_id: str, *, editor: str) -> str:
    """Make two documents language versions of one work (one `parallel_group`); returns the group."""
    doc, other = store.get_document(doc_id), store.get_document(other_id)
    group = doc.metadata.get("parallel_group") or other.metadata.get("parallel_group") or doc.id
    # the other's versions come along: linking two works' versions makes one work, it splits none
    other_group = other.metadata.get("parallel_group")
    members = {doc.id, other.id, *(store.documents_in_group(other_group) if other_group else [])}
    with store.transaction():  # all of them or none; each changed document audited as versions.link
        for member in sorted(members):
            d = store.get_document(member)
            if d.metadata.get("parallel_group") != group:
                store.update_metadata(d.id, editor=editor, action="versions.link",
                                      metadata={**d.metadata, "parallel_group": group})
    return group
