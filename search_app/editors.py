"""Editors' accounts: names, password hashes, Flask-Login sign-in, and the app's secret key.

Accounts live in the record store (`editors` table); passwords only as werkzeug's salted
hashes. `sherloc editors add NAME [--role admin]` creates one; the web app signs editors in at
/admin/login. An editor edits documents and treaty data; an admin also manages accounts and reads
the audit log (views say which with `editor_required` / `admin_required`).
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import secrets
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_babel import lazy_gettext
from flask_login import LoginManager, UserMixin, current_user
from werkzeug.security import check_password_hash, generate_password_hash

from index.errors import SherlocError
from index.store import Editor, Store

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte-long "password" is a cheap way to tie up a worker
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
SECRET_KEY_FILE = "secret_key"
# Compared against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")

log = logging.getLogger(__name__)


class EditorError(SherlocError):
    """A bad editor name or password, or an account that cannot be created."""


def check_username(username: str) -> str:
    """The name, stripped; EditorError when it is not 1-64 letters, digits, '.', '_', '@' or '-'."""
    name = (username or "").strip()
    if not USERNAME.match(name):
        raise EditorError(
            f"bad editor name {username!r}: use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter "
            "or digit"
        )
    return name


def check_password(password: str) -> str:
    """The password; EditorError when it is too short or too long to be a sensible password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EditorError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise EditorError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def create_editor(store: Store, username: str, password: str, role: str = "editor", *, by: str = "") -> Editor:
    """Validate and store a new account (the password hashed); `by` is who creates it, for the audit log."""
    name = check_username(username)
    return store.add_editor(name, generate_password_hash(check_password(password)), role, by=by)


def change_password(store: Store, username: str, password: str, *, by: str = "") -> Editor:
    """Check and set a new password; every session of the account ends. The account as it is now."""
    return store.set_password(username, generate_password_hash(check_password(password)), by=by)


def cli_actor() -> str:
    """Who changes things from the command line, as the audit log names them: cli:<unix user>."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for this uid (a container without /etc/passwd entry)
        return f"cli:uid{os.getuid()}"


def authenticate(store: Store, username: str, password: str) -> Editor | None:
    """The editor when name and password match, else None."""
    editor = store.get_editor((username or "").strip()) if USERNAME.match((username or "").strip()) else None
    if len(password or "") > MAX_PASSWORD_LENGTH:
        return None
    if editor is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return editor if check_password_hash(editor.password_hash, password or "") else None


class EditorUser(UserMixin):
    """The signed-in editor as Flask-Login sees them."""

    def __init__(self, editor: Editor):
        self.editor = editor

    def get_id(self) -> str:
        """The session keeps the name and the session number: removing the account, or signing out
        (which raises the number), ends every session of it, a copied cookie included."""
        return f"{self.editor.username}|{self.editor.session_epoch}"

    @property
    def username(self) -> str:
        """The editor's name."""
        return self.editor.username

    @property
    def role(self) -> str:
        """"editor" or "admin" (index.store.ROLES)."""
        return self.editor.role

    @property
    def is_admin(self) -> bool:
        """Whether the account may manage accounts and read the audit log."""
        return self.editor.role == "admin"


def _requires(role: str, view: Callable) -> Callable:
    @wraps(view)
    def checked(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # to the sign-in page, as for every editor page
        if role == "admin" and not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    checked.required_role = role  # read by the tests, which check every /admin route has one
    return checked


def editor_required(view: Callable) -> Callable:
    """The view needs a signed-in account (an editor or an admin); readers are sent to sign in."""
    return _requires("editor", view)


def admin_required(view: Callable) -> Callable:
    """The view needs an admin: readers are sent to sign in, editors get a 403 page saying why."""
    return _requires("admin", view)


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default` (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def init_login(app: Flask, store: Store) -> LoginManager:
    """Flask-Login for the app: editors load from the store; anonymous visitors go to /admin/login."""
    manager = LoginManager()
    manager.init_app(app)
    manager.login_view = "admin.login"
    manager.login_message = lazy_gettext("Please sign in as an editor to open this page.")
    manager.login_message_category = "info"

    @manager.user_loader
    def load_user(user_id: str) -> EditorUser | None:
        name, _, epoch = user_id.partition("|")
        editor = store.get_editor(name)
        return EditorUser(editor) if editor and str(editor.session_epoch) == (epoch or "0") else None

    @manager.unauthorized_handler
    def unauthorized():
        # Flask-Login would put the absolute URL in `next`; a local path is all safe_next accepts.
        from flask import flash

        flash(str(manager.login_message), manager.login_message_category)
        return redirect(url_for("admin.login", next=request.script_root + request.full_path.rstrip("?")))

    return manager


def secret_key(home_root: Path) -> str:
    """The app's secret key from <home>/secret_key, created (mode 0600) on first use.

    Sessions and CSRF tokens then survive a restart, and every process serving one home agrees.
    A home that cannot be written gets a key for this process only (editors sign in again after
    a restart), with a warning.
    """
    path = home_root / SECRET_KEY_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read %s (%s): using a key for this process only", path, exc)
        return secrets.token_hex(32)
    key = secrets.token_hex(32)
    tmp = path.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
        try:
            # link() fails if another process created the file first: then everyone uses theirs.
            os.link(tmp, path)
        except FileExistsError:
            existing = path.read_text(encoding="ascii").strip()
            if existing:
                return existing
            os.replace(tmp, path)  # an empty file left by a crash: replace it
            return key
    except OSError as exc:
        log.warning("cannot write %s (%s): using a key for this process only", path, exc)
        return key
    finally:
        tmp.unlink(missing_ok=True)
    return key
