"""The request body limit (`max_request_bytes`), answered like every other API error.

Starlette's own limit (FastAPI `max_body_size`) answers a plain-text 413, and replaces
any response to a request whose Content-Length is over the limit with it. This
middleware counts the body as the route reads it instead and raises `BodyTooLarge`, an
HTTP exception the app's one error handler (truceline.api.errors) renders as JSON
(`too_large`) with the limit in the message. A declared Content-Length over the limit
fails on the first read, before any byte is buffered.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    code = "too_large"

    def __init__(self, limit: int, size: int, *, declared: bool) -> None:
        said = "declares" if declared else "is at least"
        super().__init__(
            413,
            f"the request body {said} {size} bytes, over the server's limit of {limit} "
            "bytes (TRUCELINE_MAX_REQUEST_BYTES): send a smaller body",
        )


class BodyLimit:
    """Pure ASGI middleware: at most `max_bytes` of request body per request."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        declared = _content_length(scope)
        total = 0

        async def limited() -> Message:
            nonlocal total
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit, declared, declared=True)
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > limit:
                    raise BodyTooLarge(limit, total, declared=False)
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
