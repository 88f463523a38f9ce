"""Treaty records: instruments, who is bound by them, what they declared, and whom to ask.

Dates are ISO strings (YYYY-MM-DD) throughout; `parse_date` reads the forms editors
and the UN Treaty Collection use.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from index.errors import bad_request

# The forms of cooperation, in the order a practitioner reads them, with the
# cross-cutting issue ids (common taxonomy) that classify domestic law on each.
FORMS: dict[str, tuple[str, ...]] = {
    "extradition": ("extradition",),
    "mla": ("mutual-legal-assistance",),
    "confiscation": ("confiscation-cooperation", "confiscation-seizure"),
    "transfer-sentenced": ("transfer-sentenced-persons",),
    "transfer-proceedings": ("transfer-criminal-proceedings",),
    "joint-investigations": ("joint-investigations",),
    "law-enforcement": ("law-enforcement-cooperation",),
}
FORM_LABELS: dict[str, str] = {
    "extradition": "Extradition",
    "mla": "Mutual legal assistance",
    "confiscation": "International cooperation for confiscation",
    "transfer-sentenced": "Transfer of sentenced persons",
    "transfer-proceedings": "Transfer of criminal proceedings",
    "joint-investigations": "Joint investigations",
    "law-enforcement": "Law enforcement cooperation",
}
KINDS = ("multilateral", "regional", "bilateral")
# UN Treaty Collection letters after a date in the "Ratification ..." column.
ACTION_KINDS: dict[str, str] = {
    "": "ratification",
    "A": "acceptance",
    "AA": "approval",
    "a": "accession",
    "d": "succession",
    "s": "definitive signature",
}
ACTION_LETTERS = {v: k for k, v in ACTION_KINDS.items()}

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


def parse_date(value: str | None) -> str | None:
    """'24 Oct 1945', '24 October 1945' or '1945-10-24' -> '1945-10-24'; blank -> None.

    Raises ValueError with a readable reason for anything else.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DMY.match(text)
        if not m or m[2].lower() not in _MONTHS:
            raise ValueError(f"not a date: {text!r} (expected like '12 Dec 2000' or 2000-12-12)")
        y, mo, d = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        raise ValueError(f"not a date: {text!r} (no such day)") from None


def check_form(form: str | None) -> str | None:
    """The form id, or BadRequest listing the choices."""
    if form in (None, ""):
        return None
    if form not in FORMS:
        raise bad_request("unknown form of cooperation %(value)s; choose one of: %(allowed)s", value=repr(form),
                          allowed=", ".join(FORMS))
    return form


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def _same_day_months_later(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    # 29-31 of a month the target lacks: the last day of that month
    for day in (d.day, 30, 29, 28):
        try:
            return date(d.year + y, m + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def apply_period(rule: str, start: str) -> str | None:
    """The date a period rule gives from `start`, or None for no or an unknown rule.

    "days:N": the Nth day after; "months:N": the same day N months later (UNTOC art. 40(1):
    a denunciation takes effect one year after its notification is received, "months:12");
    "month-after:N": the first day of the month after N months (Council of Europe treaties).
    """
    if not rule or not start:
        return None
    d = date.fromisoformat(start)
    kind, _, n = rule.partition(":")
    if not n.isdigit():
        return None
    if kind == "days":
        return (d + timedelta(days=int(n))).isoformat()
    if kind == "months":
        return _same_day_months_later(d, int(n)).isoformat()
    if kind == "month-after":
        # The period ends in the month N after the start; the effect runs from the first of the next month:
        # 29 Sep 2006 -> 1 Jan 2007; 30 Nov 2022 -> 1 Mar 2023.
        return _add_months(d, int(n) + 1).isoformat()
    return None


def apply_eif_rule(rule: str, deposit: str, general: str | None) -> str | None:
    """Entry into force for one State from the treaty's rule, its deposit date and the treaty's own entry into force.

    Rules: "days:N" (the Nth day after deposit: UNTOC art. 38(2) says 30, the 1988 Convention 90);
    "month-after:N" (first day of the month after N months from deposit: CoE ETS 185 art. 36-37).
    The State is never bound before the treaty itself is in force, so the later date wins; when the
    treaty's own entry into force is unknown (or it is not in force yet) nothing is computed.
    """
    if not rule or not deposit or not general:
        return None
    own = apply_period(rule, deposit)
    return max(general, own) if own else None


@dataclass
class Treaty:
    """One instrument: UN Treaty Collection id where there is one, else our own stable id."""

    id: str
    kind: str  # multilateral | regional | bilateral
    titles: dict[str, str] = field(default_factory=dict)  # lang -> title, six UN languages where known
    short_title: str = ""
    organisation: str | None = None  # UN, COE, OAS, IRB (ECOWAS) ... None for bilateral
    forms: list[str] = field(default_factory=list)
    articles: dict[str, list[str]] = field(default_factory=dict)  # form -> article numbers
    adopted: str | None = None
    entry_into_force: str | None = None
    eif_rule: str = ""  # see apply_eif_rule
    denunciation_rule: str = ""  # from notification to effect, see apply_period ("months:12" for UNTOC)
    terminated: str | None = None
    parent_id: str | None = None  # a Protocol's Convention
    document_id: str | None = None  # the text in the store, when it differs from the id
    source: str = ""
    as_of: str | None = None
    sample: bool = False
    notes: str = ""
    parties: list[str] = field(default_factory=list)  # bilateral treaties only
    # The offences in its scope: crime type id -> the article or condition, shown as written (English).
    offences: dict[str, str] = field(default_factory=dict)
    # Other offences it covers, and on what condition: form (or "*" for every form) -> the condition.
    other_offences: dict[str, str] = field(default_factory=dict)
    # The date as of which its participation rows are the whole list (a status page imported whole), and
    # where that list comes from. None: the rows are a sample or partial, and a State without one is unknown.
    participation_complete: str | None = None
    participation_source: str = ""

    def title(self, lang: str = "en") -> str:
        """The title in `lang`, falling back to English, then any."""
        return self.titles.get(lang) or self.titles.get("en") or next(iter(self.titles.values()), self.id)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return asdict(self)

    @property
    def participation_known(self) -> bool:
        """Whether every State's status is known: its list is complete, or it is a bilateral treaty."""
        return self.kind == "bilateral" or self.participation_complete is not None

    def known_absent_on(self, when: str) -> bool:
        """Whether a State without a row is known not to be a party on `when`.

        Only a multilateral list complete as of a date no earlier than `when` says so: a State may
        have joined after the list's date, and a bilateral treaty's missing row is a gap in the data.
        """
        complete = self.participation_complete
        return self.kind != "bilateral" and complete is not None and when <= complete

    def offence_scope(self, offence: str, form: str | None = None) -> tuple[str, str]:
        """Whether an offence (a crime type id) is within this instrument's scope for a form: (status, note).

        Status "in-scope" (the offence is one it establishes or names; the note cites where), "conditional"
        (it covers other offences on a condition, the note), "outside" (its scope is recorded and leaves the
        offence out) or "unknown" (no scope recorded: a treaty added without one).
        """
        if offence in self.offences:
            return "in-scope", self.offences[offence]
        if form is not None:
            condition = self.other_offences.get(form) or self.other_offences.get("*")
        else:
            conditions = [c if f == "*" else f"{FORM_LABELS.get(f, f)}: {c}" for f, c in self.other_offences.items()]
            condition = "; ".join(conditions)
        if condition:
            return "conditional", condition
        if self.offences or self.other_offences:
            return "outside", ""
        return "unknown", ""


def state_entry_into_force(
    treaty: Treaty, action_kind: str | None, deposit: str | None, succession_date: str | None = None
) -> str | None:
    """When a treaty enters into force for one State, from its action (kind and date of deposit).

    A ratification, acceptance, approval or accession takes effect by the treaty's rule. A
    notification of succession does not: the successor State is bound from the date of the
    succession of States (its independence, say), so the deposit + N days rule would make it bound
    too late. Where that date is not known, the notification's date is used: the latest date from
    which the State is certainly bound. Never before the treaty itself is in force.
    """
    if not deposit:
        return None
    if action_kind == "succession":
        if not treaty.entry_into_force:
            return None
        return max(treaty.entry_into_force, succession_date or deposit)
    return apply_eif_rule(treaty.eif_rule, deposit, treaty.entry_into_force)


@dataclass
class Declaration:
    """A declaration, reservation or notification by one State under one treaty, as text."""

    treaty_id: str
    state: str
    kind: str  # declaration | reservation | notification | objection
    text: str
    article: str = ""  # e.g. "16(5)", "35(3)"
    forms: list[str] = field(default_factory=list)  # the forms of cooperation it bears on
    source: str = ""
    as_of: str | None = None

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return asdict(self)


@dataclass
class Participation:
    """One State's status under one treaty, with where the facts come from."""

    treaty_id: str
    state: str
    signature: str | None = None
    action_date: str | None = None  # deposit of ratification, acceptance, approval, accession, succession
    action_kind: str | None = None  # a value of ACTION_KINDS
    entry_into_force: str | None = None
    eif_computed: bool = False  # True: derived from the treaty's rule, not given by the source
    denunciation: str | None = None
    denunciation_effective: str | None = None
    extradition_basis: bool | None = None  # takes the treaty as legal basis for extradition (UNTOC 16(5)); None unknown
    central_authority: str = ""  # designated under e.g. UNTOC 18(13)
    mla_languages: str = ""  # accepted languages, UNTOC 18(14)
    dispute_reservation: bool | None = None  # not bound by the dispute settlement clause (UNTOC 35(3))
    source: str = ""
    as_of: str | None = None
    declarations: list[Declaration] = field(default_factory=list)

    def bound_on(self, when: str) -> bool:
        """Whether the treaty is in force for this State on `when` (ISO date)."""
        if not self.entry_into_force or self.entry_into_force > when:
            return False
        end = self.denunciation_effective
        return not (end and end <= when)

    def known_not_bound_on(self, when: str) -> bool:
        """Whether the data shows this State not bound on `when`; False when it cannot tell (an instrument
        deposited before `when` whose entry into force is not recorded)."""
        if self.bound_on(when):
            return False
        return not (self.action_date and self.action_date <= when and not self.entry_into_force)

    def status_key_on(self, when: str) -> tuple[str, str | None]:
        """The status on `when` as (key, date) for translated display: ("in-force", None),
        ("denounced", effective date), ("deposited", entry into force), ("signed", None) or ("none", None)."""
        if self.bound_on(when):
            return "in-force", None
        if self.denunciation_effective and self.denunciation_effective <= when:
            return "denounced", self.denunciation_effective
        if self.action_date and self.action_date <= when:
            return "deposited", self.entry_into_force
        if self.signature and self.signature <= when:
            return "signed", None
        return "none", None

    def status_on(self, when: str) -> str:
        """A short human status on `when`: in force, signed only, not yet in force, denounced ..."""
        if self.bound_on(when):
            return "in force"
        if self.denunciation_effective and self.denunciation_effective <= when:
            return f"denounced (effective {self.denunciation_effective})"
        if self.action_date and self.action_date <= when:
            return f"{self.action_kind or 'ratification'} deposited, in force from {self.entry_into_force or '?'}"
        if self.signature and self.signature <= when:
            return "signed, not ratified"
        return "not a party"

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return asdict(self)


@dataclass
class Authority:
    """A competent national authority for one form of cooperation (or one treaty) in one State."""

    country: str
    authority: str
    form: str = ""  # "" = every form
    treaty_id: str = ""  # "" = under any treaty and domestic law
    address: str = ""
    phone: str = ""
    email: str = ""
    languages: str = ""
    channels: str = ""  # e.g. "central authority to central authority; INTERPOL; diplomatic"
    notes: str = ""
    source: str = ""
    as_of: str | None = None
    sample: bool = False
    id: int | None = None

    def to_dict(self) -> dict:
        """Plain JSON-ready dict."""
        return asdict(self)
