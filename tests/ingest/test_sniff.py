"""sniff(): the kind of a file comes from its bytes, whatever its name says."""

from __future__ import annotations

import codecs
import random

import pytest

from ingest.errors import RejectedFile
from ingest.sniff import is_sidecar, sniff

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "pdf"),
        ("named-wrong.txt", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "pdf"),
        ("page.html", "<!doctype html><html lang='fr'><body><p>Article premier</p></body></html>", "html"),
        ("page.txt", "<!-- sample -->\n<html><body><h1>Loi</h1></body></html>", "html"),
        ("frag.htm", "<article data-number='1'><h2>Article 1</h2><p>Texte</p></article>", "html"),
        ("rec.json", '{"id": "X-1", "text": "Article 1"}', "json"),
        ("recs.json", '[{"id": "X-1", "text": "a"}, {"id": "X-2", "text": "b"}]', "json"),
        ("pretty.json", '{\n  "id": "X-1",\n  "text": "a"\n}\n', "json"),
        ("recs.data", '{"id": "X-1", "text": "a"}\n{"id": "X-2", "text": "b"}\n', "jsonl"),
        ("law.txt", "Article 5\nQuiconque commet une infraction...\n", "text"),
        ("notes.md", "# Titre\n\nTexte<sup>1</sup> et **gras**.\n", "text"),
        ("angle.txt", "<Untitled draft> of the law on extradition\nArticle 1", "text"),
        ("статья.txt", "Статья 5. Выдача\n", "text"),
    ],
)
def test_kind_from_content(tmp_path, name, content, kind):
    assert sniff(write(tmp_path, name, content)) == kind


def test_png_named_txt_is_rejected_with_its_kind(tmp_path):
    path = write(tmp_path, "scan.txt", PNG)
    with pytest.raises(RejectedFile) as err:
        sniff(path)
    assert err.value.reason == "binary file (PNG image), not a document"
    assert str(err.value) == f"{path}: binary file (PNG image), not a document"
    assert err.value.path == str(path)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-docx", "ZIP archive or Office document"),
        (b"abc\x00def\x00ghi", "NUL bytes"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_rejections_name_the_reason(tmp_path, data, words):
    with pytest.raises(RejectedFile) as err:
        sniff(write(tmp_path, "x.txt", data))
    assert words in err.value.reason


def test_random_bytes_are_rejected(tmp_path):
    rng = random.Random(7)
    for i in range(20):
        data = bytes(rng.randrange(256) for _ in range(rng.choice([40, 300, 5000])))
        with pytest.raises(RejectedFile):
            sniff(write(tmp_path, f"r{i}.txt", data))


def test_legacy_and_unicode_encodings_are_text(tmp_path):
    assert sniff(write(tmp_path, "cp.txt", "Président de la République, délégué".encode("cp1252"))) == "text"
    utf16 = codecs.BOM_UTF16_LE + "Статья 1. Общие положения".encode("utf-16-le")
    assert sniff(write(tmp_path, "u16.txt", utf16)) == "text"
    assert sniff(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "المادة 1".encode())) == "text"


def test_a_utf8_character_cut_by_the_sample_is_not_undecodable(tmp_path):
    # 64 KiB sample boundary falls inside a 2-byte character.
    data = b"a" * (64 * 1024 - 1) + "é".encode() * 10
    assert sniff(write(tmp_path, "long.txt", data)) == "text"


def test_sidecars():
    from pathlib import Path

    assert is_sidecar(Path("law.pdf.meta.json"))
    assert is_sidecar(Path("dir/LAW.META.JSON"))
    assert not is_sidecar(Path("records.json"))
