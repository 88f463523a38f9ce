"""The audit log: every change path of the editors' area writes one entry with its before and after, in the
change's own transaction; admins read it filtered and paged, and download it as CSV or JSON."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from index import audit
from index.treaties import db
from search_app.editors import create_editor
from tests.search_app.test_admin import (  # noqa: F401
    PASSWORD,
    app,
    classification_data,
    client,
    csrf_token,
    edit_page,
    form_values,
    home,
    radio_name,
    sign_in,
    store,
    treaty_form,
)


def _entries(store, **filters) -> list[audit.AuditEntry]:
    return audit.entries(store.conn, limit=None, **filters)


def _new(store, since: int) -> list[tuple[str, str, str]]:
    """(editor, action, target) of the entries after seq `since`, oldest first."""
    return [(e.editor, e.action, e.target) for e in reversed(_entries(store)) if e.seq > since]


def _top(store) -> int:
    found = audit.entries(store.conn, limit=1)
    return found[0].seq if found else 0


def test_document_edits_classification_and_version_links_are_audited(client, store):
    sign_in(client)
    start = _top(store)
    page = edit_page(client, "FRA-CP")
    data = {k: v[0] for k, v in form_values(page, "meta-").items()}
    r = client.post("/admin/documents/FRA-CP/details", data={**data, "meta-title": "Code pénal (extraits, revu)"})
    assert r.status_code == 302
    [edit] = _entries(store, action="document.edit")
    assert (edit.editor, edit.target) == ("alice", "FRA-CP")
    assert edit.before == {"title": "Code pénal (extraits)"} and edit.after == {"title": "Code pénal (extraits, revu)"}
    # saving again unchanged writes nothing
    page = edit_page(client, "FRA-CP")
    client.post("/admin/documents/FRA-CP/details", data={k: v[0] for k, v in form_values(page, "meta-").items()})
    assert len(_entries(store, action="document.edit")) == 1

    page = edit_page(client, "RUS-UPK")
    r = client.post("/admin/documents/RUS-UPK/classification",
                    data=classification_data(page, **{radio_name(page, "Extradition"): "reject"}))
    assert r.status_code == 302
    [cls] = _entries(store, action="classification.set")
    assert cls.target == "RUS-UPK" and cls.before == {"issue": ["extradition"]} and cls.after == {"issue": []}

    page = edit_page(client, "CHN-EXTRADITION")
    r = client.post("/admin/documents/CHN-EXTRADITION/versions",
                    data={"csrf_token": csrf_token(page, "meta-"), "other": "RUS-UPK"})
    assert r.status_code == 302
    links = {e.target: e for e in _entries(store, action="versions.link")}
    assert set(links) == {"CHN-EXTRADITION", "RUS-UPK"}  # one entry for each document that changed
    assert links["RUS-UPK"].before == {"metadata": {"parallel_group": None}}
    assert links["RUS-UPK"].after == {"metadata": {"parallel_group": "CHN-EXTRADITION"}}
    assert [a for _e, a, _t in _new(store, start)] == [
        "document.edit", "classification.set", "versions.link", "versions.link"]


def test_a_failed_change_writes_no_entry(store):
    start = _top(store)
    with pytest.raises(Exception, match="no document"):
        store.update_metadata("NO-SUCH-DOC", editor="alice", title="x")
    with pytest.raises(RuntimeError), store.transaction():
        store.update_metadata("FRA-CP", editor="alice", title="rolled back")
        raise RuntimeError("the change fails after its entry was written")
    assert _top(store) == start and store.get_document("FRA-CP").title == "Code pénal (extraits)"


def test_every_treaty_data_form_is_audited(client, store):
    sign_in(client)
    start = _top(store)
    _page, data = treaty_form(client)
    r = client.post("/admin/treaties/new", data=data)
    assert r.status_code == 302
    added = _entries(store, action="treaty.add")[0]
    assert added.before is None and added.after["parties"] == ["KEN", "NGA"] and added.target == "BIL-KEN-NGA-EXT-2010"

    page = client.get("/admin/treaties/instrument/new").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "treaty_id": "AUDIT-1", "kind": "multilateral",
            "title_en": "Convention (audit test)", "forms": ["mla"], "source": "test"}
    assert client.post("/admin/treaties/instrument/new", data=form).status_code == 302
    page = client.get("/admin/treaties/AUDIT-1/edit").get_data(as_text=True)
    r = client.post("/admin/treaties/AUDIT-1/edit", data={**form, "csrf_token": csrf_token(page),
                                                          "title_en": "Convention (audit test, edited)"})
    assert r.status_code == 302
    edit = _entries(store, action="treaty.edit")[0]
    assert edit.before["titles"] == {"en": "Convention (audit test)"}
    assert edit.after["titles"] == {"en": "Convention (audit test, edited)"}

    url = "/admin/treaties/AUDIT-1/participation"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(page), "what": "row", "state": "FRA",
                           "action_date": "2001-02-01", "action_kind": "ratification", "source": "test",
                           "as_of": "2026-01-01"})
    row = _entries(store, action="treaty.participation.set")[0]
    assert row.target == "AUDIT-1/FRA" and row.before is None and row.after["action_date"] == "2001-02-01"
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"decl-csrf_token": csrf_token(page, "decl-"), "what": "declaration", "decl-state": "FRA",
                           "decl-kind": "reservation", "decl-text": "Article 35(2) does not bind France.",
                           "decl-source": "test", "decl-as_of": "2026-01-01"})
    decl = _entries(store, action="treaty.declaration.add")[0]
    assert decl.target == "AUDIT-1/FRA" and decl.after["text"] == "Article 35(2) does not bind France."
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"done-csrf_token": csrf_token(page, "done-"), "what": "complete",
                           "done-as_of": "2026-01-01", "done-source": "test list"})
    done = _entries(store, action="treaty.edit")[0]
    assert done.before["participation_complete"] is None and done.after["participation_complete"] == "2026-01-01"
    for what in ("remove-declarations", "remove-row"):
        page = client.get(url).get_data(as_text=True)
        assert client.post(url, data={"csrf_token": csrf_token(page), "what": what, "state": "FRA"}).status_code == 302
    removed = _entries(store, action="treaty.declaration.remove")[0]
    assert removed.before[0]["kind"] == "reservation" and removed.after is None
    assert _entries(store, action="treaty.participation.remove")[0].before["state"] == "FRA"
    page = client.get(url).get_data(as_text=True)
    assert client.post("/admin/treaties/AUDIT-1/remove", data={"csrf_token": csrf_token(page)}).status_code == 302
    gone = _entries(store, action="treaty.remove")[0]
    assert gone.before["titles"] == {"en": "Convention (audit test, edited)"} and gone.after is None

    page = client.get("/admin/authorities/new").get_data(as_text=True)
    fields = {"csrf_token": csrf_token(page), "country": "KEN", "authority": "Attorney General (audit test)",
              "form": "mla", "source": "test", "as_of": "2026-01-01"}
    client.post("/admin/authorities/new", data=fields)
    [a] = db.find_authorities(store, country="KEN")
    page = client.get(f"/admin/authorities/{a.id}/edit").get_data(as_text=True)
    client.post(f"/admin/authorities/{a.id}/edit", data={**fields, "csrf_token": csrf_token(page),
                                                         "email": "mla@example.org"})
    [b] = db.find_authorities(store, country="KEN")
    edited = _entries(store, action="authority.edit")[0]
    assert edited.target == str(b.id) and edited.before["email"] == "" and edited.after["email"] == "mla@example.org"
    client.post(f"/admin/authorities/{b.id}/remove", data={"csrf_token": csrf_token(page)})
    assert _entries(store, action="authority.remove")[0].before["authority"] == "Attorney General (audit test)"

    assert [a for _e, a, _t in _new(store, start)] == [
        "treaty.add", "treaty.add", "treaty.edit", "treaty.participation.set", "treaty.declaration.add",
        "treaty.edit", "treaty.declaration.remove", "treaty.participation.remove", "treaty.remove",
        "authority.add", "authority.edit", "authority.remove"]
    assert {e for e, _a, _t in _new(store, start)} == {"alice"}


def test_a_quarantine_discard_is_audited(home, client, store):
    from ingest.pipeline import ingest_paths

    bad = home.root / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    ingest_paths([bad], store, quarantine_dir=home.quarantine, progress=False)
    sign_in(client)
    page = client.get("/admin/quarantine").get_data(as_text=True)
    name = re.search(r'name="name" type="hidden" value="([^"]+)"', page)[1]
    client.post("/admin/quarantine/discard", data={"csrf_token": csrf_token(page), "name": name})
    client.post("/admin/quarantine/discard", data={"csrf_token": csrf_token(page), "name": name})  # gone already
    [entry] = _entries(store, action="quarantine.discard")
    assert entry.target == name and entry.before["file"].endswith("broken.pdf") and entry.before["reason"]


# -- the page -----------------------------------------------------------------------------------------------


@pytest.fixture
def busy_log(store):
    """An admin, root, and 120 entries: 60 by alice on documents, 60 by bob on treaties; 10 of bob's dated in
    January 2026."""
    create_editor(store, "root", PASSWORD, "admin")
    with store.transaction() as conn:
        for i in range(60):
            audit.record(conn, "alice", "document.edit", f"DOC-{i}", {"title": f"t{i}", "date": "2001"},
                         {"title": f"t{i} (new)", "date": "2001"})
            audit.record(conn, "bob", "treaty.participation.set", f"T-{i}/FRA", None, {"state": "FRA"})
        conn.execute("UPDATE audit_log SET at='2026-01-15T10:00:00+00:00' WHERE editor='bob' AND seq IN "
                     "(SELECT seq FROM audit_log WHERE editor='bob' ORDER BY seq LIMIT 10)")
    return store


def _seqs(html: str) -> list[int]:
    return [int(s) for s in re.findall(r'<li class="audit-entry" id="entry-(\d+)">', html)]


def test_admins_read_the_log_filtered_and_paged(client, busy_log):
    sign_in(client, "root")
    first = client.get("/admin/audit").get_data(as_text=True)
    seqs = _seqs(first)
    assert len(seqs) == 50 and seqs == sorted(seqs, reverse=True)  # newest first
    older = unescape(re.search(r'<a href="([^"]+)" rel="next">', first)[1])
    second = _seqs(client.get(older).get_data(as_text=True))
    assert len(second) == 50 and max(second) < min(seqs)

    alice = client.get("/admin/audit?editor=alice").get_data(as_text=True)
    assert len(_seqs(alice)) == 50 and "T-0/FRA" not in alice
    treaty = client.get("/admin/audit?action=treaty").get_data(as_text=True)  # a prefix of the action
    assert len(_seqs(treaty)) == 50 and "DOC-" not in treaty and "participation row saved" in treaty
    one = client.get("/admin/audit?target=DOC-7").get_data(as_text=True)
    assert len(_seqs(one)) == 1
    # an entry shows the fields that changed, not the ones that stayed
    diff = re.search(r'<table class="audit-diff">.*?</table>', one, re.S)[0]
    assert "t7 (new)" in diff and ">title<" in diff and ">date<" not in diff
    january = client.get("/admin/audit?since=2026-01-01&until=2026-01-31").get_data(as_text=True)
    assert len(_seqs(january)) == 10 and "DOC-" not in january
    assert _seqs(client.get("/admin/audit?until=2025-12-31").get_data(as_text=True)) == []
    bad = client.get("/admin/audit?since=yesterday").get_data(as_text=True)
    assert "Not a date: yesterday" in bad and len(_seqs(bad)) == 50


def test_the_filtered_log_downloads_as_csv_and_json(client, busy_log):
    sign_in(client, "root")
    page = client.get("/admin/audit?editor=bob&since=2026-01-01&until=2026-01-31").get_data(as_text=True)
    link = unescape(re.search(r'<a href="([^"]+export\.csv[^"]*)"', page)[1])
    r = client.get(link)
    assert r.status_code == 200 and r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 10 and {row["editor"] for row in rows} == {"bob"}
    assert json.loads(rows[0]["after"]) == {"state": "FRA"} and rows[0]["before"] == ""
    data = client.get(link.replace("export.csv", "export.json")).get_json()
    assert [d["seq"] for d in data] == [int(row["seq"]) for row in rows]
    assert data[0]["after"] == {"state": "FRA"} and data[0]["action"] == "treaty.participation.set"
    # a target a spreadsheet would run as a formula is written as text in CSV, as is in JSON
    with busy_log.transaction() as conn:
        audit.record(conn, "alice", "quarantine.discard", '=HYPERLINK("http://example.org")', None, None)
    cells = next(csv.DictReader(io.StringIO(client.get("/admin/audit/export.csv?editor=alice").get_data(as_text=True))))
    assert cells["target"] == "'=HYPERLINK(\"http://example.org\")"
    assert client.get("/admin/audit/export.json?editor=alice").get_json()[0]["target"].startswith("=HYPERLINK")
    everything = client.get("/admin/audit/export.json").get_json()
    assert len(everything) == len(_entries(busy_log))
    assert client.get("/admin/audit/export.json?target=NOTHING").get_json() == []
    assert client.get("/admin/audit/export.csv?target=NOTHING").get_data(as_text=True).startswith("seq,at,editor,")
    assert client.get("/admin/audit/export.xml").status_code == 404


def test_treaty_commands_are_audited_as_the_unix_user(home, store):
    from click.testing import CliRunner

    from index.treaties.models import Participation
    from search_app.cli import main

    def sherloc(*args):
        r = CliRunner().invoke(main, ["--home", str(home.root), "treaties", *args])
        assert r.exit_code == 0, r.output

    start = _top(store)
    sherloc("add", "--id", "CLI-1", "--title", "en=Convention (command test)", "--form", "mla")
    db.save_participation(store, Participation(treaty_id="CLI-1", state="FRA", action_date="2001-01-01",
                                               action_kind="ratification"))  # an import: unaudited
    sherloc("complete", "CLI-1", "--as-of", "2026-01-01", "--source", "test")
    sherloc("remove", "CLI-1", "--state", "FRA")
    sherloc("remove", "CLI-1")
    new = _new(store, start)
    assert [a for _e, a, _t in new] == ["treaty.add", "treaty.edit", "treaty.participation.remove", "treaty.remove"]
    assert all(e.startswith("cli:") and len(e) > 4 for e, _a, _t in new)
    assert _entries(store, action="treaty.participation.remove")[0].before["action_date"] == "2001-01-01"
