"""What the finder knows (party, not a party on a complete list, or unknown); real UNTC pages in every form."""

from __future__ import annotations

import json
import re

import pytest

from index.store import Store
from index.treaties import db, load_bundled
from index.treaties.finder import applicable
from index.treaties.importers import import_file, import_instruments_json, import_status_table
from index.treaties.models import Treaty, parse_date
from index.treaties.untc import parse_page


@pytest.fixture()
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store.sqlite3")
    load_bundled(s)
    return s


def _ids(items) -> list[str]:
    return [x.treaty.id for x in items]


# A whole UNTOC status page as the site shows it (an extract of real rows; footnotes glued to the names).
UNTOC_PAGE = """PARTICIPANTS

Participant2 | Signature | Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)
Brazil | 12 Dec 2000 | 29 Jan 2004
France | 12 Dec 2000 | 29 Oct 2002
Germany3 | 12 Dec 2000 | 14 Jun 2006
Montenegro4 |  | 23 Oct 2006 d

---

NOTES

1Test page: the notes are not participation data.
"""


def test_france_germany_with_the_bundled_data_names_the_unknown_and_concludes_nothing(store):
    r = applicable(store, "FRA", "DEU", form="extradition", date="2024-05-01")
    assert r.instruments == [] and not r.conclusive
    unknown = {u.treaty.id: u for u in r.unknown}
    # UNTOC, UNCAC and the European Convention on Extradition are named, not turned into "no treaty".
    assert {"XVIII-12", "XVIII-14", "COE-ETS-024"} <= set(unknown)
    fra, deu = unknown["XVIII-12"].evidence
    assert (fra.state, fra.status, fra.complete) == ("FRA", "party", False) and "bundled sample" in fra.source
    assert (deu.state, deu.status) == ("DEU", "unknown")
    assert "sherloc treaties import" in unknown["XVIII-12"].fill_command
    assert "No treaty applies" not in r.message and "reciprocity" not in r.message and r.reciprocity == ""
    assert "unknown" in r.message
    # France -> Germany, drug offences: the 1988 Convention has no row for Germany, so it is unknown, not "outside".
    drugs = applicable(store, "FRA", "DEU", form="extradition", date="2024-05-01", offence="drug-offences")
    assert "VI-19" in _ids(drugs.unknown) and "VI-19" not in _ids(drugs.instruments)
    # France -> Brazil: both rows are there (UNTC VI-19), so it applies to drug offences.
    both = applicable(store, "FRA", "BRA", form="extradition", date="2024-05-01", offence="drug-offences")
    assert "VI-19" in _ids(both.instruments) and "VI-19" not in _ids(both.unknown)


def test_a_complete_page_makes_an_instrument_applicable_and_an_absent_state_not_a_party(store, tmp_path):
    page = tmp_path / "XVIII-12.txt"
    page.write_text(UNTOC_PAGE, encoding="utf-8")
    rep = import_status_table(store, page, "XVIII-12", as_of="2026-03-27", source="UNTC XVIII-12 test page")
    assert rep.imported == 4 and rep.errors == []
    assert [s.reason for s in rep.skipped] == ["NOTES section: not participation data"]
    t = db.get_treaty(store, "XVIII-12")
    assert (t.participation_complete, t.participation_source) == ("2026-03-27", "UNTC XVIII-12 test page")

    r = applicable(store, "FRA", "DEU", form="extradition", date="2024-05-01")
    assert "XVIII-12" in _ids(r.instruments) and "XVIII-12" not in _ids(r.unknown)
    untoc = r.instruments[_ids(r.instruments).index("XVIII-12")]
    deu = {e.state: e for e in untoc.evidence}["DEU"]
    assert (deu.status, deu.in_force_from, deu.complete, deu.as_of) == ("party", "2006-07-14", True, "2026-03-27")
    assert deu.source == "UNTC XVIII-12 test page"

    # China was in the bundled sample but is not on the complete page: not a party as of its date, said so.
    assert "CHN" not in {p.state for p in db.participants(store, "XVIII-12")}
    assert any("CHN" in n and "removed" in n for n in rep.notes)
    r = applicable(store, "FRA", "CHN", form="extradition", date="2024-05-01")
    pending = {p.treaty.id: p for p in r.pending}["XVIII-12"]
    chn = {e.state: e for e in pending.evidence}["CHN"]
    assert (chn.status, chn.complete, chn.as_of) == ("not-party", True, "2026-03-27")
    assert pending.status_keys["CHN"] == ("not-party", "2026-03-27")
    assert "XVIII-12" not in _ids(r.unknown)


def test_no_treaty_applies_only_when_every_instrument_is_known(store):
    for t in db.list_treaties(store):
        if t.kind != "bilateral":
            db.set_completeness(store, t.id, "2026-03-27", "test: complete lists")
    r = applicable(store, "CHN", "NZL", form="mla", date="2024-05-01")
    assert r.conclusive and r.unknown == [] and r.message.startswith("No treaty applies")
    assert "reciprocity" in r.reciprocity and r.reciprocity.startswith("For information")
    # One instrument unknown again: the conclusion and the reciprocity paragraph go.
    db.set_completeness(store, "XVIII-14", None)
    r = applicable(store, "CHN", "NZL", form="mla", date="2024-05-01")
    assert _ids(r.unknown) == ["XVIII-14"] and not r.conclusive and r.reciprocity == ""


def test_a_partial_import_leaves_absent_states_unknown(store, tmp_path):
    f = tmp_path / "rows.txt"
    f.write_text("Kenya\t\t16 Jun 2004 a\n", encoding="utf-8")  # rows copied without the table's header
    rep = import_file(store, f, treaty_id="XVIII-12", as_of="2024-07-01")
    assert rep.imported == 1 and db.get_treaty(store, "XVIII-12").participation_complete is None
    assert any("not marked complete" in n for n in rep.notes)
    assert "XVIII-12" in _ids(applicable(store, "KEN", "DEU", "mla", "2024-07-01").unknown)
    # --partial on a whole page: the same
    page = tmp_path / "page.txt"
    page.write_text(UNTOC_PAGE, encoding="utf-8")
    import_file(store, page, treaty_id="XVIII-12", as_of="2026-03-27", complete=False)
    assert db.get_treaty(store, "XVIII-12").participation_complete is None
    assert "CHN" in {p.state for p in db.participants(store, "XVIII-12")}


def test_an_instrument_from_json_appears_in_the_finder(store, tmp_path):
    f = tmp_path / "hcch.json"
    f.write_text(json.dumps({
        "id": "TEST-MLA-1", "kind": "regional", "titles": {"en": "Test Convention on Mutual Assistance"},
        "forms": ["mla"], "articles": {"mla": ["3"]}, "entry_into_force": "2001-01-01", "eif_rule": "days:60",
    }), encoding="utf-8")
    assert import_instruments_json(store, f).imported == 1
    assert "TEST-MLA-1" in _ids(applicable(store, "FRA", "DEU", "mla", "2024-05-01").unknown)
    page = tmp_path / "p.txt"
    page.write_text("Participant\tRatification\nFrance\t2 Jan 2001\nGermany\t3 Mar 2003 a\n", encoding="utf-8")
    import_status_table(store, page, "TEST-MLA-1", as_of="2026-01-01")
    r = applicable(store, "FRA", "DEU", "mla", "2024-05-01")
    assert "TEST-MLA-1" in _ids(r.instruments)
    # Entry into force by the instrument's rule: sixty days after Germany's accession.
    deu = r.instruments[_ids(r.instruments).index("TEST-MLA-1")].parties["DEU"]
    assert (deu.action_kind, deu.entry_into_force) == ("accession", "2003-05-02")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "BAD ID", "kind": "regional", "titles": {"en": "x"}}), encoding="utf-8")
    rep = import_instruments_json(store, bad)
    assert rep.imported == 0 and "BAD ID" in rep.errors[0].reason


def test_bundled_instruments_say_whether_their_participation_is_complete(store):
    from corpus import CORPUS_DIR

    raw = json.loads((CORPUS_DIR / "treaties" / "instruments.json").read_text(encoding="utf-8"))
    assert all("participation_complete" in item for item in raw)
    cyber = db.get_treaty(store, "XVIII-16")
    assert cyber.adopted == "2024-12-24" and cyber.participation_complete is None
    assert db.participants(store, "XVIII-16") == []
    assert "XVIII-16" in _ids(applicable(store, "FRA", "BRA", "mla", "2026-01-01").unknown)


# -- real UN Treaty Collection status pages ------------------------------------------------------------


def _untc(shared_data):
    folder = shared_data / "untc"
    if not folder.is_dir():
        pytest.skip("../shared/data/untc is not present")
    return folder, {e["treaty_id"]: e for e in json.loads((folder / "index.json").read_text(encoding="utf-8"))}


def _as_tsv(text: str) -> str:
    """The page as a browser's copy gives it: tabs between the cells."""
    return re.sub(r" \| ", "\t", text)


def _as_html(text: str) -> str:
    """The page as saved from the site: headings, a table with <sup> footnotes, paragraphs."""
    out, rows = ["<html><head><title>UNTC</title></head><body>"], []
    for line in text.splitlines():
        if " | " in line:
            cells = line.split(" | ")
            cells[0] = re.sub(r"^(.*?[A-Za-z)])([\d,]+)$", r"\1<sup>\2</sup>", cells[0])  # footnotes on names
            tag = "th" if not rows else "td"
            rows.append("<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>")
            continue
        if rows:
            out.append("<table>" + "\n".join(rows) + "</table>")
            rows = []
        if line.strip() and line.strip() != "---":
            tag = "h2" if line.isupper() else "p"
            out.append(f"<{tag}>{line.replace('&', '&amp;').replace('<', '&lt;')}</{tag}>")
    if rows:
        out.append("<table>" + "\n".join(rows) + "</table>")
    return "\n".join(out) + "</body></html>"


@pytest.mark.shared_data
def test_every_real_status_page_imports_with_its_participants(shared_data, tmp_path):
    folder, index = _untc(shared_data)
    store = Store(tmp_path / "store.sqlite3")
    pages = sorted(folder.glob("*.txt"))
    assert len(pages) == 14
    checked = 0
    for page in pages:
        tid, meta = page.stem, index[page.stem]
        db.save_treaty(store, Treaty(id=tid, kind="multilateral", titles={"en": meta["title"]},
                                     entry_into_force=None, source=meta["url"]))
        as_of = meta["_fetched_at"][:10]
        rep = import_status_table(store, page, tid, as_of=as_of)
        assert rep.errors == [], (tid, rep.errors[:3])
        has_table = "Participant" in page.read_text(encoding="utf-8")
        count = len(db.participants(store, tid))
        if not has_table:
            assert count == 0 and rep.skipped, tid  # every line said why it was not kept
            if tid == "I-4":  # declarations without a participants table: reported, with their States
                assert any("68 declaration(s) of 67 State(s)" in n and "AUS" in n for n in rep.notes), rep.notes
            continue
        assert db.get_treaty(store, tid).participation_complete == as_of, tid
        if meta["parties_count"]:
            assert count == int(meta["parties_count"]), (tid, count, meta["parties_count"])
            checked += 1
    assert checked == 6  # I-1, I-5-a, I-5-b, I-5-c, II-1, III-2
    # Kinds from the column and the letter; names the UN writes, footnotes stripped.
    ii1 = {p.state: p for p in db.participants(store, "II-1")}
    assert ii1["NLD"].action_kind == "accession" and ii1["NLD"].action_date == "1971-06-09"
    iii2 = {p.state: p for p in db.participants(store, "III-2")}
    assert iii2["ATG"].action_kind == "succession" and iii2["BHS"].action_kind == "succession"
    assert iii2["ALB"].action_kind == "accession"
    i1 = {p.state: p for p in db.participants(store, "I-1")}
    assert {"BLR", "BOL", "CHN", "IRN", "NLD", "TUR", "VEN", "GBR"} <= set(i1)
    assert i1["BLR"].action_kind == "ratification" and i1["BLR"].action_date == "1945-10-24"
    assert {p.action_kind for p in db.participants(store, "III-2-1")} == {"application"}
    # The declarations section, into declarations per State.
    fra = iii2["FRA"].declarations
    assert [d.kind for d in fra] == ["reservation"] and "section 32" in fra[0].text
    assert {d.kind for d in iii2["NLD"].declarations} == {"objection"}
    assert not iii2["BHR"].declarations  # only footnote references: skipped, and said so
    # I-4 glues footnote numbers to the dates of the declarations ("Barbados7 1 August 1980"): every date read
    # is a real day, and each State's text starts where its name is, even after a heading without a full stop.
    icj = parse_page((folder / "I-4.txt").read_text(encoding="utf-8")).declarations
    dates = [m[1] for d in icj if (m := re.match(r"\((\d{1,2} \w+ \d{4})\)", d.text))]
    assert len(dates) > 50 and all(parse_date(x) for x in dates)
    assert icj[0].state == "AUS" and "Government of Australia" in icj[0].text[:80]
    store.close()


@pytest.mark.shared_data
def test_a_real_page_reads_the_same_as_html_and_as_copied_text(shared_data):
    folder, _ = _untc(shared_data)
    for name in ("I-1", "II-1", "III-2"):
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        piped = parse_page(text)
        for other in (parse_page(_as_tsv(text)), parse_page(_as_html(text))):
            assert [(r.state, r.action_date, r.action_kind) for r in other.rows] == [
                (r.state, r.action_date, r.action_kind) for r in piped.rows], name
            assert [(d.state, d.kind) for d in other.declarations] == [(d.state, d.kind) for d in piped.declarations]
            assert not [s for s in other.skipped if s.rejected], name


def test_historical_and_territorial_entries_are_reported_not_dropped(store, tmp_path):
    f = tmp_path / "page.txt"
    f.write_text("Participant | Ratification\nCzechoslovakia1 | 12 Jan 1950\nHong Kong, China | 1 Jul 1997\n"
                 "Chile | 5 Apr 1950\nRuritania | 1 Jan 1950\n", encoding="utf-8")
    rep = import_status_table(store, f, "XVIII-12", as_of="2026-01-01")
    assert rep.imported == 1
    assert [e.line for e in rep.errors] == [5] and "Ruritania" in rep.errors[0].reason
    assert any("Czechoslovakia" in n and "historical" in n for n in rep.notes)
    assert any("Hong Kong" in n and "territorial" in n for n in rep.notes)
    # A rejected row: the page is not taken as complete.
    assert db.get_treaty(store, "XVIII-12").participation_complete is None


def test_removing_rows_declarations_and_treaties(store):
    assert db.delete_declarations(store, "XVIII-12", "CHN") > 0
    assert {p.state: p for p in db.participants(store, "XVIII-12")}["CHN"].declarations == []
    assert db.delete_participation(store, "XVIII-12", "CHN") and not db.delete_participation(store, "XVIII-12", "CHN")
    db.delete_treaty(store, "BIL-GBR-USA-EXT-2003")
    assert not db.has_treaty(store, "BIL-GBR-USA-EXT-2003")
    assert applicable(store, "GBR", "USA", "extradition", "2024-01-01").instruments == []
    auth = db.find_authorities(store, country="BRA")[0]
    assert db.delete_authority(store, auth.id) and auth.id not in [a.id for a in db.find_authorities(store)]


SAVED_PAGE = """<html><head><title>UNTC</title><script>var x = "<tr><td>France</td></tr>";</script></head><body>
<table class="layout"><tr><td>
<div>Status as at : 27-03-2026 05:00:14 EDT</div>
<h3>PARTICIPANTS</h3>
<table id="ctl00_ContentPlaceHolder1_tblgrid" class="table">
<tr class="tableheader"><td>Participant<sup><a href="#1">1</a></sup></td><td>Signature</td>
<td>Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)</td></tr>
<tr><td>Afghanistan</td><td>&nbsp;</td><td>24&nbsp;Sep&nbsp;2003 a</td></tr>
<tr><td>France<sup><a href="#2">2</a></sup></td><td>12 Dec 2000</td><td>29 Oct 2002</td></tr>
<tr><td>Germany</td><td>12 Dec 2000</td><td>14 Jun 2006</td></tr>
</table>
<h3>DECLARATIONS AND RESERVATIONS</h3>
<p>(Unless otherwise indicated, the declarations were made upon ratification.)</p>
<p>France</p><p>Reservation:</p><p>"In accordance with article 35 (3), France does not consider itself bound."</p>
<p>Germany</p><p>Declaration:</p><p>"The Federal Republic of Germany declares that ..."</p>
<h3>NOTES</h3><p>1 See the front matter.</p>
</td></tr></table></body></html>
"""


def test_a_page_saved_from_the_site_with_its_layout(store, tmp_path):
    f = tmp_path / "XVIII-12.html"
    f.write_text(SAVED_PAGE, encoding="utf-8")
    rep = import_file(store, f, treaty_id="XVIII-12")  # no --as-of: the page's own "Status as at"
    assert rep.imported == 3 and rep.errors == []
    rows = {p.state: p for p in db.participants(store, "XVIII-12")}
    assert set(rows) == {"AFG", "FRA", "DEU"} and rows["AFG"].as_of == "2026-03-27"
    assert (rows["AFG"].signature, rows["AFG"].action_date, rows["AFG"].action_kind) == (None, "2003-09-24",
                                                                                         "accession")
    assert [(d.kind, "35 (3)" in d.text) for d in rows["FRA"].declarations] == [("reservation", True)]
    assert [d.kind for d in rows["DEU"].declarations] == ["declaration"]
    assert db.get_treaty(store, "XVIII-12").participation_complete == "2026-03-27"
    assert any("NOTES" in s.reason for s in rep.skipped)


def test_a_complete_list_says_nothing_of_dates_after_its_own(store, tmp_path):
    page = tmp_path / "XVIII-12.txt"
    page.write_text(UNTOC_PAGE.replace("Germany3 | 12 Dec 2000 | 14 Jun 2006\n", ""), encoding="utf-8")
    import_status_table(store, page, "XVIII-12", as_of="2020-01-01")
    on_its_date = applicable(store, "FRA", "DEU", form="mla", date="2019-06-01")
    assert "XVIII-12" not in _ids(on_its_date.unknown)  # Germany absent from the list as of 2020: not a party
    later = applicable(store, "FRA", "DEU", form="mla", date="2026-06-01")
    untoc = {u.treaty.id: u for u in later.unknown}["XVIII-12"]  # it may have joined since
    deu = {e.state: e for e in untoc.evidence}["DEU"]
    assert deu.status == "unknown" and "complete as of 2020-01-01" in deu.detail
    assert not later.conclusive and "No treaty applies" not in later.message and later.reciprocity == ""


def test_a_deposit_without_an_entry_into_force_date_is_not_a_conclusion(store):
    t = db.get_treaty(store, "XVIII-12")
    for p in db.participants(store, "XVIII-12"):
        p.entry_into_force = None  # deposited, but no rule to compute when it binds
        db.save_participation(store, p)
    t.eif_rule, t.entry_into_force = "", None
    db.save_treaty(store, t)
    r = applicable(store, "FRA", "BRA", form="mla", date="2024-05-01")
    assert "XVIII-12" in _ids(r.unknown) and "XVIII-12" not in _ids(r.pending)


def test_a_bilateral_treaty_missing_a_row_is_unknown_not_a_non_party(store):
    assert "BIL-GBR-USA-EXT-2003" in _ids(applicable(store, "GBR", "USA", form="extradition",
                                                       date="2024-05-01").instruments)
    db.delete_participation(store, "BIL-GBR-USA-EXT-2003", "USA")
    r = applicable(store, "GBR", "USA", form="extradition", date="2024-05-01")
    assert "BIL-GBR-USA-EXT-2003" in _ids(r.unknown) and not r.conclusive


def test_a_page_without_a_date_is_not_taken_as_complete(store, tmp_path):
    page = tmp_path / "XVIII-12.txt"
    page.write_text(UNTOC_PAGE, encoding="utf-8")
    rep = import_status_table(store, page, "XVIII-12")  # neither the page nor the user gives its date
    assert db.get_treaty(store, "XVIII-12").participation_complete is None
    assert any("gives no date" in n for n in rep.notes)
    assert "CHN" in {p.state for p in db.participants(store, "XVIII-12")}  # nothing removed


def test_a_complete_page_keeps_a_newer_row_and_says_so(store, tmp_path):
    from index.treaties.models import Participation

    db.save_participation(store, Participation(treaty_id="XVIII-12", state="NZL", action_date="2026-05-01",
                                               source="entered by an editor", as_of="2026-06-01"))
    page = tmp_path / "XVIII-12.txt"
    page.write_text(UNTOC_PAGE, encoding="utf-8")
    rep = import_status_table(store, page, "XVIII-12", as_of="2026-03-27")
    assert "NZL" in {p.state for p in db.participants(store, "XVIII-12")}
    assert any(n.startswith("NZL: not on the page, but its row") for n in rep.notes)
