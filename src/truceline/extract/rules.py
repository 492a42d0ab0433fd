"""The typing-rule engine: ordered data entries `{id, when, unless, then, examples}`.

`data/typing_rules.yaml` holds the language (which words beside a trigger turn its type
into another); this module holds the engine. An entry applies to a trigger when every
condition of its `when` holds and no `unless` condition does; the first entry that
applies decides the type (`then`; null: the word reports no event here). Conditions:

- `type`: the type the trigger proposes is one of these;
- `lemma`: the trigger's lemma is one of these;
- `words`: the sentence holds a word of every named class of `data/lexicon.yaml`;
- `regex`: the sentence matches this regular expression (case-insensitive);
- `actors`: the sentence names an actor of `data/actors.yaml` of one of these kinds
  (`rebels`, `state_forces`, ...: the contract's actor kinds); an actor that ACLED codes,
  from some date, as a state's forces (`data/acled_actor_conventions.yaml`: a de facto
  authority) is of no kind here, since the rules do not read the date.

Each entry carries `examples` (sentences the project wrote, with the type expected of
the sentence's act); `tests/extract/test_rules.py` runs every one. The file is validated
on load: an unknown key, type or word class, a bad regex or a repeated id is a
`ModelError` naming the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from truceline.data import load_data_file
from truceline.errors import ModelError
from truceline.extract.actor_lexicon import named_actors
from truceline.extract.lexicon import pattern, word_class
from truceline.schemas import SUB_EVENT_TO_TYPE, ActorKind

__all__ = ["Applied", "Rule", "apply_rules", "typing_rules"]


def _known_types(values: list[str] | None) -> list[str] | None:
    for v in values or ():
        if v not in SUB_EVENT_TO_TYPE:
            raise ValueError(f"{v!r} is not a sub-event type")
    return values


class Condition(BaseModel):
    """What must hold of a trigger and its sentence (all given fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: list[str] | None = None
    lemma: list[str] | None = None
    words: list[str] | None = None
    regex: str | None = None
    actors: list[ActorKind] | None = None

    _types = field_validator("type")(classmethod(lambda cls, v: _known_types(v)))

    @field_validator("words")
    @classmethod
    def _known_classes(cls, v: list[str] | None) -> list[str] | None:
        for name in v or ():
            word_class(name)  # ModelError when unknown
        return v

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        if v is not None:
            re.compile(v)
        return v

    @cached_property
    def _regex(self) -> re.Pattern[str] | None:
        return re.compile(self.regex, re.I) if self.regex is not None else None

    def holds(self, sub: str, lemma: str, text: str) -> bool:
        if self.type is not None and sub not in self.type:
            return False
        if self.lemma is not None and lemma not in self.lemma:
            return False
        if self.words is not None and not all(pattern(n).search(text) for n in self.words):
            return False
        if self.actors is not None and not any(
            entry.kind in self.actors and entry.name not in _de_facto_authorities()
            for _, _, entry in named_actors(text)
        ):
            return False
        return self._regex is None or bool(self._regex.search(text))


@lru_cache(maxsize=1)
def _de_facto_authorities() -> frozenset[str]:
    """Named actors that ACLED codes as a state's forces from some date on."""
    from truceline.extract.actor_conventions import acled_conventions

    return frozenset(c.actor for c in acled_conventions())


class RuleExample(BaseModel):
    """A sentence the project wrote and the type its act should get (null: no event)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    type: str | None

    @field_validator("type")
    @classmethod
    def _known(cls, v: str | None) -> str | None:
        _known_types([v] if v is not None else None)
        return v


class Rule(BaseModel):
    """One typing refinement."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    about: str | None = None
    when: Condition
    unless: list[Condition] = []
    then: str | None
    examples: list[RuleExample] = Field(min_length=1)

    @field_validator("then")
    @classmethod
    def _known(cls, v: str | None) -> str | None:
        _known_types([v] if v is not None else None)
        return v

    def applies(self, sub: str, lemma: str, text: str) -> bool:
        return self.when.holds(sub, lemma, text) and not any(
            u.holds(sub, lemma, text) for u in self.unless
        )


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Rule]


@dataclass(frozen=True, slots=True)
class Applied:
    """The entry that decided a trigger's type: its id and the type (None: no event)."""

    rule_id: str
    sub_event_type: str | None


@lru_cache(maxsize=1)
def typing_rules() -> tuple[Rule, ...]:
    """The entries of `data/typing_rules.yaml`, in order, validated."""
    try:
        rules = load_data_file("typing_rules.yaml", RuleSet).rules
    except re.error as exc:  # a pattern a validator compiles
        raise ModelError(f"data/typing_rules.yaml is malformed: {exc}") from exc
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ModelError(f"data/typing_rules.yaml: rule id {rule.id!r} is used twice")
        seen.add(rule.id)
    return tuple(rules)


def apply_rules(sub: str, lemma: str, text: str) -> Applied | None:
    """The first entry that applies to a trigger of type `sub` and lemma `lemma` in
    sentence `text`, or None when none does (the type stands)."""
    for rule in typing_rules():
        if rule.applies(sub, lemma, text):
            return Applied(rule.id, rule.then)
    return None
