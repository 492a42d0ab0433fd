"""Reviewing through the API: the queue, verdicts with a bearer token, the audit log, and
the ledger and exports reading the reviewed view (SQLite and PostgreSQL, `db_url`)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from api_client import ApiClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from serve_corpus import TRUCE_ID
from truceline.store.models import events
from truceline.store.review import audit_log


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _row(api: ApiClient, fragment: str) -> dict[str, Any]:
    return next(i for i in api.items("/api/events") if fragment in i["event"]["evidence"]["text"])


def _review(api: ApiClient, token: str, row_id: int, **body: Any) -> Any:
    """POST a verdict and wait for the incidents to be rebuilt with it."""
    return api.post(
        f"/api/events/{row_id}/review", json=body, headers=_auth(token), params={"wait": "true"}
    )


def _ledger_incident(ledger: dict[str, Any], fragment: str) -> dict[str, Any]:
    return next(
        i for i in ledger["violations"] if any(fragment in e["text"] for e in i["evidence"])
    )


def test_queue_lists_violations_first_and_drops_reviewed_events(api: ApiClient, token: str) -> None:
    body = api.get("/api/review/queue", params={"limit": 50}).json()
    assert body["pending"] == 7
    flags = [i["in_violation"] for i in body["items"]]
    assert flags == sorted(flags, reverse=True)  # violations of the known truce first
    assert flags[0]
    assert not flags[-1]
    first = body["items"][0]
    assert _review(api, token, first["row_id"], verdict="verified").status_code == 200
    after = api.get("/api/review/queue", params={"limit": 50}).json()
    assert after["pending"] == 6
    assert first["row_id"] not in {i["row_id"] for i in after["items"]}


def test_verify_reject_correct_change_the_ledger_and_exports(
    api: ApiClient, token: str, seeded: str
) -> None:
    drone = _row(api, "drones struck Stepanakert")
    clash = _row(api, "Fighting broke out near Hadrut")
    martuni = _row(api, "hit Martuni")
    before = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger").json()
    assert before["counts"]["total"] == 4
    assert before["rejected"] == 0

    r = _review(api, token, drone["row_id"], verdict="verified", note="two outlets agree")
    assert r.status_code == 200, r.text
    assert r.json()["review"]["reviewer"] == "tests"
    changes = {"sub_event_type": "Shelling/artillery/missile attack", "fatalities": 2}
    r = _review(api, token, clash["row_id"], verdict="corrected", changes=changes)
    assert r.status_code == 200, r.text
    assert r.json()["event"]["event"]["event_type"] == "Explosions/Remote violence"
    assert r.json()["event"]["extracted"]["sub_event_type"] == "Armed clash"
    assert _review(api, token, martuni["row_id"], verdict="rejected").status_code == 200

    one = api.get(f"/api/events/{clash['row_id']}").json()
    assert one["review"]["verdict"] == "corrected"
    assert one["event"]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert one["event"]["fatalities"] == 2
    listed = _row(api, "Fighting broke out near Hadrut")
    assert listed["event"]["fatalities"] == 2
    assert listed["review"]["verdict"] == "corrected"
    with Session(api.app.state.truceline.engine) as session:  # the extraction is untouched
        stored = session.execute(select(events.c.data).where(events.c.id == clash["row_id"]))
        assert stored.scalar_one()["sub_event_type"] == "Armed clash"

    after = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger").json()
    assert after["counts"]["total"] == 3
    assert after["rejected"] == 1
    assert after["rejected_events"] == [f"{martuni['article']['id']}#{martuni['event']['id']}"]
    assert not any("Martuni" in (i["place"] or "") for i in after["violations"])
    hadrut = _ledger_incident(after, "Hadrut")
    assert hadrut["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (hadrut["verified"], hadrut["events"]) == (1, 1)
    assert _ledger_incident(after, "Stepanakert")["verified"] == 1
    assert _ledger_incident(after, "Tartar")["verified"] == 0
    md = api.get(f"/api/ceasefires/{TRUCE_ID}/ledger", params={"format": "md"}).text
    assert "1 event(s) rejected by analysts" in md

    r = api.get("/api/export", params={"format": "acled-csv", "ceasefire": TRUCE_ID})
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert len(table) == 4  # Martuni's incident left with its only event
    by_place = {row["location"]: row for row in table}
    assert "Martuni" not in by_place
    assert "verified=1/1" in by_place["Hadrut"]["tags"]
    assert by_place["Hadrut"]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert "verified=0/2" in by_place["Tartar"]["tags"]


def test_audit_log_keeps_every_change_with_before_and_after(api: ApiClient, token: str) -> None:
    row = _row(api, "drones struck Stepanakert")["row_id"]
    assert _review(api, token, row, verdict="verified").status_code == 200
    assert _review(api, token, row, verdict="corrected", changes={"fatalities": 1},
                   note="one killed").status_code == 200  # fmt: skip
    assert _review(api, token, row, verdict="unreviewed").status_code == 200
    with Session(api.app.state.truceline.engine) as session:
        log = audit_log(session)
    assert [(e.before or {}).get("verdict") for e in log] == [None, "verified", "corrected"]
    assert [e.after["verdict"] for e in log] == ["verified", "corrected", "unreviewed"]
    assert log[1].after["changes"] == {"fatalities": 1}
    assert log[1].after["note"] == "one killed"
    assert {e.actor for e in log} == {"tests"}
    assert api.get(f"/api/events/{row}").json()["review"]["verdict"] == "unreviewed"


@pytest.mark.parametrize("header", [None, "Bearer tl_00000000_wrong", "Bearer nonsense"])
def test_a_review_without_a_valid_token_is_401(api: ApiClient, header: str | None) -> None:
    row = _row(api, "Fighting broke out near Hadrut")["row_id"]
    headers = {"Authorization": header} if header else {}
    r = api.post(f"/api/events/{row}/review", json={"verdict": "verified"}, headers=headers)
    assert r.status_code == 401
    assert api.get(f"/api/events/{row}").json()["review"] is None


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"verdict": "corrected", "changes": {"colour": "red"}}, "colour"),
        ({"verdict": "corrected", "changes": {"evidence": {"text": "x"}}}, "evidence"),
        ({"verdict": "corrected", "changes": {"fatalities": -2}}, "fatalities"),
        ({"verdict": "corrected", "changes": {"sub_event_type": "Picnic"}}, "sub_event_type"),
        ({"verdict": "corrected", "changes": {"date": "2020-13-40"}}, "date"),
        ({"verdict": "corrected", "changes": {"event_type": "Protests"}}, "Protests"),
        ({"verdict": "verified", "changes": {"fatalities": 4}}, "verified"),
        ({"verdict": "corrected", "changes": {}}, "corrected"),
        ({"verdict": "maybe"}, "verdict"),
        ({"verdict": "verified", "colour": "red"}, "colour"),
    ],
)
def test_a_field_or_value_the_contract_does_not_allow_is_422(
    api: ApiClient, token: str, body: dict[str, Any], named: str
) -> None:
    row = _row(api, "Fighting broke out near Hadrut")["row_id"]
    r = api.post(f"/api/events/{row}/review", json=body, headers=_auth(token))
    assert r.status_code == 422
    assert named in r.text
    assert api.get(f"/api/events/{row}").json()["review"] is None


def test_reviewing_an_unknown_event_is_404(api: ApiClient, token: str) -> None:
    r = _review(api, token, 999999, verdict="verified")
    assert r.status_code == 404
    assert "999999" in r.json()["detail"]
