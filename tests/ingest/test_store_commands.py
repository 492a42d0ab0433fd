"""The store commands: ingest --json, db upgrade|stats, query events, reextract."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from ingest_corpus import FRENCH, news_text
from typer.testing import CliRunner

from truceline.cli import app
from truceline.settings import get_settings
from truceline.store import head_revision

# A wide terminal whatever the one running the tests: messages are asserted unwrapped.
runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_db_upgrade_creates_the_schema_and_stats_count_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'sub' / 'new.sqlite'}"
    code, out, _ = run("db", "upgrade", "--db", db)
    assert code == 0
    assert f"revision {head_revision()}" in out
    code, out, _ = run("db", "stats", "--db", db, "--json")
    assert code == 0
    stats = json.loads(out)
    assert (stats["articles"], stats["events"]) == (0, 0)


def test_truceline_db_in_the_environment_is_the_default_store(tmp_path, monkeypatch) -> None:
    path = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("TRUCELINE_DB", f"sqlite:///{path}")
    get_settings.cache_clear()
    try:
        code, out, _ = run("db", "upgrade")
    finally:
        get_settings.cache_clear()
    assert code == 0
    assert path.exists()
    assert str(path) in out


@pytest.mark.parametrize("args", [("query", "events"), ("db", "stats")], ids=["query", "stats"])
def test_reading_a_store_without_schema_says_what_to_run(tmp_path: Path, args) -> None:
    code, out, err = run(*args, "--db", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert code == 1
    assert "has no truceline schema" in err
    assert "truceline db upgrade" in err
    assert out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--bbox", "1,2,3"), "four numbers"),
        (("--type", "Airstrike"), "'Airstrike' is not an event type"),
        (("--since", "yesterday"), "not a YYYY-MM-DD date"),
        (("--format", "xml"), "choose json or csv"),
    ],
)
def test_bad_query_options_are_refused_with_the_value(tmp_path: Path, args, message) -> None:
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    run("db", "upgrade", "--db", db)
    code, _, err = run("query", "events", "--db", db, *args)
    assert code != 0
    assert message in " ".join(err.split())


@pytest.mark.slow
def test_ingest_json_then_query_and_reextract(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"s{i}.txt").write_text(news_text(i), encoding="utf-8")
    (corpus / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    code, out, _ = run("ingest", str(corpus), "--db", db, "--workers", "0", "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["read"], summary["new"], summary["failed"]) == (6, 5, 1)
    assert summary["failures"][0]["source"].endswith("empty.txt")
    assert "empty" in summary["failures"][0]["error"]
    assert summary["events"] > 0

    code, out, _ = run("ingest", str(corpus), "--db", db, "--workers", "0")
    assert code == 0
    assert "duplicate" in out
    assert "empty.txt" in out  # failures are listed under the table

    code, out, _ = run("query", "events", "--db", db)
    assert code == 0
    records = json.loads(out)
    assert len(records) == summary["events"]
    assert {"row_id", "article", "event", "review"} == set(records[0])

    code, out, _ = run("query", "events", "--db", db, "--format", "csv", "--type", "Protests")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    assert {r["event_type"] for r in rows} == {"Protests"}

    code, out, _ = run("db", "stats", "--db", db, "--json")
    stats = json.loads(out)
    assert (stats["articles"], stats["extracted"], stats["not_extracted"]) == (5, 4, 1)

    code, out, _ = run("reextract", "--db", db, "--workers", "0", "--json")
    assert code == 0
    assert json.loads(out)["reextracted"] == 4
