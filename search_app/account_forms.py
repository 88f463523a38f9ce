"""The forms that manage accounts: an admin adds one, changes its role, sets its password or removes it;
anyone signed in changes their own password. Flask-WTF forms, so every POST carries a CSRF token."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from index.store import ROLES
from search_app.editors import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, EditorError, check_password, check_username
from search_app.forms import choices

ROLE_LABELS = {"editor": lazy_gettext("Editor"), "admin": lazy_gettext("Admin")}
ROLE_HINT = lazy_gettext("An editor edits documents and treaty data; an admin also manages accounts and reads the "
                         "audit log.")


def role_choices() -> list:
    """The roles as a select field offers them, labelled in the UI language."""
    return choices((r, ROLE_LABELS[r]) for r in ROLES)


def _password_field(label) -> PasswordField:
    return PasswordField(
        label,
        description=lazy_gettext("At least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
        validators=[InputRequired(message=lazy_gettext("Enter a password.")), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )


def _repeat_field() -> PasswordField:
    return PasswordField(
        lazy_gettext("Repeat the password"),
        validators=[EqualTo("password", message=lazy_gettext("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


def _check_new_password(field) -> None:
    try:
        check_password(field.data or "")
    except EditorError:
        raise ValidationError(_("The password must have at least %(n)s characters.", n=MIN_PASSWORD_LENGTH)) from None


class NewAccountForm(FlaskForm):
    """An admin adds an account: its name, role and first password."""

    username = StringField(
        lazy_gettext("Account name"),
        description=lazy_gettext("1 to 64 letters, digits, '.', '_', '@' or '-'."),
        validators=[InputRequired(message=lazy_gettext("Enter a name.")), Length(max=64)],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    role = SelectField(lazy_gettext("Role"), description=ROLE_HINT, default="editor")
    password = _password_field(lazy_gettext("First password"))
    repeat = _repeat_field()
    submit = SubmitField(lazy_gettext("Add the account"))

    def validate_username(self, field) -> None:
        """A name the store accepts."""
        try:
            field.data = check_username(field.data)
        except EditorError:
            raise ValidationError(_("Use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or "
                                    "digit.")) from None

    def validate_password(self, field) -> None:
        """Long enough."""
        _check_new_password(field)


class RoleForm(FlaskForm):
    """An admin changes an account's role."""

    role = SelectField(lazy_gettext("Role"), description=ROLE_HINT)
    submit = SubmitField(lazy_gettext("Change the role"))


class SetPasswordForm(FlaskForm):
    """An admin sets a new password for an account (its sessions end)."""

    password = _password_field(lazy_gettext("New password"))
    repeat = _repeat_field()
    submit = SubmitField(lazy_gettext("Set the password"))

    def validate_password(self, field) -> None:
        """Long enough."""
        _check_new_password(field)


class OwnPasswordForm(SetPasswordForm):
    """An editor changes their own password, proving they know the current one."""

    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[InputRequired(message=lazy_gettext("Enter your password.")), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(lazy_gettext("Change my password"))


class RemoveAccountForm(FlaskForm):
    """An admin removes an account (the button of a POST, with the CSRF token)."""

    submit = SubmitField(lazy_gettext("Remove the account"))
