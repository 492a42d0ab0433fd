"""The word classes of data/lexicon.yaml and the event-type table of data/event_types.yaml."""

from __future__ import annotations

import pytest

from truceline.errors import ModelError
from truceline.extract import event_types, lexicon
from truceline.schemas import ACLED_VIEW, SUB_EVENT_TO_TYPE


def test_every_class_loads_as_lemmas_or_a_pattern() -> None:
    for name in lexicon.class_names():
        wc = lexicon.word_class(name)
        if wc.lemmas is not None:
            assert lexicon.lemmas(name)
        else:
            assert lexicon.pattern(name).pattern


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("civilians", "Gunmen shot two farmers near the well.", True),
        ("civilians", "Gunmen shot at an army patrol.", False),
        ("crowd", "An angry crowd chased the thief.", True),
        ("fighting_crowd", "Rival clans fought over grazing land.", True),  # its own words
        ("fighting_crowd", "A mob beat a man.", True),  # the words of `crowd` it extends
        ("demands", "They were demonstrating for higher pay.", True),  # open-ended words
        ("air_power", "A drone hit the convoy.", True),
        ("territory", "The rebels seized new territory in the east.", True),
        ("territory", "Both armies hold territories along the river.", True),
        ("territory", "Territorial defence units were mobilised.", False),  # a force
    ],
)
def test_patterns_match_whole_words_case_insensitively(name: str, text: str, found: bool) -> None:
    assert bool(lexicon.pattern(name).search(text)) is found


def test_lemma_classes_hold_lemmas() -> None:
    assert "say" in lexicon.lemmas("speech_verbs")
    assert "kill" in lexicon.lemmas("violence_verbs")


def test_an_unknown_class_or_the_wrong_kind_is_named() -> None:
    with pytest.raises(ModelError, match="no_such_class"):
        lexicon.pattern("no_such_class")
    with pytest.raises(ModelError, match="speech_verbs"):
        lexicon.pattern("speech_verbs")
    with pytest.raises(ModelError, match="civilians"):
        lexicon.lemmas("civilians")


def test_a_class_has_exactly_one_kind() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        lexicon.WordClass.model_validate({"words": ["a"], "regex": "b"})


def test_the_event_type_table_covers_the_contract() -> None:
    table = event_types.event_types().types
    assert set(table) == set(SUB_EVENT_TO_TYPE)
    for sub, row in table.items():
        assert row.family == SUB_EVENT_TO_TYPE[sub]
        assert row.acled == ACLED_VIEW.get(sub)


def test_specificity_puts_the_device_before_the_generic_act() -> None:
    order = event_types.SPECIFICITY
    assert order.index("Suicide bomb") < order.index("Remote explosive/landmine/IED")
    assert order.index("Armed clash") < order.index("Attack")
    assert set(order).isdisjoint(event_types.SEPARATE)
    assert event_types.PLACELESS == {"Accusation", "Denial", "Sanctions"}
    assert event_types.SPEECH_ACTS == {"Accusation", "Denial"}


def test_an_unknown_type_is_named() -> None:
    with pytest.raises(ModelError, match="Picnic"):
        event_types.event_type("Picnic")
