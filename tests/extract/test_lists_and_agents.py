"""One event per listed place, and acts told by the aircraft that did them (issue 11,
lists of places and acts without a classic trigger), on sentences the tests write.

- "the towns of A and B" lists two towns (A is no region holding them), and two towns a
  few kilometres apart that one sentence lists stay two events;
- a count standing for the act lists a place too: "five strikes on A and two on B";
- an aircraft the subject of a verb of violence tells a strike: "jets targeted A".
"""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import Extractor
from truceline.schemas import ArticleInput, Document, Event

pytestmark = pytest.mark.slow

PUBLISHED = "2024-05-10"  # a Friday
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# Sentences with no act, so that the text is read as a report, not a one-event note.
REST = (
    " The talks are due to resume next week in a neutral capital, diplomats said."
    " Both delegations have promised to bring new proposals on prisoner exchanges."
    " Aid agencies have asked for safe corridors to reach the villages in the hills."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def read(extractor: Extractor, text: str) -> Document:
    return extractor.extract(ArticleInput(id="t", text=text + REST, published=PUBLISHED))


def violent(doc: Document) -> list[Event]:
    return [e for e in doc.events if e.event_type in VIOLENT]


def places(doc: Document) -> list[str]:
    return sorted(e.location.name for e in violent(doc) if e.location is not None)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Government jets bombed the towns of Saraqib and Binnish on Tuesday, a monitor said.",
            ["Binnish", "Saraqib"],
        ),
        (
            "Three people were killed in air raids on the towns of Saraqib and Binnish on "
            "Tuesday, rescuers said.",
            ["Binnish", "Saraqib"],
        ),
        (
            "Russian forces launched five rocket strikes on the city of Kharkiv and two on "
            "Izium overnight, the governor said.",
            ["Izyum", "Kharkiv"],
        ),
        (
            "Jets carried out four air strikes on Saraqib and another on Binnish on Tuesday, a "
            "monitor said.",
            ["Binnish", "Saraqib"],
        ),
    ],
)
def test_each_listed_place_is_an_event_of_its_own(
    extractor: Extractor, sentence: str, expected: list[str]
) -> None:
    assert places(read(extractor, sentence)) == expected


def test_the_villages_of_a_region_are_placed_in_the_region(extractor: Extractor) -> None:
    doc = read(
        extractor, "Government jets bombed the villages of Idlib on Tuesday, a monitor said."
    )
    [event] = violent(doc)
    assert event.location is not None
    assert event.location.precision == "region"


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian jets targeted the town of Saraqib on Tuesday, rescuers said.",
        "An Israeli drone hit a car near Nabatieh on Tuesday, killing two men.",
    ],
)
def test_an_aircraft_that_strikes_tells_an_air_strike(extractor: Extractor, sentence: str) -> None:
    [event] = violent(read(extractor, sentence))
    assert event.sub_event_type == "Air/drone strike"


def test_an_aircraft_that_only_flies_over_tells_no_strike(extractor: Extractor) -> None:
    assert (
        violent(read(extractor, "Russian jets flew over Saraqib on Tuesday, rescuers said.")) == []
    )
