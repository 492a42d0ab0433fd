"""The query filters every list endpoint shares, and what they mean in SQL.

    since, until   a day span, inclusive (events and incidents: their day; articles:
                   publication day)
    bbox           MIN_LON,MIN_LAT,MAX_LON,MAX_LAT
    type           event types or sub-event types (repeat the parameter or join with ",")
    country        ISO3 of the place (repeatable, ","-joined)
    status         events: asserted/alleged/denied/...; incidents: corroborated/one-sided/
                   contested/unattributed (repeatable, ","-joined)
    ceasefire      a registry id (`/api/ceasefires`): incidents assigned to it, events in them
    violation      incidents alleged to violate their ceasefire (events: the event's own
                   flag, set when its article says it broke a ceasefire)

`events` and `incidents` share the column names these filters read (date, event_type,
sub_event_type, country, status, latitude, longitude), so one function writes the
conditions for both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Query, Request
from sqlalchemy import Table, exists, func, or_, select
from sqlalchemy.orm import Session

from truceline.countries import all_countries
from truceline.errors import BadParameterError, ConfigError
from truceline.incidents.model import INCIDENT_STATUSES
from truceline.incidents.persist import incident_mentions, incidents
from truceline.schemas import EVENT_TYPES, Status
from truceline.store.models import events
from truceline.store.query import BBox, check_types

EVENT_STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


@dataclass(slots=True, frozen=True)
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | None = None
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ceasefire: str | None = None
    violation: bool | None = None

    def is_empty(self) -> bool:
        return self == Filters()


@lru_cache(maxsize=1)
def _known_countries() -> frozenset[str]:
    return frozenset(all_countries())


def _split(values: Sequence[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or ():
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(dict.fromkeys(out))


def _day(value: str | None, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)  # type: ignore[arg-type]
    except ValueError:
        raise BadParameterError(
            f"{name}={value!r} is not a date: give YYYY-MM-DD, e.g. 2020-10-10"
        ) from None


def _statuses(values: tuple[str, ...], valid: Sequence[str], what: str) -> tuple[str, ...]:
    for v in values:
        if v not in valid:
            raise BadParameterError(
                f"status={v!r} is not a status of {what}; give one of: {', '.join(valid)}"
            )
    return values


def parse_filters(
    *,
    since: str | None = None,
    until: str | None = None,
    bbox: str | None = None,
    types: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    ceasefire: str | None = None,
    violation: bool | None = None,
    status_of: str = "events",
) -> Filters:
    """Filters from query values; BadParameterError (400) naming a value that is not
    valid and the form accepted."""
    f_since, f_until = _day(since, "since"), _day(until, "until")
    if f_since and f_until and f_since > f_until:
        raise BadParameterError(f"since={since} is after until={until}: swap them")
    codes = _split(countries)
    for c in codes:
        if not _ISO3.match(c) or c.upper() not in _known_countries():
            raise BadParameterError(
                f"country={c!r} is not a country code: give ISO 3166 alpha-3 codes such "
                "as UKR or AZE,ARM"
            )
    valid = INCIDENT_STATUSES if status_of == "incidents" else EVENT_STATUSES
    try:  # the store's own checks, as the API's error
        box = BBox.parse(bbox) if bbox else None
        kinds = check_types(_split(types))
    except ConfigError as exc:
        raise BadParameterError(str(exc)) from None
    return Filters(
        since=f_since,
        until=f_until,
        bbox=box,
        types=kinds,
        countries=tuple(c.upper() for c in codes),
        statuses=_statuses(_split(statuses), valid, status_of),
        ceasefire=ceasefire or None,
        violation=violation,
    )


# FastAPI dependencies: the same parameters, documented once.
Since = Annotated[str | None, Query(description="First day (YYYY-MM-DD), inclusive.")]
Until = Annotated[str | None, Query(description="Last day (YYYY-MM-DD), inclusive.")]
Bbox = Annotated[
    str | None,
    Query(description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT: places inside this box."),
]
Types = Annotated[
    list[str] | None,
    Query(
        alias="type",
        description="Event types or sub-event types (repeat, or join with commas).",
    ),
]
Countries = Annotated[
    list[str] | None,
    Query(alias="country", description="ISO3 codes of the place (repeat, or join with commas)."),
]
Ceasefire = Annotated[
    str | None, Query(description="A ceasefire's registry id (see /api/ceasefires).")
]
Violation = Annotated[
    bool | None,
    Query(description="true: only alleged ceasefire violations; false: only the others."),
]


def check_ceasefire(request: Request, f: Filters) -> Filters:
    """`f`, or BadParameterError if its ceasefire is not in the registry of the build."""
    if f.ceasefire and request.app.state.truceline.builds.record(f.ceasefire) is None:
        raise BadParameterError(
            f"ceasefire={f.ceasefire!r} is not in the ceasefire registry: give a registry "
            "id as listed by /api/ceasefires"
        )
    return f


async def event_filters(
    request: Request,
    since: Since = None,
    until: Until = None,
    bbox: Bbox = None,
    types: Types = None,
    countries: Countries = None,
    status: Annotated[
        list[str] | None,
        Query(description="Event statuses: " + ", ".join(EVENT_STATUSES) + "."),
    ] = None,
    ceasefire: Ceasefire = None,
    violation: Violation = None,
) -> Filters:
    f = parse_filters(
        since=since, until=until, bbox=bbox, types=types, countries=countries,
        statuses=status, ceasefire=ceasefire, violation=violation, status_of="events",
    )  # fmt: skip
    return check_ceasefire(request, f)


async def incident_filters(
    request: Request,
    since: Since = None,
    until: Until = None,
    bbox: Bbox = None,
    types: Types = None,
    countries: Countries = None,
    status: Annotated[
        list[str] | None,
        Query(description="Incident statuses: " + ", ".join(INCIDENT_STATUSES) + "."),
    ] = None,
    ceasefire: Ceasefire = None,
    violation: Violation = None,
) -> Filters:
    f = parse_filters(
        since=since, until=until, bbox=bbox, types=types, countries=countries,
        statuses=status, ceasefire=ceasefire, violation=violation, status_of="incidents",
    )  # fmt: skip
    return check_ceasefire(request, f)


# -- SQL -----------------------------------------------------------------------------
def place_conditions(table: Table, f: Filters, *, box_by_index: bool = True) -> list[Any]:
    """Day span, types, countries, statuses and box, on `events` or `incidents`.

    `box_by_index` False writes the box so that no index on latitude/longitude can
    serve it (`latitude + 0`): for a box holding many rows, reading in day order and
    checking the box is far faster than sorting every row in it (see `dense_box`)."""
    c: list[Any] = []
    if f.since:
        c.append(table.c.date >= f.since)
    if f.until:
        c.append(table.c.date <= f.until)
    if f.types:
        # Each name is an event type or a sub-event type: one IN per column, so that the
        # (column, date, id) index serves a query naming only one kind.
        kinds = [t for t in f.types if t in EVENT_TYPES]
        subs = [t for t in f.types if t not in EVENT_TYPES]
        either = []
        if kinds:
            either.append(table.c.event_type.in_(kinds))
        if subs:
            either.append(table.c.sub_event_type.in_(subs))
        c.append(either[0] if len(either) == 1 else or_(*either))
    if f.countries:
        c.append(table.c.country.in_(f.countries))
    if f.statuses:
        c.append(table.c.status.in_(f.statuses))
    if f.bbox:
        b = f.bbox
        lat: Any = table.c.latitude
        lon: Any = table.c.longitude
        if not box_by_index:
            lat, lon = lat + 0, lon + 0
        c.append(lat.between(b.min_lat, b.max_lat))
        c.append(lon.between(b.min_lon, b.max_lon))
    return c


DENSE_BOX_ROWS = 1000


def dense_box(session: Session, table: Table, box: BBox) -> bool:
    """Whether at least DENSE_BOX_ROWS rows lie in `box` (an index-only count, capped).

    A page of a box with few rows is fastest from the latitude/longitude index and a
    sort of those rows; a box with many is fastest read in day order, stopping at the
    page's end. This probe picks between the two plans.
    """
    inside = (
        select(table.c.id)
        .where(table.c.latitude.between(box.min_lat, box.max_lat),
               table.c.longitude.between(box.min_lon, box.max_lon))
        .limit(DENSE_BOX_ROWS)
        .subquery()
    )  # fmt: skip
    return session.execute(select(func.count()).select_from(inside)).scalar_one() >= (
        DENSE_BOX_ROWS
    )


def _violation(column: Any, wanted: bool) -> Any:
    return column.is_(True) if wanted else or_(column.is_(False), column.is_(None))


def incident_conditions(f: Filters) -> list[Any]:
    c = place_conditions(incidents, f)
    if f.ceasefire:
        c.append(incidents.c.ceasefire_id == f.ceasefire)
    if f.violation is not None:
        c.append(_violation(incidents.c.violation, f.violation))
    return c


def event_conditions(f: Filters, *, box_by_index: bool = True) -> list[Any]:
    """Conditions on `events`. `ceasefire`: events in the incidents assigned to it;
    `violation`: the event's own flag (its article says it broke a ceasefire)."""
    c = place_conditions(events, f, box_by_index=box_by_index)
    if f.violation is not None:
        c.append(_violation(events.c.violation, f.violation))
    if f.ceasefire:
        c.append(
            exists(
                select(incident_mentions.c.incident_id)
                .join(incidents, incidents.c.id == incident_mentions.c.incident_id)
                .where(
                    incident_mentions.c.article_id == events.c.article_id,
                    incident_mentions.c.event_id == events.c.event_id,
                    incidents.c.ceasefire_id == f.ceasefire,
                )
            )
        )
    return c
