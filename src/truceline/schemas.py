"""The truceline/1 contract as pydantic models.

Everything that crosses a boundary (stage output, stored JSON, API) is one of these.
The outer shape is fixed by `shared/contract/CONTRACT.md` and `document.schema.json`;
this module only adds optional fields. `Document.to_contract()` gives the JSON that
the contract describes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_ID: Literal["truceline/1"] = "truceline/1"

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
        # truceline's additions
        "Ceasefire",
        "Accusation",
        "Denial",
        "Sanctions",
        "Displacement",
    ),
}
SUB_EVENT_TO_TYPE: dict[str, str] = {
    sub: etype for etype, subs in EVENT_TYPES.items() for sub in subs
}
# truceline's additions as ACLED reads them (exports, scoring against ACLED gold).
ACLED_VIEW: dict[str, str] = {
    "Ceasefire": "Agreement",
    "Accusation": "Other",
    "Denial": "Other",
    "Sanctions": "Other",
    "Displacement": "Other",
}

EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]
SubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
    "Ceasefire",
    "Accusation",
    "Denial",
    "Sanctions",
    "Displacement",
]
ActorKind = Literal[
    "state_forces",
    "rebels",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
    "government",
    "igo",
    "ngo",
    "media",
    "person",
    "unknown",
]
Status = Literal["asserted", "alleged", "denied", "hypothetical", "planned"]
Precision = Literal["exact", "near", "region", "country"]
DatePrecision = Literal["day", "week", "month", "year"]

# Kind groups the scorer treats as the same side of an interaction.
KIND_GROUPS: dict[str, str] = {
    "state_forces": "state",
    "government": "state",
    "external_forces": "state",
    "rebels": "armed",
    "political_militia": "armed",
    "identity_militia": "armed",
    "rioters": "crowd",
    "protesters": "crowd",
    "civilians": "civilians",
}

_ISO3 = r"^[A-Z]{3}$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not _DATE.match(value):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    dt.date.fromisoformat(value[:10])  # raises on 2020-02-31
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Actor(_Model):
    name: str
    country: Annotated[str, Field(pattern=_ISO3)] | None = None
    kind: ActorKind = "unknown"

    def group(self) -> str:
        return KIND_GROUPS.get(self.kind, self.kind)


class Location(_Model):
    name: str
    country: Annotated[str, Field(pattern=_ISO3)] | None = None
    admin1: str | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    precision: Precision | None = None


class Evidence(_Model):
    text: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]


class TypingTrace(_Model):
    """How an event was typed (shown by `truceline extract --explain`; not in the JSON):
    the ids of the rules that typed it, the rules' type (None: they found no act), the
    learned model's most probable type and its probability."""

    rules: list[str] = Field(default_factory=list)
    rule_type: str | None = None
    model_type: str | None = None
    model_probability: float | None = None


class Event(_Model):
    id: str
    primary: bool = False
    event_type: EventType
    sub_event_type: SubEventType
    date: str | None = None
    date_precision: DatePrecision | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    location: Location | None = None
    fatalities: Annotated[int, Field(ge=0)] | None = None
    claimants: list[Actor] = Field(default_factory=list)
    reporters: list[str] = Field(default_factory=list)
    status: Status = "asserted"
    ceasefire_id: str | None = None
    violation: bool | None = None
    evidence: Evidence
    confidence: Annotated[float, Field(ge=0, le=1)] = 0.5
    typing: TypingTrace | None = Field(default=None, exclude=True)
    # whether the text names actor1 (False: a convention's default or none; not in the JSON)
    actor1_told: bool = Field(default=True, exclude=True)

    _date = field_validator("date")(classmethod(lambda cls, v: _check_date(v)))


class Ceasefire(_Model):
    id: str
    name: str | None = None
    parties: list[Actor] = Field(default_factory=list)
    mediators: list[Actor] = Field(default_factory=list)
    announced: str | None = None
    effective: str | None = None
    ended: str | None = None
    scope: str | None = None
    evidence: Evidence | None = None

    _dates = field_validator("announced", "effective", "ended")(
        classmethod(lambda cls, v: _check_date(v))
    )


class Quote(_Model):
    speaker: Actor
    text: str
    start: int
    end: int


class ArticleMeta(_Model):
    id: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None


class Document(_Model):
    schema_: Literal["truceline/1"] = Field(default=SCHEMA_ID, alias="schema")
    article: ArticleMeta
    events: list[Event] = Field(default_factory=list)
    ceasefires: list[Ceasefire] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_contract(self) -> dict[str, Any]:
        """The JSON object the contract describes (key `schema`, nulls kept).

        A ceasefire read from a registry rather than a sentence has no evidence: the
        key is left out, since the contract allows no null there.
        """
        data = self.model_dump(mode="json", by_alias=True, exclude_none=False)
        for cf in data["ceasefires"]:
            if cf.get("evidence") is None:
                cf.pop("evidence", None)
        return data


class ErrorDocument(_Model):
    """What `extract --jsonl` writes for a line it could not read."""

    schema_: Literal["truceline/1"] = Field(default=SCHEMA_ID, alias="schema")
    error: str
    article: dict[str, Any]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_contract(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class ArticleInput(_Model):
    """One input line of `extract --jsonl` (and what every reader produces)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_str(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v

    @field_validator("published")
    @classmethod
    def _published_is_date(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        try:
            dt.date.fromisoformat(v[:10])
        except ValueError as exc:
            raise ValueError(f"published {v!r} is not a YYYY-MM-DD date") from exc
        return v[:10]

    def published_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.published) if self.published else None
