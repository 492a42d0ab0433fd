"""/api/outlets and /api/export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from truceline.api.deps import DbSession, ReadAccess, State
from truceline.api.filters import Filters, incident_filters
from truceline.api.pagination import Cursor, Limit, Page, offset_page
from truceline.api.responses import json_response
from truceline.api.routes.incidents import filtered_incidents
from truceline.exports import export
from truceline.incidents.outlets import OutletProfile, outlet_profiles

router = APIRouter(dependencies=[ReadAccess])

EXPORTS = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}


@router.get(
    "/api/outlets", response_model=Page[OutletProfile], tags=["outlets"],
    summary="Outlet profiles: whose claims each outlet carries",
)  # fmt: skip
def list_outlets(
    state: State,
    session: DbSession,
    f: Annotated[Filters, Depends(incident_filters)],
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Any:
    """For each outlet, over its mentions in incidents (matching the filters): the
    share attributed to each claimant side and the share stated in its own voice.
    The most prolific outlets first."""
    build = state.builds.current()
    if f.is_empty():
        profiles = state.builds.outlets()
    else:
        profiles = outlet_profiles(filtered_incidents(session, f))
    key = build.stamp + "|" + repr(f)
    page, nxt = offset_page(profiles, cursor, limit, key)
    return json_response(Page[OutletProfile](items=page, next_cursor=nxt, limit=limit))


@router.get(
    "/api/export",
    tags=["export"],
    summary="Export incidents: ACLED-style CSV, GeoJSON or Parquet",
    response_class=Response,
    responses={200: {"content": {t: {} for t, _ in EXPORTS.values()}}},
)
def export_incidents(
    session: DbSession,
    f: Annotated[Filters, Depends(incident_filters)],
    format: Annotated[
        Literal["acled-csv", "geojson", "parquet"], Query(description="The file format.")
    ] = "geojson",
    unit: Annotated[
        Literal["incident", "event"],
        Query(description="One row per incident or per event mention (CSV, Parquet)."),
    ] = "incident",
) -> Response:
    """Every incident matching the filters, written by `truceline export`'s functions:
    ACLED's columns and date format (truceline's findings in `tags`), a GeoJSON
    FeatureCollection of points, or Parquet with truceline's columns."""
    incs = filtered_incidents(session, f)
    media_type, suffix = EXPORTS[format]
    handle = tempfile.NamedTemporaryFile(prefix="truceline-export-", suffix="." + suffix,
                                         delete=False)  # fmt: skip
    handle.close()
    path = Path(handle.name)
    try:
        export(incs, format, path, unit)
        data = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    name = f"truceline-incidents.{suffix}"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
