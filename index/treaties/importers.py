"""Importers: UN Treaty Collection status pages (read by index.treaties.untc), instrument JSON, and CSV files.

Every importer keeps the good rows and reports the bad ones with their line and reason
(an `ImportReport`); a file that cannot be read at all raises `ImportFailed` naming it. A status
page imported whole makes the instrument's participation complete as of its date; CSV rows never do.

CSV formats (UTF-8, first line is the header, column order free, unknown columns ignored):

participation (`sherloc treaties import FILE.csv --treaty ID`):
    treaty_id, state, signature, action_date, action_kind, entry_into_force, denunciation,
    denunciation_effective, extradition_basis, central_authority, mla_languages, dispute_reservation,
    source, as_of
  - state: ISO alpha-3 or a name ("Bolivia (Plurinational State of)"); dates as 2000-12-12 or 12 Dec 2000;
  - action_kind: ratification | acceptance | approval | accession | succession (or the letters A, AA, a, d);
  - entry_into_force: left blank, it is computed from the treaty's rule (eif_computed is then true);
  - denunciation_effective: left blank, it is computed from the treaty's denunciation rule;
  - extradition_basis, dispute_reservation: yes | no | blank (unknown).
declarations (same command; recognised by its `text` column):
    treaty_id, state, kind, article, forms, text, source, as_of      (forms: "extradition;mla")
bilateral treaties (`sherloc treaties import-bilateral FILE`):
    id, title, parties, signed, in_force, terminated, forms, articles, source, as_of, notes, sample,
    offences, other_offences
  - parties: two States separated by ";"; articles: "extradition:1,2,3;mla:4"
  - offences: crime type ids the treaty names, each with its article if wanted: "drug-offences:art. 2;terrorism";
    other_offences: the condition on which it covers any other offence ("if punishable by at least one year ...").
    Both blank: the treaty's scope is not recorded, and the finder does not judge it for an offence.
authorities (`sherloc treaties import-authorities FILE`):
    country, form, treaty_id, authority, address, phone, email, languages, channels, notes, source, as_of, sample
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from corpus import CORPUS_DIR
from index.errors import NotFound, SherlocError
from index.store import Store
from index.treaties import db
from index.treaties.cells import action_kind, form_list, offence_notes, row_date, state_code, yes_no
from index.treaties.models import (
    FORMS,
    KINDS,
    Authority,
    Declaration,
    Participation,
    Treaty,
    apply_period,
    parse_date,
    state_entry_into_force,
)
from index.treaties.untc import parse_page


@cache
def succession_dates() -> dict[str, str]:
    """ISO alpha-3 -> date of succession of States, from corpus/reference/state_successions.json."""
    with open(CORPUS_DIR / "reference" / "state_successions.json", encoding="utf-8") as fh:
        data = json.load(fh)
    return {code: row["date"] for code, row in data.items() if not code.startswith("_")}


def set_entry_into_force(treaty: Treaty, p: Participation, report: ImportReport) -> None:
    """Set p's entry into force from its action, keeping a date the source gave when none can be computed."""
    succession = succession_dates().get(p.state) if p.action_kind == "succession" else None
    computed = state_entry_into_force(treaty, p.action_kind, p.action_date, succession)
    if computed is not None:
        p.entry_into_force, p.eif_computed = computed, True
        if p.action_kind == "succession" and succession is None:
            report.notes.append(
                f"{p.state}: succession notified on {p.action_date}; the date of succession of States is not "
                "in corpus/reference/state_successions.json, so the notification's date is used"
            )
    elif p.action_date is None:
        p.entry_into_force, p.eif_computed = None, False
    # else: nothing computable (a treaty with no rule or date); an entry into force already known is kept


class ImportFailed(SherlocError):
    """A file that cannot be imported at all."""


@dataclass
class RowError:
    """One rejected row: where it is and why."""

    line: int
    reason: str
    text: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did: rows kept, rows rejected (with line and reason)."""

    file: str
    kind: str
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)  # rejected rows
    notes: list[str] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)  # lines that are not data (sections, notes)
    declarations: int = 0

    def summary(self) -> str:
        """One line for the CLI."""
        s = f"{self.file}: {self.imported} {self.kind} row(s) imported"
        if self.declarations:
            s += f", {self.declarations} declaration(s)"
        if self.errors:
            s += f", {len(self.errors)} rejected"
        if self.skipped:
            s += f", {len(self.skipped)} line(s) skipped"
        return s

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return {
            "file": self.file,
            "kind": self.kind,
            "imported": self.imported,
            "errors": [{"line": e.line, "reason": e.reason} for e in self.errors],
            "skipped": [{"line": e.line, "reason": e.reason} for e in self.skipped],
            "declarations": self.declarations,
            "notes": self.notes,
        }


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise ImportFailed(f"{path}: empty file")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(f"{path}: binary file, not a table")
    # UTF-16 only with its BOM: decoding other bytes as UTF-16 "succeeds" and yields garbage.
    encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp1252")
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeError:
            continue
    raise ImportFailed(f"{path}: cannot decode the text")


def _today() -> str:
    return date.today().isoformat()


# -- the UN Treaty Collection status page -----------------------------------------------


# The bundled participation rows say so in their source (corpus/treaties/participation.csv): a sample, never
# evidence that outlives a real page.
SAMPLE_MARK = "bundled sample"


def import_status_table(
    store: Store, path: str | Path, treaty_id: str, as_of: str | None = None, source: str | None = None,
    complete: bool | None = None,
) -> ImportReport:
    """Import a UN Treaty Collection status page (saved HTML, copied tab-separated text, or " | " text).

    Entry into force per State is computed from the treaty's rule; flags already stored for a State are kept,
    and the page's declarations are added to each State's (replacing those an earlier import of a page gave).
    `complete` None: the page counts as the whole participation (complete as of its date) when its date is known
    (the page's "status as at", or `as_of`), its table's header was read and no participant's row was rejected;
    True or False decide it. A complete page also removes the rows of States it does not list (reported): they are
    not parties as of its date. A row newer than the page is kept (reported), unless it is bundled sample data.
    """
    path = Path(path)
    treaty = _treaty_or_fail(store, treaty_id, path)
    page = parse_page(_read_text(path))
    dated = bool(as_of or page.status_as_at)  # a list is complete as of a date the page or the user gives
    as_of = _as_of(as_of or page.status_as_at, path)
    source = source or f"UN Treaty Collection status page ({path.name})"
    report = ImportReport(str(path), "participation", notes=list(page.notes))
    for s in page.skipped:
        (report.errors if s.rejected else report.skipped).append(RowError(s.line, s.reason))
    if not page.rows and not page.declarations:
        if not page.skipped:
            raise ImportFailed(f"{path}: no status table rows found")
        report.notes.append("the page has no participants table")
        return report
    existing = {p.state: p for p in db.participants(store, treaty.id)}
    page_decls: dict[str, list[Declaration]] = {}
    for d in page.declarations:
        page_decls.setdefault(d.state, []).append(
            Declaration(treaty.id, d.state, d.kind, d.text, source=source, as_of=as_of))
    whole = complete if complete is not None else (dated and page.has_header and not report.errors and bool(page.rows))
    with store.transaction() as conn:
        for r in page.rows:
            p = existing.get(r.state) or Participation(treaty_id=treaty.id, state=r.state)
            p.signature, p.action_date, p.action_kind = r.signature, r.action_date, r.action_kind
            set_entry_into_force(treaty, p, report)
            p.source, p.as_of = source, as_of
            if r.state in page_decls:
                kept = [d for d in p.declarations if not d.source.startswith("UN Treaty Collection status page")]
                p.declarations = kept + page_decls.pop(r.state)
            db.save_participation(store, p, conn)
            report.imported += 1
        if page_decls:
            report.notes.append(
                f"{sum(map(len, page_decls.values()))} declaration(s) of {len(page_decls)} State(s) not kept: they "
                f"have no row in the page's table ({', '.join(sorted(page_decls))})")
        if whole:
            listed = {r.state for r in page.rows}
            for state, p in existing.items():
                if state in listed:
                    continue
                if p.as_of and p.as_of > as_of and SAMPLE_MARK not in p.source:
                    report.notes.append(f"{state}: not on the page, but its row ({p.source}, as of {p.as_of}) is "
                                        f"newer than the page ({as_of}): kept")
                    continue
                db.delete_participation(store, treaty.id, state, conn)
                report.notes.append(f"{state}: not on the complete page, its row ({p.source}, as of "
                                    f"{p.as_of}) is removed: not a party as of {as_of}")
            db.set_completeness(store, treaty.id, as_of, source, conn)
            report.notes.append(f"{treaty.id}: participation complete as of {as_of} ({source})")
        else:
            why = ("rows were rejected" if report.errors else
                   "its table header was not found" if not page.has_header else
                   "the page gives no date: give --as-of, the day the page was saved" if not dated else
                   "it was imported as partial")
            report.notes.append(f"{treaty.id}: not marked complete ({why}): States it does not list stay unknown")
    report.declarations = len(page.declarations) - sum(map(len, page_decls.values()))
    if not treaty.eif_rule or not treaty.entry_into_force:
        report.notes.append(
            f"treaty {treaty.id} has no entry-into-force rule or date: entry into force per State left blank"
        )
    return report


def _treaty_or_fail(store: Store, treaty_id: str, path: Path) -> Treaty:
    try:
        return db.get_treaty(store, treaty_id)
    except NotFound:
        raise ImportFailed(f"{path}: unknown treaty {treaty_id!r} (load the instruments first)") from None


def _as_of(as_of: str | None, path: Path) -> str:
    try:
        return parse_date(as_of) or _today()
    except ValueError as exc:
        raise ImportFailed(f"{path}: --as-of: {exc}") from None


# -- CSV -----------------------------------------------------------------------------


def _csv_rows(path: Path, required: set[str]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = required - set(header)
    if missing:
        cols = ", ".join(sorted(missing))
        raise ImportFailed(f"{path}: not a CSV with the expected header; missing column(s): {cols}")
    reader.fieldnames = header
    out = []
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k}
        if any(clean.values()):
            out.append((reader.line_num, clean))
    return header, out


def _check_scope(t: Treaty) -> None:
    """An instrument's offences are crime type ids of the taxonomy, its other offences keyed by form or "*"."""
    from index.taxonomy import load_taxonomy

    crimes = {term.id for term in load_taxonomy().terms("crime")}
    for name, table, keys in (("offences", t.offences, crimes), ("other_offences", t.other_offences, {*FORMS, "*"})):
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ValueError(f"{t.id}: {name} must map names to texts")
        unknown = sorted(set(table) - keys)
        if unknown:
            raise ValueError(f"{t.id}: {name}: unknown {'crime type' if name == 'offences' else 'form'}(s) "
                             f"{', '.join(map(repr, unknown))} (one of: {', '.join(sorted(keys))})")


def import_participation_csv(
    store: Store, path: str | Path, treaty_id: str | None = None, as_of: str | None = None, source: str | None = None
) -> ImportReport:
    """Import participation rows (or declaration rows, if the file has a `text` column) from CSV."""
    path = Path(path)
    header, rows = _csv_rows(path, {"state"})
    if "text" in header:
        return _import_declarations(store, path, rows, treaty_id, as_of, source)
    default_as_of = _as_of(as_of, path) if as_of else None
    report = ImportReport(str(path), "participation")
    treaties: dict[str, Treaty] = {}
    with store.transaction() as conn:
        for line, row in rows:
            try:
                tid = treaty_id or row.get("treaty_id", "")
                if treaty_id and row.get("treaty_id") and row["treaty_id"] != treaty_id:
                    raise ValueError(f"treaty_id {row['treaty_id']!r} differs from --treaty {treaty_id}")
                if not tid:
                    raise ValueError("no treaty_id (give the column or --treaty)")
                if tid not in treaties:
                    treaties[tid] = db.get_treaty(store, tid)
                treaty = treaties[tid]
                p = Participation(treaty_id=tid, state=state_code(row.get("state", "")))
                p.signature = row_date(row, "signature")
                p.action_date = row_date(row, "action_date")
                p.action_kind = action_kind(row.get("action_kind", "")) or ("ratification" if p.action_date else None)
                if not (p.signature or p.action_date or row.get("entry_into_force")):
                    raise ValueError("no signature, action_date or entry_into_force")
                if p.signature and p.action_date and p.action_date < p.signature:
                    raise ValueError(f"action_date {p.action_date} before signature {p.signature}")
                p.entry_into_force = row_date(row, "entry_into_force")
                if not p.entry_into_force:
                    set_entry_into_force(treaty, p, report)
                p.denunciation = row_date(row, "denunciation")
                p.denunciation_effective = row_date(row, "denunciation_effective") or apply_period(
                    treaty.denunciation_rule, p.denunciation
                )
                if p.denunciation and not p.denunciation_effective:
                    report.notes.append(
                        f"line {line}: {p.state} denounced {tid} on {p.denunciation}, but the treaty has no "
                        "denunciation rule and the row no denunciation_effective: still shown as bound"
                    )
                p.extradition_basis = yes_no(row.get("extradition_basis", ""), "extradition_basis")
                p.dispute_reservation = yes_no(row.get("dispute_reservation", ""), "dispute_reservation")
                p.central_authority = row.get("central_authority", "")
                p.mla_languages = row.get("mla_languages", "")
                p.source = source or row.get("source") or f"CSV {path.name}"
                p.as_of = default_as_of or row_date(row, "as_of") or _today()
                # A re-import of the participation table must not drop declarations imported separately.
                old = {x.state: x for x in db.participants(store, tid)}.get(p.state)
                if old:
                    p.declarations = old.declarations
            except (ValueError, NotFound) as exc:
                report.errors.append(RowError(line, str(exc)))
                continue
            db.save_participation(store, p, conn)
            report.imported += 1
    return report


def _import_declarations(
    store: Store, path: Path, rows: list[tuple[int, dict]], treaty_id: str | None, as_of: str | None, source: str | None
) -> ImportReport:
    report = ImportReport(str(path), "declaration")
    default_as_of = _as_of(as_of, path) if as_of else None
    parsed: dict[tuple[str, str], list[Declaration]] = {}
    for line, row in rows:
        try:
            tid = treaty_id or row.get("treaty_id", "")
            if not tid:
                raise ValueError("no treaty_id (give the column or --treaty)")
            state = state_code(row.get("state", ""))
            if not row.get("text"):
                raise ValueError("empty text")
            kind = (row.get("kind") or "declaration").lower()
            if kind not in ("declaration", "reservation", "notification", "objection"):
                raise ValueError(f"kind: expected declaration, reservation, notification or objection, got {kind!r}")
            d = Declaration(
                treaty_id=tid,
                state=state,
                kind=kind,
                text=row["text"],
                article=row.get("article", ""),
                forms=form_list(row.get("forms", "")),
                source=source or row.get("source") or f"CSV {path.name}",
                as_of=default_as_of or row_date(row, "as_of") or _today(),
            )
        except ValueError as exc:
            report.errors.append(RowError(line, str(exc)))
            continue
        parsed.setdefault((tid, state), []).append((line, d))
    with store.transaction() as conn:
        for (tid, state), items in parsed.items():
            p = {x.state: x for x in db.participants(store, tid)}.get(state)
            if p is None:
                for line, _ in items:
                    reason = f"{state} has no participation row under {tid}: import it first"
                    report.errors.append(RowError(line, reason))
                continue
            # The file is the whole set of declarations of that State under that treaty.
            p.declarations = [d for _, d in items]
            db.save_participation(store, p, conn)
            report.imported += len(items)
    return report


def import_bilateral_csv(store: Store, path: str | Path, as_of: str | None = None) -> ImportReport:
    """Import bilateral treaties (parties, title, dates, forms) from CSV; each party gets a participation row."""
    path = Path(path)
    _, rows = _csv_rows(path, {"id", "title", "parties"})
    default_as_of = _as_of(as_of, path) if as_of else None
    report = ImportReport(str(path), "bilateral treaty")
    with store.transaction() as conn:
        for line, row in rows:
            try:
                parties = [state_code(p, "parties") for p in re.split(r"[;|]", row["parties"]) if p.strip()]
                if len(parties) != 2 or parties[0] == parties[1]:
                    raise ValueError(f"parties: expected two different States separated by ';', got {row['parties']!r}")
                if not row["id"] or not row["title"]:
                    raise ValueError("id and title are required")
                condition = row.get("other_offences", "").strip()
                articles: dict[str, list[str]] = {}
                for part in filter(None, (x.strip() for x in row.get("articles", "").split(";"))):
                    form, _, nums = part.partition(":")
                    form_list(form)
                    articles[form.strip()] = [n.strip() for n in nums.split(",") if n.strip()]
                t = Treaty(
                    id=row["id"],
                    kind="bilateral",
                    titles={"en": row["title"]},
                    short_title=row.get("short_title", ""),
                    forms=form_list(row.get("forms", "")),
                    articles=articles,
                    adopted=row_date(row, "signed"),
                    entry_into_force=row_date(row, "in_force"),
                    terminated=row_date(row, "terminated"),
                    source=row.get("source") or f"CSV {path.name}",
                    as_of=default_as_of or row_date(row, "as_of") or _today(),
                    sample=bool(yes_no(row.get("sample", ""), "sample")),
                    notes=row.get("notes", ""),
                    parties=sorted(parties),
                    offences=offence_notes(row.get("offences", "")),
                    other_offences={"*": condition} if condition else {},
                )
                _check_scope(t)
            except ValueError as exc:
                report.errors.append(RowError(line, str(exc)))
                continue
            save_bilateral(store, t, conn)
            report.imported += 1
    return report


def save_bilateral(store: Store, t: Treaty, conn=None) -> None:
    """A bilateral treaty and its parties' rows, which follow its dates (declarations already recorded are kept)."""
    if conn is None:
        with store.transaction() as c:
            save_bilateral(store, t, c)
        return
    db.save_treaty(store, t, conn)
    old = {p.state: p for p in db.participants(store, t.id)}
    for state in t.parties:
        p = Participation(treaty_id=t.id, state=state, signature=t.adopted, entry_into_force=t.entry_into_force,
                          denunciation=t.terminated, denunciation_effective=t.terminated, source=t.source,
                          as_of=t.as_of, declarations=old[state].declarations if state in old else [])
        db.save_participation(store, p, conn)


def import_authorities_csv(store: Store, path: str | Path, as_of: str | None = None) -> ImportReport:
    """Import competent national authorities from CSV (same country, form, treaty and name replaces)."""
    path = Path(path)
    _, rows = _csv_rows(path, {"country", "authority"})
    default_as_of = _as_of(as_of, path) if as_of else None
    report = ImportReport(str(path), "authority")
    with store.transaction() as conn:
        for line, row in rows:
            try:
                if not row["authority"]:
                    raise ValueError("authority: empty")
                form = row.get("form", "")
                if form:
                    form_list(form)
                a = Authority(
                    country=state_code(row["country"], "country"),
                    authority=row["authority"],
                    form=form,
                    treaty_id=row.get("treaty_id", ""),
                    address=row.get("address", ""),
                    phone=row.get("phone", ""),
                    email=row.get("email", ""),
                    languages=row.get("languages", ""),
                    channels=row.get("channels", ""),
                    notes=row.get("notes", ""),
                    source=row.get("source") or f"CSV {path.name}",
                    as_of=default_as_of or row_date(row, "as_of") or _today(),
                    sample=bool(yes_no(row.get("sample", ""), "sample")),
                )
            except ValueError as exc:
                report.errors.append(RowError(line, str(exc)))
                continue
            db.save_authority(store, a, conn)
            report.imported += 1
    return report


def import_instruments_json(store: Store, path: str | Path) -> ImportReport:
    """Load instrument definitions (a JSON list of Treaty fields, or one) as in corpus/treaties/instruments.json."""
    path = Path(path)
    try:
        items = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if isinstance(items, dict):
        items = [items]  # one instrument
    if not isinstance(items, list):
        raise ImportFailed(f"{path}: expected a JSON object (one instrument) or a list of instruments")
    report = ImportReport(str(path), "instrument")
    allowed = set(Treaty.__dataclass_fields__)
    with store.transaction() as conn:
        for i, item in enumerate(items, start=1):
            try:
                if not isinstance(item, dict) or not item.get("id"):
                    raise ValueError("an instrument needs an id")
                unknown = set(item) - allowed
                if unknown:
                    raise ValueError(f"{item['id']}: unknown field(s) {', '.join(sorted(unknown))}")
                t = check_instrument(Treaty(**item))
            except (ValueError, TypeError) as exc:
                report.errors.append(RowError(i, f"instrument #{i}: {exc}"))
                continue
            db.save_treaty(store, t, conn)
            report.imported += 1
    return report


def check_instrument(t: Treaty) -> Treaty:
    """An instrument as given (by a JSON file, `sherloc treaties add` or the editors' form), checked; ValueError."""
    if not t.id or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", t.id):
        raise ValueError(f"{t.id!r}: an id is letters, digits, '.', '_' and '-' (e.g. XVIII-16)")
    if t.kind not in KINDS:
        raise ValueError(f"{t.id}: kind must be one of {', '.join(KINDS)}")
    if not t.titles.get("en") and not any(t.titles.values()):
        raise ValueError(f"{t.id}: a title is needed")
    form_list(";".join(t.forms))
    for form in t.articles:
        form_list(form)
    _check_scope(t)
    for key in ("adopted", "entry_into_force", "terminated", "as_of", "participation_complete"):
        setattr(t, key, parse_date(getattr(t, key)))
    for key in ("eif_rule", "denunciation_rule"):
        rule = getattr(t, key)
        if rule and apply_period(rule, "2000-01-01") is None:
            raise ValueError(f"{t.id}: {key} {rule!r}: expected days:N, months:N or month-after:N")
    return t


def import_file(
    store: Store, path: str | Path, treaty_id: str | None = None, as_of: str | None = None, source: str | None = None,
    complete: bool | None = None,
) -> ImportReport:
    """`sherloc treaties import`: CSV (by extension or a header with a `state` column) or a status table."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return import_participation_csv(store, path, treaty_id, as_of, source)
    if not treaty_id:
        raise ImportFailed(f"{path}: a status table needs --treaty ID")
    return import_status_table(store, path, treaty_id, as_of, source, complete)
