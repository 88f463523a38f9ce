"""Accounts in the editors' area: admins list, add, re-role, reset and remove accounts; everyone signed in
changes their own password. Routes live on the admin blueprint; every change is audited by the store
(account.add, account.role, account.password, account.remove) in the transaction that makes it."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from index.errors import SherlocError
from index.store import Editor
from search_app import error_message, sherloc
from search_app.account_forms import (
    ROLE_LABELS,
    NewAccountForm,
    OwnPasswordForm,
    RemoveAccountForm,
    RoleForm,
    SetPasswordForm,
    role_choices,
)
from search_app.editors import EditorUser, admin_required, authenticate, change_password, create_editor, editor_required
from search_app.views.admin import bp

log = logging.getLogger(__name__)


def _account_or_404(name: str) -> Editor:
    editor = sherloc().store.get_editor(name)
    if editor is None:
        abort(404)
    return editor


def _stay_signed_in(name: str) -> None:
    """After a change that ended `name`'s sessions: if that is the current user, this session carries on."""
    if name == current_user.username:
        editor = sherloc().store.get_editor(name)
        session.clear()
        login_user(EditorUser(editor))


@bp.get("/accounts")
@admin_required
def accounts():
    """Every account with its role and creation date."""
    return render_template("admin/accounts.html", accounts=sherloc().store.list_editors(), role_labels=ROLE_LABELS)


@bp.route("/accounts/new", methods=["GET", "POST"])
@admin_required
def new_account():
    """Add an account with a role and a first password (the new editor changes it after signing in)."""
    form = NewAccountForm()
    form.role.choices = role_choices()
    if form.validate_on_submit():
        try:
            create_editor(sherloc().store, form.username.data, form.password.data, form.role.data,
                          by=current_user.username)
        except SherlocError:
            form.username.errors = [*form.username.errors, _("An account with this name exists already.")]
        else:
            log.info("admin %s added the account %s (%s)", current_user.username, form.username.data, form.role.data)
            flash(_("The account %(name)s is added.", name=form.username.data), "success")
            return redirect(url_for("admin.account", name=form.username.data))
    return render_template("admin/account_new.html", form=form), 400 if form.errors else 200


def _render_account(editor: Editor, role_form=None, password_form=None, status: int = 200):
    if role_form is None:
        role_form = RoleForm(formdata=None, prefix="role", role=editor.role)
    role_form.role.choices = role_choices()
    return render_template(
        "admin/account.html", account=editor, role_labels=ROLE_LABELS, role_form=role_form,
        password_form=password_form or SetPasswordForm(formdata=None, prefix="pw"),
        remove_form=RemoveAccountForm(formdata=None, prefix="rm"),
    ), status


@bp.get("/accounts/<name>")
@admin_required
def account(name: str):
    """One account: change its role, set its password, remove it."""
    return _render_account(_account_or_404(name))


@bp.post("/accounts/<name>/role")
@admin_required
def account_role(name: str):
    """Give an account another role; its sessions end (never the last admin's role)."""
    editor = _account_or_404(name)
    form = RoleForm(prefix="role")
    form.role.choices = role_choices()
    if not form.validate_on_submit():
        return _render_account(editor, role_form=form, status=400)
    try:
        changed = sherloc().store.set_role(name, form.role.data, by=current_user.username)
    except SherlocError as exc:
        form.role.errors = [error_message(exc)]
        return _render_account(editor, role_form=form, status=400)
    if changed:
        _stay_signed_in(name)
        log.info("admin %s made %s %s", current_user.username, name, form.role.data)
        flash(_("%(name)s is now: %(role)s. Their sessions have ended.", name=name,
                role=ROLE_LABELS[form.role.data]), "success")
    else:
        flash(_("Nothing changed."), "info")
    if not current_user.is_admin:  # an admin who made themself an editor can no longer see the accounts
        return redirect(url_for("admin.index"))
    return redirect(url_for("admin.account", name=name))


@bp.post("/accounts/<name>/password")
@admin_required
def account_password(name: str):
    """Set a new password for an account (a forgotten one); its sessions end."""
    editor = _account_or_404(name)
    form = SetPasswordForm(prefix="pw")
    if not form.validate_on_submit():
        return _render_account(editor, password_form=form, status=400)
    change_password(sherloc().store, name, form.password.data, by=current_user.username)
    _stay_signed_in(name)
    log.info("admin %s set a new password for %s", current_user.username, name)
    flash(_("The password of %(name)s is set. Their sessions have ended.", name=name), "success")
    return redirect(url_for("admin.account", name=name))


@bp.post("/accounts/<name>/remove")
@admin_required
def remove_account(name: str):
    """Remove an account (never your own, never the last admin's); its edits keep its name."""
    editor = _account_or_404(name)
    if not RemoveAccountForm(prefix="rm").validate_on_submit():
        abort(400)
    if name == current_user.username:
        flash(_("You cannot remove your own account."), "error")
        return _render_account(editor, status=400)
    try:
        sherloc().store.remove_editor(name, by=current_user.username)
    except SherlocError as exc:
        flash(error_message(exc), "error")
        return _render_account(editor, status=400)
    log.info("admin %s removed the account %s", current_user.username, name)
    flash(_("The account %(name)s is removed.", name=name), "success")
    return redirect(url_for("admin.accounts"))


@bp.route("/password", methods=["GET", "POST"])
@editor_required
def own_password():
    """Change your own password: your other sessions end, this one carries on."""
    form = OwnPasswordForm(prefix="own")
    if form.validate_on_submit():
        if authenticate(sherloc().store, current_user.username, form.current.data) is None:
            form.current.errors = [*form.current.errors, _("This is not your current password.")]
        else:
            change_password(sherloc().store, current_user.username, form.password.data, by=current_user.username)
            _stay_signed_in(current_user.username)
            log.info("editor %s changed their password", current_user.username)
            flash(_("Your password is changed. Your other sessions have ended."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/password.html", form=form), 400 if form.errors else 200
