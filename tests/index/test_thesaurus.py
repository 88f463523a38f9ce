"""The bundled thesaurus: coverage of the six languages, and matching terms in legal text."""

import json

import pytest

from index.errors import SherlocError
from index.models import LANGUAGES
from index.taxonomy import load_taxonomy
from index.textnorm import norm_phrase
from index.thesaurus import load_thesaurus


@pytest.fixture(scope="module")
def th():
    return load_thesaurus()


def ids(matches):
    return [m.concept.id for m in matches]


def test_at_least_200_key_concepts_besides_taxonomy(th):
    tax = load_taxonomy()
    taxonomy_ids = {t.id for scheme in ("crime", "issue") for t in tax.terms(scheme)}
    own = [c for c in th.concepts if c.id not in taxonomy_ids]
    assert len(own) >= 200
    assert len({c.id for c in th.concepts}) == len(th.concepts)


def test_every_concept_in_six_languages(th):
    for concept in th.concepts:
        assert set(concept.terms) == set(LANGUAGES), concept.id
        for lang in LANGUAGES:
            assert concept.terms[lang] and all(t.strip() for t in concept.terms[lang]), (concept.id, lang)
            assert concept.preferred(lang) == concept.terms[lang][0]


def test_every_taxonomy_term_has_a_concept(th):
    tax = load_taxonomy()
    for scheme in ("crime", "issue"):
        for term in tax.terms(scheme):
            concepts = th.for_taxonomy(scheme, term.id)
            assert concepts, (scheme, term.id)
            # The label itself is one of the concept's terms in each language.
            assert any(term.labels["fr"] in c.terms["fr"] for c in concepts), term.id


def test_a_term_belongs_to_one_concept_per_language(th):
    owners = {}
    for concept in th.concepts:
        for lang, terms in concept.terms.items():
            for term in terms:
                key = (lang, norm_phrase(term))
                assert owners.setdefault(key, concept.id) == concept.id, (key, owners[key], concept.id)


def test_russian_inflections_find_extradition(th):
    text = "Статья 16. Просьба о выдаче может быть отклонена; при отказе в выдаче запрашивающее государство извещается"
    found = th.match(text, "ru")
    extradition = [m for m in found if m.concept.id == "extradition"]
    assert [text[m.start : m.end] for m in extradition] == ["выдаче", "выдаче"]
    assert "requesting-state" in ids(found)
    assert all(m.lang == "ru" for m in found)


def test_arabic_with_and_without_clitics(th):
    for text in ("يجوز رفض تسليم المجرمين", "الاتفاقية المتعلقة بالمساعدة القانونية المتبادلة وتسليم المجرمين"):
        found = th.match(text)
        hits = [text[m.start : m.end] for m in found if m.concept.id == "extradition"]
        assert hits and hits[0].endswith("تسليم المجرمين"), text
    found = th.match("وتسليم المجرمين", "ar")
    assert ids(found) == ["extradition"] and (found[0].start, found[0].end) == (0, len("وتسليم المجرمين"))
    # The article and a clitic preposition do not stop a match: "للفساد" is "ل" + "الفساد".
    assert "corruption" in ids(th.match("اتفاقية الأمم المتحدة لمكافحة الفساد ومكافحة للفساد", "ar"))
    # Vocalised text folds to the same letters.
    assert "extradition" in ids(th.match("تَسْلِيمُ الْمُجْرِمِينَ"))


def test_chinese_substrings(th):
    text = "被请求国可以拒绝引渡请求，但应当提供司法协助。"
    found = th.match(text)
    assert "extradition" in ids(found)
    assert "mutual-legal-assistance" in ids(found)
    assert "requested-state" in ids(found)
    assert any(m.lang == "zh" and text[m.start : m.end] == "引渡" for m in found)
    assert th.match(text, "en") == []


def test_english_and_longest_match_wins(th):
    text = "The requested State shall not refuse extradition on the sole ground of bank secrecy."
    found = th.match(text, "en")
    assert ids(found) == ["requested-state", "grounds-for-refusal", "extradition", "bank-secrecy"]
    # "political offence" is one concept, not "offence" inside something shorter.
    found = th.match("Money-laundering of the proceeds of crime", "en")
    assert ids(found) == ["money-laundering", "proceeds-of-crime"]
    assert found[0].start == 0 and found[0].end == len("Money-laundering")
    # Matches never overlap and come in text order.
    text = "mutual legal assistance and legal assistance"
    found = th.match(text, "en")
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert text[spans[0][0] : spans[0][1]] == "mutual legal assistance"


def test_accents_and_case_ignored(th):
    found = th.match("La TRAITE DES PERSONNES et l'entraide judiciaire; extradición de nacionales", None)
    assert {"trafficking-in-persons", "mutual-legal-assistance", "nationality-exception"} <= set(ids(found))
    assert "extradition" in ids(th.match("EXTRADICION", "es"))


def test_language_filter(th):
    text = "extradition"  # the same word in English and French
    assert [m.lang for m in th.match(text, "fr")] == ["fr"]
    assert [m.lang for m in th.match(text, "en")] == ["en"]
    assert th.match(text, "ru") == []
    with pytest.raises(SherlocError, match="xx"):
        th.match(text, "xx")


def test_expansions_and_links(th):
    exp = th.expansions("extradition", exclude_lang="en")
    assert set(exp) == set(LANGUAGES) - {"en"}
    assert "выдача" in [t.lower() for t in exp["ru"]]
    assert "引渡" in exp["zh"]
    assert "extradition" in [c.id for c in th.for_taxonomy("issue", "extradition")]
    assert "bribery" in [c.id for c in th.for_taxonomy("crime", "corruption")]
    assert th.get("controlled-delivery").preferred("fr") == "livraison surveillée"
    with pytest.raises(SherlocError, match="nope"):
        th.get("nope")


def _write(path, concepts):
    path.write_text(json.dumps({"concepts": concepts}, ensure_ascii=False), encoding="utf-8")


def _terms(word):
    return {lang: [f"{word}-{lang}"] for lang in LANGUAGES}


def test_loads_another_directory(tmp_path):
    _write(tmp_path / "a.json", [{"id": "x", "terms": _terms("alpha"), "taxonomy": ["issue:extradition"]}])
    th = load_thesaurus(tmp_path)
    assert load_thesaurus(tmp_path) is th
    assert ids(th.match("see alpha-en here")) == ["x"]
    assert [c.id for c in th.for_taxonomy("issue", "extradition")] == ["x"]


def test_missing_language_names_file_and_concept(tmp_path):
    terms = _terms("alpha")
    del terms["zh"]
    _write(tmp_path / "broken.json", [{"id": "lonely", "terms": terms}])
    with pytest.raises(SherlocError, match=r"broken\.json.*lonely.*zh"):
        load_thesaurus(tmp_path)


def test_duplicate_id_and_bad_link_are_refused(tmp_path):
    _write(tmp_path / "a.json", [{"id": "x", "terms": _terms("a")}])
    _write(tmp_path / "b.json", [{"id": "x", "terms": _terms("b")}])
    with pytest.raises(SherlocError, match=r"b\.json.*'x'"):
        load_thesaurus(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    _write(other / "c.json", [{"id": "y", "terms": _terms("c"), "taxonomy": ["issue:teleportation"]}])
    with pytest.raises(SherlocError, match=r"c\.json.*'y'.*teleportation"):
        load_thesaurus(other)
