"""truceline's word classes, defined once in `data/lexicon.yaml` and read here.

A class is a set of lemmas (`lemmas("speech_verbs")`, compared with a token's lemma)
or a pattern over text (`pattern("civilians")`, a case-insensitive compiled regular
expression built from the class's words or its own regex). Every module that asks "is
this a crowd word?" imports the class from here, so there is one list to correct.
The file is checked against a schema on load: an unknown key, a class with neither
lemmas nor words nor regex, or a regex that does not compile is a `ModelError`
naming the class.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict, model_validator

from truceline.data import load_data_file
from truceline.errors import ModelError

__all__ = ["WordClass", "class_names", "lemmas", "pattern", "word_class"]


class WordClass(BaseModel):
    """One named class of words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str | None = None
    lemmas: list[str] | None = None
    words: list[str] | None = None
    regex: str | None = None
    open_end: bool = False
    extends: list[str] = []

    @model_validator(mode="after")
    def _one_kind(self) -> WordClass:
        kinds = [k for k in (self.lemmas, self.words, self.regex) if k is not None]
        if len(kinds) != 1:
            raise ValueError("a class has exactly one of `lemmas`, `words` or `regex`")
        return self

    def source(self) -> str:
        """The class's own regular expression (words joined as whole-word alternatives)."""
        if self.regex is not None:
            return self.regex
        if self.words is None:
            raise ModelError("a lemma class has no text pattern; use lemmas()")
        return r"\b(" + "|".join(self.words) + ")" + ("" if self.open_end else r"\b")


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    classes: dict[str, WordClass]


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    lex = load_data_file("lexicon.yaml", Lexicon)
    for name, wc in lex.classes.items():
        for parent in wc.extends:
            if parent not in lex.classes:
                raise ModelError(f"data/lexicon.yaml: class {name!r} extends unknown {parent!r}")
    return lex


def class_names() -> list[str]:
    return list(_lexicon().classes)


def word_class(name: str) -> WordClass:
    """The class called `name`; `ModelError` listing the known names when there is none."""
    wc = _lexicon().classes.get(name)
    if wc is None:
        raise ModelError(
            f"no word class {name!r} in data/lexicon.yaml (known: {', '.join(class_names())})"
        )
    return wc


@cache
def lemmas(name: str) -> frozenset[str]:
    """The lemmas of a lemma class."""
    wc = word_class(name)
    if wc.lemmas is None:
        raise ModelError(f"word class {name!r} is a text pattern, not lemmas; use pattern()")
    return frozenset(wc.lemmas)


@cache
def pattern(name: str) -> re.Pattern[str]:
    """A text class as one case-insensitive pattern (its words, then those it extends)."""
    wc = word_class(name)
    if wc.lemmas is not None:
        raise ModelError(f"word class {name!r} is a set of lemmas, not a pattern; use lemmas()")
    parts = [word_class(parent).source() for parent in wc.extends] + [wc.source()]
    try:
        return re.compile("|".join(parts), re.I)
    except re.error as exc:
        raise ModelError(f"data/lexicon.yaml: class {name!r} does not compile ({exc})") from exc
