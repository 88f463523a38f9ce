"""Where the app is reached: the host names it answers to and the addresses it writes in absolute links.

Absolute URLs (canonical links, the cite box, feeds, the OpenSearch description) are built from the
request. Taken as sent, a forged `Host:` header would be written back into them, so the app trusts:
- `SHERLOC_BASE_URL` (e.g. https://sherloc.example.org/): every absolute URL starts with it, whatever
  the request says;
- else `SHERLOC_TRUSTED_PROXIES=N`: the N proxies in front set the scheme, host and prefix
  (X-Forwarded-Proto/-Host/-Prefix), read with werkzeug's ProxyFix;
- and `SHERLOC_ALLOWED_HOSTS` (comma-separated; `.example.org` takes subdomains): the only Host headers
  answered, others get 400. By default the loopback names and the address `sherloc serve` listens on.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from index.errors import SherlocError

LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"]
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")  # listening on every interface: any name may reach the app


def configure_hosting(app: Flask) -> None:
    """Apply the base URL, trusted proxies and allowed hosts of `app.config` to the app."""
    base = (app.config.get("SHERLOC_BASE_URL") or "").strip()
    proxies = int(app.config.get("SHERLOC_TRUSTED_PROXIES") or 0)
    if base:
        scheme, netloc, prefix = _parse_base(base)
        app.wsgi_app = _BaseURL(app.wsgi_app, scheme, netloc, prefix)
        app.config["SESSION_COOKIE_SECURE"] = scheme == "https"
    elif proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
    app.config["TRUSTED_HOSTS"] = allowed_hosts(app.config, has_base=bool(base))
    app.register_error_handler(SecurityError, _untrusted_host)


def _untrusted_host(exc: SecurityError) -> Response:
    # Plain text: the page templates build links, and there is no host to build them from.
    return Response(f"{exc.description}\nThis server answers other names only when its operator allows them "
                    "(SHERLOC_ALLOWED_HOSTS, or SHERLOC_BASE_URL).\n", status=400, mimetype="text/plain")


def allowed_hosts(config: dict, *, has_base: bool = False) -> list[str] | None:
    """The Host headers the app answers (None: any), from the settings described in the module's docstring."""
    configured = [h.strip() for h in (config.get("SHERLOC_ALLOWED_HOSTS") or "").split(",") if h.strip()]
    if configured:
        return None if "*" in configured else configured
    serve_host = config.get("SHERLOC_SERVE_HOST")
    if has_base or int(config.get("SHERLOC_TRUSTED_PROXIES") or 0):
        return None  # links no longer depend on the Host header: any name may reach the app
    if serve_host is not None and serve_host.strip("[]") in WILDCARD_ADDRESSES:
        return None
    return LOOPBACK_HOSTS + ([serve_host] if serve_host else [])


def _parse_base(base: str) -> tuple[str, str, str]:
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SherlocError(f"SHERLOC_BASE_URL: {base!r} is not an http(s) address such as https://sherloc.example.org/")
    return parts.scheme, parts.netloc, parts.path.rstrip("/")


class _BaseURL:
    """WSGI middleware: the request is seen as made to the configured base URL."""

    def __init__(self, app, scheme: str, netloc: str, prefix: str):
        self.app, self.scheme, self.netloc, self.prefix = app, scheme, netloc, prefix

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.netloc
        if self.prefix and environ.get("PATH_INFO", "").startswith(self.prefix + "/"):
            environ["PATH_INFO"] = environ["PATH_INFO"][len(self.prefix):]
        environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)
