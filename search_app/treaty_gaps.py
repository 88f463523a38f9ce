"""Where an editor fills a gap the treaty finder names: the participation form of an instrument.

`index.treaties` says which instrument's participation is unknown; the address of the form that fills
it belongs to this app (route: search_app.views.admin_treaties.treaty_participation, a test checks
they agree). The finder's and the request draft's JSON carry it as `fill_form`.
"""

from __future__ import annotations

from urllib.parse import quote


def participation_form(treaty_id: str) -> str:
    """The address (from the site's root) of the editors' form for an instrument's participation rows."""
    return f"/admin/treaties/{quote(treaty_id, safe='')}/participation"


def finder_json(result) -> dict:
    """The finder's answer (index.treaties.finder.FinderResult) as JSON, each unknown instrument with its form."""
    data = result.to_dict()
    for unknown in data["unknown"]:
        unknown["fill_form"] = participation_form(unknown["treaty"]["id"])
    return data


def draft_json(draft) -> dict:
    """A request draft (index.treaties.request_draft) as JSON, each instrument to check with its form."""
    data = draft.to_dict()
    for item in data["to_check"]:
        item["fill_form"] = participation_form(item["treaty_id"])
    return data
