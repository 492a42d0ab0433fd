"""From what the user names (files, directories, URLs) to items, lazily, in order.

    .txt .text .md         a text article            (read by a worker)
    .html .htm .xhtml      an HTML page              (read by a worker, trafilatura)
    .jsonl .jsonl.gz       contract input lines      (one item per line)
    .rss .atom .xml        an RSS/Atom feed          (one item per entry; .xml only if it is one)
    .warc .warc.gz         WARC records              (one item per article record)
    http(s)://...          a page, or a feed when it is one
    a directory            all of the above inside it, recursively (hidden files skipped)
    a `truceline run` dir  its Parquet articles with their documents (stored, not re-extracted)

A file named on the command line with another suffix is sniffed (feed, HTML or text);
inside a directory such files are counted as ignored and skipped. A readme, licence or
notes file (README, LICENSE, SOURCE.txt...) is reported as "not an article" and skipped.
"""

from __future__ import annotations

import gzip
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from truceline.errors import InputError
from truceline.ingest.feeds import FEED_SUFFIXES, feed_items, looks_like_feed, parse_feed
from truceline.ingest.fetch import Fetcher, is_url
from truceline.ingest.items import (
    BytesItem,
    ExtractedItem,
    FailedItem,
    FileItem,
    Hints,
    Item,
    LineItem,
    SkippedItem,
)
from truceline.ingest.language import not_article_name
from truceline.ingest.warc import is_warc, iter_warc
from truceline.inputs import HTML_SUFFIXES, TEXT_SUFFIXES, check_size, looks_like_html

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


class Reader:
    """Turns sources into items. `url_known(url)` lets feed items already stored skip the fetch."""

    def __init__(
        self,
        *,
        fetcher: Callable[[], Fetcher],
        url_known: Callable[[str], bool] | None = None,
    ) -> None:
        self._fetcher = fetcher
        self.url_known = url_known
        self.ignored = 0  # files inside directories that are not inputs

    def items(self, sources: Sequence[str]) -> Iterator[Item]:
        for source in sources:
            if is_url(source):
                yield from self.url_items(source)
                continue
            path = Path(source).expanduser()
            if path.is_dir() and is_run_output(path):
                yield from run_output_items(path)
            elif path.is_dir():
                yield from self.directory_items(path)
            elif path.exists():
                yield from self.file_items(path, explicit=True)
            else:
                yield FailedItem(source, "does not exist (not a file, a directory or a URL)")

    def directory_items(self, root: Path) -> Iterator[Item]:
        unlistable: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable.append):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                yield from self.file_items(Path(dirpath) / name, explicit=False)
        for exc in unlistable:
            yield FailedItem(str(exc.filename), f"directory cannot be listed: {exc.strerror}")

    def file_items(self, path: Path, *, explicit: bool) -> Iterator[Item]:
        name = path.name.lower()
        source = str(path)
        suffix = path.suffix.lower()
        # a readme or a licence beside the articles: reported, never stored
        reason = not_article_name(path.name) if suffix in TEXT_SUFFIXES | HTML_SUFFIXES else None
        if reason is not None:
            yield SkippedItem(source, reason)
        elif name.endswith(JSONL_SUFFIXES):
            yield from jsonl_items(path)
        elif is_warc(path):
            yield from iter_warc(path)
        elif path.suffix.lower() in HTML_SUFFIXES:
            yield FileItem(source, path, html=True)
        elif path.suffix.lower() in TEXT_SUFFIXES - {""}:
            yield FileItem(source, path, html=False)
        elif path.suffix.lower() in FEED_SUFFIXES or explicit:
            head = _head(path)
            if looks_like_feed(head):
                yield from self.feed_file_items(path)
            elif explicit:
                yield FileItem(source, path, html=True if looks_like_html(head) else None)
            else:
                self._ignore(path, "an .xml file that is not a feed")
        else:
            self._ignore(path, "not a .txt, .html, .jsonl, feed or WARC file")

    def _ignore(self, path: Path, why: str) -> None:
        self.ignored += 1
        log.info("%s: skipped, %s", path, why)

    def feed_file_items(self, path: Path) -> Iterator[Item]:
        source = str(path)
        try:
            check_size(source, path.stat().st_size)
            feed = parse_feed(path.read_bytes(), source)
        except InputError as exc:
            yield FailedItem(source, exc.problem)
            return
        except OSError as exc:
            yield FailedItem(source, f"cannot be read: {exc.strerror}")
            return
        yield from feed_items(feed, source, url_known=self.url_known)

    def url_items(self, url: str) -> Iterator[Item]:
        try:
            page = self._fetcher().get(url)
        except InputError as exc:
            yield FailedItem(url, exc.problem)
            return
        content_type = page.content_type.lower()
        xml_type = any(t in content_type for t in ("rss", "atom", "xml")) and "html" not in (
            content_type
        )
        if (xml_type or not content_type.startswith("text/html")) and looks_like_feed(page.data):
            try:
                feed = parse_feed(page.data, url, base_url=page.url)
            except InputError as exc:
                yield FailedItem(url, exc.problem)
                return
            yield from feed_items(feed, url, url_known=self.url_known)
            return
        html = True if "html" in content_type else (False if "text/plain" in content_type else None)
        yield BytesItem(url, page.data, html=html, charset=page.charset, hints=Hints(url=page.url))


def is_run_output(path: Path) -> bool:
    from truceline.scale import is_run_output as _is_run_output

    return _is_run_output(path)


def run_output_items(root: Path) -> Iterator[Item]:
    """The articles of a `truceline run` output directory, each with its document."""
    from truceline.scale import read_run_articles

    for n, (article, document) in enumerate(read_run_articles(root), 1):
        yield ExtractedItem(f"{root}#{article.id or n}", article, document)


def jsonl_items(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as f:
            for n, raw in enumerate(f, 1):
                if raw.strip():
                    yield LineItem(f"{source}:{n}", raw)
    except (OSError, EOFError) as exc:
        yield FailedItem(source, f"cannot be read to the end: {exc}")


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(4096)
    except OSError:
        return b""
