import pytest

from truceline.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    NoArticleError,
    TooLargeError,
)
from truceline.inputs import article_from_bytes, content_id, read_article_file


@pytest.mark.parametrize(
    ("name", "data", "error", "says"),
    [
        ("empty.txt", b"", EmptyInputError, "empty"),
        ("blank.txt", b"  \n\n\t ", EmptyInputError, "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), BinaryInputError, "PNG"),
        ("nul.txt", b"abc\x00\x00\x01\x02def" * 10, BinaryInputError, "binary"),
        ("latin1.txt", "Troops shelled Gy\u00f6r".encode("latin-1"), EncodingError, "UTF-8"),
        (
            "menu.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            NoArticleError,
            "no article",
        ),
        ("fake.html", b"\x7fELF\x02\x01\x01" + bytes(300), BinaryInputError, "executable"),
    ],
)
def test_bad_files_give_errors_that_name_the_file(tmp_path, name, data, error, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        read_article_file(path)
    assert name in str(info.value)
    assert says in str(info.value)


def test_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse 200 MB file: cheap to make, never read
        f.truncate(200 * 1024 * 1024)
    with pytest.raises(TooLargeError, match=r"huge.txt: is 209.7 MB, over the 50 MB limit"):
        read_article_file(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(EmptyInputError, match=r"nothere\.txt: does not exist"):
        read_article_file(tmp_path / "nothere.txt")


def test_text_file_becomes_article_with_file_stem_as_id(tmp_path):
    path = tmp_path / "report-7.txt"
    path.write_text("Rebels shelled the town on Monday.", encoding="utf-8")
    art = read_article_file(path, published="2024-05-06", outlet="Wire")
    assert (art.id, art.published, art.outlet) == ("report-7", "2024-05-06", "Wire")


def test_html_is_sniffed_when_the_suffix_says_nothing():
    html = (
        b"<!doctype html><html><body><article><p>Police dispersed hundreds of protesters "
        b"with tear gas in the capital on Sunday, witnesses said.</p></article></body></html>"
    )
    art = article_from_bytes(html, "page")
    assert art.text.startswith("Police dispersed")


def test_content_id_ignores_whitespace_differences():
    assert content_id("Shelling  resumed\n today") == content_id("Shelling resumed today")
    assert content_id("Shelling resumed") != content_id("Shelling stopped")
