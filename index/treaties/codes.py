"""State codes for treaty data: every name or code goes through `index.countries.normalize_country`."""

from __future__ import annotations

from index.countries import country_name, normalize_country
from index.errors import N_, bad_request


def to_code(value: str) -> str | None:
    """ISO alpha-3 (or organisation code) for a code or a State name as the UN Treaty Collection writes it."""
    value = (value or "").strip()
    return normalize_country(value) if value else None


# Per role of the State asked for: (missing, unknown), as translatable templates.
_STATE_ERRORS = {
    "State": (N_("the State is missing: give an ISO 3166-1 alpha-3 code such as FRA or BRA"),
              N_("unknown State %(value)s: give an ISO 3166-1 alpha-3 code such as FRA or BRA")),
    "requesting State": (
        N_("the requesting State is missing: give an ISO 3166-1 alpha-3 code such as FRA or BRA"),
        N_("unknown requesting State %(value)s: give an ISO 3166-1 alpha-3 code such as FRA or BRA")),
    "requested State": (
        N_("the requested State is missing: give an ISO 3166-1 alpha-3 code such as FRA or BRA"),
        N_("unknown requested State %(value)s: give an ISO 3166-1 alpha-3 code such as FRA or BRA")),
    "country": (N_("the country is missing: give an ISO 3166-1 alpha-3 code such as FRA or BRA"),
                N_("unknown country %(value)s: give an ISO 3166-1 alpha-3 code such as FRA or BRA")),
}  # fmt: skip


def require_state(value: str | None, role: str = "State", *, codes_only: bool = False) -> str:
    """The code for a State the user named, or BadRequest saying which value is unknown.

    `role`: "State", "requesting State", "requested State" or "country". With `codes_only`, only an
    ISO alpha-3 code is taken, not a name nor an ISO numeric code ("8" would be Albania's).
    """
    missing, unknown = _STATE_ERRORS[role]
    if not value or not value.strip():
        raise bad_request(missing)
    if codes_only and not (value.isascii() and value.isalpha() and len(value) == 3):
        raise bad_request(unknown, value=repr(value))
    code = to_code(value)
    if code is None:
        raise bad_request(unknown, value=repr(value))
    return code


def country_label(code: str, lang: str = "en") -> str:
    """The State's name for display, or the code itself."""
    try:
        return country_name(code, lang) or code
    except Exception:  # noqa: BLE001 - a display name must never break the finder
        return code
