"""Document pages and provision permalinks.

`/provisions/<id>` is the stable citation link: it redirects to the document page at the
provision's anchor (`?p=<anchor>#<anchor>`), where that provision is highlighted and its
related provisions are listed.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Gone

from index.errors import NotFound, not_found
from index.ids import stored_form
from index.models import DocumentRecord, Provision
from index.search import more_like_this
from index.store import PUBLISHED
from search_app import country_label, sherloc, type_label, web_url

bp = Blueprint("documents", __name__)


@bp.before_app_request
def normalised_ids():
    """A source's own id that was normalised when stored (a trailing "/", a line break) leads to its document.

    Every route taking a `doc_id` or `provision_id` (pages, API, editors' area) redirects to the
    stored id's address; ids that are stored, or unknown, go on to the route as they are.
    """
    args = request.view_args or {}
    if request.method != "GET" or not request.endpoint or not {"doc_id", "provision_id"} & args.keys():
        return None
    store = sherloc().store
    if "doc_id" in args:
        fixed = stored_form(args["doc_id"], store.has_document)
        moved = {"doc_id": fixed} if fixed and fixed != args["doc_id"] else None
    elif "provision_id" in args and not store.has_provision(args["provision_id"]):
        doc_part, _, anchor = args["provision_id"].rpartition("/")
        fixed = stored_form(doc_part, store.has_document)
        moved = {"provision_id": f"{fixed}/{anchor}"} if fixed and fixed != doc_part else None
    else:
        return None
    if moved is None:
        return None
    target = url_for(request.endpoint, **{**args, **moved})
    query = request.query_string.decode("utf-8", "replace")  # as sent: repeated and reserved names included
    return redirect(f"{target}?{query}" if query else target, 301)


def readable(doc: DocumentRecord, editors_too: bool = True) -> DocumentRecord:
    """`doc` if this visitor may read it: a published one anybody, any other a signed-in editor (`editors_too`).

    To everybody else an unpublished document is unknown (404) and a deleted one gone (410).
    """
    state = sherloc().store.document_state(doc.id)
    if state == PUBLISHED or (editors_too and current_user.is_authenticated):
        return doc
    if state == "deleted":
        raise Gone(_("This document has been withdrawn."))
    raise not_found("no document with id %(id)s", id=repr(doc.id))


def parallel_documents(doc: DocumentRecord) -> list[DocumentRecord]:
    """Other-language versions of a document: same `metadata.parallel_group`, or listed in `metadata.translations`."""
    store = sherloc().store
    ids: list[str] = []
    for entry in doc.metadata.get("translations") or []:
        other = entry.get("id") if isinstance(entry, dict) else entry
        if isinstance(other, str) and other != doc.id:
            ids.append(other)
    group = doc.metadata.get("parallel_group")
    members = [i for i in store.parallel_groups().get(str(group), []) if i != doc.id] if group else []
    # Documents of a group in the document's own language are parts or copies of it, not versions.
    versions = [o for o in store.get_documents(members) if o.languages[:1] != doc.languages[:1]]
    listed = store.get_documents((i for i in dict.fromkeys(ids) if i not in members), published_only=True)
    return listed + versions


def _key(p: Provision) -> str:
    # The same provision across languages shares its number (articles) or its anchor (sections).
    return f"{p.kind}:{p.number}" if p.number else p.anchor


Parallel = dict[str, list[tuple[DocumentRecord, Provision]]]


def parallel_provisions(doc: DocumentRecord, others: list[DocumentRecord]) -> Parallel:
    """provision id -> the same provision in the other-language documents."""
    by_key: Parallel = {}
    for other in others:
        for p in other.provisions:
            by_key.setdefault(_key(p), []).append((other, p))
    out = {}
    for p in doc.provisions:
        matches = [(o, q) for o, q in by_key.get(_key(p), []) if q.language != p.language]
        if matches:
            out[p.id] = matches
    return out


def citation(doc: DocumentRecord, provision: Provision | None) -> dict:
    """What the "cite this" box shows."""
    target = provision.id if provision else None
    url = (
        url_for("documents.provision", provision_id=target, _external=True)
        if target
        else url_for("documents.document", doc_id=doc.id, _external=True)
    )
    parts = [doc.title]
    if provision:
        parts.append(provision.label)
    if doc.country:
        parts.append(country_label(doc.country))
    if doc.date:
        parts.append(doc.date)
    parts.append(url)
    parts = [p for p in parts if p]
    # each part is shown isolated (<bdi>): an English title, a date or a URL keeps its order on an Arabic page
    return {"url": url, "parts": parts, "text": ", ".join(parts)}


def legislation_jsonld(doc: DocumentRecord) -> dict | None:
    """schema.org Legislation for legislation pages (None for other types)."""
    if doc.type != "legislation":
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": doc.title,
        "legislationIdentifier": doc.id,
        "url": url_for("documents.document", doc_id=doc.id, _external=True),
        "inLanguage": doc.languages,
        "legislationType": type_label(doc.type),
    }
    if doc.date:
        data["legislationDate"] = doc.date
    if doc.country:
        data["legislationJurisdiction"] = country_label(doc.country)
    if doc.dates.get("in_force"):
        data["legislationLegalForce"] = "InForce"
    if web_url(doc.source_url):
        data["sameAs"] = web_url(doc.source_url)
    return data


@bp.get("/documents/<path:doc_id>")
def document(doc_id: str):
    """A document with its metadata, table of contents, provisions, parallel versions and a citation box."""
    state = sherloc()
    doc = readable(state.store.get_document(doc_id))
    focus_anchor = request.args.get("p", "")
    focus = next((p for p in doc.provisions if p.anchor == focus_anchor), None)
    related = []
    if focus is not None:
        try:
            related = more_like_this(state.engine, focus.id, 5, vectors=state.vectors.index())
        except NotFound:
            related = []  # the index has not caught up with this provision yet
    others = parallel_documents(doc)
    return render_template(
        "document.html",
        doc=doc,
        focus=focus,
        related=related,
        others=others,
        parallels=parallel_provisions(doc, others),
        cite=citation(doc, focus),
        jsonld=legislation_jsonld(doc),
        issues=_issue_origins(doc),
        own_terms=provision_terms(doc),
        doc_state=state.store.document_state(doc.id),
    )


def provision_terms(doc: DocumentRecord) -> dict[str, list[tuple[str, str]]]:
    """provision id -> (scheme, term) classified on that provision and not already on the whole document."""
    whole = {(scheme, t) for scheme in ("crime", "issue") for t in doc.terms(scheme)}
    levels = {c.provision_id for c in doc.classifications if c.provision_id}
    out: dict[str, list[tuple[str, str]]] = {}
    for pid in levels:  # only provisions that carry classifications: large documents stay linear
        pairs = [(scheme, t) for scheme in ("crime", "issue") for t in doc.terms(scheme, pid)]
        out[pid] = [pair for pair in pairs if pair not in whole]
    return out


def _issue_origins(doc: DocumentRecord) -> list[dict]:
    """Document-level and provision-level issues and crime types, with who set them (source, editor or rule);
    hints are for editors only."""
    out: dict[tuple[str, str], dict] = {}
    for c in doc.classifications:
        if c.origin == "hint":
            continue
        key = (c.scheme, c.term_id)
        entry = out.setdefault(key, {"scheme": c.scheme, "term_id": c.term_id, "origins": set(), "provisions": []})
        entry["origins"].add(c.origin)
        if c.provision_id:
            entry["provisions"].append(c.provision_id)
    return sorted(out.values(), key=lambda e: (e["scheme"], e["term_id"]))


@bp.get("/provisions/<path:provision_id>")
def provision(provision_id: str):
    """The permalink of a provision: the document page at its anchor."""
    doc, prov = sherloc().store.get_provision(provision_id)
    readable(doc)
    args = {k: v for k, v in request.args.items() if k == "ui"}
    return redirect(url_for("documents.document", doc_id=doc.id, p=prov.anchor, **args) + f"#{prov.anchor}", 302)
