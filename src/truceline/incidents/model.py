"""What incidents look like outside this package (API, store, exports): pydantic models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from truceline.schemas import Actor, EventType, Evidence, Location, Status, SubEventType

IncidentStatus = Literal["corroborated", "one-sided", "contested", "unattributed"]
Role = Literal["act", "accusation", "denial"]
INCIDENT_STATUSES: tuple[str, ...] = ("corroborated", "one-sided", "contested", "unattributed")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IncidentMention(_Model):
    """One event of one article, as it stands inside an incident."""

    article_id: str
    event_id: str
    outlet: str
    url: str | None = None
    published: str | None = None
    # The independent source this mention counts for: the outlet that first reported
    # it (a named reporter "Caucasian Knot reported", else the outlet of the earliest
    # copy of the article).
    source: str
    # The canonical article when this one is a near-duplicate (wire copy, repost).
    copy_of: str | None = None
    role: Role = "act"
    status: Status = "asserted"
    claimants: list[Actor] = Field(default_factory=list)
    # Sides of the claimants (see sides.py); an accusation or denial without claimants
    # speaks for its actor1.
    claimant_sides: list[str] = Field(default_factory=list)
    reporters: list[str] = Field(default_factory=list)
    date: str | None = None
    location: Location | None = None
    fatalities: int | None = None
    ceasefire_id: str | None = None  # the document's own ceasefire id (article-local)
    violation: bool | None = None
    evidence: Evidence
    # An analyst's verdict on this event ("verified", "corrected"; None: not reviewed).
    # Rejected events are not in incidents (see truceline.store.review).
    review: Literal["verified", "corrected"] | None = None


class Incident(_Model):
    """One happening, merged from the events of many articles, with who says what."""

    id: str
    kind: Role = "act"
    event_type: EventType
    sub_event_type: SubEventType
    date: str | None = None
    date_end: str | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    location: Location | None = None
    fatalities: int | None = None
    mentions: list[IncidentMention]
    outlets: list[str] = Field(default_factory=list)  # independent sources
    n_outlets: int = 0
    n_articles: int = 0
    claimant_sides: list[str] = Field(default_factory=list)
    n_sides: int = 0
    # Who alleges it: claimant sides of the non-denied mentions, or "unattributed"
    # when only outlets state it in their own voice.
    accusing_sides: list[str] = Field(default_factory=list)
    status: IncidentStatus = "unattributed"
    ceasefire_id: str | None = None  # a registry id (see registry.py)
    violation: bool | None = None
    # Why an incident an article ties to a ceasefire is not counted under it
    # ("2021-06-02 is after the window of cf-... (to 2020-03-05)").
    ceasefire_note: str | None = None
