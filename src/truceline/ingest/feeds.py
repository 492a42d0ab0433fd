"""RSS and Atom feeds (feedparser): one item per entry, the entry's page fetched.

An entry's link is fetched by a worker (its title, date and author from the feed win
over the page's); an entry without a link is read from the feed's own content. A feed
that does not parse at all is one failure naming the feed and the XML error. A feed
that parses only in part (feedparser's lenient mode) gives its entries plus a failure
saying the XML was broken, so the user learns that items may be missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from truceline.errors import InputError
from truceline.ingest.items import BytesItem, FailedItem, Hints, Item, KnownUrl, UrlItem

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)


def looks_like_feed(data: bytes) -> bool:
    """True if the start of `data` opens an RSS, Atom or RDF document."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return bool(_FEED_SNIFF.search(head))


@dataclass(slots=True, frozen=True)
class FeedEntry:
    link: str | None
    title: str | None
    published: str | None
    author: str | None
    content: str | None  # HTML (content:encoded, Atom content) or the summary


@dataclass(slots=True, frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    problem: str | None  # the XML error when feedparser had to recover


def _benign() -> tuple[type[Exception], ...]:
    import feedparser

    # Not XML errors: a declared encoding that differed from the real one, a missing type.
    return (
        feedparser.CharacterEncodingOverride,
        feedparser.CharacterEncodingUnknown,
        feedparser.NonXMLContentType,
    )


def parse_feed(data: bytes, source: str, base_url: str | None = None) -> ParsedFeed:
    """The entries of a feed, or an InputError naming it when nothing could be read."""
    import feedparser

    headers = (
        {"content-location": base_url, "content-type": "application/xml"} if base_url else None
    )
    parsed = feedparser.parse(data, response_headers=headers)
    problem = None
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(exc, _benign()):
        line = getattr(exc, "getLineNumber", lambda: None)()
        where = f" at line {line}" if line else ""
        problem = f"broken XML{where} ({_message(exc)})"
    if not parsed.get("version") and not parsed.entries:
        raise InputError(source, f"is not an RSS or Atom feed: {problem or 'no feed element'}")
    if problem and not parsed.entries:
        raise InputError(source, f"is not a readable feed: {problem}; no items could be read")
    feed = parsed.get("feed", {})
    entries = [_entry(e, base_url) for e in parsed.entries]
    return ParsedFeed(title=feed.get("title") or None, entries=entries, problem=problem)


def _message(exc: Any) -> str:
    if exc is None:
        return "unknown error"
    text = getattr(exc, "getMessage", lambda: str(exc))()
    return str(text) or type(exc).__name__


def _entry(e: Any, base_url: str | None) -> FeedEntry:
    link = e.get("link") or None
    if link and base_url:
        link = urljoin(base_url, link)
    content = None
    for c in e.get("content") or []:
        if c.get("value"):
            content = c["value"]
            break
    content = content or e.get("summary") or None
    return FeedEntry(
        link=link,
        title=e.get("title") or None,
        published=_date(e.get("published_parsed") or e.get("updated_parsed")),
        author=e.get("author") or None,
        content=content,
    )


def _date(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date().isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def feed_items(
    feed: ParsedFeed,
    source: str,
    *,
    url_known: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    """Items for the entries of `feed`: a page to fetch per link (or a known URL)."""
    if feed.problem:
        yield FailedItem(
            source,
            f"{feed.problem}: read {len(feed.entries)} item(s) from what parsed; "
            "items after the error may be missing",
        )
    for n, entry in enumerate(feed.entries, 1):
        item_source = f"{source} item {n}"
        hints = Hints(
            url=entry.link,
            title=entry.title,
            published=entry.published,
            outlet=feed.title,
            author=entry.author,
        )
        if entry.link:
            if url_known is not None and url_known(entry.link):
                yield KnownUrl(item_source, entry.link)
            else:
                yield UrlItem(item_source, entry.link, hints)
        elif entry.content:
            yield BytesItem(item_source, entry.content.encode("utf-8"), html=True, hints=hints)
        else:
            yield FailedItem(item_source, "feed item has neither a link nor content")
