"""Who did it and what it was, when a report names the side by its fire or its words:
"killed by Russian strikes", "Hezbollah said it fired", "rebels seized Kidal, residents
said". Real spaCy; the sentences are the project's own."""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import Extractor
from truceline.extract.sides import names_people
from truceline.schemas import ArticleInput, Event

pytestmark = pytest.mark.slow


def only_act(extractor: Extractor, text: str) -> Event:
    doc = extractor.extract(ArticleInput(id="t", text=text, published="2024-05-10"))
    speech = {"Accusation", "Denial", "Ceasefire"}
    acts = [e for e in doc.events if e.sub_event_type not in speech]
    assert len(acts) == 1, [e.sub_event_type for e in doc.events]
    return acts[0]


@pytest.mark.parametrize(
    ("text", "sub", "country"),
    [
        ("Four farmers were killed by Russian strikes near Kupiansk on Tuesday.",
         "Air/drone strike", "RUS"),
        ("Three civilians died in Turkish strikes on villages near Qamishli on Sunday.",
         "Air/drone strike", "TUR"),
        ("A boy was killed by Israeli fire in Rafah on Monday, medics said.", "Attack", "ISR"),
    ],
)  # fmt: skip
def test_the_side_that_fired_is_the_one_named_before_its_fire(extractor, text, sub, country):
    act = only_act(extractor, text)
    assert act.sub_event_type == sub
    assert act.actor1 is not None
    assert act.actor1.country == country
    assert act.actor1.kind == "state_forces"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Hezbollah said it fired rockets at an army post in Metula on Sunday.", "Hezbollah"),
        ("The rebels said they shot down an army helicopter near Kidal on Monday.", "rebels"),
    ],
)
def test_a_side_that_reports_its_own_act_did_it(extractor, text, who):
    act = only_act(extractor, text)
    assert act.actor1 is not None
    assert who in act.actor1.name


@pytest.mark.parametrize(
    "text",
    [
        "Jihadists seized Menaka on Sunday after the army withdrew, officials said.",
        "M23 rebels seized the town of Rubaya in North Kivu on Tuesday, residents said.",
    ],
)
def test_a_place_seized_is_a_takeover_by_the_side_that_seized_it(extractor, text):
    act = only_act(extractor, text)
    assert act.sub_event_type == "Non-state actor overtakes territory"
    assert act.actor1 is not None
    assert act.actor1.kind == "rebels"
    assert act.typing is not None
    assert act.typing.rules[0] == "lemma:seize"  # the verb typed it, not the note's model


def test_goods_seized_are_no_takeover(extractor):
    act = only_act(extractor, "Police seized two rifles and ammunition in a raid on Monday.")
    assert act.sub_event_type == "Disrupted weapons use"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("The TTP took responsibility for a suicide attack on a police post in Bannu on Sunday.",
         "Tehrik-i-Taliban Pakistan"),
        # a short note in 2024: ACLED's name for them ("Military Forces of Yemen (2017-)
        # Houthi", data/acled_actor_conventions.yaml)
        ("The Houthis claimed responsibility for a drone attack on a cargo ship on Monday.",
         "Houthi"),
    ],
)  # fmt: skip
def test_whoever_claims_an_act_is_its_author(extractor, text, who):
    act = only_act(extractor, text)
    assert act.actor1 is not None
    assert who in act.actor1.name


def test_a_bombing_by_a_group_with_no_aircraft_is_a_planted_device(extractor):
    act = only_act(extractor, "Rebels bombed a bridge on the highway to Gao on Monday.")
    assert act.sub_event_type == "Remote explosive/landmine/IED"
    jets = only_act(extractor, "Government jets bombed rebel positions near Idlib on Monday.")
    assert jets.sub_event_type == "Air/drone strike"


def test_land_seized_from_a_family_is_no_takeover(extractor):
    text = (
        "Unknown gunmen seized a farmer's land in the east of the district "
        "and kidnapped his two sons."
    )
    act = only_act(extractor, text)
    assert act.sub_event_type == "Abduction/forced disappearance"


def test_a_mediator_named_beside_the_fighting_is_no_side_of_it(extractor):
    text = "Fighting flared near the airport on Monday, days after a truce brokered by Qatar."
    doc = extractor.extract(ArticleInput(id="t", text=text, published="2024-05-10"))
    sides = [a for e in doc.events if e.sub_event_type != "Ceasefire" for a in (e.actor1, e.actor2)]
    assert all(a is None or (a.name, a.kind) != ("Qatar", "state_forces") for a in sides)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, shelling damaged three houses in the border village, the local governor said.",
        "Overnight, mortar fire hit a school in the district, the regional police chief said.",
    ],
)
def test_the_official_who_reports_an_act_is_not_its_agent(extractor, text):
    act = only_act(extractor, text)
    assert act.actor1 is None or not {"governor", "chief"} & set(act.actor1.name.lower().split())
    assert act.claimants, "the official is who says it"


def test_the_subject_of_a_clause_with_its_conjunction_still_acts():
    from truceline.extract.nlp import load_pipeline
    from truceline.extract.parse_roles import reported_before

    doc = load_pipeline()("After shelling the town, the army said it had taken the hill.")
    shelling = next(t for t in doc if t.text == "shelling")
    assert not reported_before(shelling)


def test_a_subject_told_before_the_act_stays_its_agent(extractor):
    act = only_act(
        extractor,
        "On Monday, members of an armed group, stationed in the hills, fired at army posts "
        "in the village of Tala, the ministry reported.",
    )
    assert act.actor1 is not None
    assert "group" in act.actor1.name.lower()


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Early on Sunday, Russians shelled a hospital in Kherson, the governor said.", "RUS"),
        ("The Azerbaijanis fired on a border post near Tavush on Friday, the ministry said.",
         "AZE"),
    ],
)  # fmt: skip
def test_a_people_named_as_the_side_that_fires_is_its_forces(extractor, text, country):
    act = only_act(extractor, text)
    assert act.actor1 is not None
    assert (act.actor1.country, act.actor1.kind) == (country, "state_forces")


def test_a_people_that_protests_stays_a_crowd(extractor):
    act = only_act(extractor, "Israelis protested in Tel Aviv on Saturday against the reform.")
    assert act.actor1 is not None
    assert act.actor1.kind == "protesters"


def test_the_writer_of_a_report_is_neither_side(extractor):
    act = only_act(
        extractor,
        "During the night the Ukrainians launched four drone strikes on Belgorod, the "
        "regional governor wrote.",
    )
    for actor in (act.actor1, act.actor2):
        assert actor is None or "governor" not in actor.name


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # a member of a criminal armed organisation killed by its rivals: a fight between
        # armed groups in ACLED's reading, however one-sided
        ("A member of a drug trafficking network was shot dead by rivals in Cuiaba on Monday.",
         "Armed clash"),
        ("Gunmen killed a known arms trafficker outside a bar in Tanga town on Friday.",
         "Armed clash"),
        ("Two bandits were killed by a vigilante group near Dutsin village on Sunday.",
         "Armed clash"),
        # a member of a civilian organisation is a civilian
        ("A member of a farmers' association was shot dead by gunmen in Tanga town on Friday.",
         "Attack"),
    ],
)  # fmt: skip
def test_members_of_criminal_armed_groups_are_armed(extractor, text, sub):
    assert only_act(extractor, text).sub_event_type == sub


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Gunmen raped two women from a camp for the displaced near Kutum on Monday.", True),
        ("Soldiers beat the displaced in Kutum on Monday, residents said.", True),
        ("Thousands of displaced from the camp marched to the governor's office.", True),
        ("The fighting in Kutum displaced 3,000 people on Monday.", False),
        ("Some 2,000 families were displaced from Kutum by the fighting.", False),
    ],
)
def test_the_displaced_named_as_people_is_no_flight(nlp, text: str, people: bool):
    displaced = next(t for t in nlp(text) if t.lower_ == "displaced")
    assert names_people(displaced) is people
