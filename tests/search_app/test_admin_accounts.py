"""Roles and accounts: an admin adds, re-roles, resets and removes accounts in the web; editors change their own
password; the command line does the same; the last admin always stays; every change is in the audit log."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from index import audit
from index.errors import BadRequest
from search_app.cli import EXIT_USER_ERROR, main
from search_app.editors import create_editor
from tests.search_app.test_admin import PASSWORD, app, client, csrf_token, home, sign_in, store  # noqa: F401

NEW_PASSWORD = "a much longer new passphrase"


@pytest.fixture
def root(store):
    """An admin, root, beside the editor alice."""
    return create_editor(store, "root", PASSWORD, "admin")


def _last(store, action: str):
    found = audit.entries(store.conn, action=action, limit=1)
    assert found, f"no {action} entry"
    return found[0]


def _post(client, page_url: str, action_url: str, prefix: str = "", **fields):
    page = client.get(page_url).get_data(as_text=True)
    return client.post(action_url, data={f"{prefix}csrf_token": csrf_token(page, prefix),
                                         **{f"{prefix}{k}": v for k, v in fields.items()}})


def test_an_admin_adds_an_account_that_signs_in_with_its_role(app, client, store, root):
    assert sign_in(client, "root").status_code == 302
    listing = client.get("/admin/accounts").get_data(as_text=True)
    assert "alice" in listing and "root" in listing and "Editor" in listing and "Admin" in listing
    assert root.created.replace("T", " ").rstrip("Z") in listing
    # bad input is shown next to its field and adds nothing
    r = _post(client, "/admin/accounts/new", "/admin/accounts/new", username="bob", role="editor",
              password="short", repeat="short")
    assert r.status_code == 400 and "at least 10 characters" in r.get_data(as_text=True)
    r = _post(client, "/admin/accounts/new", "/admin/accounts/new", username="bob", role="editor",
              password=NEW_PASSWORD, repeat=NEW_PASSWORD + "x")
    assert r.status_code == 400 and "The two passwords differ." in r.get_data(as_text=True)
    r = _post(client, "/admin/accounts/new", "/admin/accounts/new", username="alice", role="editor",
              password=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert r.status_code == 400 and "exists already" in r.get_data(as_text=True)
    assert store.get_editor("bob") is None
    r = _post(client, "/admin/accounts/new", "/admin/accounts/new", username="bob", role="editor",
              password=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/accounts/bob")
    assert store.get_editor("bob").role == "editor"
    entry = _last(store, "account.add")
    assert (entry.editor, entry.target, entry.before, entry.after) == (
        "root", "bob", None, {"username": "bob", "role": "editor"})
    assert NEW_PASSWORD not in json.dumps([e.after for e in audit.entries(store.conn)])
    # bob signs in as an editor: the editors' area opens, the accounts page says why it does not
    bob = app.test_client()
    assert sign_in(bob, "bob", NEW_PASSWORD).status_code == 302
    assert bob.get("/admin/").status_code == 200
    refused = bob.get("/admin/accounts")
    assert refused.status_code == 403
    assert "This page is for admins" in refused.get_data(as_text=True)
    arabic = bob.get("/admin/audit?ui=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "هذه الصفحة مخصصة للمشرفين" in arabic and "غير مسموح" in arabic
    assert 'href="/admin/accounts"' not in bob.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/audit"' in client.get("/admin/").get_data(as_text=True)


def test_a_role_change_ends_the_accounts_sessions(app, client, store, root):
    alice = app.test_client()
    sign_in(alice, "alice")
    assert alice.get("/admin/audit").status_code == 403
    sign_in(client, "root")
    r = _post(client, "/admin/accounts/alice", "/admin/accounts/alice/role", "role-", role="admin")
    assert r.status_code == 302 and store.get_editor("alice").role == "admin"
    ended = alice.get("/admin/")
    assert ended.status_code == 302 and "/admin/login" in ended.headers["Location"]
    sign_in(alice, "alice")
    assert alice.get("/admin/audit").status_code == 200  # an admin now
    entry = _last(store, "account.role")
    assert (entry.editor, entry.target, entry.before, entry.after) == (
        "root", "alice", {"role": "editor"}, {"role": "admin"})


def test_an_admin_sets_a_forgotten_password(app, client, store, root):
    alice = app.test_client()
    sign_in(alice, "alice")
    sign_in(client, "root")
    r = _post(client, "/admin/accounts/alice", "/admin/accounts/alice/password", "pw-", password="short",
              repeat="short")
    assert r.status_code == 400 and "at least 10 characters" in r.get_data(as_text=True)
    r = _post(client, "/admin/accounts/alice", "/admin/accounts/alice/password", "pw-", password=NEW_PASSWORD,
              repeat=NEW_PASSWORD)
    assert r.status_code == 302
    assert alice.get("/admin/").status_code == 302  # her session ended
    assert sign_in(alice, "alice", PASSWORD).status_code == 200  # the old password is refused
    assert sign_in(alice, "alice", NEW_PASSWORD).status_code == 302
    entry = _last(store, "account.password")
    assert (entry.editor, entry.target, entry.after) == ("root", "alice", {"password": "changed"})
    assert client.get("/admin/accounts").status_code == 200  # root's own session carried on


def test_the_last_admin_stays_and_nobody_removes_themself(app, client, store, root):
    sign_in(client, "root")
    r = _post(client, "/admin/accounts/root", "/admin/accounts/root/role", "role-", role="editor")
    assert r.status_code == 400 and "root is the last admin" in r.get_data(as_text=True)
    page = client.get("/admin/accounts/root").get_data(as_text=True)
    assert "/admin/accounts/root/remove" not in page  # no button for yourself ...
    r = _post(client, "/admin/accounts/alice", "/admin/accounts/root/remove", "rm-")
    assert r.status_code == 400 and "You cannot remove your own account." in r.get_data(as_text=True)  # ... nor a way
    assert store.get_editor("root").role == "admin"
    with pytest.raises(BadRequest, match="last admin"):
        store.remove_editor("root")
    with pytest.raises(BadRequest, match="last admin"):
        store.set_role("root", "editor")
    before = len(audit.entries(store.conn, limit=None))
    assert not audit.entries(store.conn, action="account.remove")  # refusals write nothing
    # with a second admin, root may step down: their session carries on, as an editor
    create_editor(store, "ruth", PASSWORD, "admin")
    r = _post(client, "/admin/accounts/root", "/admin/accounts/root/role", "role-", role="editor")
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200 and client.get("/admin/accounts").status_code == 403
    ruth = app.test_client()
    sign_in(ruth, "ruth")
    r = _post(ruth, "/admin/accounts/root", "/admin/accounts/root/remove", "rm-")
    assert r.status_code == 302 and store.get_editor("root") is None
    assert client.get("/admin/").status_code == 302  # root's session ended with the account
    entry = _last(store, "account.remove")
    assert (entry.editor, entry.target, entry.before["role"], entry.after) == ("ruth", "root", "editor", None)
    assert len(audit.entries(store.conn, limit=None)) == before + 3  # ruth added, root re-roled, root removed


def test_an_editor_changes_their_own_password(app, client, store):
    sign_in(client, "alice")
    elsewhere = app.test_client()
    sign_in(elsewhere, "alice")
    r = _post(client, "/admin/password", "/admin/password", "own-", current="not my password",
              password=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert r.status_code == 400 and "This is not your current password." in r.get_data(as_text=True)
    r = _post(client, "/admin/password", "/admin/password", "own-", current=PASSWORD, password=NEW_PASSWORD,
              repeat=NEW_PASSWORD)
    assert r.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session carries on
    assert elsewhere.get("/admin/").status_code == 302  # the other one ended
    assert sign_in(app.test_client(), "alice", NEW_PASSWORD).status_code == 302
    entry = _last(store, "account.password")
    assert (entry.editor, entry.target) == ("alice", "alice")


def test_account_forms_need_their_csrf_token(client, store, root):
    sign_in(client, "root")
    r = client.post("/admin/accounts/alice/role", data={"role-role": "admin"})
    assert r.status_code == 400 and store.get_editor("alice").role == "editor"
    r = client.post("/admin/accounts/alice/remove", data={})
    assert r.status_code == 400 and store.get_editor("alice") is not None
    assert not audit.entries(store.conn, action="account.role")


def _cli(home, *args, stdin: str | None = None):
    return CliRunner().invoke(main, ["--home", str(home.root), "editors", *args], input=stdin)


def test_roles_from_the_command_line(home, store):
    r = _cli(home, "add", "dave", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.exit_code == 0 and store.get_editor("dave").role == "editor"  # editor by default
    assert "no admin yet" in r.output and "sherloc editors role dave admin" in r.output
    r = _cli(home, "add", "carol", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    assert "admin carol added" in r.output and "no admin yet" not in r.output
    assert store.get_editor("carol").role == "admin"
    assert _cli(home, "add", "eve", "--role", "owner", "--password-stdin", stdin=PASSWORD + "\n").exit_code == 2
    listing = {line.split("\t")[0]: line.split("\t")[1] for line in _cli(home, "list").output.splitlines()}
    assert listing == {"alice": "editor", "carol": "admin", "dave": "editor"}
    rows = json.loads(_cli(home, "list", "--json").output)
    assert {r["username"]: r["role"] for r in rows}["carol"] == "admin"
    epoch = store.get_editor("dave").session_epoch
    r = _cli(home, "role", "dave", "admin")
    assert r.exit_code == 0 and "dave is now admin" in r.output
    assert store.get_editor("dave").role == "admin" and store.get_editor("dave").session_epoch == epoch + 1
    r = _cli(home, "password", "dave", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert r.exit_code == 0 and store.get_editor("dave").session_epoch == epoch + 2
    assert _cli(home, "remove", "carol").exit_code == 0
    r = _cli(home, "remove", "dave")
    assert r.exit_code == EXIT_USER_ERROR and "dave is the last admin" in r.output and "Traceback" not in r.output
    assert _cli(home, "role", "nobody", "admin").exit_code == EXIT_USER_ERROR
    by_cli = audit.entries(store.conn, limit=None)
    actions = [e.action for e in by_cli if e.editor.startswith("cli:")]
    assert actions == ["account.remove", "account.password", "account.role", "account.add", "account.add"]
    assert all(len(e.editor) > len("cli:") for e in by_cli if e.editor.startswith("cli:"))
