"""Who did what to whom: actor1 and actor2 of an event, read from the dependency parse
around its trigger word (`parse_roles.py`), then shaped by ACLED's conventions for the
sub-event type.

When the parse names no one, the other side the sentence names fills in (never the
speaker, an ally -- "alongside X", "supported by X" -- or a victim).

Conventions (ACLED codebook, see `actor_conventions.py`): protests and riots have the
crowd of the event's country as actor1 ("Protesters (India)"); unarmed people who beat
or fight others are rioters; violence against civilians has civilians as actor2 and an
unidentified armed group as actor1 when the attacker is not named (an armed victim
makes it a clash); a bare country named as an attacker is its armed forces.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span, Token

from truceline.countries import country_of_demonym
from truceline.extract.actor_conventions import (
    CIVILIAN_TARGETS,
    MOB_ACTS,
    PLACELESS,
    PROTESTS,
    RIOTS,
    SPEECH,
    STATE_DEFAULT,
    STATE_KINDS,
    UNATTRIBUTED_BLASTS,
    VAC,
    VIOLENT_TYPES,
    civilians_of,
    crowd_actor,
    is_armed,
    other_side,
    same_side,
    sentence_countries,
    state_forces,
    unidentified_group,
)
from truceline.extract.actors import (
    NON_STATE_ARMED,
    actor_mentions,
)
from truceline.extract.event_types import FIRE_FROM_AFAR
from truceline.extract.parse_roles import (
    HARM_VERBS,
    MODIFIER_DEPS,
    MUTUAL,
    OBJ,
    PASS_SUBJ,
    SPEECH_VERBS,
    SUBJ,
    Arg,
    ParseContext,
    children,
    clause_target,
    coordinated,
    parse_args,
    speech_args,
)
from truceline.schemas import SUB_EVENT_TO_TYPE, Actor


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: Actor | None  # who did it (attacker, protesters, accuser, sanctioning state)
    actor2: Actor | None  # who it was done to (target, accused)
    actor1_span: tuple[int, int] | None = None  # token offsets in the doc, for evidence
    actor2_span: tuple[int, int] | None = None


# Role words naming a side's places, targets rather than agents.
_HELD_PLACES = {"position", "base", "post", "outpost", "checkpoint", "convoy", "patrol", "trench"}
_UNKNOWN_AGENT = re.compile(r"\b(unidentified|unknown|unclaimed|unattributed)\b", re.I)
_FIREARMS = re.compile(
    r"\b(shot|shoots?|shooting|gunfire|gunshots?|opened fire|fired at|rifles?|pistols?|"
    r"firearms?|guns?)\b",
    re.I,
)


# --- conventions --------------------------------------------------------------------------


def _others(trigger: Token, ctx: ParseContext, exclude: set[int]) -> list[Arg]:
    """Actors named elsewhere in the trigger's sentence, nearest first."""
    sent = trigger.sent
    out = []
    for span, actor in actor_mentions(
        sent, default_country=ctx.default_country, countries=ctx.countries
    ):
        if any(span.start <= i < span.end for i in exclude):
            continue
        if span.root.dep_ in MODIFIER_DEPS and span.root.head.i not in range(span.start, span.end):
            continue  # "Palestinian-owned lands": a modifier of something else
        if actor.kind == "government" and span.root.pos_ == "PROPN" and _in_parentheses(span):
            continue  # "(Khwlan, Sanaa)": a place given in parentheses
        if _brokers(span.root):
            continue  # "a truce brokered by Qatar and Egypt": mediators, not a side
        out.append(Arg(actor, (span.start, span.end)))
    out.sort(key=lambda a: abs(a.span[0] - trigger.i))
    return out


_BROKER_VERBS = frozenset({"broker", "mediate", "facilitate", "sponsor", "negotiate"})


def _brokers(root: Token) -> bool:
    """Whether a noun is the agent (or one of the agents) of brokering or mediating."""
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return (
        root.dep_ == "pobj"
        and root.head.dep_ == "agent"
        and root.head.head.lemma_.lower() in _BROKER_VERBS
    )


_INFIGHTING = re.compile(
    r"\b(each other|one another|among(?:st)? themselves|among(?:st)? each other|rival|"
    r"factions?|two groups|both groups|infighting|in-fighting)\b",
    re.I,
)


def _infighting(trigger: Token, a1: Arg | None) -> bool:
    """Whether a clash is among armed groups of one kind: told as such ("each other",
    "rival factions"), or between a named group and another the lexicon does not know
    ("X and Y clashed")."""
    if _INFIGHTING.search(trigger.sent.text):
        return True
    if a1 is None:
        return False
    root = trigger.doc[a1.span[0] : a1.span[1]].root
    return any(c.pos_ in {"PROPN", "NOUN"} for c in root.conjuncts)


def _victim(root: Token) -> bool:
    """Whether a noun names who suffered harm: "soldiers were killed", "leaving the police
    injured", "killing two guards"."""
    head = root.head
    while root.dep_ == "conj" and head.i != root.i:
        root, head = head, head.head
    lemma = head.lemma_.lower()
    if root.dep_ in PASS_SUBJ:
        return lemma in HARM_VERBS | {"shoot", "attack", "target", "abduct", "kidnap"}
    return root.dep_ in OBJ and lemma in HARM_VERBS | {"leave"}


_ALLY_WORDS = {"alongside", "supported", "backed", "assisted", "aided", "joined", "accompanied"}


def _allies(sent: Span) -> set[int]:
    """Tokens naming someone's allies: "fought alongside X", "supported by X"."""
    out: set[int] = set()
    for tok in sent:
        if tok.lower_ in _ALLY_WORDS or (tok.lower_ == "cooperation" and tok.head.lower_ == "in"):
            out |= {t.i for t in tok.subtree if t.i != tok.i}
    return out


def _in_parentheses(span: Span) -> bool:
    """Whether a span stands inside parentheses ("the district (Sanaa)")."""
    for tok in reversed(span.doc[span.sent.start : span.start]):
        if tok.text == ")":
            return False
        if tok.text == "(":
            return True
    return False


def _speaker_tokens(trigger: Token) -> set[int]:
    """Tokens of whoever says the sentence the trigger is reported in."""
    out: set[int] = set()
    for anc in trigger.ancestors:
        if anc.lemma_.lower() in SPEECH_VERBS:
            for subj in children(anc, SUBJ):
                out |= {t.i for t in subj.subtree}
    doc = trigger.doc
    for verb in trigger.sent:
        if verb.i <= trigger.i or verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        # "..., the regional governor wrote." however the parse hangs it: a verb of
        # saying after the act, its subject set off from the act by a comma
        for subj in children(verb, SUBJ):
            left = subj.left_edge.i
            if subj.i < verb.i and left > trigger.i and left > 0 and doc[left - 1].text == ",":
                out |= {t.i for t in subj.subtree}
    return out


def extract_arguments(
    trigger: Token,
    sub_event_type: str,
    *,
    default_country: str | None = None,
    countries: Counter[str] | None = None,
) -> Roles:
    """actor1 and actor2 of the event `trigger` reports, typed `sub_event_type`.

    `default_country` is the event's country: crowds, civilians and unnamed attackers
    belong to it. Returns Roles with None where the text names no one (and no
    convention fills in).
    """
    if default_country is None or sub_event_type in PLACELESS:
        # No place for the event: the countries its own sentence names, by name or
        # through a named actor ("the junta accused the TNLA": Myanmar's), come first.
        local = sentence_countries(trigger.sent.text)
        if local:
            weighted: Counter[str] = Counter({k: 100 * v for k, v in local.items()})
            weighted.update(countries or {})
            countries = weighted
            default_country = None
    ctx = ParseContext(default_country, countries)
    a1, a2 = parse_args(trigger, ctx)
    if a1 is not None and a2 is None:
        a2 = coordinated(trigger.doc[a1.span[0] : a1.span[1]].root, ctx)
    etype = SUB_EVENT_TO_TYPE.get(sub_event_type, "Strategic developments")
    if a2 is None and etype in VIOLENT_TYPES and trigger.pos_ in {"VERB", "AUX"}:
        a2 = clause_target(trigger, ctx)
    dc = default_country or (countries.most_common(1)[0][0] if countries else None)

    if sub_event_type in PROTESTS:
        crowd = crowd_actor("protesters", a1.actor if a1 else None, dc)
        target = a2 if a2 is not None and is_armed(a2.actor) else None
        if target is None and sub_event_type != "Peaceful protest":
            target = next(
                (o for o in _others(trigger, ctx, set()) if o.actor.kind == "state_forces"), None
            )
            if target is None:
                return Roles(
                    crowd, state_forces(dc, "Police Forces"), a1.span if a1 else None, None
                )
        return Roles(
            crowd,
            target.actor if target else None,
            a1.span if a1 else None,
            target.span if target else None,
        )

    if sub_event_type in RIOTS:
        crowd_kinds = {"rioters", "protesters", "civilians"}
        crowd = crowd_actor(
            "rioters", a1.actor if a1 and a1.actor.kind in crowd_kinds else None, dc
        )
        # The other side: the force the crowd fought (police who dispersed it count),
        # else for mob violence its victims.
        other = next((a for a in (a1, a2) if a is not None and is_armed(a.actor)), None)
        if other is None:
            taken = set(range(*a1.span)) if a1 else set()
            other = next((o for o in _others(trigger, ctx, taken) if is_armed(o.actor)), None)
        victim = other.actor if other else None
        if victim is None and sub_event_type == "Violent demonstration":
            victim = state_forces(dc, "Police Forces")  # rioting crowds mostly face the police
        if victim is None and sub_event_type == "Mob violence":
            if a2 is not None and a2.actor.kind in crowd_kinds - {"civilians"}:
                victim = crowd_actor("rioters", a2.actor, dc)
            else:
                victim = civilians_of(
                    a2.actor.country if a2 and a2.actor.kind == "civilians" else dc
                )
        span1 = a1.span if a1 and a1.actor.kind in crowd_kinds else None
        return Roles(crowd, victim, span1, other.span if other else None)

    if sub_event_type in SPEECH:
        a1, a2 = speech_args(trigger, ctx, a1, a2)
        if a2 is not None and a2.actor.kind == "civilians":
            a2 = None  # "denied the massacre of civilians": not whom the speech is about
    if sub_event_type in SPEECH or sub_event_type in {"Sanctions", "Ceasefire", "Agreement"}:
        if a1 is not None and a2 is None:
            a2 = coordinated(trigger.doc[a1.span[0] : a1.span[1]].root, ctx)
        if a2 is None or (a1 is not None and a2.actor == a1.actor):
            exclude = set(range(*a1.span)) if a1 else set()
            rest = [
                o
                for o in _others(trigger, ctx, exclude)
                if (
                    a1 is None
                    or (o.actor.country, o.actor.kind) != (a1.actor.country, a1.actor.kind)
                )
                and (sub_event_type not in SPEECH or o.actor.kind != "civilians")
            ]
            if a1 is None and rest:
                a1, rest = rest[0], rest[1:]
            a2 = rest[0] if rest else None
        return _roles(a1, a2)

    # Acts of violence and strategic developments.
    if a1 is not None and (etype == "Battles" or sub_event_type in FIRE_FROM_AFAR):
        a1 = _people_as_side(a1)
    mutual = (
        a1 is not None
        and a2 is None
        and a1.actor.kind in {"civilians", "protesters", "rioters"}
        and trigger.lemma_.lower() in MUTUAL
        and sub_event_type in MOB_ACTS
    )
    if mutual and a1 is not None:
        # "two groups of villagers clashed": a mob fighting another.
        rioters = crowd_actor("rioters", a1.actor, dc)
        return Roles(rioters, rioters, a1.span, None)
    if (
        a1 is not None
        and a1.actor.kind in {"civilians", "protesters", "rioters"}
        and etype in VIOLENT_TYPES
        and a2 is None
        and not (a1.actor.kind != "civilians" and trigger.pos_ == "VERB")
    ):
        # "a woman was killed": the victim parsed as subject of an intransitive.
        a1, a2 = None, a1
    if a1 is None or not is_armed(a1.actor):
        # Someone else in the sentence did it; not the speaker who reports it, and not a
        # place held by a side ("their base came under attack").
        exclude = _speaker_tokens(trigger)
        if a2 is not None:
            exclude |= set(range(*a2.span))
        candidates = [
            o
            for o in _others(trigger, ctx, exclude)
            if is_armed(o.actor)
            and (a2 is None or o.actor != a2.actor)
            and trigger.doc[o.span[0] : o.span[1]].root.lemma_.lower() not in _HELD_PLACES
            and not _victim(trigger.doc[o.span[0] : o.span[1]].root)
        ]
        if candidates and etype in VIOLENT_TYPES | {"Strategic developments"}:
            a1 = candidates[0]
    crowd_act = (
        a1 is not None
        and a1.actor.kind in {"civilians", "protesters", "rioters"}
        and a2 is not None
        and sub_event_type in MOB_ACTS
        and not _FIREARMS.search(trigger.sent.text)  # men who shoot are an armed group
        and not re.search(r"\barmed\b", trigger.doc[a1.span[0] : a1.span[1]].text, re.I)
    )
    if a2 is None and (
        etype in {"Battles", "Explosions/Remote violence"}
        or sub_event_type == "Disrupted weapons use"
    ):
        # Whom it was done to, when the parse does not say: the other side the sentence
        # names ("GNA forces targeted LNA positions with artillery fire").
        exclude = _speaker_tokens(trigger) | (set(range(*a1.span)) if a1 else set())
        if a1 is not None:  # "X and Y shelled Z": Y is X's ally, not its target
            for conj in trigger.doc[a1.span[0] : a1.span[1]].root.conjuncts:
                exclude |= {t.i for t in conj.subtree}
        exclude |= _allies(trigger.sent)
        a2 = next(
            (
                o
                for o in _others(trigger, ctx, exclude)
                if (is_armed(o.actor) or (o.actor.kind == "civilians" and etype != "Battles"))
                and (a1 is None or other_side(o.actor, a1.actor))
            ),
            None,
        )
    actor1 = a1.actor if a1 else None
    actor2 = a2.actor if a2 else None
    if crowd_act and a1 is not None:
        # Unarmed people who beat, stone or fight others: rioters (mob violence).
        actor1 = crowd_actor("rioters", a1.actor, dc)
    elif (
        actor1 is not None
        and actor1.kind in {"rioters", "protesters"}
        and (etype == "Explosions/Remote violence")
    ):
        actor1 = unidentified_group(actor1.country or dc)  # "a rioter hurled a grenade"
    if actor1 is not None and actor1.kind == "government" and etype in VIOLENT_TYPES:
        actor1 = actor1.model_copy(update={"kind": "state_forces"})
    if actor2 is not None and actor2.kind == "government" and etype in VIOLENT_TYPES:
        actor2 = actor2.model_copy(update={"kind": "state_forces"})
    if (
        actor2 is not None
        and actor2.kind in {"person", "unknown", "media", "ngo", "protesters"}
        and (etype in VIOLENT_TYPES or sub_event_type in CIVILIAN_TARGETS)
    ):
        actor2 = civilians_of(actor2.country or dc)

    if sub_event_type in VAC:
        if actor1 is None or not (is_armed(actor1) or actor1.kind == "rioters"):
            actor1 = unidentified_group(dc)
        # Armed victims stay: the act is then a clash, not violence against civilians.
        if actor2 is None or not (actor2.kind == "civilians" or is_armed(actor2)):
            actor2 = civilians_of(dc)
    elif sub_event_type in UNATTRIBUTED_BLASTS or sub_event_type == "Looting/property destruction":
        if actor1 is None:
            actor1 = unidentified_group(dc)
    elif sub_event_type in STATE_DEFAULT:
        if actor1 is None and not same_side(actor2, dc):
            actor1 = state_forces(
                dc, "Police Forces" if sub_event_type == "Arrests" else "Military Forces"
            )
        if sub_event_type == "Arrests" and actor2 is None:
            actor2 = civilians_of(dc)
    elif sub_event_type == "Shelling/artillery/missile attack" and actor1 is None:
        # Unclaimed fire: an unidentified group when the text says so, else the state.
        unknown = _UNKNOWN_AGENT.search(trigger.sent.text)
        if unknown:
            actor1 = unidentified_group(dc)
        elif not same_side(actor2, dc):
            actor1 = state_forces(dc)
    elif etype == "Battles":
        # A clash has two sides; the unnamed one is an armed group against the state,
        # the state against an armed group.
        if actor1 is None and actor2 is None:
            actor1 = actor2 = unidentified_group(dc)  # "a shoot-out took place"
        if actor1 is None:
            actor1 = unidentified_group(dc)
        if actor2 is None and actor1.kind in NON_STATE_ARMED and _infighting(trigger, a1):
            actor2 = actor1  # "rival clans clashed", "militants fought among themselves"
        if actor2 is None:
            actor2 = unidentified_group(dc) if actor1.kind in STATE_KINDS else state_forces(dc)
    if sub_event_type in CIVILIAN_TARGETS and actor2 is None:
        actor2 = civilians_of(dc)
    if sub_event_type == "Displacement" and actor1 is not None and actor1.kind == "civilians":
        actor1 = None
    span1 = a1.span if a1 and actor1 is not None and a1.actor.name == actor1.name else None
    span2 = a2.span if a2 and actor2 is not None and a2.actor.name == actor2.name else None
    return Roles(actor1, actor2, span1, span2)


def _people_as_side(arg: Arg) -> Arg:
    """A people named alone as the side that fires or fights is its state's forces:
    "Russians shelled the city", "the Azerbaijanis fired on our posts"."""
    actor = arg.actor
    if (
        actor.kind == "civilians"
        and actor.country is not None
        and country_of_demonym(actor.name) == actor.country
    ):
        return Arg(actor.model_copy(update={"kind": "state_forces"}), arg.span)
    return arg


def _roles(a1: Arg | None, a2: Arg | None) -> Roles:
    return Roles(
        a1.actor if a1 else None,
        a2.actor if a2 else None,
        a1.span if a1 else None,
        a2.span if a2 else None,
    )
