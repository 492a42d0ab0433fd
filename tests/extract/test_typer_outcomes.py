"""Every note-outcome entry's own examples (`outcomes` in data/typing_refinements.yaml),
through the real pipeline: the note's primary event gets the entry's type, and the entry's
id is among the rules that typed it."""

from __future__ import annotations

import pytest

from truceline.extract.typer import note_outcomes, outcomes
from truceline.schemas import ArticleInput

CASES = [
    pytest.param(entry.id, example.text, example.type, id=f"{entry.id}-{n}")
    for entry in outcomes()
    for n, example in enumerate(entry.examples)
]


@pytest.mark.parametrize(("rule_id", "text", "expected"), CASES)
def test_outcome_example_types_the_notes_event(extractor, rule_id: str, text: str, expected: str):
    doc = extractor.extract(ArticleInput(id="note", text=text, published="2021-05-10"))
    primary = next(e for e in doc.events if e.primary)
    assert primary.sub_event_type == expected
    assert primary.typing is not None
    assert rule_id in primary.typing.rules


def test_a_clash_takes_the_territory_change_its_note_tells():
    clash, taken = "Armed clash", "Non-state actor overtakes territory"
    decided = note_outcomes([clash, taken])
    assert decided[0] is not None
    assert (decided[0].sub_event_type, decided[0].told_by) == (taken, 1)
    assert decided[1] is None  # the change itself stands as read


def test_a_clash_alone_keeps_its_type():
    assert note_outcomes(["Armed clash", None, "Attack"]) == [None, None, None]
