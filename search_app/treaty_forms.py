"""Editors' forms for any treaty instrument, its participation rows and the completeness of its list.

Kept apart from search_app/forms.py (documents and bilateral treaties) so that the instrument form can move
with the editors' area when it is rebuilt. The instrument form reads what `sherloc treaties add` reads.
"""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from index.models import LANGUAGES
from index.treaties.models import ACTION_KINDS, KINDS
from search_app.forms import TREATY_ID, MultiCheckboxField, choices


class InstrumentForm(FlaskForm):
    """An instrument: id, titles in the six languages, kind, forms with their articles, scope and rules."""

    treaty_id = StringField(lazy_gettext("Identifier"), validators=[DataRequired(), Regexp(TREATY_ID)],
                            description=lazy_gettext("The UN Treaty Collection number where there is one, e.g. "
                                                     "XVIII-16; letters, digits, '.', '_' and '-'."))
    kind = SelectField(lazy_gettext("Kind"), choices=choices((k, k) for k in KINDS))
    organisation = StringField(lazy_gettext("Organisation"), validators=[Optional(), Length(max=40)])
    short_title = StringField(lazy_gettext("Short title"), validators=[Optional(), Length(max=200)])
    forms = MultiCheckboxField(lazy_gettext("Forms of cooperation covered"))
    articles = TextAreaField(lazy_gettext("Articles per form of cooperation"), validators=[Optional()],
                             description=lazy_gettext("E.g. extradition=16; mla=18"))
    offences = TextAreaField(lazy_gettext("Offences in its scope"), validators=[Optional()],
                             description=lazy_gettext("Crime type ids with their article, e.g. cybercrime=arts. 7-11"))
    other_offences = StringField(lazy_gettext("Other offences it covers, on this condition"),
                                 validators=[Optional(), Length(max=1000)])
    adopted = DateField(lazy_gettext("Adopted on"), validators=[Optional()])
    in_force = DateField(lazy_gettext("In force from"), validators=[Optional()])
    terminated = DateField(lazy_gettext("Terminated on"), validators=[Optional()])
    eif_rule = StringField(lazy_gettext("Entry into force for a State"), validators=[Optional(), Length(max=40)],
                           description=lazy_gettext("days:30 = the thirtieth day after its deposit; month-after:3 "
                                                    "= the first day of the month after three months."))
    denunciation_rule = StringField(lazy_gettext("Denunciation takes effect"), validators=[Optional(),
                                    Length(max=40)], description=lazy_gettext("months:12 = one year after notice."))
    source = StringField(lazy_gettext("Source"), validators=[Optional(), Length(max=1000)])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(lazy_gettext("Save the instrument"))


# One title field per UN language, added to the class so that the template can loop over them.
for _lang in LANGUAGES:
    setattr(InstrumentForm, f"title_{_lang}", StringField(
        lazy_gettext("Title (%(lang)s)", lang=_lang),
        validators=[Optional(), Length(max=2000)] if _lang != "en" else [DataRequired(), Length(max=2000)]))


class ParticipationForm(FlaskForm):
    """One State's row under an instrument (added, or replacing its row)."""

    state = SelectField(lazy_gettext("State"), validators=[DataRequired()])
    signature = DateField(lazy_gettext("Signed on"), validators=[Optional()])
    action_date = DateField(lazy_gettext("Deposit of ratification, acceptance, approval, accession, succession"),
                            validators=[Optional()])
    action_kind = SelectField(lazy_gettext("Kind of action"),
                              choices=choices((k, k) for k in (*ACTION_KINDS.values(), "application")))
    entry_into_force = DateField(lazy_gettext("In force for the State from"), validators=[Optional()],
                                 description=lazy_gettext("Empty: computed from the instrument's rule."))
    source = StringField(lazy_gettext("Source"), validators=[DataRequired(), Length(max=1000)])
    as_of = DateField(lazy_gettext("True as of"), validators=[DataRequired()])
    submit = SubmitField(lazy_gettext("Save the row"))


class DeclarationForm(FlaskForm):
    """A declaration, reservation, notification or objection of one State under an instrument."""

    state = SelectField(lazy_gettext("State"), validators=[DataRequired()])
    kind = SelectField(lazy_gettext("Kind"), choices=choices(
        (k, k) for k in ("declaration", "reservation", "notification", "objection")))
    article = StringField(lazy_gettext("Article"), validators=[Optional(), Length(max=40)],
                          description=lazy_gettext("E.g. 16(5)"))
    forms = MultiCheckboxField(lazy_gettext("Forms of cooperation it bears on"))
    text = TextAreaField(lazy_gettext("Text"), validators=[DataRequired(), Length(max=20000)])
    source = StringField(lazy_gettext("Source"), validators=[DataRequired(), Length(max=1000)])
    as_of = DateField(lazy_gettext("True as of"), validators=[DataRequired()])
    submit = SubmitField(lazy_gettext("Add the declaration"))


class AuthorityForm(FlaskForm):
    """A competent national authority, as `sherloc treaties import-authorities` reads a CSV row."""

    country = SelectField(lazy_gettext("State"), validators=[DataRequired()])
    authority = StringField(lazy_gettext("Authority"), validators=[DataRequired(), Length(max=500)])
    form = SelectField(lazy_gettext("Form of cooperation"))
    treaty_id = StringField(lazy_gettext("Under the treaty"), validators=[Optional(), Length(max=80)],
                            description=lazy_gettext("Empty: under any treaty and domestic law."))
    address = StringField(lazy_gettext("Address"), validators=[Optional(), Length(max=1000)])
    phone = StringField(lazy_gettext("Phone"), validators=[Optional(), Length(max=100)])
    email = StringField(lazy_gettext("Email"), validators=[Optional(), Length(max=200)])
    languages = StringField(lazy_gettext("Languages accepted"), validators=[Optional(), Length(max=200)])
    channels = StringField(lazy_gettext("Channels"), validators=[Optional(), Length(max=500)])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)])
    source = StringField(lazy_gettext("Source"), validators=[DataRequired(), Length(max=1000)])
    as_of = DateField(lazy_gettext("True as of"), validators=[DataRequired()])
    submit = SubmitField(lazy_gettext("Save the authority"))


class CompletenessForm(FlaskForm):
    """Whether the instrument's rows are the whole list of participants."""

    as_of = DateField(lazy_gettext("Complete as of"), validators=[Optional()])
    source = StringField(lazy_gettext("Source of the whole list"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(lazy_gettext("Save"))


class RemoveForm(FlaskForm):
    """A confirmation button for a removal (the CSRF token is what matters)."""

    submit = SubmitField(lazy_gettext("Remove"))
