"""Turning raw bytes and files into `ArticleInput`, with clear errors for bad input.

Every reader (extract, ingest, API) goes through `decode_text` and
`article_from_bytes`, so an empty file, a binary file, invalid UTF-8, an HTML
page with no article or an oversized input is refused the same way everywhere,
with a message naming the input.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from truceline.article_header import byline_date, read_header
from truceline.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    TooLargeError,
)
from truceline.extract.normalise import html_to_text
from truceline.schemas import ArticleInput
from truceline.settings import get_settings

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
# Bytes that never occur in text: NUL and most C0 controls (tab, LF, CR, FF allowed).
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file (convert it to text first)",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
}


def check_size(source: str, size: int, limit: int | None = None) -> None:
    limit = limit or get_settings().max_input_bytes
    if size > limit:
        raise TooLargeError(
            source,
            f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one article "
            "(set TRUCELINE_MAX_INPUT_BYTES to raise it)",
        )


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text of `data`, or an InputError saying why it is not text."""
    if not data.strip():
        raise EmptyInputError(source, "is empty: no text to extract from")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(source, f"is {what}, not text")
    sample = data[:65536]
    if b"\x00" in sample or len(_BINARY.findall(sample)) > max(8, len(sample) // 200):
        raise BinaryInputError(source, "holds binary data (control bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            source,
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it with e.g. `iconv -f LATIN1 -t UTF-8`",
        ) from None
    if not text.strip():
        raise EmptyInputError(source, "is empty: no text to extract from")
    return text


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.match(data[:2048]))


def article_from_bytes(
    data: bytes,
    source: str,
    *,
    article_id: str | None = None,
    html: bool | None = None,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
) -> ArticleInput:
    """An article from raw bytes of text or HTML (sniffed when `html` is None)."""
    check_size(source, len(data))
    text = decode_text(data, source)
    if html is None:
        html = looks_like_html(data)
    author = None
    if html:
        page = html_to_text(text, source=source, url=url)
        text = page.text
        title = title or page.title
        author = page.author
        published = published or (page.published[:10] if page.published else None)
        outlet = outlet or page.site
        url = url or page.url
        published = published or byline_date(text)
    else:  # header lines (URL:, TITLE:, DATE:) are metadata; else a byline date
        header = read_header(text)
        text = header.text
        if not text.strip():
            raise EmptyInputError(source, "has header lines but no article text")
        title = title or header.title
        published = published or header.published
        outlet = outlet or header.outlet
        url = url or header.url
        author = header.author
    return ArticleInput(
        id=article_id or content_id(text),
        text=text,
        title=title,
        url=url,
        published=published,
        outlet=outlet,
        author=author,
    )


def read_article_file(
    path: Path,
    *,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> ArticleInput:
    """An article from a .txt or .html file (id: the file name without suffix)."""
    source = str(path)
    if not path.exists():
        raise EmptyInputError(source, "does not exist")
    if path.is_dir():
        raise BinaryInputError(source, "is a directory; give a .txt or .html file")
    check_size(source, path.stat().st_size)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    html = True if suffix in HTML_SUFFIXES else (False if suffix in TEXT_SUFFIXES else None)
    return article_from_bytes(
        data, source, article_id=path.stem, html=html, published=published, url=url, outlet=outlet
    )


def content_id(text: str) -> str:
    """A stable id from the text: sha256 of the whitespace-folded text, 16 hex digits."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]
