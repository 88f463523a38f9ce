"""The bundled taxonomy: exact ids, hierarchy, UNTOC articles, six-language labels and name resolution."""

import json
from pathlib import Path

import pytest

from index.errors import SherlocError
from index.models import LANGUAGES
from index.taxonomy import load_taxonomy

CRIME_IDS = [
    "corruption", "counterfeiting", "cybercrime", "drug-offences", "money-laundering", "obstruction-of-justice",
    "organized-crime-participation", "piracy-maritime", "migrant-smuggling", "firearms-trafficking",
    "cultural-property-trafficking", "wildlife-forest-fisheries", "trafficking-in-persons",
    "falsified-medical-products", "terrorism", "sexual-gender-based-crimes",
]  # fmt: skip

# id -> (parent, UNTOC articles)
ISSUES = {
    "criminalization": (None, ("5", "6", "8", "23")),
    "crim-participation": ("criminalization", ("5",)),
    "crim-laundering": ("criminalization", ("6",)),
    "crim-corruption": ("criminalization", ("8",)),
    "crim-obstruction": ("criminalization", ("23",)),
    "legal-persons-liability": (None, ("10",)),
    "prosecution-sanctions": (None, ("11",)),
    "confiscation-seizure": (None, ("12", "14")),
    "jurisdiction": (None, ("15",)),
    "international-cooperation": (None, ()),
    "extradition": ("international-cooperation", ("16",)),
    "transfer-sentenced-persons": ("international-cooperation", ("17",)),
    "mutual-legal-assistance": ("international-cooperation", ("18",)),
    "joint-investigations": ("international-cooperation", ("19",)),
    "special-investigative-techniques": ("international-cooperation", ("20",)),
    "transfer-criminal-proceedings": ("international-cooperation", ("21",)),
    "law-enforcement-cooperation": ("international-cooperation", ("27",)),
    "confiscation-cooperation": ("international-cooperation", ("13",)),
    "electronic-evidence": ("international-cooperation", ()),
    "witness-protection": (None, ("24",)),
    "victim-protection": (None, ("25",)),
    "cooperation-with-law-enforcement": (None, ("26",)),
    "prevention": (None, ("31",)),
    "training-technical-assistance": (None, ("29", "30")),
}


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def test_crime_ids_exact_and_in_display_order(tax):
    assert [t.id for t in tax.terms("crime")] == CRIME_IDS


def test_issue_ids_parents_and_articles(tax):
    terms = tax.terms("issue")
    assert {t.id for t in terms} == set(ISSUES)
    for term in terms:
        assert (term.parent, term.articles) == ISSUES[term.id], term.id
    assert tax.roots("issue")[0] == "criminalization"
    crim = ["crim-participation", "crim-laundering", "crim-corruption", "crim-obstruction"]
    assert tax.children("criminalization") == crim
    assert "extradition" in tax.children("international-cooperation")


@pytest.mark.parametrize("scheme", ["crime", "issue"])
def test_every_label_in_six_languages(tax, scheme):
    for term in tax.terms(scheme):
        assert set(term.labels) == set(LANGUAGES), term.id
        for lang in LANGUAGES:
            assert term.labels[lang].strip(), (term.id, lang)
    # Labels in a language are distinct, so a user can tell the terms apart.
    for lang in LANGUAGES:
        labels = [t.labels[lang] for t in tax.terms(scheme)]
        assert len(labels) == len(set(labels)), lang


def test_un_terminology_for_migrant_smuggling(tax):
    assert tax.label("crime", "migrant-smuggling") == "Smuggling of migrants"
    assert tax.label("crime", "migrant-smuggling", "fr") == "Trafic illicite de migrants"
    assert tax.label("crime", "migrant-smuggling", "es") == "Tráfico ilícito de migrantes"
    assert tax.label("crime", "migrant-smuggling", "ru") == "Незаконный ввоз мигрантов"
    assert tax.label("crime", "migrant-smuggling", "ar") == "تهريب المهاجرين"
    assert tax.label("crime", "migrant-smuggling", "zh") == "偷运移民"
    assert tax.label("crime", "migrant-smuggling", "de") == "Smuggling of migrants"  # falls back to English


def test_resolve_labels_aliases_and_ids(tax):
    assert tax.resolve("crime", "Trafficking in persons") == "trafficking-in-persons"
    assert tax.resolve("crime", "traite des personnes") == "trafficking-in-persons"
    assert tax.resolve("crime", "Tráfico ilícito de migrantes") == "migrant-smuggling"
    assert tax.resolve("crime", "TRAFIC ILLICITE DE MIGRANTS") == "migrant-smuggling"
    assert tax.resolve("crime", "trafic illicite de migrants") == "migrant-smuggling"
    assert tax.resolve("crime", "Participation in an organized criminal group") == "organized-crime-participation"
    assert tax.resolve("crime", "Wildlife, forest and fisheries crime") == "wildlife-forest-fisheries"
    assert tax.resolve("crime", "Drug offences") == "drug-offences"
    assert tax.resolve("crime", "Trafficking in firearms") == "firearms-trafficking"
    assert tax.resolve("crime", "Falsified medical products") == "falsified-medical-products"
    assert tax.resolve("crime", "Piracy and maritime crime") == "piracy-maritime"
    assert tax.resolve("crime", "Trafficking in cultural property") == "cultural-property-trafficking"
    assert tax.resolve("crime", "Human trafficking") == "trafficking-in-persons"
    assert tax.resolve("crime", "money-laundering") == "money-laundering"
    assert tax.resolve("issue", "Выдача") == "extradition"
    assert tax.resolve("issue", "entraide judiciaire") == "mutual-legal-assistance"
    assert tax.resolve("issue", "司法协助") == "mutual-legal-assistance"
    assert tax.resolve("issue", "تسليم المجرمين") == "extradition"
    assert tax.resolve("crime", "extradition") is None  # an issue, not a crime type
    assert tax.resolve("crime", "bananas") is None
    assert tax.resolve("crime", "") is None
    assert tax.resolve("issue", "issue:extradition") == "extradition"
    assert tax.resolve("crime", "trafficking_in_persons") == "trafficking-in-persons"


def test_every_alias_resolves_to_its_own_term(tax):
    for scheme in ("crime", "issue"):
        for term in tax.terms(scheme):
            for lang, names in term.aliases.items():
                for name in names:
                    assert tax.resolve(scheme, name) == term.id, (scheme, lang, name)


def test_ancestors_and_with_ancestors(tax):
    assert tax.ancestors("crim-laundering") == ["criminalization"]
    assert tax.ancestors("criminalization") == []
    assert tax.with_ancestors(["extradition", "mutual-legal-assistance", "crim-laundering"]) == [
        "extradition", "international-cooperation", "mutual-legal-assistance", "crim-laundering", "criminalization",
    ]  # fmt: skip


def test_unknown_id_names_it(tax):
    with pytest.raises(SherlocError, match="no-such-issue"):
        tax.get("issue", "no-such-issue")
    assert not tax.has("issue", "no-such-issue")
    assert tax.has("issue", "extradition")
    with pytest.raises(SherlocError, match="colour"):
        tax.terms("colour")


def _write(path, scheme, terms):
    path.write_text(json.dumps({"scheme": scheme, "terms": terms}), encoding="utf-8")


def test_loads_another_directory_and_caches(tmp_path):
    _write(tmp_path / "crime.json", "crime", [{"id": "x", "labels": {"en": "Ex", "fr": "Iks"}}])
    issues = [{"id": "a", "labels": {"en": "A"}}, {"id": "b", "parent": "a", "labels": {"en": "B"}}]
    _write(tmp_path / "issue.json", "issue", issues)
    tax = load_taxonomy(tmp_path)
    assert load_taxonomy(tmp_path) is tax
    assert tax.resolve("crime", "iks") == "x"
    assert tax.label("crime", "x", "ru") == "Ex"
    assert tax.with_ancestors(["b"]) == ["b", "a"]


def test_unknown_parent_names_the_file(tmp_path):
    _write(tmp_path / "issues.json", "issue", [{"id": "b", "parent": "nowhere", "labels": {"en": "B"}}])
    with pytest.raises(SherlocError, match=r"issues\.json.*nowhere"):
        load_taxonomy(tmp_path)


def test_broken_json_names_the_file(tmp_path):
    (tmp_path / "crime_types.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SherlocError, match=r"crime_types\.json"):
        load_taxonomy(tmp_path)


@pytest.mark.shared_data
def test_sherloc_sample_crime_types_resolve(tax):
    data = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sherloc-sample"
    if not data.is_dir():
        pytest.skip(f"../shared/data not present: {data}")
    names = {name for p in data.glob("*.json") for name in json.loads(p.read_text(encoding="utf-8"))["crime_types"]}
    assert names
    resolved = {name: tax.resolve("crime", name) for name in names}
    # Every crime type SHERLOC gives is one of ours, sexual and gender-based crimes included.
    unresolved = sorted(n for n, i in resolved.items() if i is None)
    assert unresolved == []
    assert resolved["Sexual and gender-based crimes, including conflict-related sexual violence"] == (
        "sexual-gender-based-crimes")
    assert resolved.get("Trafficking in firearms", "firearms-trafficking") == "firearms-trafficking"
