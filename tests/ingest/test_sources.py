"""What the user names becomes items: by suffix, recursively, lazily; URLs are fetched."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from ingest_corpus import Route, write_warc
from test_feeds import RSS

from truceline.ingest.fetch import Fetcher
from truceline.ingest.items import (
    BytesItem,
    FailedItem,
    FileItem,
    LineItem,
    SkippedItem,
    UrlItem,
)
from truceline.ingest.sources import Reader


def reader(allow_private: bool = False) -> Reader:
    return Reader(fetcher=lambda: Fetcher(allow_private=allow_private))


def test_a_directory_is_read_recursively_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "sub" / "b.html").write_text("<html></html>")
    (tmp_path / "sub" / "deeper" / "c.jsonl").write_text('{"id": 1, "text": "x"}\n\n{"id": 2}\n')
    (tmp_path / "sub" / "feed.rss").write_bytes(RSS)
    write_warc(tmp_path / "sub" / "crawl.warc.gz", [("https://n.example/1", b"<html>x</html>")])
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "sitemap.xml").write_text("<?xml version='1.0'?><urlset></urlset>")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("no")

    r = reader()
    items = list(r.items([str(tmp_path)]))
    kinds = [(type(i).__name__, re.split(r"[@:]| item ", Path(i.source).name)[0]) for i in items]
    assert kinds == [
        ("FileItem", "a.txt"),
        ("FileItem", "b.html"),
        ("BytesItem", "crawl.warc.gz"),
        ("UrlItem", "feed.rss"),
        ("UrlItem", "feed.rss"),
        ("BytesItem", "feed.rss"),
        ("LineItem", "c.jsonl"),
        ("LineItem", "c.jsonl"),
    ]
    assert r.ignored == 2  # notes.docx, sitemap.xml
    assert [i.source.rsplit(":", 1)[1] for i in items if isinstance(i, LineItem)] == ["1", "3"]


def test_jsonl_gz_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n'))
    items = list(reader().items([str(path)]))
    assert [type(i) for i in items] == [LineItem, LineItem]


def test_an_explicit_file_with_another_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.php").write_text("<!DOCTYPE html><html><body>x</body></html>")
    (tmp_path / "feed.cgi").write_bytes(RSS)
    (tmp_path / "dispatch").write_text("plain words")
    items = list(reader().items([str(tmp_path / n) for n in ("page.php", "feed.cgi", "dispatch")]))
    assert isinstance(items[0], FileItem)
    assert items[0].html is True
    assert isinstance(items[1], UrlItem)
    assert isinstance(items[-1], FileItem)
    assert items[-1].html is None


def test_a_missing_path_is_a_failure_naming_it(tmp_path: Path) -> None:
    items = list(reader().items([str(tmp_path / "nope.txt")]))
    assert len(items) == 1
    assert isinstance(items[0], FailedItem)
    assert "does not exist" in items[0].error
    assert items[0].source.endswith("nope.txt")


def test_a_url_to_a_page_is_fetched_once_in_the_main_process(http_server) -> None:
    latin = {"Content-Type": "text/html; charset=latin-1"}
    http_server.routes["/p"] = Route(b"<html><body>page</body></html>", headers=latin)
    items = list(reader(allow_private=True).items([http_server.url("/p")]))
    assert len(items) == 1
    assert isinstance(items[0], BytesItem)
    assert (items[0].html, items[0].charset, items[0].hints.url) == (
        True,
        "latin-1",
        http_server.url("/p"),
    )


def test_a_url_to_a_feed_becomes_its_items(http_server) -> None:
    http_server.routes["/feed"] = Route(RSS, headers={"Content-Type": "application/rss+xml"})
    items = list(reader(allow_private=True).items([http_server.url("/feed")]))
    assert [type(i) for i in items] == [UrlItem, UrlItem, BytesItem]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost/feed"])
def test_a_url_to_a_private_address_is_a_failure_in_the_run(url: str) -> None:
    items = list(reader().items([url]))
    assert len(items) == 1
    assert isinstance(items[0], FailedItem)
    assert "loopback" in items[0].error


@pytest.mark.parametrize("name", ["SOURCE.txt", "README.md", "LICENSE", "readme-corpus.txt"])
def test_a_readme_or_licence_beside_articles_is_reported_not_an_article(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_text("Texts of this folder were saved from web pages by hand.")
    (tmp_path / "a1.txt").write_text("Troops shelled the village on Monday, officials said.")
    items = list(reader().items([str(tmp_path)]))
    skipped = [i for i in items if isinstance(i, SkippedItem)]
    assert [Path(i.source).name for i in skipped] == [name]
    assert skipped[0].reason.startswith("not an article")
    assert [Path(i.source).name for i in items if isinstance(i, FileItem)] == ["a1.txt"]
