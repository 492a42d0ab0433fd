"""Bounded work per input: line, character and sentence limits, large HTML read as a
stream, the time budget, and what ingest stores for an article cut or out of time."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from ingest_corpus import news_text
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.ingest.limits import (
    Limits,
    LongLine,
    OverTime,
    bounded_lines,
    cut_chars,
    cut_sentences,
    html_text,
    time_budget,
)
from truceline.ingest.runner import Ingestor
from truceline.store import make_engine
from truceline.store.models import extractions

LIMITS = Limits(
    line_bytes=1_000_000,
    html_bytes=1_000_000,
    article_chars=100_000,
    article_sentences=1_000,
    article_seconds=30.0,
)


def test_a_line_over_the_limit_is_refused_and_the_next_lines_are_still_read() -> None:
    data = b'{"a": 1}\n' + b"x" * 50 + b"\n" + b"y" * 10 + b"\n" + b"last"
    lines = list(bounded_lines(io.BytesIO(data), 10))
    assert lines == [
        (1, b'{"a": 1}\n'),
        (2, LongLine(51)),
        (3, b"y" * 10 + b"\n"),  # exactly at the limit (the newline does not count)
        (4, b"last"),
    ]


def test_a_long_line_is_skipped_in_pieces_without_being_held() -> None:
    class Counting(io.BytesIO):
        largest = 0

        def readline(self, size: int | None = -1, /) -> bytes:
            line = super().readline(size)
            Counting.largest = max(Counting.largest, len(line))
            return line

    f = Counting(b"z" * (5 << 20) + b"\nok\n")
    assert list(bounded_lines(f, 1 << 20)) == [(1, LongLine((5 << 20) + 1)), (2, b"ok\n")]
    assert Counting.largest <= (1 << 20) + 1


def test_a_line_far_over_the_limit_ends_the_reading_of_the_file() -> None:
    f = io.BytesIO(b"z" * (20 << 20) + b"\nnever read\n")
    [(n, line)] = list(bounded_lines(f, 1 << 20))
    assert n == 1
    assert isinstance(line, LongLine)
    assert line.rest_unread
    assert 16 << 20 < line.at_least < 20 << 20


def test_text_under_the_character_limit_is_kept_whole() -> None:
    assert cut_chars("Short text.", 100) == ("Short text.", None)


def test_text_over_the_character_limit_is_cut_at_a_sentence_end_and_noted() -> None:
    text = "One sentence here. " * 100
    cut, note = cut_chars(text, 1000)
    assert len(cut) <= 1000
    assert cut.endswith("here.")
    assert note is not None
    assert f"over 1,000 characters, the first {len(cut):,} were read" in note
    assert "TRUCELINE_MAX_ARTICLE_CHARS" in note


def test_text_over_the_sentence_limit_is_cut_after_the_last_sentence_allowed() -> None:
    text = "The road was open. The bridge was closed. The market was busy. Rain fell."
    assert cut_sentences(text, 10) == (text, None)
    cut, note = cut_sentences(text, 2)
    assert cut == "The road was open. The bridge was closed."
    assert note is not None
    assert "4 sentences, the first 2" in note


def test_large_html_is_read_as_a_stream_skipping_scripts_and_menus() -> None:
    page = (
        b"<html><head><title>Harbour news</title><script>var a = 'no';</script></head>"
        b"<body><nav><p>Home | About</p></nav><article><h1>Boats return</h1>"
        b"<p>The fishing boats came back at dawn.</p><div>Crews unloaded <b>crates</b>.</div>"
        b"</article><footer><p>Contact us</p></footer></body></html>"
    )
    read = html_text(page, 10_000)
    assert read.title == "Harbour news"
    assert read.text.split("\n\n") == [
        "Boats return",
        "The fishing boats came back at dawn.",
        "Crews unloaded crates.",
    ]


def test_streamed_html_stops_once_past_the_character_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.html"
    path.write_text("<html><body>" + "<p>A line of text.</p>" * 20_000 + "</body></html>")
    read = html_text(path, 1_000)
    assert 1_000 < len(read.text) < 1_100


def _spin() -> None:
    while True:
        time.sleep(0.01)


def test_the_time_budget_interrupts_work_that_overruns_it() -> None:
    with pytest.raises(OverTime), time_budget(0.2):
        _spin()
    with time_budget(5):  # work within the budget is left alone, and no alarm is left
        time.sleep(0.01)
    time.sleep(0.05)


@pytest.fixture
def store(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


def _reasons(url: str) -> list[str | None]:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.execute(select(extractions.c.status, extractions.c.reason)).all()
    engine.dispose()
    return [f"{status}: {reason}" for status, reason in rows]


def test_an_article_over_the_sentence_limit_is_extracted_up_to_it_and_flagged(
    store: str, tmp_path: Path
) -> None:
    source = tmp_path / "long.jsonl"
    text = " ".join(news_text(i) for i in range(4))  # 16 sentences
    source.write_text(json.dumps({"id": "long", "text": text}) + "\n", encoding="utf-8")
    limits = Limits(1_000_000, 1_000_000, 100_000, article_sentences=5, article_seconds=60)
    with Ingestor(store, workers=0, limits=limits) as ingestor:
        summary = ingestor.ingest([str(source)])
    assert (summary.new, summary.truncated, summary.not_extracted) == (1, 1, 0)
    [reason] = _reasons(store)
    assert reason.startswith("extracted: truncated: 16 sentences, the first 5 were extracted")


def test_an_article_out_of_time_is_stored_not_extracted_timeout_and_the_run_goes_on(
    store: str, tmp_path: Path
) -> None:
    source = tmp_path / "slow.jsonl"
    long_text = " ".join(news_text(i) for i in range(150))  # 600 sentences: seconds of work
    source.write_text(json.dumps({"id": "slow", "text": long_text}) + "\n", encoding="utf-8")
    limits = Limits(1_000_000, 1_000_000, 500_000, 10_000, article_seconds=0.3)
    with Ingestor(store, workers=0, limits=limits) as ingestor:
        summary = ingestor.ingest([str(source)])
    assert (summary.new, summary.failed) == (1, 0)
    assert summary.not_extracted_reasons == {"timeout": 1}
    assert _reasons(store) == ["skipped: timeout"]


def test_loading_the_language_identifier_is_no_articles_reading_time(
    store: str, tmp_path: Path
) -> None:
    # the identifier's model loads on first use (about half a second); a first article
    # with a short budget must not fail its reading for it
    from truceline.ingest import language

    language._identifier.cache_clear()
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "one", "text": news_text(0)}) + "\n", encoding="utf-8")
    limits = Limits(1_000_000, 1_000_000, 500_000, 10_000, article_seconds=0.05)
    with Ingestor(store, workers=0, limits=limits) as ingestor:
        summary = ingestor.ingest([str(source)])
    assert summary.failed == 0, summary.failures
    assert summary.new == 1
