"""One event per listed place, acts told by the aircraft that did them, and the other
side's answer told beside an act (issue 11: lists of places, acts without a classic
trigger, two acts in one sentence), on sentences the tests write.

- "the towns of A and B" lists two towns (A is no region holding them), and two towns a
  few kilometres apart that one sentence lists stay two events;
- a count standing for the act lists a place too: "five strikes on A and two on B";
- an aircraft the subject of a verb of violence tells a strike: "jets targeted A";
- "a soldier was killed in retaliatory fire" after an act tells the other side's answer,
  a clash of its own at the act's place.
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
        (
            "Shells hit four houses in Horlivka and one house in Kramatorsk overnight, the army "
            "said.",
            ["Horlivka", "Kramatorsk"],
        ),
    ],
)
def test_each_listed_place_is_an_event_of_its_own(
    extractor: Extractor, sentence: str, expected: list[str]
) -> None:
    assert places(read(extractor, sentence)) == expected


def test_listed_towns_near_an_act_told_before_are_events_of_their_own(
    extractor: Extractor,
) -> None:
    # "the bombing struck A as well as the towns of B and C" after a raid on A: B and C lie
    # within a few km of A, but a list names them apart (one event per place)
    text = (
        "Jets bombed Idlib on Tuesday, killing 12 people, a monitor said. The monitor added "
        "that the bombing struck Idlib as well as the towns of Binnish and Saraqib, wounding "
        "many children."
    )
    assert places(read(extractor, text)) == ["Binnish", "Idlib", "Saraqib"]


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


# A longer stretch with no act, so that a text is read as a report (a note tells one event).
REPORT_REST = (
    " Markets in the provincial capital reopened after a week of heavy rain. Traders said"
    " prices of flour and cooking oil had risen sharply since the start of the month. The"
    " water board said repairs to the main pumping station would take another ten days."
    " Schools in the district are due to reopen after the winter holiday, the education"
    " office said. Farmers have begun planting wheat on the plains south of the river. A new"
    " bus line links the market to the hospital on the eastern edge of town. The football"
    " club of the city won its third match in a row on Sunday evening. Doctors said they"
    " needed more fuel for the generators during the cold nights."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebel artillery fire struck army posts near Saraqib on Monday and one soldier was "
        "killed in retaliatory fire, a monitor said.",
        "Troops shelled Saraqib on Monday and the rebels answered with return fire, a monitor "
        "said.",
    ],
)
def test_the_other_sides_answer_is_a_clash_of_its_own_at_the_same_place(
    extractor: Extractor, sentence: str
) -> None:
    doc = read(extractor, sentence + REPORT_REST)
    kinds = sorted(e.sub_event_type for e in violent(doc))
    assert kinds == ["Armed clash", "Shelling/artillery/missile attack"]
    assert {e.location.name for e in violent(doc) if e.location is not None} == {"Saraqib"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "locations" is no weapon located (and so no disrupted weapons use)
        (
            "Insurgents raided police posts at three locations near the river on Tuesday, "
            "firing mortar shells, officials said.",
            "Shelling/artillery/missile attack",
        ),
        ("Police located two mortar shells near the road on Tuesday.", "Disrupted weapons use"),
    ],
)
def test_weapons_located_are_disrupted_but_locations_are_not(
    extractor: Extractor, sentence: str, expected: str
) -> None:
    doc = read(extractor, sentence + REPORT_REST)
    assert [e.sub_event_type for e in doc.events] == [expected]


def test_places_listed_in_the_sentence_after_the_act_split_it() -> None:
    # "Shells fell overnight. Homes in A and in B were damaged.": the act's places are
    # listed in the sentence that goes on telling it
    from collections import Counter

    from truceline.extract.context import ParsedSentence
    from truceline.extract.merge import split_by_places
    from truceline.extract.nlp import load_pipeline
    from truceline.extract.sentences import split_sentences
    from truceline.geo.locations import find_places, resolve_location
    from truceline.schemas import Evidence

    text = (
        "Shells fell on the region overnight, the army said. Three homes in Horlivka and two "
        "homes in Kramatorsk were damaged."
    )
    act, told = split_sentences(text)
    parsed = ParsedSentence(told, load_pipeline()(told.text))
    places = find_places(parsed)
    countries = Counter({"UKR": 3})
    kind = "Shelling/artillery/missile attack"
    event = Event(
        id="e0",
        event_type="Explosions/Remote violence",
        sub_event_type=kind,
        location=resolve_location(places, countries),
        evidence=Evidence(text=act.text, start=act.start, end=act.end),
        confidence=0.9,
    )
    told_in = Evidence(text=told.text, start=told.start, end=told.end)
    split = split_by_places(event, places, countries, told_in=told_in)
    assert sorted(e.location.name for e in split if e.location) == ["Horlivka", "Kramatorsk"]
    assert all(e.evidence == event.evidence for e in split)
