"""Errors as the user sees them: a page in the UI language, or {"error", "status"} under /api; never a traceback."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from index.errors import BadRequest, NotFound, SherlocError, Unprocessable


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def error_message(exc: SherlocError) -> str:
    """The error's message in the UI language when `index` kept its template (index.errors), else as raised."""
    return gettext(exc.template, **exc.values) if exc.template else str(exc)


def _error(status: int, message: str):
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def register_errors(app: Flask) -> None:
    """Answer every error the app can meet with `_error`: index's errors by their kind, HTTP errors, the rest 500."""
    _ = gettext

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        # Nothing was changed: the form came from elsewhere, or its token expired with the session.
        return _error(400, _("This form has expired or did not come from this site, so nothing was changed. "
                             "Go back, reload the page and send the form again."))

    # index's errors say what the user got wrong; their kind gives the status (index.errors)
    for kind, status in ((BadRequest, 400), (Unprocessable, 422), (NotFound, 404), (SherlocError, 400)):
        app.register_error_handler(kind, lambda exc, status=status: _error(status, error_message(exc)))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            403: _("This page is for admins. Your account is an editor's: ask an admin if you need it."),
            404: _("There is no page at this address."),
            410: _("This document has been withdrawn."),
            405: _("This address does not accept that kind of request."),
            429: _("Too many failed sign-ins: wait a minute, then try again."),
        }
        response = make_response(_error(exc.code or 500, messages.get(exc.code or 500, exc.description or exc.name)))
        # the exception's own headers: a 405 names the methods the address takes (Allow), as RFC 9110 asks
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        if exc.code in (404, 410):
            # an unpublished or deleted document can come back; browsers keep a 410 for good unless told not to
            response.headers["Cache-Control"] = "no-cache"
        return response

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        # Log the traceback for the operator; the user sees a plain page, never the traceback.
        app.logger.exception("unhandled error on %s", request.path)
        return _error(500, _("Something went wrong on our side. Please try again later."))
