"""Reading a UN Treaty Collection status page: its participants table, declarations, and what it skips.

A page comes in three forms: saved from the site (HTML), copied from the browser (tab-separated text), or
rendered as text with " | " between columns (as in public crawls). All three become lines of cells, then one
reader takes them: section headings (PARTICIPANTS, DECLARATIONS AND RESERVATIONS, NOTES ...), the table's
header (its columns say which date is a signature and which kind of action the other is), the rows (footnote
numbers glued to names and dates stripped; a trailing letter gives the kind of action), and the declarations
sections, split per State. Every line that is not kept says why, with its number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from corpus import CORPUS_DIR
from index.treaties.codes import to_code
from index.treaties.models import ACTION_KINDS, parse_date

_FOOTNOTES = re.compile(r"[\s\d,*]+$")
_DATE = r"\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}"
_ACTION = re.compile(rf"^(?P<date>{_DATE})(?:\s*(?P<kind>AA|A|a|d|s))?[\s\d,]*$")
_MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December|"
                "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
# After a State's name in a declarations section: footnote numbers, then maybe the date of the declaration.
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"  # so that footnote 7 glued to "1 August" is not a 71st day
_LEAD = re.compile(rf"^(?P<fn>[\d,]*?)(?P<date>{_DAY}\s+(?:{_MONTH_NAMES})\.?\s+\d{{4}})|^(?P<fn2>[\d,]+)")
_LINE_MARK = re.compile(r"^(?:\x01(\d+)\x01)+")
_STATUS_AS_AT = re.compile(r"Status as at\s*:?\s*(\d{1,2})[-/ ](\w+)[-/ ](\d{4})", re.I)

# Section headings of a status page -> what the reader does with the section.
SECTIONS = {
    "participants": "participants",
    "declarations and reservations": "declaration",
    "declarations": "declaration",
    "reservations": "reservation",
    "declarations under article": "declaration",
    "objections": "objection",
}
# The kind of action a column header names first ("Ratification, Acceptance(A), ..." -> ratification).
_HEADER_KINDS = ("definitive signature", "ratification", "acceptance", "approval", "accession", "succession",
                 "application", "participation")


@dataclass
class StatusRow:
    """One participant of a status table, before it becomes a Participation."""

    line: int
    state: str
    name: str
    signature: str | None
    action_date: str | None
    action_kind: str | None


@dataclass
class PageDeclaration:
    """A State's text in a declarations, reservations or objections section."""

    line: int
    state: str
    kind: str  # declaration | reservation | objection
    text: str


@dataclass
class SkippedLine:
    """A line the reader did not keep, and why."""

    line: int
    reason: str
    rejected: bool = False  # True: it looked like a participant's row but could not be read


@dataclass
class StatusPage:
    """What a status page holds."""

    rows: list[StatusRow] = field(default_factory=list)
    declarations: list[PageDeclaration] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # historical and territorial entries
    has_header: bool = False  # the table's header row was read: the table is there from its start
    status_as_at: str | None = None  # "Status as at" on a saved page


@cache
def _entries() -> dict[str, dict[str, str]]:
    with open(CORPUS_DIR / "reference" / "untc_entries.json", encoding="utf-8") as fh:
        data = json.load(fh)
    return {kind: {k.lower(): v for k, v in names.items()} for kind, names in data.items() if not kind.startswith("_")}


def not_a_state(name: str) -> tuple[str, str] | None:
    """("historical" | "territorial", what the UN says of it) for an entry that is not a State today."""
    for kind, names in _entries().items():
        if name.lower() in names:
            return kind, names[name.lower()]
    return None


def _clean(cell: str) -> str:
    return _FOOTNOTES.sub("", cell).strip()


def _heading(line: str) -> str | None:
    """The section a heading line opens ("participants", "notes" ...), or None for another line."""
    text = _clean(line).rstrip(":").strip()
    low = text.lower()
    if low in SECTIONS or low.startswith("declarations under article"):
        return "declarations under article" if low.startswith("declarations under") else low
    if text.isupper() and 3 <= len(text) <= 60 and re.fullmatch(r"[A-Z ,()'-]+", text):
        return low  # NOTES, TERRITORIAL APPLICATIONS, COMMUNICATIONS ...
    return None


def _cells(raw: str) -> list[str]:
    if "\t" in raw:
        return raw.rstrip("\r\n").split("\t")
    if "|" in raw:
        return [c.strip() for c in raw.strip().split("|")]
    return re.split(r"\s{2,}", raw.strip())


def _is_header(cells: list[str]) -> bool:
    first = _clean(cells[0]).lower() if cells else ""
    return first.startswith(("participant", "signature", "ratification")) or "acceptance(a)" in first


def _column_roles(cells: list[str]) -> list[tuple[str, str]]:
    """For each column after the participant: ("signature", ""), ("action", default kind) or ("other", name)."""
    roles = []
    for c in cells[1:]:
        low = _clean(c).lower()
        if low.startswith("signature"):
            roles.append(("signature", ""))
            continue
        kind = next((k for k in _HEADER_KINDS if low.startswith(k)), None)
        roles.append(("action", kind) if kind else ("other", low))
    return roles


def _parse_action(cell: str, default_kind: str) -> tuple[str | None, str | None]:
    cell = cell.strip()
    if not cell:
        return None, None
    m = _ACTION.match(cell)
    if not m:
        raise ValueError(f"not a date with an optional kind letter (A, AA, a, d): {cell!r}")
    kind = ACTION_KINDS[m["kind"]] if m["kind"] else default_kind
    return parse_date(m["date"]), kind


def read_row(line: int, cells: list[str], roles: list[tuple[str, str]] | None, positional: bool) -> StatusRow:
    """One participant's row. `roles` from the header (None: the classic participant, signature, action);
    `positional` False (columns split on spaces): empty cells were lost, so a lone date is placed by its letter."""
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells or not cells[0]:
        raise ValueError("no participant name")
    name = _clean(cells[0])
    state = to_code(name)
    if state is None:
        raise ValueError(f"unknown State name {name!r}")
    roles = roles or [("signature", ""), ("action", "ratification")]
    rest = cells[1:]
    if len(rest) > len(roles):
        raise ValueError(f"too many columns ({len(cells)}; expected participant and {len(roles)} date column(s))")
    if not any(rest):
        raise ValueError(f"{name}: no signature or ratification date")
    kinds = [r for r, _ in roles]
    if len(rest) < len(roles) and not positional and "signature" in kinds and "action" in kinds and len(rest) == 1:
        # One date and its empty column lost: with a kind letter it is the action (a State cannot ratify
        # without signing, it accedes "a" or succeeds "d"), without one a signature.
        m = _ACTION.match(rest[0])
        placed = {"action" if m and m["kind"] else "signature": rest[0]}
        values = [placed.get(r, "") for r in kinds]
    else:
        values = rest + [""] * (len(roles) - len(rest))
    signature = action_date = action_kind = None
    for (role, default), value in zip(roles, values, strict=True):
        if not value:
            continue
        if role == "signature":
            sm = _ACTION.match(value)
            if not sm or sm["kind"]:
                raise ValueError(f"signature is not a date: {value!r}")
            signature = parse_date(sm["date"])
        elif role == "action" and action_date is None:
            action_date, action_kind = _parse_action(value, default or "ratification")
    if signature and action_date and action_date < signature:
        raise ValueError(f"{name}: ratification {action_date} before signature {signature}")
    return StatusRow(line, state, name, signature, action_date, action_kind)


def _as_at(text: str) -> str | None:
    m = _STATUS_AS_AT.search(text)
    if not m:
        return None
    day, month, year = m.groups()
    try:
        if month.isdigit():
            return parse_date(f"{year}-{int(month):02d}-{int(day):02d}")
        return parse_date(f"{day} {month} {year}")
    except ValueError:
        return None


def parse_page_text(text: str) -> StatusPage:
    """A status page (or its table alone) as text: pipe-, tab- or 2+-space-separated columns."""
    page = StatusPage(status_as_at=_as_at(text))
    section: str | None = None
    roles: list[tuple[str, str]] | None = None
    pending: dict[str, list[tuple[int, str]]] = {}  # declarations section -> its lines
    # split on newlines only: str.splitlines also breaks at separators inside notes, and line numbers must
    # be those an editor sees
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        marked = _LINE_MARK.match(raw)
        if marked:  # a saved page's own line number (see html_to_text)
            n, raw = int(marked[1]), raw[marked.end():]
        stripped = raw.strip()
        if not stripped or set(stripped) <= {"-", "=", "_"}:
            continue
        cells = _cells(raw)
        head = _heading(stripped) if len(cells) == 1 else None
        if head:
            section = head
            continue
        if section in (None, "participants"):
            if _is_header(cells):
                if cells[0].strip().lower().startswith("participant"):
                    roles = _column_roles(cells)
                else:  # a copied header wrapped onto several lines: this line has more columns
                    roles = (roles or []) + _column_roles(["", *cells])
                page.has_header = True
                continue
            if len(cells) == 1 and not re.search(_DATE, stripped):
                page.skipped.append(SkippedLine(n, "not a table row (one cell, no date)"))
                continue
            _participant(page, n, cells, roles, positional="\t" in raw or "|" in raw)
        elif SECTIONS.get(section, "") in ("declaration", "reservation", "objection"):
            pending.setdefault(section, []).append((n, stripped))
        else:
            page.skipped.append(SkippedLine(n, f"{section.upper()} section: not participation data"))
    names = {r.name: r.state for r in page.rows}
    for section_name, lines in pending.items():
        _declarations(page, SECTIONS[section_name], lines, names)
    return page


def _participant(page: StatusPage, n: int, cells: list[str], roles, positional: bool) -> None:
    name = _clean(cells[0])
    other = not_a_state(name)  # before the State names: "Hong Kong, China" is a territory, not a party
    if other:
        kind, about = other
        page.notes.append(f"line {n}: {name} is a {kind} entry ({about}): not imported as a State")
        page.skipped.append(SkippedLine(n, f"{kind} entry {name!r}: not a State today"))
        return
    try:
        page.rows.append(read_row(n, cells, roles, positional))
    except ValueError as exc:
        page.skipped.append(SkippedLine(n, str(exc), rejected=True))


@cache
def _known_names() -> tuple[tuple[str, str], ...]:
    from index.countries import all_countries

    return tuple((name, code) for code, name in all_countries())


def _declarations(page: StatusPage, default_kind: str, lines: list[tuple[int, str]], names: dict[str, str]) -> None:
    """Split a declarations section, where each State's name is glued to its text, into one text per State."""
    first_line = lines[0][0]
    text = "".join(s for _, s in lines)
    candidates = dict(_known_names())
    candidates = {**{name: code for name, code in candidates.items() if len(name) > 3}, **names}
    alternation = "|".join(re.escape(n) for n in sorted(candidates, key=len, reverse=True))
    # A name opens an entry where a sentence or a footnote ended, and runs straight into its text.
    pattern = re.compile(rf"(?:^|(?<=[.”\"’)\d:…;]))({alternation})(?=[A-Z\d“\"‘(])")
    # ... or, glued to a heading's last word, where its footnotes and the date of its declaration follow
    dated = re.compile(rf"(?<=[a-z])({alternation})(?=[\d,]*\d{{1,2}}\s+(?:{_MONTH_NAMES})\s+\d{{4}})")
    found = {m.start(): m for m in pattern.finditer(text)}
    found.update({m.start(): m for m in dated.finditer(text) if m.start() not in found})
    marks, end = [], -1
    for start in sorted(found):  # a name inside the previous one ("Niger" in "Nigeria") is not another
        if start >= end:
            marks.append(found[start])
            end = found[start].end()
    if not marks:
        page.skipped.append(SkippedLine(first_line, "declarations section: no State's name found in it"))
        return
    if text[: marks[0].start()].strip():
        page.skipped.append(SkippedLine(first_line, "the section's introduction, before the first State's name"))
    for i, m in enumerate(marks):
        body = text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        name = m.group(1)
        lead = _LEAD.match(body)
        when = ""
        if lead:
            when = lead["date"] or ""
            body = body[lead.end():]
        body = body.strip()
        if not body:
            page.skipped.append(SkippedLine(first_line, f"{name}: only footnote references, no text"))
            continue
        kind = default_kind
        low = body[:40].lower()
        if low.startswith("reservation"):
            kind = "reservation"
        elif low.startswith(("declaration", "interpretative declaration")):
            kind = "declaration"
        elif low.startswith("objection"):
            kind = "objection"
        page.declarations.append(PageDeclaration(first_line, candidates[name], kind,
                                                 f"({when}) {body}" if when else body))


def html_to_text(html: str) -> str:
    """A saved status page as lines: each table row's cells joined by tabs, each block of text on its line.

    Footnote references (<sup>) are dropped: they point into the page's notes, not to data.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "sup", "head"]):
        tag.decompose()
    for tr in reversed(soup.find_all("tr")):  # inner rows first: a layout table may wrap the page's tables
        if tr.find("table"):
            tr.insert_before("\n")
            tr.insert_after("\n")
            continue
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"], recursive=False)]
        tr.replace_with(f"\n\x01{tr.sourceline or 0}\x01" + "\t".join(cells) + "\n")
    for block in soup.find_all(["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "span"]):
        if block.name == "span" and not _heading(block.get_text(" ", strip=True)):
            continue  # inline text stays with its neighbours
        block.insert_before(f"\n\x01{block.sourceline or 0}\x01")
        block.insert_after("\n")
    return soup.get_text("")


def parse_page(text: str) -> StatusPage:
    """A status page in any of its three forms (HTML when it has a <table> or <html>)."""
    if re.search(r"<(table|html)\b", text, re.I):
        return parse_page_text(html_to_text(text))
    return parse_page_text(text)
