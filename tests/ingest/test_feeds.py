"""RSS and Atom feeds: entries become pages to fetch, broken XML becomes a clear failure."""

from __future__ import annotations

import pytest

from truceline.errors import InputError
from truceline.ingest.feeds import feed_items, looks_like_feed, parse_feed
from truceline.ingest.items import BytesItem, FailedItem, KnownUrl, UrlItem

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Frontline Wire</title><link>https://wire.example/</link>
<item><title>Shelling near the river</title><link>https://wire.example/a/1</link>
  <pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><author>desk@wire.example</author></item>
<item><title>Talks resume</title><link>/a/2</link>
  <pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate></item>
<item><title>No link here</title>
  <content:encoded><![CDATA[<p>Full text of an item that has no link at all.</p>]]>
  </content:encoded>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Clashes reported</title><link href="https://atom.example/x"/>
<updated>2024-03-06T12:00:00Z</updated><id>urn:x</id></entry></feed>"""


def test_rss_entries_become_pages_to_fetch_with_feed_metadata() -> None:
    feed = parse_feed(RSS, "wire.xml", base_url="https://wire.example/feed.xml")
    items = list(feed_items(feed, "wire.xml"))
    assert [type(i) for i in items] == [UrlItem, UrlItem, BytesItem]
    first, second, third = items
    assert first.url == "https://wire.example/a/1"
    assert (first.hints.title, first.hints.published, first.hints.outlet) == (
        "Shelling near the river",
        "2024-03-04",
        "Frontline Wire",
    )
    assert second.url == "https://wire.example/a/2"  # relative link resolved
    assert b"no link at all" in third.data
    assert third.source == "wire.xml item 3"


def test_atom_entries_are_read_too() -> None:
    items = list(feed_items(parse_feed(ATOM, "atom.xml"), "atom.xml"))
    assert len(items) == 1
    assert items[0].url == "https://atom.example/x"
    assert items[0].hints.published == "2024-03-06"


def test_entries_already_stored_are_not_fetched_again() -> None:
    feed = parse_feed(RSS, "wire.xml", base_url="https://wire.example/feed.xml")
    items = list(feed_items(feed, "wire.xml", url_known=lambda u: u.endswith("/a/1")))
    assert isinstance(items[0], KnownUrl)
    assert isinstance(items[1], UrlItem)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>X</titl',
        b"this is not a feed at all",
    ],
    ids=["truncated", "not-xml"],
)
def test_a_feed_that_does_not_parse_is_an_error_naming_it(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^bad\.xml: .*(broken XML|not an RSS)"):
        parse_feed(data, "bad.xml")


def test_a_partly_broken_feed_gives_its_items_and_a_failure() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>cut</ti")
    feed = parse_feed(broken, "cut.xml")
    items = list(feed_items(feed, "cut.xml"))
    assert isinstance(items[0], FailedItem)
    assert "broken XML" in items[0].error
    assert "may be missing" in items[0].error
    assert sum(isinstance(i, UrlItem) for i in items) == 2


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RSS, True),
        (ATOM, True),
        (b'\xef\xbb\xbf<rdf:RDF xmlns:rdf="x">', True),
        (b"<!DOCTYPE html><html><body>rss feed</body></html>", False),
        (b"<?xml version='1.0'?><urlset><url>sitemap</url></urlset>", False),
        (b"plain text mentioning <rss> later", False),
    ],
)
def test_feeds_are_sniffed_from_their_first_element(data: bytes, expected: bool) -> None:
    assert looks_like_feed(data) is expected
