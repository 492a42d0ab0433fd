"""`truceline ingest --watch FEED...`: poll feeds and ingest what is new.

Each poll is a conditional request (If-None-Match / If-Modified-Since from the last
answer, kept in the store's `feeds` table so a restart does not refetch everything);
a 304 costs one round trip. Items whose URL is already stored are not fetched again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence

from truceline.errors import InputError
from truceline.ingest.feeds import feed_items, parse_feed
from truceline.ingest.items import FailedItem, Item
from truceline.ingest.runner import Ingestor, IngestSummary
from truceline.store.repository import FeedState, get_feed_state, save_feed_state

log = logging.getLogger(__name__)


def poll_feed(ingestor: Ingestor, url: str) -> IngestSummary:
    """Fetch `url` once (conditionally) and ingest its new items."""
    state = get_feed_state(ingestor.session, url)
    items: list[Item] = []
    try:
        page = ingestor.fetcher().get(url, etag=state.etag, last_modified=state.last_modified)
    except InputError as exc:
        items.append(FailedItem(url, exc.problem))
        save_feed_state(ingestor.session, _polled(state, status=None))
        return ingestor.ingest_items(items)
    if page.not_modified:
        log.info("%s: not modified", url)
        save_feed_state(ingestor.session, _polled(state, status=304))
        return ingestor.ingest_items([])
    try:
        feed = parse_feed(page.data, url, base_url=page.url)
        items.extend(feed_items(feed, url, url_known=ingestor.url_known))
    except InputError as exc:
        items.append(FailedItem(url, exc.problem))
    summary = ingestor.ingest_items(items)
    save_feed_state(
        ingestor.session,
        FeedState(
            url=url,
            etag=page.etag,
            last_modified=page.last_modified,
            last_polled=dt.datetime.now(dt.UTC),
            last_status=page.status,
        ),
    )
    return summary


def _polled(state: FeedState, status: int | None) -> FeedState:
    return FeedState(
        url=state.url,
        etag=state.etag,
        last_modified=state.last_modified,
        last_polled=dt.datetime.now(dt.UTC),
        last_status=status,
    )


def watch(
    ingestor: Ingestor,
    feeds: Sequence[str],
    *,
    interval: float = 600.0,
    polls: int | None = None,
    on_poll: Callable[[str, IngestSummary], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll every feed each `interval` seconds, `polls` times (None: until interrupted).

    Returns the number of rounds done. Ctrl-C ends the watch between or during rounds.
    """
    rounds = 0
    try:
        while polls is None or rounds < polls:
            started = time.monotonic()
            for url in feeds:
                summary = poll_feed(ingestor, url)
                if on_poll is not None:
                    on_poll(url, summary)
                if summary.interrupted:
                    raise KeyboardInterrupt
            rounds += 1
            if polls is not None and rounds >= polls:
                break
            sleep(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        log.warning("watch stopped after %d round(s)", rounds)
    return rounds
