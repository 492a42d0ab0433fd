"""Alembic environment for the truceline store.

Run programmatically by `truceline.store.migrate.upgrade(url)` (which passes an open
connection in `config.attributes["connection"]`), or by the alembic CLI for writing new
revisions: `alembic -c src/truceline/store/alembic.ini revision -m "..."` (the URL is
`TRUCELINE_DB` or the default SQLite file).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from truceline.store.engine import make_engine, resolve_url
from truceline.store.models import Base

config = context.config
target_metadata = Base.metadata
# Any number for pg_advisory_xact_lock: two processes upgrading at once take turns.
_LOCK_KEY = 0x7472_7563


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        context.run_migrations()


if context.is_offline_mode():
    context.configure(
        url=resolve_url(config.get_main_option("sqlalchemy.url") or None),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
        with engine.connect() as conn:
            _run(conn)
        engine.dispose()
