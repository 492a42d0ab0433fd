"""Property destroyed, devices found and bombs: what a verb of destroying or seizing takes,
and who bombs, type the act (ACLED: property destruction, disrupted weapons use, air
strike). Own sentences."""

from __future__ import annotations

import pytest

from truceline.extract.triggers import detect_triggers, group_triggers


def _types(nlp, text: str) -> list[str]:
    return [t.sub_event_type for t in group_triggers(detect_triggers(nlp(text)))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # destroying property is an act of its own, not a weak cue
        ("Soldiers discovered and destroyed two rebel hideouts near Oreni village on Friday.",
         "Looting/property destruction"),
        ("Militiamen destroyed the crops of three farms outside Oreni on Sunday.",
         "Looting/property destruction"),
        # the object two verbs share: goods seized and destroyed are property
        ("Police seized and destroyed a cannabis plantation near Oreni village on Friday.",
         "Looting/property destruction"),
        # a device found and taken away before use
        ("Police uncovered two roadside bombs near Oreni village and removed them on Friday.",
         "Disrupted weapons use"),
        ("Two bombs were found and defused outside the market in Oreni on Friday.",
         "Disrupted weapons use"),
        # who bombs: a state's forces by name bomb from the air
        ("The Sudanese Armed Forces bombed Tarsa village on Monday, killing a farmer.",
         "Air/drone strike"),
        ("A bomb planted by rebels killed three soldiers of the army in Tarsa on Monday.",
         "Remote explosive/landmine/IED"),
        # a grenade thrown is a grenade attack, wherever it was picked up
        ("A man threw a grenade he had picked up at the market crowd in Kasa, wounding five.",
         "Grenade"),
    ],
)  # fmt: skip
def test_what_is_destroyed_found_or_bombed_types_the_act(nlp, text: str, expected: str):
    assert _types(nlp, text)[:1] == [expected]


def test_destroying_no_property_is_no_act(nlp):
    assert _types(nlp, "The long drought destroyed hopes of an early harvest in Oreni.") == []
