"""One way to render errors, whatever raised them.

The API answers every error with JSON:

    {"error": "<stable code>", "detail": "<message naming the bad value>"}

(request validation errors add `problems`, FastAPI's list of them). The status and the
code come from the exception class: `TrucelineError.status_code` and `.code` (see
truceline.errors); HTTP errors raised by routes, dependencies or the framework (401,
404 for an unknown path, 405, 413 over the body limit) get a code from their status.
Pages (anything outside /api and /openapi.json) get an HTML error page instead, from
the renderer the app installs (truceline.web.pages.error_page).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from truceline.errors import TrucelineError

log = logging.getLogger(__name__)

# Codes of HTTP errors that no TrucelineError class carries (raised by the framework,
# by dependencies, or as plain HTTPExceptions).
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
API_PREFIXES = ("/api/", "/openapi.json")

HtmlRenderer = Callable[[Request, int, str, str], Response]


def error_code(exc: BaseException) -> str:
    """The stable code of an error: its class's `code`; for a class without one, the
    code of a 404 (`not_found`) or one made from the name (`QueueFullError` ->
    `queue_full`); for HTTP exceptions, the code of their status."""
    own = vars(exc).get("code")
    if isinstance(own, str):  # set on the instance: an error whose kind depends on its case
        return own
    owner = next((c for c in type(exc).__mro__ if "code" in vars(c)), None)
    if owner is not None and (owner is not TrucelineError or type(exc) is TrucelineError):
        return str(vars(owner)["code"])  # the class's own, or a parent's below the root
    status = getattr(exc, "status_code", 500)
    if isinstance(exc, StarletteHTTPException) or status == 404:  # 404: not_found, whoever
        return STATUS_CODES.get(status, f"http_{status}")
    name = type(exc).__name__.removesuffix("Error") or "internal"
    return _CAMEL.sub("_", name).lower()


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith(API_PREFIXES)


def render(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The error as JSON (API) or as an HTML page (pages, when a renderer is installed)."""
    html: HtmlRenderer | None = getattr(request.app.state, "error_page", None)
    if html is not None and not is_api(request) and request.method in ("GET", "HEAD"):
        response = html(request, status, code, message)
        if headers:
            response.headers.update(headers)
        return response
    body = {"error": code, "detail": message, **(extra or {})}
    return JSONResponse(body, status_code=status, headers=headers)


async def truceline_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TrucelineError)
    status = getattr(exc, "status_code", 500)
    if status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    return render(request, status, error_code(exc), str(exc), headers=getattr(exc, "headers", None))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"no page or endpoint at {request.url.path!r} (the API is listed at /docs)"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path!r}"
    return render(
        request,
        exc.status_code,
        error_code(exc),
        message,
        headers=getattr(exc, "headers", None),
    )


def _problem(p: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in p.get("loc", ()))
    shown = f" (got {p['input']!r})" if "input" in p and p.get("type") != "missing" else ""
    return f"{where}: {p.get('msg', 'not valid')}{shown}"


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = list(exc.errors())
    message = "; ".join(_problem(p) for p in problems[:5]) or "the request is not valid"
    return render(
        request,
        422,
        "invalid_request",
        message,
        extra={"problems": jsonable_encoder(problems, custom_encoder={Exception: str})},
    )


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("%s %s: unexpected error", request.method, request.url.path)
    return render(
        request,
        500,
        "internal_error",
        f"the server failed on this request ({type(exc).__name__}); see the server log",
    )


def install(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Install the handlers; `html` renders the error pages of non-API paths."""
    app.state.error_page = html
    handlers: list[tuple[Any, Callable[[Request, Exception], Awaitable[Response]]]] = [
        (TrucelineError, truceline_error),
        (StarletteHTTPException, http_error),
        (RequestValidationError, validation_error),
        (Exception, unexpected_error),
    ]
    for exc_class, handler in handlers:
        app.add_exception_handler(exc_class, handler)
