"""The drafted request as a Word document (python-docx), with the same headings as the printable page."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from docx import Document
from docx.oxml import OxmlElement

from index.treaties.request_draft import RequestDraft
from search_app import RTL_LANGUAGES


def checklist_text(item: dict, _: Callable[..., str], country: Callable[[str], str]) -> str:
    """One checklist item in the document's language: its template translated, a State and a language named,
    a field's label translated."""
    from search_app import language_label

    values = {k: country(v) if k == "state" else _(v) if k in ("field", "start_field") else
              language_label(v) if k == "language" else v for k, v in item["values"].items()}
    return _(item["template"], **values)


def instrument_title(x: dict, lang: str) -> str:
    """An instrument of the legal basis by its title in `lang` where the data has it, else its short title."""
    return (x.get("titles") or {}).get(lang) or x["short_title"] or x["title"]


def articles_text(x: dict, _: Callable[..., str]) -> str:
    """Its articles for this request, each as 'Article 18(3)(a)' in the document's language."""
    return ", ".join(_("Article %(num)s", num=a.get("number") or a["label"]) for a in x["articles"])


def declaration_text(x: dict, _: Callable[..., str]) -> str:
    """A declaration as the data words it; a central authority notified under the instrument, in the document's
    language."""
    return f"{_('Central authority:')} {x['central_authority']}" if x.get("central_authority") else x["text"]


def _rtl(paragraph) -> None:
    """Right to left: the paragraph (w:bidi) and each of its runs (w:rtl)."""
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def draft_docx(draft: RequestDraft, _: Callable[..., str], lang: str, country: Callable[[str], str],
               offence_label: str = "") -> bytes:
    """The .docx bytes; `_` translates the fixed text into `lang`, `country` names a State, `offence_label` is the
    offence's name in `lang`; typed text as written."""
    doc = Document()
    paragraphs = []

    def heading(text: str, level: int) -> None:
        paragraphs.append(doc.add_heading(text, level))

    def para(text: str, style: str | None = None) -> None:
        paragraphs.append(doc.add_paragraph(text, style=style))

    p = draft.parties
    heading(f"{_(draft.assistance_label)}: "
            f"{_('Request from %(a)s to %(b)s', a=country(p['requesting']), b=country(p['requested']))}", 1)
    offence = _("offence: %(offence)s", offence=offence_label or draft.offence_label) if draft.offence else ""
    para(draft.date + (f" · {offence}" if offence else ""))
    heading(_("Legal basis"), 2)
    if draft.basis == "treaty":
        para(_("This request is made under:"))
        for x in draft.legal_basis:
            para(f"{instrument_title(x, lang)}, {articles_text(x, _)}", "List Bullet")
    else:
        para(_("No treaty is known to apply between these States for this request: it is drafted on the basis of "
               "reciprocity and the domestic law of the requested State."))
    if draft.to_check:
        heading(_("Not cited: participation unknown (to check)"), 3)
        for u in draft.to_check:
            para(instrument_title(u, lang), "List Bullet")
    sections = (
        (_("Declarations of the requested State"), [f"{declaration_text(x, _)} ({x['source']}, {x['as_of']})"
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
