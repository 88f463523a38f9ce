"""`sherloc treaties ...`: import treaty status data, find applicable treaties, list competent authorities."""

from __future__ import annotations

import json
import sys

import click

from index.errors import SherlocError
from index.home import Home
from index.store import Store
from index.treaties import db, edits, load_bundled
from index.treaties.finder import FinderResult, applicable
from index.treaties.importers import (
    ImportReport,
    check_instrument,
    import_authorities_csv,
    import_bilateral_csv,
    import_file,
    import_instruments_json,
)
from index.treaties.models import FORM_LABELS, FORMS, KINDS, Treaty
from search_app.editors import cli_actor
from search_app.treaty_gaps import finder_json, participation_form

FORM_CHOICE = click.Choice(list(FORMS))


_HOME_KEY = "sherloc.treaties.home"


def _home(ctx: click.Context) -> Home:
    """This group's --home, else a Home the parent `sherloc` command keeps, else SHERLOC_HOME/default."""
    home = ctx.meta.get(_HOME_KEY) or ctx.find_object(Home)
    if home is None:
        root = ctx.find_root().obj
        home = root.get("home") if isinstance(root, dict) else getattr(root, "home", None)
    if not isinstance(home, Home):
        home = Home.resolve(home if isinstance(home, str) else None)
    return home


def _store(ctx: click.Context) -> Store:
    """The store of the home (see _home)."""
    return Store(_home(ctx).store_path)


def _fail(exc: SherlocError) -> None:
    raise click.ClickException(str(exc))


def _report(r: ImportReport) -> None:
    click.echo(r.summary())
    for note in r.notes:
        click.echo(f"  note: {note}")
    for e in r.skipped:
        click.echo(f"  skipped {e}")
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
@click.option("--complete/--partial", "complete", default=None,
              help="The page is the whole participation (a State it does not list is not a party) or a part of it. "
                   "Default: complete when its table header was read and no row was rejected.")
@click.pass_context
def import_cmd(ctx, file, treaty_id, as_of, source, complete):
    """Import a UN Treaty Collection status page (saved HTML, copied text, ' | ' text) or a participation CSV."""
    try:
        r = import_file(_store(ctx), file, treaty_id, as_of, source, complete)
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


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, text = v.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=TEXT, got {v!r}", param_hint=what)
        out[key.strip()] = text.strip()
    return out


@treaties.command("add")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, exists=True),
              help="An instrument JSON file (one object or a list, fields as in corpus/treaties/instruments.json).")
@click.option("--id", "treaty_id", help="Stable id: the UN Treaty Collection number where there is one (XVIII-16).")
@click.option("--kind", type=click.Choice(KINDS), default="multilateral", show_default=True)
@click.option("--title", "titles", multiple=True, help="LANG=TITLE, once per language (en=..., fr=...).")
@click.option("--short-title", default="")
@click.option("--organisation", default=None, help="UN, COE, OAS ...")
@click.option("--form", "forms", multiple=True, type=FORM_CHOICE, help="A form of cooperation it provides for.")
@click.option("--article", "articles", multiple=True, help="FORM=N,N: its articles on a form (extradition=16).")
@click.option("--offence", "offences", multiple=True, help="CRIME=ARTICLE: an offence in its scope (crime type id).")
@click.option("--other-offences", default="", help="The condition on which it covers any other offence.")
@click.option("--adopted", default=None, help="Date of adoption.")
@click.option("--in-force", "in_force", default=None, help="Its own entry into force.")
@click.option("--eif-rule", default="", help="A State's entry into force after its deposit: days:N, month-after:N.")
@click.option("--denunciation-rule", default="", help="From notification to effect: months:N, days:N.")
@click.option("--source", default="", help="Where these facts come from.")
@click.option("--notes", default="")
@click.pass_context
def add_cmd(ctx, json_file, treaty_id, kind, titles, short_title, organisation, forms, articles, offences,
            other_offences, adopted, in_force, eif_rule, denunciation_rule, source, notes):
    """Add (or replace) an instrument: from --json, or from the options. Its participation starts unknown."""
    store = _store(ctx)
    if json_file:
        try:
            r = import_instruments_json(store, json_file)
        except SherlocError as exc:
            _fail(exc)
        _report(r)
        _finish([r])
        return
    if not treaty_id:
        raise click.UsageError("give --id (and --title en=...), or --json FILE")
    try:
        arts = {k: [n.strip() for n in v.split(",") if n.strip()] for k, v in _pairs(articles, "--article").items()}
        t = check_instrument(Treaty(
            id=treaty_id, kind=kind, titles=_pairs(titles, "--title"), short_title=short_title,
            organisation=organisation, forms=list(forms), articles=arts, adopted=adopted, entry_into_force=in_force,
            eif_rule=eif_rule, denunciation_rule=denunciation_rule, source=source or "added by command",
            notes=notes, offences=_pairs(offences, "--offence"),
            other_offences={"*": other_offences} if other_offences else {},
        ))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if db.has_treaty(store, t.id):
        t.participation_complete = db.get_treaty(store, t.id).participation_complete
    edits.save_instrument(store, t, editor=cli_actor())
    click.echo(f"{t.id}: saved ({t.title('en')}); participation "
               f"{'complete as of ' + t.participation_complete if t.participation_complete else 'unknown'}")


@treaties.command("remove")
@click.argument("treaty_id")
@click.option("--state", help="Remove only this State's participation row (and its declarations).")
@click.option("--declarations", "only_declarations", is_flag=True, help="With --state: only its declarations.")
@click.pass_context
def remove_cmd(ctx, treaty_id, state, only_declarations):
    """Remove an instrument (or a bilateral treaty) with its rows, or one State's row or declarations."""
    from index.treaties.codes import require_state

    store = _store(ctx)
    try:
        db.get_treaty(store, treaty_id)
        if state is None:
            edits.remove_treaty(store, treaty_id, editor=cli_actor())
            click.echo(f"{treaty_id}: removed with its participation rows and declarations")
            return
        code = require_state(state)
    except SherlocError as exc:
        _fail(exc)
    if only_declarations:
        removed = edits.remove_declarations(store, treaty_id, code, editor=cli_actor())
        click.echo(f"{treaty_id} {code}: {removed} declaration(s) removed")
    elif edits.remove_participation(store, treaty_id, code, editor=cli_actor()):
        click.echo(f"{treaty_id} {code}: participation row removed")
    else:
        raise click.ClickException(f"{treaty_id}: no participation row for {code}")


@treaties.command("remove-authority")
@click.argument("authority_id", type=int)
@click.pass_context
def remove_authority_cmd(ctx, authority_id):
    """Remove a competent authority entry by its id (see `authorities --json`)."""
    if not edits.remove_authority(_store(ctx), authority_id, editor=cli_actor()):
        raise click.ClickException(f"no authority with id {authority_id}")
    click.echo(f"authority {authority_id} removed")


@treaties.command("complete")
@click.argument("treaty_id")
@click.option("--as-of", "as_of", help="The date the list is complete as of (YYYY-MM-DD).")
@click.option("--source", default="", help="Where the whole list comes from.")
@click.option("--unknown", is_flag=True, help="The list is not (or no longer) complete.")
@click.pass_context
def complete_cmd(ctx, treaty_id, as_of, source, unknown):
    """Say whether an instrument's participation rows are the whole list, as of a date and from a source."""
    from index.treaties.models import parse_date

    store = _store(ctx)
    try:
        db.get_treaty(store, treaty_id)
        when = None if unknown else parse_date(as_of)
    except (SherlocError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    if not unknown and (not when or not source):
        raise click.UsageError("give --as-of and --source, or --unknown")
    edits.set_completeness(store, treaty_id, when, source, editor=cli_actor())
    click.echo(f"{treaty_id}: participation {'complete as of ' + when if when else 'unknown'}")


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
        known = _known_words(t)
        click.echo(f"{t.id:<24} {t.kind:<12} {t.title('en')}{'  [SAMPLE]' if t.sample else ''}  [{known}]")


def _known_words(t) -> str:
    if t.kind == "bilateral":
        return "bilateral: its parties"
    if t.participation_complete:
        return f"participation complete as of {t.participation_complete} ({t.participation_source})"
    return "participation: sample or partial, not complete"


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
    click.echo(f"  {_known_words(t)}")
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


def _evidence_line(e) -> str:
    """One State's status under an instrument with where it comes from."""
    where = ", ".join(x for x in (e.source, f"as of {e.as_of}" if e.as_of else "",
                                  "complete list" if e.complete else "list not complete") if x)
    return f"{e.state}: {e.detail}  [{where}]"


def _print_result(r: FinderResult) -> None:
    form = FORM_LABELS[r.form] if r.form else "all forms of cooperation"
    about = f", about {r.offence_label.lower()}" if r.offence else ""
    states = f"{r.requesting_name} ({r.requesting}) -> {r.requested_name} ({r.requested})"
    click.echo(f"{states}, {form}{about}, on {r.date}")
    if r.message:
        click.echo(f"\n{r.message}")
    if r.reciprocity:
        click.echo(f"\n{r.reciprocity}")
    if r.instruments:
        click.echo("\nIn force for both:")
    for i in r.instruments:
        t = i.treaty
        flag = "" if i.usable else "  [NOT USABLE as the legal basis for this request]"
        click.echo(f"\n* {t.title('en')} [{t.id}, {t.kind}]{flag}{'  [SAMPLE]' if t.sample else ''}")
        if i.offence_scope:
            click.echo(f"    offence: {_SCOPE_WORDS[i.offence_scope]}{': ' + i.offence_note if i.offence_note else ''}")
        for e in i.evidence:
            click.echo(f"    {_evidence_line(e)}")
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
    for heading, items in (("Participation unknown (no conclusion can rest on these):", r.unknown),
                           ("Not in force for both on that date:", r.pending)):
        if items:
            click.echo(f"\n{heading}")
        for x in items:
            click.echo(f"  - {x.treaty.title('en')} [{x.treaty.id}]")
            for e in x.evidence:
                click.echo(f"      {_evidence_line(e)}")
            if hasattr(x, "fill_command"):
                form = participation_form(x.treaty.id)
                click.echo(f"      to fill the gap: {x.fill_command}  (or the editors' form {form})")
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
        click.echo(json.dumps(finder_json(r), ensure_ascii=False, indent=2))
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
