"""Names of stored values in the UI language: countries, crime types and issues, document types, languages, dates.

Facet values (country, type, language) are named by `index.facets` for the sidebar and here for
everything else, from the same table, so a value reads the same in both places.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date, format_skeleton
from flask_babel import lazy_gettext
from markupsafe import Markup, escape

from index.errors import SherlocError
from index.facets import type_name, value_label
from search_app.state import sherloc, ui_lang

DATE_KINDS = {
    "adopted": lazy_gettext("adopted"),
    "signed": lazy_gettext("signed"),
    "in_force": lazy_gettext("in force"),
    "enacted": lazy_gettext("enacted"),
    "published": lazy_gettext("published"),
    "decided": lazy_gettext("decided"),
    "amended": lazy_gettext("amended"),
}
PARTY_ROLES = {
    "prosecutor": lazy_gettext("prosecutor"),
    "defendant": lazy_gettext("defendant"),
    "accused": lazy_gettext("accused"),
    "appellant": lazy_gettext("appellant"),
    "respondent": lazy_gettext("respondent"),
    "applicant": lazy_gettext("applicant"),
    "claimant": lazy_gettext("claimant"),
    "plaintiff": lazy_gettext("plaintiff"),
    "victim": lazy_gettext("victim"),
    "witness": lazy_gettext("witness"),
    "requesting-state": lazy_gettext("requesting State"),
    "requested-state": lazy_gettext("requested State"),
}
# Language names in their own language, so a reader finds their own in the switcher.
NATIVE_NAMES = {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français", "ru": "Русский", "zh": "中文"}
# UN documents write 26 March 2015, as British English does.
DATE_LOCALES = {"en": "en_GB"}


def country_name(code: str | None, lang: str) -> str:
    """A country or organisation name in `lang` (the code itself when unknown; "" for none)."""
    return value_label("country", code, lang) if code else ""


def country_label(code: str | None) -> str:
    """A country or organisation name in the UI language (the code itself when unknown)."""
    return country_name(code, ui_lang())


def term_label(scheme: str, term_id: str) -> str:
    """A crime type or cross-cutting issue label in the UI language."""
    try:
        return sherloc().taxonomy.label(scheme, term_id, ui_lang())
    except SherlocError:
        return term_id


def type_label(value: str | None) -> str:
    """A document type label in the UI language (Treaty; the facet calls the group Treaties)."""
    return type_name(value or "", ui_lang())


def language_label(code: str | None) -> str:
    """A language name in the UI language."""
    return value_label("lang", code, ui_lang()) if code else ""


def date_kind_label(kind: str) -> str:
    """The name of a kind of date (adopted, in_force ...) in the UI language."""
    return str(DATE_KINDS.get(kind, kind.replace("_", " ")))


def date_label(value: str | None) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) written the UI language's way: 26 March 2015, 26 mars 2015."""
    if not value:
        return ""
    ui = ui_lang()
    locale = DATE_LOCALES.get(ui, ui)
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return format_date(datetime.date(*parts), "long", locale=locale)
        if len(parts) == 2:
            return format_skeleton("yMMMM", datetime.date(parts[0], parts[1], 1), locale=locale)
    except ValueError:
        pass
    return value  # a year alone, or a value that is no date: as written


def time_tag(value: str | None) -> Markup:
    """A date as <time> (an isolate, see style.css), written the UI's way; what is no date stays as written.

    Inside an Arabic sentence an ISO date otherwise reads backwards: after Arabic letters its digits
    are Arabic numbers, which hyphens do not join (2026-12-05 shows as 05-12-2026).
    """
    if not value or not value[:4].isdigit():
        return escape(value or "")
    return Markup('<time datetime="{}">{}</time>').format(value, date_label(value))


def role_label(role: str) -> str:
    """A party's role in a case in the UI language (as written when unknown)."""
    return str(PARTY_ROLES.get(role.strip().lower().replace(" ", "-"), role))
