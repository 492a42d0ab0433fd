"""Exports: ACLED CSV opens in pandas with ACLED's columns, GeoJSON validates, Parquet
round-trips."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import geojson
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent / "incidents"))
from incident_corpus import YAML_TEXT, scenario

from truceline.exports import (
    ACLED_COLUMNS,
    TRUCELINE_COLUMNS,
    acled_date,
    export,
    geojson_collection,
    rows,
)
from truceline.incidents import analyse
from truceline.incidents.registry import yaml_records


@pytest.fixture(scope="module")
def incidents():
    docs = scenario()
    result = analyse(
        [d for d, _ in docs],
        yaml_records(yaml.safe_load(YAML_TEXT)),
        texts={d.article.id: t for d, t in docs},
    )
    return result.incidents.incidents


def test_acled_csv_opens_in_pandas_with_acleds_columns(incidents, tmp_path):
    path = tmp_path / "incidents.csv"
    n = export(incidents, "acled-csv", path)
    frame = pd.read_csv(path)
    assert list(frame.columns) == list(ACLED_COLUMNS)
    assert len(frame) == n == len(incidents)
    dates = pd.to_datetime(frame["event_date"], format="%d %B %Y")
    assert dates.notna().all()
    kotli = frame[frame["location"] == "Kotli"].iloc[0]
    assert kotli["event_date"] == "27 February 2021"
    assert kotli["year"] == 2021
    assert kotli["event_type"] == "Explosions/Remote violence"
    assert kotli["disorder_type"] == "Political violence"
    assert (kotli["inter1"], kotli["inter2"], kotli["interaction"]) == (1, 7, 17)
    assert kotli["civilian_targeting"] == "Civilian targeting"
    assert (kotli["iso"], kotli["country"], kotli["region"]) == (586, "Pakistan", "South Asia")
    assert kotli["event_id_cnty"].startswith("PAK")
    assert (kotli["latitude"], kotli["longitude"], kotli["geo_precision"]) == (33.52, 73.9, 1)
    assert kotli["fatalities"] == 1
    assert "status=one-sided" in kotli["tags"]
    assert "alleged violation" in kotli["tags"]
    ceasefire = frame[frame["sub_event_type"] == "Agreement"]
    assert len(ceasefire) == 1  # truceline's Ceasefire is ACLED's Agreement
    assert frame["event_id_cnty"].is_unique


def test_acled_csv_can_have_one_row_per_event(incidents, tmp_path):
    path = tmp_path / "events.csv"
    n = export(incidents, "acled-csv", path, unit="event")
    frame = pd.read_csv(path)
    assert n == sum(len(i.mentions) for i in incidents) == len(frame)
    # accusations and denials are ACLED's "Other" strategic developments, tagged by role
    claims = frame[frame["tags"].str.contains("role=accusation|role=denial")]
    assert len(claims) == 4
    assert set(claims["sub_event_type"]) == {"Other"}
    assert set(claims["event_type"]) == {"Strategic developments"}
    assert frame["event_id_cnty"].is_unique


@pytest.mark.parametrize(
    ("iso", "acled"),
    [("2023-03-20", "20 March 2023"), ("2021-03-01", "01 March 2021"), (None, "")],
)
def test_dates_use_acleds_format(iso, acled):
    assert acled_date(iso) == acled


def test_geojson_is_a_valid_feature_collection(incidents, tmp_path):
    path = tmp_path / "incidents.geojson"
    export(incidents, "geojson", path)
    data = geojson.loads(path.read_text(encoding="utf-8"))
    assert data.is_valid, data.errors()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == len(incidents)
    located = [f for f in data["features"] if f["geometry"] is not None]
    assert all(f["geometry"]["type"] == "Point" for f in located)
    uri = next(f for f in located if f["properties"]["location"] == "Uri")
    assert uri["geometry"]["coordinates"] == [74.05, 34.08]  # longitude first (RFC 7946)
    assert uri["properties"]["status"] == "unattributed"
    unlocated = [f for f in data["features"] if f["geometry"] is None]
    assert [f["properties"]["sub_event_type"] for f in unlocated] == ["Ceasefire"]


def test_geojson_collection_is_plain_json(incidents):
    assert json.loads(json.dumps(geojson_collection(incidents)))["type"] == "FeatureCollection"


def test_parquet_round_trips(incidents, tmp_path):
    path = tmp_path / "incidents.parquet"
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    from truceline.exports import write_parquet

    n = write_parquet(incidents, path, now=now)
    table = pq.read_table(path)
    assert table.column_names == [*ACLED_COLUMNS, *TRUCELINE_COLUMNS]
    assert n == table.num_rows == len(incidents)
    assert table.to_pylist() == rows(incidents, now=now, extras=True)
    back = pd.read_parquet(path)
    poonch = back[(back["location"] == "Poonch") & (back["status"] == "contested")].iloc[0]
    assert list(poonch["accusing_sides"]) == ["IND/state"]
    mentions = json.loads(poonch["mentions"])
    assert [m["role"] for m in mentions] == ["act", "accusation", "denial"]


def test_unknown_export_formats_are_refused(incidents, tmp_path):
    with pytest.raises(ValueError, match="acled-csv, geojson or parquet"):
        export(incidents, "xlsx", tmp_path / "x.xlsx")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("date", "inter1", "name_part"),
    [("2013-06-03", 2, "Houthi"), ("2021-04-21", 1, "Military Forces of Yemen")],
)
def test_acled_csv_codes_actors_as_acled_did_on_the_events_date(incidents, date, inter1, name_part):
    from truceline.schemas import Actor

    houthis = Actor(name="Houthi fighters", country="YEM", kind="rebels")
    inc = incidents[0].model_copy(update={"actor1": houthis, "date": date})
    (row,) = rows([inc])
    assert row["inter1"] == inter1
    assert name_part in row["actor1"]
