"""Shards are written atomically and a re-run redoes exactly the shards that are not done."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from truceline.errors import StoreError
from truceline.scale.manifest import (
    ShardEntry,
    entry_path,
    file_sha256,
    is_complete,
    read_entries,
    write_entry,
)
from truceline.scale.output import ShardWriter, iter_run_records, partition_path
from truceline.scale.runner import plan_run
from truceline.scale.shards import discover_shards
from truceline.scale.tables import TABLES, Record
from truceline.schemas import ArticleMeta, Document
from truceline.version import EXTRACTOR_VERSION


def finish(output: Path, shard_path: Path, key: str, n: int = 2) -> ShardEntry:
    """Write a shard's files and its manifest entry as the shard task does."""
    with ShardWriter(output, key) as writer:
        for i in range(n):
            writer.write(
                Record(i, f"{shard_path}:{i + 1}", Document(article=ArticleMeta(id=str(i))))
            )
    stat = shard_path.stat()
    entry = ShardEntry(
        key=key,
        input=str(shard_path),
        kind="jsonl",
        input_size=stat.st_size,
        input_mtime_ns=stat.st_mtime_ns,
        input_sha256=file_sha256(shard_path),
        extractor_version=EXTRACTOR_VERSION,
        files=writer.files,
        rows=writer.rows,
        articles=n,
        failed=0,
        seconds=0.1,
        worker="test",
    )
    write_entry(output, entry)
    return entry


@pytest.fixture
def done(tmp_path: Path) -> tuple[Path, Path, ShardEntry]:
    shard = tmp_path / "s.jsonl"
    shard.write_text('{"id": "a", "text": "x"}\n')
    output = tmp_path / "out"
    return output, shard, finish(output, shard, "s")


def test_a_finished_shard_is_complete(done: tuple[Path, Path, ShardEntry]) -> None:
    output, _, entry = done

    assert is_complete(output, entry, extractor_version=EXTRACTOR_VERSION)
    assert read_entries(output) == {"s": entry}


def test_a_changed_input_makes_the_shard_incomplete(done: tuple[Path, Path, ShardEntry]) -> None:
    output, shard, entry = done
    shard.write_text('{"id": "a", "text": "y"}\n')  # same size, new content

    assert not is_complete(output, entry, extractor_version=EXTRACTOR_VERSION)


def test_a_copied_input_with_the_same_content_stays_complete(
    done: tuple[Path, Path, ShardEntry],
) -> None:
    output, shard, entry = done
    os.utime(shard, ns=(1, 1))  # only the time changed: the hash decides

    assert is_complete(output, entry, extractor_version=EXTRACTOR_VERSION)


def test_a_new_extractor_version_makes_the_shard_incomplete(
    done: tuple[Path, Path, ShardEntry],
) -> None:
    output, _, entry = done

    assert not is_complete(output, entry, extractor_version=EXTRACTOR_VERSION + ".1")


@pytest.mark.parametrize("table", TABLES)
def test_a_missing_or_truncated_file_makes_the_shard_incomplete(
    done: tuple[Path, Path, ShardEntry], table: str
) -> None:
    output, _, entry = done
    path = output / partition_path(table, "s")
    path.write_bytes(path.read_bytes()[:20])

    assert not is_complete(output, entry, extractor_version=EXTRACTOR_VERSION)
    path.unlink()
    assert not is_complete(output, entry, extractor_version=EXTRACTOR_VERSION)


def test_a_failed_shard_leaves_neither_files_nor_temporaries(tmp_path: Path) -> None:
    def killed_mid_shard() -> None:
        with ShardWriter(tmp_path, "k") as writer:
            writer.write(Record(0, "x:1", Document(article=ArticleMeta(id="a"))))
            raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError, match="worker lost"):
        killed_mid_shard()

    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_temporaries_of_a_killed_attempt_are_removed_when_the_shard_is_redone(
    tmp_path: Path,
) -> None:
    stale = tmp_path / "events" / "shard=k" / ".part-0.parquet.0123456789ab.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half a file")

    with ShardWriter(tmp_path, "k") as writer:
        writer.write(Record(0, "x:1", Document(article=ArticleMeta(id="a"))))

    assert not stale.exists()
    assert pq.read_metadata(tmp_path / partition_path("articles", "k")).num_rows == 1


def test_reading_a_run_leaves_out_shards_the_manifest_does_not_record(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_text("{}\n")
    output = tmp_path / "out"
    finish(output, shard, "done", n=2)
    finish(output, shard, "unfinished", n=3)
    entry_path(output, "unfinished").unlink()  # killed between the files and the entry

    assert len(list(iter_run_records(output))) == 2


def test_a_corrupt_manifest_entry_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "_manifest").mkdir()
    (tmp_path / "_manifest" / "k.json").write_text("{")

    with pytest.raises(StoreError, match=r"k\.json: not a truceline manifest entry"):
        read_entries(tmp_path)


def test_a_rerun_plans_only_the_shards_not_done(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jsonl").write_text(f'{{"id": "{name}", "text": "x"}}\n')
    output = tmp_path / "out"
    shards = discover_shards([str(tmp_path / "*.jsonl")])
    finish(output, shards[0].path, shards[0].key)
    finish(output, shards[2].path, shards[2].key)
    (tmp_path / "c.jsonl").write_text('{"id": "c", "text": "changed"}\n')

    plan = plan_run([str(tmp_path / "*.jsonl")], output)
    forced = plan_run([str(tmp_path / "*.jsonl")], output, force=True)

    assert [s.path.name for s in plan.todo] == ["b.jsonl", "c.jsonl"]
    assert [e.key for e in plan.done] == [shards[0].key]
    assert len(forced.todo) == 3
