"""`ingest --watch`: conditional polls; only new items are fetched and ingested."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_corpus import LocalServer, Route, html_page, news_text

from truceline.ingest import Ingestor
from truceline.ingest.watch import poll_feed, watch

pytestmark = pytest.mark.slow


def rss(server: LocalServer, numbers: list[int]) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{server.url(f'/w/{i}')}</link></item>"
        for i in numbers
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Watch Wire</title>{items}'
        "</channel></rss>"
    ).encode()


def serve_feed(server: LocalServer, numbers: list[int], etag: str) -> None:
    body = rss(server, numbers)

    def answer(headers: dict[str, str]) -> Route:
        if headers.get("if-none-match") == etag:
            return Route(status=304, headers={"ETag": etag})
        return Route(body, headers={"Content-Type": "application/rss+xml", "ETag": etag})

    server.routes["/feed"] = answer
    for i in numbers:
        server.routes[f"/w/{i}"] = Route(html_page(f"Story {i}", news_text(i)).encode())


def paths(server: LocalServer) -> list[str]:
    return [p for p, _ in server.requests]


def test_polls_are_conditional_and_only_new_items_are_fetched(
    tmp_path: Path, http_server: LocalServer
) -> None:
    serve_feed(http_server, [1, 2], etag='"v1"')
    feed = http_server.url("/feed")
    db = f"sqlite:///{tmp_path / 'watch.sqlite'}"
    with Ingestor(db, workers=0, allow_private=True) as ingestor:
        first = poll_feed(ingestor, feed)
        assert (first.new, first.failed) == (2, 0)
        unchanged = poll_feed(ingestor, feed)
        assert unchanged.read == 0
        assert http_server.requests[-1][1]["if-none-match"] == '"v1"'

        serve_feed(http_server, [1, 2, 3], etag='"v2"')
        http_server.requests.clear()
        rounds: list[int] = []
        done = watch(
            ingestor,
            [feed],
            interval=1,
            polls=2,
            sleep=lambda _: None,
            on_poll=lambda url, s: rounds.append(s.new),
        )
    assert done == 2
    assert rounds == [1, 0]  # story 3, then a 304
    assert paths(http_server) == ["/feed", "/w/3", "/feed"]

    # The feed's validators are kept in the store: a new process polls conditionally too.
    http_server.requests.clear()
    with Ingestor(db, workers=0, allow_private=True) as ingestor:
        assert poll_feed(ingestor, feed).read == 0
    assert http_server.requests[0][1]["if-none-match"] == '"v2"'
