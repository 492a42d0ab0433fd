"""What the API returns, beyond the contract and incident models it reuses as they are.

Events are `truceline.store.query.EventRecord` (the contract Event with its article),
incidents `truceline.incidents.Incident`, ledgers `truceline.incidents.Ledger`,
outlets `truceline.incidents.OutletProfile`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from truceline.incidents.model import IncidentStatus, Role
from truceline.incidents.registry import CeasefireRecord
from truceline.schemas import (
    Actor,
    ArticleMeta,
    Document,
    EventType,
    Location,
    SubEventType,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleSummary(ArticleMeta):
    """The contract's article metadata, with what the store knows of it."""

    ingested_at: dt.datetime
    extraction: Literal["extracted", "skipped", "none"]
    n_events: int = 0


class ArticleDetail(ArticleSummary):
    """An article with its text (evidence offsets index into it) and its extraction."""

    text: str
    urls: list[str] = Field(default_factory=list)
    skip_reason: str | None = None
    extractor_version: str | None = None
    document: Document | None = None


class IngestRequest(_Model):
    """Exactly one of `text`, `html`, `url`; the rest is optional metadata."""

    text: str | None = Field(default=None, description="Plain article text.")
    html: str | None = Field(default=None, description="An HTML page (the article is found in it).")
    url: str | None = Field(
        default=None,
        description="With `text`/`html`: where it was published. Alone: a page to fetch "
        "(http/https, public addresses only).",
    )
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD")


class IngestResult(_Model):
    article_id: str
    status: Literal["new", "duplicate"]
    extracted: bool
    skip_reason: str | None = None
    events: int = 0
    ceasefires: int = 0
    quotes: int = 0
    href: str


class IncidentSummary(_Model):
    """An incident without its mentions (`view=summary`, for maps and tables)."""

    id: str
    kind: Role
    event_type: EventType
    sub_event_type: SubEventType
    date: str | None = None
    date_end: str | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    location: Location | None = None
    fatalities: int | None = None
    status: IncidentStatus
    accusing_sides: list[str] = Field(default_factory=list)
    accusing_side_labels: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    n_outlets: int = 0
    n_articles: int = 0
    n_sides: int = 0
    n_mentions: int = 0
    ceasefire_id: str | None = None
    violation: bool | None = None


class CeasefireItem(CeasefireRecord):
    """A ceasefire of the registry with its window and its count of alleged violations."""

    party_labels: list[str] = Field(default_factory=list)
    window_start: str | None = None
    window_end: str | None = None
    window_end_reason: str = ""
    alleged_violations: int = 0


class TimelineRow(_Model):
    date: str
    side: str
    side_label: str
    count: int
    incidents: list[str]


class ApiStatus(_Model):
    version: str
    built_at: str | None
    ceasefires: int
    read_auth: bool
    # What is in the store (see truceline.api.routes.status.store_status).
    articles: int = 0
    articles_by_extraction: dict[str, int] = Field(default_factory=dict)
    events: int = 0
    events_undated: int = 0
    incidents: int = 0
    incidents_undated: int = 0
    alleged_violations: int = 0
    last_ingest: dt.datetime | None = None
    extractor_versions: dict[str, int] = Field(default_factory=dict)
