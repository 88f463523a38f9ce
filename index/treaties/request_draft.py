"""A mutual legal assistance request drafted from the treaty finder's answer (issue 22), as plain data.

`build_draft(applicable(...), "evidence", values)` gives the draft's sections: the parties, the legal basis
(only instruments in force for BOTH States, with their articles for the form of assistance; those whose
participation is unknown go under "to check"; none known -> reciprocity, said so), the requested State's
declarations, its authority, its law on the offence (dual criminality), every pre-filled fact with its source
and as-of date, the fields the form needs and a closing checklist. Nothing here writes anything anywhere.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from index.errors import N_, bad_request
from index.models import LANGUAGES
from index.store import Store
from index.treaties.finder import ApplicableInstrument, FinderResult, applicable
from index.treaties.request_checks import check_date, check_identifiers, range_problems

BUDAPEST = "COE-ETS-185"
UNTOC = "XVIII-12"


@dataclass(frozen=True)
class FieldSpec:
    """One thing the requested authority needs to act: a field of the form (label in English, in the catalogues)."""

    name: str
    label: str
    required: bool = True
    kind: str = "text"  # text | date | identifiers


@dataclass(frozen=True)
class Assistance:
    """A form of assistance: the finder's form it falls under, the paragraphs that name it, and its fields."""

    label: str
    form: str  # the finder's form of cooperation
    paragraphs: dict[str, str]  # treaty id -> the paragraph naming this assistance, e.g. "18(3)(a)"
    fields: tuple[FieldSpec, ...]
    electronic: bool = False  # Budapest only for two parties to it, UNTOC art. 18(3) otherwise
    own_articles: bool = False  # only the instruments with a paragraph on this measure are cited, with it alone


COMMON_FIELDS = (
    FieldSpec("requesting_authority", N_("Requesting authority (name, address, contact)")),
    FieldSpec("case_reference", N_("Case reference")),
    FieldSpec("facts", N_("Summary of the facts")),
    FieldSpec("offence_description", N_("Offence(s) and the provisions of the requesting State's law")),
    FieldSpec("purpose", N_("Purpose of the request and its relevance to the case")),
    FieldSpec("urgency", N_("Urgency and deadline"), required=False),
    FieldSpec("confidentiality", N_("Confidentiality required"), required=False),
)

# What a requested authority needs to act on stored or flowing computer data (Budapest arts. 29-33).
_DATA_FIELDS = (
    FieldSpec("service_provider", N_("Service provider holding the data")),
    FieldSpec("identifiers", N_("Identifiers (accounts, addresses, numbers), one a line"), kind="identifiers"),
    FieldSpec("period_from", N_("Period from"), kind="date"),
    FieldSpec("period_to", N_("Period to"), kind="date"),
)

# Paragraphs as the instruments list the measures: UNTOC art. 18(3), 1988 Convention art. 7(2), UNCAC art. 46(3).
ASSISTANCE: dict[str, Assistance] = {
    "evidence": Assistance(
        N_("Taking evidence or statements"), "mla", {UNTOC: "18(3)(a)", "VI-19": "7(2)(a)", "XVIII-14": "46(3)(a)"},
        (FieldSpec("persons", N_("Persons to be heard (name, address, status)")),
         FieldSpec("questions", N_("Questions to be put")),
         FieldSpec("procedure", N_("Procedure wished (oath, presence of officials, videoconference)"),
                   required=False))),
    "documents": Assistance(
        N_("Documents and records"), "mla", {UNTOC: "18(3)(f)", "VI-19": "7(2)(f)", "XVIII-14": "46(3)(f)"},
        (FieldSpec("records", N_("Documents or records sought")),
         FieldSpec("holder", N_("Who holds them (bank, company, office)")),
         FieldSpec("period_from", N_("Period from"), kind="date", required=False),
         FieldSpec("period_to", N_("Period to"), kind="date", required=False),
         FieldSpec("certification", N_("Certification wished"), required=False))),
    "search-seizure": Assistance(
        N_("Search and seizure"), "mla", {UNTOC: "18(3)(c)", "VI-19": "7(2)(c)", "XVIII-14": "46(3)(c)"},
        (FieldSpec("premises", N_("Premises or persons to be searched")),
         FieldSpec("items", N_("Items to be seized")),
         FieldSpec("order", N_("Order of the requesting State's court or authority (date, reference)")))),
    "service": Assistance(
        N_("Service of documents"), "mla", {UNTOC: "18(3)(b)", "VI-19": "7(2)(b)", "XVIII-14": "46(3)(b)"},
        (FieldSpec("documents_to_serve", N_("Documents to be served")),
         FieldSpec("addressee", N_("Person to be served and address")),
         FieldSpec("hearing_date", N_("Date of the hearing or deadline"), kind="date", required=False))),
    "freezing-confiscation": Assistance(
        N_("Identifying, tracing, freezing or confiscating proceeds"), "confiscation", {},
        (FieldSpec("assets", N_("Assets (description, location, estimated value)")),
         FieldSpec("owner", N_("Owner or holder of the assets")),
         FieldSpec("order", N_("Freezing or confiscation order (court, date, reference)")),
         FieldSpec("link", N_("Link between the assets and the offence")))),
    "videoconference": Assistance(
        N_("Hearing by videoconference"), "mla", {UNTOC: "18(18)", "XVIII-14": "46(18)"},
        (FieldSpec("persons", N_("Persons to be heard (name, address, status)")),
         FieldSpec("hearing_date", N_("Date proposed"), kind="date"),
         FieldSpec("technical", N_("Technical contact and equipment")))),
    "transfer-proceedings": Assistance(
        N_("Transfer of criminal proceedings"), "transfer-proceedings", {},
        (FieldSpec("proceedings", N_("Proceedings to be transferred (court, stage, reference)")),
         FieldSpec("reasons", N_("Why the requested State is better placed to prosecute")),
         FieldSpec("case_file", N_("Case file enclosed"), required=False))),
    "joint-investigations": Assistance(
        N_("Joint investigations"), "joint-investigations", {},
        (FieldSpec("team", N_("Purpose and duration of the joint investigation team")),
         FieldSpec("members", N_("Members proposed")),
         FieldSpec("agreement", N_("Draft agreement"), required=False))),
    "preservation": Assistance(
        N_("Expedited preservation of stored computer data"), "mla", {BUDAPEST: "29", UNTOC: "18(3)"},
        (*_DATA_FIELDS,
         FieldSpec("preservation_reference", N_("Preservation reference (if a preservation was already made)"),
                   required=False),
         FieldSpec("follow_up", N_("A request for the search or disclosure of the data will follow"))),
        electronic=True),
    "traffic-disclosure": Assistance(
        N_("Expedited disclosure of preserved traffic data"), "mla", {BUDAPEST: "30", UNTOC: "18(3)"},
        (*_DATA_FIELDS, FieldSpec("preservation_reference", N_("Preservation reference"))), electronic=True),
    "stored-data": Assistance(
        N_("Access to stored computer data"), "mla", {BUDAPEST: "31", UNTOC: "18(3)"},
        (*_DATA_FIELDS, FieldSpec("data_sought", N_("Data sought (content, subscriber information, traffic data)")),
         FieldSpec("preservation_reference", N_("Preservation reference (if a preservation was already made)"),
                   required=False)), electronic=True),
    "real-time-traffic": Assistance(
        N_("Real-time collection of traffic data"), "mla", {BUDAPEST: "33", UNTOC: "18(3)"},
        (*_DATA_FIELDS, FieldSpec("necessity", N_("Why real-time collection is needed"))), electronic=True),
    # A measure of its own (UNTOC art. 20, 1988 Convention art. 11, UNCAC art. 50), agreed between law
    # enforcement services: a general article on cooperation does not name it.
    "controlled-delivery": Assistance(
        N_("Controlled delivery"), "law-enforcement", {"VI-19": "11", UNTOC: "20", "XVIII-14": "50"},
        (FieldSpec("consignment", N_("Consignment (nature, quantity, packaging, markings)")),
         FieldSpec("route", N_("Route (origin, transit points, destination, means of transport)")),
         FieldSpec("delivery_from", N_("Expected from"), kind="date"),
         FieldSpec("delivery_to", N_("Expected until"), kind="date"),
         FieldSpec("contacts", N_("Contacts for the operation (name, service, phone, e-mail; reachable at all "
                                  "hours)")),
         FieldSpec("persons_involved", N_("Persons and vehicles involved"), required=False),
         FieldSpec("substitution", N_("Interception and substitution of the consignment wished"), required=False)),
        own_articles=True),
}


@dataclass
class Fact:
    """A pre-filled fact and where it comes from."""

    what: str
    value: str
    source: str
    as_of: str | None


@dataclass
class RequestDraft:
    """The whole draft, JSON-ready through to_dict()."""

    assistance: str
    assistance_label: str
    form: str
    date: str
    parties: dict
    basis: str  # "treaty" or "reciprocity"
    basis_statement: str
    legal_basis: list[dict]
    to_check: list[dict]
    not_usable: list[dict]
    declarations: list[dict]
    languages: list[dict]
    authorities: list[dict]
    offence: str | None
    offence_label: str
    dual_criminality: list[dict]
    facts: list[Fact]
    fields: list[dict]
    problems: list[str]
    checklist: list[str] = field(default_factory=list)
    # the checklist again, for translation: {"template": msgid, "values": {...}}; a "state" value is an ISO
    # code and a "field" value a field's label (both translated by the renderer), the others stay as written
    checklist_items: list[dict] = field(default_factory=list)
    # the document's language (its fixed text; what the user typed stays as written), and why this one:
    # "chosen" by the user, "accepted" (the first UN language the requested State accepts) or "default"
    language: str = "en"
    language_source: str = "default"

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return asdict(self)


# The six UN languages by their English names, as declarations and directories often write them.
_LANGUAGE_NAMES = {"arabic": "ar", "english": "en", "spanish": "es", "french": "fr", "russian": "ru", "chinese": "zh"}
_ENGLISH_NAMES = {code: name.capitalize() for name, code in _LANGUAGE_NAMES.items()}


def accepted_codes(languages: list[dict]) -> list[str]:
    """The UN languages (codes) among the languages accepted, in the order the data gives them."""
    out: list[str] = []
    for entry in languages:
        for token in re.split(r"[\s;,/]+", entry["languages"].lower()):
            code = token if token in LANGUAGES else _LANGUAGE_NAMES.get(token)
            if code and code not in out:
                out.append(code)
    return out


def check_language(language: str | None) -> str | None:
    """A document language (one of the six UN languages), None when not given; BadRequest otherwise."""
    if language and language not in LANGUAGES:
        raise bad_request("document language %(value)s: choose one of %(allowed)s", value=repr(language),
                          allowed=", ".join(LANGUAGES))
    return language or None


def check_assistance(kind: str | None) -> str:
    """The form of assistance id, or BadRequest listing the choices."""
    if kind not in ASSISTANCE:
        raise bad_request("unknown form of assistance %(value)s; choose one of: %(allowed)s", value=repr(kind),
                          allowed=", ".join(ASSISTANCE))
    return kind


def _articles(inst: ApplicableInstrument, spec: Assistance) -> list[dict]:
    tid = inst.treaty.id
    if spec.electronic or spec.own_articles:  # only the paragraph on the measure: a general article does not name it
        return [{"label": f"Article {spec.paragraphs[tid]}", "number": spec.paragraphs[tid], "provision_id": None}]
    own = spec.paragraphs.get(tid)
    out = []
    for a in inst.articles:
        number = own if own and own.split("(")[0] == a.number else a.number
        out.append({"label": f"Article {number}", "number": number, "treaty_id": a.treaty_id,
                    "provision_id": a.provision_id, "borrowed": a.borrowed})
    return out


def _instrument_entry(inst: ApplicableInstrument, spec: Assistance) -> dict:
    t = inst.treaty
    return {"treaty_id": t.id, "title": t.title("en"), "titles": dict(t.titles), "short_title": t.short_title,
            "articles": _articles(inst, spec), "offence_scope": inst.offence_scope,
            "offence_note": inst.offence_note, "notes": list(inst.notes),
            "evidence": [asdict(e) for e in inst.evidence]}


def _basis(result: FinderResult, spec: Assistance) -> tuple[list[ApplicableInstrument], list[ApplicableInstrument]]:
    """(cited, in force but not usable): electronic evidence cites Budapest for two parties, else UNTOC 18(3)."""
    usable = [i for i in result.instruments if i.usable]
    unusable = [i for i in result.instruments if not i.usable]
    by_id = {i.treaty.id: i for i in usable}
    if spec.electronic:
        usable = [by_id[BUDAPEST]] if BUDAPEST in by_id else [by_id[UNTOC]] if UNTOC in by_id else []
    elif spec.own_articles:
        usable = [i for i in usable if i.treaty.id in spec.paragraphs]
    else:  # its assistance chapter is on computer data: no basis for other measures
        usable = [i for i in usable if i.treaty.id != BUDAPEST]
    return usable, unusable


def _checked_values(spec: Assistance, values: dict[str, str]) -> tuple[list[dict], list[tuple[str, dict]]]:
    """The form's fields with what the user typed (as written), and what is wrong with it (naming the field)."""
    fields: list[dict] = []
    problems: list[tuple[str, dict]] = []
    for f in (*COMMON_FIELDS, *spec.fields):
        value = (values.get(f.name) or "").strip()
        entry = {"name": f.name, "label": f.label, "required": f.required, "kind": f.kind, "value": value}
        if value and f.kind == "date":
            value, problem = check_date(f.label, value)
            entry.update(value=value, date_ok=problem is None)
            problems.extend([problem] if problem else [])
        if value and f.kind == "identifiers":
            entry["identifiers"], found = check_identifiers(f.label, value)
            problems.extend(found)
        fields.append(entry)
    problems.extend(range_problems(fields))
    for entry in fields:
        entry.pop("date_ok", None)
    return fields, problems


def build_draft(result: FinderResult, kind: str, values: dict[str, str] | None = None, language: str | None = None,
                fallback: str = "en") -> RequestDraft:
    """The draft of a request for `kind` (a key of ASSISTANCE) from the finder's answer for its form.

    Its document language is `language` if given, else the first UN language the requested State accepts,
    else `fallback` (the reader's).
    """
    spec = ASSISTANCE[check_assistance(kind)]
    a, b = result.requesting, result.requested
    names = {result.requesting: result.requesting_name, b: result.requested_name}
    cited, unusable = _basis(result, spec)
    facts: list[Fact] = []
    items: list[dict] = []

    def note(template: str, **values: str) -> None:
        items.append({"template": template, "values": values})
    legal_basis = [_instrument_entry(i, spec) for i in cited]
    for i in cited:
        for e in i.evidence:
            facts.append(Fact(f"{names[e.state]} under {i.treaty.short_title or i.treaty.id}", e.detail,
                              e.source, e.as_of))
        if i.treaty.sample:
            note(N_("%(treaty)s is a sample record in the data: replace it"),
                 treaty=i.treaty.short_title or i.treaty.id)
        if i.offence_scope == "conditional":
            note(N_("Show that the offence meets the conditions of the %(treaty)s: %(condition)s"),
                 treaty=i.treaty.short_title or i.treaty.id, condition=i.offence_note)
    to_check = [{"treaty_id": u.treaty.id, "title": u.treaty.title("en"), "titles": dict(u.treaty.titles),
                 "short_title": u.treaty.short_title,
                 "evidence": [asdict(e) for e in u.evidence], "fill_command": u.fill_command} for u in result.unknown]
    for u in to_check:
        note(N_("Participation unknown, not cited: %(treaty)s (check its status for both States)"),
             treaty=u["short_title"] or u["treaty_id"])
    if spec.electronic and not any(i.treaty.id == BUDAPEST for i in cited):
        note(N_("The Budapest Convention is not cited: it is not known to be in force for both States"))
    if legal_basis:
        basis = "treaty"
        statement = "This request is made under " + "; ".join(
            f"{x['short_title'] or x['title']} ({', '.join(r['label'] for r in x['articles'])})" for x in legal_basis
        ) + "."
    else:
        basis = "reciprocity"
        statement = (f"No treaty is known to apply between {names[a]} and {names[b]} for this request: it is made "
                     "on the basis of reciprocity and the domestic law of the requested State.")
        if to_check:
            statement += " The participation of some instruments is unknown (see 'to check')."
        note(N_("Drafted on reciprocity: confirm that the requested State's law allows it"))
    declarations, languages = _declarations(cited, b, facts)
    authorities = [asdict(x) for x in result.authorities]
    for x in result.authorities:
        facts.append(Fact(f"Requested authority ({names[b]})", x.authority, x.source, x.as_of))
        if x.languages:
            languages.append({"languages": x.languages, "from": x.authority, "source": x.source, "as_of": x.as_of})
        if x.sample:
            note(N_("The directory entry for %(authority)s is a sample: confirm its contact details"),
                 authority=x.authority)
    if not authorities:
        note(N_("No competent authority of %(state)s in the directory: find the central authority"), state=b)
    if not languages:
        note(N_("The languages %(state)s accepts are not in the data: check them"), state=b)
    dual = [asdict(d) for d in result.offence_law]
    if not result.offence:
        note(N_("No offence chosen: dual criminality is not checked"))
    elif not dual:
        note(N_("No provision of %(state)s on the offence in the store: check dual criminality"), state=b)
    language, language_source = _document_language(check_language(language), languages, fallback, b, note)
    fields, problems = _checked_values(spec, values or {})
    for f in fields:
        if f["required"] and not f["value"]:
            note(N_("Required: %(field)s"), field=f["label"])
    for template, given in problems:
        note(template, **given)
    english = [i["template"] % {k: names.get(v, v) if k == "state" else _ENGLISH_NAMES.get(v, v) if k == "language"
                                else v for k, v in i["values"].items()} for i in items]
    return RequestDraft(
        assistance=kind, assistance_label=spec.label, form=spec.form, date=result.date,
        parties={"requesting": result.requesting, "requesting_name": result.requesting_name,
                 "requested": b, "requested_name": result.requested_name},
        basis=basis, basis_statement=statement, legal_basis=legal_basis, to_check=to_check,
        not_usable=[{"treaty_id": i.treaty.id, "title": i.treaty.title("en"), "warnings": list(i.warnings)}
                    for i in unusable],
        declarations=declarations, languages=languages, authorities=authorities,
        offence=result.offence, offence_label=result.offence_label, dual_criminality=dual,
        facts=facts, fields=fields, problems=english[len(english) - len(problems):] if problems else [],
        checklist=english, checklist_items=items, language=language, language_source=language_source,
    )


def _document_language(chosen: str | None, languages: list[dict], fallback: str, state: str, note) -> tuple[str, str]:
    """(language, why) of the document, with a checklist note when the requested State may not accept it."""
    accepted = accepted_codes(languages)
    written = "; ".join(dict.fromkeys(x["languages"] for x in languages))
    if chosen:
        if languages and chosen not in accepted:
            note(N_("%(state)s is not known to accept requests in %(language)s (it accepts: %(accepted)s)"),
                 state=state, language=chosen, accepted=written)
        return chosen, "chosen"
    if accepted:
        return accepted[0], "accepted"
    if languages:
        note(N_("None of the languages %(state)s accepts (%(accepted)s) is a UN language: the draft is in "
                "%(language)s, have it translated"), state=state, language=fallback, accepted=written)
    return fallback, "default"


def _declarations(cited: list[ApplicableInstrument], requested: str, facts: list[Fact]) -> tuple[list, list]:
    """The requested State's declarations under the cited instruments, and the languages it accepts."""
    declarations, languages = [], []
    for i in cited:
        p = i.parties.get(requested)
        for d in i.declarations:
            if d.state == requested:
                declarations.append(d.to_dict())
                facts.append(Fact(f"{d.kind.capitalize()} under {i.treaty.short_title or i.treaty.id} "
                                  f"art. {d.article}".strip(), d.text, d.source, d.as_of))
        if p is None:
            continue
        if p.central_authority:
            declarations.append({"treaty_id": i.treaty.id, "state": requested, "kind": "notification",
                                 "text": f"Central authority: {p.central_authority}", "article": "",
                                 "central_authority": p.central_authority,
                                 "source": p.source, "as_of": p.as_of})
        if p.mla_languages:
            languages.append({"languages": p.mla_languages, "from": i.treaty.short_title or i.treaty.id,
                              "source": p.source, "as_of": p.as_of})
    return declarations, languages


def draft_request(
    store: Store, requesting: str, requested: str, kind: str, date: str | None = None, offence: str | None = None,
    values: dict[str, str] | None = None, language: str | None = None, fallback: str = "en",
) -> RequestDraft:
    """Ask the finder for the form the assistance falls under, then draft (BadRequest for bad input)."""
    spec = ASSISTANCE[check_assistance(kind)]
    return build_draft(applicable(store, requesting, requested, spec.form, date, offence), kind, values,
                       language, fallback)
