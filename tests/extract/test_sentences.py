import pytest

from truceline.extract.sentences import split_sentences


def test_sentences_carry_offsets_into_the_text():
    text = "Fighting resumed on Monday. The U.S. envoy urged calm.\n\nA new paragraph starts here."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Fighting resumed on Monday.",
        "The U.S. envoy urged calm.",
        "A new paragraph starts here.",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text
    assert [s.paragraph for s in sents] == [0, 0, 1]


def test_headline_without_full_stop_is_its_own_sentence():
    text = "Truce collapses in the north\n\nClashes broke out at dawn."
    sents = split_sentences(text)
    assert sents[0].text == "Truce collapses in the north"
    assert sents[1].paragraph == 1


def test_blank_text_has_no_sentences():
    assert split_sentences("  \n\n ") == []


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        (
            "KYIV, April 14 (Reuters) - Russian forces shelled Kharkiv.",
            "KYIV, April 14 (Reuters) -",
        ),
        ("YANGON (AFP) - The military carried out air strikes.", "YANGON (AFP) -"),
        ("GAZA CITY (AP) — Israeli jets struck the camp.", "GAZA CITY (AP) —"),
        ("RAWALPINDI: A civilian was killed.", "RAWALPINDI:"),
    ],
)
def test_a_dateline_is_a_segment_of_its_own(text, dateline):
    first, second = split_sentences(text)
    assert first.text == dateline
    assert second.text == text[len(dateline) :].strip()
    assert text[second.start : second.end] == second.text


@pytest.mark.parametrize(
    "text", ["UN: the truce holds.", "The US - and its allies - agreed.", "Kyiv - a city at war."]
)
def test_short_capitals_and_dashes_inside_a_sentence_are_no_dateline(text):
    assert [s.text for s in split_sentences(text)] == [text]
