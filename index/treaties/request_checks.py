"""Checks of what a user types in a request draft: dates, and the identifiers of electronic evidence.

Each problem is (template, values) with the field's label in the values, so that the message names the field
and can be translated (the templates are in the catalogues). What the user typed is never rewritten: a valid
identifier is kept as written, its kind and normal form beside it.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from index.errors import N_

Problem = tuple[str, dict[str, str]]

# Years a request's date can sensibly fall in: a typo such as 0202 or 20240 is caught, not drafted.
YEARS = (1900, 2100)

# Pairs of date fields: the second may not fall before the first.
DATE_RANGES = (("period_from", "period_to"), ("delivery_from", "delivery_to"))

KINDS = ("ip", "email", "phone", "url", "domain", "imei", "account")
# A line may say what it is ("IMEI: 490154203237518", "account: 123456789012345"); these words are understood.
_LABELS = {"ip": "ip", "ipv4": "ip", "ipv6": "ip", "email": "email", "e-mail": "email", "mail": "email",
           "phone": "phone", "tel": "phone", "telephone": "phone", "msisdn": "phone", "url": "url", "domain": "domain",
           "imei": "imei", "account": "account", "user": "account", "username": "account", "id": "account"}
_WORDS = "|".join(map(re.escape, sorted(_LABELS, key=len, reverse=True)))
_LABELLED = re.compile(r"^\s*(" + _WORDS + r")\s*[:=]\s*(.+)$", re.I)
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def check_date(label: str, value: str) -> tuple[str, Problem | None]:
    """(the date as YYYY-MM-DD, None), or (value, the problem): not a calendar date, or outside YEARS."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value, (N_("%(field)s: not a date (%(value)s); use YYYY-MM-DD"), {"field": label, "value": value})
    if not YEARS[0] <= day.year <= YEARS[1]:
        return value, (N_("%(field)s: %(value)s is not a plausible date (a year from %(first)s to %(last)s)"),
                       {"field": label, "value": value, "first": str(YEARS[0]), "last": str(YEARS[1])})
    return day.isoformat(), None


def range_problems(fields: list[dict]) -> list[Problem]:
    """An end before its start, for each pair of DATE_RANGES both given (and both valid dates)."""
    by_name = {f["name"]: f for f in fields}
    out = []
    for first, second in DATE_RANGES:
        a, b = by_name.get(first), by_name.get(second)
        if a and b and a.get("date_ok") and b.get("date_ok") and b["value"] < a["value"]:
            out.append((N_("%(field)s (%(end)s) is before %(start_field)s (%(start)s)"),
                        {"field": b["label"], "end": b["value"], "start_field": a["label"], "start": a["value"]}))
    return out


def luhn_ok(digits: str) -> bool:
    """The Luhn check digit (the last digit of an IMEI) is right."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _domain_ok(host: str) -> bool:
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return (len(ascii_host) <= 253 and len(labels) >= 2 and all(_DOMAIN_LABEL.match(x) for x in labels)
            and not labels[-1].isdigit())


def _guess(value: str) -> str:
    """The kind of an unlabelled identifier, from its shape."""
    low = value.lower()
    if re.match(r"^[a-z][a-z0-9+.-]*://", low):
        return "url"
    if "@" in value[1:]:
        return "email"
    if value.startswith("+"):
        return "phone"
    if re.fullmatch(r"[\d.]+", value) and value.count(".") >= 1 and not re.fullmatch(r"\d{15}", value):
        return "ip"
    if ":" in value and re.fullmatch(r"[0-9a-fA-F:.%]+|\[[0-9a-fA-F:.%]+\]:\d+", value):
        return "ip"
    if re.fullmatch(r"\d{15}", value):
        return "imei"
    if re.fullmatch(r"[^\s/@]+\.[a-zA-Z][^\s/@]*", value) and "." in value:
        return "domain"
    return "account"


def _normal(kind: str, value: str) -> str | None:
    """The identifier's normal form, or None when it is not a valid one of its kind."""
    if kind == "ip":  # a source port matters behind carrier-grade NAT: 203.0.113.5:51234, [2001:db8::1]:443
        m = re.fullmatch(r"(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})|\[([0-9a-fA-F:.%]+)\]:(\d{1,5})", value)
        host, port = (m.group(1) or m.group(3), m.group(2) or m.group(4)) if m else (value, None)
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return None
        if port is None:
            return str(address)
        if int(port) > 65535:
            return None
        return f"{address}:{port}" if address.version == 4 else f"[{address}]:{port}"
    if kind == "email":
        try:
            return validate_email(value, check_deliverability=False).normalized  # no network: form only
        except EmailNotValidError:
            return None
    if kind == "phone":
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return None
        ok = value.lstrip().startswith("+") and phonenumbers.is_valid_number(number)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if ok else None
    if kind == "imei":
        digits = re.sub(r"[\s-]", "", value)
        return digits if re.fullmatch(r"\d{15}", digits) and luhn_ok(digits) else None
    if kind == "url":
        m = re.match(r"^(?:https?|ftp)://([^/?#:\s]+)(?::\d{1,5})?(?:[/?#]\S*)?$", value, re.I)
        return value if m and (_domain_ok(m.group(1)) or _is_ip(m.group(1))) else None
    if kind == "domain":
        return value.rstrip(".").lower() if _domain_ok(value) else None
    return value


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


_MESSAGES = {
    "ip": N_("%(field)s: %(value)s is not a valid IP address (IPv4 or IPv6)"),
    "email": N_("%(field)s: %(value)s is not a valid e-mail address"),
    "phone": N_("%(field)s: %(value)s is not a valid phone number in international form (E.164, e.g. +33142750000)"),
    "url": N_("%(field)s: %(value)s is not a valid web address (http:// or https:// and a host name)"),
    "domain": N_("%(field)s: %(value)s is not a valid domain name"),
    "imei": N_("%(field)s: %(value)s is not a valid IMEI (15 digits, the last a check digit); if it is another "
               "number, write it as 'account: %(value)s'"),
}


def check_identifiers(label: str, text: str) -> tuple[list[dict], list[Problem]]:
    """Each identifier (one a line, or separated by ';'): its kind and normal form, and the invalid ones."""
    items: list[dict] = []
    problems: list[Problem] = []
    for line in re.split(r"[\n;]+", text):
        line = line.strip()
        if not line:
            continue
        m = _LABELLED.match(line)
        kind, value = (_LABELS[m.group(1).lower()], m.group(2).strip()) if m else (_guess(line), line)
        context = ""
        # "203.0.113.5:51234 2024-03-01 10:00 UTC": the identifier, then its context (a time); a phone number
        # and an account name may hold spaces
        if " " in value and kind != "phone" and not (m and kind == "account"):
            first, rest = value.split(None, 1)
            first_kind = kind if m else _guess(first)
            if first_kind != "account":
                kind, value, context = first_kind, first, rest
        normal = _normal(kind, value)
        if normal is None:
            problems.append((_MESSAGES[kind], {"field": label, "value": value}))
        items.append({"value": line, "kind": kind, "normalised": normal, "context": context})
    if not items:
        problems.append((N_("%(field)s: no identifier given"), {"field": label}))
    return items, problems
