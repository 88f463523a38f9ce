"""The treaty finder: what binds State A (requesting) and State B (requested) for one form of cooperation.

`applicable(store, "FRA", "BRA", form="extradition", date="2024-05-01", offence="drug-offences")`
answers with every instrument in force for both on that date (UN multilateral, then regional, then
bilateral), the articles on that form (linked to their provisions when the text is in the store), the
requested State's declarations that bear on it and, for an offence, whether it lies within each
instrument's scope (one that leaves it out cannot be the legal basis, and comes after those that can);
then B's domestic law on the form and on the offence, relevant cases and B's competent authorities.
Every instrument is one of three things for each State: a party (its row, with dates), not a party (only when
the instrument's participation is complete as of a date), or unknown. Instruments unknown for either State are
listed with what is known and how to fill the gap; "no treaty applies" (and, as information, reciprocity) is
said only when every instrument is known for both. Each line carries its evidence: source, as-of date, complete.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date as _date

from index.errors import bad_request, unprocessable
from index.store import Store
from index.treaties import db
from index.treaties.codes import country_label, require_state
from index.treaties.models import FORM_LABELS, FORMS, KINDS, Authority, Declaration, Participation, Treaty, check_form

# Every cooperation issue: what "domestic law on cooperation" means when no form is chosen.
ALL_COOPERATION_ISSUES: tuple[str, ...] = tuple(dict.fromkeys(i for ids in FORMS.values() for i in ids))


@dataclass
class ArticleRef:
    """An article of an instrument on one form, with its provision id when the text is stored."""

    form: str
    treaty_id: str  # whose article: a Protocol borrows its Convention's articles
    number: str
    label: str  # "Article 16"
    provision_id: str | None = None
    translations: dict[str, str] = field(default_factory=dict)  # language -> provision id
    borrowed: bool = False  # True: the parent Convention's article, applied mutatis mutandis


# How to fill a gap: the import command, and the editors' form (a path of the web app).
FILL_COMMAND = "sherloc treaties import STATUS-PAGE.html --treaty {id} --as-of YYYY-MM-DD"


@dataclass
class Evidence:
    """What the data says of one State under one instrument, and where that comes from."""

    state: str
    status: str  # "party" (a deposit), "signatory", "not-party" (absent from a complete list) or "unknown"
    detail: str  # in words (English): "in force from 2003-10-29", "not on the complete list", ...
    source: str
    as_of: str | None
    complete: bool  # the instrument's participation list is complete (a State absent from it is not a party)
    in_force_from: str | None = None  # a party bound on the date: since when


@dataclass
class ApplicableInstrument:
    """One treaty in force for both States, what it offers on the form and what limits it."""

    treaty: Treaty
    parties: dict[str, Participation]  # state -> its row (requesting and requested)
    articles: list[ArticleRef]
    declarations: list[Declaration]  # the requested State's (and requesting State's) that bear on the form
    usable: bool = True  # False: cannot serve as the legal basis for the form with these States
    unusable_forms: list[str] = field(default_factory=list)
    extradition_basis_refused_by: str | None = None  # the State that does not take it as extradition basis
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # central authority, languages, ...
    # for an offence: "in-scope", "conditional", "outside" or "unknown" (see Treaty.offence_scope), and why
    offence_scope: str = ""
    offence_note: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class PendingInstrument:
    """A treaty known not to be in force for both States on the date (signed only, not a party, denounced ...)."""

    treaty: Treaty
    statuses: dict[str, str]  # state -> "signed, not ratified", "in force", "denounced (...)", "not a party"
    status_keys: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # state -> (key, date)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class UnknownInstrument:
    """A treaty whose participation is unknown for one State or both: no conclusion can rest on it."""

    treaty: Treaty
    evidence: list[Evidence]
    fill_command: str  # the editors' form for it is the app's to name (search_app.treaty_gaps)


@dataclass
class DomesticItem:
    """A document of the requested State's law (or a case) on the form, with its matching provisions."""

    document_id: str
    title: str
    type: str
    country: str | None
    date: str | None
    provisions: list[dict] = field(default_factory=list)  # {"id", "label"}
    match: str = ""  # for cases: what it shares with the request, e.g. "country, issue and offence", "issue"


@dataclass
class FinderResult:
    """The finder's whole answer."""

    requesting: str
    requested: str
    requesting_name: str
    requested_name: str
    form: str | None
    date: str
    instruments: list[ApplicableInstrument]
    pending: list[PendingInstrument]
    domestic: list[DomesticItem]
    cases: list[DomesticItem]
    authorities: list[Authority]
    message: str = ""
    offence: str | None = None  # a crime type id
    unknown: list[UnknownInstrument] = field(default_factory=list)
    conclusive: bool = True  # every instrument is known for both States
    reciprocity: str = ""  # information, only when no treaty applies and that is known
    offence_law: list[DomesticItem] = field(default_factory=list)  # B's legislation on the offence (dual criminality)

    @property
    def form_label(self) -> str:
        """The form of cooperation in words (English)."""
        return FORM_LABELS.get(self.form or "", "All forms of cooperation")

    @property
    def offence_label(self) -> str:
        """The offence in words (English), "" for none."""
        return _crime_label(self.offence) if self.offence else ""

    def to_dict(self) -> dict:
        """JSON-ready: what /api/treaties/applicable and `--json` return."""
        out = asdict(self)
        out["form_label"] = self.form_label
        out["offence_label"] = self.offence_label
        return out


def _crime_label(crime_id: str, lang: str = "en") -> str:
    from index.taxonomy import load_taxonomy

    return load_taxonomy().label("crime", crime_id, lang)


def check_offence(offence: str | None) -> str | None:
    """The crime type id, None for none, or BadRequest listing the choices."""
    from index.taxonomy import load_taxonomy

    if offence in (None, ""):
        return None
    taxonomy = load_taxonomy()
    if not taxonomy.has("crime", offence):
        raise bad_request("unknown offence %(value)s; choose one of the crime types: %(allowed)s",
                          value=repr(offence), allowed=", ".join(t.id for t in taxonomy.terms("crime")))
    return offence


def _check_date(value: str | None) -> str:
    if not value:
        return _date.today().isoformat()
    try:
        return _date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise bad_request("bad date %(value)s: use YYYY-MM-DD, e.g. 2024-05-01", value=repr(value)) from None


def _article_refs(store: Store, treaty: Treaty, parent: Treaty | None, forms: list[str]) -> list[ArticleRef]:
    refs: list[ArticleRef] = []
    for form in forms:
        source, borrowed = treaty, False
        numbers = treaty.articles.get(form, [])
        if not numbers and parent is not None:
            source, borrowed, numbers = parent, True, parent.articles.get(form, [])
        for n in numbers:
            ref = ArticleRef(form, source.id, n, f"Article {n}", borrowed=borrowed)
            _link(store, source, ref)
            refs.append(ref)
    return refs


def _link(store: Store, treaty: Treaty, ref: ArticleRef) -> None:
    """Provision ids for the article: the treaty's own text, and texts in other languages naming it."""
    anchor = f"art-{ref.number}"
    doc_id = treaty.document_id or treaty.id
    conn = store.conn
    row = conn.execute(
        "SELECT p.id, p.language FROM provisions p JOIN documents d ON d.id = p.document_id"
        " WHERE p.id=? AND d.state = 'published'", (f"{doc_id}/{anchor}",)
    ).fetchone()
    if row:
        ref.provision_id = row["id"]
        ref.translations[row["language"]] = row["id"]
    # Parallel texts carry metadata.treaty_id; a store without JSON1 simply gets no translations.
    try:
        others = conn.execute(
            """SELECT p.id, p.language FROM documents d JOIN provisions p ON p.document_id = d.id
               WHERE json_extract(d.metadata, '$.treaty_id') = ? AND p.id = d.id || '/' || ?
               AND d.state = 'published'""",
            (treaty.id, anchor),
        ).fetchall()
    except Exception:  # noqa: BLE001 - json_extract missing: degrade, never fail the finder
        others = []
    for r in others:
        ref.translations.setdefault(r["language"], r["id"])
        if ref.provision_id is None:
            ref.provision_id = r["id"]


def _article_base(article: str) -> str:
    return article.split("(")[0].strip()


def _bearing(decls: list[Declaration], treaty: Treaty, form: str | None) -> list[Declaration]:
    if form is None:
        return list(decls)
    numbers = set(treaty.articles.get(form, []))
    return [d for d in decls if form in d.forms or (not d.forms and _article_base(d.article) in numbers)]


def _instrument(
    store: Store, treaty: Treaty, parent: Treaty | None, pa: Participation, pb: Participation, form: str | None, names,
    offence: str | None = None,
) -> ApplicableInstrument:
    forms = [form] if form else [f for f in FORMS if f in _forms_of(treaty, parent)]
    inst = ApplicableInstrument(
        treaty=treaty,
        parties={pa.state: pa, pb.state: pb},
        articles=_article_refs(store, treaty, parent, forms),
        declarations=_bearing(pb.declarations, treaty, form) + _bearing(pa.declarations, treaty, form),
    )
    if parent is not None and any(a.borrowed for a in inst.articles):
        inst.notes.append(f"Applies with the {parent.short_title or parent.id}: its articles apply mutatis mutandis.")
    if "extradition" in _forms_of(treaty, parent):
        for p in (pb, pa):
            if p.extradition_basis is False:
                inst.unusable_forms.append("extradition")
                inst.extradition_basis_refused_by = p.state
                inst.warnings.append(
                    f"{names[p.state]} does not take this instrument as the legal basis for extradition: "
                    "it cannot serve as the basis for extradition between these States."
                )
                break
    if form in inst.unusable_forms:
        inst.usable = False
    if offence:
        inst.offence_scope, inst.offence_note = treaty.offence_scope(offence, form)
        if inst.offence_scope == "outside":
            inst.usable = False
            inst.warnings.append(
                f"The offence ({_crime_label(offence)}) is outside the scope of this instrument: it cannot serve as "
                "the legal basis for a request about it."
            )
    if form in (None, "mla"):
        if pb.central_authority:
            inst.notes.append(f"Central authority designated by {names[pb.state]}: {pb.central_authority}")
        if pb.mla_languages:
            inst.notes.append(f"Languages accepted by {names[pb.state]} for requests: {pb.mla_languages}")
    return inst


def _forms_of(treaty: Treaty, parent: Treaty | None) -> list[str]:
    out = list(treaty.forms)
    if parent is not None:
        out += [f for f in parent.forms if f not in out]
    return out


def _order(t: Treaty) -> tuple:
    # UN instruments first among the multilateral ones; a Protocol right after its Convention.
    kind = KINDS.index(t.kind) if t.kind in KINDS else 9
    return (kind, t.organisation != "UN", t.parent_id or t.id, bool(t.parent_id), t.id)


def _domestic(
    store: Store, country: str, issues: tuple[str, ...], limit: int = 30, scheme: str = "issue"
) -> list[DomesticItem]:
    """The State's legislation classified under any of `issues` (terms of `scheme`), with the provisions that are."""
    marks = ",".join("?" * len(issues))
    rows = store.conn.execute(
        f"""SELECT DISTINCT d.id, d.title, d.type, d.country, d.date FROM documents d
            JOIN classifications c ON c.document_id = d.id
            WHERE d.country = ? AND d.type NOT IN ('case', 'treaty') AND c.scheme = ? AND c.term_id IN ({marks})
            AND d.state = 'published'
            ORDER BY d.date DESC, d.id LIMIT ?""",
        (country, scheme, *issues, limit),
    ).fetchall()
    items = []
    for r in rows:
        provs = store.conn.execute(
            f"""SELECT DISTINCT p.id, p.label, p.ord FROM classifications c JOIN provisions p ON p.id = c.provision_id
                WHERE c.document_id = ? AND c.scheme = ? AND c.term_id IN ({marks}) ORDER BY p.ord""",
            (r["id"], scheme, *issues),
        ).fetchall()
        linked = [{"id": p["id"], "label": p["label"]} for p in provs]
        items.append(DomesticItem(r["id"], r["title"], r["type"], r["country"], r["date"], linked))
    return items


def _cases(
    store: Store, country: str, issues: tuple[str, ...], limit: int = 10, offence: str | None = None
) -> list[DomesticItem]:
    marks = ",".join("?" * len(issues))
    rows = store.conn.execute(
        f"""SELECT d.id, d.title, d.type, d.country, d.date,
                   d.country = ? AS same_country,
                   EXISTS (SELECT 1 FROM classifications c WHERE c.document_id = d.id AND c.scheme = 'issue'
                           AND c.term_id IN ({marks})) AS same_issue,
                   EXISTS (SELECT 1 FROM classifications c WHERE c.document_id = d.id AND c.scheme = 'crime'
                           AND c.term_id = ?) AS same_offence
            FROM documents d WHERE d.type = 'case' AND d.state = 'published'""",
        (country, *issues, offence or ""),
    ).fetchall()
    hits = [r for r in rows if r["same_issue"] or r["same_country"] or r["same_offence"]]
    # The State's own cases on the form (and the offence) first, then the same form or offence elsewhere
    # (persuasive), then other cases of the State; newest first within each.
    hits.sort(key=lambda r: (r["date"] or "", r["id"]), reverse=True)
    hits.sort(key=lambda r: (
        not (r["same_country"] and (r["same_issue"] or r["same_offence"])),
        not (r["same_issue"] and r["same_offence"]),
        not r["same_issue"],
        not r["same_offence"],
    ))
    out = []
    for r in hits[:limit]:
        shared = [name for name, key in (("country", "same_country"), ("issue", "same_issue"),
                                         ("offence", "same_offence")) if r[key]]
        match = shared[0] if len(shared) == 1 else ", ".join(shared[:-1]) + " and " + shared[-1]
        out.append(DomesticItem(r["id"], r["title"], r["type"], r["country"], r["date"], [], match))
    return out


def applicable(
    store: Store, requesting: str, requested: str, form: str | None = None, date: str | None = None,
    offence: str | None = None,
) -> FinderResult:
    """Every instrument in force for both States on `date` (default today) and what bears on `form` and `offence`.

    Raises BadRequest (a SherlocError) for unknown State codes, an unknown form or offence, or a bad date.
    """
    a = require_state(requesting, "requesting State")
    b = require_state(requested, "requested State")
    if a == b:
        raise unprocessable("the requesting and the requested State are the same (%(state)s)", state=a)
    form = check_form(form)
    offence = check_offence(offence)
    when = _check_date(date)
    names = {a: country_label(a), b: country_label(b)}
    pa_all, pb_all = db.participation_of(store, a), db.participation_of(store, b)
    treaties: dict[str, Treaty] = {}

    def treaty(tid: str) -> Treaty:
        if tid not in treaties:
            treaties[tid] = db.get_treaty(store, tid)
        return treaties[tid]

    instruments: list[ApplicableInstrument] = []
    pending: list[PendingInstrument] = []
    unknown: list[UnknownInstrument] = []
    for t in db.list_treaties(store):
        if t.kind == "bilateral" and not {a, b} <= set(t.parties):
            continue  # a treaty between other States: known not to bind this pair
        treaties[t.id] = t
        parent = treaty(t.parent_id) if t.parent_id and db.has_treaty(store, t.parent_id) else None
        if form and form not in _forms_of(t, parent):
            continue
        pa, pb = pa_all.get(t.id), pb_all.get(t.id)
        evidence = [_evidence(t, s, p, when) for s, p in ((a, pa), (b, pb))]
        ended = bool(t.terminated and t.terminated <= when)
        if pa and pb and pa.bound_on(when) and pb.bound_on(when) and not ended:
            inst = _instrument(store, t, parent, pa, pb, form, names, offence)
            inst.evidence = evidence
            instruments.append(inst)
            continue
        known_out = ended or any(e.status in ("not-party", "signatory") for e in evidence) or any(
            p is not None and p.known_not_bound_on(when) for p in (pa, pb))
        if not known_out:
            if offence and t.offence_scope(offence, form)[0] == "outside":
                continue  # it could not be the basis for this offence whatever its participation
            unknown.append(UnknownInstrument(t, evidence, FILL_COMMAND.format(id=t.id)))
            continue
        statuses = {e.state: e.detail for e in evidence}
        keys = {s: (p.status_key_on(when) if p else ("not-party" if t.known_absent_on(when) else "unknown",
                                                        t.participation_complete)) for s, p in ((a, pa), (b, pb))}
        if ended:
            statuses = {s: f"treaty terminated {t.terminated}" for s in statuses}
            keys = {s: ("terminated", t.terminated) for s in keys}
        pending.append(PendingInstrument(t, statuses, keys, evidence))
    # those that can be the legal basis first (for an offence, those whose scope leaves it out come last)
    instruments.sort(key=lambda i: (i.offence_scope == "outside", _order(i.treaty)))
    pending.sort(key=lambda p: _order(p.treaty))
    unknown.sort(key=lambda u: _order(u.treaty))
    issues = FORMS[form] if form else ALL_COOPERATION_ISSUES
    result = FinderResult(
        requesting=a,
        requested=b,
        requesting_name=names[a],
        requested_name=names[b],
        form=form,
        date=when,
        instruments=instruments,
        pending=pending,
        domestic=_domestic(store, b, issues),
        cases=_cases(store, b, issues, offence=offence),
        authorities=db.find_authorities(store, country=b, form=form),
        offence=offence,
        offence_law=_domestic(store, b, (offence,), scheme="crime") if offence else [],
        unknown=unknown,
        conclusive=not unknown,
    )
    _conclude(result, names)
    return result


def _conclude(result: FinderResult, names: dict[str, str]) -> None:
    """The answer's message: a conclusion only from what is known; reciprocity only when no treaty applies."""
    a, b, when, form = result.requesting, result.requested, result.date, result.form
    usable = [i for i in result.instruments if i.usable]
    for_form = f" for {FORM_LABELS[form].lower()}" if form else ""
    gap = (f"The participation of {len(result.unknown)} instrument(s) is unknown for {names[a]} or {names[b]} "
           "(listed with what is known and how to fill the gap): no conclusion can be drawn from their absence.")
    if usable:
        result.message = gap if result.unknown else ""
        return
    if not result.instruments:
        if result.unknown:
            result.message = (f"No instrument in the data is known to be in force between {names[a]} and "
                              f"{names[b]} on {when}{for_form}. {gap}")
            return
        result.message = (f"No treaty applies: every instrument in the data is known for {names[a]} and {names[b]}"
                          f"{for_form}, and none is in force for both on {when}.")
    else:
        what = FORM_LABELS[form].lower() if form else "cooperation"
        if result.offence:
            what += f" about {_crime_label(result.offence).lower()}"
        result.message = (f"The instruments in force between {names[a]} and {names[b]} cannot serve as the legal "
                           f"basis for {what} (see the declarations and each instrument's scope).")
        if result.unknown:
            result.message += " " + gap
            return
    result.reciprocity = (f"For information: without a treaty, cooperation rests on the domestic law of {names[b]} "
                          "and, where it allows, on reciprocity or international comity (see the domestic law below).")


def _evidence(t: Treaty, state: str, p: Participation | None, when: str) -> Evidence:
    """One State's status under one instrument with its source: its row, else the complete list, else unknown."""
    if p is not None:
        status = "party" if (p.action_date or p.entry_into_force) else "signatory"
        detail = f"in force from {p.entry_into_force}" if p.bound_on(when) else p.status_on(when)
        since = p.entry_into_force if p.bound_on(when) else None
        return Evidence(state, status, detail, p.source, p.as_of, t.participation_known, since)
    if t.known_absent_on(when):
        return Evidence(state, "not-party", "not a party (absent from the complete list)", t.participation_source,
                        t.participation_complete, True)
    if t.participation_complete is not None and t.kind != "bilateral":
        # absent from a list complete as of an earlier date: it may have joined since
        return Evidence(state, "unknown", f"unknown: absent from the list complete as of {t.participation_complete}",
                        t.participation_source, t.participation_complete, False)
    # nothing is known of this State under it: no source to cite for its status
    return Evidence(state, "unknown", "unknown: no row, and the participation list is not complete", "", None, False)


def treaty_json(t: Treaty) -> str:
    """A treaty as JSON text (used by the CLI)."""
    return json.dumps(t.to_dict(), ensure_ascii=False, indent=2)
