"""An incident's status: who vouches for it, and whether the parties agree.

Voices. Each mention speaks with its claimants' sides (see `sides.py`); a mention
with no claimant is its outlet's own voice (the independent source it counts for:
a named reporter, else the outlet of the earliest copy of the article). An outlet
or an article that also attributes the incident somewhere counts only through those
claimants.

Statuses, first rule that applies:

1. ``contested``: a side denies it (a `denied` mention, or a Denial attached to it)
   while another side or an outlet asserts it; or two sides each claim it and name
   different perpetrators (each blames the other).
2. ``corroborated``: a neutral monitor vouches for it (claimant or named reporter),
   or at least two independent voices do (two claimant sides, two outlets in their
   own voice, or one of each).
3. ``one-sided``: it rests on claims of one side only, however many outlets relay them.
4. ``unattributed``: no claimant at all: a single outlet (with its copies) states it.
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


def incident_status(members: Sequence[Mention]) -> str:
    """`contested`, `corroborated`, `one-sided` or `unattributed` (rules above)."""
    if is_contested(members):
        return "contested"
    claims = claim_sides(members)
    if any(is_monitor(s) for s in claims):
        return "corroborated"
    for m in members:
        if not m.denied and m.role != "denial":
            for r in m.event.reporters:
                if monitor_name(Actor(name=r)) is not None:
                    return "corroborated"
    voices = _count_distinct(claims) + len(own_voice_sources(members))
    if voices >= 2:
        return "corroborated"
    if claims:
        return "one-sided"
    return "unattributed"
