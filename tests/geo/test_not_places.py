"""What is not where an event happened, and regions named as such (issue 12, point 4;
issue 11, point 8). Sentences are the project's own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from truceline.countries import countries_in_text
from truceline.extract.context import ParsedSentence
from truceline.geo.gazetteer import Gazetteer
from truceline.geo.locations import countries_placed, find_places, resolve_location
from truceline.schemas import ArticleInput, Location

pytestmark = pytest.mark.slow

Parse = Callable[[str], list[ParsedSentence]]


def where(text: str, parse: Parse, gazetteer: Gazetteer) -> Location | None:
    parsed = parse(text)
    mentions = [[m for m in find_places(p, gazetteer)] for p in parsed]
    found = countries_in_text(text)
    nearby = [m for ms in mentions for m in ms]
    for ms in mentions:
        loc = resolve_location(ms, found, nearby=nearby)
        if loc is not None:
            return loc
    return None


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("The barrage began at 3pm Moscow time and lasted an hour.", "Moscow"),
        ("Two shops burned, according to Al Mayadeen.", "Al Mayadeen"),
        ("Al Mayadeen reported that a depot was hit.", "Al Mayadeen"),
        # a place in a modifier names who brokered, backs or holds, not where
        ("The Kenya- and Egypt-brokered truce held until Monday.", "Kenya"),
        ("The Kenya- and Egypt-brokered truce held until Monday.", "Egypt"),
        ("Moscow-installed officials reported a blast.", "Moscow"),
        # a title is no namesake town ("Minister" is a village's other name)
        ("Marchers demanded that the Minister of Finance resign.", "Minister"),
    ],
)
def test_time_zones_and_relaying_outlets_are_no_place_mentions(
    text: str, not_named: str, parse: Parse, gazetteer: Gazetteer
) -> None:
    names = [m.text for p in parse(text) for m in find_places(p, gazetteer)]
    assert not_named not in names


def test_an_outlet_named_as_a_town_is_still_a_town(parse: Parse, gazetteer: Gazetteer) -> None:
    loc = where("Mortars hit a market in Al Mayadeen on Monday.", parse, gazetteer)
    assert loc is not None
    assert loc.country == "SYR"
    assert loc.precision == "exact"


def test_a_dateline_is_context_not_the_place(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "KYIV, May 4 (Reuters) - Artillery hit Horlivka overnight, officials said."
    marks = [(m.text, m.dateline) for p in parse(text) for m in find_places(p, gazetteer)]
    assert marks[0] == ("KYIV", True)
    assert [name for name, dateline in marks if not dateline] == ["Horlivka"]
    loc = where(text, parse, gazetteer)
    assert loc is not None
    assert loc.name == "Horlivka"
    alone = where("KYIV, May 4 (Reuters) - Shells fell overnight.", parse, gazetteer)
    assert alone is None


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Russian troops shelled the Kherson region overnight.", "Kherson", "UKR"),
        ("Heavy fighting went on in Donbas all week.", "Donbas", "UKR"),
        ("Two fighters died in the DPR on Sunday.", "Donetsk People's Republic", "UKR"),
    ],
)
def test_a_region_named_as_such_is_a_region_not_the_country(
    text: str, name: str, country: str, parse: Parse, gazetteer: Gazetteer
) -> None:
    loc = where(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.country, loc.precision) == (name, country, "region")


def test_an_unknown_village_in_a_named_oblast_is_the_oblast_not_the_country(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "Russian drones hit Bilozerka-Persha in Donetsk Oblast on Monday."
    loc = where(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.precision) == ("Donetsk", "region")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Soldiers returned fire in the Nowshera sector of Rajouri district.", "Rājauri"),
        ("Troops exchanged fire along the Line of Control in Kupwara district.", "Kupwāra"),
    ],
)
def test_a_named_district_beats_a_line_or_a_sector(
    text: str, name: str, parse: Parse, gazetteer: Gazetteer
) -> None:
    loc = where(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.country) == (name, "IND")


def test_a_nationality_word_places_nothing(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "Russian forces shelled a village as Israeli jets flew over Syria."
    mentions = [m for p in parse(text) for m in find_places(p, gazetteer)]
    assert countries_placed(text, mentions) == frozenset({"SYR"})


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces shelled a village on Monday, killing two civilians, officials said.",
        "Israeli aircraft bombed a house on Sunday, killing three people.",
        "The barrage began at 3pm Moscow time and killed two people in a village.",
    ],
)
def test_no_event_is_located_by_a_demonym_alone(text: str) -> None:
    from truceline.extract.pipeline import extract_document

    doc = extract_document(ArticleInput(id="d", text=text, published="2024-03-04"))
    assert doc.events, "the act is still an event"
    assert all(e.location is None for e in doc.events)


def test_a_country_named_as_a_place_still_locates_an_event() -> None:
    from truceline.extract.pipeline import extract_document

    text = "Russian forces shelled a village in Ukraine on Monday, killing two civilians."
    doc = extract_document(ArticleInput(id="d", text=text, published="2024-03-04"))
    assert [e.location and e.location.country for e in doc.events] == ["UKR"]


@pytest.mark.parametrize(
    "text",
    [
        "A drone hit a van near a farm, some 12 km from the Israeli border, killing its "
        "driver on Friday.",
        "Mortar rounds fell on a hamlet about 5 miles north of the Israeli border on Friday, "
        "residents said.",
        # a border named by a nationality word is that country's edge, either side of it
        "Thousands of families fled the shelling on Friday and sought shelter along the "
        "Turkish border, aid groups said.",
        # who holds a zone is not where it lies ("an Israeli-held hill area")
        "Israeli drones struck two villages in south Lebanon on Monday, killing a farmer, the "
        "state news agency said.\n\nHezbollah fired two rockets toward an Israeli-held hill "
        "area on Monday, its first attack since the truce began, calling it a warning after "
        "Israel's raids.",
    ],
)
def test_a_border_a_distance_is_measured_from_is_not_where(text: str) -> None:
    from truceline.extract.pipeline import extract_document

    doc = extract_document(ArticleInput(id="d", text=text, published="2024-03-04"))
    assert doc.events
    assert all(e.location is None or e.location.country not in {"ISR", "TUR"} for e in doc.events)


def test_a_village_told_with_its_nation_is_not_a_namesake_abroad(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    # "the Georgian village of X": an X the gazetteer knows only in Cyprus is not meant
    text = "The shots came from a machine gun in the Georgian village of Nikosi, he said."
    loc = where(text, parse, gazetteer)
    assert loc is not None
    assert loc.country == "GEO"


def test_a_region_named_by_a_nationality_word_keeps_the_country_told_after_it(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    # "Somali region, Ethiopia": the nationality word names a region of Ethiopia
    text = "One man was killed in clan clashes in the Harawa area of Somali region, Ethiopia."
    loc = where(text, parse, gazetteer)
    assert loc is not None
    assert loc.country == "ETH"
