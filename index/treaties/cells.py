"""The cells of the treaty CSV files (index/treaties/importers.py) read into values.

Each reader raises ValueError naming the column and what it expected; the importer reports it as
the row's error and keeps the other rows.
"""

from __future__ import annotations

import re

from index.treaties.codes import to_code
from index.treaties.models import ACTION_KINDS, FORMS, parse_date


def yes_no(value: str, column: str) -> bool | None:
    """"yes" / "no" / blank as True / False / None (unknown)."""
    v = value.strip().lower()
    if v in ("", "unknown", "?"):
        return None
    if v in ("yes", "y", "true", "1", "oui", "sí", "si"):
        return True
    if v in ("no", "n", "false", "0", "non"):
        return False
    raise ValueError(f"{column}: expected yes or no, got {value!r}")


def action_kind(value: str) -> str | None:
    """An action kind, written out or as UNTC's letters ("a", "AA"); None when blank."""
    v = value.strip()
    if not v:
        return None
    if v in ACTION_KINDS:
        return ACTION_KINDS[v]
    if v.lower() in ACTION_KINDS.values():
        return v.lower()
    raise ValueError(f"action_kind: expected one of {', '.join(ACTION_KINDS.values())}, got {value!r}")


def form_list(value: str) -> list[str]:
    """"extradition;mla" -> the forms of cooperation it names, each checked."""
    out = []
    for f in re.split(r"[;,|]", value):
        f = f.strip()
        if not f:
            continue
        if f not in FORMS:
            raise ValueError(f"unknown form {f!r} (one of: {', '.join(FORMS)})")
        out.append(f)
    return out


def offence_notes(value: str) -> dict[str, str]:
    """ "drug-offences:art. 2;terrorism" -> {"drug-offences": "art. 2", "terrorism": ""}."""
    out = {}
    for part in filter(None, (x.strip() for x in value.split(";"))):
        crime, _, note = part.partition(":")
        out[crime.strip()] = note.strip()
    return out


def state_code(value: str, column: str = "state") -> str:
    """A State's ISO alpha-3 code, given as the code or a name."""
    code = to_code(value)
    if code is None:
        raise ValueError(f"{column}: unknown State {value!r}")
    return code


def row_date(row: dict, column: str) -> str | None:
    """The date in `column` of a row as ISO 8601, None when blank."""
    try:
        return parse_date(row.get(column))
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from None

