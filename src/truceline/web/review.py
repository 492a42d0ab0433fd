"""The review page, `/review`: one queued event at a time, its evidence marked in its
article, its fields as a form; keys v (verify), r (reject), e (edit, then Enter to save
the correction, Escape to cancel). The next event loads after each verdict.

The page reads through the API (`/api/review/queue`, `/api/articles/{id}`) and writes
with `POST /api/events/{id}/review` and the reviewer's bearer token, which the page
keeps in the tab's sessionStorage: the login cookie never authorises writes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from truceline.schemas import EVENT_TYPES
from truceline.store.review import CORRECTABLE
from truceline.web.pages import _logged_in, _login_redirect, _state, templates

router = APIRouter(include_in_schema=False)
ACTOR_KINDS = (
    "state_forces", "rebels", "political_militia", "identity_militia", "rioters",
    "protesters", "civilians", "external_forces", "government", "igo", "ngo", "media",
    "person", "unknown",
)  # fmt: skip
STATUSES = ("asserted", "alleged", "denied", "hypothetical", "planned")


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request) -> Response:
    state = _state(request)
    if not _logged_in(request, state):
        return _login_redirect(request)
    return templates.TemplateResponse(
        request,
        "review.html",
        {
            "types": EVENT_TYPES,
            "kinds": ACTOR_KINDS,
            "statuses": STATUSES,
            "correctable": CORRECTABLE,
        },
    )
