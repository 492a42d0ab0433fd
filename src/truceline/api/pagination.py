"""Cursor pagination: pages in a stable order that rows added meanwhile do not shift.

Lists are ordered by a day (event day, incident day, publication day) and a unique id,
undated rows last. A page is read with a keyset condition (`(day, id) > (last day,
last id)`), which uses the day index on both backends; when the dated rows run out the
undated ones follow in id order. The cursor is the last row's key, in URL-safe base64
JSON: opaque to clients, meaningless to tamper with (a broken cursor is a 400).

Lists computed in memory (the ceasefire registry, outlets) page by position; their
cursor carries the build it was made for, and a cursor of an older build is refused.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, Select, tuple_
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from truceline.errors import BadParameterError

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
]
Cursor = Annotated[
    str | None, Query(description="`next_cursor` of the previous page; omit for the first.")
]


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_cursor` is null on the last page."""

    model_config = ConfigDict(extra="forbid")

    items: list[T]
    next_cursor: str | None = None
    limit: int


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != size:
        raise BadParameterError(f"cursor {cursor[:40]!r} is not a cursor of this list: start again "
                          "without one")  # fmt: skip
    return key


def keyset_page(
    session: Session,
    stmt: Select[Any],
    day: Column[Any],
    key: Column[Any],
    cursor: str | None,
    limit: int,
) -> tuple[list[Row[Any]], str | None]:
    """One page of `stmt` in (day, key) order, undated rows last; and the next cursor.

    The key of each row is read from the selected columns named `day.name`/`key.name`
    (select them under those labels).
    """
    phase, last_day, last_key = 0, None, None
    if cursor:
        phase, last_day, last_key = decode_cursor(cursor, 3)
        if phase not in (0, 1):
            raise BadParameterError("cursor is not a cursor of this list: start again without one")
        if last_day is not None:
            try:
                last_day = dt.date.fromisoformat(last_day)
            except (TypeError, ValueError):
                raise BadParameterError("cursor is not a cursor of this list") from None
    rows: list[Row[Any]] = []
    if phase == 0:
        q = stmt.where(day.is_not(None))
        if last_day is not None:
            q = q.where(tuple_(day, key) > tuple_(last_day, last_key))
        rows = list(session.execute(q.order_by(day, key).limit(limit + 1)))
        if len(rows) > limit:
            rows = rows[:limit]
            last = rows[-1]
            return rows, encode_cursor([0, _iso(last._mapping[day.name]),
                                        last._mapping[key.name]])  # fmt: skip
        last_key = None
    remaining = limit - len(rows)
    q = stmt.where(day.is_(None))
    if last_key is not None:
        q = q.where(key > last_key)
    more = list(session.execute(q.order_by(key).limit(remaining + 1)))
    if len(more) > remaining:
        more = more[:remaining]
        next_key = more[-1]._mapping[key.name] if more else last_key
        return rows + more, encode_cursor([1, None, next_key])
    return rows + more, None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def offset_page(
    items: Sequence[T], cursor: str | None, limit: int, build: str
) -> tuple[list[T], str | None]:
    """A page of an in-memory list; the cursor is (build, position)."""
    start = 0
    if cursor:
        made_for, start = decode_cursor(cursor, 2)
        if made_for != build or not isinstance(start, int) or start < 0:
            raise BadParameterError("cursor is from an older build of the incidents: start again "
                              "without one")  # fmt: skip
    page = list(items[start : start + limit])
    nxt = start + limit
    return page, encode_cursor([build, nxt]) if nxt < len(items) else None
