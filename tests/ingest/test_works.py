"""Language versions found from file names and UN symbols; UN documents told apart by their front matter."""

from __future__ import annotations

import pytest

from ingest.model import Block, ParsedDocument
from ingest.text import read_text
from ingest.works import describe_un_document, un_front_matter, version_group

UN_DOCS = {  # file -> what the first page says (see ../shared/data/un-docs/README.md)
    "000_bc9384a3c8c704c0.txt": ("19 juillet 2018", "Neuvième session"),
    "002_120a5ee9d85e789d.txt": ("13 octobre 2017", "Groupe de travail sur la coopération internationale"),
    "003_c3c56fd471775883.txt": ("23 février 2024", "Groupe de travail sur la coopération internationale"),
    "004_79762f2056680fff.txt": ("19 septembre 2007", "Groupe de travail provisoire d'experts gouvernementaux à "
                                 "composition non limitée sur l'assistance technique"),
}


@pytest.mark.parametrize(
    ("name", "language", "sibling", "sibling_language"),
    [("eng.html", "en", "fra.html", "fr"), ("cmn_hans.html", "zh", "spa.html", "es"),
     ("arb.html", "ar", "rus.html", "ru"), ("untoc.fr.txt", "fr", "untoc.en.txt", "en"),
     ("Loi_ES.pdf", "es", "loi_fr.pdf", "fr"), ("report-zh-CN.pdf", "zh", "report-en.pdf", "en")],
)
def test_names_tagged_with_their_language_group_with_their_siblings(tmp_path, name, language, sibling,
                                                                     sibling_language):
    mine = version_group({}, tmp_path / name, language, multi=False)
    assert mine and mine == version_group({}, tmp_path / sibling, sibling_language, multi=False)
    assert version_group({}, tmp_path / "elsewhere" / name, language, multi=False) != mine  # another folder


@pytest.mark.parametrize(
    ("name", "language", "multi"),
    [("eng.html", "fr", False), ("penal-code.pdf", "en", False), ("records_en.jsonl", "en", True),
     ("annex-e.pdf", "en", False)],
)
def test_no_group_without_a_matching_language_tag_or_for_a_file_of_records(tmp_path, name, language, multi):
    assert version_group({}, tmp_path / name, language, multi) is None


def test_a_un_symbol_groups_whatever_the_file(tmp_path):
    assert version_group({"symbol": "CTOC/COP/2018/1"}, tmp_path / "a.jsonl", "fr", multi=True) == "CTOC/COP/2018/1"


def test_the_real_un_documents_front_matter(shared_data):
    for name, (date, session) in UN_DOCS.items():
        front = un_front_matter(read_text(shared_data / "un-docs" / name)[0].text)
        assert front["date_printed"] == date and front["session"] == session, name
    assert un_front_matter(read_text(shared_data / "un-docs" / "001_4388b06382c05052.txt")[0].text) == {}


def test_the_real_un_documents_get_titles_that_tell_them_apart(shared_data):
    titles = [describe_un_document(read_text(p)[0]).title for p in sorted((shared_data / "un-docs").glob("*.txt"))]
    assert len(set(titles)) == 5
    assert titles[0] == ("Conférence des Parties à la Convention des Nations Unies contre la criminalité "
                         "transnationale organisée — Neuvième session (Vienne, 15-19 octobre 2018), 19 juillet 2018")


def test_a_printed_symbol_leads_and_a_source_title_is_kept():
    blocks = [Block("Conference of the Parties to the United Nations Convention against Corruption", "heading"),
              Block("CAC/COSP/2023/1"), Block("Distr.: General\n3 October 2023\nOriginal: English"),
              Block("Tenth session"), Block("Atlanta, United States, 11–15 December 2023")]
    parsed = ParsedDocument("x.pdf", title=blocks[0].text, blocks=blocks)
    described = describe_un_document(parsed)
    assert described.title.endswith("— CAC/COSP/2023/1, Tenth session (Atlanta, United States, 11–15 December 2023), "
                                    "3 October 2023")
    assert described.metadata["symbol"] == "CAC/COSP/2023/1"
    given = ParsedDocument("x.jsonl", title="As the source says", blocks=blocks,
                           metadata={"title": "As the source says"})
    assert describe_un_document(given).title == "As the source says"
