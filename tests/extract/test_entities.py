"""Named entities from the project's lexicons (`truceline.extract.entities`)."""

from __future__ import annotations

import pytest

from truceline.extract.entities import COMPONENT


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_the_default_pipeline_reads_entities_from_the_lexicons(nlp):
    assert COMPONENT in nlp.pipe_names
    assert "ner" not in nlp.pipe_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a country's name, its people, and an organisation named by its head word
        (
            "Moldova's Interior Ministry said Ukrainian troops crossed the river.",
            [("Moldova", "GPE"), ("Interior Ministry", "ORG"), ("Ukrainian", "NORP")],
        ),
        # a title before a name opens a person; the nationality before it is its own
        (
            "Peruvian Defence Minister Rosa Quispe Huaman told reporters the post was hit.",
            [("Peruvian", "NORP"), ("Rosa Quispe Huaman", "PERSON")],
        ),
        # an outlet's name running on with a number before a media noun
        ("He told Georgia's Mtkvari 2 television the shelling went on.", None),
        # an organisation linked to the rest of its name by "for" or "of the"
        (
            "The Andean Observatory for Civil Liberties counted nine arrests.",
            [("Andean Observatory for Civil Liberties", "ORG")],
        ),
        # an office "of" a district: the office, then the district it serves, a place
        (
            "Bandits wounded the Area Police Commander of Dandume LGA late on Monday.",
            [("Area Police Commander", "ORG"), ("Dandume LGA", "GPE")],
        ),
        (
            "The Police Command of Kano State confirmed it.",
            [("Police Command", "ORG"), ("Kano State", "GPE")],
        ),
    ],
)
def test_names_are_labelled_by_the_first_lexicon_that_knows_them(nlp, text, expected):
    found = ents(nlp, text)
    if expected is None:
        assert ("Mtkvari 2", "ORG") in found
        assert ("Georgia", "GPE") in found
    else:
        assert [f for f in found if f[1] != "DATE"] == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Shelling resumed on 14 March 2021 near the border.", "14 March 2021"),
        ("Two villages were hit in the past 24 hours, officials said.", "in the past 24 hours"),
        ("The siege lasted three days before the convoy got through.", "three days"),
        ("Clashes broke out late on Friday night.", None),
    ],
)
def test_dates_and_spans_of_time_are_dates(nlp, text, date):
    found = ents(nlp, text)
    labels = {label for _, label in found}
    assert "DATE" in labels
    if date is not None:
        assert any(date in text for text, label in found if label == "DATE")


def test_numbers_inside_a_span_of_time_are_not_a_count(nlp):
    doc = nlp("In the last 48 hours, shelling killed three people.")
    (date,) = [e for e in doc.ents if e.label_ == "DATE"]
    assert "48" in date.text
    assert doc[date.end].text == ","


def test_a_word_capitalised_to_open_a_sentence_is_no_place(nlp):
    # "Artillery" and "Police" are place names somewhere; opening a sentence they are words
    assert ents(nlp, "Artillery pounded the ridge.") == []
    assert ents(nlp, "Police dispersed the crowd.") == []


def test_an_acronym_read_as_a_verb_is_no_entity(nlp):
    # ("IS" is also Iceland's code: a code is no country's name)
    assert ("IS", "GPE") not in ents(nlp, "Two guards were shot dead by IS snipers at dawn.")


def test_a_lone_unknown_name_is_a_place_where_a_place_stands(nlp):
    found = ents(nlp, "Soldiers raided Xalqabad before dawn.")
    assert ("Xalqabad", "GPE") in found


def test_a_lone_unknown_name_speaking_is_a_person(nlp):
    found = ents(nlp, "Later, Okonkwo said the road was closed.")
    assert ("Okonkwo", "PERSON") in found


def test_the_statistical_recognizer_can_be_chosen(monkeypatch):
    from truceline.extract import nlp as nlp_module
    from truceline.settings import get_settings

    monkeypatch.setenv("TRUCELINE_NER", "spacy")
    get_settings.cache_clear()
    nlp_module._load.cache_clear()
    try:
        pipeline = nlp_module.load_pipeline()
        assert "ner" in pipeline.pipe_names
        assert COMPONENT not in pipeline.pipe_names
    finally:
        monkeypatch.delenv("TRUCELINE_NER")
        get_settings.cache_clear()
        nlp_module._load.cache_clear()


def test_two_names_joined_by_and_are_two(nlp):
    found = ents(nlp, "Talks between Chile and Bolivia stalled.")
    assert ("Chile", "GPE") in found
    assert ("Bolivia", "GPE") in found
    # a name with "and" inside it is known whole
    assert ("Bosnia and Herzegovina", "GPE") in ents(nlp, "Bosnia and Herzegovina sent monitors.")


def test_a_pair_of_nationalities_is_no_person(nlp):
    for text in ("The Peruvian-Ecuadorian border stayed calm.", "Peruvian-Ecuadorian talks."):
        found = ents(nlp, text)
        assert found
        assert all(label == "NORP" for _, label in found)


def test_a_named_day_dates_an_event(nlp):
    assert ("Easter", "DATE") in ents(nlp, "Mortars fell on Aleppo at Easter.")
