"""The editors' forms (Flask-WTF, so every POST carries a CSRF token).

Choices that depend on the UI language (type labels, country names) are filled in by the
views; validation messages are ours (translated) or WTForms' own (translated by Flask-WTF).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from index.countries import normalize_country
from index.models import CURATED, DocumentRecord
from index.urls import clean_web_url

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms before 3.3 takes (value, label) pairs
    SelectChoice = None

DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TREATY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


def choices(pairs) -> list:
    """(value, label) pairs as this WTForms wants choices (SelectChoice from 3.3, when pairs are deprecated)."""
    return [SelectChoice(value, str(label)) for value, label in pairs] if SelectChoice else list(pairs)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (a plain HTML form, no script)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(FlaskForm):
    """Sign in as an editor."""

    username = StringField(
        lazy_gettext("Editor name"),
        validators=[InputRequired(message=lazy_gettext("Enter your editor name.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[InputRequired(message=lazy_gettext("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(lazy_gettext("Sign in"))


class LogoutForm(FlaskForm):
    """Sign out (a POST, so another site cannot sign an editor out with a link)."""

    submit = SubmitField(lazy_gettext("Sign out"))


def check_partial_date(value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real day; ValueError otherwise."""
    m = DATE.match(value)
    if not m:
        raise ValueError(value)
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    date(year, month, day)  # ValueError for 2023-02-30 or month 13
    return value


def document_version(doc: DocumentRecord) -> str:
    """A fingerprint of what the edit forms show of a document: it changes when anyone changes the document."""
    state = [doc.type, doc.title, doc.country, doc.date, doc.source_url, doc.dates, doc.metadata,
             [p.id for p in doc.provisions], [asdict(c) for c in doc.classifications]]
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:20]


class MetadataForm(FlaskForm):
    """A document's editable fields."""

    # The version the editor saw: a save over someone else's newer change is refused, not merged blindly.
    version = HiddenField()

    title = StringField(
        lazy_gettext("Title"),
        validators=[DataRequired(message=lazy_gettext("A document needs a title.")), Length(max=2000)],
    )
    type = SelectField(lazy_gettext("Type"))
    country = StringField(
        lazy_gettext("Country or organisation"),
        description=lazy_gettext(
            "An ISO 3166-1 alpha-3 code such as FRA, a country name, or an organisation code such as UN; "
            "empty for none."
        ),
        validators=[Optional(), Length(max=200)],
    )
    date = StringField(
        lazy_gettext("Date"),
        description=lazy_gettext(
            "YYYY, YYYY-MM or YYYY-MM-DD: the date of enactment, decision or adoption; empty for none."
        ),
        validators=[Optional(), Length(max=10)],
    )
    source_url = StringField(
        lazy_gettext("Source URL"),
        description=lazy_gettext("A web address starting with http:// or https://; empty for none."),
        validators=[Optional(), Length(max=2000)],
        render_kw={"inputmode": "url"},
    )
    submit = SubmitField(lazy_gettext("Save the details"))

    def validate_country(self, field) -> None:
        """A known country or organisation; the field then holds its code."""
        code = normalize_country(field.data.strip())
        if code is None:
            raise ValidationError(
                _("Unknown country or organisation %(value)s: give an ISO 3166-1 alpha-3 code such as FRA.",
                  value=field.data.strip())
            )
        field.data = code

    def validate_date(self, field) -> None:
        """A partial ISO date naming a real day."""
        field.data = field.data.strip()
        try:
            check_partial_date(field.data)
        except ValueError:
            raise ValidationError(_("Not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2005-03-09.")) from None

    def validate_source_url(self, field) -> None:
        """Only web addresses: a javascript: or data: URL would run in readers' browsers."""
        url = clean_web_url(field.data)
        if not url:
            raise ValidationError(_("Give a web address starting with http:// or https://."))
        field.data = url

    def values(self) -> dict:
        """The cleaned values, as Store.update_metadata takes them (blank fields become None)."""
        return {
            "title": self.title.data.strip(),
            "type": self.type.data,
            "country": self.country.data or None,
            "date": self.date.data or None,
            "source_url": self.source_url.data or None,
        }


# -- classifications ------------------------------------------------------------------

DECISIONS = ("", "confirm", "reject")


@dataclass
class Suggestion:
    """One rule suggestion on the form: its radio field name and taxonomy id."""

    name: str
    term_id: str


@dataclass
class LevelScheme:
    """One scheme at one level (the document or a provision) as the classification form shows it."""

    scheme: str
    provision_id: str | None
    label: str  # "" for the whole document, else the provision's label
    suggestions: list[Suggestion] = field(default_factory=list)
    editor_terms: list[str] = field(default_factory=list)  # in force now, set by an editor
    terms_name: str = ""  # the checkbox field of editor terms
    choices: list[str] = field(default_factory=list)  # the taxonomy ids the checkboxes offer


def classification_plan(doc: DocumentRecord, taxonomy) -> list[LevelScheme]:
    """What the classification form offers: every scheme at document level, then each classified provision.

    At a level where an editor already decided, rule rows are not offered: the editor's terms are in
    force there. At document level any taxonomy term can be added; at a provision, the editor's
    terms can be removed (provision-level additions belong to the file's sidecar or a re-ingest).
    """
    plan: list[LevelScheme] = []
    labels = {p.id: p.label for p in doc.provisions}
    provision_levels = [p.id for p in doc.provisions if any(c.provision_id == p.id for c in doc.classifications)]
    for i, level in enumerate([None, *provision_levels]):
        for scheme in ("crime", "issue"):
            rows = [c for c in doc.classifications if c.scheme == scheme and c.provision_id == level]
            editor = list(dict.fromkeys(c.term_id for c in rows if c.origin in CURATED))
            rules = [] if editor else list(dict.fromkeys(c.term_id for c in rows if c.origin in ("rule", "hint")))
            if level is not None and not rows:
                continue
            entry = LevelScheme(scheme, level, labels.get(level, "") if level else "", editor_terms=editor,
                                terms_name=f"l{i}_{scheme}_terms")
            entry.suggestions = [Suggestion(f"l{i}_{scheme}_s{j}", t) for j, t in enumerate(rules)]
            if level is None:
                entry.choices = [t.id for t in taxonomy.terms(scheme) if t.id not in rules]
            else:
                entry.choices = editor
            plan.append(entry)
    return plan


def classification_form(plan: list[LevelScheme], label_of, formdata=None) -> FlaskForm:
    """A Flask-WTF form with a confirm/reject choice per suggestion and the editor's terms as checkboxes.

    `label_of(scheme, term_id)` names a term in the UI language.
    """

    class ClassificationForm(FlaskForm):
        version = HiddenField()
        submit = SubmitField(lazy_gettext("Save the classification"))

    decision_labels = choices([("", _("Undecided")), ("confirm", _("Confirm")), ("reject", _("Reject"))])
    for entry in plan:
        for s in entry.suggestions:
            setattr(ClassificationForm, s.name, RadioField(label_of(entry.scheme, s.term_id), choices=decision_labels,
                                                           default=""))
        setattr(
            ClassificationForm,
            entry.terms_name,
            MultiCheckboxField(choices=choices((t, label_of(entry.scheme, t)) for t in entry.choices),
                               default=list(entry.editor_terms)),
        )
    return ClassificationForm(formdata=formdata, prefix="cls")


def classification_decisions(form: FlaskForm, plan: list[LevelScheme]) -> dict[tuple[str, str | None], list[str]]:
    """(scheme, provision id) -> the editor's terms, for every level the editor changed.

    A level the editor touched (a suggestion confirmed or rejected, a term added or removed) needs a
    decision on each of its suggestions, since the editor's terms replace them all: an undecided one
    gets an error on its field and the result is empty.
    """
    out: dict[tuple[str, str | None], list[str]] = {}
    missing = False
    for entry in plan:
        chosen = list(form[entry.terms_name].data or [])
        verdicts = {s.term_id: form[s.name].data or "" for s in entry.suggestions}
        touched = any(verdicts.values()) or set(chosen) != set(entry.editor_terms)
        if not touched:
            continue
        undecided = [s for s in entry.suggestions if not verdicts[s.term_id]]
        for s in undecided:
            form[s.name].errors = [
                *form[s.name].errors,
                _("Confirm or reject this suggestion too: an editor's choice replaces every suggestion here."),
            ]
        if undecided:
            missing = True
            continue
        confirmed = [t for t, v in verdicts.items() if v == "confirm"]
        out[(entry.scheme, entry.provision_id)] = list(dict.fromkeys(confirmed + chosen))
    return {} if missing else out


# -- bilateral treaties ---------------------------------------------------------------


CHOOSE_A_STATE = lazy_gettext("Choose a State.")


class BilateralTreatyForm(FlaskForm):
    """A bilateral treaty between two States, as `sherloc treaties import-bilateral` reads a CSV row."""

    party_a = SelectField(lazy_gettext("First party"), validators=[InputRequired(message=CHOOSE_A_STATE)])
    party_b = SelectField(lazy_gettext("Second party"), validators=[InputRequired(message=CHOOSE_A_STATE)])
    title = StringField(
        lazy_gettext("Title"),
        validators=[DataRequired(message=lazy_gettext("A treaty needs a title.")), Length(max=2000)],
    )
    title_language = SelectField(lazy_gettext("Language of the title"), default="en")
    treaty_id = StringField(
        lazy_gettext("Identifier"),
        description=lazy_gettext("Letters, digits, '.', '_' and '-'. Empty: one is made from the parties, the form of "
                       "cooperation and the year, e.g. BIL-BRA-FRA-MLA-2001."),
        validators=[Optional(), Length(max=80)],
        render_kw={"autocapitalize": "characters", "spellcheck": "false"},
    )
    signed = DateField(lazy_gettext("Signed on"), validators=[Optional()])
    in_force = DateField(
        lazy_gettext("In force from"),
        description=lazy_gettext("Empty while it is not in force: the finder then lists it as not in force."),
        validators=[Optional()],
    )
    forms = MultiCheckboxField(lazy_gettext("Forms of cooperation covered"))
    offences = MultiCheckboxField(
        lazy_gettext("Offences it lists"),
        description=lazy_gettext(
            "The crime types the treaty names. Leave them empty if it covers offences by a penalty threshold "
            "(below), or if you do not know: the finder then does not judge it."
        ),
    )
    other_offences = StringField(
        lazy_gettext("Other offences it covers, on this condition"),
        description=lazy_gettext("E.g. “if punishable under the laws of both States by at least one year of "
                                 "imprisonment (art. 2)”."),
        validators=[Optional(), Length(max=1000)],
    )
    source = StringField(
        lazy_gettext("Source"),
        description=lazy_gettext(
            "Where the facts come from, e.g. the official journal. Empty: entered in the editors' area."
        ),
        validators=[Optional(), Length(max=1000)],
    )
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(lazy_gettext("Add the treaty"))

    def validate_party_b(self, field) -> None:
        """Two different States."""
        if field.data and field.data == self.party_a.data:
            raise ValidationError(_("The second party must be another State than the first."))

    def validate_treaty_id(self, field) -> None:
        """An id that fits in a URL path segment."""
        field.data = field.data.strip()
        if not TREATY_ID.match(field.data):
            raise ValidationError(_("Use only letters, digits, '.', '_' and '-' (at most 80)."))

    def validate_in_force(self, field) -> None:
        """Not in force before it was signed."""
        if field.data and self.signed.data and field.data < self.signed.data:
            raise ValidationError(_("The treaty cannot be in force before it was signed."))

    def validate_forms(self, field) -> None:
        """At least one form of cooperation: the finder answers per form."""
        if not field.data:
            raise ValidationError(_("Choose at least one form of cooperation."))
