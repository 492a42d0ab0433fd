"""Who did what to whom, read from the parse. Sentences invented for the tests."""

from __future__ import annotations

from collections import Counter

import pytest

from truceline.extract.actor_conventions import conform_roles
from truceline.extract.arguments import Roles, extract_arguments
from truceline.schemas import Actor

pytestmark = pytest.mark.slow  # every test parses with the real spaCy pipeline


def roles_of(nlp, sentence: str, trigger: str, sub: str, country: str | None = None) -> Roles:
    doc = nlp(sentence)
    tok = next(t for t in doc if t.text == trigger)
    return extract_arguments(tok, sub, default_country=country)


def side(actor) -> tuple[str | None, str] | None:
    return None if actor is None else (actor.country, actor.kind)


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "country", "actor1", "actor2"),
    [
        (
            "Azerbaijani troops shelled Armenian positions near the border on Monday.",
            "shelled",
            "Shelling/artillery/missile attack",
            "ARM",
            ("AZE", "state_forces"),
            ("ARM", "state_forces"),
        ),
        (
            "Georgian soldiers attacked South Ossetian separatists near the village.",
            "attacked",
            "Armed clash",
            "GEO",
            ("GEO", "state_forces"),
            ("GEO", "rebels"),
        ),
        (
            "The village was shelled by Kyiv forces overnight.",
            "shelled",
            "Shelling/artillery/missile attack",
            "UKR",
            ("UKR", "state_forces"),
            ("UKR", "civilians"),
        ),
        (
            "Two Indian soldiers were killed by Pakistani troops in the Poonch sector.",
            "killed",
            "Armed clash",
            "IND",
            ("PAK", "state_forces"),
            ("IND", "state_forces"),
        ),
    ],
)
def test_active_and_passive_voice(nlp, sentence, trigger, sub, country, actor1, actor2):
    roles = roles_of(nlp, sentence, trigger, sub, country)
    assert (side(roles.actor1), side(roles.actor2)) == (actor1, actor2)


@pytest.mark.parametrize(
    ("sentence", "trigger", "country", "actor1", "actor2"),
    [
        (
            "Heavy clashes broke out between Sudanese army units and the Rapid Support Forces.",
            "clashes",
            "SDN",
            ("SDN", "state_forces"),
            ("SDN", "rebels"),
        ),
        (
            "Fighting erupted between Taliban militants and Afghan police in the district.",
            "Fighting",
            "AFG",
            ("AFG", "rebels"),
            ("AFG", "state_forces"),
        ),
        (
            "Tajik and Kyrgyz border guards clashed near the disputed enclave.",
            "clashed",
            "KGZ",
            ("TJK", "state_forces"),
            ("KGZ", "state_forces"),
        ),
        (
            "Hezbollah fighters clashed with Israeli soldiers near the frontier.",
            "clashed",
            "LBN",
            ("LBN", "political_militia"),
            ("ISR", "state_forces"),
        ),
    ],
)
def test_clashes_between_two_sides(nlp, sentence, trigger, country, actor1, actor2):
    roles = roles_of(nlp, sentence, trigger, "Armed clash", country)
    assert (side(roles.actor1), side(roles.actor2)) == (actor1, actor2)


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "country", "actor1", "actor2"),
    [
        (
            "Israeli airstrikes hit a Hamas training camp in southern Gaza.",
            "airstrikes",
            "Air/drone strike",
            "PSE",
            ("ISR", "state_forces"),
            None,
        ),
        (
            "A Houthi drone attack targeted an oil facility near the Saudi border.",
            "attack",
            "Air/drone strike",
            "SAU",
            ("YEM", "rebels"),
            None,
        ),
        (
            "Russia's shelling of the port city continued for a third day.",
            "shelling",
            "Shelling/artillery/missile attack",
            "UKR",
            ("RUS", "state_forces"),
            ("UKR", "civilians"),
        ),
        (
            "The attack on the army convoy was blamed on al-Shabaab.",
            "attack",
            "Armed clash",
            "SOM",
            None,
            ("SOM", "state_forces"),
        ),
    ],
)
def test_event_nouns_take_agents_from_modifiers_and_targets_from_prepositions(
    nlp, sentence, trigger, sub, country, actor1, actor2
):
    roles = roles_of(nlp, sentence, trigger, sub, country)
    if actor1 is not None:
        assert side(roles.actor1) == actor1
    if actor2 is not None:
        assert side(roles.actor2) == actor2


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "actor1", "actor2"),
    [
        (
            "Armenia accused Azerbaijan of violating the humanitarian truce.",
            "accused",
            "Accusation",
            ("ARM", "government"),
            ("AZE", "government"),
        ),
        (
            "The Azerbaijani defence ministry accused Armenian forces of breaking the truce.",
            "accused",
            "Accusation",
            ("AZE", "government"),
            ("ARM", "state_forces"),
        ),
        (
            "The rebels blamed the Colombian army for the collapse of the ceasefire.",
            "blamed",
            "Accusation",
            ("COL", "rebels"),
            ("COL", "state_forces"),
        ),
        (
            "A Georgian ministry spokesman said separatist gunmen had violated the truce.",
            "said",
            "Accusation",
            ("GEO", "government"),
            ("GEO", "rebels"),
        ),
    ],
)
def test_accusations_have_the_accuser_first(nlp, sentence, trigger, sub, actor1, actor2):
    roles = roles_of(nlp, sentence, trigger, sub, None)
    assert (side(roles.actor1), side(roles.actor2)) == (actor1, actor2)


def test_accused_act_reported_by_a_ministry_has_the_ministry_as_accuser(nlp):
    roles = roles_of(
        nlp,
        "A civilian was wounded in shelling by Ukrainian troops, the Donetsk militia said.",
        "said",
        "Accusation",
        "UKR",
    )
    assert side(roles.actor1) == ("UKR", "rebels")


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "country"),
    [
        (
            "Hundreds of teachers protested outside the ministry in Lahore.",
            "protested",
            "Peaceful protest",
            "PAK",
        ),
        (
            "Residents staged a sit-in against power cuts in the town.",
            "staged",
            "Peaceful protest",
            "IRQ",
        ),
        (
            "Students marched to parliament demanding lower fees.",
            "marched",
            "Peaceful protest",
            "CHL",
        ),
    ],
)
def test_protesters_belong_to_the_event_country(nlp, sentence, trigger, sub, country):
    roles = roles_of(nlp, sentence, trigger, sub, country)
    assert side(roles.actor1) == (country, "protesters")
    assert roles.actor1.name.startswith("Protesters (")


def test_protest_dispersed_by_police_has_police_as_actor2(nlp):
    roles = roles_of(
        nlp,
        "Police fired tear gas to disperse farmers protesting in the capital.",
        "protesting",
        "Protest with intervention",
        "KEN",
    )
    assert side(roles.actor1) == ("KEN", "protesters")
    assert side(roles.actor2) == ("KEN", "state_forces")


def test_rioters_clashing_with_police(nlp):
    roles = roles_of(
        nlp,
        "Angry residents threw stones at police officers and burned tyres on the road.",
        "threw",
        "Violent demonstration",
        "NGA",
    )
    assert side(roles.actor1) == ("NGA", "rioters")
    assert side(roles.actor2) == ("NGA", "state_forces")


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Unidentified gunmen shot dead a shopkeeper in the market.", "shot"),
        ("A farmer was killed by armed men on motorcycles.", "killed"),
        ("Two women were abducted from their village.", "abducted"),
    ],
)
def test_violence_against_civilians_has_civilian_victims_and_unnamed_attackers(
    nlp, sentence, trigger
):
    sub = "Abduction/forced disappearance" if trigger == "abducted" else "Attack"
    roles = roles_of(nlp, sentence, trigger, sub, "MEX")
    assert side(roles.actor1) == ("MEX", "political_militia")
    assert side(roles.actor2) == ("MEX", "civilians")


def test_named_attackers_of_civilians_are_kept(nlp):
    roles = roles_of(
        nlp, "Boko Haram fighters killed four villagers near Maiduguri.", "killed", "Attack", "NGA"
    )
    assert side(roles.actor1) == ("NGA", "rebels")
    assert side(roles.actor2) == ("NGA", "civilians")


def test_roles_carry_token_spans_for_evidence(nlp):
    doc = nlp("Azerbaijani troops shelled Armenian positions near the border.")
    roles = extract_arguments(doc[2], "Shelling/artillery/missile attack", default_country="ARM")
    assert roles.actor1_span is not None
    start, end = roles.actor1_span
    assert doc[start:end].text == "Azerbaijani troops"


def test_sentence_without_actors_gives_no_actor_for_a_strategic_event(nlp):
    roles = roles_of(nlp, "The weather was calm and nothing was reported.", "reported", "Other")
    assert roles.actor1 is None
    assert roles.actor2 is None


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "country", "actor1", "actor2"),
    [
        (
            "The Karen rebels said the army had shelled their positions overnight.",
            "shelled", "Shelling/artillery/missile attack", "MMR",
            ("MMR", "state_forces"), ("MMR", "rebels"),
        ),
        (
            "The ministry accused Tigrayan forces of shelling the town of Kobo.",
            "shelling", "Shelling/artillery/missile attack", "ETH",
            ("ETH", "rebels"), None,
        ),
        (
            "Three soldiers died when their post came under attack from Boko Haram fighters.",
            "died", "Armed clash", "NGA",
            ("NGA", "rebels"), ("NGA", "state_forces"),
        ),
    ],
)  # fmt: skip
def test_pronouns_accused_agents_and_attacks_from(
    nlp, sentence, trigger, sub, country, actor1, actor2
):
    roles = roles_of(nlp, sentence, trigger, sub, country)
    assert side(roles.actor1) == actor1
    if actor2 is not None:
        assert side(roles.actor2) == actor2


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "country", "actor1", "actor2"),
    [
        (
            "Six rebel fighters were killed and two wounded by Chadian military airstrikes.",
            "airstrikes",
            "Air/drone strike",
            "TCD",
            ("TCD", "state_forces"),
            ("TCD", "rebels"),
        ),
        (
            "Saudi-led coalition airstrikes hit a fuel depot near the port.",
            "airstrikes",
            "Air/drone strike",
            "YEM",
            ("SAU", "external_forces"),
            None,
        ),
        (
            "A roadside bomb exploded in the valley, targeting an army convoy.",
            "exploded",
            "Remote explosive/landmine/IED",
            "AFG",
            ("AFG", "political_militia"),
            ("AFG", "state_forces"),
        ),
        (
            "A landmine detonated near the well, wounding a Kurdish fighter of the SDF.",
            "landmine",
            "Remote explosive/landmine/IED",
            "SYR",
            ("SYR", "political_militia"),
            ("SYR", "rebels"),
        ),
    ],
)
def test_victims_and_agents_of_strikes_and_blasts(
    nlp, sentence, trigger, sub, country, actor1, actor2
):
    roles = roles_of(nlp, sentence, trigger, sub, country)
    assert (side(roles.actor1), side(roles.actor2)) == (actor1, actor2)


def test_other_side_named_in_the_sentence_is_the_target(nlp):
    roles = roles_of(
        nlp,
        "LNA fighters pounded GNA positions with rockets south of the capital.",
        "rockets",
        "Shelling/artillery/missile attack",
        "LBY",
    )
    assert roles.actor1.name.startswith("LNA") or "Libyan National Army" in roles.actor1.name
    assert side(roles.actor2) == ("LBY", "state_forces")
    assert "GNA" in roles.actor2.name or "National Accord" in roles.actor2.name


def test_an_ally_is_not_the_target(nlp):
    roles = roles_of(
        nlp,
        "The Arakan Army fought alongside Chin militias in the hills near the border.",
        "fought",
        "Armed clash",
        "MMR",
    )
    assert side(roles.actor1) == ("MMR", "rebels")
    assert side(roles.actor2) == ("MMR", "state_forces")


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub"),
    [
        ("An armed man shot dead a police officer outside the station.", "shot", "Attack"),
        ("Gunmen abducted three soldiers from a checkpoint.", "abducted", "Attack"),
    ],
)
def test_armed_victims_of_an_attack_are_kept(nlp, sentence, trigger, sub):
    roles = roles_of(nlp, sentence, trigger, sub, "MEX")
    assert side(roles.actor1) == ("MEX", "political_militia")
    assert side(roles.actor2) == ("MEX", "state_forces")


@pytest.mark.parametrize(
    ("sentence", "trigger", "sub", "actor2"),
    [
        (
            "Angry villagers beat up two men accused of stealing cattle.",
            "beat",
            "Attack",
            ("KEN", "civilians"),
        ),
        (
            "Two groups of farm workers clashed at the market over water.",
            "clashed",
            "Armed clash",
            ("KEN", "rioters"),
        ),
        (
            "Residents attacked a police station after a man died in custody.",
            "attacked",
            "Attack",
            ("KEN", "state_forces"),
        ),
    ],
)
def test_unarmed_people_doing_violence_are_rioters(nlp, sentence, trigger, sub, actor2):
    roles = roles_of(nlp, sentence, trigger, sub, "KEN")
    assert side(roles.actor1) == ("KEN", "rioters")
    assert roles.actor1.name == "Rioters (Kenya)"
    assert side(roles.actor2) == actor2


def test_men_who_shoot_are_an_armed_group_not_a_mob(nlp):
    roles = roles_of(nlp, "Two men shot at customers inside a shop.", "shot", "Attack", "MEX")
    assert side(roles.actor1) == ("MEX", "political_militia")
    assert side(roles.actor2) == ("MEX", "civilians")


def test_victims_killed_in_a_firefight_with_gunmen_face_the_gunmen(nlp):
    sentence = "Three soldiers were killed in a firefight with unknown gunmen near the pass."
    roles = roles_of(nlp, sentence, "firefight", "Armed clash", "PHL")
    assert side(roles.actor1) == ("PHL", "political_militia")
    assert side(roles.actor2) == ("PHL", "state_forces")


def test_who_describes_an_attack_did_not_carry_it_out(nlp):
    sentence = "Police described the raid on the village as an ambush."
    roles = roles_of(nlp, sentence, "ambush", "Armed clash", "PHL")
    assert side(roles.actor1) == ("PHL", "political_militia")


def test_a_rioters_grenade_is_an_unidentified_groups(nlp):
    sentence = "An unknown rioter hurled a grenade at a bank in the city."
    roles = roles_of(nlp, sentence, "grenade", "Grenade", "LBN")
    assert side(roles.actor1) == ("LBN", "political_militia")


def test_victims_are_not_taken_for_the_attacker(nlp):
    roles = roles_of(
        nlp,
        "Two soldiers were killed when their truck hit a roadside bomb on the highway.",
        "bomb",
        "Remote explosive/landmine/IED",
        "AFG",
    )
    assert side(roles.actor1) == ("AFG", "political_militia")


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighters of two rival clans clashed over grazing land near the river.",
        "Al-Shabaab militants exchanged fire among themselves in the village.",
    ],
)
def test_infighting_has_the_same_kind_on_both_sides(nlp, sentence):
    trigger = "clashed" if "clashed" in sentence else "exchanged"
    roles = roles_of(nlp, sentence, trigger, "Armed clash", "SOM")
    assert roles.actor1.kind in {"rebels", "identity_militia", "political_militia"}
    assert side(roles.actor2) == side(roles.actor1)


def test_accusation_takes_the_country_of_the_groups_in_its_sentence(nlp):
    doc = nlp("The junta spokesman accused the Arakan Army of shelling the market.")
    tok = next(t for t in doc if t.text == "accused")
    roles = extract_arguments(
        tok, "Accusation", default_country="THA", countries=Counter({"THA": 9, "MMR": 2})
    )
    assert side(roles.actor1) == ("MMR", "state_forces")
    assert side(roles.actor2) == ("MMR", "rebels")


def test_acronym_misread_as_a_verb_stays_with_its_noun(nlp):
    roles = roles_of(
        nlp,
        "Two tribal fighters were shot dead by IS snipers outside the village.",
        "shot",
        "Armed clash",
        "IRQ",
    )
    assert side(roles.actor1) == ("IRQ", "rebels")


@pytest.mark.parametrize(
    ("actor1", "actor2", "sub", "expected1", "expected2"),
    [
        # A clash retyped as a peaceful protest: the crowd is the protesters.
        (
            Actor(name="residents", country="IND", kind="civilians"),
            Actor(name="police", country="IND", kind="state_forces"),
            "Peaceful protest",
            ("IND", "protesters"),
            ("IND", "state_forces"),
        ),
        # An attack retyped as mob violence: the unnamed attacker was the mob.
        (
            Actor(name="Unidentified Armed Group (India)", country="IND", kind="political_militia"),
            Actor(name="a shopkeeper", country="IND", kind="civilians"),
            "Mob violence",
            ("IND", "rioters"),
            ("IND", "civilians"),
        ),
        # A protest retyped as an attack: a victim of civilians and an unnamed attacker.
        (
            Actor(name="Protesters (India)", country="IND", kind="protesters"),
            None,
            "Attack",
            ("IND", "political_militia"),
            ("IND", "civilians"),
        ),
        # A clash retyped as violent demonstration with no named force: the police.
        (None, None, "Violent demonstration", ("IND", "rioters"), ("IND", "state_forces")),
        # A bomb retyped as disrupted weapons use: the state defused the group's bomb.
        (
            Actor(name="Maoist rebels", country="IND", kind="rebels"),
            None,
            "Disrupted weapons use",
            ("IND", "state_forces"),
            ("IND", "rebels"),
        ),
        (
            Actor(name="Maoist rebels", country="IND", kind="rebels"),
            Actor(name="police", country="IND", kind="state_forces"),
            "Disrupted weapons use",
            ("IND", "state_forces"),
            ("IND", "rebels"),
        ),
    ],
)
def test_conform_roles_applies_the_new_types_conventions(actor1, actor2, sub, expected1, expected2):
    new1, new2 = conform_roles(actor1, actor2, sub, "IND")
    assert (side(new1), side(new2)) == (expected1, expected2)


@pytest.mark.parametrize(
    "sentence",
    [
        "The provincial government estimates that some forty villagers were killed.",
        "The health authority believes that as many as sixty residents have been killed.",
        "Local officials suspect that a dozen farmers were killed near the market.",
    ],
)
def test_whoever_estimates_a_toll_is_its_speaker_not_the_killer(nlp, sentence):
    # Every verb by which someone tells what happened (the lexicon's speech_verbs, and
    # the deny verbs) makes its subject the speaker: the killing is unattributed here.
    roles = roles_of(nlp, sentence, "killed", "Attack", "KEN")
    assert roles.actor1 is not None
    assert roles.actor1.kind not in {"government", "state_forces"}
    assert side(roles.actor2) == ("KEN", "civilians")


@pytest.mark.parametrize(
    "sentence",
    [
        "The Malian interior ministry said on Friday that rebels had shelled a market in the "
        "town, in what it called a flagrant breach of the truce.",
        "Rebels fired rockets at the airport, in what it described as a breach of the truce, "
        "the Malian interior ministry said.",
    ],
)
def test_it_of_a_verb_of_calling_is_the_speaker_above_it(nlp, sentence):
    # "in what it called a breach": "it" is the subject of "called", and stands for
    # whoever says the sentence (token identity is not Python identity in spaCy)
    roles = roles_of(nlp, sentence, "breach", "Accusation", "MLI")
    assert roles.actor1 is not None
    assert "ministry" in roles.actor1.name.lower()


@pytest.mark.parametrize(
    ("sentence", "trigger", "owner"),
    [
        (
            "The Karen National Union said junta troops shelled its positions near the river.",
            "shelled",
            "MMR",
        ),
        (
            "The defence ministry of Georgia said separatists fired on its posts overnight.",
            "fired",
            "GEO",
        ),
    ],
)
def test_the_speakers_own_positions_are_named_by_the_speaker(nlp, sentence, trigger, owner):
    # issue 11, point 9: an actor's name is a name; "its positions" names no one
    roles = roles_of(nlp, sentence, trigger, "Shelling/artillery/missile attack", owner)
    assert roles.actor2 is not None
    assert roles.actor2.country == owner
    assert not roles.actor2.name.lower().startswith(("its ", "their "))
