"""Drafting a request from the finder's answer (issue 22): only what the bundled treaty data supports is cited."""

from __future__ import annotations

import json

import pytest

from index.errors import SherlocError
from index.store import Store
from index.treaties import load_bundled
from index.treaties.request_draft import draft_request

WHEN = "2024-05-01"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "store.db")
    load_bundled(s)
    yield s
    s.close()


def _cited(draft) -> dict[str, list[str]]:
    return {x["treaty_id"]: [a["label"] for a in x["articles"]] for x in draft.legal_basis}


def test_france_to_brazil_drug_offences_cites_what_the_data_supports(store):
    d = draft_request(store, "FRA", "BRA", "evidence", WHEN, "drug-offences")
    cited = _cited(d)
    # UNTOC: both States have a deposit in the bundled rows; the paragraph on taking evidence is named.
    assert cited["XVIII-12"] == ["Article 18(3)(a)"] and d.basis == "treaty"
    assert "UNTOC (Article 18(3)(a))" in d.basis_statement
    # The 1988 Convention (UNTC VI-19 rows: France 31 Dec 1990, Brazil 17 Jul 1991, each bound on the 90th day
    # after, art. 29(2)): cited with its article on mutual legal assistance, before UNTOC.
    assert cited["VI-19"] == ["Article 7(2)(a)"] and "1988 Convention (Article 7(2)(a))" in d.basis_statement
    drugs = {e["state"]: e for e in d.legal_basis[0]["evidence"]}
    assert d.legal_basis[0]["treaty_id"] == "VI-19"
    assert (drugs["FRA"]["in_force_from"], drugs["BRA"]["in_force_from"]) == ("1991-03-31", "1991-10-15")
    assert drugs["BRA"]["source"] == "UN Treaty Collection, status of treaty VI-19"
    assert "VI-19" not in [u["treaty_id"] for u in d.to_check]
    assert not any("1988 Convention" in c for c in d.checklist)
    # UNCAC leaves drug offences out of its scope; Budapest is no basis for taking evidence.
    assert "XVIII-14" not in cited and "XVIII-14" in [x["treaty_id"] for x in d.not_usable]
    assert "COE-ETS-185" not in cited
    # Brazil's authority and languages from the directory, each with its source and date.
    assert d.authorities and d.authorities[0]["country"] == "BRA" and "DRCI" in d.authorities[0]["authority"]
    assert d.languages and d.languages[0]["languages"] == "pt; en; es" and d.languages[0]["as_of"]
    assert all(f.source and f.as_of for f in d.facts)
    assert any("sample" in c for c in d.checklist)  # the invented bilateral treaty and the sample directory entry
    # The form's required fields are unfilled, and the checklist says so.
    assert "Required: Questions to be put" in d.checklist
    json.dumps(d.to_dict())  # plain data


def test_a_pair_with_unknown_participation_is_drafted_on_reciprocity_and_says_so(store):
    d = draft_request(store, "DEU", "JPN", "documents", WHEN)
    assert d.legal_basis == [] and d.basis == "reciprocity"
    assert "reciprocity" in d.basis_statement and "unknown" in d.basis_statement
    assert {"XVIII-12", "VI-19"} <= {u["treaty_id"] for u in d.to_check}
    assert "UNTOC" not in d.basis_statement.split("(see")[0]
    assert "Participation unknown, not cited: 1988 Convention (check its status for both States)" in d.checklist
    # one State known, the other not: still not cited (Germany has no row under the 1988 Convention)
    half = draft_request(store, "FRA", "DEU", "evidence", WHEN, "drug-offences")
    assert "VI-19" not in _cited(half) and "VI-19" in [u["treaty_id"] for u in half.to_check]


def test_preservation_cites_budapest_only_for_two_parties(store):
    both = draft_request(store, "FRA", "BRA", "preservation", WHEN)
    assert _cited(both) == {"COE-ETS-185": ["Article 29"]}
    # China has no row under Budapest (list not complete): unknown, so UNTOC art. 18(3) is the basis.
    one = draft_request(store, "FRA", "CHN", "preservation", WHEN)
    assert _cited(one) == {"XVIII-12": ["Article 18(3)"]}
    assert "COE-ETS-185" in [u["treaty_id"] for u in one.to_check]
    assert any("Budapest Convention is not cited" in c for c in one.checklist)


def test_typed_values_are_kept_as_written_and_dates_checked(store):
    values = {"service_provider": "Exemple SA", "identifiers": "user@example.org\n+33 1 42 75 00 00",
              "period_from": "2024-02-30", "period_to": "2024-01-01", "facts": "Les faits, tels qu'écrits."}
    d = draft_request(store, "FRA", "BRA", "preservation", WHEN, values=values)
    by_name = {f["name"]: f for f in d.fields}
    assert by_name["facts"]["value"] == "Les faits, tels qu'écrits." and by_name["service_provider"]["required"]
    assert any("Period from: not a date" in p for p in d.problems)
    ok = draft_request(store, "FRA", "BRA", "preservation", WHEN, values={**values, "period_from": "2024-03-01"})
    assert ok.problems == ["Period to (2024-01-01) is before Period from (2024-03-01)"]
    # the identifiers are kept as typed, with their kind and normal form beside them
    assert [(i["value"], i["kind"], i["normalised"]) for i in {f["name"]: f for f in ok.fields}["identifiers"][
        "identifiers"]] == [("user@example.org", "email", "user@example.org"),
                            ("+33 1 42 75 00 00", "phone", "+33142750000")]
    with pytest.raises(SherlocError, match="unknown form of assistance"):
        draft_request(store, "FRA", "BRA", "telepathy", WHEN)


@pytest.mark.parametrize(("kind", "article"), [("traffic-disclosure", "30"), ("stored-data", "31"),
                                               ("real-time-traffic", "33")])
def test_every_electronic_evidence_form_cites_its_budapest_article_only_for_two_parties(store, kind, article):
    assert _cited(draft_request(store, "FRA", "BRA", kind, WHEN)) == {"COE-ETS-185": [f"Article {article}"]}
    assert _cited(draft_request(store, "FRA", "CHN", kind, WHEN)) == {"XVIII-12": ["Article 18(3)"]}
    needs = {f["name"] for f in draft_request(store, "FRA", "BRA", kind, WHEN).fields if f["required"]}
    assert {"service_provider", "identifiers", "period_from", "period_to"} <= needs


def test_on_real_sherloc_records_the_requested_states_law_is_cited_for_dual_criminality(shared_data, store):
    from ingest.pipeline import ingest_paths

    # 15 real SHERLOC legislation excerpts are Afghan laws on money laundering and banking.
    ingest_paths([shared_data / "sherloc-sample"], store, workers=1, progress=False)
    d = draft_request(store, "FRA", "AFG", "documents", WHEN, "money-laundering")
    laws = {x["document_id"]: x for x in d.dual_criminality}
    assert "SHERLOC-LEG-2200_chapter_ii_article_11" in laws
    assert all(x["country"] == "AFG" and x["provisions"] for x in laws.values())
    # The bundled treaty data holds no row for Afghanistan: nothing cited, reciprocity said, the gaps listed.
    assert d.basis == "reciprocity" and d.legal_basis == [] and "XVIII-12" in [u["treaty_id"] for u in d.to_check]
    assert "No competent authority of Afghanistan in the directory: find the central authority" in d.checklist
    assert not any("dual criminality" in c for c in d.checklist)


@pytest.mark.parametrize(("kind", "cited"), [("videoconference", ["Article 18(18)"]),
                                             ("transfer-proceedings", ["Article 21"]),
                                             ("joint-investigations", ["Article 19"])])
def test_other_forms_cite_the_untoc_article_on_them(store, kind, cited):
    d = draft_request(store, "FRA", "BRA", kind, WHEN, "drug-offences")
    assert _cited(d)["XVIII-12"] == cited and "VI-19" not in [u["treaty_id"] for u in d.to_check]


def test_controlled_delivery_cites_the_articles_on_it_with_the_fields_an_authority_needs(store):
    d = draft_request(store, "FRA", "BRA", "controlled-delivery", WHEN, "drug-offences")
    # the 1988 Convention art. 11 and UNTOC art. 20 name the measure; no general article, no Budapest
    assert _cited(d) == {"VI-19": ["Article 11"], "XVIII-12": ["Article 20"]}
    fields = {f["name"]: f["required"] for f in d.fields}
    assert all(fields[n] for n in ("consignment", "route", "delivery_from", "delivery_to", "contacts"))
    assert fields["substitution"] is False
    assert "Required: Consignment (nature, quantity, packaging, markings)" in d.checklist
    # one State without a row under UNTOC or the 1988 Convention: nothing cited, reciprocity said
    other = draft_request(store, "FRA", "JPN", "controlled-delivery", WHEN, "drug-offences")
    assert other.basis == "reciprocity" and "VI-19" in [u["treaty_id"] for u in other.to_check]


@pytest.mark.parametrize(("typed", "problem"), [
    ("999.12.0.1", "Identifiers (accounts, addresses, numbers), one a line: 999.12.0.1 is not a valid IP address"),
    ("2001:db8:::1", "2001:db8:::1 is not a valid IP address"),
    ("alice@@example.org", "alice@@example.org is not a valid e-mail address"),
    ("+33 1 00", "+33 1 00 is not a valid phone number in international form (E.164"),
    ("phone: 0142750000", "0142750000 is not a valid phone number in international form"),
    ("https://example..org/x", "https://example..org/x is not a valid web address"),
    ("bad..example.org", "bad..example.org is not a valid domain name"),
    ("490154203237519", "490154203237519 is not a valid IMEI (15 digits, the last a check digit)"),
    ("IMEI: 49015420323751", "49015420323751 is not a valid IMEI"),
])
def test_a_wrong_identifier_is_reported_naming_the_field(store, typed, problem):
    d = draft_request(store, "FRA", "BRA", "stored-data", WHEN, values={"identifiers": f"203.0.113.9\n{typed}"})
    assert len(d.problems) == 1 and problem in d.problems[0]
    assert d.problems[0].startswith("Identifiers (accounts, addresses, numbers), one a line: ")
    assert any(problem in c for c in d.checklist)


def test_right_identifiers_of_every_kind_pass(store):
    typed = ("203.0.113.9\n2001:db8::7\nalice@example.org\n+55 61 2025 3000\nhttps://example.org/a?b=1\n"
             "example.com.br\n490154203237518\nIMEI: 49-015420-323751-8\naccount: 490154203237519\n@alice_1")
    d = draft_request(store, "FRA", "BRA", "stored-data", WHEN, values={"identifiers": typed})
    assert d.problems == []
    kinds = [i["kind"] for i in {f["name"]: f for f in d.fields}["identifiers"]["identifiers"]]
    assert kinds == ["ip", "ip", "email", "phone", "url", "domain", "imei", "imei", "account", "account"]


@pytest.mark.parametrize(("values", "problem"), [
    ({"delivery_from": "2024-02-30"}, "Expected from: not a date (2024-02-30); use YYYY-MM-DD"),
    ({"delivery_from": "0224-06-01"}, "Expected from: 0224-06-01 is not a plausible date"),
    ({"delivery_from": "2024-06-10", "delivery_to": "2024-06-01"},
     "Expected until (2024-06-01) is before Expected from (2024-06-10)"),
])
def test_impossible_dates_and_an_end_before_the_start_are_reported(store, values, problem):
    d = draft_request(store, "FRA", "BRA", "controlled-delivery", WHEN, "drug-offences", values)
    assert len(d.problems) == 1 and d.problems[0].startswith(problem)
    fine = draft_request(store, "FRA", "BRA", "controlled-delivery", WHEN, "drug-offences",
                         {"delivery_from": "2024-06-01", "delivery_to": "2024-06-01"})
    assert fine.problems == []


def test_an_ip_address_with_its_port_and_time_is_read_as_practitioners_write_it(store):
    # behind carrier-grade NAT the source port and the time identify the subscriber: both are kept
    typed = "203.0.113.5:51234 2024-03-01 10:02:07 UTC\n[2001:db8::1]:443\naccount: Jean Dupont"
    d = draft_request(store, "FRA", "BRA", "stored-data", WHEN, values={"identifiers": typed})
    items = {f["name"]: f for f in d.fields}["identifiers"]["identifiers"]
    assert d.problems == []
    assert [(i["kind"], i["normalised"], i["context"]) for i in items] == [
        ("ip", "203.0.113.5:51234", "2024-03-01 10:02:07 UTC"), ("ip", "[2001:db8::1]:443", ""),
        ("account", "Jean Dupont", "")]
    bad = draft_request(store, "FRA", "BRA", "stored-data", WHEN, values={"identifiers": "203.0.113.5:70000"})
    assert "203.0.113.5:70000 is not a valid IP address" in bad.problems[0]


def test_the_imei_check_digit_is_the_luhn_digit():
    from index.treaties.request_checks import luhn_ok

    # the IMEI of the GSMA's example, and the same with each other last digit
    assert luhn_ok("490154203237518")
    assert [d for d in "0123456789" if luhn_ok("49015420323751" + d)] == ["8"]
