"""Fixtures for the web front: a small real store and index in several languages, an app, a live server."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.home import Home
from index.models import Classification, DocumentRecord, Provision
from index.store import Store

XSS = "<script>alert(1)</script>"
MODEL_LAW_ARTICLES = 45  # enough trafficking provisions for three result pages


def _doc(doc_id: str, type_: str, title: str, country: str, lang: str, date: str, texts: list[tuple[str, str]],
         **extra) -> DocumentRecord:
    provisions = [
        Provision(label=label, text=text, language=lang, order=i, number=label.split()[-1] if " " in label else "")
        for i, (label, text) in enumerate(texts)
    ]
    return DocumentRecord(id=doc_id, type=type_, title=title, country=country, languages=[lang], date=date,
                          provisions=provisions, content_hash=doc_id, **extra)


def sample_documents() -> list[DocumentRecord]:
    """Documents in six languages: parallel French/English versions, a case, an XSS attempt, a long model law."""
    fr = _doc(
        "FRA-CP", "legislation", "Code pénal (extraits)", "FRA", "fr", "2005-03-09",
        [("Article 1", "L'extradition d'un ressortissant français n'est pas accordée."),
         ("Article 2", "Le blanchiment du produit du crime est puni de cinq ans d'emprisonnement.")],
        metadata={"parallel_group": "fra-cp"}, dates={"in_force": "2005-06-01"},
        source_url="https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070719",
    )
    fr.classifications = [
        Classification("issue", "extradition", "rule"),
        Classification("crime", "money-laundering", "editor", provision_id="FRA-CP/art-2"),
    ]
    en = _doc(
        "FRA-CP-EN", "legislation", "Penal Code (extracts), English translation", "FRA", "en", "2005-03-09",
        [("Article 1", "Extradition of a French national shall not be granted."),
         ("Article 2", "Laundering of the proceeds of crime is punished by five years of imprisonment.")],
        metadata={"parallel_group": "fra-cp"},
    )
    ru = _doc(
        "RUS-UPK", "legislation", "Уголовно-процессуальный кодекс (выдержки)", "RUS", "ru", "2001-12-18",
        [("Статья 462", "Выдача лица иностранному государству производится на основании международного договора."),
         ("Статья 464", "Выдача лица не допускается, если лицо является гражданином Российской Федерации.")],
    )
    ru.classifications = [Classification("issue", "extradition", "rule")]
    ar = _doc(
        "ARE-CASE-1", "case", "قضية الاتجار بالأشخاص رقم ١٢", "ARE", "ar", "2019-05-02",
        [("الوقائع", "أدانت المحكمة المتهمين بجريمة الاتجار بالأشخاص وتسليم المجرمين."),
         ("الحكم", "حكمت المحكمة بالسجن عشر سنوات.")],
        metadata={"court": "المحكمة الاتحادية العليا", "parties": [{"name": "النيابة العامة", "role": "prosecutor"},
                                                                    {"name": "المتهم الأول", "role": "defendant"}],
                  "charges": ["الاتجار بالأشخاص"], "outcome": "إدانة"},
    )
    ar.classifications = [Classification("crime", "trafficking-in-persons", "editor")]
    zh = _doc(
        "CHN-EXTRADITION", "legislation", "中华人民共和国引渡法（节选）", "CHN", "zh", "2000-12-28",
        [("第七条", "外国向中华人民共和国提出的引渡请求，应当同时符合下列条件。")],
    )
    es = _doc(
        "ESP-LEY", "legislation", "Ley de cooperación jurídica internacional", "ESP", "es", "2014-07-28",
        [("Artículo 3", "La asistencia judicial en materia penal se prestará conforme a los tratados.")],
    )
    es.classifications = [Classification("issue", "mutual-legal-assistance", "rule")]
    xss = _doc(
        "GBR-XSS", "legislation", f"Harmful Title {XSS} Act", "GBR", "en", "2010-01-01",
        [("Section 1", f"A person commits an offence of money laundering {XSS} if they conceal criminal property.")],
        source_url="javascript:alert(document.cookie)",
    )
    model = _doc(
        "UN-MODEL", "document", "Model law against trafficking in persons", "UN", "en", "2009-01-01",
        [(f"Article {i}", f"Trafficking in persons: obligation number {i} of the State concerning victims.")
         for i in range(1, MODEL_LAW_ARTICLES + 1)],
    )
    model.classifications = [Classification("crime", "trafficking-in-persons", "rule")]
    return [fr, en, ru, ar, zh, es, xss, model]


@pytest.fixture(scope="session")
def web_home(tmp_path_factory) -> Home:
    """A home with the sample documents stored and indexed by the default engine. Read-only for tests."""
    from index.sync import rebuild

    home = Home(tmp_path_factory.mktemp("web-home"))
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    rebuild(store, home)
    store.close()
    return home


@pytest.fixture(scope="session")
def app(web_home):
    """The web app over `web_home`."""
    from search_app import create_app

    return create_app({"SHERLOC_HOME": str(web_home.root), "TESTING": True})


@pytest.fixture
def client(app):
    """A Flask test client, with English as the browser's language."""
    c = app.test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """A real HTTP server (werkzeug) for `app` on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The session's web app served for real (see serving)."""
    with serving(app) as base:
        yield base


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright, or a skip saying which of the two is missing."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page, English, 1280x900, 10-second timeouts."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
