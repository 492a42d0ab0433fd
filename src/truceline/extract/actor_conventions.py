"""ACLED's actor conventions by event type, on Actors (no parse needed).

Protests and riots have the crowd of the event's country as actor1 ("Protesters
(India)", "Rioters (India)"); violence against civilians has civilians as actor2 and an
unidentified armed group as actor1 when the attacker is not named; a clash has two armed
sides; the state defuses weapons and arrests. `conform_roles` applies them to actors read
for another type (an event the statistical model retypes); `arguments.py` applies them
while reading the parse.

ACLED also codes some named actors differently from the news, by date: the Houthis'
forces as Yemen's state forces once they ruled Sanaa, the Taliban's as Afghanistan's
after the fall of Kabul (`data/acled_actor_conventions.yaml`). `acled_actor` applies that
table to one actor and `conform_to_acled` to events, where truceline's output is meant to
read as ACLED's (an event note, the ACLED CSV export); news reports keep the news'
convention.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from truceline.countries import countries_in_text
from truceline.data import load_data_file
from truceline.errors import ModelError
from truceline.extract.actor_lexicon import load_lexicon, named_actors
from truceline.extract.actors import NON_STATE_ARMED, country_label, resolve_actor
from truceline.extract.event_types import (
    PLACELESS,
    SEPARATE,
    SPEECH_ACTS,
    VIOLENT_FAMILIES,
    event_type,
)
from truceline.schemas import SUB_EVENT_TO_TYPE, Actor, ActorKind, Event

__all__ = [
    "PLACELESS",
    "AcledConvention",
    "acled_actor",
    "acled_conventions",
    "civilians_of",
    "conform_roles",
    "conform_to_acled",
    "crowd_actor",
    "default_actor",
    "is_armed",
    "other_side",
    "same_side",
    "sentence_countries",
    "side_of",
    "state_forces",
    "unidentified_group",
]

PROTESTS = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
RIOTS = {"Violent demonstration", "Mob violence"}
VAC = {"Attack", "Abduction/forced disappearance", "Sexual violence"}
SPEECH = SPEECH_ACTS
VIOLENT_TYPES = VIOLENT_FAMILIES
UNATTRIBUTED_BLASTS = {"Remote explosive/landmine/IED", "Grenade", "Suicide bomb"}
STATE_DEFAULT = {
    "Air/drone strike",
    "Arrests",
    "Disrupted weapons use",
    "Government regains territory",
}
STATE_KINDS = {"state_forces", "government", "external_forces"}
# Acts a crowd of unarmed people commits as a mob.
MOB_ACTS = {"Attack", "Armed clash", "Mob violence", "Looting/property destruction"}
CIVILIAN_TARGETS = {"Looting/property destruction", "Displacement"}


def crowd_actor(kind: str, base: Actor | None, country: str | None) -> Actor:
    """ACLED's crowd of a country: "Protesters (India)" or "Rioters (India)"."""
    if base is not None and base.kind in {"civilians", "protesters", "rioters"} and base.country:
        country = base.country
    label = "Protesters" if kind == "protesters" else "Rioters"
    return Actor(name=f"{label} ({country_label(country)})", country=country, kind=kind)  # type: ignore[arg-type]


def unidentified_group(country: str | None) -> Actor:
    """An attacker the text does not name: "Unidentified Armed Group (Mexico)"."""
    return Actor(
        name=f"Unidentified Armed Group ({country_label(country)})",
        country=country,
        kind="political_militia",
    )


def civilians_of(country: str | None) -> Actor:
    """The civilians of a country: "Civilians (Syria)"."""
    return Actor(name=f"Civilians ({country_label(country)})", country=country, kind="civilians")


def state_forces(country: str | None, name: str = "Military Forces") -> Actor:
    """A state's forces: "Military Forces of Mali", "Police Forces of India"."""
    label = f"{name} of {country_label(country)}" if country else name
    return Actor(name=label, country=country, kind="state_forces")


def other_side(actor: Actor, than: Actor) -> bool:
    """Whether two actors are different sides: another country or kind of actor, or two
    named groups of one country ("GNA forces" and "LNA positions")."""
    if side_of(actor) != side_of(than):
        return True
    mine = {id(e) for _, _, e in named_actors(actor.name)}
    theirs = {id(e) for _, _, e in named_actors(than.name)}
    return bool(mine and theirs and not mine & theirs)


def side_of(actor: Actor) -> tuple[str | None, str]:
    """An actor's country and kind group (state, armed group, crowd...), as sides count."""
    kind = actor.kind
    group = "state" if kind in STATE_KINDS else "armed" if kind in NON_STATE_ARMED else kind
    return actor.country, group


def same_side(target: Actor | None, country: str | None) -> bool:
    """Whether the default attacker (the state of `country`) is the target itself: a
    strike that hit a Lebanese soldier in Lebanon was not Lebanon's."""
    return target is not None and target.kind in STATE_KINDS and target.country == country


def is_armed(actor: Actor | None) -> bool:
    """Whether an actor is a state or an armed group."""
    return actor is not None and actor.kind in NON_STATE_ARMED | {
        "state_forces",
        "government",
        "external_forces",
    }


def sentence_countries(text: str) -> Counter[str]:
    """Countries a sentence names, and those of the (single-country) named actors in it."""
    found = countries_in_text(text)
    for _, _, entry in named_actors(text):
        if entry.country and not entry.transnational:
            found[entry.country] += 1
    return found


def conform_roles(
    actor1: Actor | None, actor2: Actor | None, sub_event_type: str, default_country: str | None
) -> tuple[Actor | None, Actor | None]:
    """The actors of an event retyped after its arguments were read (by the statistical
    typing model), made to follow ACLED's conventions for the new type: a protest's
    actor1 is the crowd, a riot's the rioters, violence against civilians has civilians
    as actor2 and an armed attacker, a clash two armed sides."""
    dc = default_country
    etype = SUB_EVENT_TO_TYPE.get(sub_event_type, "Strategic developments")
    crowd_kinds = {"rioters", "protesters", "civilians"}
    crowd = next((a for a in (actor1, actor2) if a is not None and a.kind in crowd_kinds), None)
    armed = [a for a in (actor1, actor2) if a is not None and is_armed(a)]
    state = next((a for a in armed if a.kind in STATE_KINDS), None)
    if sub_event_type in PROTESTS:
        target = state
        if target is None and sub_event_type != "Peaceful protest":
            target = state_forces(dc, "Police Forces")
        return crowd_actor("protesters", crowd, dc), target
    if sub_event_type in RIOTS:
        # The other side: whom the act was done to when armed or unarmed, else the force
        # that faced the crowd; an unidentified attacker was the crowd itself.
        other = None
        if actor2 is not None and actor2 is not crowd and is_armed(actor2):
            other = actor2
        elif actor2 is not None and actor2.kind == "civilians" and sub_event_type == "Mob violence":
            other = actor2
        elif actor1 is not None and is_armed(actor1) and not actor1.name.startswith("Unidentified"):
            other = actor1
        if other is None and sub_event_type == "Violent demonstration":
            other = state_forces(dc, "Police Forces")
        if other is None:
            victim = actor2 if actor2 is not None and actor2 is not crowd else None
            if victim is not None and victim.kind in {"rioters", "protesters"}:
                other = crowd_actor("rioters", victim, dc)
            else:
                other = civilians_of(victim.country if victim is not None else dc)
        first = actor1 if actor1 is not None and actor1.kind in crowd_kinds else None
        return crowd_actor("rioters", first, dc), other
    if sub_event_type in {"Disrupted weapons use", "Arrests"} and not (
        actor1 is not None
        and (actor1.kind in STATE_KINDS or (sub_event_type == "Arrests" and _governs(actor1)))
    ):
        # The state seizes, defuses and arrests; the other side is whose arms or people.
        # (A named armed group that detains people where it rules, which ACLED codes as
        # arrests, stays the one that arrests.)
        other = actor1 if actor1 is not None and actor1 is not state else actor2
        force = state or state_forces(
            dc, "Police Forces" if sub_event_type == "Arrests" else "Military Forces"
        )
        return force, other if other is not force else None
    if etype not in VIOLENT_TYPES:
        return actor1, actor2
    if actor1 is not None and actor1.kind in crowd_kinds and actor2 is None:
        actor1, actor2 = None, actor1  # the crowd suffered the act
    if actor1 is not None and not is_armed(actor1):
        actor1 = None
    if actor2 is not None and actor2.kind in {"person", "unknown", "media", "ngo", "protesters"}:
        actor2 = civilians_of(actor2.country or dc)
    if sub_event_type in VAC:
        # as `arguments.extract_arguments` reads them: armed victims stay (the act is then
        # a clash, not violence against civilians); anyone else suffering it is a civilian
        if actor2 is None or not (actor2.kind == "civilians" or is_armed(actor2)):
            actor2 = civilians_of(actor2.country if actor2 is not None else dc)
    elif etype == "Battles" and actor1 is not None and actor2 is None:
        # a clash has two sides: the unnamed one is an armed group against the state,
        # the state against an armed group
        actor2 = unidentified_group(dc) if actor1.kind in STATE_KINDS else state_forces(dc)
    row = event_type(sub_event_type)
    if actor1 is None:
        actor1 = default_actor(row.actor1, dc) or unidentified_group(dc)
    if actor2 is None:
        actor2 = default_actor(row.actor2, dc)
    return actor1, actor2


def _first_named(text: str, country: str | None) -> Actor | None:
    """The actor of the lexicon (`data/actors.yaml`) that `text` names first, if any."""
    found = sorted(named_actors(text, default_country=country))
    if not found:
        return None
    start, end, _ = found[0]
    return resolve_actor(text[start:end], default_country=country)


def _governs(actor: Actor) -> bool:
    """A named armed group outside the state (not an unidentified one): where ACLED codes
    its detentions as arrests, it holds the place as an authority."""
    return actor.kind == "rebels" and not actor.name.startswith("Unidentified")


def default_actor(kind: str | None, country: str | None) -> Actor | None:
    """The actor an event type's table row names by default (`data/event_types.yaml`):
    crowd, state, police, unidentified, civilians (None: no one)."""
    if kind == "state":
        return state_forces(country)
    if kind == "police":
        return state_forces(country, "Police Forces")
    if kind == "unidentified":
        return unidentified_group(country)
    if kind == "civilians":
        return civilians_of(country)
    if kind == "crowd":
        return crowd_actor("protesters", None, country)
    return None


# --- ACLED's dated conventions for named actors ------------------------------------------


class ConventionExample(BaseModel):
    """An actor as the news names it, a date, and the kind ACLED codes it with then."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: str
    date: dt.date
    kind: ActorKind


class AcledConvention(BaseModel):
    """One row of `data/acled_actor_conventions.yaml`: from `since` (until `until`), ACLED
    codes the lexicon's actor `actor` as `kind_in_acled` of `country`, named `name_in_acled`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    actor: str
    country: str = Field(pattern=r"^[A-Z]{3}$")
    kind_in_acled: Literal["state_forces", "government", "external_forces"]
    name_in_acled: str
    since: dt.date
    until: dt.date | None = None
    source: str
    examples: list[ConventionExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _period(self) -> AcledConvention:
        if self.until is not None and self.until <= self.since:
            raise ValueError(f"{self.id}: until {self.until} is not after since {self.since}")
        return self

    def holds_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


class AcledConventions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entries: list[AcledConvention]


@lru_cache(maxsize=1)
def acled_conventions() -> tuple[AcledConvention, ...]:
    """The table of ACLED's dated actor conventions; `ModelError` when a row names an
    actor the lexicon (`data/actors.yaml`) does not hold."""
    rows = load_data_file("acled_actor_conventions.yaml", AcledConventions).entries
    known = {e.name for e in load_lexicon().entries}
    for row in rows:
        if row.actor not in known:
            raise ModelError(
                f"data/acled_actor_conventions.yaml: {row.id} names actor {row.actor!r}, "
                "which data/actors.yaml does not hold: use an entry's `name`"
            )
    return tuple(rows)


def _day(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def acled_actor(actor: Actor | None, on: str | dt.date | None) -> Actor | None:
    """The actor as ACLED codes it on the date `on`: a named armed group that ACLED then
    codes as a state's forces ("pro-Houthi forces" in 2020 -> "Military Forces of Yemen
    (2017-) Houthi", state forces) is replaced by ACLED's actor; any other actor, or any
    actor without a date, is returned as it is. A group named as the other side's foe
    ("anti-Houthi tribesmen") is not that group."""
    day = _day(on)
    if actor is None or day is None or actor.kind not in NON_STATE_ARMED:
        return actor
    names = {
        e.name
        for start, _, e in named_actors(actor.name)
        if not actor.name[:start].casefold().endswith("anti-")
    }
    for row in acled_conventions():
        if row.actor in names and actor.country in (None, row.country) and row.holds_on(day):
            return Actor(name=row.name_in_acled, country=row.country, kind=row.kind_in_acled)
    return actor


def conform_to_acled(
    events: Iterable[Event], published: str | dt.date | None, note: str | None = None
) -> int:
    """Make the events' actors follow ACLED's dated conventions (`acled_actor`), each by
    its own date, else the article's `published` date; returns how many actors changed.

    With the `note`'s text, a strategic development of the note that names no actor1
    (a deployment, a curfew, a group's change told in the passive) gets the actor the
    note names first: ACLED codes every event with an actor1, the one whose act it is."""
    changed = 0
    for ev in events:
        if (
            note is not None
            and ev.actor1 is None
            and ev.event_type == "Strategic developments"
            and ev.sub_event_type not in SEPARATE
        ):
            ev.actor1 = _first_named(note, ev.location.country if ev.location else None)
            changed += ev.actor1 is not None
        on = ev.date or published
        for role in ("actor1", "actor2"):
            before = getattr(ev, role)
            after = acled_actor(before, on)
            if after is not before:
                setattr(ev, role, after)
                changed += 1
    return changed
