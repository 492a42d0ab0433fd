"""One way to render errors: `{"detail": message, "error": class name}` with the status
the exception class carries (`TrucelineError.status_code`, see truceline.errors).

HTTP errors raised by the routes (404, 401) and by FastAPI (413 over the size limit)
take the same shape; request validation errors keep FastAPI's (a list of problems).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from truceline.errors import TrucelineError

log = logging.getLogger(__name__)


async def truceline_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TrucelineError)
    status = getattr(exc, "status_code", 500)
    if status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        {"detail": str(exc), "error": type(exc).__name__},
        status_code=status,
        headers=getattr(exc, "headers", None),  # e.g. Retry-After of a BusyError
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"detail": exc.detail, "error": "HTTPError"},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(TrucelineError, truceline_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
