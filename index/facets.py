"""Facets for the result page, in the spirit of Datasette: every value knows its link.

The engine returns raw counts (facet -> value -> count, each facet counted without its own
filter, so several values of one facet can be OR'ed). Here they get labels in the UI language,
their selection state and `toggle`: the complete URL parameters of the same search with this
value selected (or removed when it is selected), back on page 1. Issues nest under their
parents; years are grouped into decades with the single years inside.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from corpus import CORPUS_DIR
from index.countries import CountryError, country_name, region_label

FILTER_FACETS = ("crime", "issue", "country", "region", "type", "lang")
FACET_ORDER = ("crime", "issue", "country", "region", "type", "lang", "year")


class RequestLike(Protocol):
    """What facets need of a search request (`index.search.SearchRequest`)."""

    filters: dict[str, list[str]]
    year_from: int | None
    year_to: int | None

    def to_params(self) -> dict[str, list[str]]: ...


@dataclass
class FacetValue:
    """One value of a facet as the UI shows it."""

    value: str
    label: str
    count: int
    selected: bool
    toggle: dict[str, list[str]]
    children: list[FacetValue] = field(default_factory=list)


@dataclass
class Facet:
    """A facet: its values in display order; `truncated` when the engine left values out
    (the most frequent are shown; `facet_size=max` in the URL lists them all)."""

    name: str
    label: str
    values: list[FacetValue]
    truncated: bool = False


@dataclass
class Chip:
    """A selected filter shown above the results, with the parameters that remove it."""

    facet: str
    value: str
    label: str
    remove: dict[str, list[str]]


# -- labels --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def facet_labels() -> dict[str, Any]:
    """corpus/reference/facet_labels.json: labels of facets, types (as facet values and as one
    document's type), languages and year buckets."""
    with open(CORPUS_DIR / "reference" / "facet_labels.json", encoding="utf-8") as fh:
        return json.load(fh)


def _pick(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("en") or ""


def phrase(key: str, lang: str, **values: object) -> str:
    """A small UI phrase from facet_labels.json ("without “{label}”"), filled in."""
    return _pick(facet_labels()["phrases"][key], lang).format(**values)


def facet_label(name: str, lang: str) -> str:
    """The title of a facet in the UI language."""
    return _pick(facet_labels()["facets"].get(name, {}), lang) or name


def year_label(lo: int | None, hi: int | None, lang: str) -> str:
    """A year or range as words: 2019, 2010–2019, since 2015, until 1999."""
    years = facet_labels()["years"]
    if lo is not None and hi is not None:
        return _pick(years["year" if lo == hi else "range"], lang).format(lo=lo, hi=hi)
    if lo is not None:
        return _pick(years["from"], lang).format(lo=lo)
    return _pick(years["to"], lang).format(hi=hi)


@lru_cache(maxsize=4096)
def _country_label(code: str, lang: str) -> str:
    return country_name(code, lang) or code  # an unknown code shows as itself


@lru_cache(maxsize=256)
def _region_label(region: str, lang: str) -> str:
    try:
        return region_label(region, lang) or region
    except CountryError:  # a region the reference data does not name
        return region.replace("-", " ").capitalize()


def value_label(facet: str, value: str, lang: str, taxonomy=None) -> str:
    """The label of one facet value in the UI language (English, then the value, as fallbacks)."""
    if facet in ("crime", "issue"):
        if taxonomy is not None and taxonomy.has(facet, value):
            return taxonomy.label(facet, value, lang)
        return value
    if facet == "country":
        return _country_label(value, lang)
    if facet == "region":
        return _region_label(value, lang)
    if facet == "type":
        return _pick(facet_labels()["types"].get(value, {}), lang) or value
    if facet == "lang":
        return _pick(facet_labels()["languages"].get(value, {}), lang) or value
    return value


def type_name(value: str, lang: str) -> str:
    """What one document is (Treaty), where the facet value names the group (Treaties)."""
    return _pick(facet_labels()["type_names"].get(value, {}), lang) or value


# -- toggles -------------------------------------------------------------------------------


def _without_page(params: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: list(v) for k, v in params.items() if k != "page"}


def toggled(params: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    """Parameters with `value` added to `name`, or removed when present; page reset to 1."""
    return _toggled(_without_page(params), name, value)


def _toggled(base: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    # A facet makes one of these per value (a hundred years, two hundred countries): `base`, the
    # parameters without the page, is copied once per facet, and each toggle shares its lists.
    # Toggles are read, never changed.
    out = dict(base)
    values = out.get(name, [])
    values = [v for v in values if v != value] if value in values else sorted([*values, value])
    if values:
        out[name] = values
    else:
        out.pop(name, None)
    return out


def with_years(params: dict[str, list[str]], lo: int | None, hi: int | None) -> dict[str, list[str]]:
    """Parameters with the year range set to lo..hi (None removes that end); page reset to 1."""
    return _with_years(_without_page(params), lo, hi)


def _with_years(base: dict[str, list[str]], lo: int | None, hi: int | None) -> dict[str, list[str]]:
    out = dict(base)
    for key, val in (("from", lo), ("to", hi)):
        if val is None:
            out.pop(key, None)
        else:
            out[key] = [str(val)]
    return out


# -- building facets -----------------------------------------------------------------------


def _sorted_values(values: list[FacetValue]) -> list[FacetValue]:
    # Selected first (they are what the user is looking at), then by count, then by label.
    return sorted(values, key=lambda v: (not v.selected, -v.count, v.label.casefold()))


def _flat_facet(name: str, raw: dict[str, int], base, selected: list[str], taxonomy, lang: str) -> list[FacetValue]:
    counts = dict(raw)
    for v in selected:
        counts.setdefault(v, 0)
    return _sorted_values(
        [
            FacetValue(v, value_label(name, v, lang, taxonomy), c, v in selected, _toggled(base, name, v))
            for v, c in counts.items()
        ]
    )


def _issue_facet(raw: dict[str, int], base, selected: list[str], taxonomy, lang: str) -> list[FacetValue]:
    counts = dict(raw)
    for v in selected:
        counts.setdefault(v, 0)

    def make(v: str) -> FacetValue:
        return FacetValue(v, value_label("issue", v, lang, taxonomy), counts.get(v, 0), v in selected,
                          _toggled(base, "issue", v))  # fmt: skip

    if taxonomy is None:
        return _sorted_values([make(v) for v in counts])
    parent_of = {v: (taxonomy.ancestors(v) or [None])[-1] if taxonomy.has("issue", v) else None for v in counts}
    tops: dict[str, FacetValue] = {}
    for v in counts:
        root = parent_of[v] or v
        if root not in tops:
            tops[root] = make(root)
    for v in counts:
        root = parent_of[v]
        if root is not None:
            tops[root].children.append(make(v))
    for top in tops.values():
        # The engine indexes ancestors, so a parent's raw count covers its children; when a parent
        # is only implied by a child (older index), show at least the largest child's count.
        if top.children:
            top.count = max(top.count, max(c.count for c in top.children))
        top.children = _sorted_values(top.children)
    return _sorted_values(list(tops.values()))


def _year_facet(raw: dict[str, int], request: RequestLike, base, lang: str) -> list[FacetValue]:
    per_year: dict[int, int] = {}
    for k, c in raw.items():
        try:
            per_year[int(k)] = per_year.get(int(k), 0) + c
        except (TypeError, ValueError):
            continue
    sel = (request.year_from, request.year_to)
    decades: dict[int, list[int]] = {}
    for y in per_year:
        decades.setdefault(y - y % 10, []).append(y)
    out: list[FacetValue] = []
    this_year = date.today().year

    def value(lo: int | None, hi: int | None, count: int) -> FacetValue:
        selected = sel == (lo, hi)
        toggle = _with_years(base, None, None) if selected else _with_years(base, lo, hi)
        text = f"{lo}" if lo == hi else f"{lo or ''}..{hi or ''}"
        return FacetValue(text, year_label(lo, hi, lang), count, selected, toggle)

    matched = False
    for start in sorted(decades, reverse=True):
        end = min(start + 9, max(this_year, max(decades[start])))
        years = sorted(decades[start], reverse=True)
        dv = value(start, end, sum(per_year[y] for y in years))
        dv.children = [value(y, y, per_year[y]) for y in years]
        matched = matched or dv.selected or any(c.selected for c in dv.children)
        out.append(dv)
    if (request.year_from is not None or request.year_to is not None) and not matched:
        lo, hi = request.year_from, request.year_to
        count = sum(c for y, c in per_year.items() if (lo is None or y >= lo) and (hi is None or y <= hi))
        out.insert(0, value(lo, hi, count))
    return out


def build_facets(
    raw: dict[str, dict[str, int]], request: RequestLike, taxonomy=None, lang: str = "en",
    truncated: Collection[str] = (),
) -> list[Facet]:
    """Facets with labels in `lang`, selection state and toggle parameters, in display order.

    `raw` is `EngineResult.facets` and `truncated` its `EngineResult.truncated` (the facets cut
    to their most frequent values); selected values always appear, even with no hits.
    """
    base = _without_page(request.to_params())
    out: list[Facet] = []
    for name in FACET_ORDER:
        if name not in raw and not request.filters.get(name) and not (
            name == "year" and (request.year_from is not None or request.year_to is not None)
        ):
            continue
        counts = raw.get(name, {})
        selected = list(request.filters.get(name, []))
        if name == "issue":
            values = _issue_facet(counts, base, selected, taxonomy, lang)
        elif name == "year":
            values = _year_facet(counts, request, base, lang)
        else:
            values = _flat_facet(name, counts, base, selected, taxonomy, lang)
        if values:  # a facet the engine had nothing for (e.g. no regions indexed) is left out
            out.append(Facet(name, facet_label(name, lang), values, truncated=name in truncated))
    return out


def chips(request: RequestLike, taxonomy=None, lang: str = "en") -> list[Chip]:
    """The selected filters as removable chips, in facet order, then the year range."""
    params = request.to_params()
    out: list[Chip] = []
    for name in FILTER_FACETS:
        for v in request.filters.get(name, []):
            out.append(Chip(name, v, value_label(name, v, lang, taxonomy), toggled(params, name, v)))
    if request.year_from is not None or request.year_to is not None:
        lo, hi = request.year_from, request.year_to
        text = f"{lo}" if lo == hi else f"{lo or ''}..{hi or ''}"
        out.append(Chip("year", text, year_label(lo, hi, lang), with_years(params, None, None)))
    return out
