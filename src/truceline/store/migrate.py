"""Schema migrations (Alembic, shipped in `truceline/store/migrations/`).

`upgrade(url)` brings a database to the newest revision; commands that write
(`ingest`, `reextract`) call it, commands that only read call `require_current`,
which says what to run when the schema is missing or old.

Several processes may start on a fresh store at once (four `ingest` runs, a server
and an ingest): one migrates while the others wait, then find the schema current.
PostgreSQL serialises them with a transaction-level advisory lock (taken in
`migrations/env.py`), SQLite with a lock file beside the database
(`<file>.migrate-lock`, kept: removing a lock file while another process waits on
it would let a third one in).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from truceline.errors import StoreError
from truceline.store.engine import display_url, make_engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_SECONDS = 300  # longest wait for another process's migration


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the store {display_url(str(engine.url))}: {exc}") from None


def upgrade(url_or_engine: str | Engine | None = None, revision: str = "head") -> str:
    """Migrate the database to `revision` (default: newest); returns the revision it is at."""
    engine = url_or_engine if isinstance(url_or_engine, Engine) else make_engine(url_or_engine)
    try:
        with _migration_lock(engine), engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
        at = current_revision(engine)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot migrate the store {display_url(str(engine.url))}: {exc}"
        ) from None
    finally:
        if not isinstance(url_or_engine, Engine):
            engine.dispose()
    log.info("store %s at revision %s", display_url(str(engine.url)), at)
    return at or ""


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """For a SQLite file: hold `<file>.migrate-lock` (other engines lock in the database)."""
    database = engine.url.database
    # (a `file:` URI has no plain path to put a lock file beside)
    if engine.dialect.name != "sqlite" or not database or database.startswith((":", "file:")):
        yield
        return
    lock = FileLock(f"{database}.migrate-lock", timeout=LOCK_SECONDS)
    try:
        with lock:
            yield
    except Timeout:
        raise StoreError(
            f"cannot migrate the store {display_url(str(engine.url))}: another process has "
            f"held {lock.lock_file} for {LOCK_SECONDS} s; if none is running, delete that file"
        ) from None


def require_current(engine: Engine) -> None:
    """Raise StoreError unless the schema is at the newest revision."""
    at = current_revision(engine)
    head = head_revision()
    if at != head:
        where = display_url(str(engine.url))
        state = "has no truceline schema" if at is None else f"is at revision {at}, not {head}"
        raise StoreError(
            f"the store {where} {state}: run `truceline db upgrade --db {where}` "
            "(or `truceline ingest`, which creates it)"
        )
