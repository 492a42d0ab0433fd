"""/api/status: the server and what is in its store, for the people who watch it (the
dashboard's /status page shows the same)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.api.deps import DbSession, ReadAccess, State
from truceline.api.models import ApiStatus
from truceline.api.responses import json_response
from truceline.api.state import ApiState
from truceline.incidents.persist import incidents
from truceline.store.models import articles, events, extractions
from truceline.version import __version__

router = APIRouter(dependencies=[ReadAccess])


def _count(session: Session, table: Any, *where: Any) -> int:
    return int(session.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def store_status(session: Session, state: ApiState) -> ApiStatus:
    """Counts of what is stored and built, the last ingest and the extractor versions."""
    build = state.builds.current()
    by_extraction = session.execute(
        select(extractions.c.status, func.count()).group_by(extractions.c.status)
    ).all()
    versions = session.execute(
        select(extractions.c.extractor_version, func.count())
        .where(extractions.c.extractor_version.is_not(None))
        .group_by(extractions.c.extractor_version)
    ).all()
    return ApiStatus(
        version=__version__,
        built_at=build.stamp or None,
        ceasefires=len(build.registry.records),
        read_auth=state.settings.read_auth,
        articles=_count(session, articles),
        articles_by_extraction={str(k): int(v) for k, v in by_extraction},
        events=_count(session, events),
        events_undated=_count(session, events, events.c.date.is_(None)),
        incidents=_count(session, incidents),
        incidents_undated=_count(session, incidents, incidents.c.date.is_(None)),
        alleged_violations=_count(session, incidents, incidents.c.violation.is_(True)),
        last_ingest=session.execute(select(func.max(articles.c.ingested_at))).scalar(),
        extractor_versions={str(v): int(n) for v, n in versions},
    )


@router.get("/api/status", response_model=ApiStatus, tags=["status"], summary="Server status")
def status(state: State, session: DbSession) -> Any:
    """The version, when the incidents served were built, and what the store holds:
    articles (by extraction outcome), events and incidents (and how many of them have no
    day), alleged violations, ceasefires in the registry, the last ingest and the
    extractor versions that read the articles."""
    return json_response(store_status(session, state))
