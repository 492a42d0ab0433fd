import pytest

from truceline.extract.triggers import detect_triggers, group_triggers, may_hold_event


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Government troops shelled the village overnight.", "Shelling/artillery/missile attack"),
        ("Rebels and soldiers clashed near the border crossing.", "Armed clash"),
        ("Gunmen shot dead a farmer in his field.", "Attack"),
        ("A roadside bomb exploded as the patrol passed.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at the checkpoint.", "Suicide bomb"),
        ("An air strike hit a market in the town.", "Air/drone strike"),
        ("Drones struck a fuel depot on Friday.", "Air/drone strike"),
        ("Militants threw a grenade at a police station.", "Grenade"),
        (
            "Hundreds of teachers protested outside parliament over unpaid wages.",
            "Peaceful protest",
        ),
        (
            "Police fired tear gas to disperse students who protested the fee rise.",
            "Protest with intervention",
        ),
        ("Rioters torched cars and pelted police with stones.", "Violent demonstration"),
        ("A mob lynched a man accused of theft.", "Mob violence"),
        ("Unknown men kidnapped two aid workers on the highway.", "Abduction/forced disappearance"),
        ("Workers went on strike demanding unpaid salaries.", "Peaceful protest"),
        ("The army recaptured the town from the insurgents.", "Government regains territory"),
        ("Looters ransacked shops and looted a warehouse.", "Looting/property destruction"),
        ("Engineers defused an explosive device found under a bridge.", "Disrupted weapons use"),
    ],
)
def test_trigger_types_follow_the_acled_codebook(nlp, sentence, expected):
    groups = group_triggers(detect_triggers(nlp(sentence)))
    assert groups, sentence
    assert groups[0].sub_event_type == expected


def test_accusation_is_kept_beside_the_act(nlp):
    doc = nlp("The ministry accused rebels of shelling the town despite the truce.")
    types = {t.sub_event_type for t in group_triggers(detect_triggers(doc))}
    assert {"Accusation", "Shelling/artillery/missile attack"} <= types


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister visited the capital on Tuesday.",
        "A forest of paperwork awaits the committee.",
        "The company reported strong quarterly earnings.",
    ],
)
def test_sentences_without_events_give_no_trigger(nlp, sentence):
    assert group_triggers(detect_triggers(nlp(sentence))) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Troops shelled the village.", True),
        ("The truce came into force at midnight.", True),
        ("The weather was mild and the markets were open.", False),
    ],
)
def test_prefilter_selects_sentences_that_may_hold_events(sentence, expected):
    assert may_hold_event(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "accuses"),
    [
        ("Pakistani troops violated the ceasefire along the border, the army said.", True),
        ("The ministry reported ceasefire violations by rebel units overnight.", True),
        ("In the wake of ceasefire violations, the envoy flew to the capital.", False),
        ("The company violated labour rules, a court found.", False),
    ],
)
def test_a_side_said_to_break_the_truce_is_an_accusation(nlp, sentence, accuses):
    types = {t.sub_event_type for t in group_triggers(detect_triggers(nlp(sentence)))}
    assert ("Accusation" in types) is accuses


def test_the_verb_of_a_separate_type_wins_over_a_modifier_of_that_type(nlp):
    doc = nlp("Many of the displaced families will flee to the coast.")
    (trigger,) = [
        t for t in group_triggers(detect_triggers(doc)) if t.sub_event_type == "Displacement"
    ]
    assert doc[trigger.token_i].lower_ == "flee"
