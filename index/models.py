"""Plain records shared by every package: what a document and its provisions are.

`ingest` builds these, `index.store` persists them, the engines index them and
`search_app` shows them. They carry no behaviour beyond small conveniences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOCUMENT_TYPES = ("legislation", "case", "treaty", "strategy", "document")
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
# Who set a classification: the record itself ("source"), an editor, the rules with strong evidence
# ("rule", public), or the rules with a weaker signal ("hint", shown to editors only).
ORIGINS = ("source", "editor", "rule", "hint")
CURATED = ("source", "editor")  # given by the source or decided by an editor
PUBLIC = ("source", "editor", "rule")  # what facets and filters count
SCHEMES = ("crime", "issue")


@dataclass
class Provision:
    """One citable unit: an article, a numbered paragraph or a section of a case."""

    label: str  # as a reader would cite it: "Article 5 bis", "Статья 12", "Facts"
    text: str
    language: str
    order: int
    number: str = ""  # normalised number: "5", "5 bis", "12", "" when none
    heading: str = ""  # enclosing chapter / section headings, " > " joined
    kind: str = "article"  # article | paragraph | section | preamble | whole | footnote
    id: str = ""  # "<document id>/<anchor>", assigned by the store when empty

    @property
    def anchor(self) -> str:
        """The part of the id after the document id, used as the HTML anchor."""
        return self.id.split("/", 1)[1] if "/" in self.id else self.id


@dataclass
class Classification:
    """A crime type or cross-cutting issue attached to a document or one provision."""

    scheme: str  # "crime" | "issue"
    term_id: str  # a taxonomy id, e.g. "trafficking-in-persons", "extradition"
    origin: str = "rule"  # one of ORIGINS; curated ones win over the rules
    provision_id: str | None = None  # None: the whole document


@dataclass
class DocumentRecord:
    """A document with its provisions and classifications, as the store keeps it."""

    id: str
    type: str
    title: str
    country: str | None = None  # ISO 3166-1 alpha-3, or an organisation code (UN, EU, COE, ...)
    languages: list[str] = field(default_factory=list)
    date: str | None = None  # the main date, YYYY[-MM[-DD]]: enactment, decision, adoption
    dates: dict[str, str] = field(default_factory=dict)  # e.g. {"adopted": ..., "in_force": ...}
    source_file: str | None = None
    source_url: str | None = None
    content_hash: str = ""
    metadata: dict = field(default_factory=dict)  # court, parties, charges, outcome, symbols, ecli ...
    provisions: list[Provision] = field(default_factory=list)
    classifications: list[Classification] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year of the main date, if any."""
        if self.date and self.date[:4].isdigit():
            return int(self.date[:4])
        return None

    def terms(self, scheme: str, provision_id: str | None = None, curated_only: bool = False) -> list[str]:
        """Taxonomy ids of one scheme for the document, plus those of one provision if given.

        Curated classifications (the source's, an editor's) replace rule suggestions of the same
        scheme at the same level; where the whole document has curated terms of a scheme, rule
        suggestions of that scheme on its provisions do not count either (the source has said what
        the document is about). Hints (editors only) never count; with `curated_only`, rule
        suggestions do not either.
        """
        out: list[str] = []
        curated_doc = any(c.origin in CURATED and c.scheme == scheme and c.provision_id is None
                          for c in self.classifications)  # fmt: skip
        for level in (None, provision_id) if provision_id else (None,):
            rows = [c for c in self.classifications
                    if c.scheme == scheme and c.provision_id == level and c.origin in PUBLIC]  # fmt: skip
            if curated_only or curated_doc or any(c.origin in CURATED for c in rows):
                rows = [c for c in rows if c.origin in CURATED]
            for c in rows:
                if c.term_id not in out:
                    out.append(c.term_id)
        return out
