"""`truceline run`: the extraction pipeline over many shards, in-process or on Dask.

    plan_run(patterns, output)  -> which shards to do, which are already done
    process_shard(shard, ...)   -> one shard read, extracted, written; its manifest entry
    run(patterns, output, ...)  -> all of it, on a Dask cluster (or in this process)

Each shard is one Dask task (`pure=False`, `retries`): the unit of work, of retry and
of resumption. A worker process loads the NLP pipeline once (`ExtractorPlugin` at
worker start, `get_extractor` caching it per process) and reuses it for every shard
it is given. If a worker dies mid-shard the scheduler re-runs the shard elsewhere;
the shard's files are replaced whole, so every article is in the output once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from distributed import WorkerPlugin

from truceline.errors import InputError
from truceline.scale.manifest import (
    ShardEntry,
    file_sha256,
    is_complete,
    read_entries,
    remove_entry,
    write_entry,
)
from truceline.scale.output import ShardWriter
from truceline.scale.shards import Shard, ShardItem, discover_shards, read_shard
from truceline.scale.tables import Record
from truceline.schemas import Document, ErrorDocument
from truceline.version import EXTRACTOR_VERSION

log = logging.getLogger(__name__)
Engine = Literal["dask", "local"]
EXTRACT_BATCH = 64  # articles handed to Extractor.extract_many at once

_extractors: dict[str | None, Any] = {}
_extractors_lock = threading.Lock()


def get_extractor(model_path: Path | None = None) -> Any:
    """The Extractor of this process for `model_path`, created on first use."""
    key = str(model_path) if model_path else None
    with _extractors_lock:
        extractor = _extractors.get(key)
        if extractor is None:
            from truceline.extract.pipeline import Extractor

            started = time.perf_counter()
            extractor = Extractor(model_path=model_path)
            _extractors[key] = extractor
            log.info(
                "pid %d loaded the extractor in %.1f s", os.getpid(), time.perf_counter() - started
            )
    return extractor


class ExtractorPlugin(WorkerPlugin):
    """Loads the extractor when a worker (re)starts, so the first shard does not pay for
    it and a broken model fails at start, not mid-run."""

    name = "truceline-extractor"

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path

    async def setup(self, worker: Any) -> None:
        # In a thread: loading takes seconds and must not stall the worker's event loop
        # (its heartbeats to the scheduler).
        await asyncio.get_running_loop().run_in_executor(None, get_extractor, self.model_path)


def warm_up(model_path: Path | None = None) -> float:
    """Load the extractor here; seconds it took. Run as a task on one worker before the
    others load, so that one-time builds (the gazetteer, the default typing model, both
    cached under TRUCELINE_CACHE_DIR) happen once rather than on every worker at once."""
    started = time.perf_counter()
    get_extractor(model_path)
    return time.perf_counter() - started


def process_shard(
    shard: Shard,
    output: Path,
    model_path: Path | None = None,
    *,
    batch_size: int = 500,
) -> ShardEntry:
    """Read, extract and write one shard; record it in the manifest; return its entry.

    Records that cannot be read and articles whose extraction fails become error rows
    (the `error` column of `articles`), so one bad page never costs a whole shard.
    """
    started = time.perf_counter()
    extractor = get_extractor(model_path)
    remove_entry(output, shard.key)
    try:
        stat = os.stat(shard.path)
    except OSError as exc:
        raise InputError(str(shard.path), f"cannot be read ({exc.strerror})") from None
    digest = file_sha256(shard.path)
    articles = failed = 0
    with ShardWriter(output, shard.key, batch_size=batch_size) as writer:
        for chunk in _chunks(read_shard(shard), EXTRACT_BATCH):
            for item, document in extract_items(extractor, chunk):
                text = item.article.text if item.article is not None else None
                writer.write(Record(articles, item.source, document, text))
                articles += 1
                failed += isinstance(document, ErrorDocument)
    entry = ShardEntry(
        key=shard.key,
        input=str(shard.path),
        kind=shard.kind,
        input_size=stat.st_size,
        input_mtime_ns=stat.st_mtime_ns,
        input_sha256=digest,
        extractor_version=EXTRACTOR_VERSION,
        files=writer.files,
        rows=writer.rows,
        articles=articles,
        failed=failed,
        seconds=round(time.perf_counter() - started, 3),
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
    write_entry(output, entry)
    log.info(
        "shard %s: %d articles (%d failed) in %.1f s", shard.key, articles, failed, entry.seconds
    )
    return entry


def extract_items(
    extractor: Any, items: list[ShardItem]
) -> Iterator[tuple[ShardItem, Document | ErrorDocument]]:
    """(item, document) for each article or unreadable record of `items`, in order.

    Articles go through `extract_many` together (spaCy parses them in one batch); if the
    batch raises, each article is extracted alone so the failure stays with its article.
    """
    articles = [item.article for item in items if item.article is not None]
    try:
        documents: Iterator[Document | ErrorDocument] = iter(list(extractor.extract_many(articles)))
    except Exception:
        documents = iter(
            [_extract_one(extractor, item) for item in items if item.article is not None]
        )
    for item in items:
        if item.article is not None:
            yield item, next(documents)
        else:
            yield item, ErrorDocument(error=str(item.error), article={"id": item.error_id})


def _extract_one(extractor: Any, item: ShardItem) -> Document | ErrorDocument:
    assert item.article is not None
    try:
        return extractor.extract(item.article)
    except InputError as exc:
        return ErrorDocument(error=str(exc), article={"id": item.article.id})
    except Exception as exc:  # one article must not sink a shard of thousands; keep why
        log.exception("%s: extraction failed", item.source)
        return ErrorDocument(
            error=f"{item.source}: extraction failed ({type(exc).__name__}: {exc})",
            article={"id": item.article.id},
        )


def _chunks(items: Iterable[ShardItem], size: int) -> Iterator[list[ShardItem]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass(slots=True)
class RunPlan:
    todo: list[Shard]
    done: list[ShardEntry]


def plan_run(patterns: Iterable[str], output: Path, *, force: bool = False) -> RunPlan:
    """The shards the patterns match, split into those to process and those already done."""
    shards = discover_shards(patterns)
    entries = {} if force else read_entries(output)
    todo, done = [], []
    for shard in shards:
        entry = entries.get(shard.key)
        if entry is not None and is_complete(output, entry, extractor_version=EXTRACTOR_VERSION):
            done.append(entry)
        else:
            todo.append(shard)
    return RunPlan(todo=todo, done=done)


@dataclass(slots=True)
class RunSummary:
    """What a run did. `failed` maps a shard that could not be done to the reason."""

    processed: list[ShardEntry] = field(default_factory=list)
    skipped: list[ShardEntry] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(e.articles for e in self.processed)

    @property
    def events(self) -> int:
        return sum(e.rows["events"] for e in self.processed)


OnShard = Callable[[ShardEntry | None, str], None]


def run(
    patterns: Iterable[str],
    output: Path,
    *,
    engine: Engine = "dask",
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str = "auto",
    model_path: Path | None = None,
    force: bool = False,
    retries: int = 2,
    on_plan: Callable[[RunPlan], None] | None = None,
    on_shard: OnShard | None = None,
    dask_log_level: int | str = logging.WARNING,
) -> RunSummary:
    """Process every shard the glob patterns match into `output`, skipping done shards.

    engine "dask": on the scheduler at `scheduler`, or on a LocalCluster of `workers`
    processes (one thread each) on this machine; "local": in this process, in order.
    `on_shard(entry, key)` is called as each shard finishes (entry None when it failed).
    Dask's own loggers (here and in the workers) log at `dask_log_level`: by default
    warnings only, not its start-up and shut-down chatter (which includes "Worker
    process ... was killed by signal" when a LocalCluster closes normally).
    """
    output.mkdir(parents=True, exist_ok=True)
    plan = plan_run(patterns, output, force=force)
    if on_plan:
        on_plan(plan)
    if engine == "local":
        return run_local(plan, output, model_path=model_path, on_shard=on_shard)
    from distributed import Client, LocalCluster

    quiet_dask(dask_log_level)
    if scheduler:
        with Client(scheduler) as client:
            return run_on_client(
                client, plan, output, model_path=model_path, retries=retries, on_shard=on_shard
            )
    n = workers or max(1, min(os.cpu_count() or 1, len(plan.todo)))
    with (
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=None,
            silence_logs=_level(dask_log_level),
        ) as cluster,
        Client(cluster) as client,
    ):
        return run_on_client(
            client, plan, output, model_path=model_path, retries=retries, on_shard=on_shard
        )


def quiet_dask(level: int | str = logging.WARNING) -> None:
    """Dask's loggers in this process at `level` (its import sets them to INFO)."""
    for name in ("distributed", "dask", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(_level(level))


def _level(level: int | str) -> int:
    return level if isinstance(level, int) else logging.getLevelName(level.upper())


def run_local(
    plan: RunPlan,
    output: Path,
    *,
    model_path: Path | None = None,
    on_shard: OnShard | None = None,
) -> RunSummary:
    """The shards one after the other in this process (no engine)."""
    started = time.perf_counter()
    summary = RunSummary(skipped=list(plan.done))
    for shard in plan.todo:
        entry = process_shard(shard, output, model_path)
        summary.processed.append(entry)
        if on_shard:
            on_shard(entry, shard.key)
    summary.seconds = time.perf_counter() - started
    return summary


def run_on_client(
    client: Any,
    plan: RunPlan,
    output: Path,
    *,
    model_path: Path | None = None,
    retries: int = 2,
    on_shard: OnShard | None = None,
) -> RunSummary:
    """The shards as tasks on a Dask cluster; returns when every one finished or failed.

    `output` must be a path every worker sees (a shared file system on a real cluster).
    """
    from distributed import as_completed

    started = time.perf_counter()
    summary = RunSummary(skipped=list(plan.done))
    if not plan.todo:
        return summary
    token = uuid.uuid4().hex[:8]
    client.submit(warm_up, model_path, key=f"truceline-warm-up-{token}", pure=False).result()
    client.register_plugin(ExtractorPlugin(model_path))
    futures = {
        client.submit(
            process_shard,
            shard,
            output,
            model_path,
            key=f"truceline-shard-{shard.key}-{token}",
            pure=False,
            retries=retries,
        ): shard
        for shard in plan.todo
    }
    for future in as_completed(futures):
        shard = futures[future]
        if future.status == "finished":
            entry = future.result()
            summary.processed.append(entry)
        else:
            exc = future.exception()
            summary.failed[shard.key] = f"{shard.path}: {type(exc).__name__}: {exc}"
            log.error("shard %s failed: %s", shard.path, exc)
            entry = None
        if on_shard:
            on_shard(entry, shard.key)
        future.release()
    summary.seconds = time.perf_counter() - started
    return summary
