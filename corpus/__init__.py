"""The bundled corpus: taxonomy, thesaurus, sample documents, treaties and reference data (data only)."""

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
