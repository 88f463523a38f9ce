"""The editors' area against what a prober tries: password guessing, copied cookies, framing, anonymous posts."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import re

import pytest

from tests.search_app.test_admin import PASSWORD, app, client, csrf_token, home, sign_in  # noqa: F401


def _try(client, name: str, password: str):
    page = client.get("/admin/login").get_data(as_text=True)
    return client.post("/admin/login", data={"csrf_token": csrf_token(page), "username": name, "password": password})


def test_password_guessing_is_throttled_per_account(client):
    answers = [_try(client, "alice", f"wrong guess {i}").status_code for i in range(6)]
    assert answers[:5] == [200] * 5 and answers[5] == 429
    right = _try(client, "alice", PASSWORD)  # even the right password waits: the guesser cannot tell
    assert right.status_code == 429
    assert "Too many failed sign-ins: wait a minute, then try again." in right.get_data(as_text=True)


def test_password_guessing_is_throttled_per_address(client):
    answers = [_try(client, f"someone{i}", "wrong guess").status_code for i in range(21)]
    assert answers[:20] == [200] * 20 and answers[20] == 429


def test_signing_out_ends_a_copied_session_cookie(app, client):
    assert sign_in(client).status_code == 302
    copied = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/").status_code == 200  # the copy works while the session lives
    page = client.get("/admin/logout").get_data(as_text=True)
    client.post("/admin/logout", data={"logout-csrf_token": csrf_token(page, "logout-")})
    refused = thief.get("/admin/")
    assert refused.status_code == 302 and "/admin/login" in refused.headers["Location"]
    assert sign_in(client).status_code == 302  # signing in again works


def _admin_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin") and r.endpoint != "static"]


def _url(rule) -> str:
    # any value will do for the variable parts: the area must refuse before it looks anything up
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: "XVIII-12" if "treaty" in m[1] else "1", rule.rule)


def test_every_admin_page_refuses_anonymous_visitors(app, client):
    rules = _admin_rules(app)
    assert len(rules) > 10  # a new route is in this list without anyone adding it
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    for rule in rules:
        if rule.endpoint in ("admin.login", "admin.logout"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            r = client.open(_url(rule), method=method, data={"csrf_token": token})
            assert r.status_code == 302 and "/admin/login" in r.headers["Location"], (method, rule.rule, r.status_code)


# The pages only admins open. A route in this list that loses its admin_required fails the tests below.
ADMIN_ONLY = {"admin.accounts", "admin.new_account", "admin.account", "admin.account_role", "admin.account_password",
              "admin.remove_account", "admin.audit_log", "admin.audit_export", "admin.reindex_page",
              "admin.reindex_status", "admin.reindex_all", "admin.reindex_document", "admin.purge_document"}


def test_every_admin_route_says_who_may_open_it(app):
    # a new route without editor_required or admin_required (search_app.editors) fails here
    roles = {r.endpoint: getattr(app.view_functions[r.endpoint], "required_role", None) for r in _admin_rules(app)
             if r.endpoint not in ("admin.login", "admin.logout")}
    assert {e for e, role in roles.items() if role not in ("editor", "admin")} == set()
    assert {e for e, role in roles.items() if role == "admin"} >= ADMIN_ONLY


def test_an_editor_is_refused_on_every_admin_only_route(app, client):
    from index.store import Store
    from search_app.editors import create_editor

    create_editor(Store(app.extensions["sherloc"].store.path), "root", PASSWORD, "admin")
    sign_in(client)  # alice, an editor
    token = csrf_token(client.get("/admin/").get_data(as_text=True), "logout-")
    admin_rules = [r for r in _admin_rules(app)
                   if getattr(app.view_functions[r.endpoint], "required_role", None) == "admin"]
    assert len(admin_rules) >= len(ADMIN_ONLY)
    for rule in admin_rules:
        url = _url(rule).replace("/accounts/1", "/accounts/root").replace("export.1", "export.csv")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            r = client.open(url, method=method, data={"csrf_token": token})
            assert r.status_code == 403, (method, url, r.status_code)
            assert "This page is for admins" in r.get_data(as_text=True)
    assert Store(app.extensions["sherloc"].store.path).get_editor("root") is not None  # nothing was removed


def test_admin_pages_cannot_be_framed_or_cached(client):
    sign_in(client)
    for path in ("/admin/", "/admin/login", "/admin/documents/FRA-CP", "/admin/treaties/new"):
        r = client.get(path)
        csp = r.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert r.headers["X-Frame-Options"] == "DENY" and r.headers["Cache-Control"] == "no-store", path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("scheme", "secure"), [("https", True), ("http", False)])
def test_the_session_cookie_is_secure_over_https(app, scheme, secure):
    client = app.test_client()
    page = client.get("/admin/login", base_url=f"{scheme}://localhost").get_data(as_text=True)
    r = client.post("/admin/login", base_url=f"{scheme}://localhost",
                    data={"csrf_token": csrf_token(page), "username": "alice", "password": PASSWORD})
    cookie = next(c for c in r.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert ("; Secure" in cookie) is secure


def test_search_results_carry_an_edit_link_for_editors_only(client):
    public = client.get("/?q=extradition").get_data(as_text=True)
    assert "Edit this document" not in public
    sign_in(client)
    html = client.get("/?q=extradition").get_data(as_text=True)
    links = re.findall(r'<p class="edit-link"><a href="([^"]+)"', html)
    assert links and all(link.startswith("/admin/documents/") for link in links)
    assert len(links) == html.count('<li class="hit">')
    assert client.get(links[0]).status_code == 200


def test_editors_see_and_clear_the_quarantine(home, client):
    from index.store import Store
    from ingest.pipeline import ingest_paths

    bad = home.root / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    report = ingest_paths([bad], Store(home.store_path), quarantine_dir=home.quarantine, progress=False)
    assert len(report.rejected) == 1
    sign_in(client)
    page = client.get("/admin/quarantine").get_data(as_text=True)
    assert "broken.pdf" in page and report.rejected[0].reason.split(":")[0] in page
    name = re.search(r'name="name" type="hidden" value="([^"]+)"', page)[1]
    r = client.post("/admin/quarantine/discard", data={"csrf_token": csrf_token(page), "name": name})
    assert r.status_code == 302
    assert not list(home.quarantine.iterdir())  # the copy and its report are gone
    assert "No file is in the quarantine." in client.get("/admin/quarantine").get_data(as_text=True)
    # a name that points out of the folder removes nothing
    client.post("/admin/quarantine/discard", data={"csrf_token": csrf_token(page), "name": "../store.sqlite3"})
    assert home.store_path.exists()
