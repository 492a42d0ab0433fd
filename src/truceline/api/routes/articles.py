"""/api/articles: stored articles (list, one with its text and extraction) and ingest."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import exists, select

from truceline.api.deps import DbSession, ReadAccess, State, WriteToken
from truceline.api.filters import Filters, event_conditions, event_filters
from truceline.api.ingest import ingest_one
from truceline.api.models import ArticleDetail, ArticleSummary, IngestRequest, IngestResult
from truceline.api.pagination import Cursor, Limit, Page, keyset_page
from truceline.api.responses import json_response
from truceline.errors import NotFoundError
from truceline.store.models import article_urls, articles, events, extractions
from truceline.store.repository import article_urls_of, load_document

router = APIRouter(prefix="/api/articles", tags=["articles"])

_first_url = (
    select(article_urls.c.url)
    .where(article_urls.c.article_id == articles.c.id)
    .order_by(article_urls.c.first_seen, article_urls.c.url)
    .limit(1)
    .scalar_subquery()
)
_COLUMNS = (
    articles.c.id, articles.c.published, articles.c.title, articles.c.outlet,
    articles.c.author, articles.c.language, articles.c.ingested_at,
    extractions.c.status, extractions.c.n_events, extractions.c.reason,
    extractions.c.extractor_version, _first_url.label("url"),
)  # fmt: skip


def _summary(r: Any, cls: type[ArticleSummary] = ArticleSummary, **extra: Any) -> Any:
    return cls(
        id=r.id,
        url=r.url,
        title=r.title,
        outlet=r.outlet,
        author=r.author,
        published=r.published.isoformat() if r.published else None,
        language=r.language,
        ingested_at=r.ingested_at,
        extraction=r.status or "none",
        n_events=r.n_events or 0,
        **extra,
    )


@router.get(
    "",
    response_model=Page[ArticleSummary],
    dependencies=[ReadAccess],
    summary="List stored articles",
)
def list_articles(
    session: DbSession,
    f: Annotated[Filters, Depends(event_filters)],
    outlet: Annotated[str | None, Query(description="Only articles of this outlet.")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Any:
    """Articles by publication day (undated last). `since`/`until` bound the publication
    day; the other filters keep articles with at least one event that matches them."""
    stmt = select(*_COLUMNS).outerjoin(extractions, extractions.c.article_id == articles.c.id)
    if f.since:
        stmt = stmt.where(articles.c.published >= f.since)
    if f.until:
        stmt = stmt.where(articles.c.published <= f.until)
    if outlet:
        stmt = stmt.where(articles.c.outlet == outlet)
    rest = dataclasses.replace(f, since=None, until=None)
    if not rest.is_empty():
        stmt = stmt.where(
            exists(
                select(events.c.id).where(
                    events.c.article_id == articles.c.id, *event_conditions(rest)
                )
            )
        )
    rows, nxt = keyset_page(session, stmt, articles.c.published, articles.c.id, cursor, limit)
    return json_response(
        Page[ArticleSummary](items=[_summary(r) for r in rows], next_cursor=nxt, limit=limit)
    )


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    dependencies=[ReadAccess],
    summary="One article with its text and extraction",
    responses={404: {"description": "No such article"}},
)
def get_article(article_id: str, session: DbSession) -> Any:
    """The article's normalised text (evidence offsets index into it), every URL it was
    seen under, and its extraction as a truceline/1 document."""
    stmt = (
        select(*_COLUMNS, articles.c.text)
        .outerjoin(extractions, extractions.c.article_id == articles.c.id)
        .where(articles.c.id == article_id)
    )
    row = session.execute(stmt).first()
    if row is None:
        raise NotFoundError(
            f"no article {article_id!r} in the store (ids as listed by /api/articles)"
        )
    detail = _summary(
        row,
        ArticleDetail,
        text=row.text,
        urls=article_urls_of(session, article_id),
        skip_reason=row.reason,
        extractor_version=row.extractor_version,
        document=load_document(session, article_id) if row.status == "extracted" else None,
    )
    return json_response(detail)


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    summary="Ingest one article (text, HTML or URL); needs a bearer token",
    responses={
        200: {"model": IngestResult, "description": "The text was stored already"},
        401: {"description": "No or bad bearer token"},
        413: {"description": "Too large"},
        422: {"description": "Not readable as an article"},
        400: {"description": "The URL is one truceline refuses to fetch"},
        502: {"description": "The URL could not be fetched"},
    },
)
async def post_article(body: IngestRequest, state: State, token: WriteToken) -> Any:
    """Read the article, extract its events and store both. Text already stored
    (same normalised text) is not extracted again: status `duplicate`, HTTP 200.

    A `url` alone is fetched: only http/https, only public addresses (loopback and
    private networks are refused), at most 5 redirects, size-capped. Incidents and
    ledgers include the new article after the next `truceline incidents build`."""
    result = await run_in_threadpool(ingest_one, state, body)
    return json_response(result, status_code=201 if result.status == "new" else 200)
