"""A place taken: which words tell it, who took it, and a note whose taking the
gazetteer cannot place. Sentences written for these tests."""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import NOTE_FALLBACK_RULE, NOTE_MIN_PROB, UNPLACED_RULE
from truceline.extract.triggers import detect_triggers
from truceline.extract.typer import ACT_TYPES
from truceline.schemas import ArticleInput

NSO = "Non-state actor overtakes territory"
GOV = "Government regains territory"
TERRITORY = {NSO, GOV}


def _taken(nlp, text: str) -> list[str]:
    return [t.sub_event_type for t in detect_triggers(nlp(text)) if t.sub_event_type in TERRITORY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name the tagger does not know, read as an adverb after the verb
        ("The insurgents captured Tombo on Thursday.", NSO),
        ("Militants overtook Karsa after a night of fighting.", NSO),
        ("Fighters of the Ubani Front took over the town of Karsa on Sunday.", NSO),
        # a claim of a taking done, in the perfect infinitive
        ("The rebels claimed to have captured Tombo on Thursday.", NSO),
        # the taker is the one speaking: "it", "they"
        ("The rebel Ubani Front says it re-took Karsa and two nearby hills.", NSO),
        ("SPLM-IO fighters say they recaptured the river town of Tombo.", NSO),
        ("The army said on Friday it had recaptured Karsa from the rebels.", GOV),
    ],
)
def test_a_place_taken_is_read_with_its_taker(nlp, text: str, expected: str):
    assert _taken(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The new governor took over the ministry of works in Karsa on Monday.",
        "The army launched an offensive to capture Tombo before the rains.",
        "Police captured two suspected smugglers near Karsa on Friday.",
    ],
)
def test_no_place_is_taken(nlp, text: str):
    assert _taken(nlp, text) == []


def test_a_note_of_unplaced_acts_is_what_they_came_to(extractor):
    # neither the clash nor the taking has a place the gazetteer knows, nor a day
    note = "Clashes between soldiers and Ubani Front rebels. The rebels then captured Wandabu."
    doc = extractor.extract(ArticleInput(id="n", text=note, published="2022-03-01"))
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == NSO
    assert primary.typing is not None
    assert UNPLACED_RULE in primary.typing.rules
    assert {"lemma:capture", "battle-that-changes-hands"} <= set(primary.typing.rules)


def test_a_lone_unplaced_act_leaves_the_note_to_the_model(extractor):
    # one act and no outcome told: the rules' reading of a sentence they could not place
    # does not outvote the model's reading of the whole note
    note = "Gunmen attacked a convoy near Wandabu, killing two drivers."
    doc = extractor.extract(ArticleInput(id="n", text=note, published="2022-03-01"))
    assert not any(UNPLACED_RULE in (e.typing.rules if e.typing else []) for e in doc.events)


def test_an_unplaced_act_is_the_note_the_model_cannot_type(extractor):
    # the model reads a claim and no act it is sure of: the act the rules read, though
    # they cannot place it, types the note rather than ACLED's catch-all
    note = "The government claims that it has retaken Wandabu."
    probs = extractor._typer().predict_proba([note])[0]
    assert max(p for t, p in probs.items() if t in ACT_TYPES) < NOTE_MIN_PROB  # the premise
    doc = extractor.extract(ArticleInput(id="n", text=note, published="2022-03-01"))
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == "Government regains territory"
    assert primary.typing is not None
    assert UNPLACED_RULE in primary.typing.rules
    assert NOTE_FALLBACK_RULE not in primary.typing.rules


def test_a_clash_whose_note_tells_an_unplaced_taking_is_the_taking(extractor):
    note = (
        "Clashes between soldiers and Ubani Front rebels near Karsa on 2 March 2022. "
        "The rebels then captured Wandabu."
    )
    doc = extractor.extract(ArticleInput(id="n", text=note, published="2022-03-04"))
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == NSO
    assert primary.typing is not None
    assert "battle-that-changes-hands" in primary.typing.rules


def test_an_act_told_as_not_done_is_no_unplaced_act(extractor):
    note = "The rebels did not capture Wandabu, residents said."
    doc = extractor.extract(ArticleInput(id="n", text=note, published="2022-03-04"))
    assert not any(UNPLACED_RULE in (e.typing.rules if e.typing else []) for e in doc.events)
