"""Shards are found from globs and read like `extract --jsonl` reads JSONL; WARC works too."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from scale_corpus import write_shards, write_warc

from truceline.errors import BadRecordError, InputError
from truceline.extract.normalise import normalise_text
from truceline.inputs import content_id
from truceline.scale.shards import Shard, discover_shards, read_shard, shard_key


def test_globs_find_each_shard_once_sorted_by_path(tmp_path: Path) -> None:
    write_shards(tmp_path / "a", [1, 1])
    write_shards(tmp_path / "b" / "deep", [1])

    shards = discover_shards([str(tmp_path / "**" / "*.jsonl"), str(tmp_path / "a" / "s0.jsonl")])

    assert [s.path.relative_to(tmp_path).as_posix() for s in shards] == [
        "a/s0.jsonl",
        "a/s1.jsonl",
        "b/deep/s0.jsonl",
    ]
    assert len({s.key for s in shards}) == 3  # same file name in two folders: two keys


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("x.jsonl", "jsonl"),
        ("x.JSONL.gz", "jsonl"),
        ("CC-NEWS-1.warc.gz", "warc"),
        ("y.warc", "warc"),
    ],
)
def test_the_shard_kind_comes_from_the_file_name(tmp_path: Path, name: str, kind: str) -> None:
    (tmp_path / name).write_bytes(b"")

    assert discover_shards([str(tmp_path / name)])[0].kind == kind


def test_a_glob_that_matches_nothing_is_an_error_naming_it(tmp_path: Path) -> None:
    pattern = str(tmp_path / "nope-*.jsonl")

    with pytest.raises(InputError, match=r"nope-\*\.jsonl: matches no files"):
        discover_shards([pattern])


def test_a_file_that_is_not_a_shard_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n")

    with pytest.raises(InputError, match=r"notes\.csv: is not a shard"):
        discover_shards([str(tmp_path / "*")])


def test_shard_keys_are_safe_file_names_and_stable() -> None:
    key = shard_key(Path("/data/CC NEWS/2021=01/x.warc.gz"))

    assert key.startswith("x.warc.gz-")
    assert key == shard_key(Path("/data/CC NEWS/2021=01/x.warc.gz"))
    assert "/" not in key
    assert "=" not in key
    assert " " not in key


def test_jsonl_lines_that_cannot_be_read_keep_their_id_and_their_reason(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    lines = [
        json.dumps({"id": "ok", "text": "Troops shelled the town."}),
        "",
        json.dumps({"id": 7, "text": ""}),
        "{not json",
    ]
    path.write_text("\n".join(lines) + "\n")

    items = list(read_shard(Shard(path, "jsonl", "k")))

    assert [i.article.id if i.article else None for i in items] == ["ok", None, None]
    assert [i.error_id for i in items] == [None, "7", "s.jsonl:4"]
    assert 'has no "text"' in str(items[1].error)
    assert items[2].source == f"{path}:4"


def test_gzipped_jsonl_is_read_like_plain_jsonl(tmp_path: Path) -> None:
    articles = write_shards(tmp_path, [4])
    plain = tmp_path / "s0.jsonl"
    packed = tmp_path / "s0.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))

    items = list(read_shard(Shard(packed, "jsonl", "k")))

    assert [i.article.id for i in items if i.article] == [a["id"] for a in articles]


def test_a_truncated_gzip_shard_fails_with_its_name(tmp_path: Path) -> None:
    write_shards(tmp_path, [4])
    packed = tmp_path / "s0.jsonl.gz"
    packed.write_bytes(gzip.compress((tmp_path / "s0.jsonl").read_bytes())[:-30])

    with pytest.raises(BadRecordError, match=r"s0\.jsonl\.gz: is not readable gzip"):
        list(read_shard(Shard(packed, "jsonl", "k")))


def test_warc_responses_become_articles_and_broken_pages_errors(tmp_path: Path) -> None:
    path = tmp_path / "news.warc.gz"
    write_warc(path)

    items = list(read_shard(Shard(path, "warc", "k")))
    articles = [i.article for i in items if i.article]
    errors = [i for i in items if i.error]

    assert [a.url for a in articles] == [
        "http://news.test/a",
        "http://news.test/b",
        "http://news.test/e",
    ]
    assert "Kirova" in articles[0].text
    assert "Sport" not in articles[0].text  # the navigation is left out
    assert "Kiréva" in articles[1].text  # decoded from the declared windows-1252
    assert articles[0].title == "Clashes near the border"
    assert articles[0].id == content_id(normalise_text(articles[0].text))  # as ingest does
    assert all(a.published for a in articles)  # the capture date when the page has none
    assert [e.error_id for e in errors] == [errors[0].source]  # the nav-only page
    assert "no article text" in str(errors[0].error)
    assert all(i.source.startswith(f"{path}@") for i in items)  # requests and 404s: nothing


def test_a_warc_shard_of_garbage_gives_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(bytes(range(256)) * 8)

    (item,) = read_shard(Shard(path, "warc", "k"))

    assert item.article is None
    assert str(item.error).startswith(f"{path}@0: is not a readable WARC file")
