"""Helpers for the upload tests: send files through the upload form, wait for a draft, publish it."""

from __future__ import annotations

import re
import time
from io import BytesIO

from index import drafts
from index.store import Store
from tests.search_app.test_admin import csrf_token, form_values

LAW_TEXT = (
    "Law on the Suppression of Smuggling of Migrants\n\n"
    "Article 1\nFor the purposes of this law, smuggling of migrants means the procurement of the illegal entry "
    "of a person into a State in order to obtain a financial benefit. The word zanzibarite marks this law.\n\n"
    "Article 2\nWhoever smuggles migrants shall be punished by imprisonment of five to ten years.\n\n"
    "Article 3\nThe State shall cooperate with other States in the investigation and extradition of smugglers.\n"
)


def upload(client, *files: tuple[str, bytes], replace: str | None = None):
    """POST the upload form with these (file name, content) pairs, as a browser sends them."""
    page = client.get("/admin/upload" + (f"?replace={replace}" if replace else "")).get_data(as_text=True)
    data: dict = {"csrf_token": csrf_token(page), "files": [(BytesIO(content), name) for name, content in files]}
    if replace:
        data["replace"] = replace
    return client.post("/admin/upload", data=data, content_type="multipart/form-data")


def draft_id_of(response) -> str:
    """The draft an upload response redirected to."""
    m = re.search(r"/admin/drafts/([0-9a-f]+)$", response.headers.get("Location", ""))
    assert m, (response.status_code, response.headers.get("Location"), response.get_data(as_text=True)[:2000])
    return m.group(1)


def wait_ready(store: Store, draft_id: str, seconds: float = 60) -> drafts.Draft:
    """The draft once its parse ended (ready or failed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        draft = drafts.get(store.conn, draft_id)
        if draft is not None and draft.status != "parsing":
            return draft
        time.sleep(0.1)
    raise AssertionError(f"draft {draft_id} still parsing after {seconds} s")


def publish(client, draft_id: str):
    """Press Publish on a draft's page."""
    page = client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    return client.post(f"/admin/drafts/{draft_id}/publish", data={"publish-csrf_token": csrf_token(page, "publish-")})


def save_details(client, draft_id: str, **changes: list[str] | str):
    """Send the details form as rendered, with some fields changed (lists for checkboxes)."""
    page = client.get(f"/admin/drafts/{draft_id}").get_data(as_text=True)
    data = form_values(page, "draft-")
    for name, value in changes.items():
        data[f"draft-{name}"] = value if isinstance(value, list) else [value]
    return client.post(f"/admin/drafts/{draft_id}/details", data=data)
