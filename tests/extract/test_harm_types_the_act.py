"""The harm told types the act: sexual violence told beside other harm (ACLED: it
outranks the attack it was part of), in the words news uses for it; people kidnapped in
a raid that killed no one (the abduction types it). Sentences written for these tests."""

from __future__ import annotations

import pytest

from truceline.extract.triggers import detect_triggers, group_triggers

SV = "Sexual violence"


@pytest.mark.parametrize(
    "text",
    [
        # the tagger lemmatises "raping"/"raped" to "rap": the words themselves are cues
        "Gunmen stopped two buses near Oreni town on Tuesday, beating passengers and raping women.",
        "Witnesses say soldiers are raping, looting and burning homes in Oreni district.",
        "Militia members sexually assault women at the checkpoints outside Oreni, nurses said.",
        "Police officers stripped naked three detained students in Oreni on Friday.",
        "A teacher molested two pupils at a primary school in Oreni on Friday.",
    ],
)
def test_sexual_violence_beside_other_harm_types_the_act(nlp, text: str):
    acts = group_triggers(detect_triggers(nlp(text)))
    assert [t.sub_event_type for t in acts][:1] == [SV]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stopped two buses near Oreni town on Tuesday, beating passengers.",
        "The rapper performed in Oreni on Friday.",
    ],
)
def test_no_sexual_violence_is_read_where_none_is_told(nlp, text: str):
    acts = group_triggers(detect_triggers(nlp(text)))
    assert SV not in [t.sub_event_type for t in acts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two herders were slain by gunmen near Oreni village on Friday.", "Attack"),
        ("A shopkeeper was hacked to death by unknown assailants in Oreni on Friday.", "Attack"),
    ],
)
def test_words_of_killing_news_uses(nlp, text: str, expected: str):
    acts = group_triggers(detect_triggers(nlp(text)))
    assert [t.sub_event_type for t in acts][:1] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked Koro village on Monday and kidnapped nine farmers.",
         "Abduction/forced disappearance"),
        ("Militiamen stormed a house in Koro on Monday and abducted a teacher.",
         "Abduction/forced disappearance"),
        # killing told: the attack types it, whoever was also taken
        ("Gunmen attacked Koro village on Monday, killing two men and kidnapping nine people.",
         "Attack"),
    ],
)  # fmt: skip
def test_an_assault_whose_only_harm_is_abduction_is_an_abduction(nlp, text, expected):
    acts = group_triggers(detect_triggers(nlp(text)))
    assert [t.sub_event_type for t in acts][:1] == [expected]
