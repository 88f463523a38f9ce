"""Treaty records, importers and the finder, on a real SQLite store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corpus import CORPUS_DIR
from index.errors import BadRequest, SherlocError
from index.models import Classification, DocumentRecord, Provision
from index.store import Store, assign_provision_ids
from index.treaties import db, load_bundled
from index.treaties.finder import applicable
from index.treaties.importers import (
    ImportFailed,
    import_authorities_csv,
    import_bilateral_csv,
    import_file,
    import_instruments_json,
    import_participation_csv,
    import_status_table,
)
from index.treaties.models import Participation, Treaty, apply_eif_rule, apply_period, parse_date


@pytest.fixture()
def store(tmp_path) -> Store:
    s = Store(tmp_path / "store.sqlite3")
    load_bundled(s)
    return s


def _test_treaty(store: Store, **kw) -> Treaty:
    t = Treaty(
        id=kw.pop("id", "TEST-CONV"),
        kind=kw.pop("kind", "multilateral"),
        titles={"en": "Test Convention"},
        organisation="UN",
        forms=["extradition", "mla"],
        articles={"extradition": ["16"], "mla": ["18"]},
        adopted="2000-11-15",
        entry_into_force="2003-09-29",
        eif_rule="days:30",
        **kw,
    )
    db.save_treaty(store, t)
    return t


# -- dates ---------------------------------------------------------------------------


def test_parse_date_reads_un_and_iso_forms():
    assert parse_date("24 Oct 1945") == "1945-10-24"
    assert parse_date("12 December 2000") == "2000-12-12"
    assert parse_date("2004-01-29") == "2004-01-29"
    assert parse_date("  ") is None
    with pytest.raises(ValueError, match="not a date"):
        parse_date("31 Feb 2001")
    with pytest.raises(ValueError, match="not a date"):
        parse_date("sometime in 2001")


def test_entry_into_force_rules():
    # UNTOC: a State depositing before the Convention's own entry into force is bound from that date ...
    assert apply_eif_rule("days:30", "2002-10-29", "2003-09-29") == "2003-09-29"
    # ... and afterwards on the thirtieth day after its deposit.
    assert apply_eif_rule("days:30", "2004-01-29", "2003-09-29") == "2004-02-28"
    # Budapest Convention: first day of the month after three months from deposit.
    assert apply_eif_rule("month-after:3", "2006-09-29", "2004-07-01") == "2007-01-01"
    assert apply_eif_rule("month-after:3", "2022-11-30", "2004-07-01") == "2023-03-01"
    assert apply_eif_rule("", "2022-11-30", None) is None
    # The treaty's own entry into force unknown: a State's date cannot be computed.
    assert apply_eif_rule("days:30", "1994-01-01", None) is None


def test_denunciation_periods():
    assert apply_period("months:12", "2019-05-01") == "2020-05-01"  # UNTOC art. 40(1)
    assert apply_period("months:6", "2023-08-31") == "2024-02-29"  # a day the month lacks: its last
    assert apply_period("month-after:3", "2022-11-30") == "2023-03-01"  # Budapest Convention art. 47(2)
    assert apply_period("", "2019-05-01") is None and apply_period("weeks:2", "2019-05-01") is None


def test_denunciation_takes_effect_by_the_treatys_rule(store, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("treaty_id,state,action_date,denunciation\nXVIII-12,VEN,2002-05-13,2025-03-03\n", encoding="utf-8")
    rep = import_file(store, f)
    ven = {p.state: p for p in db.participants(store, "XVIII-12")}["VEN"]
    # One year after the notification is received, not on the day it is made.
    assert ven.denunciation_effective == "2026-03-03" and not rep.notes
    assert "XVIII-12" in [i.treaty.id for i in applicable(store, "FRA", "VEN", "mla", "2026-03-02").instruments]
    assert "XVIII-12" not in [i.treaty.id for i in applicable(store, "FRA", "VEN", "mla", "2026-03-03").instruments]


def test_denunciation_without_a_rule_is_reported(store, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("treaty_id,state,action_date,entry_into_force,denunciation\n"
                 "ECOWAS-A-P1-7-92,SEN,1994-05-02,1995-01-01,2020-01-01\n", encoding="utf-8")
    rep = import_file(store, f)
    assert {p.state: p for p in db.participants(store, "ECOWAS-A-P1-7-92")}["SEN"].denunciation_effective is None
    assert any("SEN" in n and "no denunciation rule" in n for n in rep.notes)


# -- bundled data ---------------------------------------------------------------------


def test_bundled_data_loads_idempotently_with_sources(store):
    before = {
        t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("treaties", "treaty_participation", "treaty_declarations", "treaty_authorities")
    }
    assert before["treaties"] >= 11 and before["treaty_participation"] >= 10
    reports = load_bundled(store)
    assert all(not r.errors for r in reports), [str(e) for r in reports for e in r.errors]
    after = {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in before}
    assert after == before
    ids = {t.id for t in db.list_treaties(store)}
    assert {"XVIII-12", "XVIII-12-a", "XVIII-12-b", "XVIII-12-c", "XVIII-14", "VI-19"} <= ids
    assert {"COE-ETS-024", "COE-ETS-030", "COE-ETS-185"} <= ids
    untoc = {p.state: p for p in db.participants(store, "XVIII-12")}
    assert untoc["FRA"].action_date == "2002-10-29" and untoc["FRA"].entry_into_force == "2003-09-29"
    assert untoc["BRA"].entry_into_force == "2004-02-28" and untoc["BRA"].eif_computed
    for p in untoc.values():
        assert p.source and p.as_of, p
    assert all(a.sample and a.email.endswith("example.org") for a in db.find_authorities(store))


def test_treaty_titles_in_six_languages(store):
    for t in db.list_treaties(store):
        # XVIII-16 is bundled with facts we are sure of: its English title only.
        if t.kind != "bilateral" and t.id != "XVIII-16":
            assert set(t.titles) == {"ar", "en", "es", "fr", "ru", "zh"}, t.id


# -- the finder ---------------------------------------------------------------------


def test_finder_orders_un_then_regional_then_bilateral(store):
    r = applicable(store, "FRA", "BRA", form="mla", date="2024-05-01")
    ids = [i.treaty.id for i in r.instruments]
    # The Convention, its Protocols right after it (they apply its article 18 mutatis mutandis),
    # then the other UN instruments, then regional, then bilateral (UN ones by their UNTC number: VI before XVIII).
    assert ids[:5] == ["VI-19", "XVIII-12", "XVIII-12-a", "XVIII-12-b", "XVIII-14"]
    assert ids.index("COE-ETS-185") < ids.index("SAMPLE-BIL-BRA-FRA-MLA")
    assert r.instruments[2].articles[0].borrowed
    untoc = r.instruments[1]
    assert [(a.form, a.number) for a in untoc.articles] == [("mla", "18")]
    assert untoc.parties["FRA"].entry_into_force == "2003-09-29"
    assert untoc.parties["BRA"].entry_into_force == "2004-02-28"
    # The bundled participation is a sample: the other instruments are unknown for these States, and said so.
    assert r.requested_name and r.message.startswith("The participation of") and not r.conclusive
    assert r.authorities and all(a.country == "BRA" for a in r.authorities)


def test_deposit_before_entry_into_force_is_not_yet_binding(store):
    # Brazil deposited on 29 Jan 2004: bound only from 28 Feb 2004.
    early = applicable(store, "FRA", "BRA", form="extradition", date="2004-02-10")
    assert "XVIII-12" not in [i.treaty.id for i in early.instruments]
    pending = {p.treaty.id: p for p in early.pending}
    assert "in force from 2004-02-28" in pending["XVIII-12"].statuses["BRA"]
    late = applicable(store, "FRA", "BRA", form="extradition", date="2004-02-28")
    assert "XVIII-12" in [i.treaty.id for i in late.instruments]


def test_signed_but_not_ratified_and_denounced(store):
    _test_treaty(store)
    fra = Participation("TEST-CONV", "FRA", action_date="2002-01-01", entry_into_force="2003-09-29")
    db.save_participation(store, fra)
    db.save_participation(store, Participation("TEST-CONV", "DEU", signature="2000-12-12"))
    db.save_participation(
        store,
        Participation(
            "TEST-CONV",
            "ITA",
            action_date="2002-01-01",
            entry_into_force="2003-09-29",
            denunciation="2019-05-01",
            denunciation_effective="2020-05-01",
        ),
    )
    r = applicable(store, "FRA", "DEU", form="extradition", date="2024-01-01")
    assert "TEST-CONV" not in [i.treaty.id for i in r.instruments]
    assert {p.treaty.id: p.statuses["DEU"] for p in r.pending}["TEST-CONV"] == "signed, not ratified"
    # Other instruments are unknown for Germany in the sample data: no conclusion, no reciprocity.
    assert r.unknown and not r.reciprocity and "reciprocity" not in r.message
    before = applicable(store, "FRA", "ITA", form="extradition", date="2020-04-30")
    assert "TEST-CONV" in [i.treaty.id for i in before.instruments]
    after = applicable(store, "FRA", "ITA", form="extradition", date="2020-05-01")
    assert "TEST-CONV" not in [i.treaty.id for i in after.instruments]
    assert "denounced" in {p.treaty.id: p.statuses["ITA"] for p in after.pending}["TEST-CONV"]


def test_state_not_taking_convention_as_extradition_basis(store, tmp_path):
    csv = tmp_path / "flags.csv"
    csv.write_text(
        "treaty_id,state,action_date,action_kind,extradition_basis,central_authority,mla_languages\n"
        "XVIII-12,ARG,2002-11-19,ratification,no,Ministry of Foreign Affairs (test),Spanish\n",
        encoding="utf-8",
    )
    decl = tmp_path / "decl.csv"
    decl.write_text(
        "treaty_id,state,kind,article,forms,text\n"
        'XVIII-12,ARG,declaration,16(5),extradition,"Test: will not take the Convention as the legal basis."\n',
        encoding="utf-8",
    )
    assert import_participation_csv(store, csv).imported == 1
    assert import_participation_csv(store, decl).imported == 1
    ext = applicable(store, "FRA", "ARG", form="extradition", date="2024-01-01")
    untoc = next(i for i in ext.instruments if i.treaty.id == "XVIII-12")
    assert untoc.usable is False
    assert any("legal basis for extradition" in w for w in untoc.warnings)
    assert [d.article for d in untoc.declarations] == ["16(5)"]
    assert "cannot serve as the legal basis" in ext.message
    mla = applicable(store, "FRA", "ARG", form="mla", date="2024-01-01")
    untoc = next(i for i in mla.instruments if i.treaty.id == "XVIII-12")
    assert untoc.usable and untoc.declarations == []
    assert any("Spanish" in n for n in untoc.notes)


def test_pair_bound_only_by_bilateral(store, tmp_path):
    f = tmp_path / "bil.csv"
    f.write_text(
        "id,title,parties,signed,in_force,terminated,forms,articles,source,as_of\n"
        "BIL-TEST,Test extradition treaty,Chile;Japan,1990-01-01,1991-06-01,,extradition,extradition:1,"
        "test,2024-01-01\n"
        "BIL-BAD,Broken,Chile,1990-01-01,,,extradition,,test,2024-01-01\n"
        "BIL-BAD2,Broken,Chile;Atlantis,1990-01-01,,,extradition,,test,2024-01-01\n",
        encoding="utf-8",
    )
    rep = import_bilateral_csv(store, f)
    assert rep.imported == 1
    assert [e.line for e in rep.errors] == [3, 4]
    assert "Atlantis" in rep.errors[1].reason
    r = applicable(store, "CHL", "JPN", form="extradition", date="2024-01-01")
    assert [i.treaty.id for i in r.instruments] == ["BIL-TEST"]
    assert r.instruments[0].parties["JPN"].entry_into_force == "1991-06-01"
    assert applicable(store, "CHL", "JPN", form="extradition", date="1991-05-31").instruments == []
    # The bundled US-UK treaty is the only instrument for that pair in the sample data.
    assert [i.treaty.id for i in applicable(store, "GBR", "USA", "extradition", "2024-01-01").instruments] == [
        "BIL-GBR-USA-EXT-2003"
    ]


def test_pair_bound_by_nothing_points_to_domestic_law(store):
    law = DocumentRecord(
        id="NZL-EXTRADITION-TEST",
        type="legislation",
        title="Extradition Act (test)",
        country="NZL",
        languages=["en"],
        date="1999-01-01",
        provisions=[Provision("Section 3", "Extradition is granted ...", "en", 0, number="3", kind="section")],
    )
    law.classifications = [Classification("issue", "extradition")]
    case = DocumentRecord(
        id="NZL-CASE-TEST",
        type="case",
        title="R v Test (extradition)",
        country="NZL",
        languages=["en"],
        date="2010-01-01",
        provisions=[Provision("Facts", "The appellant resisted extradition ...", "en", 0, kind="section")],
        classifications=[Classification("issue", "extradition")],
    )
    store.put_document(law)
    store.put_document(case)
    r = applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01")
    assert r.instruments == [] and r.unknown and not r.reciprocity
    # Once every instrument's participation is complete (neither State is listed), no treaty applies.
    for t in db.list_treaties(store):
        if t.kind != "bilateral":
            db.set_completeness(store, t.id, "2026-03-27", "test: complete lists")
    r = applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01")
    assert r.instruments == [] and r.unknown == [] and r.conclusive
    assert r.message.startswith("No treaty applies") and "reciprocity" in r.reciprocity
    assert [d.document_id for d in r.domestic] == ["NZL-EXTRADITION-TEST"]
    assert [(c.document_id, c.match) for c in r.cases] == [("NZL-CASE-TEST", "country and issue")]
    # MLA is another issue: the extradition act is not offered for it.
    assert applicable(store, "CHN", "NZL", form="mla", date="2024-01-01").domestic == []


def _ids(instruments) -> list[str]:
    return [i.treaty.id for i in instruments]


def test_offence_outside_an_instruments_scope_makes_it_unusable_and_last(store):
    # France and Brazil are both bound by the Convention, its three Protocols, UNCAC and the Cybercrime Convention.
    r = applicable(store, "FRA", "BRA", form="extradition", date="2024-01-01", offence="trafficking-in-persons")
    scope = {i.treaty.id: (i.offence_scope, i.usable) for i in r.instruments}
    assert scope["XVIII-12"] == ("conditional", True)  # serious crime, transnational, organized criminal group
    assert scope["XVIII-12-a"] == ("in-scope", True)  # the Trafficking Protocol, with the Convention's art. 16
    assert scope["XVIII-12-b"] == ("outside", False)  # smuggling of migrants is another offence
    assert scope["XVIII-14"] == ("outside", False)
    assert scope["COE-ETS-185"] == ("outside", False)
    # those that can be the basis come first, in the usual order (UN, then regional)
    assert _ids(r.instruments)[:2] == ["XVIII-12", "XVIII-12-a"]
    assert all(not i.usable for i in r.instruments[2:])
    tip = next(i for i in r.instruments if i.treaty.id == "XVIII-12-a")
    assert "art. 5" in tip.offence_note and [a.label for a in tip.articles] == ["Article 16"]
    som = next(i for i in r.instruments if i.treaty.id == "XVIII-12-b")
    assert any("outside the scope" in w for w in som.warnings)
    untoc = next(i for i in r.instruments if i.treaty.id == "XVIII-12")
    assert "four years" in untoc.offence_note and "organized criminal group" in untoc.offence_note
    assert r.to_dict()["offence_label"] == "Trafficking in persons"
    # Without an offence nothing is judged: the same instruments, none set aside.
    plain = applicable(store, "FRA", "BRA", form="extradition", date="2024-01-01")
    assert sorted(_ids(plain.instruments)) == sorted(_ids(r.instruments))
    assert all(i.usable and i.offence_scope == "" for i in plain.instruments)


def test_offence_scope_depends_on_the_form(store):
    # The Cybercrime Convention: extradition only for its own offences (art. 24); mutual assistance also for
    # electronic evidence of any offence (art. 25(1)).
    def cyber(form, offence):
        r = applicable(store, "FRA", "BRA", form=form, date="2024-01-01", offence=offence)
        return next((i.offence_scope, i.usable) for i in r.instruments if i.treaty.id == "COE-ETS-185")

    assert cyber("extradition", "cybercrime") == ("in-scope", True)
    assert cyber("extradition", "drug-offences") == ("outside", False)
    assert cyber("mla", "drug-offences") == ("conditional", True)
    # no form: every form's condition is said, by form
    r = applicable(store, "FRA", "BRA", date="2024-01-01", offence="drug-offences")
    budapest = next(i for i in r.instruments if i.treaty.id == "COE-ETS-185")
    assert budapest.offence_scope == "conditional" and budapest.offence_note.startswith("Mutual legal assistance: ")


def test_a_treaty_without_a_recorded_scope_is_not_judged(store):
    # The bundled bilateral France-Brazil treaty has no scope recorded: it stays usable, marked "unknown".
    r = applicable(store, "FRA", "BRA", form="mla", date="2024-01-01", offence="corruption")
    bilateral = next(i for i in r.instruments if i.treaty.kind == "bilateral")
    assert (bilateral.offence_scope, bilateral.usable) == ("unknown", True)
    uncac = next(i for i in r.instruments if i.treaty.id == "XVIII-14")
    assert uncac.offence_scope == "in-scope" and "15-22" in uncac.offence_note


def test_bilateral_treaty_scope_from_csv(store, tmp_path):
    f = tmp_path / "bil.csv"
    f.write_text(
        "id,title,parties,signed,in_force,forms,offences,other_offences\n"
        "BIL-LIST,Treaty listing offences,Chile;Japan,1990-01-01,1991-06-01,extradition,"
        "drug-offences:art. 2(a);terrorism,\n"
        "BIL-BAD,Bad offence,Chile;Peru,1990-01-01,1991-06-01,extradition,drugs,\n",
        encoding="utf-8",
    )
    rep = import_bilateral_csv(store, f)
    assert rep.imported == 1 and [e.line for e in rep.errors] == [3]
    assert "unknown crime type(s) 'drugs'" in rep.errors[0].reason
    assert db.get_treaty(store, "BIL-LIST").offences == {"drug-offences": "art. 2(a)", "terrorism": ""}

    def scope(a, b, offence):
        return [(i.offence_scope, i.offence_note) for i in applicable(store, a, b, "extradition", "2024-01-01",
                                                                      offence).instruments]

    assert scope("CHL", "JPN", "drug-offences") == [("in-scope", "art. 2(a)")]
    assert scope("CHL", "JPN", "corruption") == [("outside", "")]
    # The bundled US-UK treaty covers any offence on its dual-criminality and penalty condition.
    [(status, note)] = scope("GBR", "USA", "cybercrime")
    assert status == "conditional" and "at least one year" in note and "art. 2(1)" in note


def test_no_instrument_covers_the_offence(store, tmp_path):
    _test_treaty(store, id="TIP-ONLY", offences={"trafficking-in-persons": "art. 3"})
    for state in ("CHN", "NZL"):
        db.save_participation(store, Participation("TIP-ONLY", state, action_date="2005-01-01",
                                                   action_kind="ratification", entry_into_force="2005-02-01"))
    r = applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01", offence="cybercrime")
    assert _ids(r.instruments) == ["TIP-ONLY"] and not r.instruments[0].usable
    assert "cannot serve as the legal basis for extradition about cybercrime" in r.message
    r = applicable(store, "CHN", "NZL", date="2024-01-01", offence="cybercrime")
    assert "legal basis for cooperation about cybercrime" in r.message


def test_offence_brings_the_requested_states_law_on_it_and_its_cases(store):
    code = DocumentRecord(
        id="NZL-CRIMES-TEST", type="legislation", title="Crimes Act (test)", country="NZL", languages=["en"],
        date="1961-01-01",
        provisions=[Provision("Section 98D", "Trafficking in persons ...", "en", 0, number="98D", kind="section"),
                    Provision("Section 99", "Bribery of judicial officer ...", "en", 1, number="99", kind="section")],
    )
    assign_provision_ids(code)
    pid = code.provisions[0].id
    code.classifications = [Classification("crime", "trafficking-in-persons", provision_id=pid)]
    other = DocumentRecord(
        id="NZL-DRUGS-TEST", type="legislation", title="Misuse of Drugs Act (test)", country="NZL", languages=["en"],
        date="1975-01-01", provisions=[Provision("Section 6", "Dealing ...", "en", 0, number="6", kind="section")],
        classifications=[Classification("crime", "drug-offences")],
    )
    case_here = DocumentRecord(
        id="NZL-TIP-CASE", type="case", title="R v Trafficker (test)", country="NZL", languages=["en"],
        date="2016-01-01", provisions=[Provision("Facts", "...", "en", 0, kind="section")],
        classifications=[Classification("crime", "trafficking-in-persons")],
    )
    case_abroad = DocumentRecord(
        id="AUS-TIP-CASE", type="case", title="The Queen v Other (test)", country="AUS", languages=["en"],
        date="2018-01-01", provisions=[Provision("Facts", "...", "en", 0, kind="section")],
        classifications=[Classification("crime", "trafficking-in-persons")],
    )
    for doc in (code, other, case_here, case_abroad):
        store.put_document(doc)
    r = applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01", offence="trafficking-in-persons")
    assert [d.document_id for d in r.offence_law] == ["NZL-CRIMES-TEST"]
    assert [p["id"] for p in r.offence_law[0].provisions] == [pid]  # the provision on the offence, not the others
    assert [(c.document_id, c.match) for c in r.cases] == [
        ("NZL-TIP-CASE", "country and offence"), ("AUS-TIP-CASE", "offence")]
    assert applicable(store, "CHN", "NZL", form="extradition", date="2024-01-01").offence_law == []


def test_unknown_offence_is_a_clear_error(store):
    with pytest.raises(BadRequest, match="unknown offence 'drugs'.*drug-offences"):
        applicable(store, "FRA", "BRA", offence="drugs")


def test_instrument_scope_must_name_taxonomy_crimes_and_forms(store, tmp_path):
    bad = tmp_path / "instruments.json"
    bad.write_text(json.dumps([
        {"id": "X-1", "kind": "multilateral", "titles": {"en": "One"}, "offences": {"drugs": "art. 3"}},
        {"id": "X-2", "kind": "multilateral", "titles": {"en": "Two"}, "other_offences": {"telepathy": "always"}},
        {"id": "X-3", "kind": "multilateral", "titles": {"en": "Three"}, "offences": {"drug-offences": "art. 3"},
         "other_offences": {"mla": "any offence"}},
    ]))
    report = import_instruments_json(store, bad)
    assert report.imported == 1
    assert ["unknown crime type(s) 'drugs'" in e.reason for e in report.errors] == [True, False]
    assert "unknown form(s) 'telepathy'" in report.errors[1].reason
    t = db.get_treaty(store, "X-3")
    assert t.offences == {"drug-offences": "art. 3"} and t.other_offences == {"mla": "any offence"}


def test_articles_link_to_stored_provisions_in_every_language(store):
    for doc_id, lang in (("XVIII-12", "en"), ("XVIII-12-FR", "fr")):
        store.put_document(
            DocumentRecord(
                id=doc_id,
                type="treaty",
                title="UNTOC",
                country="UN",
                languages=[lang],
                metadata={"treaty_id": "XVIII-12"},
                provisions=[Provision("Article 16", "...", lang, 0, number="16")],
            )
        )
    r = applicable(store, "FRA", "BRA", form="extradition", date="2024-01-01")
    art = next(i for i in r.instruments if i.treaty.id == "XVIII-12").articles[0]
    assert art.provision_id == "XVIII-12/art-16"
    assert art.translations == {"en": "XVIII-12/art-16", "fr": "XVIII-12-FR/art-16"}
    uncac = next(i for i in r.instruments if i.treaty.id == "XVIII-14").articles[0]
    assert uncac.provision_id is None and uncac.number == "44"


def test_protocol_borrows_the_conventions_articles(store):
    for tid in ("XVIII-12", "XVIII-12-a"):
        for st in ("FRA", "BRA"):
            p = Participation(tid, st, action_date="2004-01-29", entry_into_force="2004-02-28")
            db.save_participation(store, p)
    r = applicable(store, "FRA", "BRA", form="extradition", date="2024-01-01")
    ids = [i.treaty.id for i in r.instruments]
    assert ids.index("XVIII-12") + 1 == ids.index("XVIII-12-a")
    tip = r.instruments[ids.index("XVIII-12-a")]
    assert [(a.treaty_id, a.number, a.borrowed) for a in tip.articles] == [("XVIII-12", "16", True)]


def test_unknown_states_form_and_date_are_clear_errors(store):
    with pytest.raises(SherlocError, match="unknown requesting State 'ZZZ'"):
        applicable(store, "ZZZ", "BRA")
    with pytest.raises(BadRequest, match="unknown requested State 'Atlantis'"):
        applicable(store, "FRA", "Atlantis")
    with pytest.raises(BadRequest, match="unknown form"):
        applicable(store, "FRA", "BRA", form="teleportation")
    with pytest.raises(BadRequest, match="bad date"):
        applicable(store, "FRA", "BRA", date="01/02/2024")
    with pytest.raises(BadRequest, match="same"):
        applicable(store, "FRA", "France")


# -- importers ---------------------------------------------------------------------

STATUS_TEXT = """Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), Succession(d)
Afghanistan\t\t24 Sep 2003 a
Bolivia (Plurinational State of)12\t12 Dec 2000\t10 Oct 2005
China4,7,8\t12 Dec 2000\t23 Sep 2003
Montenegro5\t\t23 Oct 2006 d
Japan\t12 Dec 2000\t
Atlantis\t12 Dec 2000\t1 Jan 2004
Peru\t14 Dec 2000\t32 Jan 2002
Chile\t13 Dec 2000\t29 Nov 2004\textra
"""

STATUS_SPACES = """Participant          Signature        Ratification, Acceptance(A), Approval(AA), Accession(a), \
Succession(d)
Afghanistan                           24 Sep 2003 a
Japan                12 Dec 2000
China4,7,8           12 Dec 2000      23 Sep 2003
Viet Nam             13 Dec 2000      8 Jun 2012
Narnia               12 Dec 2000      8 Jun 2012
"""

STATUS_HTML = """<html><body><table class="other"><tr><td>menu</td></tr></table>
<table>
<tr><th>Participant</th><th>Signature</th><th>Ratification, Acceptance(A), Approval(AA), \
Accession(a), Succession(d)</th></tr>
<tr><td>China<sup>4,7,8</sup></td><td>12 Dec 2000</td><td>23 Sep 2003</td></tr>
<tr><td>Bolivia (Plurinational State of)<sup>12</sup></td><td>12 Dec 2000</td><td>10 Oct 2005</td></tr>
<tr><td>Montenegro</td><td></td><td>23 Oct 2006 d</td></tr>
<tr><td>Ruritania</td><td>12 Dec 2000</td><td>1 Jan 2003</td></tr>
<tr><td>Peru</td><td>14 Dec 2000</td><td>next year</td></tr>
</table></body></html>
"""


def test_status_table_text_with_footnotes_and_bad_rows(store, tmp_path):
    f = tmp_path / "status.txt"
    f.write_text(STATUS_TEXT, encoding="utf-8")
    rep = import_status_table(store, f, "XVIII-12", as_of="2024-03-01", source="UNTC test copy")
    assert rep.imported == 5
    assert [e.line for e in rep.errors] == [7, 8, 9]
    assert "Atlantis" in rep.errors[0].reason and "32 Jan 2002" in rep.errors[1].reason
    assert "too many columns" in rep.errors[2].reason
    rows = {p.state: p for p in db.participants(store, "XVIII-12")}
    assert rows["AFG"].action_kind == "accession" and rows["AFG"].signature is None
    assert rows["AFG"].entry_into_force == "2003-10-24"
    assert rows["BOL"].signature == "2000-12-12" and rows["BOL"].action_date == "2005-10-10"
    # A successor State is bound from the date of succession (Montenegro: 3 June 2006), not 30 days
    # after its notification of 23 October 2006.
    assert rows["MNE"].action_kind == "succession" and rows["MNE"].entry_into_force == "2006-06-03"
    assert rows["JPN"].signature == "2000-12-12" and rows["JPN"].action_date is None
    assert rows["JPN"].entry_into_force is None
    assert rows["CHN"].source == "UNTC test copy" and rows["CHN"].as_of == "2024-03-01"
    # The flags and declarations already known for China survive the re-import.
    assert rows["CHN"].dispute_reservation is True and rows["CHN"].declarations
    # Succession: Montenegro is bound, Japan (signed only) is not.
    assert "XVIII-12" in [i.treaty.id for i in applicable(store, "FRA", "MNE", "mla", "2010-01-01").instruments]
    jp = applicable(store, "FRA", "JPN", "mla", "2010-01-01")
    assert "XVIII-12" not in [i.treaty.id for i in jp.instruments]


def test_succession_without_a_known_date_is_bound_from_its_notification(store, tmp_path):
    f = tmp_path / "status.txt"
    # Timor-Leste is not a successor State in corpus/reference: its notification's date is the
    # latest it can be bound from, and the report says so.
    f.write_text("Participant\tSignature\tRatification, Accession(a), Succession(d)\n"
                 "Timor-Leste\t\t20 Jun 2024 d\n", encoding="utf-8")
    rep = import_status_table(store, f, "XVIII-12", as_of="2024-07-01")
    tls = {p.state: p for p in db.participants(store, "XVIII-12")}["TLS"]
    assert tls.entry_into_force == "2024-06-20" and tls.eif_computed
    assert any("TLS" in n and "notification" in n for n in rep.notes)


def test_status_import_keeps_a_known_entry_into_force_it_cannot_compute(store, tmp_path):
    # The ECOWAS Convention has no entry-into-force rule here: a status table gives only the
    # deposit, so the date an earlier CSV gave must survive.
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("treaty_id,state,action_date,entry_into_force\n"
                        "ECOWAS-A-P1-7-92,SEN,1994-05-02,1995-01-01\n", encoding="utf-8")
    import_file(store, csv_file)
    table = tmp_path / "status.txt"
    table.write_text("Participant\tSignature\tRatification\nSenegal\t\t2 May 1994\n", encoding="utf-8")
    import_status_table(store, table, "ECOWAS-A-P1-7-92", as_of="2024-07-01")
    sen = {p.state: p for p in db.participants(store, "ECOWAS-A-P1-7-92")}["SEN"]
    assert sen.action_date == "1994-05-02" and sen.entry_into_force == "1995-01-01"


def test_status_table_text_with_spaces(store, tmp_path):
    f = tmp_path / "status.txt"
    f.write_text(STATUS_SPACES, encoding="utf-8")
    rep = import_file(store, f, treaty_id="XVIII-14", as_of="24 Mar 2024")
    assert rep.imported == 4 and [e.line for e in rep.errors] == [6]
    rows = {p.state: p for p in db.participants(store, "XVIII-14")}
    assert rows["AFG"].action_kind == "accession" and rows["AFG"].signature is None
    assert rows["JPN"].signature == "2000-12-12" and rows["JPN"].action_date is None
    assert rows["VNM"].action_date == "2012-06-08" and rows["VNM"].as_of == "2024-03-24"


def test_status_table_html(store, tmp_path):
    f = tmp_path / "status.html"
    f.write_text(STATUS_HTML, encoding="utf-8")
    rep = import_file(store, f, treaty_id="XVIII-12-a")
    assert rep.imported == 3
    assert [(e.line, "Ruritania" in e.reason) for e in rep.errors] == [(7, True), (8, False)]
    rows = {p.state: p for p in db.participants(store, "XVIII-12-a")}
    # The table's States are added; States it does not list (the bundled rows) are kept as they were.
    assert {"CHN", "BOL", "MNE"} <= set(rows)
    assert rows["FRA"].action_date == "2002-10-29" and "bundled sample" in rows["FRA"].source
    assert rows["CHN"].entry_into_force == "2003-12-25"  # the Protocol's own entry into force
    assert rows["MNE"].action_kind == "succession"
    assert rows["CHN"].as_of and "status.html" in rows["CHN"].source


def test_import_refuses_unreadable_files(store, tmp_path):
    with pytest.raises(ImportFailed, match="no such file"):
        import_file(store, tmp_path / "missing.txt", treaty_id="XVIII-12")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportFailed, match="empty file"):
        import_file(store, empty, treaty_id="XVIII-12")
    f = tmp_path / "s.txt"
    f.write_text(STATUS_TEXT, encoding="utf-8")
    with pytest.raises(ImportFailed, match="unknown treaty 'NOPE'"):
        import_file(store, f, treaty_id="NOPE")
    bad = tmp_path / "bad.csv"
    bad.write_text("country,name\nFRA,x\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="missing column"):
        import_file(store, bad, treaty_id="XVIII-12")


def test_participation_csv_keeps_good_rows(store, tmp_path):
    f = tmp_path / "p.csv"
    f.write_text(
        "state,signature,action_date,action_kind,denunciation,extradition_basis,source,as_of\n"
        "Peru,14 Dec 2000,2002-01-23,,,yes,Test source,2024-01-01\n"
        "Narnia,,2002-01-23,,,,,\n"
        "Chile,2000-12-13,1999-01-01,,,,,\n"
        "Kenya,,2004-06-16,a,,maybe,,\n"
        "Mexico,2000-12-13,2003-03-04,,2021-01-01,,,\n",
        encoding="utf-8",
    )
    rep = import_file(store, f, treaty_id="XVIII-12")
    assert rep.imported == 2
    assert [e.line for e in rep.errors] == [3, 4, 5]
    assert "before signature" in rep.errors[1].reason and "yes or no" in rep.errors[2].reason
    rows = {p.state: p for p in db.participants(store, "XVIII-12")}
    assert rows["PER"].extradition_basis is True and rows["PER"].source == "Test source"
    assert rows["PER"].entry_into_force == "2003-09-29" and rows["PER"].eif_computed
    assert rows["MEX"].denunciation_effective == "2022-01-01"  # art. 40(1): one year after notification


def test_authorities_csv_and_search(store, tmp_path):
    f = tmp_path / "a.csv"
    f.write_text(
        "country,form,authority,email,languages,notes\n"
        "Kenya,mla,Office of the Attorney-General (test),ag@example.org,en; sw,test entry\n"
        "Kenya,teleport,Nobody,,,\n"
        ",mla,Nameless,,,\n",
        encoding="utf-8",
    )
    rep = import_authorities_csv(store, f)
    assert rep.imported == 1 and [e.line for e in rep.errors] == [3, 4]
    assert [a.authority for a in db.find_authorities(store, country="KEN", form="mla")] == [
        "Office of the Attorney-General (test)"
    ]
    assert db.find_authorities(store, country="KEN", form="extradition") == []
    assert {a.country for a in db.find_authorities(store, q="prosecutor general")} == {"RUS"}
    # An entry for every form (USA) answers a question about any form.
    assert db.find_authorities(store, country="USA", form="joint-investigations")


# -- the bundled treaty texts ---------------------------------------------------------

TEXTS = CORPUS_DIR / "documents" / "treaties"


def _sidecars() -> list[tuple[Path, dict]]:
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(TEXTS.glob("*.meta.json"))]


def test_treaty_texts_cover_every_listed_article():
    instruments = {t["id"]: t for t in json.loads((CORPUS_DIR / "treaties" / "instruments.json").read_text())}
    sides = _sidecars()
    assert len(sides) >= 12
    assert len({s["id"] for _, s in sides}) == len(sides)
    english = set()
    for path, side in sides:
        assert side["type"] == "treaty" and side["sample"] is True
        tid = side["metadata"]["treaty_id"]
        assert tid in instruments, path
        text = path.with_name(path.name.removesuffix(".meta.json")).read_text(encoding="utf-8")
        assert len(text.split()) > 60 or side["language"] == "zh"
        if side["language"] == "en":
            english.add(tid)
            assert side["id"] == tid
            marked = set(re.findall(r"^Article (\d+)$", text, re.M))
            listed = {n for nums in instruments[tid]["articles"].values() for n in nums}
            assert listed <= marked, (tid, listed - marked)
    # Every instrument with articles recorded has its sample text (XVIII-16 has none recorded).
    assert english == {t for t, v in instruments.items() if v["kind"] != "bilateral" and v["articles"]}
    assert {s["language"] for _, s in sides if s["metadata"]["treaty_id"] == "XVIII-12"} == {
        "ar", "en", "es", "fr", "ru", "zh"
    }


def test_treaty_texts_ingest_into_provisions(tmp_path):
    pytest.importorskip("ingest.classify", reason="ingest pipeline not complete yet")
    pytest.importorskip("ingest.structure", reason="ingest pipeline not complete yet")
    from ingest.pipeline import ingest_paths

    s = Store(tmp_path / "store.sqlite3")
    report = ingest_paths([TEXTS], s, workers=1, progress=False)
    assert all(f.status != "rejected" for f in report.files), [(f.path, f.reason) for f in report.files]
    load_bundled(s)
    r = applicable(s, "FRA", "BRA", form="extradition", date="2024-01-01")
    untoc = next(i for i in r.instruments if i.treaty.id == "XVIII-12")
    assert untoc.articles[0].provision_id == "XVIII-12/art-16"
    assert set(untoc.articles[0].translations) == {"ar", "en", "es", "fr", "ru", "zh"}


def test_treaty_texts_split_into_their_articles():
    pytest.importorskip("ingest.structure", reason="ingest structure splitter not there yet")
    from ingest.readers import read_file
    from ingest.structure import split_provisions

    for path, side in _sidecars():
        text_path = path.with_name(path.name.removesuffix(".meta.json"))
        provisions = split_provisions(read_file(text_path)[0], "treaty", side["language"])
        numbers = [p.number for p in provisions if p.kind == "article"]
        written = re.findall(r"^(?:Article|Artículo|Статья|المادة) (\d+)$", text_path.read_text(encoding="utf-8"), re.M)
        if side["language"] == "zh":
            assert numbers == ["16", "18"], text_path.name
        else:
            assert numbers == written and numbers, text_path.name


def test_status_table_copied_as_utf16_with_wrapped_header(store, tmp_path):
    f = tmp_path / "status.txt"
    text = (
        "Participant\tSignature\n"
        "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)\n"
        "Côte d'Ivoire\t15 Dec 2000\t25 Oct 2012\n"
    )
    f.write_text(text, encoding="utf-16")  # with BOM, as some Windows tools save copied text
    rep = import_file(store, f, treaty_id="XVIII-12")
    assert rep.imported == 1 and rep.errors == []
    civ = {p.state: p for p in db.participants(store, "XVIII-12")}["CIV"]
    assert civ.signature == "2000-12-15" and civ.action_date == "2012-10-25"
