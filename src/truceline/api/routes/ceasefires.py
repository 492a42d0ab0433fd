"""/api/ceasefires: the ceasefire registry of the last build, and each one's ledger."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from truceline.api.deps import DbSession, ReadAccess, State
from truceline.api.filters import Filters, incident_filters, parse_filters
from truceline.api.models import CeasefireItem
from truceline.api.pagination import Cursor, Limit, Page, offset_page
from truceline.api.responses import json_response
from truceline.api.routes.incidents import filtered_incidents
from truceline.api.state import Build
from truceline.errors import NotFoundError
from truceline.incidents.ledger import Ledger, render_csv, render_md
from truceline.incidents.registry import CeasefireRecord
from truceline.incidents.sides import side_country, side_label, side_of

router = APIRouter(prefix="/api/ceasefires", tags=["ceasefires"], dependencies=[ReadAccess])


def ceasefire_item(build: Build, record: CeasefireRecord) -> CeasefireItem:
    w = build.registry.window(record)
    return CeasefireItem(
        **record.model_dump(),
        party_labels=[side_label(side_of(p)) for p in record.parties],
        window_start=dt.date.fromordinal(w.start).isoformat() if w.start else None,
        window_end=dt.date.fromordinal(w.end).isoformat() if w.end else None,
        window_end_reason=w.end_reason,
        alleged_violations=build.violations.get(record.id, 0),
    )


def _matches(build: Build, record: CeasefireRecord, f: Filters) -> bool:
    if f.countries:
        countries = {side_country(side_of(p)) for p in record.parties}
        if record.area is not None:
            countries |= set(record.area.countries)
        if not countries & set(f.countries):
            return False
    if f.since or f.until:
        w = build.registry.window(record)
        if w.start is None:
            return False
        if f.until and w.start > f.until.toordinal():
            return False
        if f.since and w.end is not None and w.end < f.since.toordinal():
            return False
    return True


def registry_items(build: Build, f: Filters) -> list[CeasefireItem]:
    """The registry's ceasefires matching `f`, by start (undated last)."""
    records = sorted(build.registry.records, key=lambda r: (r.start() is None, r.start() or "",
                                                            r.id))  # fmt: skip
    return [ceasefire_item(build, r) for r in records if _matches(build, r, f)]


@router.get("", response_model=Page[CeasefireItem], summary="List the ceasefire registry")
def list_ceasefires(
    state: State,
    since: Annotated[str | None, Query(description="In force on or after this day.")] = None,
    until: Annotated[str | None, Query(description="In force on or before this day.")] = None,
    country: Annotated[
        list[str] | None,
        Query(description="A party's country or the area's (ISO3; repeat or join with commas)."),
    ] = None,
    with_violations: Annotated[
        bool, Query(description="Only ceasefires with alleged violations.")
    ] = False,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Any:
    """Ceasefires found in articles, imported from PA-X or from a user's YAML, merged,
    with the window in which incidents count against each, by start day."""
    f = parse_filters(since=since, until=until, countries=country)
    build = state.builds.current()
    items = registry_items(build, f)
    if with_violations:
        items = [i for i in items if i.alleged_violations]
    page, nxt = offset_page(items, cursor, limit, build.stamp)
    return json_response(Page[CeasefireItem](items=page, next_cursor=nxt, limit=limit))


def _record_or_404(state: Any, ceasefire_id: str) -> CeasefireRecord:
    record = state.builds.record(ceasefire_id)
    if record is None:
        raise NotFoundError(f"no ceasefire {ceasefire_id!r} in the registry "
                                 "(see /api/ceasefires)")  # fmt: skip
    return record  # type: ignore[no-any-return]


@router.get(
    "/{ceasefire_id}",
    response_model=CeasefireItem,
    summary="One ceasefire of the registry",
    responses={404: {"description": "No such ceasefire"}},
)
def get_ceasefire(ceasefire_id: str, state: State) -> Any:
    record = _record_or_404(state, ceasefire_id)
    return json_response(ceasefire_item(state.builds.current(), record))


@router.get(
    "/{ceasefire_id}/ledger",
    response_model=Ledger,
    summary="The violations ledger of one ceasefire",
    responses={
        200: {"content": {"text/markdown": {}, "text/csv": {}}},
        404: {"description": "No such ceasefire"},
    },
)
def get_ledger(
    ceasefire_id: str,
    state: State,
    session: DbSession,
    f: Annotated[Filters, Depends(incident_filters)],
    format: Annotated[
        Literal["json", "md", "csv"], Query(description="json, md (Markdown) or csv.")
    ] = "json",
) -> Any:
    """When it took effect, its window, the first alleged violation and how many hours
    after the start, alleged violations per day by accusing side, incidents by status,
    top places, and the evidence sentences behind every count. Filters narrow the
    incidents counted (e.g. `since`/`until` for a span, `country`, `bbox`)."""
    _record_or_404(state, ceasefire_id)
    f = dataclasses.replace(f, ceasefire=None)
    if f.is_empty() and format == "json":
        return Response(state.builds.ledger_json(ceasefire_id), media_type="application/json")
    if f.is_empty():
        ledger = state.builds.ledger(ceasefire_id)
    else:
        scoped = dataclasses.replace(f, ceasefire=ceasefire_id)
        ledger = state.builds.ledger_of(ceasefire_id, filtered_incidents(session, scoped))
    assert ledger is not None
    if format == "md":
        return Response(render_md([ledger]), media_type="text/markdown; charset=utf-8")
    if format == "csv":
        return Response(render_csv([ledger]), media_type="text/csv; charset=utf-8")
    return json_response(ledger)
