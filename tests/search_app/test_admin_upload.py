"""Editors upload files, check the preview and the details, and publish: real files, real store, real index.

Every parse runs in the real parse worker process (pebble), so these tests wait for drafts to be read.
The app, client, home and store fixtures are test_admin's (imported, hence F811 on their use as arguments).
"""
# ruff: noqa: F811

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

from index import audit, drafts
from search_app import create_app
from tests.ingest.pdfgen import paragraphs_pdf
from tests.search_app.test_admin import app, client, hit_ids, home, sign_in, store  # noqa: F401 - fixtures
from tests.search_app.upload_helpers import LAW_TEXT, draft_id_of, publish, save_details, upload, wait_ready

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@pytest.fixture
def editor(client):
    sign_in(client)
    return client


def test_an_uploaded_law_is_previewed_then_published_and_found_at_once(editor, store, home):
    r = upload(editor, ("smuggling-law.txt", LAW_TEXT.encode()))
    draft_id = draft_id_of(r)
    assert editor.get(r.headers["Location"]).status_code == 200  # shown while being read
    draft = wait_ready(store, draft_id)
    assert draft.status == "ready", draft.error
    # kept under a generated name in the home, never the client's
    stored = home.root / "uploads" / draft.stored_name
    assert stored.read_text() == LAW_TEXT and "smuggling" not in draft.stored_name
    assert draft.file_name == "smuggling-law.txt" and draft.document_id == "smuggling-law"
    page = editor.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    # the preview: every provision with its number and language
    assert [m for m in re.findall(r'<td dir="auto">(Article \d)</td><td><bdi>(\d)</bdi>', page)] == [
        ("Article 1", "1"), ("Article 2", "2"), ("Article 3", "3")]
    assert page.count("<td>English</td>") == 3
    # ingest's values are in the form, each marked as a suggestion
    assert 'value="Law on the Suppression of Smuggling of Migrants"' in page
    marked = set(re.findall(r'data-suggested="([a-z_]+)"', page))
    assert {"title", "type", "languages", "crime"} <= marked
    assert not marked & {"country", "date", "source_url"}  # nothing found, nothing suggested
    assert not editor.get("/?q=zanzibarite").get_data(as_text=True).count('class="hit"')  # not before publishing

    r = publish(editor, draft_id)
    assert r.status_code == 302 and r.headers["Location"].endswith("/documents/smuggling-law")
    assert hit_ids(editor.get("/?q=zanzibarite").get_data(as_text=True)) == ["smuggling-law/art-1"]
    assert drafts.get(store.conn, draft_id) is None
    doc = store.get_document("smuggling-law")
    assert doc.source_file == str(stored) and len(doc.provisions) == 3
    actions = [(e.action, e.target) for e in audit.entries(store.conn) if not e.action.startswith("account.")]
    assert actions == [("document.publish", "smuggling-law"), ("upload.create", "smuggling-law")]
    published = audit.entries(store.conn, action="document.publish")[0]
    assert published.editor == "alice" and published.before is None and published.after["provisions"] == 3


def test_several_files_of_every_kind_in_one_upload(editor, store, tmp_path):
    pdf = paragraphs_pdf(tmp_path / "x.pdf", [
        "Article 1. Money laundering is the conversion of property derived from crime.",
        "Article 2. The proceeds of crime shall be confiscated by the court.",
    ], heading="Loi sur le blanchiment")
    html = (b"<!doctype html><html lang='fr'><head><title>Loi sur la corruption</title></head><body><main>"
            b"<h1>Loi sur la corruption</h1><p>Article premier</p><p>La corruption d'agents publics est punie "
            b"de dix ans d'emprisonnement.</p></main></body></html>")
    records = json.dumps([
        {"id": "REC-1", "title": "Ley de trata", "language": "es", "country": "ESP", "type": "legislation",
         "text": "Artículo 1. La trata de personas será castigada con prisión."},
        {"id": "REC-2", "title": "Ley de armas", "language": "es", "country": "ESP", "type": "legislation",
         "text": "Artículo 1. El tráfico ilícito de armas de fuego será castigado."},
    ]).encode()
    r = upload(editor, ("aml.pdf", pdf.read_bytes()), ("corruption.htm", html), ("records.json", records))
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/upload")
    listed = {d.file_name: d for d in drafts.listing(store.conn)}
    assert set(listed) == {"aml.pdf", "corruption.htm", "records.json"}
    kinds = {name: wait_ready(store, d.id).kind for name, d in listed.items()}
    assert kinds == {"aml.pdf": "pdf", "corruption.htm": "html", "records.json": "json"}
    ready = {name: wait_ready(store, d.id) for name, d in listed.items()}
    assert all(d.status == "ready" for d in ready.values()), {n: d.error for n, d in ready.items()}
    assert [r.id for r in ready["records.json"].records] == ["REC-1", "REC-2"]
    assert ready["corruption.htm"].records[0].languages[0] == "fr"
    page = editor.get(f"/admin/drafts/{ready['records.json'].id}").get_data(as_text=True)
    assert "This file holds 2 records" in page
    assert publish(editor, ready["records.json"].id).status_code == 302
    assert store.has_document("REC-1") and store.has_document("REC-2")


def test_the_type_is_judged_by_the_content_not_the_name(editor, store, home):
    r = upload(editor, ("picture.txt", PNG), ("notes.pdf", b""))
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert "picture.txt was not uploaded: binary file (PNG image), not a document" in page
    assert "notes.pdf was not uploaded: empty file" in page
    assert drafts.listing(store.conn) == []
    assert not any((home.root / "uploads").iterdir())  # nothing kept of refused files
    # a PDF named .txt is read as the PDF it is, a text named .pdf as the text it is
    pdf = paragraphs_pdf(home.root / "real.pdf", ["Article 1. Trafficking in persons is a crime."])
    r = upload(editor, ("scan.txt", pdf.read_bytes()), ("law.pdf", LAW_TEXT.encode()), ("x.exe", b"MZ" + bytes(99)))
    assert r.status_code == 302
    assert "x.exe was not uploaded: binary file (executable), not a document" in editor.get("/admin/upload").get_data(
        as_text=True)
    kept = {d.file_name: wait_ready(store, d.id) for d in drafts.listing(store.conn)}
    assert {name: (d.kind, d.stored_name[-4:], d.status) for name, d in kept.items()} == {
        "scan.txt": ("pdf", ".pdf", "ready"), "law.pdf": ("text", ".txt", "ready")}


def test_a_file_over_the_size_limit_is_refused_by_name_and_the_others_kept(home, store):
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True, "UPLOAD_MAX_MB": 0.001})
    c = app.test_client()
    sign_in(c)
    r = upload(c, ("big.txt", LAW_TEXT.encode() * 3), ("small.txt", b"Article 1\nSmall law text."))
    assert r.status_code == 302
    page = c.get("/admin/upload").get_data(as_text=True)
    assert "big.txt was not uploaded: it is larger than the limit of 0.001 MB." in page
    assert [d.file_name for d in drafts.listing(store.conn)] == ["small.txt"]
    kept = [p.name for p in (home.root / "uploads").iterdir() if not p.name.endswith(".meta.json")]
    assert kept == [drafts.listing(store.conn)[0].stored_name]


def test_the_clients_path_never_becomes_a_path(editor, store, home):
    r = upload(editor, ("../../../etc/cron.d/evil\u202e.txt", b"Article 1\nA law of evil intent."))
    draft = wait_ready(store, draft_id_of(r))
    assert draft.file_name == "evil.txt"
    assert [p.parent for p in (home.root / "uploads").iterdir()] == [home.root / "uploads"] * 2  # file, sidecar
    assert re.fullmatch(r"[0-9a-f]{24}\.txt", draft.stored_name)
    assert not Path("/etc/cron.d/evil.txt").exists()
    untitled = b"<html><body><p>Article 1. Smuggling of migrants is punished.</p></body></html>"
    draft = wait_ready(store, draft_id_of(upload(editor, ("Décret 5.html", untitled))))
    assert draft.records[0].title == "Décret 5"  # a file naming no title: its name, never the generated one


def test_the_editors_details_win_and_their_classification_is_the_editors(editor, store):
    draft_id = draft_id_of(upload(editor, ("smuggling-law.txt", LAW_TEXT.encode())))
    draft = wait_ready(store, draft_id)
    assert "migrant-smuggling" in draft.records[0].terms("crime")  # ingest's suggestion
    r = save_details(editor, draft_id, title="Smuggling of Migrants Act 2024", country="Kenya", date="2024-03-01",
                     in_force="2024-06", document_id="KEN-SOM-2024", crime=["trafficking-in-persons"],
                     issue=["extradition"])
    assert r.status_code == 302
    draft = wait_ready(store, draft_id)
    assert draft.status == "ready" and draft.document_id == "KEN-SOM-2024"
    assert draft.records[0].title == "Smuggling of Migrants Act 2024"  # read again with the editor's details
    page = editor.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    assert "data-suggested" not in page  # confirmed: no longer marked
    assert publish(editor, draft_id).headers["Location"].endswith("/documents/KEN-SOM-2024")
    doc = store.get_document("KEN-SOM-2024")
    assert (doc.title, doc.country, doc.date, doc.dates) == ("Smuggling of Migrants Act 2024", "KEN", "2024-03-01",
                                                             {"in_force": "2024-06"})
    assert doc.terms("crime") == ["trafficking-in-persons"] and doc.terms("issue") == ["extradition"]
    assert {c.origin for c in doc.classifications if c.provision_id is None} == {"editor"}
    html = editor.get("/?q=zanzibarite&crime=trafficking-in-persons&country=KEN").get_data(as_text=True)
    assert hit_ids(html) == ["KEN-SOM-2024/art-1"]


def test_bad_details_are_shown_and_nothing_changes(editor, store):
    draft_id = draft_id_of(upload(editor, ("smuggling-law.txt", LAW_TEXT.encode())))
    wait_ready(store, draft_id)
    r = save_details(editor, draft_id, date="2024-02-30", country="Atlantis", document_id="FRA-CP")
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert "Not a date" in page and "Unknown country or organisation Atlantis" in page
    r = save_details(editor, draft_id, document_id="FRA-CP")
    assert r.status_code == 400 and "A published document already has the identifier FRA-CP." in r.get_data(True)
    assert drafts.get(store.conn, draft_id).details == {}


def test_a_file_that_cannot_be_read_shows_the_reason_never_a_traceback(home, store, tmp_path):
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True, "UPLOAD_PARSE_MEMORY_MB": 1})
    c = app.test_client()
    sign_in(c)
    draft = wait_ready(store, draft_id_of(upload(c, ("law.txt", LAW_TEXT.encode()))))
    assert draft.status == "failed" and "needed more than 1 MB of memory" in draft.error
    page = c.get(f"/admin/drafts/{draft.id}").get_data(as_text=True)
    assert "This file could not be read" in page and "needed more than 1 MB of memory" in page
    assert "Traceback" not in page
    assert "/publish" not in page  # no Publish button; and a forged press is refused
    token = re.search(r'name="discard-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = c.post(f"/admin/drafts/{draft.id}/publish", data={"publish-csrf_token": token})
    assert r.status_code == 409 and "not ready to publish" in r.get_data(as_text=True)
    assert not store.has_document("law") and drafts.get(store.conn, draft.id) is not None


def test_a_parse_past_its_time_limit_is_stopped_with_the_reason(home, store, tmp_path):
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True, "UPLOAD_PARSE_SECONDS": 0.01})
    c = app.test_client()
    sign_in(c)
    pdf = paragraphs_pdf(tmp_path / "long.pdf", [f"Article {i}. Obligation {i} of the State." for i in range(800)],
                         per_page=20)
    draft = wait_ready(store, draft_id_of(upload(c, ("long.pdf", pdf.read_bytes()))))
    assert draft.status == "failed" and draft.error == "took longer than 0.01 s to read"


def test_discarding_a_draft_removes_it_and_its_file(editor, store, home):
    draft_id = draft_id_of(upload(editor, ("smuggling-law.txt", LAW_TEXT.encode())))
    wait_ready(store, draft_id)
    page = editor.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    from tests.search_app.test_admin import csrf_token

    r = editor.post(f"/admin/drafts/{draft_id}/discard", data={"discard-csrf_token": csrf_token(page, "discard-")})
    assert r.status_code == 302
    assert drafts.get(store.conn, draft_id) is None
    assert list((home.root / "uploads").iterdir()) == []
    assert [e.action for e in audit.entries(store.conn, action="upload")] == ["upload.discard", "upload.create"]
    assert editor.get(f"/admin/drafts/{draft_id}").status_code == 404


def test_drafts_survive_a_restart_and_an_interrupted_parse_runs_again(home, store):
    app1 = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    c = app1.test_client()
    sign_in(c)
    ready_id = draft_id_of(upload(c, ("smuggling-law.txt", LAW_TEXT.encode())))
    wait_ready(store, ready_id)
    cut_id = draft_id_of(upload(c, ("second.txt", b"Article 1\nThe second law on firearms trafficking.")))
    wait_ready(store, cut_id)
    with store.transaction() as conn:  # as a parse cut short by a restart leaves it
        drafts.restart_parse(conn, cut_id)
    app1.extensions["sherloc_uploads"].parser.close()

    app2 = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})
    c2 = app2.test_client()
    sign_in(c2)
    page = c2.get("/admin/upload").get_data(as_text=True)
    assert "smuggling-law.txt" in page and "second.txt" in page
    assert wait_ready(store, cut_id).status == "ready"
    assert publish(c2, ready_id).status_code == 302 and store.has_document("smuggling-law")


def test_replacing_the_file_of_a_published_document_keeps_its_id_and_a_revision(editor, store):
    old = store.get_document("RUS-UPK")
    edit_page = editor.get("/admin/documents/RUS-UPK").get_data(as_text=True)
    assert 'href="/admin/upload?replace=RUS-UPK">Replace its file</a>' in edit_page
    r = upload(editor, ("new-version.txt", "Статья 462\nВыдача лица производится по новому закону.\n\n"
                        "Статья 463\nОбжалование решения о выдаче.\n".encode()), replace="RUS-UPK")
    draft = wait_ready(store, draft_id_of(r))
    assert draft.replaces and draft.document_id == "RUS-UPK" and draft.status == "ready"
    page = editor.get(f"/admin/drafts/{draft.id}").get_data(as_text=True)
    assert "Publishing replaces the document" in page and 'name="draft-document_id"' not in page
    assert publish(editor, draft.id).headers["Location"].endswith("/documents/RUS-UPK")
    new = store.get_document("RUS-UPK")
    assert [p.label for p in new.provisions] == ["Статья 462", "Статья 463"]
    # the document's details are kept, not taken from the new file
    assert (new.title, new.country, new.date) == (old.title, old.country, old.date)
    assert store.revisions("RUS-UPK")[0]["reason"] == "replaced"
    assert store.revisions("RUS-UPK")[0]["record"]["provisions"][0]["text"] == old.provisions[0].text
    entry = audit.entries(store.conn, action="document.publish")[0]
    assert entry.before["provisions"] == 2 and entry.after["provisions"] == 2 and entry.target == "RUS-UPK"
    assert hit_ids(editor.get("/?q=Обжалование").get_data(as_text=True)) == ["RUS-UPK/art-463"]


def test_an_identifier_published_meanwhile_is_refused_not_overwritten(editor, store):
    first = draft_id_of(upload(editor, ("same-name.txt", b"Article 1\nThe first law on cybercrime.")))
    second = draft_id_of(upload(editor, ("same-name.txt", b"Article 1\nThe second law on piracy at sea.")))
    assert wait_ready(store, first).document_id == "same-name"
    assert wait_ready(store, second).document_id == "same-name-2"
    save_details(editor, second, document_id="same-name")  # the first is not published yet: allowed
    wait_ready(store, second)
    assert publish(editor, first).status_code == 302
    r = publish(editor, second)
    assert r.status_code == 409 and "the identifier same-name is already used" in r.get_data(as_text=True)
    assert "cybercrime" in store.get_document("same-name").provisions[0].text
    assert drafts.get(store.conn, second) is not None


def test_two_editors_publishing_at_once_both_succeed(app, home, store):
    from search_app.editors import create_editor
    from tests.search_app.test_admin import PASSWORD

    create_editor(store, "bruno", PASSWORD)
    clients = []
    for name in ("alice", "bruno"):
        c = app.test_client()
        sign_in(c, name)
        clients.append(c)
    ids = [draft_id_of(upload(c, (f"law-{i}.txt", f"Article 1\nThe law number {i} on quokkafraud{i}.".encode())))
           for i, c in enumerate(clients)]
    for draft_id in ids:
        wait_ready(store, draft_id)
    barrier = threading.Barrier(2)
    results = {}

    def go(i):
        barrier.wait()
        results[i] = publish(clients[i], ids[i]).status_code

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == {0: 302, 1: 302}
    for i in range(2):
        assert hit_ids(clients[0].get(f"/?q=quokkafraud{i}").get_data(as_text=True)) == [f"law-{i}/art-1"]
    engine = app.extensions["sherloc"].engine
    assert engine.applied_seq() == store.last_seq()
    assert {e.editor for e in audit.entries(store.conn, action="document.publish")} == {"alice", "bruno"}


@pytest.mark.parametrize(("name", "language", "provisions"), [
    ("un-docs/004_79762f2056680fff.txt", "fr", 80),  # a UN background paper, French
    ("udhr/arb.html", "ar", 31),  # the UDHR in Arabic: preamble and 30 articles
])
def test_a_real_document_is_uploaded_and_published(editor, store, shared_data, name, language, provisions):
    real = shared_data / name
    if not real.is_file():
        pytest.skip(f"../shared/data/{name} is absent")
    draft = wait_ready(store, draft_id_of(upload(editor, (real.name, real.read_bytes()))), seconds=180)
    assert draft.status == "ready", draft.error
    record = draft.records[0]
    assert record.languages[0] == language and len(record.provisions) == provisions
    assert {p.language for p in record.provisions} == {language}
    assert publish(editor, draft.id).status_code == 302
    assert store.get_document(record.id).provisions[-1].text == record.provisions[-1].text


def test_uploading_needs_a_signed_in_editor(client, store):
    assert "/admin/login" in client.get("/admin/upload").headers["Location"]
    r = client.post("/admin/upload", data={})
    assert r.status_code in (302, 400) and drafts.listing(store.conn) == []


def test_upload_and_draft_pages_have_unique_ids_and_labelled_fields(app, editor, store):
    from tests.search_app.test_admin import test_editor_pages_have_unique_ids_and_labelled_fields as check

    draft_id = draft_id_of(upload(editor, ("smuggling-law.txt", LAW_TEXT.encode())))
    wait_ready(store, draft_id)
    for url in ("/admin/upload", "/admin/upload?replace=FRA-CP", f"/admin/drafts/{draft_id}"):
        check(app.test_client(), url)  # a client of its own: the check signs in


def test_an_upload_larger_than_every_file_together_may_be_is_refused_whole(home, store):
    app = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True, "UPLOAD_MAX_MB": 0.001, "UPLOAD_MAX_FILES": 1})
    c = app.test_client()
    sign_in(c)
    r = upload(c, ("huge.txt", b"Article 1\n" + b"x" * 2_000_000))
    assert r.status_code == 413
    assert "The upload is larger than 0.001 MB in all: send fewer files at once." in r.get_data(as_text=True)
    assert drafts.listing(store.conn) == [] and not any((home.root / "uploads").glob("*"))
