"""The run manifest: which shards are done, from which input, with how many rows.

One small JSON file per shard, `DIR/_manifest/<shard key>.json`, written (atomically)
by the task that processed the shard only after its Parquet files are in place; a
shard without an entry is not done. Per-shard files, not one shared file, so workers
on different machines never write the same file. A re-run skips a shard whose entry
matches the input (same size and modification time, or, when only the time
differs, as after a copy, the same SHA-256), was made by the same extractor version,
and whose files are all there with the recorded row counts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from truceline.errors import StoreError

log = logging.getLogger(__name__)
MANIFEST_DIR = "_manifest"


class ShardEntry(BaseModel):
    """A finished shard, as stored in the manifest (and returned by the shard task)."""

    model_config = ConfigDict(extra="forbid")

    key: str
    input: str
    kind: str
    input_size: int
    input_mtime_ns: int
    input_sha256: str
    extractor_version: str
    files: dict[str, str]  # table -> path relative to the output directory
    rows: dict[str, int]  # table -> row count
    articles: int  # documents written (including error rows)
    failed: int  # of which errors (unreadable records, extraction failures)
    seconds: float
    worker: str


def entry_path(output: Path, key: str) -> Path:
    return output / MANIFEST_DIR / f"{key}.json"


def write_entry(output: Path, entry: ShardEntry) -> None:
    """Record a shard as done (write to a temporary name, then rename)."""
    path = entry_path(output, entry.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(entry.model_dump_json(indent=1), encoding="utf-8")
    os.replace(tmp, path)


def remove_entry(output: Path, key: str) -> None:
    """Forget a shard (before it is rewritten), so a half-rewritten shard never looks done."""
    entry_path(output, key).unlink(missing_ok=True)


def read_entries(output: Path) -> dict[str, ShardEntry]:
    """Every shard the manifest records as done, by key."""
    folder = output / MANIFEST_DIR
    if not folder.is_dir():
        return {}
    entries = {}
    for path in sorted(folder.glob("*.json")):
        try:
            entry = ShardEntry.model_validate_json(path.read_bytes())
        except ValueError as exc:
            raise StoreError(
                f"{path}: not a truceline manifest entry ({exc}); delete it to redo that shard"
            ) from None
        entries[entry.key] = entry
    return entries


def is_complete(output: Path, entry: ShardEntry, *, extractor_version: str) -> bool:
    """True when the entry matches the input as it is now and its files are all there."""
    try:
        stat = os.stat(entry.input)
    except OSError:
        return False
    if stat.st_size != entry.input_size or (
        stat.st_mtime_ns != entry.input_mtime_ns
        and file_sha256(Path(entry.input)) != entry.input_sha256
    ):
        log.info("shard %s: input %s changed since it was processed", entry.key, entry.input)
        return False
    if entry.extractor_version != extractor_version:
        log.info(
            "shard %s: made by extractor %s, now %s",
            entry.key,
            entry.extractor_version,
            extractor_version,
        )
        return False
    for table, rel in entry.files.items():
        path = output / rel
        try:
            rows = pq.read_metadata(path).num_rows
        except (OSError, pa.ArrowException):
            log.info("shard %s: %s is missing or unreadable", entry.key, path)
            return False
        if rows != entry.rows.get(table):
            log.info(
                "shard %s: %s has %d rows, manifest says %s",
                entry.key,
                path,
                rows,
                entry.rows.get(table),
            )
            return False
    return True


def file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
