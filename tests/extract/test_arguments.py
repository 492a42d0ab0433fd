"""Who did what to whom, read from the parse. Sentences invented for the tests."""

from __future__ import annotations

import pytest

from truceline.extract.arguments import Roles, extract_arguments

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
