"""`truceline review list|show|set|stats`, and `ledger`/`export` reading the reviewed view
(`--reviewed-only`), on SQLite and PostgreSQL (`db_url`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from serve_corpus import TRUCE_ID, seed
from truceline.cli import app
from truceline.store import EventFilter, make_engine, query_events
from truceline.store.review import audit_log

runner = CliRunner()


def _cli(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _rows(db: str) -> dict[str, int]:
    """Evidence text fragment -> row id of the seeded events."""
    engine = make_engine(db)
    with Session(engine) as session:
        found = {r.event.evidence.text: r.row_id for r in query_events(session, EventFilter())}
    engine.dispose()
    return found


def _row(rows: dict[str, int], fragment: str) -> int:
    return next(v for k, v in rows.items() if fragment in k)


@pytest.fixture
def store(db_url: str) -> str:
    seed(db_url)
    return db_url


def test_set_list_show_and_the_audit_log(store: str) -> None:
    rows = _rows(store)
    drone, clash = _row(rows, "drones struck"), _row(rows, "near Hadrut")
    martuni = _row(rows, "hit Martuni")
    _cli("review", "set", str(drone), "--verdict", "verified", "--reviewer", "ana", "--db", store)
    out = _cli("review", "set", str(clash), "--verdict", "corrected", "--reviewer", "ben",
               "--change", "sub_event_type=Air/drone strike", "--change", "fatalities=3",
               "--note", "the video shows aircraft", "--db", store).output  # fmt: skip
    assert "corrected (event_type, fatalities, sub_event_type) by ben" in out
    _cli("review", "set", str(martuni), "--verdict", "rejected", "--reviewer", "ana", "--db", store)
    _cli("review", "set", str(drone), "--verdict", "corrected", "--reviewer", "ben",
         "--change", "fatalities=0", "--db", store)  # fmt: skip

    listed = json.loads(_cli("review", "list", "--json", "--db", store).output)
    assert [(r["verdict"], r["reviewer"], r["state"]) for r in listed] == [  # by last change
        ("corrected", "ben", "attached"),
        ("rejected", "ana", "attached"),
        ("corrected", "ben", "attached"),
    ]
    assert all(r["event_id"] and r["reviewed_at"] for r in listed)
    assert {r["state"] for r in listed} == {"attached"}

    shown = json.loads(_cli("review", "show", str(clash), "--db", store).output)
    assert shown["event"]["sub_event_type"] == "Air/drone strike"
    assert shown["event"]["event_type"] == "Explosions/Remote violence"
    assert shown["extracted"]["sub_event_type"] == "Armed clash"
    assert shown["review"]["note"] == "the video shows aircraft"
    assert [a["action"] for a in shown["audit"]] == ["review"]

    engine = make_engine(store)
    with Session(engine) as session:
        log = audit_log(session)
    engine.dispose()
    assert len(log) == 4
    assert log[-1].before is not None
    assert log[-1].before["verdict"] == "verified"
    assert log[-1].after["verdict"] == "corrected"
    assert log[-1].after["changes"] == {"fatalities": 0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--verdict", "corrected", "--change", "colour=red"], "colour"),
        (["--verdict", "corrected", "--change", "fatalities=-1"], "fatalities"),
        (["--verdict", "corrected", "--change", "sub_event_type=Picnic"], "Picnic"),
        (["--verdict", "maybe"], "maybe"),
    ],
)
def test_set_refuses_what_the_contract_does_not_allow(
    store: str, args: list[str], message: str
) -> None:
    row = _row(_rows(store), "near Hadrut")
    result = runner.invoke(app, ["review", "set", str(row), "--reviewer", "ana", *args,
                                 "--db", store])  # fmt: skip
    assert result.exit_code != 0
    assert message in result.output
    assert json.loads(_cli("review", "list", "--json", "--db", store).output) == []


def test_ledger_and_export_read_the_reviewed_view(store: str, tmp_path: Path) -> None:
    rows = _rows(store)
    _cli("review", "set", str(_row(rows, "drones struck")), "--verdict", "verified",
         "--reviewer", "ana", "--db", store)  # fmt: skip
    _cli("review", "set", str(_row(rows, "hit Martuni")), "--verdict", "rejected",
         "--reviewer", "ana", "--db", store)  # fmt: skip

    built = json.loads(_cli("incidents", "build", "--json", "--db", store).stdout)
    assert built["skipped_events"] == 1  # the rejected event, a discard with its reason
    ledger = json.loads(_cli("ledger", "--format", "json", "--db", store).stdout)[0]
    assert ledger["id"] == TRUCE_ID
    assert ledger["counts"]["total"] == 3
    assert ledger["rejected"] == 1
    assert sorted(i["verified"] for i in ledger["violations"]) == [0, 0, 1]
    only = json.loads(_cli("ledger", "--format", "json", "--reviewed-only", "--db", store).stdout)
    assert only[0]["counts"]["total"] == 1
    assert only[0]["violations"][0]["place"] == "Stepanakert"
    csv_text = _cli("ledger", "--format", "csv", "--db", store).stdout
    assert {r["verified"] for r in csv.DictReader(csv_text.splitlines())} == {"0/1", "0/2", "1/1"}

    out = tmp_path / "all.csv"
    _cli("export", "--format", "acled-csv", "-o", str(out), "--db", store)
    table = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert "Martuni" not in {r["location"] for r in table}
    assert any("verified=1/1" in r["tags"] for r in table)
    reviewed = tmp_path / "reviewed.geojson"
    _cli("export", "--format", "geojson", "-o", str(reviewed), "--reviewed-only", "--db", store)
    features = json.loads(reviewed.read_text())["features"]
    assert [f["properties"]["location"] for f in features] == ["Stepanakert"]
    assert features[0]["properties"]["n_verified"] == 1


def test_stats_report_agreement_per_field_and_type(store: str) -> None:
    rows = _rows(store)
    for fragment, args in [
        ("drones struck", ["--verdict", "verified"]),
        ("near Hadrut", ["--verdict", "corrected", "--change", "fatalities=2"]),
        ("hit Martuni", ["--verdict", "corrected", "--change", "sub_event_type=Air/drone strike"]),
        ("shelled the town of Tartar", ["--verdict", "rejected"]),
    ]:
        _cli("review", "set", str(_row(rows, fragment)), *args, "--reviewer", "ana", "--db", store)
    stats = json.loads(_cli("review", "stats", "--json", "--db", store).output)
    assert stats["reviews"] == 4
    assert stats["by_verdict"] == {"corrected": 2, "verified": 1, "rejected": 1}
    fields = {f["field"]: f for f in stats["fields"]}
    assert (fields["fatalities"]["agreed"], fields["fatalities"]["reviewed"]) == (2, 3)
    assert fields["sub_event_type"]["rate"] == round(2 / 3, 4)
    assert fields["actor1"]["rate"] == 1.0
    types = {t["sub_event_type"]: t for t in stats["types"]}
    shelling = types["Shelling/artillery/missile attack"]
    assert (shelling["reviewed"], shelling["rejected"], shelling["type_agreed"]) == (2, 1, 0)
    assert shelling["corrected_to"] == {"Air/drone strike": 1}
    assert types["Armed clash"]["rate"] == 1.0
    table = _cli("review", "stats", "--db", store).output
    assert "Per field" in table
    assert "Per type" in table
    assert "fatalities" in table
