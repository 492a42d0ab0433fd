"""What analysts' reviews mean for incidents (see `truceline.store.review`).

Incidents are built from the reviewed view of the store, so corrections are already in
them and rejected events are not. Here: the verdicts written onto the mentions of a
build (so that ledgers and exports can say how many of an incident's events an analyst
signed off), which ceasefires the rejected events would have counted against, and the
`--reviewed-only` selection. `rejected_in_store` is the one function here that reads
the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from truceline.incidents.build import build_incidents
from truceline.incidents.model import Incident
from truceline.incidents.registry import Registry, assign_ceasefires
from truceline.schemas import Document
from truceline.store.review import SIGNED_OFF

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def mark_reviews(incidents: Iterable[Incident], verdicts: Mapping[tuple[str, str], str]) -> int:
    """Write each mention's verdict (verified/corrected) onto it, in place; returns how
    many mentions were signed off."""
    n = 0
    for inc in incidents:
        for m in inc.mentions:
            verdict = verdicts.get((m.article_id, m.event_id))
            m.review = verdict if verdict in SIGNED_OFF else None  # type: ignore[assignment]
            n += m.review is not None
    return n


def verified_count(incident: Incident) -> int:
    """How many of the incident's events an analyst verified or corrected."""
    return sum(1 for m in incident.mentions if m.review is not None)


def reviewed_only(incidents: Sequence[Incident]) -> list[Incident]:
    """The incidents with at least one event an analyst verified or corrected."""
    return [i for i in incidents if verified_count(i)]


def rejected_by_ceasefire(rejected: Sequence[Document], registry: Registry) -> dict[str, list[str]]:
    """Registry id -> keys ("<article id>#<event id>") of rejected events that would have
    counted as alleged violations of it: the rejected events are merged and assigned
    like any others, on their own."""
    if not any(d.events for d in rejected):
        return {}
    found = build_incidents(rejected)
    assign_ceasefires(found, registry)
    out: dict[str, list[str]] = defaultdict(list)
    for inc in found.incidents:
        if inc.ceasefire_id and inc.violation:
            out[inc.ceasefire_id] += [f"{m.article_id}#{m.event_id}" for m in inc.mentions]
    return {k: sorted(v) for k, v in out.items()}


def rejected_in_store(session: Session, registry: Registry) -> dict[str, list[str]]:
    """`rejected_by_ceasefire` over the events rejected in the store."""
    from truceline.store.review import rejected_documents

    return rejected_by_ceasefire(rejected_documents(session), registry)
