"""The FastAPI app: REST API under /api, the dashboard pages, OpenAPI docs at /docs.

`create_app(settings_or_db_url)` migrates the store to the newest schema and returns
the app; `truceline serve` runs it with uvicorn. Nothing is loaded from other
servers: Leaflet, the country outlines of the fallback map layer and Swagger UI are
served from `truceline/web/static/vendor/`, and the Content-Security-Policy allows
scripts only from this server.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from truceline.api import errors
from truceline.api.body_limit import BodyLimit
from truceline.api.routes import (
    articles,
    ceasefires,
    events,
    incidents,
    outlets,
    review,
    status,
)
from truceline.api.security import SecurityHeaders, content_security_policy
from truceline.api.state import ApiState, BuildCache
from truceline.settings import Settings, get_settings
from truceline.store.engine import make_engine, session_factory
from truceline.store.migrate import upgrade
from truceline.version import __version__
from truceline.web import STATIC_DIR
from truceline.web import pages as web_pages
from truceline.web import review as web_review

log = logging.getLogger(__name__)

DESCRIPTION = """\
Events, incidents and ceasefire violations read from news by truceline.

* **Reading** is open unless the server sets `TRUCELINE_READ_AUTH=true`; then send
  `Authorization: Bearer <token>`.
* **Writing** (`POST /api/articles`, `POST /api/events/{id}/review`) always needs a
  bearer token: create one with `truceline token create --name NAME` (a review records
  the token's name as its reviewer).
* **Lists** are paged with cursors: pass the `next_cursor` of a page as `cursor` to
  get the next; `next_cursor` is null on the last page.
* **Filters** shared by the lists: `since`, `until` (YYYY-MM-DD), `bbox`
  (MIN_LON,MIN_LAT,MAX_LON,MAX_LAT), `type`, `country` (ISO3), `status`, `ceasefire`
  (a registry id), `violation`; repeat a parameter or join values with commas.
* **Errors** are JSON, `{"error": "<code>", "detail": "<message>"}`, with the HTTP
  status: 400 a parameter that is not valid (`bad_parameter`: an unknown country,
  ceasefire id, status or type, a bad date or box; `refused_url`: a URL truceline will
  not fetch), 401 `unauthorized`, 404 `not_found` (an id not stored, or out of range),
  413 `too_large` (a body over the limit), 422 `invalid_request` (a request not of the
  documented shape; `problems` lists what) or `unreadable_input`, 502 `fetch_failed`.
  The codes are stable; the messages name the value at fault and the accepted form.

Incidents, the ceasefire registry and ledgers are those of the last
`truceline incidents build` (`truceline serve` builds when the store changed).
"""


def create_app(
    settings: Settings | str | None = None,
    *,
    allow_private_urls: bool = False,
    recheck_seconds: float = 2.0,
) -> FastAPI:
    """The app for a store: `settings`, or a database URL (other settings from the
    environment), or None (the configured store).

    `allow_private_urls` lets `POST /api/articles` fetch from private and loopback
    addresses (for a deployment inside a private network; off by default).
    """
    if settings is None:
        settings = get_settings()
    elif isinstance(settings, str):
        settings = Settings(db=settings)
    engine = make_engine(settings.db)
    upgrade(engine)
    sessions = session_factory(engine)
    state = ApiState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        builds=BuildCache(sessions, recheck_seconds=recheck_seconds),
        allow_private_urls=allow_private_urls,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if state.ingest is not None:
            state.ingest.close()
        engine.dispose()

    app = FastAPI(
        title="truceline",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served by web.pages with the vendored Swagger UI
        redoc_url=None,
        openapi_url="/openapi.json",
        max_body_size=None,  # the limit is BodyLimit's, so that its 413 is JSON like every error
        lifespan=lifespan,
    )
    app.state.truceline = state
    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings.tile_url))
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    errors.install(app, html=web_pages.error_page)
    for module in (articles, events, incidents, ceasefires, outlets, review, status):
        app.include_router(module.router)
    app.include_router(web_pages.router)
    app.include_router(web_review.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
