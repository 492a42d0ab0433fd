"""The REST API (FastAPI): `create_app(settings | db_url) -> FastAPI`.

app.py         the app factory: middleware, routers, static files, docs
routes/        one router per resource (articles, events, incidents, ceasefires,
               outlets and export)
filters.py     the shared query filters and their SQL
pagination.py  cursor pages
deps.py        sessions, token checks
tokens.py      API tokens (hashed, in the store: migration 0003)
ingest.py      POST /api/articles through the ingest worker
state.py       the app's state and the cached build (registry, ledgers)
security.py    Content-Security-Policy and hardening headers
errors.py      one renderer for errors (status from the exception class)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truceline.api.app import create_app


def __getattr__(name: str) -> Any:
    # Lazy: the migrations import `truceline.api.tokens` and should not load FastAPI.
    if name == "create_app":
        from truceline.api.app import create_app

        return create_app
    raise AttributeError(f"module 'truceline.api' has no attribute {name!r}")


__all__ = ["create_app"]
