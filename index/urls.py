"""Source addresses: which may be stored and linked to, and how a real-world one is made a valid URL.

Publishers' addresses carry spaces, brackets, accents and stray "%" ("…/Resolución N° 201 ANEXO.pdf");
a browser encodes them before sending, so we store them encoded the same way (RFC 3986) rather than
drop them. Only http(s) addresses with a host are kept: a `javascript:` or `data:` URL written into
an href would run in the reader's browser, and a `file:` one points into the server.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

# RFC 3986 reserved and unreserved characters, and "%" of an existing escape: left as they are.
_SAFE = "/:@!$&'()*+,;=-._~%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_STRIPPED = re.compile(r"[\t\n\r]")  # removed, as browsers do (WHATWG URL): a line break from a PDF


def clean_web_url(value: object) -> str | None:
    """`value` as a valid http(s) URL (percent-encoded where needed), or None when it is not a web address."""
    if not isinstance(value, str):
        return None
    url = _STRIPPED.sub("", value).strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
        except UnicodeError:
            return None
    if " " in netloc:
        return None

    def encoded(part: str, extra: str = "") -> str:
        return quote(_LONE_PERCENT.sub("%25", part), safe=_SAFE + extra)

    return urlunsplit(
        (parts.scheme.lower(), netloc, encoded(parts.path), encoded(parts.query, "?"), encoded(parts.fragment, "?"))
    )
