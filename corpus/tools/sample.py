"""The shape of one sample document spec and the small markup its body uses.

Body markup (one block per blank-line separated paragraph):
- ``# Heading``   a level-1 heading (chapter, part, or a case section such as "Facts")
- ``## Heading``  a level-2 heading (an article under a chapter)
- ``^ text``      a footnote (PDF only; other formats append it as a note)
- ``{-}``         inside a paragraph: a forced hyphenated line break (PDF only, joined elsewhere)
Anything else is a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SAMPLE_NOTE = "SAMPLE DATA - invented wording for testing sherloc-search; not an official or authentic text."


@dataclass
class SampleDoc:
    """One sample document and where / how it is written."""

    id: str
    type: str
    title: str
    country: str
    language: str
    date: str
    fmt: str  # txt | md | html | html-boilerplate | json | jsonl | pdf
    path: str  # relative to corpus/documents, with extension
    body: str
    dates: dict[str, str] = field(default_factory=dict)
    crime_types: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    header: str = ""  # PDF running header, e.g. a sample document symbol

    def blocks(self) -> list[tuple[str, int, str]]:
        """The body as (kind, level, text) triples; kind is heading | paragraph | footnote."""
        out: list[tuple[str, int, str]] = []
        for raw in self.body.strip().split("\n\n"):
            # "{-}" ends a source line, so drop the space the join put after it.
            chunk = " ".join(line.strip() for line in raw.strip().splitlines()).replace("{-} ", "{-}")
            if not chunk:
                continue
            if chunk.startswith("## "):
                out.append(("heading", 2, chunk[3:].strip()))
            elif chunk.startswith("# "):
                out.append(("heading", 1, chunk[2:].strip()))
            elif chunk.startswith("^ "):
                out.append(("footnote", 0, chunk[2:].strip()))
            else:
                out.append(("paragraph", 0, chunk))
        return out

    def units(self) -> list[str]:
        """What a reader cites, in order: article headings, case section headings or paragraph numbers.

        Legislation cites its innermost headings (articles under chapters), a case its section
        headings, a strategy or document its numbered paragraphs ("1", "2", ...).
        """
        blocks = self.blocks()
        if self.type in ("strategy", "document"):
            return [text.split(".", 1)[0] for kind, _, text in blocks if kind == "paragraph" and text[:1].isdigit()]
        level = max((lvl for kind, lvl, _ in blocks if kind == "heading"), default=0)
        if self.type == "case":
            level = 1
        return [text for kind, lvl, text in blocks if kind == "heading" and lvl == level]

    def record(self) -> dict:
        """The editor metadata as the sidecar / JSON record carries it."""
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "country": self.country,
            "language": self.language,
            "date": self.date,
            "dates": self.dates or {"adopted" if self.type != "case" else "decided": self.date},
            "source_url": f"https://example.org/sample/{self.id.lower()}",
            "crime_types": list(self.crime_types),
            "issues": list(self.issues),
            "metadata": dict(self.metadata),
            "sample": True,
        }
