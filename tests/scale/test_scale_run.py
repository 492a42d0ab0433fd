"""`truceline run` end to end with the real extractor: on a 2-worker Dask LocalCluster,
through a worker killed mid-run, and resumed after a killed job."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pandas as pd
import pytest
from scale_corpus import write_warc
from typer.testing import CliRunner

from truceline.cli.app import app
from truceline.scale import iter_run_records, plan_run, process_shard, read_run_output, run
from truceline.scale.manifest import read_entries
from truceline.scale.runner import run_on_client

pytestmark = pytest.mark.slow
Corpus = tuple[Path, list[dict[str, str]]]


def extract_jsonl_cli(shard: Path, out: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["extract", "--jsonl", str(shard), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_a_two_worker_dask_run_gives_the_documents_of_extract_jsonl(
    shards: Corpus, tmp_path: Path
) -> None:
    folder, _ = shards
    with open(folder / "s2.jsonl", "a") as f:
        f.write('{"id": "broken", "text": ""}\n')  # an error document on both paths
    output = tmp_path / "out"

    result = CliRunner().invoke(
        app,
        [
            "run",
            "--engine",
            "dask",
            "--workers",
            "2",
            "--input",
            str(folder / "*.jsonl"),
            "--output",
            str(output),
        ],
    )

    assert result.exit_code == 0, result.output
    expected = []
    for shard in sorted(folder.resolve().glob("*.jsonl")):
        expected += extract_jsonl_cli(shard, tmp_path / f"{shard.stem}.out.jsonl")
    got = [record.document.to_contract() for record in iter_run_records(output)]
    assert [d["article"]["id"] for d in got] == [d["article"]["id"] for d in expected]
    assert got == expected
    assert sum(len(d.get("events", [])) for d in got) > 20  # the comparison is not vacuous
    assert len({e.worker for e in read_entries(output).values()}) == 2  # both workers worked


def test_a_rerun_of_a_finished_run_skips_every_shard(shards: Corpus, tmp_path: Path) -> None:
    folder, _ = shards
    args = [
        "run",
        "--engine",
        "local",
        "--input",
        str(folder / "s0.jsonl"),
        "--output",
        str(tmp_path / "out"),
    ]

    first = CliRunner().invoke(app, args)
    second = CliRunner().invoke(app, args)

    assert first.exit_code == 0, first.output
    assert "1 shards done, 0 skipped" in first.output
    assert "0 shards done, 1 skipped" in second.output


def test_a_worker_killed_mid_run_loses_no_article_and_duplicates_none(
    shards: Corpus, tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster

    folder, articles = shards
    output = tmp_path / "out"
    killed: list[tuple[int, list[str]]] = []
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        pids_before = set(client.run(os.getpid).values())

        def kill_a_busy_worker(entry, key) -> None:  # type: ignore[no-untyped-def]
            if killed:
                return
            executing = client.run(
                lambda dask_worker: [str(ts.key) for ts in dask_worker.state.executing]
            )
            pids = client.run(os.getpid)
            busy = [addr for addr, keys in executing.items() if keys]
            assert busy, "no worker was mid-shard when the first shard finished"
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append((pids[busy[0]], executing[busy[0]]))

        plan = plan_run([str(folder / "*.jsonl")], output)
        summary = run_on_client(client, plan, output, on_shard=kill_a_busy_worker)
        pids_after = set(client.run(os.getpid).values())

    assert len(killed) == 1
    assert summary.failed == {}
    assert len(summary.processed) == 4
    assert killed[0][0] not in pids_after  # the process really died (its nanny restarted it)
    assert pids_after != pids_before
    ids = pd.read_parquet(output / "articles")["article_id"].tolist()
    assert sorted(ids) == sorted(a["id"] for a in articles)  # each article exactly once
    assert [d.article.id for d in read_run_output(output)] == [a["id"] for a in articles]


def test_a_killed_job_resumes_with_the_shards_it_had_not_finished(
    shards: Corpus, tmp_path: Path
) -> None:
    folder, articles = shards
    output = tmp_path / "out"
    first = plan_run([str(folder / "*.jsonl")], output)
    for shard in first.todo[:2]:  # the job was killed after two shards
        process_shard(shard, output)
    finished = {e.key: e.input_sha256 for e in read_entries(output).values()}

    summary = run([str(folder / "*.jsonl")], output, engine="local")

    assert [e.key for e in summary.skipped] == [s.key for s in first.todo[:2]]
    assert [e.key for e in summary.processed] == [s.key for s in first.todo[2:]]
    assert {k: read_entries(output)[k].input_sha256 for k in finished} == finished
    assert [d.article.id for d in read_run_output(output)] == [a["id"] for a in articles]


def test_a_warc_shard_is_extracted_with_its_records_counted(tmp_path: Path) -> None:
    write_warc(tmp_path / "news.warc.gz")

    summary = run([str(tmp_path / "*.warc.gz")], tmp_path / "out", engine="local")

    (entry,) = summary.processed
    assert (entry.articles, entry.failed) == (4, 1)
    docs = list(read_run_output(tmp_path / "out"))
    assert [d.article.url for d in docs] == [
        "http://news.test/a",
        "http://news.test/b",
        "http://news.test/e",
    ]
    assert any(e.sub_event_type == "Armed clash" for e in docs[0].events)
