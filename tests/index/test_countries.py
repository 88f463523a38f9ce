"""Country and organisation codes, names in six languages, and M49 regions."""

import gzip
import json
from pathlib import Path

import pycountry
import pytest

from index.countries import all_countries, country_name, normalize_country, region, region_label, regions
from index.errors import SherlocError
from index.models import LANGUAGES

UN_NAMES = {
    "Bolivia (Plurinational State of)": "BOL",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Iran (Islamic Republic of)": "IRN",
    "Republic of Korea": "KOR",
    "Democratic People's Republic of Korea": "PRK",
    "Lao People's Democratic Republic": "LAO",
    "Viet Nam": "VNM",
    "Türkiye": "TUR",
    "Russian Federation": "RUS",
    "Côte d'Ivoire": "CIV",
    "State of Palestine": "PSE",
    "Holy See": "VAT",
    "Netherlands (Kingdom of the)": "NLD",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United Republic of Tanzania": "TZA",
    "Republic of Moldova": "MDA",
    "Micronesia (Federated States of)": "FSM",
    "Syrian Arab Republic": "SYR",
    "Czechia": "CZE",
    "North Macedonia": "MKD",
    "Eswatini": "SWZ",
    "Cabo Verde": "CPV",
    "China, Hong Kong SAR": "HKG",
    "China, Macao SAR": "MAC",
    "Democratic Republic of the Congo": "COD",
    "Congo": "COG",
    "United States of America": "USA",
    "Niger": "NER",
    "Nigeria": "NGA",
}


@pytest.mark.parametrize(("name", "code"), sorted(UN_NAMES.items()))
def test_un_treaty_collection_names(name, code):
    assert normalize_country(name) == code
    assert normalize_country(name.upper()) == code


def test_codes():
    assert normalize_country("UK") == "GBR"
    assert normalize_country("EL") == "GRC"
    assert normalize_country("GR") == "GRC"
    assert normalize_country("fr") == "FRA"
    assert normalize_country("FRA") == "FRA"
    assert normalize_country(" bra ") == "BRA"
    assert normalize_country("156") == "CHN"


@pytest.mark.parametrize("code", ["UN", "EU", "COE", "AU", "OAS", "ASEAN", "IRB"])
def test_organisations_are_themselves(code):
    assert normalize_country(code) == code
    assert normalize_country(code.lower()) == code
    assert region(code) == "international"
    names = {lang: country_name(code, lang) for lang in LANGUAGES}
    assert all(names.values()) and len(set(names.values())) >= 4, names  # really translated


def test_organisation_names_resolve():
    assert normalize_country("International and Regional Bodies") == "IRB"
    assert normalize_country("Council of Europe") == "COE"
    assert normalize_country("Union européenne") == "EU"
    assert normalize_country("Организация Объединенных Наций") == "UN"


def test_names_in_other_languages():
    assert normalize_country("Fédération de Russie") == "RUS"
    assert normalize_country("Российская Федерация") == "RUS"
    assert normalize_country("Alemania") == "DEU"
    assert normalize_country("فرنسا") == "FRA"
    assert normalize_country("中国") == "CHN"
    assert normalize_country("Turkey") == "TUR"
    assert normalize_country("Viet Nam") == normalize_country("Vietnam") == "VNM"


def test_unknown_is_none():
    assert normalize_country("Atlantis") is None
    assert normalize_country("") is None
    assert normalize_country("   ") is None
    assert normalize_country("ZZ") is None


def test_country_names_six_languages():
    assert country_name("BOL") == "Bolivia (Plurinational State of)"
    assert country_name("GBR") == "United Kingdom of Great Britain and Northern Ireland"
    assert country_name("FRA", "fr") == "France"
    assert country_name("DEU", "es") == "Alemania"
    assert country_name("RUS", "ru") == "Российская Федерация"
    assert country_name("FRA", "ar") == "فرنسا"
    assert country_name("CHN", "zh") == "中国"
    assert country_name("EU", "fr") == "Union européenne"
    assert country_name("XYZ") == "XYZ"  # unknown codes are shown as they are


def test_every_pycountry_country_has_a_region():
    allowed = set(regions())
    assert allowed == {"africa", "americas", "asia", "europe", "oceania", "international"}
    for country in pycountry.countries:
        assert region(country.alpha_3) in allowed, country.alpha_3


def test_regions_of_known_countries():
    expected = {"FRA": "europe", "RUS": "europe", "BRA": "americas", "USA": "americas", "CHN": "asia",
                "TUR": "asia", "EGY": "africa", "ZAF": "africa", "AUS": "oceania", "FJI": "oceania"}  # fmt: skip
    assert {code: region(code) for code in expected} == expected
    assert region("Viet Nam") == "asia"
    with pytest.raises(SherlocError, match="Atlantis"):
        region("Atlantis")


def test_region_labels():
    for r in regions():
        labels = [region_label(r, lang) for lang in LANGUAGES]
        assert all(labels) and len(set(labels)) >= 4, (r, labels)
    assert region_label("europe", "ru") == "Европа"
    assert region_label("africa", "xx") == "Africa"
    with pytest.raises(SherlocError, match="mars"):
        region_label("mars")


def test_all_countries():
    countries = all_countries()
    codes = [c for c, _ in countries]
    assert len(codes) == len(set(codes)) == len(pycountry.countries)
    assert ("BOL", "Bolivia (Plurinational State of)") in countries
    names = [n for _, n in countries]
    assert names.index("Afghanistan") < names.index("Zimbabwe")
    with_orgs = all_countries(include_organisations=True)
    assert {"UN", "EU", "IRB"} <= {c for c, _ in with_orgs}


def _shared_data():
    data = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    if not data.is_dir():
        pytest.skip(f"../shared/data not present: {data}")
    return data


@pytest.mark.shared_data
def test_sherloc_sample_countries_resolve():
    files = sorted((_shared_data() / "sherloc-sample").glob("*.json"))
    records = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert records
    for record in records:
        expected = record["country_code"].lstrip("_")
        assert normalize_country(record["country_code"]) == expected, record["_id"]
        assert normalize_country(record["country"]) == expected, (record["_id"], record["country"])
        assert region(expected) in regions()


@pytest.mark.shared_data
def test_legal_sources_country_codes_resolve():
    path = _shared_data() / "legal-sources" / "dev.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not present")
    seen = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            code = json.loads(line).get("country")
            if code:
                seen.add(code)
            if n > 5000:
                break
    assert len(seen) > 5
    unresolved = sorted(c for c in seen if normalize_country(c) is None)
    assert unresolved == []
    assert normalize_country("UK") == "GBR" and normalize_country("EU") == "EU"


def test_un_names_in_other_languages():
    assert country_name("VAT", "fr") == "Saint-Siège"
    assert country_name("VAT", "ar") == "الكرسي الرسولي"
    assert country_name("BOL", "es") == "Bolivia (Estado Plurinacional de)"
    assert country_name("USA", "ru") == "Соединенные Штаты Америки"
    assert normalize_country("الولايات المتحدة الأمريكية") == "USA"
    assert normalize_country("Святой Престол") == "VAT"
    assert normalize_country("中国香港特别行政区") == "HKG"
