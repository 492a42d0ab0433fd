"""Querying stored events (`truceline query events`, and the API later).

Filters use the indexed columns; each result carries the contract Event (as stored)
and the article it was read from. A country (`--country`) matches an event placed in
it or with either actor of it: a clash in Karabakh is placed in Azerbaijan, and an
analyst asking for Armenia wants it too. When nothing matches, `empty_reason` says
which filter emptied the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from truceline.errors import ConfigError
from truceline.schemas import EVENT_TYPES, SUB_EVENT_TO_TYPE, Event
from truceline.store.models import article_urls, articles, events
from truceline.store.review import Review, reviewed_events


@dataclass(slots=True, frozen=True)
class BBox:
    """min_lon, min_lat, max_lon, max_lat (the GeoJSON order)."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        parts = [p.strip() for p in text.split(",")]
        try:
            values = [float(p) for p in parts]
        except ValueError:
            values = []
        if len(values) != 4:
            raise ConfigError(f"bbox {text!r} is not four numbers MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
        box = cls(*values)
        lon_ok = -180 <= box.min_lon <= box.max_lon <= 180
        if not (lon_ok and -90 <= box.min_lat <= box.max_lat <= 90):
            raise ConfigError(
                f"bbox {text!r}: need -180 <= MIN_LON <= MAX_LON <= 180 and "
                "-90 <= MIN_LAT <= MAX_LAT <= 90"
            )
        return box


@dataclass(slots=True, frozen=True)
class EventFilter:
    since: dt.date | None = None  # event date on or after
    until: dt.date | None = None  # event date on or before
    types: tuple[str, ...] = ()  # event types or sub-event types (any of them)
    countries: tuple[str, ...] = ()  # ISO3 of the event's location or either actor's
    bbox: BBox | None = None
    statuses: tuple[str, ...] = ()
    article_id: str | None = None
    limit: int | None = None


class ArticleRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None


class EventRecord(BaseModel):
    """One stored event with where it came from."""

    model_config = ConfigDict(extra="forbid")

    row_id: int
    article: ArticleRef
    event: Event  # with an analyst's corrections applied (see truceline.store.review)
    review: Review | None = None


def check_types(types: Sequence[str]) -> tuple[str, ...]:
    """The types as given, or a ConfigError naming the unknown one and the valid ones."""
    known = set(EVENT_TYPES) | set(SUB_EVENT_TO_TYPE)
    for t in types:
        if t not in known:
            raise ConfigError(
                f"event type {t!r} is not an event type or sub-event type; valid: "
                + ", ".join(sorted(known))
            )
    return tuple(types)


def _conditions(f: EventFilter) -> list[Any]:
    c: list[Any] = []
    if f.since:
        c.append(events.c.date >= f.since)
    if f.until:
        c.append(events.c.date <= f.until)
    if f.types:
        c.append(or_(events.c.event_type.in_(f.types), events.c.sub_event_type.in_(f.types)))
    if f.countries:
        codes = country_codes(f.countries)
        c.append(
            or_(
                events.c.country.in_(codes),
                events.c.data["actor1"]["country"].as_string().in_(codes),
                events.c.data["actor2"]["country"].as_string().in_(codes),
            )
        )
    if f.statuses:
        c.append(events.c.status.in_(f.statuses))
    if f.article_id:
        c.append(events.c.article_id == f.article_id)
    if f.bbox:
        b = f.bbox
        c.append(events.c.latitude.between(b.min_lat, b.max_lat))
        c.append(events.c.longitude.between(b.min_lon, b.max_lon))
    return c


def country_codes(values: Sequence[str]) -> list[str]:
    """ISO3 codes of `values` (codes or names: "ARM", "Armenia"); unknown ones as given."""
    from truceline.countries import iso3

    return [iso3(v) or v.strip().upper() for v in values]


# The filters in the order `empty_reason` adds them, with how to name each.
_FILTER_NAMES = (
    ("since", "--since {}"),
    ("until", "--until {}"),
    ("types", "--type {}"),
    ("countries", "--country {} (place or either actor)"),
    ("bbox", "--bbox {}"),
    ("statuses", "--status {}"),
    ("article_id", "article {}"),
)


def _count(session: Session, f: EventFilter) -> int:
    stmt = select(func.count()).select_from(events).where(*_conditions(f))
    return int(session.execute(stmt).scalar() or 0)


def empty_reason(session: Session, f: EventFilter) -> str | None:
    """Which filter leaves no event (None when some events match `f`)."""
    base = EventFilter()
    if _count(session, base) == 0:
        return "the store holds no events: ingest some articles first"
    if _count(session, replace(f, limit=None)) > 0:
        return None
    shown: list[str] = []
    current, before = base, _count(session, base)
    for name, label in _FILTER_NAMES:
        value = getattr(f, name)
        if not value:
            continue
        text = label.format(",".join(value) if isinstance(value, tuple) else value)
        if _count(session, replace(base, **{name: value})) == 0:
            return f"no stored event matches {text}"
        current = replace(current, **{name: value})
        left = _count(session, current)
        if left == 0:
            return (
                f"{text} leaves none of the {before} events matching "
                f"{' and '.join(shown) or 'no filter'}"
            )
        shown.append(text)
        before = left
    return "no event matches all the filters together"


def query_events(session: Session, f: EventFilter) -> Iterator[EventRecord]:
    """Stored events matching `f`, by event date (undated last), then article and position."""
    first_url = (
        select(article_urls.c.url)
        .where(article_urls.c.article_id == events.c.article_id)
        .order_by(article_urls.c.first_seen, article_urls.c.url)
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(
            events.c.id,
            events.c.data,
            articles.c.id.label("article_id"),
            articles.c.title,
            articles.c.outlet,
            articles.c.published,
            first_url.label("url"),
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(*_conditions(f))
        .order_by(events.c.date.is_(None), events.c.date, events.c.article_id, events.c.position)
    )
    if f.limit:
        stmt = stmt.limit(f.limit)
    rows = session.execute(stmt)
    while page := rows.fetchmany(500):
        yield from _records(session, page)


def _records(session: Session, page: Sequence[Any]) -> Iterator[EventRecord]:
    """A page of rows as records, their events from the reviewed view."""
    reviewed = {
        x.row_id: x
        for x in reviewed_events(session, row_ids=[r.id for r in page], include_rejected=True)
    }
    for r in page:
        event, review = reviewed[r.id].event, reviewed[r.id].review
        yield EventRecord(
            row_id=r.id,
            article=ArticleRef(
                id=r.article_id,
                url=r.url,
                title=r.title,
                outlet=r.outlet,
                published=r.published.isoformat() if r.published else None,
            ),
            event=event,
            review=review,
        )


CSV_COLUMNS = (
    "article_id",
    "url",
    "published",
    "event_id",
    "primary",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "actor1",
    "actor1_country",
    "actor1_kind",
    "actor2",
    "actor2_country",
    "actor2_kind",
    "location",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "precision",
    "fatalities",
    "status",
    "claimants",
    "reporters",
    "ceasefire_id",
    "violation",
    "confidence",
    "evidence",
)


def csv_row(record: EventRecord) -> dict[str, Any]:
    """One flat row per event for `--format csv` (lists joined with '; ')."""
    e = record.event
    loc = e.location
    row: dict[str, Any] = {
        "article_id": record.article.id,
        "url": record.article.url,
        "published": record.article.published,
        "event_id": e.id,
        "primary": e.primary,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "date": e.date,
        "date_precision": e.date_precision,
        "location": loc.name if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "precision": loc.precision if loc else None,
        "fatalities": e.fatalities,
        "status": e.status,
        "claimants": "; ".join(c.name for c in e.claimants),
        "reporters": "; ".join(e.reporters),
        "ceasefire_id": e.ceasefire_id,
        "violation": e.violation,
        "confidence": e.confidence,
        "evidence": e.evidence.text,
    }
    for n, actor in (("actor1", e.actor1), ("actor2", e.actor2)):
        row[n] = actor.name if actor else None
        row[f"{n}_country"] = actor.country if actor else None
        row[f"{n}_kind"] = actor.kind if actor else None
    return {k: row[k] for k in CSV_COLUMNS}
