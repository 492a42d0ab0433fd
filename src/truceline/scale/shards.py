"""Shards: the input files of a run, found from globs, and the articles read from each.

A shard is one file: JSONL (`.jsonl`, `.jsonl.gz`; contract input lines) or WARC
(`.warc`, `.warc.gz`, e.g. Common Crawl News). It is the unit of work, of retry and
of resumption. Reading a shard gives, in order, either an article or the error that
stopped one record from being read. JSONL lines are read as `truceline extract
--jsonl` reads them; WARC files by the ingest package's reader (`ingest.warc`), so
`truceline run` and `truceline ingest` see the same pages, with the same ids (the
content hash of the normalised text) and the same fallback date (the capture date).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from truceline.errors import BadRecordError, InputError
from truceline.extract.jsonl import iter_lines, parse_line
from truceline.extract.normalise import normalise_text
from truceline.inputs import article_from_bytes, content_id
from truceline.schemas import ArticleInput

if TYPE_CHECKING:
    from truceline.ingest.items import BytesItem

ShardKind = Literal["jsonl", "warc"]
_SUFFIXES: dict[str, ShardKind] = {
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(slots=True, frozen=True)
class Shard:
    """One input file. `key` names its output partition and manifest entry."""

    path: Path
    kind: ShardKind
    key: str


@dataclass(slots=True, frozen=True)
class ShardItem:
    """One record of a shard: an article, or the error that stopped it being read."""

    source: str  # "file:line" or "file@offset"
    article: ArticleInput | None
    error: InputError | None = None
    error_id: str | None = None  # the id to report an unreadable record under


def shard_kind(path: Path) -> ShardKind | None:
    name = path.name.lower()
    for suffix, kind in _SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


def shard_key(path: Path) -> str:
    """A file-system-safe name, unique per absolute path: `<file name>-<8 hex of its path>`."""
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    stem = _UNSAFE.sub("_", path.name)[:80]
    return f"{stem}-{digest}"


def discover_shards(patterns: Iterable[str]) -> list[Shard]:
    """The shards the glob patterns match (`**` recurses), sorted by path, each once.

    A pattern that matches nothing, or a file of an unknown kind, is an InputError
    naming it: a typo in a glob should not look like an empty run.
    """
    paths: set[Path] = set()
    for pattern in patterns:
        matched = [Path(p) for p in glob.glob(pattern, recursive=True)]
        files = [p for p in matched if p.is_file()]
        if not files:
            raise InputError(pattern, "matches no files")
        for path in files:
            if shard_kind(path) is None:
                raise InputError(
                    str(path), "is not a shard: expected .jsonl, .jsonl.gz, .warc or .warc.gz"
                )
            paths.add(path.resolve())
    shards = []
    for path in sorted(paths, key=str):  # the order read_run_output gives back
        kind = shard_kind(path)
        assert kind is not None
        shards.append(Shard(path=path, kind=kind, key=shard_key(path)))
    return shards


def read_shard(shard: Shard) -> Iterator[ShardItem]:
    """Every record of the shard, in file order."""
    if shard.kind == "jsonl":
        yield from _read_jsonl(shard.path)
    else:
        yield from _read_warc(shard.path)


def _read_jsonl(path: Path) -> Iterator[ShardItem]:
    """Lines as `truceline extract --jsonl` reads them (same ids for unreadable lines)."""
    lines = _iter_gzip_lines(path) if path.name.lower().endswith(".gz") else iter_lines(path)
    for n, raw in lines:
        source = f"{path}:{n}"
        try:
            yield ShardItem(source, parse_line(raw, source))
        except InputError as exc:
            yield ShardItem(source, None, exc, error_id=_line_id(raw) or f"{path.name}:{n}")


def _read_warc(path: Path) -> Iterator[ShardItem]:
    """Article records of a WARC file; broken records (truncated, over the size limit,
    undecodable, no article text) as errors under their `file@offset`."""
    from truceline.ingest.items import BytesItem, FailedItem
    from truceline.ingest.warc import iter_warc

    for item in iter_warc(path):
        if isinstance(item, FailedItem):
            error = BadRecordError(item.source, item.error)
            yield ShardItem(item.source, None, error, error_id=item.source)
        elif isinstance(item, BytesItem):  # the only other kind the WARC reader gives
            try:
                article = _warc_article(item)
            except InputError as exc:
                yield ShardItem(item.source, None, exc, error_id=item.source)
                continue
            yield ShardItem(item.source, article)


def _warc_article(item: BytesItem) -> ArticleInput:
    from truceline.ingest.worker import to_utf8

    data = to_utf8(item.data, item.charset)
    article = article_from_bytes(
        data, item.source, article_id="pending", html=item.html, url=item.hints.url
    )
    return article.model_copy(
        update={
            "id": content_id(normalise_text(article.text)),
            "published": article.published or item.hints.fallback_published,
        }
    )


def _iter_gzip_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        with gzip.open(path, "rb") as f:
            for n, raw in enumerate(f, 1):
                if raw.strip():
                    yield n, raw
    except (OSError, EOFError) as exc:
        raise BadRecordError(str(path), f"is not readable gzip ({exc})") from None


def _line_id(raw: bytes) -> str | None:
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    value = obj.get("id") if isinstance(obj, dict) else None
    return str(value) if value is not None else None
