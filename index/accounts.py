"""Editors' accounts in the store: add, look up, list, change role or password, end sessions, remove.

`Accounts` is a mixin that `Store` (index/store.py) combines, rather than plain functions taking a
store, so callers keep writing `store.add_editor(...)` and the store stays one object to pass around;
it uses only the store's `conn` and `transaction()`. Every change to an account is audited
(index/audit.py) in its own transaction; `by` names who made it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from index import audit
from index.errors import SherlocError, bad_request, not_found
from index.schema import now as _now

# Who may do what: an editor edits, publishes and removes documents and treaty data; an admin also
# manages accounts, reads the audit log and deletes for good. Readers need no account.
ROLES = ("editor", "admin")


@dataclass(frozen=True)
class Editor:
    """An editor's account: the password is kept only as a salted hash (see search_app.editors)."""

    username: str
    password_hash: str
    created: str
    session_epoch: int = 0  # sessions signed with another number have ended (Store.end_sessions)
    role: str = "editor"  # one of ROLES


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise bad_request("unknown role %(role)s: one of %(roles)s", role=repr(role), roles=", ".join(ROLES))


def _editor(row: sqlite3.Row) -> Editor:
    return Editor(row["username"], row["password_hash"], row["created"], row["session_epoch"], row["role"])


class Accounts:
    """The store's methods for editors' accounts (see the module docstring)."""

    conn: sqlite3.Connection  # provided by Store
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]  # provided by Store

    def add_editor(self, username: str, password_hash: str, role: str = "editor", *, by: str = "") -> Editor:
        """Create an editor's account; SherlocError if the name is taken or the role unknown."""
        _check_role(role)
        editor = Editor(username, password_hash, _now(), role=role)
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM editors WHERE username=?", (username,)).fetchone():
                raise SherlocError(f"an editor named {username!r} already exists")
            conn.execute(
                "INSERT INTO editors (username, password_hash, created, role) VALUES (?,?,?,?)",
                (editor.username, editor.password_hash, editor.created, editor.role),
            )
            audit.record(conn, by, "account.add", username, None, {"username": username, "role": role})
        return editor

    def get_editor(self, username: str) -> Editor | None:
        """The editor with this name, or None."""
        row = self.conn.execute("SELECT * FROM editors WHERE username=?", (username,)).fetchone()
        return _editor(row) if row else None

    def list_editors(self) -> list[Editor]:
        """Every editor, by name."""
        rows = self.conn.execute("SELECT * FROM editors ORDER BY username")
        return [_editor(r) for r in rows]

    def end_sessions(self, username: str) -> None:
        """End every session of an editor, wherever its cookie is (it names the old session_epoch)."""
        with self.transaction() as conn:
            conn.execute("UPDATE editors SET session_epoch = session_epoch + 1 WHERE username=?", (username,))

    def set_role(self, username: str, role: str, *, by: str = "") -> bool:
        """Give an account another role, ending its sessions; False when it already has it.

        NotFound for an unknown account; BadRequest when it would leave no admin."""
        _check_role(role)
        with self.transaction() as conn:
            old = self._account(conn, username)
            if old.role == role:
                return False
            if old.role == "admin":
                self._keep_an_admin(conn, username)
            conn.execute("UPDATE editors SET role=?, session_epoch = session_epoch + 1 WHERE username=?",
                         (role, username))
            audit.record(conn, by, "account.role", username, {"role": old.role}, {"role": role})
        return True

    def set_password(self, username: str, password_hash: str, *, by: str = "") -> Editor:
        """Replace an account's password hash and end its sessions; the account as it is now."""
        with self.transaction() as conn:
            self._account(conn, username)
            conn.execute("UPDATE editors SET password_hash=?, session_epoch = session_epoch + 1 WHERE username=?",
                         (password_hash, username))
            # the hashes stay out of the log: it only says that the password changed
            audit.record(conn, by, "account.password", username, None, {"password": "changed"})
            return self._account(conn, username)

    def remove_editor(self, username: str, *, by: str = "") -> None:
        """Delete an editor's account (their revisions keep their name); NotFound if there is none,
        BadRequest if it is the last admin."""
        with self.transaction() as conn:
            old = self._account(conn, username)
            if old.role == "admin":
                self._keep_an_admin(conn, username)
            conn.execute("DELETE FROM editors WHERE username=?", (username,))
            audit.record(conn, by, "account.remove", username,
                         {"username": username, "role": old.role, "created": old.created}, None)

    @staticmethod
    def _account(conn: sqlite3.Connection, username: str) -> Editor:
        row = conn.execute("SELECT * FROM editors WHERE username=?", (username,)).fetchone()
        if row is None:
            raise not_found("no editor named %(name)s", name=repr(username))
        return _editor(row)

    @staticmethod
    def _keep_an_admin(conn: sqlite3.Connection, username: str) -> None:
        others = conn.execute("SELECT count(*) FROM editors WHERE role='admin' AND username<>?", (username,))
        if others.fetchone()[0] == 0:
            raise bad_request("%(name)s is the last admin: make another account admin first", name=username)
