"""The `sherloc` command as a user runs it: help everywhere, clear one-line errors, the corpus described."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from index.store import Store
from search_app.cli import main

COMMANDS = ["ingest", "search", "delete", "reindex", "serve", "demo", "stats", "treaties", "editors", "editors add",
            "editors list", "editors remove", "vectors"]
TOP_LEVEL_ISSUES = [
    "criminalization", "legal-persons-liability", "prosecution-sanctions", "confiscation-seizure", "jurisdiction",
    "international-cooperation", "witness-protection", "victim-protection", "cooperation-with-law-enforcement",
    "prevention", "training-technical-assistance",
]
QUERIES = {"en": "trafficking", "fr": "blanchiment", "es": "trata", "ru": "выдача", "ar": "الأموال", "zh": "洗钱"}


def sherloc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search_app.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, (command.split() if command else []) + ["--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_an_unknown_engine_is_one_clear_line(tmp_path):
    run = sherloc("--home", str(tmp_path), "reindex", "--engine", "lucene")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("error:") and "lucene" in run.stderr


def test_stats_describe_the_bundled_corpus(bundled_home):
    run = sherloc("--home", str(bundled_home.root), "stats", "--json")
    assert run.returncode == 0, run.stderr
    stats = json.loads(run.stdout)
    assert stats["documents"] >= 40
    assert all(stats["by_language"].get(lang, 0) >= 4 for lang in QUERIES), stats["by_language"]
    from index.countries import region

    countries = [c for c in stats["by_country"] if len(c) == 3 and region(c) not in (None, "international")]
    assert len(countries) >= 12
    assert len({region(c) for c in countries}) >= 4
    from index.taxonomy import load_taxonomy

    for term in load_taxonomy().terms("crime"):
        assert stats["by_crime_type"].get(term.id, 0) >= 2, term.id
    for issue in TOP_LEVEL_ISSUES:
        assert stats["by_issue"].get(issue, 0) >= 2, issue
    assert {"legislation", "case", "treaty"} <= set(stats["by_type"])


@pytest.mark.parametrize("lang", sorted(QUERIES))
def test_search_finds_the_corpus_in_each_language(bundled_home, lang):
    result = CliRunner().invoke(main, ["--home", str(bundled_home.root), "search", QUERIES[lang], "--lang", lang,
                                       "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] > 0
    assert all(hit["language"] == lang for hit in data["hits"])


def test_search_filters_and_reports_syntax_errors_without_failing(bundled_home):
    result = CliRunner().invoke(main, ["--home", str(bundled_home.root), "search", '(extradition "dual', "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["errors"]
    filtered = CliRunner().invoke(main, ["--home", str(bundled_home.root), "search", "", "--type", "case", "--json"])
    hits = json.loads(filtered.output)["hits"]
    assert hits and all(h["type"] == "case" for h in hits)


def test_demo_loads_the_corpus_once_and_reindex_swaps_engines(tmp_path):
    home = tmp_path / "home"
    first = sherloc("--home", str(home), "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert "documents added from" in first.stdout
    second = sherloc("--home", str(home), "demo", "--no-serve")
    assert second.returncode == 0 and "loading" not in second.stdout  # idempotent
    for engine in ("whoosh", "tantivy"):
        run = sherloc("--home", str(home), "reindex", "--engine", engine, "--json")
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["provisions"] > 0
    told = sherloc("--home", str(home), "reindex")
    assert told.returncode == 0 and told.stdout.startswith("index (tantivy) rebuilt in ")
    assert "provisions; now in use" in told.stdout


def test_demo_completes_a_first_load_that_was_cut_short(tmp_path):
    from corpus import CORPUS_DIR

    home = tmp_path / "home"
    # As if the first `sherloc demo` had been stopped after the Chinese laws.
    cut = sherloc("--home", str(home), "ingest", str(CORPUS_DIR / "documents" / "chn"))
    assert cut.returncode == 0, cut.stderr
    partial = json.loads(sherloc("--home", str(home), "stats", "--json").stdout)["documents"]
    run = sherloc("--home", str(home), "demo", "--no-serve")
    assert run.returncode == 0, run.stderr
    assert f"({partial} already stored)" in run.stdout
    full = json.loads(sherloc("--home", str(home), "stats", "--json").stdout)
    assert full["documents"] > partial and len(full["by_language"]) == 6


def test_editors_add_list_remove(tmp_path):
    from werkzeug.security import check_password_hash

    from index.store import Store

    home = ["--home", str(tmp_path)]
    # Typed twice at a hidden prompt ...
    added = CliRunner().invoke(main, [*home, "editors", "add", "alice"],
                               input="correct horse battery\ncorrect horse battery\n")
    assert added.exit_code == 0, added.output
    assert "correct horse battery" not in added.output, "the password is not echoed"
    # ... or read from standard input by a script.
    run = subprocess.run([sys.executable, "-m", "search_app.cli", *home, "editors", "add", "bob", "--password-stdin"],
                         input="another long password\n", capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    store = Store(tmp_path / "store.sqlite3")
    alice = store.get_editor("alice")
    assert check_password_hash(alice.password_hash, "correct horse battery")
    assert "correct horse battery" not in alice.password_hash
    assert check_password_hash(store.get_editor("bob").password_hash, "another long password")
    listed = CliRunner().invoke(main, [*home, "editors", "list", "--json"])
    assert [e["username"] for e in json.loads(listed.output)] == ["alice", "bob"]
    removed = CliRunner().invoke(main, [*home, "editors", "remove", "bob"])
    assert removed.exit_code == 0 and store.get_editor("bob") is None
    assert "bob" not in CliRunner().invoke(main, [*home, "editors", "list"]).output


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["add", "carol"], "short\nshort\n", "at least 10 characters"),
    (["add", "carol"], "long enough one\nsomething else!\n", "do not match"),
    (["add", "bad name"], "", "bad editor name"),
    (["add", "alice", "--password-stdin"], "yet another password\n", "already exists"),
    (["remove", "nobody"], "", "no editor named 'nobody'"),
])
def test_editors_errors_are_one_clear_line(tmp_path, args, stdin, message):
    from index.store import Store

    Store(tmp_path / "store.sqlite3").add_editor("alice", "hash")
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "editors", *args], input=stdin)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert [e.username for e in Store(tmp_path / "store.sqlite3").list_editors()] == ["alice"]


def test_search_into_a_closed_pipe_stops_quietly(bundled_home):
    # `sherloc search ... | head`: the reader is gone before anything is written
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run([sys.executable, "-m", "search_app.cli", "--home", str(bundled_home.root), "search",
                              "extradition", "--per-page", "50"],
                             stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_end)
    assert run.returncode == 141  # as a process ended by SIGPIPE
    assert run.stderr == ""


def test_demo_on_a_busy_port_says_so_before_loading_anything(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = sherloc("--home", str(tmp_path / "home"), "demo", "--port", str(port))
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: cannot serve on 127.0.0.1:{port}: ")
    assert "--port" in run.stderr and "make demo PORT=" in run.stderr
    assert "loading" not in run.stdout and not (tmp_path / "home" / "store.sqlite3").exists()


def test_search_counts_documents_with_collapse_and_curated_classifications_only(bundled_home):
    def facet(*flags: str) -> tuple[str, dict[str, int]]:
        result = CliRunner().invoke(main, ["--home", str(bundled_home.root), "search", "", *flags, "--json",
                                           "--per-page", "1"])  # fmt: skip
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        crime = next(f for f in data["facets"] if f["name"] == "crime")
        return data["unit"], {v["value"]: v["count"] for v in crime["values"]}

    unit, by_provision = facet()
    assert unit == "provisions"
    unit, by_document = facet("--collapse")
    assert unit == "documents"
    assert all(by_document[v] <= n for v, n in by_provision.items()) and by_document != by_provision
    # the bundled documents carry their editors' crime types: curated only, the counts are those of the sidecars
    _, curated = facet("--collapse", "--curated")
    assert curated["sexual-gender-based-crimes"] == 2 and curated == by_document


def test_delete_removes_documents_from_search(bundled_home, tmp_path):
    from tests.conftest import copy_home

    home = copy_home(bundled_home, tmp_path / "home")
    before = json.loads(sherloc("--home", str(home.root), "search", "id:GBR-LAW-MODERNSLAVERY-2015", "--json").stdout)
    assert before["total"] > 0
    refused = sherloc("--home", str(home.root), "delete", "GBR-LAW-MODERNSLAVERY-2015")  # no terminal, no --yes
    assert refused.returncode == 2 and "--yes" in refused.stderr
    unknown = sherloc("--home", str(home.root), "delete", "GBR-LAW-MODERNSLAVERY-2015", "NO-SUCH-DOC", "--yes")
    assert unknown.returncode == 2 and "NO-SUCH-DOC" in unknown.stderr  # nothing deleted: one id was wrong
    run = sherloc("--home", str(home.root), "delete", "GBR-LAW-MODERNSLAVERY-2015", "--yes")
    assert run.returncode == 0, run.stderr
    assert "deleted GBR-LAW-MODERNSLAVERY-2015" in run.stdout
    after = json.loads(sherloc("--home", str(home.root), "search", "id:GBR-LAW-MODERNSLAVERY-2015", "--json").stdout)
    assert after["total"] == 0
    store = Store(home.store_path)
    assert store.document_state("GBR-LAW-MODERNSLAVERY-2015") == "deleted"  # soft: restorable, until --purge
