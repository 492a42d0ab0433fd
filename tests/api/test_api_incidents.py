"""/api/incidents, /api/timeline, /api/ceasefires (and ledgers), /api/outlets,
/api/export, /api/status and the OpenAPI document."""

from __future__ import annotations

import csv
import io
import json

import pytest
from api_client import ApiClient

from serve_corpus import SCRIPT_SENTENCE, TRUCE_ID
from truceline.api.pagination import Page
from truceline.exports import ACLED_COLUMNS
from truceline.incidents import Incident


def _places(items: list[dict]) -> set[str | None]:
    return {(i["location"] or {}).get("name") for i in items}


def test_incidents_list_has_mentions_and_the_summary_view_has_labels(api: ApiClient) -> None:
    Page[Incident].model_validate(api.get("/api/incidents", params={"limit": 2}).json())
    full = api.items("/api/incidents", limit=2)
    assert _places(full) == {None, "Tartar", "Stepanakert", "Hadrut", "Martuni", "Sanaa"}
    tartar = next(i for i in full if (i["location"] or {}).get("name") == "Tartar")
    assert tartar["status"] == "contested"
    assert {m["role"] for m in tartar["mentions"]} == {"act", "denial"}
    summary = api.items("/api/incidents", view="summary")
    assert [i["id"] for i in summary] == [i["id"] for i in full]
    s = next(i for i in summary if i["id"] == tartar["id"])
    assert "mentions" not in s
    assert s["n_mentions"] == 2
    assert s["accusing_side_labels"] == ["Azerbaijan (state)"]


@pytest.mark.parametrize(
    ("params", "places"),
    [
        ({"status": "contested"}, {"Tartar"}),
        ({"status": "one-sided,unattributed", "country": "AZE"},
         {"Stepanakert", "Martuni", "Hadrut"}),
        ({"country": "YEM"}, {"Sanaa"}),
        ({"ceasefire": TRUCE_ID}, {None, "Tartar", "Stepanakert", "Hadrut", "Martuni"}),
        ({"violation": "true"}, {"Tartar", "Stepanakert", "Hadrut", "Martuni"}),
        ({"violation": "false"}, {None, "Sanaa"}),
        ({"bbox": "44,15,45,16"}, {"Sanaa"}),
        ({"type": "Battles"}, {"Hadrut"}),
        ({"since": "2020-10-11", "until": "2020-10-11"}, {"Tartar", "Stepanakert"}),
    ],
)  # fmt: skip
def test_incident_filters_select_matching_incidents(
    api: ApiClient, params: dict, places: set[str | None]
) -> None:
    assert _places(api.items("/api/incidents", view="summary", **params)) == places


def test_incident_status_filter_refuses_event_statuses(api: ApiClient) -> None:
    r = api.get("/api/incidents", params={"status": "alleged"})
    assert r.status_code == 400
    assert "alleged" in r.json()["detail"]


def test_one_incident_with_its_evidence_and_unknown_is_404(api: ApiClient) -> None:
    martuni = api.items("/api/incidents", view="summary", type="Shelling/artillery/missile attack",
                        since="2020-10-12")  # fmt: skip
    assert len(martuni) == 1
    r = api.get(f"/api/incidents/{martuni[0]['id']}")
    assert r.status_code == 200
    mention = r.json()["mentions"][0]
    assert mention["evidence"]["text"] == SCRIPT_SENTENCE
    assert mention["outlet"] == "Southern Courier"
    assert api.get("/api/incidents/Inope").status_code == 404


def test_timeline_counts_alleged_violations_per_day_by_accusing_side(api: ApiClient) -> None:
    rows = api.get("/api/timeline").json()
    got = {(r["date"], r["side_label"]): r["count"] for r in rows}
    assert got == {
        ("2020-10-11", "Armenia (state)"): 1,
        ("2020-10-11", "Azerbaijan (state)"): 1,
        ("2020-10-12", "Armenia (state)"): 1,
        ("2020-10-12", "unattributed (outlet's own voice)"): 1,
    }
    later = api.get("/api/timeline", params={"since": "2020-10-12", "ceasefire": TRUCE_ID})
    assert sum(r["count"] for r in later.json()) == 2
    assert api.get("/api/timeline", params={"country": "YEM"}).json() == []


def test_ceasefires_list_the_registry_with_windows_and_violation_counts(api: ApiClient) -> None:
    items = api.items("/api/ceasefires")
    assert [c["id"] for c in items] == [TRUCE_ID]
    truce = items[0]
    assert truce["source"] == "yaml"
    assert truce["effective"] == "2020-10-10T12:00"
    assert truce["window_start"] == "2020-10-10"
    assert truce["alleged_violations"] == 4
    assert truce["party_labels"] == ["Armenia (state)", "Azerbaijan (state)"]
    assert any(r.startswith("article:") for r in truce["refs"])  # merged with the article's
    assert api.get(f"/api/ceasefires/{TRUCE_ID}").json() == truce


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"country": "ARM"}, True),
        ({"country": "YEM"}, False),
        ({"since": "2020-11-01", "until": "2020-11-30"}, True),
        ({"until": "2020-10-01"}, False),
        ({"since": "2030-01-01"}, False),
        ({"with_violations": "true"}, True),
    ],
)
def test_ceasefire_filters(api: ApiClient, params: dict, found: bool) -> None:
    assert bool(api.items("/api/ceasefires", **params)) is found


def test_unknown_ceasefire_and_its_ledger_are_404(api: ApiClient) -> None:
    assert api.get("/api/ceasefires/no-such-truce").status_code == 404
    r = api.get("/api/ceasefires/no-such-truce/ledger")
    assert r.status_code == 404
    assert "no-such-truce" in r.json()["detail"]


def test_ledger_has_first_violation_hours_and_counts_by_day_and_side(api: ApiClient) -> None:
    lg = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger").json()
    assert len(lg["violations"]) == lg["counts"]["total"] == 4
    assert lg["first_violation"]["date"] == "2020-10-11"
    assert lg["first_violation"]["hours_after_start"] is None  # the events give no time
    assert lg["first_violation"]["days_after_start"] == 1
    assert lg["counts"] == {"total": 4, "corroborated": 0, "one-sided": 2, "contested": 1,
                            "unattributed": 1, "undated": 0}  # fmt: skip
    assert {(d["date"], d["side"]) for d in lg["violations_per_day"]} == {
        ("2020-10-11", "ARM/state"), ("2020-10-11", "AZE/state"),
        ("2020-10-12", "ARM/state"), ("2020-10-12", "unattributed"),
    }  # fmt: skip
    evidence = [e["text"] for i in lg["violations"] for e in i["evidence"]]
    assert SCRIPT_SENTENCE in evidence


def test_ledger_filters_narrow_the_incidents_counted(api: ApiClient) -> None:
    lg = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger", params={"since": "2020-10-12"}).json()
    assert len(lg["violations"]) == 2
    assert lg["first_violation"]["date"] == "2020-10-12"
    bbox = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger", params={"bbox": "46.9,40.3,47,40.4"})
    assert [p["place"] for p in bbox.json()["top_places"]] == ["Tartar"]


@pytest.mark.parametrize(
    ("fmt", "media", "marker"),
    [
        ("md", "text/markdown", "# Ceasefire violations ledger"),
        ("csv", "text/csv", "ceasefire_id,ceasefire_name,effective,date,accusing_side"),
    ],
)
def test_ledger_renders_as_markdown_and_csv(
    api: ApiClient, fmt: str, media: str, marker: str
) -> None:
    r = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger", params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert r.text.startswith(marker)


def test_outlets_profile_claims_by_side_and_own_voice(api: ApiClient) -> None:
    profiles = {p["outlet"]: p for p in api.items("/api/outlets", limit=1)}
    assert set(profiles) == {"Northern Herald", "Southern Courier", "Caspian Wire",
                             "Gulf Monitor"}  # fmt: skip
    assert profiles["Caspian Wire"]["own_voice"] == 1.0
    assert profiles["Southern Courier"]["by_side"] == {"ARM/state": 1.0}
    yemen = api.items("/api/outlets", country="YEM")
    assert [p["outlet"] for p in yemen] == ["Gulf Monitor"]


def test_export_geojson_has_one_feature_per_matching_incident(api: ApiClient) -> None:
    r = api.get("/api/export", params={"format": "geojson", "violation": "true"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    assert "attachment" in r.headers["content-disposition"]
    features = json.loads(r.content)["features"]
    assert {f["properties"]["location"] for f in features} == {
        "Tartar", "Stepanakert", "Hadrut", "Martuni"}  # fmt: skip
    assert all(f["geometry"]["type"] == "Point" for f in features)


@pytest.mark.parametrize(("unit", "rows"), [("incident", 5), ("event", 6)])
def test_export_acled_csv_per_incident_or_per_event(api: ApiClient, unit: str, rows: int) -> None:
    r = api.get("/api/export", params={"format": "acled-csv", "unit": unit,
                                       "ceasefire": TRUCE_ID})  # fmt: skip
    assert r.status_code == 200
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(table[0]) == ACLED_COLUMNS
    assert len(table) == rows


def test_export_parquet_is_a_parquet_file(api: ApiClient) -> None:
    import pyarrow.parquet as pq

    r = api.get("/api/export", params={"format": "parquet", "country": "AZE"})
    assert r.status_code == 200
    assert r.content[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 4
    assert "status" in table.column_names


def test_status_reports_the_build(api: ApiClient) -> None:
    body = api.get("/api/status").json()
    assert body["built_at"]
    assert body["ceasefires"] == 1
    assert body["read_auth"] is False


def test_openapi_documents_every_endpoint_and_docs_page_uses_local_files(api: ApiClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/events/{row_id}",
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/timeline",
        "/api/ceasefires",
        "/api/ceasefires/{ceasefire_id}",
        "/api/ceasefires/{ceasefire_id}/ledger",
        "/api/outlets",
        "/api/export",
    ):
        assert path in paths, path
    assert "post" in paths["/api/articles"]
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "bbox", "type", "country", "status", "ceasefire", "cursor",
            "limit"} <= params  # fmt: skip
    docs = api.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
