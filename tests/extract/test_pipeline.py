"""Whole-pipeline behaviour on short reports the tests write (real spaCy and gazetteer)."""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import CHARGED_RULE, Extractor
from truceline.schemas import ArticleInput, Document

pytestmark = pytest.mark.slow


def read(extractor: Extractor, text: str, outlet: str | None = None) -> Document:
    article = ArticleInput(id="t", text=text, published="2021-03-04", outlet=outlet)
    return extractor.extract(article)


def test_an_unnamed_spokesperson_belongs_to_the_country_of_the_places_reported(
    extractor: Extractor,
) -> None:
    # Pakistan is named more often, but the places of the report are in India.
    text = (
        "Mortar shells hit forward posts near Srinagar and Kupwara on Thursday, a defence "
        "spokesperson said. Pakistan fired mortars along the Line of Control, he said, and "
        "Pakistan was given a befitting response. Pakistan denied it."
    )
    doc = read(extractor, text)
    shelling = next(e for e in doc.events if e.sub_event_type.startswith("Shelling"))
    assert [c.country for c in shelling.claimants] == ["IND"]
    assert shelling.location is not None
    assert shelling.location.country == "IND"


def test_an_event_without_a_place_takes_the_place_of_the_sentence_before(
    extractor: Extractor,
) -> None:
    text = (
        "On 5 March 2021, inspectors visited a market in Campinas, Sao Paulo state. Two "
        "traders were arrested."
    )
    doc = read(extractor, text)
    arrests = next(e for e in doc.events if e.sub_event_type == "Arrests")
    assert arrests.location is not None
    assert arrests.location.name == "Campinas"


@pytest.mark.parametrize(
    "sentence",
    [
        "The war has killed more than 3,000 fighters and displaced over 50,000 residents in "
        "Benghazi.",
        "The war has displaced millions of Syrians since 2011.",
    ],
)
def test_a_running_toll_of_the_whole_conflict_is_no_event(
    extractor: Extractor, sentence: str
) -> None:
    assert read(extractor, sentence).events == []


def test_a_dated_toll_is_still_an_event(extractor: Extractor) -> None:
    doc = read(extractor, "Fighting in Tripoli has killed 20 people since Sunday.")
    assert [e.fatalities for e in doc.events] == [20]


def test_a_future_flight_of_displaced_people_is_no_event(extractor: Extractor) -> None:
    doc = read(extractor, "Many of the displaced families will flee to the coast.")
    assert doc.events == []


def test_a_place_the_parser_joins_to_a_weekday_still_locates_the_event(
    extractor: Extractor,
) -> None:
    doc = read(
        extractor,
        "Regime artillery fire on the opposition-held pocket of Idlib Monday left at least "
        "five people dead, monitors said.",
    )
    (event,) = doc.events
    assert event.location is not None
    assert event.location.admin1 == "Idlib"


# A report long enough not to be a note (`typer.NOTE_WORDS`): background that tells no act.
_BACKGROUND = " ".join(
    ["Talks between the two sides are due to resume in the capital next month."] * 12
)


def test_in_a_report_an_act_only_charged_without_a_place_is_the_accusation_alone(
    extractor: Extractor,
) -> None:
    text = f"The army on Thursday accused the rebels of killing 50 civilians. {_BACKGROUND}"
    doc = read(extractor, text)
    assert [e.sub_event_type for e in doc.events] == ["Accusation"]


@pytest.mark.parametrize(
    ("note", "act", "accused"),
    [
        ("The army on Thursday accused the rebels of killing 50 civilians.", "Attack", "rebels"),
        (
            "Villagers accused soldiers of raping two women near Wandabu last week.",
            "Sexual violence",
            "soldiers",
        ),
        (
            "The opposition accused government troops of burning homes in Wandabu.",
            "Looting/property destruction",
            "government troops",
        ),
    ],
)
def test_a_note_that_tells_an_act_only_as_a_charge_is_about_that_act(
    extractor: Extractor, note: str, act: str, accused: str
) -> None:
    # a note tells one event, as ACLED writes them: the act charged, by the one accused,
    # alleged by the accuser; the accusation stays beside it
    doc = read(extractor, note)
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == act
    assert primary.status == "alleged"
    assert primary.actor1 is not None
    assert primary.actor1.name == accused
    assert primary.typing is not None
    assert CHARGED_RULE in primary.typing.rules
    assert "Accusation" in [e.sub_event_type for e in doc.events]


def test_a_note_that_blames_an_act_on_a_side_is_about_the_act(extractor: Extractor) -> None:
    doc = read(extractor, "A grenade attack on a bar in Wandabu was blamed on militants.")
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == "Grenade"


def test_a_note_that_accuses_a_side_of_no_act_is_the_accusation_alone(
    extractor: Extractor,
) -> None:
    doc = read(extractor, "The opposition party accused the governor of corruption and nepotism.")
    assert [e.sub_event_type for e in doc.events] == ["Accusation"]


def test_an_act_the_accusation_places_is_an_event_of_its_own(extractor: Extractor) -> None:
    doc = read(
        extractor,
        "Armenia accused Azerbaijan of shelling the village of Tegh in Syunik on Sunday.",
    )
    shelling = next(e for e in doc.events if e.sub_event_type.startswith("Shelling"))
    assert shelling.status == "alleged"
    assert shelling.location is not None
    assert shelling.location.country == "ARM"


def test_an_act_someone_is_accused_of_with_no_accuser_named_is_the_event(
    extractor: Extractor,
) -> None:
    doc = read(extractor, "Soldiers in Mopti are accused of beating a fisherman.")
    attack = next(e for e in doc.events if e.sub_event_type == "Attack")
    assert attack.location is not None
    assert attack.location.name == "Mopti"


def test_the_province_named_beside_a_town_stays_with_it(extractor: Extractor) -> None:
    doc = read(
        extractor,
        "On 5 March 2021, in Mexicali, Baja California, a shopkeeper was shot dead by masked men.",
    )
    (event,) = doc.events
    assert event.location is not None
    assert (event.location.name, event.location.country) == ("Mexicali", "MEX")


def test_the_dateline_city_is_not_where_things_happened(extractor: Extractor) -> None:
    doc = read(
        extractor,
        "KYIV, March 4 (Reuters) - Officials met on Monday to discuss a truce.\n\n"
        "Thousands of residents fled villages near the border, local officials said.",
    )
    (event,) = doc.events
    assert event.sub_event_type == "Displacement"
    assert event.location is None or "Kyiv" not in event.location.name


def test_in_a_headline_the_one_accused_of_breaking_a_truce_is_not_the_accuser(
    extractor: Extractor,
) -> None:
    doc = read(extractor, "Rebels accused of breaking truce with attack on army post")
    accusation = next(e for e in doc.events if e.sub_event_type == "Accusation")
    assert accusation.actor1 is None
    assert accusation.actor2 is not None
    assert accusation.actor2.name == "Rebels"
    assert accusation.claimants == []


def test_a_told_attack_referred_to_again_is_one_event(extractor: Extractor) -> None:
    doc = read(
        extractor,
        "Two soldiers were killed on Tuesday when guerrillas attacked a base in Tame, Arauca, "
        "the army said.\n\nThe attack came a month after the government and the ELN began a "
        "ceasefire on 3 February. The ELN has not commented on the attack. The president "
        "condemned the killings.",
    )
    violent = [e for e in doc.events if e.event_type != "Strategic developments"]
    assert len(violent) == 1
    assert violent[0].fatalities == 2
    (truce,) = doc.ceasefires
    assert {p.kind for p in truce.parties} == {"government", "rebels"}


def test_a_note_the_typer_reads_as_no_event_records_none(extractor: Extractor) -> None:
    # a note ACLED would not code (a bridge opened): the model reads no event, and no
    # catch-all event is made up for it (the catch-all is for notes the model reads as
    # neither an act nor no event)
    note = (
        "On 3 March 2021, a new bridge over the river at Tamba was opened to traffic by "
        "the minister of works."
    )
    assert read(extractor, note).events == []


@pytest.mark.parametrize(
    "text",
    [
        "The foreign ministers of both countries will meet in Geneva next week to discuss "
        "trade and visas.",
        "The central bank raised its key interest rate by half a point on Tuesday.",
    ],
)
def test_a_short_text_the_typer_reads_as_no_event_makes_up_none(
    extractor: Extractor, text: str
) -> None:
    # a feed item's summary is as short as a note: what the model reads as no event
    # (diplomacy without an act, the economy) gives no event, not ACLED's catch-all
    assert read(extractor, text).events == []


def test_a_note_that_tells_a_flight_is_about_the_act_that_caused_it(
    extractor: Extractor,
) -> None:
    # the raid has no place the gazetteer knows; the flight told after it is not the event
    doc = read(
        extractor, "Gunmen raided a food store in Wandabu and stole grain. Residents fled the area."
    )
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == "Looting/property destruction"
    assert "Displacement" in [e.sub_event_type for e in doc.events]


def test_a_note_of_a_flight_alone_is_the_flight(extractor: Extractor) -> None:
    doc = read(extractor, "Thousands of residents fled Wandabu on Monday.")
    assert [e.sub_event_type for e in doc.events] == ["Displacement"]
