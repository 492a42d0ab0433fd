"""A worker reads each kind of item into one normalised, content-keyed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_corpus import FRENCH, Route, html_page, news_text

from truceline.errors import BadRecordError, BinaryInputError, EncodingError, InputError
from truceline.extract.normalise import normalise_text
from truceline.ingest.items import BytesItem, FileItem, Hints, LineItem, UrlItem
from truceline.ingest.worker import Worker, WorkerConfig, to_utf8
from truceline.inputs import content_id


@pytest.fixture
def worker(tmp_path: Path):
    w = Worker(WorkerConfig(db_url=f"sqlite:///{tmp_path / 'unused.sqlite'}", allow_private=True))
    yield w
    w.close()


def test_the_same_text_from_a_file_and_a_jsonl_line_has_one_id(worker, tmp_path: Path) -> None:
    text = news_text(0).replace("'", "\u2019")  # typographic apostrophes are normalised
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    line = json.dumps(
        {"id": "wire-17", "text": text, "published": "2024-03-04", "url": "https://wire.example/17"}
    ).encode()
    from_file = worker.read(FileItem("a.txt", tmp_path / "a.txt", html=False)).article
    from_line = worker.read(LineItem("in.jsonl:1", line)).article
    assert from_file.id == from_line.id == content_id(normalise_text(text))
    assert from_file.text == normalise_text(text)
    assert (from_line.external_id, from_line.urls) == ("wire-17", ("https://wire.example/17",))
    assert str(from_line.published) == "2024-03-04"
    assert from_file.language == "en"


def test_html_gives_main_text_and_metadata(worker, tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(html_page("Clashes near the river", news_text(1)), encoding="utf-8")
    read = worker.read(FileItem(str(path), path, html=True))
    assert "clashed with rebel fighters" in read.article.text
    assert "Copyright" not in read.article.text
    assert read.article.title == "Clashes near the river"
    assert str(read.article.published) == "2024-03-04"
    assert read.skip_reason is None


def test_feed_hints_win_and_capture_date_is_only_a_fallback(worker) -> None:
    body = html_page("Page title", news_text(2), date="2024-03-01").encode()
    hints = Hints(
        url="https://wire.example/9",
        title="Feed title",
        outlet="Frontline Wire",
        fallback_published="2024-05-05",
    )
    article = worker.read(BytesItem("x", body, html=True, hints=hints)).article
    assert (article.title, article.outlet, str(article.published)) == (
        "Feed title",
        "Frontline Wire",
        "2024-03-01",
    )
    plain = news_text(2).encode()
    undated = worker.read(BytesItem("y", plain, html=False, hints=hints)).article
    assert str(undated.published) == "2024-05-05"


def test_a_fetched_page_keeps_the_feed_link_and_the_final_url(worker, http_server) -> None:
    http_server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    http_server.routes["/new"] = Route(html_page("Moved", news_text(3)).encode())
    link = http_server.url("/old")
    read = worker.read(UrlItem("feed item 1", link, Hints(url=link)))
    assert read.article.urls == (link, http_server.url("/new"))


def test_non_english_text_is_read_with_a_skip_reason(worker, tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    read = worker.read(FileItem("fr.txt", tmp_path / "fr.txt", html=False))
    assert read.article.language == "fr"
    assert read.skip_reason is not None
    assert "detected fr" in read.skip_reason


@pytest.mark.parametrize(
    ("item", "error", "message"),
    [
        (LineItem("in.jsonl:4", b'{"id": 1, "text": ""}'), BadRecordError, 'no "text"'),
        (LineItem("in.jsonl:5", b"{not json"), BadRecordError, "not JSON"),
        (BytesItem("page", b"\x00\x01\x02binary\x00" * 50, html=True), BinaryInputError, "binary"),
        (BytesItem("page", b"caf\xe9 " * 40, html=False), EncodingError, "not valid UTF-8"),
    ],
)
def test_bad_items_raise_input_errors_naming_them(worker, item, error, message: str) -> None:
    with pytest.raises(error, match=message) as exc_info:
        worker.read(item)
    assert isinstance(exc_info.value, InputError)
    assert str(exc_info.value).startswith(item.source)


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("Café à Genève".encode("latin-1"), "iso-8859-1", "Café à Genève"),
        ('<meta charset="windows-1252"><p>“Quoted”</p>'.encode("cp1252"), None, "“Quoted”"),
        ("Déjà vu".encode(), "iso-8859-1", "Déjà vu"),  # declared Latin-1, sent UTF-8
        (b"plain ascii", "no-such-charset", "plain ascii"),
    ],
)
def test_declared_charsets_are_decoded_to_utf8(
    data: bytes, charset: str | None, expected: str
) -> None:
    assert expected in to_utf8(data, charset).decode("utf-8")
