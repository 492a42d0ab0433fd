"""Hand-written contract documents for store tests (no extractor needed to test storage)."""

from __future__ import annotations

from typing import Any

from truceline.inputs import content_id
from truceline.schemas import Actor, Ceasefire, Document, Event, Evidence, Location, Quote
from truceline.store import NewArticle

TEXT = (
    "Artillery hit the village of Dorvan on Monday, local officials said. "
    'A ceasefire agreed in March was broken, the mayor said. "We heard shells all night," '
    "a resident said."
)


def article(
    text: str = TEXT, *, urls: tuple[str, ...] = ("https://news.example/a",), **kw: Any
) -> NewArticle:
    return NewArticle(id=content_id(text), text=text, source="test", urls=urls, **kw)


def event(
    eid: str = "e1",
    *,
    sub: str = "Shelling/artillery/missile attack",
    etype: str = "Explosions/Remote violence",
    date: str | None = "2024-03-04",
    country: str | None = "ARM",
    lat: float | None = 40.0,
    lon: float | None = 45.0,
    status: str = "asserted",
    primary: bool = False,
) -> Event:
    location = None
    if country or lat is not None:
        location = Location(
            name="Dorvan", country=country, latitude=lat, longitude=lon, precision="exact"
        )
    return Event(
        id=eid,
        primary=primary,
        event_type=etype,
        sub_event_type=sub,
        date=date,
        date_precision="day" if date else None,
        actor1=Actor(name="artillery", kind="unknown"),
        location=location,
        status=status,
        evidence=Evidence(text=TEXT[:68], start=0, end=68),
        confidence=0.7,
    )


def document(article_id: str, events: list[Event] | None = None, *, n_quotes: int = 1) -> Document:
    events = [event(primary=True)] if events is None else events
    return Document(
        article={"id": article_id, "language": "en"},
        events=events,
        ceasefires=[
            Ceasefire(
                id="c1",
                name="March ceasefire",
                announced="2024-03-01",
                evidence=Evidence(text=TEXT[69:120], start=69, end=120),
            )
        ],
        quotes=[
            Quote(
                speaker=Actor(name="a resident", kind="civilians"),
                text="We heard shells all night",
                start=133,
                end=159,
            )
        ][:n_quotes],
    )
