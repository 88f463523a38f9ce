"""Headers and cookies that keep the editors' area safe in a browser.

Every response says nosniff. The editors' area (/admin) is also never framed, never cached, and
runs only this site's scripts (a Content-Security-Policy). The session cookie is Secure whenever the
request came over https, as werkzeug's ProxyFix reports it behind a trusted proxy (search_app.hosting).
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

ADMIN_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


# Failed sign-ins answered before the next is refused (429, "wait a minute"), per account and per address.
FAILED_SIGN_INS_PER_ACCOUNT = "5 per minute"
FAILED_SIGN_INS_PER_ADDRESS = "20 per minute"


class _SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # an https request gets a Secure cookie even when the setting was left off
        return bool(super().get_cookie_secure(app) or request.is_secure)


def init_security(app: Flask) -> None:
    """Install the headers and the session cookie rule on `app`."""
    app.session_interface = _SessionInterface()

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.path.startswith("/admin"):
            response.headers["Content-Security-Policy"] = ADMIN_POLICY
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "same-origin"
        return response


def throttle_sign_in(app: Flask) -> None:
    """Refuse sign-ins after too many failures for one account or from one address (counted per process)."""
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", key_prefix=f"app{id(app)}")

    def failed(response: Response) -> bool:
        return response.status_code != 302  # a successful sign-in redirects

    def account() -> str:
        return "account:" + request.form.get("username", "").strip().casefold()

    view = app.view_functions["admin.login"]
    view = limiter.limit(FAILED_SIGN_INS_PER_ADDRESS, methods=["POST"], deduct_when=failed)(view)
    view = limiter.limit(FAILED_SIGN_INS_PER_ACCOUNT, key_func=account, methods=["POST"], deduct_when=failed)(view)
    app.view_functions["admin.login"] = view
