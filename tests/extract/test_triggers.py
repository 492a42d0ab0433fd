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
        ("Militants lobbed a grenade at a police post.", "Grenade"),
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
        ("Defence forces took control of the district town.", "Government regains territory"),
        ("Government troops retook the hill town from the rebels.", "Government regains territory"),
        ("Looters ransacked shops and looted a warehouse.", "Looting/property destruction"),
        ("Engineers defused an explosive device found under a bridge.", "Disrupted weapons use"),
        # "strike" delivered by a state or an armed side: from the air or afar
        ("Two fishermen died in Turkish strikes on the coast on Friday.", "Air/drone strike"),
        ("Russian strikes killed four farmers near the river on Tuesday.", "Air/drone strike"),
        ("An army strike destroyed a bridge on the main road.", "Air/drone strike"),
        ("Strikes by the army hit rebel hideouts in the hills overnight.", "Air/drone strike"),
        ("Dockers began a strike over pay at the port on Monday.", "Peaceful protest"),
        # an attack told beside the drones that carried it came by air
        (
            "Air defences downed six drones as the enemy tried to attack a fuel depot.",
            "Air/drone strike",
        ),
        # ... but an aircraft attacked is what was hit, not how
        ("Militants attacked an army helicopter near the border post.", "Armed clash"),
        # a protest told by a phrase goes the way its sentence says, as one told by a word
        (
            "Police violently dispersed opposition supporters who had gathered to demand "
            "the release of their leaders.",
            "Excessive force against protesters",
        ),
        (
            "Riot police fired tear gas at traders who had gathered to demand lower fees.",
            "Protest with intervention",
        ),
        ("Hundreds of nurses gathered to demand unpaid wages on Monday.", "Peaceful protest"),
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


def _first_type(nlp, text: str, following: str = "") -> str | None:
    groups = group_triggers(detect_triggers(nlp(text), following=following))
    acts = [t for t in groups if t.sub_event_type not in {"Accusation", "Denial"}]
    return acts[0].sub_event_type if acts else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The victim decides between an attack and an armed clash.
        ("Unknown gunmen shot dead a police officer outside the bank.", "Armed clash"),
        ("Two soldiers were killed by rebel snipers near the bridge.", "Armed clash"),
        ("Gunmen assassinated a militia commander on the ring road.", "Armed clash"),
        ("Armed men attacked a village, killing six farmers.", "Attack"),
        ("Gunmen shot and killed an off-duty soldier at his home.", "Attack"),
        ("Gunmen attacked a police officer who was off-duty at a wedding.", "Attack"),
        ("Soldiers executed two members of a herding community.", "Attack"),
        ("Militants attacked an army checkpoint at dawn.", "Armed clash"),
        ("A trooper opened fire on two children at the gate.", "Attack"),
        # Violence by a crowd is mob violence; a fight between unorganised groups too.
        ("Villagers beat a suspected thief to death.", "Mob violence"),
        ("Angry residents attacked a nurse they blamed for the outbreak.", "Mob violence"),
        ("Two rival groups of traders clashed over market stalls.", "Mob violence"),
        ("Soldiers clashed with fighters of a rebel group in the hills.", "Armed clash"),
        ("The army fought an armed group near the lake.", "Armed clash"),
        ("Dozens of young men clashed with police after a raid.", "Mob violence"),
        ("Clashes erupted between refugees and border police at the camp.", "Mob violence"),
        ("Heavy clashes erupted between the army and rebels near the border.", "Armed clash"),
        ("Four men beat a shopkeeper with sticks over a debt.", "Mob violence"),
        ("Four men shot a shopkeeper dead over a debt.", "Attack"),
        ("Soldiers killed 6 IS militants during a raid by the lake.", "Armed clash"),
        ("The army killed dozens of rebel fighters on the front.", "Armed clash"),
        ("Government forces repelled a rebel attack on the town.", "Armed clash"),
        ("A suspect died after exchanging fire with police officers.", "Armed clash"),
        ("Troops attacked a separatist camp in the forest.", "Armed clash"),
        ("Police beat a trader at a police station.", "Attack"),
        # Property alone is destruction; burning tyres to press a demand is a riot.
        ("Militants attacked and burned a school in the district.", "Looting/property destruction"),
        ("Unidentified people burned two tractors on a farm.", "Looting/property destruction"),
        ("Residents burned tyres on the main road to demand water.", "Violent demonstration"),
        ("Farm workers pelted stones at police, demanding their wages.", "Violent demonstration"),
        ("Unknown men threw stones at a bus on the highway.", "Mob violence"),
    ],
)
def test_violence_is_typed_by_who_did_it_to_whom(nlp, sentence, expected):
    assert _first_type(nlp, sentence) == expected


def test_a_victim_with_a_criminal_record_makes_gang_violence_a_clash(nlp):
    sentence = "A man was shot dead by two armed men in the suburb."
    assert _first_type(nlp, sentence) == "Attack"
    record = "The dead man had pending charges for armed robbery."
    assert _first_type(nlp, sentence, following=record) == "Armed clash"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Nurses held a protest against the killing of a colleague.", "Peaceful protest"),
        ("Students rallied to condemn the abduction of a classmate.", "Peaceful protest"),
        (
            "Traders protested in the square demanding the arrest of the looters.",
            "Peaceful protest",
        ),
        ("Families staged a sit-in over the rape of a girl by a guard.", "Peaceful protest"),
    ],
)
def test_what_a_protest_is_about_is_not_an_event(nlp, sentence, expected):
    assert _first_type(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "following", "expected"),
    [
        ("Teachers demonstrated outside the ministry.", "Police used force against them.",
         "Protest with intervention"),
        ("Farmers protested against land seizures.", "Nine of them were arrested.",
         "Protest with intervention"),
        ("Farmers protested against land seizures.", "Their leader was arrested last year.",
         "Peaceful protest"),
        ("Protesters gathered outside the governor's house and tried to storm it.", "",
         "Violent demonstration"),
        ("Demonstrators blocked the highway and clashed with military forces.", "",
         "Violent demonstration"),
        ("Hundreds protested in the town.", "Soldiers fired shots into the air.",
         "Protest with intervention"),
        # ACLED: a road blocked with barricades, burning tyres or other material is violent
        ("Villagers blocked the highway with rocks to protest against water shortages.", "",
         "Violent demonstration"),
    ],
)  # fmt: skip
def test_protests_are_refined_by_what_met_them(nlp, sentence, following, expected):
    assert _first_type(nlp, sentence, following=following) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Villagers sat down on the highway to protest against water shortages.",
        "Farmers protested, demanding compensation for crops damaged by floods.",
        "Members of the Torch Union protested over food prices.",
        "Teachers protested outside the ministry after a verbal confrontation with a guard.",
    ],
)
def test_words_near_a_protest_that_are_not_violence_keep_it_peaceful(nlp, sentence):
    assert _first_type(nlp, sentence) == "Peaceful protest"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The army recaptured the village from the rebels.", "Government regains territory"),
        ("Government soldiers took control of the town on Monday.", "Government regains territory"),
        ("Rebels took control of the district capital.", "Non-state actor overtakes territory"),
        ("Police seized rifles and ammunition in a raid on a farm.", "Disrupted weapons use"),
        ("Police seized two tonnes of cannabis at the port.", "Looting/property destruction"),
        ("Troops destroyed a weapons cache in the forest.", "Disrupted weapons use"),
        ("Militants threw a grenade at a checkpoint; soldiers returned fire.", "Armed clash"),
        ("Rebels fired heavy machine guns at homes in the old town.",
         "Shelling/artillery/missile attack"),
        ("Shells fired at the airport damaged two aircraft.", "Shelling/artillery/missile attack"),
        ("Gunmen abducted three soldiers and later killed them.", "Armed clash"),
        ("The two sides exchanged prisoners at the border crossing.", "Agreement"),
        ("Rebel forces built new fortifications east of the port.", "Change to group/activity"),
        ("Gunmen robbed travellers on the highway.", "Looting/property destruction"),
        ("Militants carried out an arson attack on a warehouse overnight.",
         "Looting/property destruction"),
        ("Fighters raided a village, taking away grain and motorbikes.",
         "Looting/property destruction"),
        ("Police dismantled a cannabis laboratory in the suburb.", "Looting/property destruction"),
        ("Engineers dismantled a car bomb outside the ministry.", "Disrupted weapons use"),
        ("The rebels announced the interception of a spy plane over the port.",
         "Disrupted weapons use"),
        ("An army operation backed by air strikes killed ten rebel fighters.", "Armed clash"),
    ],
)  # fmt: skip
def test_territory_weapons_and_strategic_acts_follow_the_codebook(nlp, sentence, expected):
    assert _first_type(nlp, sentence) == expected


def test_a_grenade_answered_with_fire_in_the_next_sentence_is_a_clash(nlp):
    sentence = "Militants threw a grenade at a police post."
    assert _first_type(nlp, sentence) == "Grenade"
    answer = "Police responded with gunfire towards the attackers."
    assert _first_type(nlp, sentence, following=answer) == "Armed clash"


def test_the_sentence_act_is_chosen_before_the_act_it_accuses_the_other_side_of(nlp):
    doc = nlp(
        "The army launched a wave of attacks on a village, accusing the rebels of "
        "killing two soldiers at a checkpoint."
    )
    groups = group_triggers(detect_triggers(doc))
    acts = [t for t in groups if t.sub_event_type not in {"Accusation", "Denial"}]
    assert acts[0].cue == "attack"
    assert not acts[0].accused
    assert acts[0].sub_event_type == "Attack"
    assert "Accusation" in {t.sub_event_type for t in groups}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a month is no march
        ("On 3 March 2021, unknown gunmen shot dead a man in the town.", "Attack"),
        (
            "On 3 March 2021, gunmen abducted a farmer near the village.",
            "Abduction/forced disappearance",
        ),
    ],
)
def test_a_month_name_is_no_protest_march(nlp, sentence, expected):
    groups = group_triggers(detect_triggers(nlp(sentence)))
    assert groups
    assert groups[0].sub_event_type == expected


def test_the_verb_march_still_reads_as_a_protest_cue(nlp):
    doc = nlp("On 9 March, hundreds of women marched through the capital.")
    found = [(doc[t.token_i].text, t.sub_event_type) for t in detect_triggers(doc)]
    assert found == [("marched", "Peaceful protest")]


@pytest.mark.parametrize(
    ("sentence", "protest"),
    [
        ("On 9 March, hundreds of women marched through the capital.", True),
        ("Students marched to the ministry on Monday.", True),
        ("Troops marched into the town at dawn.", False),
    ],
)
def test_people_marching_is_a_protest_and_troops_marching_is_not(nlp, sentence, protest):
    types = [t.sub_event_type for t in group_triggers(detect_triggers(nlp(sentence)))]
    assert ("Peaceful protest" in types) is protest


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels accused the army of bombing a market in the town.", "Air/drone strike"),
        (
            "Militants bombed a police station in the city on Monday.",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_bombing_by_a_state_force_is_from_the_air(nlp, sentence, expected):
    types = [t.sub_event_type for t in detect_triggers(nlp(sentence))]
    assert expected in types
