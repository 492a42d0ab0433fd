"""Shared fixtures: the real spaCy pipeline, one default extractor, and parsed sentences
written by the tests."""

from __future__ import annotations

import pytest

from truceline.extract.context import ArticleContext, ParsedSentence
from truceline.extract.nlp import load_pipeline
from truceline.extract.normalise import normalise_text
from truceline.extract.sentences import split_sentences
from truceline.schemas import ArticleInput


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def extractor():
    """The default extractor (rules, the shipped typer), shared as a long run shares it."""
    from truceline.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def parse(nlp):
    """parse(text) -> ParsedSentence of the first sentence of `text`."""

    def _parse(text: str) -> ParsedSentence:
        sentence = split_sentences(text)[0]
        return ParsedSentence(sentence, nlp(sentence.text))

    return _parse


@pytest.fixture(scope="session")
def article_context(nlp):
    """article_context(text, published=None) -> ArticleContext with every sentence parsed."""

    def _build(text: str, published: str | None = None) -> ArticleContext:
        norm = normalise_text(text)
        ctx = ArticleContext(
            article=ArticleInput(id="t", text=text, published=published),
            text=norm,
            sentences=split_sentences(norm),
        )
        for s in ctx.sentences:
            ctx.parsed[s.index] = ParsedSentence(s, nlp(s.text))
        return ctx

    return _build


# The store fixtures (db_url over SQLite and PostgreSQL, pg_server, pg_url): tests/pg.py.
from pg import db_url, pg_server, pg_url  # noqa: E402, F401


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current extraction (review the diff)",
    )
