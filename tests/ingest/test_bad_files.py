"""Whatever an editor drops in, read_file answers with documents or a RejectedFile naming file and reason."""

from __future__ import annotations

import json
import os
import random

import pytest

from index.errors import SherlocError
from ingest.errors import RejectedFile
from ingest.readers import read_file, read_file_with_warnings

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


def rejected(path) -> RejectedFile:
    with pytest.raises(RejectedFile) as err:
        read_file(path)
    assert isinstance(err.value, SherlocError)
    assert str(err.value) == f"{path}: {err.value.reason}"
    return err.value


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.json", "empty.html"])
def test_empty_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert rejected(path).reason == "empty file"


@pytest.mark.parametrize("name", ["photo.txt", "photo.pdf", "photo.json", "photo.html"])
def test_png_under_any_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(PNG + bytes(range(256)))
    assert rejected(path).reason == "binary file (PNG image), not a document"


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".json", ".jsonl", ".html", ""])
def test_random_bytes(tmp_path, seed, suffix):
    rng = random.Random(seed)
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.choice([64, 2048, 100_000]))))
    assert rejected(path).reason


def test_pdf_header_then_noise(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(5000) + b"\n%%EOF\n")
    assert rejected(path).reason


def test_five_megabyte_single_line(tmp_path):
    path = tmp_path / "one-line.txt"
    sentence = "Article 5. Chaque État Partie adopte les mesures nécessaires pour conférer le caractère d'infraction. "
    path.write_text(sentence * (5 * 1024 * 1024 // len(sentence.encode())), encoding="utf-8")
    (doc,) = read_file(path)
    assert len(doc.text) > 4_500_000 and doc.text.startswith("Article 5. Chaque État")


def test_invalid_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"id": "A", "text": "x"}, {"id": "B" "text": "y"}]', encoding="utf-8")
    reason = rejected(path).reason
    assert reason.startswith("invalid JSON at line 1, column ")


def test_jsonl_bad_line_reported_others_kept(tmp_path):
    path = tmp_path / "records.jsonl"
    rows = [json.dumps({"id": f"R-{i}", "type": "legislation", "text": f"Article {i}"}) for i in range(3)]
    path.write_text(rows[0] + "\n{not json}\n" + rows[1] + "\n" + rows[2] + "\n", encoding="utf-8")
    docs, warnings = read_file_with_warnings(path)
    assert [d.metadata["id"] for d in docs] == ["R-0", "R-1", "R-2"]
    assert len(warnings) == 1 and warnings[0].startswith("line 2: ")


def test_sidecar_is_not_a_document(tmp_path):
    path = tmp_path / "law.pdf.meta.json"
    path.write_text('{"id": "X", "type": "legislation"}', encoding="utf-8")
    assert "sidecar" in rejected(path).reason


def test_missing_file_and_directory(tmp_path):
    assert rejected(tmp_path / "nope.txt").reason.startswith("cannot be read")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert rejected(folder).reason.startswith("cannot be read")


def test_deeply_nested_json(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert rejected(path).reason


@pytest.mark.parametrize("kind", ["pdf", "html", "json", "txt"])
def test_damaged_copies_never_leak_a_traceback(tmp_path, kind):
    """Flip, cut and splice bytes of good files: each copy is read or rejected, nothing else."""
    from tests.ingest.pdfgen import Item, Layout, make_pdf

    text = "Article 5. Chaque État Partie adopte les mesures législatives nécessaires. " * 30
    good = tmp_path / f"good.{kind}"
    if kind == "pdf":
        make_pdf(good, Layout(items=[Item("heading", "Loi"), Item("para", text), Item("footnote", "1 Note.")]))
    elif kind == "html":
        good.write_text(f"<html lang='fr'><body><main><article data-number='5'><h2>Article 5</h2><p>{text}</p>"
                        "</article></main></body></html>", encoding="utf-8")
    elif kind == "json":
        good.write_text(json.dumps([{"id": "A", "type": "legislation", "text": text, "crime_types": "['x', 'y"}]),
                        encoding="utf-8")
    else:
        good.write_text("# Loi\n\n" + text.replace(". ", ".\n"), encoding="utf-8")
    data = good.read_bytes()
    rng = random.Random(kind)
    for i in range(25):
        buf = bytearray(data)
        for _ in range(rng.choice([1, 5, 50])):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        if i % 3 == 0:
            start = rng.randrange(len(buf))
            del buf[start : start + rng.randrange(1, 2000)]
        path = tmp_path / f"damaged-{i}.{kind}"
        path.write_bytes(bytes(buf))
        try:
            docs = read_file(path)
        except RejectedFile as exc:
            assert exc.reason and str(exc).startswith(str(path))
        else:
            assert docs and all(isinstance(b.text, str) for d in docs for b in d.blocks)


def test_broken_symbolic_link(tmp_path):
    link = tmp_path / "law.txt"
    link.symlink_to(tmp_path / "moved" / "law.txt")
    reason = rejected(link).reason
    assert reason.startswith("broken symbolic link") and str(tmp_path / "moved" / "law.txt") in reason


def test_named_pipe_is_not_opened(tmp_path):
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    assert rejected(pipe).reason == "not a regular file (a named pipe); not read"


def test_device_is_not_read(tmp_path):
    link = tmp_path / "zeros.txt"
    link.symlink_to("/dev/zero")
    assert rejected(link).reason == "not a regular file (a device); not read"
