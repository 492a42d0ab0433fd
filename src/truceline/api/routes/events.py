"""/api/events: stored events (one row per contract Event) with their article."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from truceline.api.deps import DbSession, ReadAccess
from truceline.api.filters import Filters, dense_box, event_conditions, event_filters
from truceline.api.pagination import Cursor, Limit, Page, keyset_page
from truceline.api.responses import json_response, raw_page
from truceline.errors import NotFoundError
from truceline.store.models import article_urls, articles, events
from truceline.store.query import EventRecord
from truceline.store.review import reviewed_events

MAX_ROW_ID = 2**31 - 1  # events.id is an Integer column: 32 bits on PostgreSQL
router = APIRouter(prefix="/api/events", tags=["events"], dependencies=[ReadAccess])

_SELECT = select(
    events.c.id, events.c.date, cast(events.c.data, Text).label("data"), events.c.article_id,
    articles.c.title, articles.c.outlet, articles.c.published,
).join(articles, articles.c.id == events.c.article_id)  # fmt: skip


def first_urls(session: Session, article_ids: Iterable[str]) -> dict[str, str]:
    """The first URL each article was seen under (one query for a page of rows)."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(article_urls.c.article_id, article_urls.c.url)
        .where(article_urls.c.article_id.in_(ids))
        .order_by(article_urls.c.article_id, article_urls.c.first_seen, article_urls.c.url)
    )
    out: dict[str, str] = {}
    for aid, url in rows:
        out.setdefault(aid, url)
    return out


def _article(r: Any, urls: dict[str, str]) -> dict[str, Any]:
    return {
        "id": r.article_id,
        "url": urls.get(r.article_id),
        "title": r.title,
        "outlet": r.outlet,
        "published": r.published.isoformat() if r.published else None,
    }


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
    by_index = f.bbox is None or not dense_box(session, events, f.bbox)
    stmt = _SELECT.where(*event_conditions(f, box_by_index=by_index))
    rows, nxt = keyset_page(session, stmt, events.c.date, events.c.id, cursor, limit)
    urls = first_urls(session, (r.article_id for r in rows))
    reviewed = {  # the reviewed view: corrections applied, the review alongside
        x.row_id: x
        for x in reviewed_events(
            session, row_ids=[r.id for r in rows], include_rejected=True, reviewed_only=True
        )
        if x.review is not None
    }
    items = [
        f'{{"row_id":{int(r.id)},"article":'
        f"{json.dumps(_article(r, urls), ensure_ascii=False)},"
        + (
            f'"event":{r.data},"review":null}}'
            if r.id not in reviewed
            else f'"event":{reviewed[r.id].event.model_dump_json()},'
            f'"review":{reviewed[r.id].review.model_dump_json()}}}'  # type: ignore[union-attr]
        )
        for r in rows
    ]
    return raw_page(items, nxt, limit)


@router.get(
    "/{row_id}",
    response_model=EventRecord,
    summary="One stored event",
    responses={404: {"description": "No such event"}},
)
def get_event(row_id: str, session: DbSession) -> Any:
    """`row_id` is the `row_id` of a listed event (it changes when the article is
    re-extracted; (article id, event id) does not). `event` is as an analyst corrected
    it, `extracted` as the extractor read it, `review` the analyst's verdict."""
    from truceline.api.routes.review import reviewed_record

    number = int(row_id) if row_id.isascii() and row_id.isdigit() else 0
    if not 0 < number <= MAX_ROW_ID:  # a bigger number is no stored row, not an overflow
        raise NotFoundError(
            f"no event with row_id {row_id!r} in the store (row ids are the `row_id` of "
            "/api/events items)"
        )
    return json_response(reviewed_record(session, number))
