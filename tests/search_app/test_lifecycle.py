"""A document's lifecycle in the editors' area: unpublish, publish, delete with undo, purge (admins),
revisions with a diff and restore; and what readers see of each state, wherever a document can show.

CSRF protection is on, as in tests/search_app/test_admin.py: every form is posted with its token.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from werkzeug.security import generate_password_hash

from index import audit
from search_app import create_app
from search_app.cli import main
from tests.search_app.test_admin import PASSWORD, app, client, csrf_token, hit_ids, home, sign_in, store  # noqa: F401

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def reader(app):  # noqa: F811 - the fixture of test_admin
    c = app.test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return c


@pytest.fixture
def admin(app, store):  # noqa: F811
    store.add_editor("root", generate_password_hash(PASSWORD), role="admin")
    c = app.test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(c, "root")
    return c


def act(client, doc_id: str, action: str, **extra):  # noqa: F811
    """Press a lifecycle button on the document's edit page (its own CSRF token)."""
    page = client.get(f"/admin/documents/{doc_id}").get_data(as_text=True)
    path = action if action in ("delete", "purge") else f"state/{action}"
    return client.post(f"/admin/documents/{doc_id}/{path}", data={"csrf_token": csrf_token(page), **extra})


def documents_found(client, query: str = "/?q=extradition") -> set[str]:  # noqa: F811
    return {i.split("/")[0] for i in hit_ids(client.get(query).get_data(as_text=True))}


def api_documents(client, query: str) -> set[str]:  # noqa: F811
    return {h["document_id"] for h in client.get(query).get_json()["hits"]}


def facet_count(client, facet: str, value: str) -> int:  # noqa: F811
    facets = {f["name"]: f for f in client.get("/api/search?q=extradition").get_json()["facets"]}
    values = {v["value"]: v["count"] for v in facets[facet]["values"]}
    values.update({c["value"]: c["count"] for v in facets[facet]["values"] for c in v["children"]})
    return values.get(value, 0)


def feed_documents(client) -> set[str]:  # noqa: F811
    feed = ElementTree.fromstring(client.get("/search.atom?q=extradition").get_data())
    return {e.find(f"{ATOM}id").text.rsplit("/documents/", 1)[1] for e in feed.findall(f"{ATOM}entry")}


def test_an_unpublished_document_is_gone_for_readers_everywhere_and_back_when_published(client, reader, store):  # noqa: F811
    sign_in(client)
    assert "FRA-CP" in documents_found(reader) and "FRA-CP" in feed_documents(reader)
    extradition_before = facet_count(reader, "issue", "extradition")
    fra_page = reader.get("/documents/FRA-CP-EN").get_data(as_text=True)
    assert 'href="/documents/FRA-CP"' in fra_page  # the French version is linked from the English one

    r = act(client, "FRA-CP", "unpublish")
    assert r.status_code == 302 and r.headers["Location"] == "/admin/documents/FRA-CP"
    assert store.document_state("FRA-CP") == "unpublished"
    assert "FRA-CP" not in documents_found(reader)
    assert "FRA-CP" not in api_documents(reader, "/api/search?q=extradition")
    assert "FRA-CP" not in feed_documents(reader)
    assert facet_count(reader, "issue", "extradition") == extradition_before - 1
    assert reader.get("/documents/FRA-CP").status_code == 404
    assert reader.get("/provisions/FRA-CP/art-1").status_code == 404
    assert reader.get("/api/documents/FRA-CP").status_code == 404
    assert reader.get("/api/provisions/FRA-CP/art-1").status_code == 404
    assert 'href="/documents/FRA-CP"' not in reader.get("/documents/FRA-CP-EN").get_data(as_text=True)
    # the editor still opens it, with a banner saying readers cannot, and finds it in the editors' listing
    page = client.get("/documents/FRA-CP").get_data(as_text=True)
    assert "This document is unpublished" in page and 'href="/admin/documents/FRA-CP"' in page
    listing = client.get("/admin/unpublished").get_data(as_text=True)
    assert 'href="/admin/documents/FRA-CP"' in listing and "Code pénal" in listing
    assert "FRA-CP" not in documents_found(client)  # search is the readers' search, for editors too

    act(client, "FRA-CP", "publish")
    assert "FRA-CP" in documents_found(reader) and reader.get("/api/documents/FRA-CP").status_code == 200
    assert facet_count(reader, "issue", "extradition") == extradition_before
    assert [e.action for e in audit.entries(store.conn, target="FRA-CP")] == ["document.publish",
                                                                              "document.unpublish"]
    assert {e.editor for e in audit.entries(store.conn, target="FRA-CP")} == {"alice"}


def test_delete_offers_an_undo_and_a_list_of_deleted_documents(client, reader, store):  # noqa: F811
    sign_in(client)
    r = act(client, "RUS-UPK", "delete")
    assert r.status_code == 302 and r.headers["Location"] == "/admin/deleted"
    page = client.get("/admin/deleted").get_data(as_text=True)
    undo = re.search(r'<form class="notice success undo" method="post" action="([^"]+)">', page)
    assert undo and undo.group(1) == "/admin/documents/RUS-UPK/state/restore" and ">Undo</button>" in page
    assert "Уголовно-процессуальный кодекс" in page
    assert "RUS-UPK" not in documents_found(reader)
    gone = reader.get("/documents/RUS-UPK")
    assert gone.status_code == 410 and "withdrawn" in gone.get_data(as_text=True)
    # a browser keeps a 410 for good unless told to ask again, and the deletion can be undone
    assert gone.headers["Cache-Control"] == "no-cache"
    assert reader.get("/api/documents/RUS-UPK").status_code == 410
    assert "This document is deleted" in client.get("/documents/RUS-UPK").get_data(as_text=True)
    assert store.get_document("RUS-UPK").provisions  # nothing is lost
    # Undo: the flash's button, with the page's token
    r = client.post(undo.group(1), data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302 and store.document_state("RUS-UPK") == "published"
    assert "RUS-UPK" in documents_found(reader) and reader.get("/documents/RUS-UPK").status_code == 200
    assert "Уголовно-процессуальный" not in client.get("/admin/deleted").get_data(as_text=True)


def test_an_action_that_does_not_apply_is_a_clear_message_not_an_error(client, store):  # noqa: F811
    sign_in(client)
    r = act(client, "ESP-LEY", "publish")  # already published
    assert r.status_code == 302
    page = client.get("/admin/documents/ESP-LEY").get_data(as_text=True)
    assert "ESP-LEY is not unpublished: there is nothing to publish." in page
    assert act(client, "ESP-LEY", "vanish").status_code == 404  # not an action
    assert audit.entries(store.conn, action="document") == []


def test_lifecycle_actions_need_a_signed_in_editor_and_the_csrf_token(reader, client, store):  # noqa: F811
    for action in ("state/unpublish", "delete", "purge", "state/publish", "state/restore"):
        r = reader.post(f"/admin/documents/FRA-CP/{action}")
        assert r.status_code in (302, 400), action  # to sign-in, or refused for want of a token
    sign_in(client)
    assert client.post("/admin/documents/FRA-CP/delete").status_code == 400  # no token
    assert store.document_state("FRA-CP") == "published"
    assert reader.get("/admin/deleted").status_code == 302


def test_only_an_admin_purges_and_only_when_confirmed(client, admin, reader, store):  # noqa: F811
    sign_in(client)
    act(client, "ESP-LEY", "delete")
    assert "Delete for good" not in client.get("/admin/deleted").get_data(as_text=True)
    r = act(client, "ESP-LEY", "purge", confirm="yes")  # alice is an editor, not an admin
    assert r.status_code == 403 and store.has_document("ESP-LEY")
    assert "Delete for good" in admin.get("/admin/deleted").get_data(as_text=True)
    act(admin, "ESP-LEY", "purge")  # the box not ticked
    assert store.has_document("ESP-LEY")
    r = act(admin, "ESP-LEY", "purge", confirm="yes")
    assert r.status_code == 302 and not store.has_document("ESP-LEY") and store.revisions("ESP-LEY") == []
    assert reader.get("/documents/ESP-LEY").status_code == 404
    (entry,) = audit.entries(store.conn, action="document.purge")
    assert entry.editor == "root" and entry.target == "ESP-LEY"


def test_revisions_page_shows_a_readable_escaped_diff_and_restores_exactly(client, store):  # noqa: F811
    sign_in(client)
    original = store.get_document("GBR-XSS")
    store.update_metadata("GBR-XSS", editor="alice", title="Proceeds of Crime Act", country="IRL")
    doc = store.get_document("GBR-XSS")
    doc.provisions[0].text = doc.provisions[0].text.replace("conceal", "hide") + " <b>new</b>"
    doc.content_hash = "changed"
    store.put_document(doc)
    page = client.get("/admin/documents/GBR-XSS/revisions").get_data(as_text=True)
    assert "file ingested again" in page and "details" in page and "alice" in page
    assert "<del>conceal</del><ins>hide</ins>" in page  # the newest revision: the file ingested again
    assert "&lt;b&gt;new&lt;/b&gt;" in page and "<b>new</b>" not in page
    assert "<script>alert" not in page
    oldest = store.revisions("GBR-XSS")[-1]
    page = client.get(f"/admin/documents/GBR-XSS/revisions?rev={oldest['id']}").get_data(as_text=True)
    assert re.search(r"<code>title</code></th><td dir=\"auto\"><del>Harmful Title", page)
    assert re.search(r"<code>country</code></th><td dir=\"auto\"><del>GBR</del></td><td dir=\"auto\"><ins>IRL", page)
    r = client.post(f"/admin/documents/GBR-XSS/revisions/{oldest['id']}/restore",
                    data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302
    assert store.get_document("GBR-XSS") == original
    assert "That version is the same as the current one." in client.get(
        f"/admin/documents/GBR-XSS/revisions?rev={oldest['id']}").get_data(as_text=True)
    (entry,) = audit.entries(store.conn, action="document.revert")
    assert entry.editor == "alice" and entry.after["revision"] == oldest["id"]


def test_the_edit_page_shows_the_state_the_actions_and_the_revisions_link(client):  # noqa: F811
    sign_in(client)
    page = client.get("/admin/documents/FRA-CP").get_data(as_text=True)
    assert "Published" in page and ">Unpublish</button>" in page and ">Delete</button>" in page
    assert 'href="/admin/documents/FRA-CP/revisions"' in page
    assert ">Publish</button>" not in page and "Delete for good" not in page  # alice is not an admin
    ar = client.get("/admin/documents/FRA-CP?ui=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in ar and ">Unpublish</button>" not in ar


def test_search_results_and_document_pages_carry_the_edit_link_for_editors_only(client, reader):  # noqa: F811
    sign_in(client)
    assert 'href="/admin/documents/RUS-UPK"' in client.get("/?q=выдача").get_data(as_text=True)
    assert 'href="/admin/documents/RUS-UPK"' in client.get("/documents/RUS-UPK").get_data(as_text=True)
    assert "/admin/documents/" not in reader.get("/?q=выдача").get_data(as_text=True)
    assert "/admin/documents/" not in reader.get("/documents/RUS-UPK").get_data(as_text=True)


# -- the command line, and a re-ingest ------------------------------------------------------------


def test_sherloc_delete_is_soft_and_purge_is_for_good(home, store):  # noqa: F811
    runner = CliRunner()
    r = runner.invoke(main, ["--home", str(home.root), "delete", "CHN-EXTRADITION", "--yes"])
    assert r.exit_code == 0, r.output
    assert "restore" in r.output and store.document_state("CHN-EXTRADITION") == "deleted"
    r = runner.invoke(main, ["--home", str(home.root), "delete", "--restore", "CHN-EXTRADITION"])
    assert r.exit_code == 0, r.output
    assert store.document_state("CHN-EXTRADITION") == "published"
    r = runner.invoke(main, ["--home", str(home.root), "delete", "CHN-EXTRADITION", "--purge", "--yes"])
    assert r.exit_code == 0, r.output
    assert not store.has_document("CHN-EXTRADITION")
    actions = [e.action for e in audit.entries(store.conn, target="CHN-EXTRADITION")]
    assert actions == ["document.purge", "document.restore", "document.delete"]
    r = runner.invoke(main, ["--home", str(home.root), "delete", "--help"])
    assert "--purge" in r.output and "for good" in r.output


def test_ingesting_a_changed_file_again_keeps_an_unpublished_document_unpublished(tmp_path):
    from corpus import CORPUS_DIR
    from index.home import Home
    from index.lifecycle import change_state
    from index.store import Store
    from ingest.pipeline import ingest_paths

    source = tmp_path / "files" / "act.txt"
    source.parent.mkdir()
    source.write_text((CORPUS_DIR / "documents" / "chn" / "yindu-fa-2000.txt").read_text(encoding="utf-8"),
                      encoding="utf-8")
    h = Home(tmp_path / "home")
    st = Store(h.store_path)
    ingest_paths([source], st, progress=False)
    (doc_id,) = st.document_ids()
    change_state(st, doc_id, "document.unpublish", "alice")
    source.write_text(source.read_text(encoding="utf-8") + "\n第五十一条 本法自公布之日起施行。\n", encoding="utf-8")
    report = ingest_paths([source], st, progress=False)
    assert not report.rejected and st.get_document(doc_id).provisions[-1].label == "第五十一条"
    assert st.document_state(doc_id) == "unpublished"
    web = create_app({"SHERLOC_HOME": str(h.root), "TESTING": True})
    assert web.test_client().get(f"/documents/{doc_id}").status_code == 404
    st.close()


def test_an_unpublished_document_leaves_semantic_hybrid_and_similar_results(vector_home, tmp_path):
    from index.lifecycle import change_state
    from index.store import Store
    from tests.conftest import copy_home

    h = copy_home(vector_home, tmp_path / "h")
    web = create_app({"SHERLOC_HOME": str(h.root), "TESTING": True})
    c = web.test_client()
    query = "/api/search?q=请求引渡的人在被请求国境内&lang=es&mode="
    assert "XVIII-12-ES" in api_documents(c, query + "semantic")
    assert "XVIII-12-ES" in api_documents(c, query + "hybrid")
    st = Store(h.store_path)
    change_state(st, "XVIII-12-ES", "document.unpublish", "alice")
    state = web.extensions["sherloc"]
    state.handle.refresh()
    state.vectors.catch_up()
    for mode in ("semantic", "hybrid", "lexical"):
        assert "XVIII-12-ES" not in api_documents(c, query + mode), mode
    related = c.get("/documents/XVIII-12-FR?p=art-16").get_data(as_text=True)
    related = related[related.index('id="related"'):]
    assert "XVIII-12-EN" in related or "XVIII-12/" in related  # other versions are still similar
    assert "XVIII-12-ES/" not in related
    st.close()


def test_a_diff_of_a_long_provision_shows_each_change_not_the_whole_text():
    import random

    from search_app.views.admin_lifecycle import word_diff

    # as long as the longest real legal-sources provisions (200,000 characters, no line break)
    rng = random.Random(7)
    old = " ".join(f"w{rng.randrange(5000)}" for _ in range(30_000)) + "."
    words = old.split(" ")
    for i in range(0, len(words), 1000):
        words[i] = "CHANGED"
    html = str(word_diff(old, " ".join(words)))
    assert html.count("<ins>CHANGED</ins>") == 30 and html.count("<del>") == 30
    zh = str(word_diff("外国向中华人民共和国提出的引渡请求。", "外国向中国提出的引渡请求。"))
    assert zh == "外国向中<del>华人民共和</del>国提出的引渡请求。"
