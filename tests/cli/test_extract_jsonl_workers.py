"""`truceline extract --jsonl` on worker processes: the same bytes as in one process, in
input order, with a bad line's error document in its place; bounded read-ahead; the
workers end when the reader stops."""

from __future__ import annotations

import io
import json
import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from truceline.cli.app import app
from truceline.extract.jsonl import CHUNK, Chunk, extract_in_order, extract_jsonl
from truceline.schemas import ErrorDocument

pytestmark = pytest.mark.slow

# Short reports written for these tests.
PLACES = ("Kharkiv", "Aleppo", "Idlib", "Donetsk", "Mosul", "Sirte", "Goma")
LEADS = (
    "Government forces shelled the outskirts of {place} overnight, killing {n} civilians, "
    "residents said on Tuesday.",
    "Militants attacked a police post in {place} on Monday, wounding {n} officers, the "
    "interior ministry said.",
    "Hundreds of people protested in {place} on Sunday against the rising price of bread.",
    "Both sides agreed to a ceasefire around {place} from midnight on Friday, mediators said.",
    "A drone struck a convoy near {place} on Wednesday, killing {n} fighters, local officials "
    "said.",
)
ARTICLES = 2 * CHUNK  # with the bad line: three chunks, so both workers get work
BAD_AT = CHUNK // 2  # the bad line's index among the output lines (0-based)


def report(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    lead = LEADS[i % len(LEADS)].format(place=place, n=2 + i % 5)
    return f"{lead} It was report number {i + 1} from {place} this week."


def write_input(path: Path) -> list[str]:
    """The input file; the ids of its lines in order (the bad line's id is `in.jsonl:N`)."""
    lines = [
        json.dumps({"id": f"r{i:02}", "text": report(i), "published": "2024-03-05"})
        for i in range(ARTICLES)
    ]
    lines.insert(BAD_AT, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = [f"r{i:02}" for i in range(ARTICLES)]
    ids.insert(BAD_AT, f"{path.name}:{BAD_AT + 1}")
    return ids


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """`extract --jsonl` of one file with -j 2 and with -j 0 (the only worker processes
    of this module), and what `extract_jsonl` logged about the workers it used."""
    folder = tmp_path_factory.mktemp("jsonl")
    src = folder / "in.jsonl"
    ids = write_input(src)
    logger = logging.getLogger("truceline.extract.jsonl")
    records = logging.handlers.BufferingHandler(capacity=100)
    logger.addHandler(records)
    level = logger.level
    logger.setLevel(logging.INFO)
    results = {}
    try:
        for j in ("2", "0"):
            out = folder / f"out-j{j}.jsonl"
            result = CliRunner().invoke(
                app, ["extract", "--jsonl", str(src), "-j", j, "-o", str(out)]
            )
            results[j] = (result, out.read_bytes())
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    return {
        "ids": ids,
        "results": results,
        "logged": [r.getMessage() for r in records.buffer],
    }


def test_two_workers_write_the_same_bytes_as_one_process(runs: dict) -> None:
    (two, two_bytes), (none, none_bytes) = runs["results"]["2"], runs["results"]["0"]
    assert two.exit_code == 0, two.output
    assert none.exit_code == 0, none.output
    assert any("extracting with 2 worker processes" in m for m in runs["logged"]), runs["logged"]
    assert any("extracting with 0 worker processes" in m for m in runs["logged"])
    assert two_bytes.count(b"\n") == len(runs["ids"])
    assert two_bytes == none_bytes


def test_workers_keep_input_order_and_the_bad_line_in_its_place(runs: dict) -> None:
    result, data = runs["results"]["2"]
    docs = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert [d["article"]["id"] for d in docs] == runs["ids"]
    errors = [i for i, d in enumerate(docs) if "error" in d]
    assert errors == [BAD_AT]
    assert "not JSON" in docs[BAD_AT]["error"]
    assert f"in.jsonl:{BAD_AT + 1}" in result.output  # the message on stderr
    assert sum(len(d["events"]) for d in docs if "events" in d) >= ARTICLES // 2


def test_a_file_of_one_chunk_is_extracted_in_this_process(tmp_path: Path) -> None:
    src = tmp_path / "small.jsonl"
    src.write_text(json.dumps({"id": "one", "text": report(0)}) + "\n", encoding="utf-8")
    out = io.StringIO()
    summary = extract_jsonl(src, out, workers=2)
    assert (summary.total, summary.failed, summary.workers) == (1, 0, 0)
    assert json.loads(out.getvalue())["article"]["id"] == "one"


def _spawned_children() -> list[psutil.Process]:
    found = []
    for p in psutil.Process().children(recursive=True):
        try:
            if any("spawn_main" in part for part in p.cmdline()):
                found.append(p)
        except psutil.NoSuchProcess:
            pass
    return found


def test_workers_read_ahead_a_bounded_window_and_end_when_the_reader_stops(
    tmp_path: Path,
) -> None:
    pulled = 0

    def chunks() -> Iterator[Chunk]:  # bad lines only: the workers load no model
        nonlocal pulled
        for n in range(1000):
            pulled += 1
            yield [n + 1], [ErrorDocument(error=f"line {n + 1}: bad", article={"id": str(n)})]

    before = {p.pid for p in _spawned_children()}
    results = extract_in_order(chunks(), 2, None, tmp_path / "in.jsonl")
    first = next(results)
    assert [json.loads(w.json)["article"]["id"] for w in first] == ["0"]
    assert pulled == 2 * 2 + 1  # the window of in-flight chunks, and the one waiting for it
    assert next(results)[0].error == "line 2: bad"
    workers = [p for p in _spawned_children() if p.pid not in before]
    assert len(workers) == 2
    results.close()
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    assert pulled < 10
