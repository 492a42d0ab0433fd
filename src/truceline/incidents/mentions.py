"""Event mentions: the events of contract documents, ready to be merged into incidents.

A mention is one event of one article, with what merging needs precomputed: its day,
place, the sides of its actors and claimants, and the independent source it counts
for. Hypothetical and planned events are not mentions (nothing happened yet).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from truceline.incidents.duplicates import (
    DEFAULT_THRESHOLD,
    ArticleText,
    near_duplicate_groups,
)
from truceline.incidents.sides import side_of
from truceline.schemas import ArticleMeta, Document, Event

SKIPPED_STATUSES = frozenset({"hypothetical", "planned"})
PRECISION_RANK = {"exact": 0, "near": 1, "region": 2, "country": 3}
UNKNOWN_OUTLET = "unknown outlet"


@dataclass(slots=True)
class Mention:
    key: str  # "<article id>#<event id>"
    article_id: str
    outlet: str
    source: str  # independent source key (normalised outlet or reporter name)
    source_label: str
    copy_of: str | None
    url: str | None
    published: str | None
    event: Event
    role: str  # act | accusation | denial
    day: int  # proleptic ordinal of the event's date (or the publication date)
    day_inferred: bool
    lat: float | None
    lon: float | None
    rank: int  # place precision: 0 exact .. 3 country, 4 no place
    country: str | None
    admin1: str | None
    place: str | None
    perpetrator: str | None  # side of actor1
    target: str | None  # side of actor2
    claim_sides: tuple[str, ...]
    denied: bool
    actor_sides: tuple[str, ...] = ()  # known sides of actor1 and actor2
    voice: tuple[str, frozenset[str]] = ("", frozenset())  # (article id, claimant sides)
    # no event date and no publication date: `day` means nothing; kept as an undated
    # incident of its own (shown under "undated" in the ledger)
    undated: bool = False

    def __post_init__(self) -> None:
        self.actor_sides = tuple(s for s in (self.perpetrator, self.target) if s is not None)
        self.voice = (self.article_id, frozenset(self.claim_sides))


def outlet_name(article: ArticleMeta) -> str:
    """The outlet of an article: its `outlet`, else its URL's host, else unknown."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return UNKNOWN_OUTLET


def source_key(name: str) -> str:
    """Outlet and reporter names compared loosely: case, punctuation, a leading 'the'."""
    key = re.sub(r"\W+", " ", name.lower()).strip()
    return key.removeprefix("the ")


def _role(event: Event) -> str:
    if event.sub_event_type == "Accusation":
        return "accusation"
    if event.sub_event_type == "Denial":
        return "denial"
    return "act"


def _side(actor) -> str | None:  # type: ignore[no-untyped-def]
    if actor is None:
        return None
    side = side_of(actor)
    # an actor we know nothing about ("unknown gunmen" without a country) is no side
    return None if side.startswith("name/") and actor.kind == "unknown" else side


def _day(event: Event, published: str | None) -> tuple[int, bool] | None:
    if event.date:
        return dt.date.fromisoformat(event.date[:10]).toordinal(), False
    if published:
        return dt.date.fromisoformat(published[:10]).toordinal(), True
    return None


def mentions_from_documents(
    documents: Iterable[Document],
    texts: Mapping[str, str] | None = None,
    duplicate_threshold: float = DEFAULT_THRESHOLD,
) -> tuple[list[Mention], list[tuple[str, str]]]:
    """The mentions of `documents`, and the (key, reason) of events left out.

    Only events that did not happen (hypothetical, planned) are left out, each with
    its reason; an event with neither its own date nor a publication date is kept
    as `undated` (an undated incident of its own).

    `texts` maps article ids to their full text for near-duplicate detection; an
    article without one is compared by the evidence sentences of its events.
    """
    docs = list(documents)
    texts = texts or {}
    articles = [
        ArticleText(
            d.article.id,
            texts.get(d.article.id) or " ".join(e.evidence.text for e in d.events),
            d.article.published,
        )
        for d in docs
    ]
    canonical = near_duplicate_groups(articles, duplicate_threshold)
    by_id = {d.article.id: d for d in docs}

    mentions: list[Mention] = []
    skipped: list[tuple[str, str]] = []
    for doc in docs:
        art = doc.article
        outlet = outlet_name(art)
        root = canonical.get(art.id, art.id)
        root_outlet = outlet_name(by_id[root].article) if root in by_id else outlet
        for event in doc.events:
            key = f"{art.id}#{event.id}"
            if event.status in SKIPPED_STATUSES:
                skipped.append((key, f"status {event.status}"))
                continue
            day = _day(event, art.published)
            if event.reporters:
                label = event.reporters[0]
            elif root_outlet != UNKNOWN_OUTLET:
                label = root_outlet
            else:
                label = f"article {root}"
            loc = event.location
            if loc is None:
                rank = 4
            elif loc.precision is not None:
                rank = PRECISION_RANK[loc.precision]
            else:
                rank = 1 if loc.latitude is not None else 3
            claim_sides = tuple(dict.fromkeys(side_of(c) for c in event.claimants))
            mentions.append(
                Mention(
                    key=key,
                    article_id=art.id,
                    outlet=outlet,
                    source=source_key(label),
                    source_label=label,
                    copy_of=root if root != art.id else None,
                    url=art.url,
                    published=art.published,
                    event=event,
                    role=_role(event),
                    day=day[0] if day else 0,
                    day_inferred=day[1] if day else False,
                    undated=day is None,
                    lat=loc.latitude if loc else None,
                    lon=loc.longitude if loc else None,
                    rank=rank,
                    country=loc.country if loc else None,
                    admin1=loc.admin1 if loc else None,
                    place=loc.name if loc else None,
                    perpetrator=_side(event.actor1),
                    target=_side(event.actor2),
                    claim_sides=claim_sides,
                    denied=event.status == "denied",
                )
            )
    return mentions, skipped
