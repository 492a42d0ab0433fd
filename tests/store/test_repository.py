"""Writing and reading the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from store_docs import TEXT, article, document, event

from truceline.errors import StoreError
from truceline.store import (
    add_article_with_extraction,
    add_urls,
    article_exists,
    articles_to_reextract,
    load_document,
    make_engine,
    replace_extraction,
    stats,
    upgrade,
    url_known,
)
from truceline.store.models import article_urls, articles, events, extractions
from truceline.store.repository import FeedState, get_feed_state, save_feed_state
from truceline.version import EXTRACTOR_VERSION


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    upgrade(db_url)
    engine = make_engine(db_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def count(session: Session, table) -> int:
    n = session.execute(select(func.count()).select_from(table)).scalar_one()
    session.rollback()
    return n


def test_an_article_and_its_extraction_round_trip(session: Session) -> None:
    a = article(published=dt.date(2024, 3, 5), title="Shelling", language="en")
    doc = document(
        a.id, [event("e1", primary=True), event("e2", sub="Armed clash", etype="Battles")]
    )
    assert add_article_with_extraction(session, a, doc) is True
    loaded = load_document(session, a.id)
    assert loaded is not None
    assert loaded.events == doc.events
    assert loaded.ceasefires == doc.ceasefires
    assert loaded.quotes == doc.quotes
    assert loaded.article.url == "https://news.example/a"
    assert loaded.article.published == "2024-03-05"
    assert loaded.article.title == "Shelling"


def test_the_same_text_again_is_one_article_with_both_urls(session: Session) -> None:
    a = article()
    assert add_article_with_extraction(session, a, document(a.id))
    again = article(urls=("https://mirror.example/b",))
    assert add_article_with_extraction(session, again, document(a.id)) is False
    assert count(session, articles) == 1
    assert count(session, events) == 1  # the second extraction was not added
    assert count(session, article_urls) == 2
    assert url_known(session, "https://mirror.example/b")
    assert not url_known(session, "https://elsewhere.example/c")


def test_re_adding_the_same_url_is_a_no_op(session: Session) -> None:
    a = article()
    add_article_with_extraction(session, a, document(a.id))
    add_urls(session, a.id, ["https://news.example/a", "https://news.example/a"])
    assert count(session, article_urls) == 1


def test_an_article_not_extracted_keeps_the_reason(session: Session) -> None:
    a = article("Le cessez-le-feu a été rompu lundi soir près du village.", language="fr")
    assert add_article_with_extraction(session, a, None, skip_reason="not English (fr)")
    row = session.execute(select(extractions)).one()
    assert (row.status, row.reason, row.extractor_version) == ("skipped", "not English (fr)", None)
    assert stats(session).not_extracted_reasons == {"not English (fr)": 1}


def test_an_article_without_document_or_reason_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="skip_reason"):
        add_article_with_extraction(session, article(), None)


def test_a_failing_extraction_write_leaves_no_half_article(session: Session) -> None:
    a = article()
    # Two events with the same id break the unique constraint midway through the write.
    bad = document(a.id, [event("e1"), event("e1")])
    with pytest.raises(StoreError, match=a.id):
        add_article_with_extraction(session, a, bad)
    assert not article_exists(session, a.id)
    assert count(session, articles) == 0
    assert count(session, events) == 0
    assert count(session, article_urls) == 0
    # ...and the session is usable again.
    assert add_article_with_extraction(session, a, document(a.id))


def test_replace_extraction_swaps_events_and_leaves_the_article_row(session: Session) -> None:
    a = article(title="Original title")
    add_article_with_extraction(session, a, document(a.id), extractor_version="0.0.1")
    before = session.execute(select(articles)).one()
    session.rollback()
    new = document(a.id, [event("x1", sub="Armed clash", etype="Battles"), event("x2")], n_quotes=0)
    replace_extraction(session, a.id, new)
    assert session.execute(select(articles)).one() == before
    loaded = load_document(session, a.id)
    assert loaded is not None
    assert [e.id for e in loaded.events] == ["x1", "x2"]
    assert loaded.quotes == []
    row = session.execute(select(extractions)).one()
    assert (row.extractor_version, row.n_events, row.n_quotes) == (EXTRACTOR_VERSION, 2, 0)
    assert count(session, article_urls) == 1


def test_replace_extraction_of_an_unknown_article_is_an_error(session: Session) -> None:
    with pytest.raises(StoreError, match="not in the store"):
        replace_extraction(session, "0000000000000000", document("0000000000000000"))


def test_articles_to_reextract_filters_by_date_and_version(session: Session) -> None:
    old = article("Old text about a clash near the border.", published=dt.date(2020, 1, 2))
    new = article("New text about a clash near the river.", published=dt.date(2024, 6, 1))
    undated = article("Undated text about a protest in the square.")
    for a in (old, new, undated):
        add_article_with_extraction(session, a, document(a.id), extractor_version="0.0.1")
    skipped = article("Texte en français sur une manifestation.")
    add_article_with_extraction(session, skipped, None, skip_reason="not English (fr)")

    every = {a.id for a in articles_to_reextract(session, batch=1)}
    assert every == {old.id, new.id, undated.id}
    since = {a.id for a in articles_to_reextract(session, since=dt.date(2024, 1, 1))}
    assert since == {new.id, undated.id}  # undated: ingested today
    replace_extraction(session, new.id, document(new.id))
    outdated = {a.id for a in articles_to_reextract(session, outdated_only=True)}
    assert outdated == {old.id, undated.id}
    first = next(iter(articles_to_reextract(session, since=dt.date(2024, 1, 1))))
    assert first.text in (new.text, undated.text)


def test_stats_count_what_is_stored(session: Session) -> None:
    a = article(language="en", published=dt.date(2024, 3, 5))
    add_article_with_extraction(session, a, document(a.id, [event("e1"), event("e2")]))
    b = article(TEXT + " More.", urls=(), language="en", published=dt.date(2024, 3, 9))
    add_article_with_extraction(session, b, document(b.id, []))
    s = stats(session)
    assert (s.articles, s.urls, s.extracted, s.not_extracted) == (2, 1, 2, 0)
    assert (s.events, s.ceasefires, s.quotes) == (2, 2, 2)
    assert s.sub_event_types == {"Shelling/artillery/missile attack": 2}
    assert (s.published_first, s.published_last) == ("2024-03-05", "2024-03-09")
    assert s.extractor_versions == {EXTRACTOR_VERSION: 2}


def test_feed_state_is_saved_and_updated(session: Session) -> None:
    url = "https://news.example/feed.xml"
    assert get_feed_state(session, url) == FeedState(url=url)
    save_feed_state(session, FeedState(url=url, etag='"v1"', last_status=200))
    save_feed_state(
        session, FeedState(url=url, etag='"v2"', last_modified="Mon, 04 Mar 2024", last_status=304)
    )
    state = get_feed_state(session, url)
    assert (state.etag, state.last_modified, state.last_status) == ('"v2"', "Mon, 04 Mar 2024", 304)
