"""The drafted request as a Word document (python-docx), with the same headings as the printable page."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from docx import Document
from docx.oxml import OxmlElement

from index.treaties.request_draft import RequestDraft
from search_app import RTL_LANGUAGES


def checklist_text(item: dict, _: Callable[..., str], country: Callable[[str], str]) -> str:
    """One checklist item in the UI language: its template translated, a State named, a field's label translated."""
    values = {k: country(v) if k == "state" else _(v) if k == "field" else v for k, v in item["values"].items()}
    return _(item["template"], **values)


def _rtl(paragraph) -> None:
    """Right to left: the paragraph (w:bidi) and each of its runs (w:rtl)."""
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def draft_docx(draft: RequestDraft, _: Callable[..., str], lang: str, country: Callable[[str], str]) -> bytes:
    """The .docx bytes; `_` translates the fixed text into `lang`, `country` names a State; typed text as written."""
    doc = Document()
    paragraphs = []

    def heading(text: str, level: int) -> None:
        paragraphs.append(doc.add_heading(text, level))

    def para(text: str, style: str | None = None) -> None:
        paragraphs.append(doc.add_paragraph(text, style=style))

    p = draft.parties
    heading(f"{_(draft.assistance_label)}: "
            f"{_('Request from %(a)s to %(b)s', a=country(p['requesting']), b=country(p['requested']))}", 1)
    para(draft.date + (f" · {_('offence: %(offence)s', offence=draft.offence_label)}" if draft.offence else ""))
    heading(_("Legal basis"), 2)
    if draft.basis == "treaty":
        para(_("This request is made under:"))
        for x in draft.legal_basis:
            para(f"{x['short_title'] or x['title']}, {', '.join(a['label'] for a in x['articles'])}", "List Bullet")
    else:
        para(_("No treaty is known to apply between these States for this request: it is drafted on the basis of "
               "reciprocity and the domestic law of the requested State."))
    if draft.to_check:
        heading(_("Not cited: participation unknown (to check)"), 3)
        for u in draft.to_check:
            para(u["short_title"] or u["title"], "List Bullet")
    sections = (
        (_("Declarations of the requested State"), [f"{x['text']} ({x['source']}, {x['as_of']})"
                                                     for x in draft.declarations]),
        (_("Requested authority"), ["; ".join(v for v in (a["authority"], a["address"], a["email"], a["languages"],
                                                          a["channels"]) if v) for a in draft.authorities]),
        (_("Dual criminality: the requested State's law on the offence"),
         [" · ".join([x["title"], *(pr["label"] for pr in x["provisions"])]) for x in draft.dual_criminality]),
    )
    for title, lines in sections:
        heading(title, 2)
        for line in lines or [_("None in the data.")]:
            para(line, "List Bullet" if lines else None)
    heading(_("The request"), 2)
    for f in draft.fields:
        para(_(f["label"]), "Heading 4")
        para(f["value"] or "—")
    heading(_("Checklist: what is missing or unknown"), 2)
    for item in draft.checklist_items:
        para(checklist_text(item, _, country), "List Bullet")
    if lang in RTL_LANGUAGES:
        for paragraph in paragraphs:
            _rtl(paragraph)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
