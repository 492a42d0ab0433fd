"""The cues the learned typer reads beside n-grams: word classes and kinds of named actors."""

from __future__ import annotations

import pytest

from truceline.extract.typing_cues import CUE_CLASSES, cue_tokens
from truceline.extract.typing_model import normalise_text


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "Gunmen shot dead two villagers near the market.",
            {"class:civilians", "class:casualties"},
            {"class:protest_words"},
        ),
        (
            "Houthi fighters shelled the town with mortars.",
            {"kind:rebels", "class:heavy_weapons"},
            {"kind:state_forces"},
        ),
        (
            "Teachers protested outside the ministry to demand their salaries.",
            {"class:protest_words"},
            {"class:casualties", "kind:rebels"},
        ),
    ],
)
def test_a_text_gets_the_cues_of_its_sides_and_means(text, present, absent):
    tokens = set(cue_tokens(text))
    assert present <= tokens, tokens
    assert not absent & tokens, tokens


def test_two_texts_with_no_word_in_common_share_the_cue_of_their_actors_kind():
    # the model has seen one rebel group's name; the cue carries it to another's
    first = set(cue_tokens("Houthi fighters took the hill."))
    second = set(cue_tokens("ELN guerrillas took the hill."))
    assert "kind:rebels" in first & second


def test_cues_are_sorted_and_unique_and_only_of_known_classes():
    tokens = cue_tokens("Soldiers and soldiers fired on protesters; the army said troops fired.")
    assert tokens == sorted(set(tokens))
    classes = {t.split(":", 1)[1] for t in tokens if t.startswith("class:")}
    assert classes <= set(CUE_CLASSES)


def test_a_text_without_cues_gives_none():
    assert cue_tokens("The weather was mild on Tuesday.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 9 May 2021, police dispersed the march.", "police dispersed the march."),
        ("Around 3 June 2020 (as reported), gunmen killed 4.", "gunmen killed 0."),
        ("On March 13, 2015, students protested. [size=dozens]", "students protested."),
        ("On Monday, troops fired.", "on monday, troops fired."),
    ],
)
def test_the_model_reads_a_summary_without_its_date_and_size_tag(text, expected):
    assert normalise_text(text) == expected


def test_the_side_named_first_tells_who_took_a_place_from_whom():
    retaken = set(cue_tokens("On 3 May 2021, the army retook Kobi from ISWAP fighters."))
    taken = set(cue_tokens("On 3 May 2021, ISWAP fighters seized Kobi from the army."))
    assert "first:state" in retaken
    assert "first:state" not in taken
    assert "first:rebels" in taken
    assert "first:rebels" not in retaken
    assert {"kind:rebels", "role:state"} <= retaken & taken


def test_a_dated_summary_is_marked_as_one():
    assert "register:dated" in cue_tokens("On 3 May 2021, the army retook Kobi.")
    assert "register:dated" not in cue_tokens("The army retook Kobi on Monday.")


def test_a_category_label_before_the_date_stays():
    text = "Security measures: On 3 May 2021, the governor closed the markets."
    assert normalise_text(text) == "security measures: the governor closed the markets."
    assert "register:dated" in cue_tokens(text)
