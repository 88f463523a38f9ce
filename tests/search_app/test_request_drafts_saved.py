"""Saving a request draft (issue 22 point 4): only when a signed-in editor asks, private to them, never cached."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import re
from html import unescape

from index import request_drafts
from index.store import SCHEMA_VERSION, Store
from search_app.editors import create_editor
from tests.search_app.test_admin import PASSWORD, app, client, csrf_token, home, sign_in  # noqa: F401
from tests.search_app.test_request_draft_api import _contents_hold as _holding

MARK = "marqueur-enregistre-51c9"


def _save(client, **extra: str):
    form = client.get("/requests/draft?requesting=FRA&requested=BRA&assistance=evidence&offence=drug-offences")
    data = {"csrf_token": csrf_token(form.get_data(as_text=True)), "action": "save", "requesting": "FRA",
            "requested": "BRA", "assistance": "evidence", "date": "2024-05-01", "offence": "drug-offences",
            "v_facts": f"Les faits {MARK}", "language": "fr", **extra}
    return client.post("/requests/draft", data=data)


def _sign_out(client) -> None:
    page = client.get("/").get_data(as_text=True)
    client.post("/admin/logout", data={"logout-csrf_token": csrf_token(page, "logout-")})


def test_an_anonymous_user_cannot_save_and_nothing_is_stored(client, home):
    r = _save(client)
    assert r.status_code == 401 and r.headers["Cache-Control"] == "no-store"
    assert "Saving a draft needs a signed-in editor: nothing was stored" in unescape(r.get_data(as_text=True))
    assert _holding(home.root, MARK.encode()) == []
    assert client.get("/requests/saved").status_code in (302, 401)  # sign-in first


def test_an_editor_saves_lists_opens_and_deletes_her_draft_which_nobody_else_sees(client, home):
    store = Store(home.store_path)
    assert store.schema_version == SCHEMA_VERSION
    create_editor(store, "bob", PASSWORD)
    store.close()
    assert sign_in(client).status_code == 302
    r = _save(client, title="Affaire du Havre")
    assert r.status_code == 302 and r.headers["Cache-Control"] == "no-store"
    path = r.headers["Location"]
    draft_id = int(re.search(r"/requests/saved/(\d+)$", path).group(1))
    # listed, and opened with the form filled and the draft rebuilt, in the language chosen
    listing = client.get("/requests/saved")
    assert listing.headers["Cache-Control"] == "no-store" and "Affaire du Havre" in listing.get_data(as_text=True)
    page = client.get(path)
    html = unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert f"Les faits {MARK}</textarea>" in html and 'lang="fr" dir="ltr">' in html and "Base juridique" in html
    assert f'name="saved_id" value="{draft_id}"' in html
    # saving again from the opened draft changes it, no copy is made
    again = _save(client, saved_id=str(draft_id), title="Affaire du Havre (2)")
    assert again.headers["Location"].endswith(f"/requests/saved/{draft_id}")
    store = Store(home.store_path)
    assert [d.title for d in request_drafts.list_drafts(store, "alice")] == ["Affaire du Havre (2)"]
    store.close()

    # another editor: not found, not even "forbidden"; cannot delete it nor overwrite it
    _sign_out(client)
    assert sign_in(client, "bob").status_code == 302
    other = client.get(path)
    assert other.status_code == 404 and other.headers["Cache-Control"] == "no-store"
    assert MARK not in client.get("/requests/saved").get_data(as_text=True)
    token = csrf_token(client.get("/requests/draft").get_data(as_text=True))
    assert client.post(f"{path}/delete", data={"csrf_token": token}).status_code == 404
    assert _save(client, saved_id=str(draft_id), title="bob was here").status_code == 404

    # the owner deletes it: gone from the list, from the store and from every file of the home
    _sign_out(client)
    sign_in(client)
    token = csrf_token(client.get("/requests/saved").get_data(as_text=True))
    r = client.post(f"{path}/delete", data={"csrf_token": token})
    assert r.status_code == 302 and client.get(path).status_code == 404
    assert "You have no saved drafts." in client.get("/requests/saved").get_data(as_text=True)
    assert _holding(home.root, MARK.encode()) == []


def test_an_account_removed_takes_its_drafts_with_it(home):
    store = Store(home.store_path)
    draft_id = request_drafts.save(store, "alice", "t", {"requesting": "FRA", "values": {"facts": MARK}})
    assert request_drafts.get(store, "alice", draft_id).inputs["values"]["facts"] == MARK
    store.remove_editor("alice")
    assert store.conn.execute("SELECT COUNT(*) FROM request_drafts").fetchone()[0] == 0
    store.close()
