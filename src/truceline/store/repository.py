"""Reading and writing the store. Each writing function is one transaction and commits it.

The article id is `inputs.content_id` of the normalised text, so adding the same text
again is a no-op that only records the URL it came under. An article and its
extraction (or the reason it was not extracted) are written in one transaction: after
a crash the store holds either both or neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truceline.errors import StoreError
from truceline.schemas import ArticleInput, ArticleMeta, Ceasefire, Document, Event, Quote
from truceline.store.models import (
    article_sources,
    article_urls,
    articles,
    ceasefires,
    events,
    extractions,
    feeds,
    quotes,
)
from truceline.version import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from truceline.store.review import Reattached

log = logging.getLogger(__name__)

EXTRACTED = "extracted"
SKIPPED = "skipped"


@dataclass(slots=True, frozen=True)
class NewArticle:
    """An article as the store keeps it: `text` is already normalised, `id` its hash."""

    id: str
    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str | None = None
    external_id: str | None = None
    urls: tuple[str, ...] = field(default_factory=tuple)


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


@lru_cache(maxsize=8)
def _insert_ignoring(dialect: str, table_name: str) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING, built once per table and dialect (statements are
    reused with new parameters: building one per row costs more than running it)."""
    table = {
        "articles": articles,
        "article_urls": article_urls,
        "article_sources": article_sources,
    }[table_name]
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(table).on_conflict_do_nothing()
    return stmt.returning(articles.c.id) if table is articles else stmt


_INSERT = {t.name: t.insert() for t in (extractions, events, ceasefires, quotes)}


class _Transaction:
    """Commit on success, roll back and raise StoreError on a database error."""

    def __init__(self, session: Session, what: str) -> None:
        self.session = session
        self.what = what

    def __enter__(self) -> Session:
        return self.session

    def __exit__(self, exc_type: Any, exc: Any, _tb: Any) -> None:
        if exc_type is None:
            try:
                self.session.commit()
            except SQLAlchemyError as err:
                self.session.rollback()
                raise StoreError(f"{self.what}: {err}") from err
            return
        self.session.rollback()
        if isinstance(exc, SQLAlchemyError):
            raise StoreError(f"{self.what}: {exc}") from exc


# --- writing -----------------------------------------------------------------------


def add_article_with_extraction(
    session: Session,
    article: NewArticle,
    document: Document | None,
    *,
    skip_reason: str | None = None,
    extractor_version: str = EXTRACTOR_VERSION,
) -> bool:
    """Store `article` with its extraction in one transaction; True if it was new.

    `document` None means "not extracted", with `skip_reason` saying why (e.g. the
    language). If the text is already stored, only its URLs are added and False is
    returned: the stored extraction is left as it is.
    """
    if document is None and not skip_reason:
        raise ValueError("an article without a document needs a skip_reason")
    with _Transaction(session, f"storing article {article.id} ({article.source})"):
        row = {
            "id": article.id,
            "text": article.text,
            "title": article.title,
            "outlet": article.outlet,
            "author": article.author,
            "published": article.published,
            "language": article.language,
            "source": article.source,
            "external_id": article.external_id,
            "ingested_at": _now(),
        }
        stmt = _insert_ignoring(session.get_bind().dialect.name, "articles")
        inserted = session.execute(stmt, row).first() is not None
        _add_urls(session, article.id, article.urls)
        _add_source(session, article.id, article.source)
        if inserted:
            _write_extraction(session, article.id, document, skip_reason, extractor_version)
    return inserted


def complete_article(session: Session, article: NewArticle, document: Document | None) -> bool:
    """Fill what a stored article lacks from another copy of the same text.

    The same report read as a .txt without a date and as a JSONL line with one is one
    article: its missing title, outlet, author and publication date are taken from the
    copy that has them, and when the date was missing, the copy's extraction (made with
    the date, so its events are dated) replaces the stored one. True if the date was added.
    """
    with _Transaction(session, f"completing article {article.id} from {article.source}"):
        row = session.execute(
            select(
                articles.c.title, articles.c.outlet, articles.c.author, articles.c.published
            ).where(articles.c.id == article.id)
        ).first()
        if row is None:
            return False
        update = {
            name: getattr(article, name)
            for name in ("title", "outlet", "author", "published")
            if getattr(row, name) is None and getattr(article, name) is not None
        }
        _add_urls(session, article.id, article.urls)
        _add_source(session, article.id, article.source)
        if update:
            session.execute(articles.update().where(articles.c.id == article.id).values(**update))
        dated = "published" in update
        if dated and document is not None:
            meta = document.article.model_copy(update={"id": article.id})
            document = document.model_copy(update={"article": meta})
            for table in (events, ceasefires, quotes, extractions):
                session.execute(delete(table).where(table.c.article_id == article.id))
            _write_extraction(session, article.id, document, None, EXTRACTOR_VERSION)
    return dated


def _add_source(session: Session, article_id: str, source: str) -> None:
    row = {"article_id": article_id, "source_hash": url_hash(source), "source": source,
           "first_seen": _now()}  # fmt: skip
    session.execute(_insert_ignoring(session.get_bind().dialect.name, "article_sources"), [row])


def article_sources_of(session: Session, article_id: str) -> list[str]:
    """Every input the article was read from (files, JSONL lines, URLs), first first."""
    stmt = (
        select(article_sources.c.source)
        .where(article_sources.c.article_id == article_id)
        .order_by(article_sources.c.first_seen, article_sources.c.source)
    )
    return list(session.execute(stmt).scalars())


def undated_article_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of `ids` are stored without a publication date."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        stmt = select(articles.c.id).where(
            articles.c.id.in_(wanted[i : i + 500]), articles.c.published.is_(None)
        )
        found.update(session.execute(stmt).scalars())
    session.rollback()
    return found


def add_urls(session: Session, article_id: str, urls: Iterable[str]) -> None:
    """Record more URLs for a stored article (known ones are ignored)."""
    with _Transaction(session, f"adding URLs to article {article_id}"):
        _add_urls(session, article_id, urls)


def _add_urls(session: Session, article_id: str, urls: Iterable[str]) -> None:
    now = _now()
    rows = [
        {"article_id": article_id, "url_hash": url_hash(u), "url": u, "first_seen": now}
        for u in dict.fromkeys(urls)
        if u
    ]
    if rows:  # one statement for any number of rows: compiled once, then cached
        stmt = _insert_ignoring(session.get_bind().dialect.name, "article_urls")
        session.execute(stmt, rows)


def replace_extraction(
    session: Session,
    article_id: str,
    document: Document,
    *,
    extractor_version: str = EXTRACTOR_VERSION,
) -> Reattached:
    """Replace an article's events, ceasefires and quotes in one transaction.

    The article row (text, metadata, URLs) stays untouched. Reviews of its events are
    re-attached to the new reading in the same transaction (`review.reattach`); the
    returned value says which were re-attached and which are orphaned.
    """
    from truceline.store.review import reattach

    with _Transaction(session, f"replacing the extraction of article {article_id}"):
        found = session.execute(
            select(articles.c.id).where(articles.c.id == article_id)
        ).scalar_one_or_none()
        if found is None:
            raise StoreError(f"article {article_id} is not in the store")
        for table in (events, ceasefires, quotes, extractions):
            session.execute(delete(table).where(table.c.article_id == article_id))
        _write_extraction(session, article_id, document, None, extractor_version)
        reattached = reattach(session, article_id, document)
    return reattached


def _write_extraction(
    session: Session,
    article_id: str,
    document: Document | None,
    skip_reason: str | None,
    extractor_version: str,
) -> None:
    doc_events = document.events if document else []
    doc_ceasefires = document.ceasefires if document else []
    doc_quotes = document.quotes if document else []
    session.execute(
        _INSERT["extractions"],
        {
            "article_id": article_id,
            "status": EXTRACTED if document is not None else SKIPPED,
            "reason": skip_reason,
            "extractor_version": extractor_version if document is not None else None,
            "extracted_at": _now(),
            "n_events": len(doc_events),
            "n_ceasefires": len(doc_ceasefires),
            "n_quotes": len(doc_quotes),
        },
    )
    if doc_events:
        rows = [_event_row(article_id, i, e) for i, e in enumerate(doc_events)]
        session.execute(_INSERT["events"], rows)
    if doc_ceasefires:
        rows = [_ceasefire_row(article_id, c) for c in doc_ceasefires]
        session.execute(_INSERT["ceasefires"], rows)
    if doc_quotes:
        rows = [_quote_row(article_id, i, q) for i, q in enumerate(doc_quotes)]
        session.execute(_INSERT["quotes"], rows)


def _event_row(article_id: str, position: int, e: Event) -> dict[str, Any]:
    loc = e.location
    return {
        "article_id": article_id,
        "event_id": e.id,
        "position": position,
        "is_primary": e.primary,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "date": _date(e.date),
        "date_precision": e.date_precision,
        "status": e.status,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "location_name": loc.name if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "fatalities": e.fatalities,
        "violation": e.violation,
        "ceasefire_id": e.ceasefire_id,
        "confidence": e.confidence,
        "data": e.model_dump(mode="json"),
    }


def _ceasefire_row(article_id: str, c: Ceasefire) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "ceasefire_id": c.id,
        "name": c.name,
        "announced": _date(c.announced),
        "effective": c.effective,
        "ended": _date(c.ended),
        "data": c.model_dump(mode="json"),
    }


def _quote_row(article_id: str, position: int, q: Quote) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "speaker": q.speaker.name,
        "speaker_country": q.speaker.country,
        "data": q.model_dump(mode="json"),
    }


# --- reading -----------------------------------------------------------------------


def article_exists(session: Session, article_id: str) -> bool:
    stmt = select(articles.c.id).where(articles.c.id == article_id)
    return session.execute(stmt).first() is not None


def known_article_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of `ids` are stored already."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        stmt = select(articles.c.id).where(articles.c.id.in_(wanted[i : i + 500]))
        found.update(session.execute(stmt).scalars())
    session.rollback()
    return found


def url_known(session: Session, url: str) -> bool:
    """True if some stored article was seen under `url`."""
    stmt = select(article_urls.c.article_id).where(article_urls.c.url_hash == url_hash(url))
    return session.execute(stmt.limit(1)).first() is not None


def article_urls_of(session: Session, article_id: str) -> list[str]:
    stmt = (
        select(article_urls.c.url)
        .where(article_urls.c.article_id == article_id)
        .order_by(article_urls.c.first_seen, article_urls.c.url)
    )
    return list(session.execute(stmt).scalars())


def load_document(session: Session, article_id: str) -> Document | None:
    """The stored extraction of an article as a contract Document (None if not stored)."""
    art = session.execute(select(articles).where(articles.c.id == article_id)).first()
    if art is None:
        return None
    urls = article_urls_of(session, article_id)
    meta = ArticleMeta(
        id=art.id,
        url=urls[0] if urls else None,
        title=art.title,
        outlet=art.outlet,
        author=art.author,
        published=art.published.isoformat() if art.published else None,
        language=art.language,
    )

    def rows(table: Any, order: Any) -> list[dict[str, Any]]:
        stmt = select(table.c.data).where(table.c.article_id == article_id).order_by(order)
        return list(session.execute(stmt).scalars())

    return Document(
        article=meta,
        events=[Event.model_validate(d) for d in rows(events, events.c.position)],
        ceasefires=[Ceasefire.model_validate(d) for d in rows(ceasefires, ceasefires.c.id)],
        quotes=[Quote.model_validate(d) for d in rows(quotes, quotes.c.position)],
    )


def articles_to_reextract(
    session: Session,
    *,
    since: dt.date | None = None,
    outdated_only: bool = False,
    batch: int = 200,
) -> Iterator[ArticleInput]:
    """Stored, extracted articles as extractor inputs (id = the stored id), in id order.

    `since`: published on or after that day (articles without a publication date: ingested
    on or after it). `outdated_only`: read by an extractor version other than the current.
    Pages through the table, so writes between batches do not hold a read open.
    """
    first_url = (
        select(article_urls.c.url)
        .where(article_urls.c.article_id == articles.c.id)
        .order_by(article_urls.c.first_seen, article_urls.c.url)
        .limit(1)
        .scalar_subquery()
    )
    conditions = [extractions.c.status == EXTRACTED]
    if since is not None:
        since_ts = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        conditions.append(
            or_(
                articles.c.published >= since,
                and_(articles.c.published.is_(None), articles.c.ingested_at >= since_ts),
            )
        )
    if outdated_only:
        conditions.append(extractions.c.extractor_version != EXTRACTOR_VERSION)
    last = ""
    while True:
        stmt = (
            select(articles, first_url.label("url"))
            .join(extractions, extractions.c.article_id == articles.c.id)
            .where(and_(*conditions), articles.c.id > last)
            .order_by(articles.c.id)
            .limit(batch)
        )
        page = session.execute(stmt).all()
        session.rollback()  # end the read transaction between pages
        if not page:
            return
        for r in page:
            yield ArticleInput(
                id=r.id,
                text=r.text,
                title=r.title,
                url=r.url,
                published=r.published.isoformat() if r.published else None,
                outlet=r.outlet,
                author=r.author,
            )
        last = page[-1].id


# --- feeds (ingest --watch) --------------------------------------------------------


@dataclass(slots=True, frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: dt.datetime | None = None
    last_status: int | None = None


def get_feed_state(session: Session, url: str) -> FeedState:
    row = session.execute(select(feeds).where(feeds.c.url_hash == url_hash(url))).first()
    session.rollback()
    if row is None:
        return FeedState(url=url)
    return FeedState(
        url=row.url,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled=row.last_polled,
        last_status=row.last_status,
    )


def save_feed_state(session: Session, state: FeedState) -> None:
    with _Transaction(session, f"saving the state of feed {state.url}"):
        values = {
            "url_hash": url_hash(state.url),
            "url": state.url,
            "etag": state.etag,
            "last_modified": state.last_modified,
            "last_polled": state.last_polled or _now(),
            "last_status": state.last_status,
        }
        stmt = _insert(session, feeds).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[feeds.c.url_hash],
            set_={k: stmt.excluded[k] for k in values if k != "url_hash"},
        )
        session.execute(stmt)


# --- stats ---------------------------------------------------------------------------


class StoreStats(BaseModel):
    """What `truceline db stats` reports."""

    model_config = ConfigDict(extra="forbid")

    articles: int
    urls: int
    extracted: int
    not_extracted: int
    events: int
    ceasefires: int
    quotes: int
    languages: dict[str, int]
    extractor_versions: dict[str, int]
    not_extracted_reasons: dict[str, int]
    sub_event_types: dict[str, int]
    published_first: str | None
    published_last: str | None
    event_date_first: str | None
    event_date_last: str | None


def stats(session: Session) -> StoreStats:
    def count(table: Any, *where: Any) -> int:
        return session.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    def grouped(column: Any, *where: Any) -> dict[str, int]:
        stmt = select(column, func.count()).where(*where).group_by(column)
        rows = session.execute(stmt).all()
        return {str(k): n for k, n in sorted(rows, key=lambda r: (-r[1], str(r[0])))}

    def span(column: Any) -> tuple[str | None, str | None]:
        lo, hi = session.execute(select(func.min(column), func.max(column))).one()
        return (_iso(lo), _iso(hi))

    pub = span(articles.c.published)
    evd = span(events.c.date)
    result = StoreStats(
        articles=count(articles),
        urls=count(article_urls),
        extracted=count(extractions, extractions.c.status == EXTRACTED),
        not_extracted=count(extractions, extractions.c.status == SKIPPED),
        events=count(events),
        ceasefires=count(ceasefires),
        quotes=count(quotes),
        languages=grouped(articles.c.language),
        extractor_versions=grouped(
            extractions.c.extractor_version, extractions.c.status == EXTRACTED
        ),
        not_extracted_reasons=grouped(extractions.c.reason, extractions.c.status == SKIPPED),
        sub_event_types=grouped(events.c.sub_event_type),
        published_first=pub[0],
        published_last=pub[1],
        event_date_first=evd[0],
        event_date_last=evd[1],
    )
    session.rollback()
    return result


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
