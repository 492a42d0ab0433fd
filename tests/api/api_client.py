"""httpx against the app: `ApiClient` makes synchronous calls into an ASGI app.

httpx's ASGI transport is asynchronous; each request runs to completion with anyio,
so that tests stay plain functions.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from truceline.api import create_app
from truceline.settings import Settings


class ApiClient:
    """Synchronous calls into an ASGI app through httpx."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                return await c.request(method, url, **kwargs)

        return anyio.run(send)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def items(self, url: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a paged list, following `next_cursor`."""
        out: list[dict[str, Any]] = []
        cursor = None
        for _ in range(1000):
            query = {**params, **({"cursor": cursor} if cursor else {})}
            r = self.get(url, params=query)
            assert r.status_code == 200, r.text
            body = r.json()
            out += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                return out
        raise AssertionError("more than 1000 pages")


def make_client(db_url: str, **settings: Any) -> ApiClient:
    options = {"db": db_url, "tile_url": "off", **settings}
    extra = {k: options.pop(k) for k in ("allow_private_urls",) if k in options}
    return ApiClient(create_app(Settings(**options), recheck_seconds=0, **extra))


def dispose(client: ApiClient) -> None:
    state = client.app.state.truceline
    if state.ingest is not None:  # the extraction worker process of POST /api/articles
        state.ingest.close()
    state.engine.dispose()
