"""The store: articles, their URLs and extractions in SQLite (default) or PostgreSQL.

See `store/README.md` for the schema and how later issues add their own migrations.
"""

from truceline.store.engine import display_url, make_engine, resolve_url, session_factory
from truceline.store.migrate import current_revision, head_revision, require_current, upgrade
from truceline.store.query import BBox, EventFilter, EventRecord, query_events
from truceline.store.repository import (
    NewArticle,
    StoreStats,
    add_article_with_extraction,
    add_urls,
    article_exists,
    articles_to_reextract,
    load_document,
    replace_extraction,
    stats,
    url_known,
)
from truceline.store.session import store_session

__all__ = [
    "BBox",
    "EventFilter",
    "EventRecord",
    "NewArticle",
    "StoreStats",
    "add_article_with_extraction",
    "add_urls",
    "article_exists",
    "articles_to_reextract",
    "current_revision",
    "display_url",
    "head_revision",
    "load_document",
    "make_engine",
    "query_events",
    "replace_extraction",
    "require_current",
    "resolve_url",
    "session_factory",
    "stats",
    "store_session",
    "upgrade",
    "url_known",
]
