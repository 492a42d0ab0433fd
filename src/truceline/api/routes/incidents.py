"""/api/incidents and /api/timeline: incidents of the last build, and alleged violations
per day by accusing side."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import TypeAdapter
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from truceline.api.deps import DbSession, ReadAccess
from truceline.api.filters import Filters, incident_conditions, incident_filters
from truceline.api.models import IncidentSummary, TimelineRow
from truceline.api.pagination import Cursor, Limit, Page, keyset_page
from truceline.api.responses import json_list_response, json_response, raw_page
from truceline.errors import NotFoundError
from truceline.incidents.model import Incident
from truceline.incidents.persist import incidents
from truceline.incidents.sides import UNATTRIBUTED, side_label

router = APIRouter(tags=["incidents"], dependencies=[ReadAccess])
_SELECT = select(incidents.c.id, incidents.c.date, incidents.c.data)
_SELECT_RAW = select(incidents.c.id, incidents.c.date, cast(incidents.c.data, Text).label("data"))
_timeline = TypeAdapter(list[TimelineRow])


def summary_of(data: dict[str, Any]) -> IncidentSummary:
    """The summary of a stored incident (its JSON), without validating the mentions."""
    fields = {k: v for k, v in data.items() if k in IncidentSummary.model_fields}
    sides = data.get("accusing_sides") or []
    return IncidentSummary(
        **fields,
        accusing_side_labels=[side_label(s) for s in sides],
        n_mentions=len(data.get("mentions") or ()),
    )


def filtered_incidents(session: Session, f: Filters) -> list[Incident]:
    """Every incident of the last build matching `f`, by day."""
    stmt = (
        select(incidents.c.data)
        .where(*incident_conditions(f))
        .order_by(incidents.c.date, incidents.c.id)
    )
    return [Incident.model_validate(d) for d in session.execute(stmt).scalars()]


@router.get(
    "/api/incidents",
    response_model=Page[Incident] | Page[IncidentSummary],
    summary="List incidents",
)
def list_incidents(
    session: DbSession,
    f: Annotated[Filters, Depends(incident_filters)],
    view: Annotated[
        Literal["full", "summary"],
        Query(description="`summary` leaves out the mentions (for maps and tables)."),
    ] = "full",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Any:
    """Incidents of the last `incidents build`, by first day (undated last): one
    happening merged from the events of many articles, with its status (corroborated,
    one-sided, contested, unattributed), accusing sides and, in `full`, every mention
    with its evidence sentence."""
    if view == "full":  # the stored Incident JSON as it is (see responses.raw_page)
        stmt = _SELECT_RAW.where(*incident_conditions(f))
        rows, nxt = keyset_page(session, stmt, incidents.c.date, incidents.c.id, cursor, limit)
        return raw_page([r.data for r in rows], nxt, limit)
    stmt = _SELECT.where(*incident_conditions(f))
    rows, nxt = keyset_page(session, stmt, incidents.c.date, incidents.c.id, cursor, limit)
    page = Page[IncidentSummary](
        items=[summary_of(r.data) for r in rows], next_cursor=nxt, limit=limit
    )
    return json_response(page)


@router.get(
    "/api/incidents/{incident_id}",
    response_model=Incident,
    summary="One incident with every mention",
    responses={404: {"description": "No such incident"}},
)
def get_incident(incident_id: str, session: DbSession) -> Any:
    data = session.execute(
        select(incidents.c.data).where(incidents.c.id == incident_id)
    ).scalar_one_or_none()
    if data is None:
        raise NotFoundError(
            f"no incident {incident_id!r} in the last build (ids as listed by /api/incidents)"
        )
    return json_response(Incident.model_validate(data))


@router.get(
    "/api/timeline",
    response_model=list[TimelineRow],
    summary="Alleged violations per day by accusing side",
)
def timeline(session: DbSession, f: Annotated[Filters, Depends(incident_filters)]) -> Any:
    """Incidents alleged to violate their ceasefire, counted per day and accusing side
    (an incident alleged by two sides counts once for each; one stated only in an
    outlet's own voice counts as unattributed), as in the ledger. `violation` is
    implied; undated incidents are left out."""
    stmt = (
        select(incidents.c.id, incidents.c.date, incidents.c.data)
        .where(*incident_conditions(f), incidents.c.violation.is_(True),
               incidents.c.date.is_not(None))
        .order_by(incidents.c.date, incidents.c.id)
    )  # fmt: skip
    per_day: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in session.execute(stmt):
        for side in r.data.get("accusing_sides") or [UNATTRIBUTED]:
            per_day[(r.date.isoformat(), side)].append(r.id)
    rows = [
        TimelineRow(date=d, side=s, side_label=side_label(s), count=len(ids), incidents=ids)
        for (d, s), ids in sorted(per_day.items())
    ]
    return json_list_response(_timeline, rows)
