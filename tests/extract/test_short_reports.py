"""A short text (at most `typer.NOTE_WORDS` words) is read as a note: the learned typer reads
it whole. A note tells one event, so that reading types the act it leads with and the acts
of that act's family; another kind of act the text also tells keeps its own type. The text
is the project's own."""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import Extractor
from truceline.extract.typer import NOTE_WORDS
from truceline.schemas import ArticleInput

pytestmark = pytest.mark.slow

BRIEF = (
    "Junta air strikes kill villagers as truce talks stall\n\n"
    "BANGKOK, Nov 3 (Wire) - Myanmar military aircraft bombed a monastery in Sagaing region "
    "on Saturday, killing at least 14 people sheltering there, a local resistance group and "
    "residents said, days after the junta declared a temporary ceasefire to allow aid into "
    "earthquake-hit areas.\n\n"
    "The Kachin Independence Army said its fighters had repelled an attack by junta troops "
    "on its positions near Bhamo on Friday and captured two soldiers.\n\n"
    "A junta spokesman denied that the military had targeted civilians and accused the "
    "resistance of using the monastery as a weapons depot.\n\n"
    "Separately, unidentified gunmen shot dead a village administrator in Magway region on "
    "Sunday, state media reported."
)


@pytest.mark.parametrize("explain", [False, True])
def test_another_kind_of_act_in_a_short_text_keeps_its_own_type(extractor, explain):
    assert len(BRIEF.split()) <= NOTE_WORDS  # read as a note
    engine = extractor if not explain else Extractor(explain=True)
    doc = engine.extract(ArticleInput(id="brief", text=BRIEF, published="2025-11-03"))
    kinds = {e.evidence.text.split()[0]: e.sub_event_type for e in doc.events}
    assert kinds["Myanmar"] == "Air/drone strike"
    assert kinds["Separately,"] == "Attack"  # not the strike the whole text is about
    assert kinds["The"] == "Armed clash"
