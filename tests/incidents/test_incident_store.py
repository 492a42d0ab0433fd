"""Incidents and the ceasefire registry in the store, and the commands that use them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from incident_corpus import YAML_TEXT, scenario
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from truceline.cli import app
from truceline.incidents import analyse
from truceline.incidents.persist import (
    load_corpus,
    load_imports,
    load_incidents,
    load_registry,
    save_build,
    save_imports,
)
from truceline.incidents.registry import yaml_records
from truceline.inputs import content_id
from truceline.store import NewArticle, add_article_with_extraction, make_engine, upgrade

runner = CliRunner()


def _fill(url: str) -> dict[str, str]:
    """Store the scenario; returns the store id of each scenario article."""
    upgrade(url)
    engine = make_engine(url)
    ids = {}
    with Session(engine) as session:
        for doc, text in scenario():
            if doc.article.id == "reprint-1":  # a copy with a credit line: another text
                text += " (Daily Reprint)"
            aid = content_id(text)
            ids[doc.article.id] = aid
            meta = doc.article.model_copy(update={"id": aid})
            article = NewArticle(
                id=aid, text=text, source="test", title=meta.title, outlet=meta.outlet,
                published=dt.date.fromisoformat(meta.published), external_id=doc.article.id,
            )  # fmt: skip
            add_article_with_extraction(session, article, doc.model_copy(update={"article": meta}))
    engine.dispose()
    return ids


def test_a_build_is_stored_and_read_back(db_url: str):
    ids = _fill(db_url)
    engine = make_engine(db_url)
    with Session(engine) as session:
        save_imports(session, yaml_records(yaml.safe_load(YAML_TEXT)), "cf.yaml")
        docs, texts = load_corpus(session)
        assert len(docs) == len(texts) == 10
        result = analyse(docs, load_imports(session), texts=texts)
        n_incidents, n_registry = save_build(session, result)
        stored = load_incidents(session)
        registry = load_registry(session)
    engine.dispose()
    assert n_incidents == len(stored) == 7
    assert n_registry == len(registry) == 2
    assert stored == sorted(result.incidents.incidents, key=lambda i: (i.date, i.id))
    uri = next(i for i in stored if i.location and i.location.name == "Uri")
    assert uri.n_articles == 2
    assert uri.n_outlets == 1  # the copy with a credit line is still one source
    assert [m.copy_of for m in uri.mentions] == [None, ids["wire-1"]]
    assert {r.id for r in registry} == {"cf-IND-PAK-2021-02-25", "yemen-truce-2022"}


def test_a_second_build_replaces_the_first(db_url: str):
    _fill(db_url)
    engine = make_engine(db_url)
    with Session(engine) as session:
        docs, texts = load_corpus(session)
        save_build(session, analyse(docs, texts=texts))
        second = analyse(docs[:2], texts=texts).incidents.incidents
        save_build(session, analyse(docs[:2], texts=texts))
        assert [i.id for i in load_incidents(session)] == [i.id for i in second]
        assert len(second) < 7
    engine.dispose()


def _sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    _fill(url)
    return url


def test_ledger_command_builds_from_the_store_and_imports(tmp_path: Path):
    url = _sqlite(tmp_path)
    (tmp_path / "cf.yaml").write_text(YAML_TEXT, encoding="utf-8")
    imported = runner.invoke(app, ["ceasefires", "import", str(tmp_path / "cf.yaml"),
                                   "--db", url])  # fmt: skip
    assert imported.exit_code == 0, imported.output
    assert "imported 1 ceasefire(s)" in imported.output
    result = runner.invoke(app, ["ledger", "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    ledgers = json.loads(result.stdout)
    assert [lg["id"] for lg in ledgers] == ["cf-IND-PAK-2021-02-25", "yemen-truce-2022"]
    assert ledgers[0]["counts"]["total"] == len(ledgers[0]["violations"]) == 4
    assert ledgers[0]["first_violation"]["days_after_start"] == 2
    one = runner.invoke(app, ["ledger", "--db", url, "--ceasefire", "yemen-truce-2022",
                              "--format", "md"])  # fmt: skip
    assert one.exit_code == 0
    assert "## Nationwide truce in Yemen (`yemen-truce-2022`)" in one.stdout
    assert "India" not in one.stdout
    listed = runner.invoke(app, ["ceasefires", "list", "--db", url, "--format", "json"])
    assert {r["id"]: r["alleged_violations"] for r in json.loads(listed.stdout)} == {
        "cf-IND-PAK-2021-02-25": 4,
        "yemen-truce-2022": 1,
    }


def test_an_unknown_ceasefire_is_refused_with_a_pointer(tmp_path: Path):
    url = _sqlite(tmp_path)
    result = runner.invoke(app, ["ledger", "--db", url, "--ceasefire", "nope"])
    assert result.exit_code == 1
    assert "no ceasefire 'nope'" in result.output
    assert "truceline ceasefires list" in result.output


def test_incidents_build_reports_what_it_stored(tmp_path: Path):
    url = _sqlite(tmp_path)
    result = runner.invoke(app, ["incidents", "build", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"] == 10
    assert summary["incidents"] == 7
    assert summary["skipped_events"] == 1
    assert summary["by_status"] == {
        "unattributed": 3,
        "contested": 2,
        "one-sided": 1,
        "corroborated": 1,
    }
    assert summary["alleged_violations"] == 4  # Marib: no Yemeni truce imported here
    assert summary["ceasefires"] == 1


def test_export_and_outlets_commands_read_the_store(tmp_path: Path):
    url = _sqlite(tmp_path)
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["export", "--db", url, "--format", "acled-csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 7
    assert rows[0]["event_date"] == "20 February 2021"
    outlets = runner.invoke(app, ["outlets", "--db", url, "--format", "json"])
    profiles = {p["outlet"]: p for p in json.loads(outlets.stdout)}
    assert profiles["Karachi Courier"]["by_side"] == {"PAK/state": 1.0}


def test_commands_read_extracted_documents_without_a_store(tmp_path: Path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d.to_contract()) + "\n" for d, _ in scenario())
                    + json.dumps({"schema": "truceline/1", "error": "binary", "article": {}})
                    + "\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "cf.yaml").write_text(YAML_TEXT, encoding="utf-8")
    result = runner.invoke(app, ["ledger", "--documents", str(docs), "--ceasefires",
                                 str(tmp_path / "cf.yaml"), "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert {r["ceasefire_id"] for r in rows} == {"cf-IND-PAK-2021-02-25", "yemen-truce-2022"}
    geo = tmp_path / "x.geojson"
    exported = runner.invoke(app, ["export", "--documents", str(docs), "--format", "geojson",
                                   "-o", str(geo)])  # fmt: skip
    assert exported.exit_code == 0
    assert json.loads(geo.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ledger", "--format", "pdf"], "choose json, md or csv"),
        (["export", "--format", "xlsx", "-o", "x"], "choose acled-csv, geojson or parquet"),
        (["export", "--format", "geojson", "-o", "x", "--unit", "day"], "incident or event"),
    ],
)
def test_bad_options_are_refused(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_bad_documents_line_names_the_file_and_line(tmp_path: Path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"schema": "truceline/1"\n', encoding="utf-8")
    result = runner.invoke(app, ["ledger", "--documents", str(docs)])
    assert result.exit_code == 1
    assert "docs.jsonl:1" in result.output
