"""The lemmatizer's fast step gives the lemmas of spaCy's own."""

from __future__ import annotations

import pytest
import spacy

from truceline.extract.fast_lemmatizer import speed_up_lemmatizer

SENTENCES = [
    "The gunmen were fleeing after they had shot two guards and burned the stores.",
    "She says the talks are going nowhere; they went home, and he'd gone too.",
    "Mortars landed near the bridges while the children were sleeping.",
    "Better, best, worse and worst: the fighters' positions kept shifting.",
    "Troops shelled the town. Troops shelled the town again.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def pair():
    from truceline.extract.nlp import CANDIDATES

    for name in CANDIDATES:
        try:
            plain, fast = spacy.load(name, exclude=["ner"]), spacy.load(name, exclude=["ner"])
        except OSError:
            continue
        assert speed_up_lemmatizer(fast)
        return plain, fast
    pytest.fail("no English spaCy pipeline installed")


@pytest.mark.parametrize("text", SENTENCES)
def test_the_same_lemmas_as_spacys_lemmatizer(pair, text):
    plain, fast = pair
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]


def test_a_repeated_word_is_lemmatised_from_the_memo_alike(pair):
    _, fast = pair
    first, second = fast("Rebels were shelling the hills."), fast("Rebels were shelling the hills.")
    assert [t.lemma_ for t in first] == [t.lemma_ for t in second]
    assert first[2].lemma_ == "shell"


def test_a_lemma_already_set_is_kept(pair):
    _, fast = pair
    doc = fast.make_doc("Guards opened fire.")
    for _, proc in fast.pipeline[:-1]:
        doc = proc(doc)
    doc[0].lemma_ = "SENTINEL"
    assert fast.get_pipe("lemmatizer")(doc)[0].lemma_ == "SENTINEL"
    assert doc[1].lemma_ == "open"


def test_a_pipeline_without_a_rule_lemmatizer_is_left_alone():
    assert speed_up_lemmatizer(spacy.blank("en")) is False


def test_the_index_of_known_words_answers_as_the_list_did(pair):
    plain, fast = pair
    own = plain.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    sped = fast.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(type(words) is list for words in own.values())  # the other pipeline's own
    for key, words in own.items():
        faster = sped[key]
        assert type(faster) is not list
        assert list(faster) == words
        for word in [*words[:50], *words[-50:], "zzxq", "", words[0].upper()]:
            assert (word in faster) == (word in words)


def test_unseen_inflections_get_the_rule_lemmatizers_lemmas(pair):
    plain, fast = pair
    text = "Drones were strafing the redoubts; the sappers had unmined the culverts."
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]
