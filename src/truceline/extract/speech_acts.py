"""Speech acts told alongside the acts they speak of.

An analyst codes two things in "the army said rebels violated the truce by shelling
Tegh": the shelling (alleged, the army its claimant) and the army's accusation. The
triggers find accusations and denials told with their own verbs ("accused", "denied");
this stage adds the ones told only through the act:

- an act one side tells of the other as a breach of a truce ("violated the ceasefire by
  shelling", "unprovoked firing", "shelled X despite the truce") is also an `Accusation`
  by the claimant of the act's author;
- an act told as denied ("rejected the claim that its troops shelled X", "it carried out
  no such strikes") is also a `Denial` by whoever denies it.

The accusation or denial is always an event beside the act, never instead of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from truceline.countries import country_name
from truceline.extract.actors import resolve_actor
from truceline.extract.doc_cache import text_of
from truceline.extract.event_types import SPEECH_ACTS
from truceline.extract.merge import Reading
from truceline.extract.speakers import DENY_VERBS, lemma
from truceline.extract.triggers import CEASEFIRE_WORDS, VIOLATION_CUES
from truceline.schemas import Actor, Event

# Words by which a claimant calls the other side's act a breach ("unprovoked firing").
BREACH_WORDS = frozenset(("unprovoked",))
_DESPITE_TRUCE = re.compile(
    r"\b(?:despite|in (?:violation|breach) of|flouting|breaking)\s+(?:the\s+|a\s+)?"
    r"(?:\w+\s+){0,3}" + CEASEFIRE_WORDS.pattern.removeprefix(r"\b"),
    re.I,
)


def speech_acts_beside(readings: Sequence[Reading], doc_of: dict[int, Doc]) -> list[Reading]:
    """The accusations and denials the acts of `readings` carry, one per sentence, speaker
    and accused, that no trigger of the sentence already reads."""
    told: set[tuple[int, str]] = {
        (r.sentence, r.event.sub_event_type)
        for r in readings
        if r.event.sub_event_type in SPEECH_ACTS
    }
    out: list[Reading] = []
    seen: set[tuple[int, str, str | None, str | None]] = set()
    for r in readings:
        ev = r.event
        if ev.sub_event_type in SPEECH_ACTS or ev.event_type == "Strategic developments":
            continue
        doc = doc_of.get(r.sentence)
        if doc is None:
            continue
        made = None
        if ev.status == "alleged" and (r.sentence, "Accusation") not in told:
            made = _accusation(ev, doc)
        elif ev.status == "denied" and (r.sentence, "Denial") not in told:
            made = _denial(ev, doc)
        if made is None:
            continue
        key = (r.sentence, made.sub_event_type, _side(made.actor1), _side(made.actor2))
        if key in seen:
            continue
        seen.add(key)
        out.append(Reading(made, r.sentence, r.paragraph))
    return out


def _side(actor: Actor | None) -> str | None:
    return None if actor is None else f"{actor.country}/{actor.group()}"


def _against(speaker: Actor, author: Actor | None) -> bool:
    """Is `author` the other side of `speaker` (another country, or another kind of armed
    actor of the same one)?"""
    if author is None or author.name.startswith("Unidentified"):
        return False
    if author.group() not in {"state", "armed"}:
        return False
    if speaker.country and author.country and speaker.country != author.country:
        return True
    return speaker.country == author.country and speaker.group() != author.group()


def _breach_told(doc: Doc) -> bool:
    words = {lemma(t) for t in doc}
    if words & BREACH_WORDS or _DESPITE_TRUCE.search(text_of(doc)):
        return True
    return bool(words & VIOLATION_CUES) and CEASEFIRE_WORDS.search(text_of(doc)) is not None


def _accusation(act: Event, doc: Doc) -> Event | None:
    """ "X said Y violated the truce by shelling Z": X accuses Y."""
    # a party to the fighting speaks for its side; a person, witness or outlet does not
    speaker = next((c for c in act.claimants if c.group() in {"state", "armed"}), None)
    if speaker is None or not _against(speaker, act.actor1) or not _breach_told(doc):
        return None
    return _speech(act, "Accusation", speaker, act.actor1)


def _denial(act: Event, doc: Doc) -> Event | None:
    """ "X rejected the claim that its troops shelled Z": X denies it."""
    denier = next(iter(act.claimants), None)
    if denier is None:
        denier = _subject_of_denial(doc, act)
    if denier is None:
        return None
    return _speech(act, "Denial", denier, None)


def _subject_of_denial(doc: Doc, act: Event) -> Actor | None:
    """The subject of the denying verb ("The ministry rejected the claim that its troops
    ..."); a pronoun stands for the government of the act's author."""
    country = act.actor1.country if act.actor1 is not None else None
    for tok in doc:
        if tok.pos_ != "VERB" or lemma(tok) not in DENY_VERBS:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.pos_ == "PRON":
            return _country_government(country) if country else None
        return resolve_actor(doc[subj.left_edge.i : subj.i + 1].text, default_country=country)
    return None


def _country_government(iso3: str) -> Actor:
    return Actor(name=country_name(iso3) or iso3, country=iso3, kind="government")


def _speech(act: Event, kind: str, speaker: Actor, other: Actor | None) -> Event:
    return Event(
        id="e0",
        event_type="Strategic developments",
        sub_event_type=kind,  # type: ignore[arg-type]
        date=act.date,
        date_precision=act.date_precision,
        actor1=speaker,
        actor2=other,
        location=None,
        fatalities=None,
        claimants=[speaker],
        reporters=list(act.reporters),
        status="asserted",
        evidence=act.evidence,
        confidence=round(act.confidence * 0.8, 3),
    )
