"""What one worker process does with a chunk of items: read, dedupe, extract.

Each worker holds one `Extractor` (loaded on first need: spaCy loads once per process),
one read-only connection to the store (to skip texts already stored before paying for
their extraction) and one HTTP client. The main process alone writes to the store.

Work per article is bounded (`ingest.limits`): large HTML is read as a stream, text
is cut at the character and sentence limits (the article flagged `truncated: ...`),
and reading or extracting one article gets `article_seconds`: an article whose
extraction runs out of time is stored `not_extracted: timeout`, one that cannot even
be read in time fails, and the worker goes on with the next.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from truceline.errors import BinaryInputError, EmptyInputError, InputError, NoArticleError
from truceline.extract.jsonl import load_extractor, parse_line
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
from truceline.ingest.language import (
    detect_language,
    load_identifier,
    not_article_reason,
    skip_reason,
)
from truceline.ingest.limits import (
    TIMEOUT,
    Limits,
    OverTime,
    cut_chars,
    cut_sentences,
    html_text,
    time_budget,
)
from truceline.inputs import (
    article_from_bytes,
    check_size,
    content_id,
    looks_like_html,
)
from truceline.processes import start_worker
from truceline.schemas import ArticleInput
from truceline.store.engine import make_engine
from truceline.store.repository import NewArticle, known_article_ids, undated_article_ids

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_PLACEHOLDER_ID = "pending"


@dataclass(slots=True, frozen=True)
class WorkerConfig:
    db_url: str
    model_path: Path | None = None
    allow_private: bool = False
    published: str | None = None  # `ingest --published`: for inputs that do not say
    limits: Limits = field(default_factory=Limits.from_settings)
    parent_pid: int | None = None  # a worker process ends when this process ends
    parent_death_signal: bool = True  # False when started from a thread that may end first


@dataclass(slots=True)
class _Read:
    """An item read into an article, before the store and the extractor see it."""

    source: str
    article: NewArticle
    skip_reason: str | None
    note: str | None = None  # what was cut ("truncated: ..."), stored with the extraction


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
        seconds = self.config.limits.article_seconds
        load_identifier()  # start-up, not the first article's reading time
        for i, item in enumerate(items):
            try:
                with time_budget(seconds):
                    reads.append((i, self.read(item)))
            except OverTime:
                error = f"reading took over {seconds:g} s (TRUCELINE_ARTICLE_SECONDS)"
                outcomes[i] = Outcome(item.source, "failed", error=error)
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

    def ingest_one(self, item: WorkItem) -> Outcome:
        """The outcome for one item, as `ingest_chunk`, but an item that cannot be read
        raises its InputError (the API answers with its status)."""
        seconds = self.config.limits.article_seconds
        load_identifier()
        try:
            with time_budget(seconds):
                r = self.read(item)
        except OverTime:
            raise InputError(
                item.source, f"reading took over {seconds:g} s (TRUCELINE_ARTICLE_SECONDS)"
            ) from None
        if self.known([r.article.id]):
            return Outcome(r.source, "duplicate", article=r.article)
        if r.skip_reason:
            return Outcome(r.source, "new", article=r.article, skip_reason=r.skip_reason)
        return self.extract([r])[0]

    def extract(self, reads: list[_Read]) -> list[Outcome]:
        """Extract a batch (spaCy batches well) in `article_seconds`; if it fails or runs
        out of time, one by one (each with its own budget) to find the culprit."""
        if not reads:
            return []
        bounded = [self._bounded(r) for r in reads]
        return self._extract_batch(reads, [a for a, _ in bounded], [n for _, n in bounded])

    def _extract_batch(
        self, reads: list[_Read], inputs: list[ArticleInput], notes: list[str | None]
    ) -> list[Outcome]:
        extractor = self.extractor  # a missing model (ModelError) ends the run, not the article
        seconds = self.config.limits.article_seconds
        try:
            with time_budget(seconds):
                docs = list(extractor.extract_many(inputs))
        except OverTime:
            if len(reads) == 1:
                return [self._timeout(reads[0])]
            return [self._extract_one(*args) for args in zip(reads, inputs, notes, strict=True)]
        except Exception:
            return [self._extract_one(*args) for args in zip(reads, inputs, notes, strict=True)]
        return [
            Outcome(r.source, "new", article=r.article, document=d, skip_reason=note)
            for r, d, note in zip(reads, docs, notes, strict=True)
        ]

    def _bounded(self, r: _Read) -> tuple[ArticleInput, str | None]:
        """The extractor's input for `r`, cut at the sentence limit; the notes of all cuts."""
        article = _extractor_input(r.article)
        text, note = cut_sentences(article.text, self.config.limits.article_sentences)
        if note is not None:
            article = article.model_copy(update={"text": text})
        return article, "; ".join(n for n in (r.note, note) if n) or None

    def _extract_one(self, r: _Read, article: ArticleInput, note: str | None = None) -> Outcome:
        try:
            with time_budget(self.config.limits.article_seconds):
                doc = self.extractor.extract(article)
        except OverTime:
            return self._timeout(r)
        except Exception as exc:
            log.exception("%s: the extractor failed", r.source)
            return Outcome(r.source, "failed", error=_internal(exc, "the extractor failed"))
        return Outcome(r.source, "new", article=r.article, document=doc, skip_reason=note)

    def _timeout(self, r: _Read) -> Outcome:
        log.warning(
            "%s: extraction took over %g s: stored as not extracted (%s)",
            r.source,
            self.config.limits.article_seconds,
            TIMEOUT,
        )
        return Outcome(r.source, "new", article=r.article, skip_reason=TIMEOUT)

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
            article = _read_file(item, self.config.limits, self.config.published)
        elif isinstance(item, BytesItem):
            hints = item.hints
            if not hints.published and self.config.published:
                hints = replace(hints, published=self.config.published)
            article = _from_bytes(
                item.data, item.source, item.html, item.charset, hints, self.config.limits
            )
            fallback = item.hints.fallback_published
        elif isinstance(item, UrlItem):
            page = self.fetcher.get(item.url)
            content_type = page.content_type.lower()
            html = True if "html" in content_type else None
            hints = item.hints
            if not hints.url:
                hints = Hints(url=page.url)
            article = _from_bytes(
                page.data, item.source, html, page.charset, hints, self.config.limits
            )
            urls.append(page.url)
        else:  # pragma: no cover - the runner sends only work items
            raise TypeError(f"not a work item: {item!r}")
        if article.url:
            urls.insert(0, article.url)
        limit = self.config.limits.article_chars
        raw, note = cut_chars(article.text, limit + limit // 2)  # normalising may shrink it
        text, cut = cut_chars(normalise_text(raw), limit)
        note = cut or note
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
        return _Read(item.source, new, skip_reason(language), note)

    # -- reextract -------------------------------------------------------------------

    def reextract_chunk(self, articles: list[ArticleInput]) -> list[Outcome]:
        reads = [
            _Read(f"article {a.id}", NewArticle(id=a.id, text=a.text, source="store"), None)
            for a in articles
        ]
        inputs, notes = [], []
        for a in articles:
            text, note = cut_sentences(a.text, self.config.limits.article_sentences)
            inputs.append(a.model_copy(update={"text": text}) if note else a)
            notes.append(note)
        return self._extract_batch(reads, inputs, notes)


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


def _read_file(item: FileItem, limits: Limits, published: str | None = None) -> ArticleInput:
    path = item.path
    try:
        size = path.stat().st_size
        check_size(item.source, size)
        if size > limits.html_bytes and _is_html(path, item.html):
            return _streamed_html(path, item.source, limits, Hints(published=published))
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
    data: bytes, source: str, html: bool | None, charset: str | None, hints: Hints, limits: Limits
) -> ArticleInput:
    check_size(source, len(data))
    if len(data) > limits.html_bytes and (html or (html is None and looks_like_html(data))):
        return _streamed_html(to_utf8(data, charset), source, limits, hints)
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


def _is_html(path: Path, html: bool | None) -> bool:
    if html is not None:
        return html
    with open(path, "rb") as f:
        return looks_like_html(f.read(4096))


def _streamed_html(source: Path | bytes, name: str, limits: Limits, hints: Hints) -> ArticleInput:
    """A page over `max_html_bytes`: its paragraphs read as a stream, up to the character
    limit (trafilatura would hold the whole tree, and take minutes on a huge page)."""
    log.info("%s: over %d bytes of HTML, read as a stream", name, limits.html_bytes)
    page = html_text(source, limits.article_chars + limits.article_chars // 2)
    if not page.text.strip():
        raise NoArticleError(name, "is a large HTML page with no paragraph text in it")
    return ArticleInput(
        id=_PLACEHOLDER_ID,
        text=page.text,
        title=hints.title or page.title,
        url=hints.url,
        published=hints.published,
        outlet=hints.outlet,
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
    start_worker(config.parent_pid, death_signal=config.parent_death_signal)
    _worker = Worker(config)


def ingest_in_process(items: list[WorkItem]) -> list[Outcome]:
    assert _worker is not None, "init_process was not called"
    return _worker.ingest_chunk(items)


@dataclass(slots=True, frozen=True)
class Refusal:
    """An InputError from a worker process, as data (the exceptions do not pickle)."""

    kind: str  # the InputError subclass
    source: str
    problem: str

    def error(self) -> InputError:
        from truceline import errors

        cls = getattr(errors, self.kind, InputError)
        return cls(self.source, self.problem)


def ingest_one_in_process(item: WorkItem) -> Outcome | Refusal:
    assert _worker is not None, "init_process was not called"
    try:
        return _worker.ingest_one(item)
    except InputError as exc:
        return Refusal(type(exc).__name__, exc.source, exc.problem)


def reextract_in_process(articles: list[ArticleInput]) -> list[Outcome]:
    assert _worker is not None, "init_process was not called"
    return _worker.reextract_chunk(articles)
