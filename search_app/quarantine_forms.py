"""The form of a quarantined file's retry: the metadata a sidecar would give (ingest/retry.py writes it as one)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from search_app.forms import MetadataForm, MultiCheckboxField


class RetryForm(MetadataForm):
    """Metadata for a file ingest rejected; every field may stay empty (the file's own or detection then)."""

    version = None  # a quarantined file has no stored version to compare with
    id = StringField(
        lazy_gettext("Identifier"),
        description=lazy_gettext("The document's id, e.g. FRA-CP-2005; empty to take the file's own or its name."),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    title = StringField(lazy_gettext("Title"), validators=[Optional(), Length(max=2000)])
    language = SelectField(lazy_gettext("Language"))
    crime_types = MultiCheckboxField(lazy_gettext("Crime types"))
    issues = MultiCheckboxField(lazy_gettext("Cross-cutting issues"))
    submit = SubmitField(lazy_gettext("Retry with this metadata"))

    def sidecar(self) -> dict:
        """The values as a sidecar holds them (ingest.retry.clean_metadata drops the empty ones)."""
        fields = ("id", "title", "type", "country", "language", "date", "source_url", "crime_types", "issues")
        return {name: self[name].data for name in fields}
