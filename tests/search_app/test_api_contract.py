"""The API does what its OpenAPI document says, found by schemathesis with every check (bounded examples).

Schema-valid requests are answered, schema-invalid ones refused with 400, every status and body is documented,
and a method an address does not take is answered 405 with Allow. One answer the document cannot express
as a schema: the same State as requesting and requested State is refused with 422 (documented), by the finder
and by the request draft.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings  # schemathesis brings hypothesis
from schemathesis.checks import CHECKS

from search_app import create_app
from tests.search_app.conftest import sample_documents


def _app(root: Path):
    from index.home import Home
    from index.store import Store
    from index.sync import rebuild
    from index.treaties import load_bundled

    home = Home(root)
    store = Store(home.store_path)
    for doc in sample_documents():
        store.put_document(doc)
    load_bundled(store)
    rebuild(store, home)
    store.close()
    return create_app({"SHERLOC_HOME": str(home.root), "TESTING": True})


# Built when the module is collected (schemathesis' lazy fixture loading does not run on pytest 9); the
# folder goes when the process ends.
_HOME = tempfile.TemporaryDirectory(prefix="contract-home-")
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _app(Path(_HOME.name)))


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_document(case):
    response = case.call()
    # the finder's States come in the query, the draft's in the JSON body
    given = {"/api/treaties/applicable": case.query, "/api/requests/draft": case.body}.get(case.path)
    if given is not None and response.status_code == 422:
        assert given.get("requesting") == given.get("requested")  # the one documented refusal
        return
    case.validate_response(response, checks=CHECKS.get_all())
