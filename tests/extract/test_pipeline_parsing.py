"""The extraction parses each sentence it reads once, in batches."""

from __future__ import annotations

import pytest

from truceline.extract.pipeline import _context, _triggers_of, _with_tail
from truceline.schemas import ArticleInput

pytestmark = pytest.mark.slow

TEXT = (
    "Officials in the province met on Sunday.\n\n"
    "Rebels shelled the village of Marda on Monday. "
    "Four farmers lost their lives there. "
    "The local governor told reporters about it.\n\n"
    "Markets reopened later in the week."
)


@pytest.fixture
def parsed(extractor):
    ctx = _context(ArticleInput(id="t", text=TEXT, published="2024-03-04"))
    extractor._parse([ctx])
    return ctx


def test_event_sentences_drive_the_stages_and_speech_sentences_are_parsed_aside(parsed):
    texts = {parsed.sentences[i].text for i in parsed.parsed}
    assert "Rebels shelled the village of Marda on Monday." in texts
    assert "Markets reopened later in the week." not in texts
    aside = {parsed.sentences[i].text for i in parsed.docs}
    assert "The local governor told reporters about it." in aside
    assert not texts & aside


def test_the_sentences_around_an_event_are_parsed_in_one_batch(extractor, parsed):
    triggers = _triggers_of(parsed)
    extractor._parse_around([parsed], [triggers])
    shelled = next(i for i, s in enumerate(parsed.sentences) if "shelled" in s.text)
    assert {shelled - 1, shelled + 1} <= set(parsed.docs) | set(parsed.parsed)
    assert 4 not in parsed.docs  # the last paragraph is nobody's neighbour or tail


def test_a_sentence_and_its_tail_are_one_doc_of_the_joined_text(extractor, parsed):
    shelled = next(i for i, s in enumerate(parsed.sentences) if "shelled" in s.text)
    tail = [shelled + 1, shelled + 2]
    doc = _with_tail(parsed, parsed.parsed[shelled], tail)
    assert doc.text == " ".join(parsed.sentences[i].text for i in [shelled, *tail])
    assert _with_tail(parsed, parsed.parsed[shelled], tail) is doc


def test_the_toll_told_in_the_tail_is_the_events(extractor):
    doc = extractor.extract(ArticleInput(id="t", text=TEXT, published="2024-03-04"))
    shelling = next(e for e in doc.events if "shelled" in e.evidence.text)
    assert shelling.fatalities == 4
