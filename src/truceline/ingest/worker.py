"""What one worker process does with a chunk of items: read, dedupe, extract.

Each worker holds one `Extractor` (loaded on first need: spaCy loads once per process),
one read-only connection to the store (to skip texts already stored before paying for
their extraction) and one HTTP client. The main process alone writes to the store.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import signal
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from truceline.errors import BinaryInputError, EmptyInputError, InputError
from truceline.extract.jsonl import parse_line
from truceline.extract.normalise import normalise_text
from truceline.ingest.fetch import Fetcher
from truceline.ingest.items import (
    BytesItem,
    ExtractedItem,
    FileItem,
    Hints,
    LineItem,
    Outcome,
    UrlItem,
    WorkItem,
)
from truceline.ingest.language import detect_language, not_article_reason, skip_reason
from truceline.inputs import article_from_bytes, check_size, content_id
from truceline.schemas import ArticleInput
from truceline.store.engine import make_engine
from truceline.store.repository import NewArticle, known_article_ids, undated_article_ids

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_PLACEHOLDER_ID = "pending"


@lru_cache(maxsize=2)
def load_extractor(model_path: Path | None) -> Any:
    """One Extractor per process and model (loading spaCy and the gazetteer takes seconds)."""
    from truceline.extract.pipeline import Extractor

    return Extractor(model_path=model_path)


@dataclass(slots=True, frozen=True)
class WorkerConfig:
    db_url: str
    model_path: Path | None = None
    allow_private: bool = False
    published: str | None = None  # `ingest --published`: for inputs that do not say


@dataclass(slots=True)
class _Read:
    """An item read into an article, before the store and the extractor see it."""

    source: str
    article: NewArticle
    skip_reason: str | None


class Worker:
    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self._extractor: Any = None
        self._engine: Any = None
        self._fetcher: Fetcher | None = None

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            self._extractor = load_extractor(self.config.model_path)
        return self._extractor

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self.config.allow_private)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
        if self._engine is not None:
            self._engine.dispose()

    def known(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        if self._engine is None:
            self._engine = make_engine(self.config.db_url)
        with Session(self._engine) as session:
            return known_article_ids(session, ids)

    def undated(self, ids: list[str]) -> set[str]:
        """Which of the stored `ids` have no publication date (another copy may give it)."""
        if not ids:
            return set()
        with Session(self._engine) as session:
            return undated_article_ids(session, ids)

    # -- ingest ----------------------------------------------------------------------

    def ingest_chunk(self, items: list[WorkItem]) -> list[Outcome]:
        """Outcomes for `items`, in the same order."""
        outcomes: list[Outcome | None] = [None] * len(items)
        reads: list[tuple[int, _Read]] = []
        for i, item in enumerate(items):
            try:
                reads.append((i, self.read(item)))
            except InputError as exc:
                outcomes[i] = Outcome(item.source, "failed", error=exc.problem)
            except Exception as exc:  # a bug must not end a run of thousands of articles
                log.exception("%s: unexpected error while reading", item.source)
                outcomes[i] = Outcome(item.source, "failed", error=_internal(exc))
        kept = []
        for i, r in reads:  # a readme or a licence is reported, not stored
            reason = None
            if not isinstance(items[i], ExtractedItem):
                reason = not_article_reason(r.article.text, english=r.skip_reason is None)
            if reason is not None:
                outcomes[i] = Outcome(r.source, "skipped", skip_reason=reason)
            else:
                kept.append((i, r))
        reads = kept
        known = self.known([r.article.id for _, r in reads])
        # a copy that brings the date a stored copy lacks is extracted again (dated)
        undated = self.undated(
            [r.article.id for _, r in reads if r.article.published and r.article.id in known]
        )
        to_extract: list[tuple[int, _Read]] = []
        redo: set[int] = set()
        for i, r in reads:
            item = items[i]
            if r.article.id in undated and not r.skip_reason:
                to_extract.append((i, r))
                redo.add(i)
            elif r.article.id in known:
                outcomes[i] = Outcome(r.source, "duplicate", article=r.article)
            elif isinstance(item, ExtractedItem):
                # Extracted by `truceline run`: stored as it is, under the store's article id.
                meta = item.document.article.model_copy(update={"id": r.article.id})
                doc = item.document.model_copy(update={"article": meta})
                outcomes[i] = Outcome(r.source, "new", article=r.article, document=doc)
            elif r.skip_reason:
                outcomes[i] = Outcome(r.source, "new", article=r.article, skip_reason=r.skip_reason)
            else:
                to_extract.append((i, r))
        for i, outcome in zip(
            [i for i, _ in to_extract], self.extract([r for _, r in to_extract]), strict=True
        ):
            if i in redo and outcome.kind == "new":
                outcome.kind = "duplicate"
            outcomes[i] = outcome
        assert all(o is not None for o in outcomes)
        return outcomes  # type: ignore[return-value]

    def extract(self, reads: list[_Read]) -> list[Outcome]:
        """Extract a batch (spaCy batches well); if it fails, one by one to find the culprit."""
        if not reads:
            return []
        inputs = [_extractor_input(r.article) for r in reads]
        extractor = self.extractor  # a missing model (ModelError) ends the run, not the article
        try:
            docs = list(extractor.extract_many(inputs))
        except Exception:
            return [self._extract_one(r, a) for r, a in zip(reads, inputs, strict=True)]
        return [
            Outcome(r.source, "new", article=r.article, document=d)
            for r, d in zip(reads, docs, strict=True)
        ]

    def _extract_one(self, r: _Read, article: ArticleInput) -> Outcome:
        try:
            doc = self.extractor.extract(article)
        except Exception as exc:
            log.exception("%s: the extractor failed", r.source)
            return Outcome(r.source, "failed", error=_internal(exc, "the extractor failed"))
        return Outcome(r.source, "new", article=r.article, document=doc)

    def read(self, item: WorkItem) -> _Read:
        """The article in `item`: normalised text, content id, language; InputError if none."""
        external_id = None
        urls: list[str] = []
        fallback = None
        if isinstance(item, LineItem):
            article = parse_line(item.raw, item.source)
            external_id = article.id
        elif isinstance(item, ExtractedItem):
            article = item.article
            external_id = article.id
        elif isinstance(item, FileItem):
            article = _read_file(item, self.config.published)
        elif isinstance(item, BytesItem):
            hints = item.hints
            if not hints.published and self.config.published:
                hints = replace(hints, published=self.config.published)
            article = _from_bytes(item.data, item.source, item.html, item.charset, hints)
            fallback = item.hints.fallback_published
        elif isinstance(item, UrlItem):
            page = self.fetcher.get(item.url)
            content_type = page.content_type.lower()
            html = True if "html" in content_type else None
            hints = item.hints
            if not hints.url:
                hints = Hints(url=page.url)
            article = _from_bytes(page.data, item.source, html, page.charset, hints)
            urls.append(page.url)
        else:  # pragma: no cover - the runner sends only work items
            raise TypeError(f"not a work item: {item!r}")
        if article.url:
            urls.insert(0, article.url)
        text = normalise_text(article.text)
        if not text.strip():
            raise EmptyInputError(item.source, "has no text")
        language = detect_language(text)
        published = article.published or self.config.published or fallback
        new = NewArticle(
            id=content_id(text),
            text=text,
            source=item.source,
            title=article.title,
            outlet=article.outlet,
            author=article.author,
            published=dt.date.fromisoformat(published[:10]) if published else None,
            language=language.code if language.confidence >= 0.9 else None,
            external_id=external_id,
            urls=tuple(dict.fromkeys(urls)),
        )
        return _Read(item.source, new, skip_reason(language))

    # -- reextract -------------------------------------------------------------------

    def reextract_chunk(self, articles: list[ArticleInput]) -> list[Outcome]:
        reads = [
            _Read(f"article {a.id}", NewArticle(id=a.id, text=a.text, source="store"), None)
            for a in articles
        ]
        extractor = self.extractor
        try:
            docs = list(extractor.extract_many(articles))
        except Exception:
            return [self._extract_one(r, a) for r, a in zip(reads, articles, strict=True)]
        return [
            Outcome(r.source, "new", article=r.article, document=d)
            for r, d in zip(reads, docs, strict=True)
        ]


def _extractor_input(a: NewArticle) -> ArticleInput:
    return ArticleInput(
        id=a.id,
        text=a.text,
        title=a.title,
        url=a.urls[0] if a.urls else None,
        published=a.published.isoformat() if a.published else None,
        outlet=a.outlet,
        author=a.author,
    )


def _read_file(item: FileItem, published: str | None = None) -> ArticleInput:
    path = item.path
    try:
        check_size(item.source, path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise EmptyInputError(item.source, "does not exist (any more)") from None
    except IsADirectoryError:
        raise BinaryInputError(item.source, "is a directory") from None
    except OSError as exc:
        raise EmptyInputError(item.source, f"cannot be read: {exc.strerror}") from None
    return article_from_bytes(
        data, item.source, article_id=_PLACEHOLDER_ID, html=item.html, published=published
    )


def _from_bytes(
    data: bytes, source: str, html: bool | None, charset: str | None, hints: Hints
) -> ArticleInput:
    check_size(source, len(data))
    return article_from_bytes(
        to_utf8(data, charset),
        source,
        article_id=_PLACEHOLDER_ID,
        html=html,
        published=hints.published,
        url=hints.url,
        outlet=hints.outlet,
        title=hints.title,
    )


def to_utf8(data: bytes, charset: str | None) -> bytes:
    """`data` as UTF-8, decoded from its declared charset (header, else <meta charset>).

    Data that is valid UTF-8 is kept as it is, whatever it declares: pages that say
    ISO-8859-1 and send UTF-8 are common; the reverse is not.
    """
    if charset is None:
        m = _META_CHARSET.search(data[:4096])
        charset = m.group(1).decode("ascii", "replace") if m else None
    if not charset:
        return data
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        log.debug("unknown charset %r, reading as UTF-8", charset)
        return data
    if codec in ("utf-8", "ascii"):
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    return data.decode(codec, errors="replace").encode("utf-8")


def _internal(exc: Exception, what: str = "unexpected error") -> str:
    return f"{what} ({type(exc).__name__}: {exc}); this is a truceline bug, please report it"


# -- process-pool entry points (module level so that they pickle) -----------------------

_worker: Worker | None = None


def init_process(config: WorkerConfig) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _worker = Worker(config)


def ingest_in_process(items: list[WorkItem]) -> list[Outcome]:
    assert _worker is not None, "init_process was not called"
    return _worker.ingest_chunk(items)


def reextract_in_process(articles: list[ArticleInput]) -> list[Outcome]:
    assert _worker is not None, "init_process was not called"
    return _worker.reextract_chunk(articles)
