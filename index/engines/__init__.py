"""The search engines behind one protocol (index.engines.base.Engine), chosen by name."""

from __future__ import annotations

import importlib
from pathlib import Path

from index.engines.base import Engine
from index.errors import SherlocError

# name -> "module:class", imported on first use so an engine's library loads only when chosen
ENGINES = {
    "tantivy": "index.engines.tantivy_engine:TantivyEngine",
    "whoosh": "index.engines.whoosh_engine:WhooshEngine",
}
_LATER = {"opensearch": "index.engines.opensearch_engine:OpenSearchEngine"}


def engine_class(name: str) -> type:
    """The class of a named engine; SherlocError naming the choices when unknown or unavailable."""
    target = ENGINES.get(name) or _LATER.get(name)
    if target is None:
        raise SherlocError(f"unknown search engine {name!r}: choose one of {', '.join(ENGINES)}")
    module, cls = target.split(":")
    try:
        return getattr(importlib.import_module(module), cls)
    except ImportError as exc:
        choices = ", ".join(ENGINES)
        raise SherlocError(f"search engine {name!r} is not available here ({exc}); choose one of {choices}") from exc


def create_engine(name: str, directory: str | Path) -> Engine:
    """Open (or create) the index of engine `name` in `directory`."""
    return engine_class(name)(Path(directory))
