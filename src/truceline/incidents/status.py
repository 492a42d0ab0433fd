"""An incident's status: who vouches for it, and whether the parties agree.

Voices. Each mention speaks with its claimants' sides (see `sides.py`); a mention
with no claimant is its outlet's own voice (the independent source it counts for:
a named reporter, else the outlet of the earliest copy of the article). An outlet
or an article that also attributes the incident somewhere counts only through those
claimants.

Statuses, first rule that applies:

1. ``contested``: a side denies it (a `denied` mention, or a Denial attached to it)
   while another side or an outlet asserts it; or two sides each claim it and name
   different perpetrators (each blames the other); or both sides of the fighting are
   its claimants (mutual accusations): never corroborated.
2. ``corroborated``: at least two independent voices agree on who did it. A voice is
   a claimant side (two outlets relaying one claimant are one voice), a neutral
   monitor (claimant or named reporter) or an outlet in its own voice. Voices that
   name a perpetrator agree when they name the same side; when none names one, they
   agree on an unknown perpetrator.
3. ``one-sided``: it rests on claims of one side only, however many outlets relay them.
4. ``unattributed``: no party claims it: a single neutral voice (an outlet with its
   copies, or one monitor) states it.
"""

from __future__ import annotations

from collections.abc import Sequence

from truceline.incidents.mentions import Mention
from truceline.incidents.sides import (
    UNATTRIBUTED,
    is_monitor,
    monitor_name,
    sides_match,
)
from truceline.schemas import Actor


def _any_match(side: str, sides) -> bool:  # type: ignore[no-untyped-def]
    return any(sides_match(side, s) for s in sides)


def claim_sides(members: Sequence[Mention]) -> list[str]:
    """Sides asserting the incident (claimants of its non-denied mentions, accusers)."""
    out: dict[str, None] = {}
    for m in members:
        if m.denied or m.role == "denial":
            continue
        for s in m.claim_sides:
            out[s] = None
        if m.role == "accusation" and not m.claim_sides and m.perpetrator:
            out[m.perpetrator] = None
    return list(out)


def denying_sides(members: Sequence[Mention]) -> list[str]:
    out: dict[str, None] = {}
    for m in members:
        if m.role == "denial" or m.denied:
            for s in m.claim_sides or ((m.perpetrator,) if m.perpetrator else ()):
                out[s] = None
    return list(out)


def own_voice_sources(members: Sequence[Mention]) -> list[str]:
    """Independent sources stating the incident in their own voice only."""
    attributed = {m.source for m in members if m.claim_sides}
    attributed |= {m.article_id for m in members if m.claim_sides}
    out: dict[str, None] = {}
    for m in members:
        if m.role != "act" or m.denied or m.claim_sides:
            continue
        if m.source not in attributed and m.article_id not in attributed:
            out[m.source] = None
    return list(out)


def accusing_sides(members: Sequence[Mention]) -> list[str]:
    """Who alleges the incident: claim sides, else "unattributed" for outlet voice."""
    sides = claim_sides(members)
    if sides:
        return sides
    return [UNATTRIBUTED] if own_voice_sources(members) else []


def _blamed_by(members: Sequence[Mention]) -> dict[str, set[str]]:
    """For each claiming side, the perpetrator sides its claims name."""
    blamed: dict[str, set[str]] = {}
    for m in members:
        if m.denied or m.role == "denial":
            continue
        perp = m.target if m.role == "accusation" else m.perpetrator
        if perp is None:
            continue
        claimers = m.claim_sides or (
            (m.perpetrator,) if m.role == "accusation" and m.perpetrator else ()
        )
        for s in claimers:
            if not is_monitor(s):
                blamed.setdefault(s, set()).add(perp)
    return blamed


def _count_distinct(sides: Sequence[str]) -> int:
    kept: list[str] = []
    for s in sides:
        if not _any_match(s, kept):
            kept.append(s)
    return len(kept)


def is_contested(members: Sequence[Mention]) -> bool:
    claims = claim_sides(members)
    own = own_voice_sources(members)
    for d in denying_sides(members):
        if own or any(not sides_match(d, c) for c in claims):
            return True
    blamed = list(_blamed_by(members).items())
    for i, (a, pa) in enumerate(blamed):
        for b, pb in blamed[i + 1 :]:
            if sides_match(a, b):
                continue
            if not any(_any_match(x, pb) for x in pa):
                return True
    return False


def _voices(members: Sequence[Mention]) -> dict[str, set[str]]:
    """Each independent voice and the perpetrator sides it names.

    A voice is a claimant side (however many outlets relay it: one source), a neutral
    monitor (claimant or named reporter), or an outlet speaking in its own voice.
    """
    voices: dict[str, set[str]] = {}
    for side, perps in _blamed_by(members).items():
        voices.setdefault(side, set()).update(perps)
    for side in claim_sides(members):
        voices.setdefault(side, set())
    relayed: set[str] = set()  # mentions whose outlet relays a monitor's report
    for m in members:
        if m.denied or m.role == "denial":
            continue
        perp = m.target if m.role == "accusation" else m.perpetrator
        for s in m.claim_sides:
            if is_monitor(s) and perp:
                voices[s].add(perp)
        for r in m.event.reporters:
            name = monitor_name(Actor(name=r))
            if name is not None:
                relayed.add(m.key)
                key = f"monitor/{name}"
                voices.setdefault(key, set())
                if perp:
                    voices[key].add(perp)
    own = set(own_voice_sources(members))
    for m in members:
        if m.key in relayed:
            continue
        if m.source in own and m.role == "act" and not m.denied and not m.claim_sides:
            voices.setdefault(f"outlet/{m.source}", set())
            if m.perpetrator:
                voices[f"outlet/{m.source}"].add(m.perpetrator)
    return voices


def _agreeing(voices: dict[str, set[str]]) -> int:
    """The most independent voices that agree on who did it.

    Voices naming a perpetrator agree when they name the same side; when no voice
    names one, all of them agree (on an unknown perpetrator). Claimant sides that
    match each other (an unknown country's armed group and a known one) count once.
    """
    named = {v: p for v, p in voices.items() if p}
    if not named:
        return _count_distinct(
            [v for v in voices if not v.startswith(("outlet/", "monitor/"))]
        ) + sum(1 for v in voices if v.startswith(("outlet/", "monitor/")))
    best = 0
    for perp in {p for ps in named.values() for p in ps}:
        agree = [v for v, ps in named.items() if _any_match(perp, ps)]
        parties = _count_distinct([v for v in agree if not v.startswith(("outlet/", "monitor/"))])
        best = max(best, parties + sum(1 for v in agree if v.startswith(("outlet/", "monitor/"))))
    return best


def is_mutual(members: Sequence[Mention]) -> bool:
    """Both sides of the fighting claim it: each accuses the other (one mention with
    claimants of both its perpetrator's and its target's side)."""
    for m in members:
        if m.denied or m.role != "act" or not m.perpetrator or not m.target:
            continue
        if sides_match(m.perpetrator, m.target):
            continue
        if _any_match(m.perpetrator, m.claim_sides) and _any_match(m.target, m.claim_sides):
            return True
    return False


def incident_status(members: Sequence[Mention]) -> str:
    """`contested`, `corroborated`, `one-sided` or `unattributed` (rules above)."""
    if is_contested(members) or is_mutual(members):
        return "contested"
    if _agreeing(_voices(members)) >= 2:
        return "corroborated"
    if [s for s in claim_sides(members) if not is_monitor(s)]:
        return "one-sided"
    return "unattributed"
