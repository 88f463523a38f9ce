"""Splitting documents into provisions: articles, headings, paragraphs and case sections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.textnorm import normalize_arabic
from ingest.language import get_detector
from ingest.model import Block, ParsedDocument
from ingest.structure import arabic_ordinal, chinese_to_int, match_article, normalize_number, split_provisions

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
UDHR_FILES = {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru", "arb": "ar", "cmn_hans": "zh"}


def _doc(text: str, title: str = "", **metadata: object) -> ParsedDocument:
    return ParsedDocument("test.txt", title=title, blocks=[Block(text)], metadata=dict(metadata))


def _articles(provisions):
    return [p for p in provisions if p.kind == "article"]


@pytest.mark.parametrize(
    ("line", "label", "number"),
    [
        ("Article 5", "Article 5", "5"),
        ("Art. 5 The requested State", "Art. 5", "5"),
        ("ARTICLE 5 - DEFINITIONS", "ARTICLE 5", "5"),
        ("Article premier", "Article premier", "1"),
        ("Article 1er. - La présente loi", "Article 1er", "1"),
        ("Artículo 5 bis.- El que", "Artículo 5 bis", "5 bis"),
        ("Artículo 5 Bis", "Artículo 5 Bis", "5 bis"),
        ("Art. 5º Fica instituído", "Art. 5º", "5"),
        ("Art. 5o.", "Art. 5o", "5"),
        ("ARTÍCULO PRIMERO.-", "ARTÍCULO PRIMERO", "1"),
        ("Article IV", "Article IV", "4"),
        ("Article 12 ter", "Article 12 ter", "12 ter"),
        ("Article 7 quinquies", "Article 7 quinquies", "7 quinquies"),
        ("Article L. 121-1", "Article L. 121-1", "L121-1"),
        ("Статья 5. Выдача", "Статья 5", "5"),
        ("Статья 127.1. Торговля людьми", "Статья 127.1", "127.1"),
        ("Ст. 5", "Ст. 5", "5"),
        ("المادة 5", "المادة 5", "5"),
        ("المادة (5)", "المادة (5)", "5"),
        ("المادة ١٢: يعاقب", "المادة ١٢", "12"),
        ("المادة 5 مكرر - يعاقب", "المادة 5 مكرر", "5 bis"),
        ("المادة الخامسة", "المادة الخامسة", "5"),
        ("المادة الحادية عشرة", "المادة الحادية عشرة", "11"),
        ("المادة الخامسة والعشرون بعد المائة:", "المادة الخامسة والعشرون بعد المائة", "125"),
        ("第五条", "第五条", "5"),
        ("第5条　为了", "第5条", "5"),
        ("第一百二十条", "第一百二十条", "120"),
        ("第一百二十条之一　为", "第一百二十条之一", "120-1"),
    ],
)
def test_article_markers(line: str, label: str, number: str) -> None:
    m = match_article(line)
    assert m is not None, line
    assert (m.label, m.number) == (label, number)


@pytest.mark.parametrize(
    "line",
    [
        "Article 5 of the Convention applies",
        "Art. 5, paragraph 2, of the law",
        "article 16 de la Convention énonce",
        "Статья 5 настоящего Закона",
        "المادة 5 من هذا القانون",
        "第五条的规定适用于",
        "第十条、第十一条",
        "Artist 5",
        "The Article 5 rule",
    ],
)
def test_references_inside_sentences_are_not_markers(line: str) -> None:
    assert match_article(line) is None


def test_arabic_ordinals_up_to_a_hundred_and_beyond() -> None:
    cases = {
        "الأولى": 1, "الثانية": 2, "العاشرة": 10, "الحادية عشرة": 11, "الثانية عشرة": 12, "التاسعة عشرة": 19,
        "العشرون": 20, "الحادية والعشرون": 21, "الثالثة والثلاثون": 33, "الخامسة والتسعون": 95, "المائة": 100,
        "الأولى بعد المائة": 101, "الحادية عشرة بعد المائة": 111, "الخامسة والعشرون بعد المائتين": 225,
        "الأول": 1, "الثاني": 2,
    }  # fmt: skip
    for words, value in cases.items():
        parsed = arabic_ordinal(normalize_arabic(words).split())
        assert parsed == (value, len(words.split())), words
    assert arabic_ordinal(["في", "الدعوى"]) is None


def test_chinese_numerals() -> None:
    assert [chinese_to_int(t) for t in ("一", "十", "十五", "二十", "一百二十", "一千零三", "两百", "12")] == [
        1, 10, 15, 20, 120, 1003, 200, 12,
    ]  # fmt: skip
    assert normalize_number("IX") == "9" and normalize_number("5 bis") == "5 bis" and normalize_number("1er") == "1"


def test_english_law_with_chapters_sections_and_preamble() -> None:
    text = "\n".join([
        "Law on the Prevention of Trafficking",
        "The Parliament, recognising the need to protect victims of trafficking in persons, adopts this Law.",
        "PART I",
        "GENERAL PROVISIONS",
        "Chapter 1: Definitions",
        "Article 1 - Purpose",
        "This Law aims to prevent trafficking in persons, as required by article 5 of the Protocol.",
        "Article 2",
        "In this Law:",
        "(a) \"child\" means any person under eighteen years of age;",
        "Chapter 2: Offences",
        "Section 1. Trafficking",
        "Article 3 bis. Trafficking in persons",
        "Whoever recruits a person for the purpose of exploitation shall be punished.",
        "PART II - COOPERATION",
        "Article 4",
        "Extradition requests are sent to the central authority.",
    ])  # fmt: skip
    provisions = split_provisions(_doc(text, title="Law on the Prevention of Trafficking"), "legislation", "en")
    assert [p.kind for p in provisions] == ["preamble", "article", "article", "article", "article"]
    assert provisions[0].label == "Preamble" and "recognising" in provisions[0].text
    arts = provisions[1:]
    assert [a.number for a in arts] == ["1", "2", "3 bis", "4"]
    assert [a.label for a in arts] == ["Article 1", "Article 2", "Article 3 bis", "Article 4"]
    assert arts[0].heading == "PART I — GENERAL PROVISIONS > Chapter 1: Definitions"
    assert arts[2].heading == "PART I — GENERAL PROVISIONS > Chapter 2: Offences > Section 1. Trafficking"
    assert arts[3].heading == "PART II - COOPERATION"
    assert arts[0].text.startswith("Purpose")
    assert "article 5 of the Protocol" in arts[0].text  # a reference inside a sentence does not split
    assert "(a) \"child\"" in arts[1].text
    assert [p.order for p in provisions] == list(range(5))
    assert all(p.language == "en" for p in provisions)


@pytest.mark.parametrize(
    ("lang", "lines", "numbers", "heading"),
    [
        ("fr", ["TITRE PREMIER", "Chapitre II - Des infractions", "Article premier", "La loi s'applique.",
                "Article 2", "Les peines sont fixées."], ["1", "2"], "TITRE PREMIER > Chapitre II - Des infractions"),
        ("es", ["Capítulo II", "De los delitos", "Artículo 1o.- La ley se aplica.", "Artículo 2 bis",
                "Las penas son."], ["1", "2 bis"], "Capítulo II — De los delitos"),
        ("ru", ["Раздел I. Общие положения", "Глава 2. Преступления", "Статья 5. Выдача",
                "Выдача осуществляется.", "Статья 127.1. Торговля людьми", "Торговля людьми наказывается."],
         ["5", "127.1"], "Раздел I. Общие положения > Глава 2. Преступления"),
        ("ar", ["الباب الأول", "الفصل الثاني: الجرائم", "المادة", "الأولى", "يعاقب كل من ارتكب جريمة.",
                "المادة (2)", "تسري أحكام هذا القانون."], ["1", "2"], "الباب الأول > الفصل الثاني: الجرائم"),
        ("zh", ["第一编　总　　则", "第二章　犯罪", "第一节　一般规定", "第一条　为了惩治犯罪，制定本法。",
                "第二条　本法适用于一切犯罪。"], ["1", "2"], "第一编 总则 > 第二章 犯罪 > 第一节 一般规定"),
    ],
)
def test_headings_and_articles_in_each_language(lang: str, lines: list[str], numbers: list[str], heading: str) -> None:
    arts = _articles(split_provisions(_doc("\n".join(lines)), "legislation", lang))
    assert [a.number for a in arts] == numbers
    assert arts[0].heading == heading
    assert all(a.text for a in arts)


def test_common_law_sections_are_provisions_when_there_is_no_article() -> None:
    text = "\n".join(["Part 1 Offences", "Section 1 Slavery, servitude and forced labour",
                      "A person commits an offence if the person holds another person in slavery.",
                      "Section 2 Human trafficking", "A person commits an offence if the person arranges travel.",
                      "Part 5 Protection of victims", "Section 45 Defence for victims",
                      "A person is not guilty of an offence under section 1 if compelled."])  # fmt: skip
    arts = _articles(split_provisions(_doc(text), "legislation", "en"))
    assert [(a.label, a.number, a.heading) for a in arts] == [
        ("Section 1", "1", "Part 1 Offences"), ("Section 2", "2", "Part 1 Offences"),
        ("Section 45", "45", "Part 5 Protection of victims"),
    ]  # fmt: skip
    # With articles present, "Section" stays a heading.
    mixed = "Section 1. General\nArticle 1\nText one.\nSection 2. Offences\nArticle 2\nText two."
    arts = _articles(split_provisions(_doc(mixed), "legislation", "en"))
    assert [(a.number, a.heading) for a in arts] == [("1", "Section 1. General"), ("2", "Section 2. Offences")]


def test_arabic_bis_with_a_number_and_chinese_case_opening_words() -> None:
    text = "المادة 303 مكرر 4\nيعاقب على تهريب المهاجرين.\nالمادة 303 مكرر 30\nيعاقب على الشروع."
    arts = _articles(split_provisions(_doc(text), "legislation", "ar"))
    assert [a.number for a in arts] == ["303 bis 4", "303 bis 30"]
    case = "案情\n被告人组织诈骗。\n裁判理由\n本院认为，被告人构成诈骗罪。\n判决结果\n驳回上诉。"
    sections = split_provisions(_doc(case), "case", "zh")
    assert [p.label for p in sections] == ["案情", "裁判理由", "判决结果"]
    assert sections[1].text.startswith("本院认为")


def test_flattened_text_is_cut_before_articles_in_sequence() -> None:
    filler = "نص المادة يطبق على جميع الدعاوى المرفوعة أمام المحاكم وفقا للقواعد العامة " * 8
    text = "قانون المرافعات احكام عامة " + " ".join(
        f"مادة {n} فى الدعاوى {filler} وفقا للمادة 120 من هذا القانون ." for n in range(1, 8)
    )
    assert "\n" not in text and len(text) > 2000
    arts = _articles(split_provisions(_doc(text), "legislation", "ar"))
    assert [a.number for a in arts] == [str(n) for n in range(1, 8)]
    assert all(a.text.startswith("فى الدعاوى") for a in arts)
    english = "Criminal Code. " + " ".join(
        f"Article {n} Whoever acts shall be punished in accordance with Article 12 of the Act. " + "More text. " * 40
        for n in range(1, 5)
    )
    arts = _articles(split_provisions(_doc(english), "legislation", "en"))
    assert [a.number for a in arts] == ["1", "2", "3", "4"]


def test_maghreb_fasl_numbers_articles_when_there_is_no_madda() -> None:
    text = "\n".join([
        "قانون أساسي يتعلق بمنع الاتجار بالأشخاص ومكافحته",
        "الباب الأول: أحكام عامة",
        "الفصل الأول ـ يهدف هذا القانون إلى منع كل أشكال الاستغلال التي يمكن أن يتعرض لها الأشخاص.",
        "الفصل 2 ـ يعاقب بالسجن من 2 إلى 5 أعوام كل من يرتكب جريمة الاتجار بالأشخاص.",
        "الفصل 3 - تحجز الأموال المتأتية من الجريمة.",
    ])  # fmt: skip
    arts = _articles(split_provisions(_doc(text), "legislation", "ar"))
    assert [(a.label, a.number) for a in arts] == [("الفصل الأول", "1"), ("الفصل 2", "2"), ("الفصل 3", "3")]
    assert arts[0].heading == "الباب الأول: أحكام عامة"
    # With المادة present, "الفصل الثاني" is a chapter heading.
    egypt = "الفصل الثاني\nالمادة 5\nيعاقب بالسجن.\nالمادة 6\nتسري أحكام."
    arts = _articles(split_provisions(_doc(egypt), "legislation", "ar"))
    assert [(a.number, a.heading) for a in arts] == [("5", "الفصل الثاني"), ("6", "الفصل الثاني")]


def test_no_marker_gives_one_whole_provision() -> None:
    provisions = split_provisions(_doc("Any person who launders money shall be punished.\nSee article 5."),
                                  "legislation", "en")  # fmt: skip
    assert [(p.kind, p.order) for p in provisions] == [("whole", 0)]
    assert "launders" in provisions[0].text


def test_empty_document_gives_nothing_and_blank_blocks_are_ignored() -> None:
    assert split_provisions(ParsedDocument("x", blocks=[Block("  \n ")]), "legislation", "en") == []
    doc = ParsedDocument("x", blocks=[Block("Article 1"), Block("   "), Block("Article 2"), Block("Text of two.")])
    provisions = split_provisions(doc, "legislation", "en")
    assert [(p.number, p.text) for p in provisions] == [("2", "Text of two.")]


def test_contents_listing_is_not_taken_for_articles() -> None:
    text = "\n".join(["Статья 1. Цели", "Статья 2. Понятия", "Глава 1", "Статья 1. Цели",
                      "Закон направлен на противодействие легализации доходов.", "Статья 2. Понятия",
                      "В настоящем Законе используются следующие понятия."])  # fmt: skip
    arts = _articles(split_provisions(_doc(text), "legislation", "ru"))
    assert [a.number for a in arts] == ["1", "2"]
    assert "легализации" in arts[0].text


def test_contents_listing_cut_off_before_its_articles_is_dropped() -> None:
    contents = ["ОГЛАВЛЕНИЕ", "ГЛАВА 1 . ОСНОВНЫЕ ПОЛОЖЕНИЯ"]
    contents += [f"Статья {n} . Название статьи {n}" for n in range(1, 9)]
    body = ["ГЛАВА 1 . ОСНОВНЫЕ ПОЛОЖЕНИЯ", "Статья 1 . Основные термины", "Текст первой статьи кодекса.",
            "Статья 2 . Сфера действия", "Текст второй статьи кодекса."]  # fmt: skip
    arts = _articles(split_provisions(_doc("\n".join(contents + body)), "legislation", "ru"))
    assert [a.number for a in arts] == ["1", "2"]  # 3 to 8 were cut off the text: only listed, never written
    assert arts[0].heading == "ГЛАВА 1 . ОСНОВНЫЕ ПОЛОЖЕНИЯ"


def test_explicit_block_numbers_win() -> None:
    blocks = [
        Block("Universal Declaration", kind="heading", level=1),
        Block("Preamble", kind="heading", level=2),
        Block("Whereas recognition of the inherent dignity of all members of the human family is the foundation."),
        Block("Article premier", kind="heading", level=2, number="1"),
        Block("Tous les êtres humains naissent libres.", number="1"),
        Block("Article 2", kind="heading", level=2, number="2"),
        Block("Chacun peut se prévaloir de tous les droits.", number="2"),
        Block("Il ne sera fait aucune distinction.", number="2"),
    ]
    provisions = split_provisions(ParsedDocument("x.html", title="fra", blocks=blocks), "treaty", "fr")
    assert [p.kind for p in provisions] == ["preamble", "article", "article"]
    assert provisions[0].label == "Preamble"
    assert [(p.label, p.number) for p in provisions[1:]] == [("Article premier", "1"), ("Article 2", "2")]
    assert provisions[2].text == "Chacun peut se prévaloir de tous les droits.\nIl ne sera fait aucune distinction."


def test_per_provision_language_with_a_detector() -> None:
    detect = get_detector("lingua").detect
    english = ("Each State Party shall adopt such legislative and other measures as may be necessary to establish "
               "as criminal offences, when committed intentionally, the laundering of proceeds of crime and the "
               "participation in an organized criminal group, in accordance with fundamental principles.")  # fmt: skip
    text = "\n".join(["Article 1", "La présente loi s'applique aux infractions graves commises sur le territoire.",
                      "Article 2", english, "Article 3", "Short English text."])  # fmt: skip
    provisions = split_provisions(_doc(text), "legislation", "fr", detect)
    assert [p.language for p in provisions] == ["fr", "en", "fr"]  # the short one keeps the document's language
    assert [p.language for p in split_provisions(_doc(text), "legislation", "fr")] == ["fr", "fr", "fr"]


def test_document_numbered_paragraphs_with_headings() -> None:
    text = "\n\n".join([
        "# Conference of the Parties",
        "Report of the Secretariat",
        "## I. Introduction",
        "1. The Conference adopted resolution 8/1.",
        "2. The Working Group met twice:",
        "(a) First meeting;",
        "(b) Second meeting.",
        "## II. Activities",
        "### A. Networks",
        "3. UNODC supported the networks.",
        "### B. Tools",
        "4. The portal was expanded.",
    ])  # fmt: skip
    provisions = split_provisions(ParsedDocument("d.txt", blocks=[Block(b) for b in text.split("\n\n")]),
                                  "document", "en")  # fmt: skip
    paras = [p for p in provisions if p.kind == "paragraph"]
    assert [p.number for p in paras] == ["1", "2", "3", "4"]
    assert paras[0].label == "para. 1"
    assert "(b) Second meeting." in paras[1].text
    assert paras[0].heading == "I. Introduction"
    assert paras[2].heading == "II. Activities > A. Networks"
    assert paras[3].heading == "II. Activities > B. Tools"


@pytest.mark.parametrize(
    ("lang", "lines", "labels"),
    [
        ("en", ["R. v. Smith", "Facts", "The accused recruited workers.", "Decision:", "Convicted."],
         ["Facts", "Decision"]),
        ("fr", ["Cour de cassation", "Faits et procédure", "FAITS", "Le prévenu a été poursuivi.", "Motifs",
                "La cour considère.", "Dispositif", "Rejette le pourvoi."], ["FAITS", "Motifs", "Dispositif"]),
        ("es", ["Antecedentes de hecho", "El acusado.", "Fundamentos de derecho", "Primero.", "Fallo",
                "Condenamos."], ["Antecedentes de hecho", "Fundamentos de derecho", "Fallo"]),
        ("ru", ["Обстоятельства дела", "Подсудимый.", "Мотивировочная часть", "Суд считает.", "Приговор",
                "Признать виновным."], ["Обстоятельства дела", "Мотивировочная часть", "Приговор"]),
        ("ar", ["الوقائع", "اتهمت النيابة العامة المتهم.", "الأسباب", "حيث إن المحكمة.", "المنطوق", "حكمت المحكمة."],
         ["الوقائع", "الأسباب", "المنطوق"]),
        ("zh", ["案情", "被告人张某组织他人偷越国境。", "本院认为，被告人的行为构成犯罪。", "判决结果",
                "被告人犯组织他人偷越国境罪。"],
         ["案情", "本院认为", "判决结果"]),
    ],
)
def test_case_sections(lang: str, lines: list[str], labels: list[str]) -> None:
    provisions = split_provisions(_doc("\n".join(lines)), "case", lang)
    sections = [p for p in provisions if p.kind == "section"]
    assert [p.label for p in sections] == labels
    assert all(p.number == "" and p.text for p in sections)


def test_case_without_sections() -> None:
    short = split_provisions(_doc("The court convicted the accused of trafficking in persons."), "case", "en")
    assert [p.kind for p in short] == ["whole"]
    long_text = "\n".join(f"{i}. The court considered the evidence of witness number {i} at length. " * 3
                          for i in range(1, 80))  # fmt: skip
    paras = split_provisions(_doc(long_text), "case", "en")
    assert len(long_text) > 8000
    assert [p.number for p in paras] == [str(i) for i in range(1, 80)]
    assert all(p.kind == "paragraph" for p in paras)


def test_huge_text_is_split_without_blow_up() -> None:
    # 10 MB of pathological lines: long runs of spaces, digits, keywords without a number, short lines.
    chunk = ("Article 7\n" + "x " * 400 + "\n" + "Article " * 50 + "\n" + "1" * 300 + "\n" + "المادة " * 50
             + "\n" + "第" * 300 + "\n" + "a\n" * 200)  # fmt: skip
    n = 10_000_000 // len(chunk)
    provisions = split_provisions(_doc(chunk * n), "legislation", "en")
    assert len(provisions) == n
    assert {p.number for p in provisions} == {"7"} and all("x x" in p.text for p in provisions)


def _sherloc(name: str) -> dict:
    path = DATA / "sherloc-sample" / name
    if not path.is_file():
        pytest.skip("../shared/data not present: sherloc-sample")
    return json.loads(path.read_text(encoding="utf-8"))


def _record_doc(rec: dict) -> ParsedDocument:
    meta = {k: rec[k] for k in ("article", "chapter") if rec.get(k)}
    return ParsedDocument(rec["_id"], title=rec["title"], blocks=[Block(rec["text"])], metadata=meta)


def test_sherloc_single_article_records() -> None:
    rec = _sherloc("SHERLOC-LEG-2200_chapter_1_general_provisions_article_2.json")
    provisions = split_provisions(_record_doc(rec), "legislation", "en")
    assert [(p.kind, p.label, p.number) for p in provisions] == [("article", "Article 2", "2")]
    assert provisions[0].heading == rec["chapter"]
    assert provisions[0].text == rec["text"].strip()
    rec = _sherloc("SHERLOC-LEG-2200_chapter_ii_article_11.json")
    provisions = split_provisions(_record_doc(rec), "legislation", "en")
    assert [(p.label, p.number) for p in provisions] == [("Article 11", "11")]


def test_sherloc_record_with_a_run_of_articles_is_split() -> None:
    rec = _sherloc("SHERLOC-LEG-2200_chapter_iii_article_25-34.json")
    provisions = split_provisions(_record_doc(rec), "legislation", "en")
    assert [p.number for p in provisions] == [str(n) for n in range(25, 35)]
    rec = _sherloc("SHERLOC-LEG-2200_chapter_xi_article_57-63.json")
    provisions = split_provisions(_record_doc(rec), "legislation", "en")
    assert [p.number for p in provisions] == [str(n) for n in range(57, 64)]
    assert {p.heading for p in provisions} == {"CHAPTER XI Extradition"}
    assert "paragraph 1 of Article 108" not in [p.label for p in provisions]


def test_sherloc_case_with_marked_sections() -> None:
    rec = _sherloc("SHERLOC-CL-CHEx024.json")
    provisions = split_provisions(_record_doc(rec), "case", "en")
    assert [p.label for p in provisions] == ["Context of the case", "Facts of the case"]


def _udhr(stem: str):
    path = DATA / "udhr" / f"{stem}.html"
    if not path.is_file():
        pytest.skip("../shared/data not present: udhr")
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("stem", sorted(UDHR_FILES))
def test_udhr_html_blocks_give_30_articles(stem: str) -> None:
    soup = _udhr(stem)
    blocks = []
    for el in soup.body.find_all(["h1", "h2", "p"]):
        article = el.find_parent("article")
        heading = el.name.startswith("h")
        blocks.append(Block(el.get_text(" ", strip=True), kind="heading" if heading else "paragraph",
                            level=int(el.name[1]) if heading else 0,
                            number=article["data-number"] if article else ""))  # fmt: skip
    doc = ParsedDocument(f"{stem}.html", title=soup.title.get_text(), blocks=blocks)
    provisions = split_provisions(doc, "treaty", UDHR_FILES[stem])
    arts = _articles(provisions)
    assert [a.number for a in arts] == [str(n) for n in range(1, 31)]
    assert provisions[0].kind == "preamble" and len(provisions[0].text) > 300


@pytest.mark.parametrize("stem", sorted(UDHR_FILES))
def test_udhr_plain_text_gives_30_articles(stem: str) -> None:
    soup = _udhr(stem)
    lines = [el.get_text(" ", strip=True) for el in soup.body.find_all(["h1", "h2", "p"])]
    provisions = split_provisions(_doc("\n".join(lines), title=soup.title.get_text()), "treaty", UDHR_FILES[stem])
    arts = _articles(provisions)
    assert [a.number for a in arts] == [str(n) for n in range(1, 31)]
    first = {"eng": "Article 1", "fra": "Article premier", "spa": "Artículo 1", "rus": "Статья 1",
             "arb": "المادة 1", "cmn_hans": "第一条"}[stem]  # fmt: skip
    assert arts[0].label == first
    assert provisions[0].kind == "preamble"


def test_un_document_paragraphs() -> None:
    path = DATA / "un-docs" / "000_bc9384a3c8c704c0.txt"
    if not path.is_file():
        pytest.skip("../shared/data not present: un-docs")
    text = path.read_text(encoding="utf-8")
    doc = ParsedDocument(str(path), blocks=[Block(b) for b in text.split("\n\n") if b.strip()])
    provisions = split_provisions(doc, "document", "fr")
    paras = [p for p in provisions if p.kind == "paragraph"]
    assert [p.number for p in paras] == [str(n) for n in range(1, len(paras) + 1)]
    assert len(paras) >= 50
    assert paras[0].heading == "I. Introduction"
    assert any(p.heading.startswith("II. ") and "A. Réseaux" in p.heading for p in paras)
    assert all(p.text.strip() for p in provisions)


@pytest.mark.parametrize("stem", sorted(UDHR_FILES))
def test_udhr_through_the_html_reader(stem: str) -> None:
    readers = pytest.importorskip("ingest.readers")
    path = DATA / "udhr" / f"{stem}.html"
    if not path.is_file():
        pytest.skip("../shared/data not present: udhr")
    (doc,) = readers.read_file(path)
    provisions = split_provisions(doc, "treaty", UDHR_FILES[stem])
    assert [p.number for p in _articles(provisions)] == [str(n) for n in range(1, 31)]
    assert provisions[0].kind == "preamble"
    assert all(p.text.strip() for p in provisions)


def test_long_case_section_is_cited_by_numbered_paragraph() -> None:
    paragraphs = [f"[{n}] The court examined the evidence of witness {n} in detail. " + "Further reasons. " * 40
                  for n in range(1, 16)]  # fmt: skip
    text = "\n".join(["R v Jones [2024] UKSC 1", "Summary", "The appeal is dismissed.", "Judgment", "Introduction",
                      *paragraphs])  # fmt: skip
    provisions = split_provisions(_doc(text), "case", "en")
    # The case name alone is not a preamble worth keeping.
    assert [(p.kind, p.label) for p in provisions[:2]] == [("section", "Summary"), ("section", "Judgment")]
    assert provisions[1].text == "Introduction"
    paras = [p for p in provisions if p.kind == "paragraph"]
    assert [p.number for p in paras] == [str(n) for n in range(1, 16)]
    assert {p.heading for p in paras} == {"Judgment"}


DECREE = [
    "Decree No. 2024-17 approving the Regulation on the protection of witnesses",
    "Article 1", "The Regulation on the protection of witnesses annexed to this decree is approved.",
    "Article 2", "Decree No. 2003-5 is repealed.",
    "Article 3", "The Minister of Justice is responsible for the implementation of this decree.",
    "Article 4", "This decree enters into force on the day of its publication.",
    "ANNEX", "Regulation on the protection of witnesses",
    "Article 1", "This Regulation lays down the measures for the protection of witnesses and victims who testify "
                 "in criminal proceedings concerning organized crime, trafficking in persons and corruption.",
    "Article 2", "Protection measures may include relocation, non-disclosure of identity and testimony by video "
                 "link, as decided by the protection board on a reasoned request of the prosecutor.",
    "Article 3", "The protection board meets at least once a month and decides by a majority of its members.",
]  # fmt: skip


def test_short_articles_before_an_annex_restarting_at_article_1_are_kept() -> None:
    provisions = split_provisions(_doc("\n".join(DECREE), title=DECREE[0]), "legislation", "en")
    arts = _articles(provisions)
    assert [a.number for a in arts] == ["1", "2", "3", "4", "1", "2", "3"]
    assert arts[1].text == "Decree No. 2003-5 is repealed."
    assert arts[3].text == "This decree enters into force on the day of its publication."  # not the annex title
    assert [a.heading for a in arts[:4]] == [""] * 4
    assert {a.heading for a in arts[4:]} == {"ANNEX — Regulation on the protection of witnesses"}
    assert "relocation" in arts[5].text


@pytest.mark.parametrize(
    ("annex", "first", "heading"),
    [
        (["ANNEXE", "Règlement relatif à la protection des témoins"], "Article premier",
         "ANNEXE — Règlement relatif à la protection des témoins"),
        (["Schedule 2 - Protection of witnesses"], "Article 1", "Schedule 2 - Protection of witnesses"),
        (["Приложение к Указу"], "Статья 1.", "Приложение к Указу"),
        (["الملحق"], "المادة 1", "الملحق"),
        (["附件一 证人保护条例"], "第一条", "附件一证人保护条例"),
    ],
    ids=["fr", "en-schedule", "ru", "ar", "zh"],
)
def test_annex_headings_in_other_languages_head_the_restarted_articles(annex, first, heading) -> None:
    second = {"Article premier": "Article 2", "Article 1": "Article 2", "Статья 1.": "Статья 2.",
              "المادة 1": "المادة 2", "第一条": "第二条"}[first]  # fmt: skip
    lines = [first, "Short text one.", second, "Short text two.", *annex,
             first, "Annexed text one, long enough to be the annex's first article.", second, "Annexed text two."]
    arts = _articles(split_provisions(_doc("\n".join(lines)), "legislation", "en"))
    assert [a.text for a in arts] == ["Short text one.", "Short text two.", "Annexed text one, long enough to be "
                                      "the annex's first article.", "Annexed text two."]  # fmt: skip
    assert [a.heading for a in arts] == ["", "", heading, heading]


def test_restarted_numbering_without_a_heading_keeps_both_runs_with_unique_ids() -> None:
    from index.models import DocumentRecord
    from index.store import assign_provision_ids

    lines = ["Article 1", "First rule.", "Article 2", "Second rule.", "Article 3", "Third rule.",
             "Article 1", "The first rule of the second part, which is longer than the others by a fair margin.",
             "Article 2", "The second rule of the second part."]  # fmt: skip
    provisions = split_provisions(_doc("\n".join(lines)), "legislation", "en")
    assert [(p.number, p.text[:12]) for p in provisions] == [
        ("1", "First rule."), ("2", "Second rule."), ("3", "Third rule."), ("1", "The first ru"), ("2", "The second r")]
    record = DocumentRecord(id="law", type="legislation", title="Law", provisions=provisions)
    assign_provision_ids(record)
    assert len({p.id for p in record.provisions}) == 5


def test_contents_listing_with_titles_is_dropped_but_its_articles_kept() -> None:
    lines = ["CONTENTS", "Article 1 Purpose", "Article 2 Definitions", "Article 3 Offences ........ 4",
             "Article 1 Purpose", "This Act aims to prevent and combat trafficking in persons.",
             "Article 2 Definitions", "In this Act, \"child\" means any person under eighteen years of age.",
             "Article 3 Offences", "Whoever recruits a person for the purpose of exploitation shall be punished."]
    arts = _articles(split_provisions(_doc("\n".join(lines)), "legislation", "en"))
    assert [a.number for a in arts] == ["1", "2", "3"]
    assert all(len(a.text) > 40 for a in arts)


def test_decree_articles_survive_ingest_into_the_store(tmp_path) -> None:
    from index.store import Store
    from ingest.pipeline import ingest_paths

    path = tmp_path / "decree.txt"
    path.write_text("\n".join(DECREE) + "\n", encoding="utf-8")
    (tmp_path / "decree.txt.meta.json").write_text(json.dumps({"id": "decree-2024-17", "type": "legislation",
                                                               "language": "en"}), encoding="utf-8")
    store = Store(tmp_path / "store.sqlite3")
    try:
        report = ingest_paths([path], store, progress=False)
        assert not report.rejected, report.rejected
        stored = store.get_document("decree-2024-17")
    finally:
        store.close()
    arts = [p for p in stored.provisions if p.kind == "article"]
    assert [a.number for a in arts] == ["1", "2", "3", "4", "1", "2", "3"]
    assert len({a.id for a in arts}) == 7
    assert "Decree No. 2003-5 is repealed." in [a.text for a in arts]


def test_wrapped_contents_entries_with_dot_leaders_are_dropped_and_hyphenated_sections_numbered() -> None:
    lines = ["OKLAHOMA STATUTES", "TITLE 12. CIVIL PROCEDURE",
             "§12-1. Title of chapter. ............................................ 31",
             "§12-2. Clerk to keep court records, books and papers - Statistical and other information",
             "for the Supreme Court. ............................................... 31",
             "§12-1. Title of chapter.", "This act shall be known as the Code of Civil Procedure.",
             "§12-2. Clerk to keep court records, books and papers.",
             "The clerk of the district court shall keep the records, books and papers of the court."]  # fmt: skip
    arts = _articles(split_provisions(_doc("\n".join(lines)), "legislation", "en"))
    assert [a.number for a in arts] == ["12-1", "12-2"]
    assert arts[1].text.endswith("the records, books and papers of the court.")


def test_footnotes_are_provisions_of_their_own_after_the_provision_they_follow() -> None:
    blocks = [
        Block("Article 1\nThe requested State shall execute the request promptly."),
        Block("1 See the Convention against Transnational Organized Crime, art. 18.", kind="footnote"),
        Block("Article 2\nRequests shall be made in writing."),
        Block("* Reissued for technical reasons.", kind="footnote"),
    ]
    provisions = split_provisions(ParsedDocument("law.pdf", blocks=blocks), "legislation", "en")
    assert [(p.kind, p.label, p.number) for p in provisions] == [
        ("article", "Article 1", "1"), ("footnote", "Footnote 1", "1"),
        ("article", "Article 2", "2"), ("footnote", "Footnote *", "")]  # fmt: skip
    assert provisions[1].text == "See the Convention against Transnational Organized Crime, art. 18."
    assert provisions[0].text == "The requested State shall execute the request promptly."
    assert provisions[1].heading == "Article 1"
    french = split_provisions(ParsedDocument("loi.pdf", blocks=blocks[:2]), "legislation", "fr")
    assert french[1].label == "Note 1"


def test_footnotes_of_a_text_without_structure_come_after_it() -> None:
    blocks = [Block("A short note on cooperation."), Block("2 Ibid., para. 4.", kind="footnote")]
    provisions = split_provisions(ParsedDocument("note.txt", blocks=blocks), "document", "en")
    assert [(p.kind, p.text) for p in provisions] == [("whole", "A short note on cooperation."),
                                                       ("footnote", "Ibid., para. 4.")]  # fmt: skip


@pytest.mark.parametrize("word", ["PRÉAMBULE", "Préambule", "P r é a m b u l e", "ПРЕАМБУЛА", "الديباجة"])
def test_a_preamble_line_before_the_first_article_names_the_preamble(word) -> None:
    recital = "Considérant que la traite des personnes constitue une violation grave des droits de la personne. " * 3
    title = "Loi relative à la lutte contre la traite"
    text = "\n".join([title, word, recital, "Article 1 La présente loi s'applique."])
    provisions = split_provisions(_doc(text), "legislation", "fr")
    assert [(p.kind, p.label) for p in provisions] == [("preamble", word), ("article", "Article 1")]
    assert provisions[0].text.startswith("Loi relative") and word not in provisions[0].text
