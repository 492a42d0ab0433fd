from collections import Counter

import pytest

from truceline.extract.merge import Reading, is_anaphoric, merge_repeats, split_reciprocal
from truceline.extract.primary import choose_primary
from truceline.schemas import Actor, Event, Evidence, Location

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
TEGH = Location(name="Tegh", country="ARM", latitude=39.56, longitude=46.48, precision="exact")
GORIS = Location(name="Goris", country="ARM", latitude=39.51, longitude=46.34, precision="exact")
FAR = Location(name="Gyumri", country="ARM", latitude=40.79, longitude=43.85, precision="exact")
AZE_ARMY = Actor(name="Azerbaijani army", country="AZE", kind="state_forces")


def _event(
    text,
    *,
    kind=SHELLING,
    date="2024-03-04",
    location=None,
    fatalities=None,
    actor1=None,
    claimants=(),
    status="asserted",
):
    return Event(
        id="e",
        event_type=kind[0],
        sub_event_type=kind[1],
        date=date,
        location=location,
        fatalities=fatalities,
        actor1=actor1,
        claimants=list(claimants),
        status=status,
        evidence=Evidence(text=text, start=0, end=len(text)),
    )


def test_same_act_told_twice_is_one_event_with_both_details():
    a = Reading(
        _event("Troops shelled Tegh.", location=TEGH, actor1=AZE_ARMY), 0, 0, own_place=True
    )
    b = Reading(
        _event("Shelling near Tegh killed two.", location=GORIS, fatalities=2), 1, 0, own_place=True
    )
    [ev] = merge_repeats([a, b])
    assert (ev.fatalities, ev.actor1) == (2, AZE_ARMY)


def test_acts_far_apart_stay_two_events():
    a = Reading(_event("Shelling in Tegh.", location=TEGH), 0, 0, own_place=True)
    b = Reading(_event("Shelling in Gyumri.", location=FAR), 1, 0, own_place=True)
    assert len(merge_repeats([a, b])) == 2


def test_anaphoric_mention_folds_into_the_act_it_points_to():
    a = Reading(_event("Troops shelled Tegh.", location=TEGH), 0, 0, own_place=True)
    b = Reading(_event("Two soldiers died in the shelling.", fatalities=2), 1, 0, anaphoric=True)
    [ev] = merge_repeats([a, b])
    assert ev.fatalities == 2


def test_placeless_report_of_another_incident_is_kept():
    a = Reading(_event("Troops shelled Tegh.", location=TEGH, fatalities=1), 0, 0, own_place=True)
    b = Reading(_event("In another incident, shelling killed two women.", fatalities=2), 1, 0)
    assert len(merge_repeats([a, b])) == 2


def test_headline_event_folds_into_the_body_event():
    head = Reading(_event("Shelling breaks truce"), 0, 0)
    body = Reading(_event("Troops shelled Tegh.", location=TEGH), 1, 1, own_place=True)
    [ev] = merge_repeats([head, body], headline={0})
    assert ev.evidence.text == "Troops shelled Tegh."


def test_claimants_of_a_differently_told_mention_are_not_mixed_in():
    mod = Actor(name="MoD", country="ARM", kind="government")
    a = Reading(_event("Shelling hit Tegh.", location=TEGH), 0, 0, own_place=True)
    b = Reading(
        _event("The MoD said Tegh was shelled.", location=TEGH, claimants=[mod], status="alleged"),
        1,
        0,
        own_place=True,
    )
    [ev] = merge_repeats([a, b])
    assert (ev.status, ev.claimants) == ("asserted", [])


def test_a_told_act_keeps_its_claimant_when_the_other_side_tells_it_again():
    mod = Actor(name="Armenian MoD", country="ARM", kind="government")
    a = Reading(
        _event("Tegh was shelled, the MoD said.", location=TEGH, claimants=[mod], status="alleged"),
        0,
        0,
        own_place=True,
    )
    b = Reading(
        _event(
            "Baku said it returned fire at Tegh.",
            location=TEGH,
            claimants=[AZE_ARMY],
            status="alleged",
        ),
        1,
        0,
        own_place=True,
    )
    [ev] = merge_repeats([a, b])
    assert ev.claimants == [mod]


def test_a_told_act_with_no_claimant_takes_the_claimant_of_its_retelling():
    mod = Actor(name="Armenian MoD", country="ARM", kind="government")
    a = Reading(_event("Tegh was shelled.", location=TEGH, status="alleged"), 0, 0, own_place=True)
    b = Reading(
        _event("The MoD said Tegh was shelled.", location=TEGH, claimants=[mod], status="alleged"),
        1,
        0,
        own_place=True,
    )
    [ev] = merge_repeats([a, b])
    assert ev.claimants == [mod]


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [("Two died in the shelling.", "shelling", True), ("Shelling resumed.", "Shelling", False)],
)
def test_definite_event_nouns_are_anaphoric(nlp, sentence, word, expected):
    doc = nlp(sentence)
    assert is_anaphoric(next(t for t in doc if t.text == word)) is expected


@pytest.mark.parametrize(
    ("sentence", "one", "other"),
    [
        ("Georgia and Russia accused each other of breaking the ceasefire.", "GEO", "RUS"),
        ("Armenia and Azerbaijan exchanged blame for the collapse of the truce.", "ARM", "AZE"),
    ],
)
def test_mutual_accusation_becomes_one_accusation_each_way(nlp, sentence, one, other):
    doc = nlp(sentence)
    trig = next(t for t in doc if t.lemma_ in {"accuse", "blame"})
    ev = _event(sentence, kind=("Strategic developments", "Accusation"))
    out = split_reciprocal(ev, trig, Counter())
    assert [(e.actor1.country, e.actor2.country) for e in out] == [(one, other), (other, one)]
    assert [e.claimants[0].country for e in out] == [one, other]


def test_primary_prefers_an_early_act_of_violence_over_speech():
    acc = _event("X accused Y.", kind=("Strategic developments", "Accusation"))
    act = _event("Troops shelled Tegh.", location=TEGH)
    events = [acc, act]
    choose_primary(events)
    assert [e.primary for e in events] == [False, True]


def test_primary_is_the_act_told_first_not_a_later_one_a_claim_is_told_of():
    # "Gunmen shelled Tegh ... They also shelled Goris; a group claimed it": the text
    # leads with its event; a claimant named for a later act does not make it the event
    lead = _event("Gunmen shelled Tegh, killing two.", location=TEGH, fatalities=2)
    later = _event(
        "They also shelled Goris.",
        location=GORIS,
        claimants=[AZE_ARMY],
        status="alleged",
    )
    events = [lead, later]
    choose_primary(events)
    assert [e.primary for e in events] == [True, False]


@pytest.mark.parametrize(
    "taken",
    [
        ("Battles", "Government regains territory"),
        ("Battles", "Non-state actor overtakes territory"),
    ],
)
def test_primary_is_the_change_of_territory_not_the_fighting_told_before_it(taken):
    # "Fighting broke out near Tegh. By night the X held Tegh": ACLED codes the taking
    clash = _event("Fighting broke out near Tegh.", kind=("Battles", "Armed clash"), location=TEGH)
    held = _event("By nightfall the attackers held Tegh.", kind=taken, location=TEGH)
    events = [clash, held]
    choose_primary(events)
    assert [e.primary for e in events] == [False, True]


def test_primary_is_the_sexual_violence_not_the_attack_it_was_part_of():
    attack = _event(
        "Gunmen raided a farm near Tegh.", kind=("Violence against civilians", "Attack")
    )
    abuse = _event(
        "Two women were raped during the raid.",
        kind=("Violence against civilians", "Sexual violence"),
    )
    events = [attack, abuse]
    choose_primary(events)
    assert [e.primary for e in events] == [False, True]


def test_a_clash_told_alone_is_still_primary_over_later_shelling_elsewhere():
    clash = _event("Fighting broke out near Tegh.", kind=("Battles", "Armed clash"), location=TEGH)
    later = _event("Shells later fell on Goris.", location=GORIS)
    events = [clash, later]
    choose_primary(events)
    assert [e.primary for e in events] == [True, False]


def test_mutual_blame_of_two_sides_of_one_country_is_split(nlp):
    sentence = "The Sudanese army and the RSF paramilitaries exchanged blame for the breaches."
    doc = nlp(sentence)
    trig = next(t for t in doc if t.lemma_ == "blame")
    ev = _event(sentence, kind=("Strategic developments", "Accusation"))
    out = split_reciprocal(ev, trig, Counter())
    assert [(e.actor1.group(), e.actor2.group()) for e in out] == [
        ("state", "armed"),
        ("armed", "state"),
    ]


def test_acts_by_two_sides_of_one_country_are_not_one_event():
    army = Actor(name="army", country="SDN", kind="state_forces")
    rsf = Actor(name="RSF", country="SDN", kind="rebels")
    a = Reading(_event("The army shelled X.", actor1=army), 0, 0)
    b = Reading(_event("The RSF shelled X.", actor1=rsf), 1, 0)
    assert len(merge_repeats([a, b])) == 2


SYUNIK = Location(
    name="Syunik", country="ARM", admin1="Syunik", latitude=39.3, longitude=46.2, precision="region"
)
SOUTHERN = Location(
    name="southern Armenia", country="ARM", latitude=39.4, longitude=45.9, precision="region"
)
TEGH_IN_SYUNIK = TEGH.model_copy(update={"admin1": "Syunik"})


@pytest.mark.parametrize("vague", [SYUNIK, SOUTHERN])
def test_a_region_then_a_town_in_it_the_same_day_is_one_event_at_the_town(vague):
    a = Reading(_event("Shelling hit the south overnight.", location=vague), 0, 0, own_place=True)
    b = Reading(_event("Shells fell on Tegh.", location=TEGH_IN_SYUNIK), 2, 1, own_place=True)
    [ev] = merge_repeats([a, b])
    assert ev.location == TEGH_IN_SYUNIK


@pytest.mark.parametrize(
    ("second", "claimants"),
    [
        ("Separately, shells fell on Tegh.", ()),  # told as another incident
        ("Earlier, shells fell on Tegh.", ()),  # another moment
        ("Shells fell on Tegh, Baku said.", (AZE_ARMY,)),  # the other side's claim
    ],
)
def test_a_region_and_a_town_stay_two_events_when_the_text_keeps_them_apart(second, claimants):
    arm = Actor(name="Armenian ministry", country="ARM", kind="government")
    a = Reading(
        _event("Shelling hit Syunik.", location=SYUNIK, claimants=[arm]), 0, 0, own_place=True
    )
    b = Reading(_event(second, location=TEGH_IN_SYUNIK, claimants=claimants), 2, 1, own_place=True)
    assert len(merge_repeats([a, b])) == 2


def test_a_country_then_a_town_stay_two_events():
    country = Location(
        name="Armenia", country="ARM", latitude=40.0, longitude=45.0, precision="country"
    )
    a = Reading(_event("Shelling hit Armenia.", location=country), 0, 0, own_place=True)
    b = Reading(_event("Shells fell on Tegh.", location=TEGH_IN_SYUNIK), 2, 1, own_place=True)
    assert len(merge_repeats([a, b])) == 2


KAPAN = Location(name="Kapan", country="ARM", latitude=39.21, longitude=46.41, precision="exact")
ARM_ARMY = Actor(name="Armenian army", country="ARM", kind="state_forces")
AIR = ("Explosions/Remote violence", "Air/drone strike")


def test_two_acts_of_one_sentence_by_different_agents_stay_two_events():
    text = "Air strikes by Azerbaijani jets and shelling by Armenian artillery hit Tegh."
    a = Reading(_event(text, kind=AIR, location=TEGH, actor1=AZE_ARMY), 0, 0, own_place=True)
    b = Reading(_event(text, location=TEGH, actor1=ARM_ARMY), 0, 0, own_place=True)
    assert len(merge_repeats([a, b])) == 2


def test_a_reading_with_its_own_place_is_not_folded_into_an_act_of_another_type():
    a = Reading(_event("Jets bombed Tegh.", kind=AIR, location=TEGH), 0, 0, own_place=True)
    b = Reading(_event("Shelling hit Kapan.", location=KAPAN), 1, 0, own_place=True)
    events = merge_repeats([a, b])
    assert sorted(e.location.name for e in events if e.location) == ["Kapan", "Tegh"]
