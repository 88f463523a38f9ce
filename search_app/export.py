"""Exports of a whole result list (CSV for spreadsheets, JSON): every hit, page by page, with the store's full text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace

from index.hybrid import hybrid_search
from index.search import SearchRequest
from search_app.labels import country_label
from search_app.results import web_links
from search_app.state import sherloc, ui_lang

EXPORT_MAX_ROWS = 10_000
EXPORT_PAGE = 100
EXPORT_COLUMNS = (
    "provision_id", "document_id", "title", "label", "heading", "type", "country", "country_name", "date",
    "language", "crime", "issue", "url", "text",
)  # fmt: skip
# A streamed export sends its text in pieces of about this many characters.
CHUNK_CHARS = 64_000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_params(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The parameters, once validated: bad ones get a 400 before streaming starts, not a broken download."""
    SearchRequest.from_params({**params, "per_page": [str(EXPORT_PAGE)], "page": ["1"]})
    return params


def export_hits(params: dict[str, list[str]]) -> Iterator:
    """Every hit of a search, page by page, up to EXPORT_MAX_ROWS."""
    base = dict(params)
    base["per_page"] = [str(EXPORT_PAGE)]
    base.pop("page", None)
    state = sherloc()
    lang = ui_lang()
    sent = 0
    page = 1
    while sent < EXPORT_MAX_ROWS:
        req = SearchRequest.from_params({**base, "page": [str(page)]})
        resp = hybrid_search(state.engine, req, taxonomy=state.taxonomy, thesaurus=state.thesaurus, ui_lang=lang,
                             with_facets=False, **state.vectors.for_search(req.q, req.mode))
        page_hits = resp.hits[: EXPORT_MAX_ROWS - sent]
        # an engine may keep only the start of a long text (for snippets): export the store's whole text
        texts = state.store.provision_texts(h.provision_id for h in page_hits)
        for hit in page_hits:
            yield replace(hit, text=texts.get(hit.provision_id, hit.text))
            sent += 1
        if page >= resp.pages or not resp.hits:
            return
        page += 1


def export_row(hit) -> dict:
    """One exported row: the hit's fields in EXPORT_COLUMNS, with its country's name and permalink."""
    return {
        "provision_id": hit.provision_id,
        "document_id": hit.document_id,
        "title": hit.title,
        "label": hit.label,
        "heading": hit.heading,
        "type": hit.type,
        "country": hit.country or "",
        "country_name": country_label(hit.country),
        "date": hit.date or "",
        "language": hit.language,
        "crime": list(hit.crime),
        "issue": list(hit.issue),
        "url": web_links().provision(hit.provision_id),
        "text": hit.text,
    }


def spreadsheet_cell(value) -> str:
    """One CSV cell as Excel should show it: lists joined by ';', a would-be formula kept as text."""
    text = ";".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_chunks(hits: Iterator) -> Iterator[str]:
    """The rows as CSV, after a UTF-8 byte order mark (without which Excel reads Arabic, Chinese and Russian as
    mojibake)."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for hit in hits:
        writer.writerow({k: spreadsheet_cell(v) for k, v in export_row(hit).items()})
        if buf.tell() > CHUNK_CHARS:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def json_chunks(hits: Iterator) -> Iterator[str]:
    """The rows as one JSON array, a row per line."""
    yield "["
    for i, hit in enumerate(hits):
        yield ("," if i else "") + "\n" + json.dumps(export_row(hit), ensure_ascii=False)
    yield "\n]\n"
