"""Per-Doc caches: the same answers as spaCy's own accessors, computed once per parse."""

from __future__ import annotations

import gc

from spacy.tokens import Doc

from truceline.extract import doc_cache
from truceline.extract.doc_cache import doc_text, ent_at, ents_by_token


def test_doc_text_is_the_text_of_the_parse(nlp):
    doc = nlp("Rebels shelled the town of Kafr Nabl on Monday.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)


def _key(span):
    return None if span is None else (span.start, span.end, span.label_)


def test_ent_at_finds_the_entity_covering_each_token(nlp):
    doc = nlp("Turkish troops entered Idlib province on 9 May 2020, the ministry said.")
    assert any(ent_at(doc, tok.i) is not None for tok in doc)
    for tok in doc:
        expected = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        assert _key(ent_at(doc, tok.i)) == _key(expected)


def test_entities_by_token_follow_entities_set_on_a_doc(nlp):
    doc = Doc(nlp.vocab, words=["Troops", "left", "Kafr", "Nabl", "today"])
    doc.ents = [doc.char_span(12, 21, label="GPE")]
    assert [e.text if e is not None else None for e in ents_by_token(doc)] == [
        None,
        None,
        "Kafr Nabl",
        "Kafr Nabl",
        None,
    ]


def test_caches_do_not_keep_parses_alive(nlp):
    doc = nlp("Two soldiers were killed.")
    doc_text(doc)
    before = len(doc_cache._CACHES)
    del doc
    gc.collect()
    assert len(doc_cache._CACHES) < before


def test_forgetting_the_caches_frees_the_parses_their_spans_hold(nlp):
    import weakref

    doc = nlp("Rebels attacked Kafr Nabl on Monday.")
    ents_by_token(doc)  # cached spans refer to their doc
    alive = weakref.ref(doc)
    del doc
    doc_cache.forget_all()
    gc.collect()
    assert alive() is None
