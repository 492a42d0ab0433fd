"""What every extraction stage reads: the article, its sentences and their parses."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from truceline.extract.nlp import load_pipeline
from truceline.extract.sentences import Sentence
from truceline.schemas import ArticleInput

if TYPE_CHECKING:
    from truceline.extract.triggers import Trigger


@dataclass(slots=True)
class ParsedSentence:
    """A sentence with its spaCy parse. Token `.idx` + `offset` = article offset."""

    sentence: Sentence
    doc: Doc

    @property
    def offset(self) -> int:
        return self.sentence.start


@dataclass(slots=True)
class ArticleContext:
    """The article as the stages see it."""

    article: ArticleInput
    text: str  # normalised, same length as article.text
    sentences: list[Sentence]
    # A short event note (`typer.is_note`): it tells one event, as ACLED writes them.
    note: bool = False
    parsed: dict[int, ParsedSentence] = field(default_factory=dict)  # by sentence index
    # ISO3 codes of the countries the text talks about, with weights: country names,
    # demonyms, capitals and unambiguous places. Used to disambiguate places and actors.
    countries: Counter[str] = field(default_factory=Counter)
    # The place mentions of each parsed sentence (`truceline.geo.mentions.PlaceMention`).
    places: dict[int, list] = field(default_factory=dict)
    # Parses of sentences outside `parsed` (those the stages read for speakers, tolls...).
    docs: dict[int, Doc] = field(default_factory=dict)
    # Readings the stages dropped, by reason ("negated", "hypothetical", "tally"...).
    discards: Counter[str] = field(default_factory=Counter)
    # Countries of the armed sides of acts dropped as background (a habit, a tally): no
    # event of their own, they still tell who fights ("troops continue to fight on").
    background_sides: Counter[str] = field(default_factory=Counter)
    # Types of acts the rules read but dropped as too vague to be events of their own (no
    # place, no day: "Rebels capture X", X unknown). In a note they still tell what the
    # note's event came to (`typer.note_outcomes`).
    unplaced_acts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (type, rules)
    # Acts told only as what a side is accused of, where the charge names no place the
    # gazetteer knows ("the rebels accused troops of burning X", X unknown): by sentence
    # index, the trigger (`triggers.Trigger`). A note that tells nothing else is about
    # such an act, as ACLED codes it.
    charged_acts: list[tuple[int, Trigger]] = field(default_factory=list)
    # The learned typer's probabilities for the whole text of a note, once read.
    note_probs: dict[str, float] | None = None

    @property
    def published(self) -> dt.date | None:
        return self.article.published_date()

    def sentence_doc(self, idx: int) -> Doc:
        """The parse of sentence `idx`: the pipeline's, or one made now (once) and kept."""
        ps = self.parsed.get(idx)
        if ps is not None:
            return ps.doc
        doc = self.docs.get(idx)
        if doc is None:
            doc = self.docs[idx] = load_pipeline()(self.sentences[idx].text)
        return doc
