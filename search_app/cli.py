"""The `sherloc` command: ingest, search, reindex, serve, demo, stats, editors (and treaties).

Every failure a user can cause is printed as one line on stderr with a non-zero exit;
no traceback reaches the terminal.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import sys

import click

from index.errors import NotFound, SherlocError
from index.home import Home
from index.search import MAX_PER_PAGE, MODES, SORTS, YEARS
from index.store import ROLES, Store
from ingest.limits import MEMORY_LIMIT_MB

EXIT_USER_ERROR = 2
EXIT_REJECTED = 1
EXIT_UNEXPECTED = 3
EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl+C (128 + SIGINT)
EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a process ended by SIGPIPE
CLI_LANGUAGE = "en"  # the command speaks English; labels in its JSON are English too
MARK_TAG = re.compile(r"</?mark>")
# Where `sherloc serve` and `sherloc demo` listen by default, and waitress' worker threads.
SERVE_HOST, SERVE_PORT, SERVE_THREADS = "127.0.0.1", 5000, 8


class _Group(click.Group):
    """A click group that turns our errors, and unexpected ones, into one clear line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except SherlocError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as exc:
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except Exception as exc:  # the promise is: never a traceback
            click.echo(f"error: unexpected {type(exc).__name__}: {exc}", err=True)
            ctx.exit(EXIT_UNEXPECTED)


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (`sherloc search ... | head`): stop quietly, as other tools do."""
    # Python would flush stdout again at exit and print a second error: point it at /dev/null first.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_BROKEN_PIPE)


def _check_port_free(host: str, port: int) -> None:
    """Fail before any work when the address is taken, naming it and the way out."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise SherlocError(f"cannot serve on {host}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # the same option waitress sets, so a port in TIME_WAIT is not mistaken for a busy one
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise SherlocError(
                f"cannot serve on {host}:{port}: {exc.strerror}; another program holds the port. "
                f"Choose another with --port (make demo PORT=...)"
            ) from None


class Context:
    """What every command needs: the data directory and, lazily, the store."""

    def __init__(self, home: Home):
        self.home = home
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The record store, opened on first use."""
        if self._store is None:
            self._store = Store(self.home.store_path)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", type=click.Path(file_okay=False), envvar="SHERLOC_HOME", default=None,
              help="Data directory (store, indexes, quarantine). Default: $SHERLOC_HOME or ./instance.")
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """sherloc-search: multilingual search over legislation, case law and treaties on organized crime."""
    ctx.obj = Context(Home.resolve(home))


def _sync_index(ctx: Context, engine: str | None = None) -> dict:
    """Bring the search index up to date with the store (building it if absent)."""
    from index.sync import IndexHandle

    handle = IndexHandle(ctx.home, engine, store=ctx.store)
    engine_obj = handle.engine
    return {"engine": engine_obj.name, "provisions": engine_obj.count()}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the batch report as JSON.")
@click.option("--detector", type=click.Choice(["lingua", "langdetect"]), default="lingua", show_default=True,
              help="Language detector for documents without a declared language.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Parser processes (default: by batch size).")
@click.option("--no-index", is_flag=True, help="Only write the store; update the search index later.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--follow-links", is_flag=True,
              help="Read symbolic links that lead out of the folders being ingested (default: reject them).")
@click.option("--memory-limit", "memory_mb", type=click.IntRange(0), default=MEMORY_LIMIT_MB, show_default=True,
              help="MB of memory one file may take to read; a file that needs more is rejected (0: no limit).")
@pass_ctx
def ingest(ctx: Context, paths: tuple[str, ...], as_json: bool, detector: str, workers: int | None,
           no_index: bool, progress: bool | None, follow_links: bool, memory_mb: int) -> None:
    """Ingest files and folders (PDF, HTML, text, JSON, JSON lines) into the store and index.

    Bad files are reported, copied into the quarantine folder with a JSON report, and skipped;
    the exit status is 1 when any file was rejected.
    """
    from ingest.pipeline import ingest_paths

    report = ingest_paths(paths, ctx.store, detector=detector, quarantine_dir=ctx.home.quarantine,
                          workers=workers, progress=False if as_json else progress, memory_mb=memory_mb or None,
                          follow_links=follow_links)
    index_info = None if no_index else _sync_index(ctx)
    if as_json:
        out = report.to_dict()
        out["index"] = index_info
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        t = report.totals()
        click.echo(
            f"{t['files']} file(s): {t['added']} document(s) added, {t['replaced']} replaced, "
            f"{t['unchanged']} unchanged, {t['removed']} removed, {t['duplicates']} duplicate(s) skipped, "
            f"{t['rejected']} file(s) rejected"
        )
        for f in report.files:
            for w in f.warnings:
                click.echo(f"warning: {f.path}: {w}", err=True)
        for f in report.rejected:
            click.echo(f"rejected: {f.path}: {f.reason}" + (f" (kept in {f.quarantined})" if f.quarantined else ""),
                       err=True)
        if index_info:
            click.echo(f"index ({index_info['engine']}): {index_info['provisions']} provisions")
            from index.vectors import vectors_dir
            from search_app.vectors_cli import status_line

            if vectors_dir(ctx.home).exists():  # never embeds here: `sherloc vectors` or the server does
                click.echo(status_line(ctx.home, ctx.store))
    if report.rejected:
        sys.exit(EXIT_REJECTED)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--crime", multiple=True, help="Crime type id (repeat for OR).")
@click.option("--issue", multiple=True, help="Cross-cutting issue id (repeat for OR).")
@click.option("--country", multiple=True, help="Country code (ISO alpha-3) or organisation code.")
@click.option("--region", multiple=True, help="Region: africa, americas, asia, europe, oceania, international.")
@click.option("--type", "types", multiple=True, help="Document type: legislation, case, treaty, strategy, document.")
@click.option("--lang", multiple=True, help="Provision language: ar en es fr ru zh.")
@click.option("--from", "year_from", type=click.IntRange(*YEARS), default=None, help="From year.")
@click.option("--to", "year_to", type=click.IntRange(*YEARS), default=None, help="To year.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, MAX_PER_PAGE), default=10, show_default=True)
@click.option("--collapse", is_flag=True, help="One row per document (facet counts then count documents).")
@click.option("--curated", is_flag=True, help="Crime types and issues only as the source or an editor gave them.")
@click.option("--same-language", is_flag=True, help="Keep to the query's language (no cross-language expansion).")
@click.option("--json", "as_json", is_flag=True,
              help="Print what /api/search answers as JSON (without links, with each provision's text).")
@click.option("--engine", default=None, help="Search engine (default: $SHERLOC_ENGINE or tantivy).")
@click.option("--mode", type=click.Choice(MODES), default=None,
              help="Match words, meaning, or both (default: hybrid once vectors exist, see `sherloc vectors`).")
@pass_ctx
def search(ctx: Context, as_json: bool, engine: str | None, **options) -> None:
    """Search provisions. QUERY uses the query language (see the web help page): words, "phrases",
    AND/OR/NOT, field:value, prefix*, fuzzy~, year:2000..2010."""
    from index.hybrid import hybrid_search
    from index.search import SearchRequest
    from index.sync import IndexHandle
    from index.taxonomy import load_taxonomy
    from index.thesaurus import load_thesaurus
    from index.vectors import VectorHandle
    from search_app.results import search_json
    from search_app.search_params import params_from_options
    from search_app.vectors_cli import mode_notes

    request = SearchRequest.from_params(params_from_options(options))
    eng = IndexHandle(ctx.home, engine, store=ctx.store).engine
    resp = hybrid_search(eng, request, taxonomy=load_taxonomy(), thesaurus=load_thesaurus(),
                         **VectorHandle(ctx.home, ctx.store).for_search(request.q, request.mode))
    for note in mode_notes(resp):
        click.echo(f"note: {note}", err=True)
    if as_json:  # the API's shape, without links (no server to point at) and with each provision's text
        click.echo(json.dumps(search_json(request, resp, CLI_LANGUAGE, with_text=True), indent=2, ensure_ascii=False))
        return
    for msg in resp.errors:
        click.echo(f"note: {msg}", err=True)
    click.echo(f"{resp.total} provision(s) in {resp.total_documents} document(s); page {resp.page} of {resp.pages}")
    if resp.suggestion:
        click.echo(f"did you mean: {resp.suggestion.text}")
    for i, hit in enumerate(resp.hits, start=(resp.page - 1) * request.per_page + 1):
        click.echo(f"{i:>3}. [{hit.country or '-'} {hit.type} {hit.date or ''} {hit.language}] {hit.title}")
        click.echo(f"     {hit.label}  ({hit.provision_id})")
        if hit.snippet_html:
            click.echo(f"     {plain_snippet(hit.snippet_html)}")


def plain_snippet(snippet_html: str) -> str:
    """A snippet for a terminal: matches between asterisks, HTML entities read back as characters."""
    return html.unescape(MARK_TAG.sub("*", snippet_html))


@main.command()
@click.option("--engine", default=None, help="Engine to rebuild: tantivy (default), whoosh.")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
@pass_ctx
def reindex(ctx: Context, engine: str | None, as_json: bool) -> None:
    """Rebuild the search index from the store, aside, then swap it in (searches go on meanwhile)."""
    from index.sync import rebuild

    info = rebuild(ctx.store, ctx.home, engine)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, default=str))
        return
    click.echo(f"index ({info['engine']}) rebuilt in {info['seconds']} s: {info['documents']} documents, "
               f"{info['provisions']} provisions; now in use ({info['directory']})")


def _cli_editor() -> str:
    """Who the audit log names for a change made on the command line: the system account."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return "cli"


@main.command()
@click.argument("doc_ids", nargs=-1, required=True)
@click.option("--purge", is_flag=True,
              help="Delete for good: the documents, their provisions and their earlier versions. Cannot be undone.")
@click.option("--restore", is_flag=True, help="Undo a (soft) deletion: each document gets back its earlier state.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@pass_ctx
def delete(ctx: Context, doc_ids: tuple[str, ...], purge: bool, restore: bool, yes: bool) -> None:
    """Delete documents by id: readers no longer see them, search no longer finds them.

    By default the deletion is soft: the documents stay in the store, listed for editors under
    "Deleted documents", and `sherloc delete --restore ID` (or the web's Restore) brings them back.
    A file ingested again keeps its document deleted. --purge deletes for good, with the earlier
    versions; a document whose file is ingested again after a purge comes back as a new one.
    Each deletion is written to the audit log.
    """
    from index import lifecycle

    if purge and restore:
        raise SherlocError("choose --purge or --restore, not both")
    docs = [ctx.store.get_document(doc_id) for doc_id in doc_ids]  # an unknown id stops before anything changes
    if not (yes or restore):
        if not sys.stdin.isatty():
            raise SherlocError("delete asks for confirmation: run it on a terminal, or add --yes")
        listed = "\n".join(f"  {d.id}  {d.title}" for d in docs)
        how = "for good (this cannot be undone)" if purge else "(restorable)"
        click.confirm(f"Delete {len(docs)} document(s) {how}?\n{listed}\n", abort=True)
    editor = _cli_editor()
    for doc in docs:
        if purge:
            lifecycle.purge(ctx.store, doc.id, editor)
            click.echo(f"deleted {doc.id} for good")
        elif restore:
            state = lifecycle.change_state(ctx.store, doc.id, lifecycle.RESTORE, editor)
            click.echo(f"restored {doc.id} ({state})")
        else:
            lifecycle.change_state(ctx.store, doc.id, "document.delete", editor)
            click.echo(f"deleted {doc.id} (sherloc delete --restore {doc.id} brings it back)")
    info = _sync_index(ctx)
    click.echo(f"index ({info['engine']}): {info['provisions']} provisions")


@main.command()
@click.option("--host", default=SERVE_HOST, show_default=True)
@click.option("--port", default=SERVE_PORT, show_default=True, type=int)
@click.option("--threads", default=SERVE_THREADS, show_default=True, type=int)
@pass_ctx
def serve(ctx: Context, host: str, port: int, threads: int) -> None:
    """Serve the web UI and JSON API with waitress (a production WSGI server)."""
    _check_port_free(host, port)
    _serve(ctx, host, port, threads)


def _serve(ctx: Context, host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    from search_app import create_app

    _sync_index(ctx)
    app = create_app({"SHERLOC_HOME": str(ctx.home.root), "SHERLOC_SERVE_HOST": host})
    if app.config["SHERLOC_BASE_URL"] and not app.config["SHERLOC_TRUSTED_PROXIES"]:
        click.echo("note: SHERLOC_BASE_URL without SHERLOC_TRUSTED_PROXIES: behind a proxy every visitor has the "
                   "proxy's address, and failed sign-ins are counted for all of them together", err=True)
    if app.config["TRUSTED_HOSTS"] is None and not (app.config["SHERLOC_BASE_URL"] or
                                                    app.config["SHERLOC_TRUSTED_PROXIES"]):
        click.echo("note: any Host header is answered and written into absolute links; set SHERLOC_BASE_URL "
                   "(or SHERLOC_ALLOWED_HOSTS) to the address readers use", err=True)
    app.extensions["sherloc"].vectors.start_background()  # embeds what is missing while serving
    click.echo(f"serving sherloc-search on http://{host}:{port}/  (data: {ctx.home.root}; Ctrl+C to stop)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="sherloc-search")


@main.command()
@click.option("--host", default=SERVE_HOST, show_default=True)
@click.option("--port", default=SERVE_PORT, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Load the corpus and build the index, then stop.")
@pass_ctx
def demo(ctx: Context, host: str, port: int, no_serve: bool) -> None:
    """Load the bundled sample corpus (once), build the index and serve the UI."""
    if not no_serve:
        _check_port_free(host, port)  # before the minute of loading, not after it
    # A marker rather than "the store is empty": a first load cut short (Ctrl+C, a crash) is
    # completed at the next start, and the incremental ingest skips what is already stored.
    if not ctx.home.bundled_loaded_marker.exists():
        from ingest.bundled import load_bundled_corpus

        click.echo("loading the bundled sample corpus ...")
        report = load_bundled_corpus(ctx.store, ctx.home)
        t = report.totals()
        click.echo(f"{t['added']} documents added from {t['files']} files ({t['unchanged']} already stored); "
                   f"{t['rejected']} rejected")
        for f in report.rejected:
            click.echo(f"rejected: {f.path}: {f.reason}", err=True)
        ctx.home.bundled_loaded_marker.write_text("loaded\n", encoding="utf-8")
    info = _sync_index(ctx)
    click.echo(f"index ({info['engine']}): {info['provisions']} provisions")
    if not no_serve:
        _serve(ctx, host, port, SERVE_THREADS)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_ctx
def stats(ctx: Context, as_json: bool) -> None:
    """Counts of documents by type, language, country, crime type and cross-cutting issue."""
    data = ctx.store.stats()
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"documents: {data['documents']}   provisions: {data['provisions']}")
    from search_app.vectors_cli import status_line

    click.echo(status_line(ctx.home, ctx.store))
    for key in ("by_type", "by_language", "by_country", "by_crime_type", "by_issue"):
        items = ", ".join(f"{k} {v}" for k, v in data[key].items()) or "-"
        click.echo(f"{key.removeprefix('by_').replace('_', ' ')}: {items}")
    for key in ("unmapped_crime_types", "unmapped_issues"):
        if data[key]:  # given by sources, not in the taxonomy: for an editor to map
            items = ", ".join(f"{k!r} {v}" for k, v in data[key].items())
            click.echo(f"{key.replace('_', ' ')} (for an editor to map): {items}")


@main.group()
def editors() -> None:
    """Editors' accounts for the web app's editors' area (/admin): add, list, change role or password, remove.

    Every change is written to the audit log as made by cli:<your unix user>."""


@editors.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True,
              help="editor: edits documents and treaty data; admin: also manages accounts and reads the audit log.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (for scripts) instead of prompting.")
@pass_ctx
def editors_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
    """Create the account NAME; the password is asked twice, hidden (at least 10 characters)."""
    from search_app.editors import check_password, check_username, cli_actor, create_editor

    check_username(name)  # a bad name fails before the password is asked for
    if ctx.store.get_editor(name.strip()) is not None:
        raise SherlocError(f"an editor named {name.strip()!r} already exists")
    password = check_password(_read_password(password_stdin))
    editor = create_editor(ctx.store, name, password, role, by=cli_actor())
    click.echo(f"{editor.role} {editor.username} added; they sign in at /admin/login")
    if not any(e.role == "admin" for e in ctx.store.list_editors()):
        click.echo(f"no admin yet (admins manage accounts in the web): sherloc editors role {editor.username} admin")


def _read_password(from_stdin: bool) -> str:
    """The password from stdin's first line, or from a hidden prompt asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


@editors.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
@pass_ctx
def editors_list(ctx: Context, as_json: bool) -> None:
    """The editors' names, roles and when each account was created."""
    accounts = ctx.store.list_editors()
    if as_json:
        click.echo(json.dumps([{"username": e.username, "role": e.role, "created": e.created} for e in accounts],
                              indent=2))
        return
    if not accounts:
        click.echo("no editors yet: sherloc editors add NAME")
    for e in accounts:
        click.echo(f"{e.username}\t{e.role}\t{e.created}")


@editors.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@pass_ctx
def editors_role(ctx: Context, name: str, role: str) -> None:
    """Give the account NAME the role ROLE; its sessions end (the last admin stays an admin)."""
    from search_app.editors import cli_actor

    name = name.strip()
    changed = ctx.store.set_role(name, role, by=cli_actor())
    click.echo(f"{name} is now {role}; their sessions ended" if changed else f"{name} is already {role}")


@editors.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from the first line of standard input instead of prompting.")
@pass_ctx
def editors_password(ctx: Context, name: str, password_stdin: bool) -> None:
    """Set a new password for the account NAME; its sessions end."""
    from search_app.editors import change_password, cli_actor

    if ctx.store.get_editor(name.strip()) is None:
        raise NotFound(f"no editor named {name.strip()!r}")
    change_password(ctx.store, name.strip(), _read_password(password_stdin), by=cli_actor())
    click.echo(f"the password of {name.strip()} is changed; their sessions ended")


@editors.command("remove")
@click.argument("name")
@pass_ctx
def editors_remove(ctx: Context, name: str) -> None:
    """Delete the account NAME (their edits and revisions stay); their sessions end. The last admin stays."""
    from search_app.editors import cli_actor

    ctx.store.remove_editor(name.strip(), by=cli_actor())
    click.echo(f"editor {name.strip()} removed")


def _register_vectors() -> None:
    from search_app.vectors_cli import vectors

    main.add_command(vectors)


_register_vectors()


def _register_treaties() -> None:
    from search_app.treaties_cli import treaties

    main.add_command(treaties)


_register_treaties()


def _register_requests() -> None:
    from search_app.requests_cli import requests

    main.add_command(requests)


_register_requests()


def _register_quarantine() -> None:
    from search_app.quarantine_cli import quarantine

    main.add_command(quarantine)


_register_quarantine()


if __name__ == "__main__":  # pragma: no cover
    main()

