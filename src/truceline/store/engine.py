"""Engines and sessions from a database URL: SQLite (default) or PostgreSQL.

`resolve_url(None)` is the configured store (`TRUCELINE_DB`, else one SQLite file in
the user's data dir). SQLite runs in WAL mode with `synchronous=NORMAL`: a commit
survives the process being killed, readers do not block the writer, and
`busy_timeout` makes a second writer wait instead of failing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from truceline.errors import StoreError
from truceline.settings import get_settings

log = logging.getLogger(__name__)

SUPPORTED = ("sqlite", "postgresql")


def resolve_url(url: str | None) -> str:
    """The URL to use: `url`, else `TRUCELINE_DB`, else the default SQLite file.

    `postgres://` and `postgresql://` use psycopg 3; a bare path is read as a SQLite file.
    """
    url = url or get_settings().db
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser()}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not valid: {exc}") from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise StoreError(
            f"database URL {display_url(url)!r}: backend {parsed.get_backend_name()!r} is not "
            "supported; use sqlite:///FILE or postgresql://USER@HOST/DB"
        )
    return url


def display_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (see `resolve_url`); creates the SQLite file's directory."""
    url = resolve_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the directory of {path}: {exc}") from None
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 60)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
