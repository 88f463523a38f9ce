"""Countries and organisations: codes, names in the six UN languages, and UN M49 regions.

Records carry ISO 3166-1 alpha-3 codes (FRA, BRA, CHN...) or an organisation code (UN, EU, COE, AU, OAS,
ASEAN, IRB). `normalize_country` turns whatever an ingested file says ("UK", "Viet Nam", "Bolivia
(Plurinational State of)", "Fédération de Russie", "China, Hong Kong SAR") into such a code. Names come from
pycountry and its iso-codes gettext catalogues; UN-style English names, aliases, organisations and regions
come from `corpus/reference/*.json`.
"""

from __future__ import annotations

import functools
import gettext
import json

import pycountry

from corpus import CORPUS_DIR
from index.errors import SherlocError
from index.models import LANGUAGES
from index.textnorm import norm_phrase

REFERENCE_DIR = CORPUS_DIR / "reference"
# pycountry ships Chinese as zh_CN (Simplified), the UN's written Chinese.
_GETTEXT_LOCALE = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_CN"}


class CountryError(SherlocError):
    """A country or region code that names nothing, or a reference file that cannot be read."""


def _read_json(name: str) -> dict:
    path = REFERENCE_DIR / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CountryError(f"{path}: cannot read reference file: {exc}") from None


@functools.lru_cache(maxsize=1)
def _reference() -> dict:
    """The reference files, checked once."""
    regions = _read_json("regions.json")
    orgs = _read_json("organisations.json")
    names = _read_json("country_names.json")
    try:
        known_regions = list(regions["regions"])
        region_of = dict(regions["countries"])
        region_labels = dict(regions["labels"])
        org_region = regions.get("organisations", "international")
        organisations = {code: dict(v["names"]) for code, v in orgs["organisations"].items()}
        org_aliases = {code: list(v.get("aliases", ())) for code, v in orgs["organisations"].items()}
        un_names = dict(names["un_names"])
        local_names = {code: dict(v) for code, v in names.get("names", {}).items()}
        aliases = {code: list(v) for code, v in names["aliases"].items()}
        special_codes = dict(names.get("codes", {}))
    except (KeyError, TypeError, AttributeError) as exc:
        raise CountryError(f"{REFERENCE_DIR}: reference files lack an expected key: {exc}") from None
    bad = sorted({r for r in region_of.values()} - set(known_regions))
    if bad:
        raise CountryError(f"{REFERENCE_DIR / 'regions.json'}: countries assigned to unknown regions {bad}")
    return {
        "regions": known_regions,
        "region_of": region_of,
        "region_labels": region_labels,
        "org_region": org_region,
        "organisations": organisations,
        "org_aliases": org_aliases,
        "un_names": un_names,
        "local_names": local_names,
        "aliases": aliases,
        "codes": special_codes,
    }


@functools.lru_cache(maxsize=8)
def _translator(lang: str):
    """The iso3166-1 catalogue of a language (a no-op translator when pycountry lacks it)."""
    locale = _GETTEXT_LOCALE.get(lang)
    if not locale:
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def _key(text: str) -> str:
    """Lookup key of a name: folded words without a leading article."""
    key = norm_phrase(text)
    for article in ("the ", "la ", "le ", "les ", "l "):
        if key.startswith(article):
            return key[len(article) :]
    return key


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Every known name (any language) -> code. Earlier sources win on a clash: UN names, then aliases,
    then ISO names, then translations."""
    ref = _reference()
    index: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            index.setdefault(_key(name), code)

    for code, names in ref["organisations"].items():
        for name in names.values():
            add(name, code)
        for name in ref["org_aliases"][code]:
            add(name, code)
    for code, name in ref["un_names"].items():
        add(name, code)
    for code, names in ref["local_names"].items():
        for name in names.values():
            add(name, code)
    for code, names in ref["aliases"].items():
        for name in names:
            add(name, code)
    countries = list(pycountry.countries)
    for country in countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            add(name, country.alpha_3)
            if name and ", " in name:
                # ISO writes "Korea, Republic of"; people write "Republic of Korea".
                head, tail = name.split(", ", 1)
                add(f"{tail} {head}", country.alpha_3)
    for lang in _GETTEXT_LOCALE:
        tr = _translator(lang)
        for country in countries:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(country, attr, None)
                if name:
                    local = tr.gettext(name)
                    add(local, country.alpha_3)
                    if ", " in local:  # "Russie, Fédération de" -> "Fédération de Russie"
                        head, tail = local.split(", ", 1)
                        add(f"{tail} {head}", country.alpha_3)
    return index


@functools.lru_cache(maxsize=8192)
def normalize_country(value: str) -> str | None:
    """The alpha-3 or organisation code for a code or name in any of the six languages; None if unknown."""
    if not isinstance(value, str):
        return None
    # SHERLOC writes its own pseudo-country as "_IRB".
    text = value.strip().lstrip("_")
    if not text:
        return None
    ref = _reference()
    upper = text.upper()
    if upper in ref["organisations"]:
        return upper
    if upper in ref["codes"]:
        return ref["codes"][upper]
    if text.isascii() and text.isalpha() and len(text) in (2, 3):
        country = pycountry.countries.get(**{"alpha_2" if len(text) == 2 else "alpha_3": upper})
        if country is not None:
            return country.alpha_3
    if text.isdigit() and len(text) <= 3:
        country = pycountry.countries.get(numeric=text.zfill(3))
        return country.alpha_3 if country is not None else None
    return _name_index().get(_key(text))


def is_organisation(code: str) -> bool:
    """Whether a code is one of the organisation codes (UN, EU, COE, AU, OAS, ASEAN, IRB)."""
    return code in _reference()["organisations"]


def country_name(code: str, lang: str = "en") -> str:
    """The name of a country or organisation in `lang` (English when no translation exists).

    Names follow UN usage ("Bolivia (Plurinational State of)", "Fédération de Russie") where
    corpus/reference/country_names.json gives them, else the iso-codes catalogues. An unknown code is
    returned unchanged so that a display never fails on an odd record.
    """
    ref = _reference()
    if code in ref["organisations"]:
        names = ref["organisations"][code]
        return names.get(lang) or names["en"]
    normalized = code if code in ref["region_of"] else normalize_country(code)
    country = pycountry.countries.get(alpha_3=normalized) if normalized and len(normalized) == 3 else None
    if country is None:
        if normalized in ref["organisations"]:
            return country_name(normalized, lang)
        return code
    if lang == "en" or lang not in _GETTEXT_LOCALE:
        return ref["un_names"].get(country.alpha_3) or country.name
    local = ref["local_names"].get(country.alpha_3, {}).get(lang)
    return local or _translator(lang).gettext(country.name)


def region(code: str) -> str:
    """The UN M49 region of a country (africa, americas, asia, europe, oceania); organisations are
    "international". Raises CountryError for a code that names nothing."""
    ref = _reference()
    if code in ref["organisations"]:
        return ref["org_region"]
    if code in ref["region_of"]:
        return ref["region_of"][code]
    normalized = normalize_country(code) if isinstance(code, str) else None
    if normalized is None:
        raise CountryError(f"unknown country or organisation {code!r}")
    return region(normalized)


def regions() -> list[str]:
    """The region ids in display order."""
    return list(_reference()["regions"])


def region_label(region_id: str, lang: str = "en") -> str:
    """The name of a region in `lang` (English fallback)."""
    labels = _reference()["region_labels"].get(region_id)
    if labels is None:
        raise CountryError(f"unknown region {region_id!r} (expected one of {', '.join(regions())})")
    return labels.get(lang) or labels["en"]


def all_countries(include_organisations: bool = False) -> list[tuple[str, str]]:
    """(code, English name) of every country, sorted by name; organisations first when asked for."""
    ref = _reference()
    out = sorted(((c.alpha_3, country_name(c.alpha_3)) for c in pycountry.countries), key=lambda p: norm_phrase(p[1]))
    if include_organisations:
        out = [(code, names["en"]) for code, names in ref["organisations"].items()] + out
    return out


def languages() -> tuple[str, ...]:
    """The languages names are available in."""
    return LANGUAGES
