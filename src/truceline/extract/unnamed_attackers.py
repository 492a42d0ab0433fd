"""Who fired, when the text names no one: the side across the line of a truce between
two states.

A report on a truce between two states often tells a strike with no agent: "a drone
strike hit a car in the south", "shelling damaged houses in the border district". The
rule of thumb for a strike no one claims is the state of the place where it fell
(`arguments.py`), which holds in a civil war. Across the line of a truce between two
states it names the victim's own army: the strike came from the other party. So an act
of remote violence whose attacker the text does not tell, placed in one party's country,
is the other party's when the truce has exactly two parties' countries and the act's
target is not of that other party.

This stage runs after the ceasefires are read and before violations are linked.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from truceline.extract import cues
from truceline.extract.actor_conventions import STATE_KINDS, state_forces, unidentified_group
from truceline.extract.event_types import FIRE_FROM_AFAR
from truceline.extract.lexicon import lemmas
from truceline.schemas import Ceasefire, Event

__all__ = ["attribute_unnamed", "names_agent"]


def attribute_unnamed(events: Sequence[Event], ceasefires: Sequence[Ceasefire]) -> int:
    """Give each untold attacker of a remote act in one party's country the other party
    (its state forces). Returns how many events changed."""
    changed = 0
    for ev in events:
        if ev.actor1_told or ev.sub_event_type not in FIRE_FROM_AFAR or ev.location is None:
            continue
        here = ev.location.country
        if here is None or not _defaulted(ev, here):
            continue
        across = {_across(cf, here) for cf in ceasefires} - {None}
        if len(across) != 1:
            continue  # no truce between two states here, or truces that disagree
        there = across.pop()
        target = ev.actor2
        if target is not None and target.country == there:
            continue  # it hit the other party: not the other party's fire
        ev.actor1 = state_forces(there)
        changed += 1
    return changed


def _defaulted(ev: Event, country: str) -> bool:
    """Whether the event's attacker is the default the rules give a place (its state or
    an unidentified group there), or none."""
    a = ev.actor1
    if a is None:
        return True
    return a in (state_forces(country), unidentified_group(country))


def _across(cf: Ceasefire, here: str) -> str | None:
    """The other party's country, when the truce's parties are two countries, one of them
    `here`, and the other a state (its government or forces)."""
    countries = {p.country for p in cf.parties if p.country}
    if here not in countries or len(countries) != 2:
        return None
    (there,) = countries - {here}
    if not any(p.country == there and p.kind in STATE_KINDS for p in cf.parties):
        return None
    return there


def names_agent(trigger: Token) -> bool:
    """Whether the act's clause names who did it, in words the actor reader may not
    resolve ("the operative fired rockets", "we are using heavy artillery"): an active
    subject of the act's verb other than a weapon or an act ("the strikes hit"). A
    third-person pronoun ("they") and the foe ("the enemy") point across the line, and
    an act in a phrase of time or place ("were killed in a drone strike") has for
    subject its victims, not its agent."""
    verb = trigger
    while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
        if verb.dep_ == "pobj" and verb.head.lower_ != "with":
            return False  # "lost their lives in a strike", "after the shelling"
        if verb.dep_ not in _UP_TO_VERB:
            return False
        verb = verb.head
    for child in verb.children:
        if child.i == trigger.i or child.dep_ != "nsubj":
            continue
        word, lemma = child.lower_, child.lemma_.lower()
        if word in _ACROSS_PRONOUNS or lemma in _NOT_AGENTS:
            continue
        if any(p.fullmatch(child.text) for p in _MEANS):
            continue  # "a drone hit a car", "shells landed"
        if child.pos_ == "PRON" and word not in _FIRST_PERSON:
            continue  # "it", "which": the act or a thing, not a side
        return True
    return False


# The dependencies that lead from an act's noun up to the verb of its clause
# ("launched strikes", "fired rockets and mortars", "shelled them with artillery").
_UP_TO_VERB = frozenset({"dobj", "pobj", "prep", "conj", "compound"})
_ACROSS_PRONOUNS = frozenset({"they", "them"})
_FIRST_PERSON = frozenset({"we", "us", "i"})
# Subjects that are the foe ("the enemy"), the act or its means, not a told agent ("the
# strikes hit", "a shell landed", "fire broke out").
_NOT_AGENTS = (
    lemmas("adversary_nouns")
    | lemmas("violence_verbs")
    | lemmas("incident_nouns")
    | lemmas("means_of_attack")
)
_MEANS = (cues.AIR, cues.HEAVY, cues.WEAPON_GOODS)
