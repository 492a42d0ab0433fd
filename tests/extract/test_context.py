"""ArticleContext: every sentence's parse is made once and shared."""

from __future__ import annotations

from truceline.extract.context import ArticleContext
from truceline.extract.nlp import load_pipeline
from truceline.extract.sentences import split_sentences
from truceline.schemas import ArticleInput


def _context(text: str) -> ArticleContext:
    return ArticleContext(
        article=ArticleInput(id="t", text=text), text=text, sentences=split_sentences(text)
    )


def test_a_sentence_is_parsed_on_first_use_and_kept(article_context):
    ctx = _context("Troops shelled the town. The governor said so.")
    doc = ctx.sentence_doc(1)
    assert doc.text == "The governor said so."
    assert ctx.sentence_doc(1) is doc
    assert set(ctx.docs) == {1}


def test_the_pipelines_parse_of_a_sentence_is_the_one_returned(article_context):
    ctx = article_context("Troops shelled the town. The governor said so.")
    assert ctx.sentence_doc(0) is ctx.parsed[0].doc
    assert not ctx.docs


def test_the_default_pipeline_is_loaded_once():
    assert load_pipeline() is load_pipeline(None)
