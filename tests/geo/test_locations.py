"""Places in text and where an event happened (real spaCy, real gazetteer: slow)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from truceline.countries import countries_in_text
from truceline.extract.context import ParsedSentence
from truceline.geo.gazetteer import Gazetteer
from truceline.geo.locations import (
    PlaceMention,
    find_places,
    location_of_country,
    resolve_location,
)
from truceline.schemas import Location

pytestmark = pytest.mark.slow

Parse = Callable[[str], list[ParsedSentence]]


def mentions_of(text: str, parse: Parse, gazetteer: Gazetteer) -> list[PlaceMention]:
    return [m for p in parse(text) for m in find_places(p, gazetteer)]


def locate(
    text: str, parse: Parse, gazetteer: Gazetteer, anchor: str | None = None
) -> Location | None:
    """The location of the event at the word `anchor` (or of the first sentence)."""
    offset = text.index(anchor) if anchor else None
    for parsed in parse(text):
        if offset is None or parsed.sentence.start <= offset < parsed.sentence.end:
            return resolve_location(
                find_places(parsed, gazetteer), countries_in_text(text), anchor=offset
            )
    return None


def test_mentions_carry_article_offsets(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "Talks stalled again.\nArtillery hit the town of Avdiivka overnight."
    (mention,) = mentions_of(text, parse, gazetteer)
    assert text[mention.start : mention.end] == mention.text == "Avdiivka"
    assert any(p.country == "UKR" for p in mention.candidates)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # names the small spaCy model takes for people or organisations
        (
            "Azerbaijani forces shelled Stepanakert overnight, the Armenian side said.",
            "Khankendi",
            "AZE",
        ),
        (
            "Residents of Avdiivka spent the night in basements as shelling went on.",
            "Avdiyivka",
            "UKR",
        ),
        ("Fresh fighting broke out in Nagorno-Karabakh on Tuesday.", "Nagorno-Karabakh", "AZE"),
    ],
)
def test_the_gazetteer_finds_places_the_tagger_mislabels(
    parse: Parse, gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.country) == (name, country)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Lebanese soldiers deployed in Tripoli after rival gunmen clashed in the port city, "
            "a Lebanese security official said.",
            "LBN",
        ),
        (
            "Forces loyal to the government in Libya repelled an attack on Tripoli, "
            "Libyan officials said.",
            "LBY",
        ),
    ],
)
def test_ambiguous_names_follow_the_countries_of_the_text(
    parse: Parse, gazetteer: Gazetteer, text: str, country: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.country, loc.precision) == (country, "exact")


def test_a_region_named_beside_a_town_picks_the_town_inside_it(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "Two men were shot dead in Guadalupe, Zacatecas, on Monday."
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.country, loc.admin1) == ("MEX", "Zacatecas")
    assert loc.precision == "exact"


def test_an_unknown_village_falls_back_to_the_district_around_it(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "Gunmen raided the hamlet of Qqzzyville (Kidal) at dawn."
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert loc.country == "MLI"
    assert "Kidal" in loc.name


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Shells landed near Avdiivka on Sunday morning.", "near"),
        ("Drones struck the outskirts of Donetsk overnight.", "near"),
        ("Clashes erupted in Idlib province on Friday.", "region"),
        ("Clashes erupted in Idlib on Friday.", "exact"),
        ("Shelling resumed across Donbas, monitors said.", "region"),
        ("Heavy fighting was reported in southern Lebanon.", "region"),
    ],
)
def test_precision_follows_the_wording(
    parse: Parse, gazetteer: Gazetteer, text: str, precision: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert loc.precision == precision


def test_a_direction_before_a_country_gives_that_part_of_it(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    north = locate("Air strikes were reported in northern Mali.", parse, gazetteer)
    south = locate("Air strikes were reported in southern Mali.", parse, gazetteer)
    assert north is not None
    assert south is not None
    assert (north.country, south.country, north.precision) == ("MLI", "MLI", "region")
    assert (north.latitude or 0) > (south.latitude or 0) + 3


def test_the_most_specific_place_nearest_the_event_wins(parse: Parse, gazetteer: Gazetteer) -> None:
    text = (
        "Ukraine said Russian forces shelled Avdiivka in the Donetsk region, "
        "while officials in Kyiv prepared for talks in Minsk."
    )
    loc = locate(text, parse, gazetteer, anchor="shelled")
    assert loc is not None
    assert loc.name == "Avdiyivka"
    loc = locate(text, parse, gazetteer, anchor="talks")
    assert loc is not None
    assert loc.country == "BLR"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Azerbaijani territory came under fire from the other side.", "AZE"),
        ("The ceasefire in Yemen held for a third day.", "YEM"),
    ],
)
def test_countries_and_demonyms_alone_give_a_country_level_location(
    parse: Parse, gazetteer: Gazetteer, text: str, country: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.country, loc.precision) == (country, "country")
    assert loc.latitude is not None


def test_location_of_country_is_at_its_centroid() -> None:
    loc = location_of_country("AZE")
    assert (loc.name, loc.country, loc.precision) == ("Azerbaijan", "AZE", "country")
    assert (loc.latitude, loc.longitude) == (40.5, 47.5)


def test_no_mentions_give_no_location() -> None:
    assert resolve_location([], Counter({"AZE": 3})) is None


@pytest.mark.parametrize(
    "text",
    [
        "Police said the attack was claimed by Hezbollah.",
        "The Azerbaijani Ministry of Defense said the truce held.",
        "Caucasian Knot reported two wounded.",
        "On Sunday, May said nothing about the deal.",
        "President Hassan Sheikh Mohamud met the envoy.",
        "Mobile networks went down for hours.",
        "The Donetsk News Agency published the claim.",
        "The price of the US dollar rose again.",
    ],
)
def test_names_that_are_no_event_location_give_no_place(
    parse: Parse, gazetteer: Gazetteer, text: str
) -> None:
    mentions = [m for m in mentions_of(text, parse, gazetteer) if not m.demonym]
    assert mentions == []


def test_transliterations_the_gazetteer_lacks_are_matched_loosely(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "Israeli troops raided Qalqiliyah at dawn, Palestinian officials said."
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.country, loc.precision) == ("PSE", "exact")


@pytest.mark.parametrize(
    ("text", "name", "precision"),
    [
        (
            "Shells hit the western outskirts of the Libyan capital at dawn.",
            "Tripoli",
            "near",
        ),
        ("Rockets fell on the capital of Afghanistan on Friday.", "Kabul", "exact"),
    ],
)
def test_a_capital_named_by_its_country_is_that_city(
    parse: Parse, gazetteer: Gazetteer, text: str, name: str, precision: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.precision) == (name, precision)


def test_a_district_named_with_its_province_is_the_district(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    loc = locate("Gunmen killed a judge in Surobi district, Kabul province.", parse, gazetteer)
    assert loc is not None
    assert (loc.country, loc.precision) == ("AFG", "region")
    assert "Kabul" not in loc.name


@pytest.mark.parametrize(
    ("text", "country", "not_name"),
    [
        # a street named after a city is no visit to it
        ("Protesters marched along Quds Street in Sanaa on Friday.", "YEM", "Jerusalem"),
        # a capital standing for its government is no location
        ("Kiev government troops shelled Horlivka overnight.", "UKR", "Kyiv"),
        # a capital as the source of a response, or the one who speaks, is its government
        (
            "Rebels keep firing rockets into Georgian border villages to draw retaliation "
            "from Moscow.",
            "GEO",
            "Moscow",
        ),
        ("Moscow said rockets were fired into Georgian villages overnight.", "GEO", "Moscow"),
        # an outlet named after a place is no place of the event
        (
            "The Saba news agency said Houthi snipers killed two soldiers in Taiz.",
            "YEM",
            "Saaba",
        ),
        # a currency named after a country is money, not a place
        (
            "Protesters rallied in Beirut against the soaring US dollar exchange rate.",
            "LBN",
            "United States",
        ),
    ],
)
def test_names_used_as_labels_do_not_locate_the_event(
    parse: Parse, gazetteer: Gazetteer, text: str, country: str, not_name: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert loc.country == country
    assert loc.name != not_name


def test_a_weak_mention_needs_its_country_in_the_text(gazetteer: Gazetteer) -> None:
    places = tuple(gazetteer.lookup("Avdiivka"))
    weak = PlaceMention(start=0, end=8, text="Avdiivka", candidates=places, strength=0.5)
    assert resolve_location([weak], Counter()) is None
    loc = resolve_location([weak], Counter({"UKR": 2}))
    assert loc is not None
    assert (loc.country, loc.admin1) == ("UKR", "Donetsk")


def test_a_nationality_word_before_a_place_noun_beats_a_country_used_as_a_label(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = (
        "A presidential aide showed footage of rocket fire on Azerbaijani territory after "
        "talks hosted by the U.S. government."
    )
    loc = locate(text, parse, gazetteer, anchor="fire")
    assert loc is not None
    assert (loc.country, loc.precision) == ("AZE", "country")


def test_a_small_town_of_a_country_a_well_anchored_report_never_names_is_no_match(
    gazetteer: Gazetteer,
) -> None:
    # a name shared by small towns of several countries, in a report about Syria
    towns = tuple(gazetteer.lookup("Bar"))
    assert len({p.country for p in towns}) > 1
    assert "SYR" not in {p.country for p in towns}
    mention = PlaceMention(start=0, end=3, text="Bar", candidates=towns)
    assert resolve_location([mention], Counter({"SYR": 6, "TUR": 4})) is None
    found = resolve_location([mention], Counter({"SYR": 1}))  # the report is not anchored
    assert found is not None
    assert found.country in {p.country for p in towns}


def test_a_region_owned_by_its_country_is_that_region(parse: Parse, gazetteer: Gazetteer) -> None:
    text = "Drones attacked an oil depot in Russia's Belgorod region on Sunday."
    loc = locate(text, parse, gazetteer, anchor="attacked")
    assert loc is not None
    assert (loc.country, loc.precision) == ("RUS", "region")
    assert "Belgorod" in loc.name
