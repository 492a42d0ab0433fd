"""Incidents and the ceasefire registry in the store (the one module here that does I/O).

Tables (revision 0002, on the store's `Base.metadata`):

    ceasefire_imports    ceasefires imported from PA-X or a user's YAML, as imported
    registry_ceasefires  the registry of the last build: imports merged with the
                         ceasefires of articles, with their windows
    incidents            one row per incident: indexed columns + the Incident JSON
    incident_mentions    which stored event (article_id, event_id) is in which incident

`save_build` replaces the last three in one transaction; imports are kept until
imported again (same id: replaced). Incidents refer to events by (article_id,
event_id), so re-extracting an article leaves them pointing at the new events of the
same ids until the next build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truceline.errors import StoreError
from truceline.incidents.model import Incident
from truceline.incidents.registry import CeasefireRecord
from truceline.schemas import ArticleMeta, Ceasefire, Document, Event
from truceline.store.models import Base, JsonDoc, article_urls, articles, ceasefires
from truceline.store.review import last_review_time, rejections, reviewed_events, verdicts

if TYPE_CHECKING:
    from truceline.incidents.analysis import Analysis

TS = DateTime(timezone=True)

ceasefire_imports = Table(
    "ceasefire_imports",
    Base.metadata,
    Column("id", String(64), primary_key=True),
    Column("source", String(16), nullable=False),
    Column("file", Text),
    Column("effective", String(16)),
    Column("data", JsonDoc, nullable=False),
    Column("imported_at", TS, nullable=False),
)

registry_ceasefires = Table(
    "registry_ceasefires",
    Base.metadata,
    Column("id", String(64), primary_key=True),
    Column("source", String(16), nullable=False),
    Column("name", Text),
    Column("effective", String(16)),
    Column("window_start", Date),
    Column("window_end", Date),
    Column("data", JsonDoc, nullable=False),
    Column("built_at", TS, nullable=False),
)

incidents = Table(
    "incidents",
    Base.metadata,
    Column("id", String(16), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("event_type", String(40), nullable=False, index=True),
    Column("sub_event_type", String(48), nullable=False),
    Column("date", Date, index=True),
    Column("country", String(3), index=True),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("status", String(16), nullable=False, index=True),
    Column("ceasefire_id", String(64), index=True),
    Column("violation", Boolean),
    Column("n_outlets", Integer, nullable=False),
    Column("n_sides", Integer, nullable=False),
    Column("data", JsonDoc, nullable=False),
    Column("built_at", TS, nullable=False),
)

incident_mentions = Table(
    "incident_mentions",
    Base.metadata,
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("incident_id", String(16), ForeignKey("incidents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("role", String(16), nullable=False),
)  # fmt: skip


class _Transaction:
    def __init__(self, session: Session, what: str) -> None:
        self.session, self.what = session, what

    def __enter__(self) -> Session:
        return self.session

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        if exc_type is None:
            try:
                self.session.commit()
                return False
            except SQLAlchemyError as err:
                exc = err
        self.session.rollback()
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"{self.what} failed: {exc}") from None
        return False


# -- reading the corpus ----------------------------------------------------------
def load_corpus(
    session: Session, since: dt.date | None = None, until: dt.date | None = None
) -> tuple[list[Document], dict[str, str]]:
    """Every stored extraction as a Document (bulk: four queries), and the texts.

    `since`/`until` bound the articles' publication dates (inclusive).
    """
    stmt = select(
        articles.c.id, articles.c.text, articles.c.title, articles.c.outlet,
        articles.c.author, articles.c.published, articles.c.language,
    )  # fmt: skip
    if since is not None:
        stmt = stmt.where(articles.c.published >= since)
    if until is not None:
        stmt = stmt.where(articles.c.published <= until)
    arts = session.execute(stmt.order_by(articles.c.published, articles.c.id)).all()
    ids = {a.id for a in arts}
    first_url: dict[str, str] = {}
    for aid, url in session.execute(
        select(article_urls.c.article_id, article_urls.c.url).order_by(
            article_urls.c.article_id, article_urls.c.first_seen, article_urls.c.url
        )
    ):
        first_url.setdefault(aid, url)
    evs: dict[str, list[Event]] = defaultdict(list)
    for reviewed in reviewed_events(session):  # corrections applied, rejected left out
        if reviewed.article_id in ids:
            evs[reviewed.article_id].append(reviewed.event)
    cfs: dict[str, list[Ceasefire]] = defaultdict(list)
    for aid, data in session.execute(
        select(ceasefires.c.article_id, ceasefires.c.data).order_by(ceasefires.c.id)
    ):
        if aid in ids:
            cfs[aid].append(Ceasefire.model_validate(data))
    docs = [
        Document(
            article=ArticleMeta(
                id=a.id,
                url=first_url.get(a.id),
                title=a.title,
                outlet=a.outlet,
                author=a.author,
                published=a.published.isoformat() if a.published else None,
                language=a.language,
            ),
            events=evs.get(a.id, []),
            ceasefires=cfs.get(a.id, []),
        )
        for a in arts
    ]
    return docs, {a.id: a.text for a in arts}


# -- imports ---------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def save_imports(session: Session, records: Sequence[CeasefireRecord], file: str) -> int:
    """Store imported ceasefires (a record with a known id replaces the old one)."""
    now = _now()
    with _Transaction(session, f"storing ceasefires imported from {file}"):
        ids = [r.id for r in records]
        for start in range(0, len(ids), 500):
            session.execute(
                delete(ceasefire_imports).where(
                    ceasefire_imports.c.id.in_(ids[start : start + 500])
                )
            )
        if records:
            session.execute(
                ceasefire_imports.insert(),
                [
                    {"id": r.id, "source": r.source, "file": file, "effective": r.effective,
                     "data": r.model_dump(mode="json"), "imported_at": now}
                    for r in records
                ],
            )  # fmt: skip
    return len(records)


def load_imports(session: Session) -> list[CeasefireRecord]:
    rows = session.execute(select(ceasefire_imports.c.data).order_by(ceasefire_imports.c.id))
    return [CeasefireRecord.model_validate(d) for d in rows.scalars()]


# -- builds ----------------------------------------------------------------------
def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def save_build(session: Session, analysis: Analysis) -> tuple[int, int]:
    """Replace the stored incidents and registry with `analysis`; returns their counts."""
    now = _now()
    registry = analysis.registry
    incs = analysis.incidents.incidents
    with _Transaction(session, "storing incidents and the ceasefire registry"):
        session.execute(delete(incident_mentions))
        session.execute(delete(incidents))
        session.execute(delete(registry_ceasefires))
        reg_rows = []
        for r in registry.records:
            w = registry.window(r)
            reg_rows.append({
                "id": r.id, "source": r.source, "name": r.name, "effective": r.effective,
                "window_start": dt.date.fromordinal(w.start) if w.start else None,
                "window_end": dt.date.fromordinal(w.end) if w.end else None,
                "data": r.model_dump(mode="json"), "built_at": now,
            })  # fmt: skip
        if reg_rows:
            session.execute(registry_ceasefires.insert(), reg_rows)
        inc_rows, mention_rows = [], []
        for inc in incs:
            loc = inc.location
            inc_rows.append({
                "id": inc.id, "kind": inc.kind, "event_type": inc.event_type,
                "sub_event_type": inc.sub_event_type, "date": _day(inc.date),
                "country": loc.country if loc else None,
                "latitude": loc.latitude if loc else None,
                "longitude": loc.longitude if loc else None,
                "status": inc.status, "ceasefire_id": inc.ceasefire_id,
                "violation": inc.violation, "n_outlets": inc.n_outlets,
                "n_sides": inc.n_sides, "data": inc.model_dump(mode="json"), "built_at": now,
            })  # fmt: skip
            mention_rows += [
                {"article_id": m.article_id, "event_id": m.event_id, "incident_id": inc.id,
                 "role": m.role}
                for m in inc.mentions
            ]  # fmt: skip
        for start in range(0, len(inc_rows), 1000):
            session.execute(incidents.insert(), inc_rows[start : start + 1000])
        for start in range(0, len(mention_rows), 1000):
            session.execute(incident_mentions.insert(), mention_rows[start : start + 1000])
    return len(inc_rows), len(reg_rows)


def load_incidents(
    session: Session,
    ceasefire_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Incident]:
    """Stored incidents (of the last build), by date."""
    stmt = select(incidents.c.data).order_by(incidents.c.date, incidents.c.id)
    if ceasefire_id is not None:
        stmt = stmt.where(incidents.c.ceasefire_id == ceasefire_id)
    if since is not None:
        stmt = stmt.where(incidents.c.date >= since)
    if until is not None:
        stmt = stmt.where(incidents.c.date <= until)
    return [Incident.model_validate(d) for d in session.execute(stmt).scalars()]


def load_registry(session: Session) -> list[CeasefireRecord]:
    """The registry of the last build."""
    rows = session.execute(
        select(registry_ceasefires.c.data).order_by(
            registry_ceasefires.c.effective, registry_ceasefires.c.id
        )
    )
    return [CeasefireRecord.model_validate(d) for d in rows.scalars()]


def last_build(session: Session) -> dt.datetime | None:
    return session.execute(select(func.max(incidents.c.built_at))).scalar()


def stale_reason(session: Session) -> str | None:
    """Why the stored build is out of date (None when it is current)."""
    from truceline.store.models import extractions

    built = last_build(session)
    if built is None:
        return "no incidents built yet"
    extracted = session.execute(select(func.max(extractions.c.extracted_at))).scalar()
    imported = session.execute(select(func.max(ceasefire_imports.c.imported_at))).scalar()
    built = _aware(built)
    if extracted is not None and _aware(extracted) > built:
        return "articles were extracted since the last build"
    if imported is not None and _aware(imported) > built:
        return "ceasefires were imported since the last build"
    reviewed = last_review_time(session)
    if reviewed is not None and _aware(reviewed) > built:
        return "events were reviewed since the last build"
    return None


def _aware(t: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC times, PostgreSQL aware ones."""
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t


def build_in_store(
    session: Session,
    *,
    distance_km: float = 25.0,
    open_days: int = 365,
    duplicate_threshold: float = 0.7,
) -> tuple[Analysis, int]:
    """Merge every stored extraction into incidents, rebuild the registry, save both.

    Returns the analysis and the number of articles read.
    """
    from truceline.incidents.analysis import analyse
    from truceline.incidents.merge import MergeConfig
    from truceline.incidents.reviews import mark_reviews

    docs, texts = load_corpus(session)
    result = analyse(
        docs, load_imports(session), texts=texts, config=MergeConfig(distance_km=distance_km),
        duplicate_threshold=duplicate_threshold, open_days=open_days,
    )  # fmt: skip
    mark_reviews(result.incidents.incidents, verdicts(session))
    result.incidents.skipped += rejections(session)  # left out by the reviewed view
    save_build(session, result)
    return result, len(docs)
