"""`extract --jsonl`: one document per input line, in input order, bad lines as error documents.

    IN --(this process: read, parse, check each line)--> chunks of `CHUNK` lines
       --(Extractor.extract_many: here, or in worker processes)--> JSON lines
       --(this process, in input order)--> OUT

A bad line (not JSON, no "id" or "text"...) becomes an error document in its place and
a message for `on_error`; so does an article the extractor refuses (an InputError).
The articles of a chunk go to `Extractor.extract_many` together (spaCy parses a batch
faster than single articles); if the batch raises, they are extracted one by one, so
an error stays with its article.

With worker processes (`workers`: None is one per core), each loads the extractor once
and takes one chunk at a time; at most `2 x workers` chunks are read ahead or waiting
to be written, so memory stays bounded however long the file. A file of one chunk, or
one worker, is extracted here (a process to feed would only add its start-up). The
workers end with this process however it ends (`truceline.processes`); an interrupt
(Ctrl-C, or SIGTERM under `stop_on_signals`) ends them at once and propagates, with
the documents of the chunks before it written.
"""

from __future__ import annotations

import json
import logging
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from truceline.errors import BadRecordError, InputError, TrucelineError
from truceline.inputs import decode_text
from truceline.processes import (
    death_signal_allowed,
    end_pool,
    spawn_pool,
    start_worker,
    worker_count,
)
from truceline.schemas import ArticleInput, Document, ErrorDocument

log = logging.getLogger(__name__)
MAX_LINE_BYTES = 20 * 1024 * 1024
CHUNK = 16  # lines per task: one batch for extract_many, one unit of work for a worker

# A chunk of lines: the line numbers, and each line's article or error document.
Line = ArticleInput | ErrorDocument
Chunk = tuple[list[int], list[Line]]


@dataclass(slots=True)
class JsonlSummary:
    """Lines read, lines that gave an error document, worker processes used (0: none)."""

    total: int = 0
    failed: int = 0
    workers: int = 0


@dataclass(slots=True, frozen=True)
class Written:
    """One output line: a document's JSON, and the error if it is an error document."""

    json: str
    error: str | None = None


def parse_line(raw: bytes, source: str) -> ArticleInput:
    """One contract input line, or a BadRecordError naming the line and the problem."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadRecordError(source, f"line is {len(raw) / 1e6:.0f} MB, over the 20 MB limit")
    try:
        text = decode_text(raw, source)
    except InputError as exc:
        raise BadRecordError(source, exc.problem) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRecordError(source, f"is not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise BadRecordError(source, f"is JSON {type(obj).__name__}, not an object")
    if "id" not in obj:
        raise BadRecordError(source, 'has no "id"')
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise BadRecordError(source, 'has no "text" (or it is empty)')
    try:
        return ArticleInput.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadRecordError(source, f"field {where!r}: {first['msg']}") from None


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if raw.strip():
                yield n, raw


def _line_id(raw: bytes) -> Any:
    try:
        obj = json.loads(raw)
        return obj.get("id") if isinstance(obj, dict) else None
    except (ValueError, UnicodeDecodeError):
        return None


def read_chunks(path: Path, size: int = CHUNK) -> Iterator[Chunk]:
    """The non-blank lines of `path`, `size` at a time: each parsed into an article, or
    into the error document that takes a bad line's place."""
    lines = iter_lines(path)
    while batch := list(islice(lines, size)):
        yield [n for n, _ in batch], [_read_line(path, n, raw) for n, raw in batch]


def _read_line(path: Path, n: int, raw: bytes) -> Line:
    try:
        return parse_line(raw, f"{path}:{n}")
    except InputError as exc:
        line_id = _line_id(raw)
        article_id = str(line_id) if line_id is not None else f"{path.name}:{n}"
        return ErrorDocument(error=str(exc), article={"id": article_id})


def extract_chunk(extractor: Any, lines: Sequence[Line]) -> list[Written]:
    """The output lines of one chunk: its articles extracted in one batch, its error
    documents as they are."""
    articles = [line for line in lines if isinstance(line, ArticleInput)]
    documents = iter(_documents(extractor, articles))
    return [_written(next(documents) if isinstance(line, ArticleInput) else line) for line in lines]


def _documents(extractor: Any, articles: list[ArticleInput]) -> list[Document | ErrorDocument]:
    if not articles:
        return []
    try:
        return list(extractor.extract_many(articles))
    except Exception:  # which article? each alone: the refused one gets its error document
        return [_document(extractor, article) for article in articles]


def _document(extractor: Any, article: ArticleInput) -> Document | ErrorDocument:
    try:
        document: Document = extractor.extract(article)
    except InputError as exc:
        return ErrorDocument(error=str(exc), article={"id": article.id})
    return document


def _written(document: Document | ErrorDocument) -> Written:
    text = json.dumps(document.to_contract(), ensure_ascii=False)
    return Written(text, document.error if isinstance(document, ErrorDocument) else None)


def extract_jsonl(
    path: Path,
    out: IO[str],
    *,
    workers: int | None = None,
    model_path: Path | None = None,
    on_error: Callable[[str], None] | None = None,
    chunk_size: int = CHUNK,
) -> JsonlSummary:
    """Extract every line of `path` into `out`: one JSON document per line, in input order.

    `workers`: worker processes (None: one per core; 0: all in this process; see the
    module doc). `model_path`: an event-typing model (default: the shipped one).
    `on_error(message)` hears of each line that gave an error document.
    """
    if not path.exists():
        raise BadRecordError(str(path), "does not exist")
    chunks = read_chunks(path, max(1, chunk_size))
    wanted = worker_count(workers)
    ahead = list(islice(chunks, 2 * wanted))  # how much work there is, up to a window
    used = min(wanted, len(ahead))
    summary = JsonlSummary(workers=used if used > 1 else 0)
    chunks = _chain(ahead, chunks)
    log.info("%s: extracting with %d worker processes", path, summary.workers)
    results: Generator[list[Written], None, None]
    if summary.workers:
        results = extract_in_order(chunks, summary.workers, model_path, path)
    else:
        extractor = load_extractor(model_path)
        results = (extract_chunk(extractor, lines) for _, lines in chunks)
    with closing(results):  # an error writing `out` ends the workers too
        for written in results:
            for w in written:
                summary.total += 1
                out.write(w.json + "\n")
                if w.error is not None:
                    summary.failed += 1
                    if on_error:
                        on_error(w.error)
    return summary


def _chain(first: list[Chunk], rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield from first
    yield from rest


def extract_in_order(
    chunks: Iterator[Chunk], workers: int, model_path: Path | None, path: Path
) -> Generator[list[Written], None, None]:
    """Each chunk's output lines, in input order, from `workers` worker processes with
    at most `2 x workers` chunks in flight."""
    pool = spawn_pool(workers, _init_worker, (model_path, os.getpid(), death_signal_allowed()))
    pending: deque[tuple[Future[list[Written]], list[int]]] = deque()
    try:
        for numbers, lines in chunks:
            if len(pending) >= 2 * workers:
                yield _result(*pending.popleft(), path)
            pending.append((pool.submit(_extract_in_worker, lines), numbers))
        while pending:
            yield _result(*pending.popleft(), path)
    except BaseException:  # an interrupt, an error, or the reader stopped early
        end_pool(pool)
        raise
    pool.shutdown(wait=True)


def _result(future: Future[list[Written]], numbers: list[int], path: Path) -> list[Written]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise TrucelineError(
            f"{path}: a worker process died while extracting lines {numbers[0]}-{numbers[-1]} "
            f"(out of memory? a crash in a native library?); run with --workers 0 to see "
            f"the error ({exc})"
        ) from exc


@lru_cache(maxsize=2)
def load_extractor(model_path: Path | None) -> Any:
    """One Extractor per process and model (loading spaCy and the gazetteer takes seconds)."""
    from truceline.extract.pipeline import Extractor

    return Extractor(model_path=model_path)


# -- worker-process entry points (module level so that they pickle) ---------------------

_model_path: Path | None = None


def _init_worker(model_path: Path | None, parent_pid: int, death_signal: bool) -> None:
    global _model_path
    start_worker(parent_pid, death_signal=death_signal)
    _model_path = model_path  # the extractor loads with the first chunk: errors reach the parent


def _extract_in_worker(lines: list[Line]) -> list[Written]:
    needs_model = any(isinstance(line, ArticleInput) for line in lines)
    return extract_chunk(load_extractor(_model_path) if needs_model else None, lines)
