"""Crash safety: kill -9 an ingest mid-run and run again: nothing lost, doubled or half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_corpus import news_text
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truceline.ingest import ingest
from truceline.store import make_engine
from truceline.store.models import articles, events, extractions

pytestmark = pytest.mark.slow

N = 48


def stored(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return s.execute(select(func.count()).select_from(articles)).scalar_one()
    except SQLAlchemyError:
        return 0  # the schema is not there yet
    finally:
        engine.dispose()


def check_consistent(url: str) -> int:
    """Every article has one extraction whose event count matches its event rows."""
    engine = make_engine(url)
    with Session(engine) as s:
        n_articles = s.execute(select(func.count()).select_from(articles)).scalar_one()
        per_article = dict(
            s.execute(select(extractions.c.article_id, extractions.c.n_events)).all()
        )
        rows = dict(
            s.execute(select(events.c.article_id, func.count()).group_by(events.c.article_id)).all()
        )
    engine.dispose()
    assert len(per_article) == n_articles  # no article without its extraction
    assert {a: n for a, n in per_article.items() if n} == rows  # no half-written extraction
    return n_articles


def test_kill_9_mid_run_then_rerun_loses_and_doubles_nothing(db_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(N):
        (corpus / f"s{i:03}.txt").write_text(news_text(i), encoding="utf-8")
    log = open(tmp_path / "ingest.log", "wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from truceline.cli import main; main()",
            "ingest",
            str(corpus),
            "--db",
            db_url,
            "--workers",
            "2",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 900
        while stored(db_url) < 10:
            assert proc.poll() is None, (tmp_path / "ingest.log").read_text()
            assert time.monotonic() < deadline, "ingest stored nothing in 15 minutes"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes
        proc.wait()
        log.close()
    before = check_consistent(db_url)
    assert 10 <= before < N, "the run was not killed mid-way"

    summary = ingest([str(corpus)], db_url, workers=0)
    assert summary.failures == []
    assert (summary.new, summary.duplicate) == (N - before, before)
    assert check_consistent(db_url) == N
