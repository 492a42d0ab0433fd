"""Pages from WARC files (plain or gzip; Common Crawl News is the large real source).

HTTP responses with status 200 and an HTML type become items (the page's URL from
WARC-Target-URI, the capture date as the fallback publication date: news crawls fetch
a page within hours or days of publication); `resource` and `conversion` records of
`text/plain` (WET-style) become text items. Other records (requests, redirects,
metadata, images) are not articles and are passed over.

warcio reads a truncated file without complaint, dropping the cut record, so the
reader checks: a record shorter than its Content-Length, bytes left over after the
last record, or a record that cannot be parsed each give a failure naming the file and
the byte offset.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from truceline.ingest.items import BytesItem, FailedItem, Hints, Item
from truceline.settings import get_settings

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path) -> Iterator[Item]:
    """Items for the article records of a WARC file, then failures for what was broken."""
    source = str(path)
    try:
        f = open(path, "rb")  # closed in `finally`: the generator holds it
    except OSError as exc:
        yield FailedItem(source, f"cannot be opened: {exc.strerror}")
        return
    end = 0
    n = 0
    try:
        records = ArchiveIterator(f)
        for record in records:
            n += 1
            if not _well_formed(record):
                # warcio reads any text as an ARC record: "uri ip date type length" words
                yield FailedItem(
                    f"{source}@{end}",
                    f"is not a WARC or ARC file: record {n} has no valid record header "
                    "(a plain text or HTML file named .warc?)",
                )
                return
            item = _item(record, source)  # read before asking the offset: that skips the rest
            records.read_to_end(record)
            offset = records.get_record_offset()
            if item is not None:
                item = replace(item, source=f"{source}@{offset}")
            end = offset + records.get_record_length()
            if record.raw_stream.limit:  # the file ended inside this record
                yield FailedItem(
                    f"{source}@{offset}",
                    f"WARC record {n} is truncated: {record.raw_stream.limit} byte(s) of it "
                    "are missing (the file was cut short?)",
                )
                continue
            if item is not None:
                yield item
    except Exception as exc:  # warcio raises many kinds on garbage; report, don't crash
        yield FailedItem(
            f"{source}@{end}",
            f"is not a readable WARC file after record {n} ({type(exc).__name__}: {exc})",
        )
        return
    finally:
        f.close()
    if n == 0:
        yield FailedItem(source, "holds no WARC records (the file is empty)")
        return
    rest = _leftover(path, end)
    if rest:
        yield FailedItem(
            f"{source}@{end}",
            f"is truncated or corrupt: {rest} byte(s) after record {n} do not form a "
            "complete WARC record (for .warc.gz: a cut or damaged gzip member)",
        )


def _well_formed(record: ArcWarcRecord) -> bool:
    """A WARC record has its WARC-Record-ID; an ARC one a URL and a 14-digit date."""
    headers = record.rec_headers
    if record.format == "warc":
        return bool(headers.get_header("WARC-Record-ID") or headers.get_header("WARC-Type"))
    uri = headers.get_header("uri") or ""
    date = headers.get_header("archive-date") or ""
    return ":" in uri and date.isdigit() and len(date) >= 8


def _leftover(path: Path, end: int) -> int:
    """Bytes after the last complete record that are not just padding."""
    with open(path, "rb") as f:
        f.seek(end)
        tail = f.read(1 << 16)
    size = path.stat().st_size - end
    return size if tail.strip(b"\r\n\x00 ") else 0


def _item(record: ArcWarcRecord, source: str) -> Item | None:
    headers = record.rec_headers
    if record.rec_type not in ("response", "resource", "conversion"):
        return None
    length = headers.get_header("Content-Length") or ""
    limit = get_settings().max_input_bytes
    if length.isdigit() and int(length) > limit:
        return FailedItem(
            source,
            f"record is {int(length) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
            "for one page (set TRUCELINE_MAX_INPUT_BYTES to raise it)",
        )
    url = headers.get_header("WARC-Target-URI")
    captured = (headers.get_header("WARC-Date") or "")[:10] or None
    hints = Hints(url=url, fallback_published=captured)
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = (http.get_header("Content-Type") or "").lower()
        if not content_type.startswith(_HTML_TYPES):
            return None
        data = record.content_stream().read()
        return BytesItem(source, data, html=True, charset=_charset(content_type), hints=hints)
    if record.rec_type in ("resource", "conversion"):
        content_type = (headers.get_header("Content-Type") or "").lower()
        if not content_type.startswith("text/plain"):
            return None
        data = record.content_stream().read()
        return BytesItem(source, data, html=False, charset=_charset(content_type), hints=hints)
    return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip() == "charset" and value:
            return value.strip("\"' ")
    return None
