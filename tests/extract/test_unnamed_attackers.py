"""Who fired, when a report on a truce between two states names no one: the other
party, across the line. In a civil war, and where the clause names its agent ("we",
"the unit", a name the reader does not know), the rules' default stands. Real spaCy;
the sentences are the project's own."""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import Extractor
from truceline.extract.unnamed_attackers import attribute_unnamed, names_agent
from truceline.schemas import Actor, ArticleInput, Ceasefire, Event, Evidence, Location

pytestmark = pytest.mark.slow

TRUCE_AZ = "Armenia and Azerbaijan agreed to a ceasefire that took effect at midnight on Sunday. "
TRUCE_TH = "Thailand and Cambodia agreed to a ceasefire on Friday, mediated by Malaysia. "


def acts(extractor: Extractor, text: str) -> list[Event]:
    doc = extractor.extract(ArticleInput(id="t", text=text, published="2024-05-14"))
    return [e for e in doc.events if e.sub_event_type not in {"Accusation", "Denial", "Ceasefire"}]


@pytest.mark.parametrize(
    ("text", "side"),
    [
        (TRUCE_AZ + "On Monday, shelling damaged three houses in the Tovuz district of "
         "Azerbaijan, the local governor said.", "ARM"),
        (TRUCE_AZ + 'The ministry in Baku said: "The enemy fired mortars at the village of '
         'Alibayli in Tovuz district on Monday."', "ARM"),
        (TRUCE_TH + "A drone strike wounded two soldiers in Surin province on Monday, the Thai "
         "army said.", "KHM"),
        (TRUCE_TH + "Two farmers were killed in an artillery strike in Oddar Meanchey province "
         "of Cambodia on Monday, officials said.", "THA"),
    ],
)  # fmt: skip
def test_an_untold_attacker_across_the_line_is_the_other_party(extractor, text, side):
    found = acts(extractor, text)
    assert found, "no act read"
    assert found[0].actor1 is not None
    assert (found[0].actor1.country, found[0].actor1.kind) == (side, "state_forces")


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # a civil war: the state of the place is the rule's default and stays
        ("The army and the rebels agreed to a truce on Sunday. On Monday, air strikes hit "
         "two villages near Kidal in Mali, residents said.", "MLI"),
        # the speaker's own side fires ("we"): not the other party
        (TRUCE_AZ + '"We are using heavy artillery against their positions near Tovuz," an '
         "Azerbaijani officer said on Monday.", "AZE"),
    ],
)  # fmt: skip
def test_a_told_or_civil_war_attacker_is_left_to_the_rules(extractor, text, side):
    found = acts(extractor, text)
    assert found, "no act read"
    assert found[0].actor1 is None or found[0].actor1.country == side


def _event(actor1: Actor | None, actor2: Actor | None, country: str, told: bool) -> Event:
    return Event(
        id="e1",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1=actor1,
        actor2=actor2,
        actor1_told=told,
        location=Location(name="X", country=country, precision="region"),
        evidence=Evidence(text="x", start=0, end=1),
    )


def _truce(*parties: Actor) -> Ceasefire:
    return Ceasefire(id="c1", parties=list(parties))


ISR = Actor(name="Israel", country="ISR", kind="government")
LBN_ARMED = Actor(name="Hezbollah", country="LBN", kind="rebels")
LBN = Actor(name="Lebanon", country="LBN", kind="government")
SYR_ARMED = Actor(name="rebels", country="SYR", kind="rebels")
SYR = Actor(name="Syria", country="SYR", kind="government")


def test_the_other_party_must_be_a_state_and_one_only():
    ev = _event(None, None, "LBN", told=False)
    assert attribute_unnamed([ev], [_truce(ISR, LBN_ARMED)]) == 1
    assert ev.actor1 is not None
    assert ev.actor1.country == "ISR"
    # a civil war's truce: one country, nothing to cross
    ev = _event(None, None, "SYR", told=False)
    assert attribute_unnamed([ev], [_truce(SYR, SYR_ARMED)]) == 0
    # two truces that point to different sides: no guess
    ev = _event(None, None, "LBN", told=False)
    assert attribute_unnamed([ev], [_truce(ISR, LBN), _truce(SYR, LBN)]) == 0


def test_a_told_attacker_or_a_hit_on_the_other_party_stays():
    told = _event(Actor(name="Military Forces of Lebanon", country="LBN", kind="state_forces"),
                  None, "LBN", told=True)  # fmt: skip
    hit_there = _event(None, Actor(name="Israeli soldiers", country="ISR", kind="state_forces"),
                       "LBN", told=False)  # fmt: skip
    named = _event(Actor(name="Hezbollah", country="LBN", kind="rebels"), None, "LBN", told=False)
    assert attribute_unnamed([told, hit_there, named], [_truce(ISR, LBN)]) == 0


@pytest.mark.parametrize(
    ("text", "word", "told"),
    [
        ("The unit fired rockets at the post.", "rockets", True),
        ("We are using heavy artillery near the town.", "artillery", True),
        ("They shelled the village on Monday.", "shelled", False),
        ("The enemy shelled the village on Monday.", "shelled", False),
        ("Drone strikes hit four houses in the south.", "strikes", False),
        ("A shepherd lost his life in a drone strike near the border.", "strike", False),
        ("A shell landed near the school.", "shell", False),
    ],
)
def test_names_agent_reads_the_subject_of_the_acts_clause(extractor, text, word, told):
    doc = extractor.nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert names_agent(tok) is told
