"""Country lookups: names, codes, demonyms, capitals, centroids, countries named in text."""

from __future__ import annotations

import pytest

from truceline.countries import (
    all_countries,
    countries_in_text,
    country_centroid,
    country_name,
    country_of_capital,
    country_of_demonym,
    iso3,
    name_key,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("AZ", "AZE"),
        ("AZE", "AZE"),
        ("Azerbaijan", "AZE"),
        ("Republic of Azerbaijan", "AZE"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("UK", "GBR"),
        ("Syria", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("Russia", "RUS"),
        ("DR Congo", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("the Gambia", "GMB"),
        ("Côte d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Burma", "MMR"),
        ("Kosovo", "XKX"),
        ("Türkiye", "TUR"),
        ("Palestine", "PSE"),
    ],
)
def test_iso3_reads_codes_names_and_aliases(value: str, expected: str) -> None:
    assert iso3(value) == expected


@pytest.mark.parametrize("value", ["", "Atlantis", "Hezbollah", "XYZ"])
def test_iso3_is_none_for_what_is_no_country(value: str) -> None:
    assert iso3(value) is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Azerbaijani", "AZE"),
        ("Azeri", "AZE"),
        ("Armenian", "ARM"),
        ("Israeli", "ISR"),
        ("Israelis", "ISR"),
        ("Syrian", "SYR"),
        ("Ukrainian", "UKR"),
        ("Congolese", "COD"),
        ("Emirati", "ARE"),
        ("Palestinians", "PSE"),
        ("British", "GBR"),
        ("Filipino", "PHL"),
    ],
)
def test_demonyms_name_their_country(word: str, expected: str) -> None:
    assert country_of_demonym(word) == expected


def test_words_that_are_no_demonym_give_none() -> None:
    assert country_of_demonym("Kurdish") is None
    assert country_of_demonym("government") is None


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        ("Baku", "AZE"),
        ("Kiev", "UKR"),
        ("Kyiv", "UKR"),
        ("Moscow", "RUS"),
        ("Sana'a", "YEM"),
        ("Sanaa", "YEM"),
        ("N'Djamena", "TCD"),
        ("Yaounde", "CMR"),
        ("Damascus", "SYR"),
    ],
)
def test_capitals_in_their_spellings_name_their_country(capital: str, expected: str) -> None:
    assert country_of_capital(capital) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("SYR", "Syria"),
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("COD", "DR Congo"),
        ("MKD", "North Macedonia"),
        ("XKX", "Kosovo"),
        ("syr", "Syria"),
    ],
)
def test_country_name_is_the_common_short_name(code: str, expected: str) -> None:
    assert country_name(code) == expected


def test_country_name_of_an_unknown_code_is_none() -> None:
    assert country_name("QQQ") is None


def test_centroids_come_with_every_sovereign_country() -> None:
    assert country_centroid("AZE") == (40.5, 47.5)
    missing = [
        c for c in ("SYR", "UKR", "PSE", "XKX", "YEM", "SSD", "COD") if not country_centroid(c)
    ]
    assert missing == []
    assert country_centroid("QQQ") is None
    assert len(all_countries()) >= 249


def test_countries_in_text_counts_names_demonyms_and_capitals() -> None:
    text = (
        "Azerbaijani troops shelled a village, Armenia's defence ministry said on Monday. "
        "Officials in Baku denied it, and Moscow called on both sides to respect the truce. "
        "Armenian officials repeated the claim."
    )
    assert countries_in_text(text) == {"AZE": 2, "ARM": 2, "RUS": 1}


def test_countries_in_text_prefers_the_longest_name() -> None:
    found = countries_in_text("Talks between South Sudan and Sudan, and Guinea-Bissau.")
    assert found == {"SSD": 1, "SDN": 1, "GNB": 1}


@pytest.mark.parametrize(
    "text",
    [
        "The turkey was roasted.",  # lower case is no country
        "Protesters in Tripoli blocked roads.",  # Libya's capital and Lebanon's second city
        "The price of the US dollar rose again.",  # the currency, not the country
    ],
)
def test_countries_in_text_ignores_ambiguous_forms(text: str) -> None:
    assert countries_in_text(text) == {}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sana'a", "Sanaa"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("Şəki", "Seki"),
        ("U.S.", "US"),
        ("Łódź", "Lodz"),
    ],
)
def test_name_keys_ignore_case_accents_and_punctuation(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)
