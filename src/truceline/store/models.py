"""The store's tables as SQLAlchemy 2 models (the schema itself is made by migrations).

    articles      one row per distinct text: id = content hash of the normalised text
    article_urls  every URL an article was seen under (same text, two URLs: two rows)
    article_sources  every input an article was read from (a .txt and a JSONL line of
                  the same text: two rows)
    extractions   one row per article: extracted or not (and why), by which extractor version
    events        one row per contract Event: the Event JSON plus indexed columns for queries
    ceasefires    one row per contract Ceasefire
    quotes        one row per contract Quote
    feeds         `ingest --watch` state per feed: ETag, Last-Modified, last poll

Article rows are written once and never changed; `reextract` replaces the rows of
`extractions`, `events`, `ceasefires` and `quotes` of an article in one transaction.
These models must match `migrations/versions/`; `tests/store/test_migrations.py`
compares them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that later migrations can refer to them on both backends.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDoc = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    text: Mapped[str] = mapped_column(Text)  # normalised (truceline.extract.normalise)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)  # where it was first read
    external_id: Mapped[str | None] = mapped_column(Text)  # the `id` of a JSONL line
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class ArticleUrl(Base):
    __tablename__ = "article_urls"

    article_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    # sha256 of the URL (32 hex digits): URLs can be longer than an index entry may be.
    url_hash: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    url: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ArticleSource(Base):
    __tablename__ = "article_sources"

    article_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    source_hash: Mapped[str] = mapped_column(String(32), primary_key=True)  # sha256, 32 hex
    source: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Extraction(Base):
    __tablename__ = "extractions"

    article_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), index=True)  # "extracted" | "skipped"
    reason: Mapped[str | None] = mapped_column(Text)  # why it was skipped
    extractor_version: Mapped[str | None] = mapped_column(String(32), index=True)
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    n_ceasefires: Mapped[int] = mapped_column(Integer, default=0)
    n_quotes: Mapped[int] = mapped_column(Integer, default=0)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("article_id", "event_id"),
        Index("ix_events_latitude_longitude", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(64))  # Event.id, unique in its document
    position: Mapped[int] = mapped_column(Integer)
    is_primary: Mapped[bool] = mapped_column(Boolean)
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(48), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), index=True)
    country: Mapped[str | None] = mapped_column(String(3), index=True)  # the location's
    admin1: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    violation: Mapped[bool | None] = mapped_column(Boolean)
    ceasefire_id: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # the contract Event


class CeasefireRow(Base):
    __tablename__ = "ceasefires"
    __table_args__ = (UniqueConstraint("article_id", "ceasefire_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    ceasefire_id: Mapped[str] = mapped_column(String(64))  # Ceasefire.id in its document
    name: Mapped[str | None] = mapped_column(Text)
    announced: Mapped[dt.date | None] = mapped_column(Date)
    effective: Mapped[str | None] = mapped_column(String(16))  # YYYY-MM-DD[THH:MM]
    ended: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # the contract Ceasefire


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String(16), ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(Text)
    speaker_country: Mapped[str | None] = mapped_column(String(3))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # the contract Quote


class Feed(Base):
    __tablename__ = "feeds"

    url_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[int | None] = mapped_column(Integer)


articles = cast(Table, Article.__table__)
article_urls = cast(Table, ArticleUrl.__table__)
article_sources = cast(Table, ArticleSource.__table__)
extractions = cast(Table, Extraction.__table__)
events = cast(Table, EventRow.__table__)
ceasefires = cast(Table, CeasefireRow.__table__)
quotes = cast(Table, QuoteRow.__table__)
feeds = cast(Table, Feed.__table__)
