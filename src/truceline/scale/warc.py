"""Articles from a WARC file (plain or gzip, e.g. Common Crawl News) for the shard reader.

A small reader kept in `scale/` until the ingest package has its own WARC reader.
HTTP responses with status 200 and an HTML content type become articles (text by
trafilatura, through `truceline.inputs.article_from_bytes`); `resource` and
`conversion` records of `text/plain` (WET-style) become text articles. The article
id is the WARC-Record-ID's UUID; when the page gives no publication date, the
capture date (WARC-Date) stands in as the reference date for relative expressions:
news crawls fetch a page within hours or days of its publication.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from truceline.errors import BadRecordError, InputError
from truceline.inputs import article_from_bytes
from truceline.schemas import ArticleInput

log = logging.getLogger(__name__)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def iter_warc_records(
    path: Path,
) -> Iterator[tuple[str, ArticleInput | None, InputError | None]]:
    """(source, article, error) for every record, in file order: `article` or `error` for
    an article-like record, both None for any other record (request, redirect, metadata).

    `source` is `file@offset`, the record's byte offset in the (compressed) file.
    """
    with open(path, "rb") as f:
        records = ArchiveIterator(f)
        try:
            for record in records:
                if record.format != "warc":  # warcio reads any text line as a lenient ARC
                    raise BadRecordError(str(path), "is not a WARC file (no WARC/1.x header)")
                payload = _article_payload(record)  # before the offset: that consumes the record
                source = f"{path}@{records.get_record_offset()}"
                if payload is None:
                    yield source, None, None
                    continue
                data, html, charset = payload
                try:
                    article = _article(record, data, html, charset, source)
                except InputError as exc:
                    yield source, None, exc
                    continue
                yield source, article, None
        except ArchiveLoadFailed as exc:
            reason = str(exc)[:100]
            raise BadRecordError(str(path), f"is not a readable WARC file ({reason})") from None


def _article_payload(record: ArcWarcRecord) -> tuple[bytes, bool, str | None] | None:
    """(body, is_html, charset) when the record holds an article, else None."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = (http.get_header("Content-Type") or "").lower()
        if not content_type.startswith(_HTML_TYPES):
            return None
        return record.content_stream().read(), True, _charset(content_type)
    if record.rec_type in ("resource", "conversion"):
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
        if not content_type.startswith("text/plain"):
            return None
        return record.content_stream().read(), False, _charset(content_type)
    return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "charset" and value:
            return value.strip("\"' ")
    return None


def _article(
    record: ArcWarcRecord, data: bytes, html: bool, charset: str | None, source: str
) -> ArticleInput:
    if charset and charset.replace("-", "").replace("_", "") not in ("utf8", "usascii"):
        try:
            data = data.decode(charset, errors="replace").encode("utf-8")
        except LookupError:
            log.debug("%s: unknown charset %r, reading as UTF-8", source, charset)
    headers = record.rec_headers
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    article_id = record_id.removeprefix("urn:uuid:") or None
    url = headers.get_header("WARC-Target-URI")
    article = article_from_bytes(data, source, article_id=article_id, html=html, url=url)
    captured = headers.get_header("WARC-Date")
    if article.published is None and captured:
        article = article.model_copy(update={"published": captured[:10]})
    return article
