"""What the app holds across requests: the engine, settings, and the current build.

Incidents, the ceasefire registry and ledgers come from the last `incidents build`
stored in the database (`truceline serve` builds first when the store changed since).
`BuildCache` keeps the registry and computed ledgers of that build in memory and
notices a new build (checked at most every `recheck_seconds`): a ledger request then
costs a dictionary lookup, not a pass over every incident.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from truceline.incidents.ledger import Ledger, build_ledger
from truceline.incidents.model import Incident
from truceline.incidents.outlets import OutletProfile, outlet_profiles
from truceline.incidents.persist import (
    incidents,
    load_incidents,
    load_registry,
    registry_ceasefires,
)
from truceline.incidents.registry import OPEN_DAYS, CeasefireRecord, Registry
from truceline.incidents.reviews import rejected_in_store
from truceline.settings import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Build:
    """One stored build of incidents and its registry, with what was computed from it."""

    stamp: str  # the build time, "" when nothing was built
    registry: Registry
    violations: dict[str, int]  # registry id -> alleged violations
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    ledger_json: dict[str, bytes] = field(default_factory=dict)
    outlets: list[OutletProfile] | None = None
    rejected: dict[str, list[str]] = field(default_factory=dict)  # see incidents.reviews


class BuildCache:
    """The current build, reloaded when `incidents build` has stored a newer one."""

    def __init__(self, sessions: sessionmaker[Session], recheck_seconds: float = 2.0) -> None:
        self.sessions = sessions
        self.recheck_seconds = recheck_seconds
        self._build: Build | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def current(self) -> Build:
        """The current build; at most every `recheck_seconds` one request looks for a
        newer one (a one-row query) while the others go on with the build they have."""
        build = self._build
        if build is not None and time.monotonic() - self._checked < self.recheck_seconds:
            return build
        if build is not None and not self._lock.acquire(blocking=False):
            return build  # another thread is checking
        if build is None:
            self._lock.acquire()
        try:
            if self._build is not None and time.monotonic() - self._checked < (
                self.recheck_seconds
            ):
                return self._build
            with self.sessions() as session:
                stamp = build_stamp(session)
                if self._build is None or self._build.stamp != stamp:
                    self._build = self._load(session, stamp)
            self._checked = time.monotonic()
            return self._build
        finally:
            self._lock.release()

    def _load(self, session: Session, stamp: str) -> Build:
        registry = Registry(load_registry(session), open_days=OPEN_DAYS)
        counts = session.execute(
            select(incidents.c.ceasefire_id, func.count())
            .where(incidents.c.violation.is_(True), incidents.c.ceasefire_id.is_not(None))
            .group_by(incidents.c.ceasefire_id)
        ).all()
        log.info("loaded build %s: %d ceasefires", stamp or "(none)", len(registry.records))
        build = Build(stamp, registry, {cid: n for cid, n in counts})
        build.rejected = rejected_in_store(session, registry)
        return build

    def record(self, ceasefire_id: str) -> CeasefireRecord | None:
        return self.current().registry.get(ceasefire_id)

    def ledger(self, ceasefire_id: str) -> Ledger | None:
        """The whole ledger of one ceasefire (computed once per build)."""
        build = self.current()
        cached = build.ledgers.get(ceasefire_id)
        if cached is not None:
            return cached
        record = build.registry.get(ceasefire_id)
        if record is None:
            return None
        with self.sessions() as session:
            incs = load_incidents(session, ceasefire_id=ceasefire_id)
        ledger = build_ledger(
            record, incs, build.registry, rejected=build.rejected.get(ceasefire_id, ())
        )
        build.ledgers[ceasefire_id] = ledger
        return ledger

    def ledger_json(self, ceasefire_id: str) -> bytes | None:
        """The whole ledger as JSON (serialised once per build: ledgers can be large)."""
        build = self.current()
        cached = build.ledger_json.get(ceasefire_id)
        if cached is None:
            ledger = self.ledger(ceasefire_id)
            if ledger is None:
                return None
            cached = build.ledger_json[ceasefire_id] = ledger.model_dump_json().encode()
        return cached

    def ledger_of(self, ceasefire_id: str, incs: list[Incident]) -> Ledger | None:
        """The ledger of one ceasefire over a filtered set of its incidents."""
        build = self.current()
        record = build.registry.get(ceasefire_id)
        if record is None:
            return None
        return build_ledger(
            record, incs, build.registry, rejected=build.rejected.get(ceasefire_id, ())
        )

    def outlets(self) -> list[OutletProfile]:
        build = self.current()
        if build.outlets is None:
            with self.sessions() as session:
                build.outlets = outlet_profiles(load_incidents(session))
        return build.outlets


def build_stamp(session: Session) -> str:
    """When the stored build was made ("" if never). `save_build` writes every row of a
    build with the same `built_at` in one transaction, so one row tells (no scan)."""
    for table in (incidents, registry_ceasefires):
        built = session.execute(select(table.c.built_at).limit(1)).scalar()
        if built is not None:
            return built.isoformat() if isinstance(built, dt.datetime) else str(built)
    return ""


@dataclass(slots=True)
class ApiState:
    """Everything the routes need, on `app.state.truceline`."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    builds: BuildCache
    allow_private_urls: bool = False
    ingest: Any = None  # truceline.api.ingest.PostIngestor, made on the first POST
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
