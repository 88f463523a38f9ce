"""Every query the help page shows as an example finds something in the bundled corpus (as `make demo` serves it)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from search_app import create_app


@pytest.fixture(scope="module")
def demo_client(bundled_home):
    return create_app({"SHERLOC_HOME": str(bundled_home.root), "TESTING": True}).test_client()


def _examples(client) -> list[str]:
    html = client.get("/help").get_data(as_text=True)
    return [unescape(c) for c in re.findall(r"<code>(.*?)</code>", html)]


def test_the_help_page_has_examples(demo_client):
    assert len(_examples(demo_client)) >= 20


def test_every_help_example_finds_something_in_the_demo_corpus(demo_client):
    empty = []
    for example in _examples(demo_client):
        data = demo_client.get("/api/search", query_string={"q": example}).get_json()
        if not data["total"] or data["errors"]:
            empty.append((example, data["total"], data["errors"]))
    assert not empty, empty
