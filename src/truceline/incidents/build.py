"""From contract documents to incidents: mentions, merging, status, summary fields."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from truceline.incidents.duplicates import DEFAULT_THRESHOLD
from truceline.incidents.mentions import Mention, mentions_from_documents
from truceline.incidents.merge import MergeConfig, cluster_mentions
from truceline.incidents.model import Incident, IncidentMention
from truceline.incidents.status import accusing_sides, incident_status
from truceline.schemas import Actor, Document


@dataclass(slots=True)
class IncidentSet:
    """Incidents with the mentions they were built from."""

    incidents: list[Incident]
    mentions: list[Mention]
    members: list[list[int]]  # mention indices of each incident, same order
    skipped: list[tuple[str, str]] = field(default_factory=list)


def incident_id(anchor_key: str) -> str:
    """Stable id from the incident's first mention ("<article id>#<event id>")."""
    return "I" + hashlib.sha1(anchor_key.encode("utf-8")).hexdigest()[:10]


def _iso(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()


def _pick_actor(members: Sequence[Mention], role: str) -> Actor | None:
    """The actor most mentions agree on (by side), as the first of them named it."""
    votes: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    for m in members:
        if m.denied or m.role != "act":
            continue
        actor = m.event.actor1 if role == "actor1" else m.event.actor2
        side = m.perpetrator if role == "actor1" else m.target
        if actor is None or side is None:
            continue
        votes[side] += 1
        first.setdefault(side, actor)
    if not votes:
        return None
    return first[votes.most_common(1)[0][0]]


def _speakers(m: Mention) -> list[str]:
    """Claimant sides; an accusation or denial with no claimant speaks for its actor1."""
    if m.claim_sides:
        return list(m.claim_sides)
    return [m.perpetrator] if m.role != "act" and m.perpetrator else []


def _mention_record(m: Mention) -> IncidentMention:
    e = m.event
    return IncidentMention.model_construct(
        article_id=m.article_id,
        event_id=e.id,
        outlet=m.outlet,
        url=m.url,
        published=m.published,
        source=m.source_label,
        copy_of=m.copy_of,
        role=m.role,
        status=e.status,
        claimants=e.claimants,
        claimant_sides=_speakers(m),
        reporters=e.reporters,
        date=e.date,
        location=e.location,
        fatalities=e.fatalities,
        ceasefire_id=e.ceasefire_id,
        violation=e.violation,
        evidence=e.evidence,
    )


def summarise(members: Sequence[Mention]) -> Incident:
    """One incident from its mentions (the first is its anchor)."""
    acts = [m for m in members if m.role == "act" and not m.denied] or list(members)
    kind = members[0].role
    types = Counter((m.event.event_type, m.event.sub_event_type) for m in acts)
    event_type, sub_event_type = types.most_common(1)[0][0]
    days = [m.day for m in members if not m.undated]
    dated = [m.day for m in members if not m.day_inferred and not m.undated] or days
    placed = sorted((m for m in acts if m.event.location is not None), key=lambda m: m.rank)
    deaths = [m.event.fatalities for m in acts if m.event.fatalities is not None]
    sources: dict[str, str] = {}
    for m in members:
        sources.setdefault(m.source, m.source_label)
    sides: dict[str, None] = {}
    for m in members:
        for s in m.claim_sides:
            sides[s] = None
    ordered = sorted(members, key=lambda m: (m.day, m.published or "", m.key))
    return Incident.model_construct(
        id=incident_id(members[0].key),
        kind=kind,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=_iso(min(dated)) if dated else None,
        date_end=_iso(max(dated)) if dated else None,
        actor1=_pick_actor(members, "actor1"),
        actor2=_pick_actor(members, "actor2"),
        location=placed[0].event.location if placed else None,
        fatalities=min(deaths) if deaths else None,
        mentions=[_mention_record(m) for m in ordered],
        outlets=sorted(sources.values()),
        n_outlets=len(sources),
        n_articles=len({m.article_id for m in members}),
        claimant_sides=list(sides),
        n_sides=len(sides),
        accusing_sides=accusing_sides(members),
        status=incident_status(members),
        ceasefire_id=None,
        violation=None,
    )


def build_incidents(
    documents: Iterable[Document],
    texts: Mapping[str, str] | None = None,
    config: MergeConfig | None = None,
    duplicate_threshold: float = DEFAULT_THRESHOLD,
) -> IncidentSet:
    """Merge the events of `documents` into incidents (no ceasefires assigned yet).

    `texts` (article id -> full text) sharpens near-duplicate detection; without it
    articles are compared by their evidence sentences.
    """
    mentions, skipped = mentions_from_documents(documents, texts, duplicate_threshold)
    return incidents_from_mentions(mentions, config, skipped)


def incidents_from_mentions(
    mentions: list[Mention],
    config: MergeConfig | None = None,
    skipped: list[tuple[str, str]] | None = None,
) -> IncidentSet:
    clusters = cluster_mentions(mentions, config)
    pairs = [(summarise([mentions[i] for i in c]), c) for c in clusters]
    pairs.sort(key=lambda p: (p[0].date or "", p[0].id))
    return IncidentSet(
        incidents=[p[0] for p in pairs],
        mentions=mentions,
        members=[p[1] for p in pairs],
        skipped=skipped or [],
    )
