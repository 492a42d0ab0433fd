"""The scorer: the contract's matching rules and figures, on gold and predictions written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from truceline.errors import BadRecordError
from truceline.evaluate import (
    closeness,
    day_gap,
    distance_km,
    format_report,
    match_events,
    same_actor,
    score,
    score_files,
)

PUBLISHED = "2020-10-26"


def actor(country: str | None, kind: str, name: str = "someone") -> dict[str, Any]:
    return {"name": name, "country": country, "kind": kind}


def place(
    lat: float | None, lon: float | None, precision: str = "exact", country: str | None = None
):
    return {"name": "somewhere", "country": country, "admin1": None, "latitude": lat,
            "longitude": lon, "precision": precision}  # fmt: skip


def event(event_type: str, sub: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "e", "primary": False, "event_type": event_type, "sub_event_type": sub,
        "date": PUBLISHED, "actor1": None, "actor2": None, "location": None,
        "fatalities": None, "claimants": [], "status": None, "violation": None,
    }  # fmt: skip
    return base | fields


def doc(article_id: str, events: list[dict[str, Any]], ceasefires=()) -> dict[str, Any]:
    return {"schema": "truceline/1", "article": {"id": article_id}, "events": events,
            "ceasefires": list(ceasefires), "quotes": []}  # fmt: skip


def gold_record(article_id: str, granularity: str, events, ceasefires=(), source=None):
    return {"id": article_id, "granularity": granularity, "source": source,
            "text": "...", "gold": {"events": events, "ceasefires": list(ceasefires)}}  # fmt: skip


# --- single-event gold ----------------------------------------------------------------


def single_fixture() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    gold = [
        gold_record("n1", "single", [event(
            "Battles", "Armed clash", date="2021-03-04", location=place(10.0, 20.0),
            actor1=actor("NGA", "rebels"), actor2=actor("NGA", "state_forces"), fatalities=3,
        )], source="acled"),
        gold_record("n2", "single", [event(
            "Strategic developments", "Agreement", date="2021-03-05",
            actor1=actor("NGA", "government"), fatalities=0,
        )], source="acled"),
        gold_record("n3", "single", [event(
            "Protests", "Peaceful protest", date="2021-03-06", actor1=actor("NGA", "protesters"),
        )], source="acled"),
    ]  # fmt: skip
    pred = [
        doc("n1", [event(
            "Battles", "Armed clash", primary=True, date="2021-03-04",
            location=place(10.1, 20.0),  # about 11 km away
            actor1=actor("NGA", "political_militia"), actor2=actor("NGA", "government"),
            fatalities=3,
        )]),
        doc("n2", [
            event("Battles", "Armed clash", date="2021-03-01"),
            event("Strategic developments", "Ceasefire", primary=True, date="2021-03-05",
                  actor1=actor("NGA", "rebels")),
        ]),
        # n3 has no document at all
    ]  # fmt: skip
    return gold, pred


def test_single_gold_is_compared_with_the_primary_event_and_acled_reads_ceasefire_as_agreement():
    gold, pred = single_fixture()
    result = score(gold, pred)
    assert result["documents"] == 3
    assert result["missing_documents"] == 1
    assert result["invalid_documents"] == 0
    assert "multi" not in result
    assert result["single"] == {
        "actor1": 0.3333, "date": 0.6667, "event_type": 0.6667, "fatalities": 1.0,
        "fatalities_nonzero": 1.0, "geo_100km": 1.0, "geo_25km": 1.0, "sub_event_type": 0.6667,
        "actor1_n": 3, "date_n": 3, "event_type_n": 3, "fatalities_n": 2,
        "fatalities_nonzero_n": 1, "geo_100km_n": 1, "geo_25km_n": 1, "sub_event_type_n": 3,
        "actor2": 1.0, "actor2_n": 1, "sub_event_type_macro_f1": 0.6667,
    }  # fmt: skip


def test_single_gold_from_articles_keeps_truceline_sub_event_types_as_they_are():
    gold, pred = single_fixture()
    for record in gold:
        record["source"] = "articles"
    result = score(gold, pred)
    assert result["single"]["sub_event_type"] == 0.3333
    # Agreement read as Ceasefire: a miss for Agreement and nothing for Peaceful protest.
    assert result["single"]["sub_event_type_macro_f1"] == 0.3333


def test_single_gold_falls_back_to_the_first_event_when_none_is_primary():
    gold = [gold_record("n1", "single", [event("Riots", "Mob violence")])]
    pred = [doc("n1", [event("Riots", "Mob violence"), event("Protests", "Peaceful protest")])]
    assert score(gold, pred)["single"]["sub_event_type"] == 1.0


# --- multi-event gold -------------------------------------------------------------------


ARMENIA = place(40.07, 45.04, precision="country", country="ARM")


def multi_fixture() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    gold_events = [
        event("Explosions/Remote violence", "Shelling/artillery/missile attack",
              location=place(40.0, 46.0), claimants=[actor("AZE", "government")],
              status="alleged", violation=True, fatalities=2,
              alt_event_types=["Battles"], alt_sub_event_types=["Armed clash"]),
        event("Battles", "Armed clash", location=ARMENIA, status="asserted", fatalities=0),
        event("Strategic developments", "Accusation", optional=True),
        event("Strategic developments", "Ceasefire", location=place(40.0, 46.0)),
        event("Violence against civilians", "Attack", date="2020-10-20",
              location=place(39.0, 45.0)),
    ]  # fmt: skip
    pred_events = [
        event("Battles", "Armed clash", date="2020-10-27", location=place(40.1, 46.0),
              claimants=[actor("AZE", "state_forces")], status="alleged", violation=True,
              fatalities=2),
        event("Battles", "Armed clash", location=place(None, None, "country", "ARM"),
              status="alleged"),
        event("Strategic developments", "Accusation"),
        event("Strategic developments", "Ceasefire"),
        event("Protests", "Peaceful protest", location=place(40.0, 46.0)),
    ]  # fmt: skip
    gold_cf = [{"id": "c1", "parties": [actor("ARM", "government"), actor("AZE", "government")],
                "effective": PUBLISHED}]  # fmt: skip
    pred_cf = [
        {"id": "c1", "parties": [actor("ARM", "government"), actor("AZE", "government"),
                                 actor("USA", "government")], "effective": "2020-10-27"},
        {"id": "c2", "parties": [actor("ARM", "government")], "effective": PUBLISHED},
    ]  # fmt: skip
    gold = [gold_record("m1", "multi", gold_events, gold_cf, source="articles")]
    return gold, [doc("m1", pred_events, pred_cf)]


def test_multi_gold_matches_alt_types_country_level_places_and_optional_events():
    gold, pred = multi_fixture()
    result = score(gold, pred)
    assert "single" not in result
    assert result["multi"] == {
        # matched: shelling (via alt types), Armenia (country level), the optional accusation.
        # Ceasefire events left out; the protest is a false positive, the attack is missed.
        "event_precision": 0.6667, "event_recall": 0.6667, "event_f1": 0.6667,
        "ceasefire_precision": 0.5, "ceasefire_recall": 1.0,
        "matched_claimants": 1.0, "matched_date": 0.6667, "matched_event_type": 1.0,
        "matched_fatalities": 1.0, "matched_fatalities_nonzero": 1.0,
        "matched_geo_100km": 0.5, "matched_geo_25km": 0.5, "matched_status": 0.5,
        "matched_sub_event_type": 1.0, "matched_violation": 1.0,
        "matched_claimants_n": 1, "matched_date_n": 3, "matched_event_type_n": 3,
        "matched_fatalities_n": 2, "matched_fatalities_nonzero_n": 1,
        "matched_geo_100km_n": 2, "matched_geo_25km_n": 2, "matched_status_n": 2,
        "matched_sub_event_type_n": 3, "matched_violation_n": 1,
    }  # fmt: skip


def test_an_unmatched_optional_gold_event_costs_nothing():
    gold, pred = multi_fixture()
    pred[0]["events"] = [e for e in pred[0]["events"] if e["sub_event_type"] != "Accusation"]
    assert score(gold, pred)["multi"]["event_recall"] == 0.6667


def test_single_and_multi_gold_are_reported_side_by_side():
    sgold, spred = single_fixture()
    mgold, mpred = multi_fixture()
    result = score(sgold + mgold, spred + mpred)
    assert result["documents"] == 4
    assert result["single"]["sub_event_type"] == 0.6667
    assert result["multi"]["event_f1"] == 0.6667


def test_documents_with_another_schema_or_no_id_are_invalid():
    gold, _ = single_fixture()
    pred = [{"schema": "truceline/0", "article": {"id": "n1"}}, {"schema": "truceline/1"}]
    result = score(gold, pred)
    assert (result["invalid_documents"], result["missing_documents"]) == (2, 3)


def test_a_vague_gold_event_matches_only_what_nothing_more_specific_claims():
    specific = event("Battles", "Armed clash", location=place(40.0, 46.0))
    open_date = event("Battles", "Armed clash", date=None, location=place(40.0, 46.0))
    pred = [event("Battles", "Armed clash", location=place(40.0, 46.0))]
    assert match_events(pred, [open_date, specific]) == [(0, 1)]


@pytest.mark.parametrize(
    ("pred_fields", "matches"),
    [
        ({}, True),
        ({"date": "2020-10-27"}, True),
        ({"date": "2020-10-28"}, False),
        ({"date": None}, False),
        ({"event_type": "Riots"}, False),
        ({"location": place(40.0, 46.55)}, True),  # about 47 km
        ({"location": place(40.0, 46.7)}, False),  # about 60 km
        ({"location": None}, False),
    ],
)
def test_closeness_applies_the_one_day_and_fifty_km_limits(pred_fields, matches):
    gold = event("Battles", "Armed clash", location=place(40.0, 46.0))
    pred = event("Battles", "Armed clash", location=place(40.0, 46.0)) | pred_fields
    assert (closeness(pred, gold) is not None) is matches


def test_country_level_places_match_only_in_the_same_country():
    gold = event("Battles", "Armed clash", location=ARMENIA)
    elsewhere = event("Battles", "Armed clash", location=place(None, None, "country", "AZE"))
    assert closeness(elsewhere, gold) is None


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        (actor("UKR", "government"), actor("UKR", "state_forces"), True),
        (actor("UKR", "identity_militia"), actor("UKR", "rebels"), True),
        (actor("RUS", "rebels"), actor("UKR", "rebels"), False),
        (actor("RUS", "rebels"), actor(None, "rebels"), True),
        (actor("UKR", "protesters"), actor("UKR", "civilians"), False),
        (actor("UKR", "media"), actor("UKR", "media"), True),
        (None, actor("UKR", "media"), False),
        (actor("UKR", "media"), None, None),
    ],
)
def test_actors_agree_on_kind_group_and_country(pred, gold, expected):
    assert same_actor(pred, gold) is expected


def test_distance_and_day_gap_handle_missing_values():
    assert distance_km(place(0.0, 0.0), place(0.0, 1.0)) == pytest.approx(111.19, abs=0.01)
    assert distance_km(place(None, None), place(0.0, 1.0)) is None
    assert day_gap("2020-10-26T14:00", "2020-10-24") == 2
    assert day_gap("not a date", "2020-10-24") is None


def test_score_files_names_the_bad_line(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_record("a", "multi", [])) + "\n{oops\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("", encoding="utf-8")
    with pytest.raises(BadRecordError, match=r"gold\.jsonl:2"):
        score_files(gold, pred)


def test_report_lists_each_rate_with_its_count():
    gold, pred = multi_fixture()
    report = format_report(score(gold, pred))
    assert "  event_f1" in report
    assert "matched_status                   0.5  (n=2)" in report
