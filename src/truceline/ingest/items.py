"""What readers hand to the workers, and what workers hand back.

Readers run in the main process and stay cheap: they walk directories, split JSONL
lines, step through WARC records and parse feeds. The costly part of reading
(fetching pages, decoding, HTML to text) happens in the workers, from these items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from truceline.schemas import ArticleInput, Document
from truceline.store.repository import NewArticle


@dataclass(slots=True, frozen=True)
class Hints:
    """Metadata known before the page is read (from a feed item, a WARC header...).

    `url`, `title`, `published`, `outlet`, `author` win over what the page says;
    `fallback_published` (e.g. a WARC capture date) is used only when the page gives none.
    """

    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    fallback_published: str | None = None


@dataclass(slots=True, frozen=True)
class FileItem:
    """A .txt or .html file (`html` None: sniff)."""

    source: str
    path: Path
    html: bool | None


@dataclass(slots=True, frozen=True)
class BytesItem:
    """A page already in memory (a WARC record, a fetched URL, a feed item's content)."""

    source: str
    data: bytes
    html: bool | None
    charset: str | None = None
    hints: Hints = field(default_factory=Hints)


@dataclass(slots=True, frozen=True)
class LineItem:
    """One line of a contract-input JSONL file."""

    source: str
    raw: bytes


@dataclass(slots=True, frozen=True)
class UrlItem:
    """A page to fetch (a feed item's link)."""

    source: str
    url: str
    hints: Hints = field(default_factory=Hints)


@dataclass(slots=True, frozen=True)
class KnownUrl:
    """A feed item whose URL is already in the store: counted as a duplicate, not fetched."""

    source: str
    url: str


@dataclass(slots=True, frozen=True)
class FailedItem:
    """Something a reader could not read (a truncated WARC, broken feed XML...)."""

    source: str
    error: str


@dataclass(slots=True, frozen=True)
class SkippedItem:
    """A file that is no article (a readme, a licence): reported with why, not stored."""

    source: str
    reason: str


@dataclass(slots=True, frozen=True)
class ExtractedItem:
    """An article already extracted elsewhere (a `truceline run` output): stored, not re-read."""

    source: str
    article: ArticleInput
    document: Document


Item = (
    FileItem | BytesItem | LineItem | UrlItem | ExtractedItem | KnownUrl | FailedItem | SkippedItem
)
WorkItem = FileItem | BytesItem | LineItem | UrlItem | ExtractedItem


@dataclass(slots=True)
class Outcome:
    """What became of one item.

    kind "new": `article` with `document`, or with `skip_reason` when not extracted;
    "duplicate": the text is stored already (`article` carries its id and URLs);
    "skipped": not an article, not stored (`skip_reason` says why);
    "failed": `error` says why.
    """

    source: str
    kind: Literal["new", "duplicate", "skipped", "failed"]
    article: NewArticle | None = None
    document: Document | None = None
    skip_reason: str | None = None
    error: str | None = None
