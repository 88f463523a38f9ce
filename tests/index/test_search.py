"""The search service: URL parameters, and whole searches against a real engine built from a real store."""

from __future__ import annotations

import json

import pytest
from werkzeug.datastructures import MultiDict

from index.errors import BadRequest, NotFound
from index.models import Classification, DocumentRecord, Provision
from index.search import SearchRequest, detect_query_language, more_like_this, search
from index.store import Store
from index.taxonomy import load_taxonomy

# -- parameters ----------------------------------------------------------------------------


def test_defaults_from_empty_params():
    req = SearchRequest.from_params({})
    assert req == SearchRequest()
    assert req.to_params() == {}


def test_round_trip_is_canonical():
    params = MultiDict(
        [("q", " extradition  treaty "), ("country", "fra"), ("country", "BRA"), ("issue", "extradition"),
         ("crime", "corruption"), ("type", "case"), ("lang", "RU"), ("region", "europe"), ("from", "2000"),
         ("to", "2010"), ("sort", "date"), ("page", "3"), ("per_page", "50"), ("collapse", "1"), ("same_lang", "1"),
         ("csrf_token", "ignored")]
    )  # fmt: skip
    req = SearchRequest.from_params(params)
    assert req.filters == {"country": ["BRA", "FRA"], "issue": ["extradition"], "crime": ["corruption"],
                           "type": ["case"], "lang": ["ru"], "region": ["europe"]}  # fmt: skip
    assert (req.year_from, req.year_to, req.sort, req.page, req.per_page) == (2000, 2010, "date", 3, 50)
    assert req.collapse and req.same_language
    out = req.to_params()
    assert list(out) == sorted(out)
    assert out["q"] == ["extradition  treaty"]
    assert SearchRequest.from_params(out) == req
    assert SearchRequest.from_params(out).to_params() == out


def test_facet_size_round_trip():
    assert SearchRequest.from_params({}).facet_size == 50
    assert SearchRequest.from_params({"facet_size": ["10"]}).facet_size == 10
    every = SearchRequest.from_params({"facet_size": ["max"]})
    assert every.facet_size is None and every.to_params() == {"facet_size": ["max"]}
    assert SearchRequest.from_params(every.to_params()) == every


def test_plain_dict_with_strings_and_lists():
    req = SearchRequest.from_params({"q": "bribery", "country": ["France"], "page": ["2"]})
    assert req.q == "bribery" and req.filters == {"country": ["FRA"]} and req.page == 2


def test_labels_are_accepted_for_taxonomy_filters():
    req = SearchRequest.from_params({"crime": ["Trafficking in persons"], "issue": ["Extradition"]})
    assert req.filters == {"crime": ["trafficking-in-persons"], "issue": ["extradition"]}


def test_empty_values_are_ignored():
    req = SearchRequest.from_params({"q": [""], "from": [""], "country": [""], "page": [""]})
    assert req == SearchRequest()


def test_reversed_years_are_swapped():
    req = SearchRequest.from_params({"from": ["2010"], "to": ["2000"]})
    assert (req.year_from, req.year_to) == (2000, 2010)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": ["zero"]}, "page"),
        ({"page": ["0"]}, "page"),
        ({"per_page": ["101"]}, "per_page"),
        ({"per_page": ["0"]}, "per_page"),
        ({"from": ["19x"]}, "from"),
        ({"to": ["99"]}, "to"),
        ({"sort": ["random"]}, "sort"),
        ({"collapse": ["maybe"]}, "collapse"),
        ({"same_lang": ["2"]}, "same_lang"),
        ({"crime": ["jaywalking"]}, "crime"),
        ({"issue": ["teleportation"]}, "issue"),
        ({"country": ["Atlantis"]}, "country"),
        ({"facet_size": ["0"]}, "facet_size"),
        ({"facet_size": ["lots"]}, "facet_size"),
        ({"facet_size": ["100000"]}, "facet_size"),
        ({"region": ["mars"]}, "region"),
        ({"type": ["novel"]}, "type"),
        ({"lang": ["xx"]}, "lang"),
        ({"q": ["x" * 6000]}, "q"),
    ],
)
def test_bad_parameters_name_the_parameter(params, name):
    with pytest.raises(BadRequest) as info:
        SearchRequest.from_params(params)
    assert str(info.value).startswith(f"{name}:")


@pytest.mark.parametrize(("page", "per_page"), [("502", "20"), ("102", "100")])  # offsets past 10,000
def test_a_page_too_far_to_fetch_is_not_found(page, per_page):
    # a valid page number whose results cannot be fetched: no such page (404), not a bad request (400)
    with pytest.raises(NotFound) as info:
        SearchRequest.from_params({"page": [page], "per_page": [per_page]})
    assert str(info.value).startswith(f"page: {page} is too far")


def test_last_reachable_page_is_accepted():
    assert SearchRequest.from_params({"page": ["501"], "per_page": ["20"]}).page == 501


# -- language of a query -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "ui", "lang"),
    [
        ("выдача преступников", "en", "ru"),
        ("تسليم المجرمين", "fr", "ar"),
        ("引渡", "en", "zh"),
        ("la extradición de nacionales", "en", "es"),
        ("les conditions de l'extradition", "en", "fr"),
        ("the extradition of nationals", "fr", "en"),
        ("extradition", "fr", "fr"),  # the same word in both: the UI language decides
        ("extradition", "en", "en"),
        ("extradition", "ru", "en"),  # Latin script cannot be Russian
    ],
)
def test_detect_query_language(q, ui, lang):
    assert detect_query_language(q, None, ui) == lang


# -- whole searches against a real engine --------------------------------------------------

THESAURUS = {
    "concepts": [
        {
            "id": "extradition",
            "taxonomy": ["issue:extradition"],
            "terms": {
                "en": ["extradition", "extradite"],
                "fr": ["extradition"],
                "es": ["extradición"],
                "ru": ["выдача", "выдачи", "выдаче"],
                "ar": ["تسليم المجرمين", "التسليم"],
                "zh": ["引渡"],
            },
        },
        {
            "id": "mutual-legal-assistance",
            "taxonomy": ["issue:mutual-legal-assistance"],
            "terms": {
                "en": ["mutual legal assistance"],
                "fr": ["entraide judiciaire"],
                "es": ["asistencia judicial recíproca"],
                "ru": ["взаимная правовая помощь"],
                "ar": ["المساعدة القانونية المتبادلة"],
                "zh": ["司法协助"],
            },
        },
    ]
}


def doc(id, type, title, country, lang, date, texts, issues=(), crimes=(), heading=""):
    return DocumentRecord(
        id=id, type=type, title=title, country=country, languages=[lang], date=date,
        provisions=[Provision(label=f"Article {n}", number=str(n), text=t, language=lang, order=n, heading=heading)
                    for n, t in enumerate(texts, 1)],
        classifications=[Classification("issue", i) for i in issues] + [Classification("crime", c) for c in crimes],
    )  # fmt: skip


DOCS = [
    doc("GBR-EXT", "legislation", "Extradition Act", "GBR", "en", "2003-11-20",
        ["A person may be extradited to a requesting State for an extradition offence.",
         "The judge shall decide whether the conduct constitutes an offence under the law of the United Kingdom."],
        issues=["extradition"]),
    doc("USA-CASE", "case", "United States v. Smith", "USA", "en", "2012-05-02",
        ["The defendant laundered the proceeds of bribery through shell companies.",
         "The court ordered confiscation of the property involved in the offence."],
        crimes=["money-laundering", "corruption"], issues=["confiscation-seizure"]),
    doc("AUS-CASE", "case", "R v. Jones", "AUS", "en", "2018-07-09",
        ["The person was extradited to the requesting State because the court found that the conduct was an "
         "extradition offence."], issues=["extradition"]),
    doc("RUS-UPK", "legislation", "Уголовно-процессуальный кодекс", "RUS", "ru", "2001-12-18",
        ["Выдача лица иностранному государству осуществляется на основании международного договора.",
         "Выдача не допускается, если лицо является гражданином Российской Федерации."],
        issues=["extradition"], heading="Глава 54. Выдача лица для уголовного преследования"),
    doc("EGY-LAW", "legislation", "قانون التعاون الدولي", "EGY", "ar", "2015-01-01",
        ["يجوز تسليم المجرمين إلى الدولة الطالبة وفقا للاتفاقيات الدولية.",
         "تقدم السلطة المركزية المساعدة القانونية المتبادلة في المسائل الجنائية."],
        issues=["extradition", "mutual-legal-assistance"]),
    doc("FRA-CPP", "legislation", "Code de procédure pénale", "FRA", "fr", "2019-03-23",
        ["L'entraide judiciaire internationale est accordée par le ministre de la justice.",
         "Le blanchiment du produit d'un crime est puni de cinq ans d'emprisonnement."],
        issues=["mutual-legal-assistance"], crimes=["money-laundering"]),
    doc("CHN-LAW", "legislation", "引渡法", "CHN", "zh", "2000-12-28",
        ["中华人民共和国和外国之间的引渡，依照本法进行。"], issues=["extradition"]),
]  # fmt: skip


@pytest.fixture(scope="module", params=["tantivy", "whoosh"])
def world(request, tmp_path_factory):
    """A real store with documents in several languages, indexed by each real engine."""
    from index.engines import create_engine
    from index.thesaurus import load_thesaurus

    root = tmp_path_factory.mktemp(f"search-{request.param}")
    store = Store(root / "store.sqlite3")
    for d in DOCS:
        store.put_document(d)
    engine = create_engine(request.param, root / "index")
    engine.add(store.iter_documents())
    engine.commit(1)
    (root / "thesaurus").mkdir()
    (root / "thesaurus" / "test.json").write_text(json.dumps(THESAURUS, ensure_ascii=False), encoding="utf-8")
    yield engine, load_taxonomy(), load_thesaurus(root / "thesaurus"), store
    engine.close()
    store.close()


def run(world, ui_lang="en", **params):
    engine, taxonomy, thesaurus, _ = world
    req = SearchRequest.from_params({k: v if isinstance(v, list) else [v] for k, v in params.items()})
    return search(engine, req, taxonomy=taxonomy, thesaurus=thesaurus, ui_lang=ui_lang)


def doc_ids(resp) -> set[str]:
    return {h.document_id for h in resp.hits}


def test_extradition_finds_russian_arabic_and_chinese_provisions(world):
    resp = run(world, q="extradition")
    assert resp.query_language == "en"
    assert {"GBR-EXT", "RUS-UPK", "EGY-LAW", "CHN-LAW"} <= doc_ids(resp)
    assert "USA-CASE" not in doc_ids(resp) and "FRA-CPP" not in doc_ids(resp)
    assert resp.hits[0].document_id == "GBR-EXT"  # the query's own language first
    assert {"выдача", "تسليم المجرمين", "引渡"} <= set(resp.expansions)
    assert resp.errors == []


def test_same_language_keeps_to_english(world):
    resp = run(world, q="extradition", same_lang="1")
    assert doc_ids(resp) == {"GBR-EXT", "AUS-CASE"}
    assert all(h.language == "en" for h in resp.hits)
    assert resp.expansions == []


def test_multiword_concept_is_expanded_as_one(world):
    resp = run(world, q="mutual legal assistance")
    assert {"EGY-LAW", "FRA-CPP"} <= doc_ids(resp)


def test_stopwords_do_not_keep_other_languages_out(world):
    resp = run(world, q="the extradition")
    assert {"GBR-EXT", "RUS-UPK", "EGY-LAW", "CHN-LAW"} <= doc_ids(resp)
    assert resp.hits[0].document_id in ("GBR-EXT", "AUS-CASE")


def test_russian_query_finds_english_provisions(world):
    resp = run(world, q="выдача")
    assert resp.query_language == "ru"
    assert "GBR-EXT" in doc_ids(resp) and "RUS-UPK" in doc_ids(resp)
    assert resp.hits[0].document_id == "RUS-UPK"


def test_long_question_is_expanded_across_languages(world):
    resp = run(world, q="Under which conditions can a person be subject to extradition to another State?")
    assert resp.errors == [] and resp.query_language == "en"
    assert {"GBR-EXT", "RUS-UPK", "EGY-LAW", "CHN-LAW"} <= doc_ids(resp)
    assert resp.hits[0].document_id == "GBR-EXT"


def test_response_as_json(world):
    from search_app.results import search_json  # the one shape of a response, the API's

    resp = run(world, q="extradition", country="RUS", type="case")
    data = json.loads(json.dumps(search_json(resp.request, resp, "en"), ensure_ascii=False))
    assert data["total"] == 0
    assert data["params"] == {"country": ["RUS"], "q": ["extradition"], "type": ["case"]}
    assert data["relaxations"][0] == {"label": resp.relaxations[0].label, "params": {"country": ["RUS"],
                                      "q": ["extradition"]}, "count": 2, "facet": "type", "value": "case"}
    assert [c["value"] for c in data["chips"]] == ["RUS", "case"]


def test_did_you_mean(world):
    resp = run(world, q="extradtion")
    assert resp.total == 0
    assert resp.suggestion is not None
    assert resp.suggestion.text == "extradition"
    assert resp.suggestion.params == {"q": ["extradition"]}
    assert run(world, **resp.suggestion.params).total > 0


def test_no_suggestion_for_known_words(world):
    resp = run(world, q="bribery")
    assert resp.total > 0 and resp.suggestion is None


def test_syntax_error_still_returns_results(world):
    resp = run(world, q="(extradition OR bribery")
    assert resp.errors and "not closed" in resp.errors[0]
    assert {"GBR-EXT", "USA-CASE"} <= doc_ids(resp)


def test_natural_question_ranks_the_relevant_provision_first(world):
    resp = run(world, q="Which court ordered the confiscation of property involved in the offence?")
    assert resp.errors == []
    assert resp.hits[0].provision_id == "USA-CASE/art-2"


def test_filters_facets_and_chips(world):
    resp = run(world, q="extradition", type="legislation", issue="extradition", ui_lang="fr")
    assert doc_ids(resp) == {"GBR-EXT", "RUS-UPK", "EGY-LAW", "CHN-LAW"}
    facets = {f.name: f for f in resp.facets}
    country = {v.value: v for v in facets["country"].values}
    assert country["RUS"].count == 2 and "Russie" in country["RUS"].label
    assert country["GBR"].toggle["country"] == ["GBR"] and "page" not in country["GBR"].toggle
    types = {v.value: v for v in facets["type"].values}
    assert types["legislation"].selected and types["legislation"].label == "Législation"
    assert {c.facet for c in resp.chips} == {"type", "issue"}
    for chip in resp.chips:
        assert chip.facet not in chip.remove


def test_facet_counts_match_the_hits(world):
    resp = run(world, q="extradition", per_page="100")
    facets = {f.name: f for f in resp.facets}
    for v in facets["lang"].values:
        assert v.count == sum(1 for h in resp.hits if h.language == v.value)


def test_relaxations_when_nothing_is_found(world):
    resp = run(world, q="extradition", country="RUS", type="case")
    assert resp.total == 0
    labels = {r.facet: r for r in resp.relaxations}
    assert set(labels) == {"type", "country"}
    assert labels["type"].count == run(world, q="extradition", country="RUS").total == 2
    assert labels["country"].count == run(world, q="extradition", type="case").total == 1
    assert [r.facet for r in resp.relaxations] == ["type", "country"]  # the one finding most first
    label, params = labels["type"]
    assert params == {"country": ["RUS"], "q": ["extradition"]} and "(2)" in label
    resp = run(world, q="bribery", country="RUS", type="treaty")
    assert resp.total == 0 and resp.relaxations == []  # no single filter removal helps: nothing to offer


def test_year_range_and_paging(world):
    resp = run(world, q="*", **{"from": "2001", "to": "2015"}, per_page="2", page="2")
    assert resp.total == sum(1 for d in DOCS if 2001 <= int(d.date[:4]) <= 2015 for _ in d.provisions)
    assert resp.page == 2 and resp.pages == (resp.total + 1) // 2 and len(resp.hits) == 2


def test_collapse_counts_documents(world):
    resp = run(world, q="extradition", collapse="1")
    assert len(resp.hits) == len(doc_ids(resp)) == resp.total_documents


def test_more_like_this(world):
    hits = more_like_this(world[0], "GBR-EXT/art-1", limit=3)
    assert hits and len(hits) <= 3 and all(h.provision_id != "GBR-EXT/art-1" for h in hits)
    assert hits[0].provision_id == "AUS-CASE/art-1"


def test_bundled_thesaurus_expands_extradition(world):
    from index.errors import SherlocError
    from index.thesaurus import load_thesaurus

    try:
        thesaurus = load_thesaurus()
    except SherlocError as exc:
        pytest.skip(f"bundled thesaurus not available: {exc}")
    engine, taxonomy, _, _ = world
    resp = search(engine, SearchRequest(q="extradition"), taxonomy=taxonomy, thesaurus=thesaurus)
    assert {"RUS-UPK", "EGY-LAW", "CHN-LAW"} <= doc_ids(resp)


def test_bundled_corpus_finds_extradition_in_every_language(bundled_home):
    """The shipped sample corpus, taxonomy and thesaurus: one English word, provisions in six languages."""
    from index.sync import IndexHandle
    from index.thesaurus import load_thesaurus

    store = Store(bundled_home.store_path)
    try:
        engine = IndexHandle(bundled_home, store=store).engine
        thesaurus = load_thesaurus()
        resp = search(engine, SearchRequest(q="extradition", per_page=100), thesaurus=thesaurus)
        assert {h.language for h in resp.hits} >= {"en", "ru", "ar", "zh", "es"}
        assert resp.hits[0].language in ("en", "fr")  # French spells it the same way
        english = search(engine, SearchRequest(q="extradition", per_page=100, same_language=True), thesaurus=thesaurus)
        assert english.total > 0 and {h.language for h in english.hits} == {"en"}
        russian = search(engine, SearchRequest(q="выдача"), thesaurus=thesaurus, ui_lang="fr")
        assert russian.query_language == "ru" and russian.hits[0].language == "ru"
    finally:
        store.close()


# -- long facets -----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["tantivy", "whoosh"])
def many_countries(request, tmp_path_factory):
    """170 provisions: 50 countries with 3 each, 20 with 1 each, over 80 years."""
    from index.engines import create_engine
    from tests.index.test_engines import _countries, _many_countries_store

    root = tmp_path_factory.mktemp(f"many-{request.param}")
    store = _many_countries_store(root / "store.sqlite3")
    engine = create_engine(request.param, root / "index")
    engine.add(store.iter_documents())
    engine.commit(1)
    yield engine, _countries(70)
    engine.close()
    store.close()


def facet_of(resp, name):
    return next(f for f in resp.facets if f.name == name)


def test_a_long_facet_is_cut_and_says_so(many_countries):
    engine, countries = many_countries
    resp = search(engine, SearchRequest.from_params({"q": ["bribery"]}))
    country = facet_of(resp, "country")
    assert country.truncated and len(country.values) == 50
    assert not facet_of(resp, "type").truncated
    full = search(engine, SearchRequest.from_params({"q": ["bribery"], "facet_size": ["max"]}))
    country = facet_of(full, "country")
    assert not country.truncated and {v.value for v in country.values} == set(countries)
    assert all(v.toggle["facet_size"] == ["max"] for v in country.values)  # the full list stays full
    ten = facet_of(search(engine, SearchRequest.from_params({"q": ["bribery"], "facet_size": ["10"]})), "country")
    assert ten.truncated and len(ten.values) == 10


def test_a_selected_value_outside_the_top_shows_its_count(many_countries):
    engine, countries = many_countries
    rare = countries[-1]
    resp = search(engine, SearchRequest.from_params({"q": ["bribery"], "country": [rare]}))
    assert resp.total == 1
    first = facet_of(resp, "country").values[0]
    assert (first.value, first.selected, first.count) == (rare, True, 1)


def test_every_year_is_in_the_decades(many_countries):
    engine, _ = many_countries
    resp = search(engine, SearchRequest.from_params({"q": ["bribery"], "facet_size": ["5"]}))
    decades = facet_of(resp, "year").values
    assert len(decades) == 8 and sum(d.count for d in decades) == resp.total == 170
    assert all(d.count == sum(c.count for c in d.children) and len(d.children) == 10 for d in decades)
    ranged = search(engine, SearchRequest.from_params({"q": ["bribery"], "from": ["1901"], "to": ["1948"]}))
    custom = facet_of(ranged, "year").values[0]
    assert custom.selected and custom.count == ranged.total == sum(1 for i in range(170) if 1 <= i % 80 <= 48)


def test_legal_sources_years_and_a_rare_country(tmp_path):
    """The auditor's probe on real records: 131 years, 134 countries."""
    from index.engines import create_engine
    from tests.index.test_engines import _legal_sample

    store = Store(tmp_path / "store.sqlite3")
    for d in _legal_sample(per_country=2):
        store.put_document(d)
    engine = create_engine("tantivy", tmp_path / "index")
    engine.add(store.iter_documents())
    engine.commit(1)
    dated, = store.conn.execute("SELECT COUNT(*) FROM provisions p JOIN documents d ON d.id = p.document_id"
                                " WHERE substr(d.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'").fetchone()
    years, = store.conn.execute("SELECT COUNT(DISTINCT substr(date, 1, 4)) FROM documents"
                                " WHERE substr(date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'").fetchone()
    resp = search(engine, SearchRequest())
    decades = facet_of(resp, "year").values
    assert years > 50 and sum(len(d.children) for d in decades) == years
    assert sum(d.count for d in decades) == dated
    assert facet_of(resp, "country").truncated
    rare, n = store.conn.execute("SELECT d.country, COUNT(*) AS n FROM provisions p JOIN documents d"
                                 " ON d.id = p.document_id GROUP BY d.country ORDER BY n, d.country").fetchone()
    resp = search(engine, SearchRequest(filters={"country": [rare]}))
    first = facet_of(resp, "country").values[0]
    assert resp.total == n and (first.value, first.count) == (rare, n)
    engine.close()
    store.close()
