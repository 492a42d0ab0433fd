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


@lru_cache(maxsize=1)
def _splitter() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of `text`, in order, with character offsets into `text`."""
    nlp = _splitter()
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
