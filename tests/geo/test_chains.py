"""Which place a sentence names when it names several: chains like "X (Y, Z)", lists,
namesakes and alternate names (real spaCy, real gazetteer: slow)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from truceline.countries import countries_in_text
from truceline.extract.context import ParsedSentence
from truceline.geo.gazetteer import Gazetteer, Place, distance_km
from truceline.geo.locations import find_places, resolve_location
from truceline.schemas import Location

pytestmark = pytest.mark.slow

Parse = Callable[[str], list[ParsedSentence]]


def locate(
    text: str, parse: Parse, gazetteer: Gazetteer, anchor: str | None = None
) -> Location | None:
    (parsed,) = parse(text)
    offset = text.index(anchor) if anchor else None
    return resolve_location(find_places(parsed, gazetteer), countries_in_text(text), anchor=offset)


def km_from(loc: Location, lat: float, lon: float) -> float:
    here = Place("here", None, None, loc.latitude or 0.0, loc.longitude or 0.0, 0, "city")
    return distance_km(here, Place("there", None, None, lat, lon, 0, "city"))


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # the town standing for its district lies 50 km off; the province vouches
        ("Gunmen attacked Mastung (Quetta, Balochistan) at night.", "Mastung", "PAK"),
        # "City (Quarter)": the quarter says where in the city
        ("A protest was held in Caracas (Chacao) on Tuesday.", "Caracas", "VEN"),
        # a town of that name elsewhere in the country is not the one in that state
        ("Residents protested in La Victoria parish, San Cristobal, Tachira state.",
         "San Cristóbal", "VEN"),
        ("A blast hit a market in Benito Juarez, Nuevo Leon.", "Nuevo León", "MEX"),
        # "(District, Province)" after a country: the province (also a city's name) only
        # says where the district is; so does a province after "X district in <country>"
        ("Mortar fire hit homes in southwestern Yemen (Maqbanah, Taiz).", "Maqbanah", "YEM"),
        ("Drones struck a depot in Arhab district in northern Yemen (Sanaa).", "Arhab", "YEM"),
        # an office "of" a district names the district, not an organisation
        ("Gunmen shot the Police Officer of Dandume LGA (Katsina) on Monday.", "Dandume", "NGA"),
    ],
)  # fmt: skip
def test_a_chain_resolves_to_its_most_specific_consistent_member(
    parse: Parse, gazetteer: Gazetteer, text: str, name: str, country: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.country) == (name, country)


def test_a_small_namesake_far_from_the_town_named_with_its_state_loses(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "In Guadalajara, Jalisco, gunmen shot a man in Colonia Independencia."
    loc = locate(text, parse, gazetteer, anchor="shot")
    assert loc is not None
    assert (loc.name, loc.admin1) == ("Guadalajara", "Jalisco")


def test_a_plural_region_word_covers_the_whole_list(parse: Parse, gazetteer: Gazetteer) -> None:
    (parsed,) = parse("Clashes were reported in Hama, Idlib and Latakia provinces on Sunday.")
    mentions = find_places(parsed, gazetteer)
    assert [m.hint for m in mentions] == ["region", "region", "region"]
    loc = resolve_location(mentions, countries_in_text(parsed.sentence.text))
    assert loc is not None
    assert (loc.name, loc.precision) == ("Hama", "region")


def test_the_villages_of_a_place_make_it_a_region(parse: Parse, gazetteer: Gazetteer) -> None:
    (parsed,) = parse("Residents of the villages of Kherson staged a protest.")
    assert [m.hint for m in find_places(parsed, gazetteer)] == ["region"]


def test_a_province_is_located_at_its_seat_not_in_open_country(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    loc = locate("Protests spread across Kandahar province.", parse, gazetteer)
    assert loc is not None
    assert loc.precision == "region"
    assert km_from(loc, 31.61, 65.71) < 10  # Kandahar city


def test_a_name_of_its_own_beats_an_alternate_name_of_a_town(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    loc = locate("Workers from Bihar staged a sit-in outside the station.", parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.precision) == ("Bihar", "region")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Soldiers raided the Jenin refugee camp at dawn.", "PSE"),
        ("In Kabul, a bomb exploded near a mosque.", "AFG"),
        # a town's name before a force's site ("the X Police station") names where it is
        ('Police said "officers of the Saravena Police station were fired upon".', "COL"),
        ("Gunmen overran the Kunduz Army base before dawn, officials said.", "AFG"),
    ],
)
def test_places_are_found_at_the_start_of_a_sentence_and_before_a_camp(
    parse: Parse, gazetteer: Gazetteer, text: str, country: str
) -> None:
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.country, loc.precision) == (country, "exact")


def test_a_village_abroad_is_not_taken_in_a_text_about_another_country(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "Shelling hit the village of Al-Bara, Syrian activists said; Syria's army denied it."
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert loc.country == "SYR"


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Workers protested in Vellore town (Vellore, TN) on Monday.", "Tamil Nadu"),
        ("Gunmen attacked a checkpoint in Bannu (Bannu, KPK).", "Khyber Pakhtunkhwa"),
    ],
)
def test_a_state_code_after_a_district_names_the_state(
    parse: Parse, gazetteer: Gazetteer, text: str, admin1: str
) -> None:
    (parsed,) = parse(text)
    assert [p.name for p in find_places(parsed, gazetteer)[-1].candidates] == [admin1]


@pytest.mark.parametrize(
    "text",
    [
        "Up to 50 people protested in Chennai.",
        "KABUL, Afghanistan (AP) - A bomb exploded in Kabul.",
        "A BJP MP protested in Bhopal.",
    ],
)
def test_short_words_and_codes_elsewhere_name_no_state(
    parse: Parse, gazetteer: Gazetteer, text: str
) -> None:
    found = [
        p for parsed in parse(text) for m in find_places(parsed, gazetteer) for p in m.candidates
    ]
    assert found  # the place itself is found
    assert not {"Uttar Pradesh", "Andhra Pradesh", "Madhya Pradesh"} & {p.name for p in found}


def test_a_name_the_tagger_mistakes_is_a_place_when_its_state_follows(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "On Monday, Carora, Lara state, saw drivers block the main road."
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert (loc.name, loc.admin1) == ("Carora", "Lara")


def test_a_place_told_by_its_direction_from_a_town_is_not_that_town(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    text = "Jets struck Sirwah district west of Marib town (Marib) late on Sunday."
    (parsed,) = parse(text)
    assert [m.relative for m in find_places(parsed, gazetteer)] == [False, True, False]
    loc = locate(text, parse, gazetteer)
    assert loc is not None
    assert loc.name == "Sirwah"


def test_a_misspelt_name_listed_after_a_place_is_looked_up_as_a_place(
    parse: Parse, gazetteer: Gazetteer
) -> None:
    # "A in X and B in Y": B is a listed place even when the tagger takes it for a person
    (parsed,) = parse("Shells fell on Tal Abyad in Raqqa and Maaret Nuaman in Idlib on Monday.")
    found = {p.name for m in find_places(parsed, gazetteer) for p in m.candidates}
    assert "Ma‘arrat an Nu‘mān" in found
