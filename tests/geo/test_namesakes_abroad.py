"""A town named like a city of a country the report never names, far from every region the
report names for sure, is a namesake: the report's own village is missing from the
gazetteer, not the event abroad. Texts are the project's own."""

from __future__ import annotations

import pytest

from truceline.countries import countries_in_text
from truceline.geo.locations import find_places, resolve_location

pytestmark = pytest.mark.slow

FRONT = (
    "Azerbaijani forces shelled positions in the Kalbajar district on Sunday, officials in "
    "Baku said. "
)


@pytest.mark.parametrize(
    ("sentence", "abroad"),
    [
        ("Shells also fell on Kut overnight, a village head said.", "IRQ"),
        ("A barn burned in Kut after the shelling, residents said.", "IRQ"),
    ],
)
def test_a_big_namesake_in_a_country_never_named_is_not_the_place(
    parse, gazetteer, sentence, abroad
):
    text = FRONT + sentence
    parsed = parse(text)
    nearby = [m for p in parsed for m in find_places(p, gazetteer)]
    own = find_places(parsed[-1], gazetteer)
    assert any(p.country == abroad for m in own for p in m.candidates)  # the namesake exists
    loc = resolve_location(own, countries_in_text(text), nearby=nearby)
    assert loc is None or loc.country != abroad


def test_a_big_city_of_a_country_the_report_names_is_still_found(parse, gazetteer):
    text = FRONT + "Iraq said a rocket hit Kut, far to the south."
    parsed = parse(text)
    nearby = [m for p in parsed for m in find_places(p, gazetteer)]
    loc = resolve_location(
        find_places(parsed[-1], gazetteer), countries_in_text(text), nearby=nearby
    )
    assert loc is not None
    assert loc.country == "IRQ"
