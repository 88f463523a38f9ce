"""What a request reads of the app: the long-lived objects (`sherloc()`) and the UI language (`ui_lang()`)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g

from index.home import Home
from index.store import Store

UI_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
RTL_LANGUAGES = ("ar",)


@dataclass
class Sherloc:
    """The objects a request needs, created once per app."""

    home: Home
    store: Store
    engine_name: str
    taxonomy: Any
    thesaurus: Any
    _handle: Any = None
    _vectors: Any = None
    # type-ahead terms per UI language, (folded, display) best first: built on first use (search_app.suggest)
    suggest_terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def handle(self):
        """The index handle (opened lazily: an app with an empty home starts instantly)."""
        if self._handle is None:
            with self._lock:  # two first requests at once must not open the index twice
                if self._handle is None:
                    from index.sync import IndexHandle

                    self._handle = IndexHandle(self.home, name=self.engine_name, store=self.store)
        return self._handle

    @property
    def engine(self):
        """The current search engine, caught up with the store."""
        return self.handle.engine

    @property
    def vectors(self):
        """The provision vectors (index.vectors.VectorHandle; no model is loaded until one is needed)."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    from index.vectors import VectorHandle

                    self._vectors = VectorHandle(self.home, self.store)
        return self._vectors


def sherloc() -> Sherloc:
    """The current app's `Sherloc` state."""
    return current_app.extensions["sherloc"]


def ui_lang() -> str:
    """The UI language of this request."""
    return getattr(g, "ui_lang", None) or "en"
