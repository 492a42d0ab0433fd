"""The harm told types the act: sexual violence told beside other harm (ACLED: it
outranks the attack it was part of), in the words news uses for it; people kidnapped in
a raid that killed no one (the abduction types it). Sentences written for these tests."""

from __future__ import annotations

import pytest

from truceline.extract.triggers import detect_triggers, group_triggers

SV = "Sexual violence"
ABDUCTION = "Abduction/forced disappearance"


def _types(nlp, text: str) -> list[str]:
    return [t.sub_event_type for t in group_triggers(detect_triggers(nlp(text)))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the tagger lemmatises "raping"/"raped" to "rap": the words themselves are cues
        ("Gunmen stopped two buses near Oreni town on Tuesday, beating passengers and raping "
         "women.", SV),
        ("Witnesses say soldiers are raping, looting and burning homes in Oreni district.", SV),
        ("Militia members sexually assault women at the checkpoints outside Oreni, nurses said.",
         SV),
        ("Police officers stripped naked three detained students in Oreni on Friday.", SV),
        ("A teacher molested two pupils at a primary school in Oreni on Friday.", SV),
        # words of killing news uses
        ("Two herders were slain by gunmen near Oreni village on Friday.", "Attack"),
        ("A shopkeeper was hacked to death by unknown assailants in Oreni on Friday.", "Attack"),
        # an assault whose only harm told is an abduction is the abduction
        ("Gunmen attacked Koro village on Monday and kidnapped nine farmers.", ABDUCTION),
        ("Militiamen stormed a house in Koro on Monday and abducted a teacher.", ABDUCTION),
        # killing told: the attack types it, whoever was also taken
        ("Gunmen attacked Koro village on Monday, killing two men and kidnapping nine people.",
         "Attack"),
    ],
)  # fmt: skip
def test_the_harm_told_types_the_act(nlp, text: str, expected: str):
    assert _types(nlp, text)[:1] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stopped two buses near Oreni town on Tuesday, beating passengers.",
        "The rapper performed in Oreni on Friday.",
    ],
)
def test_no_sexual_violence_is_read_where_none_is_told(nlp, text: str):
    assert SV not in _types(nlp, text)
