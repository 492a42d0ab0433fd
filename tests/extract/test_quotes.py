"""Direct quotations and their speakers, in invented articles."""

from __future__ import annotations

import pytest

from truceline.countries import countries_in_text
from truceline.extract.context import ArticleContext, ParsedSentence
from truceline.extract.normalise import normalise_text
from truceline.extract.quotes import extract_quotes
from truceline.extract.sentences import split_sentences
from truceline.schemas import ArticleInput, Quote


@pytest.fixture(scope="module")
def quotes_of(nlp):
    """quotes_of(text) -> (normalised text, quotes), with only the quote sentences parsed."""

    def _run(text: str) -> tuple[str, list[Quote]]:
        norm = normalise_text(text)
        ctx = ArticleContext(
            article=ArticleInput(id="t", text=text),
            text=norm,
            sentences=split_sentences(norm),
        )
        for s in ctx.sentences:
            if '"' in s.text:
                ctx.parsed[s.index] = ParsedSentence(s, nlp(s.text))
        ctx.countries = countries_in_text(norm)
        return norm, extract_quotes(ctx)

    return _run


def side(q: Quote) -> tuple[str | None, str]:
    return q.speaker.country, q.speaker.group()


@pytest.mark.parametrize(
    ("text", "quoted", "speaker"),
    [
        (
            "\u201cWe will respond to every violation,\u201d said Hamas spokesman Abu Obeida.",
            "We will respond to every violation,",
            ("PSE", "armed"),
        ),
        (
            'The Azerbaijani defence ministry said: "The enemy fired at our positions near '
            'Tartar."',
            "The enemy fired at our positions near Tartar.",
            ("AZE", "state"),
        ),
        (
            "Lebanon's army called the strike a \u201cflagrant violation\u201d of the truce.",
            "flagrant violation",
            ("LBN", "state"),
        ),
        (
            '"Two of our soldiers were wounded," the Ukrainian General Staff told reporters '
            "on Monday.",
            "Two of our soldiers were wounded,",
            ("UKR", "state"),
        ),
    ],
)
def test_quotation_gets_its_speaker_and_offsets(quotes_of, text, quoted, speaker):
    norm, quotes = quotes_of(text)
    assert [q.text for q in quotes] == [quoted]
    q = quotes[0]
    assert norm[q.start : q.end] == q.text
    assert side(q) == speaker


def test_quotation_over_two_sentences_takes_the_speaker_named_at_its_end(quotes_of):
    text = (
        '"The shelling lasted all night. Three houses burned," a spokesman for the '
        "Armenian defence ministry said."
    )
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["The shelling lasted all night. Three houses burned,"]
    assert side(quotes[0]) == ("ARM", "state")


def test_quotation_left_open_goes_on_in_the_next_paragraph(quotes_of):
    text = (
        '"The ceasefire was broken at dawn.\n\n'
        '"Our positions came under mortar fire," the Ethiopian army said.'
    )
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == [
        "The ceasefire was broken at dawn.",
        "Our positions came under mortar fire,",
    ]
    assert {side(q) for q in quotes} == {("ETH", "state")}


def test_untagged_quotation_belongs_to_the_speaker_before_it(quotes_of):
    text = (
        '"Escalation is possible," said Paul Ivers, a former adviser to the U.S. State '
        'Department.\n\n"But neither side wants a wider war."'
    )
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == [
        "Escalation is possible,",
        "But neither side wants a wider war.",
    ]
    assert quotes[0].speaker == quotes[1].speaker
    assert side(quotes[1]) == ("USA", "person")


@pytest.mark.parametrize(
    "text",
    [
        'According to "Xinhua", five soldiers were injured near the "Garden Gate" park.',
        "No quotation marks at all in this sentence about the truce.",
    ],
)
def test_quoted_names_are_not_quotations(quotes_of, text):
    _, quotes = quotes_of(text)
    assert quotes == []
