"""Request dependencies: the app state, a database session, and the token checks.

Writing (`POST /api/articles`) always needs `Authorization: Bearer <token>` (tokens
from `truceline token create`). Reading is open unless `read_auth` is set; then a
bearer token or the dashboard's login cookie (set by `/login`, HttpOnly, SameSite
Strict) is needed. The cookie never authorises writes, so a page on another site
cannot make a logged-in browser post articles.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from truceline.api.state import ApiState
from truceline.api.tokens import TokenInfo, verify_token

COOKIE = "truceline_token"
bearer = HTTPBearer(
    auto_error=False,
    description="A token from `truceline token create`.",
)


# The dependencies are `async def` where they do not block: FastAPI runs a plain `def`
# dependency in its thread pool, a thread hop per dependency per request.
async def get_state(request: Request) -> ApiState:
    return request.app.state.truceline  # type: ignore[no-any-return]


State = Annotated[ApiState, Depends(get_state)]


async def get_session(state: State) -> AsyncIterator[Session]:
    # Opening a Session connects nothing; the route (run in the thread pool) does.
    with state.sessions() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": 'Bearer realm="truceline"'})


def _check(state: ApiState, token: str, record_use: bool) -> TokenInfo | None:
    with state.sessions() as session:
        return verify_token(session, token, record_use=record_use)


def require_write(state: State, credentials: Credentials) -> TokenInfo:
    if credentials is None:
        raise _unauthorised(
            "this needs a bearer token: `Authorization: Bearer <token>` "
            "(create one with `truceline token create --name NAME`)"
        )
    info = _check(state, credentials.credentials, record_use=True)
    if info is None:
        raise _unauthorised("the bearer token is not valid (unknown or revoked)")
    return info


async def require_read(request: Request, state: State, credentials: Credentials) -> None:
    if not state.settings.read_auth:
        return
    token = credentials.credentials if credentials is not None else request.cookies.get(COOKIE)
    if not token:
        raise _unauthorised(
            "reading needs a token on this server: `Authorization: Bearer <token>`, "
            "or log in to the dashboard at /login"
        )
    if await run_in_threadpool(_check, state, token, False) is None:
        raise _unauthorised("the token is not valid (unknown or revoked)")


ReadAccess = Depends(require_read)
WriteToken = Annotated[TokenInfo, Depends(require_write)]
