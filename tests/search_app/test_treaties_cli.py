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
