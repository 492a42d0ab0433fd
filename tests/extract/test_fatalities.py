"""Fatality counts (sentences written for the tests; real spaCy pipeline)."""

from __future__ import annotations

import pytest

from truceline.extract.fatalities import _may_name_deaths, count_fatalities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike killed at least 12 people.", 12),
        ("More than 1,200 fighters have died since the offensive began.", 1200),
        ("Twenty-three civilians died when the market was shelled.", 23),
        ("Two soldiers died in the ambush.", 2),
        ("A shepherd was killed by a landmine near the border.", 1),
        ("The shelling killed four people, including two children.", 4),
        ("Gunmen shot dead a teacher outside the school.", 1),
        ("The blast left 5 people dead and 20 injured.", 5),
        ("Police found the bodies of seven men near the river.", 7),
        ("The clashes left a dozen fighters dead.", 12),
        ("The death toll rose to 17 on Tuesday.", 17),
        ("A farmer was beaten to death by a mob.", 1),
        ("Three demonstrators were fatally shot by the police.", 3),
        ("4 killed, 9 wounded.", 4),
        ("The fighting has claimed more than 100 lives.", 100),
        ("The ministry said 11 militants had been eliminated.", 11),
        ("Both pilots died when the helicopter was hit.", 2),
        ("Militiamen killed 8-10 villagers.", 8),  # a range counts its lower bound
    ],
)
def test_counts_deaths_in_digits_and_words(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two soldiers and a civilian were killed in the attack.", 3),
        ("A nurse, her husband and their neighbour were killed.", 3),
        ("The strike killed one fighter and three members of his family.", 4),
        ("Officials said three soldiers died while at least four rebels were killed.", 7),
        ("Five rebels were killed in Kala; two more died in hospital in Dera.", 7),
        ("Six policemen and two bystanders were killed and eleven people wounded.", 8),
    ],
)
def test_several_counts_add_up(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops shelled the town on Monday, killing two civilians, a monitor said.", 2),
        ("Gunmen killed three farmers, a local official told reporters.", 3),
        ("The strike killed four people, an aid worker said on Tuesday.", 4),
        # ... but a list of victims still adds up before who says it
        ("The blast killed two soldiers, a policeman and a child, officials said.", 4),
    ],
)
def test_who_says_it_after_the_victims_is_no_victim(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 15 people were killed, among them six women and two children.", 15),
        ("Nine guards including three officers were killed in the raid.", 9),
        ("Two people, including a child, were killed.", 2),
        # the breakdown adds up to the figure before it: not counted twice
        ("Two rebels and five guards including one officer and four recruits were killed.", 7),
    ],
)
def test_subsets_are_not_added(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "No casualties were reported.",
        "No one was killed in the attack.",
        "There were no deaths among the villagers.",
        "The shelling caused no fatalities.",
        "Neither fatalities nor injuries were reported.",
    ],
)
def test_explicit_absence_of_deaths_is_zero(text):
    assert count_fatalities(text) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Seven soldiers were wounded in the attack.",
        "Fourteen people were injured when the bus hit a mine.",
        "The raid resulted in two casualties.",  # casualties need not be deaths
        "Several fighters were killed or injured.",
        "The attack killed and injured dozens of people.",
        "Dozens of fighters were killed.",  # a vague number is no count
        "Rebels shelled the town on Sunday.",
        "",
        # a span of years is no count
        "Marchers recalled the purges of 1952-53, during which police killed thousands.",
    ],
)
def test_injuries_and_vague_numbers_give_no_count(text):
    assert count_fatalities(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three soldiers were killed and five injured in the ambush.", 3),
        ("One demonstrator died and 40 were hurt.", 1),
    ],
)
def test_injuries_are_not_counted_with_deaths(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 12 June 2021, a man was killed in Dera.", 1),  # the date is no count
        ("A 45-year-old man was killed in Dera.", 1),  # nor is an age
        ("Farid Osman, a local farmer, was shot dead in Dera.", 1),
        ("Gunmen killed 3 members of the 5th Brigade in Dera.", 3),
    ],
)
def test_numbers_that_are_not_victims_are_ignored(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 fatalities split between 3 events.", 10),
        ("Fatalities coded as 14 and spread across two locations.", 7),
        ("Unclear fatalities coded as 9 and spread between 2 locations.", 5),  # 4.5 rounds up
        ("Eight rebels were killed. Fatalities split across 2 events (3).", 3),
        ("12 fatalities divided equally across four events.", 3),
        ("Fatalities coded as 21 and spread across two locations in three days.", 4),  # 3.5 up
        ("Twelve fighters were killed. Fatalities split between two events.", 6),
        ("Officials reported 4 deaths; fatalities coded as 0 pending confirmation.", 0),
    ],
)
def test_fatalities_split_between_events_give_one_event_its_share(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Residents protested after police killed two men at a checkpoint.",
        "Traders marched over the death of a shopkeeper.",
        "A mob tried to lynch three suspected thieves.",
    ],
)
def test_deaths_behind_another_event_are_not_its_fatalities(text):
    assert count_fatalities(text) is None


def test_anchor_selects_the_sentence_of_the_event():
    text = "Two soldiers died on Monday. On Tuesday, five rebels were killed in Kala."
    assert count_fatalities(text, anchor=text.index("Tuesday")) == 5
    assert count_fatalities(text, anchor=text.index("Monday")) == 2
    assert count_fatalities(text) == 7


def test_anchor_inside_the_background_clause_counts_it():
    text = "Residents protested after police killed two men at a checkpoint."
    assert count_fatalities(text, anchor=text.index("killed")) == 2


def test_a_parse_given_by_the_caller_is_used(nlp):
    text = "Three civilians were killed when a shell hit their house."
    assert count_fatalities(text, doc=nlp(text)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same deaths told twice
        ("A driver was shot dead at a checkpoint. 1 killed.", 1),
        ("A farmer was killed near the well. His body was found a day later.", 1),
        ("Gunmen shot and killed a teacher. They killed him outside his school.", 1),
        # new deaths with the same figure
        ("Two guards were killed at the gate. Two other guards were killed later.", 4),
        # conflicting reports: the lower figure (ACLED's convention)
        ("The army killed 30 rebels, officials said. Other sources said 12 rebels died.", 12),
    ],
)
def test_repeated_and_conflicting_figures(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The officer and her daughter died.", 2),
        ("Between 40 and 52 people were killed in the blast.", 40),
        ("Five corpses of suspected smugglers were discovered in the desert.", 5),
    ],
)
def test_phrases_that_name_several_people(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Militants slew three villagers.",
        "Two soldiers are dying in hospital.",
        "The regime EXECUTES dissidents.",
        "A policeman was martyred.",
        "He was fatally wounded.",
        "Two men were slain at dawn.",
        "The gunman's victims succumbed to their wounds.",
    ],
)
def test_words_read_as_death_words_through_their_lemma_are_foreseen(text):
    assert _may_name_deaths(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protesters marched to the governor's office. No casualties were reported.", 0),
        ("Soldiers clashed with rebels near the dam; no one was hurt.", 0),
        ("Troops shelled the village. Three people were wounded.", None),
    ],
)
def test_texts_without_a_death_word_are_counted_without_a_parse(text, expected, nlp):
    assert not _may_name_deaths(text)
    assert count_fatalities(text) == count_fatalities(text, doc=nlp(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels attacked the convoy. Four drivers were killed.", 4),
        ("Two soldiers died on Monday. On Tuesday, five rebels were killed in Kala.", 7),
    ],
)
def test_a_parse_made_from_the_sentences_own_parses_counts_as_a_whole_parse(text, expected, nlp):
    from spacy.tokens import Doc

    from truceline.extract.sentences import split_sentences

    joined = Doc.from_docs([nlp(s.text) for s in split_sentences(text)])
    assert joined.text == text
    assert count_fatalities(text, parse=lambda: joined) == count_fatalities(text) == expected


def test_the_parse_callback_is_not_called_for_a_text_without_death_words():
    def fail():
        raise AssertionError("parsed a text that cannot name deaths")

    assert count_fatalities("Protesters marched. No casualties were reported.", parse=fail) == 0


def test_deaths_of_an_act_charged_in_an_accusation_are_that_acts():
    # the parser hangs "killing" on "accused" here
    text = (
        "The militia accused the army of shelling a market in Tawila, the largest town of "
        "the district, killing at least 12 civilians."
    )
    assert count_fatalities(text, anchor=text.index("shelling")) == 12
    assert count_fatalities(text, anchor=text.index("accused")) is None
