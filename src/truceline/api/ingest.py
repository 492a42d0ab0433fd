"""`POST /api/articles`: one article (text, HTML or a URL to fetch) read, extracted, stored.

It goes the way `truceline ingest` goes, through the same `ingest.worker.Worker`:
decoding and size checks, HTML to text, language check, content-hash dedupe, the
extractor, then one transaction for the article and its extraction. A URL is fetched
by the ingest `Fetcher`, whose guard refuses loopback, private and other non-public
addresses where the socket connects, follows at most 5 redirects (each checked) and
caps the size.

Extraction is CPU work of a second or so: requests run in FastAPI's thread pool and
take turns on one worker (spaCy and the HTTP client are not shared between threads).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from truceline.api.models import IngestRequest, IngestResult
from truceline.api.state import ApiState
from truceline.errors import InputError, TrucelineError
from truceline.ingest.fetch import is_url
from truceline.ingest.items import BytesItem, Hints, UrlItem
from truceline.ingest.worker import Worker, WorkerConfig
from truceline.store.repository import add_article_with_extraction, add_urls, article_exists

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


def ingest_one(state: ApiState, req: IngestRequest) -> IngestResult:
    """Read, extract and store the posted article; InputError (4xx/502) if it cannot be read."""
    item = _item(req)
    with state.ingest_lock:
        if state.ingest is None:
            url = state.engine.url.render_as_string(hide_password=False)
            state.ingest = Worker(WorkerConfig(url, state.settings.model, state.allow_private_urls))
        worker: Worker = state.ingest
        read = worker.read(item)
        article = read.article
        with state.sessions() as session:
            if article_exists(session, article.id):
                if article.urls:
                    add_urls(session, article.id, article.urls)
                return IngestResult(article_id=article.id, status="duplicate", extracted=False,
                                    href=f"/api/articles/{article.id}")  # fmt: skip
            document = None
            if read.skip_reason is None:
                outcome = worker.extract([read])[0]
                if outcome.kind == "failed":
                    raise TrucelineError(f"{SOURCE}: {outcome.error}")
                document = outcome.document
            new = add_article_with_extraction(
                session, article, document, skip_reason=read.skip_reason
            )
    log.info("%s: stored article %s (%s)", SOURCE, article.id, "new" if new else "duplicate")
    return IngestResult(
        article_id=article.id,
        status="new" if new else "duplicate",
        extracted=document is not None and new,
        skip_reason=read.skip_reason if new else None,
        events=len(document.events) if document and new else 0,
        ceasefires=len(document.ceasefires) if document and new else 0,
        quotes=len(document.quotes) if document and new else 0,
        href=f"/api/articles/{article.id}",
    )
