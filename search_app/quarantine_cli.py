"""`sherloc quarantine list|retry|discard`: the files ingest rejected, as in the editors' area."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import click

from index.store import Store
from ingest import quarantine as kept
from ingest import retry as retrying
from search_app.treaties_cli import _home


def _who() -> str:
    """The audit log's name for a change made on the command line: the system user's."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # a container user without a name
        return "cli"


def _item(ctx: click.Context, name: str) -> dict:
    item = kept.find(_home(ctx).quarantine, name)
    if item is None:
        raise click.ClickException(f"{name}: no such file in the quarantine (see sherloc quarantine list)")
    return item


@click.group(name="quarantine")
def quarantine() -> None:
    """The files ingest rejected: list them, retry one with corrected metadata, or discard one."""


@quarantine.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
@click.pass_context
def list_files(ctx: click.Context, as_json: bool) -> None:
    """The rejected files, newest first: NAME (for retry and discard), when, the file and the reason."""
    items = kept.listing(_home(ctx).quarantine)
    if as_json:
        fields = ("key", "at", "file", "reason", "copy_kept")
        click.echo(json.dumps([{k: i.get(k) for k in fields} for i in items], indent=2, ensure_ascii=False))
        return
    if not items:
        click.echo("no file is in the quarantine")
    for i in items:
        click.echo(f"{i['key']}\n  {i.get('at', '')}  {i.get('file', '')}\n  {i.get('reason', '')}")


@quarantine.command("retry")
@click.argument("name")
@click.option("--metadata", "metadata_file", type=click.Path(dir_okay=False, exists=True),
              help="A JSON object as a sidecar holds it: id, title, type, country, language, date, crime_types, "
                   "issues, source_url.")
@click.option("--detector", type=click.Choice(["lingua", "langdetect"]), default="lingua", show_default=True)
@click.option("--editor", default=None, help="Name for the audit log (default: cli:<system user>).")
@click.pass_context
def retry(ctx: click.Context, name: str, metadata_file: str | None, detector: str, editor: str | None) -> None:
    """Ingest the quarantined file NAME again; it leaves the quarantine if it is accepted.

    Without --metadata, the metadata of the last retry or else the sidecar beside the original file is used.
    """
    metadata = {}
    if metadata_file:
        try:
            metadata = json.loads(Path(metadata_file).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise click.ClickException(f"{metadata_file}: cannot read the metadata ({exc})") from None
        if not isinstance(metadata, dict):
            raise click.ClickException(f"{metadata_file}: the metadata must be a JSON object")
    home = _home(ctx)
    item = _item(ctx, name)
    if not metadata_file:
        metadata = retrying.known_metadata(item)  # as the editors' area pre-fills its form
    store = Store(home.store_path)
    try:
        result = retrying.retry(store, home.quarantine, home.retried, item["name"], metadata, editor or _who(),
                                detector=detector)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        if not result.ok:
            raise click.ClickException(f"rejected again: {result.reason} (the file stays in the quarantine)")
        from index.sync import IndexHandle

        IndexHandle(home, store=store).refresh()  # searchable now, as after `sherloc ingest`
    finally:
        store.close()
    click.echo(f"ingested: {', '.join(result.documents)}; the file left the quarantine")


@quarantine.command("discard")
@click.argument("name")
@click.option("--editor", default=None, help="Name for the audit log (default: cli:<system user>).")
@click.pass_context
def discard(ctx: click.Context, name: str, editor: str | None) -> None:
    """Remove the quarantined file NAME (its copy and its report)."""
    home = _home(ctx)
    item = _item(ctx, name)
    store = Store(home.store_path)
    try:
        if not retrying.discard(store, home.quarantine, item["name"], editor or _who()):
            raise click.ClickException(f"{name}: no longer in the quarantine")
    finally:
        store.close()
    click.echo(f"discarded {name}")
