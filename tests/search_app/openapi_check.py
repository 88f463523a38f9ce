"""Checking a real API response against the schema /api/openapi.json documents for it."""

from __future__ import annotations

from urllib.parse import urlsplit

import jsonschema


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _template_for(spec: dict, path: str) -> str:
    """The spec's path template (/api/documents/{doc_id}) that a concrete path matches."""
    for template in spec["paths"]:
        t_parts, p_parts = template.strip("/").split("/"), path.strip("/").split("/")
        if t_parts[-1].startswith("{") and len(p_parts) > len(t_parts):
            # a last parameter takes the rest: provision ids have a slash (FRA-CP/art-1)
            p_parts = [*p_parts[: len(t_parts) - 1], "/".join(p_parts[len(t_parts) - 1 :])]
        if len(t_parts) == len(p_parts) and all(
            t == p or (t.startswith("{") and t.endswith("}")) for t, p in zip(t_parts, p_parts, strict=True)
        ):
            return template
    raise AssertionError(f"{path} is not documented in /api/openapi.json")


def assert_matches_spec(client, url: str, status: int = 200) -> dict:
    """GET `url`, check its status and that its JSON body validates against the documented schema."""
    spec = client.get("/api/openapi.json").get_json()
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:300])
    template = _template_for(spec, urlsplit(url).path)
    pointer = _pointer("paths", template, "get", "responses", str(status), "content", "application/json", "schema")
    # OpenAPI 3.1 schemas are JSON Schema 2020-12; the spec itself is the root the $refs resolve against.
    validator = jsonschema.Draft202012Validator({**spec, "$ref": pointer})
    body = r.get_json()
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{url}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return body
