"""Security headers, as plain ASGI middleware (the request size limit is
truceline.api.body_limit's, from `max_request_bytes`: larger bodies get a JSON 413).

Every response carries a Content-Security-Policy: scripts, styles, fonts and
connections only from this server ('self', no inline script, no eval), images from
this server, `data:` URLs and the configured tile server, no plugins, no framing, no
`<base>`. Pages render article text escaped (Jinja2 autoescape, `textContent` in the
scripts); the policy is the second line of defence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def tile_origin(tile_url: str) -> str | None:
    """The origin a tile URL template loads from (`{s}` subdomains as a wildcard)."""
    if not tile_url or tile_url.lower() == "off":
        return None
    parts = urlsplit(tile_url.replace("{s}", "tiles-s"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.replace("tiles-s", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str) -> str:
    images = ["'self'", "data:"]
    origin = tile_origin(tile_url)
    if origin:
        images.append(origin)
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(images)}",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


class SecurityHeaders:
    """Adds the CSP and the usual hardening headers to every HTTP response."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode("latin-1")),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
