"""`reextract` replaces stored extractions with the current extractor's; articles stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_corpus import FRENCH, news_text
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from truceline.ingest import ingest, reextract
from truceline.store import make_engine
from truceline.store.models import article_urls, articles, events, extractions
from truceline.version import EXTRACTOR_VERSION

pytestmark = pytest.mark.slow


def test_reextract_restores_outdated_extractions_and_leaves_articles_untouched(
    db_url: str, tmp_path: Path
) -> None:
    for i in range(3):
        (tmp_path / f"s{i}.txt").write_text(news_text(i), encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    first = ingest([str(tmp_path)], db_url, workers=0)
    assert (first.new, first.not_extracted) == (4, 1)

    engine = make_engine(db_url)
    with Session(engine) as s:
        snapshot = (s.execute(select(articles)).all(), s.execute(select(article_urls)).all())
        events_before = s.execute(select(func.count()).select_from(events)).scalar_one()
        victim = s.execute(select(events.c.article_id).limit(1)).scalar_one()
        # Pretend an old extractor read everything, and lost the events of one article.
        s.execute(
            update(extractions)
            .where(extractions.c.status == "extracted")
            .values(extractor_version="0.0.0")
        )
        s.execute(delete(events).where(events.c.article_id == victim))
        s.commit()

    summary = reextract(db_url, outdated_only=True, workers=0)
    assert (summary.reextracted, summary.failed) == (3, 0)
    assert summary.events == events_before

    with Session(engine) as s:
        assert (s.execute(select(articles)).all(), s.execute(select(article_urls)).all()) == (
            snapshot
        )
        assert s.execute(select(func.count()).select_from(events)).scalar_one() == events_before
        versions = dict(
            s.execute(
                select(extractions.c.status, extractions.c.extractor_version).group_by(
                    extractions.c.status, extractions.c.extractor_version
                )
            ).all()
        )
        assert versions == {"extracted": EXTRACTOR_VERSION, "skipped": None}
    engine.dispose()

    again = reextract(db_url, outdated_only=True, workers=0)
    assert again.read == 0  # nothing is outdated any more
