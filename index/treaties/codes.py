"""State codes for treaty data: every name or code goes through `index.countries.normalize_country`."""

from __future__ import annotations

from functools import lru_cache

from index.errors import BadRequest


@lru_cache(maxsize=4096)
def to_code(value: str) -> str | None:
    """ISO alpha-3 (or organisation code) for a code or a State name as the UN Treaty Collection writes it."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        from index.countries import normalize_country
    except ImportError:  # task A's module not there yet: a minimal pycountry lookup keeps us working
        return _fallback(value)
    return normalize_country(value)


def _fallback(value: str) -> str | None:
    import pycountry

    special = {"UK": "GBR", "EL": "GRC", "RUSSIAN FEDERATION": "RUS", "UNITED STATES OF AMERICA": "USA"}
    if value.upper() in special:
        return special[value.upper()]
    for attr in ("alpha_3", "alpha_2"):
        c = pycountry.countries.get(**{attr: value.upper()}) if len(value) in (2, 3) else None
        if c:
            return c.alpha_3
    try:
        return pycountry.countries.lookup(value).alpha_3
    except LookupError:
        pass
    base = value.split(" (")[0]
    try:
        return pycountry.countries.lookup(base).alpha_3
    except LookupError:
        return None


def require_state(value: str | None, role: str = "State") -> str:
    """The code for a State the user named, or BadRequest saying which value is unknown."""
    if not value or not value.strip():
        raise BadRequest(f"the {role} is missing: give an ISO 3166-1 alpha-3 code such as FRA or BRA")
    code = to_code(value)
    if code is None:
        raise BadRequest(f"unknown {role} {value!r}: give an ISO 3166-1 alpha-3 code such as FRA or BRA")
    return code


def country_label(code: str, lang: str = "en") -> str:
    """The State's name for display (task A's `country_name`), or the code itself."""
    try:
        from index.countries import country_name
    except ImportError:
        import pycountry

        c = pycountry.countries.get(alpha_3=code)
        return getattr(c, "name", code) if c else code
    try:
        return country_name(code, lang) or code
    except Exception:  # noqa: BLE001 - a display name must never break the finder
        return code
