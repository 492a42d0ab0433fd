"""Sentence and paragraph boundaries, cheaply, before any statistical model runs.

A blank English spaCy pipeline (tokenizer + rule sentencizer) splits each
paragraph; blank lines are hard boundaries. "U.S." and "Gen." stay inside
sentences because the tokenizer keeps them whole. A dateline opening a paragraph
("KYIV, April 14 (Reuters) -") is a segment of its own: where the reporter filed
from is no part of the first sentence (no place, no subject of it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[A-Z\"'(\[])")
# "KYIV, April 14 (Reuters) -", "CAGAYAN DE ORO, Philippines -", "GAZA CITY (AP) —"
DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+)*"  # the city, in capitals
    r"(?:\s*,\s*[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*){0,3}){0,2}"  # ", Yemen, June 3"
    r"(?:\s*,?\s*\([^)]{1,40}\))?"  # " (Reuters)"
    r"\s*(?:-{1,2}|–|—|:)(?=\s|$)"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article: `text == article_text[start:end]`."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@lru_cache(maxsize=4)
def _splitter(tokenizer: Any = None) -> Language:
    """A blank English pipeline with the rule sentencizer; with `tokenizer` (the parsing
    pipeline's, whose rules are English's own), the words it splits are in that
    tokenizer's cache when the sentences are parsed, instead of being split twice."""
    nlp = spacy.blank("en")
    if tokenizer is not None:
        nlp.tokenizer = tokenizer
    nlp.add_pipe("sentencizer")
    return nlp


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str, *, tokenizer: Any = None) -> list[Sentence]:
    """All sentences of `text`, in order, with character offsets into `text`. The
    extraction passes its pipeline's `tokenizer` (English rules: the same sentences)."""
    nlp = _splitter(tokenizer)
    out: list[Sentence] = []
    paras = _paragraphs(text)
    docs = nlp.pipe(text[s:e] for s, e in paras)
    for p, ((pstart, _), doc) in enumerate(zip(paras, docs, strict=True)):
        for k, sent in enumerate(doc.sents):
            chunk = sent.text
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            start = pstart + sent.start_char + lead
            end = start + len(stripped)
            dateline = DATELINE.match(text, start, end) if k == 0 else None
            if dateline is not None and text[dateline.end() : end].strip():
                out.append(
                    Sentence(len(out), start, dateline.end(), text[start : dateline.end()], p)
                )
                rest = (
                    dateline.end()
                    + len(text[dateline.end() : end])
                    - len(text[dateline.end() : end].lstrip())
                )
                start = rest
            out.append(Sentence(len(out), start, end, text[start:end], p))
    return out
