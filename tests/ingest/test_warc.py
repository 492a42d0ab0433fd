"""WARC files: HTML responses become items; truncation and garbage become failures."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from ingest_corpus import write_warc

from truceline.ingest.items import BytesItem, FailedItem
from truceline.ingest.warc import iter_warc

PAGES = [
    (
        f"https://news.example/{i}",
        f"<html><body><p>Page {i} ".encode() + b"word " * 300 + b"</p></body></html>",
    )
    for i in range(3)
]


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_become_items_and_other_records_are_passed_over(
    tmp_path: Path, compressed: bool
) -> None:
    path = write_warc(tmp_path / ("a.warc.gz" if compressed else "a.warc"), PAGES, gzip=compressed)
    items = list(iter_warc(path))
    assert all(isinstance(i, BytesItem) for i in items)
    assert [i.hints.url for i in items] == [u for u, _ in PAGES]
    assert [i.data for i in items] == [b for _, b in PAGES]
    assert all(i.html and i.charset == "utf-8" for i in items)
    assert all(len(i.hints.fallback_published or "") == 10 for i in items)  # WARC-Date
    assert all(i.source.startswith(f"{path}@") for i in items)


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [0.5, 0.8, 0.97])
def test_a_truncated_warc_gives_the_whole_records_and_a_failure(
    tmp_path: Path, compressed: bool, keep: float
) -> None:
    full = write_warc(tmp_path / "full.warc", PAGES, gzip=compressed, extra=False)
    data = full.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    cut.write_bytes(data[: int(len(data) * keep)])
    items = list(iter_warc(cut))
    pages = [i for i in items if isinstance(i, BytesItem)]
    failures = [i for i in items if isinstance(i, FailedItem)]
    assert len(pages) < len(PAGES)
    assert [p.data for p in pages] == [b for _, b in PAGES[: len(pages)]]
    assert len(failures) == 1
    assert "truncated" in failures[0].error
    assert failures[0].source.startswith(str(cut))


def test_garbage_named_warc_gz_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a WARC record at all\n" * 20))
    items = list(iter_warc(path))
    assert len(items) == 1
    assert isinstance(items[0], FailedItem)
    assert "not a WARC or ARC file" in items[0].error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Shelling hit the town overnight, officials said.\n", "not a WARC or ARC file"),
        (b"<html><body><p>A news page saved as .warc</p></body></html>", "not a WARC or ARC"),
        (b"", "no WARC records"),
    ],
)
def test_a_file_named_warc_that_holds_no_warc_records_is_one_failure(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "story.warc"
    path.write_bytes(content)
    [item] = list(iter_warc(path))
    assert isinstance(item, FailedItem)
    assert message in item.error
    assert item.source.startswith(str(path))


def test_an_oversized_record_is_refused_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRUCELINE_MAX_INPUT_BYTES", "1000")
    from truceline.settings import get_settings

    get_settings.cache_clear()
    try:
        items = list(iter_warc(write_warc(tmp_path / "a.warc.gz", PAGES[:1], extra=False)))
    finally:
        get_settings.cache_clear()
    assert len(items) == 1
    assert isinstance(items[0], FailedItem)
    assert "MB limit" in items[0].error
