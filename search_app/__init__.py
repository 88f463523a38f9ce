"""The faces of sherloc-search: the Flask UI, the JSON API and the `sherloc` command.

`create_app(config)` builds the web application. It keeps the long-lived objects (record
store, index handle, taxonomy, thesaurus) in `app.extensions["sherloc"]`, a `Sherloc`
dataclass (search_app.state); views reach it through `sherloc()`. Labels of stored values are in
search_app.labels, error pages in search_app.errors; both are importable from here too.

UI language: `?ui=xx` (one of ar en es fr ru zh), then the `ui_lang` cookie, then the
browser's Accept-Language. `?lang=` is the *document language* filter of a search, so it
only chooses the UI language on pages that are not searches (documents, help, treaties).
Message catalogues: the compiled .mo files are committed next to the .po files and compiled
again at install (search_app.catalogues); the app only reads them.

Editors (search_app/editors.py, views/admin.py) sign in with Flask-Login; every POST form is a
Flask-WTF form under CSRFProtect. The secret key signing sessions and CSRF tokens is
SECRET_KEY from the config (or $SHERLOC_FLASK_SECRET_KEY), else `<home>/secret_key`, created
once with mode 0600 so sessions survive a restart.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import Babel, format_decimal, get_locale

from index.errors import SherlocError, bad_request
from index.home import Home
from index.hybrid import SEMANTIC_DEPTH
from index.store import Store
from search_app.errors import error_message, register_errors
from search_app.hosting import configure_hosting
from search_app.labels import (
    NATIVE_NAMES,
    country_label,
    date_kind_label,
    date_label,
    language_label,
    role_label,
    term_label,
    time_tag,
    type_label,
)
from search_app.security import init_security, throttle_sign_in
from search_app.state import RTL_LANGUAGES, UI_LANGUAGES, Sherloc, sherloc, ui_lang
from search_app.treaty_gaps import participation_form

__all__ = [
    "RTL_LANGUAGES", "UI_LANGUAGES", "Sherloc", "country_label", "create_app", "date_label", "error_message",
    "language_label", "search_url", "sherloc", "term_label", "type_label", "ui_lang", "web_url",
]  # fmt: skip

# Endpoints (blueprint names) where `lang` is a search filter, not the UI language.
_SEARCH_BLUEPRINTS = ("search", "api")
# How long the browser keeps the reader's choice of UI language.
UI_COOKIE_SECONDS = 365 * 24 * 3600


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


def search_url(params: dict[str, list[str]] | None = None, **changes) -> str:
    """The URL of the search page for these parameters, with some changed (None removes one)."""
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
        participation_form=participation_form,
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

    translations = Path(app.root_path) / "translations"  # compiled at install: search_app.catalogues
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
    register_errors(app)

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
            response.set_cookie("ui_lang", chosen, max_age=UI_COOKIE_SECONDS, samesite="Lax")
        return response

    return app
