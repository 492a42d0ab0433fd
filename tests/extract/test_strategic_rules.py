"""The strategic-development rules of data/typing_rules.yaml hold back where harm is told.

The rules' own examples (tests/extract/test_rules.py) show where they apply; these
sentences, written for the purpose, show where they must not: shots into the air
followed by a killing, and a flight whose cause also killed.
"""

from __future__ import annotations

import pytest

from truceline.extract.nlp import load_pipeline
from truceline.extract.rules import apply_rules
from truceline.extract.triggers import detect_triggers, group_triggers


def _first_act(text: str) -> tuple[str | None, list[str]]:
    triggers = detect_triggers(load_pipeline()(text))
    acts = [t for t in group_triggers(triggers) if t.sub_event_type not in {"Accusation", "Denial"}]
    fired = [r for t in triggers for r in t.rules]
    return (acts[0].sub_event_type if acts else None), fired


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen fired into the air and then shot dead two farmers in Kalongo.", "Attack"),
        (
            "Police fired shots into the air to disperse hundreds of protesters outside the court.",
            "Protest with intervention",
        ),
    ],
)
def test_shots_into_the_air_with_harm_or_at_a_protest_keep_their_type(
    text: str, expected: str
) -> None:
    act, fired = _first_act(text)
    assert act == expected
    assert "shots-fired-into-the-air" not in fired


def test_a_cause_of_flight_that_killed_stays_an_event() -> None:
    text = (
        "Hundreds of villagers abandoned their homes near the border because of artillery "
        "shelling by the army, which killed three people."
    )
    act, fired = _first_act(text)
    assert act == "Shelling/artillery/missile attack"
    assert "act-named-as-the-cause-of-flight" not in fired


@pytest.mark.parametrize(
    ("sub", "lemma", "text", "expected"),
    [
        (
            "Armed clash",
            "fire",
            "Militants fired warning shots in the air; nobody was hurt.",
            "Other",
        ),
        ("Attack", "fire", "Militants fired warning shots in the air and wounded a trader.", None),
        (
            "Attack",
            "raid",
            "About 3,000 residents fled their villages due to army raids.",
            "Displacement",
        ),
        ("Attack", "raid", "Soldiers raided the villages; 3,000 residents fled.", None),
    ],
)
def test_strategic_rules_on_the_words_of_a_sentence(
    sub: str, lemma: str, text: str, expected: str | None
) -> None:
    applied = apply_rules(sub, lemma, text)
    assert (applied.sub_event_type if applied else None) == expected
