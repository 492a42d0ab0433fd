"""Whether a protest's own participants were detained at it, read from the parse
(`protest_outcomes.participants_detained`): the detentions a protest is about must not
count, those told of its participants must, in the same sentence or the next ones."""

from __future__ import annotations

import pytest

from truceline.extract.nlp import load_pipeline
from truceline.extract.protest_outcomes import participants_detained

HELD = [
    ("Retired miners rallied outside the pension office and were detained by police.", ""),
    ("Teachers protested over pay in Kisa.", "Thirty teachers arrested at the site."),
    ("Nurses held a rally outside the ministry.", "The authorities made several arrests."),
    (
        "Party members held a march in the town centre.",
        "Police, however, detained the party's chairman and a number of other members.",
    ),
    (
        "Activists chained themselves to the gate of a coal terminal to demand its closure.",
        "Police later detained all of the activists.",
    ),
    ("Street vendors staged a sit-in at the market; police took eleven vendors into custody.", ""),
]

NOT_HELD = [
    (
        "Reporters protested against the arrest of their editor and called for his release.",
        "He was arrested over a tax case.",
    ),
    ("Residents held a protest demanding the release of a chief who was arrested last week.", ""),
    (
        "Youths gathered outside the court in protest against students who had been "
        "detained during earlier rallies.",
        "",
    ),
    ("Villagers marched to the station, demanding that the police arrest the cattle thieves.", ""),
    ("Opposition supporters protested in the capital after their leader was arrested.", ""),
    ("Villagers protested in Kisa and detained two trucks carrying timber.", ""),
    (
        "Students protested in front of the ministry.",
        "They also demanded the release of classmates detained at rallies in March.",
    ),
    ("Party members staged a rally demanding the release of the arrested party leaders.", ""),
]


@pytest.mark.parametrize(("sentence", "following"), HELD)
def test_participants_detained_at_the_protest_are_found(sentence: str, following: str) -> None:
    assert participants_detained(load_pipeline()(sentence), following)


@pytest.mark.parametrize(("sentence", "following"), NOT_HELD)
def test_detentions_the_protest_is_about_do_not_count(sentence: str, following: str) -> None:
    assert not participants_detained(load_pipeline()(sentence), following)


@pytest.mark.parametrize(
    "sentence",
    [
        "Riot police stood guard outside the parliament in Kova on Monday.",
        "Officers in riot gear lined the avenue before the vote count.",
    ],
)
def test_riot_police_and_riot_gear_are_no_riot(sentence: str) -> None:
    from truceline.extract.triggers import detect_triggers

    found = detect_triggers(load_pipeline()(sentence))
    assert not any(t.sub_event_type == "Violent demonstration" for t in found)
