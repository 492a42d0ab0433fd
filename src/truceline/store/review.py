"""Analysts' reviews of stored events: verdicts, corrections, the audit log, the reviewed view.

Tables (revision 0004, on the store's `Base.metadata`):

    event_reviews  one row per reviewed act: the event it is attached to now
                   (article_id, event_id; event_id null when orphaned), the verdict,
                   the corrected fields, reviewer, time, note, and the anchor it is
                   re-attached by (evidence span and text, the extracted event)
    review_audit   append-only: every change of a review with its state before and after

A correction is an overlay: the extraction in `events` is never edited, and
`reviewed_events` (the one function every reader downstream uses) yields each event
with its review's changes applied and rejected events left out. `reextract` replaces
an article's events; `reattach` then finds each review's act in the new reading (same
article, overlapping evidence, same or compatible type). A review whose act is not
found stays, `orphaned`, until a later extraction reads the act again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truceline.errors import ReviewError, StoreError
from truceline.schemas import SUB_EVENT_TO_TYPE, ArticleMeta, Document, Event
from truceline.store.models import Base, JsonDoc, article_urls, articles, events
from truceline.store.session import commit

log = logging.getLogger(__name__)

Verdict = Literal["unreviewed", "verified", "rejected", "corrected"]
SIGNED_OFF = ("verified", "corrected")  # verdicts by which an analyst vouches for an event
ATTACHED, ORPHANED = "attached", "orphaned"
# The event's contract fields a reviewer may correct (not its id, evidence, confidence or
# whether it is the article's primary event: those describe the reading, not the act).
CORRECTABLE: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "actor1",
    "actor2",
    "location",
    "fatalities",
    "claimants",
    "reporters",
    "status",
    "ceasefire_id",
    "violation",
)
TS = DateTime(timezone=True)

event_reviews = Table(
    "event_reviews",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("event_id", String(64)),  # null when orphaned
    Column("state", String(16), nullable=False, index=True),  # attached | orphaned
    Column("verdict", String(16), nullable=False, index=True),
    Column("changes", JsonDoc, nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("note", Text),
    Column("reviewed_at", TS, nullable=False, index=True),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("extracted", JsonDoc, nullable=False),  # the event as the extractor read it
    UniqueConstraint("article_id", "event_id"),
)  # fmt: skip

review_audit = Table(
    "review_audit",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", Integer, ForeignKey("event_reviews.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("action", String(16), nullable=False),  # review | reattach | orphan
    Column("actor", Text, nullable=False),  # the reviewer, or "reextract"
    Column("at", TS, nullable=False),
    Column("before", JsonDoc),  # null for the first review of an event
    Column("after", JsonDoc, nullable=False),
)  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReviewRequest(_Model):
    """What a reviewer sends (`POST /api/events/{id}/review`, `truceline review set`)."""

    verdict: Verdict
    changes: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None


class Review(_Model):
    """A stored review, as the API and `review list --json` show it."""

    id: int
    article_id: str
    event_id: str | None
    state: Literal["attached", "orphaned"]
    verdict: Verdict
    changes: dict[str, Any]
    reviewer: str
    reviewed_at: str
    note: str | None
    evidence: str


class AuditEntry(_Model):
    id: int
    review_id: int
    action: str
    actor: str
    at: str
    before: dict[str, Any] | None
    after: dict[str, Any]


@dataclass(slots=True, frozen=True)
class ReviewedEvent:
    """A stored event as downstream reads it: `event` has the review's changes applied."""

    row_id: int
    article_id: str
    position: int
    event: Event
    extracted: Event
    review: Review | None

    @property
    def verdict(self) -> str:
        return self.review.verdict if self.review else "unreviewed"


@dataclass(slots=True, frozen=True)
class Reattached:
    """What `reattach` did with the reviews of one article."""

    article_id: str
    attached: tuple[int, ...]
    orphaned: tuple[int, ...]


# -- helpers ------------------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(t: dt.datetime) -> str:
    return (t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t).isoformat()


def _review(row: Any) -> Review:
    extracted = row.extracted or {}
    return Review(
        id=row.id, article_id=row.article_id, event_id=row.event_id, state=row.state,
        verdict=row.verdict, changes=dict(row.changes or {}), reviewer=row.reviewer,
        reviewed_at=_iso(row.reviewed_at), note=row.note,
        evidence=(extracted.get("evidence") or {}).get("text", ""),
    )  # fmt: skip


def _snapshot(row: Any) -> dict[str, Any]:
    """A review's state as the audit log records it."""
    return {
        "event_id": row["event_id"], "state": row["state"], "verdict": row["verdict"],
        "changes": row["changes"], "note": row["note"], "reviewer": row["reviewer"],
    }  # fmt: skip


def apply_changes(event: Event, changes: Mapping[str, Any]) -> Event:
    """`event` with `changes` laid over it, validated against the contract.

    Raises `ReviewError` naming a field a reviewer cannot change or a value the
    contract does not allow. A new `sub_event_type` without `event_type` brings its own
    event type; the two must agree.
    """
    for name in changes:
        if name not in CORRECTABLE:
            raise ReviewError(
                f"{name!r} is not an event field a reviewer can correct; "
                f"correctable: {', '.join(CORRECTABLE)}"
            )
    data = event.model_dump(mode="json")
    data.update(changes)
    if "sub_event_type" in changes and "event_type" not in changes:
        data["event_type"] = SUB_EVENT_TO_TYPE.get(str(changes["sub_event_type"]), "?")
    try:
        new = Event.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']} (got {e.get('input')!r})"
            for e in exc.errors()
        )
        raise ReviewError(f"the corrected event does not fit the contract: {problems}") from None
    if SUB_EVENT_TO_TYPE[new.sub_event_type] != new.event_type:
        raise ReviewError(
            f"sub_event_type {new.sub_event_type!r} belongs to event type "
            f"{SUB_EVENT_TO_TYPE[new.sub_event_type]!r}, not {new.event_type!r}"
        )
    return new


def _effective_changes(event: Event, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The validated changes that differ from the extraction (in JSON form)."""
    new = apply_changes(event, changes).model_dump(mode="json")
    old = event.model_dump(mode="json")
    return {k: new[k] for k in CORRECTABLE if new[k] != old[k]}


# -- writing ------------------------------------------------------------------------------
def event_row(session: Session, row_id: int) -> Any:
    """The stored event row `row_id`, or ReviewError (404) naming it."""
    row = session.execute(select(events).where(events.c.id == row_id)).first()
    if row is None:
        raise ReviewError(f"no event with row_id {row_id} in the store", status_code=404)
    return row


def set_review(session: Session, row_id: int, request: ReviewRequest, reviewer: str) -> Review:
    """Record `reviewer`'s verdict on stored event `row_id` (one transaction).

    `verified` and `rejected` take no changes; `corrected` needs at least one change
    that differs from the extraction; `unreviewed` withdraws a verdict. Every call adds
    an audit entry with the review before and after.
    """
    reviewer = reviewer.strip()
    if not reviewer:
        raise ReviewError("a review needs a reviewer name")
    row = event_row(session, row_id)
    extracted = Event.model_validate(row.data)
    changes = _effective_changes(extracted, request.changes) if request.changes else {}
    if request.verdict == "corrected" and not changes:
        raise ReviewError(
            "verdict 'corrected' needs changes that differ from the extraction, e.g. "
            '{"sub_event_type": "Armed clash"}; use "verified" if it is right as it is'
        )
    if request.verdict != "corrected" and changes:
        raise ReviewError(
            f"verdict {request.verdict!r} takes no changes (got {sorted(changes)}); "
            "send verdict 'corrected' to correct fields"
        )
    now = _now()
    values = {
        "article_id": row.article_id, "event_id": row.event_id, "state": ATTACHED,
        "verdict": request.verdict, "changes": changes, "reviewer": reviewer,
        "note": request.note, "reviewed_at": now, "evidence_start": extracted.evidence.start,
        "evidence_end": extracted.evidence.end,
        "extracted": extracted.model_dump(mode="json"),
    }  # fmt: skip
    try:
        old = (
            session.execute(
                select(event_reviews).where(
                    event_reviews.c.article_id == row.article_id,
                    event_reviews.c.event_id == row.event_id,
                )
            )
            .mappings()
            .first()
        )
        if old is None:
            review_id = session.execute(
                event_reviews.insert().values(values).returning(event_reviews.c.id)
            ).scalar_one()
            before = None
        else:
            review_id = old["id"]
            session.execute(
                update(event_reviews).where(event_reviews.c.id == review_id).values(values)
            )
            before = _snapshot(old)
        session.execute(
            review_audit.insert().values(
                review_id=review_id,
                action="review",
                actor=reviewer,
                at=now,
                before=before,
                after=_snapshot(values),
            )
        )
    except SQLAlchemyError as exc:
        session.rollback()
        raise StoreError(f"storing the review of event {row_id}: {exc}") from None
    commit(session, f"storing the review of event {row_id}")
    stored = session.execute(select(event_reviews).where(event_reviews.c.id == review_id)).one()
    session.rollback()
    return _review(stored)


def _compatible(review: Any, new: Event) -> int:
    """How well `new` fits the act a review is about: 0 not at all, higher is better.

    The evidence spans must overlap; the type must be the same (as extracted or as
    corrected: 3), of the same event type family (2), or the review must be a rejection
    of a reading the extractor may legitimately retype (any type: 1).
    """
    start, end = review["evidence_start"], review["evidence_end"]
    if min(end, new.evidence.end) <= max(start, new.evidence.start):
        return 0
    old = review["extracted"] or {}
    corrected = (review["changes"] or {}).get("sub_event_type")
    if new.sub_event_type in (old.get("sub_event_type"), corrected):
        return 3
    families = {old.get("event_type"), SUB_EVENT_TO_TYPE.get(str(corrected), None)}
    if new.event_type in families:
        return 2
    return 0


def reattach(session: Session, article_id: str, document: Document | None) -> Reattached:
    """Re-attach the reviews of `article_id` to the events of its new reading.

    Runs inside the caller's transaction (`repository.replace_extraction`): each review,
    the latest first (two reviews of one act: the latest judgement wins), takes the
    best-fitting new event not already taken (ties: the larger overlap, then the earlier
    event); a review with none becomes `orphaned` (kept, listed, never dropped). Changes
    of attachment go to the audit log.
    """
    rows = (
        session.execute(
            select(event_reviews)
            .where(event_reviews.c.article_id == article_id)
            .order_by(event_reviews.c.reviewed_at.desc(), event_reviews.c.id.desc())
        )
        .mappings()
        .all()
    )
    if not rows:
        return Reattached(article_id, (), ())
    new_events = list(document.events) if document else []
    taken: set[str] = set()
    attached, orphaned = [], []
    now = _now()
    # Free every review's slot first: the unique (article_id, event_id) must not clash
    # while reviews move between event ids of the new reading.
    session.execute(
        update(event_reviews).where(event_reviews.c.article_id == article_id).values(event_id=None)
    )
    for r in rows:
        scored = []
        for e in new_events:
            if e.id in taken:
                continue
            fit = _compatible(r, e)
            if fit:
                overlap = min(r["evidence_end"], e.evidence.end) - max(
                    r["evidence_start"], e.evidence.start
                )
                scored.append((fit, overlap, e))
        if scored:
            best = max(scored, key=lambda s: (s[0], s[1]))[2]
            taken.add(best.id)
            values: dict[str, Any] = {
                "event_id": best.id, "state": ATTACHED, "evidence_start": best.evidence.start,
                "evidence_end": best.evidence.end, "extracted": best.model_dump(mode="json"),
            }  # fmt: skip
            action = "reattach"
            attached.append(r["id"])
        else:
            values = {"event_id": None, "state": ORPHANED}
            action = "orphan"
            orphaned.append(r["id"])
            log.info("review %d of article %s is orphaned: no act in the new reading fits it",
                     r["id"], article_id)  # fmt: skip
        session.execute(update(event_reviews).where(event_reviews.c.id == r["id"]).values(values))
        after = {**dict(r), **values}
        if (r["event_id"], r["state"]) != (after["event_id"], after["state"]):
            session.execute(
                review_audit.insert().values(
                    review_id=r["id"], action=action, actor="reextract", at=now,
                    before=_snapshot(r), after=_snapshot(after),
                )
            )  # fmt: skip
    return Reattached(article_id, tuple(attached), tuple(orphaned))


# -- reading ------------------------------------------------------------------------------
def reviewed_events(
    session: Session,
    *,
    article_ids: Iterable[str] | None = None,
    row_ids: Iterable[int] | None = None,
    include_rejected: bool = False,
    reviewed_only: bool = False,
) -> Iterator[ReviewedEvent]:
    """The stored events with their reviews applied, by article and position.

    The one view every reader downstream uses (incidents build, ledger, outlets,
    exports, API): corrected fields replace the extracted ones, rejected events are
    left out unless `include_rejected`. With `reviewed_only`, only events that have a
    review (a reader that already holds the extracted rows needs no more).
    """
    stmt = (
        select(events.c.id, events.c.article_id, events.c.position, events.c.data, event_reviews)
        .join(
            event_reviews,
            and_(
                event_reviews.c.article_id == events.c.article_id,
                event_reviews.c.event_id == events.c.event_id,
            ),
            isouter=not reviewed_only,
        )
        .order_by(events.c.article_id, events.c.position)
    )
    if article_ids is not None:
        stmt = stmt.where(events.c.article_id.in_(list(article_ids)))
    if row_ids is not None:
        stmt = stmt.where(events.c.id.in_(list(row_ids)))
    for r in session.execute(stmt).mappings():
        extracted = Event.model_validate(r["data"])
        review = None
        if r["verdict"] is not None:
            review = _review(_ReviewView(r))
        if review is not None and review.verdict == "rejected" and not include_rejected:
            continue
        event = extracted
        if review is not None and review.verdict == "corrected" and review.changes:
            event = apply_changes(extracted, review.changes)
        yield ReviewedEvent(r["id"], r["article_id"], r["position"], event, extracted, review)


class _ReviewView:
    """A joined row read as a review row (the review's own id under `event_reviews.id`)."""

    def __init__(self, r: Any) -> None:
        self.id = r[event_reviews.c.id]
        self.article_id = r["article_id"]
        self.event_id = r[event_reviews.c.event_id]
        self.state = r["state"]
        self.verdict = r["verdict"]
        self.changes = r["changes"]
        self.reviewer = r["reviewer"]
        self.reviewed_at = r["reviewed_at"]
        self.note = r["note"]
        self.extracted = r["extracted"]


def rejected_documents(session: Session) -> list[Document]:
    """The events analysts rejected, as documents of their articles (for counting what
    they would have added to ledgers)."""
    by_article: dict[str, list[Event]] = {}
    for r in reviewed_events(session, include_rejected=True):
        if r.verdict == "rejected":
            by_article.setdefault(r.article_id, []).append(r.extracted)
    if not by_article:
        session.rollback()
        return []
    arts = session.execute(
        select(articles.c.id, articles.c.outlet, articles.c.published).where(
            articles.c.id.in_(list(by_article))
        )
    ).all()
    urls: dict[str, str] = {}
    for aid, url in session.execute(
        select(article_urls.c.article_id, article_urls.c.url)
        .where(article_urls.c.article_id.in_(list(by_article)))
        .order_by(article_urls.c.article_id, article_urls.c.first_seen, article_urls.c.url)
    ):
        urls.setdefault(aid, url)
    session.rollback()
    return [
        Document(
            article=ArticleMeta(
                id=a.id,
                url=urls.get(a.id),
                outlet=a.outlet,
                published=a.published.isoformat() if a.published else None,
            ),
            events=by_article[a.id],
        )
        for a in arts
    ]


def verdicts(session: Session) -> dict[tuple[str, str], str]:
    """(article_id, event_id) -> verdict of every attached review."""
    stmt = select(event_reviews.c.article_id, event_reviews.c.event_id, event_reviews.c.verdict)
    out = {(a, e): v for a, e, v in session.execute(stmt.where(event_reviews.c.state == ATTACHED))}
    return out


def rejections(session: Session) -> list[tuple[str, str]]:
    """("<article id>#<event id>", reason) of every attached rejection: the events the
    reviewed view leaves out, as the incidents build reports its discards."""
    stmt = (
        select(event_reviews.c.article_id, event_reviews.c.event_id, event_reviews.c.reviewer)
        .where(event_reviews.c.state == ATTACHED, event_reviews.c.verdict == "rejected")
        .order_by(event_reviews.c.article_id, event_reviews.c.event_id)
    )
    return [(f"{a}#{e}", f"rejected by {who}") for a, e, who in session.execute(stmt)]


def reviewed_event(session: Session, row_id: int) -> ReviewedEvent:
    """One stored event with its review (rejected ones too); ReviewError 404 if unknown."""
    found = next(reviewed_events(session, row_ids=[row_id], include_rejected=True), None)
    session.rollback()
    if found is None:
        raise ReviewError(f"no event with row_id {row_id} in the store", status_code=404)
    return found


def list_reviews(
    session: Session, *, state: str | None = None, verdict: str | None = None
) -> list[Review]:
    """Every review (orphaned ones too), oldest first."""
    stmt = select(event_reviews).order_by(event_reviews.c.reviewed_at, event_reviews.c.id)
    if state is not None:
        stmt = stmt.where(event_reviews.c.state == state)
    if verdict is not None:
        stmt = stmt.where(event_reviews.c.verdict == verdict)
    out = [_review(r) for r in session.execute(stmt)]
    session.rollback()
    return out


def audit_log(session: Session, review_id: int | None = None) -> list[AuditEntry]:
    """The audit log (of one review), oldest first."""
    stmt = select(review_audit).order_by(review_audit.c.id)
    if review_id is not None:
        stmt = stmt.where(review_audit.c.review_id == review_id)
    out = [
        AuditEntry(
            id=r.id,
            review_id=r.review_id,
            action=r.action,
            actor=r.actor,
            at=_iso(r.at),
            before=r.before,
            after=r.after,
        )
        for r in session.execute(stmt)
    ]
    session.rollback()
    return out


def last_review_time(session: Session) -> dt.datetime | None:
    """When a review last changed (None if never): builds older than this are stale."""
    found = session.execute(select(func.max(review_audit.c.at))).scalar()
    return cast(dt.datetime | None, found)


def review_queue(
    session: Session, violations: Select[Any] | None = None, limit: int = 50
) -> tuple[list[ReviewedEvent], int]:
    """Events nobody has reviewed yet, and how many there are in all.

    Those in `violations` (a query of (article_id, event_id): events in alleged
    violations of known ceasefires) come first, then the least confident; ties by date
    (newest first, undated last) and row id. One indexed query, whatever the store's size.
    """
    pending = or_(event_reviews.c.id.is_(None), event_reviews.c.verdict == "unreviewed")
    joined = events.outerjoin(
        event_reviews,
        and_(
            event_reviews.c.article_id == events.c.article_id,
            event_reviews.c.event_id == events.c.event_id,
        ),
    )
    rank: Any = literal(1)
    if violations is not None:
        v = violations.subquery()
        inside = exists().where(
            v.c.article_id == events.c.article_id, v.c.event_id == events.c.event_id
        )
        rank = case((inside, 0), else_=1)
    stmt = (
        select(events.c.id)
        .select_from(joined)
        .where(pending)
        .order_by(
            rank, events.c.confidence, events.c.date.is_(None), events.c.date.desc(), events.c.id
        )
        .limit(limit)
    )
    ids = list(session.execute(stmt).scalars())
    total = session.execute(select(func.count()).select_from(joined).where(pending)).scalar_one()
    found = {r.row_id: r for r in reviewed_events(session, row_ids=ids, include_rejected=True)}
    session.rollback()
    return [found[i] for i in ids if i in found], int(total)
