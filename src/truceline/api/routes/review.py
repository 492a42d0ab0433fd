"""Reviewing events: the queue of unreviewed events, and an analyst's verdict on one.

`POST /api/events/{row_id}/review` needs a bearer token (`truceline token create --name
NAME`: the token's name is the reviewer the review and the audit log record). After a
verdict the incidents are rebuilt from the reviewed view, so that the ledger, outlets
and exports show it: in the background by default (a build reads the whole store and
takes seconds on a large one; verdicts given meanwhile are taken in by one more build),
or before the response with `?wait=true`.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.api.deps import DbSession, ReadAccess, State, WriteToken
from truceline.api.responses import json_response
from truceline.api.routes.events import first_urls
from truceline.incidents.persist import build_in_store, incident_mentions, incidents
from truceline.schemas import Event
from truceline.store.models import articles
from truceline.store.query import ArticleRef, EventRecord
from truceline.store.review import (
    Review,
    ReviewedEvent,
    ReviewRequest,
    review_queue,
    reviewed_event,
    set_review,
)

log = logging.getLogger(__name__)
router = APIRouter(tags=["review"])


class ReviewedRecord(EventRecord):
    """A stored event with its review: `event` as corrected, `extracted` as read."""

    model_config = ConfigDict(extra="forbid")

    extracted: Event
    in_violation: bool = False  # in an alleged violation of a known ceasefire


class ReviewQueue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ReviewedRecord]
    pending: int  # unreviewed events in all


class ReviewResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    review: Review
    event: ReviewedRecord


VIOLATIONS = (  # (article_id, event_id) of events in alleged violations of known ceasefires
    select(incident_mentions.c.article_id, incident_mentions.c.event_id)
    .join(incidents, incidents.c.id == incident_mentions.c.incident_id)
    .where(incidents.c.violation.is_(True), incidents.c.ceasefire_id.is_not(None))
)


def violation_keys(session: Session, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of `keys` are events in alleged violations of known ceasefires."""
    articles_of = {a for a, _ in keys}
    stmt = VIOLATIONS.where(incident_mentions.c.article_id.in_(articles_of))
    wanted = set(keys)
    return {(a, e) for a, e in session.execute(stmt) if (a, e) in wanted}


def records(session: Session, found: list[ReviewedEvent], violations: set[Any]) -> list[Any]:
    ids = list(dict.fromkeys(r.article_id for r in found))
    urls = first_urls(session, ids)
    arts = {
        a.id: a
        for a in session.execute(
            select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published)
            .where(articles.c.id.in_(ids))
        )
    }  # fmt: skip
    out = []
    for r in found:
        a = arts[r.article_id]
        out.append(
            ReviewedRecord(
                row_id=r.row_id,
                article=ArticleRef(
                    id=a.id, url=urls.get(a.id), title=a.title, outlet=a.outlet,
                    published=a.published.isoformat() if a.published else None,
                ),
                event=r.event, review=r.review, extracted=r.extracted,
                in_violation=(r.article_id, r.extracted.id) in violations,
            )
        )  # fmt: skip
    return out


@router.get(
    "/api/review/queue",
    response_model=ReviewQueue,
    dependencies=[ReadAccess],
    summary="Events waiting for review",
)
def queue(
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many.")] = 20,
) -> Any:
    """Unreviewed events: those in alleged violations of known ceasefires first, then the
    least confident; each with its article, the event as extracted, and its review."""
    found, pending = review_queue(session, VIOLATIONS, limit=limit)
    violations = violation_keys(session, [(r.article_id, r.extracted.id) for r in found])
    items = records(session, found, violations)
    return json_response(ReviewQueue(items=items, pending=pending))


@router.post(
    "/api/events/{row_id}/review",
    response_model=ReviewResult,
    summary="Verify, reject or correct an event; needs a bearer token",
    responses={
        401: {"description": "No or a wrong bearer token"},
        404: {"description": "No such event"},
        422: {"description": "A field or value the contract does not allow"},
    },
)
async def post_review(
    row_id: int,
    body: ReviewRequest,
    request: Request,
    state: State,
    token: WriteToken,
    wait: Annotated[
        bool, Query(description="Respond after the incidents are rebuilt with the verdict.")
    ] = False,
) -> Any:
    """Body `{"verdict": "verified" | "rejected" | "corrected" | "unreviewed", "changes":
    {field: value}, "note": "..."}`. `changes` (with `corrected` only) may set any
    correctable contract field of the event (types, date, actors, location,
    fatalities, claimants, reporters, status, ceasefire_id, violation); the corrected
    event must validate against the contract, else 422. The reviewer is the token's
    name. The incidents are rebuilt afterwards (see `wait`)."""
    rebuilds = getattr(request.app.state, "review_rebuilds", None)
    if rebuilds is None:
        rebuilds = request.app.state.review_rebuilds = Rebuilds(state)
    result = await run_in_threadpool(_review, state, row_id, body, token.name)
    rebuilds.request()
    if wait:
        await run_in_threadpool(rebuilds.wait)
    return result


def _review(state: Any, row_id: int, body: ReviewRequest, reviewer: str) -> Any:
    with state.sessions() as session:
        review = set_review(session, row_id, body, reviewer)
        found = reviewed_event(session, row_id)
        keys = [(found.article_id, found.extracted.id)]
        record = records(session, [found], violation_keys(session, keys))[0]
    log.info("event %d %s by %s", row_id, review.verdict, reviewer)
    return json_response(ReviewResult(review=review, event=record))


class Rebuilds:
    """Incident builds after verdicts: one at a time in a background thread; verdicts
    that arrive during a build make exactly one more build after it."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.pending = False
        self.running = False

    def request(self) -> None:
        with self.lock:
            self.pending = True
            if not self.running:
                self.running = True
                threading.Thread(target=self._run, name="review-rebuild", daemon=True).start()

    def wait(self) -> None:
        """Until no build is pending or running."""
        with self.lock:
            while self.pending or self.running:
                self.idle.wait()

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.pending:
                    self.running = False
                    self.idle.notify_all()
                    return
                self.pending = False
            try:
                with self.state.sessions() as session:
                    build_in_store(session)  # the ledger and exports read the reviewed view
                self.state.builds.current()  # notice the new build
            except Exception:  # a failed build must not kill later ones; the next verdict retries
                log.exception("rebuilding the incidents after a review failed")


def reviewed_record(session: Session, row_id: int) -> EventRecord:
    """One stored event as corrected, with its review (`GET /api/events/{row_id}`)."""
    found: ReviewedRecord = records(session, [reviewed_event(session, row_id)], set())[0]
    return EventRecord(
        row_id=found.row_id, article=found.article, event=found.event, review=found.review
    )
