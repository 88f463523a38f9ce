"""What a reader returns: a file's text as blocks, with whatever metadata it carried.

Every reader (pdf, html, text, records) returns a list of these, one per document
in the file (a JSON-lines file holds many). `ingest.structure` then turns blocks
into provisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """A run of text in reading order."""

    text: str
    kind: str = "paragraph"  # heading | paragraph | footnote | list_item
    level: int = 0  # heading level (1 = top), 0 for other kinds
    number: str = ""  # a number the source marked explicitly (HTML data-number, a record's "article")
    language: str = ""  # a language the source declared for this block (HTML lang=), else ""


@dataclass
class ParsedDocument:
    """One document read from a file, before language detection and structure."""

    source_path: str
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    # Fields the source itself gave, mapped to our names where known:
    # id, type, country (alpha-2/alpha-3/name as given), date, url, language, crime_types (labels or ids),
    # issues, court, law_title, chapter, article, case_number, ecli, parties, charges, outcome ...
    metadata: dict = field(default_factory=dict)
    pages: int = 0  # PDF pages read, for the benchmark

    @property
    def text(self) -> str:
        """All body text, blocks separated by blank lines (footnotes excluded)."""
        return "\n\n".join(b.text for b in self.blocks if b.kind != "footnote")
