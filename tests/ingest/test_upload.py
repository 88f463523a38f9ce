"""ingest.upload: names never from the client, types from the bytes, and a parse that cannot hurt the server."""

from __future__ import annotations

import io
import threading

import pytest

from ingest import upload
from ingest.errors import RejectedFile
from tests.ingest.pdfgen import paragraphs_pdf


@pytest.mark.parametrize(("given", "shown"), [
    ("C:\\Users\\ana\\Desktop\\Ley 5.pdf", "Ley 5.pdf"),
    ("../../etc/passwd", "passwd"),
    ("law\u202egpj.txt", "lawgpj.txt"),  # a right-to-left override would show the name reversed
    ("\x00\x1f", "upload"),
    ("", "upload"),
    ("a" * 300 + ".txt", "a" * 200),
])
def test_display_name_is_text_to_show_never_a_path(given, shown):
    assert upload.display_name(given) == shown


def test_suggested_id_comes_from_the_name_and_is_never_taken():
    taken = {"penal-code", "penal-code-2"}
    assert upload.suggested_id("penal code.pdf", taken.__contains__) == "penal-code-3"
    assert upload.suggested_id("قانون العقوبات.html", taken.__contains__) == "قانون-العقوبات"
    assert upload.suggested_id(".pdf", taken.__contains__) == ".pdf"
    assert "/" not in upload.suggested_id("a/b.txt", taken.__contains__)


def test_receive_keeps_a_document_under_the_generated_name_and_nothing_else(tmp_path):
    stored = upload.receive(io.BytesIO(b"Article 1\nText."), tmp_path, "f00d", 1000, "law.docx")
    assert (stored.name, stored.kind, stored.size) == ("f00d.txt", "text", 15)
    with pytest.raises(RejectedFile, match="larger than the limit of 0.001 MB") as too_large:
        upload.receive(io.BytesIO(b"x" * 1001), tmp_path, "beef", 1000, "big.txt")
    assert too_large.value.path == "big.txt"
    with pytest.raises(RejectedFile, match=r"binary file \(GIF image\)") as binary:
        upload.receive(io.BytesIO(b"GIF89a" + bytes(50)), tmp_path, "cafe", 1000, "cat.txt")
    assert binary.value.path == "cat.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f00d.txt"]


def _parse(parser, file, time_limit):
    done, out = threading.Event(), {}
    parser.parse(file, "law", time_limit, lambda parsed, error: (out.update(parsed=parsed, error=error), done.set()))
    assert done.wait(120), "the parse never ended"
    return out["parsed"], out["error"]


def test_a_parse_stuck_past_its_limit_is_killed_and_the_next_file_is_read(tmp_path, monkeypatch):
    big = paragraphs_pdf(tmp_path / "big.pdf", [f"Article {i}. Obligation {i} of the State." for i in range(1500)],
                         per_page=25)
    small = upload.receive(io.BytesIO(b"Article 1\nThe smuggling of migrants is a crime."), tmp_path, "s", 10**6,
                           "s.txt")
    parser = upload.UploadParser()
    try:
        assert _parse(parser, tmp_path / small.name, 60)[1] == ""  # the worker is up
        # the parse's own alarm is far away: only the hard kill of the worker process can stop it
        monkeypatch.setattr(upload, "KILL_GRACE_S", -59.5)
        parsed, error = _parse(parser, big, 60)
        assert parsed is None and error == "took longer than 0.5 s to read; the parser was stopped"
        monkeypatch.setattr(upload, "KILL_GRACE_S", 30.0)
        parsed, error = _parse(parser, tmp_path / small.name, 60)  # a new worker reads the next file
        assert error == "" and parsed["records"][0]["provisions"][0]["text"].startswith("The smuggling")
    finally:
        parser.close()
