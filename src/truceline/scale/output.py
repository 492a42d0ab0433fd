"""A run's output directory: partitioned Parquet per shard, written atomically, read back.

    DIR/articles/shard=<key>/part-0.parquet     one partition per input shard
    DIR/events/shard=<key>/part-0.parquet
    DIR/ceasefires/shard=<key>/part-0.parquet
    DIR/quotes/shard=<key>/part-0.parquet
    DIR/_manifest/<key>.json                   the shard is done (see manifest.py)

Hive-style partitions, so `pandas.read_parquet("DIR/events")` and DuckDB's
`read_parquet('DIR/events/*/*.parquet', hive_partitioning = true)` see one table with
a `shard` column. Files are written under a hidden temporary name (`.part-0...tmp`,
which Parquet readers skip) and renamed into place when complete; a shard that is
redone replaces its files, so no article is ever in the output twice.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from truceline.errors import StoreError
from truceline.scale.manifest import read_entries
from truceline.scale.tables import SCHEMAS, TABLES, Record, documents_from_rows, record_rows
from truceline.schemas import ArticleInput, Document, ErrorDocument

log = logging.getLogger(__name__)
PART = "part-0.parquet"


def partition_path(table: str, key: str) -> str:
    """The file of one table for one shard, relative to the output directory."""
    return f"{table}/shard={key}/{PART}"


class ShardWriter:
    """Streams one shard's records into its four Parquet files, `batch_size` articles at a time.

    Use as a context manager; on a clean exit the files are renamed into place and
    `rows` holds the row count of each table; on an exception the temporaries are removed.
    """

    def __init__(self, output: Path, key: str, *, batch_size: int = 500) -> None:
        self.output = output
        self.key = key
        self.batch_size = batch_size
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.files = {table: partition_path(table, key) for table in TABLES}
        self._pending: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._tmp: dict[str, Path] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def __enter__(self) -> ShardWriter:
        token = uuid.uuid4().hex[:12]
        for table, rel in self.files.items():
            final = self.output / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            for stale in final.parent.glob(f".{final.name}.*.tmp"):  # from a killed attempt
                stale.unlink(missing_ok=True)
            tmp = final.with_name(f".{final.name}.{token}.tmp")
            self._tmp[table] = tmp
            self._writers[table] = pq.ParquetWriter(tmp, SCHEMAS[table], compression="zstd")
        return self

    def write(self, record: Record) -> None:
        for table, rows in record_rows(record).items():
            self._pending[table].extend(rows)
        if len(self._pending["articles"]) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        for table, rows in self._pending.items():
            if rows:
                batch = pa.RecordBatch.from_pylist(rows, schema=SCHEMAS[table])
                self._writers[table].write_batch(batch)
                self.rows[table] += len(rows)
                rows.clear()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:
                self._flush()
        finally:
            for writer in self._writers.values():
                writer.close()
        if exc_type is not None:
            for tmp in self._tmp.values():
                tmp.unlink(missing_ok=True)
            return
        for table, tmp in self._tmp.items():
            os.replace(tmp, self.output / self.files[table])


def iter_run_records(output: Path) -> Iterator[Record]:
    """Every record of a run's complete shards: shards in input-path order, articles in
    shard order. Shards without a manifest entry (unfinished) are left out."""
    if not output.is_dir():
        raise StoreError(f"{output}: no such run output directory")
    entries = sorted(read_entries(output).values(), key=lambda e: e.input)
    for entry in entries:
        tables = {}
        for table in TABLES:
            path = output / entry.files[table]
            try:
                tables[table] = pq.read_table(path, schema=SCHEMAS[table]).to_pylist()
            except (OSError, pa.ArrowException) as exc:
                raise StoreError(
                    f"{path}: unreadable ({exc}); re-run `truceline run` to redo shard {entry.key}"
                ) from None
        lists = {t: tables[t] for t in TABLES if t != "articles"}
        yield from documents_from_rows(tables["articles"], lists)


def read_run_output(output: Path) -> Iterator[Document]:
    """The contract documents of a run (articles that could not be read are left out;
    they are the rows of `articles` with an `error`)."""
    for record in iter_run_records(output):
        if isinstance(record.document, Document):
            yield record.document


def read_run_articles(output: Path) -> Iterator[tuple[ArticleInput, Document]]:
    """Each article of a run as it was read (with its text) and its document: what
    `truceline ingest DIR` stores. Records that could not be read are left out."""
    for record in iter_run_records(output):
        article = record.article()
        if article is not None and isinstance(record.document, Document):
            yield article, record.document


def read_run_errors(output: Path) -> Iterator[ErrorDocument]:
    """The error documents of a run: records that could not be read or extracted."""
    for record in iter_run_records(output):
        if isinstance(record.document, ErrorDocument):
            yield record.document


def is_run_output(path: Path) -> bool:
    """True for a directory `truceline run` wrote (it has a manifest)."""
    return (path / "_manifest").is_dir()
