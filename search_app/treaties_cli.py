"""`sherloc treaties ...`: import treaty status data, find applicable treaties, list competent authorities."""

from __future__ import annotations

import json
import sys

import click

from index.errors import SherlocError
from index.home import Home
from index.store import Store
from index.treaties import db, load_bundled
from index.treaties.finder import FinderResult, applicable
from index.treaties.importers import ImportReport, import_authorities_csv, import_bilateral_csv, import_file
from index.treaties.models import FORM_LABELS, FORMS

FORM_CHOICE = click.Choice(list(FORMS))


_HOME_KEY = "sherloc.treaties.home"


def _store(ctx: click.Context) -> Store:
    """The store of: this group's --home, else a Home the parent `sherloc` command keeps, else SHERLOC_HOME/default."""
    home = ctx.meta.get(_HOME_KEY) or ctx.find_object(Home)
    if home is None:
        root = ctx.find_root().obj
        home = root.get("home") if isinstance(root, dict) else getattr(root, "home", None)
    if not isinstance(home, Home):
        home = Home.resolve(home if isinstance(home, str) else None)
    return Store(home.store_path)


def _fail(exc: SherlocError) -> None:
    raise click.ClickException(str(exc))


def _report(r: ImportReport) -> None:
    click.echo(r.summary())
    for note in r.notes:
        click.echo(f"  note: {note}")
    for e in r.errors:
        click.echo(f"  {r.file}: {e}", err=True)


def _finish(reports: list[ImportReport]) -> None:
    if any(r.errors for r in reports):
        sys.exit(1)


@click.group(name="treaties")
@click.option("--home", type=click.Path(file_okay=False), default=None, help="Data directory (or SHERLOC_HOME).")
@click.pass_context
def treaties(ctx: click.Context, home: str | None) -> None:
    """Treaties binding two States, their participation data and the competent national authorities."""
    if home:
        # ctx.meta is shared by the whole command tree, whatever object a parent command keeps.
        ctx.meta[_HOME_KEY] = Home.resolve(home)


@treaties.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--treaty", "treaty_id", help="Treaty id, e.g. XVIII-12 (required for a status table).")
@click.option("--as-of", "as_of", help="Date the data was true, YYYY-MM-DD (default today).")
@click.option("--source", help="Where the data comes from (default: the file name).")
@click.pass_context
def import_cmd(ctx, file, treaty_id, as_of, source):
    """Import a UN Treaty Collection status table (HTML or copied text) or a participation/declarations CSV."""
    try:
        r = import_file(_store(ctx), file, treaty_id, as_of, source)
    except SherlocError as exc:
        _fail(exc)
    _report(r)
    _finish([r])


@treaties.command("import-bilateral")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--as-of", "as_of", help="Date the data was true, YYYY-MM-DD.")
@click.pass_context
def import_bilateral_cmd(ctx, file, as_of):
    """Import bilateral treaties from CSV (id, title, parties, signed, in_force, terminated, forms, ...)."""
    try:
        r = import_bilateral_csv(_store(ctx), file, as_of)
    except SherlocError as exc:
        _fail(exc)
    _report(r)
    _finish([r])


@treaties.command("import-authorities")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--as-of", "as_of", help="Date the data was true, YYYY-MM-DD.")
@click.pass_context
def import_authorities_cmd(ctx, file, as_of):
    """Import competent national authorities from CSV (country, form, authority, address, email, ...)."""
    try:
        r = import_authorities_csv(_store(ctx), file, as_of)
    except SherlocError as exc:
        _fail(exc)
    _report(r)
    _finish([r])


@treaties.command("load-bundled")
@click.pass_context
def load_bundled_cmd(ctx):
    """Load (again) the bundled SAMPLE treaty data from corpus/treaties."""
    try:
        reports = load_bundled(_store(ctx))
    except SherlocError as exc:
        _fail(exc)
    for r in reports:
        _report(r)
    _finish(reports)


@treaties.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_cmd(ctx, as_json):
    """List the instruments in the store."""
    items = db.list_treaties(_store(ctx))
    if as_json:
        click.echo(json.dumps([t.to_dict() for t in items], ensure_ascii=False, indent=2))
        return
    for t in items:
        click.echo(f"{t.id:<24} {t.kind:<12} {t.title('en')}{'  [SAMPLE]' if t.sample else ''}")


@treaties.command("show")
@click.argument("treaty_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show_cmd(ctx, treaty_id, as_json):
    """Show one instrument and its participants."""
    store = _store(ctx)
    try:
        t = db.get_treaty(store, treaty_id)
    except SherlocError as exc:
        _fail(exc)
    parts = db.participants(store, t.id)
    if as_json:
        out = {"treaty": t.to_dict(), "participants": [p.to_dict() for p in parts]}
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    click.echo(f"{t.id}: {t.title('en')} ({t.kind})")
    click.echo(f"  adopted {t.adopted or '?'}, in force {t.entry_into_force or '?'}; forms: {', '.join(t.forms)}")
    for p in parts:
        action = f"{p.action_kind} {p.action_date}" if p.action_date else "-"
        click.echo(
            f"  {p.state}  signed {p.signature or '-'}  {action}  in force {p.entry_into_force or '-'}"
            f"  [{p.source}, as of {p.as_of}]"
        )


_SCOPE_WORDS = {
    "in-scope": "within its scope",
    "conditional": "within its scope on a condition",
    "outside": "OUTSIDE its scope",
    "unknown": "scope not recorded (check the treaty's text)",
}


def _print_laws(heading: str, items) -> None:
    click.echo(heading)
    if not items:
        click.echo("  (none in the store)")
    for d in items:
        provs = ", ".join(p["id"] for p in d.provisions)
        click.echo(f"  - {d.title} [{d.document_id}]{' ' + provs if provs else ''}")


def _print_result(r: FinderResult) -> None:
    form = FORM_LABELS[r.form] if r.form else "all forms of cooperation"
    about = f", about {r.offence_label.lower()}" if r.offence else ""
    states = f"{r.requesting_name} ({r.requesting}) -> {r.requested_name} ({r.requested})"
    click.echo(f"{states}, {form}{about}, on {r.date}")
    if r.message:
        click.echo(f"\n{r.message}")
    for i in r.instruments:
        t = i.treaty
        flag = "" if i.usable else "  [NOT USABLE as the legal basis for this request]"
        click.echo(f"\n* {t.title('en')} [{t.id}, {t.kind}]{flag}{'  [SAMPLE]' if t.sample else ''}")
        if i.offence_scope:
            click.echo(f"    offence: {_SCOPE_WORDS[i.offence_scope]}{': ' + i.offence_note if i.offence_note else ''}")
        for state, p in i.parties.items():
            click.echo(f"    {state}: in force {p.entry_into_force}  ({p.source}, as of {p.as_of})")
        for a in i.articles:
            link = f"  -> {a.provision_id}" if a.provision_id else ""
            borrowed = f" of {a.treaty_id}" if a.borrowed else ""
            click.echo(f"    {FORM_LABELS[a.form]}: {a.label}{borrowed}{link}")
        for w in i.warnings:
            click.echo(f"    ! {w}")
        for d in i.declarations:
            click.echo(f"    {d.state} {d.kind} ({d.article or 'general'}): {d.text}")
        for n in i.notes:
            click.echo(f"    note: {n}")
    if r.pending:
        click.echo("\nNot in force for both on that date:")
        for p in r.pending:
            statuses = "; ".join(f"{s}: {v}" for s, v in p.statuses.items())
            click.echo(f"  - {p.treaty.title('en')} [{p.treaty.id}]: {statuses}")
    _print_laws(f"\nDomestic law of {r.requested_name}:", r.domestic)
    if r.offence:
        _print_laws(f"Law of {r.requested_name} on {r.offence_label.lower()} (for dual criminality):", r.offence_law)
    if r.cases:
        click.echo("Cases:")
        for c in r.cases:
            click.echo(f"  - {c.title} [{c.document_id}] ({c.country}, {c.date or '?'}; same {c.match})")
    click.echo("Competent authorities:")
    if not r.authorities:
        click.echo("  (none in the store)")
    for a in r.authorities:
        click.echo(f"  - {a.authority} ({a.form or 'all forms'}) {a.email}{'  [SAMPLE]' if a.sample else ''}")


@treaties.command("applicable")
@click.option("--requesting", required=True, help="Requesting State (ISO alpha-3, e.g. FRA).")
@click.option("--requested", required=True, help="Requested State (ISO alpha-3, e.g. BRA).")
@click.option("--form", type=FORM_CHOICE, default=None, help="Form of cooperation.")
@click.option("--date", "when", default=None, help="YYYY-MM-DD (default today).")
@click.option("--offence", default=None, help="The offence: a crime type id (e.g. drug-offences).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def applicable_cmd(ctx, requesting, requested, form, when, offence, as_json):
    """Which instruments bind the two States on a date, and what else bears on the request."""
    try:
        r = applicable(_store(ctx), requesting, requested, form, when, offence)
    except SherlocError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(r.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_result(r)


@treaties.command("authorities")
@click.option("--country", help="State (ISO alpha-3).")
@click.option("--form", type=FORM_CHOICE, default=None, help="Form of cooperation.")
@click.option("--q", "q", default=None, help="Words to look for.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def authorities_cmd(ctx, country, form, q, as_json):
    """The competent national authorities directory."""
    from index.treaties.codes import require_state

    try:
        code = require_state(country, "country") if country else None
    except SherlocError as exc:
        _fail(exc)
    items = db.find_authorities(_store(ctx), country=code, form=form, q=q)
    if as_json:
        click.echo(json.dumps([a.to_dict() for a in items], ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("No authority found.")
    for a in items:
        click.echo(f"{a.country}  {a.form or 'all forms':<20} {a.authority}{'  [SAMPLE]' if a.sample else ''}")
        for label, value in (("address", a.address), ("phone", a.phone), ("email", a.email),
                             ("languages", a.languages), ("channels", a.channels), ("notes", a.notes)):
            if value:
                click.echo(f"      {label}: {value}")
