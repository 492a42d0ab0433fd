"""A faster step for spaCy's rule lemmatizer, with the same lemmas.

The English lemmatizer (rule mode) walks every token in Python, making a `Token` object
and asking for its text, part of speech and morphology: about a tenth of the parse time.
Its lemma is a function of the token's (ORTH, POS, MORPH) alone (the rules read the
text, the universal tag and the morphological features, and nothing else), so `speed_up_lemmatizer`
reads those three columns as one array, looks each key up in a memo, asks the
lemmatizer itself only for keys it has not seen (the first token with that key), and writes
the LEMMA column back in one call. Tokens that already have a lemma (the attribute ruler
sets some) keep it, as the lemmatizer's own step does unless it is told to overwrite.
A lemmatizer in another mode (lookup, a custom one) is left as it is.

On a key it has not seen, the rule lemmatizer asks whether each candidate form is in the
index of known words: a list (57,000 nouns in English), scanned word by word. The index's
lists get a set beside them for that question (`_Words`), with the same answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from truceline.extract.fast_ruler import MEMO_SIZE  # keys remembered; forgotten all at once beyond

_COLUMNS = [ORTH, POS, MORPH, LEMMA]


class _Words(list[str]):
    """A list of words whose `in` is a set lookup: the same answer, without the scan."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def _index_as_sets(lemmatizer: Any) -> None:
    """Give each part of speech's list in the lemmatizer's `lemma_index` a set beside it."""
    if not lemmatizer.lookups.has_table("lemma_index"):
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _Words):
            table[key] = _Words(words)


class _FastLemmatize:
    """`__call__(doc)` as the rule lemmatizer's, from a memo of (ORTH, POS, MORPH) keys."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.own_call = type(lemmatizer).__call__
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not getattr(self.lemmatizer, "_validated", True):
            result: Doc = self.own_call(self.lemmatizer, doc)  # checks its tables first
            _index_as_sets(self.lemmatizer)
            return result
        if not len(doc):
            return doc
        columns = doc.to_array(_COLUMNS)
        overwrite = bool(self.lemmatizer.overwrite)
        memo = self.memo
        lemmas = columns[:, 3].copy()
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                text = self.lemmatizer.lemmatize(doc[i])[0]
                found = doc.vocab.strings.add(text)
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[key] = found
            lemmas[i] = found
            changed = True
        if changed:
            column: Any = lemmas.reshape(-1, 1).astype(np.uint64)
            doc.from_array([LEMMA], column)
        return doc


def speed_up_lemmatizer(nlp: Language) -> bool:
    """Give `nlp`'s rule lemmatizer the fast step; False when it keeps its own."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "lemmatize"):
        return False
    fast = _FastLemmatize(lemmatizer)
    _index_as_sets(lemmatizer)

    # The pipeline calls the component (its `pipe` calls `self(doc)` per doc): the same
    # object, of a subclass whose call is the fast step; its tables and settings stay.
    class FastLemmatizer(type(lemmatizer)):  # type: ignore[misc]
        def __call__(self, doc: Doc) -> Doc:
            return fast(doc)

    FastLemmatizer.__name__ = f"Fast{type(lemmatizer).__name__}"
    lemmatizer.__class__ = FastLemmatizer
    return True
