"""One article once, with its date: header lines, bylines, --published, copies in
several formats, and files that are no article. All texts written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.article_header import byline_date, read_header
from truceline.ingest.language import NOT_ARTICLE_RULES, not_article_reason
from truceline.ingest.runner import ingest
from truceline.store import make_engine
from truceline.store.models import articles
from truceline.store.repository import article_sources_of

PARAGRAPHS = (
    "Artillery fire hit the outskirts of Tartar overnight, damaging two houses and a "
    "school, the Azerbaijani defence ministry said on Tuesday.",
    "The ministry accused Armenian forces of breaking the humanitarian truce that both "
    "sides had agreed to observe from the start of the week.",
    "Armenian officials said their positions had come under fire first and denied that "
    "their units had opened fire on any village.",
)
BODY = "\n\n".join(PARAGRAPHS)
URL = "https://news.example/tartar-shelling"


def _html(body_paragraphs: tuple[str, ...]) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body_paragraphs)
    return (
        "<!DOCTYPE html><html><head><title>Shelling hits Tartar</title>"
        '<meta property="article:published_time" content="2020-10-27T09:00:00Z">'
        f"</head><body><article>{paras}</article></body></html>"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    (d / "r1.txt").write_text(
        f"URL: {URL}\nTITLE: Shelling hits Tartar\nDATE: 2020-10-27\n\n{BODY}\n", encoding="utf-8"
    )
    (d / "r1.html").write_text(_html(PARAGRAPHS), encoding="utf-8")
    line = {"id": "line-1", "text": BODY, "url": URL, "published": "2020-10-27"}
    (d / "r1.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (d / "byline.txt").write_text(
        "Truce frays on its third day\n\nBy A. Writer\n\nOctober 26, 2020\n\n"
        "Gunfire was heard near Martuni late on Sunday, local residents told reporters, "
        "as both armies blamed each other for the first breach.\n",
        encoding="utf-8",
    )
    (d / "undated.txt").write_text(
        "Shells fell on a village near Hadrut on Monday, a local mayor said, and two "
        "houses were damaged in the attack.\n",
        encoding="utf-8",
    )
    (d / "SOURCE.txt").write_text(
        "These reports were saved from news pages by hand for testing; they belong "
        "to their publishers.\n",
        encoding="utf-8",
    )
    (d / "links.txt").write_text(
        "Home\nWorld\nRegion news\nContact us\nSubscribe\n", encoding="utf-8"
    )
    return d


def _published(url: str) -> dict[str, str | None]:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.execute(select(articles.c.source, articles.c.published)).all()
    engine.dispose()
    return {Path(r.source).name: r.published.isoformat() if r.published else None for r in rows}


@pytest.mark.slow
def test_one_report_in_three_formats_is_one_article_with_its_sources(
    folder: Path, db_url: str
) -> None:
    summary = ingest([str(folder)], db_url, workers=0)
    assert (summary.new, summary.duplicate, summary.skipped, summary.failed) == (3, 2, 2, 0)
    assert summary.undated == 1  # stored all the same, with its events
    assert sorted(Path(s.source).name for s in summary.skips) == ["SOURCE.txt", "links.txt"]
    reasons = {Path(s.source).name: s.reason for s in summary.skips}
    assert reasons["SOURCE.txt"].endswith("[readme-name]")
    assert reasons["links.txt"] == "not an article: no sentence with a verb [no-verb]"
    published = _published(db_url)
    assert published == {"r1.html": "2020-10-27", "byline.txt": "2020-10-26", "undated.txt": None}
    engine = make_engine(db_url)
    with Session(engine) as s:
        [rid] = s.execute(select(articles.c.id).where(articles.c.source.like("%r1.html"))).scalars()
        text = s.execute(select(articles.c.text).where(articles.c.id == rid)).scalar_one()
        sources = article_sources_of(s, rid)
    engine.dispose()
    assert sorted(Path(x.split(":")[0]).name for x in sources) == ["r1.html", "r1.jsonl", "r1.txt"]
    assert "URL:" not in text  # header lines are metadata, not article text


@pytest.mark.slow
def test_published_option_dates_only_inputs_that_give_no_date(folder: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    ingest([str(folder / "undated.txt"), str(folder / "byline.txt")], url, workers=0,
           published="2020-11-02")  # fmt: skip
    assert _published(url) == {"undated.txt": "2020-11-02", "byline.txt": "2020-11-02"}


@pytest.mark.slow
def test_a_dated_copy_completes_an_undated_article(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    (tmp_path / "bare.txt").write_text(BODY + "\n", encoding="utf-8")
    first = ingest([str(tmp_path / "bare.txt")], url, workers=0)
    assert first.new == 1
    assert _published(url) == {"bare.txt": None}
    line = {"id": "x", "text": BODY, "published": "2020-10-27", "title": "Tartar"}
    (tmp_path / "x.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    second = ingest([str(tmp_path / "x.jsonl")], url, workers=0)
    assert (second.new, second.duplicate, second.dated_by_copy) == (0, 1, 1)
    assert _published(url) == {"bare.txt": "2020-10-27"}


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "URL: https://a.example/1\nTITLE: A title\nDATE: 2019-06-11\n\nBody text here.",
            ("https://a.example/1", "A title", "2019-06-11", "header", "Body text here."),
        ),
        (
            "URL: https://a.example/2\nTITLE: \nDATE: \n\nBody text here.",
            ("https://a.example/2", None, None, None, "Body text here."),
        ),
        (
            "Published: 3 March 2021\n\nBody text here.",
            (None, None, "2021-03-03", "header", "Body text here."),
        ),
        (
            "A headline\n\nBy A. Writer\n\nOctober 26, 2020\n\nBody text here.",
            (None, None, "2020-10-26", "byline", None),
        ),
        (
            "Troops left the town on 3 May 2021, officials said.\n\nMore text.",
            (None, None, None, None, None),
        ),
    ],
    ids=["header", "empty-header", "published-header", "byline", "date-in-lead-is-no-byline"],
)
def test_header_lines_and_byline_dates(text: str, fields: tuple) -> None:
    h = read_header(text)
    url, title, published, source, body = fields
    assert (h.url, h.title, h.published, h.published_from) == (url, title, published, source)
    if body is not None:
        assert h.text == body
    elif source != "byline":
        assert h.text == text


def test_byline_date_reads_only_near_the_top() -> None:
    lines = "\n".join(f"Paragraph {n} of the report." for n in range(12))
    assert byline_date(lines + "\nMay 5, 2020\n") is None
    assert byline_date("Title\nUpdated: May 5, 2020 10:15 GMT\nBody.") == "2020-05-05"


@pytest.mark.parametrize(
    ("rule", "example", "counter"),
    [(r, e, c) for r in NOT_ARTICLE_RULES for e in r.examples for c in r.counter_examples],
    ids=lambda v: v if isinstance(v, str) else getattr(v, "id", ""),
)
def test_not_article_rules_run_their_examples(rule, example, counter) -> None:
    prose = "Soldiers fired on the village, the ministry said on Monday."
    if rule.on == "name":
        assert not_article_reason(prose, example) is not None
        assert not_article_reason(prose, counter) is None
    else:
        assert rule.id in (not_article_reason(example) or "")
        assert not_article_reason(counter) is None
