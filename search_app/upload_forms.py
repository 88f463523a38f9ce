"""The editors' upload forms: the files, a draft's details (ingest's suggestions until confirmed), publish, discard."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from index.ids import id_problem
from search_app.forms import MetadataForm, MultiCheckboxField, check_partial_date


class UploadForm(FlaskForm):
    """One or many files (a plain file input: dropping files on it works without any script)."""

    files = MultipleFileField(
        lazy_gettext("Files"),
        description=lazy_gettext("PDF, HTML, plain text or JSON records; the type is read from the file's content."),
    )
    submit = SubmitField(lazy_gettext("Upload"))


class DraftDetailsForm(MetadataForm):
    """A draft's details: a document's fields plus its identifier, languages, in-force date and classification."""

    document_id = StringField(
        lazy_gettext("Identifier"),
        description=lazy_gettext("The document's address in the collection, e.g. FRA-penal-code."),
        validators=[Optional(), Length(max=200)],
        render_kw={"spellcheck": "false", "autocapitalize": "none"},
    )
    in_force = StringField(
        lazy_gettext("In force from"),
        description=lazy_gettext("YYYY, YYYY-MM or YYYY-MM-DD; empty for none."),
        validators=[Optional(), Length(max=10)],
    )
    languages = MultiCheckboxField(lazy_gettext("Languages"))
    crime = MultiCheckboxField(lazy_gettext("Crime types"))
    issue = MultiCheckboxField(lazy_gettext("Cross-cutting issues"))
    submit = SubmitField(lazy_gettext("Save the details and read the file again"))

    def validate_document_id(self, field) -> None:
        """An id the store accepts."""
        field.data = (field.data or "").strip()
        problem = id_problem(field.data) if field.data else None
        if problem:
            raise ValidationError(_("This identifier cannot be used: %(reason)s", reason=problem))

    def validate_in_force(self, field) -> None:
        """A partial ISO date naming a real day."""
        field.data = (field.data or "").strip()
        try:
            check_partial_date(field.data)
        except ValueError:
            raise ValidationError(_("Not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2005-03-09.")) from None

    def details(self) -> dict:
        """What the editor confirmed, as a draft keeps it."""
        values = self.values()
        values.update(in_force=self.in_force.data or "", languages=list(self.languages.data or []),
                      crime=list(self.crime.data or []), issue=list(self.issue.data or []))
        values["country"] = values["country"] or ""
        values["date"] = values["date"] or ""
        values["source_url"] = values["source_url"] or ""
        return values


class PublishForm(FlaskForm):
    """Publish a ready draft."""

    submit = SubmitField(lazy_gettext("Publish"))


class DiscardForm(FlaskForm):
    """Discard a draft and its file."""

    submit = SubmitField(lazy_gettext("Discard this draft"))
