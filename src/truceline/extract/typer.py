"""The event typer: the rules' decision and the learned model's, combined.

Every event the rules find is typed twice: by the rules (`truceline.extract.triggers`,
whose decision is recorded) and by the learned model (`truceline.extract.typing_model`)
reading the event's text (a short note as a whole, else the event's sentence). The
combined type is the one maximising the model's log-probability plus the rules' trust
on the type they chose (`EventTypeModel.combine`); that trust, per type the rules
choose, is fitted when the model is trained, on cross-validated predictions over the
training examples, so the rules count as much as they are right there and no more.

- `rule_types(texts)`: what the rules decide for each text (None: no event found);
- `train_typer(examples, with_defaults=...)`: the model `truceline train` fits, with the
  rules' decisions on its examples (the shipped examples added with `with_defaults`);
- `combined_type(model, text, rule_type)`: one event's combined type.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from truceline.data import load_data_file
from truceline.extract.normalise import normalise_text
from truceline.extract.sentences import DATELINE, split_sentences
from truceline.extract.triggers import (
    SEPARATE,
    detect_triggers,
    group_triggers,
    may_hold_event,
)
from truceline.extract.typing_model import (
    NO_EVENT,
    EventTypeModel,
    default_examples,
    train_model,
)
from truceline.schemas import SUB_EVENT_TO_TYPE, Document

log = logging.getLogger(__name__)

# A text this short is one event note (as `truceline.extract.pipeline` reads it).
NOTE_WORDS = 120


def is_note(text: str) -> bool:
    """Whether `text` is short enough to be one event note (`NOTE_WORDS`)."""
    return len(text.split()) <= NOTE_WORDS


__all__ = [
    "Example",
    "NoteOutcome",
    "TypeDecision",
    "combined_type",
    "explain_events",
    "note_outcomes",
    "rule_types",
    "train_typer",
]

# The types an act found by the rules can be retyped to: acts, not speech about them,
# sanctions, displacement or ceasefires (the rules keep those as separate events).
ACT_TYPES = frozenset(t for t in SUB_EVENT_TO_TYPE if t not in SEPARATE)


class Refinement(BaseModel):
    """The trust of the rules' type `rule` against the model's types `against`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    against: list[str]
    trust: float = Field(ge=0.0)
    why: str

    @field_validator("rule", "against")
    @classmethod
    def _known(cls, v: str | list[str]) -> str | list[str]:
        for t in [v] if isinstance(v, str) else v:
            if t not in SUB_EVENT_TO_TYPE:
                raise ValueError(f"{t!r} is not a sub-event type")
        return v


class OutcomeExample(BaseModel):
    """A note the project wrote and the type expected of its primary event."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    type: str

    _types = field_validator("type")(classmethod(lambda cls, v: _known_type(v)))


class Outcome(BaseModel):
    """In a note, the rules' act `act` is of the first type of `told` the note also tells."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    act: str
    told: list[str] = Field(min_length=1)
    why: str
    examples: list[OutcomeExample] = Field(min_length=1)

    @field_validator("act", "told")
    @classmethod
    def _known(cls, v: str | list[str]) -> str | list[str]:
        for t in [v] if isinstance(v, str) else v:
            _known_type(t)
        return v


def _known_type(t: str) -> str:
    if t not in SUB_EVENT_TO_TYPE:
        raise ValueError(f"{t!r} is not a sub-event type")
    return t


class Refinements(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entries: list[Refinement]
    outcomes: list[Outcome] = []


@lru_cache(maxsize=1)
def refinements() -> dict[str, dict[str, float]]:
    """Per type the rules choose, the model's types against which the rules' type has a
    trust of its own, and that trust (`data/typing_refinements.yaml`)."""
    table = load_data_file("typing_refinements.yaml", Refinements)
    out: dict[str, dict[str, float]] = {}
    for r in table.entries:
        out.setdefault(r.rule, {}).update(dict.fromkeys(r.against, r.trust))
    return out


@lru_cache(maxsize=1)
def outcomes() -> tuple[Outcome, ...]:
    """The entries of `outcomes` in `data/typing_refinements.yaml`, in order."""
    return tuple(load_data_file("typing_refinements.yaml", Refinements).outcomes)


@dataclass(frozen=True, slots=True)
class NoteOutcome:
    """An act of a note typed by what another act of the note tells: the type, the
    outcome entry's id and the index of the act that told it (whose actors it takes)."""

    sub_event_type: str
    rule_id: str
    told_by: int


def note_outcomes(rule_types: Sequence[str | None]) -> list[NoteOutcome | None]:
    """For the acts of one note, in order, how the note's other acts decide its type
    (None: the act's own reading stands). A note tells one event, so what its other acts
    tell can decide that event's type: a clash after which one side holds the place is
    the change of territory (`outcomes` in data/typing_refinements.yaml)."""
    out: list[NoteOutcome | None] = []
    for rule_type in rule_types:
        decided = None
        for entry in outcomes():
            if rule_type != entry.act:
                continue
            found = next((i for i, t in enumerate(rule_types) if t in entry.told), None)
            if found is not None:
                decided = NoteOutcome(str(rule_types[found]), entry.id, found)
                break
        out.append(decided)
    return out


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text: a sentence or a note and its sub-event type (or "No event")."""

    text: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class TypeDecision:
    """How one event was typed: by the rules, by the model, and the combined type."""

    rule_type: str | None
    model_type: str
    model_probability: float
    sub_event_type: str
    confidence: float


def rule_types(texts: Sequence[str], nlp=None) -> list[str | None]:
    """What the rules decide for each text: the type of the first act the triggers find
    (a speech act, sanction, displacement or ceasefire when it tells no act), else None."""
    from truceline.extract.nlp import load_pipeline

    nlp = nlp or load_pipeline()
    where: list[tuple[int, int, str]] = []  # (text, sentence, sentence text)
    following: dict[tuple[int, int], str] = {}
    for t, text in enumerate(texts):
        sentences = split_sentences(normalise_text(text))
        for k, s in enumerate(sentences):
            if DATELINE.fullmatch(s.text) or not may_hold_event(s.text):
                continue
            where.append((t, k, s.text))
            if is_note(text):  # a note: the rest of it (as the pipeline)
                following[t, k] = " ".join(n.text for n in sentences[k + 1 :])
            elif k + 1 < len(sentences) and sentences[k + 1].paragraph == s.paragraph:
                following[t, k] = sentences[k + 1].text
    out: list[str | None] = [None] * len(texts)
    separate: list[str | None] = [None] * len(texts)
    docs = nlp.pipe((s for _, _, s in where), batch_size=256)
    for (t, k, _), doc in zip(where, docs, strict=True):
        if out[t] is not None:
            continue
        for trig in group_triggers(detect_triggers(doc, following=following.get((t, k), ""))):
            if trig.sub_event_type in SEPARATE:
                separate[t] = separate[t] or trig.sub_event_type
            else:
                out[t] = trig.sub_event_type
                break
    return [act or other for act, other in zip(out, separate, strict=True)]


def train_typer(
    examples: Iterable[Example | tuple[str, str]],
    *,
    with_defaults: bool = False,
    rule_trust: float | None = None,
) -> EventTypeModel:
    """The typing model fitted on `examples` (plus the shipped examples with
    `with_defaults`). How much the rules' decisions count beside it is measured on the
    examples (per type the rules choose, on cross-validated predictions), unless
    `rule_trust` fixes one trust for every type.
    Raises `ModelError` when the examples hold fewer than two types."""
    pairs = [(e.text, e.sub_event_type) if isinstance(e, Example) else e for e in examples]
    if with_defaults:
        pairs += default_examples()
    rules = rule_types([t for t, _ in pairs]) if rule_trust is None else None
    log.info("training the event typer on %d examples", len(pairs))
    model = train_model(pairs, rule_labels=rules)
    if rule_trust is not None:
        model.rule_trust = {"*": rule_trust}
        model.provenance["rule_trust_from"] = "fixed"
    model.provenance["with_defaults"] = with_defaults
    return model


def combined_type(
    model: EventTypeModel,
    probs: dict[str, float],
    rule_type: str | None,
    *,
    rules_stand: bool = False,
) -> TypeDecision:
    """One event's type from the model's probabilities for its text and the rules' type.

    An act (found by the rules, or by the model in a note no rule reads) stays an act:
    the model's "No event", speech, sanction, displacement and ceasefire readings do not
    apply to it. Against some of the model's types the rules' type has a trust of its own
    (`data/typing_refinements.yaml`): less where the model may refine it, more where the
    rules read something more specific than the model. A speech act or other separate
    event the rules found keeps its type.
    With `rules_stand` (an act in a long report, whose sentence the model reads out of
    its context), the rules' type stands and the model's reading is only recorded."""
    allowed: Iterable[str] = ACT_TYPES
    if rule_type is not None and rule_type not in ACT_TYPES:
        # speech acts, sanctions, displacement and ceasefires stay the rules' call
        allowed = {rule_type}
    known = {k: v for k, v in probs.items() if k != NO_EVENT}
    model_type, model_p = max(known.items(), key=lambda kv: kv[1]) if known else (NO_EVENT, 0.0)
    if rules_stand and rule_type is not None:
        return TypeDecision(rule_type, model_type, round(model_p, 3), rule_type, 1.0)
    eased = refinements().get(rule_type, {}) if rule_type is not None else {}
    label, share = model.combine(probs, rule_type, allowed, eased)
    return TypeDecision(rule_type, model_type, round(model_p, 3), label, round(share, 3))


def explain_events(doc: Document) -> list[str]:
    """One line per event saying why it has its type: the rules that typed it (ids), the
    rules' type, the model's most probable type and the combined type."""
    lines = []
    for ev in doc.events:
        trace = ev.typing
        if trace is None:
            lines.append(f"{doc.article.id} {ev.id} {ev.sub_event_type}: (no typing record)")
            continue
        model = (
            f"{trace.model_type} ({trace.model_probability:.2f})"
            if trace.model_type is not None and trace.model_probability is not None
            else "-"
        )
        lines.append(
            f"{doc.article.id} {ev.id} {ev.sub_event_type}: rules [{', '.join(trace.rules)}] "
            f"-> {trace.rule_type or '-'}; model -> {model}; combined -> {ev.sub_event_type}"
        )
    return lines
