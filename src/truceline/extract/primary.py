"""The primary event: the one the document is about (headline / lead paragraph)."""

from __future__ import annotations

from truceline.extract.event_types import TOLD_BESIDE
from truceline.schemas import Event

_TYPE_WEIGHT = {
    "Battles": 3.0,
    "Explosions/Remote violence": 3.0,
    "Violence against civilians": 3.0,
    "Protests": 3.0,
    "Riots": 3.0,
    "Strategic developments": 1.0,
}
# Acts that ACLED codes as the event when a note tells them with other acts of their
# family: fighting that ends in a side taking or retaking a place is the change of
# territory; an attack on civilians that includes sexual violence is sexual violence.
_LEADS_ITS_FAMILY = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory", "Sexual violence"}
)


def primary_score(ev: Event, order: int) -> float:
    """Higher for acts of violence, told with a date and place, early in the text. Who
    claims an act does not make it the event: a note leads with its event and credits it,
    or a detail told after it, to a claimant later; the flight an act caused is told beside
    it too. A side taking a place outranks the fighting told with it, sexual violence the
    attack it was part of."""
    score = _TYPE_WEIGHT[ev.event_type]
    if ev.sub_event_type in TOLD_BESIDE:
        score -= 0.5
    if ev.sub_event_type in _LEADS_ITS_FAMILY:
        score += 0.5
    if ev.status in {"hypothetical", "planned"}:
        score -= 2.0
    if ev.location is not None:  # a town or region named beats a country fallen back on
        score += 0.2 if ev.location.precision == "country" else 0.5
    if ev.violation:
        score += 0.5
    return score - 0.15 * order - ev.evidence.start / 20000


def choose_primary(events: list[Event]) -> None:
    """Mark exactly one event primary (none when there are no events)."""
    for ev in events:
        ev.primary = False
    if events:
        best = max(range(len(events)), key=lambda i: primary_score(events[i], i))
        events[best].primary = True
