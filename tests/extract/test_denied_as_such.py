"""An act told as not done "as such" is a denial of the claim told before it.

"Kyiv said it carried out no such attacks", after a claim that its drones hit a depot,
is Kyiv's denial: a `Denial` event beside the claimed act, which stays (alleged). A plain
negation with no "such" ("no shelling was heard") stays no event at all.
"""

from __future__ import annotations

import pytest
from report_text import read_report

from truceline.extract.pipeline import Extractor
from truceline.extract.scope import denied_as_such
from truceline.schemas import Document

PUBLISHED = "2024-05-10"  # a Friday
TITLE = "Claims and counter-claims on the frontier\n\n"


def read(extractor: Extractor, text: str) -> Document:
    return read_report(extractor, TITLE, text, PUBLISHED)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "denier"),
    [
        (  # a ministry's claim, the other government's one-line answer
            "Moscow said Ukrainian drones had hit an oil depot in Belgorod on Monday."
            " Kyiv said it carried out no such attacks.",
            "UKR",
        ),
        (  # a group answering for its fighters
            "Israel said rockets were fired from Lebanon at Kiryat Shmona on Sunday."
            " Hezbollah said its fighters had launched no such rockets.",
            "LBN",
        ),
        (  # "there was no such ...": the act itself said not to have happened
            "Armenia said Azerbaijani troops shelled the village of Tegh on Monday."
            " Baku said there had been no such shelling.",
            "AZE",
        ),
    ],
)
def test_an_act_told_as_no_such_act_is_a_denial_beside_the_claim(
    extractor: Extractor, text: str, denier: str
) -> None:
    doc = read(extractor, text)
    denials = [e for e in doc.events if e.sub_event_type == "Denial"]
    assert [d.actor1.country for d in denials if d.actor1] == [denier]
    # the claimed act is still told, as alleged
    assert any(
        e.status == "alleged" and e.event_type != "Strategic developments" for e in doc.events
    )


@pytest.mark.slow
def test_a_plain_negation_is_no_denial(extractor: Extractor) -> None:
    doc = read(extractor, "Residents of Tegh said no shelling was heard on Monday night.")
    assert not [e for e in doc.events if e.sub_event_type == "Denial"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("They said they carried out no such strikes.", "strikes", True),
        ("There were no such attacks, the spokesman said.", "attacks", True),
        ("No shelling was heard overnight.", "shelling", False),
        ("Such attacks must stop, the envoy said.", "attacks", False),
    ],
)
def test_denied_as_such_needs_no_and_such(
    extractor: Extractor, sentence: str, word: str, expected: bool
) -> None:
    doc = extractor.nlp(sentence)
    [tok] = [t for t in doc if t.text == word]
    assert denied_as_such(tok) is expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "denial"),
    [
        ("The interior ministry rejected the report as disinformation.", True),
        ("The rebels dismissed the army's allegations on Thursday.", True),
        ("A spokesman rejected it as a fabrication from start to finish.", True),
        # rejecting or dismissing what is no claim is no denial
        ("Parliament rejected the budget proposal on Thursday.", False),
        ("The president dismissed the regional commander on Thursday.", False),
    ],
)
def test_rejecting_a_claim_is_a_denial(nlp, sentence, denial):
    from truceline.extract.triggers import detect_triggers, group_triggers

    doc = nlp(sentence)
    kept = group_triggers(detect_triggers(doc), doc)
    assert any(t.sub_event_type == "Denial" for t in kept) is denial
