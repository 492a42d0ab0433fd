"""Actor normalisation: noun phrases to (country, kind). Sentences invented for the tests."""

from __future__ import annotations

from collections import Counter

import pytest

from truceline.errors import ConfigError
from truceline.extract.actors import actor_mentions, load_lexicon, named_actors, resolve_actor


@pytest.mark.parametrize(
    ("phrase", "country", "kind"),
    [
        ("Georgian troops", "GEO", "state_forces"),
        ("the Azerbaijani army", "AZE", "state_forces"),
        ("Ukrainian servicemen", "UKR", "state_forces"),
        ("Israeli warplanes", "ISR", "state_forces"),
        ("the Pakistani military", "PAK", "state_forces"),
        ("Filipino soldiers", "PHL", "state_forces"),
        ("Congolese police officers", "COD", "state_forces"),
    ],
)
def test_demonym_with_armed_head_is_that_states_forces(phrase, country, kind):
    actor = resolve_actor(phrase)
    assert (actor.country, actor.kind) == (country, kind)


@pytest.mark.parametrize(
    ("phrase", "country"),
    [("Baku", "AZE"), ("Yerevan", "ARM"), ("Moscow", "RUS"), ("Kyiv", "UKR"), ("Kiev", "UKR")],
)
def test_capital_alone_stands_for_the_government(phrase, country):
    actor = resolve_actor(phrase)
    assert (actor.country, actor.kind) == (country, "government")


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("the Azerbaijani Ministry of Defense", "AZE"),
        ("Armenia's Defence Ministry", "ARM"),
        ("the Russian MoD", "RUS"),
        ("the Ministry of Foreign Affairs of Georgia", "GEO"),
        ("a Turkish foreign ministry spokesman", "TUR"),
        ("the Iraqi government", "IRQ"),
        ("Sudanese authorities", "SDN"),
    ],
)
def test_ministries_and_governments_are_government_of_their_country(phrase, country):
    actor = resolve_actor(phrase)
    assert (actor.country, actor.kind) == (country, "government")


@pytest.mark.parametrize(
    ("phrase", "country", "kind"),
    [
        ("Armenia's army", "ARM", "state_forces"),
        ("Ethiopia's federal troops", "ETH", "state_forces"),
        ("Kyiv forces", "UKR", "state_forces"),
        ("Moscow's troops", "RUS", "state_forces"),
    ],
)
def test_possessive_or_capital_owner_gives_the_country(phrase, country, kind):
    actor = resolve_actor(phrase)
    assert (actor.country, actor.kind) == (country, kind)


@pytest.mark.parametrize(
    ("phrase", "default", "country", "kind"),
    [
        ("Hamas", None, "PSE", "rebels"),
        ("Hezbollah fighters", "LBN", "LBN", "political_militia"),
        ("the Houthis", None, "YEM", "rebels"),
        ("pro-Houthi forces", "YEM", "YEM", "rebels"),
        ("Ansar Allah", None, "YEM", "rebels"),
        ("Taliban militants", "AFG", "AFG", "rebels"),
        ("al-Shabaab fighters", "SOM", "SOM", "rebels"),
        ("al-Shabaab fighters", "KEN", "KEN", "rebels"),
        ("Boko Haram insurgents", "NGA", "NGA", "rebels"),
        ("ISWAP", None, "NGA", "rebels"),
        ("M23 rebels", None, "COD", "rebels"),
        ("the Rapid Support Forces", None, "SDN", "rebels"),
        ("the Sudanese Armed Forces", None, "SDN", "state_forces"),
        ("the Tatmadaw", None, "MMR", "state_forces"),
        ("the Arakan Army", None, "MMR", "rebels"),
        ("ELN guerrillas", None, "COL", "rebels"),
        ("the DPR militia", None, "UKR", "rebels"),
        ("Wagner mercenaries", "MLI", "RUS", "external_forces"),
        ("the Libyan National Army", None, "LBY", "state_forces"),
        ("the PKK", "IRQ", "IRQ", "rebels"),
        ("Syrian Democratic Forces", None, "SYR", "rebels"),
        ("the IDF", None, "ISR", "state_forces"),
        ("the Jalisco New Generation Cartel", None, "MEX", "political_militia"),
    ],
)
def test_named_groups_resolve_from_the_lexicon(phrase, default, country, kind):
    actor = resolve_actor(phrase, default_country=default)
    assert (actor.country, actor.kind) == (country, kind)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("the OSCE", "igo"),
        ("the UN", "igo"),
        ("United Nations Security Council", "igo"),
        ("the European Union", "igo"),
        ("the ICRC", "ngo"),
        ("Human Rights Watch", "ngo"),
        ("Reuters", "media"),
        ("the Joint Centre for Control and Coordination", "igo"),
    ],
)
def test_international_bodies_ngos_and_media(phrase, kind):
    assert resolve_actor(phrase).kind == kind


@pytest.mark.parametrize(
    ("phrase", "default", "country", "kind", "name"),
    [
        ("protesters", "IND", "IND", "protesters", "Protesters (India)"),
        ("hundreds of demonstrators", "CHL", "CHL", "protesters", "Protesters (Chile)"),
        ("residents staged a protest", "PAK", "PAK", "protesters", "Protesters (Pakistan)"),
        ("rioters", "LBN", "LBN", "rioters", "Rioters (Lebanon)"),
        ("an angry mob", "NGA", "NGA", "rioters", "Rioters (Nigeria)"),
    ],
)
def test_crowds_belong_to_the_event_country_with_acled_names(phrase, default, country, kind, name):
    actor = resolve_actor(phrase, default_country=default)
    assert (actor.country, actor.kind, actor.name) == (country, kind, name)


@pytest.mark.parametrize(
    "phrase",
    ["gunmen", "unidentified assailants", "armed men on motorcycles", "unknown attackers"],
)
def test_unidentified_attackers_are_an_armed_group_of_the_event_country(phrase):
    actor = resolve_actor(phrase, default_country="MEX")
    assert (actor.country, actor.kind) == ("MEX", "political_militia")
    assert actor.name.startswith("Unidentified")


@pytest.mark.parametrize(
    ("phrase", "default", "country"),
    [
        ("civilians", "SYR", "SYR"),
        ("two villagers", "AFG", "AFG"),
        ("a woman", "UKR", "UKR"),
        ("three children", "YEM", "YEM"),
        ("Palestinian civilians", "ISR", "PSE"),
        ("residential areas of the town", "AZE", "AZE"),
        ("civilians in rebel-held territory", "MMR", "MMR"),
    ],
)
def test_civilians_and_homes_are_civilians(phrase, default, country):
    actor = resolve_actor(phrase, default_country=default)
    assert (actor.country, actor.kind) == (country, "civilians")


@pytest.mark.parametrize(
    ("phrase", "default", "country", "kind"),
    [
        ("Russian-backed separatists", "UKR", "UKR", "rebels"),
        ("Turkish-backed fighters", "SYR", "SYR", "rebels"),
        ("Saudi-led coalition aircraft", "YEM", "SAU", "external_forces"),
        ("pro-government forces", "YEM", "YEM", "state_forces"),
        ("militias allied to the Tripoli government", "LBY", "LBY", "political_militia"),
        ("illegal armed groups", "AZE", "AZE", "rebels"),
        ("separatist forces", "GEO", "GEO", "rebels"),
        ("tribal fighters", "YEM", "YEM", "identity_militia"),
    ],
)
def test_sponsors_and_modifiers_shape_the_kind(phrase, default, country, kind):
    actor = resolve_actor(phrase, default_country=default)
    assert (actor.country, actor.kind) == (country, kind)


@pytest.mark.parametrize(
    ("phrase", "country", "kind"),
    [
        ("John Smith, the British Foreign Secretary", "GBR", "government"),
        ("Colonel Ivan Petrenko, a Ukrainian army spokesman", "UKR", "state_forces"),
        ("Ali Hassan, spokesman for the Houthi movement", "YEM", "rebels"),
        ("Gen. Maria Lopez (Colombian army commander)", "COL", "state_forces"),
    ],
)
def test_person_with_title_takes_the_office(phrase, country, kind):
    actor = resolve_actor(phrase)
    assert (actor.country, actor.kind) == (country, kind)


def test_person_without_title_is_a_person():
    actor = resolve_actor("Jonathan Birch")
    assert actor.kind == "person"


@pytest.mark.parametrize(
    "phrase",
    [
        "the ceasefire",
        "shelling",
        "",
        "   ",
        "the situation",
        "Tuesday morning",
        "the Azerbaijani flag",
        "military strikes",
        "the western outskirts of the Libyan capital",
        "the withdrawal of forces",
        "Armenian territory",
    ],
)
def test_phrases_naming_no_actor_give_none(phrase):
    assert resolve_actor(phrase, default_country="AZE") is None


@pytest.mark.parametrize(
    ("phrase", "country", "kind"),
    [
        ("dozens of Syrian soldiers", "SYR", "state_forces"),
        ("members of the Sudanese police", "SDN", "state_forces"),
        ("an alliance of Kachin rebel groups", "MMR", "rebels"),
        ("the Democratic Republic of the Congo's army", "COD", "state_forces"),
        ("a Russian drone", "RUS", "state_forces"),
        ("the United States", "USA", "government"),
    ],
)
def test_head_of_the_phrase_decides(phrase, country, kind):
    actor = resolve_actor(phrase, default_country="MMR")
    assert (actor.country, actor.kind) == (country, kind)


def test_bare_forces_take_the_event_country_then_the_articles_main_country():
    assert resolve_actor("the troops", default_country="ARM").country == "ARM"
    assert resolve_actor("the troops", countries=Counter({"SDN": 3, "TCD": 1})).country == "SDN"


def test_same_alias_is_disambiguated_by_the_event_country():
    somalia = named_actors("al-Shabaab", default_country="SOM")[0][2]
    mozambique = named_actors("al-Shabaab", default_country="MOZ")[0][2]
    assert somalia.country == "SOM"
    assert mozambique.country == "MOZ"


def test_lexicon_loads_with_aliases_and_roles():
    lex = load_lexicon()
    assert len(lex.entries) > 150
    assert lex.role_of["protesters"] == "protesters"


def test_broken_lexicon_raises_config_error_naming_the_file(tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("actors:\n  - {name: X, kind: warlords}\nroles: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"actors\.yaml"):
        load_lexicon(str(bad))


@pytest.mark.slow
def test_actor_mentions_finds_the_actors_of_a_sentence(nlp):
    doc = nlp("Azerbaijani forces shelled villages held by Armenian separatists, the OSCE said.")
    found = {(a.country, a.kind) for _, a in actor_mentions(doc, default_country="AZE")}
    assert ("AZE", "state_forces") in found
    assert (None, "igo") in found


@pytest.mark.parametrize(
    ("phrase", "default", "country", "kind"),
    [
        ("rebel-held areas of the province", "SYR", "SYR", "rebels"),
        ("the Houthi-controlled territory", "YEM", "YEM", "rebels"),
        ("government-held districts", "SDN", "SDN", "government"),
    ],
)
def test_held_places_stand_for_whoever_holds_them(phrase, default, country, kind):
    actor = resolve_actor(phrase, default_country=default)
    assert (actor.country, actor.kind) == (country, kind)


@pytest.mark.parametrize("phrase", ["northwest Syria", "southern Lebanon", "eastern Ukraine"])
def test_regions_of_a_country_are_places(phrase):
    assert resolve_actor(phrase, default_country="SYR") is None


@pytest.mark.parametrize(
    ("phrase", "default", "country"),
    [
        ("Hamas", "ISR", "PSE"),  # a named group keeps its home
        ("the Houthis", "SAU", "YEM"),
        ("ISWAP fighters", "NER", "NER"),  # transnational: where it fights
        ("Boko Haram", "CMR", "CMR"),
        ("unidentified gunmen", "KEN", "KEN"),
    ],
)
def test_country_of_armed_groups(phrase, default, country):
    assert resolve_actor(phrase, default_country=default).country == country


@pytest.mark.parametrize(
    ("phrase", "country", "kind"),
    [
        ("a regime vehicle", "SYR", "state_forces"),
        ("an army truck", "SYR", "state_forces"),
        ("an SDF vehicle", "SYR", "rebels"),
        ("a civilian vehicle", "SYR", "civilians"),
        ("a bus", "SYR", "civilians"),
    ],
)
def test_a_vehicle_belongs_to_the_side_that_owns_it(phrase, country, kind):
    actor = resolve_actor(phrase, default_country="SYR")
    assert (actor.country, actor.kind) == (country, kind)


@pytest.mark.parametrize(
    ("phrase", "country", "kind"),
    [
        ("PKK hideouts", "IRQ", "rebels"),
        ("Houthi reinforcements", "YEM", "rebels"),
        ("Taliban camps", "AFG", "rebels"),
        ("army reinforcements", "IRQ", "state_forces"),
    ],
)
def test_things_and_troops_a_side_sends_or_holds_stand_for_it(phrase, country, kind):
    actor = resolve_actor(phrase, default_country="IRQ")
    assert (actor.country, actor.kind) == (country, kind)


def test_a_countrys_border_police_is_that_countrys_not_a_namesake():
    actor = resolve_actor("Turkish border police")
    assert (actor.country, actor.kind) == ("TUR", "state_forces")


def test_castes_fighting_as_groups_are_identity_militias():
    actor = resolve_actor("members of the Dalit caste", default_country="IND")
    assert (actor.country, actor.kind) == ("IND", "identity_militia")


@pytest.mark.parametrize("phrase", ["Springfield municipality", "Hama governorate"])
def test_municipalities_and_governorates_are_places(phrase):
    assert resolve_actor(phrase, default_country="SYR") is None


@pytest.mark.slow
def test_actor_mentions_keep_an_acronym_misread_as_a_verb(nlp):
    doc = nlp("Two tribal fighters were shot dead by IS snipers outside the village.")
    found = [(span.text, actor.kind) for span, actor in actor_mentions(doc, default_country="IRQ")]
    assert ("IS snipers", "rebels") in found


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("supporters of the opposition party", "civilians"),
        ("members of the opposition", "rebels"),
        ("fighters of the TPLF", "rebels"),
        ("a group of street vendors", "civilians"),
    ],
)
def test_the_noun_before_of_is_the_head(phrase, kind):
    assert resolve_actor(phrase, default_country="ETH").kind == kind


@pytest.mark.parametrize(
    ("phrase", "name", "country"),
    [
        ("Israeli fire", "Israeli", "ISR"),
        ("Russian artillery fire", "Russian", "RUS"),
        ("Turkish strikes", "Turkish", "TUR"),
        ("Azerbaijani sniper fire", "Azerbaijani sniper", "AZE"),
        ("Houthi shelling", "Houthis (Ansar Allah)", "YEM"),
    ],
)
def test_the_side_named_before_the_fire_it_delivers_is_the_actor(phrase, name, country):
    actor = resolve_actor(phrase)
    assert actor is not None
    assert (actor.name, actor.country) == (name, country)
    assert actor.kind in {"state_forces", "government", "rebels"}


@pytest.mark.parametrize("phrase", ["heavy fire", "the strikes", "a strike", "military strikes"])
def test_fire_with_no_side_before_it_names_no_actor(phrase):
    assert resolve_actor(phrase) is None


def test_money_named_after_a_country_gives_no_side_its_country():
    actor = resolve_actor("traders protesting against the soaring US dollar", default_country="LBN")
    assert actor is not None
    assert actor.country == "LBN"
    assert resolve_actor("Syrian pound traders", default_country="TUR").country == "TUR"


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        # a name that goes on with "-N", "/M-IO" or "-In Opposition" is another group
        ("SPLA-N fighters", []),
        ("the SPLA/M-IO", []),
        ("SPLA-In Opposition troops", []),
        ("SPLA soldiers", ["South Sudan People's Defence Forces"]),
        # an adjective made of the name is still the name
        ("Hamas-led fighters", ["Hamas"]),
        ("an SDF-held village", ["Syrian Democratic Forces"]),
    ],
)
def test_an_alias_is_not_read_inside_a_longer_name(phrase, names):
    assert [e.name for _, _, e in named_actors(phrase)] == names
