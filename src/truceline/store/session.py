"""One session on the store at a URL, for commands that open it, use it and leave."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truceline.errors import StoreError
from truceline.store.engine import make_engine
from truceline.store.migrate import require_current, upgrade


@contextmanager
def store_session(
    db: str | None, *, schema: Literal["upgrade", "current"] | None = "upgrade"
) -> Iterator[Session]:
    """A session on the store at `db` (see `resolve_url`); the engine is closed after.

    `schema`: "upgrade" migrates to the newest revision first (commands that write),
    "current" refuses a store that is not at it (read-only commands), None checks nothing.
    """
    engine = make_engine(db)
    try:
        if schema == "upgrade":
            upgrade(engine)
        elif schema == "current":
            require_current(engine)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def commit(session: Session, what: str) -> None:
    """Commit `session`; on a database error roll back and raise `StoreError` saying `what`
    was being written."""
    try:
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        raise StoreError(f"{what}: {exc}") from None
