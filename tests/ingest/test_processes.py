"""The ingest process under faults, with real processes: kill -9 and SIGTERM of the
parent, four runs at once on a fresh store, hostile inputs (a 2 GiB JSONL line, a
50 MB page), progress lines when stderr is a file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from ingest_corpus import news_text
from process_helpers import (
    CLI,
    FOREIGN,
    PEAK_RSS,
    alive,
    start,
    wait_for,
    workers_of,
    write_corpus,
    write_gz_with_long_line,
    write_large_html,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.store import make_engine
from truceline.store.models import articles

pytestmark = pytest.mark.slow


def stored(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return s.execute(select(func.count()).select_from(articles)).scalar_one()
    except Exception:
        return 0  # no schema yet
    finally:
        engine.dispose()


def test_kill_9_of_the_parent_leaves_no_process_of_the_run_alive(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", [news_text(i) for i in range(300)])
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with open(tmp_path / "ingest.log", "wb") as log:
        args = ["ingest", str(corpus), "--db", db, "--workers", "2"]
        proc = start(args, log, stdout=subprocess.DEVNULL)
        try:
            parent = psutil.Process(proc.pid)
            wait_for(lambda: len(workers_of(parent)) == 2, 120, "the workers never started")
            family = parent.children(recursive=True)  # the workers and the resource tracker
            assert len(family) >= 2
            time.sleep(1.0)  # the workers at work
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    assert alive(family, within=10) == [], "processes of the run outlived it by 10 s"


def test_sigterm_stops_the_run_with_a_summary_progress_lines_and_no_orphan(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", [news_text(i) for i in range(300)])
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    err = tmp_path / "stderr.log"

    def progress_lines() -> list[str]:
        return [
            line
            for line in err.read_text(encoding="utf-8").splitlines()
            if line.startswith("ingest: ") and " read · " in line
        ]

    def counted() -> list[int]:  # the "read" count of each progress line
        return [int(line.split()[1].replace(",", "")) for line in progress_lines()]

    with open(err, "wb") as log:
        proc = start(
            ["ingest", str(corpus), "--db", db, "--workers", "2", "--json"],
            log,
            env={"TRUCELINE_PROGRESS_SECONDS": "1"},
        )
        parent = psutil.Process(proc.pid)
        try:
            # while the run goes on, stderr (a file, not a terminal) gets progress lines
            wait_for(lambda: any(counted()), 120, "no progress line counts an article")
            family = parent.children(recursive=True)
            assert proc.poll() is None
            sent = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=10)
            took = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
    assert took < 10
    assert proc.returncode == 130
    summary = json.loads(out)
    assert summary["interrupted"] is True
    assert 0 < summary["new"] == stored(db) < 300
    assert alive(family, within=3) == []
    assert len(counted()) >= 3


@pytest.mark.parametrize("runs", [4])
def test_ingests_started_at_once_on_a_fresh_store_all_succeed(
    db_url: str, tmp_path: Path, runs: int
) -> None:
    corpus = write_corpus(tmp_path / "corpus", FOREIGN)
    procs = [
        subprocess.Popen(
            [*CLI, "ingest", str(corpus), "--db", db_url, "--workers", "0", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(runs)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (_out, errors) in zip(procs, results, strict=True):
        assert p.returncode == 0, errors.decode()
    summaries = [json.loads(out) for out, _ in results]
    assert all(s["read"] == len(FOREIGN) and s["failed"] == 0 for s in summaries)
    assert all(s["new"] + s["duplicate"] == len(FOREIGN) for s in summaries)
    assert sum(s["new"] for s in summaries) == len(FOREIGN)  # each article stored once
    assert stored(db_url) == len(FOREIGN)


def _ingest_measured(tmp_path: Path, source: Path, *args: str) -> tuple[dict, int, float]:
    """Run `ingest SOURCE --json` (its own store); its summary, peak RSS in MB, seconds."""
    peak = tmp_path / "peak"
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(peak), *CLI, "ingest", str(source), "--db", db,
         "--json", *args],
        capture_output=True,
        timeout=180,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return json.loads(done.stdout), int(peak.read_text()) // 1024, seconds


def test_a_2_gib_jsonl_line_is_refused_without_holding_it(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl.gz"
    before = json.dumps({"id": "first", "text": FOREIGN[0]})
    after = json.dumps({"id": "third", "text": FOREIGN[1]})
    write_gz_with_long_line(source, 2048, before, after)
    assert source.stat().st_size < 5_000_000
    summary, peak_mb, _ = _ingest_measured(tmp_path, source, "--workers", "0")
    assert peak_mb < 400
    assert summary["new"] == 1  # the line before it
    [failure] = summary["failures"]
    assert failure["source"].endswith(":2")
    assert "far over the 20 MB limit" in failure["error"]
    assert "the rest of the file was not read" in failure["error"]


def test_a_50_mb_page_of_text_is_read_cut_and_flagged_in_bounded_time_and_memory(
    tmp_path: Path,
) -> None:
    page = tmp_path / "long-page.html"
    write_large_html(page, 49_000_000)  # just under the 50 MB input limit
    summary, peak_mb, seconds = _ingest_measured(tmp_path, page, "--workers", "1")
    assert seconds < 60
    assert peak_mb < 1024
    assert (summary["new"], summary["failed"]) == (1, 0)
    # cut at the character and sentence limits, and said so (or out of time)
    assert summary["truncated"] == 1 or summary["not_extracted_reasons"] == {"timeout": 1}
