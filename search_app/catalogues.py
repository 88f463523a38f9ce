"""Compile the UI's message catalogues (.po -> .mo) at build and install time, never while serving.

    python -m search_app.catalogues          # what `make install` and `make test` run

The compiled .mo files are committed, so a fresh clone or a wheel has them without this step;
it rewrites only a .mo whose messages differ from its .po (content, not file times, which a
fresh clone does not keep). A test fails when a committed .mo is not compiled from its .po.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).parent / "translations"


def compiled_catalogue(po: Path) -> bytes:
    """The .mo bytes this Babel compiles from a .po file (fuzzy entries left out, as pybabel compile does)."""
    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def same_catalogue(mo_bytes: bytes, compiled: bytes) -> bool:
    """Whether two .mo files hold the same messages (ignoring the Babel version that wrote them)."""
    if mo_bytes == compiled:
        return True
    try:
        again = io.BytesIO()
        # Rewritten by this Babel, a .mo from another version differs only in "Generated-By".
        write_mo(again, read_mo(io.BytesIO(mo_bytes)))
    except Exception:  # noqa: BLE001 - a truncated or corrupt .mo: recompile it
        return False
    return again.getvalue() == compiled


def compile_catalogues(translations: Path = TRANSLATIONS) -> list[Path]:
    """Compile each .po whose messages differ from its .mo; the .mo files written.

    A changed .mo is written to a temporary file and renamed over the old one, so a process
    starting at the same moment reads either the old or the new file, never half.
    """
    written = []
    for po in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        compiled = compiled_catalogue(po)
        if mo.exists() and same_catalogue(mo.read_bytes(), compiled):
            continue
        fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".messages.", suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(compiled)
            os.chmod(tmp, 0o644)
            os.replace(tmp, mo)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_catalogues(Path(sys.argv[1]) if len(sys.argv) > 1 else TRANSLATIONS):
        print(f"compiled {path}")
