"""Curated classifications told from rule suggestions, and counts in the unit the user sees, on the page and API."""

from __future__ import annotations

import pytest

from index.home import Home
from index.models import Classification, DocumentRecord, Provision
from index.store import Store


def _crime_counts(data: dict) -> dict[str, int]:
    return {v["value"]: v["count"] for f in data["facets"] if f["name"] == "crime" for v in f["values"]}


def test_one_result_per_document_counts_documents_and_says_so(client):
    # the sample holds a case on trafficking (an editor's term) and a model law of 45 articles (a rule's)
    by_provision = client.get("/api/search").get_json()
    by_document = client.get("/api/search?collapse=1").get_json()
    assert by_provision["unit"] == "provisions" and by_document["unit"] == "documents"
    assert _crime_counts(by_document)["trafficking-in-persons"] == 2
    assert _crime_counts(by_provision)["trafficking-in-persons"] > 45
    facets = client.get("/api/facets?collapse=1").get_json()
    assert facets["unit"] == "documents" and _crime_counts(facets) == _crime_counts(by_document)
    page = client.get("/?q=trafficking&collapse=1").get_data(as_text=True)
    assert "Counts are documents." in page and "Counts are provisions." not in page
    assert "Counts are provisions." in client.get("/?q=trafficking").get_data(as_text=True)


def test_curated_only_leaves_rule_suggestions_out_of_facets_and_filters(client):
    everything = client.get("/api/search?collapse=1&crime=trafficking-in-persons").get_json()
    curated = client.get("/api/search?collapse=1&crime=trafficking-in-persons&curated=1").get_json()
    assert everything["total_documents"] == 2
    assert curated["total_documents"] == 1 and {h["document_id"] for h in curated["hits"]} == {"ARE-CASE-1"}
    assert curated["params"]["curated"] == ["1"]
    # nothing curated found: the answer offers the same search with the rules' suggestions too
    none = client.get("/api/search?crime=trafficking-in-persons&curated=1&country=UN").get_json()
    assert none["total"] == 0
    (offer,) = [r for r in none["relaxations"] if r["facet"] == "curated"]
    assert offer["count"] == 45 and "curated" not in offer["params"]
    assert offer["label"] == "without “only classifications given by the source or an editor” (45)"
    page = client.get("/?q=trafficking&curated=1&ui=fr").get_data(as_text=True)
    assert 'data-switch="curated"' in page and 'aria-checked="true"' in page
    assert "Seulement les classements donnés par la source ou un éditeur" in page


@pytest.fixture
def source_client(tmp_path):
    """An app over one record whose source gave a crime type, another the taxonomy lacks, and a rule's hint."""
    from index.sync import rebuild
    from search_app import create_app

    home = Home(tmp_path / "home")
    store = Store(home.store_path)
    doc = DocumentRecord(
        id="SRC-1", type="case", title="R. v. Someone", country="CAN", languages=["en"],
        provisions=[Provision(label="Summary", text="Convicted of rape in a conflict zone.", language="en", order=0,
                              kind="section")],
        classifications=[Classification("crime", "sexual-gender-based-crimes", "source"),
                         Classification("issue", "extradition", "hint")],
        metadata={"unmapped": {"crime": ["Illegal mining"]}},
    )  # fmt: skip
    store.put_document(doc)
    rebuild(store, home)
    store.close()
    client = create_app({"SHERLOC_HOME": str(home.root), "TESTING": True}).test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_document_page_says_who_classified_and_keeps_what_is_unmapped(source_client):
    page = source_client.get("/documents/SRC-1").get_data(as_text=True)
    assert "Sexual and gender-based crimes, including conflict-related sexual violence" in page
    assert "given by the source" in page
    assert "Given by the source, not in the taxonomy" in page and "Illegal mining" in page
    assert "Extradition" not in page  # a hint is for editors only
    data = source_client.get("/api/search?collapse=1").get_json()
    assert _crime_counts(data) == {"sexual-gender-based-crimes": 1}
    assert not [f for f in data["facets"] if f["name"] == "issue"]


def test_the_document_api_tells_curated_from_suggested_and_keeps_hints_for_editors(source_client, client):
    data = source_client.get("/api/documents/SRC-1").get_json()
    assert data["crime"] == [{"id": "sexual-gender-based-crimes", "label": data["crime"][0]["label"], "curated": True}]
    assert [(c["term_id"], c["origin"]) for c in data["classifications"]] == [("sexual-gender-based-crimes", "source")]
    assert data["issue"] == [] and data["metadata"]["unmapped"] == {"crime": ["Illegal mining"]}
    ruled = client.get("/api/documents/UN-MODEL").get_json()
    assert ruled["crime"] == [{"id": "trafficking-in-persons", "label": "Trafficking in persons", "curated": False}]
