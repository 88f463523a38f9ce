"""`sherloc treaties ...` through click's CliRunner on a real data directory."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search_app.treaties_cli import treaties

STATUS = (
    "Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), Succession(d)\n"
    "Kenya\t\t16 Jun 2004 a\n"
    "Atlantis\t12 Dec 2000\t1 Jan 2004\n"
)


def run(home, *args):
    return CliRunner().invoke(treaties, ["--home", str(home), *args], catch_exceptions=False)


def test_load_list_show(tmp_path):
    r = run(tmp_path, "load-bundled")
    assert r.exit_code == 0, r.output
    assert "instrument row(s) imported" in r.output
    r = run(tmp_path, "list")
    assert "XVIII-12 " in r.output and "BIL-GBR-USA-EXT-2003" in r.output
    r = run(tmp_path, "show", "XVIII-12", "--json")
    data = json.loads(r.output)
    assert {p["state"] for p in data["participants"]} >= {"FRA", "BRA", "CHN", "USA", "RUS"}
    r = run(tmp_path, "show", "NOPE")
    assert r.exit_code == 1 and "no treaty with id 'NOPE'" in r.output


def test_applicable(tmp_path):
    run(tmp_path, "load-bundled")
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "BRA", "--form", "extradition",
            "--date", "2024-05-01")
    assert r.exit_code == 0, r.output
    assert "United Nations Convention against Transnational Organized Crime" in r.output
    assert "Article 16" in r.output and "BRA: in force from 2004-02-28" in r.output
    r = run(tmp_path, "applicable", "--requesting", "GBR", "--requested", "CHN", "--json")
    data = json.loads(r.output)
    assert data["instruments"] == [] and data["unknown"] and not data["reciprocity"]
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "XYZ")
    assert r.exit_code == 1 and "unknown requested State 'XYZ'" in r.output
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "BRA", "--form", "teleport")
    assert r.exit_code == 2 and "teleport" in r.output


def test_applicable_for_an_offence(tmp_path):
    run(tmp_path, "load-bundled")
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "BRA", "--form", "extradition",
            "--date", "2024-05-01", "--offence", "cybercrime")
    assert r.exit_code == 0, r.output
    assert "Extradition, about cybercrime, on 2024-05-01" in r.output
    budapest = r.output[r.output.index("* Convention on Cybercrime"):]
    assert budapest.splitlines()[1] == "    offence: within its scope: arts. 2-11"
    smuggling = r.output[r.output.index("* Protocol against the Smuggling"):].splitlines()
    assert "[NOT USABLE as the legal basis for this request]" in smuggling[0]
    assert smuggling[1] == "    offence: OUTSIDE its scope"
    assert "Law of Brazil on cybercrime (for dual criminality):" in r.output
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "BRA", "--offence", "cybercrime", "--json")
    assert json.loads(r.output)["offence_label"] == "Cybercrime"
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "BRA", "--offence", "drugs")
    assert r.exit_code == 1 and "unknown offence 'drugs'" in r.output and "drug-offences" in r.output


def test_import_status_table_reports_bad_rows(tmp_path):
    run(tmp_path, "load-bundled")
    f = tmp_path / "status.txt"
    f.write_text(STATUS, encoding="utf-8")
    r = run(tmp_path, "import", str(f), "--treaty", "XVIII-12", "--as-of", "2024-03-01", "--source", "UNTC copy")
    assert r.exit_code == 1  # a rejected row makes the exit status non-zero, the good row is kept
    assert "1 participation row(s) imported, 1 rejected" in r.output
    assert "line 3: unknown State name 'Atlantis'" in r.output
    data = json.loads(run(tmp_path, "show", "XVIII-12", "--json").output)
    ken = next(p for p in data["participants"] if p["state"] == "KEN")
    assert ken["action_kind"] == "accession" and ken["as_of"] == "2024-03-01" and ken["source"] == "UNTC copy"
    r = run(tmp_path, "import", str(f))
    assert r.exit_code == 1 and "--treaty" in r.output


def test_import_bilateral_and_authorities(tmp_path):
    run(tmp_path, "load-bundled")
    bil = tmp_path / "bil.csv"
    bil.write_text(
        "id,title,parties,signed,in_force,forms\nBIL-X,Test treaty,Chile;Japan,1990-01-01,1991-06-01,extradition\n",
        encoding="utf-8",
    )
    r = run(tmp_path, "import-bilateral", str(bil))
    assert r.exit_code == 0 and "1 bilateral treaty row(s) imported" in r.output
    r = run(tmp_path, "applicable", "--requesting", "CHL", "--requested", "JPN", "--form", "extradition",
            "--date", "2000-01-01", "--json")
    assert [i["treaty"]["id"] for i in json.loads(r.output)["instruments"]] == ["BIL-X"]
    auth = tmp_path / "auth.csv"
    auth.write_text(
        "country,form,authority,email\nJapan,extradition,Ministry of Justice of Japan (test),j@example.org\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "import-authorities", str(auth)).exit_code == 0
    r = run(tmp_path, "authorities", "--country", "JPN", "--form", "extradition")
    assert "Ministry of Justice of Japan (test)" in r.output and "j@example.org" in r.output
    r = run(tmp_path, "authorities", "--country", "Narnia")
    assert r.exit_code == 1 and "unknown country 'Narnia'" in r.output


def test_a_whole_page_completes_a_list_and_rows_can_be_removed(tmp_path):
    run(tmp_path, "load-bundled")
    r = run(tmp_path, "list")
    assert "participation: sample or partial, not complete" in r.output
    page = tmp_path / "page.txt"
    page.write_text("PARTICIPANTS\n\nParticipant | Ratification, Accession(a)\nKenya2 | 16 Jun 2004 a\n"
                    "France | 29 Oct 2002\n\n---\n\nNOTES\n\n1A note.\n", encoding="utf-8")
    r = run(tmp_path, "import", str(page), "--treaty", "XVIII-12", "--as-of", "2026-03-27", "--partial")
    assert r.exit_code == 0 and "not marked complete (it was imported as partial)" in r.output
    assert "skipped line 11: NOTES section: not participation data" in r.output
    r = run(tmp_path, "import", str(page), "--treaty", "XVIII-12", "--as-of", "2026-03-27")
    assert "participation complete as of 2026-03-27" in r.output and "BRA: not on the complete page" in r.output
    assert "complete as of 2026-03-27" in run(tmp_path, "show", "XVIII-12").output
    r = run(tmp_path, "applicable", "--requesting", "FRA", "--requested", "BRA", "--form", "mla",
            "--date", "2024-05-01")
    assert "BRA: not a party (absent from the complete list)" in r.output and "complete list]" in r.output
    # said by hand: unknown again
    assert "participation unknown" in run(tmp_path, "complete", "XVIII-12", "--unknown").output
    r = run(tmp_path, "complete", "XVIII-12", "--as-of", "2026-03-28")
    assert r.exit_code == 2 and "--source" in r.output
    # removals
    assert "participation row removed" in run(tmp_path, "remove", "XVIII-12", "--state", "Kenya").output
    r = run(tmp_path, "remove", "XVIII-12", "--state", "KEN")
    assert r.exit_code == 1 and "no participation row for KEN" in r.output
    assert "removed with its participation rows" in run(tmp_path, "remove", "XVIII-12-a").output
    assert run(tmp_path, "show", "XVIII-12-a").exit_code == 1
    auth = json.loads(run(tmp_path, "authorities", "--country", "BRA", "--json").output)[0]
    assert f"authority {auth['id']} removed" in run(tmp_path, "remove-authority", str(auth["id"])).output
    assert run(tmp_path, "remove-authority", str(auth["id"])).exit_code == 1
