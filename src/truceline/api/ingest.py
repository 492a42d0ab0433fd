"""`POST /api/articles`: one article (text, HTML or a URL to fetch) read, extracted, stored.

It goes the way `truceline ingest` goes, through the same `ingest.worker.Worker`:
decoding and size checks, HTML to text, language check, content-hash dedupe, the
extractor, then one transaction for the article and its extraction. A URL is fetched
by the ingest `Fetcher`, whose guard refuses loopback, private and other non-public
addresses where the socket connects, follows at most 5 redirects (each checked) and
caps the size.

Reading and extraction run in worker processes (`PostIngestor`), under the limits
`ingest` has (`ingest.limits`: characters and sentences cut and flagged, a time budget
per article, after which the article is stored `not_extracted: timeout`): at most
`api_extractions` at once, more get 503 with Retry-After. A worker that overruns its
budget where no signal reaches it is ended after a hard deadline (the request gets a
503); the workers end with the server (`truceline.processes`), and on shutdown what they
hold is abandoned (the requests get a 503, nothing is half-stored).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from truceline.api.models import IngestRequest, IngestResult
from truceline.api.state import ApiState
from truceline.errors import BusyError, InputError, TrucelineError
from truceline.ingest.fetch import is_url
from truceline.ingest.items import BytesItem, Hints, Outcome, UrlItem, WorkItem
from truceline.ingest.limits import Limits
from truceline.ingest.worker import Refusal, WorkerConfig, ingest_one_in_process, init_process
from truceline.processes import end_pool, spawn_pool
from truceline.store.repository import add_article_with_extraction, add_urls

log = logging.getLogger(__name__)
SOURCE = "POST /api/articles"


def _item(req: IngestRequest) -> Any:
    given = [k for k in ("text", "html") if getattr(req, k) is not None]
    if len(given) > 1:
        raise InputError(SOURCE, "give one of `text`, `html` or `url`, not both text and html")
    if req.published is not None:
        try:
            dt.date.fromisoformat(req.published[:10])
        except ValueError:
            raise InputError(
                SOURCE, f"published {req.published!r} is not a YYYY-MM-DD date"
            ) from None
    if req.url is not None and not is_url(req.url):
        raise InputError(SOURCE, f"url {req.url[:200]!r} is not an http or https URL")
    hints = Hints(url=req.url, title=req.title, published=req.published, outlet=req.outlet)
    if given:
        body = req.text if given[0] == "text" else req.html
        return BytesItem(SOURCE, body.encode("utf-8"), html=given[0] == "html", hints=hints)  # type: ignore[union-attr]
    if req.url is None:
        raise InputError(SOURCE, "give one of `text`, `html` or `url`")
    return UrlItem(req.url, req.url, Hints(title=req.title, published=req.published,
                                           outlet=req.outlet))  # fmt: skip


class PostIngestor:
    """Worker processes that read and extract posted articles, `size` at most at once."""

    def __init__(self, config: WorkerConfig, size: int) -> None:
        self.config = config
        self.size = max(1, size)
        # reading and extracting each get the budget; past this, a worker is ended
        self.deadline = 2 * config.limits.article_seconds + 30
        self.retry_after = max(1, round(config.limits.article_seconds / 2))
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False

    def run(self, item: WorkItem) -> Outcome:
        """The outcome for `item`; InputError if it cannot be read, BusyError when `size`
        requests are being served already."""
        if not self._slots.acquire(blocking=False):
            raise BusyError(
                f"{SOURCE}: {self.size} articles are being extracted already "
                f"(TRUCELINE_API_EXTRACTIONS); try again in {self.retry_after} s",
                retry_after=self.retry_after,
            )
        try:
            pool = self._executor()
            future = pool.submit(ingest_one_in_process, item)
            try:
                result = future.result(timeout=self.deadline)
            except FutureTimeout:
                log.warning("%s: no answer from the worker in %g s: ending it", SOURCE,
                            self.deadline)  # fmt: skip
                self._abandon(pool)
                raise BusyError(
                    f"{SOURCE}: the article was abandoned after {self.deadline:g} s; "
                    "nothing was stored",
                    retry_after=self.retry_after,
                ) from None
            except BrokenProcessPool:
                self._abandon(pool)
                raise BusyError(
                    f"{SOURCE}: the worker process ended while reading the article (the "
                    "server is stopping, or it ran out of memory); nothing was stored",
                    retry_after=self.retry_after,
                ) from None
        finally:
            self._slots.release()
        if isinstance(result, Refusal):
            raise result.error()
        return result

    def close(self) -> None:
        """End the workers now: what they hold is abandoned (nothing half-stored)."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            self._end(pool)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise BusyError(f"{SOURCE}: the server is stopping", retry_after=30)
            if self._pool is None:
                self._pool = spawn_pool(self.size, init_process, (self.config,))
            return self._pool

    def _abandon(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        self._end(pool)

    @staticmethod
    def _end(pool: ProcessPoolExecutor) -> None:
        end_pool(pool)


def post_ingestor(state: ApiState) -> PostIngestor:
    with state.ingest_lock:
        if state.ingest is None:
            url = state.engine.url.render_as_string(hide_password=False)
            config = WorkerConfig(
                url,
                state.settings.model,
                state.allow_private_urls,
                limits=Limits.from_settings(state.settings),
                parent_pid=os.getpid(),
                parent_death_signal=False,  # started from request threads (processes.py)
            )
            state.ingest = PostIngestor(config, state.settings.api_extractions)
        ingestor: PostIngestor = state.ingest
        return ingestor


def ingest_one(state: ApiState, req: IngestRequest) -> IngestResult:
    """Read, extract and store the posted article; InputError (4xx/502) if it cannot be
    read, BusyError (503) when the server is at its limit of extractions."""
    item = _item(req)
    outcome = post_ingestor(state).run(item)
    if outcome.kind == "failed" or outcome.article is None:
        raise TrucelineError(f"{SOURCE}: {outcome.error}")
    article = outcome.article
    document = outcome.document
    with state.sessions() as session:
        if outcome.kind == "duplicate":
            if article.urls:
                add_urls(session, article.id, article.urls)
            return IngestResult(article_id=article.id, status="duplicate", extracted=False,
                                href=f"/api/articles/{article.id}")  # fmt: skip
        new = add_article_with_extraction(
            session, article, document, skip_reason=outcome.skip_reason
        )
    log.info("%s: stored article %s (%s)", SOURCE, article.id, "new" if new else "duplicate")
    return IngestResult(
        article_id=article.id,
        status="new" if new else "duplicate",
        extracted=document is not None and new,
        skip_reason=outcome.skip_reason if new else None,
        events=len(document.events) if document and new else 0,
        ceasefires=len(document.ceasefires) if document and new else 0,
        quotes=len(document.quotes) if document and new else 0,
        href=f"/api/articles/{article.id}",
    )
