"""index.analysis: folding, stemming, bigrams, stopwords and snippets."""

from __future__ import annotations

from index.analysis import analyze, edit_distance, field_analyses, prepare, stem, stopwords, tokens
from index.plan import Bool, Phrase, Term
from index.snippets import QueryWords, snippet


def test_fields_cover_six_languages_and_exact():
    fa = field_analyses()
    assert set(fa) == {"ar", "en", "es", "fr", "ru", "zh", "x"}
    assert fa["zh"].stemmer is None and fa["x"].stemmer is None and fa["ru"].stemmer == "russian"


def test_folding_and_stemming():
    assert analyze("Extradited", "en") == analyze("extradition", "en")
    assert analyze("выдачи", "ru") == analyze("Выдача", "ru")
    assert analyze("Décès", "fr") == analyze("deces", "fr")
    assert analyze("Décès", "x") == ["deces"]  # exact: folded, not stemmed
    assert tokens("L'extradition, passive!") == ["l", "extradition", "passive"]


def test_arabic_normalisation():
    assert analyze("الاتفاقية", "ar") == analyze("الاتفاقيه", "ar")
    assert tokens("أحكام") == tokens("احكام")
    assert tokens("جَرِيمَة") == tokens("جريمه")
    assert tokens("جـــريمة") == tokens("جريمة")  # tatweel


def test_chinese_bigrams():
    assert tokens("引渡法") == ["引渡", "渡法"]
    assert tokens("中国 ABC") == ["中国", "abc"]
    assert "引渡" in prepare("为了保障引渡的正常进行").split()
    assert stem("引渡", "zh") == "引渡"


def test_stopwords():
    assert "the" in stopwords("en") and "extradition" not in stopwords("en")
    assert "de" in stopwords("fr") and "и" in stopwords("ru")
    assert "في" in stopwords("ar") and "的" in stopwords("zh")


def test_snippet_escapes_and_marks():
    text = "Intro. The defendant wrote <script>alert(1)</script> and laundered money."
    words = QueryWords.from_node(Term("laundering"))
    html = snippet(text, words.matcher("en", stem), 200)
    assert "<mark>laundered</mark>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_snippet_window_and_unmatched_text():
    text = ("filler " * 100) + "the extradition request " + ("more " * 100)
    html = snippet(text, QueryWords.from_node(Term("extradition")).matcher("en", stem), 80)
    assert "<mark>extradition</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 140
    plain = snippet("Nothing here matches.", lambda w: False, 80)
    assert plain == "Nothing here matches."


def test_query_words_skip_negations_and_fields():
    node = Bool(must=[Term("smuggling"), Phrase("legal aid")], must_not=[Term("piracy")],
                should=[Term("FRA", field="country"), Term("extrad", prefix=True), Term("migrnts", fuzzy=1)])
    words = QueryWords.from_node(node)
    assert words.words == {"smuggling", "legal", "aid"}
    assert words.prefixes == {"extrad"} and words.fuzzy == {("migrnts", 1)}
    match = words.matcher("en", stem)
    assert match("extraditions") and match("migrants") and not match("piracy")


def test_snippet_marks_expansion_terms_only_in_their_own_language():
    # "blanchiment" expanded to Spanish "blanqueo de capitales" must not mark "de" or
    # "capitaux" in a French text: that provision cannot have matched the Spanish phrase
    node = Bool(should=[Term("blanchiment"), Phrase("blanqueo de capitales", langs=("es",))])
    words = QueryWords.from_node(node)
    french = "La lutte contre le blanchiment de capitaux et le financement du terrorisme."
    html = snippet(french, words.matcher("fr", stem), 200)
    assert "<mark>blanchiment</mark>" in html
    assert "<mark>de</mark>" not in html and "<mark>capitaux</mark>" not in html
    spanish = "La prevención del blanqueo de capitales."
    marked = snippet(spanish, words.matcher("es", stem), 200)
    assert "<mark>blanqueo</mark> de <mark>capitales</mark>" in marked  # a stopword is not marked
    # restricted to every language field is no restriction at all
    every = QueryWords.from_node(Term("corruption", langs=("ar", "en", "es", "fr", "ru", "zh")))
    assert every.words == {"corruption"} and not every.lang_words


def test_snippet_marks_a_word_written_with_any_letter_form():
    # the query is folded ("dvorak", "еже", "ecole"); the text keeps its letters, some beyond
    # Latin-1 and the basic Cyrillic alphabet, and a word may follow a Chinese character
    cases = [
        ("Dvorak", "The judgment cites Dvořák v. State on extradition.", ["<mark>Dvořák</mark>"]),
        ("ЁЖЕ", "Дело о еже и о ЁЖЕ.", ["<mark>еже</mark>", "<mark>ЁЖЕ</mark>"]),
        ("еже", "Дело о ЁЖЕ.", ["<mark>ЁЖЕ</mark>"]),
        ("Ecole", "Une école, une ÉCOLE, une Ēcole.",
         ["<mark>école</mark>", "<mark>ÉCOLE</mark>", "<mark>Ēcole</mark>"]),
        ("trafficking", "根据法律trafficking and smuggling.", ["<mark>trafficking</mark>"]),
        ("trafficking", "The trafficking of persons.", ["<mark>trafficking</mark>"]),
        # letters beyond Latin-1 that are no form of the query's letters (œ) beside some that are
        ("Riga", "Le cœur de l'œuvre : Rīga, Riga et RĪGA.", ["<mark>Rīga</mark>", "<mark>Riga</mark>",
                                                            "<mark>RĪGA</mark>"]),
        ("coeur", "Le cœur et le coeur.", ["<mark>coeur</mark>"]),
    ]
    for query, text, marked in cases:
        html = snippet(text, QueryWords.from_node(Term(query)).matcher("x", lambda w, lang: w), 200)
        assert all(m in html for m in marked), (query, text, html)
    # inside a word is no match, whichever letters the text has
    for text in ("The untrafficking of persons.", "根据 untrafficking, ē."):
        html = snippet(text, QueryWords.from_node(Term("trafficking")).matcher("x", lambda w, lang: w), 200)
        assert "<mark>" not in html, html


def test_edit_distance():
    assert edit_distance("migrants", "migrnats") == 1  # transposition
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("a", "abcdefgh", 2) == 3
