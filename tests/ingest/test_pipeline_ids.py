"""Document ids in a batch: files never take each other's documents, sidecars of records files, source URLs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.store import Store
from ingest.pipeline import ingest_paths

LAW_FR = """Loi type relative à l'extradition (données d'exemple)

Article premier
L'extradition peut être accordée lorsque l'infraction est punissable dans l'État requérant et dans l'État requis.

Article 2
La demande d'extradition est adressée par la voie diplomatique à l'autorité centrale désignée.
"""

LAW_FR_OTHER = """Loi type relative à la traite des personnes (données d'exemple)

Article premier
Le recrutement, le transport ou l'hébergement d'une personne aux fins d'exploitation constitue la traite.

Article 2
La traite des personnes est punie de dix ans d'emprisonnement.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def by_source(store: Store) -> dict[str, str]:
    """Source file name (with its folder) -> document id."""
    return {str(Path(d.source_file).relative_to(Path(d.source_file).parents[1])): d.id for d in store.iter_documents()}


def test_same_file_name_in_two_folders_gives_two_documents_with_stable_ids(tmp_path, store):
    a = write(tmp_path / "a" / "loi.txt", LAW_FR)
    b = write(tmp_path / "b" / "loi.txt", LAW_FR_OTHER)

    report = ingest_paths([a, b], store, progress=False)

    assert report.totals()["added"] == 2 and not report.rejected
    ids = by_source(store)
    assert ids["a/loi.txt"] == "loi"
    assert ids["b/loi.txt"].startswith("loi-") and ids["b/loi.txt"] != "loi"
    second = report.files[1]
    assert any("loi" in w and ids["b/loi.txt"] in w and str(a) in w for w in second.warnings), second.warnings
    assert "traite" in store.get_document(ids["b/loi.txt"]).title

    seq = store.last_seq()
    again = ingest_paths([a, b], store, progress=False)
    assert again.totals()["unchanged"] == 2 and again.totals()["added"] == 0 and again.totals()["removed"] == 0
    assert store.last_seq() == seq
    # the other order, and one file alone, find the same ids
    ingest_paths([b], store, progress=False)
    ingest_paths([b, a], store, progress=False)
    assert by_source(store) == ids and store.last_seq() == seq


def test_same_name_in_a_later_batch_is_added_too(tmp_path, store):
    write(tmp_path / "a" / "loi.txt", LAW_FR)
    write(tmp_path / "b" / "loi.txt", LAW_FR_OTHER)
    ingest_paths([tmp_path / "a"], store, progress=False)

    report = ingest_paths([tmp_path / "b"], store, progress=False)

    assert report.totals()["added"] == 1
    assert sorted(by_source(store)) == ["a/loi.txt", "b/loi.txt"]
    assert ingest_paths([tmp_path / "b"], store, progress=False).totals()["unchanged"] == 1


def test_same_stem_with_two_extensions_in_one_folder(tmp_path, store):
    write(tmp_path / "docs" / "loi.txt", LAW_FR)
    write(tmp_path / "docs" / "loi.md", LAW_FR_OTHER)
    report = ingest_paths([tmp_path / "docs"], store, progress=False)
    assert report.totals()["added"] == 2
    assert len({d.source_file for d in store.iter_documents()}) == 2


def sidecar(path: Path, **fields) -> None:
    write(path.with_name(path.name + ".meta.json"), json.dumps(fields))


def test_a_sidecar_id_owned_by_another_file_is_rejected_and_the_stored_document_kept(tmp_path, store):
    first = write(tmp_path / "a" / "extradition.txt", LAW_FR)
    sidecar(first, id="SMP-LAW", type="legislation")
    second = write(tmp_path / "b" / "traite.txt", LAW_FR_OTHER)
    sidecar(second, id="SMP-LAW", type="legislation")
    quarantine = tmp_path / "quarantine"

    report = ingest_paths([tmp_path / "a", tmp_path / "b"], store, quarantine_dir=quarantine, progress=False)

    (rejected,) = report.rejected
    assert rejected.path == str(second)
    assert "SMP-LAW" in rejected.reason and str(first) in rejected.reason and str(second) in rejected.reason
    assert list(quarantine.glob("*traite.txt.report.json"))
    doc = store.get_document("SMP-LAW")
    assert doc.source_file == str(first) and "extradition" in doc.title
    assert store.document_ids() == ["SMP-LAW"]

    # the next batch gives the same answer: nothing flips back and forth
    again = ingest_paths([tmp_path / "b", tmp_path / "a"], store, progress=False)
    assert [f.status for f in again.files] == ["rejected", "unchanged"]
    assert store.get_document("SMP-LAW").source_file == str(first)


def test_a_sidecar_id_whose_old_file_is_gone_is_a_move(tmp_path, store):
    first = write(tmp_path / "a" / "extradition.txt", LAW_FR)
    sidecar(first, id="SMP-LAW")
    ingest_paths([first], store, progress=False)
    second = write(tmp_path / "b" / "traite.txt", LAW_FR_OTHER)
    sidecar(second, id="SMP-LAW")
    first.unlink()

    report = ingest_paths([second], store, progress=False)

    assert report.files[0].replaced == ["SMP-LAW"] and not report.rejected
    assert any("moved" in w and str(first) in w for w in report.files[0].warnings)
    doc = store.get_document("SMP-LAW")
    assert doc.source_file == str(second) and "traite" in doc.title


def test_the_command_exits_1_on_a_sidecar_id_conflict(tmp_path):
    first = write(tmp_path / "docs" / "a.txt", LAW_FR)
    sidecar(first, id="SMP-LAW")
    second = write(tmp_path / "docs" / "b.txt", LAW_FR_OTHER)
    sidecar(second, id="SMP-LAW")
    run = subprocess.run(
        [sys.executable, "-m", "search_app.cli", "--home", str(tmp_path / "home"), "ingest", "--no-index",
         str(tmp_path / "docs")],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "b.txt" in run.stderr and "SMP-LAW" in run.stderr


def test_a_record_whose_id_belongs_to_another_live_file_is_skipped(tmp_path, store):
    rows = [{"id": "R-1", "type": "case", "text": LAW_FR}, {"id": "R-2", "type": "case", "text": LAW_FR_OTHER}]
    first = write(tmp_path / "a.jsonl", json.dumps(rows[0]) + "\n")
    other = dict(rows[0], text=LAW_FR.replace("diplomatique", "électronique"))
    second = write(tmp_path / "b.jsonl", json.dumps(other) + "\n" + json.dumps(rows[1]) + "\n")

    report = ingest_paths([first, second], store, progress=False)

    assert report.files[1].added == ["R-2"]
    assert any("R-1" in w and str(first) in w for w in report.files[1].warnings)
    assert "diplomatique" in store.get_document("R-1").provisions[-1].text


CASES = [
    {"id": "C-0", "type": "case", "title": "Case zero", "country": "CAN", "language": "en",
     "crime_types": ["cybercrime"], "metadata": {"court": "Own court"},
     "text": "Facts\n\nThe accused laundered proceeds of drug trafficking through shell companies in two States."},
    {"id": "C-1", "title": "Case one", "language": "en",
     "text": "Facts\n\nThe accused recruited persons by deception for the purpose of forced labour abroad."},
]


def test_a_sidecar_beside_a_records_file_gives_defaults_and_renames_nothing(tmp_path, store):
    path = write(tmp_path / "cases.jsonl", "\n".join(json.dumps(r) for r in CASES) + "\n")
    sidecar(path, id="SMP-CASES", type="case", country="FRA", crime_types=["money-laundering"],
            issues=["extradition"], source_url="https://example.org/cases", metadata={"court": "Cour d'appel"})

    report = ingest_paths([path], store, progress=False)

    assert store.document_ids() == ["C-0", "C-1"]
    assert any("SMP-CASES" in w for w in report.files[0].warnings)
    zero, one = store.get_document("C-0"), store.get_document("C-1")
    assert (zero.country, one.country) == ("CAN", "FRA")
    assert zero.type == one.type == "case"
    assert zero.terms("crime") == ["cybercrime"] and one.terms("crime") == ["money-laundering"]
    assert "extradition" in one.terms("issue") and "extradition" in zero.terms("issue")
    assert zero.metadata["court"] == "Own court" and one.metadata["court"] == "Cour d'appel"
    assert zero.source_url == one.source_url == "https://example.org/cases"
    assert ingest_paths([path], store, progress=False).totals()["unchanged"] == 2


def test_a_sidecar_beside_a_single_document_file_still_names_it(tmp_path, store):
    path = write(tmp_path / "law.txt", LAW_FR)
    sidecar(path, id="SMP-ONE", country="FRA")
    ingest_paths([path], store, progress=False)
    assert store.document_ids() == ["SMP-ONE"] and store.get_document("SMP-ONE").country == "FRA"


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html,x",
                                 "file:///etc/passwd", "ftp://example.org/law", "//evil.example/x", "https://"])
def test_only_web_source_urls_are_stored(tmp_path, store, url):
    path = write(tmp_path / "law.txt", LAW_FR)
    sidecar(path, id="SMP-URL", source_url=url)
    records = write(tmp_path / "cases.jsonl", json.dumps(dict(CASES[0], url=url)) + "\n"
                    + json.dumps(dict(CASES[1], metadata={"source_url": url})) + "\n")

    report = ingest_paths([path, records], store, progress=False)

    for doc_id in ("SMP-URL", "C-0", "C-1"):
        doc = store.get_document(doc_id)
        assert doc.source_url is None
        assert url not in json.dumps(doc.metadata)
    warned = [w for f in report.files for w in f.warnings if "source_url" in w]
    assert len(warned) == 3 and all(url.strip() in w for w in warned)


def test_web_source_urls_are_kept(tmp_path, store):
    path = write(tmp_path / "law.txt", LAW_FR)
    sidecar(path, id="SMP-URL", source_url="https://example.org/loi?id=5")
    report = ingest_paths([path], store, progress=False)
    assert store.get_document("SMP-URL").source_url == "https://example.org/loi?id=5"
    assert not report.files[0].warnings
