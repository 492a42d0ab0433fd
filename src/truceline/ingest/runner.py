"""The ingest runner: readers in the main process, workers in processes, one writer.

    sources -> Reader (main) -> chunks of items -> workers (read, dedupe, extract)
            -> outcomes -> store (main: one transaction per article) -> summary

Only the main process writes, one article and its extraction per transaction, so a
crash (even `kill -9`) leaves whole articles or none; running again skips what was
stored (workers look the content hash up before extracting) and carries on.

Workers end with the main process, however it ends (`truceline.processes`). A run
stopped by Ctrl-C or SIGTERM (the CLI turns both into KeyboardInterrupt) stops
reading, abandons what the workers hold (ending them at once: it was not stored, the
next run reads it again) and returns its summary with `interrupted`. Each article
gets `article_seconds` in a worker (`ingest.limits`); should a worker hang where no
signal reaches it (in a native library), the main process ends the workers after
`stall_seconds` without any result and fails the chunks they held.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from truceline.errors import TrucelineError
from truceline.ingest.fetch import Fetcher
from truceline.ingest.items import FailedItem, Item, KnownUrl, Outcome, SkippedItem, WorkItem
from truceline.ingest.limits import Limits
from truceline.ingest.sources import Reader
from truceline.ingest.worker import (
    Worker,
    WorkerConfig,
    ingest_in_process,
    init_process,
    reextract_in_process,
)
from truceline.processes import (
    death_signal_allowed,
    deferred_stop,
    end_pool,
    spawn_pool,
    worker_count,
)
from truceline.store.engine import display_url, make_engine, resolve_url
from truceline.store.migrate import upgrade
from truceline.store.repository import (
    add_article_with_extraction,
    articles_to_reextract,
    complete_article,
    replace_extraction,
    url_known,
)

log = logging.getLogger(__name__)

CHUNK = 8  # items per task: spaCy parses a batch faster than single articles
MAX_FAILURES_LISTED = 10_000
T = TypeVar("T")


class Failure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    error: str


class Skip(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    reason: str


class IngestSummary(BaseModel):
    """What `truceline ingest` did. `new` counts every article stored by this run,
    `not_extracted` those of them kept without extraction (with the reasons),
    `skipped` the inputs that are no article (not stored; `skips` says why),
    `undated` the new articles with no publication date (stored; their events too),
    `dated_by_copy` stored articles that another copy of their text gave the date."""

    model_config = ConfigDict(extra="forbid")

    db: str
    read: int = 0
    new: int = 0
    duplicate: int = 0
    not_extracted: int = 0
    truncated: int = 0
    skipped: int = 0
    undated: int = 0
    dated_by_copy: int = 0
    failed: int = 0
    ignored_files: int = 0
    events: int = 0
    ceasefires: int = 0
    quotes: int = 0
    seconds: float = 0.0
    articles_per_second: float = 0.0
    store_seconds: float = 0.0
    interrupted: bool = False
    not_extracted_reasons: dict[str, int] = Field(default_factory=dict)
    failures: list[Failure] = Field(default_factory=list)
    failures_not_listed: int = 0
    skips: list[Skip] = Field(default_factory=list)

    def add_failure(self, source: str, error: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_LISTED:
            self.failures.append(Failure(source=source, error=error))
        else:
            self.failures_not_listed += 1


class ReextractSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db: str
    read: int = 0
    reextracted: int = 0
    failed: int = 0
    events: int = 0
    ceasefires: int = 0
    quotes: int = 0
    seconds: float = 0.0
    articles_per_second: float = 0.0
    interrupted: bool = False
    failures: list[Failure] = Field(default_factory=list)


Progress = Callable[[Any], None]


class Ingestor:
    """Holds the store connection and the worker processes across runs (`--watch`).

    `workers=0` reads and extracts in this process (no pool): for tests and debugging.
    """

    def __init__(
        self,
        db: str | None = None,
        *,
        workers: int | None = None,
        allow_private: bool = False,
        model_path: Path | None = None,
        chunk_size: int = CHUNK,
        progress: Progress | None = None,
        limits: Limits | None = None,
        published: str | None = None,
    ) -> None:
        self.url = resolve_url(db)
        self.engine = make_engine(self.url)
        upgrade(self.engine)
        self.session = Session(self.engine)
        self.workers = worker_count(workers)
        self.chunk_size = max(1, chunk_size)
        limits = limits or Limits.from_settings()
        self.config = WorkerConfig(
            self.url,
            model_path,
            allow_private,
            published,
            limits=limits,
            parent_pid=os.getpid(),
            # the pool starts its processes from the thread that submits work: this one
            parent_death_signal=death_signal_allowed(),
        )
        # no result from any worker for this long: they hang where no signal reaches
        self.stall_seconds = (2 * self.chunk_size + 2) * limits.article_seconds + 60
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._pool_worked = False  # a pool that breaks before any result is not worth retrying
        self._local: Worker | None = None
        self._fetcher: Fetcher | None = None

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._local is not None:
            self._local.close()
        if self._fetcher is not None:
            self._fetcher.close()
        self.session.close()
        self.engine.dispose()

    def abandon(self) -> None:
        """End the worker processes now, dropping what they hold (see the module doc)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            end_pool(pool)

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self.config.allow_private)
        return self._fetcher

    def url_known(self, url: str) -> bool:
        known = url_known(self.session, url)
        self.session.rollback()
        return known

    # -- ingest ----------------------------------------------------------------------

    def ingest(self, sources: Sequence[str]) -> IngestSummary:
        """Read, extract and store everything in `sources` (paths, directories, URLs)."""
        reader = Reader(fetcher=self.fetcher, url_known=self.url_known)
        summary = self.ingest_items(reader.items(sources))
        summary.ignored_files = reader.ignored
        return summary

    def ingest_items(self, items: Iterable[Item]) -> IngestSummary:
        summary = IngestSummary(db=display_url(self.url))
        start = time.perf_counter()

        def work() -> Iterator[list[WorkItem]]:
            chunk: list[WorkItem] = []
            for item in items:
                if isinstance(item, FailedItem):
                    self._apply(Outcome(item.source, "failed", error=item.error), summary)
                elif isinstance(item, SkippedItem):
                    self._apply(Outcome(item.source, "skipped", skip_reason=item.reason), summary)
                elif isinstance(item, KnownUrl):
                    self._apply(Outcome(item.source, "duplicate"), summary)
                else:
                    chunk.append(item)
                    if len(chunk) >= self.chunk_size:
                        yield chunk
                        chunk = []
                self._tick(summary, start)
            if chunk:
                yield chunk

        try:
            for outcomes in self._map(ingest_in_process, "ingest", work(), _item_sources):
                for outcome in outcomes:
                    with deferred_stop():  # stored and counted, or neither
                        self._apply(outcome, summary)
                self._tick(summary, start)
        except KeyboardInterrupt:
            summary.interrupted = True
            self.abandon()
            log.warning("interrupted: what was stored stays stored; run again to continue")
        self._tick(summary, start, final=True)
        return summary

    def _apply(self, o: Outcome, s: IngestSummary) -> None:
        s.read += 1
        if o.kind == "failed":
            s.add_failure(o.source, o.error or "unknown error")
            return
        if o.kind == "skipped":
            s.skipped += 1
            s.skips.append(Skip(source=o.source, reason=o.skip_reason or "not an article"))
            return
        if o.article is None:  # a known URL: nothing to write
            s.duplicate += 1
            return
        t0 = time.perf_counter()
        if o.kind == "duplicate":
            s.dated_by_copy += complete_article(self.session, o.article, o.document)
            s.duplicate += 1
        elif add_article_with_extraction(
            self.session, o.article, o.document, skip_reason=o.skip_reason
        ):
            s.new += 1
            s.undated += o.article.published is None
            if o.document is None:
                s.not_extracted += 1
                reason = o.skip_reason or "not extracted"
                s.not_extracted_reasons[reason] = s.not_extracted_reasons.get(reason, 0) + 1
            else:
                s.truncated += o.skip_reason is not None  # extracted, with what was cut
                s.events += len(o.document.events)
                s.ceasefires += len(o.document.ceasefires)
                s.quotes += len(o.document.quotes)
        else:  # stored meanwhile (the same text twice in this run, or another process)
            s.dated_by_copy += complete_article(self.session, o.article, o.document)
            s.duplicate += 1
        s.store_seconds += time.perf_counter() - t0

    def _tick(self, s: Any, start: float, *, final: bool = False) -> None:
        s.seconds = round(time.perf_counter() - start, 3)
        s.articles_per_second = round(s.read / s.seconds, 2) if s.seconds > 0 else 0.0
        if final and hasattr(s, "store_seconds"):
            s.store_seconds = round(s.store_seconds, 3)
        if self.progress is not None:
            self.progress(s)

    # -- reextract -------------------------------------------------------------------

    def reextract(
        self, *, since: dt.date | None = None, outdated_only: bool = False
    ) -> ReextractSummary:
        """Re-read stored articles with the current extractor, one transaction per article."""
        summary = ReextractSummary(db=display_url(self.url))
        start = time.perf_counter()
        reading = Session(self.engine)

        def work() -> Iterator[list[Any]]:
            chunk: list[Any] = []
            for article in articles_to_reextract(reading, since=since, outdated_only=outdated_only):
                chunk.append(article)
                if len(chunk) >= self.chunk_size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        try:
            for outcomes in self._map(reextract_in_process, "reextract", work(), _article_sources):
                for o in outcomes:
                    summary.read += 1
                    if o.kind == "failed" or o.document is None or o.article is None:
                        summary.failed += 1
                        summary.failures.append(Failure(source=o.source, error=o.error or "?"))
                        continue
                    with deferred_stop():  # stored and counted, or neither
                        replace_extraction(self.session, o.article.id, o.document)
                        summary.reextracted += 1
                    summary.events += len(o.document.events)
                    summary.ceasefires += len(o.document.ceasefires)
                    summary.quotes += len(o.document.quotes)
                self._tick(summary, start)
        except KeyboardInterrupt:
            summary.interrupted = True
            self.abandon()
        finally:
            reading.close()
        self._tick(summary, start, final=True)
        return summary

    # -- parallel map ------------------------------------------------------------------

    def _map(
        self,
        fn: Callable[[list[T]], list[Outcome]],
        method: str,
        chunks: Iterator[list[T]],
        sources: Callable[[list[T]], list[str]],
    ) -> Iterator[list[Outcome]]:
        """fn(chunk) for every chunk, on the workers, as they finish (any order)."""
        if self.workers == 0:
            if self._local is None:
                self._local = Worker(self.config)
            local = getattr(self._local, f"{method}_chunk")
            for chunk in chunks:
                yield local(chunk)
            return
        pending: dict[Future[list[Outcome]], tuple[list[T], ProcessPoolExecutor]] = {}
        window = self.workers * 2
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < window:
                    try:
                        chunk = next(chunks)
                    except StopIteration:
                        exhausted = True
                        break
                    pool = self._executor()
                    pending[pool.submit(fn, chunk)] = (chunk, pool)
                if not pending:
                    return
                done, _ = wait(pending, timeout=self.stall_seconds, return_when=FIRST_COMPLETED)
                if not done:
                    yield from self._stalled(pending, sources)
                    continue
                for future in done:
                    chunk, pool = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool as exc:
                        if not self._pool_worked:
                            raise TrucelineError(
                                "the worker processes died before finishing any work "
                                f"({exc}); run with --workers 0 to see the error"
                            ) from exc
                        if pool is self._pool:  # the next submit starts a new pool
                            self._pool = None
                            pool.shutdown(wait=False, cancel_futures=True)
                        yield [
                            Outcome(
                                src,
                                "failed",
                                error="a worker process died while reading "
                                "this (out of memory? a crash in a native library?)",
                            )
                            for src in sources(chunk)
                        ]
                        continue
                    self._pool_worked = True
                    yield result
        except BaseException:
            for future in pending:
                future.cancel()
            raise

    def _stalled(
        self, pending: dict[Future[list[Outcome]], tuple[list[T], Any]], sources: Any
    ) -> Iterator[list[Outcome]]:
        log.warning("no worker finished anything in %g s: ending them", self.stall_seconds)
        self.abandon()
        error = (
            f"abandoned: no worker finished anything in {self.stall_seconds:g} s "
            "(a hang in a native library?)"
        )
        for chunk, _pool in pending.values():
            yield [Outcome(src, "failed", error=error) for src in sources(chunk)]
        pending.clear()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = spawn_pool(self.workers, init_process, (self.config,))
        return self._pool


def _item_sources(chunk: list[WorkItem]) -> list[str]:
    return [item.source for item in chunk]


def _article_sources(chunk: list[Any]) -> list[str]:
    return [f"article {a.id}" for a in chunk]


def ingest(
    sources: Sequence[str],
    db: str | None = None,
    *,
    workers: int | None = None,
    allow_private: bool = False,
    model_path: Path | None = None,
    progress: Progress | None = None,
    published: str | None = None,
) -> IngestSummary:
    """Ingest `sources` into the store at `db` (see `Ingestor`)."""
    with Ingestor(
        db,
        workers=workers,
        allow_private=allow_private,
        model_path=model_path,
        progress=progress,
        published=published,
    ) as ingestor:
        return ingestor.ingest(sources)


def reextract(
    db: str | None = None,
    *,
    since: dt.date | None = None,
    outdated_only: bool = False,
    workers: int | None = None,
    model_path: Path | None = None,
    progress: Progress | None = None,
) -> ReextractSummary:
    with Ingestor(db, workers=workers, model_path=model_path, progress=progress) as ingestor:
        return ingestor.reextract(since=since, outdated_only=outdated_only)


__all__ = [
    "Failure",
    "IngestSummary",
    "Ingestor",
    "ReextractSummary",
    "ingest",
    "reextract",
]
