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
        """The part of the id after the document id, used as the HTML anchor.

        Document ids may hold "/" themselves (`BE/APD/...`); an anchor never does.
        """
        return self.id.rsplit("/", 1)[1] if "/" in self.id else self.id


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

    def term_levels(self, scheme: str, curated_only: bool = False) -> dict[str | None, list[str]]:
        """Taxonomy ids of one scheme in force at each level: None (the whole document) or a provision id.

        Curated classifications (the source's, an editor's) replace rule suggestions of the same
        scheme at the same level; where the whole document has curated terms of a scheme, rule
        suggestions of that scheme on its provisions do not count either (the source has said what
        the document is about). Hints (editors only) never count; with `curated_only`, rule
        suggestions do not either.
        """
        rows_by_level: dict[str | None, list[Classification]] = {}
        for c in self.classifications:
            if c.scheme == scheme and c.origin in PUBLIC:
                rows_by_level.setdefault(c.provision_id, []).append(c)
        curated_doc = any(c.origin in CURATED for c in rows_by_level.get(None, ()))
        out: dict[str | None, list[str]] = {}
        for level, rows in rows_by_level.items():
            if curated_only or curated_doc or any(c.origin in CURATED for c in rows):
                rows = [c for c in rows if c.origin in CURATED]
            out[level] = list(dict.fromkeys(c.term_id for c in rows))
        return out

    def terms(self, scheme: str, provision_id: str | None = None, curated_only: bool = False) -> list[str]:
        """Taxonomy ids of one scheme for the document, plus those of one provision if given (see term_levels)."""
        return merged_terms(self.term_levels(scheme, curated_only), provision_id)


def merged_terms(levels: dict[str | None, list[str]], provision_id: str | None) -> list[str]:
    """The document's terms followed by a provision's own, without repeats (`levels` from term_levels)."""
    out = list(levels.get(None, ()))
    for term in levels.get(provision_id, ()) if provision_id else ():
        if term not in out:
            out.append(term)
    return out
