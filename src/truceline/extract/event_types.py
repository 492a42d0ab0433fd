"""The table of event types: one row per sub-event type, read from `data/event_types.yaml`.

Each row says the type's family (ACLED event type), its specificity rank among acts,
whether it is placeless, a speech act or kept as a separate event beside an act, how
ACLED reads it, and who acts and who suffers it by default (ACLED's actor conventions,
applied by `truceline.extract.actor_conventions`). Everything that asks such a question
about a type reads it here; the table is checked against the contract's types on load.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from truceline.data import load_data_file
from truceline.errors import ModelError
from truceline.schemas import SUB_EVENT_TO_TYPE

__all__ = [
    "FIRE_FROM_AFAR",
    "PLACELESS",
    "SEPARATE",
    "SPECIFICITY",
    "SPEECH_ACTS",
    "VIOLENT_FAMILIES",
    "EventTypeRow",
    "event_type",
    "event_types",
]

Default = Literal["crowd", "state", "police", "unidentified", "civilians"]


class EventTypeRow(BaseModel):
    """One sub-event type's row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    family: str
    rank: int | None = None
    placeless: bool = False
    speech: bool = False
    separate: bool = False
    acled: str | None = None
    afar: bool = False
    actor1: Default | None = None
    actor2: Default | None = None


class EventTypeTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    types: dict[str, EventTypeRow]
    violent_families: list[str]


@lru_cache(maxsize=1)
def event_types() -> EventTypeTable:
    """The table, validated; `ModelError` naming the row when it disagrees with the contract."""
    table = load_data_file("event_types.yaml", EventTypeTable)
    missing = set(SUB_EVENT_TO_TYPE) - set(table.types)
    if missing:
        raise ModelError(f"data/event_types.yaml has no row for {sorted(missing)}")
    for sub, row in table.types.items():
        if SUB_EVENT_TO_TYPE.get(sub) != row.family:
            raise ModelError(
                f"data/event_types.yaml: {sub!r} is in family {row.family!r}, but the contract "
                f"puts it in {SUB_EVENT_TO_TYPE.get(sub)!r}; correct the row"
            )
        if (row.rank is None) != row.separate:
            raise ModelError(f"data/event_types.yaml: {sub!r} needs a rank unless it is separate")
    return table


def event_type(sub_event_type: str) -> EventTypeRow:
    """The row of a sub-event type; `ModelError` when it is not one."""
    row = event_types().types.get(sub_event_type)
    if row is None:
        raise ModelError(f"{sub_event_type!r} is not a sub-event type of data/event_types.yaml")
    return row


def _where(flag: str) -> frozenset[str]:
    return frozenset(t for t, row in event_types().types.items() if getattr(row, flag))


# Sub-event types that carry no place of their own (speech about events, policy).
PLACELESS = _where("placeless")
# Sub-event types that report speech about events rather than the events themselves.
SPEECH_ACTS = _where("speech")
# Types kept beside an act in the same sentence (they are separate events).
SEPARATE = _where("separate")
# What a note tells of its act rather than as its event: what was said of the act, and
# the flight it caused (a note of nothing else is read for its act; an act outranks them).
TOLD_BESIDE = SPEECH_ACTS | {"Displacement"}
# Fire from a distance, by an army or an armed group (air strikes, shelling).
FIRE_FROM_AFAR = _where("afar")
# Acts, most specific first: when two act triggers share a sentence the earlier one wins.
SPECIFICITY: tuple[str, ...] = tuple(
    sorted(
        (t for t, row in event_types().types.items() if row.rank is not None),
        key=lambda t: event_type(t).rank or 0,
    )
)
# Event types (families) of armed violence.
VIOLENT_FAMILIES = frozenset(event_types().violent_families)
