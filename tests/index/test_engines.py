"""One contract suite run against every engine in index.engines.ENGINES.

Each test builds a real Store with documents written here (six languages) and a real
engine index from it through index.sync, then checks what a user of the search sees.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import re
import signal
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from index.engines import ENGINES, create_engine
from index.errors import SherlocError
from index.home import Home
from index.indexdocs import provision_rows
from index.models import Classification, DocumentRecord, Provision
from index.plan import Bool, EngineQuery, MatchAll, Phrase, Range, Term, facet_field
from index.store import Store
from index.sync import catch_up, rebuild

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data"
DEFAULT_FACET_LIMIT = EngineQuery().facet_limit


def _doc(doc_id, type_, title, country, date, lang, texts, crime=(), issue=(), per_provision=None, metadata=None,
         origin="rule"):
    provisions = [
        Provision(label=f"Article {i}", number=str(i), text=t, language=lang, order=i, heading=h)
        for i, (h, t) in enumerate(texts, 1)
    ]
    classes = [Classification("crime", c, origin) for c in crime] + [Classification("issue", i, origin) for i in issue]
    for number, scheme, term in per_provision or ():
        classes.append(Classification(scheme, term, provision_id=f"{doc_id}/art-{number}"))
    return DocumentRecord(
        id=doc_id, type=type_, title=title, country=country, languages=[lang], date=date,
        provisions=provisions, classifications=classes, metadata=metadata or {},
    )


def corpus() -> list[DocumentRecord]:
    """Documents written for these tests (not copied from anywhere)."""
    docs = [
        _doc("gbr-extradition-2003", "legislation", "Extradition Act", "GBR", "2003-11-20", "en", [
            ("Part 1", "A person accused of an offence may be extradited to a requesting State."),
            ("Part 2", "Mutual legal assistance shall be afforded in investigations of organized crime."),
            ("Part 2", "The court may order confiscation of the proceeds of crime."),
        ], crime=["organized-crime-participation"], per_provision=[(1, "issue", "extradition"),
                                                                   (2, "issue", "mutual-legal-assistance"),
                                                                   (3, "issue", "confiscation-seizure")]),
        _doc("fra-code-penal-1994", "legislation", "Code pénal", "FRA", "1994-03-01", "fr", [
            ("Livre II", "En cas de décès de la victime, la peine est la réclusion criminelle à perpétuité."),
            ("Livre III", "Le blanchiment est le fait de faciliter la justification mensongère de l'origine"
                          " des biens."),
        ], crime=["trafficking-in-persons", "money-laundering"], issue=["victim-protection"], origin="source"),
        _doc("esp-ley-2010", "legislation", "Ley orgánica de extradición pasiva", "ESP", "2010-06-22", "es", [
            ("", "La extradición podrá concederse por delitos de tráfico ilícito de migrantes."),
        ], crime=["migrant-smuggling"], issue=["extradition"], origin="editor"),
        _doc("rus-uk-1996", "legislation", "Уголовный кодекс", "RUS", "1996-06-13", "ru", [
            ("Глава 2", "Выдача лица, совершившего преступление, осуществляется в соответствии с договором."),
        ], crime=["organized-crime-participation"], issue=["extradition"]),
        _doc("egy-tip-2010", "legislation", "قانون مكافحة الاتجار بالبشر", "EGY", "2010-05-09", "ar", [
            ("", "يعاقب على جَرِيمَة الاتجار بالبشر وفقا إلى أحكام الاتفاقيه الدولية لحماية الأطفال."),
        ], crime=["trafficking-in-persons"], issue=["victim-protection", "prevention"]),
        _doc("chn-extradition-2000", "legislation", "中华人民共和国引渡法", "CHN", "2000-12-28", "zh", [
            ("第一章", "为了保障引渡的正常进行，加强惩罚犯罪方面的国际合作，制定本法。"),
        ], issue=["extradition"]),
        _doc("gbr-case-2015", "case", "R v Smith", "GBR", "2015-04-02", "en", [
            ("Facts", "The defendant wrote <script>alert('x')</script> and was convicted of money laundering."),
        ], crime=["money-laundering"], metadata={"court": "Court of Appeal", "symbol": "[2015] EWCA Crim 12"}),
        _doc("un-untoc-2000", "treaty", "Convention against Transnational Organized Crime", "UN", "2000-11-15",
             "en", [
                 ("", "This Convention shall apply to the prevention, investigation and prosecution of offences."),
                 ("", "Each State Party shall adopt measures to establish as criminal offences the laundering."),
                 ("", "States Parties shall afford one another the widest measure of mutual legal assistance."),
             ], crime=["organized-crime-participation"], issue=["mutual-legal-assistance", "criminalization"]),
    ]
    # a family of near-identical documents so paging, ties and collapse have work to do
    for i in range(24):
        date = f"20{10 + i % 6:02d}-01-0{1 + i % 3}"
        docs.append(_doc(
            f"doc-group-{i:02d}", "document", f"Guidance note {i}", ["FRA", "BRA", "CHN"][i % 3], date, "en",
            [("", f"Organized criminal groups and the smuggling of migrants, note {i}."),
             ("", "Criminal groups exploit migrants; smuggling networks adapt.")],
            crime=["migrant-smuggling"] + (["organized-crime-participation"] if i % 2 else []),
            issue=["joint-investigations"] if i % 4 == 0 else [], origin="source" if i % 3 == 0 else "rule",
        ))
    return docs


@pytest.fixture(params=sorted(ENGINES))
def built(request, tmp_path):
    """(store, engine) with corpus() indexed through catch_up."""
    store = Store(tmp_path / "store.sqlite3")
    for doc in corpus():
        store.put_document(doc)
    engine = create_engine(request.param, tmp_path / "index")
    catch_up(store, engine)
    yield store, engine
    engine.close()
    store.close()


@pytest.fixture(params=sorted(ENGINES))
def open_engine(request):
    """A function opening an empty engine in a directory (every engine; closed after the test)."""
    opened = []

    def open_(directory):
        engine = create_engine(request.param, directory)
        opened.append(engine)
        return engine

    yield open_
    for engine in opened:
        engine.close()


def indexed(open_engine, store: Store, directory: Path):
    """An engine holding every document of `store`, through catch_up."""
    engine = open_engine(directory)
    catch_up(store, engine)
    return engine


def ids(result) -> list[str]:
    return [h.provision_id for h in result.hits]


def docs_of(result) -> set[str]:
    return {h.document_id for h in result.hits}


def find(engine, node, **kw):
    return engine.search(EngineQuery(node=node, limit=kw.pop("limit", 100), **kw))


def test_stemming_across_languages(built):
    _, engine = built
    assert "gbr-extradition-2003" in docs_of(find(engine, Term("extradition")))  # text has "extradited"
    assert "gbr-extradition-2003" in docs_of(find(engine, Term("extradite")))
    assert "rus-uk-1996" in docs_of(find(engine, Term("выдача")))  # text has "Выдача"
    assert "rus-uk-1996" in docs_of(find(engine, Term("выдачи")))
    assert "fra-code-penal-1994" in docs_of(find(engine, Term("deces")))  # accents folded
    assert "fra-code-penal-1994" in docs_of(find(engine, Term("DÉCÈS")))
    assert "esp-ley-2010" in docs_of(find(engine, Term("extradicion")))
    assert docs_of(find(engine, Term("zzzyx"))) == set()


def test_arabic_normalisation(built):
    _, engine = built
    # أحكام written with a bare alef, الاتفاقيه with ta marbuta, جريمة without diacritics
    for word in ("احكام", "الاتفاقية", "جريمة", "الأطفال"):
        assert "egy-tip-2010" in docs_of(find(engine, Term(word))), word


def test_chinese_bigrams(built):
    _, engine = built
    assert docs_of(find(engine, Term("引渡"))) == {"chn-extradition-2000"}
    assert docs_of(find(engine, Phrase("国际合作"))) == {"chn-extradition-2000"}
    assert docs_of(find(engine, Phrase("合作国际"))) == set()


def test_phrase_prefix_fuzzy_not(built):
    _, engine = built
    assert docs_of(find(engine, Phrase("mutual legal assistance"))) == {"gbr-extradition-2003", "un-untoc-2000"}
    assert docs_of(find(engine, Phrase("legal mutual assistance"))) == set()
    assert "gbr-extradition-2003" in docs_of(find(engine, Term("extrad", prefix=True)))
    assert "gbr-extradition-2003" in docs_of(find(engine, Term("extradtied", fuzzy=2)))
    assert docs_of(find(engine, Term("extradtied"))) == set()
    both = docs_of(find(engine, Term("laundering")))
    assert {"gbr-case-2015", "un-untoc-2000"} <= both
    without = docs_of(find(engine, Bool(must=[Term("laundering")], must_not=[Term("convention", field="title")])))
    assert "gbr-case-2015" in without and "un-untoc-2000" not in without
    only_not = docs_of(find(engine, Bool(must_not=[Term("migrants")])))
    assert "gbr-case-2015" in only_not and not any(d.startswith("doc-group") for d in only_not)


def test_field_values(built):
    _, engine = built
    assert docs_of(find(engine, Term("FRA", field="country"))) == {"fra-code-penal-1994"} | {
        f"doc-group-{i:02d}" for i in range(0, 24, 3)}
    assert docs_of(find(engine, Term("case", field="type"))) == {"gbr-case-2015"}
    assert docs_of(find(engine, Term("ru", field="lang"))) == {"rus-uk-1996"}
    assert docs_of(find(engine, Term("extradition", field="title"))) >= {"gbr-extradition-2003"}
    assert "esp-ley-2010" in docs_of(find(engine, Term("extradicion", field="title")))
    assert docs_of(find(engine, Term("2015", field="year"))) == {"gbr-case-2015"} | {
        f"doc-group-{i:02d}" for i in range(24) if i % 6 == 5}
    assert ids(find(engine, Term("gbr-extradition-2003/art-2", field="id"))) == ["gbr-extradition-2003/art-2"]
    assert len(find(engine, Term("gbr-extradition-2003", field="id")).hits) == 3
    assert ids(find(engine, Bool(must=[Term("un-untoc-2000", field="id"), Term("3", field="article")]))) == [
        "un-untoc-2000/art-3"]
    assert docs_of(find(engine, Term("appeal", field="court"))) == {"gbr-case-2015"}
    assert docs_of(find(engine, Term("[2015] EWCA Crim 12", field="symbol"))) == {"gbr-case-2015"}


def test_year_range_and_filters(built):
    _, engine = built
    got = find(engine, Range("year", 1990, 2000))
    assert docs_of(got) == {"fra-code-penal-1994", "rus-uk-1996", "chn-extradition-2000", "un-untoc-2000"}
    assert docs_of(find(engine, MatchAll(), year_from=2001, year_to=2003)) == {"gbr-extradition-2003"}
    got = find(engine, Range("year", 1996, None), filters={"country": ["RUS", "CHN", "ESP"]}, year_to=2005)
    assert docs_of(got) == {"rus-uk-1996", "chn-extradition-2000"}


def test_language_weights_and_restriction(built):
    _, engine = built
    assert "gbr-extradition-2003" in docs_of(find(engine, Term("extradition")))
    assert "gbr-extradition-2003" not in docs_of(find(engine, Term("extradition"), lang_weights={"en": 0}))
    assert docs_of(find(engine, Term("extradicion", langs=("es",)))) == {"esp-ley-2010"}
    assert docs_of(find(engine, Term("extradited", langs=("es", "fr")))) == set()
    weighted = find(engine, Term("organized"), lang_weights={"en": 2.0})
    plain = find(engine, Term("organized"))
    assert ids(weighted) == ids(plain) and weighted.hits[0].score > plain.hits[0].score


# -- expected facet counts, from the store's tables and the taxonomy files ------------------
#
# Nothing here goes through the code the engines index with (index.indexdocs, index.taxonomy,
# index.countries): the values of each provision are read with SQL from the store, parents from
# corpus/taxonomy/*.json, regions from corpus/reference/*.json.


@lru_cache(maxsize=1)
def _parents() -> dict[str, str]:
    """Taxonomy id -> parent id, from the taxonomy files."""
    out = {}
    for path in sorted((REPO / "corpus" / "taxonomy").glob("*.json")):
        for term in json.loads(path.read_text(encoding="utf-8"))["terms"]:
            if term.get("parent"):
                out[term["id"]] = term["parent"]
    return out


def _with_parents(ids_: list[str]) -> set[str]:
    out = set()
    for term in ids_:
        while term and term not in out:
            out.add(term)
            term = _parents().get(term)
    return out


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Country or organisation code -> region, from the reference files."""
    ref = REPO / "corpus" / "reference"
    regions = json.loads((ref / "regions.json").read_text(encoding="utf-8"))
    orgs = json.loads((ref / "organisations.json").read_text(encoding="utf-8"))["organisations"]
    return {**regions["countries"], **dict.fromkeys(orgs, regions["organisations"])}


def _editor_wins(entries: list[tuple[str, str]], curated_doc: bool = False) -> list[str]:
    """Curated classifications (the source's, an editor's) replace the rules' at the same level (document
    or provision), and every rule suggestion where the document has curated ones; hints never count."""
    editors = [term for term, origin in entries if origin in ("source", "editor")]
    return editors if editors or curated_doc else [term for term, origin in entries if origin == "rule"]


def store_rows(store: Store) -> list[dict]:
    """Per provision: its id and the set of values of each facet, read with SQL from the store."""
    classes: dict[tuple[str, str | None, str], list[tuple[str, str]]] = {}
    for doc_id, prov_id, scheme, term, origin in store.conn.execute(
            "SELECT document_id, provision_id, scheme, term_id, origin FROM classifications"):
        classes.setdefault((doc_id, prov_id, scheme), []).append((term, origin))
    rows = []
    for pid, doc_id, lang, country, type_, date in store.conn.execute(
            "SELECT p.id, p.document_id, p.language, d.country, d.type, d.date"
            " FROM provisions p JOIN documents d ON d.id = p.document_id"):
        year = int(date[:4]) if date and date[:4].isdigit() else None
        terms = {}
        for scheme in ("crime", "issue"):
            whole = classes.get((doc_id, None, scheme), [])
            curated = any(origin in ("source", "editor") for _, origin in whole)
            terms[scheme] = _editor_wins(whole) + _editor_wins(classes.get((doc_id, pid, scheme), []), curated)
            terms[f"{scheme}_curated"] = [term for term, origin in whole + classes.get((doc_id, pid, scheme), [])
                                          if origin in ("source", "editor")]
        rows.append({
            "id": pid, "_doc": doc_id, "_year": year, "crime": set(terms["crime"]),
            "issue": _with_parents(terms["issue"]),
            "crime_curated": set(terms["crime_curated"]), "issue_curated": _with_parents(terms["issue_curated"]),
            "country": {country} if country else set(), "type": {type_},
            "region": {_regions()[country]} if country in _regions() else set(),
            "lang": {lang} if lang else set(), "year": {str(year)} if year is not None else set(),
        })
    return rows


def expected_facets(store: Store, eq: EngineQuery, matching: set[str] | None = None):
    """(facets, truncated) as the contract states them, for the provisions in `matching` (None: all).

    Each facet counts under the year range and every filter but its own; it keeps its
    `facet_limit` most frequent values (ties by value) plus the selected ones; years are complete.
    With one result per document (collapse), a value counts the documents that have it, not provisions;
    with `curated`, crime types and issues are those the source or an editor gave, without rule suggestions.
    """
    facets, truncated = {}, []
    rows = store_rows(store)
    for facet in eq.facets:
        counts: Counter = Counter()
        seen: set[tuple[str, str]] = set()
        for row in rows:
            if matching is not None and row["id"] not in matching:
                continue
            if eq.year_from is not None and (row["_year"] is None or row["_year"] < eq.year_from):
                continue
            if eq.year_to is not None and (row["_year"] is None or row["_year"] > eq.year_to):
                continue
            if all(set(values) & row[facet_field(f, eq.curated)] for f, values in eq.filters.items()
                   if f != facet and values):
                own = row[facet_field(facet, eq.curated)]
                if eq.collapse:
                    values = {v for v in own if (row["_doc"], v) not in seen}
                    seen.update((row["_doc"], v) for v in values)
                    counts.update(values)
                else:
                    counts.update(own)
        if facet != "year" and eq.facet_limit is not None and len(counts) > eq.facet_limit:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = dict(ranked[: eq.facet_limit])
            shown.update({v: counts[v] for v in eq.filters.get(facet, []) if v in counts})
            truncated.append(facet)
        else:
            shown = dict(counts)
        facets[facet] = shown
    return facets, truncated


def text_matches(engine, node, store: Store, word: str) -> set[str]:
    """The provisions a text query matches, as the engine finds them with no filter at all.

    Which words match is the engine's analysis (tested above); it is checked loosely here: every
    provision with the word as written is found, and every one found has its first letters.
    """
    got = engine.search(EngineQuery(node=node, facets=(), snippets=False, limit=100_000))
    found = {h.provision_id for h in got.hits}
    assert len(found) == got.total > 0
    literal = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    rows = store.conn.execute("SELECT p.id, d.title || ' ' || p.heading || ' ' || p.text"
                              " FROM provisions p JOIN documents d ON d.id = p.document_id").fetchall()
    assert {pid for pid, text in rows if literal.search(text)} <= found
    texts = dict(rows)
    assert all(word[:4].lower() in texts[pid].lower() for pid in found)
    return found


def expected_without(store: Store, eq: EngineQuery, matching: set[str] | None = None) -> dict[str, int]:
    """Per filtered facet: the provisions matching under the year range and every other filter."""
    rows = [row for row in store_rows(store) if (matching is None or row["id"] in matching)
            and (eq.year_from is None or (row["_year"] is not None and row["_year"] >= eq.year_from))
            and (eq.year_to is None or (row["_year"] is not None and row["_year"] <= eq.year_to))]  # fmt: skip
    filters = {f: set(v) for f, v in eq.filters.items() if v}
    return {facet: sum(all(values & row[f] for f, values in filters.items() if f != facet) for row in rows)
            for facet in filters if facet in eq.facets}  # fmt: skip


def assert_facets_as_expected(engine, store: Store, eq: EngineQuery, matching: set[str] | None = None) -> None:
    got = engine.search(eq)
    facets, truncated = expected_facets(store, eq, matching)
    assert got.facets == facets
    assert sorted(got.truncated) == sorted(truncated)
    # what a search that finds nothing offers: the count without each filter, from the same pass
    assert got.without == expected_without(store, eq, matching)


# filters on two facets and a year range, in every combination the contract names
FACET_CASES = [
    ({}, None, None),
    ({"country": ["FRA"]}, None, None),
    ({"country": ["FRA", "BRA"], "crime": ["organized-crime-participation"]}, None, None),
    ({"issue": ["international-cooperation"]}, None, None),
    ({"lang": ["en", "fr"], "type": ["legislation"]}, 1995, None),
    ({"country": ["FRA", "CHN"], "crime": ["migrant-smuggling"]}, 2011, 2014),
    ({"type": ["document"], "issue": ["joint-investigations"]}, None, 2012),
]


@pytest.mark.parametrize("filters,year_from,year_to", FACET_CASES)
def test_curated_facets_and_filters_leave_rule_suggestions_out(built, filters, year_from, year_to):
    store, engine = built
    for collapse in (False, True):
        eq = EngineQuery(node=MatchAll(), filters=filters, year_from=year_from, year_to=year_to, limit=5,
                         collapse=collapse, curated=True)
        got = engine.search(eq)
        assert got.facets == expected_facets(store, eq)[0]
    if not filters and year_from is None and year_to is None:
        everything = engine.search(replace(eq, curated=False)).facets["crime"]
        # half the documents of organized crime have it only as a rule suggestion
        assert 0 < got.facets["crime"]["organized-crime-participation"] < everything["organized-crime-participation"]
        filtered = engine.search(replace(eq, filters={"crime": ["migrant-smuggling"]}))
        assert filtered.total_documents == 1 + len(range(0, 24, 3))  # the editor's and the sources' only


@pytest.mark.parametrize("filters,year_from,year_to", FACET_CASES)
def test_facet_counts_are_documents_with_one_result_per_document(built, filters, year_from, year_to):
    store, engine = built
    eq = EngineQuery(node=MatchAll(), filters=filters, year_from=year_from, year_to=year_to, limit=5, collapse=True)
    got = engine.search(eq)
    assert got.facets == expected_facets(store, eq)[0]
    # a document with several provisions of one crime type counts once: the counts differ from by-provision
    if not filters and year_from is None and year_to is None:
        by_provision = engine.search(replace(eq, collapse=False)).facets
        assert any(by_provision["crime"][v] > n for v, n in got.facets["crime"].items())
        assert max(got.facets["type"].values()) <= got.total_documents


@pytest.mark.parametrize("filters,year_from,year_to", FACET_CASES)
def test_facet_counts_equal_the_store(built, filters, year_from, year_to):
    store, engine = built
    eq = EngineQuery(node=MatchAll(), filters=filters, year_from=year_from, year_to=year_to, limit=5)
    assert eq.facet_limit == DEFAULT_FACET_LIMIT
    assert_facets_as_expected(engine, store, eq)
    # and with a text query: only provisions mentioning smuggling
    node = Term("smuggling")
    matching = {pid for pid, text in store.conn.execute("SELECT id, text FROM provisions") if "smuggling" in text}
    assert matching == text_matches(engine, node, store, "smuggling")
    assert_facets_as_expected(engine, store, replace(eq, node=node), matching)


def _countries(n: int) -> list[str]:
    import pycountry

    return sorted(c.alpha_3 for c in pycountry.countries)[:n]


def _many_countries_store(path: Path) -> Store:
    """170 one-provision documents: 50 countries with 3 each, 20 with 1 each, over 80 years."""
    store = Store(path)
    countries = _countries(70)
    for i in range(170):
        country = countries[i // 3] if i < 150 else countries[50 + i - 150]
        store.put_document(_doc(f"many-{i:03d}", "legislation", f"Act {i}", country, f"{1900 + i % 80}-01-01", "en",
                                [("", f"Provisions on bribery, number {i}.")]))
    return store


def test_a_long_facet_is_cut_but_selected_values_and_years_are_complete(open_engine, tmp_path):
    store = _many_countries_store(tmp_path / "store.sqlite3")
    engine = indexed(open_engine, store, tmp_path / "index")
    rare = _countries(70)[-1]  # one provision: far outside the 50 most frequent countries
    got = engine.search(EngineQuery(node=Term("bribery")))
    assert got.total == 170
    assert len(got.facets["country"]) == DEFAULT_FACET_LIMIT and rare not in got.facets["country"]
    assert got.truncated == ["country"]
    assert len(got.facets["year"]) == 80 and sum(got.facets["year"].values()) == 170
    selected = engine.search(EngineQuery(node=Term("bribery"), filters={"country": [rare]}))
    assert selected.total == 1 and selected.facets["country"][rare] == 1
    assert len(selected.facets["country"]) == DEFAULT_FACET_LIMIT + 1
    everything = engine.search(EngineQuery(node=Term("bribery"), facet_limit=None))
    assert len(everything.facets["country"]) == 70 and everything.truncated == []
    store.close()


def test_facet_counts_on_the_bundled_corpus(open_engine, bundled_home, tmp_path):
    store = Store(bundled_home.store_path)
    try:
        engine = indexed(open_engine, store, tmp_path / "index")
        rows = store_rows(store)
        countries = Counter(c for r in rows for c in r["country"]).most_common()
        years = sorted({r["_year"] for r in rows if r["_year"] is not None})
        filters = {"country": [countries[0][0], countries[-1][0]], "issue": ["international-cooperation"]}
        cases = [({}, None, None), (filters, years[len(years) // 4], years[-1]),
                 ({"type": ["legislation"], "lang": ["en", "fr", "es"]}, None, years[len(years) // 2])]
        node = Term("extradition")
        matching = text_matches(engine, node, store, "extradition")
        for filters, year_from, year_to in cases:
            eq = EngineQuery(node=MatchAll(), filters=filters, year_from=year_from, year_to=year_to)
            assert_facets_as_expected(engine, store, eq)
            assert_facets_as_expected(engine, store, replace(eq, node=node), matching)
    finally:
        store.close()


def test_parent_issue_counts_its_children(built):
    _, engine = built
    facets = engine.search(EngineQuery(node=MatchAll())).facets["issue"]
    # extradition (4 provisions) + mutual legal assistance (4) + joint investigations (12) are cooperation
    assert facets["extradition"] == 4
    assert facets["international-cooperation"] >= facets["extradition"] + facets["joint-investigations"]
    narrowed = engine.search(EngineQuery(node=MatchAll(), filters={"issue": ["international-cooperation"]}))
    assert narrowed.total == facets["international-cooperation"]


def test_collapse_one_row_per_document(built):
    _, engine = built
    full = engine.search(EngineQuery(node=Term("smuggling"), limit=100))
    assert full.total == 48 and full.total_documents == 24
    pages = [engine.search(EngineQuery(node=Term("smuggling"), collapse=True, offset=o, limit=7))
             for o in range(0, 28, 7)]
    rows = [h for p in pages for h in p.hits]
    assert [p.total_documents for p in pages] == [24] * 4
    assert len(rows) == 24 and len({h.document_id for h in rows}) == 24
    # each row is its document's best provision: the first of that document in the full ranking
    first = {}
    for h in full.hits:
        first.setdefault(h.document_id, h.provision_id)
    assert [h.provision_id for h in rows] == [first[d] for d in dict.fromkeys(h.document_id for h in full.hits)]


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("node", [MatchAll(), Term("migrants"), Term("FRA", field="country")], ids=str)
def test_stable_paging(built, sort, node):
    _, engine = built
    full = engine.search(EngineQuery(node=node, sort=sort, limit=1000))
    assert len(ids(full)) == full.total == len(set(ids(full)))
    for size in (1, 3, 7):
        pages = [engine.search(EngineQuery(node=node, sort=sort, offset=o, limit=size))
                 for o in range(0, full.total, size)]
        assert list(itertools.chain.from_iterable(ids(p) for p in pages)) == ids(full)
    if sort == "date" or not isinstance(node, Term) or node.field:
        keys = [(h.date or "", h.provision_id) for h in full.hits]
        assert keys == sorted(keys, key=lambda k: (-int(k[0].replace("-", "") or 0), k[1]))


def test_relevance_ranks_title_matches_first(built):
    _, engine = built
    # "organized" is in the title of the Convention (not in its articles) and in the body of 25
    # other provisions: every title match must come before every body-only match
    got = find(engine, Term("organized"))
    in_title = [i for i, h in enumerate(got.hits) if "organized" in h.title.lower()]
    body_only = [i for i, h in enumerate(got.hits) if "organized" not in h.title.lower()]
    assert {got.hits[i].document_id for i in in_title} == {"un-untoc-2000"} and len(in_title) == 3
    assert all("organized" not in got.hits[i].text.lower() for i in in_title)
    assert len(body_only) == 25 and all("organized" in got.hits[i].text.lower() for i in body_only)
    assert max(in_title) < min(body_only)


def test_snippets_are_escaped_and_marked(built):
    _, engine = built
    hit = find(engine, Term("laundering"), filters={"type": ["case"]}).hits[0]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>laundering</mark>" in hit.snippet_html
    assert "<script>" in hit.text  # the text itself is kept as written
    fr = find(engine, Term("deces")).hits[0]
    assert "<mark>décès</mark>" in fr.snippet_html
    zh = find(engine, Term("引渡")).hits[0]
    assert "<mark>引渡</mark>" in zh.snippet_html


def test_more_like_this_and_suggest(built):
    _, engine = built
    similar = engine.more_like_this("doc-group-03/art-2", limit=5)
    assert similar and all(h.provision_id != "doc-group-03/art-2" for h in similar)
    assert similar[0].text == "Criminal groups exploit migrants; smuggling networks adapt."
    assert "migrants" in engine.suggest("migrnats")
    assert engine.suggest("qqqqqqq") == []


def test_delete_and_replace_through_catch_up(built):
    store, engine = built
    before = engine.count()
    seq = engine.applied_seq()
    store.delete_document("rus-uk-1996")
    doc = next(d for d in corpus() if d.id == "esp-ley-2010")
    doc.provisions[0].text = "Texto sustituido sobre la cooperación judicial."
    store.put_document(doc)
    assert catch_up(store, engine) == 2
    assert engine.applied_seq() == store.last_seq() > seq
    assert engine.count() == before - 1
    assert docs_of(find(engine, Term("выдача"))) == set()
    assert docs_of(find(engine, Term("ilicito"))) == set()
    assert docs_of(find(engine, Term("sustituido"))) == {"esp-ley-2010"}
    assert catch_up(store, engine) == 0


def test_rebuild_while_a_searcher_is_open(tmp_path):
    for name in sorted(ENGINES):
        home = Home(tmp_path / name)
        store = Store(home.store_path)
        for doc in corpus()[:8]:
            store.put_document(doc)
        first = rebuild(store, home, name)
        assert first["documents"] == 8 and first["provisions"] == 13
        old = create_engine(name, first["directory"])
        assert old.search(EngineQuery(node=Term("extradition"))).total > 0
        store.delete_document("gbr-extradition-2003")
        second = rebuild(store, home, name)
        assert second["directory"] != first["directory"] and second["provisions"] == 10
        assert old.search(EngineQuery(node=Term("confiscation"))).total == 1  # the old index still answers
        new = create_engine(name, second["directory"])
        assert new.search(EngineQuery(node=Term("confiscation"))).total == 0
        old.close()
        new.close()
        store.close()


def _answer(result) -> tuple:
    return result.total, ids(result), result.facets


def test_searches_at_once_from_threads_and_from_a_forked_process(built):
    """The web app searches from several threads at once, and ingest forks its workers from a
    process that may have searched: each answer is the one a search on its own gives."""
    _, engine = built
    queries = [EngineQuery(node=Term(w), filters=f) for w in ("extradition", "выдача", "confiscation", "*")
               for f in ({}, {"type": ["legislation"]})]
    alone = [_answer(engine.search(q)) for q in queries]
    assert any(total > 0 for total, _, _ in alone)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            assert list(pool.map(lambda q: _answer(engine.search(q)), queries)) == alone
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, or say why not, within the time the parent waits
        os.close(read)
        try:
            signal.alarm(20)
            ok = [_answer(engine.search(q)) for q in queries] == alone
            os.write(write, b"same" if ok else b"different")
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        told = fh.read()
    os.waitpid(pid, 0)
    assert told == b"same"


def test_unknown_engine_names_choices(tmp_path):
    with pytest.raises(SherlocError, match="tantivy"):
        create_engine("lucene", tmp_path)


def _alpha3(code: str | None) -> str:
    import pycountry

    if not code:
        return "UN"
    found = pycountry.countries.get(alpha_2="GB" if code == "UK" else code)
    return found.alpha_3 if found else "UN"


def _legal_record(n: int, rec: dict) -> DocumentRecord | None:
    paras = [p for p in rec["text"].split("\n\n") if p.strip()][:8]
    if not paras:
        return None
    lang = rec.get("lang_guess") or "en"
    return DocumentRecord(
        id=f"ls-{n}", type="case" if rec["type"] == "case_law" else "legislation", title=rec["title"] or "",
        country=_alpha3(rec.get("country")), date=rec.get("date"), languages=[lang],
        provisions=[Provision(label=f"Paragraph {i}", number=str(i), kind="paragraph", text=p, language=lang,
                              order=i) for i, p in enumerate(paras, 1)],
        classifications=[Classification("crime", "corruption")] if "corrupt" in rec["text"].lower() else [],
    )


def _legal_sample(limit: int = 120, per_country: int = 0) -> list[DocumentRecord]:
    """Every 97th record of legal-sources, plus the first `per_country` of each country."""
    path = SHARED / "legal-sources" / "dev.jsonl.gz"
    if not path.exists():
        pytest.skip("../shared/data not present: legal-sources/dev.jsonl.gz")
    docs, spread, taken = [], 0, Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            rec = json.loads(line)
            first_of_country = taken[rec.get("country")] < per_country
            if n % 97 and not first_of_country:
                continue  # a spread of sources, not only the first one
            if not first_of_country and spread >= limit:
                continue
            doc = _legal_record(n, rec)
            if doc is None:
                continue
            docs.append(doc)
            taken[rec.get("country")] += 1
            spread += not first_of_country
    return docs


def test_facet_counts_on_legal_sources(open_engine, tmp_path):
    store = Store(tmp_path / "store.sqlite3")
    for doc in _legal_sample(per_country=2):
        store.put_document(doc)
    engine = indexed(open_engine, store, tmp_path / "index")
    rows = store_rows(store)
    countries = Counter(c for r in rows for c in r["country"]).most_common()
    assert len(countries) > 2 * DEFAULT_FACET_LIMIT  # the country facet is cut
    rare = countries[-1][0]
    node = Term("court")
    matching = text_matches(engine, node, store, "court")
    for filters, year_from, year_to in (
        ({}, None, None),
        ({"country": ["USA", "FRA"]}, None, None),
        ({"crime": ["corruption"], "lang": ["en"]}, 1990, 2020),
        ({"country": [rare, countries[0][0]], "type": ["case"]}, None, 2015),
    ):
        eq = EngineQuery(node=MatchAll(), filters=filters, year_from=year_from, year_to=year_to)
        assert_facets_as_expected(engine, store, eq)
        assert_facets_as_expected(engine, store, replace(eq, node=node), matching)
    selected = engine.search(EngineQuery(node=MatchAll(), filters={"country": [rare]})).facets["country"]
    assert selected[rare] == countries[-1][1] > 0
    store.close()


def test_region_and_issue_rows(built):
    store, engine = built
    got = engine.search(EngineQuery(node=MatchAll(), filters={"region": ["europe"]}, limit=200))
    assert {h.document_id for h in got.hits} >= {"gbr-extradition-2003", "fra-code-penal-1994", "esp-ley-2010"}
    assert not {h.document_id for h in got.hits} & {"chn-extradition-2000", "egy-tip-2010"}
    rows = provision_rows(store.get_document("gbr-extradition-2003"))
    assert rows[0]["region"] == ["europe"] and rows[0]["year"] == 2003 and rows[0]["date_key"] == 20031120
    assert rows[0]["issue"] == ["extradition", "international-cooperation"]  # the parent counts too
    assert rows[2]["issue"] == ["confiscation-seizure"] and rows[2]["article"] == "3"
