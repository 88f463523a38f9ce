"""Facets: labels in the UI language, toggle links that select/deselect values, hierarchy, years, chips."""

from __future__ import annotations

import pytest

from index.facets import build_facets, chips
from index.search import SearchRequest
from index.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def facet(facets, name):
    return next(f for f in facets if f.name == name)


def value(f, v):
    for fv in f.values:
        if fv.value == v:
            return fv
        for child in fv.children:
            if child.value == v:
                return child
    raise AssertionError(f"{v} not in facet {f.name}: {[x.value for x in f.values]}")


RAW = {
    "crime": {"corruption": 7, "money-laundering": 3},
    "issue": {"international-cooperation": 9, "extradition": 6, "mutual-legal-assistance": 4, "jurisdiction": 2},
    "country": {"FRA": 5, "BRA": 8},
    "region": {"europe": 5, "americas": 8},
    "type": {"legislation": 10, "case": 3},
    "lang": {"en": 6, "ru": 4},
    "year": {"2019": 4, "2015": 2, "2003": 5, "1998": 1},
}


def test_selecting_a_value_adds_it_and_resets_the_page(taxonomy):
    req = SearchRequest(q="bribery", page=3)
    fv = value(facet(build_facets(RAW, req, taxonomy), "country"), "BRA")
    assert not fv.selected and fv.count == 8
    assert fv.toggle == {"country": ["BRA"], "q": ["bribery"]}
    assert SearchRequest.from_params(fv.toggle).filters == {"country": ["BRA"]}


def test_or_within_a_facet_and_deselect(taxonomy):
    req = SearchRequest(q="bribery", filters={"country": ["BRA"]}, page=2)
    country = facet(build_facets(RAW, req, taxonomy), "country")
    bra, fra = value(country, "BRA"), value(country, "FRA")
    assert bra.selected and not fra.selected
    assert fra.toggle == {"country": ["BRA", "FRA"], "q": ["bribery"]}  # OR within the facet
    assert bra.toggle == {"q": ["bribery"]}  # removing the only value drops the parameter
    assert country.values[0].value == "BRA"  # selected values come first


def test_toggles_keep_other_facets_and_settings(taxonomy):
    req = SearchRequest(q="x", filters={"type": ["case"]}, year_from=2000, year_to=2009, sort="date", collapse=True)
    fv = value(facet(build_facets(RAW, req, taxonomy), "lang"), "ru")
    assert fv.toggle == {"collapse": ["1"], "from": ["2000"], "lang": ["ru"], "q": ["x"], "sort": ["date"],
                         "to": ["2009"], "type": ["case"]}  # fmt: skip


def test_selected_values_appear_even_without_hits(taxonomy):
    req = SearchRequest(filters={"country": ["CHN"], "crime": ["piracy-maritime"]})
    facets = build_facets(RAW, req, taxonomy)
    chn = value(facet(facets, "country"), "CHN")
    assert chn.selected and chn.count == 0 and chn.toggle == {"crime": ["piracy-maritime"]}
    assert value(facet(facets, "crime"), "piracy-maritime").selected


def test_issue_hierarchy_nests_children_under_parents(taxonomy):
    issue = facet(build_facets(RAW, SearchRequest(), taxonomy), "issue")
    tops = [v.value for v in issue.values]
    assert "international-cooperation" in tops and "jurisdiction" in tops
    assert "extradition" not in tops and "mutual-legal-assistance" not in tops
    coop = value(issue, "international-cooperation")
    assert [c.value for c in coop.children] == ["extradition", "mutual-legal-assistance"]  # by count
    assert coop.count == 9  # the engine's count of the parent covers its children
    assert value(issue, "extradition").toggle == {"issue": ["extradition"]}


def test_parent_only_implied_by_a_selected_child(taxonomy):
    req = SearchRequest(filters={"issue": ["extradition"]})
    issue = facet(build_facets({"issue": {"extradition": 3}}, req, taxonomy), "issue")
    coop = value(issue, "international-cooperation")
    assert [c.value for c in coop.children] == ["extradition"]
    assert coop.count >= 3 and not coop.selected
    assert value(issue, "extradition").selected


@pytest.mark.parametrize(
    ("lang", "crime_label", "type_label", "lang_label", "facet_label"),
    [
        ("en", "Corruption", "Legislation", "Russian", "Crime type"),
        ("fr", "Corruption", "Législation", "russe", "Type d'infraction"),
        ("ru", "Коррупция", "Законодательство", "русский", "Вид преступления"),
        ("zh", "腐败", "立法", "俄文", "犯罪类型"),
    ],
)
def test_labels_in_the_ui_language(taxonomy, lang, crime_label, type_label, lang_label, facet_label):
    facets = build_facets(RAW, SearchRequest(), taxonomy, lang)
    assert facet(facets, "crime").label == facet_label
    assert value(facet(facets, "crime"), "corruption").label == taxonomy.label("crime", "corruption", lang)
    assert value(facet(facets, "crime"), "corruption").label == crime_label
    assert value(facet(facets, "type"), "legislation").label == type_label
    assert value(facet(facets, "lang"), "ru").label == lang_label


def test_country_names_in_the_ui_language(taxonomy):
    en = value(facet(build_facets(RAW, SearchRequest(), taxonomy, "en"), "country"), "FRA").label
    fr = value(facet(build_facets(RAW, SearchRequest(), taxonomy, "fr"), "country"), "BRA").label
    assert en == "France"
    assert fr == "Brésil"


def test_years_grouped_in_decades_with_single_years(taxonomy):
    year = facet(build_facets(RAW, SearchRequest(q="x"), taxonomy), "year")
    decades = [v.value for v in year.values]
    assert decades[:2] == ["2010..2019", "2000..2009"] and decades[-1] == "1990..1999"
    d2010 = value(year, "2010..2019")
    assert d2010.count == 6 and [c.value for c in d2010.children] == ["2019", "2015"]
    assert d2010.toggle == {"from": ["2010"], "q": ["x"], "to": ["2019"]}
    assert value(year, "2019").toggle == {"from": ["2019"], "q": ["x"], "to": ["2019"]}
    assert d2010.label == "2010–2019"


def test_selected_year_bucket_toggles_off(taxonomy):
    req = SearchRequest(q="x", year_from=2010, year_to=2019, page=4)
    year = facet(build_facets(RAW, req, taxonomy), "year")
    d2010 = value(year, "2010..2019")
    assert d2010.selected and d2010.toggle == {"q": ["x"]}


def test_custom_year_range_shown_as_selected(taxonomy):
    req = SearchRequest(year_from=2001, year_to=2016)
    year = facet(build_facets(RAW, req, taxonomy), "year")
    first = year.values[0]
    assert first.selected and first.value == "2001..2016" and first.count == 2 + 5 and first.toggle == {}


def test_truncated_when_the_engine_cut_the_facet(taxonomy):
    raw = {"country": {f"C{i:02d}": 1 for i in range(5)}, "type": {"case": 5}}
    facets = build_facets(raw, SearchRequest(), taxonomy, truncated=["country"])
    assert facet(facets, "country").truncated and not facet(facets, "type").truncated
    # five values are not "the limit was hit": only the engine knows whether it left some out
    assert not facet(build_facets(raw, SearchRequest(), taxonomy), "country").truncated


def test_a_selected_value_shows_the_engines_count(taxonomy):
    req = SearchRequest(filters={"country": ["DEU"]})
    raw = {"country": {**{f"C{i:02d}": 9 for i in range(50)}, "DEU": 1}}
    country = facet(build_facets(raw, req, taxonomy, truncated=["country"]), "country")
    assert country.values[0].value == "DEU" and country.values[0].count == 1 and country.values[0].selected


def test_chips_remove_one_filter_each(taxonomy):
    req = SearchRequest(q="x", filters={"country": ["BRA", "FRA"], "issue": ["extradition"]}, year_from=2015, page=2)
    out = chips(req, taxonomy, "fr")
    by_value = {c.value: c for c in out}
    assert set(by_value) == {"BRA", "FRA", "extradition", "2015.."}
    assert by_value["FRA"].remove == {"country": ["BRA"], "from": ["2015"], "issue": ["extradition"], "q": ["x"]}
    assert by_value["extradition"].label == taxonomy.label("issue", "extradition", "fr")
    assert by_value["2015.."].remove == {"country": ["BRA", "FRA"], "issue": ["extradition"], "q": ["x"]}
    assert by_value["2015.."].label == "depuis 2015"
