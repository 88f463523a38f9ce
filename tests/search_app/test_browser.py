"""A real browser against a real server: search, filter, remove a chip, page, switch to Arabic, open a permalink."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_search_filter_chip_and_paging(page, live_server):
    page.goto(live_server + "/")
    page.get_by_label("Search legislation, case law and treaties").fill("trafficking")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=trafficking*")
    assert page.locator("li.hit").count() == 20
    heading = page.locator("#results-heading").inner_text()

    page.locator('section[data-facet="country"] a[data-facet-value="UN"]').click()
    page.wait_for_url("**country=UN*")
    chip = page.locator('a.chip[data-chip="country:UN"]')
    assert chip.is_visible()
    docs = {t.split("/")[2] for t in page.locator("li.hit h3 a").evaluate_all("els => els.map(e => e.pathname)")}
    assert docs == {"UN-MODEL"}

    chip.click()
    page.wait_for_load_state()
    assert "country" not in query(page.url)
    assert page.locator("a.chip").count() == 0
    assert page.locator("#results-heading").inner_text() == heading

    page.locator('nav.pagination a[rel="next"]').click()
    page.wait_for_url("**page=2*")
    assert page.locator("ol.hits").get_attribute("start") == "21"
    assert page.locator('nav.pagination [aria-current="page"]').inner_text() == "2"


def test_switch_to_arabic_is_right_to_left(page, live_server):
    page.goto(live_server + "/?q=extradition")
    page.locator('.lang-switch a[data-ui="ar"]').click()
    page.wait_for_url("**ui=ar*")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("label[for=q]").inner_text() == "البحث في التشريعات والسوابق القضائية والمعاهدات"
    assert query(page.url)["q"] == ["extradition"]
    # The choice is remembered on the next page.
    page.goto(live_server + "/help")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_provision_permalink_scrolls_to_the_provision(page, live_server):
    page.goto(live_server + "/provisions/FRA-CP/art-2")
    assert page.url.endswith("#art-2")
    section = page.locator("section#art-2")
    assert "focus" in section.get_attribute("class")
    assert section.is_visible()
    assert page.locator("#cite-url").input_value().endswith("/provisions/FRA-CP/art-2")
    # Scrolled to: the provision's heading is inside the viewport.
    box = page.locator("#h-art-2").bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_copy_the_citation_link(browser, live_server):
    context = browser.new_context(locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    pg = context.new_page()
    try:
        pg.goto(live_server + "/provisions/RUS-UPK/art-462")
        copy = pg.get_by_role("button", name="Copy")
        copy.click()
        pg.get_by_role("button", name="Copied").wait_for()
        assert pg.evaluate("navigator.clipboard.readText()") == live_server + "/provisions/RUS-UPK/art-462"
    finally:
        context.close()


def test_type_ahead_offers_taxonomy_terms(page, live_server):
    page.goto(live_server + "/")
    page.locator("#q").press_sequentially("traff", delay=30)
    option = page.get_by_role("option", name="Trafficking in persons", exact=True)
    option.wait_for()
    option.click()
    page.wait_for_url("**q=*")
    assert query(page.url)["q"] == ['"Trafficking in persons"']


@pytest.mark.parametrize("ui", ["en", "ar"])
def test_type_ahead_follows_the_script_typed(page, live_server, ui):
    page.goto(live_server + f"/?ui={ui}")
    for typed, term in (("выд", "Выдача"), ("تسل", "تسليم المجرمين"), ("blan", "Blanchiment d'argent"),
                        ("洗", "洗钱")):
        page.locator("#q").fill("")
        page.locator("#q").press_sequentially(typed, delay=30)
        page.get_by_role("option", name=term, exact=True).wait_for()


def test_narrow_screen_has_no_horizontal_scroll(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    pg = context.new_page()
    try:
        for path in ("/?q=trafficking", "/documents/FRA-CP", "/help", "/?ui=ar&q=extradition"):
            pg.goto(live_server + path)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, (path, width)
        # Filters start folded on a phone, the results first.
        pg.goto(live_server + "/?q=trafficking")
        assert pg.locator("details.facets-toggle").get_attribute("open") is None
    finally:
        context.close()


def test_skip_link_is_the_first_stop_and_becomes_visible(page, live_server):
    page.goto(live_server + "/?q=extradition")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_print_shows_the_text_without_navigation(page, live_server):
    page.goto(live_server + "/documents/FRA-CP")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("nav.toc").is_visible()
    assert page.locator("section#art-1").is_visible() and page.locator(".cite").is_visible()


# The left edge of each character of an element's text, as laid out on the screen.
_CHAR_LEFTS = """el => {
  const node = el.firstChild, out = [];
  for (let i = 0; i < node.length; i++) {
    const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
    out.push(r.getBoundingClientRect().left);
  }
  return out;
}"""


@pytest.mark.parametrize("ui", ["en", "ar"])
def test_dates_and_codes_keep_their_order_on_every_page_direction(page, live_server, ui):
    page.goto(live_server + f"/documents/FRA-CP?ui={ui}")
    # the citation's date and address are isolated: read left to right on an Arabic page too
    for text in ("2005-03-09", live_server + "/documents/FRA-CP"):
        part = page.locator(".cite-text bdi", has_text=text)
        lefts = part.evaluate(_CHAR_LEFTS)
        assert lefts == sorted(lefts), (text, lefts)
    # the document's date is written the UI language's way, its year's digits in order
    shown = page.locator("time[datetime='2005-03-09']").first
    assert shown.inner_text() == {"en": "9 March 2005", "ar": "9 مارس 2005"}[ui]
    year = shown.evaluate(_CHAR_LEFTS)[-4:]
    assert year == sorted(year)
