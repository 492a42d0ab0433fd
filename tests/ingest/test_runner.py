"""Ingesting a mixed corpus with the real extractor: every article once, re-runs add nothing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from ingest_corpus import FRENCH, LocalServer, Route, html_page, news_text, write_warc
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.ingest import IngestSummary, ingest
from truceline.store import make_engine
from truceline.store.models import article_urls, articles, events, extractions

pytestmark = pytest.mark.slow


def build_corpus(root: Path, server: LocalServer) -> dict[str, int]:
    """txt, html, jsonl, an RSS file whose items are served locally, a WARC.gz, French.

    Returns {"articles": distinct texts, "items": items the readers yield}.
    """
    root.mkdir()
    for i in range(3):
        (root / f"story{i}.txt").write_text(news_text(i), encoding="utf-8")
    for i in (3, 4):
        (root / f"page{i}.html").write_text(html_page(f"Story {i}", news_text(i)), "utf-8")
    lines = [{"id": f"wire-{i}", "text": news_text(i), "published": "2024-03-04"} for i in (5, 6)]
    lines.append({"id": "wire-0", "text": news_text(0), "url": "https://wire.example/0"})
    (root / "wire.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", "utf-8")
    for i in (7, 8):
        server.routes[f"/a/{i}"] = Route(html_page(f"Story {i}", news_text(i)).encode())
    items = "".join(
        f"<item><title>Story {i}</title><link>{server.url(f'/a/{i}')}</link>"
        "<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>"
        for i in (7, 8)
    )
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{items}'
    (root / "feeds").mkdir()
    (root / "feeds" / "local.rss").write_text(rss + "</channel></rss>", "utf-8")
    pages = [
        (f"https://crawl.example/{i}", html_page(f"Story {i}", news_text(i)).encode())
        for i in (9, 10)
    ]
    pages.append(("https://mirror.example/8", html_page("Story 8", news_text(8)).encode()))
    write_warc(root / "crawl.warc.gz", pages)
    (root / "autre.txt").write_text(FRENCH, encoding="utf-8")
    # 11 English texts + 1 French; 14 items: story 0 twice, story 8 twice (feed and WARC).
    return {"articles": 12, "items": 14}


def count(url: str, table, *where) -> int:
    engine = make_engine(url)
    with Session(engine) as s:
        n = s.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
    engine.dispose()
    return n


def test_a_mixed_corpus_lands_once_and_a_second_run_adds_nothing(
    db_url: str, tmp_path: Path, http_server: LocalServer
) -> None:
    expected = build_corpus(tmp_path / "corpus", http_server)
    seen: list[int] = []
    first = ingest(
        [str(tmp_path / "corpus")],
        db_url,
        workers=0,
        allow_private=True,
        progress=lambda s: seen.append(s.read),
    )
    assert first.failures == []
    assert (first.read, first.new, first.duplicate) == (expected["items"], expected["articles"], 2)
    assert first.not_extracted == 1
    assert next(iter(first.not_extracted_reasons)).startswith("not English (detected fr)")
    assert first.events > 0
    assert seen[-1] == expected["items"]
    assert seen == sorted(seen)

    assert count(db_url, articles) == expected["articles"]
    assert count(db_url, extractions, extractions.c.status == "extracted") == 11
    assert count(db_url, events) == first.events
    # The same text under two URLs is one article with both URLs.
    story8 = count(
        db_url,
        article_urls,
        article_urls.c.url.in_([http_server.url("/a/8"), "https://mirror.example/8"]),
    )
    assert story8 == 2
    assert count(db_url, article_urls, article_urls.c.url == "https://wire.example/0") == 1

    fetched = len(http_server.requests)
    second = ingest([str(tmp_path / "corpus")], db_url, workers=0, allow_private=True)
    assert (second.new, second.failed, second.events) == (0, 0, 0)
    assert second.duplicate == expected["items"]
    assert count(db_url, articles) == expected["articles"]
    assert count(db_url, events) == first.events
    assert len(http_server.requests) == fetched  # stored feed items are not fetched again


def test_worker_processes_store_the_same_as_one_process(tmp_path: Path, http_server) -> None:
    build_corpus(tmp_path / "corpus", http_server)
    inline, pooled = (f"sqlite:///{tmp_path / n}" for n in ("inline.sqlite", "pooled.sqlite"))
    a = ingest([str(tmp_path / "corpus")], inline, workers=0, allow_private=True)
    b = ingest([str(tmp_path / "corpus")], pooled, workers=2, allow_private=True)
    assert (b.read, b.new, b.duplicate, b.failed, b.events) == (
        a.read,
        a.new,
        a.duplicate,
        a.failed,
        a.events,
    )
    assert b.store_seconds > 0


def test_bad_inputs_are_listed_and_the_rest_of_the_run_completes(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "good.txt").write_text(news_text(1), encoding="utf-8")
    full = write_warc(
        tmp_path / "full.warc.gz",
        [
            (f"https://crawl.example/{i}", html_page(f"S{i}", news_text(i)).encode())
            for i in (2, 3, 4)
        ],
        extra=False,
    )
    data = full.read_bytes()
    (root / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.7)])
    (root / "broken.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>B')
    with open(root / "huge.html", "wb") as f:
        f.truncate(100 * 1024 * 1024)  # a 100 MB page (sparse: nothing is read)
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (root / "zeros.html").write_bytes(b"<html>" + b"\x00\x01\x02" * 500)

    summary = ingest(
        [str(root), "http://127.0.0.1:9/news"], f"sqlite:///{tmp_path / 's.sqlite'}", workers=0
    )
    errors = {Path(f.source.split("@")[0]).name: f.error for f in summary.failures}
    assert set(errors) == {
        "cut.warc.gz",
        "broken.rss",
        "huge.html",
        "image.html",
        "zeros.html",
        "news",
    }
    assert "truncated" in errors["cut.warc.gz"]
    assert "broken XML" in errors["broken.rss"]
    assert re.search(r"is 104\.9 MB, over the \d+ MB limit", errors["huge.html"])
    assert "PNG image" in errors["image.html"]
    assert "binary" in errors["zeros.html"]
    assert "loopback" in errors["news"]
    assert "--allow-private" in errors["news"]
    assert summary.failed == 6
    assert summary.new == 1 + 2  # good.txt and the whole WARC records before the cut
    assert summary.read == summary.new + summary.failed


def test_the_summary_is_json_with_the_issue_fields(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(news_text(2), encoding="utf-8")
    summary = ingest([str(tmp_path / "a.txt")], f"sqlite:///{tmp_path / 's.sqlite'}", workers=0)
    data = json.loads(summary.model_dump_json())
    assert {"read", "new", "duplicate", "failed", "failures", "events"} <= set(data)
    assert IngestSummary.model_validate(data) == summary
