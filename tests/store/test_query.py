"""Querying stored events by date, type, country, bounding box and status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session
from store_docs import article, document, event

from truceline.errors import ConfigError
from truceline.schemas import Actor
from truceline.store import (
    BBox,
    EventFilter,
    add_article_with_extraction,
    make_engine,
    query_events,
    upgrade,
)
from truceline.store.query import CSV_COLUMNS, check_types, csv_row, empty_reason

EVENTS = [
    event("kyiv", date="2024-03-01", country="UKR", lat=50.45, lon=30.52,
          sub="Air/drone strike"),
    event("kharkiv", date="2024-03-03", country="UKR", lat=49.99, lon=36.23,
          sub="Armed clash", etype="Battles", status="alleged"),
    event("aleppo", date="2024-03-05", country="SYR", lat=36.2, lon=37.16),
    event("undated", date=None, country="SYR", lat=None, lon=None, status="denied"),
    event("nowhere", date="2024-03-02", country=None, lat=None, lon=None,
          sub="Peaceful protest", etype="Protests"),
]  # fmt: skip


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    upgrade(db_url)
    engine = make_engine(db_url)
    with Session(engine) as s:
        a = article(published=dt.date(2024, 3, 6), title="Roundup")
        add_article_with_extraction(s, a, document(a.id, EVENTS))
        yield s
    engine.dispose()


def ids(session: Session, **kw) -> list[str]:
    return [r.event.id for r in query_events(session, EventFilter(**kw))]


def test_all_events_come_by_date_with_undated_last(session: Session) -> None:
    assert ids(session) == ["kyiv", "nowhere", "kharkiv", "aleppo", "undated"]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"since": dt.date(2024, 3, 3)}, ["kharkiv", "aleppo"]),
        ({"until": dt.date(2024, 3, 2)}, ["kyiv", "nowhere"]),
        ({"since": dt.date(2024, 3, 2), "until": dt.date(2024, 3, 3)}, ["nowhere", "kharkiv"]),
        ({"types": ("Battles",)}, ["kharkiv"]),
        ({"types": ("Air/drone strike", "Protests")}, ["kyiv", "nowhere"]),
        ({"countries": ("syr",)}, ["aleppo", "undated"]),
        ({"bbox": BBox(30.0, 49.0, 37.0, 51.0)}, ["kyiv", "kharkiv"]),
        ({"statuses": ("alleged", "denied")}, ["kharkiv", "undated"]),
        ({"countries": ("UKR",), "types": ("Battles",)}, ["kharkiv"]),
        ({"limit": 2}, ["kyiv", "nowhere"]),
    ],
)
def test_filters_select_the_matching_events(session: Session, kw: dict, expected: list) -> None:
    assert ids(session, **kw) == expected


def test_results_carry_the_article_and_the_contract_event(session: Session) -> None:
    record = next(iter(query_events(session, EventFilter(types=("Battles",)))))
    assert record.article.title == "Roundup"
    assert record.article.url == "https://news.example/a"
    assert record.article.published == "2024-03-06"
    assert record.event == EVENTS[1]
    row = csv_row(record)
    assert list(row) == list(CSV_COLUMNS)
    assert (row["event_type"], row["country"], row["latitude"], row["status"]) == (
        "Battles",
        "UKR",
        49.99,
        "alleged",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("1,2,3", "four numbers"), ("10,5,0,6", "MIN_LON <= MAX_LON"), ("a,b,c,d", "four")],
)
def test_bad_bounding_boxes_are_refused_with_the_value(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        BBox.parse(text)


def test_unknown_event_types_are_refused_naming_them() -> None:
    assert check_types(["Battles", "Air/drone strike"]) == ("Battles", "Air/drone strike")
    with pytest.raises(ConfigError, match="'Airstrike' is not an event type"):
        check_types(["Airstrike"])


@pytest.fixture
def karabakh(db_url: str) -> Iterator[Session]:
    """An event placed in Azerbaijan (de jure) whose actor is Armenian."""
    upgrade(db_url)
    engine = make_engine(db_url)
    placed = event("clash", date="2020-10-27", country="AZE", lat=39.8, lon=46.7)
    placed = placed.model_copy(
        update={"actor1": Actor(name="Armenian forces", country="ARM", kind="state_forces")}
    )
    with Session(engine) as s:
        a = article(published=dt.date(2020, 10, 27), title="Front line")
        later = event("march", date="2020-11-05", country="GEO", lat=41.7, lon=44.8)
        add_article_with_extraction(s, a, document(a.id, [placed, later]))
        yield s
    engine.dispose()


@pytest.mark.parametrize(
    ("countries", "expected"),
    [(("ARM",), ["clash"]), (("AZE",), ["clash"]), (("Armenia",), ["clash"]), (("IRN",), [])],
)
def test_country_matches_the_place_or_either_actors_country(karabakh, countries, expected):
    assert ids(karabakh, countries=countries) == expected


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"countries": ("IRN",)}, "no stored event matches --country IRN (place or either actor)"),
        (
            {"since": dt.date(2020, 10, 1), "types": ("Protests",)},
            "no stored event matches --type Protests",
        ),
        (
            {"since": dt.date(2020, 11, 1), "countries": ("ARM",)},
            "--country ARM (place or either actor) leaves none of the 1 events matching "
            "--since 2020-11-01",
        ),
        ({"countries": ("ARM",)}, None),
    ],
)
def test_an_empty_result_says_which_filter_emptied_it(karabakh, kw, reason):
    assert empty_reason(karabakh, EventFilter(**kw)) == reason
