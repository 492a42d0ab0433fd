"""API tokens: bearer tokens for writing (`POST /api/articles`) and, if configured, reading.

A token is `tl_<id>_<secret>`: `id` names it in listings, `secret` is 32 random bytes
(URL-safe base64). The store keeps only the SHA-256 of the secret (a random secret of
that length needs no slow hash), so a leaked database does not leak usable tokens; the
token itself is shown once, by `truceline token create`.

Table (revision 0003, on the store's `Base.metadata`):

    api_tokens   id, name, secret_hash, created_at, last_used_at, revoked_at
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, String, Table, Text, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truceline.errors import StoreError
from truceline.store.models import Base
from truceline.store.session import commit

PREFIX = "tl"
TS = DateTime(timezone=True)

api_tokens = Table(
    "api_tokens",
    Base.metadata,
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("last_used_at", TS),
    Column("revoked_at", TS),
)


@dataclass(slots=True, frozen=True)
class TokenInfo:
    """A stored token, without its secret."""

    id: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _info(row: object) -> TokenInfo:
    return TokenInfo(
        id=row.id,  # type: ignore[attr-defined]
        name=row.name,  # type: ignore[attr-defined]
        created_at=row.created_at,  # type: ignore[attr-defined]
        last_used_at=row.last_used_at,  # type: ignore[attr-defined]
        revoked_at=row.revoked_at,  # type: ignore[attr-defined]
    )


def create_token(session: Session, name: str) -> tuple[str, TokenInfo]:
    """Store a new token named `name`; returns the token (shown once) and its record."""
    name = name.strip()
    if not name:
        raise ValueError("a token needs a name (who or what uses it)")
    token_id = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    now = _now()
    try:
        session.execute(
            api_tokens.insert().values(
                id=token_id, name=name, secret_hash=_hash(secret), created_at=now
            )
        )
    except SQLAlchemyError as exc:
        session.rollback()
        raise StoreError(f"storing token {name!r}: {exc}") from None
    commit(session, f"storing token {name!r}")
    return f"{PREFIX}_{token_id}_{secret}", TokenInfo(token_id, name, now, None, None)


def list_tokens(session: Session) -> list[TokenInfo]:
    """Every token (revoked ones too), oldest first."""
    rows = session.execute(select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.id))
    out = [_info(r) for r in rows]
    session.rollback()
    return out


def revoke_token(session: Session, token_id: str) -> bool:
    """Revoke the token with this id; False when there is no such active token."""
    result = session.execute(
        update(api_tokens)
        .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=_now())
    )
    commit(session, f"revoking token {token_id}")
    return bool(result.rowcount)  # type: ignore[attr-defined]


def verify_token(session: Session, token: str, *, record_use: bool = True) -> TokenInfo | None:
    """The active token matching `token` (recording its use), or None if none matches."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    _, token_id, secret = parts
    row = session.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
    if row is None or row.revoked_at is not None:
        session.rollback()
        return None
    if not hmac.compare_digest(row.secret_hash, _hash(secret)):
        session.rollback()
        return None
    if not record_use:
        session.rollback()
        return _info(row)
    session.execute(
        update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=_now())
    )
    commit(session, f"recording the use of token {token_id}")
    return _info(row)
