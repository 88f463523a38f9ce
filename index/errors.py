"""Errors written for the user: the CLI prints them as one line, the web as a page or JSON.

An error made by `bad_request(template, **values)` or `not_found(...)` keeps its English template and values, so
that the web UI can show it in the reader's language: the UI's catalogues translate these
templates (babel.cfg extracts them from `index/`). `N_` marks a template kept in a table.
"""

from __future__ import annotations


class SherlocError(Exception):
    """Base of every error a user may see; its message is the whole explanation."""

    template: str | None = None  # the message before `values` were put in, when translatable
    values: dict[str, str] = {}


class NotFound(SherlocError):
    """An id that names nothing in the store."""


class BadRequest(SherlocError):
    """Parameters a user gave that cannot be understood."""


class Unprocessable(BadRequest):
    """Parameters each valid alone that cannot go together (the same State requesting and requested)."""


class IndexOutdated(SherlocError):
    """A search index written in another layout (by an earlier version): it is rebuilt from the store."""


def bad_request(template: str, **values: object) -> BadRequest:
    """A BadRequest saying `template % values`; the template stays with it for translation."""
    return _with_template(BadRequest, template, values)


def _with_template(cls, template: str, values: dict):
    strings = {k: str(v) for k, v in values.items()}
    exc = cls(template % strings)
    exc.template, exc.values = template, strings
    return exc


def unprocessable(template: str, **values: object) -> Unprocessable:
    """An Unprocessable saying `template % values`; the template stays with it for translation."""
    return _with_template(Unprocessable, template, values)


def not_found(template: str, **values: object) -> NotFound:
    """A NotFound saying `template % values`; the template stays with it for translation."""
    return _with_template(NotFound, template, values)


def N_(template: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Marks a message template for translation where it is defined; returns it unchanged."""
    return template
