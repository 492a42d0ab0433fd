"""/api/articles and /api/events: lists in day order, cursors, filters, one item, 404s."""

from __future__ import annotations

import pytest
from api_client import ApiClient

from serve_corpus import ARTICLES, SCRIPT_SENTENCE, TRUCE_ID
from truceline.api.pagination import Page
from truceline.store.query import EventRecord

PUBLISHED = [a.published for a in ARTICLES]


def test_articles_list_in_publication_order_across_cursor_pages(api: ApiClient) -> None:
    first = api.get("/api/articles", params={"limit": 2}).json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    items = api.items("/api/articles", limit=2)
    assert len(items) == len(ARTICLES) == len({i["id"] for i in items})
    assert [i["published"] for i in items] == sorted(PUBLISHED)
    assert all(i["extraction"] == "extracted" for i in items)


def test_article_detail_has_the_text_its_evidence_offsets_index(
    api: ApiClient, ids: dict[str, str]
) -> None:
    r = api.get(f"/api/articles/{ids['south-2']}")
    assert r.status_code == 200
    body = r.json()
    assert body["urls"] == ["javascript:alert('url')"]
    event = body["document"]["events"][0]
    ev = event["evidence"]
    assert body["text"][ev["start"] : ev["end"]] == ev["text"] == SCRIPT_SENTENCE
    assert body["document"]["schema"] == "truceline/1"


def test_unknown_article_is_a_404_naming_it(api: ApiClient) -> None:
    r = api.get("/api/articles/feedfacefeedface")
    assert r.status_code == 404
    assert "feedfacefeedface" in r.json()["detail"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2020-10-12"}, {"wire-1", "south-2", "gulf-1"}),
        ({"until": "2020-10-10"}, {"north-1"}),
        ({"outlet": "Southern Courier"}, {"south-1", "south-2"}),
        ({"country": "YEM"}, {"gulf-1"}),
        ({"type": "Air/drone strike"}, {"south-1"}),
        ({"status": "denied"}, {"south-1"}),
        ({"ceasefire": TRUCE_ID, "type": "Battles"}, {"wire-1"}),
    ],
)
def test_articles_filters_keep_matching_articles(
    api: ApiClient, ids: dict[str, str], params: dict[str, str], expected: set[str]
) -> None:
    got = {i["id"] for i in api.items("/api/articles", **params)}
    assert got == {ids[k] for k in expected}


def test_events_list_every_event_once_in_day_order(api: ApiClient) -> None:
    page = api.get("/api/events", params={"limit": 3}).json()
    Page[EventRecord].model_validate(page)  # the stored JSON, spliced in, is the schema's
    items = api.items("/api/events", limit=3)
    n_events = sum(len(a.events) for a in ARTICLES)
    assert len(items) == n_events == len({i["row_id"] for i in items})
    days = [i["event"]["date"] for i in items]
    assert days == sorted(days)
    assert {i["article"]["outlet"] for i in items} >= {"Northern Herald", "Gulf Monitor"}


def test_one_event_by_row_id_and_unknown_row_is_404(api: ApiClient) -> None:
    first = api.get("/api/events", params={"limit": 1}).json()["items"][0]
    r = api.get(f"/api/events/{first['row_id']}")
    assert r.status_code == 200
    assert r.json() == first
    assert api.get("/api/events/999999").status_code == 404


def _places(items: list[dict]) -> set[str | None]:
    return {(i["event"]["location"] or {}).get("name") for i in items}


@pytest.mark.parametrize(
    ("params", "places"),
    [
        ({"since": "2020-10-12", "until": "2020-10-12"}, {"Hadrut", "Martuni"}),
        ({"bbox": "44,15,45,16"}, {"Sanaa"}),
        ({"bbox": "46.5,39.5,47.2,40.5"}, {"Tartar", "Stepanakert", "Hadrut", "Martuni"}),
        ({"type": "Explosions/Remote violence"}, {"Tartar", "Stepanakert", "Martuni"}),
        ({"type": "Armed clash,Peaceful protest"}, {"Hadrut", "Sanaa"}),
        ({"type": ["Armed clash", "Peaceful protest"]}, {"Hadrut", "Sanaa"}),
        ({"country": "yem"}, {"Sanaa"}),
        ({"status": "alleged"}, {"Tartar", "Stepanakert", "Martuni"}),
        ({"status": "denied"}, {"Tartar"}),
        ({"ceasefire": TRUCE_ID, "status": "asserted"}, {None, "Hadrut"}),
        ({"violation": "true"}, {"Stepanakert"}),
        ({"violation": "false", "country": "AZE"}, {"Tartar", "Hadrut", "Martuni"}),
    ],
)
def test_event_filters_select_matching_events(
    api: ApiClient, params: dict, places: set[str | None]
) -> None:
    assert _places(api.items("/api/events", **params)) == places


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "2020-13-01"}, "2020-13-01"),
        ({"since": "2020-10-12", "until": "2020-10-01"}, "after"),
        ({"bbox": "1,2,3"}, "1,2,3"),
        ({"bbox": "10,50,0,60"}, "MIN_LON <= MAX_LON"),
        ({"type": "Bombing"}, "Bombing"),
        ({"country": "Armenia"}, "Armenia"),
        ({"status": "rumoured"}, "rumoured"),
        ({"status": "contested"}, "contested"),  # an incident status, not an event's
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_filter_values_are_400_naming_the_value(
    api: ApiClient, params: dict, named: str
) -> None:
    r = api.get("/api/events", params=params)
    assert r.status_code == 400
    assert named in r.json()["detail"]
    assert r.json()["error"] == "bad_parameter"


def test_limit_outside_1_to_1000_is_refused(api: ApiClient) -> None:
    assert api.get("/api/events", params={"limit": 0}).status_code == 422
    assert api.get("/api/events", params={"limit": 1001}).status_code == 422
