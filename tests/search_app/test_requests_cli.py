"""`sherloc requests draft` writes the draft the API gives (issue 22 point 5)."""
# ruff: noqa: F811 - the fixtures of test_admin are imported by name, and test functions take them as arguments

from __future__ import annotations

import json

from click.testing import CliRunner

from search_app.cli import main
from tests.search_app.test_admin import app, client, home  # noqa: F401


def _run(home, *args):
    return CliRunner().invoke(main, ["--home", str(home.root), "requests", "draft", *args])


def test_the_cli_writes_the_same_draft_as_the_api(client, home, tmp_path):
    out = tmp_path / "draft.json"
    r = _run(home, "--requesting", "FRA", "--requested", "BRA", "--assistance", "preservation", "--date",
             "2024-05-01", "--value", "service_provider=Exemple SA", "--value", "period_from=2024-01-01",
             "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "Budapest Convention (ETS No. 185) (Article 29)" in r.output and "to do: Required:" in r.output
    written = json.loads(out.read_text(encoding="utf-8"))
    api = client.post("/api/requests/draft", json={
        "requesting": "FRA", "requested": "BRA", "assistance": "preservation", "date": "2024-05-01",
        "values": {"service_provider": "Exemple SA", "period_from": "2024-01-01"}}).get_json()
    assert written == api


def test_bad_input_is_named_without_a_traceback(home, tmp_path):
    out = tmp_path / "d.json"
    r = _run(home, "--requesting", "FRA", "--requested", "XXX", "--assistance", "service", "--out", str(out))
    assert r.exit_code != 0 and "XXX" in r.output and "Traceback" not in r.output and not out.exists()
    r = _run(home, "--requesting", "FRA", "--requested", "BRA", "--assistance", "service", "--value", "nothing",
             "--out", str(out))
    assert r.exit_code != 0 and "NAME=TEXT" in r.output
    bad = tmp_path / "v.json"
    bad.write_text("[1]", encoding="utf-8")
    r = _run(home, "--requesting", "FRA", "--requested", "BRA", "--assistance", "service", "--values", str(bad),
             "--out", str(out))
    assert r.exit_code != 0 and "v.json" in r.output


def test_the_cli_writes_a_printable_html_in_the_language_asked(home, tmp_path):
    page = tmp_path / "draft.html"
    r = _run(home, "--requesting", "FRA", "--requested", "BRA", "--assistance", "evidence", "--date", "2024-05-01",
             "--offence", "drug-offences", "--value", "facts=وقائع", "--out", str(tmp_path / "d.json"),
             "--html", str(page), "--lang", "ar")
    assert r.exit_code == 0, r.output
    html = page.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html and "@media print" in html
    assert 'data-treaty="XVIII-12"' in html and "الأساس القانوني" in html  # "Legal basis"
    assert '<dd dir="auto">وقائع</dd>' in html and "csrf" not in html


def test_the_cli_writes_a_docx_that_reads_right_to_left_in_arabic(home, tmp_path):
    import docx

    path = tmp_path / "draft.docx"
    r = _run(home, "--requesting", "DEU", "--requested", "JPN", "--assistance", "service", "--date", "2024-05-01",
             "--out", str(tmp_path / "d.json"), "--docx", str(path), "--lang", "ar")
    assert r.exit_code == 0, r.output
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "الأساس القانوني" in headings  # "Legal basis"
    assert all(p._p.pPr is not None and p._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
               for p in document.paragraphs)
