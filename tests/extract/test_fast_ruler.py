"""The attribute ruler's fast match step gives spaCy's own matches."""

from __future__ import annotations

import pytest
import spacy

from truceline.extract.fast_ruler import _FastMatch, speed_up

SENTENCES = [
    "He ain't gonna stop, y'all gotta see it.",
    "Let's go: there's nothin' left, and there are two of them.",
    "I told her that it was over; she gets it and he got it.",
    "Is it true?  Whether they do or not, we will.",
    "The  army\n\nsaid  it had shelled   the town but that it would stop.",
    "Cannot, won't, shouldn't've, dunno.",
    "Them, those and that: which one did you mean?",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def plain():
    """The English pipeline as spaCy loads it (its ruler's own Matcher)."""
    from truceline.extract.nlp import CANDIDATES

    for name in CANDIDATES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.fail("no English spaCy model installed")


@pytest.mark.parametrize("text", SENTENCES)
def test_the_fast_match_finds_the_rulers_own_matches(plain, text):
    ruler = plain.get_pipe("attribute_ruler")
    fast = _FastMatch(ruler)
    with plain.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = plain(text)
    assert fast(doc) == sorted(ruler.match(doc))
    assert fast(doc) == sorted(ruler.match(doc))  # and again, from its memo


def test_the_project_pipeline_annotates_as_spacy_does(plain, nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").match, _FastMatch)
    for ours, theirs in zip(nlp.pipe(SENTENCES), plain.pipe(SENTENCES), strict=True):
        assert [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in ours] == [
            (t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in theirs
        ]


def test_a_ruler_with_a_pattern_it_cannot_read_keeps_its_own_match():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": 3}]], {"NORM": "three"})
    assert not speed_up(nlp)
    assert not isinstance(ruler.match, _FastMatch)


def test_a_ruler_of_supported_patterns_is_sped_up_and_matches_the_same():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["cease", "halt"]}}]], {"NORM": "stop"})
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^fire"}}]], {"NORM": "fire"})
    doc = nlp.make_doc("They halt the firefight, gonna cease fire.")
    expected = sorted(ruler.match(doc))
    assert speed_up(nlp)
    assert ruler.match(doc) == expected
    assert nlp("They halt, gonna cease.")[1].norm_ == "stop"
