"""`sherloc requests draft ...`: a mutual legal assistance request drafted from the treaty finder's answer."""

from __future__ import annotations

import json
from pathlib import Path

import click

from index.errors import SherlocError
from index.treaties.request_draft import ASSISTANCE, draft_request
from search_app.treaties_cli import _home, _store
from search_app.treaty_gaps import draft_json

UI_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


@click.group(name="requests")
def requests() -> None:
    """Draft requests for mutual legal assistance."""


def _values(pairs: tuple[str, ...], values_file: str | None) -> dict[str, str]:
    """The typed fields: a JSON file of name -> text, then each --value NAME=TEXT over it."""
    out: dict[str, str] = {}
    if values_file:
        try:
            data = json.loads(Path(values_file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise click.ClickException(f"{values_file}: cannot read the values ({exc})") from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise click.ClickException(f"{values_file}: the values must be a JSON object of field name -> text")
        out.update(data)
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            raise click.ClickException(f"--value {pair!r}: give NAME=TEXT, e.g. facts='...'")
        out[name.strip()] = text
    return out


@requests.command("draft")
@click.option("--requesting", required=True, help="Requesting State (ISO alpha-3, e.g. FRA).")
@click.option("--requested", required=True, help="Requested State (ISO alpha-3, e.g. BRA).")
@click.option("--assistance", type=click.Choice(list(ASSISTANCE)), required=True, help="Form of assistance.")
@click.option("--date", "when", default=None, help="YYYY-MM-DD the instruments must be in force (default today).")
@click.option("--offence", default=None, help="The offence: a crime type id (e.g. drug-offences).")
@click.option("--value", "pairs", multiple=True, help="A field of the form: NAME=TEXT (repeatable).")
@click.option("--values", "values_file", type=click.Path(dir_okay=False), help="A JSON file of field name -> text.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The JSON file to write.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="Also a printable HTML file.")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False), help="Also a Word document (DOCX).")
@click.option("--lang", type=click.Choice(UI_LANGUAGES), default=None,
              help="Language of the document's fixed text (default: the first UN language the requested State "
                   "accepts, else English); typed text stays as written.")
@click.pass_context
def draft_cmd(ctx, requesting, requested, assistance, when, offence, pairs, values_file, out, html_out, docx_out,
              lang):
    """Write the draft (legal basis, authority, dual criminality, fields, checklist) as JSON (and HTML, DOCX)."""
    values = _values(pairs, values_file)
    try:
        draft = draft_request(_store(ctx), requesting, requested, assistance, when, offence, values, lang)
    except SherlocError as exc:
        raise click.ClickException(str(exc)) from None
    _write(out, json.dumps(draft_json(draft), ensure_ascii=False, indent=2) + "\n")
    if html_out or docx_out:
        html, docx = _documents(ctx, draft)
        for path, body in ((html_out, html), (docx_out, docx)):
            if path:
                _write(path, body)
                click.echo(f"{path}: written")
    click.echo(f"{out}: {draft.basis_statement}")
    for item in draft.checklist:
        click.echo(f"  to do: {item}")


def _write(out: str, body: str | bytes) -> None:
    try:
        if isinstance(body, bytes):
            Path(out).write_bytes(body)
        else:
            Path(out).write_text(body, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror})") from None


def _documents(ctx: click.Context, draft) -> tuple[str, bytes]:
    """The printable page and the DOCX the web app gives, their fixed text in the draft's language."""
    from search_app import create_app
    from search_app.views.requests import draft_docx_bytes, draft_html

    app = create_app({"SHERLOC_HOME": str(_home(ctx).root)})
    with app.test_request_context(f"/?ui={draft.language}"):
        app.preprocess_request()  # chooses the UI language as for a page
        return draft_html(draft), draft_docx_bytes(draft)
