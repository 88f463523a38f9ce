"""Packaging: a non-editable install ships every file of the bundled corpus."""

from __future__ import annotations

import configparser
import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _package_data_patterns() -> list[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    raw = cfg["options.package_data"]["*"]
    return [p.strip() for p in raw.replace("\n", ",").split(",") if p.strip()]


def test_every_corpus_file_is_package_data():
    patterns = _package_data_patterns()
    corpus = ROOT / "corpus"
    missing = []
    for path in corpus.rglob("*"):
        if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        # setuptools matches "*.x" against files of the package folder and "**/*.x" below it;
        # a file's name is enough to tell whether either form covers it.
        if not any(fnmatch.fnmatch(path.name, p.removeprefix("**/")) for p in patterns):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"not shipped by setup.cfg [options.package_data]: {missing}"


def test_every_folder_with_data_is_a_declared_package():
    # setuptools warns (about forty lines each) for a data folder it can import but was not told about
    from setuptools.config.setupcfg import read_configuration

    declared = set(read_configuration(ROOT / "setup.cfg")["options"]["packages"])
    undeclared = []
    for top in ("corpus", "index", "ingest", "search_app"):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir())]:
            if "__pycache__" in folder.parts or not any(f.is_file() for f in folder.iterdir()):
                continue
            name = ".".join(folder.relative_to(ROOT).parts)
            if name not in declared:
                undeclared.append(name)
    assert not undeclared, f"folders setuptools would warn about: {undeclared}"
