"""Within one article: one event per listed place, and one event per repeated report.

"Shelling was recorded outside the villages of A and B" reports two events, one
per village; a headline and the lead paragraph that report the same shelling are
one event. Both rules look only at the article's own events.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from geopy.distance import great_circle

from truceline.geo.locations import PlaceMention, resolve_location
from truceline.schemas import Event, Location

SAME_PLACE_KM = 25.0
_LIST_GAP = re.compile(
    r"^\s*(,|and|or|as well as|, and|, as well as)?\s*(the\s+)?"
    r"(villages?|towns?|settlements?|cities|city|areas? of|of)?\s*$",
    re.I,
)
_SPECIFIC = {"exact", "near"}


def split_by_places(
    event: Event, places: Sequence[PlaceMention], countries: Counter[str]
) -> list[Event]:
    """Copies of `event`, one per place of a list that holds its own location."""
    if event.location is None or event.location.precision not in _SPECIFIC or len(places) < 2:
        return [event]
    text, base = event.evidence.text, event.evidence.start
    resolved: list[tuple[PlaceMention, Location]] = []
    for m in places:
        loc = resolve_location([m], countries)
        if loc is not None and loc.precision in _SPECIFIC | {"region"}:
            resolved.append((m, loc))
    # Find the run of places joined only by list words that contains the event's place.
    runs: list[list[tuple[PlaceMention, Location]]] = []
    for item in resolved:
        if runs:
            prev = runs[-1][-1][0]
            gap = text[prev.end - base : item[0].start - base]
            if _LIST_GAP.match(gap):
                runs[-1].append(item)
                continue
        runs.append([item])
    for run in runs:
        names = {loc.name for _, loc in run}
        if len(run) >= 2 and event.location.name in names:
            out = []
            for _, loc in run:
                copy = event.model_copy(deep=True)
                copy.location = loc
                out.append(copy)
            return out
    return [event]


def _km(a: Location | None, b: Location | None) -> float | None:
    if a is None or b is None or a.latitude is None or b.latitude is None:
        return None
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def _same_place(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.precision == "country" or b.precision == "country":
        return a.precision == b.precision and a.country == b.country
    d = _km(a, b)
    return d is not None and d <= SAME_PLACE_KM


def _compatible_actor(a, b) -> bool:
    if a is None or b is None:
        return True
    return a.country == b.country or a.country is None or b.country is None


def _same_event(a: Event, b: Event) -> bool:
    if a.sub_event_type != b.sub_event_type or a.date != b.date:
        return False
    if not _same_place(a.location, b.location):
        return False
    if a.fatalities is not None and b.fatalities is not None and a.fatalities != b.fatalities:
        return False
    return _compatible_actor(a.actor1, b.actor1) and _compatible_actor(a.actor2, b.actor2)


def merge_repeats(events: list[Event]) -> list[Event]:
    """Fold repeated reports of one event into the first, keeping what each adds."""
    out: list[Event] = []
    for ev in events:
        twin = next((o for o in out if _same_event(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        twin.actor1 = twin.actor1 or ev.actor1
        twin.actor2 = twin.actor2 or ev.actor2
        if twin.fatalities is None:
            twin.fatalities = ev.fatalities
        for c in ev.claimants:
            if all((c.country, c.group()) != (x.country, x.group()) for x in twin.claimants):
                twin.claimants.append(c)
        for r in ev.reporters:
            if r not in twin.reporters:
                twin.reporters.append(r)
        if twin.status == "asserted" and ev.status == "alleged" and twin.claimants:
            twin.status = "alleged"
        twin.confidence = max(twin.confidence, ev.confidence)
    return out
