"""Drafting a request in a real browser: from the finder's answer to the draft on paper (issue 22)."""

from __future__ import annotations

import pytest

from tests.search_app.test_treaties_browser import treaty_server  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.browser


def test_from_the_finder_to_a_printed_draft(page, treaty_server):  # noqa: F811
    page.goto(treaty_server + "/treaties/applicable?requesting=FRA&requested=BRA&form=mla&date=2024-05-01"
              "&offence=drug-offences")
    page.get_by_role("link", name="Draft a request").click()
    page.wait_for_url("**/requests/draft?*")
    assert page.get_by_label("Requested State").input_value() == "BRA"
    assert page.get_by_label("Offence", exact=True).input_value() == "drug-offences"
    page.get_by_label("Form of assistance").select_option("preservation")
    page.get_by_role("button", name="Show the fields of this form").click()
    page.get_by_label("Service provider holding the data").fill("Exemple SA")
    page.get_by_role("button", name="Draft the request").click()
    draft = page.locator("article.request-draft")
    assert [li.get_attribute("data-treaty") for li in draft.locator("ul.basis > li").all()] == ["COE-ETS-185"]
    assert "Article 29" in draft.locator("ul.basis").inner_text()
    assert "Exemple SA" in draft.locator("dl.typed").inner_text()
    # On paper only the draft: the site's header and the form are hidden by the print stylesheet.
    page.emulate_media(media="print")
    assert draft.is_visible() and not page.locator("form.draft-form").is_visible()
    assert not page.locator("header.site-header").is_visible()


def test_the_document_language_follows_the_requested_state_and_arabic_reads_rtl(page, treaty_server):  # noqa: F811
    page.goto(treaty_server + "/requests/draft?requesting=FRA&requested=CHN&assistance=evidence"
              "&offence=drug-offences&date=2024-05-01")
    language = page.get_by_label("Document language")
    assert language.input_value() == "zh"  # China accepts zh; en
    # another requested State: its own language is pre-filled (it was not chosen by hand)
    page.get_by_label("Requested State").select_option("RUS")
    page.get_by_role("button", name="Show the fields of this form").click()
    assert page.get_by_label("Document language").input_value() == "ru"
    page.get_by_label("Document language").select_option("ar")
    page.get_by_label("Summary of the facts").fill("Cocaïne, 40 kg")
    page.get_by_role("button", name="Draft the request").click()
    draft = page.locator("article.request-draft")
    assert draft.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("h1").evaluate("e => getComputedStyle(e).direction") == "ltr"  # the page stays English
    assert draft.locator("h3").first.inner_text() == "الأساس القانوني"  # "Legal basis"
    assert "Cocaïne, 40 kg" in draft.locator("dl.typed").inner_text()
