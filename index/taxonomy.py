"""The two classification schemes (crime types and cross-cutting issues) with labels in six languages.

The data lives in `corpus/taxonomy/*.json`; each file holds one scheme:
``{"scheme": "crime", "terms": [{"id", "order", "labels", "aliases", "parent", "articles"}]}``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from corpus import CORPUS_DIR
from index.errors import SherlocError
from index.models import LANGUAGES, SCHEMES
from index.textnorm import norm_phrase

TAXONOMY_DIR = CORPUS_DIR / "taxonomy"


class TaxonomyError(SherlocError):
    """A taxonomy file that cannot be used, or a taxonomy id that names nothing."""


@dataclass(frozen=True)
class TaxonomyTerm:
    """One crime type or cross-cutting issue."""

    id: str
    scheme: str
    labels: dict
    parent: str | None = None
    articles: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """The label in `lang`, falling back to English."""
        return self.labels.get(lang) or self.labels["en"]


class Taxonomy:
    """Both schemes, in display order, with lookups by id, label and alias."""

    def __init__(self, terms: list[TaxonomyTerm]):
        self._by_scheme: dict[str, list[TaxonomyTerm]] = {s: [] for s in SCHEMES}
        self._by_id: dict[tuple[str, str], TaxonomyTerm] = {}
        # Ids are unique across schemes, so hierarchy lookups need only the id.
        self._by_bare_id: dict[str, TaxonomyTerm] = {}
        self._names: dict[str, dict[str, str]] = {s: {} for s in SCHEMES}
        for term in terms:
            self._by_scheme.setdefault(term.scheme, []).append(term)
            self._by_id[(term.scheme, term.id)] = term
            self._by_bare_id[term.id] = term
        for term in terms:
            names = self._names.setdefault(term.scheme, {})
            keys = [term.id, term.id.replace("-", " "), *term.labels.values()]
            for values in term.aliases.values():
                keys.extend(values)
            for key in keys:
                # First writer wins: a label of one term beats an alias of a later one.
                names.setdefault(norm_phrase(key), term.id)

    def terms(self, scheme: str) -> list[TaxonomyTerm]:
        """Every term of a scheme in display order."""
        self._check_scheme(scheme)
        return list(self._by_scheme[scheme])

    def get(self, scheme: str, id: str) -> TaxonomyTerm:
        """The term with this id; unknown ids raise a TaxonomyError naming them."""
        self._check_scheme(scheme)
        try:
            return self._by_id[(scheme, id)]
        except KeyError:
            raise TaxonomyError(f"unknown {scheme} taxonomy id {id!r}") from None

    def has(self, scheme: str, id: str) -> bool:
        """Whether the scheme has a term with this id."""
        return (scheme, id) in self._by_id

    def label(self, scheme: str, id: str, lang: str = "en") -> str:
        """The label of a term in `lang` (English when that language has none)."""
        return self.get(scheme, id).label(lang)

    def ancestors(self, id: str) -> list[str]:
        """Ids of the parents of a term, nearest first."""
        out: list[str] = []
        term = self._by_bare_id.get(id)
        while term is not None and term.parent and term.parent not in out:
            out.append(term.parent)
            term = self._by_bare_id.get(term.parent)
        return out

    def children(self, id: str) -> list[str]:
        """Ids of the direct children of a term, in display order."""
        term = self._by_bare_id.get(id)
        if term is None:
            return []
        return [t.id for t in self._by_scheme[term.scheme] if t.parent == id]

    def roots(self, scheme: str) -> list[str]:
        """Ids of the top-level terms of a scheme, in display order."""
        return [t.id for t in self.terms(scheme) if not t.parent]

    def with_ancestors(self, ids) -> list[str]:
        """Each id followed by its ancestors, without duplicates (for faceting on parents)."""
        out: list[str] = []
        seen: set[str] = set()
        for id in ids:
            for one in (id, *self.ancestors(id)):
                if one not in seen:
                    seen.add(one)
                    out.append(one)
        return out

    def resolve(self, scheme: str, text: str) -> str | None:
        """The id named by an id, label or alias in any language (case and accents ignored), or None."""
        self._check_scheme(scheme)
        text = (text or "").strip()
        if text.startswith(f"{scheme}:"):  # a link as the thesaurus writes it: "issue:extradition"
            text = text[len(scheme) + 1 :]
        if (scheme, text) in self._by_id:
            return text
        return self._names[scheme].get(norm_phrase(text.replace("_", " ")))

    def _check_scheme(self, scheme: str) -> None:
        if scheme not in self._by_scheme:
            raise TaxonomyError(f"unknown taxonomy scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")


def _read_file(path: Path) -> list[TaxonomyTerm]:
    """Parse and check one scheme file; every problem names the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy file: {exc}") from None
    if not isinstance(data, dict) or data.get("scheme") not in SCHEMES or not isinstance(data.get("terms"), list):
        raise TaxonomyError(f"{path}: expected an object with 'scheme' ({', '.join(SCHEMES)}) and a 'terms' list")
    scheme = data["scheme"]
    out: list[TaxonomyTerm] = []
    # Display order is the file order; an explicit "order" field only documents it.
    for raw in data["terms"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise TaxonomyError(f"{path}: every term needs a string 'id', got {raw!r}")
        labels = raw.get("labels")
        if not isinstance(labels, dict) or not isinstance(labels.get("en"), str):
            raise TaxonomyError(f"{path}: term {raw['id']!r} needs 'labels' with at least an English label")
        unknown_langs = set(labels) - set(LANGUAGES)
        if unknown_langs:
            raise TaxonomyError(f"{path}: term {raw['id']!r} has labels in unknown languages {sorted(unknown_langs)}")
        aliases = raw.get("aliases") or {}
        if not isinstance(aliases, dict) or not all(isinstance(v, list) for v in aliases.values()):
            raise TaxonomyError(f"{path}: term {raw['id']!r}: 'aliases' must map a language to a list of names")
        out.append(
            TaxonomyTerm(
                id=raw["id"],
                scheme=scheme,
                labels=dict(labels),
                parent=raw.get("parent") or None,
                articles=tuple(str(a) for a in raw.get("articles") or ()),
                aliases={lang: tuple(v) for lang, v in aliases.items()},
            )
        )
    ids = [t.id for t in out]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TaxonomyError(f"{path}: duplicate term ids {duplicates}")
    for term in out:
        if term.parent and term.parent not in ids:
            raise TaxonomyError(f"{path}: term {term.id!r} has unknown parent {term.parent!r}")
    return out


@functools.lru_cache(maxsize=8)
def load_taxonomy(directory: Path | None = None) -> Taxonomy:
    """Load every scheme file of a directory (default: the bundled corpus), once per directory."""
    directory = Path(directory) if directory is not None else TAXONOMY_DIR
    files = sorted(directory.glob("*.json"))
    if not files:
        raise TaxonomyError(f"{directory}: no taxonomy files (*.json) found")
    terms: list[TaxonomyTerm] = []
    seen: dict[str, Path] = {}
    for path in files:
        for term in _read_file(path):
            if term.id in seen:
                raise TaxonomyError(f"{path}: term id {term.id!r} is already defined in {seen[term.id]}")
            seen[term.id] = path
            terms.append(term)
    return Taxonomy(terms)
