"""State codes for treaty data: every name or code goes through `index.countries.normalize_country`."""

from __future__ import annotations

from index.countries import country_name, normalize_country
from index.errors import BadRequest


def to_code(value: str) -> str | None:
    """ISO alpha-3 (or organisation code) for a code or a State name as the UN Treaty Collection writes it."""
    value = (value or "").strip()
    return normalize_country(value) if value else None


def require_state(value: str | None, role: str = "State") -> str:
    """The code for a State the user named, or BadRequest saying which value is unknown."""
    if not value or not value.strip():
        raise BadRequest(f"the {role} is missing: give an ISO 3166-1 alpha-3 code such as FRA or BRA")
    code = to_code(value)
    if code is None:
        raise BadRequest(f"unknown {role} {value!r}: give an ISO 3166-1 alpha-3 code such as FRA or BRA")
    return code


def country_label(code: str, lang: str = "en") -> str:
    """The State's name for display, or the code itself."""
    try:
        return country_name(code, lang) or code
    except Exception:  # noqa: BLE001 - a display name must never break the finder
        return code
