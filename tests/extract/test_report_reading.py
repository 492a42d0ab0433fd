"""Reading a whole report as an analyst would (issue 11), on sentences the tests write.

One test group per capability: lists of places, speech acts, acts without a classic
trigger, merging, scope, dates, who says it, actor names; and the two invariants every
report keeps (no event after publication, no toll above the one the text gives).
"""

from __future__ import annotations

import re

import pytest

from truceline.extract.pipeline import Extractor
from truceline.schemas import ArticleInput, Document, Event

pytestmark = pytest.mark.slow

PUBLISHED = "2024-05-10"  # a Friday


def read(extractor: Extractor, text: str, outlet: str | None = None) -> Document:
    article = ArticleInput(id="t", text=text, published=PUBLISHED, outlet=outlet)
    return extractor.extract(article)


def acts(doc: Document) -> list[Event]:
    """The events that are acts (not speech about them, not the truce itself)."""
    speech = {"Accusation", "Denial", "Ceasefire", "Sanctions"}
    return [e for e in doc.events if e.sub_event_type not in speech]


VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def violent(doc: Document) -> list[Event]:
    return [e for e in doc.events if e.event_type in VIOLENT]


def places(events: list[Event]) -> list[str]:
    return sorted(e.location.name for e in events if e.location is not None)


# -- 1. lists of places: one event per place ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian troops shelled the towns of Kupiansk and Izium on Tuesday, the regional "
            "governor said.",
            2,
        ),
        (  # a wider place after a listed one says where it is: no event of its own
            "Drones hit Nikopol in Dnipropetrovsk Oblast and the city of Kherson on Sunday, "
            "officials said.",
            2,
        ),
        (  # items with their own regions, the last with words before it
            "Moscow's defence ministry reported that its artillery shelled enemy positions close "
            "to Bilopillia in Sumy Oblast, at Izium in Kharkiv Oblast, and around a few hamlets "
            "of Luhansk Oblast on Thursday.",
            3,
        ),
    ],
)
def test_a_list_of_places_is_one_event_per_place(
    extractor: Extractor, text: str, expected: int
) -> None:
    events = acts(read(extractor, text))
    assert len(events) == expected
    assert len(set(places(events))) == expected
    assert all(e.location is not None and e.location.country == "UKR" for e in events)


# -- 5. scope: negation, modality, habits and tallies are no events -------------------------

# Sentences with no event, to make a report longer than a short note (over NOTE_WORDS:
# the typing model reads a short note as a whole and combines its reading with the rules').
FILLER = (
    " The talks are due to resume next week in a neutral capital, diplomats said."
    " Both delegations have promised to bring new proposals on prisoner exchanges."
    " Aid agencies have asked for safe corridors to reach the villages in the hills."
    " The mediators said they remained hopeful that a lasting settlement was within reach."
    " Observers from the regional body are expected to visit the line next month."
    " The parliament will debate the terms of the agreement on Tuesday."
    " Prices of bread and fuel have risen sharply in the markets of the capital."
    " Schools in the region reopened this week after a long closure."
    " Farmers in the valley said the harvest would be late this year because of the rains,"
    " and the ministry promised seed and credit before the planting season."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "No sounds of shelling were heard near Goris on Thursday, villagers said.",
        "Army units have carried out near-daily raids on villages in the district, a rights "
        "group said.",
        "The truce ended a long war that killed nearly 9,000 people in the province.",
        "Since then, more than 600 civilians have been killed in air strikes, a monitor said.",
        "Villages near Goris could come under fire if the talks fail, the governor said.",
        "Negotiators agreed to pull out the foreign troops who have been fighting in the region.",
        "The offensive came after months of fighting around the provincial capital.",
        "The rebels continue to send rockets and drones into the border towns, a retired "
        "diplomat said.",
        "The accord halted the war on the enclave, which has killed more than 30,000 people.",
        "It was the heaviest shelling in the valley since a raid in the spring left many dead.",
        "Since then, more than 900 civilians have been killed in raids by forces that broke "
        "an old truce and a second one agreed on May 9.",
        # a campaign told as going on up to now, not one act
        "The air force has continued to bomb the hill villages near Goris despite the truce, "
        "a monitor said.",
        "Militia units have intensified their raids on farms around Goris, residents say.",
        "All this comes at a time when the militia columns around Goris have stepped up "
        "offensives.",
        # ... even where the parser hangs the verb on the act's noun
        "The report comes as armed bands in Goris have increased assaults.",
        # ... or told as the means of a breach ("by continuing to bomb")
        "The rebels have broken the truce near Goris by continuing to bomb the farms, the "
        "army says.",
        # a toll estimated so far
        "The provincial council estimates that as many as 300 people have been killed "
        "around Goris.",
        # a date that names the truce is no day of the act's own
        "Jets have continued to bomb the valley near Goris despite the May 3 truce, a monitor "
        "said.",
        # the habit word on the verb the act's clause hangs from
        "Rebel units have been repeatedly violating the truce near Goris by resorting to heavy "
        "shelling, the army says.",
    ],
)
def test_an_act_out_of_scope_is_no_event(extractor: Extractor, sentence: str) -> None:
    doc = read(extractor, sentence + FILLER)
    assert violent(doc) == []


def test_what_a_campaign_has_done_since_a_past_year_is_no_event(extractor: Extractor) -> None:
    # a participle takes the tense of the clause it hangs on: a tally since 2021
    text = (
        "Since launching a drive in early 2021, the militia has taken wide areas near Goris, "
        "displacing tens of thousands of villagers."
    )
    assert read(extractor, text + FILLER).events == []


def test_a_clash_with_a_clause_of_its_own_is_still_an_event(extractor: Extractor) -> None:
    text = (
        "Two clans exchanged fire near Galkayo on Friday; one man died in the clash, which "
        "followed a dispute over land."
    )
    assert violent(read(extractor, text + FILLER))


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        ("Jets repeatedly bombed Kherson on Thursday, killing four people, officials said.", 4),
        ("The fighting on Monday has killed 12 soldiers near Goris, the ministry said.", 12),
    ],
)
def test_a_dated_act_told_with_a_habit_or_tally_word_is_still_an_event(
    extractor: Extractor, sentence: str, deaths: int
) -> None:
    [event] = acts(read(extractor, sentence + FILLER))
    assert event.fatalities == deaths


# -- 2. speech acts beside the act ----------------------------------------------------------


def test_an_act_told_as_a_breach_is_also_the_tellers_accusation(extractor: Extractor) -> None:
    text = (
        "Armenian troops shelled Tegh on Monday in violation of the truce, the Azerbaijani "
        "defence ministry said."
    )
    doc = read(extractor, text)
    [act] = acts(doc)
    [accusation] = [e for e in doc.events if e.sub_event_type == "Accusation"]
    assert act.status == "alleged"
    assert accusation.actor1 is not None
    assert accusation.actor1.country == "AZE"
    assert accusation.actor2 is not None
    assert accusation.actor2.country == "ARM"
    assert accusation.status == "asserted"


def test_unprovoked_fire_told_by_the_other_side_is_an_accusation(extractor: Extractor) -> None:
    text = (
        "A farmer was killed in unprovoked firing by Indian troops along the Line of Control, "
        "the Pakistani military said."
    )
    doc = read(extractor, text)
    [accusation] = [e for e in doc.events if e.sub_event_type == "Accusation"]
    assert accusation.actor1 is not None
    assert accusation.actor1.country == "PAK"
    assert len(acts(doc)) == 1  # the firing itself stays an event


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels described the accusations of shelling Goris as baseless lies on Monday.",
        "The ministry dismissed as false the reports alleging a violation of the truce by its "
        "troops near Goris on Monday.",
    ],
)
def test_a_claim_called_false_is_a_denial_not_an_accusation(
    extractor: Extractor, sentence: str
) -> None:
    speech = {e.sub_event_type for e in read(extractor, sentence + FILLER).events}
    assert "Denial" in speech
    assert "Accusation" not in speech


def test_a_short_paragraphs_statement_dated_apart_is_not_folded_into_a_later_one(
    extractor: Extractor,
) -> None:
    text = (
        "The army accused the rebels on Wednesday of shelling Goris. The rebels rejected it.\n\n"
        "In a statement late on Wednesday, the rebel group denied the shelling.\n\n"
        "On Friday, the rebels described the accusations as baseless lies in a second "
        "statement. The army did not comment."
    )
    denials = [e for e in read(extractor, text).events if e.sub_event_type == "Denial"]
    assert sorted(e.date for e in denials) == ["2024-05-08", "2024-05-10"]


def test_a_denied_act_is_also_a_denial_by_the_one_who_denies(extractor: Extractor) -> None:
    doc = read(extractor, "The ministry rejected the claim that its troops had shelled Tegh.")
    [denial] = [e for e in doc.events if e.sub_event_type == "Denial"]
    [act] = acts(doc)
    assert act.status == "denied"
    assert denial.actor1 is not None
    assert denial.actor1.kind == "government"


def test_a_person_telling_of_a_breach_makes_no_accusation_of_a_side(extractor: Extractor) -> None:
    text = (
        "Shells hit Tegh on Monday in violation of the truce, a retired professor told reporters."
    )
    doc = read(extractor, text)
    assert not [e for e in doc.events if e.sub_event_type == "Accusation"]


@pytest.mark.parametrize(
    "text",
    [
        "The Armenian army condemned the Azerbaijani forces for a third violation of the truce "
        "agreed on Monday.",
        "Yerevan blamed Azerbaijani troops for 40 breaches of the ceasefire over the weekend.",
        "The Armenian foreign ministry slammed Baku on Tuesday for yet another breach of the "
        "ceasefire.",
    ],
)
def test_a_side_reproached_with_a_breach_is_accused_without_the_verb_accuse(
    extractor: Extractor, text: str
) -> None:
    doc = read(extractor, text)
    [accusation] = [e for e in doc.events if e.sub_event_type == "Accusation"]
    assert accusation.actor1 is not None
    assert accusation.actor1.country == "ARM"
    assert accusation.actor2 is not None
    assert accusation.actor2.country == "AZE"


def test_an_act_called_a_breach_is_accused_once(extractor: Extractor) -> None:
    text = (
        "The Armenian ministry said Azerbaijani mortars hit Sotk on Monday, calling the attack "
        "a breach of the truce."
    )
    doc = read(extractor, text)
    [accusation] = [e for e in doc.events if e.sub_event_type == "Accusation"]
    assert accusation.actor2 is not None
    assert accusation.actor2.country == "AZE"
    assert len(acts(doc)) == 1


# -- 6. dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a relative date binds to its own clause, not to the truce's
        ("A truce agreed on Monday had held for days, but troops shelled Tegh, the ministry "
         "said on Thursday.", "2024-05-09"),
        ("In the past 24 hours, troops shelled Tegh 40 times, the ministry said.", "2024-05-09"),
        # a bare month and day is never after publication
        ("On December 28, troops shelled Tegh, the ministry said.", "2023-12-28"),
        # the truce's end to come does not date the act
        ("Troops shelled Tegh before the truce expires on Tuesday, the ministry said.",
         PUBLISHED),
    ],
)  # fmt: skip
def test_an_act_is_dated_by_its_own_clause(
    extractor: Extractor, sentence: str, expected: str
) -> None:
    [event] = acts(read(extractor, sentence))
    assert event.date == expected


def test_no_event_is_dated_after_publication(extractor: Extractor) -> None:
    text = (
        "Troops shelled Tegh on May 12 and again on Sunday, the ministry said. Talks are set "
        "for next Tuesday, and the truce expires on June 30. Fighting is expected to resume "
        "tomorrow near Goris."
    )
    doc = read(extractor, text)
    assert doc.events
    assert all(e.date is None or e.date <= PUBLISHED for e in doc.events)


# -- 7. who says it -----------------------------------------------------------------------


def test_an_official_named_with_his_region_speaks_for_its_country(extractor: Extractor) -> None:
    text = (
        "Russian missiles hit Kramatorsk overnight, said Ivan Petrenko, governor of the "
        "Donetsk region."
    )
    [event] = acts(read(extractor, text))
    assert [c.country for c in event.claimants] == ["UKR"]
    # the region of his office is not where the missiles hit
    assert event.location is not None
    assert event.location.name == "Kramatorsk"


def test_an_organisations_spokesperson_speaks_for_the_organisation(extractor: Extractor) -> None:
    text = (
        "The M23 movement said the army had broken the truce. Government forces shelled its "
        "positions in Masisi on Monday, the movement's spokesperson, Jean Kabila, said."
    )
    doc = read(extractor, text)
    shelling = next(e for e in acts(doc) if e.date == "2024-05-06")
    [claimant] = shelling.claimants
    assert (claimant.country, claimant.kind) == ("COD", "rebels")


def test_a_dateline_with_its_agency_is_no_part_of_who_accuses(extractor: Extractor) -> None:
    text = (
        "Baku (AFP).- Azerbaijan and Armenia blamed each other for breaking the truce on "
        "Wednesday, as tension mounted along the border." + FILLER
    )
    accusations = [e for e in read(extractor, text).events if e.sub_event_type == "Accusation"]
    sides = sorted(
        ((e.actor1.country, e.actor2.country) for e in accusations if e.actor1 and e.actor2),
        key=str,
    )
    assert sides == [("ARM", "AZE"), ("AZE", "ARM")]
    assert all(
        [c.country for c in e.claimants] == [e.actor1.country] for e in accusations if e.actor1
    )


# -- 8. not places: an attacker's nationality is not where its strike landed --------------


def test_a_strike_with_no_place_of_its_own_is_not_placed_in_the_attackers_country(
    extractor: Extractor,
) -> None:
    text = (
        "Israeli artillery shelled hills in south Lebanon on Monday, the army said.\n\n"
        "The truce between Israel and Hezbollah has held since November.\n\n"
        "On Tuesday an Israeli drone hit a car, killing its driver, the health ministry said."
    )
    [strike] = [e for e in acts(read(extractor, text)) if e.sub_event_type == "Air/drone strike"]
    assert strike.location is not None
    assert strike.location.country == "LBN"


@pytest.mark.parametrize(
    ("text", "far"),
    [
        (  # villages the gazetteer knows only in a province far from the front told
            "Separatist forces broke the truce in Donbas twice on Thursday, the army said. "
            "Shelling was recorded overnight outside the villages of Olesko and Pidkamin, the "
            "army said.",
            True,
        ),
        (  # the same village in a report on its own province is placed there
            "Unknown gunmen fired on a police post in Lviv Oblast on Thursday, police said. "
            "Rebels fired mortars at Pidkamin overnight, a spokesman said.",
            False,
        ),
    ],
)
def test_a_namesake_far_from_the_region_the_report_is_about_is_not_where_it_happened(
    extractor: Extractor, text: str, far: bool
) -> None:
    shelling = [e for e in acts(read(extractor, text)) if "Shelling" in e.sub_event_type]
    assert shelling
    in_lviv = [e for e in shelling if e.location is not None and e.location.admin1 == "Lviv"]
    assert (in_lviv == []) is far


# -- 4. merging: harm told of an act just told is that act's ------------------------------


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        (
            "Jets bombed a market in Kherson on Monday, officials said. The strikes killed four "
            "people, the governor said.",
            4,
        ),
        (
            "Drones struck a fuel depot near Kherson on Monday, officials said. Two guards were "
            "killed in this attack, the governor said.",
            2,
        ),
    ],
)
def test_harm_told_of_the_act_just_told_is_no_second_event(
    extractor: Extractor, text: str, deaths: int
) -> None:
    [event] = violent(read(extractor, text))
    assert event.fatalities == deaths


@pytest.mark.parametrize(
    "second",
    [
        # where the truce was signed
        "Fighting broke out again on Monday, hours after the signing of a truce in Istanbul, "
        "the army said.",
        # a state that brokered it acts, it is no place
        "Clashes erupted again on Monday despite a truce brokered by Qatar, officials said.",
        # a government named by its seat
        "Drones struck energy sites on Monday despite the Kiev regime's pledges, the ministry "
        "said.",
    ],
)
def test_a_place_that_names_an_agent_a_government_or_the_talks_is_not_where_it_happened(
    extractor: Extractor, second: str
) -> None:
    text = "Rebels shelled Goris on Sunday, the army said. " + second
    [monday] = [e for e in violent(read(extractor, text)) if e.date == "2024-05-06"]
    assert monday.location is not None
    assert monday.location.country == "ARM"


def test_a_place_told_as_a_distance_from_a_town_is_that_far_from_it(extractor: Extractor) -> None:
    text = (
        "Rebels killed 12 villagers on Monday in a hamlet about 70 km north of the "
        "city of Goma, the army said."
    )
    [attack] = violent(read(extractor, text))
    assert attack.location is not None
    assert attack.location.precision == "near"
    # Goma lies at about 1.68 S: 70 km north is about 0.63 degrees of latitude further north
    assert attack.location.latitude is not None
    assert -1.15 < attack.location.latitude < -0.95


# -- 9. actor names are noun phrases --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Jets struck six villages on Monday: Kafr Nabl, Hass and Binnish.", "Monday"),
        ("Fighting on Friday set members of the loyalist militia against rebels "
         "near Kidal.", "Friday"),
        ("Troops shelled the rebel-held enclave of Idlib Monday, a monitor said.", "Monday"),
        ("Aden - Houthi fighters attacked army positions in Taiz on Sunday, officials said.",
         "Aden -"),
    ],
)  # fmt: skip
def test_an_actor_name_is_a_noun_phrase_not_a_clause_fragment(
    extractor: Extractor, text: str, fragment: str
) -> None:
    doc = read(extractor, text)
    names = [
        a.name for e in doc.events for a in (e.actor1, e.actor2, *e.claimants) if a is not None
    ]
    assert names
    assert not [n for n in names if fragment in n or ":" in n]


# -- invariant: no event has more deaths than the text gives for its act --------------------


def _numbers(text: str) -> list[int]:
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    found = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]
    return found + [v for w, v in words.items() if re.search(rf"\b{w}\b", text, re.I)]


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("Shelling killed three people in Tegh on Monday, in a war that has killed 4,000 "
         "people since 2020.", 3),
        ("An air strike on Goris on Tuesday killed two civilians, bringing the death toll "
         "since the truce to 85, officials said.", 2),
        ("Rebels attacked an army post near Goris on Sunday, killing four soldiers; the "
         "conflict has killed more than 3,000 people.", 4),
    ],
)  # fmt: skip
def test_an_event_has_the_deaths_of_its_own_act_not_a_tally(
    extractor: Extractor, text: str, deaths: int
) -> None:
    [event] = acts(read(extractor, text))
    assert event.fatalities == deaths


def test_no_event_has_more_deaths_than_any_figure_of_its_evidence(extractor: Extractor) -> None:
    text = (
        "Drones hit Nikopol and Marhanets on Monday, killing five people, the governor said. "
        "The war has killed more than 10,000 civilians. A mortar attack on Tegh on Tuesday "
        "killed two soldiers, the ministry said."
    )
    doc = read(extractor, text)
    assert doc.events
    for event in doc.events:
        if event.fatalities:
            figures = [n for n in _numbers(event.evidence.text) if n < 1900]
            assert event.fatalities <= max(figures)
    assert sum(e.fatalities or 0 for e in doc.events) <= 5 + 2


# -- 3. acts without a classic trigger ----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Two soldiers were martyred in the Kotli sector on Monday, the Pakistani military said.",
        "Forward posts in the Kotli sector came under fire from Indian troops on Wednesday, "
        "the Pakistani military said.",
        "The army launched an offensive on rebel positions near Masisi on Sunday.",
        "The ministry said its troops had struck enemy units near Vuhledar on Monday.",
    ],
)
def test_an_act_told_without_a_classic_trigger_is_an_event(
    extractor: Extractor, sentence: str
) -> None:
    assert violent(read(extractor, sentence + FILLER))


def test_victims_told_without_their_auxiliary_are_no_mob(extractor: Extractor) -> None:
    text = (
        "Officials said two civilians were killed and four people wounded, among them three "
        "soldiers." + FILLER
    )
    events = violent(read(extractor, text))
    assert events
    assert all(e.event_type != "Riots" for e in events)
    assert all(e.actor1 is None or e.actor1.kind != "rioters" for e in events)


def test_striking_a_deal_is_no_act_of_violence(extractor: Extractor) -> None:
    assert not violent(read(extractor, "The two armies struck a deal on Monday." + FILLER))


def test_last_weekday_said_on_that_weekday_is_a_week_before(extractor: Extractor) -> None:
    # PUBLISHED is a Friday
    [event] = acts(read(extractor, "Troops shelled Tegh last Friday, the ministry said."))
    assert event.date == "2024-05-03"


def test_a_local_office_holder_belongs_to_the_country_of_the_places_told(
    extractor: Extractor,
) -> None:
    text = (
        "Despite the truce, the Russian army shelled the outskirts of Zaporizhzhia early on "
        "Sunday, said city council secretary Ivan Petrenko."
    )
    [event] = acts(read(extractor, text))
    assert [c.country for c in event.claimants] == ["UKR"]


def test_he_also_said_is_the_speaker_named_before(extractor: Extractor) -> None:
    text = (
        "The Azerbaijani defence ministry said Armenian forces shelled Tegh on Monday. It also "
        "said Armenian troops fired on Kapan on Tuesday."
    )
    events = acts(read(extractor, text))
    assert len(events) == 2
    assert all([c.country for c in e.claimants] == ["AZE"] for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Four people died when Israeli jets bombed a house in Khan Younis on Friday, medics said.",
        # a town with a namesake across the border: where the sentence's places resolve
        "An Israeli drone wounded two fishermen in Rafah on Friday, a medical source said.",
        "Two boys were hurt by Israeli fire in Jabalia on Friday, doctors at the hospital said.",
    ],
)
def test_medics_speak_from_where_the_act_happened_not_for_the_attackers_side(
    extractor: Extractor, text: str
) -> None:
    [event] = acts(read(extractor, text))
    [claimant] = event.claimants
    assert claimant.country == "PSE"
    assert claimant.group() not in {"state", "armed"}


def test_an_act_told_as_also_done_goes_on_with_the_account_before_it(
    extractor: Extractor,
) -> None:
    text = (
        "Russian shelling killed two people in Nikopol on Monday, the regional governor said.\n"
        "A drone attack on Marhanets also wounded a firefighter."
    )
    events = acts(read(extractor, text))
    assert len(events) == 2
    assert all([c.country for c in e.claimants] == ["UKR"] for e in events)
    assert all(e.status == "alleged" for e in events)


@pytest.mark.parametrize(
    ("text", "outlet", "reporters"),
    [
        # the article's own agency is never a reporter
        ("Troops shelled Tegh on Monday, the ministry told Reuters.", "Reuters", []),
        # an outlet the text cites is a reporter, not the claimant when a source is named
        ("Troops shelled Tegh on Monday, the ministry said, according to Reuters.", None,
         ["Reuters"]),
    ],
)  # fmt: skip
def test_an_outlet_reports_and_the_named_source_claims(
    extractor: Extractor, text: str, outlet: str | None, reporters: list[str]
) -> None:
    [event] = acts(read(extractor, text, outlet=outlet))
    assert event.reporters == reporters
    assert [c.kind for c in event.claimants] == ["government"]


@pytest.mark.parametrize(
    "text",
    [
        "Witnesses in the capital said jets bombed the airport of Yerevan on Sunday.",
        "Sources said fighting resumed near Goris on Monday.",
    ],
)
def test_witnesses_and_unnamed_sources_are_not_the_state(extractor: Extractor, text: str) -> None:
    [event] = acts(read(extractor, text))
    assert event.claimants
    assert all(c.kind not in {"government", "state_forces"} for c in event.claimants)


def test_the_filler_makes_a_report_not_a_note():
    from truceline.extract.typer import NOTE_WORDS

    assert len(("Shots were fired." + FILLER).split()) > NOTE_WORDS
