"""Harm told with no act word of its own is the toll of the act told before it.

"Three civilians were killed and eight other people wounded, the ministry said", right
after a clash, tells that clash's toll, not a second act (an attack on civilians). The
harm reading folds into the act of violence told just before, on the same day, when it
names no place and no agent of its own; harm with a place of its own, an act word of
its own or a word that tells another incident ("in a separate incident") stays apart.
"""

from __future__ import annotations

import pytest
from report_text import read_report

from truceline.extract.merge import tells_harm_only, tells_new_incident
from truceline.extract.pipeline import Extractor
from truceline.schemas import Document, Event

PUBLISHED = "2024-05-10"  # a Friday
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
SPEECH = {"Accusation", "Denial"}
TITLE = "Fighting flares again on the frontier\n\n"


def read(extractor: Extractor, text: str) -> Document:
    return read_report(extractor, TITLE, text, PUBLISHED)


def violent(doc: Document) -> list[Event]:
    return [e for e in doc.events if e.event_type in VIOLENT]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "toll"),
    [
        (  # a ministry's toll after a clash between two forces
            "Border guards of the two states fought with machine guns near the village of"
            " Vorukh on Thursday, officials said. The interior ministry said three civilians"
            " were killed and eight other people wounded.",
            3,
        ),
        (  # wire register: an ambush, then its dead and hurt
            "Militants ambushed an army supply convoy near Kidal on Tuesday, a military"
            " source said. Four soldiers died and two others were hurt, the source added.",
            4,
        ),
        (  # a governor's register: shelling, then the wounded told by an official
            "Artillery shelled the outskirts of Kherson on Wednesday morning, the regional"
            " governor said. Two residents were killed, a hospital spokesman told reporters.",
            2,
        ),
    ],
)
def test_harm_told_after_an_act_is_that_acts_toll(
    extractor: Extractor, text: str, toll: int
) -> None:
    [event] = violent(read(extractor, text))
    assert event.fatalities == toll


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # a place of its own: one event per place
        "Artillery shelled the outskirts of Kherson on Wednesday morning, the regional"
        " governor said. Two civilians were killed in Mykolaiv, police said.",
        # told as another incident
        "Militants ambushed an army supply convoy near Kidal on Tuesday, a military source"
        " said. In a separate incident, two shepherds were killed, the source added.",
    ],
)
def test_harm_told_apart_stays_an_event_of_its_own(extractor: Extractor, text: str) -> None:
    # (the typing model may name the harm event's type otherwise: count acts, not types)
    doc = read(extractor, text)
    assert len([e for e in doc.events if e.sub_event_type not in SPEECH]) == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "harm_only"),
    [
        ("Three civilians were killed and eight others wounded.", "killed", True),
        ("Two guards died, the police said.", "died", True),
        ("Two guards died in the ambush.", "died", False),
        ("The blast killed two guards.", "killed", False),
        ("A guard was hurt in the enemy firing.", "hurt", False),  # an act word, as a gerund
    ],
)
def test_harm_only_is_harm_with_no_act_word(
    extractor: Extractor, sentence: str, word: str, harm_only: bool
) -> None:
    doc = extractor.nlp(sentence)
    [tok] = [t for t in doc if t.text == word]
    assert tells_harm_only(tok) is harm_only


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("A boy died and 12 other villagers were hurt.", False),
        ("One soldier died and three others were hurt.", False),
        ("In another incident, a shepherd was shot.", True),
        ("Elsewhere, two farmers were wounded.", True),
    ],
)
def test_counted_others_are_more_victims_not_another_incident(text: str, new: bool) -> None:
    assert tells_new_incident(text) is new
