"""The faces of sherloc-search: the Flask UI, the JSON API and the `sherloc` command.

`create_app(config)` builds the web application. It keeps the long-lived objects (record
store, index handle, taxonomy, thesaurus) in `app.extensions["sherloc"]`, a `Sherloc`
dataclass; views reach it through `sherloc()`.

UI language: `?ui=xx` (one of ar en es fr ru zh), then the `ui_lang` cookie, then the
browser's Accept-Language. `?lang=` is the *document language* filter of a search, so it
only chooses the UI language on pages that are not searches (documents, help, treaties).
Message catalogues: the compiled .mo files are committed next to the .po files so a fresh
install works; when a .po file's messages differ from its .mo (a translator edited it), the
app recompiles it at start.

Editors (search_app/editors.py, views/admin.py) sign in with Flask-Login; every POST form is a
Flask-WTF form under CSRFProtect. The secret key signing sessions and CSRF tokens is
SECRET_KEY from the config (or $SHERLOC_FLASK_SECRET_KEY), else `<home>/secret_key`, created
once with mode 0600 so sessions survive a restart.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask_babel import Babel, format_decimal, get_locale, lazy_gettext
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from index.errors import BadRequest, NotFound, SherlocError, Unprocessable, bad_request
from index.home import Home
from index.hybrid import SEMANTIC_DEPTH
from index.store import Store
from search_app.hosting import configure_hosting
from search_app.security import init_security, throttle_sign_in

UI_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
RTL_LANGUAGES = ("ar",)
# Endpoints (blueprint names) where `lang` is a search filter, not the UI language.
_SEARCH_BLUEPRINTS = ("search", "api")

log = logging.getLogger(__name__)


@dataclass
class Sherloc:
    """The objects a request needs, created once per app."""

    home: Home
    store: Store
    engine_name: str
    taxonomy: Any
    thesaurus: Any
    _handle: Any = None
    _vectors: Any = None
    _suggest_terms: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def handle(self):
        """The index handle (opened lazily: an app with an empty home starts instantly)."""
        if self._handle is None:
            with self._lock:  # two first requests at once must not open the index twice
                if self._handle is None:
                    from index.sync import IndexHandle

                    self._handle = IndexHandle(self.home, name=self.engine_name, store=self.store)
        return self._handle

    @property
    def engine(self):
        """The current search engine, caught up with the store."""
        return self.handle.engine

    @property
    def vectors(self):
        """The provision vectors (index.vectors.VectorHandle; no model is loaded until one is needed)."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    from index.vectors import VectorHandle

                    self._vectors = VectorHandle(self.home, self.store)
        return self._vectors


def sherloc() -> Sherloc:
    """The current app's `Sherloc` state."""
    return current_app.extensions["sherloc"]


def ui_lang() -> str:
    """The UI language of this request."""
    return getattr(g, "ui_lang", None) or "en"


def _select_locale() -> str:
    """?ui=, then ?lang= outside searches, then the cookie, then Accept-Language."""
    asked = request.args.get("ui", "")
    if not asked and request.blueprint not in _SEARCH_BLUEPRINTS:
        values = request.args.getlist("lang")
        asked = values[0] if len(values) == 1 else ""
    if asked in UI_LANGUAGES:
        g.set_ui_cookie = asked
    else:
        asked = request.cookies.get("ui_lang", "")
    if asked not in UI_LANGUAGES:
        asked = request.accept_languages.best_match(UI_LANGUAGES) or "en"
    g.ui_lang = asked
    return asked


def compiled_catalogue(po: Path) -> bytes:
    """The .mo bytes this Babel compiles from a .po file (fuzzy entries left out, as pybabel compile does)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def same_catalogue(mo_bytes: bytes, compiled: bytes) -> bool:
    """Whether two .mo files hold the same messages (ignoring the Babel version that wrote them)."""
    if mo_bytes == compiled:
        return True
    import io

    from babel.messages.mofile import read_mo, write_mo

    try:
        again = io.BytesIO()
        # Rewritten by this Babel, a .mo from another version differs only in "Generated-By".
        write_mo(again, read_mo(io.BytesIO(mo_bytes)))
    except Exception:  # noqa: BLE001 - a truncated or corrupt .mo: recompile it
        return False
    return again.getvalue() == compiled


def _compile_catalogues(translations: Path) -> None:
    """Compile each .po whose messages differ from its .mo (committed .mo files make this a no-op).

    Content, not modification times, decides: a fresh clone has arbitrary mtimes. A changed
    .mo is written to a temporary file and renamed over the old one, so another process (or
    test worker) starting at the same moment reads either the old or the new file, never half.
    """
    import os
    import tempfile

    for po in translations.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        try:
            compiled = compiled_catalogue(po)
            if mo.exists() and same_catalogue(mo.read_bytes(), compiled):
                continue
            fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".messages.", suffix=".mo.tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(compiled)
                os.chmod(tmp, 0o644)
                os.replace(tmp, mo)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:  # a read-only install: the committed .mo files serve
            log.warning("cannot compile %s: %s", po, exc)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def error_message(exc: SherlocError) -> str:
    """The error's message in the UI language when `index` kept its template (index.errors), else as raised."""
    from flask_babel import gettext

    return gettext(exc.template, **exc.values) if exc.template else str(exc)


def _error(status: int, message: str):
    if _wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _register_errors(app: Flask) -> None:
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        # Nothing was changed: the form came from elsewhere, or its token expired with the session.
        return _error(400, _("This form has expired or did not come from this site, so nothing was changed. "
                             "Go back, reload the page and send the form again."))

    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest):
        return _error(400, error_message(exc))

    @app.errorhandler(Unprocessable)
    def unprocessable(exc: Unprocessable):
        return _error(422, error_message(exc))

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return _error(404, error_message(exc))

    @app.errorhandler(SherlocError)
    def sherloc_error(exc: SherlocError):
        return _error(400, error_message(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            404: _("There is no page at this address."),
            405: _("This address does not accept that kind of request."),
            410: _("This document has been withdrawn."),
            429: _("Too many failed sign-ins: wait a minute, then try again."),
        }
        response = make_response(_error(exc.code or 500, messages.get(exc.code or 500, exc.description or exc.name)))
        # the exception's own headers: a 405 names the methods the address takes (Allow), as RFC 9110 asks
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        # Log the traceback for the operator; the user sees a plain page, never the traceback.
        app.logger.exception("unhandled error on %s", request.path)
        return _error(500, _("Something went wrong on our side. Please try again later."))


# Labels the templates show for fixed values; lazily translated.
TYPE_LABELS = {
    "legislation": lazy_gettext("Legislation"),
    "case": lazy_gettext("Case law"),
    "treaty": lazy_gettext("Treaty"),
    "strategy": lazy_gettext("Strategy"),
    "document": lazy_gettext("Document"),
}
DATE_KINDS = {
    "adopted": lazy_gettext("adopted"),
    "signed": lazy_gettext("signed"),
    "in_force": lazy_gettext("in force"),
    "enacted": lazy_gettext("enacted"),
    "published": lazy_gettext("published"),
    "decided": lazy_gettext("decided"),
    "amended": lazy_gettext("amended"),
}
PARTY_ROLES = {
    "prosecutor": lazy_gettext("prosecutor"),
    "defendant": lazy_gettext("defendant"),
    "accused": lazy_gettext("accused"),
    "appellant": lazy_gettext("appellant"),
    "respondent": lazy_gettext("respondent"),
    "applicant": lazy_gettext("applicant"),
    "claimant": lazy_gettext("claimant"),
    "plaintiff": lazy_gettext("plaintiff"),
    "victim": lazy_gettext("victim"),
    "witness": lazy_gettext("witness"),
    "requesting-state": lazy_gettext("requesting State"),
    "requested-state": lazy_gettext("requested State"),
}
# Language names in their own language, so a reader finds their own in the switcher.
NATIVE_NAMES = {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français", "ru": "Русский", "zh": "中文"}
LANGUAGE_LABELS = {
    "ar": lazy_gettext("Arabic"),
    "en": lazy_gettext("English"),
    "es": lazy_gettext("Spanish"),
    "fr": lazy_gettext("French"),
    "ru": lazy_gettext("Russian"),
    "zh": lazy_gettext("Chinese"),
}


def country_label(code: str | None) -> str:
    """A country or organisation name in the UI language (the code itself when unknown)."""
    if not code:
        return ""
    from index.facets import value_label  # the facet sidebar's labels, so both always agree

    return value_label("country", code, ui_lang())


def term_label(scheme: str, term_id: str) -> str:
    """A crime type or cross-cutting issue label in the UI language."""
    try:
        return sherloc().taxonomy.label(scheme, term_id, ui_lang())
    except SherlocError:
        return term_id


def type_label(value: str | None) -> str:
    """A document type label in the UI language."""
    return str(TYPE_LABELS.get(value or "", value or ""))


def language_label(code: str | None) -> str:
    """A language name in the UI language."""
    return str(LANGUAGE_LABELS.get(code or "", code or ""))


def date_kind_label(kind: str) -> str:
    """The name of a kind of date (adopted, in_force ...) in the UI language."""
    return str(DATE_KINDS.get(kind, kind.replace("_", " ")))


def date_label(value: str | None) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) written the UI language's way: 26 March 2015, 26 mars 2015."""
    import datetime

    from babel.dates import format_date, format_skeleton

    if not value:
        return ""
    ui = ui_lang()
    locale = "en_GB" if ui == "en" else ui  # UN documents write 26 March 2015
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return format_date(datetime.date(*parts), "long", locale=locale)
        if len(parts) == 2:
            return format_skeleton("yMMMM", datetime.date(parts[0], parts[1], 1), locale=locale)
    except ValueError:
        pass
    return value  # a year alone, or a value that is no date: as written


def time_tag(value: str | None) -> Markup:
    """A date as <time> (an isolate, see style.css), written the UI's way; what is no date stays as written.

    Inside an Arabic sentence an ISO date otherwise reads backwards: after Arabic letters its digits
    are Arabic numbers, which hyphens do not join (2026-12-05 shows as 05-12-2026).
    """
    if not value or not value[:4].isdigit():
        return escape(value or "")
    return Markup('<time datetime="{}">{}</time>').format(value, date_label(value))


def role_label(role: str) -> str:
    """A party's role in a case in the UI language (as written when unknown)."""
    return str(PARTY_ROLES.get(role.strip().lower().replace(" ", "-"), role))


def search_url(params: dict[str, list[str]] | None = None, **changes) -> str:
    """The URL of the search page for these parameters, with some changed (None removes one)."""
    from urllib.parse import urlencode

    from flask import url_for

    merged: dict[str, Any] = {k: list(v) for k, v in (params or {}).items()}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value if isinstance(value, list) else [str(value)]
    # A page has ~100 of these links (facets, chips, paging): url_for per link costs more than the search.
    base = g.get("search_base")
    if base is None:
        base = g.search_base = url_for("search.index")
    query = urlencode([(k, v) for k, values in merged.items() for v in values])
    return f"{base}?{query}" if query else base


def web_url(value: str | None) -> str | None:
    """The URL if it is a web address (http or https), else None.

    Source URLs come from editors' sidecars and imported records; a `javascript:` or `data:`
    URL written into an href would run in the reader's browser, so only web links are linked. The
    rule is the store's (index.urls), so what was stored as a web address is shown as one.
    """
    from index.urls import clean_web_url

    return clean_web_url(value) if value else None


# A page carries a dozen language links: past this, they leave the query out rather than repeat it.
MAX_ECHOED_QUERY = 2048


def switch_ui_url(lang: str) -> str:
    """This page's URL in another UI language (without its parameters when they are very long)."""
    from urllib.parse import urlencode

    args = [(k, v) for k, v in request.args.items(multi=True) if k != "ui"]
    if len(request.query_string) > MAX_ECHOED_QUERY:
        args = []
    args.append(("ui", lang))
    return f"{request.script_root}{request.path}?{urlencode(args)}"


def _install_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        country_label=country_label,
        term_label=term_label,
        type_label=type_label,
        language_label=language_label,
        search_url=search_url,
        date_kind_label=date_kind_label,
        role_label=role_label,
        switch_ui_url=switch_ui_url,
        web_url=web_url,
        number=format_decimal,
        UI_LANGUAGES=UI_LANGUAGES,
        NATIVE_NAMES=NATIVE_NAMES,
        SEMANTIC_DEPTH=SEMANTIC_DEPTH,
    )

    app.jinja_env.filters["language_label"] = language_label
    app.jinja_env.filters["date_label"] = date_label
    app.jinja_env.filters["time_tag"] = time_tag

    @app.context_processor
    def locale_context() -> dict:
        lang = ui_lang()
        return {"ui_lang": lang, "text_dir": "rtl" if lang in RTL_LANGUAGES else "ltr"}

    @app.context_processor
    def editor_context() -> dict:
        """The header's sign-out button, for signed-in editors only."""
        from flask_login import current_user

        if not current_user.is_authenticated:
            return {"logout_form": None}
        from search_app.forms import LogoutForm

        return {"logout_form": LogoutForm(prefix="logout")}


def create_app(config: dict | None = None) -> Flask:
    """Build the web app.

    config keys: SHERLOC_HOME (default: $SHERLOC_HOME or ./instance), SHERLOC_ENGINE (default:
    $SHERLOC_ENGINE or tantivy), SECRET_KEY (default: <home>/secret_key, created when absent),
    SHERLOC_BASE_URL, SHERLOC_TRUSTED_PROXIES, SHERLOC_ALLOWED_HOSTS (default: the same environment
    variables; see search_app.hosting), WTF_CSRF_ENABLED (default True), TESTING.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=None,
        SHERLOC_HOME=None,
        SHERLOC_ENGINE=None,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_ENABLED=True,
    )
    app.config.from_prefixed_env("SHERLOC_FLASK")
    for name in ("SHERLOC_BASE_URL", "SHERLOC_TRUSTED_PROXIES", "SHERLOC_ALLOWED_HOSTS"):
        app.config[name] = os.environ.get(name)
    if config:
        app.config.update(config)
    configure_hosting(app)
    init_security(app)

    home = Home.resolve(app.config["SHERLOC_HOME"])
    from search_app.editors import secret_key

    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key(home.root)
    from index.taxonomy import load_taxonomy
    from index.thesaurus import load_thesaurus

    try:
        thesaurus = load_thesaurus()
    except SherlocError as exc:  # search still works, without cross-language expansion
        app.logger.warning("no thesaurus: %s", exc)
        thesaurus = None
    app.extensions["sherloc"] = Sherloc(
        home=home,
        store=Store(home.store_path),
        engine_name=app.config["SHERLOC_ENGINE"] or home.engine_name,
        taxonomy=load_taxonomy(),
        thesaurus=thesaurus,
    )

    translations = Path(app.root_path) / "translations"
    _compile_catalogues(translations)
    Babel(app, locale_selector=_select_locale, default_translation_directories=str(translations))

    from flask_wtf.csrf import CSRFProtect

    from search_app import api
    from search_app.editors import init_login
    from search_app.views import admin, documents, feeds, requests, search, treaties

    csrf = CSRFProtect(app)
    csrf.exempt(requests.api_bp)  # a JSON API without cookies: nothing a forged form could use
    init_login(app, app.extensions["sherloc"].store)
    app.register_blueprint(search.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(treaties.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(treaties.api_bp)
    app.register_blueprint(requests.bp)
    app.register_blueprint(requests.api_bp)
    app.register_blueprint(admin.bp)
    throttle_sign_in(app)
    _register_errors(app)

    _install_template_helpers(app)

    @app.before_request
    def check_api_ui():
        # a script is told of a mistyped ui= (a page falls back to the reader's language)
        if request.path.startswith("/api/"):
            for value in request.args.getlist("ui"):
                if value not in UI_LANGUAGES:
                    raise bad_request("ui: unknown interface language %(value)s (one of %(allowed)s)",
                                      value=repr(value), allowed=", ".join(UI_LANGUAGES))

    @app.before_request
    def choose_locale():
        get_locale()  # runs _select_locale now, so g.ui_lang is set for views and templates

    @app.after_request
    def remember_ui_lang(response):
        chosen = g.get("set_ui_cookie")
        if chosen:
            response.set_cookie("ui_lang", chosen, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    return app
