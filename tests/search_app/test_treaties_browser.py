"""The treaty finder in a real browser: a practitioner asks France -> Germany and is told what is not known."""

from __future__ import annotations

import threading

import pytest

from index.store import Store
from index.treaties import load_bundled
from tests.search_app.conftest import _free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def treaty_server(tmp_path_factory):
    """A real HTTP server over a home with the bundled treaty data."""
    from werkzeug.serving import make_server

    from search_app import create_app

    root = tmp_path_factory.mktemp("treaty-home")
    store = Store(root / "store.sqlite3")
    load_bundled(store)
    store.close()
    app = create_app({"SHERLOC_HOME": str(root), "TESTING": True})
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_the_finder_names_what_it_does_not_know(page, treaty_server):
    page.goto(treaty_server + "/treaties/applicable")
    page.get_by_label("Requesting State").select_option("FRA")
    page.get_by_label("Requested State").select_option("DEU")
    page.get_by_label("Form of cooperation").select_option("extradition")
    page.get_by_role("button", name="Find treaties").click()
    page.wait_for_url("**requested=DEU*")
    conclusion = page.locator("#conclusion").inner_text()
    assert "No instrument in the data is known to be in force between France and Germany" in conclusion
    assert "no conclusion can be drawn" in conclusion and page.locator("#reciprocity").count() == 0
    unknown = page.locator('ul.unknown > li[data-treaty="XVIII-12"]')
    assert unknown.is_visible()
    text = unknown.inner_text()
    assert "France (FRA): in force from 29 September 2003" in text and "list not complete" in text
    assert "Germany (DEU): unknown: the participation list is not complete" in text
    # The way to fill the gap leads to the editors' form (which asks an editor to sign in).
    unknown.get_by_role("link", name="participation of XVIII-12").click()
    page.wait_for_load_state()
    assert "/admin/login" in page.url

    page.goto(treaty_server + "/treaties/applicable?requesting=FRA&requested=DEU&form=extradition&ui=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#unknown-h").inner_text() == "المشاركة غير معروفة"
    item = page.locator('ul.unknown > li[data-treaty="XVIII-12"]').inner_text()
    assert "غير معروف: قائمة المشاركين غير كاملة" in item


def test_on_an_arabic_page_dates_and_commands_keep_their_order(page, treaty_server):
    from tests.search_app.test_browser import _CHAR_LEFTS

    page.goto(treaty_server + "/treaties/applicable?requesting=FRA&requested=DEU&form=extradition"
              "&date=2026-12-05&ui=ar")
    heading_date = page.locator("h2 time[datetime='2026-12-05']")
    assert heading_date.inner_text() == "5 ديسمبر 2026"
    year = heading_date.evaluate(_CHAR_LEFTS)[-4:]
    assert year == sorted(year)  # 2026, not 6202 nor 05-12-2026
    # the command in the sample notice is isolated: its parentheses stay around it, outside the Latin run
    notice = page.locator("p.notice", has_text="\u2068sherloc treaties import\u2069)").first
    boxes = notice.evaluate("""el => {
      const command = 'sherloc treaties import\u2069)';
      const node = [...el.childNodes].find(n => n.nodeType === 3 && n.data.includes(command));
      const s = node.data.indexOf(command), out = [];
      for (let i = s - 2; i <= s + command.length - 1; i++) {
        const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
        const b = r.getBoundingClientRect(); out.push([node.data[i], b.left, b.top]);
      }
      return out;
    }""")
    opening, letters, closing = boxes[0], [b for b in boxes if b[0].isalpha()], boxes[-1]
    for a, b in zip(letters, letters[1:], strict=False):
        if a[2] == b[2]:
            assert a[1] < b[1], (a, b)  # the command reads left to right (it may wrap)
    first, last = letters[0], letters[-1]
    # right to left around it: "(" on the right of its first letter, ")" on the left of its last
    assert opening[2] == first[2] and opening[1] > first[1], (opening, first)
    assert closing[2] == last[2] and closing[1] < last[1], (closing, last)
