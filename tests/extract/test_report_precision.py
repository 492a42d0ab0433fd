"""Reading a whole report without reading an act twice or an act that was not one
(issue 11, precision), on sentences the tests write.

- an act told again by a pointing word with no place or day of its own ("this attack",
  "to counter the attack") is the act told before, however far back;
- what a run of fighting named as the backdrop did ("after weeks of clashes that
  drove families out", "an end to four days of clashes") is no event;
- a region owning a place the gazetteer lacks ("in Kherson's Xyz village") is where it
  happened; one owning a place it knows only says where that place is;
- a speaker named before and then by surname alone accuses in his own name ("Surname
  said X had committed 700 breaches"); a rights organization that condemns an act is the
  "it" that speaks next, not an armed group named before it.
"""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import Extractor
from truceline.schemas import ArticleInput, Document, Event

pytestmark = pytest.mark.slow

PUBLISHED = "2024-05-10"  # a Friday
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def read(extractor: Extractor, text: str) -> Document:
    return extractor.extract(ArticleInput(id="t", text=text, published=PUBLISHED))


def violent(doc: Document) -> list[Event]:
    return [e for e in doc.events if e.event_type in VIOLENT]


# Sentences with no act between an act and the word that points back to it.
BETWEEN = (
    " The talks are due to resume next week in a neutral capital, diplomats said."
    " Both delegations have promised to bring new proposals on prisoner exchanges."
    " Aid agencies have asked for safe corridors to reach the villages in the hills."
    " The mediators said they remained hopeful that a lasting settlement was within reach."
)


@pytest.mark.parametrize(
    ("act", "again"),
    [
        (
            "Rebels ambushed an army patrol near Kidal on Tuesday, killing three soldiers.",
            ' "This attack on our men shows their contempt for the accord," an army spokesman'
            " said.",
        ),
        (
            "A roadside bomb hit a police truck outside Popayan on Wednesday, the police said.",
            " Army units are now helping the police to counter the attack.",
        ),
        (
            "Militiamen raided a farm near Bunia on Monday and killed two herders, a local "
            "official said.",
            " The governor said that the attack would not go unpunished.",
        ),
    ],
)
def test_an_act_pointed_back_to_with_nothing_of_its_own_is_the_act_told_before(
    extractor: Extractor, act: str, again: str
) -> None:
    doc = read(extractor, act + BETWEEN + again)
    assert len(violent(doc)) == 1


def test_an_act_pointed_back_to_with_a_place_of_its_own_is_still_an_event(
    extractor: Extractor,
) -> None:
    text = (
        "Rebels ambushed an army patrol near Kidal on Tuesday, killing three soldiers."
        + BETWEEN
        + " A second attack hit a checkpoint in Gao on Thursday, officials said."
    )
    assert len(violent(read(extractor, text))) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "A truce was agreed in June after months of clashes that drove more than 50,000 "
        "villagers from the valley.",
        "The truce came after weeks of clashes that forced thousands of families from their "
        "homes in the hills.",
        "The deal, accepted by the navy and the insurgents on Friday, is meant to put a stop "
        "to four days of fighting around Sulu.",
        "Elders brokered the deal to put an end to three days of clashes between the two "
        "clans near Baidoa.",
        # acts named as a danger to keep people safe from
        "The government said it was sending 2,000 troops to the border to protect the local "
        "population from rebel attacks.",
        "Peacekeepers were deployed near Bunia to shield the camps from militia raids.",
    ],
)
def test_what_a_run_of_fighting_told_as_backdrop_did_is_no_event(
    extractor: Extractor, sentence: str
) -> None:
    doc = read(extractor, sentence + BETWEEN)  # a report, not a one-event note
    assert [e for e in doc.events if e.sub_event_type not in {"Ceasefire", "Agreement"}] == []


@pytest.mark.parametrize(
    ("sentence", "region"),
    [
        (
            "On Monday, rebels fired at army positions in Kalbajar's Zorbekli village, the "
            "ministry said.",
            "Kalbajar",
        ),
        ("Russian drones hit Kherson's Novo-Zoryanka village overnight on Monday.", "Kherson"),
        ("Government jets bombed Idlib's Kafr Zorbeh village on Monday, activists said.", "Idlib"),
    ],
)
def test_a_region_owning_an_unknown_place_is_where_it_happened(
    extractor: Extractor, sentence: str, region: str
) -> None:
    [event] = violent(read(extractor, sentence))
    assert event.location is not None
    assert region in event.location.name
    assert event.location.precision == "region"


def test_a_region_owning_a_known_district_only_says_where_the_district_is(
    extractor: Extractor,
) -> None:
    [event] = violent(read(extractor, "Artillery hit Kherson's Bilozerka district on Monday."))
    assert event.location is not None
    assert event.location.name == "Bilozerka"


def _speech(doc: Document, kind: str) -> list[Event]:
    return [e for e in doc.events if e.sub_event_type == kind]


@pytest.mark.parametrize(
    "said",
    [
        "Korolenko claimed that since the truce took effect late on Wednesday, Russia had "
        "committed 700 breaches.",
        "Korolenko said Russia had committed 700 violations of the truce since it began.",
    ],
)
def test_a_speaker_named_by_surname_alone_accuses_in_his_own_name(
    extractor: Extractor, said: str
) -> None:
    text = "Ukrainian Foreign Minister Andriy Korolenko said the talks were stalled. " + said
    [accusation] = _speech(read(extractor, text + BETWEEN), "Accusation")
    assert accusation.actor1 is not None
    assert accusation.actor1.country == "UKR"
    assert accusation.actor2 is not None
    assert accusation.actor2.country == "RUS"


def test_a_rights_group_that_condemns_an_act_is_the_it_that_speaks_next(
    extractor: Extractor,
) -> None:
    text = (
        "The Houthis said on Wednesday that their forces had shot down a drone over Marib.\n\n"
        "The Velmar rights organization condemned the attack on a crowded bus station, which "
        "it said drones had carried out. It warned that the truce was put at risk by the "
        'Houthis\' "flagrant breach".' + BETWEEN
    )
    [accusation] = _speech(read(extractor, text), "Accusation")
    assert accusation.actor1 is not None
    assert accusation.actor1.kind == "ngo"
    assert [c.kind for c in accusation.claimants] == ["ngo"]
    assert accusation.actor2 is not None
    assert "Houthi" in accusation.actor2.name


def test_a_day_a_span_began_is_not_carried_to_the_next_sentence(extractor: Extractor) -> None:
    text = (
        "On Monday, army troops shelled a paramilitary camp near Kassala, residents said.\n\n"
        "One witness said there was heavy fire near the airport, on the 40th day of a war "
        "that has killed 1,500 people since April 15.\n\n"
        "Another witness reported artillery blasts on a paramilitary camp in Omdurman.\n\n"
        "Markets in the provincial capital reopened after a week of heavy rain. Traders said "
        "prices of flour and cooking oil had risen sharply since the start of the month. The "
        "water board said repairs to the main pumping station would take another ten days. "
        "Schools in the district are due to reopen after the winter holiday, the education "
        "office said. Farmers have begun planting wheat on the plains south of the river. A "
        "new bus line links the market to the hospital on the eastern edge of town."
    )
    doc = extractor.extract(ArticleInput(id="t", text=text, published="2024-05-29"))
    dates = {e.location.name: e.date for e in violent(doc) if e.location is not None}
    assert dates["Kassala"] == "2024-05-27"
    assert dates["Omdurman"] == "2024-05-29"  # not the day the war began
