"""Per-Doc caches of what the extraction stages read again and again from one parse.

spaCy rebuilds `Doc.text` (a join over every token) and `Doc.ents` (a new Span per
entity) on each access; the stages ask for them per token. These helpers compute them
once per Doc and keep them as long as the Doc lives (weakly keyed), or until
`forget_all` (a cached Span or Token holds its Doc: the extraction forgets its caches
after each batch of articles, else they would keep every parse alive). A Doc must not
be changed (`doc.ents = ...`, retokenising) after the first call; the pipeline never
changes its parses.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span

_CACHES: WeakKeyDictionary[Doc, dict[Any, Any]] = WeakKeyDictionary()


def doc_cache(doc: Doc) -> dict[Any, Any]:
    """A dict that lives as long as `doc`, for caches of its modules (keys: module names)."""
    cache = _CACHES.get(doc)
    if cache is None:
        cache = {}
        _CACHES[doc] = cache
    return cache


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once."""
    cache = doc_cache(doc)
    text = cache.get("text")
    if text is None:
        text = cache["text"] = doc.text
    return text


def text_of(doc: Doc | Span) -> str:
    """The text of a Doc (built once, `doc_text`) or of a Span."""
    return doc_text(doc) if isinstance(doc, Doc) else doc.text


def ents_by_token(doc: Doc) -> list[Span | None]:
    """For each token of `doc`, the named entity covering it (None outside entities)."""
    cache = doc_cache(doc)
    found = cache.get("ents_by_token")
    if found is None:
        found = [None] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                if found[i] is None:  # the first entity covering a token, as a scan finds it
                    found[i] = ent
        cache["ents_by_token"] = found
    return found


def ent_at(doc: Doc, i: int) -> Span | None:
    """The named entity covering token `i` of `doc`, or None."""
    return ents_by_token(doc)[i]


def forget_all() -> None:
    """Drop every cache (they are rebuilt on demand): frees the parses their values hold."""
    _CACHES.clear()
