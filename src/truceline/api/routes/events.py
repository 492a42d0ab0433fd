"""/api/events: stored events (one row per contract Event) with their article."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select

from truceline.api.deps import DbSession, ReadAccess
from truceline.api.filters import Filters, event_conditions, event_filters
from truceline.api.pagination import Cursor, Limit, Page, keyset_page
from truceline.api.responses import json_response
from truceline.schemas import Event
from truceline.store.models import article_urls, articles, events
from truceline.store.query import ArticleRef, EventRecord

router = APIRouter(prefix="/api/events", tags=["events"], dependencies=[ReadAccess])

_first_url = (
    select(article_urls.c.url)
    .where(article_urls.c.article_id == events.c.article_id)
    .order_by(article_urls.c.first_seen, article_urls.c.url)
    .limit(1)
    .scalar_subquery()
)
_SELECT = select(
    events.c.id, events.c.date, events.c.data, articles.c.id.label("article_id"),
    articles.c.title, articles.c.outlet, articles.c.published, _first_url.label("url"),
).join(articles, articles.c.id == events.c.article_id)  # fmt: skip


def _record(r: Any) -> EventRecord:
    return EventRecord(
        row_id=r.id,
        article=ArticleRef(
            id=r.article_id,
            url=r.url,
            title=r.title,
            outlet=r.outlet,
            published=r.published.isoformat() if r.published else None,
        ),
        event=Event.model_validate(r.data),
    )


@router.get("", response_model=Page[EventRecord], summary="List stored events")
def list_events(
    session: DbSession,
    f: Annotated[Filters, Depends(event_filters)],
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Any:
    """Events by day (undated last), each with its article. `status` is the event's
    (asserted, alleged, denied...); `ceasefire` keeps the events of the incidents
    assigned to that ceasefire; `violation` reads the event's own flag."""
    stmt = _SELECT.where(*event_conditions(f))
    rows, nxt = keyset_page(session, stmt, events.c.date, events.c.id, cursor, limit)
    return json_response(
        Page[EventRecord](items=[_record(r) for r in rows], next_cursor=nxt, limit=limit)
    )


@router.get(
    "/{row_id}",
    response_model=EventRecord,
    summary="One stored event",
    responses={404: {"description": "No such event"}},
)
def get_event(row_id: int, session: DbSession) -> Any:
    """`row_id` is the `row_id` of a listed event (it changes when the article is
    re-extracted; (article id, event id) does not)."""
    row = session.execute(_SELECT.where(events.c.id == row_id)).first()
    if row is None:
        raise HTTPException(404, f"no event with row_id {row_id} in the store")
    return json_response(_record(row))
